"""Model of /v1/codecs/*: str.encode, bytes.decode (bytes as base64) and
codecs.lookup; and its cases (_codecs_cases.py): every codec pystd
implements (the UTF family, ascii, latin-1, the 8-bit charmaps, the CJK
multibyte codecs, unicode_escape, raw_unicode_escape, charmap, undefined),
every error handler, the non-text-codec and unknown-codec LookupErrors, and
Unicode errors with their extras."""
import codecs

from .common import op

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


def curated():
    from . import _codecs_cases
    return _codecs_cases.curated()


def cases(rng):
    from . import _codecs_cases
    return _codecs_cases.random_cases(rng)
