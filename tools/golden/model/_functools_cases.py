"""Cases of /v1/functools/reduce and /v1/builtins/map (corpus "functools"):
every name of the vocabulary through map (with values of every JSON type, so
that each function's TypeError / ValueError / OverflowError /
ZeroDivisionError messages appear), the binary ones through reduce (with and
without an initializer, over lists, strs and objects), partials with args
and keywords, the size guards (ResourceLimitError), and the 400s of the
`function` argument."""
from .common import case
from .functools import NAMES

R = '/v1/functools/reduce'
M = '/v1/builtins/map'

INTS = [0, 1, -1, 2, -2, 3, 7, -7, 10, 12, 255, -256, 1000, 2 ** 31, -(2 ** 31), 2 ** 63 - 1, -(2 ** 63), 2 ** 64,
        10 ** 20, -(10 ** 20), 2 ** 100, 3 ** 200, -(7 ** 150), 12345678901234567890123, 0x10ffff, 0x110000]
FLOATS = [0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.1, 0.2, 1 / 3, 1e16, 1e-7, 1e300, -1e300, 5e-324,
          1.7976931348623157e308, 3.141592653589793, 2.675, 1e22, 123456789.123456789, 100.0, -7.0, 1e15, 9.5,
          float('inf'), float('-inf'), float('nan'), 4.35, 0.30000000000000004, 2 ** 53 + 0.0]
STRS = ['', 'a', 'abc', 'Hello World', '  spaced  ', 'a,b,,c', 'ß', 'ǅungla', 'İstanbul', 'ﬁnance', 'ΣΑΣ', 'σς',
        '12', '-3', ' 42 ', '0x1f', '1_000', '1e3', 'inf', 'nan', '-0', '١٢٣', 'é', '\U0001d11e', "it's", 'tab\there',
        'line\nbreak', 'x' * 40, 'MiXeD cAsE', "o'neil mc-donald", '\x00', '3.14', 'A', '😀', 'e\u0301', '\u2028',
        'ŉ', 'ǰ', 'ΐ', '\ud800', 'ａｂｃ', '²', 'Ⅻ', '  \t\n', 'a b  c', '+7', '0b101', '0o17', '1__0', '1.5e3 ']
LISTS = [[], [1, 2, 3], [3, 1, 2], ['b', 'a', 'C'], [1, 'a'], [[1], [0]], [1.5, 2], [True, False], [None],
         ['x', 'y', 'z'], [2 ** 70, -1], [0.1, 0.2, 0.3], [[]], [1, 1.0, True]]
DICTS = [{}, {'a': 1}, {'b': 1, 'a': [2]}, {'1': 'x'}]


POOLS = {'s': STRS, 'b': [True, False, None], 'l': LISTS, 'd': DICTS}


def value(rng, kinds='ifsb'):
    """One value of a kind drawn from `kinds` (i int, f float, s str, b bool/None, l list, d dict)."""
    k = rng.choice(kinds)
    if k == 'i':
        return rng.choice(INTS) if rng.random() < 0.6 else rng.randint(-1000, 1000)
    if k == 'f':
        return rng.choice(FLOATS) if rng.random() < 0.6 else round(rng.uniform(-1e6, 1e6), rng.randint(0, 8))
    return rng.choice(POOLS[k])


SMALL_INT_FNS = {'operator.pow', 'operator.lshift', 'str.zfill', 'operator.mul', 'builtins.round', 'math.factorial',
                 'math.lcm'}


def tame(fn, xs):
    """Keep exponents, shifts, widths and factorials small (no guard, no huge output)."""
    if fn not in SMALL_INT_FNS:
        return xs
    return [x % 97 if isinstance(x, int) and not isinstance(x, bool) and abs(x) > 96 else x for x in xs]


UNARY = [n for n in NAMES if n.split('.')[1] in (
    'neg pos abs not_ truth len str int float bool repr ord chr hex bin oct round min max sum sorted upper lower strip '
    'lstrip rstrip title capitalize casefold swapcase split sqrt floor ceil factorial isqrt fabs exp log log2 log10 '
    'sin cos tan').split()]
BINARY = [n for n in NAMES if n.split('.')[1] in (
    'add sub mul truediv floordiv mod pow and_ or_ xor lshift rshift concat eq ne lt le gt ge contains getitem gcd '
    'lcm log round min max split join replace startswith endswith find count zfill strip lstrip rstrip').split()]


def reduce_case(fn, it, *init, compare=None):
    args = {'function': fn, 'iterable': it}
    if init:
        args['initializer'] = init[0]
    return case(R, args, compare=compare)


def map_case(fn, *its, compare=None):
    return case(M, {'function': fn, 'iterables': list(its)}, compare=compare)


def every_name():
    """Each function of the vocabulary on values of every kind."""
    out = []
    pools = [INTS[i:i + 7] for i in range(0, len(INTS), 7)] + [FLOATS[i:i + 6] for i in range(0, len(FLOATS), 6)] \
        + [STRS[i:i + 7] for i in range(0, len(STRS), 7)] + [LISTS[:7], LISTS[7:], DICTS + [True, False, None]]
    for n, fn in enumerate(NAMES):
        for i, pool in enumerate(pools):
            if (i + n) % 3:
                continue
            xs = tame(fn, list(pool))
            if fn in BINARY:
                ys = tame(fn, [pools[(i + n) % len(pools)][j % len(pools[(i + n) % len(pools)])] for j in range(len(xs))])
                out.append(map_case(fn, xs, ys))
            if fn in UNARY:
                out.append(map_case(fn, xs))
    return out


def reduce_curated():
    out = []
    r = lambda fn, it, *init, **kw: out.append(reduce_case(fn, it, *init, **kw))  # noqa: E731
    r('operator.mul', list(range(1, 101)))
    r('operator.mul', [2 ** 64] * 20)
    r('operator.mul', list(range(1, 60)), -1)
    r('operator.add', [0.1] * 10)
    r('operator.add', [1, 'a'])
    r('operator.add', ['a', 1])
    r('operator.add', [1, None])
    r('operator.add', [[1], [2, 3], []])
    r('operator.add', [[1], 'x'])
    r('operator.add', [True, True])
    r('operator.add', [1e308, 1e308])
    r('operator.add', [])
    r('operator.add', [], 0)
    r('operator.add', [], None)
    r('operator.add', [5], None)
    r('operator.add', 'abc')
    r('operator.add', 'abc', 'x')
    r('operator.add', '')
    r('operator.add', '', '')
    r('operator.add', {'a': 1, 'b': 2})
    r('operator.add', {}, 'z')
    r('operator.add', 5)
    r('operator.add', None)
    r('operator.add', True)
    r('operator.add', 1.5, 0)
    r('operator.add', ['x'] * 1000)
    r('operator.add', [[i] for i in range(300)])
    r('operator.sub', [10, 3, 2])
    r('operator.truediv', [1, 3])
    r('operator.truediv', [1, 0])
    r('operator.truediv', [1.0, 0])
    r('operator.truediv', [0, 0.0])
    r('operator.truediv', [2 ** 1100, 2])
    r('operator.truediv', [2 ** 1100, 2 ** 1099])
    r('operator.truediv', [10 ** 400, 10 ** 399])
    r('operator.truediv', [1, 10 ** 400])
    r('operator.truediv', [2 ** 1024 - 1, 1])
    r('operator.floordiv', [-7, 2])
    r('operator.floordiv', [7, -2])
    r('operator.floordiv', [-7.5, 2])
    r('operator.floordiv', [1, 0])
    r('operator.floordiv', [1.0, 0.0])
    r('operator.floordiv', [1e308, 1e-308])
    r('operator.floordiv', [float('inf'), 1])
    r('operator.mod', [-7, 2])
    r('operator.mod', [7, -2])
    r('operator.mod', [-7.5, 2])
    r('operator.mod', [7, 0])
    r('operator.mod', [-0.0, 5])
    r('operator.mod', [5.0, -0.0])
    r('operator.mod', [1e-300, -1e300])
    r('operator.mod', ['%s-%s', ['a', 'b']])
    r('operator.mod', ['%d', 'x'])
    r('operator.mod', ['%5.2f|%-4d|%x|%r', [3.14159, 7, 255, 'q']])
    r('operator.mod', ['%(a)s', {'a': 1}])
    r('operator.mod', ['%s', []])
    r('operator.mod', ['%', 1])
    r('operator.mod', ['100%', []])
    r('operator.pow', [2, 100])
    r('operator.pow', [2, -1])
    r('operator.pow', [0, -1])
    r('operator.pow', [0.0, -1])
    r('operator.pow', [10.0, 400])
    r('operator.pow', [-8, 1 / 3])
    r('operator.pow', [2, 0.5])
    r('operator.pow', [-2, 3])
    r('operator.pow', [0, 0])
    r('operator.pow', [7, 5000])
    r('operator.pow', [2, 3, 2])
    r('operator.lshift', [1, 400000])
    r('operator.pow', [2, 2 ** 20 + 1])
    r('operator.pow', [3, 10 ** 7])
    r('operator.pow', [-1, 10 ** 30])
    r('operator.pow', [1, 10 ** 30])
    r('operator.pow', [1.0000001, 10 ** 30])
    r('operator.lshift', [1, 200])
    r('operator.lshift', [1, -1])
    r('operator.lshift', [-5, 3])
    r('operator.lshift', [1, 2 ** 20 + 1])
    r('operator.lshift', [0, 10 ** 30])
    r('operator.rshift', [-1, 100])
    r('operator.rshift', [2 ** 100, 99])
    r('operator.rshift', [5, 10 ** 30])
    r('operator.lshift', [1.0, 2])
    r('operator.and_', [2 ** 100 - 1, -(2 ** 64), 12345])
    r('operator.or_', [-1, 2 ** 80])
    r('operator.xor', [True, False, True])
    r('operator.xor', [-(2 ** 70), 2 ** 70 - 1])
    r('operator.and_', [1.0, 1])
    r('operator.concat', ['a', 'b', 'c'])
    r('operator.concat', [[1], [2]])
    r('operator.concat', [1, 2])
    r('operator.concat', ['a', [1]])
    r('operator.mul', ['ab', 3])
    r('operator.mul', [[0], 5])
    r('operator.mul', ['ab', 10 ** 9])
    r('operator.mul', [[1, 2], 10 ** 8])
    r('operator.mul', ['ab', -3])
    r('operator.lt', [1, 2])
    r('operator.lt', [1, 'a'])
    r('operator.eq', [1, 1.0])
    r('operator.eq', [1, True])
    r('operator.contains', [[1, 2], 1])
    r('operator.getitem', [{'a': {'b': [10, 20]}}, 'a', 'b', 1])
    r('operator.getitem', [[1, 2], 5])
    r('operator.getitem', [{'a': 1}, 'b'])
    r('operator.getitem', [{'a': 1}, "it's"])
    r('operator.getitem', ['abc', -1])
    r('operator.getitem', ['abc', 1.0])
    r('operator.getitem', [[1, 2], True])
    r('operator.getitem', [[1, 2], 2 ** 64])
    r('math.gcd', [2 ** 100, 6 ** 50, 0])
    r('math.lcm', list(range(1, 60)))
    r('math.gcd', [])
    r('math.gcd', [], 0)
    r('math.gcd', [1.0, 2])
    r('math.factorial', [5], 50001)
    r('math.log', [8, 2])
    r('math.log', [100, 10, 2])
    r('builtins.max', [3, 1, 2])
    r('builtins.max', [])
    r('builtins.min', ['b', 'a'], 'c')
    r('builtins.round', [2.675, 2])
    r('builtins.round', [123456, -2])
    r('builtins.round', [123456, -(2 ** 20)])
    r('builtins.round', [1.5, None])
    r('operator.neg', [1, 2])
    r('str.join', [',', ['a', 'b']])
    r('str.join', [',', ['a', 1]])
    r('str.join', ['ab', 'xyz'])
    r('str.replace', ['aaa', 'a', 'bb'])
    r('str.zfill', ['42', 5])
    r('str.zfill', ['42', 2 ** 25])
    r('str.split', ['a,b', ','])
    r('str.startswith', ['abc', 'a'])
    r('str.count', ['aaa', 'a'])
    r('str.find', ['abc', 'c'])
    r('builtins.sum', [[1, 2], [3]])
    return out


def map_curated():
    out = []
    m = lambda fn, *its, **kw: out.append(map_case(fn, *its, **kw))  # noqa: E731
    m('math.factorial', [0, 1, 20, 21, 100, 1000, -1, 50000, 50001])
    m('math.factorial', [1.0, True, '5', None])
    m('math.sqrt', [4, 2, 0, -0.0, -1, 2 ** 1100, 10 ** 400, float('inf'), float('nan')])
    m('math.isqrt', [0, 1, 2 ** 200, -1, 10 ** 100, 1.0, True])
    m('math.log', [1, 0, -1, 2.718281828459045, 10 ** 400, 0.0, 2 ** 1024, float('inf'), True])
    m('math.log', [8, 100, 1, 2, 8], [2, 10, 1, 0.5, 0])
    m('math.log', [8], [1])
    m('math.log', [8], [-2])
    m('math.log2', [8, 2 ** 1000, 0.1, 0, 3, 2 ** 10000])
    m('math.log10', [1000, 10 ** 50, 0.001, -5, 2, 10 ** 5000])
    m('math.exp', [0, 1, 709, 710, -1000, 1e-10, 2 ** 100])
    m('math.sin', [0, 1, 1e22, 3.141592653589793, 1e300, float('inf')])
    m('math.cos', [0, 1, 1e22, 3.141592653589793, float('nan')])
    m('math.tan', [0, 1, 1.5707963267948966, 1e22, -0.0])
    m('math.floor', [1.5, -1.5, 2 ** 100, 1e300, -0.0, 'x', float('inf'), float('nan'), True])
    m('math.ceil', [1.5, -1.5, 1e16, 0.1, -0.5])
    m('math.fabs', [-1, -0.0, 2 ** 1023, 2 ** 1024])
    m('math.gcd', [12, 0, -4, 2 ** 90, 5], [18, 0, 6, 3 ** 50, True])
    m('math.gcd', [12], [18], [8])
    m('math.lcm', [4, 0, -4], [6, 5, 6])
    m('builtins.str', [1, 1.0, 1e16, 1e-5, 0.0001, 2 ** 100, True, None, -0.0, 1e22, 123456789012345678.0, [1, 'a'],
                       {'k': None}, 'x', 0.1, 1 / 3, 5e-324, 1.7976931348623157e308, float('nan'), [[], {}, '\n']])
    m('builtins.repr', ['x', "it's", 'a"b', 'tab\t', '\x00', 'é', '\U0001d11e', '\u200b', 1.0, [None, True],
                        {'a': 'b'}, '\\', "'\"", '\x7f', '\u0085', '\ud7ff', '\ud800', '\xa0', '\u2028', '\U000e0001'])
    m('builtins.int', ['12', ' 12 ', '-0', '1_000', '1__0', '١٢', '12.5', 'abc', '', 1.9, -1.9, 1e20, True, '0x10',
                       '+5', '٣.٤', '  \t\n7\r ', float('inf'), float('nan'), None, [1], '9' * 5000])
    m('builtins.float', ['1.5', '1e500', '-1e500', 'nan', '-inf', 'Infinity', '  3 ', '1_0.5', 'x', '', '0x10', 1,
                         2 ** 1024, '1e-400', '.5', '5.', '١.٥', None, True, 'iNfInItY', '-nAn'])
    m('builtins.bool', [0, 1, '', 'False', [], [0], None, 0.0, -0.0, {}, float('nan')])
    m('builtins.len', ['abc', [1, 2], {'a': 1}, '\U0001d11e', 5, None, 'e\u0301'])
    m('builtins.abs', [-5, -(2 ** 100), -0.0, -1.5, True, 'x', float('-inf')])
    m('builtins.ord', ['a', 'é', '\U0001d11e', '', 'ab', 5, '\ud800'])
    m('builtins.chr', [65, 233, 0x1d11e, 0x10ffff, 0x110000, -1, 2 ** 64, 1.0, 0xd800, True])
    m('builtins.hex', [255, -255, 0, 2 ** 100, 1.0, True])
    m('builtins.bin', [5, -5, 0, 2 ** 70, 'x'])
    m('builtins.oct', [8, -8, 0, 8 ** 30, None])
    m('builtins.round', [0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 1e300, 2 ** 100, 5, 0.1, float('inf'), float('nan')])
    m('builtins.round', [2.675, 1.005, 1234.5678, 2 ** 100, 5, 0.5, 1e300, -0.0, 15, 25],
      [2, 2, -2, -10, -1, 0, -400, 1, -1, -1])
    m('builtins.round', [1.5, 2.5], [None, 1.0])
    m('builtins.min', [[3, 1, 2], ['b', 'a'], [], [1, 'a'], 'hello', [[2], [1, 5]], 5, {'b': 1, 'a': 2}])
    m('builtins.max', [1, 5], [3, 2], [2, 9])
    m('builtins.max', [1, 'a'], [2, 'b'])
    m('builtins.sum', [[1, 2, 3], [0.1, 0.2, 0.3], [], ['a'], [2 ** 64, 2 ** 64], [1e308, 1e308, -1e308], [True, True],
                       [1, 2.5], [[1]], 'ab'])
    m('builtins.sum', [[[1], [2]], ['a', 'b']], [[], ''])
    m('builtins.sorted', [[3, 1, 2], ['b', 'A', 'a', 'B'], [1, 'a'], [2.5, 1, True], 'hello', {'b': 1, 'a': 2}, [[2], [1, 3]],
                          [None, None], [float('nan'), 1, 0], 5])
    m('str.upper', ['straße', 'ﬁ', 'ǆ', 'abc', 'ŉ', 'ΐ', 5, 'ǰ', 'ﬃ', 'ς'])
    m('str.lower', ['İ', 'ΣΑΣ', 'ABC', 'Ǆ', 'ẞ', 'ΑΣ.', 'AΣb', 'Σ'])
    m('str.casefold', ['Straße', 'ΣΑΣ', 'ﬁ', 'İ', 'ẞ', 'µ'])
    m('str.title', ["they're bill's friends", 'ǆungla', 'hello world', '1st 2nd', 'ßa', 'a_b-c', 'ŉx', 'ﬁnance'])
    m('str.capitalize', ['ǆungla', 'hELLO', 'ßa', 'ﬁx', '', '1a', 'ŉ', 'ΣΑΣ'])
    m('str.swapcase', ['Hello', 'ß', 'ǅ', 'İ', 'ΣΑΣ', 'ﬁ', 'µ'])
    m('str.strip', ['  a  ', '\u00a0a\u3000', '\x1c\x1d\x1e\x1fa\x85', '\u200ba\u200b', 'xxaxx'], ['', ' ', ' ', ' ', 'x'])
    m('str.strip', ['  a\t\n\x0b\x0c\r ', 'a', '\u2028a\u2029'])
    m('str.strip', ['abc'], [None])
    m('str.lstrip', ['  a  ', 'aab'], [' ', 'a'])
    m('str.rstrip', ['  a  ', 'baa'], [' ', 'a'])
    m('str.split', ['a  b\tc\u00a0d\u2028e', ' ', '', 'a,b,,c', '\x1c1\x1d2'])
    m('str.split', ['a,b,,c', 'a', 'x'], [',', '', None])
    m('str.split', ['a b c', 'a,b,c', 'a b c'], [None, ',', None], [1, -1, 0])
    m('str.join', [',', '', '-', '+'], [['a', 'b'], ['x'], 'abc', [1]])
    m('str.replace', ['aaa', 'abc', 'abc', ''], ['a', '', 'b', ''], ['b', '-', '', 'x'])
    m('str.replace', ['aaa', 'aaa'], ['a', 'a'], ['b', 'b'], [2, -1])
    m('str.startswith', ['abc', 'abc', 'abc', 'abc'], ['a', ['x', 'a'], '', 1])
    m('str.endswith', ['abc', 'abc'], ['c', 'x'])
    m('str.find', ['abcabc', 'abc', 'abc', '😀a'], ['c', 'x', '', 'a'])
    m('str.count', ['aaaa', 'abc', '', 'ababa'], ['aa', '', '', 'aba'])
    m('str.zfill', ['42', '-42', '+42', '', 'abc', '--', '😀'], [5, 5, 5, 3, 1, 4, 3])
    m('str.zfill', ['1'], [2 ** 25])
    m('str.upper', [1, None])
    m('operator.not_', [0, 1, '', 'x', None, [], [0], float('nan')])
    m('operator.truth', [0, 1, '', 'x', None, [], [0]])
    m('operator.neg', [0, -0.0, 2 ** 63, True, 'x', float('inf')])
    m('operator.pos', [-0.0, True, 5, 'x'])
    m('operator.abs', [-3, -0.0, False])
    m('operator.add', [1, 'a', [1], 0.1], [2, 'b', [2], 0.2])
    m('operator.add', [1], [2], [3])
    m('operator.truediv', [1, 7, 2 ** 60 + 1, -1, 0], [3, 7, 1, 3, 0])
    m('operator.floordiv', [-1, 1, -7, 5], [3, -3, 2.0, 0.0])
    m('operator.mod', [-1, 1, 5.5, -5.5], [3, -3, 2, 2])
    m('operator.pow', [2, -2, 2, 4, 9.0, -1, 0.0], [10, 3, -2, 0.5, 0.5, 0.5, -0.5])
    m('operator.mul', ['ab', [1, 2], 3, 'x', 2 ** 40, True], [3, 2, 'c', -1, 2 ** 40, 'q'])
    m('operator.mul', [1.5, 0.1, 1e308], [3, 3, 10])
    m('operator.contains', ['abc', [1, 2], {'a': 1}, 'abc', 5], ['b', 3, 'a', 1, 1])
    m('operator.getitem', [[1, 2, 3], 'hello', {'a': 1}, 5], [-1, 10, 'a', 0])
    m('operator.eq', [1, 0.1, 'a', None, float('nan')], [1.0, 0.1, 'a', False, float('nan')])
    m('operator.le', [1, 'a', [1, 2], None], [1.0, 'b', [1, 3], None])
    m('operator.gt', [None, {}], [1, {}])
    m('operator.ne', [1, []], [True, {}])
    m('operator.and_', [True, 6, 'a'], [False, 3, 'b'])
    m('operator.rshift', [1, 2 ** 100], [-1, 2])
    return out


def partial_cases():
    out = []
    m = lambda fn, *its, **kw: out.append(map_case(fn, *its, **kw))  # noqa: E731
    m({'partial': 'builtins.int', 'keywords': {'base': 16}}, ['ff', '0xff', 'FF', 'g', '-ff', ' 1f '])
    m({'partial': 'builtins.int', 'keywords': {'base': 0}}, ['0x1f', '0o17', '0b11', '017', '0', '00', '1_0', '0_0'])
    m({'partial': 'builtins.int', 'keywords': {'base': 36}}, ['zz', 'ZZ', 'Python'])
    m({'partial': 'builtins.int', 'keywords': {'base': 37}}, ['1'])
    m({'partial': 'builtins.int', 'keywords': {'base': 1}}, ['1'])
    m({'partial': 'builtins.int', 'keywords': {'base': 10}}, [5])
    m({'partial': 'builtins.int', 'args': ['101']}, [2, 8, 16, 0])
    m({'partial': 'builtins.round', 'keywords': {'ndigits': 1}}, [0.25, 0.35, 2.5, 2 ** 100, 5])
    m({'partial': 'builtins.round', 'keywords': {'ndigits': -(2 ** 20)}}, [5])
    m({'partial': 'str.split', 'keywords': {'sep': ','}}, ['a,b', '', ','])
    m({'partial': 'str.split', 'keywords': {'sep': ''}}, ['a,b'])
    m({'partial': 'str.split', 'keywords': {'maxsplit': 1}}, ['a b c', '  a  b  '])
    m({'partial': 'str.split', 'keywords': {'sep': None, 'maxsplit': 0}}, [' a b '])
    m({'partial': 'operator.pow', 'args': [2]}, [0, 1, 10, 100, -1, 0.5])
    m({'partial': 'operator.sub', 'args': [100]}, [1, 2.5])
    m({'partial': 'operator.sub'}, [1], [2])
    m({'partial': 'operator.sub', 'args': [], 'keywords': {}}, [1], [2])
    m({'partial': 'builtins.sorted', 'keywords': {'reverse': True}}, [[1, 3, 2], ['a', 'c', 'b']])
    m({'partial': 'builtins.sorted', 'keywords': {'key': 'len'}}, [['aa', 'b']])
    m({'partial': 'builtins.sorted', 'keywords': {'key': None}}, [[2, 1]])
    m({'partial': 'builtins.max', 'keywords': {'default': 'empty'}}, [[], [1, 2]])
    m({'partial': 'builtins.min', 'keywords': {'default': None}}, [[], [3, 1]])
    m({'partial': 'builtins.max', 'keywords': {'default': 0}}, [1], [2])
    m({'partial': 'builtins.sum', 'keywords': {'start': 100}}, [[1, 2], []])
    m({'partial': 'builtins.sum', 'keywords': {'start': 'x'}}, [['a']])
    m({'partial': 'builtins.sum', 'args': [[1]]}, [[2]])
    m({'partial': 'str.replace', 'args': ['abcabc', 'b']}, ['X', '', 'YY'])
    m({'partial': 'str.replace', 'args': ['aaaa', 'a', 'b']}, [0, 1, -1, 100])
    m({'partial': 'str.zfill', 'keywords': {'width': 5}}, ['1'])
    m({'partial': 'str.zfill', 'args': ['1']}, [2 ** 25])
    m({'partial': 'operator.add', 'keywords': {'a': 1}}, [1])
    m({'partial': 'math.log', 'args': [1024]}, [2, 4, 0, 1, -2])
    m({'partial': 'math.log', 'keywords': {'base': 2}}, [8])
    m({'partial': 'str.join', 'args': ['+']}, [['1', '2'], 'xyz', [1], []])
    m({'partial': 'str.startswith', 'keywords': {'start': 1}}, ['abc'], ['b'])
    m({'partial': 'builtins.repr', 'args': [1, 2]}, [3])
    m({'partial': 'math.factorial', 'args': [50001]}, [])
    m({'partial': 'operator.lshift', 'args': [1]}, [10, 2 ** 20, 2 ** 20 + 1])
    m({'partial': 'operator.mul', 'args': ['ab']}, [3, 2 ** 23 + 1, -1])
    m({'partial': 'str.join', 'args': ['xy']}, [['a'] * 3])
    out.append(reduce_case({'partial': 'operator.add', 'args': [1]}, [1, 2]))
    out.append(reduce_case({'partial': 'operator.add'}, [1, 2]))
    out.append(reduce_case({'partial': 'operator.add', 'args': [1, 2]}, [1, 2]))
    out.append(reduce_case({'partial': 'builtins.max', 'keywords': {'default': 0}}, [[1], [2]], []))
    out.append(reduce_case({'partial': 'math.log'}, [1024, 2]))
    return out


def bad_requests():
    out = []
    for fn in ['bogus.fn', 'operator.nope', 'operator', 'operator.', '.add', 'os.system', 'builtins.eval',
               'builtins.exec', 'builtins.__import__', 'builtins.open', 'str.format', 'math.pi', 'math.inf',
               'functools.reduce', 'operator.add ', 'Operator.add', 'operator.__add__', '', 5, None, True,
               ['operator.add'], {'partial': 'bogus'}, {'partial': 'operator.add', 'extra': 1},
               {'partial': 'operator.add', 'args': 1}, {'partial': 'operator.add', 'keywords': []},
               {'partial': {'partial': 'operator.add'}}, {'partial': None}, {'name': 'operator.add'}, {}]:
        out.append(reduce_case(fn, [1, 2]))
        out.append(map_case(fn, [1, 2]))
    out.append(case(R, {'function': 'operator.add'}))
    out.append(case(R, {'iterable': [1]}))
    out.append(case(R, {'function': 'operator.add', 'iterable': [1], 'x': 1}))
    out.append(case(R, {'function': 'operator.add', 'iterable': [1], 'initial': 1}))
    out.append(case(M, {'function': 'builtins.len'}))
    out.append(case(M, {'function': 'builtins.len', 'iterables': 'abc'}))
    out.append(case(M, {'function': 'builtins.len', 'iterables': None}))
    out.append(case(M, {'function': 'builtins.len', 'iterables': {'a': [1]}}))
    out.append(case(M, {'function': 'builtins.len', 'iterables': [[1]], 'iterable': [1]}))
    out.append(map_case('operator.add'))
    out.append(map_case('operator.add', 5))
    out.append(map_case('operator.add', None, [1]))
    out.append(map_case('builtins.len', ['a']))
    out.append(map_case('builtins.len', 'abc'))
    out.append(map_case('builtins.len', {'a': 1, 'bb': 2}))
    out.append(map_case('operator.add', 'ab', [1, 2, 3]))
    out.append(map_case('operator.add', [], [1]))
    out.append(case(R, {'function': 'operator.add', 'iterable': [1]}, method='GET'))
    out.append(case(M, {'function': 'operator.add', 'iterables': [[1]]}, method='PUT'))
    out.append(case('/v1/functools/map', {'function': 'operator.add', 'iterables': [[1]]}))
    out.append(case('/v1/builtins/reduce', {'function': 'operator.add', 'iterable': [1]}))
    return out


def curated():
    return every_name() + reduce_curated() + map_curated() + partial_cases() + bad_requests()


PREFERRED = {   # (first argument, second argument) kinds the function takes
    'operator.and_': ('ii', 'ii'), 'operator.or_': ('ii', 'ii'), 'operator.xor': ('iib', 'iib'),
    'operator.lshift': ('ii', 'ii'), 'operator.rshift': ('ii', 'ii'), 'operator.truediv': ('iif', 'iif'),
    'operator.floordiv': ('iif', 'iif'), 'operator.mod': ('iifs', 'iif'), 'operator.pow': ('iif', 'ii'),
    'operator.concat': ('sl', 'sl'), 'operator.contains': ('sld', 'is'), 'operator.getitem': ('sld', 'iis'),
    'builtins.chr': ('ii', ''), 'builtins.hex': ('ii', ''), 'builtins.bin': ('ii', ''), 'builtins.oct': ('ii', ''),
    'builtins.round': ('iff', 'ii'), 'builtins.ord': ('s', ''), 'builtins.len': ('sld', ''),
    'builtins.min': ('ll', 'ii'), 'builtins.max': ('ll', 'ii'), 'builtins.sum': ('l', ''),
    'builtins.sorted': ('lsd', ''), 'str.zfill': ('s', 'ii'), 'str.join': ('s', 'ls'),
    'str.startswith': ('s', 's'), 'str.endswith': ('s', 's'),
}


def kinds_for(rng, fn, second=False):
    """Mostly values the function takes (so that most calls succeed), sometimes any."""
    k = rng.random()
    if k < 0.25:
        return 'ifsbld'
    if fn in PREFERRED and PREFERRED[fn][second]:
        return PREFERRED[fn][second]
    ns = fn.split('.')[0]
    if ns == 'str':
        return 'sss'
    if ns == 'math':
        return 'iif' if k < 0.7 else 'ii'
    return 'ii' if k < 0.5 else 'iff' if k < 0.7 else 'sss' if k < 0.85 else 'ifsl'


def random_cases(rng):
    out = []
    for _ in range(1100):
        fn = rng.choice([n for n in NAMES if n in BINARY])
        kinds = kinds_for(rng, fn)
        size = rng.randint(0, 3) if fn in SMALL_INT_FNS else rng.randint(0, 6)
        it = tame(fn, [value(rng, kinds) for _ in range(size)])
        if rng.random() < 0.1:
            it = rng.choice(STRS)
        init = (value(rng, 'ifsbl'),) if rng.random() < 0.3 else ()
        out.append(reduce_case(fn, it, *tame(fn, list(init))))
    for _ in range(1000):
        fn = rng.choice(NAMES)
        kinds = kinds_for(rng, fn)
        n = rng.randint(0, 6)
        its = [tame(fn, [value(rng, kinds) for _ in range(n)])]
        if fn in BINARY and (fn not in UNARY or rng.random() < 0.5):
            kinds2 = kinds_for(rng, fn, second=True)
            its.append(tame(fn, [value(rng, kinds2) for _ in range(n + rng.choice([0, 0, 1, -1]))]))
        out.append(map_case(fn, *its))
    for _ in range(200):
        fn = rng.choice(NAMES)
        p = {'partial': fn}
        if rng.random() < 0.6:
            p['args'] = tame(fn, [value(rng, 'ifs')])
        if fn in ('builtins.int', 'builtins.round', 'str.split', 'builtins.sorted', 'builtins.max', 'builtins.sum') \
                and rng.random() < 0.6:
            p['keywords'] = {'builtins.int': {'base': rng.choice([0, 2, 8, 16, 36, 37, 1])},
                             'builtins.round': {'ndigits': rng.choice([0, 1, 2, -1, -2, None])},
                             'str.split': rng.choice([{'sep': ','}, {'maxsplit': 1}, {'sep': ''}]),
                             'builtins.sorted': {'reverse': rng.random() < 0.5},
                             'builtins.max': rng.choice([{'default': 0}, {}]),
                             'builtins.sum': {'start': rng.choice([0, 10, 0.5, [], ''])}}[fn]
        xs = tame(fn, [value(rng, 'ifsl') for _ in range(rng.randint(0, 4))])
        out.append(map_case(p, xs))
    return out
