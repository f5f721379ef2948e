"""Model of /v1/json/*: json.dumps of what json.loads made of the request's
"obj" (every option), and json.loads (every JSONDecodeError family); and its
cases: curated lists and random documents (_json_gen.py)."""
import json

from .common import BadRequest, op

P = '/v1/json/'


@op(P + 'dumps', obj='any', skipkeys=('bool', False), ensure_ascii=('bool', True), allow_nan=('bool', True),
    indent=('any', None), separators=('list?', None), sort_keys=('bool', False))
def dumps(obj, **kw):
    indent = kw.get('indent')
    if indent is not None and (isinstance(indent, bool) or not isinstance(indent, (int, str))):
        raise BadRequest("argument 'indent' must be an int, a str or null")
    seps = kw.get('separators')
    if seps is not None:
        if len(seps) != 2 or not all(isinstance(x, str) for x in seps):
            raise BadRequest("argument 'separators' must be null or [item_separator, key_separator]")
        kw['separators'] = tuple(seps)
    return json.dumps(obj, **kw)


@op(P + 'loads', get=True, s='str')
def loads(s):
    return json.loads(s)


def curated():
    from . import _json_cases
    return _json_cases.curated()


def cases(rng):
    from . import _json_gen
    return _json_gen.cases(rng)
