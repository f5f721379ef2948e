"""Random cases of /v1/re/*: patterns drawn from a small grammar of Python's
regex syntax (literals, classes, escapes, groups of every kind, look-around,
back-references, conditionals, greedy/lazy/possessive quantifiers,
alternation, inline flags), texts built from the pattern itself (so that
most of them match somewhere) and mutated, every operation, both flag forms,
pos/endpos windows, replacement templates and GET forms.

Texts stay short and quantified groups shallow, so that no case approaches
pystd's backtracking limits (they are configuration, not Python)."""
from .common import case, get_case

P = '/v1/re/'
LETTERS = 'abcAB'
EXTRA = ['é', 'É', 'ß', 'ſ', 'k', 'K', '\u212a', 'σ', 'Σ', 'ς', '😀', '日', '1', '2', '_', ' ', '\n', '-', '.',
         'İ', 'ı', 'i', 'I', '\u0301', '\u00a0', '\t', '٣']
META = '.^$*+?{}[]\\|()'


class Node:
    """A pattern node: text (the regex) and sample(rng) (a text it likely matches)."""

    def __init__(self, text, sample, quantifiable=True, groups=0):
        self.text, self._sample, self.quantifiable, self.groups = text, sample, quantifiable, groups

    def sample(self, rng):
        return self._sample(rng)


def lit_char(rng):
    ch = rng.choice(LETTERS) if rng.random() < 0.6 else rng.choice(EXTRA)
    return ch


class Gen:
    def __init__(self, rng, verbose=False):
        self.rng = rng
        self.ngroups = 0
        self.closed = []           # group numbers closed so far (back-references may name them)
        self.names = []            # (name, number) of closed named groups
        self.verbose = verbose

    def literal(self):
        r = self.rng
        ch = lit_char(r)
        if self.verbose and ch in ' \t\n#':
            return Node('\\' + ch if ch != '\n' else '\\n', lambda rng: ch)
        k = r.random()
        if k < 0.08:
            ch = r.choice(META)
            return Node('\\' + ch, lambda rng: ch)
        if k < 0.14:
            return Node('\\x%02x' % ord('a'), lambda rng: 'a')
        if k < 0.18:
            return Node('\\u00e9', lambda rng: 'é')
        if k < 0.20:
            return Node('\\U0001F600', lambda rng: '😀')
        if k < 0.22:
            return Node('\\N{LATIN SMALL LETTER B}', lambda rng: 'b')
        if ch == '\n':
            return Node('\\n', lambda rng: '\n')
        return Node(ch, lambda rng: ch)

    def klass(self):
        r = self.rng
        items = []
        pool = []
        for _ in range(r.randint(1, 3)):
            k = r.random()
            if k < 0.35:
                ch = lit_char(r)
                items.append(ch if ch not in ']\\^-' else '\\' + ch)
                pool.append(ch)
            elif k < 0.6:
                lo, hi = r.choice([('a', 'c'), ('A', 'Z'), ('0', '9'), ('à', 'ÿ'), ('α', 'ω'), ('a', 'z'),
                                   ('\u2000', '\u200a'), ('😀', '😂')])
                items.append(f'{lo}-{hi}')
                pool += [lo, hi]
            elif k < 0.85:
                e, s = r.choice([('\\d', '5'), ('\\w', 'x'), ('\\s', ' '), ('\\D', 'q'), ('\\W', '!'),
                                 ('\\S', 'z')])
                items.append(e)
                pool.append(s)
            else:
                items.append(r.choice(['.', '*', '$', '|', '(', ')', '\\]', '\\-', '-', '\\\\']))
                pool.append(items[-1][-1])
        neg = r.random() < 0.2
        text = '[' + ('^' if neg else '') + ''.join(items) + ']'
        if neg:
            return Node(text, lambda rng: rng.choice(['#', '%', 'Q', '~', '\n']))
        return Node(text, lambda rng: rng.choice(pool))

    def escape(self):
        e, s = self.rng.choice([('\\d', '7'), ('\\w', 'w'), ('\\s', ' '), ('\\D', 'd'), ('\\W', '-'),
                                ('\\S', 'S'), ('.', 'x'), ('\\d', '٣'), ('\\w', 'é'), ('\\s', '\u00a0')])
        return Node(e, lambda rng: s)

    def anchor(self):
        e = self.rng.choice(['^', '$', '\\A', '\\Z', '\\b', '\\B'])
        return Node(e, lambda rng: '', quantifiable=False)

    def backref(self):
        r = self.rng
        if self.names and r.random() < 0.5:
            name, n = r.choice(self.names)
            return Node(f'(?P={name})', lambda rng: '')
        n = r.choice(self.closed)
        return Node(f'\\{n}' if r.random() < 0.8 else f'(?:\\{n})', lambda rng: '')

    def group(self, depth):
        r = self.rng
        k = r.random()
        if k < 0.45 or depth >= 2:
            self.ngroups += 1
            num = self.ngroups
            named = r.random() < 0.35
            inner = self.alternation(depth + 1)
            self.closed.append(num)
            if named:
                name = r.choice(['x', 'y', 'word', 'n1', 'g_', 'é']) + str(num)
                self.names.append((name, num))
                return Node(f'(?P<{name}>{inner.text})', inner.sample, groups=1)
            return Node(f'({inner.text})', inner.sample, groups=1)
        inner = self.alternation(depth + 1)
        if k < 0.65:
            return Node(f'(?:{inner.text})', inner.sample)
        if k < 0.72:
            return Node(f'(?>{inner.text})', inner.sample)
        if k < 0.80:
            return Node(f'(?={inner.text})', lambda rng: '', quantifiable=False)
        if k < 0.85:
            return Node(f'(?!{inner.text})', lambda rng: '', quantifiable=False)
        if k < 0.93:
            w = ''.join(lit_char(r) for _ in range(r.randint(1, 2)))
            w = ''.join('\\' + ch if ch in META else ch for ch in w)
            return Node(f'(?<{r.choice("=!")}{w})', lambda rng: '', quantifiable=False)
        flag = r.choice(['i', 's', 'm', 'x', 'a', 'i-s', '-i', 'im'])
        if 'x' in flag:
            return Node(f'(?{flag}:{inner.text})', inner.sample)
        return Node(f'(?{flag}:{inner.text})', inner.sample)

    def conditional(self, depth):
        n = self.rng.choice(self.closed)
        yes, no = self.atom(depth + 1), self.atom(depth + 1)
        return Node(f'(?({n}){yes.text}|{no.text})', lambda rng: rng.choice([yes, no]).sample(rng))

    def atom(self, depth):
        r = self.rng
        k = r.random()
        if k < 0.42:
            node = self.literal()
        elif k < 0.55:
            node = self.klass()
        elif k < 0.67:
            node = self.escape()
        elif k < 0.72:
            node = self.anchor()
        elif k < 0.76 and self.closed:
            node = self.backref()
        elif k < 0.78 and self.closed and depth < 2:
            node = self.conditional(depth)
        elif depth < 3:
            node = self.group(depth)
        else:
            node = self.literal()
        if node.quantifiable and r.random() < 0.3:
            node = self.quantify(node, depth)
        return node

    def quantify(self, node, depth):
        r = self.rng
        q, lo, hi = r.choice([('*', 0, 3), ('+', 1, 3), ('?', 0, 1), ('{2}', 2, 2), ('{1,3}', 1, 3),
                              ('{2,}', 2, 3), ('{,2}', 0, 2), ('{0}', 0, 0), ('{0,1}', 0, 1)])
        mod = r.choice(['', '', '', '?', '+'])

        def sample(rng):
            return ''.join(node.sample(rng) for _ in range(rng.randint(lo, hi)))
        return Node(node.text + q + mod, sample)

    def sequence(self, depth):
        nodes = [self.atom(depth) for _ in range(self.rng.randint(1, 4 if depth == 0 else 2))]
        text = ''.join(n.text for n in nodes)
        return Node(text, lambda rng: ''.join(n.sample(rng) for n in nodes))

    def alternation(self, depth):
        branches = [self.sequence(depth)]
        while self.rng.random() < (0.25 if depth else 0.3) and len(branches) < 3:
            branches.append(self.sequence(depth))
        if len(branches) == 1:
            return branches[0]
        return Node('|'.join(b.text for b in branches), lambda rng: rng.choice(branches).sample(rng))


def pattern(rng):
    verbose = rng.random() < 0.05
    gen = Gen(rng, verbose)
    node = gen.alternation(0)
    text = node.text
    prefix = ''
    if rng.random() < 0.08:
        prefix = '(?' + rng.choice(['i', 'm', 's', 'a', 'im', 'ms', 'is', 'u']) + ')'
    if verbose:
        prefix = '(?x)'
        text = text.replace('|', ' | ', 1) + rng.choice(['', '  # a comment', '\n'])
    return prefix + text, node, gen.ngroups, [n for n, _ in gen.names]


def text_for(rng, node):
    parts = []
    for _ in range(rng.randint(0, 3)):
        if rng.random() < 0.6:
            parts.append(node.sample(rng))
        else:
            parts.append(''.join(lit_char(rng) for _ in range(rng.randint(0, 4))))
    s = ''.join(parts)[:24]
    if rng.random() < 0.1 and s:               # a mutation
        i = rng.randrange(len(s))
        s = s[:i] + rng.choice(['', lit_char(rng), s[i].upper(), s[i] * 2]) + s[i + 1:]
    return s


def flags_arg(rng):
    k = rng.random()
    if k < 0.55:
        return None
    bits = rng.choice([2, 8, 16, 64, 256, 2 | 8, 2 | 16, 2 | 256, 8 | 16, 32, 2 | 32, 2 | 8 | 16])
    if k < 0.8:
        return bits
    names = {2: 'I', 8: 'M', 16: 'S', 32: 'U', 64: 'X', 256: 'A'}
    long = {2: 'IGNORECASE', 8: 'MULTILINE', 16: 'DOTALL', 32: 'UNICODE', 64: 'VERBOSE', 256: 'ASCII'}
    out = []
    for b in (2, 8, 16, 32, 64, 256):
        if bits & b:
            out.append(rng.choice([names[b], long[b]]))
    return out


def template(rng, ngroups, names):
    parts = []
    for _ in range(rng.randint(0, 4)):
        k = rng.random()
        if k < 0.3:
            parts.append(rng.choice(['-', 'x', '<', '>', 'é', '😀', ' ', '\\\\', '\\n']))
        elif k < 0.5:
            parts.append('\\g<0>')
        elif k < 0.75 and ngroups:
            n = rng.randint(1, ngroups)
            parts.append(rng.choice([f'\\{n}', f'\\g<{n}>']))
        elif k < 0.85 and names:
            parts.append(f'\\g<{rng.choice(names)}>')
        elif k < 0.92:
            parts.append(rng.choice(['\\t', '\\x41', '\\101', '\\0', '\\u00e9']))
        else:
            parts.append(rng.choice(['\\9', '\\g<nosuch>', '\\q', '\\g<1']))       # errors
    return ''.join(parts)


def one_case(rng):
    pat, node, ngroups, names = pattern(rng)
    s = text_for(rng, node)
    fl = flags_arg(rng)
    k = rng.random()
    args = {'pattern': pat}
    if k < 0.6:
        fn = rng.choice(['search', 'search', 'match', 'fullmatch', 'findall', 'findall', 'finditer', 'finditer'])
        args['string'] = s
        if rng.random() < 0.12:
            args['pos'] = rng.randint(-2, len(s) + 1)
        if rng.random() < 0.12:
            args['endpos'] = rng.randint(-1, len(s) + 2)
    elif k < 0.85:
        fn = rng.choice(['sub', 'sub', 'subn'])
        args['repl'] = template(rng, ngroups, names)
        args['string'] = s
        if rng.random() < 0.2:
            args['count'] = rng.choice([0, 1, 2, -1])
    elif k < 0.97:
        fn = 'split'
        args['string'] = s
        if rng.random() < 0.2:
            args['maxsplit'] = rng.choice([0, 1, 2, -1])
    else:
        fn = 'compile'
    if fl is not None:
        args['flags'] = fl
    if rng.random() < 0.06 and all(ch not in str(args) for ch in '\ud800\udfff'):
        return get_case(P + fn, **args)
    return case(P + fn, args)


def cases(rng):
    return [one_case(rng) for _ in range(1100)]
