"""difftest group functools: /v1/functools/reduce and /v1/builtins/map over the API's whole
vocabulary of callables (operator.*, builtins.*, str.*, math.*, partials with positional and
keyword arguments), three ways: calls whose arguments make each function do real work (GOOD:
the argument kinds per function, small exponents and widths where results would explode),
random functions and partials on random iterables (ragged map iterables, non-list iterables,
initializers), and same-kind columns (ints, floats, strs...).  The value pools hold the
classic traps: huge ints near the float range, -0.0, NaN, str case-mapping specials,
%-formats, numeric spellings int() and float() disagree on.

Run: python3 tools/difftest --url http://127.0.0.1:PORT --group functools [--count N] [--seed S]"""
from model.functools import NAMES  # the vocabulary (tools/golden/model/functools.py)

from . import post

COMPARE = 'exact'
R = '/v1/functools/reduce'
M = '/v1/builtins/map'

INTS = [0, 1, -1, 2, -2, 3, 5, 7, -7, 10, 16, 36, 37, 53, 63, 64, 65, 255, -256, 1000, 1023, 1024, 1025, 1074, 1075,
        2 ** 31, 2 ** 53, 2 ** 53 + 1, 2 ** 63 - 1, -2 ** 63, 2 ** 64, 10 ** 20, -10 ** 20, 2 ** 100, 3 ** 200,
        -(7 ** 150), 2 ** 1023, 2 ** 1024, 10 ** 308, 10 ** 309, -10 ** 400, 0x10FFFF, 0x110000, 2 ** 1100 + 1,
        True, False, 309, 310, 308, -308, -309, -323, -324, 17, 18, 19, 8, 100, 2 ** 1100, 10 ** 400, 50001, -300, 323,
        324]
FLOATS = [0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.1, 1e16, 1e-7, 1e300, -1e300, 5e-324, 1.7976931348623157e308,
          3.141592653589793, 2.675, 1e22, 1e23, 100.0, -7.0, 1e15, 9.5, float('inf'), float('-inf'), float('nan'),
          1.0, -1.0, 2.0, 1e-300, 709.78, 710.0, 1 / 3, 2.5e-5, 4503599627370497.0, 9007199254740993.0, 0.30000000000000004,
          1e-5, 1e-4, 123456789012345678.0, 1e308, 4.35, 0.125, -1e-320, 2 ** 63 + 0.0, -(2 ** 63) + 0.0, 1e19, 0.2, 0.3,
          1e-320, 123456789.123456789, 709.0]
STRS = ['', 'a', 'abc', 'Hello World', '  spaced  ', 'a,b,,c', 'ß', 'ǅungla', 'İstanbul', 'ﬁnance', 'ΣΑΣ', 'σς',
        '12', '-3', ' 42 ', '0x1f', '1_000', '1e3', 'inf', 'nan', '-0', '١٢٣', 'é', '\U0001d11e', "it's", 'a"b',
        'tab\there', '\x00', '3.14', 'A', '%s', '%d', '%r', '%5.2f', '%(a)s', '%c', '%%', '%', 'ΑΣ', 'aΣ', 'ŉ',
        '\u0345', '\ud800', '\x85', '\u2028', '+5', '1e500', '-iNF', '.5', '5.', 'ff', 'zz', '0_1', '08', '00',
        '0b1', '0o7', ' ', '\t\n', '\x1c', 'aaa', 'x' * 20, 'İ', 'ﬃ', 'ǈ', '1.5e3', '-1_0', '  1  ', '\u00a0',
        '\U000e0041', '\u0130\u0307', '0o17', '0b101', '1__0', '_1', '\'"', 'line\nbreak', 'x' * 40, 'MiXeD cAsE',
        "o'neil mc-donald", '%-4s|', '%x %o', '%r %a', '%+05d', '%#x', '%.3s', '%e', '%g', 'ΑΣ ΟΔΟΣ', 'Σ', 'aΣb', 'ǆ',
        'ﬀ', 'ẞ', 'A\u0345Σ', '\u00a0x\u2028', '\x1c7', '\u200b', '\udc00x', '  \t\n7\r ', '- 5', '٣.٤', 'Infinity',
        '  ', 'FF', 'Z', '0_0', '0x_1f', 'ΐ', 'ß'.upper(), "they're bill's", 'ǅ', 'ς', 'ΑΣ.', 'a.Σ', "'", '\\', '\x7f',
        '\u0378', '\ue000']
LISTS = [[], [1, 2, 3], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, 2], [True, False], [None], ['x', 'y'],
         [2 ** 70, -1], [float('nan'), 1], [1, float('nan')], [[1, 2], [1]], [{}], [[]], [-0.0, 0.0], [0.0, -0.0],
         ['a', 1], [3, 1.5, True], [1, 2 ** 64, -2 ** 64], ['%s', 1], [None, None], [[1, 'a'], [1, 2]], [1, [1]],
         list(range(20, 0, -1)), [{'a': 1}, {'a': 1}], ['x', 'y', 'z'], [3, 1.5, True, 2 ** 64, -0.0],
         ['a', 'B', 'b', 'A', 'é', 'ß'], [[1, 2], [1], [1, 'a']], [float('inf'), 1, -float('inf')], [0.1] * 5, [[1], 2],
         list(range(70, 0, -1)), [5, 3, 8, 1, 9, 2, 7, 4, 6, 0] * 8, ['a,b', 'c']]
DICTS = [{}, {'a': 1}, {'a': 1, 'b': [2]}, {'b': 1, 'a': 2}, {'it\'s': None}]

KWNAMES = ['sep', 'maxsplit', 'base', 'ndigits', 'key', 'default', 'start', 'reverse', 'width', 'count', 'a', 'x',
           'number', 'object', 'iterable', 'chars', 'prefix', 'sub', 'old', 'encoding', 'errors', 'b', 'n', 's', 'new',
           'items', 'zz']


POOLS = {'i': INTS, 'f': FLOATS, 's': STRS, 'b': [True, False, None], 'l': LISTS, 'd': DICTS}
FRESH = {'i': lambda rng: rng.randint(-1000, 1000),                          # 40% of ints and floats
         'f': lambda rng: round(rng.uniform(-1e6, 1e6), rng.randint(0, 8))}   # are fresh, not pooled


def value(rng, kinds='ifsbld'):
    """One value of a kind drawn from `kinds` (i int, f float, s str, b bool/None, l list, d dict)."""
    k = rng.choice(kinds)
    if k in FRESH and rng.random() >= 0.6:
        return FRESH[k](rng)
    return rng.choice(POOLS[k])

# argument kinds that make each function do real work (not just raise TypeError)
GOOD = {
    'operator.add': ['if', 'if'], 'operator.sub': ['if', 'if'], 'operator.mul': ['ifs', 'i'],
    'operator.truediv': ['if', 'if'], 'operator.floordiv': ['if', 'if'], 'operator.mod': ['ifs', 'ifl'],
    'operator.pow': ['if', 'if'], 'operator.and_': ['ib', 'ib'], 'operator.or_': ['ibd', 'ibd'],
    'operator.xor': ['ib', 'ib'], 'operator.lshift': ['i', 'i'], 'operator.rshift': ['i', 'i'],
    'operator.concat': ['sl', 'sl'], 'operator.lt': ['ifsl', 'ifsl'], 'operator.le': ['ifsl', 'ifsl'],
    'operator.gt': ['ifsl', 'ifsl'], 'operator.ge': ['ifsl', 'ifsl'], 'operator.eq': ['ifsld', 'ifsld'],
    'operator.ne': ['ifsld', 'ifsld'], 'operator.contains': ['sld', 'is'], 'operator.getitem': ['sld', 'is'],
    'builtins.round': ['if', 'i'], 'builtins.int': ['sif', 'i'], 'builtins.float': ['sif'],
    'builtins.min': ['ls'], 'builtins.max': ['ls'], 'builtins.sum': ['l'], 'builtins.sorted': ['ls'],
    'builtins.chr': ['i'], 'builtins.ord': ['s'], 'builtins.hex': ['i'], 'builtins.bin': ['i'], 'builtins.oct': ['i'],
    'str.split': ['s', 's', 'i'], 'str.join': ['s', 'ls'], 'str.replace': ['s', 's', 's', 'i'],
    'str.startswith': ['s', 's', 'i', 'i'], 'str.endswith': ['s', 's', 'i', 'i'], 'str.find': ['s', 's', 'i', 'i'],
    'str.count': ['s', 's', 'i', 'i'], 'str.zfill': ['s', 'i'], 'str.strip': ['s', 's'], 'str.lstrip': ['s', 's'],
    'str.rstrip': ['s', 's'], 'math.gcd': ['i', 'i', 'i'], 'math.lcm': ['i', 'i', 'i'], 'math.log': ['if', 'if'],
    'math.factorial': ['i'], 'math.isqrt': ['i'],
}


def good_call(rng):
    name = rng.choice(NAMES)
    ks = GOOD.get(name) or (['s'] if name.startswith('str.') else ['if'])
    n = rng.randint(1, len(ks)) if len(ks) > 1 else 1
    small = name in ('builtins.round', 'str.zfill', 'operator.lshift', 'operator.pow', 'operator.mul')
    its = []
    for j in range(n):
        col = [value(rng, ks[j]) for _ in range(4)]
        if small and j > 0:
            col = [v % 70 - 10 if isinstance(v, int) and not isinstance(v, bool) else v for v in col]
        its.append(col)
    return post(M, {'function': name, 'iterables': its})


def kinds(rng):
    return rng.choice(['i', 'f', 's', 'if', 'is', 'sl', 'ifsbld', 'ii', 'ff', 'ss', 'l'])


def spec(rng):
    name = rng.choice(NAMES)
    if rng.random() < 0.25:
        p = {'partial': name}
        if rng.random() < 0.6:
            p['args'] = [value(rng, kinds(rng)) for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.5:
            p['keywords'] = {rng.choice(KWNAMES): value(rng, kinds(rng)) for _ in range(rng.randint(0, 2))}
        return p
    return name


def fuzz_call(rng):
    if rng.random() < 0.5:
        return good_call(rng)
    fn = spec(rng)
    if rng.random() < 0.45:
        k = kinds(rng)
        it = [value(rng, k) for _ in range(rng.randint(0, 6))]
        if rng.random() < 0.1:
            it = value(rng, 'ifsbld')
        args = {'function': fn, 'iterable': it}
        if rng.random() < 0.3:
            args['initializer'] = value(rng, kinds(rng))
        return post(R, args)
    nit = rng.choice([1, 1, 1, 2, 2, 3])
    its = []
    for _ in range(nit):
        k = kinds(rng)
        it = [value(rng, k) for _ in range(rng.randint(0, 5))]
        if rng.random() < 0.05:
            it = value(rng, 'ifsbld')
        its.append(it)
    return post(M, {'function': fn, 'iterables': its})


def fspec(rng):
    name = rng.choice(NAMES)
    if rng.random() < 0.2:
        p = {'partial': name}
        if rng.random() < 0.6:
            p['args'] = [value(rng) for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.4:
            kw = rng.choice(KWNAMES)
            p['keywords'] = {kw: value(rng)}
        return p
    return name


def explore_call(rng):
    fn = fspec(rng)
    ks = rng.choice(['ii', 'ff', 'if', 'ss', 'sl', 'ifsbld', 'll', 'i', 'f', 'bi'])
    if rng.random() < 0.5:
        it = [value(rng, ks) for _ in range(rng.randint(0, 5))]
        args = {'function': fn, 'iterable': it}
        if rng.random() < 0.1:
            args['iterable'] = rng.choice(['abc', '', {'a': 1, 'b': 2}, 5, None, 1.5])
        if rng.random() < 0.3:
            args['initializer'] = value(rng, ks)
        return post(R, args)
    n = rng.randint(0, 5)
    its = [[value(rng, ks) for _ in range(n + rng.choice([0, 0, 0, 1, -1]))]
           for _ in range(rng.choice([1, 1, 2, 2, 3]))]
    if rng.random() < 0.05:
        its = rng.choice([[], ['abc'], [{'a': 1}], [[1], 'ab']])
    return post(M, {'function': fn, 'iterables': its})


def case(rng, i):
    """Half fuzz_call (itself half good_call), half explore_call."""
    return fuzz_call(rng) if rng.random() < 0.5 else explore_call(rng)
