"""Cases of /v1/random/*: every function with int seeds (small, negative,
huge), str seeds (version 1 and 2), bytes and float seeds (_random_seed_cases.py), fresh entropy (compared by shape), states
taken from CPython's generator (and round trips through return_state), n
repeats, GET forms, every ValueError / IndexError / TypeError /
ZeroDivisionError message family, and pystd's 400s (seed, version, state, n,
argument types)."""
import json
import random

from . import _random_seed_cases
from .common import case, get_case, steps

P = '/v1/random/'
WORDS = ['', 'a', 'seed', 'Hello, World!', '日本語', '😀', 'e\u0301', 'ß', '\x00', 'x' * 100, '\ud800', 'Ωμέγα',
         'تجربة', '0', '42', ' ', '\U0010ffff']
FUNCS = ['random', 'uniform', 'randint', 'randrange', 'getrandbits', 'choice', 'choices', 'sample', 'shuffle',
         'gauss', 'normalvariate', 'triangular', 'expovariate', 'randbytes']
VARIATES = {'lognormvariate': ('mu', 'sigma'), 'vonmisesvariate': ('mu', 'kappa'),
            'gammavariate': ('alpha', 'beta'), 'betavariate': ('alpha', 'beta'), 'paretovariate': ('alpha',),
            'weibullvariate': ('alpha', 'beta')}
GET_FUNCS = ['random', 'uniform', 'randint', 'randrange', 'getrandbits', 'gauss', 'normalvariate', 'triangular',
             'expovariate', 'randbytes']


def rc(fn, args, **kw):
    """A case; fresh entropy (no seed, no state) is compared by shape."""
    compare = 'shape' if args.get('seed') is None and args.get('state') is None else None
    return case(P + fn, args, compare=kw.get('compare', compare))


def state_after(seed, calls=0, gauss=False, version=2):
    r = random.Random()
    r.seed(seed, version=version)
    for _ in range(calls):
        r.random()
    if gauss:
        r.gauss()
    v, words, g = r.getstate()
    return [v, list(words), g]


def rand_seed(rng):
    k = rng.random()
    if k < 0.3:
        return rng.randrange(0, 1000)
    if k < 0.4:
        return -rng.randrange(1, 10 ** 6)
    if k < 0.5:
        return rng.getrandbits(rng.choice([31, 32, 33, 63, 64, 65, 100, 128, 1000]))
    if k < 0.55:
        return rng.choice([2 ** 32 - 1, 2 ** 32, 2 ** 64 - 1, 2 ** 64, -(2 ** 64), 2 ** 1000, 10 ** 100])
    if k < 0.75:
        return rng.choice(WORDS)
    if k < 0.85:
        return ''.join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0xa0, 0x3000),
                                       rng.randrange(0x1f300, 0x1fa00)])) for _ in range(rng.randint(1, 20)))
    return rng.randrange(2 ** 32)


def num(rng, lo=-100, hi=100):
    k = rng.random()
    if k < 0.3:
        return rng.randint(lo, hi)
    if k < 0.5:
        return round(rng.uniform(lo, hi), rng.randint(0, 4))
    if k < 0.6:
        return rng.choice([0, 0.0, -0.0, 1, -1, 0.5, 1e-300, 1e300, -1e308, 2 ** 53, 0.1, 1e16])
    return rng.uniform(lo, hi)


def values(rng, n, homogeneous=False):
    if homogeneous:
        return [rng.randint(-50, 50) for _ in range(n)]
    pool = [0, 1, -1, 2 ** 70, 1.5, -0.0, '', 'a', '日本', '😀', None, True, False, [], [1, [2]], {'k': 'v'}]
    return [rng.choice(pool) if rng.random() < 0.3 else rng.randint(-50, 50) for _ in range(n)]


def fn_args(rng, fn, homogeneous=False):
    if fn == 'random':
        return {}
    if fn == 'uniform':
        return dict(a=num(rng), b=num(rng))
    if fn == 'randint':
        a = rng.choice([rng.randint(-100, 100), -(2 ** rng.randint(1, 130)), 0])
        return dict(a=a, b=a + rng.choice([0, 1, 2, 5, 6, 100, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 64, 2 ** 100, -1]))
    if fn == 'randrange':
        k = rng.randrange(3)
        if k == 0:
            return dict(start=rng.choice([1, 2, 3, 10, 100, 2 ** 31, 2 ** 32, 2 ** 33, 2 ** 64, 2 ** 100, 0, -5]))
        a = rng.randint(-100, 100)
        if k == 1:
            return dict(start=a, stop=a + rng.choice([1, 2, 7, 50, 10 ** 20, 0, -3]))
        return dict(start=a, stop=a + rng.choice([10, 100, -10, 0, 10 ** 12, 2 ** 70]),
                    step=rng.choice([1, 2, 3, -1, -7, 0, 10 ** 6, 2 ** 40]))
    if fn == 'getrandbits':
        return dict(k=rng.choice([0, 1, 2, 7, 8, 31, 32, 33, 53, 63, 64, 65, 100, 128, 1000, 4096, -1]))
    if fn == 'choice':
        return dict(seq=values(rng, rng.choice([1, 1, 2, 5, 17, 100, 0]), homogeneous))
    if fn == 'choices':
        n = rng.choice([1, 2, 3, 5, 10])
        d = dict(population=values(rng, n, homogeneous))
        w = rng.randrange(6)
        if w == 1:
            d['weights'] = [rng.choice([0, 1, 2, 0.5, 10, 1e-3, 3.7]) for _ in range(n)]
        elif w == 2:
            c, cum = 0, []
            for _ in range(n):
                c += rng.choice([0, 1, 2.5, 7])
                cum.append(c)
            d['cum_weights'] = cum
        elif w == 3:
            d['weights'] = [1] * (n + rng.choice([-1, 1]))
        if rng.random() < 0.85:
            d['k'] = rng.choice([0, 1, 2, 5, 20, 100, -1])
        return d
    if fn == 'sample':
        n = rng.choice([0, 1, 3, 8, 20, 30, 100])
        pop = list(range(n)) if homogeneous or rng.random() < 0.5 else values(rng, n)
        d = dict(population=pop, k=rng.choice([0, 1, n // 2, n, n + 1, -1, 21, 25]))
        if n and rng.random() < 0.3:
            d['counts'] = [rng.choice([0, 1, 2, 5]) for _ in range(n)]
            if rng.random() < 0.7 and d['k'] >= 0:
                d['k'] = min(d['k'], sum(d['counts']))
        return d
    if fn == 'shuffle':
        return dict(x=values(rng, rng.choice([0, 1, 2, 5, 10, 33, 100]), homogeneous))
    if fn in ('gauss', 'normalvariate'):
        d = {}
        if rng.random() < 0.7:
            d['mu'] = num(rng)
        if rng.random() < 0.7:
            d['sigma'] = rng.choice([0, 1, 0.5, 2, 100, -1, 1e300, num(rng, 0, 10)])
        return d
    if fn == 'triangular':
        d = {}
        for name, lo, hi in (('low', -10, 10), ('high', -10, 20), ('mode', -10, 20)):
            if rng.random() < (0.8 if name != 'mode' else 0.5):
                d[name] = num(rng, lo, hi)
        return d
    if fn == 'expovariate':
        return dict(lambd=rng.choice([1, 0.5, 2, 10, 1e-3, -1, 0.1, 1.0, 1e308, 5e-324, num(rng, 0, 5)]))
    if fn == 'randbytes':
        return dict(n=rng.choice([0, 1, 2, 3, 4, 5, 7, 8, 16, 31, 100, 1000, -1]))
    raise AssertionError(fn)


def variate_arg(rng):
    """A parameter of the distributions: mostly positive and moderate, also their edges."""
    k = rng.random()
    if k < 0.45:
        return 10 ** rng.uniform(-3, 2.5)
    if k < 0.6:
        return rng.randint(1, 30)
    if k < 0.7:
        return rng.choice([0.5, 0.9999, 1.0, 1.0000001, 1e-6, 2e-6, 1e-7, 0.01, 100.0])
    if k < 0.8:
        return num(rng, -5, 5)
    return rng.choice([0, 0.0, -0.0, -1, -2.5, 1e-300, 5e-324, 1e300, 1e308, 2 ** 53 + 1, 10 ** 400, -(10 ** 400),
                       700, 710, 1e-3])


def variate_cases(rng):
    out = []
    for i in range(600):
        fn = list(VARIATES)[i % len(VARIATES)]
        args = {name: variate_arg(rng) for name in VARIATES[fn]}
        args['seed'] = rand_seed(rng)
        if rng.random() < 0.4:
            args['n'] = rng.choice([0, 1, 2, 5, 50])
        if rng.random() < 0.03:
            args['return_state'] = True
        if rng.random() < 0.1 and '\ud800' not in str(args['seed']):
            if isinstance(args['seed'], str):
                args['seed'] = json.dumps(args['seed'])
            out.append(get_case(P + fn, **args))
        else:
            out.append(rc(fn, args))
    for _ in range(12):                                  # continuing from a state (gauss_next kept)
        fn = rng.choice(list(VARIATES))
        args = {name: variate_arg(rng) for name in VARIATES[fn]}
        args['state'] = state_after(rng.randrange(1000), rng.randrange(0, 700), gauss=rng.random() < 0.4)
        args['n'] = rng.choice([1, 2, 3])
        args['return_state'] = rng.random() < 0.5
        out.append(rc(fn, args))
    return out


def random_cases(rng):
    out = []
    for i in range(2400):
        fn = FUNCS[i % len(FUNCS)]
        k = rng.random()
        if k < 0.04:                                    # fresh entropy: shape only
            args = fn_args(rng, fn, homogeneous=True)
            if rng.random() < 0.5:
                args['seed'] = None
            if fn != 'randbytes' and rng.random() < 0.3:
                args['n'] = rng.choice([0, 1, 3])
            out.append(rc(fn, args))
            continue
        args = fn_args(rng, fn)
        args['seed'] = rand_seed(rng)
        if isinstance(args['seed'], str) and rng.random() < 0.5 or rng.random() < 0.1:
            args['version'] = rng.choice([1, 2])
        if fn != 'randbytes' and rng.random() < 0.3 and args.get('k', 0) <= 128:
            args['n'] = rng.choice([0, 1, 2, 3, 5, 10, 50])
        if rng.random() < 0.005:
            args['return_state'] = True
        if fn in GET_FUNCS and rng.random() < 0.1 and '\ud800' not in str(args['seed']):
            if isinstance(args['seed'], str):                # a JSON text in the query
                args['seed'] = json.dumps(args['seed'], ensure_ascii=rng.random() < 0.5)
            out.append(get_case(P + fn, **args))
        else:
            out.append(rc(fn, args))
    for _ in range(12):                                  # continuing from a state
        fn = rng.choice(FUNCS)
        args = fn_args(rng, fn)
        seed = rand_seed(rng)
        if isinstance(seed, str) and not seed.isprintable():        # no surrogate: a state comes from a seed that works
            seed = len(seed)
        args['state'] = state_after(seed, rng.randrange(0, 700), gauss=rng.random() < 0.4)
        if fn != 'randbytes':
            args['n'] = rng.choice([1, 2, 3])
        if rng.random() < 0.25:
            args['return_state'] = True
        out.append(rc(fn, args))
    return out + _random_seed_cases.random_cases(rng) + variate_cases(rng)


def error_cases():
    """Every message family of the functions (422)."""
    out = []
    a = lambda fn, **kw: out.append(rc(fn, dict(kw, seed=kw.pop('seed', 1))))  # noqa: E731
    for start, stop, step in [(0, None, 1), (-3, None, 1), (5, 5, 1), (10, 5, 1), (0, 10, 0), (10, 1, 3),
                              (1, 10, -1), (0, 10, -3), (10, 1, -3), (2 ** 100, None, 1), (-(2 ** 70), 2 ** 70, 3),
                              (0, 1, 2 ** 80), (5, 6, 1), (-10, -20, -1), (0, 0, 0), (3, None, 2), (3, None, 0)]:
        args = dict(start=start, step=step)
        if stop is not None:
            args['stop'] = stop
        a('randrange', **args)
    for x, y in [(5, 4), (0, 0), (-1, -2), (2 ** 64, 2 ** 64), (2 ** 64 + 1, 2 ** 64), (-(2 ** 100), 2 ** 100)]:
        a('randint', a=x, b=y, n=2)
    for k in [-1, -(2 ** 70), 0, 2 ** 70]:
        if k <= 0:
            a('getrandbits', k=k)
    for n in [-1, -(2 ** 64), 0]:
        a('randbytes', n=n)
    a('choice', seq=[])
    a('choices', population=[], k=1)
    a('choices', population=[], k=0)
    a('choices', population=[], weights=[], k=2)
    a('choices', population=['a', 'b'], k=0)
    a('choices', population=['a', 'b'], k=-3)
    a('choices', population=['a', 'b'], weights=[1])
    a('choices', population=['a', 'b'], cum_weights=[1, 2, 3])
    a('choices', population=['a', 'b'], weights=[0, 0])
    a('choices', population=['a', 'b'], weights=[0.0, -0.0])
    a('choices', population=['a', 'b'], weights=[1, 2], cum_weights=[1, 3])
    a('choices', population=['a', 'b'], weights=[1, 2], cum_weights=None)
    a('choices', population=['a', 'b', 'c'], cum_weights=[1, 1, 1], k=5)
    a('choices', population=['a', 'b', 'c'], cum_weights=[0, 0, 0], k=5)
    a('choices', population=['a', 'b', 'c'], cum_weights=[3, 2, 1], k=5)
    a('choices', population=['a', 'b'], weights=[-1, 0.5])
    a('choices', population=['a', 'b'], weights=[-1, 1])
    a('choices', population=['a', 'b'], weights=[1, 'x'])
    a('choices', population=['a', 'b'], weights=[None, 1])
    a('choices', population=['a', 'b'], weights=[[1], [2]])
    a('choices', population=['a', 'b'], cum_weights=['a', 'b'])
    a('choices', population=['a', 'b'], weights=[1e308, 1e308])
    a('choices', population=['a', 'b'], weights=[True, False], k=4)
    a('choices', population=['a', 'b', 'c'], weights=[0.1, 0.2, 0.7], k=10)
    a('choices', population=['a', 'b'], weights=[2 ** 1024, 1])
    a('sample', population=[1, 2], k=3)
    a('sample', population=[1, 2], k=-1)
    a('sample', population=[], k=0)
    a('sample', population=[], k=1)
    a('sample', population=list(range(100)), k=100)
    a('sample', population=list(range(30)), k=25)
    a('sample', population=list(range(30)), k=5)
    a('sample', population=list(range(2000)), k=600)
    a('sample', population=['a', 'b'], k=3, counts=[2, 2])
    a('sample', population=['a', 'b'], k=5, counts=[2, 2])
    a('sample', population=['a', 'b'], k=1, counts=[1])
    a('sample', population=['a', 'b'], k=1, counts=[0, 0])
    a('sample', population=['a', 'b'], k=0, counts=[0, 0])
    a('sample', population=['a', 'b'], k=1, counts=[1.5, 2])
    a('sample', population=['a', 'b'], k=1, counts=[-1, 2])
    a('sample', population=['a', 'b'], k=1, counts=['1', 2])
    a('sample', population=['a', 'b'], k=1, counts=[True, 2])
    a('sample', population=['a', 'b'], k=2, counts=[2 ** 70, 1])
    a('expovariate', lambd=0)
    a('expovariate', lambd=-0.0)
    a('expovariate', lambd=-2)
    a('expovariate', lambd=1e-320)
    a('gauss', mu=0, sigma=0)
    a('gauss', mu=1e308, sigma=1e308, n=5)
    a('normalvariate', mu=3, sigma=-1, n=2)
    a('normalvariate', mu=0, sigma=1e308, n=5)
    a('triangular', low=1, high=1, mode=1)
    a('triangular', low=1, high=1)
    a('triangular', low=0, high=10, mode=20)
    a('triangular', low=10, high=0, mode=5)
    a('triangular', low=-1e308, high=1e308, n=5)
    a('uniform', a=1, b=1)
    a('uniform', a=10, b=-10)
    a('uniform', a=-1e308, b=1e308, n=5)
    a('uniform', a=0, b=2 ** 1023 * 1.5, n=3)
    a('uniform', a=1, b=2 ** 1100)
    a('getrandbits', k=2 ** 64)
    a('randbytes', n=2 ** 64)
    return out + variate_errors()


def variate_errors():
    """The distributions' errors: Python's checks, the math module's, float ** and /, int -> float,
    and pystd's 422 where CPython would loop forever."""
    out = []
    a = lambda fn, **kw: out.append(rc(fn, dict(kw, seed=kw.pop('seed', 1))))  # noqa: E731
    nan, inf = float('nan'), float('inf')
    for alpha, beta in [(0, 1), (1, 0), (-1, 1), (1, -0.0), (0.0, 0.0), (-(10 ** 400), 1), (1, -(10 ** 400)),
                        (10 ** 400, 1), (2, 10 ** 400), (1, 10 ** 400), (0.5, 10 ** 400), (nan, 1), (inf, 1),
                        (1e308, 1), (8.9e307, 1), (8.98e307, 2), (1, nan), (1, inf), (2, inf), (0.5, -inf),
                        (-inf, 1), (nan, -1), (1e-300, 1), (5e-324, 3), (0.9999999999999999, 1),
                        (1.0000000000000002, 1), (2 ** 53 + 1, 1)]:
        a('gammavariate', alpha=alpha, beta=beta, n=3)
        a('betavariate', alpha=alpha, beta=beta, n=3)
        a('betavariate', alpha=beta, beta=alpha, n=3)
    for mu, kappa in [(0, 0), (0, 1e-6), (0, 1.0000000000000002e-06), (0, -5), (0, nan), (nan, 4), (inf, 4),
                      (-inf, 0.5), (10 ** 400, 4), (10 ** 400, 0), (0, 10 ** 400), (0, -(10 ** 400)), (0, inf),
                      (0, 1e308), (1e308, 1), (-1e308, 2), (3, 5e-324), (2 ** 60, 1), (0, 2 ** 60), (-7, 700)]:
        a('vonmisesvariate', mu=mu, kappa=kappa, n=3)
    for mu, sigma in [(0, 1), (700, 1), (709, 1), (710, 0), (1000, 1), (-1000, 1), (0, 1e308), (inf, 1),
                      (nan, 1), (0, nan), (10 ** 400, 1), (1, 10 ** 400), (-inf, 0), (0, -inf)]:
        a('lognormvariate', mu=mu, sigma=sigma, n=3)
    for alpha in [0, 0.0, -0.0, 1e-3, 1e-4, -1e-3, -1, 10 ** 400, -(10 ** 400), inf, -inf, nan, 5e-324, 1e308,
                  2 ** 1023, 3]:
        a('paretovariate', alpha=alpha, n=3)
    for alpha, beta in [(1, 0), (1, 0.0), (1, -0.0), (1, 1e-3), (1, 1e-4), (1, -1e-3), (10 ** 400, 1),
                        (1, 10 ** 400), (1, -(10 ** 400)), (inf, 1), (nan, 2), (1, inf), (1, -inf), (1, nan),
                        (-1, 1), (0, 1), (1e308, 0.1), (2, 5e-324), (2, -5e-324)]:
        a('weibullvariate', alpha=alpha, beta=beta, n=3)
    zero = [3, [0] * 624 + [624], None]                 # random() is 0.0: -log(1.0) is -0.0
    a('weibullvariate', alpha=1, beta=1, state=zero, seed=None)
    a('weibullvariate', alpha=1, beta=-1, state=zero, seed=None)       # (-0.0) ** -1.0
    a('paretovariate', alpha=1, state=zero, seed=None)
    a('gammavariate', alpha=1, beta=2, state=zero, seed=None)
    return out


def bad_requests():
    out = []
    b = lambda fn, **kw: out.append(case(P + fn, kw))  # noqa: E731
    for seed in [True, False, [1, 2], {'a': 1}]:
        b('random', seed=seed)
    for version in [0, 3, -1, 1.0, True, None, '2', 2 ** 64]:
        b('random', seed='x', version=version)
    for n in [-1, -(2 ** 64), 1.0, True, '3']:
        b('random', seed=1, n=n)
    b('random', seed=1, bogus=1)
    b('random', seed=1, return_state=1)
    b('random', seed=1, return_state=None)
    b('randint', seed=1, a=1)
    b('randint', seed=1, a=1, b=2.0)
    b('randint', seed=1, a='1', b=2)
    b('randint', seed=1, a=None, b=2)
    b('uniform', seed=1, a='0', b=1)
    b('uniform', seed=1, a=True, b=1)
    b('randrange', seed=1)
    b('randrange', seed=1, start=1.5)
    b('randrange', seed=1, start=1, step=None)
    b('getrandbits', seed=1, k=True)
    b('getrandbits', seed=1, k=1.0)
    b('choice', seed=1, seq='abc')
    b('choice', seed=1, seq=None)
    b('choices', seed=1, population=[1], weights='ab')
    b('sample', seed=1, population=[1, 2])
    b('sample', seed=1, population={'a': 1}, k=1)
    b('shuffle', seed=1, x='abc')
    b('shuffle', seed=1)
    b('gauss', seed=1, mu=None)
    b('triangular', seed=1, mode='a')
    b('expovariate', seed=1)
    b('randbytes', seed=1)
    b('randbytes', seed=1, n=1, times=2)
    for fn, names in VARIATES.items():
        b(fn, seed=1, **{names[0]: 1})                            # a missing argument
        b(fn, seed=1, **{name: '1' for name in names})
        b(fn, seed=1, **{name: True for name in names})
        b(fn, seed=1, **{name: None for name in names})
    good = state_after(7)
    b('random', seed=1, state=good)
    for bad in [[], [3], [3, good[1]], [2, good[1], None], [3, good[1][:-1], None], [3, good[1] + [0], None],
                [3, good[1][:-1] + [625], None], [3, [2 ** 32] + good[1][1:], None], [3, [-1] + good[1][1:], None],
                [3, [True] + good[1][1:], None], [3, good[1], 'x'], [3, good[1], True], [True, good[1], None], 'x',
                {'a': 1}, 5, [3, 'x' * 625, None], [3, good[1], None, 1]]:
        b('random', state=bad)
    return out


def curated():
    c = []
    add = lambda fn, **kw: c.append(rc(fn, kw))  # noqa: E731
    for seed in [0, 1, 42, -1, -42, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 63, 2 ** 64 - 1, 2 ** 64, -(2 ** 64),
                 2 ** 19937 - 1, 2 ** 19937, 2 ** 40000 + 1, 10 ** 1000] + WORDS:
        add('random', seed=seed, n=3)
        add('getrandbits', seed=seed, k=64)
        if isinstance(seed, str):
            add('random', seed=seed, version=1, n=3)
            add('randint', seed=seed, version=1, a=1, b=100, n=3)
        else:
            add('random', seed=seed, version=1)
    for fn in FUNCS:                                    # every function: version 1, n=0, state out, shape
        args = fn_args(random.Random(fn), fn, homogeneous=True)
        add(fn, seed='v1 seed', version=1, **args)
        add(fn, seed=99, n=0, **args) if fn != 'randbytes' else add(fn, seed=99, **args)
        if fn in ('random', 'gauss', 'shuffle', 'randbytes', 'getrandbits'):
            add(fn, seed=12345, return_state=True, **args)
        add(fn, **args)
        add(fn, seed=None, **args)
    add('random', seed=12345, n=1)
    add('random', seed=7, n=2, return_state=True)
    add('random', state=state_after(7, 1))              # continues seed 7's sequence
    add('random', state=state_after(7, 2), n=2)
    add('random', state=state_after(99, 624))           # the index at the end of the block
    add('random', state=state_after(99, 625))
    add('random', state=[3, [0] * 624 + [624], None], n=3)
    add('random', state=[3, [2 ** 32 - 1] * 624 + [0], None], n=2)
    add('random', state=[3, [0] * 625, None])
    add('gauss', state=state_after(5, 3, gauss=True), n=2)
    add('gauss', state=state_after(5, 3, gauss=True), return_state=True)
    add('normalvariate', state=state_after(5, 3, gauss=True), n=2)
    add('random', state=state_after(5, 3, gauss=True)[:2] + [0.5])
    add('gauss', state=state_after(5, 3)[:2] + [1], n=2)
    add('gauss', state=state_after(5, 3)[:2] + [-0.0])
    add('random', state=state_after('s', version=1))
    add('shuffle', seed=1, x=list(range(10)), n=3)
    add('shuffle', seed='日本', version=1, x=['a', 'b', 'c', 'd'])
    add('shuffle', seed=1, x=[[1], {'a': None}, 'x', 1.5, None, True])
    add('choice', seed=1, seq=[None, True, 1.5, 'x', [1], {'a': None}, -0.0, 2 ** 100], n=8)
    add('randbytes', seed=1, n=5, return_state=True)
    add('getrandbits', seed=1, k=32, n=4)
    add('getrandbits', seed=1, k=100000)
    add('randbytes', seed=1, n=10000)
    add('sample', seed=3, population=list(range(10)), k=10, n=3)
    add('choices', seed=3, population=list('abcdef'), k=50)
    # a state returned by one call continues in the next (steps)
    r = random.Random(2024)
    r.random()
    c.append(steps(rc('random', dict(seed=2024, return_state=True)),
                   rc('random', dict(state=state_after(2024, 1), n=2))))
    # GET forms
    for fn in GET_FUNCS:
        args = fn_args(random.Random('get' + fn), fn, homogeneous=True)
        c.append(get_case(P + fn, seed=42, **args))
        c.append(get_case(P + fn, seed='"abc"', version=1, **args))
        c.append(get_case(P + fn, seed=42, n=3, **args) if fn != 'randbytes' else get_case(P + fn, seed=42, **args))
        c.append(get_case(P + fn, seed='null', compare='shape', **args))
        c.append(get_case(P + fn, compare='shape', **args))
    c.append(get_case(P + 'random', query='seed=abc'))               # not JSON: 400
    c.append(get_case(P + 'random', query='seed=1.5'))
    c.append(get_case(P + 'random', query='seed=42&return_state=true'))
    c.append(get_case(P + 'random', query='seed=42&return_state=yes'))
    c.append(get_case(P + 'random', query='seed=42&version=3'))
    c.append(get_case(P + 'random', query='seed=42&n=x'))
    c.append(get_case(P + 'uniform', query='seed=1&a=1e400&b=0'))
    c.append(get_case(P + 'uniform', query='seed=1&a=nan&b=0'))
    c.append(get_case(P + 'uniform', query='seed=1&a=-inf&b=0'))
    c.append(get_case(P + 'randint', query='seed=1&a=1.0&b=2'))
    c.append(get_case(P + 'randint', query='seed=1&a=+1&b=%201%20'))
    c.append(get_case(P + 'randint', query='seed=1&a=1_0&b=20'))
    c.append(get_case(P + 'choice', query='seed=1&seq=%5B1%5D'))      # not a GET op: 405
    c.append(case(P + 'random', {'seed': 1}, method='PUT'))
    c.append(case(P + 'nosuch', {'seed': 1}))
    return c + error_cases() + bad_requests() + _random_seed_cases.curated()
