"""The reference model of pystd's HTTP API, executed by CPython 3.11.7 in-process.

This is what tools/golden/gen.py asks for the expected answer of every
conformance case (tests/golden/conformance/<module>.jsonl).  It is the API
contract (README "The API in one minute", openapi/openapi.json) written with
CPython's own functions: same input -> same status and body as pystd must give.

    call(method, path, query, args_or_raw_body) -> (status, body)

How a model module registers ops and cases
-------------------------------------------
One file per API module group, tools/golden/model/<module>.py; the file name is
the corpus name (tests/golden/conformance/<module>.jsonl) and gen.py finds it
by itself (every .py in this folder but common.py and the '_'-prefixed helper
files a module may split its cases into, e.g. _re_gen.py).  It:

1. registers its operations with the `op` decorator:

       from .common import op, case, get_case, BadRequest

       @op('/v1/re/search', get=True, pattern='str', string='str',
           flags=('any', 0), pos=('int', 0), endpos=('int?', None))
       def search(pattern, string, flags=0, pos=0, endpos=None):
           return ...                     # a Python value; raise as Python raises

   A parameter spec is a type name -- 'str' 'int' 'float' 'num' 'bool' 'list'
   'dict' 'bytes' (base64 on the wire) 'strbytes' (a str, or bytes as
   {"$bytes": "<base64>"}: the function gets str or bytes) 'strcall' (a str or an object)
   'strbytescall' (a str, bytes as {"$bytes"}, or another object: re.sub's repl) 'any' -- with a '?' suffix when null is
   accepted; a bare name is a required argument, `(type, default)` an optional
   one (an absent optional argument is not passed: the function's own Python
   default applies).  The registry does pystd's 400s (unknown / missing /
   wrongly typed argument, null where not allowed) and the GET query coercion,
   so the function only sees checked values.  `get=True` marks an op that also
   answers GET.  Raise `BadRequest(msg)` for a further 400 the op checks itself,
   `ResourceLimit(msg)` for a 422 ResourceLimitError; return `Extra(value,
   state=...)` for extra top-level response fields.  Any other exception is the
   Python function's answer: 422 {"error": {"type", "message", extras}}.

2. defines `curated()` -> list of cases (hand-picked; ids "<module>-c-...") and
   `cases(rng)` -> list of cases drawn from a random.Random (ids
   "<module>-r-...").  Both must be deterministic: fixed values, the given rng,
   no set/dict order that depends on hashing, no clock (gen.py also sets
   PYTHONHASHSEED=0, TZ=UTC and a fresh data dir, `CONFIG['data_dir']`).
   A case is built with the helpers below:

       case('/v1/re/search', {'pattern': 'a', 'string': 'xa'})       # POST, args
       case(path, args, compare='ordered')                           # key order matters
       get_case('/v1/re/search', pattern='a', string='xa')           # GET, query from kwargs
       get_case(path, query='raw%20query')                           # GET, a raw query
       body_case('/v1/json/dumps', '{"obj": NaN}')                   # POST, exact request text
       case(path, args, method='PUT')                                # any method
       steps(case1, case2, ..., isolated=True)                       # a stateful sequence

   Compare modes (the runner, tests/conformance/run.py): 'exact' (default;
   object key order ignored, int != float, -0.0 != 0.0), 'ordered' (exact +
   key order of objects), 'type' (status + error.type: gen.py uses it by itself
   for every 4xx answer and ResourceLimitError, which are pystd's own
   validation), 'shape' (same JSON types and object keys recursively: for
   answers that depend on entropy or the clock).  `steps(...)` runs its cases
   in order on one connection; `isolated=True` makes the runner run it alone,
   after every other case (for process-wide state such as re's pattern
   cache).  The model keeps its own state (re's cache, the sandbox) across the
   cases of a module in the order gen.py runs them: curated() first, then
   cases(rng).

Limits (ResourceLimitError) are pystd's configuration, not Python: generate no
case that would reach the default caps of server/cli.c (100000 digits, JSON
depth 994, 1M items, 64 MB results, ...), or expect it with compare 'type'.
"""
import base64
import json
import math
import sys
import time
import urllib.parse

if hasattr(sys, 'set_int_max_str_digits'):
    sys.set_int_max_str_digits(0)   # the API's ints have any size (PYTHONINTMAXSTRDIGITS=0)

CONFIG = {'data_dir': None}         # set by gen.py: the model's file sandbox root

ROUTES = {}                         # path -> Op


class BadRequest(Exception):
    """400: the request is malformed; the Python function never ran."""


class ResourceLimit(Exception):
    """422 ResourceLimitError: a configured cap stopped the work."""


class HttpError(Exception):
    """Any other status the service answers by itself (404, 405, 409...)."""

    def __init__(self, status, etype, message):
        super().__init__(message)
        self.status, self.etype = status, etype


class Extra:
    """A result with extra top-level response fields (random's "state")."""

    def __init__(self, value, **fields):
        self.value, self.fields = value, fields


class Op:
    def __init__(self, path, fn, params, get):
        self.path, self.fn, self.params, self.get = path, fn, params, get


_REQUIRED = object()


def _spec(spec):
    """'int?' -> ('int', True, _REQUIRED); ('int', 0) -> ('int', False, 0)."""
    t, default = (spec, _REQUIRED) if isinstance(spec, str) else spec
    return t.rstrip('?'), t.endswith('?'), default


def op(path, /, get=False, **params):
    """Register fn as the operation at `path` (see the module docstring).  `path` is
    positional-only, so an operation may have an argument named 'path'."""
    def deco(fn):
        if path in ROUTES:
            raise ValueError(f"{path} registered twice")
        for name, spec in params.items():
            base, _, _ = _spec(spec)
            if base not in _WIRE_TYPES and base != 'any':
                raise ValueError(f"{path}: unknown type {spec!r} for {name}")
        ROUTES[path] = Op(path, fn, params, get)
        return fn
    return deco


# ------------------------------------------------------------------ the wire

def request_text(args):
    """The request body the runner sends for `args` (same rule as run.py):
    UTF-8 JSON, or all-ASCII JSON when a str holds a lone surrogate.  (Two
    adjacent surrogate escapes then read back as ONE astral code point, as
    JSON says: '\\ud83d\\ude00' is '😀' on the wire.)"""
    text = json.dumps(args, ensure_ascii=False)
    return text if wire_ok(text) else json.dumps(args)


def wire_ok(text):
    """True when `text` survives UTF-8 (no lone surrogate in a raw body)."""
    try:
        text.encode('utf-8')
        return True
    except UnicodeEncodeError:
        return False


_WIRE_TYPES = {
    'str': (str,), 'bytes': (str,), 'int': (int,), 'float': (int, float), 'num': (int, float),
    'bool': (bool,), 'list': (list,), 'dict': (dict,), 'strbytes': (str, dict),
    'strcall': (str, dict),   # a str, or an object the op checks (re.sub's callable repl); GET: the text
    'strbytescall': (str, dict),   # a str, {"$bytes"}, or an object the op checks; GET: the text
}
_TYPE_WORDS = {'strbytes': 'str or bytes', 'strbytescall': 'str or bytes', 'strcall': 'str'}


def wire_bytes(arg, v):
    """The {"$bytes": "<base64>"} wire form: bytes; any other value as it is; a
    malformed $bytes object (other keys, or not a base64 str) is a 400."""
    if not (isinstance(v, dict) and '$bytes' in v):
        return v
    b = v['$bytes']
    if len(v) != 1 or not isinstance(b, str):
        raise BadRequest(f"argument '{arg}': a bytes value is {{\"$bytes\": \"<base64>\"}}")
    try:
        return base64.b64decode(b, validate=True)
    except ValueError:
        raise BadRequest(f"argument '{arg}': \"$bytes\" must be base64") from None


def bytes_out(b):
    """bytes -> {"$bytes": "<base64>"}"""
    return {'$bytes': base64.b64encode(b).decode('ascii')}


def wire(v):
    """A result with every bytes value in it (items, values, itself) in the
    {"$bytes"} form: what an op answers for bytes it made from bytes arguments."""
    if isinstance(v, (bytes, bytearray)):
        return bytes_out(bytes(v))
    if isinstance(v, (list, tuple)):
        return [wire(x) for x in v]
    if isinstance(v, dict):
        return {k: wire(x) for k, x in v.items()}
    return v


def check_args(o, args):
    """JSON arguments -> keyword arguments of o.fn, or BadRequest."""
    for name in args:
        if name not in o.params:
            raise BadRequest(f"unknown argument '{name}'")
    kw = {}
    for name, spec in o.params.items():
        base, nullable, default = _spec(spec)
        if name not in args:
            if default is _REQUIRED:
                raise BadRequest(f"missing required argument '{name}'")
            continue
        v = args[name]
        if v is None:
            if not nullable and base != 'any':
                raise BadRequest(f"argument '{name}' must not be null")
            kw[name] = None
            continue
        if base != 'any':
            numeric = base in ('int', 'float', 'num')
            if not isinstance(v, _WIRE_TYPES[base]) or (numeric and isinstance(v, bool)):
                raise BadRequest(f"argument '{name}' must be of type {_TYPE_WORDS.get(base, base)}")
            if base in ('strbytes', 'strbytescall') and isinstance(v, dict):
                v = wire_bytes(name, v)
                if isinstance(v, dict) and base == 'strbytes':
                    raise BadRequest(f"argument '{name}' must be of type str or bytes")
            elif base == 'bytes':
                try:
                    v = base64.b64decode(v, validate=True)
                except ValueError:
                    raise BadRequest(f"argument '{name}' must be base64") from None
            elif base == 'float' and isinstance(v, int):
                v = float(v)   # OverflowError for a huge int: Python's answer (422)
        kw[name] = v
    return kw


def coerce_query(o, query):
    """A GET query -> JSON-like arguments: each value to its parameter's type
    (int; float when it has . e E or n, else int; true/false; JSON text for
    list/dict/any; text otherwise); the last of repeated names wins."""
    args = {}
    for name, values in urllib.parse.parse_qs(query, keep_blank_values=True).items():
        v = values[-1]
        base = _spec(o.params[name])[0] if name in o.params else 'str'
        try:
            if base == 'int':
                v = int(v)
            elif base in ('float', 'num'):
                v = float(v) if any(ch in v for ch in '.eEn') else int(v)
            elif base == 'bool':
                if v not in ('true', 'false'):
                    raise ValueError(v)
                v = v == 'true'
            elif base in ('list', 'dict', 'any'):
                v = json.loads(v)
        except (ValueError, RecursionError):
            raise BadRequest(f"argument '{name}' must be of type {base}") from None
        args[name] = v
    return args


INT_MAX_DIGITS = 100000           # pystd's --int-max-digits default: a longer int -> ResourceLimitError


def to_json(v):
    """A Python result -> its JSON form (API.md's table)."""
    if isinstance(v, int) and not isinstance(v, bool) and v.bit_length() > 332000:
        if len(str(abs(v))) > INT_MAX_DIGITS:
            raise ResourceLimit(f"an int of more than {INT_MAX_DIGITS} digits")
        return v
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if isinstance(v, (bytes, bytearray)):
        return base64.b64encode(bytes(v)).decode('ascii')
    if isinstance(v, time.struct_time):
        return {n: getattr(v, n) for n in ('tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec',
                                           'tm_wday', 'tm_yday', 'tm_isdst', 'tm_zone', 'tm_gmtoff')}
    if isinstance(v, dict):
        return {str(k): to_json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_json(x) for x in v]
    raise TypeError(f"no JSON form for {type(v).__name__}")


def type_name(exc):
    """The exception class as a traceback names it."""
    c = type(exc)
    return c.__qualname__ if c.__module__ == 'builtins' else f"{c.__module__}.{c.__qualname__}"


def error_of(exc):
    """A Python exception -> the "error" object of a 422 answer."""
    import re
    import urllib.error
    e = {"type": type_name(exc), "message": str(exc)}
    if isinstance(exc, re.error):
        e["pos"] = exc.pos
    elif isinstance(exc, json.JSONDecodeError):
        e.update(msg=exc.msg, pos=exc.pos, lineno=exc.lineno, colno=exc.colno)
    elif isinstance(exc, (UnicodeDecodeError, UnicodeEncodeError)):
        e.update(encoding=exc.encoding, start=exc.start, end=exc.end, reason=exc.reason)
    elif isinstance(exc, urllib.error.HTTPError):
        e.update(code=exc.code, reason=str(exc.reason))
    elif isinstance(exc, urllib.error.URLError):
        e.update(reason=str(exc.reason))
    elif isinstance(exc, OSError) and exc.errno is not None:
        e.update(errno=exc.errno, strerror=exc.strerror, filename=exc.filename)
        if exc.filename2 is not None:
            e["filename2"] = exc.filename2
    return to_json(e)


def _fail(status, etype, message):
    return status, {"error": {"type": etype, "message": message}}


def invoke(o, args):
    """Checked call of op o with JSON arguments -> (status, body)."""
    try:
        kw = check_args(o, args)
        out = o.fn(**kw)
        fields = {}
        if isinstance(out, Extra):
            out, fields = out.value, out.fields
        body = {"result": to_json(out)}
        for k, v in fields.items():
            body[k] = to_json(v)
        return 200, body
    except BadRequest as e:
        return _fail(400, "BadRequest", str(e))
    except ResourceLimit as e:
        return _fail(422, "ResourceLimitError", str(e))
    except HttpError as e:
        return _fail(e.status, e.etype, str(e))
    except RecursionError as e:
        return _fail(422, "ResourceLimitError", str(e))
    except Exception as e:  # noqa: BLE001 -- the Python function raised: that is the answer
        return 422, {"error": error_of(e)}


def call(method, path, query='', args_or_raw_body=None):
    """One request -> (status, body) as pystd must answer it.

    args_or_raw_body: a dict of arguments (sent as request_text(args)), a str
    (the exact request body), or None (no body)."""
    o = ROUTES.get(path)
    if o is None:
        return _fail(404, "NotFound", f"no such path: {path}")
    if method == 'GET' and o.get:
        try:
            args = coerce_query(o, query or '')
        except BadRequest as e:
            return _fail(400, "BadRequest", str(e))
        return invoke(o, args)
    if method != 'POST':
        return _fail(405, "MethodNotAllowed", f"{method} not allowed on {path}")
    if isinstance(args_or_raw_body, dict):
        text = request_text(args_or_raw_body)
    else:
        text = args_or_raw_body or ''
    try:
        args = json.loads(text) if text else {}
    except (ValueError, RecursionError) as e:
        return _fail(400, "BadRequest", f"body is not valid JSON: {e}")
    if not isinstance(args, dict):
        return _fail(400, "BadRequest", "body must be a JSON object")
    return invoke(o, args)


# ------------------------------------------------------------------ cases

def case(path, args=None, *, method='POST', query='', compare=None):
    """A request with JSON arguments (POST by default)."""
    c = {"path": path, "method": method, "query": query}
    if args is not None:
        c["args"] = args
    if compare:
        c["compare"] = compare
    return c


def get_case(path, /, query=None, *, compare=None, **params):
    """A GET request: `query` as raw text, or built from params (urlencode;
    a str value is sent as is, any other value as its JSON text).  `path` is
    positional-only: params may hold an argument named 'path'."""
    if query is None:
        pairs = []
        for k, v in params.items():
            if isinstance(v, bool):
                v = 'true' if v else 'false'
            elif not isinstance(v, (str, int, float)):
                v = json.dumps(v, ensure_ascii=False)
            pairs.append((k, v))
        query = urllib.parse.urlencode(pairs)
    return case(path, None, method='GET', query=query, compare=compare)


def body_case(path, body, *, method='POST', compare=None):
    """A request whose body is the exact text `body`."""
    c = {"path": path, "method": method, "query": "", "body": body}
    if compare:
        c["compare"] = compare
    return c


def steps(*cases, isolated=False):
    """A stateful sequence run in order (isolated: alone, after all others)."""
    s = {"steps": list(cases)}
    if isolated:
        s["isolated"] = True
    return s


def expect(c):
    """Run one case (not steps) through the model -> its 'expect' object."""
    if 'body' in c:
        payload = c['body']
    elif c.get('method', 'POST') == 'GET':
        payload = None
    else:
        payload = c.get('args') if c.get('args') is not None else ''
    status, body = call(c.get('method', 'POST'), c['path'], c.get('query', ''), payload)
    return {"status": status, "body": body}
