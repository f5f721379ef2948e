"""Cases of /v1/re/* with bytes ({"$bytes": "<base64>"}, issue 17): bytes patterns and subjects
(offsets in bytes, \\w \\d \\s \\b and IGNORECASE ASCII-only, LOCALE allowed and UNICODE refused,
(?L) / (?u) inline, \\u \\U \\N bad escapes), every function (groups, findall items, split items,
sub results, escape, compile's pattern as bytes), CPython's TypeErrors for a str pattern on bytes
and back, sub()'s repl of the other kind (the join's "sequence item N" at the first match, after
the template's own errors), and the 400s of a malformed $bytes object.  Random cases: the str
grammar of _re_gen.py with pattern, string and repl sent as bytes (UTF-8 or Latin-1)."""
import base64

from . import _re_gen
from .common import case

P = '/v1/re/'


def b(data):
    return {'$bytes': base64.b64encode(data).decode('ascii')}


def w(v):
    return b(v) if isinstance(v, bytes) else v


SUBJECTS = [b'', b'abc', b'a1 b2\tc3', b'\xe9t\xe9 \xc9T\xc9', b'caf\xc3\xa9 na\xefve', b'x_y\xff\x00z', b'A\nB\n',
            b'ABC abc', b'12\xb2\xb3 \xa0\x85', b'k K \xe6 \xc6']
PATTERNS = [rb'\w+', rb'\W+', rb'\d+', rb'\D', rb'\s+', rb'\S+', rb'\b\w', rb'\B.', rb'[\w]+', rb'[^\w\s]', rb'(?i)abc',
            rb'(?i)[a-z]+', rb'(?i)\xe9', rb'(?i)[\xe0-\xff]', rb'(?i:k)', rb'(?L)\w+', rb'(?Li)abc', rb'(?a)\w+',
            rb'(?P<w>\w)(?P<d>\d)?', rb'(a)|(b)', rb'.$', rb'^.', rb'\x41|\101', rb'[\x80-\xff]+', rb'\xff', rb'x*',
            rb'(?m)^\w', rb'(\w)\1', rb'(?i)(\w)\1', rb'(?<=\d)\w', rb'\Z', rb'\A\w']


def _scan():
    c = []
    for i, pat in enumerate(PATTERNS):
        for j, s in enumerate(SUBJECTS):
            if (i + j) % 3:
                continue
            fn = ['search', 'match', 'fullmatch', 'findall', 'finditer', 'split'][(i + 2 * j) % 6]
            c.append(case(P + fn, {'pattern': b(pat), 'string': b(s)}))
        c.append(case(P + 'findall', {'pattern': b(pat), 'string': b(b'Ab1 \xe9\xc9_\xff-z9')}))
        c.append(case(P + 'compile', {'pattern': b(pat)}))
    for flags in [0, 2, 4, 2 | 4, 8, 16, 32, 256, 4 | 256, 2 | 256, 64, ['L'], ['LOCALE', 'I'], ['U'], ['A', 'L']]:
        c.append(case(P + 'search', {'pattern': b(rb'(?:\w+\s)+'), 'string': b(b'\xe9a B\xc9 c'), 'flags': flags}))
        c.append(case(P + 'compile', {'pattern': b(b'a'), 'flags': flags}))
        c.append(case(P + 'compile', {'pattern': 'a', 'flags': flags}))
    for pat in [rb'\u0041', rb'\U00000041', rb'\N{DIGIT ONE}', rb'[\u0041]', rb'[\N{DIGIT ONE}]', rb'\x4', rb'\xzz',
                rb'\777', rb'(?u)a', rb'(?L)a', rb'(?La)a', rb'(?aL)a', rb'(?-u:a)', rb'(?u:a)', rb'(?L:a)',
                rb'(?a:\w)', rb'(?i-L:a)', rb'(?P<\xe9>a)', rb'(?P<a\xff>a)', rb'(?P<1>a)', rb'(', rb'\q', rb'[a-\x00]',
                rb'(?P=x)', rb'a{2,1}', rb'\x80', b'\\\xe9', rb'(?x) a # \xff']:
        c.append(case(P + 'compile', {'pattern': b(pat)}))
    for pat, s, extra in [('a', b'a', {}), (b'a', 'a', {}), ('a', b'a', {'pos': 2 ** 70}), (b'a', 'a', {'endpos': -1}),
                          (b'(a)(b)?', b'xab a', {'pos': 1, 'endpos': 4}), (b'a', b'aaa', {'pos': 5}),
                          (b'', b'\xff\xfe', {'pos': 1}), (b'$', b'ab\n', {'endpos': 2}), (b'\\b', b'\xe9a', {}),
                          (b'x', b'xx', {'pos': 3, 'endpos': 1})]:
        for fn in ['search', 'match', 'findall', 'finditer']:
            c.append(case(P + fn, dict({'pattern': w(pat), 'string': w(s)}, **extra)))
    for pat, s, ms in [('a', b'a', 0), (b'a', 'a', 0), (b'(,)', b'a,b,,c', 0), (b',', b'a,b,c', 1), (b'x*', b'axb', 0),
                       (b'(x)|(y)', b'1x2y3', 0), (b'a', 'a', 2 ** 70)]:
        c.append(case(P + 'split', {'pattern': w(pat), 'string': w(s), 'maxsplit': ms}))
    for s in [b'', b'a.b*c', b'\x00\xff\xe9 \n\t#&~', b'[]{}()^$|?+\\-', b'abc_123', 'x.y']:
        c.append(case(P + 'escape', {'pattern': w(s)}))
    return c


SUBS = [
    (b'x', b'y', b'axbx'), (b'(x)', rb'[\1]', b'axbx'), (b'(?P<n>x)', rb'\g<n>\g<0>', b'x-x'), (b'x*', b'-', b'abxd'),
    (b'x', b'y', b'aa'), (b'\xe9', b'\xc9', b'caf\xe9'), (b'(x)', rb'\0\101\n', b'x'), (b'x', rb'\u0041', b'x'),
    (b'x', rb'\x41', b'x'), (b'x', rb'\9', b'x'), (b'(a)|b', rb'[\1]', b'ab'),
    # repl of the other kind: the join's TypeError at the first match, after the template's errors
    (b'x', 'y', b'ax'), (b'x', 'y', b'xa'), (b'x', 'y', b'aa'), (b'x', '', b'axb'), (b'(x)', '\\1', b'axb'),
    (b'(x)', 'a\\1', b'axb'), (b'(x)', '\\1a', b'axb'), (b'(x)', 'a\\n', b'axb'), (b'(x)', '\\q', b'axb'),
    (b'(x)', '\\2', b'x'), ('x', b'y', 'xb'), ('(x)', b'\\1y', 'xb'), ('(x)', b'\\1', 'axb'), ('x', b'', 'abx'),
    ('(x)', b'\\g<1>\\g<1>', 'x'), (b'(x)|(y)', '\\2', b'x'),
    # pattern and string of different kinds
    ('x', 'y', b'axb'), (b'x', b'y', 'axb'), ('x', b'y', b'axb'), (b'x', 'y', 'axb'), ('(x)', '\\q', b'x'),
    ('(x)', b'\\9', b'x'),
]


def _sub():
    c = []
    for pat, repl, s in SUBS:
        for fn in ('sub', 'subn'):
            c.append(case(P + fn, {'pattern': w(pat), 'repl': w(repl), 'string': w(s)}))
    for count in [1, -1, 2 ** 70]:
        c.append(case(P + 'sub', {'pattern': b(b'x'), 'repl': 'y', 'string': b(b'axx'), 'count': count}))
        c.append(case(P + 'subn', {'pattern': b(b'x'), 'repl': b(b'y'), 'string': b(b'axx'), 'count': count}))
        c.append(case(P + 'sub', {'pattern': 'x', 'repl': 'y', 'string': b(b'axx'), 'count': count}))
    return c


MALFORMED = [{'$bytes': 'YQ'}, {'$bytes': 'YQ==', 'x': 1}, {'$bytes': 5}, {'x': 'YQ=='}, {'$bytes': '!!'}]


def _bad():
    c = []
    for bad in MALFORMED:
        c.append(case(P + 'search', {'pattern': bad, 'string': 'a'}))
        c.append(case(P + 'search', {'pattern': 'a', 'string': bad}))
        c.append(case(P + 'sub', {'pattern': 'a', 'repl': bad, 'string': 'a'}))
        c.append(case(P + 'escape', {'pattern': bad}))
    return c


def curated():
    return _scan() + _sub() + _bad()


def _to_bytes(rng, v):
    if not isinstance(v, str):
        return v
    if rng.random() < 0.5:
        try:
            return b(v.encode('latin-1'))
        except UnicodeEncodeError:
            pass
    return b(v.encode('utf-8', 'surrogatepass'))


def cases(rng):
    out = []
    for _ in range(400):
        c = _re_gen.one_case(rng)
        args = c.get('args')
        if args is None:            # a GET: bytes do not travel in a query
            continue
        mixed = rng.random() < 0.05
        for k in ('pattern', 'string', 'repl'):
            if k in args and not (mixed and k == rng.choice(['pattern', 'string', 'repl'])):
                args[k] = _to_bytes(rng, args[k])
        out.append(c)
    return out
