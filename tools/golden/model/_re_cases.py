"""Curated cases of /v1/re/*: CPython's own re_tests table, every re.error
family of the parser and of replacement templates, flags in both forms,
Unicode and astral offsets, pos/endpos/count/maxsplit edges, GET forms,
pystd's 400s, and the pattern cache (isolated steps)."""
import importlib.util
import os
import sysconfig

from .common import case, get_case, steps

P = '/v1/re/'
SCAN_OPS = ['search', 'match', 'fullmatch', 'findall', 'finditer']


def c(fn, compare=None, **args):
    return case(P + fn, args, compare=compare)


def g(fn, **params):
    return get_case(P + fn, **params)


def stdlib_re_tests():
    """Lib/test/re_tests.py of this interpreter (3.11.7): (pattern, string, outcome)."""
    path = os.path.join(sysconfig.get_paths()['stdlib'], 'test', 're_tests.py')
    spec = importlib.util.spec_from_file_location('golden_re_tests', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return [(t[0], t[1], t[2]) for t in mod.tests]


def from_re_tests():
    out = []
    for n, (pattern, string, outcome) in enumerate(stdlib_re_tests()):
        out.append(c('search', pattern=pattern, string=string))
        if outcome == 2:                          # a syntax error: where and why
            out.append(c('compile', pattern=pattern))
            continue
        k = n % 6
        out.append(c(['findall', 'finditer', 'match', 'fullmatch', 'split', 'compile'][k],
                     pattern=pattern, string=string) if k != 5 else c('compile', pattern=pattern))
        if n % 2 == 0:
            out.append(c('subn', pattern=pattern, repl='[\\g<0>]', string=string))
        if n % 5 == 0:
            out.append(c('search', pattern=pattern, string=string, flags=['IGNORECASE']))
        if n % 6 == 1:
            out.append(c('finditer', pattern=pattern, string=string, pos=1, endpos=max(0, len(string) - 1)))
    return out


# re.error (and ValueError / OverflowError) from the parser: each family
PARSE_ERRORS = [
    '(', '(a', '((a)', 'a)', ')', '(?:a', '[', '[a', '[^', '[]', '[^]', '[a-', '[\\', '\\', 'a\\',
    '*', '+', '?', '{1}', 'a**', 'a*+*', 'a{2}{3}', 'a?*', '(*)', '(?:*)', '|*', '^*', '$*', 'a{3,2}',
    'a{4294967296}', 'a{1,4294967296}', 'a{99999999999}', '[b-a]', '[z-a]', '[\\w-z]', '[a-\\d]', '[\\d-\\w]',
    '\\q', '\\e', '[\\q]', '\\c', '\\i', '\\Y', '\\8', '\\9', '\\18', '[\\8]', '\\777', '\\400', '[\\777]',
    '\\x', '\\x1', '\\xg0', '\\u', '\\u12', '\\u12g4', '\\U', '\\U0011ffff', '\\U1234567', '\\N', '\\N{',
    '\\N{LATIN SMALL LETTER A', '\\N{NO SUCH NAME}', '\\N{}', '[\\N{BOGUS}]', '\\N{latin small letter a}x',
    '(?', '(?<', '(?<a', '(?P', '(?Px)', '(?P<', '(?P<a', '(?P<a>', '(?P<>a)', '(?P<1a>x)', '(?P<a b>x)',
    '(?P<a-b>x)', '(?P<a>x)(?P<a>y)', '(?P=', '(?P=a', '(?P=a)', '(?P<a>x)(?P=b)', '(?P=1)', '(?P=a b)',
    '(?P<a>(?P=a))', '(a\\1)', '\\1', '(a)\\2', '(?P<a>a)(?P=a', '(?x', '(?z)', '(?iz)', '(?-', '(?-z:a)',
    '(?i-i:a)', '(?-i)', '(?a-u:x)', '(?au:x)', '(?L)x', '(?L:x)', '(?u)(?a)x', '(?-a:x)', '(?-u:x)',
    '(?-L:x)', 'x(?i)', 'a(?s)b', '(?i', '(?i:', '(?#', '(?#abc', '(?=', '(?!', '(?<=', '(?<!', '(?<=a*)b',
    '(?<=a+)b', '(?<=a|bc)d', '(?<!a{1,2})b', '(?<=(a)|b)c', '(?<=\\1)(a)', '(a)(?<=\\1)', '(?(', '(?(1',
    '(?(1)', '(?(1)a', '(?(1)a|b|c)', '(?(0)a)', '(?(-1)a)', '(?(a)b)', '(?(1a)b)', '(?(99)a)', '(?(a b)c)',
    '(?P<x>a)(?(x', '(a)(?(1)b|c)', '(?|a)', '(?R)', '(?1)', '(?&a)', '(?>a', '(?>', 'a++b', 'a{1,2}+',
    '(?P>a)', '(?P=x)(?P<x>a)', '\\k<a>', '(?<a>x)\\k<a>', '\\g<1>', '[[:alpha:]]', '[a-z--b]', '[[a]',
    '\\0', '\\07', '\\08', '\\x41', '\\u0041', '\\U00000041', '\\N{DIGIT ONE}', '\\N{EM DASH}+',
    '(?x)a b (?#c) # d\n e', '(?x)[ #]', '(?x)\\ ', '(?x)a{ 2}', 'x{', 'x{,', 'x{,}', 'x{a}', 'x{1', 'x{1,',
    'x{,2}', 'x{2,}', 'x{0}', 'x{0,0}', '(?i)', '(?s).', '(?m)^$', '(?x)', '(?ax)\\w', '(?imsx-imsx:a)',
    '(?-imsx)', '\\b*', '\\A+', '(?=a)*', '(?<=a)?b', '$+', '^?a', 'a|', '|', '||', '()', '(?:)', '(|a)',
    'a{1}{2}', 'a{,1}?', 'a{1,1}+', '.{65535}', '.{65536}', 'a{1000000000}', '[\\w\\W]', '[^\\w\\W]',
    '[\\s\\S]+', '[\\b]', '[\\B]', '[\\A]', '[\\Z]', '\\Z', '\\z', '\\G', '\\R', '\\h', '\\v', '\\V',
    '\\K', '\\Q', '\\E', '\\p{L}', '\\P{L}', '\\X', '\\C', '[\\Q]', '(?P<😀>a)', '(?P<名前>a)', '(?P<a1_>a)',
    '(?P<_>a)', '(?P<é>a)', '(?P<\u0301a>a)', '(?P<a\u0301>a)', '(?P<ℌ>a)',
]

# replacement templates: valid ones and every re.error / IndexError family
TEMPLATES = [
    '', 'x', '\\0', '\\1', '\\2', '\\10', '\\01', '\\011', '\\0111', '\\400', '\\377', '\\8', '\\9',
    '\\g<0>', '\\g<1>', '\\g<2>', '\\g<3>', '\\g<name>', '\\g<bogus>', '\\g<1', '\\g<', '\\g', '\\g1',
    '\\g<>', '\\g<-1>', '\\g< 1>', '\\g<+1>', '\\g<1a>', '\\g<01>', '\\g<99999999999999999999>', '\\g<\u0661>',
    '\\n\\t\\r\\f\\v\\a\\b', '\\\\', '\\q', '\\x41', '\\x4', '\\u0041', '\\U0001F600', '\\N{EM DASH}',
    '\\', 'a\\', '\\&', '$1', '${1}', '\\k<name>', '[\\g<0>]', '<\\1|\\2>', '\\1\\g<name>\\1',
    '\\g<name>\\g<0>\\g<name>', '\\u12', '\\U0011FFFF', '\\d', '\\w', '\\-', '\\ ', '\\\n', '\\"', "\\'",
]


def parse_errors():
    out = []
    for i, p in enumerate(PARSE_ERRORS):
        out.append(c('compile', pattern=p))
        out.append(c(SCAN_OPS[i % 5], pattern=p, string='a' + p[:3] + 'ab\u2014A'))
        if i % 5 == 0:
            out.append(c('compile', pattern=p, flags=['VERBOSE']))
    return out


def templates():
    out = []
    pats = ['(a)(?P<name>b)?', '(?P<name>a)(b)(c)?', 'x*', '(a)|(b)', 'z', '(?P<name>\\w)']
    for i, t in enumerate(TEMPLATES):
        for k, pat in enumerate(pats[:3] if i % 2 else pats[3:]):
            out.append(c('sub' if k % 2 else 'subn', pattern=pat, repl=t, string='abcab xz'))
    out.append(c('sub', pattern='a', repl='\\1', string='bbb'))   # no match: is the template still checked?
    out.append(c('sub', pattern='a', repl='\\g<x', string=''))
    return out


FLAG_FORMS = [0, 2, 8, 16, 32, 64, 256, 2 | 8, 2 | 16 | 64, 2 | 256, 32 | 256, 4, 4 | 2, 256 | 4,
              ['I'], ['IGNORECASE'], ['M', 'S'], ['MULTILINE', 'DOTALL', 'VERBOSE'], ['A'], ['ASCII', 'I'],
              ['U'], ['UNICODE'], ['NOFLAG'], [], ['L'], ['LOCALE'], ['U', 'A'], ['X'], ['I', 'I', 'NOFLAG'],
              # pystd's 400s
              1, 128, 512, 3, -1, 2 ** 40, 2 ** 70, True, False, 2.0, '2', 'I', ['i'], ['IGNORE'], [2],
              [None], ['I', 'T'], ['DEBUG'], ['TEMPLATE'], {'I': True}, [['I']]]


def flags_cases():
    out = []
    for i, fl in enumerate(FLAG_FORMS):
        out.append(c('compile', pattern='(?P<w>k\\w+)\\s$', flags=fl))
        out.append(c(SCAN_OPS[i % 5], pattern='(?P<w>k\\w+)\\s$', string='K\u212a\u00e9x \nkb\t', flags=fl))
        out.append(c('sub', pattern='^k.', repl='<\\g<0>>', string='kA\nK\u212a\nkx', flags=fl))
        out.append(c('split', pattern='K', string='akbKck', flags=fl))
        out.append(g('search', pattern='k', string='K', flags=fl))
    out.append(c('search', pattern='a', string='A', flags=None))
    out.append(g('search', pattern='a', string='A', flags='%5B%22I%22'))   # not JSON: 400
    return out


UNICODE_TEXTS = ['', 'abc', 'ABC xyz', 'Straße STRASSE strasse', 'ſ s S', 'K k \u212a', 'İ i ı I',
                 'ΣΑΣ σας Σ σ ς', 'µ μ Μ', 'ǅ ǆ Ǆ', 'ﬁ FI fi', 'ǰ J̌', 'é É e\u0301',
                 '١٢٣ 123 ¹²³ ½ Ⅻ', '日本語 テキスト', '😀x😀y 👍🏽', '🇫🇷🇩🇪', 'a\u00a0b\u2003c\u3000d\x1ce\x1f',
                 'a\u2028b\u2029c\x85d\re\nf\x0bg\x0ch', 'tab\there', '\x00\x01\x7f', 'a\ud800b\udc00c',
                 '\U0001d400\U0001d41a \U00010400\U00010428', 'ꙮ ẞ ß', 'ŉ Ŋ ŋ', 'Ω Ω ω', 'Å Å å', 'ǈ ǉ Ǉ']
UNICODE_PATTERNS = ['\\w+', '\\W+', '\\d+', '\\D', '\\s+', '\\S+', '\\b\\w', '\\B\\w', '[a-z]+', '[A-Z]+',
                    '[^a-z ]+', 'ss', 'ß', 'ẞ', 'k', 'K', '\u212a', 's', 'ſ', 'i', 'I', 'ı', 'İ', 'σ', 'Σ',
                    'ς', 'µ', 'μ', 'ǆ', 'Ǆ', 'ǅ', 'ﬁ', 'fi', '[ǅ-ǆ]', '[k-l]', '[\u212a]', '[^k]', '[σ-σ]',
                    '.', '.+', '^.*$', '(?m)^.', '(?s).{2}', '[\\U0001F600-\\U0001F64F]', '[😀-😂]', '\\u00e9',
                    '\\U0001d400', '[\\ud800-\\udfff]', '\\ud800', '\\x85', '\\n', '$', '\\Z', 'Ω', 'ω', 'å',
                    '[à-ÿ]+', '[\\w--]', '\\w\\b', '[\u0300-\u036f]']


def unicode_cases():
    out = []
    n = 0
    for p in UNICODE_PATTERNS:
        for flags in (0, ['I'], ['A'], ['I', 'A']):
            t = UNICODE_TEXTS[n % len(UNICODE_TEXTS)]
            n += 1
            out.append(c('findall', pattern=p, string=t, flags=flags))
            if n % 4 == 0:
                out.append(c('finditer', pattern=p, string=UNICODE_TEXTS[(n * 7) % len(UNICODE_TEXTS)],
                             flags=flags))
    for t in UNICODE_TEXTS:
        out.append(c('split', pattern='\\s', string=t))
        out.append(c('sub', pattern='(?i)[^\\W\\d]', repl='_', string=t))
        out.append(c('search', pattern='(\\w)(\\W)', string=t))
        out.append(c('escape', pattern=t))
    return out


def window_cases():
    out = []
    s = 'ab😀cd\nab'
    for pos, endpos in [(0, None), (1, None), (2, 5), (3, 3), (5, 2), (-1, None), (-100, None), (0, -1),
                        (0, -100), (100, None), (0, 100), (8, 9), (9, 9), (2 ** 63, None), (0, 2 ** 63),
                        (-2 ** 63, None), (2 ** 64, None), (0, -2 ** 64), (2 ** 100, None)]:
        args = dict(pattern='(?m)^ab|\\b|$', string=s, pos=pos)
        if endpos is not None:
            args['endpos'] = endpos
        for fn in SCAN_OPS:
            out.append(c(fn, **args))
    for fn in SCAN_OPS:
        out.append(c(fn, pattern='^a', string='ba', pos=1))
        out.append(c(fn, pattern='\\Aa', string='ba', pos=1))
        out.append(c(fn, pattern='a$', string='ab', endpos=1))
        out.append(c(fn, pattern='a\\Z', string='ab', endpos=1))
        out.append(c(fn, pattern='(?<=b)a', string='ba', pos=1))
        out.append(c(fn, pattern='\\ba', string='ba', pos=1))
        out.append(c(fn, pattern='', string='', pos=0, endpos=0))
        out.append(c(fn, pattern='x', string='x', endpos=None))
        out.append(c(fn, pattern='x', string='x', pos=None))
        out.append(c(fn, pattern='x', string='x', pos=1.0))
        out.append(c(fn, pattern='x', string='x', endpos='1'))
    for count in [0, 1, 2, 3, -1, -5, 2 ** 31, 2 ** 63, 2 ** 64, -2 ** 64, 2 ** 100]:
        out.append(c('sub', pattern='a|', repl='-', string='baaac', count=count))
        out.append(c('subn', pattern='(a)', repl='\\1\\1', string='aaa', count=count))
        out.append(c('split', pattern='(a)|,', string='a,b,a,', maxsplit=count))
        out.append(c('split', pattern='', string='abc', maxsplit=count))
    return out


EMPTY_MATCH_PATTERNS = ['', 'x*', 'a|', '|a', '\\b', '\\B', '^', '$', '(?=b)', '(?!a)', '(?<=a)', 'a??',
                        '(a*)', '(a)|x*', '(?m)$', '(?m)^', '\\s*', 'a*?', '(?:)*', '(b?)']


def empty_match_cases():
    out = []
    for i, p in enumerate(EMPTY_MATCH_PATTERNS):
        for s in ['', 'a', 'ab', 'aab b\nba', '😀ab']:
            out.append(c(['sub', 'subn', 'split', 'findall', 'finditer'][(i + len(s)) % 5], pattern=p,
                         string=s, **({'repl': '<\\g<0>>'} if (i + len(s)) % 5 < 2 else {})))
    return out


def escape_cases():
    out = []
    for t in ['', 'abc', 'a.b*c', '1+1=2?', '-', '_', '\x00', '\t\n\r\x0b\x0c', ' ', '#', '&~', '!"#$%&\'()*+,-./',
              ':;<=>?@[\\]^_`{|}~', 'é日😀', '\ud800', 'a\udfffb', '\x7f\x80\x9f', '\u2028', ''.join(map(chr, range(128))),
              'www.python.org', '[a-z]{2,3}', '\U0010ffff']:
        out.append(c('escape', pattern=t))
        out.append(g('escape', pattern=t) if '\ud800' not in t and '\udfff' not in t else c('escape', pattern=t + '!'))
    # an escaped text matches itself
    for t in ['a.b*c', '(x)|[y]', '^$\\', '\x00é😀 {1}']:
        import re
        out.append(c('fullmatch', pattern=re.escape(t), string=t))
    out.append(c('escape', pattern=None))
    out.append(c('escape', pattern=1))
    out.append(c('escape'))
    return out


def compile_cases():
    out = []
    for p in ['', 'a', '(a)(b)', '(?P<x>a)(?P<y>b)?(c)', '(?:a)(?P<n>b)', '(?i)a', '(?m)a', '(?s)a', '(?x)a',
              '(?a)a', '(?u)a', '(?im)(?P<q>a)', '(?i:a)', '(?P<名>.)', '((((((((((a))))))))))', '(?#x)(a)',
              '(?P<a>x)|(?P<b>y)', '(a)(?:b)(?=c)(?!d)(?<=e)(?<!f)', '\\d', '(?x) ( a ) # c']:
        for fl in (0, ['I'], ['A', 'M'], 64):
            out.append(c('compile', pattern=p, flags=fl))
    out.append(g('compile', pattern='(?P<x>a)'))
    out.append(g('compile', pattern='(?P<x>a)', flags=2))
    out.append(g('compile', pattern='(?P<x>a)', flags=['I', 'M']))
    return out


def bad_requests():
    out = []
    for fn in SCAN_OPS:
        out.append(c(fn, pattern='a'))
        out.append(c(fn, string='a'))
        out.append(c(fn, pattern=1, string='a'))
        out.append(c(fn, pattern='a', string=None))
        out.append(c(fn, pattern='a', string=['a']))
        out.append(c(fn, pattern='a', string='a', bogus=1))
        out.append(c(fn, pattern='a', string='a', count=1))
    out.append(c('sub', pattern='a', string='a'))
    out.append(c('sub', pattern='a', repl=None, string='a'))
    out.append(c('sub', pattern='a', repl='b', string='a', count=1.5))
    out.append(c('sub', pattern='a', repl='b', string='a', count=None))
    out.append(c('subn', pattern='a', repl='b', string='a', maxsplit=1))
    out.append(c('split', pattern='a', string='a', maxsplit=True))
    out.append(c('split', pattern='a', string='a', count=1))
    out.append(c('compile', pattern='a', string='a'))
    out.append(c('compile'))
    out.append(c('purge', x=1))
    out.append(c('cache_info', x=1))
    # the body itself, other methods and paths
    from .common import body_case
    for body in ['', '{}', '[]', 'null', '1', '"x"', '{"pattern": "a", "string": "a"', '{"pattern": "a", "string": "a"} x',
                 "{'pattern': 'a'}", '{"pattern": "a", "string": "b", "pattern": "b"}', '{"pattern": "\\ud800", "string": "\\ud800"}',
                 '{"pattern": "(?P<x>a)", "string": "a", "flags": NaN}', '{"pattern": "a", "string": "a", "pos": 1e0}',
                 '{"pattern": "a", "string": "aa", "pos": -0}', '{"pattern": "a", "string": "a", "endpos": 1.0}',
                 '\ufeff{"pattern": "a", "string": "a"}', ' \n{"pattern": "a", "string": "a"}\n ']:
        out.append(body_case(P + 'search', body))
    out.append(case(P + 'search', {'pattern': 'a', 'string': 'a'}, method='PUT'))
    out.append(case(P + 'search', {'pattern': 'a', 'string': 'a'}, method='DELETE'))
    out.append(case(P + 'nosuch', {'pattern': 'a'}))
    out.append(case('/v1/re', {}))
    out.append(get_case(P + 'nosuch', pattern='a'))
    return out


def get_forms():
    out = []
    for fn in SCAN_OPS:
        out.append(g(fn, pattern='(\\w)(\\d)?', string='a1 b c3'))
        out.append(g(fn, pattern='(\\w)(\\d)?', string='a1 b c3', pos=2, endpos=6))
        out.append(g(fn, pattern='é+', string='ÉÉé', flags=2))
        out.append(g(fn, pattern='x', string='x', pos='a'))
        out.append(g(fn, pattern='x', string='x', endpos='null'))
        out.append(g(fn, pattern='x', string='x', pos='1.0'))
        out.append(get_case(P + fn, query='pattern=a&pattern=b&string=ab'))   # the last one wins
        out.append(get_case(P + fn, query='pattern=%28%3F%3Cx%3Ea%29&string=a+a'))
        out.append(get_case(P + fn, query='pattern=a&string=&bogus=1'))
        out.append(get_case(P + fn, query='string=abc'))
    out.append(g('sub', pattern='(a)', repl='[\\1]', string='banana', count=2))
    out.append(g('subn', pattern='(a)', repl='[\\1]', string='banana', count=-1, flags=['I']))
    out.append(g('sub', pattern='a', repl='b', string='a', count='x'))
    out.append(g('split', pattern='\\W+', string='a, b;c', maxsplit=1))
    out.append(g('split', pattern='\\W+', string='a, b;c', flags='["A"]'))
    out.append(g('split', pattern='\\W+', string='a, b;c', flags='[1'))
    out.append(g('escape', pattern='a+b?'))
    out.append(get_case(P + 'purge', query=''))
    out.append(get_case(P + 'cache_info', query='', compare='shape'))
    out.append(get_case(P + 'cache_info', query='x=1'))
    out.append(c('purge'))
    out.append(case(P + 'cache_info', {}, compare='shape'))
    return out


def cache_steps():
    """The pattern cache, alone (isolated): counters, LRU order, eviction at 512."""
    out = []
    purge, info = c('purge'), c('cache_info')
    out.append(steps(purge, info, isolated=True))
    out.append(steps(purge, c('search', pattern='a', string='a'), c('search', pattern='a', string='b'),
                     c('findall', pattern='a', string='aa', flags=0), c('search', pattern='a', string='a', flags=2),
                     c('compile', pattern='a', flags=['I']), info, isolated=True))
    out.append(steps(purge, c('compile', pattern='('), c('compile', pattern='('), c('escape', pattern='('),
                     info, c('sub', pattern='b', repl='\\9', string='b'), info,
                     c('search', pattern='b', string='b', flags=1), info, isolated=True))
    out.append(steps(purge, g('compile', pattern='z'), g('search', pattern='z', string='z'), g('cache_info'),
                     g('purge'), g('cache_info'), isolated=True))
    # flags forms share an entry: ['I'] is 2, ['I', 'IGNORECASE'] too; (?i) in the pattern is another key
    out.append(steps(purge, c('compile', pattern='q', flags=2), c('compile', pattern='q', flags=['I']),
                     c('compile', pattern='q', flags=['IGNORECASE', 'I']), c('compile', pattern='(?i)q'),
                     c('compile', pattern='q', flags=['I', 'U']), info, isolated=True))
    # 512 entries kept: the 513th evicts the least recently used
    many = [c('compile', pattern=f'p{i}') for i in range(514)]
    out.append(steps(purge, *many[:512], info, many[512], info, c('compile', pattern='p0'), info,
                     c('compile', pattern='p511'), info, many[513], info, isolated=True))
    return out


def misc_cases():
    out = []
    # quantifier forms new in 3.11 (possessive, atomic) and friends
    for p in ['a*+', 'a++', 'a?+', 'a{1,2}+', '(?>a|ab)c', '(?>a*)a', '(?:ab)*+b', 'x*+x', '(a++)b',
              '[ab]*+b', '(?>(a)|b)+', 'a{,3}', 'a{2,}?', '(a|b)*?c', '(?:a|b)+?b', '(a)(?(1)b|c)d', '(?:(a)|b)(?(1)x|y)',
              '(?P<q>")?\\w+(?(q)")', '(a)?(?(1)a|b)+', '(?i)(?-i:a)A', '(?s:.)(?-s:.)', '(?x: a b )c']:
        for s in ['aaab', 'abc', 'abababc', 'xx', '"word" word"', 'bab', 'aA', '\n\n', 'abc ab']:
            out.append(c('search' if len(s) % 2 else 'findall', pattern=p, string=s))
    # backreferences under IGNORECASE and Unicode
    for p, s in [('(a)\\1', 'aA'), ('(?i)(a)\\1', 'aA'), ('(?i)(ſ)\\1', 'ſs'), ('(?i)(k)\\1', 'k\u212a'),
                 ('(?i)(ß)\\1', 'ßẞ'), ('(?P<x>.)(?P=x)', '😀😀'), ('(?i)(σ)\\1\\1', 'σςΣ'), ('(a)|\\1', 'x'),
                 ('(a)?\\1', 'b'), ('(?:(a)|b)\\1', 'b')]:
        out.append(c('search', pattern=p, string=s))
        out.append(c('findall', pattern=p, string=s, flags=['A']))
    # lookbehind variants that are fixed width
    for p, s in [('(?<=ab)c', 'abc'), ('(?<=a|b)c', 'bc'), ('(?<!a)b', 'ab cb'), ('(?<=\\d{2})x', '12x'),
                 ('(?<=😀)x', '😀x'), ('(?<=^)a', 'a'), ('(?<=\\b)a', ' a'), ('(?<=(?i)A)b', 'ab'),
                 ('(?<=[a-c]{2})d', 'bcd'), ('(?<=(a))b', 'ab'), ('(?<=(?P<n>a))(?P=n)', 'aa')]:
        out.append(c('finditer', pattern=p, string=s))
    # repeats of a group that can match empty: CPython takes one more (empty) iteration
    for p in ['(|B){,3}', '(|B){0,2}', '(|B){1,3}', '(B|){,3}', '(|B)*', '(|B)+', '(|B){2,}', '(|B){,3}?',
              '(?:|(B)){,3}', '(a?){,2}', '(a?)*', '(a*){1,2}', '(|a|b){0,5}']:
        for fn, s in [('fullmatch', 'B'), ('finditer', 'BB'), ('split', 'aBa'), ('search', 'abB')]:
            out.append(c(fn, pattern=p, string=s))
    # possessive repeats of a group: CPython 3.11 does not backtrack inside X{n}+ / X{n,}+ (unlike (?>X{n}))
    for p, s in [('(.{2,}){2}+', 'IBcb'), ('(?:.{2,}){2}+', 'IBcb'), ('(?>(.{2,}){2})', 'IBcb'), ('([b]{1,}){2}+', 'bb'),
                 ('(?:b+){2}+', 'bb'), ('(b+){2,}+', 'bbb'), ('b((\\W|\t(\\x61)){2}+)', 'b\ta\t'), ('(a|ab){2}+c', 'abac'),
                 ('(?:a|ab){1,2}+c', 'abc'), ('(a+?){2}+', 'aaa'), ('(((c))|){2}+', 'c'), ('(x*){2}+y', 'xxy')]:
        for fn in ('search', 'findall', 'finditer'):
            out.append(c(fn, pattern=p, string=s))
    # found by random exploration: repeats whose body can match empty, with conditionals and lazy bodies
    for p, s in [('(?:(?:()|[\\w])(?(1)|(B)))+', '9'), ('(|ß){,3}', 'ß'), ('(c??){,2}', 'c'), ('(\\w*?){,3}', 'S'),
                 ('(\\w*?){1,3}2', 'éé2'), ('(?:()|a)(?(1)x|y)', 'ay'), ('(|\\s){,3}', ' '), ('((A)*?){,2}', 'a'),
                 ('(((2)*?)){,3}', '2'), ('([b]*?){,2}[.]', 'b.'), ('((\\S)*c){2}+', 'cc'), ('((a{2,}){2}+)', 'aaaa')]:
        for fn in ('sub', 'findall', 'split'):
            out.append(c(fn, pattern=p, string=s, **({'repl': '-'} if fn == 'sub' else {})))
    # lastindex / lastgroup details
    for p, s in [('(a)(b)', 'ab'), ('(a)|(b)', 'b'), ('((a)b)', 'ab'), ('(?P<o>(?P<i>a)b)', 'ab'),
                 ('(a)(?:b)', 'ab'), ('(?P<x>a)?b', 'b'), ('(a)*', 'aaa'), ('(?:(a)|(b))*', 'abab'),
                 ('(?P<a>a)(?P<b>b)?', 'ac'), ('()', ''), ('(?P<e>)', 'x')]:
        out.append(c('match', pattern=p, string=s))
    return out


def repeat_cases():
    """sre 3.11's repeats where PCRE2 means something else (and pystd counts by callouts)."""
    out = []
    # marks of failed attempts: possessive repeats outside any other repeat, conditionals inside their group
    for p, s in [('((a)|b){2,5}+', 'abab'), ('(?:(a)|b){2}+', 'ab'), ('((\\w)||a){0,5}+', ' bB'),
                 ('(($|\\s|a)\\b|)*+', ' a 99'), ('((?=b|Ba|a*)(\\d)|(|.)(?(2)\\d+?|a)|(\\b|B)(?>B.){1,})++', '9B9'),
                 ('((|b{0,5}+|\\s+a??){1,3}?(?(1)b?|))', 'b99bb'), ('((a)b*(?(1)c|))x', 'abbcx'),
                 ('(?:(a|b)x|(a))*+', 'axbxa'), ('(?>(a)x|(a))(?:(b)|c){2}+', 'acb')]:
        for fn in ('search', 'finditer', 'split'):
            out.append(c(fn, pattern=p, string=s))
    # ... and a start after the end: 3.11's SystemError (not for sub with a template without groups)
    for p, s in [('((\\w\\s|b|\\s)++(?=b*)|B{0,2}){2,}+', 'B B'),
                 ('\\b(?>(B|\\s|){1,3}(?>a[ab]|[^a])|(?:a?|b{0,2}?\\1){0,5}+|(b){2,}){2,4}+', 'Bba')]:
        for fn in ('search', 'findall', 'split'):
            out.append(c(fn, pattern=p, string=s))
        for repl in ('-', '\\1', '<\\g<0>>'):
            out.append(c('subn', pattern=p, repl=repl, string=s))
    # iterations of items that can match empty, lazy and greedy, inside look-arounds and atomic groups
    for p, s in [('(?=(|a){0,3})a', 'a'), ('(?>(|a){0,3})a', 'aa'), ('(?!(|a){0,3}b)a', 'a'), ('((|a){0,3})*b', 'aab'),
                 ('(?:(|a){0,3}?x)*', 'axx'), ('(?:(a|){2,3})+?b', 'aab'), ('(|a){2,5}?b', 'aab'), ('(|a){2,5}+b', 'aab'),
                 ('(?:(?:()|[\\w])(?(1)|(B))){2,}', '9'), ('(?:(a)|b){1,3}', 'ab'), ('(a*?){0,2}b', 'aab')]:
        for fn in ('finditer', 'fullmatch'):
            out.append(c(fn, pattern=p, string=s))
    # counts above 65535 on an item with groups
    for p, s in [('(a){65536}', 'a' * 65536), ('(ab){65536}', 'ab' * 50), ('(a|b){0,100000}c', 'ab' * 30 + 'c'),
                 ('(?:(a)|b){70000,}', 'ab' * 40), ('(a){3,70000}?a', 'aaaaa'), ('(a|b){2,70000}+a', 'abab')]:
        out.append(c('search', pattern=p, string=s))
    # match() with pos > endpos: sre walks the zero-width paths with its marks and counts
    for p, s, pos, endpos in [('(?:(|b)){2,}\\1', 'a bb', 2, 0), ('((B\\w)*){2,4}\\1{2}?', '\nbBaa', 2, 0),
                              ('(?=(||\\B)?(?>\\1|.{2}a|[ab]b))', '9\n\n Bb', 3, 1), ('B{,3}?', '9\n9a', 3, 0),
                              ('(){0,1}(([ab]|B){0,5}+\\1|(?(2)b{2}a|b)|b{3}){2,}+', '9a9BBB', 2, 0),
                              ('(?:(\\B|\\b){2}|(?(1)\\b|B{0,5}+)){1,}((\\1{3}|a{3}+){0,1}+|a|(\\1?|[^a]|\\W){1,}?b){2}', '99', 2, 1),
                              ('(|a){1500}', 'xyz', 3, 1), ('((|a)(?(2)|b)){3,}', 'xyz', 3, 1)]:
        out.append(c('match', pattern=p, string=s, pos=pos, endpos=endpos))
    return out


def info_charset_cases():
    """sre's search tests the leading set with the pattern's global flags before each attempt
    (_compile_info): a category in a group that changes ASCII/UNICODE skips positions match() takes."""
    out = []
    texts = ['ß-x', 'ßé- x_9', '\u00a0 \u2003x', '٣3 a', 'Ωa ']
    pats = ['(?a:\\W)', '(?a:[\\W])', '(?a:\\W)x', '(?a:\\S+)', '(?a:\\D)', '(?a:[\\sx])', '(?a:(\\W))',
            '(?a:[^\\w])', '(?ai:[\\Wk])', '(?a:\\W|y)', '(?:(?a:\\W))', '(?a:\\W*)']
    for p in pats:
        for t in texts:
            for fn in ('search', 'findall', 'match'):
                out.append(c(fn, pattern=p, string=t))
        out.append(c('sub', pattern=p, repl='_', string=texts[1]))
        out.append(c('split', pattern=p, string=texts[1]))
    for p in ['(?u:\\w)', '(?u:\\d+)', '(?u:[\\s])']:
        for t in texts:
            out.append(c('search', pattern=p, string=t, flags=256))
            out.append(c('finditer', pattern=p, string=t, flags=256))
    return out


def curated():
    return (from_re_tests() + parse_errors() + templates() + flags_cases() + unicode_cases() + window_cases()
            + empty_match_cases() + escape_cases() + compile_cases() + misc_cases() + repeat_cases() + bad_requests()
            + get_forms() + cache_steps() + info_charset_cases())
