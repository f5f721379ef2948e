"""Model of /v1/codecs/*: str.encode, bytes.decode (bytes as base64),
codecs.lookup, codecs.iterdecode / iterencode and codecs.escape_decode /
escape_encode (bytes as {"$bytes": "<base64>"}); and its cases
(_codecs_cases.py, _codecs_iter_cases.py): every text codec of the encodings
package, every error handler, incremental use with chunk boundaries inside
multibyte and escape sequences, the non-text-codec and unknown-codec
LookupErrors, and Unicode errors with their extras."""
import codecs

from .common import bytes_out, op, wire_bytes

P = '/v1/codecs/'


@op(P + 'encode', get=True, obj='str', encoding=('str', 'utf-8'), errors=('str', 'strict'))
def encode(obj, encoding='utf-8', errors='strict'):
    return obj.encode(encoding, errors)


@op(P + 'decode', get=True, obj='bytes', encoding=('str', 'utf-8'), errors=('str', 'strict'))
def decode(obj, encoding='utf-8', errors='strict'):
    return obj.decode(encoding, errors)


@op(P + 'lookup', get=True, encoding='str')
def lookup(encoding):
    return {"name": codecs.lookup(encoding).name}


def text_stream_codec(encoding):
    """codecs.lookup, less the non-text codecs (bytes-to-bytes transforms pystd
    leaves out of the incremental API: 422 NotImplementedError)."""
    info = codecs.lookup(encoding)
    if not getattr(info, '_is_text_encoding', True):
        raise NotImplementedError(f"the '{info.name}' codec is not a text encoding: "
                                  "pystd does not implement it incrementally")


@op(P + 'iterdecode', get=True, iterator='list', encoding='str', errors=('str', 'strict'))
def iterdecode(iterator, encoding, errors='strict'):
    chunks = [wire_bytes('iterator', x) for x in iterator]
    text_stream_codec(encoding)
    return list(codecs.iterdecode(chunks, encoding, errors))


@op(P + 'iterencode', get=True, iterator='list', encoding='str', errors=('str', 'strict'))
def iterencode(iterator, encoding, errors='strict'):
    chunks = [wire_bytes('iterator', x) for x in iterator]
    text_stream_codec(encoding)
    return [bytes_out(b) for b in codecs.iterencode(chunks, encoding, errors)]


@op(P + 'escape_encode', get=True, data='any', errors=('str?', None))
def escape_encode(data, errors=None):
    b, n = codecs.escape_encode(wire_bytes('data', data), errors)
    return [bytes_out(b), n]


@op(P + 'escape_decode', get=True, data='any', errors=('str?', None))
def escape_decode(data, errors=None):
    b, n = codecs.escape_decode(wire_bytes('data', data), errors)
    return [bytes_out(b), n]


def curated():
    from . import _codecs_cases, _codecs_iter_cases
    return _codecs_cases.curated() + _codecs_iter_cases.curated()


def cases(rng):
    from . import _codecs_cases, _codecs_iter_cases
    return _codecs_cases.random_cases(rng) + _codecs_iter_cases.random_cases(rng)
