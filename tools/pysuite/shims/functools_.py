"""The `functools` shim: reduce is POST /v1/functools/reduce with the callable named from the API's
function vocabulary (operator.*, builtins.*, str.*, math.*, and functools.partial of those).
Anything else of functools (partial objects, lru_cache, singledispatch, wraps, total_ordering,
cached_property, cmp_to_key, ...) is out of scope, as is reduce over a Python callable or over an
iterator object (only lists, tuples, str and ranges have a wire form).
"""

import builtins
import functools as _real
import math
import operator

from .. import client
from ..scope import OutOfScope, missing_getattr
from .wire import checked, json_value

__getattr__ = missing_getattr('functools')
_MAX_ITEMS = 1_000_000
_VOCAB = {}
for _mod, _prefix, _names in (
        (operator, 'operator', 'add sub mul truediv floordiv mod pow neg pos abs and_ or_ xor lshift '
                               'rshift concat eq ne lt le gt ge not_ truth contains getitem'),
        (builtins, 'builtins', 'abs len str int float bool repr ord chr hex bin oct round min max '
                               'sum sorted'),
        (str, 'str', 'upper lower strip lstrip rstrip title capitalize casefold swapcase split join '
                     'replace startswith endswith find count zfill'),
        (math, 'math', 'sqrt floor ceil gcd lcm factorial isqrt fabs exp log log2 log10 sin cos '
                       'tan')):
    for _n in _names.split():
        _VOCAB[id(getattr(_mod, _n))] = (getattr(_mod, _n), f'{_prefix}.{_n}')


def function_name(fn):
    """The API's name for a vocabulary callable (or a real functools.partial of one)."""
    hit = _VOCAB.get(id(fn))
    if hit is not None and hit[0] is fn:
        return hit[1]
    if type(fn) is _real.partial:
        return {'partial': function_name(fn.func), 'args': json_value(list(fn.args), 'partial'),
                'keywords': json_value(dict(fn.keywords), 'partial')}
    raise OutOfScope('functools.reduce: a Python callable outside the function vocabulary',
                     getattr(fn, '__name__', type(fn).__name__))


def _items(iterable):
    if type(iterable) is range:
        if len(iterable) > _MAX_ITEMS:
            raise OutOfScope('functools.reduce: an iterable too large to send', '')
        return list(iterable)
    if type(iterable) in (list, tuple, str):
        return json_value(iterable, 'reduce iterable')
    raise OutOfScope('functools.reduce: an iterator/iterable object (no wire form)',
                     type(iterable).__name__)


_missing = object()


def _reduce(function, sequence, initial=_missing):
    args = {'function': function_name(function), 'iterable': _items(sequence)}
    if initial is not _missing:
        args['initializer'] = json_value(initial, 'reduce initializer')
    return client.call('functools/reduce', args)


class _Builtin:
    """Like a C function, not a descriptor: `reduce = c_functools.reduce` in a class body stays a
    plain callable there."""

    def __init__(self, fn):
        self._fn, self.__name__ = fn, fn.__name__.lstrip('_')

    def __call__(self, *args, **kw):
        return self._fn(*args, **kw)


reduce = _Builtin(checked(_reduce))


__name__ = 'functools'
