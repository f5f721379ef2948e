"""difftest group re: random patterns for /v1/re/* (search, match, fullmatch, findall,
finditer, sub, subn (template or callable repl), split, compile, expand) -- syntax soup (a
quarter: parser errors and their positions) and a small structured grammar (literals, classes, escapes, groups of every kind,
lookarounds, atomic groups, conditionals, backreferences, greedy / lazy / possessive repeats,
inline flags) over strings rich in case-folding traps.

Run: python3 tools/difftest --url http://127.0.0.1:PORT --group re [--count N] [--seed S]"""
from . import post

COMPARE = 'exact'

SOUP = (list('()[]{}?*+|^$\\.-:=!<>#,') + list('PgNxuUAbBdDsSwWZ0123789') + list('aAbkKsSß ſ\u212a\n') +
        ['(?', '(?P<', '(?P=', '(?<', '(?(', '\\g<', '[^', '{2,', '(?i', '(?x', '(?a', '(?-i:', '(?s:', '(?m)'])
ALPHA = list('abcABCkKsS _-.\n1') + ['é', 'É', 'ß', 'ẞ', 'ſ', '\u212a', 'σ', 'ς', 'Σ', 'İ', 'ı', 'i', 'I', '😀', '日',
                                     '\u0301', '\u00a0', '\x1c', '\ud800']


def soup(rng):
    return ''.join(rng.choice(SOUP) for _ in range(rng.randrange(1, 10)))


def atom(rng, groups):
    k = rng.random()
    if k < 0.35:
        c = rng.choice(ALPHA)
        return '\\' + c if c in '.^$*+?{}[]\\|()' else c
    if k < 0.5:
        s = ''.join(rng.choice(ALPHA) for _ in range(rng.randrange(1, 4)))
        s = s.replace('\\', '').replace(']', '').replace('[', '').replace('^', 'x')
        if rng.random() < 0.3 and len(s) >= 1:
            s = s[0] + '-' + max(s)
        return '[' + rng.choice(['', '^']) + (s or 'a') + rng.choice(['', '\\w', '\\d', '\\s', '\\W', '\\S']) + ']'
    if k < 0.7:
        return rng.choice(['.', '\\w', '\\W', '\\d', '\\D', '\\s', '\\S', '\\b', '\\B', '^', '$', '\\A', '\\Z',
                           '\\x41', '\\u017f', '\\N{LATIN SMALL LETTER SHARP S}', '\\U0001F600', '[\\ud800-\\udfff]',
                           '[^\\W\\d]', '[a-zA-Z]', '[K-k]', '[\\u0100-\\u017f]'])
    if k < 0.8 and groups[0]:
        return rng.choice(['\\%d' % rng.randrange(1, groups[0] + 1), '(?P=g%d)' % rng.randrange(0, groups[0])])
    return rng.choice(ALPHA).replace('\\', '')


def pat(rng, depth=0, groups=None):
    groups = groups if groups is not None else [0]
    parts = []
    for _ in range(rng.randrange(1, 4)):
        k = rng.random()
        if k < 0.55 or depth > 2:
            a = atom(rng, groups)
            if rng.random() < 0.35 and a not in ('\\b', '\\B', '^', '$', '\\A', '\\Z'):
                a += rng.choice(['*', '+', '?', '*?', '+?', '??', '{2}', '{1,3}', '{,2}', '{2,}', '*+', '++', '?+', '{0,1}?', '{3,5}+'])
            parts.append(a)
        elif k < 0.85:
            inner = pat(rng, depth + 1, groups)
            kind = rng.choice(['(', '(', '(?:', '(?P<g%d>', '(?=', '(?!', '(?<=', '(?<!', '(?>', '(?i:', '(?-i:',
                               '(?s:', '(?m:', '(?a:', '(?x:', '(?u:', '(?i', '(?#'])
            if kind == '(?P<g%d>':
                kind = kind % groups[0]
            if kind == '(?i':
                parts.append('(?i:' + inner + ')')
                continue
            if kind == '(?#':
                parts.append('(?#' + inner.replace(')', '') + ')')
                continue
            if kind == '(' or kind.startswith('(?P<'):
                groups[0] += 1
            g = kind + inner + (('|' + pat(rng, depth + 1, groups)) if rng.random() < 0.3 else '') + ')'
            if rng.random() < 0.3 and not kind.startswith('(?<'):
                g += rng.choice(['*', '+', '?', '{2}', '*?', '{1,2}', '*+'])
            parts.append(g)
        elif k < 0.93 and groups[0]:
            parts.append('(?(%d)%s|%s)' % (rng.randrange(1, groups[0] + 1), atom(rng, groups), atom(rng, groups)))
        else:
            parts.append(pat(rng, depth + 1, groups) + '|' + atom(rng, groups))
    return ''.join(parts)


def string(rng):
    return ''.join(rng.choice(ALPHA) for _ in range(rng.randrange(0, 14)))


def flags(rng):
    return rng.choice([0, 0, 0, 2, 8, 16, 64, 256, 2 | 256, 2 | 8 | 16, ['I'], ['A', 'I'], ['M', 'S']])


def _call(rng):
    fn = rng.choice(['search', 'match', 'fullmatch', 'findall', 'finditer', 'sub', 'subn', 'split', 'compile',
                     'expand'])
    p = soup(rng) if rng.random() < 0.25 else pat(rng)
    args = {'pattern': p, 'flags': flags(rng)}
    if fn != 'compile':
        args['string'] = string(rng)
    if fn in ('sub', 'subn'):
        args['repl'] = rng.choice(['-', '\\g<0>', '[\\1]', '\\g<g0>', '\\n', 'x\\\\y', '\\2\\1', '\\g<1>0', '\\q'])
        if rng.random() < 0.3:   # a callable repl (issue 17)
            args['repl'] = {'function': rng.choice(['str.upper', 'builtins.repr', 'builtins.len', 'str.swapcase',
                                                    'builtins.str', {'partial': 'operator.concat', 'args': ['<']}]),
                            'group': rng.choice([0, 1, 2, 'g0', 5])}
        if rng.random() < 0.2:
            args['count'] = rng.choice([1, 2, -1])
    if fn == 'split' and rng.random() < 0.2:
        args['maxsplit'] = rng.choice([1, 2])
    if fn == 'expand':
        args['template'] = rng.choice(['-', '\\g<0>', '[\\1]', '\\g<g0>', '\\2\\1', '\\q', '\\g<1>0'])
    if fn in ('search', 'match', 'fullmatch', 'findall', 'finditer', 'expand') and rng.random() < 0.2:
        args['pos'] = rng.randrange(-1, 5)
        if rng.random() < 0.5:
            args['endpos'] = rng.randrange(0, 12)
    return fn, args


def case(rng, i):
    fn, args = _call(rng)
    return post('/v1/re/' + fn, args)
