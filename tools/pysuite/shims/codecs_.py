"""The `codecs` shim, and str.encode / bytes.decode of the test code (loader.py routes those here).

encode/decode are POST /v1/codecs/encode|decode (text codecs: `obj.encode(encoding, errors)`);
lookup answers a CodecInfo whose name is pystd's and whose encode/decode are those calls.
iterencode, iterdecode, escape_encode and escape_decode are the issue-17 operations. Incremental
encoders/decoders, stream readers/writers, codecs.open, register/register_error, the
per-codec functions (utf_8_decode, charmap_decode, ...) and non-text codecs are out of scope.
"""

import codecs as _real

from .. import client
from ..scope import Missing, OutOfScope, missing_getattr
from .wire import checked_class, checked_module

__getattr__ = missing_getattr('codecs')
for _n in dir(_real):
    if _n.startswith('BOM'):
        globals()[_n] = getattr(_real, _n)
_NOT_TEXT = 'is not a text encoding'


def _name(v, where):
    if type(v) is str:
        return v
    raise OutOfScope('codecs: an encoding/errors argument that is not a str (Python: TypeError)',
                     f'{where}: {type(v).__name__}')


def _bytes(obj, where):
    if type(obj) is bytes:
        return obj
    if isinstance(obj, (bytearray, memoryview)):
        return bytes(obj)  # bytes.decode of a bytearray / buffer: the same bytes
    raise OutOfScope('codecs: decode of a non-bytes object', f'{where}: {type(obj).__name__}')


def str_encode(s, encoding='utf-8', errors='strict'):
    """str.encode(encoding, errors) -- exactly the API's codecs/encode."""
    args = {'obj': s if type(s) is str else str.__str__(s), 'encoding': _name(encoding, 'encoding'),
            'errors': _name(errors, 'errors')}
    return client.unb64(client.call('codecs/encode', args))


def bytes_decode(b, encoding='utf-8', errors='strict'):
    """bytes.decode(encoding, errors) -- exactly the API's codecs/decode."""
    args = {'obj': client.b64(_bytes(b, 'decode')), 'encoding': _name(encoding, 'encoding'),
            'errors': _name(errors, 'errors')}
    return client.call('codecs/decode', args)


def _text_only(fn, *args):
    try:
        return fn(*args)
    except LookupError as e:
        if _NOT_TEXT in str(e):  # codecs.encode/decode also take non-text codecs: not in the API
            raise OutOfScope('codecs: non-text codecs (rot13, hex, base64, zlib, ...)', args[1])
        raise


def encode(obj, encoding='utf-8', errors='strict'):
    if type(obj) is not str:
        raise OutOfScope('codecs.encode of a non-str object (bytes-to-bytes codecs)',
                         type(obj).__name__)
    return _text_only(str_encode, obj, encoding, errors)


def decode(obj, encoding='utf-8', errors='strict'):
    if isinstance(obj, str):
        raise OutOfScope('codecs.decode of a str object (str-to-str codecs)', '')
    if isinstance(obj, (bytes, bytearray, memoryview)) and len(obj) == 0:
        raise OutOfScope("codecs.decode of b'' (the API's bytes.decode answers '' without a lookup)",
                         encoding)
    return _text_only(bytes_decode, obj, encoding, errors)


class CodecInfo(tuple):
    """What lookup() answers: the name pystd reports; encode/decode are the API calls (stateless
    codecs consume all their input, so the length is the input's). The rest is out of scope."""

    def __new__(cls, name):
        self = tuple.__new__(cls, (Encoder(name), Decoder(name), Missing('codecs StreamReader'),
                                   Missing('codecs StreamWriter')))
        self.name = name
        return self

    def __getattr__(self, attr):
        if attr.startswith('__'):
            raise AttributeError(attr)
        raise OutOfScope(f'codecs: CodecInfo.{attr}', self.name)

    @property
    def encode(self):
        return self[0]

    @property
    def decode(self):
        return self[1]


@checked_class
class Encoder:
    def __init__(self, name):
        self.name = name

    def __call__(self, input, errors='strict'):
        if type(input) is not str:
            raise OutOfScope('codecs: CodecInfo.encode of a non-str (bytes-to-bytes codecs)', '')
        return _text_only(str_encode, input, self.name, errors), len(input)


@checked_class
class Decoder:
    def __init__(self, name):
        self.name = name

    def __call__(self, input, errors='strict'):
        if not isinstance(input, (bytes, bytearray, memoryview)):
            raise OutOfScope('codecs: CodecInfo.decode of a non-bytes object', '')
        if len(input) == 0:
            raise OutOfScope("codecs.decode of b'' (the API's bytes.decode answers '' without a "
                             'lookup)', self.name)
        return _text_only(bytes_decode, input, self.name, errors), len(input)


def lookup(encoding):
    return CodecInfo(client.call('codecs/lookup', {'encoding': _name(encoding, 'lookup')})['name'])


def getencoder(encoding):
    return lookup(encoding).encode


def getdecoder(encoding):
    return lookup(encoding).decode


def iterencode(iterator, encoding, errors='strict', **kwargs):
    if kwargs:
        raise OutOfScope('codecs.iterencode: extra keyword arguments', '')
    items = list(iterator)
    if any(type(x) is not str for x in items):
        raise OutOfScope('codecs.iterencode of non-str items', '')
    res = client.call('codecs/iterencode', {'iterator': items, 'encoding': _name(encoding, 'enc'),
                                            'errors': _name(errors, 'errors')},
                      issue17='codecs.iterencode')
    yield from client.from_wire(res)


def iterdecode(iterator, encoding, errors='strict', **kwargs):
    if kwargs:
        raise OutOfScope('codecs.iterdecode: extra keyword arguments', '')
    items = [client.b(_bytes(x, 'iterdecode')) for x in iterator]
    res = client.call('codecs/iterdecode', {'iterator': items, 'encoding': _name(encoding, 'enc'),
                                            'errors': _name(errors, 'errors')},
                      issue17='codecs.iterdecode')
    yield from res


def _escape(fn, data, errors):
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise OutOfScope(f'codecs.{fn} of a non-bytes object', type(data).__name__)
    args = {'data': client.b(bytes(data))}
    if errors is not None:
        args['errors'] = _name(errors, 'errors')
    res = client.call('codecs/' + fn, args, issue17='codecs.' + fn)
    out, consumed = client.from_wire(res)
    return out, consumed


def escape_encode(data, errors=None):
    return _escape('escape_encode', data, errors)


def escape_decode(data, errors=None):
    return _escape('escape_decode', data, errors)


checked_module(globals())
__name__ = 'codecs'
