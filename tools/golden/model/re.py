"""Model of /v1/re/*: Python's re on str patterns, offsets in code points, a
compiled-pattern cache with lru_cache-like counters; and its cases (curated
lists in _re_cases.py, random patterns from the grammar in _re_gen.py)."""
import re
from collections import OrderedDict

from .common import BadRequest, op, wire

P = '/v1/re/'

FLAG_BY_NAME = {
    'NOFLAG': 0, 'I': 2, 'IGNORECASE': 2, 'L': 4, 'LOCALE': 4, 'M': 8, 'MULTILINE': 8, 'S': 16,
    'DOTALL': 16, 'U': 32, 'UNICODE': 32, 'X': 64, 'VERBOSE': 64, 'A': 256, 'ASCII': 256,
}
ALLOWED_BITS = 2 | 4 | 8 | 16 | 32 | 64 | 256


def flags_value(v):
    """The `flags` argument (an int of allowed bits, or a list of names) -> int."""
    if isinstance(v, int) and not isinstance(v, bool):
        if v < 0 or v & ~ALLOWED_BITS:
            raise BadRequest("argument 'flags' has bits that are not re flags")
        return v
    if isinstance(v, list):
        bits = 0
        for name in v:
            if not isinstance(name, str) or name not in FLAG_BY_NAME:
                raise BadRequest(f"argument 'flags': unknown flag name {name!r}")
            bits |= FLAG_BY_NAME[name]
        return bits
    raise BadRequest("argument 'flags' must be an int or a list of flag names")


class Cache:
    """The service's compiled-pattern cache: an LRU of (pattern, flags) with
    functools.lru_cache's counters (a failed compile is a miss, not stored)."""
    MAXSIZE = 512

    def __init__(self):
        self.table = OrderedDict()
        self.hits = self.misses = 0

    def get(self, pattern, flags):
        key = (pattern, flags)
        if key in self.table:
            self.hits += 1
            self.table.move_to_end(key)
            return self.table[key]
        self.misses += 1
        compiled = re.compile(pattern, flags)
        self.table[key] = compiled
        if len(self.table) > self.MAXSIZE:
            self.table.popitem(last=False)
        return compiled

    def clear(self):
        self.table.clear()
        self.hits = self.misses = 0


CACHE = Cache()


def compiled(pattern, flags):
    return CACHE.get(pattern, flags_value(flags))


def match_json(m):
    if m is None:
        return None
    n = m.re.groups
    return {"group": m.group(0), "span": list(m.span()), "groups": list(m.groups()),
            "spans": [list(m.span(i)) for i in range(1, n + 1)], "groupdict": m.groupdict(),
            "lastindex": m.lastindex, "lastgroup": m.lastgroup}


def window(pos, endpos):
    return (pos,) if endpos is None else (pos, endpos)


SCAN = dict(pattern='strbytes', string='strbytes', flags=('any', 0), pos=('int', 0), endpos=('int?', None))
SUB = dict(pattern='strbytes', repl='strbytescall', string='strbytes', count=('int', 0), flags=('any', 0))
CALLABLE_BYTES = ('a callable repl ({"function": ...}) takes a str pattern and string; '
                  'with bytes, repl is a template')


def repl_of(repl):
    """A template (str or bytes), or {"function": callable, "group": int or name} -> lambda m: function(m.group(group))."""
    if isinstance(repl, (str, bytes)):
        return repl
    from .functools import callable_of
    if 'function' not in repl or set(repl) - {'function', 'group'}:
        raise BadRequest('argument \'repl\' must be a str or {"function": callable, "group": int or str}')
    g = repl.get('group', 0)
    if isinstance(g, bool) or not isinstance(g, (int, str)):
        raise BadRequest("the group of a callable repl must be an int or a str")
    fn = callable_of(repl['function'])
    return lambda m: fn(m.group(g))


def sub_args(pattern, repl, string, flags):
    """The compiled pattern and the repl sre gets, checked in pystd's order."""
    fn = repl_of(repl)
    p = compiled(pattern, flags)
    if isinstance(repl, dict) and (isinstance(pattern, bytes) or isinstance(string, bytes)):
        raise BadRequest(CALLABLE_BYTES)
    return p, fn


@op(P + 'search', get=True, **SCAN)
def search(pattern, string, flags=0, pos=0, endpos=None):
    return wire(match_json(compiled(pattern, flags).search(string, *window(pos, endpos))))


@op(P + 'match', get=True, **SCAN)
def match(pattern, string, flags=0, pos=0, endpos=None):
    return wire(match_json(compiled(pattern, flags).match(string, *window(pos, endpos))))


@op(P + 'fullmatch', get=True, **SCAN)
def fullmatch(pattern, string, flags=0, pos=0, endpos=None):
    return wire(match_json(compiled(pattern, flags).fullmatch(string, *window(pos, endpos))))


@op(P + 'findall', get=True, **SCAN)
def findall(pattern, string, flags=0, pos=0, endpos=None):
    return wire(compiled(pattern, flags).findall(string, *window(pos, endpos)))


@op(P + 'finditer', get=True, **SCAN)
def finditer(pattern, string, flags=0, pos=0, endpos=None):
    return wire([match_json(m) for m in compiled(pattern, flags).finditer(string, *window(pos, endpos))])


@op(P + 'sub', get=True, **SUB)
def sub(pattern, repl, string, count=0, flags=0):
    p, fn = sub_args(pattern, repl, string, flags)
    return wire(p.sub(fn, string, count))


@op(P + 'subn', get=True, **SUB)
def subn(pattern, repl, string, count=0, flags=0):
    p, fn = sub_args(pattern, repl, string, flags)
    return wire(p.subn(fn, string, count))


@op(P + 'expand', get=True, pattern='str', string='str', template='str', flags=('any', 0), pos=('int', 0),
    endpos=('int?', None))
def expand(pattern, string, template, flags=0, pos=0, endpos=None):
    m = compiled(pattern, flags).search(string, *window(pos, endpos))
    return None if m is None else m.expand(template)


@op(P + 'split', get=True, pattern='strbytes', string='strbytes', maxsplit=('int', 0), flags=('any', 0))
def split(pattern, string, maxsplit=0, flags=0):
    return wire(compiled(pattern, flags).split(string, maxsplit))


@op(P + 'escape', get=True, pattern='strbytes')
def escape(pattern):
    return wire(re.escape(pattern))


@op(P + 'compile', get=True, pattern='strbytes', flags=('any', 0))
def compile_(pattern, flags=0):
    p = compiled(pattern, flags)
    return {"pattern": wire(p.pattern), "flags": p.flags, "groups": p.groups, "groupindex": dict(p.groupindex)}


@op(P + 'purge', get=True)
def purge():
    re.purge()
    CACHE.clear()


@op(P + 'cache_info', get=True)
def cache_info():
    return {"hits": CACHE.hits, "misses": CACHE.misses, "maxsize": CACHE.MAXSIZE, "currsize": len(CACHE.table)}


def curated():
    from . import _re_bytes_cases, _re_cases, _re_more_cases
    return _re_cases.curated() + _re_bytes_cases.curated() + _re_more_cases.curated()


def cases(rng):
    from . import _re_bytes_cases, _re_gen
    return _re_gen.cases(rng) + _re_bytes_cases.cases(rng)
