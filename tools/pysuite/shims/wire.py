"""Argument packing shared by the shims: which Python values have a wire form, and which do not."""

import collections
import functools
import inspect
import sys
import types

from ..client import b
from ..scope import OutOfScope

MAXSIZE = sys.maxsize


def str_or_bytes(value, where, subclass_ok=False):
    """A str travels as a JSON string, bytes as the issue-17 {"$bytes"} form; anything else (a str
    subclass, bytearray, memoryview, an int where Python would raise TypeError) has no wire form.
    `subclass_ok`: the function reads only the characters (re does), so a subclass is its value."""
    if type(value) is str:
        return value
    if type(value) is bytes:
        return b(value)
    if subclass_ok and isinstance(value, str):
        return str.__str__(value)
    if subclass_ok and isinstance(value, bytes):
        return b(bytes(value))
    if isinstance(value, (bytearray, memoryview)):
        raise OutOfScope('bytes-like argument (bytearray/memoryview/array)', where)
    if isinstance(value, (str, bytes)):
        raise OutOfScope('str/bytes subclass argument', where)
    raise OutOfScope('argument of a type the API cannot take (Python: TypeError)',
                     f'{where}: {type(value).__name__}')


def text(value, where):
    """A parameter the API takes as str only."""
    if type(value) is str:
        return value
    if type(value) is bytes:
        raise OutOfScope('bytes argument where the API takes only str', where)
    return str_or_bytes(value, where)


def integer(value, where, nullable=False):
    if value is None and nullable:
        return None
    if type(value) is int:
        return value
    if type(value) is bool:
        raise OutOfScope('bool where the API takes an int', where)
    if isinstance(value, int):
        return int(value)  # IntEnum / int subclasses: the value is what Python uses
    raise OutOfScope('argument of a type the API cannot take (Python: TypeError)',
                     f'{where}: {type(value).__name__}')


def number(value, where, nullable=False):
    if value is None and nullable:
        return None
    if type(value) in (int, float):
        return value
    raise OutOfScope('argument of a type the API cannot take (Python: TypeError)',
                     f'{where}: {type(value).__name__}')


def boolean(value, where):
    if type(value) is bool:
        return value
    raise OutOfScope('non-bool where the API takes a bool', f'{where}: {type(value).__name__}')


MAX_DEPTH = 500


def json_value(value, where, _path=None):
    """A value with an exact JSON form (what the API's `obj`/`seq`/... carry), else OutOfScope.
    An OrderedDict is its items in order, as json.dumps iterates it."""
    t = type(value)
    if value is None or t in (bool, int, str, float):
        return value
    path = _path if _path is not None else set()
    if t in (list, tuple, dict, collections.OrderedDict):
        if id(value) in path:
            raise OutOfScope('a circular structure (no JSON form)', where)
        if len(path) >= MAX_DEPTH:
            raise OutOfScope('a value nested too deeply to send', where)
        path.add(id(value))
        try:
            if t in (list, tuple):
                return [json_value(v, where, path) for v in value]
            out = {}
            for k, v in value.items():
                if type(k) is not str:
                    raise OutOfScope('dict with non-str keys', where)
                out[k] = json_value(v, where, path)
            return out
        finally:
            path.discard(id(value))
    raise OutOfScope('value without a JSON form', f'{where}: {t.__name__}')


_ARITY = 'a call with missing or extra arguments (Python: TypeError; the API: 400)'


def checked(fn):
    """`fn` whose arguments are bound first: a call Python refuses by its signature (TypeError)
    cannot be packed into a request, so it is out of scope, not answered by the shim's own
    signature."""
    sig = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args, **kw):
        try:
            sig.bind(*args, **kw)
        except TypeError as e:
            raise OutOfScope(_ARITY, f'{fn.__qualname__}: {e}') from None
        return fn(*args, **kw)

    return wrapper


def checked_class(cls):
    """checked() on every public method (and __init__) of a shim class."""
    for name, v in list(vars(cls).items()):
        if isinstance(v, types.FunctionType) and (not name.startswith('_')
                                                  or name in ('__init__', '__call__')):
            setattr(cls, name, checked(v))
    return cls


def checked_module(namespace):
    """checked() on every public function a shim module defines."""
    for name, v in list(namespace.items()):
        if (isinstance(v, types.FunctionType) and not name.startswith('_')
                and v.__module__ == namespace['__name__']):
            namespace[name] = checked(v)
