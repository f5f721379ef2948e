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


def _hook(name, spec):
    """parse_float/parse_int/parse_constant: a callable of the functools/map vocabulary."""
    from .functools import callable_of
    if spec is None:
        return None
    if not isinstance(spec, str) and not (isinstance(spec, dict) and 'partial' in spec):
        raise BadRequest(f"argument '{name}' must be a function name or a partial object")
    return callable_of(spec)


@op(P + 'loads', get=True, s='str', parse_float=('any', None), parse_int=('any', None),
    parse_constant=('any', None))
def loads(s, parse_float=None, parse_int=None, parse_constant=None):
    hooks = {k: _hook(k, v) for k, v in (('parse_float', parse_float), ('parse_int', parse_int),
                                         ('parse_constant', parse_constant))}
    return json.loads(s, **{k: v for k, v in hooks.items() if v is not None})


def curated():
    from . import _json_cases
    return _json_cases.curated() + _json_cases.hook_cases()


def cases(rng):
    from . import _json_gen
    return _json_gen.cases(rng)
