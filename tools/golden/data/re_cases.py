"""tests/golden/unit/: the re operations' answers for tests/unit/test_re.c, from the
golden model (tools/golden/model/re.py: CPython's re behind the API contract).

  re_cases.txt  FN HEX(args JSON) HEX({"status": S, "body": B} JSON)   one case a line:
                the syntax table (patterns CPython accepts and rejects, with its messages and
                positions), the matching semantics (IGNORECASE, anchors, empty matches,
                pos/endpos, groups, lastindex, templates, split) and random patterns (fixed seed)
  re_lower.txt  CP LOWER UPPER (hex) for every code point whose case maps: sre's lower(), and
                the first code point of str.upper()"""
import json
import random
import warnings

# Patterns for the syntax table: compile() of each (accepted or not).
SYNTAX = [
    # groups and names
    '(a)', '(?:a)', '(?P<n>a)', '(?P<n>a)(?P=n)', '(?P<n>a)(?P<n>b)', '(?P<1>a)', '(?P<>a)', '(?P<a b>x)',
    '(?P<名>a)', '(?P<a\\b>x)', '(?P=n)', '(?P=)', '(?P', '(?P<n', '(?P<n>', '(?Px)', '(?P=n', '(a)(?P=x)',
    '(?P<n>a(?P=n))', '(a\\1)', '\\1(a)', '(a)\\2', '(a)\\10', '(?:(a)|b)\\1',
    # conditionals
    '(?(1)a|b)', '(a)(?(1)b|c)', '(?(1)a|b)(x)', '(?(2)a|b)(x)', '(?(0)a)', '(?(-1)a)', '(?(1a)a)',
    '(?(n)a)', '(?P<n>x)(?(n)a|b)', '(a)(?(1)a|b|c)', '(a)(?(1)a', '(?(', '(?(1', '(?( 1 )a)(b)',
    '(?(+1)a)(b)', '(?(1_0)a)', '(?(99999999999999999999)a)', '(?(-0)a)', '(?(١)a)(b)',
    # lookaround
    '(?=a)', '(?!a)', '(?<=a)', '(?<!a)', '(?<=ab|cd)', '(?<=a|bc)', '(?<=a*)', '(?<=a{2})', '(?<=a{1,2})',
    '(?<x)', '(?<', '(?<=(a))', '(a)(?<=\\1)', '(?<=(a)\\1)', '(?<=(?P<n>a))', '(a)(?<=(?(1)b|c))',
    '(?<=\\b)', '(?<=(?=a)b)', '(?<=(?:a|b){3})', '(?<=x(?=ab){1,2})', '(?<=\\d\\w\\s.)',
    # flags
    '(?i)a', '(?i:a)', '(?-i:a)', '(?i-i:a)', '(?ia)a', '(?au)a', '(?L)a', '(?a-u:a)', '(?-a:a)',
    '(?u)a', '(?x)a', '(?imsx)a', '(?z)a', '(?i', '(?i-', '(?i-:a)', '(?-)', '(?-z:a)', '(?i)(?m)a',
    'a(?i)b', '(?x)  (?i) a', '(?t)a', '(?t)a*', '(?t:a)', '(?-t:a)', '(?i\\x)', '(?#c)a', '(?#c',
    '(?x)a#c\nb', '(?x)[ #]', '(?x)a\\ b', '(?x)a{1, 2}', '(?i:(?-i:a)b)',
    # repeats
    'a*', 'a+', 'a?', 'a{2}', 'a{2,}', 'a{,2}', 'a{,}', 'a{2,1}', 'a{1,2}?', 'a{1,2}+', 'a**', 'a*?+',
    '*', '+a', 'a|*', '^*', '$+', '\\b*', '\\A+', '(?:)*', '(?=a)*', 'a{', 'a{1', 'a{1,', 'a{x}', '{',
    '{1}', 'a{65535}', 'a{65536}', 'a{4294967294}', 'a{4294967295}', 'a{4294967296}', 'a{0}', '(a){0}',
    'x{1,2}{3}', '(?:a{2}){2}', 'a++b', '(?>a*)b', '(?>a', '(a)*+',
    # sets
    '[a]', '[^a]', '[]a]', '[^]a]', '[a-]', '[-a]', '[a-z]', '[z-a]', '[\\d-z]', '[a-\\d]', '[\\w]',
    '[\\b]', '[\\B]', '[\\A]', '[\\Z]', '[', '[a', '[a-', '[^', '[\\', '[]', '[\\]]', '[\\x41-\\x5a]',
    '[\\u0100-\\uffff]', '[\\U00010000-\\U0010ffff]', '[\\N{EM DASH}]', '[\\8]', '[\\0]', '[\\07]',
    '[\\377]', '[\\400]', '[a-\\u]', '[[a]', '[a--b]', '[a&&b]', '[a~~b]', '[a||b]',
    # escapes
    '\\x41', '\\x4', '\\x', '\\xg1', '\\u0041', '\\u004', '\\U00000041', '\\U0000004', '\\U00110000',
    '\\U0010ffff', '\\N{EM DASH}', '\\N{em dash}', '\\N{FOO}', '\\N', '\\N{', '\\N{}', '\\N{EM', '\\0',
    '\\07', '\\077', '\\0777', '\\141', '\\400', '\\777', '\\8', '\\9', '\\q', '\\é', '\\-', '\\ ',
    '\\', 'a\\', '\\h', '\\K', '\\R', '\\Q', '\\E', '\\z', '\\G', '\\X', '\\p', '\\P', '\\e', '\\c',
    '\\o', '\\k', '\\g', '\\ud800', '\\udfff', '\\a\\f\\n\\r\\t\\v',
    # structure
    '(', ')', 'a)', '(a', '((a)', 'a|b)', '(?', '(?<', '(?>', '(?=', '(?!', '(?<=', '(?=a', '(?:a',
    'a\n(', '(?x)\n\n(', '()', '(|)', 'a||b', '|', '',
]
SYNTAX_FLAGS = [(p, 0) for p in SYNTAX] + [
    ('a', 2), ('a', 4), ('a', 32), ('a', 256), ('a', 256 | 32), ('(?a)a', 32), ('(?u)a', 256),
    ('a b', 64), ('(?-x:a b)', 64), ('a', ['I', 'M']), ('a', ['NOFLAG']), ('a', 1), ('a', 128),
    ('a', -1), ('a', ['i']), ('a', 'I'), ('a', True), ('a', 2.0), ('a', [2]), ('a', None),
]

# (fn, args) for the matching semantics
SEM = []


def add(fn, **a):
    SEM.append((fn, a))


for pat, s in [('ſ', 's'), ('s', 'ſ'), ('k', '\u212a'), ('K', 'k\u212a'), ('ß', 'SS'), ('ß', 'ẞ'),
               ('σ', 'ς Σ σ'), ('µ', 'Μμ'), ('[a-z]+', 'K\u212aſ'), ('[^k]', '\u212a'), ('i', 'İı'),
               ('ǆ', 'Ǆǅ'), ('[α-ω]+', 'ΑΒΓ'), ('é', 'É'), ('\\u212a', 'k'), ('[\\u017f]', 'S'),
               ('ΐ', 'ΐ'), ('\\U00010400', '\U00010428\U00010400'), ('[\\U00010400]', '\U00010428'),
               ('\\U00010400|x', '\U00010428'), ('[\\U00010400-\\U00010410]', '\U00010428'),
               ('[^\\W\\d]+', 'aB_1ſ'), ('[Z-a]+', 'zA_^`'), ('(?-i:k)K', 'kk'), ('[ki]', 'K\u212aİ'),
               ('[\\w-]+', 'K-\u212a'), ('[ǅ]', 'Ǆǆ'), ('[^ß]', 'ẞ')]:
    add('findall', pattern=pat, string=s, flags=['IGNORECASE'])
    add('findall', pattern=pat, string=s, flags=['IGNORECASE', 'ASCII'])
# caseless back-references: sre compares lower() of each character
for pat, s in [('(k)\\1', 'k\u212a'), ('(ß)\\1', 'ßẞ'), ('(İ)\\1', 'İi'), ('(é)\\1', 'éÉ'), ('(s)\\1', 'sſ'),
               ('(σ)\\1', 'σς'), ('(.)\\1', 'Ǆǅ'), (r'\b(\w+)\s+\1\b', 'Das das Été éTÉ'), (r'(\w)\1+', 'aAAbéÉé'),
               ('(?P<x>é+)-(?P=x)$', 'ééé-ÉÉ'), ('(é)\\1{2,3}', 'éÉÉÉÉ'), ('(é)\\1*?x', 'éÉÉx'),
               (r'(?:(\w)\1)*x', 'aAéÉbBx'), ('(é)?b\\1', 'b'), ('(é)É(?<=\\1)', 'éÉ'), ('(éx)ÉX(?<!\\1)', 'éxÉX'),
               ('(é)(?=\\1)', 'éÉ'), ('(é)\\1++É', 'éÉÉ'), ('(?P<a>é)(?(a)\\1|x)', 'éÉ'), ('()\\1x', 'yx')]:
    add('findall', pattern=pat, string=s, flags=['IGNORECASE'])
    add('search', pattern=pat, string=s, flags=['IGNORECASE'])
    add('search', pattern=pat, string=s, flags=['IGNORECASE', 'ASCII'])
add('search', pattern='(é)\\1', string='xéÉ', pos=1, endpos=2, flags=2)
add('split', pattern='(é)\\1', string='aéÉb', flags=2)
for pat in [r'\d+', r'\w+', r'\s+', r'\b\w', r'\W+', r'\D+', r'\S+', r'[\w-]+', r'\B.', r'[\s\S]', r'[^\s]+',
            r'[\S]+', r'\b', r'\B']:
    for s in ['١٢٣ 42', 'café naïve', 'x\u00a0y\u2003z\x1c\x1f\x85', '😀_a', 'Ⅷ ²³ ½', '']:
        add('findall', pattern=pat, string=s)
        add('findall', pattern=pat, string=s, flags=256)
for pat, s in [('x*', 'abxd'), ('', 'abc'), ('(?:)', '日本'), (r'\b', 'a b'), ('(x*)', 'axb'), (':*', ':a:b::c'),
               ('(?=a)', 'banana'), ('$', 'a\nb\n'), ('^', 'a\nb'), ('a|', 'bab'), ('', '😀e\u0301')]:
    for fn in ['sub', 'split', 'findall', 'finditer']:
        add(fn, pattern=pat, string=s, **({'repl': '-'} if fn == 'sub' else {}))
    add('subn', pattern=pat, repl='[\\g<0>]', string=s)
for pat in ['a$', r'a\Z', r'\Aa', '^a', '(?m)^a', '(?m)a$', r'$\n?\Z', '(?m)$']:
    for s in ['a', 'a\n', 'ba\n', 'a\nb', 'b\na\n']:
        add('findall', pattern=pat, string=s)
for pat, s in [('(a)(b)?', 'a'), ('(a)|(b)', 'b'), ('((a)|b)+', 'ab'), ('(?:(a)|(b))+', 'ab'),
               ('(?P<x>a)(?P<y>b)(?P<z>c)?', 'ab'), ('((a)b)', 'ab'), ('(a)(?=(b))', 'ab'), ('(?=(a))a', 'a'),
               ('(?<=(a))b', 'ab'), ('(a)(?!(b))', 'ac'), ('(?:(a)|b)*', 'ab'), ('(a*)*', 'b'), ('(a*)+', 'b'),
               ('(a|b)*?c', 'abc'), ('(?P<n>a)?(?(n)b|c)', 'ab c'), ('(?>(a))b', 'ab'), ('(a)*+', 'aa'),
               ('(?i)(a)\\1', 'aA'), ('(a)?\\1', 'b'), ('(.)\\1', 'ééx😀😀'), ('(\\b)*a', 'a')]:
    add('search', pattern=pat, string=s)
    add('finditer', pattern=pat, string=s)
for pat, repl, s in [('a', '\\q', 'a'), ('(a)|b', '[\\1]', 'ab'), ('a', '\\g<-1>', 'a'), ('a', '\\g<99>', 'a'),
                     ('(?P<n>a)', '\\g<n>\\g<1>\\g<0>', 'a'), ('a', '\\0\\n\\t\\r\\f\\v\\a\\b', 'a'),
                     ('a', '\\x41', 'a'), ('a', '\\g<a b>', 'a'), ('(a)', '\\10', 'a'), ('(a)', '\\g<1>0', 'a'),
                     ('(a)', '\\g<١>', 'a'), ('a', '\\', 'a'), ('a', '\\\\', 'a'), ('a', '\\g<0', 'a'),
                     ('a', '\\g', 'a'), ('(a)', '\\141\\0101\\8', 'a'), ('(a)', '\\777', 'a'),
                     ('(?P<n>a)', '\\g<m>', 'a'), ('a', '\\ud800', 'a'), ('', '\\g<0>', 'ab'), ('a', '\\-\\é', 'a'),
                     ('(b)?a', '[\\1]', 'aba'), ('x', '\\g< 0 >', 'x'), ('x', '\\g<+0>', 'x'), ('x', 'a\nb\\', 'x')]:
    add('sub', pattern=pat, repl=repl, string=s)
for fn in ['search', 'match', 'fullmatch', 'findall', 'finditer']:
    for pat, s, pos, endpos in [('^a', 'ba', 1, None), ('a$', 'ab', 0, 1), ('\\b.', 'ab c', 1, None),
                                ('.*', 'abcdef', 2, 4), ('a', 'aaa', -5, 100), ('', 'abc', 5, None),
                                ('(?<=a)b', 'ab', 1, None), ('\\Aa', 'aa', 1, None), ('😀', 'a😀b', 1, 2),
                                ('x', 'x', 0, -1), ('a', 'a', 2 ** 70, None), ('a|ab', 'ab', 0, None),
                                ('\\B', 'ab', 0, 0), ('$', 'a\n', 0, 1)]:
        args = dict(pattern=pat, string=s, pos=pos)
        if endpos is not None:
            args['endpos'] = endpos
        add(fn, **args)
# match() with pos past endpos: sre's empty matches there
for pat in ['', r'\b', r'\B', '(?m)$', '(?m)^', 'x*', '(?:ab)*', '(a|)', '(?:(a)|b|)*', '(x)?(?(1)a|)', r'(?<=\w)',
            '(?>(x|))', '(?:|(x))*?', '(?P<a>)(?P<b>(?=x))?', '$']:
    for s, pos, endpos in [('abc d', 2, 1), ('ab\nc', 3, 1), ('日本 x', 3, 0), ('x\n', 2, 1)]:
        add('match', pattern=pat, string=s, pos=pos, endpos=endpos)
for s in ['', 'a.b*c', ' \t\n\r\x0b\x0c', '#&~-', '日本😀é', '\x00', '[]{}()|^$?+*\\/', 'a\ud800']:
    add('escape', pattern=s)
add('split', pattern='(a)|(b)', string='xaybz')
add('split', pattern='(,)', string='a,b,,c', maxsplit=2)
add('split', pattern=',', string='a,b,c', maxsplit=-1)
add('sub', pattern='a', repl='b', string='aaa', count=-1)
add('sub', pattern='a', repl='b', string='aaa', count=2)
add('sub', pattern='a', repl='b', string='aaa', count=2 ** 70)
add('split', pattern='a', string='aaa', maxsplit=2 ** 70)
add('compile', pattern='(?P<w>\\w+)(?P<n>\\d)')


def rnd_cases(rng, n):
    alpha = list('abcAB .-_\n1') + ['é', 'ß', 'ſ', 'K', '\u212a', 'σ', 'ς', '😀', '日']
    atoms = ['.', '\\w', '\\d', '\\s', '\\b', '\\B', '[a-c]', '[^a]', '^', '$', '\\Z', '\\A', 'a', 'b', 'é', 'ß',
             '(a)', '(?:ab)', '(?P<g>b)', '(?=a)', '(?!b)', '(?<=a)', '(?<!b)', '(?>a|ab)', '(?i:s)', 'x|']
    quants = ['', '', '*', '+', '?', '*?', '{2}', '{,2}', '*+', '{1,3}?']
    fns = ['search', 'match', 'fullmatch', 'findall', 'finditer', 'sub', 'subn', 'split']
    for _ in range(n):
        p = ''.join(rng.choice(atoms) + (rng.choice(quants) if rng.random() < 0.4 else '')
                    for _ in range(rng.randrange(1, 5)))
        s = ''.join(rng.choice(alpha) for _ in range(rng.randrange(0, 12)))
        fn = rng.choice(fns)
        args = dict(pattern=p, string=s, flags=rng.choice([0, 2, 8, 16, 256, 2 | 256]))
        if fn in ('sub', 'subn'):
            args['repl'] = rng.choice(['-', '\\g<0>', '<\\g<0>>', ''])
        add(fn, **args)


def run_cases(rng, n):
    """Runs (core/re/re_run.c): one character-sized item repeated, over subjects long enough to
    cross its 64-byte blocks, with every kind of code point the tables tell apart."""
    alpha = (list('abzAZ09_ .,-\n\t') + ['\x1c', '\x85', '\xa0', '\u2003', '\u3000', '\u1680', 'é', 'ß', 'ſ',
             'K', '\u212a', 'ǅ', '日', '本', '\u4dc0', '\u4e00', 'の', 'ア', '、', '٣', '²', '½', 'Ⅷ', '\u0e01',
             '\u0800', '😀', '\U0001d7d8', '\U00020000', '\ud800', '\udfff', '\uffff'])
    items = ['\\w', '\\W', '\\d', '\\D', '\\s', '\\S', '.', '[a-z]', '[^ ]', '[\\w.-]', '[^\\W\\d]', '[\\s\\d]',
             'a', '[é-ú]', '[\\u3040-\\u30ff]', '[^\\x00-\\x7f]', 'ß', 'k', '[\\U0001F600-\\U0001F64F]', '\\x85',
             '[^\\n]', '[^a-z\\s]', '[\\d\\W]', '[^\\D]', '\\u212a', '[\\u4dc0-\\u4dff]']
    quants = ['+', '+', '+', '{2,}', '{1,3}', '+?', '{2,3}?', '++', '{3}', '', '*', '{1,}']
    fns = ['search', 'match', 'fullmatch', 'findall', 'findall', 'finditer', 'sub', 'subn', 'split']
    for _ in range(n):
        p = rng.choice(items) + rng.choice(quants)
        k = rng.choice([0, 5, 25, 50])
        s = ''.join(rng.choice(alpha) if rng.random() < 0.7 else rng.choice(alpha) * rng.randrange(2, 8)
                    for _ in range(k))
        fn = rng.choice(fns)
        args = dict(pattern=p, string=s, flags=rng.choice([0, 0, 2, 16, 256, 2 | 256]))
        if fn in ('sub', 'subn'):
            args['repl'] = rng.choice(['-', '', 'xy', '日'])
            args['count'] = rng.choice([0, 0, 1, 2])
        elif fn == 'split':
            args['maxsplit'] = rng.choice([0, 0, 1, 3])
        elif rng.random() < 0.3:
            args['pos'] = rng.randrange(-2, len(s) + 3)
            args['endpos'] = rng.randrange(-2, len(s) + 3)
        add(fn, **args)


def hx(s):
    return s.encode('utf-8', 'surrogatepass').hex()


def cases():
    warnings.simplefilter('ignore')
    import model
    from model import common
    model.load('re')
    n0 = len(SEM)
    rnd_cases(random.Random(7), 600)
    run_cases(random.Random(11), 500)
    sem = SEM[:]
    del SEM[n0:]                      # a second call draws the same random cases again

    def dispatch(fn, args):
        st, body = common.call('POST', '/v1/re/' + fn, '', args)
        return {"status": st, "body": body}

    for pat, fl in SYNTAX_FLAGS:
        a = {'pattern': pat, 'flags': fl}
        yield 'compile %s %s' % (hx(json.dumps(a)), hx(json.dumps(dispatch('compile', a))))
    for fn, a in sem:
        yield '%s %s %s' % (fn, hx(json.dumps(a)), hx(json.dumps(dispatch(fn, a))))


def lower():
    import _sre
    for cp in range(0x110000):
        lo, up = _sre.unicode_tolower(cp), ord(chr(cp).upper()[0])
        if lo != cp or up != cp:
            yield '%x %x %x' % (cp, lo, up)


FILES = {
    'unit/re_cases.txt': ('re.* through the API: the syntax table, matching semantics, random patterns', cases),
    'unit/re_lower.txt': ("sre's lower() and str.upper()'s first code point, every code point that maps", lower),
}
