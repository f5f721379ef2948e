"""difftest group random: /v1/random/* (every function, the six other distributions too) with seeds of every kind (small,
negative, huge, str of every script, wrong types, version 1 and 2), restored states (after 0,
1, 623, 624, 625, 1000 draws, a pending gauss, corrupted index / gauss_next / words), n and
return_state, fresh entropy (status and fields compared, not values); arguments at the edges: NaN / infinite /
huge numbers, bools and floats where ints go, weights and cum_weights of every wrong shape,
sample counts, populations of mixed types.

Run: python3 tools/difftest --url http://127.0.0.1:PORT --group random [--count N] [--seed S]"""
import random

from . import post

COMPARE = 'exact'

RFUNCS = ['random', 'uniform', 'randint', 'randrange', 'getrandbits', 'choice', 'choices', 'sample', 'shuffle',
          'gauss', 'normalvariate', 'triangular', 'expovariate', 'randbytes', 'lognormvariate', 'vonmisesvariate',
          'gammavariate', 'betavariate', 'paretovariate', 'weibullvariate']
VARIATES = {'lognormvariate': ('mu', 'sigma'), 'vonmisesvariate': ('mu', 'kappa'), 'gammavariate': ('alpha', 'beta'),
            'betavariate': ('alpha', 'beta'), 'paretovariate': ('alpha',), 'weibullvariate': ('alpha', 'beta')}


def rseed(rng):
    k = rng.randrange(10)
    if k < 3:
        return rng.randrange(0, 1000)
    if k == 3:
        return -rng.randrange(1, 10 ** 20)
    if k == 4:
        return rng.getrandbits(rng.choice([31, 32, 33, 63, 64, 65, 128, 1000, 20000]))
    if k == 5:
        return rng.choice(['', 'a', 'ab' * 100, '日本', '😀', '\x00', '\ud800', 'é', 'x' * 3000, '\U0010ffff'])
    if k == 6:
        return rng.choice([2 ** 32 - 1, 2 ** 32, -2 ** 32, 2 ** 64 - 1, -(2 ** 64), 2 ** 19937, -1, 0, 10 ** 100])
    if k == 7:
        return rng.choice([1.5, True, [1], None, 'NaN', -0.0, {'a': 1}])
    return rng.randrange(10 ** 9)


def rnum(rng):
    return rng.choice([0, 1, -1, 0.0, -0.0, 0.5, 2, 10, -10, 1e300, -1e300, 1e-300, 5e-324, 2 ** 53, 2 ** 64,
                       10 ** 400, -10 ** 400, float('inf'), float('-inf'), float('nan'), 1.5, 3, 100, True,
                       rng.uniform(-100, 100), rng.randint(-100, 100)])


def rint(rng, big=True):
    if not big:   # counts CPython would really allocate (k of choices, randbytes, getrandbits): stay small
        return rng.choice([0, 1, -1, 2, 3, 5, 10, 32, 33, 64, 100, 1000, -2 ** 64, -2 ** 100, rng.randint(-100, 100),
                           1.0, 2.5, True, False, None])
    return rng.choice([0, 1, -1, 2, 3, 5, 10, 32, 33, 64, 100, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 64, 2 ** 100,
                       -2 ** 64, -2 ** 100, 10 ** 30, rng.randint(-100, 100), 1.0, 2.5, True, False, None])


def rlist(rng, n=None):
    n = rng.choice([0, 1, 2, 3, 5, 10, 30]) if n is None else n
    pool = [0, 1, -1, 2 ** 70, 1.5, -0.0, '', 'a', '日本', None, True, [], [1], {'k': 'v'}, float('nan')]
    return [rng.choice(pool) if rng.random() < 0.3 else rng.randrange(-50, 50) for _ in range(n)]


def case(rng, i):
    fn = rng.choice(RFUNCS)
    a = {}
    if fn == 'uniform':
        a = dict(a=rnum(rng), b=rnum(rng))
    elif fn == 'randint':
        a = dict(a=rint(rng), b=rint(rng))
    elif fn == 'randrange':
        a = dict(start=rint(rng))
        if rng.random() < 0.7:
            a['stop'] = rint(rng)
        if rng.random() < 0.5:
            a['step'] = rint(rng)
    elif fn == 'getrandbits':
        a = dict(k=rint(rng, False))
    elif fn == 'choice':
        a = dict(seq=rlist(rng))
    elif fn == 'choices':
        pop = rlist(rng, rng.choice([0, 1, 2, 5]))
        a = dict(population=pop)
        w = rng.randrange(6)
        if w == 1:
            a['weights'] = [rng.choice([0, 1, 2, 0.5, -1, 1e300, float('inf'), float('nan'), 10 ** 400, True, 'x',
                                        None, -0.0]) for _ in range(len(pop) + rng.choice([0, 0, 1, -1]))]
        elif w == 2:
            c, cum = 0, []
            for _ in range(len(pop) + rng.choice([0, 0, 1])):
                c += rng.choice([0, 1, 2.5, 7, -1])
                cum.append(c)
            a['cum_weights'] = cum
        elif w == 3:
            a['weights'] = [1] * len(pop)
            a['cum_weights'] = [1] * len(pop)
        elif w == 4:
            a['weights'] = rng.choice([None, [], [0] * len(pop)])
        if rng.random() < 0.8:
            a['k'] = rint(rng, False) if rng.random() < 0.3 else rng.choice([0, 1, 2, 5, 20, -1])
    elif fn == 'sample':
        pop = list(range(rng.choice([0, 1, 3, 8, 20, 22, 100]))) if rng.random() < 0.5 else rlist(rng)
        a = dict(population=pop, k=rng.choice([0, 1, len(pop) // 2, len(pop), len(pop) + 1, -1, 2 ** 64, 1.0, True]))
        if rng.random() < 0.3:
            a['counts'] = [rng.choice([0, 1, 2, 5, -1, 1.5, True, 2 ** 64, None]) if rng.random() < 0.2 else
                           rng.choice([0, 1, 2, 5]) for _ in range(len(pop) + rng.choice([0, 0, 0, 1]))]
            if rng.random() < 0.6 and isinstance(a['k'], int):
                try:
                    a['k'] = min(a['k'], sum(x for x in a['counts'] if isinstance(x, int)))
                except TypeError:
                    pass
    elif fn == 'shuffle':
        a = dict(x=rlist(rng))
    elif fn in ('gauss', 'normalvariate'):
        if rng.random() < 0.7:
            a['mu'] = rnum(rng)
        if rng.random() < 0.7:
            a['sigma'] = rnum(rng)
    elif fn == 'triangular':
        for k in ('low', 'high', 'mode'):
            if rng.random() < 0.6:
                a[k] = rnum(rng) if rng.random() < 0.5 else rng.uniform(-5, 5)
    elif fn == 'expovariate':
        a = dict(lambd=rnum(rng))
    elif fn == 'randbytes':
        a = dict(n=rint(rng, False))
    elif fn in VARIATES:
        a = {k: rnum(rng) if rng.random() < 0.4 else 10 ** rng.uniform(-4, 3) for k in VARIATES[fn]}
    r = rng.random()
    if r < 0.85:
        a['seed'] = rseed(rng)
        if rng.random() < 0.25:
            a['version'] = rng.choice([1, 2, 1, 2, 0, 3, True, 1.0])
    elif r < 0.95:
        rr = random.Random(rng.getrandbits(64) if rng.random() < 0.5 else rng.random())
        for _ in range(rng.choice([0, 1, 623, 624, 625, 1000])):
            rr.random()
        if rng.random() < 0.3:
            rr.gauss()
        st = rr.getstate()
        a['state'] = [st[0], list(st[1]), st[2]]
        if rng.random() < 0.15:
            a['state'][1][-1] = rng.choice([0, 624, 625, -1, 1])
        if rng.random() < 0.1:
            a['state'][2] = rng.choice([1, 1.5, True, 'x', 2 ** 64, float('nan')])
        if rng.random() < 0.05:
            a['state'][1][0] = 2 ** 32
    else:
        a['seed'] = None
        a['_shape'] = True
    if fn in VARIATES and 'state' not in a and a.get('seed') is None:   # whether they raise depends on the
        a.pop('_shape', None)                                              # draws: no fresh entropy
        a['seed'] = rng.randrange(10 ** 9)
    if fn != 'randbytes' and rng.random() < 0.35:
        a['n'] = rng.choice([0, 1, 2, 3, 5, -1, None, 1.0])
    if rng.random() < 0.15:
        a['return_state'] = rng.choice([True, False, 1, None])
    shape = a.pop('_shape', False) or ('seed' in a and a['seed'] is None and 'state' not in a)
    # fresh entropy: the model seeds with a stand-in; the status and the fields are compared
    return post('/v1/random/' + fn, a, volatile=['result', 'state'] if shape else None)
