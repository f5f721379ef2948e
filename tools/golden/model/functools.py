"""Model of /v1/functools/reduce and /v1/builtins/map over the API's
vocabulary of callables (operator.*, builtins.*, str.*, math.*, or a
functools.partial of one), with the service's size guards (a call whose
result would exceed --max-int-bits / --max-seq-len answers
ResourceLimitError before it runs); cases in _functools_cases.py."""
import builtins
import functools
import math
import operator

from .common import BadRequest, ResourceLimit, op

MAX_BITS = 1 << 20               # --max-int-bits default
MAX_LEN = 16 * 1024 * 1024       # --max-seq-len default

VOCABULARY = {
    'operator': ('add sub mul truediv floordiv mod pow neg pos abs and_ or_ xor lshift rshift concat eq ne lt le '
                 'gt ge not_ truth contains getitem').split(),
    'builtins': 'abs len str int float bool repr ord chr hex bin oct round min max sum sorted'.split(),
    'str': ('upper lower strip lstrip rstrip title capitalize casefold swapcase split join replace startswith '
            'endswith find count zfill').split(),
    'math': 'sqrt floor ceil gcd lcm factorial isqrt fabs exp log log2 log10 sin cos tan'.split(),
}
NAMESPACES = {'operator': operator, 'builtins': builtins, 'str': str, 'math': math}
NAMES = [f'{m}.{n}' for m, names in VOCABULARY.items() for n in names]


def _isint(v):
    return isinstance(v, int)


def _too_large(what):
    raise ResourceLimit(f"{what} result too large")


# Size guards, by the parameters they look at (bound as Python binds
# `def g(p0=None, p1=None, ..., *rest, **kw)`); they only ever stop a call.
def _g_pow(a=None, b=None, *_, **__):
    if _isint(a) and _isint(b) and b > 0 and abs(a) > 1 and (abs(a).bit_length() - 1) * b > MAX_BITS:
        _too_large('pow')


def _g_lshift(a=None, b=None, *_, **__):
    if _isint(a) and _isint(b) and a != 0 and b > MAX_BITS:
        _too_large('lshift')


def _g_mul(a=None, b=None, *_, **__):
    if _isint(a) and _isint(b) and a.bit_length() + b.bit_length() > MAX_BITS + 1:
        _too_large('mul')
    for seq, times in ((a, b), (b, a)):
        if isinstance(seq, (str, list)) and _isint(times) and times > 0 and len(seq) * times > MAX_LEN:
            _too_large('mul')


def _g_factorial(n=None, *_, **__):
    if _isint(n) and n > 50000:
        _too_large('factorial')


def _g_zfill(s=None, width=None, *_, **__):
    if isinstance(s, str) and _isint(width) and width > MAX_LEN:
        _too_large('zfill')


def _g_replace(s=None, old=None, new=None, count=-1, *_, **__):
    if isinstance(s, str) and isinstance(old, str) and isinstance(new, str):
        hits = s.count(old)
        if _isint(count) and count >= 0:
            hits = min(hits, count)
        if len(s) + hits * len(new) > MAX_LEN:
            _too_large('replace')


def _g_join(sep=None, items=None, *_, **__):
    if isinstance(sep, str) and isinstance(items, (list, str)) and len(sep) * max(len(items) - 1, 0) > MAX_LEN:
        _too_large('join')


def _g_round(x=None, ndigits=None, *_, **__):
    if _isint(x) and _isint(ndigits) and ndigits < -(MAX_BITS // 3):
        _too_large('round')


GUARDS = {'operator.pow': _g_pow, 'operator.lshift': _g_lshift, 'operator.mul': _g_mul,
          'math.factorial': _g_factorial, 'str.zfill': _g_zfill, 'str.replace': _g_replace, 'str.join': _g_join,
          'builtins.round': _g_round}


def named(name):
    if not isinstance(name, str) or name not in NAMES:
        raise BadRequest(f"unknown function {name!r}")
    ns, _, attr = name.partition('.')
    fn = getattr(NAMESPACES[ns], attr)
    guard = GUARDS.get(name)
    if guard is None:
        return fn

    def guarded(*a, **kw):
        try:
            guard(*a, **kw)
        except TypeError:          # a call Python cannot bind: the function itself says so
            pass
        return fn(*a, **kw)
    return guarded


def callable_of(spec):
    """The `function` argument -> a Python callable, or BadRequest."""
    if isinstance(spec, str):
        return named(spec)
    if isinstance(spec, dict) and 'partial' in spec:
        if set(spec) - {'partial', 'args', 'keywords'}:
            raise BadRequest("a partial is {\"partial\": name, \"args\": [...], \"keywords\": {...}}")
        args, kw = spec.get('args', []), spec.get('keywords', {})
        if not isinstance(args, list) or not isinstance(kw, dict):
            raise BadRequest("a partial's args must be a list and its keywords an object")
        return functools.partial(named(spec['partial']), *args, **kw)
    raise BadRequest("argument 'function' must be a function name or a partial")


_NO_INITIALIZER = object()


@op('/v1/functools/reduce', function='any', iterable='any', initializer=('any', None))
def reduce_(function, iterable, initializer=_NO_INITIALIZER):
    fn = callable_of(function)
    if initializer is _NO_INITIALIZER:
        return functools.reduce(fn, iterable)
    return functools.reduce(fn, iterable, initializer)


@op('/v1/builtins/map', function='any', iterables='list')
def map_(function, iterables):
    return list(map(callable_of(function), *iterables))


def curated():
    from . import _functools_cases
    return _functools_cases.curated()


def cases(rng):
    from . import _functools_cases
    return _functools_cases.random_cases(rng)
