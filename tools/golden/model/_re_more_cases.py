"""Curated cases of issue 17's additions to /v1/re/*: /v1/re/expand (Match.expand of
re.search's match: every template family, windows, no match), re.sub/subn with a callable
repl {"function", "group"} (the functools/map vocabulary applied to a group; unmatched
groups, bad groups, non-str results and the join's TypeError, errors of the callable),
their 400s, and look-behinds wider than PCRE2 allows."""
from ._re_cases import TEMPLATES, c, g


def expand_cases():
    out = []
    pats = ['(a)(?P<name>b)?', '(?P<name>a)(b)(c)?', 'x*', '(a)|(b)', 'z', '(?P<name>\\w)']
    for i, t in enumerate(TEMPLATES):
        for pat in (pats[:3] if i % 2 else pats[3:]):
            out.append(c('expand', pattern=pat, string='abcab xz', template=t))
    out.append(c('expand', pattern='q', string='abc', template='\\9'))     # no match: the template is not read
    out.append(c('expand', pattern='q', string='abc', template='\\g<x'))
    out.append(c('expand', pattern='(', string='abc', template='x'))
    for pos, endpos in ((0, None), (2, None), (3, 5), (5, 3), (-1, None), (0, -1), (4, 100), (100, None),
                        (2 ** 70, None), (0, -2 ** 70)):
        out.append(c('expand', pattern='(\\w)(\\w)?', string='ab cd😀e', template='[\\2\\1]', pos=pos,
                     endpos=endpos))
    out.append(c('expand', pattern='(?i)(?P<k>K)(é)?', string='x\u212aé', template='\\g<k>-\\2-\\g<0>', flags=['I']))
    out.append(c('expand', pattern='^$', string='', template='empty:\\g<0>.'))
    out.append(c('expand', pattern='(a*)', string='bbb', template='<\\1>'))
    out.append(c('expand', pattern='(.)', string='😀', template='\\1' * 50))
    for bad in ({'pattern': 'a', 'string': 'a'}, {'pattern': 'a', 'string': 'a', 'template': 1},
                {'pattern': 'a', 'string': 'a', 'template': None}, {'pattern': 'a', 'string': 'a', 'template': 'x',
                                                                   'count': 1},
                {'pattern': 'a', 'string': 'a', 'template': 'x', 'pos': 1.5},
                {'pattern': 'a', 'string': 'a', 'template': {'function': 'str.upper'}}):
        out.append(c('expand', **bad))
    out.append(g('expand', pattern='(\\w+)@(\\w+)', string='mail bob@host', template='\\2:\\1'))
    out.append(g('expand', pattern='a', string='b', template='x'))
    return out


FUNCS = ['str.upper', 'str.lower', 'str.swapcase', 'str.title', 'builtins.len', 'builtins.repr', 'builtins.str',
         'builtins.int', 'builtins.float', 'builtins.ord', 'str.strip', 'builtins.sorted', 'builtins.bool',
         'operator.neg', 'operator.add', 'math.sqrt', 'builtins.hex', 'str.casefold', 'str.zfill']


def callable_cases():
    out = []
    subs = [('(\\d)|(\\w)', 'a1 b22 c'), ('(?P<w>\\w+)( )?', 'hello big world'), ('x*', 'abxd'),
            ('ß|(ǆ)', 'straße ǆungla'), ('(\\d+)', 'a 12 345 6'), ('q', 'no match here')]
    for i, fn in enumerate(FUNCS):
        for k, (pat, s) in enumerate(subs):
            for grp in (0, 1, 2):
                op = 'subn' if (i + k + grp) % 3 == 0 else 'sub'
                out.append(c(op, pattern=pat, repl={'function': fn, 'group': grp}, string=s))
    r = lambda **kw: out.append(c('sub', **kw))  # noqa: E731
    r(pattern='(?P<w>\\w+)', repl={'function': 'str.upper', 'group': 'w'}, string='ab cd')
    r(pattern='(?P<w>\\w+)', repl={'function': 'str.upper'}, string='ab cd')           # group 0 by default
    r(pattern='(?P<w>\\w+)', repl={'function': 'str.upper', 'group': 'x'}, string='ab cd')  # IndexError
    r(pattern='(?P<w>\\w+)', repl={'function': 'str.upper', 'group': 'x'}, string='..')     # no match: no error
    r(pattern='(\\w)', repl={'function': 'str.upper', 'group': '1'}, string='ab')
    for grp in (-1, 2, 3, 2 ** 64, -2 ** 64, 10 ** 30):
        r(pattern='(\\w)(\\d)?', repl={'function': 'builtins.repr', 'group': grp}, string='a1b')
    r(pattern='(\\w)', repl={'function': 'str.upper', 'group': 1}, string='ab', count=1)
    r(pattern='(\\w)', repl={'function': 'builtins.len', 'group': 1}, string='ab', count=1)
    r(pattern='a', repl={'function': 'builtins.len'}, string='a')          # sequence item 0
    r(pattern='a', repl={'function': 'builtins.len'}, string='xaya')       # item 1
    r(pattern='a', repl={'function': 'builtins.len'}, string='aa')
    r(pattern='(a)|b', repl={'function': 'builtins.repr', 'group': 1}, string='ab')
    r(pattern='(a)|(b)', repl={'function': 'builtins.sorted', 'group': 2}, string='xbaxb')  # a list: TypeError
    r(pattern='(a)|(b)', repl={'function': 'builtins.len', 'group': 2}, string='xbax')   # the None first: TypeError
    r(pattern='\\d', repl={'function': 'builtins.float'}, string='x1 2')
    r(pattern='\\d', repl={'function': 'builtins.bool'}, string='1')
    r(pattern='x', repl={'function': 'builtins.int'}, string='axb')        # ValueError from int()
    r(pattern='(x)', repl={'function': 'builtins.len', 'group': 1}, string='axbxx', count=2)
    r(pattern='(x)', repl={'function': {'partial': 'operator.concat', 'args': ['<']}, 'group': 1}, string='axbx')
    r(pattern='(x)', repl={'function': {'partial': 'str.replace', 'args': [], 'keywords': {}}, 'group': 1},
      string='ax')
    r(pattern='(\\d+)', repl={'function': {'partial': 'builtins.int', 'keywords': {'base': 16}}, 'group': 1},
      string='ff 10')
    r(pattern='(\\w+)', repl={'function': {'partial': 'str.zfill', 'args': []}, 'group': 1}, string='ab')
    r(pattern='(\\d)', repl={'function': {'partial': 'operator.pow', 'args': [-8]}, 'group': 1}, string='1')
    r(pattern='', repl={'function': 'builtins.repr'}, string='ab')
    # the 400s: not a callable repl, a bad function, a bad group
    for bad in ({}, {'group': 1}, {'function': 'str.upper', 'x': 1}, {'function': 'nope.nope'},
                {'function': 3}, {'function': 'str.upper', 'group': None}, {'function': 'str.upper', 'group': 1.0},
                {'function': 'str.upper', 'group': True}, {'function': 'str.upper', 'group': [1]},
                {'function': {'partial': 'str.upper', 'args': 1}}, {'function': {'function': 'str.upper'}}, [],
                3, None, True):
        r(pattern='(a)', repl=bad, string='a')
        r(pattern='(', repl=bad, string='a')
    out.append(c('subn', pattern='(', repl={'function': 'str.upper'}, string='a'))
    out.append(g('sub', pattern='a', repl='{"function": "str.upper"}', string='a'))   # GET: a str template
    return out


def long_lookbehind_cases():
    """Look-behinds wider than PCRE2's 65535 (CPython accepts up to 2**32 - 1 wide)."""
    out = []
    x = 'x' * 65536
    for i, pat in enumerate(('(?<=x{65536})y', '(?<!x{65536})y', '(?<=(x)x{65535})y', '(?<=x{65536}(?=y))')):
        for s in ((x + 'y', x[1:] + 'y') if i < 2 else (x + 'y',)):
            out.append(c('search', pattern=pat, string=s))
    out.append(c('findall', pattern='(?<=[ab]{65540})c', string='ab' * 32770 + 'cc' + 'ab' * 10 + 'c'))
    out.append(c('search', pattern='(?<=(a|b){70000})c', string='ab' * 35000 + 'c'))
    out.append(c('search', pattern='(?<=(?<=q)a{70000})b', string='q' + 'a' * 70000 + 'b'))
    out.append(c('search', pattern='(?i)(?<=(K)x{70000})(.)', string='k' + 'X' * 70000 + 'z'))
    out.append(c('search', pattern='(a)(?<=(?(1)a|b).{69999})', string='a' * 70001))
    out.append(c('search', pattern='(?<=(?:(?:.{128}){128}){8})x', string='y' * 131072 + 'x'))
    out.append(c('subn', pattern='(?<!a{65536})', repl='', string='a' * 65537))
    for p1 in ('(?<=((.{%d}){%d}){%d})', '(?<!((.{%d}){%d}){%d})'):    # test_re's test_look_behind_overflow
        for t in ((2 ** 22, 1, 1), (1, 2 ** 22, 1), (1, 1, 2 ** 22), (2 ** 22, 2 ** 22, 2 ** 22), (2 ** 16, 2 ** 16, 1)):
            out.append(c('compile', pattern=p1 % t))
    out.append(c('compile', pattern='(?<=x{4294967295})'))
    out.append(c('compile', pattern='(?<=x{65535}y{65535})z'))
    return out


def curated():
    return expand_cases() + callable_cases() + long_lookbehind_cases()
