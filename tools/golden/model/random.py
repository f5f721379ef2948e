"""Model of /v1/random/*: a fresh random.Random per request, seeded with
`seed` (int | float | str | bytes as {"$bytes"} | null, `version` 1 or 2) or
restored from `state`, the
function called once (or `n` times: a list), and with return_state the
generator's getstate() after the calls; cases in _random_cases.py.

Fresh entropy (no seed, no state) cannot be recorded: the model then seeds
with ENTROPY_STAND_IN so that its answer, compared by shape only, is the same
on every generation; so does a NaN seed (CPython hashes the float object's
address: no reproducible stream)."""
import math
import random as _random

from .common import BadRequest, Extra, ResourceLimit, op, wire_bytes

P = '/v1/random/'
ENTROPY_STAND_IN = 20261207
COMMON = dict(seed=('any', None), version=('int', 2), state=('list?', None), n=('int?', None),
              return_state=('bool', False))


def state_value(state):
    """`state` (JSON) -> a getstate() tuple, or BadRequest."""
    bad = BadRequest("argument 'state' is not a generator state ([3, [625 ints], gauss_next])")
    if len(state) != 3:
        raise bad
    version, words, gauss_next = state
    if isinstance(version, bool) or version != 3 or not isinstance(words, list) or len(words) != 625:
        raise bad
    if any(isinstance(w, bool) or not isinstance(w, int) or not 0 <= w < 2 ** 32 for w in words):
        raise bad
    if words[-1] > 624:
        raise bad
    if gauss_next is not None and (isinstance(gauss_next, bool) or not isinstance(gauss_next, (int, float))):
        raise bad
    return 3, tuple(words), None if gauss_next is None else float(gauss_next)


def generator(seed, version, state):
    if isinstance(version, bool) or version not in (1, 2):
        raise BadRequest("argument 'version' must be 1 or 2")
    r = _random.Random()
    if state is not None:
        if seed is not None:
            raise BadRequest("give either 'seed' or 'state', not both")
        r.setstate(state_value(state))
        return r
    seed = wire_bytes('seed', seed)
    if isinstance(seed, bool) or not (seed is None or isinstance(seed, (int, float, str, bytes))):
        raise BadRequest("argument 'seed' must be an int, a float, a str, bytes or null")
    fresh = seed is None or isinstance(seed, float) and math.isnan(seed)
    r.seed(ENTROPY_STAND_IN if fresh else seed, version=version)
    return r


def state_json(r):
    v, words, gauss_next = r.getstate()
    return [v, list(words), gauss_next]


def register(name, own, call=None, get=None):
    """/v1/random/<name>: own params + COMMON; call(r, **own args) -> result."""
    own_n = 'n' in own
    scalar = all((t if isinstance(t, str) else t[0]).rstrip('?') in ('int', 'num') for t in own.values())

    def handler(seed=None, version=2, state=None, return_state=False, **kw):
        times = None if own_n else kw.pop('n', None)
        r = generator(seed, version, state)
        if times is not None and times < 0:
            raise BadRequest("argument 'n' must be >= 0")
        fn = call or getattr(r, name)
        if call:
            out = call(r, times, **kw)
        else:
            out = fn(**kw) if times is None else [fn(**kw) for _ in range(times)]
        return Extra(out, state=state_json(r)) if return_state else out

    op(P + name, get=scalar if get is None else get, **dict(COMMON, **own))(handler)


def _getrandbits(r, times, k):
    return r.getrandbits(k) if times is None else [r.getrandbits(k) for _ in range(times)]


def _shuffle(r, times, x):
    x = list(x)
    outs = []
    for _ in range(1 if times is None else times):
        r.shuffle(x)
        outs.append(list(x))
    return outs[0] if times is None else outs


register('random', {})
register('uniform', dict(a='num', b='num'))
register('randint', dict(a='int', b='int'))
register('randrange', dict(start='int', stop=('int?', None), step=('int', 1)))
register('getrandbits', dict(k='int'), call=_getrandbits)
register('choice', dict(seq='list'))
register('choices', dict(population='list', weights=('list?', None), cum_weights=('list?', None), k=('int', 1)))
register('sample', dict(population='list', k='int', counts=('list?', None)))
register('shuffle', dict(x='list'), call=_shuffle)
register('gauss', dict(mu=('num', 0.0), sigma=('num', 1.0)))
register('normalvariate', dict(mu=('num', 0.0), sigma=('num', 1.0)))
register('triangular', dict(low=('num', 0.0), high=('num', 1.0), mode=('num?', None)))
register('expovariate', dict(lambd='num'))
register('randbytes', dict(n='int'))


ENDLESS = "the distribution's rejection loop would never end with these parameters"


def _hangs(alpha):
    """gammavariate's alpha with which its loop never ends (CPython hangs): NaN, or so large
    that 2.0 * alpha - 1.0 is inf."""
    return isinstance(alpha, float) and (alpha != alpha or (alpha > 1.0 and 2.0 * alpha - 1.0 == float('inf')))


def _gamma(r, alpha, beta):
    if not (alpha <= 0.0 or beta <= 0.0) and _hangs(alpha):
        raise ResourceLimit(ENDLESS)
    return r.gammavariate(alpha, beta)


def _beta(r, alpha, beta):
    """betavariate as random.py computes it, through _gamma."""
    y = _gamma(r, alpha, 1.0)
    if y:
        return y / (y + _gamma(r, beta, 1.0))
    return 0.0


def _vonmises(r, mu, kappa):
    if isinstance(kappa, float) and kappa != kappa:         # d is NaN in every round
        raise ResourceLimit(ENDLESS)
    return r.vonmisesvariate(mu, kappa)


def _repeat(fn):
    def call(r, times, **kw):
        return fn(r, **kw) if times is None else [fn(r, **kw) for _ in range(times)]
    return call


register('lognormvariate', dict(mu='num', sigma='num'))
register('vonmisesvariate', dict(mu='num', kappa='num'), call=_repeat(_vonmises))
register('gammavariate', dict(alpha='num', beta='num'), call=_repeat(_gamma))
register('betavariate', dict(alpha='num', beta='num'), call=_repeat(_beta))
register('paretovariate', dict(alpha='num'))
register('weibullvariate', dict(alpha='num', beta='num'))

def curated():
    from . import _random_cases
    return _random_cases.curated()


def cases(rng):
    from . import _random_cases
    return _random_cases.random_cases(rng)
