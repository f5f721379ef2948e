"""The `json` shim: dumps/loads are POST /v1/json/dumps|loads, JSONDecodeError is rebuilt.

dumps sends `obj` as JSON, so only values with an exact JSON form (str keys, no custom objects,
no subclasses) can be expressed; cls, default, check_circular=False are out of scope. loads takes
str only; parse_float/parse_int/parse_constant are sent as the issue-17 function names when they
are builtins.float/int/str (others are out of scope); object_hook, object_pairs_hook, cls, strict
are out of scope. JSONEncoder/JSONDecoder are thin wrappers of the same two calls.
A float inf/nan travels as the string "Infinity"/"NaN", so a loads result holding such a string is
ambiguous on the wire: out of scope.
"""

import builtins
import re
import types

from .. import client
from ..scope import Missing, OutOfScope, missing_getattr
from .wire import boolean, checked_class, checked_module, json_value, text

__getattr__ = missing_getattr('json')


class JSONDecodeError(ValueError):
    """json.decoder.JSONDecodeError with pystd's msg, pos, lineno, colno; doc is what was sent."""

    def __init__(self, msg, doc, pos, lineno=None, colno=None):
        if lineno is None:  # a test building one itself: CPython's formula (plain construction)
            lineno = doc.count('\n', 0, pos) + 1
            colno = pos - doc.rfind('\n', 0, pos)
        errmsg = '%s: line %d column %d (char %d)' % (msg, lineno, colno, pos)
        ValueError.__init__(self, errmsg)
        self.msg, self.doc, self.pos, self.lineno, self.colno = msg, doc, pos, lineno, colno

    def __reduce__(self):
        return self.__class__, (self.msg, self.doc, self.pos)


JSONDecodeError.__module__ = 'json.decoder'


def _decode_error(err, args):
    exc = JSONDecodeError(err['msg'], args.get('s'), err['pos'], err['lineno'], err['colno'])
    return client.with_message(exc, err.get('message', ''))


_ERRORS = {'json.decoder.JSONDecodeError': _decode_error}
_PARSERS = {builtins.float: 'builtins.float', builtins.int: 'builtins.int',
            builtins.str: 'builtins.str'}
_AMBIGUOUS = ('Infinity', '-Infinity', 'NaN')


def _ambiguous(v):
    if isinstance(v, str):
        return v in _AMBIGUOUS
    if isinstance(v, list):
        return any(_ambiguous(x) for x in v)
    if isinstance(v, dict):
        return any(_ambiguous(x) for x in v.values())
    return False


_LONG_DIGITS = re.compile(r'[0-9]{4301}')
_DIGITS_GROUP = "CPython's 4300-digit int/str limit (off by the API contract)"


def _has_long_int(v, depth=0):
    if type(v) is int:
        return v.bit_length() > 14000 and not _fits(v)
    if type(v) in (list, tuple) and depth < 100:
        return any(_has_long_int(x, depth + 1) for x in v)
    if type(v) is dict and depth < 100:
        return any(_has_long_int(x, depth + 1) for x in v.values())
    return False


def _fits(v):
    try:
        str(v)
        return True
    except ValueError:
        return False


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None,
          indent=None, separators=None, default=None, sort_keys=False, **kw):
    if cls is not None or default is not None or kw:
        raise OutOfScope('json.dumps: cls/default/extra keywords', '')
    if check_circular is not True:
        raise OutOfScope('json.dumps: check_circular=False', '')
    if _has_long_int(obj):
        raise OutOfScope(_DIGITS_GROUP, 'json.dumps of an int over 4300 digits')
    args = {'obj': json_value(obj, 'json.dumps obj'), 'skipkeys': boolean(skipkeys, 'skipkeys'),
            'ensure_ascii': boolean(ensure_ascii, 'ensure_ascii'),
            'allow_nan': boolean(allow_nan, 'allow_nan'), 'sort_keys': boolean(sort_keys, 'sort_keys')}
    if indent is not None:
        if type(indent) not in (int, str):
            raise OutOfScope('json.dumps: indent of another type', type(indent).__name__)
        args['indent'] = indent
    if separators is not None:
        if type(separators) not in (tuple, list) or len(separators) != 2 or any(
                type(s) is not str for s in separators):
            raise OutOfScope('json.dumps: separators that are not two str', '')
        args['separators'] = list(separators)
    return client.call('json/dumps', args, errors=_ERRORS)


def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None,
          parse_constant=None, object_pairs_hook=None, **kw):
    if cls is not None or object_hook is not None or object_pairs_hook is not None or kw:
        raise OutOfScope('json.loads: cls/object_hook/object_pairs_hook/strict', '')
    if isinstance(s, (bytes, bytearray)):
        raise OutOfScope('json.loads of bytes (the API takes str)', '')
    args = {'s': text(s, 'json.loads s')}
    if _LONG_DIGITS.search(s):
        raise OutOfScope(_DIGITS_GROUP, 'json.loads of a number over 4300 digits')
    issue17 = None
    for name, fn in (('parse_float', parse_float), ('parse_int', parse_int),
                     ('parse_constant', parse_constant)):
        if fn is None:
            continue
        if fn not in _PARSERS:
            raise OutOfScope(f'json.loads: {name} outside the function vocabulary',
                             getattr(fn, '__name__', repr(fn)))
        args[name] = _PARSERS[fn]
        issue17 = 'json.loads parse_float/parse_int/parse_constant'
    res = client.call('json/loads', args, errors=_ERRORS, issue17=issue17)
    if _ambiguous(res):
        raise OutOfScope('json.loads: inf/nan vs the strings "Infinity"/"NaN" (ambiguous on the wire)')
    return res


def dump(obj, fp, **kw):
    fp.write(dumps(obj, **kw))


def load(fp, **kw):
    return loads(fp.read(), **kw)


@checked_class
class JSONEncoder:
    """Keeps dumps' keyword arguments; encode() is one dumps call. iterencode is out of scope."""

    item_separator, key_separator = ', ', ': '

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
                 sort_keys=False, indent=None, separators=None, default=None):
        self._kw = dict(skipkeys=skipkeys, ensure_ascii=ensure_ascii, check_circular=check_circular,
                        allow_nan=allow_nan, sort_keys=sort_keys, indent=indent,
                        separators=separators, default=default)

    def encode(self, o):
        if type(self).default is not JSONEncoder.default:
            raise OutOfScope('json.JSONEncoder subclass with default()', '')
        return dumps(o, **self._kw)

    def default(self, o):
        raise OutOfScope('json.JSONEncoder.default', '')

    def iterencode(self, o, _one_shot=False):
        raise OutOfScope('json.JSONEncoder.iterencode', '')

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        raise OutOfScope(f'json.JSONEncoder.{name}', '')


@checked_class
class JSONDecoder:
    def __init__(self, *, object_hook=None, parse_float=None, parse_int=None, parse_constant=None,
                 strict=True, object_pairs_hook=None):
        if strict is not True:
            raise OutOfScope('json.JSONDecoder strict=False', '')
        self._kw = dict(object_hook=object_hook, parse_float=parse_float, parse_int=parse_int,
                        parse_constant=parse_constant, object_pairs_hook=object_pairs_hook)

    def decode(self, s):
        return loads(s, **self._kw)

    def raw_decode(self, s, idx=0):
        raise OutOfScope('json.JSONDecoder.raw_decode', '')

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        raise OutOfScope(f'json.JSONDecoder.{name}', '')


def _submodule(name, **attrs):
    mod = types.ModuleType(name)
    mod.__dict__.update(attrs)
    mod.__getattr__ = missing_getattr(name)
    return mod


checked_module(globals())
decoder = _submodule('json.decoder', JSONDecoder=JSONDecoder, JSONDecodeError=JSONDecodeError)
encoder = _submodule('json.encoder', JSONEncoder=JSONEncoder)
scanner = _submodule('json.scanner')
tool = Missing('json.tool')
