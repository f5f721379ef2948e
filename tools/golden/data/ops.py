"""tests/golden/unit/: calls of the functools/map vocabulary (operator.*, builtins.*,
str.*, math.*, partials with keywords) with CPython 3.11.7's answers, for
tests/unit/test_ops.c, one JSON object a line:

    {"f": "operator.floordiv", "args": [-7, 2], "r": -4}
    {"f": "math.sqrt", "args": [-1], "e": ["ValueError", "math domain error"]}
    {"f": "builtins.round", "args": [2.675], "kw": {"ndigits": 2}, "r": 2.67}

The callables are the golden model's (tools/golden/model/functools.py: Python's
own functions behind the service's size guards), so a ResourceLimitError is
expected where the service's default caps stop a call.  Binary operators run
over every pair of BINARY_VALUES (29 values: 841 pairs per operator)."""
import itertools
import json

NAN = float('nan')
INF = float('inf')

INTS = [0, 1, -1, 2, -2, 3, 7, -7, 10, 2 ** 53 + 1, 2 ** 63 - 1, -2 ** 63, 2 ** 64, 10 ** 20, -10 ** 20, 2 ** 100,
        -(3 ** 80), True, False]
FLOATS = [0.0, -0.0, 0.5, -0.5, 1.5, -2.5, 0.1, 3.0, -7.0, 1e16, 1e300, -1e300, 5e-324, 1.7976931348623157e308,
          INF, -INF, NAN]
OTHERS = ['', 'ab', 'é', [], [1, 'a'], None, {'a': 1}]
VALUES = INTS + FLOATS + OTHERS

STRS = ['', 'a', 'abc', 'Hello World', '  spaced  ', 'a,b,,c', 'ß', 'ǅungla', 'İstanbul', 'ﬁnance', 'ΣΑΣ', 'σς',
        'ΑΣ ΟΔΟΣ', 'aΣ', 'aΣb', 'A\u0345Σ', 'Σ', 'ŉ', 'ΐ', 'ﬃ', 'ẞ', "they're bill's friends", '1st 2nd', 'a_b-c',
        '12', '-3', ' 42 ', '+7', '0x1f', '0o17', '0b101', '1_000', '1__0', '_1', '1e3', 'inf', '-iNF', 'nan',
        'Infinity', '-0', '١٢٣', '٣.٤', '  \t\n7\r ', '\u00a07\u2028', '\x1c7', '1e500', '1e-400', '.5', '5.',
        '1_0.5', 'x' * 250, "it's", 'a"b', '\'"', 'tab\there', 'line\nbreak', '\x00', '\x7f', '\x85', '\u200b',
        '\ud800', '\udc00x', '\U0001d11e', '\u0378', '%s', '%d', '%5.2f', '%(a)s', '%%', '%', '%c', '%#x', 'ff',
        '0_0', '0_1', '08', '00', '0x_1f', '--', '+42', '-42']

BINARY_VALUES = [0, 1, -1, 2, -7, 2 ** 53 + 1, 2 ** 63 - 1, -2 ** 63, 2 ** 64, -(3 ** 80), True, False,
                 0.0, -0.0, 0.5, -2.5, 0.1, 1e300, 5e-324, INF, -INF, NAN, '', 'ab', 'é', [], [1, 'a'], None,
                 {'a': 1}]
F = C = None                       # the model's functools and common modules (loaded by ops())


def plain(v):
    """The value as the service answers it (complex -> TypeError)."""
    if isinstance(v, complex):
        raise TypeError("no JSON form for complex")
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    return v


def emit(f, args, kw=None):
    spec = {'partial': f, 'keywords': kw} if kw else f
    try:
        fn = F.callable_of(spec)
        r = {'r': plain(fn(*args))}
    except C.ResourceLimit as e:
        r = {'e': ['ResourceLimitError', str(e)]}
    except Exception as e:  # noqa: BLE001 -- the exception is the expected answer
        r = {'e': [C.type_name(e), str(e)]}
    line = {'f': f, 'args': list(args)}
    if kw:
        line['kw'] = kw
    line.update(r)
    return json.dumps(line, ensure_ascii=True)


def vectors():
    binary = ['operator.' + n for n in ['add', 'sub', 'mul', 'truediv', 'floordiv', 'mod', 'pow', 'and_', 'or_',
                                         'xor', 'lshift', 'rshift', 'lt', 'le', 'eq', 'ne', 'gt', 'ge', 'concat',
                                         'contains', 'getitem']]
    for f in binary:
        for a, b in itertools.product(BINARY_VALUES, BINARY_VALUES):
            yield emit(f, [a, b])
    unary = ['operator.' + n for n in ['neg', 'pos', 'abs', 'not_', 'truth']] + \
        ['builtins.' + n for n in ['abs', 'len', 'str', 'repr', 'int', 'float', 'bool', 'chr', 'hex', 'bin', 'oct',
                                   'round', 'min', 'max', 'sum', 'sorted']] + \
        ['math.' + n for n in F.VOCABULARY['math']]
    for f in unary:
        for a in VALUES + [0x10FFFF, 0x110000, 2 ** 31, 20, 21, 100, 1000, 2 ** 200, 1e22, 2.675, 1e-5, 123.456,
                           709.0, 710.0, -1000.0, 1e-10, 1.5707963267948966, [3, 1, 2], ['b', 'A', 'a', 'B'],
                           [2.5, 1, True], [2 ** 64, 2 ** 64], [0.1, 0.2, 0.3], [1e308, 1e308, -1e308], [[1], [2]],
                           'hello', {'b': 1, 'a': 2}]:
            yield emit(f, [a])
    # round with ndigits, banker's rounding and the float algorithm
    for x in [0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 1.005, 1234.5678, 0.125, 0.375, -0.0, 1e300, 5e-324, 1e22, 123.456,
              INF, NAN, 5, 15, 25, -25, 1234567, 2 ** 100, True]:
        for nd in [None, 0, 1, 2, 3, -1, -2, -3, 5, 17, 323, 324, -308, -309, 400, -400, 2 ** 70, -2 ** 70, 1.0,
                   True]:
            yield emit('builtins.round', [x], {'ndigits': nd})
    # int(str, base) and float(str)
    for s in STRS:
        yield emit('builtins.int', [s])
        yield emit('builtins.float', [s])
        for base in [0, 2, 8, 16, 36, 37, 1, -1]:
            yield emit('builtins.int', [s], {'base': base})
        yield emit('builtins.ord', [s])
        for m in ['upper', 'lower', 'title', 'capitalize', 'casefold', 'swapcase', 'strip', 'lstrip', 'rstrip',
                  'split']:
            yield emit('str.' + m, [s])
        for arg in [' ', 'a', 'ab', 'Σ', '', None, 1]:
            for m in ['strip', 'lstrip', 'rstrip', 'split', 'startswith', 'endswith', 'find', 'count', 'join']:
                yield emit('str.' + m, [s, arg])
        for w in [-1, 0, 3, 5, 10, 2 ** 70, 1.0]:
            yield emit('str.zfill', [s, w])
        for old, new in [('a', 'b'), ('', '-'), ('ab', ''), ('Σ', 'σς'), (' ', '')]:
            yield emit('str.replace', [s, old, new])
            yield emit('str.replace', [s, old, new, 1])
        yield emit('operator.mod', [s, [1, 'a']])
        yield emit('operator.mod', [s, {'a': 1}])
        yield emit('operator.mod', [s, 3.14159])
    for s, sub, start, end in itertools.product(['abcabc', 'éΣé', ''], ['a', 'bc', '', 'é'], [None, 0, 1, -2, 10],
                                                 [None, 2, -1, 100]):
        for m in ['find', 'count', 'startswith', 'endswith']:
            yield emit('str.' + m, [s, sub, start, end])
    for s, sep, maxsplit in itertools.product(['a b  c ', ' a,b,,c', 'a\u2028b\xa0c'], [None, ',', ' ', ''],
                                              [-1, 0, 1, 2]):
        yield emit('str.split', [s], {'sep': sep, 'maxsplit': maxsplit})
    # str % args
    for fmt in ['%s', '%r', '%a', '%d', '%i', '%x', '%X', '%o', '%#x', '%#o', '%e', '%E', '%f', '%g', '%G', '%c',
                '%5s|', '%-5s|', '%.2s', '%05d', '%+d', '% d', '%+.3f', '%10.4e', '%-08.2f|', '%#g', '%.0f', '%(a)s',
                '%(b)d', '%s %s', '%', '%5%', '%z', 'abc', '%%', '%.3d', '%#08X']:
        for arg in [1, -42, 255, 3.5, -0.0, 1e300, INF, NAN, 'é', 'ab', [1, 2], {'a': 'x', 'b': 2}, True, None,
                    2 ** 100, 0x110000]:
            yield emit('operator.mod', [fmt, arg])
    # math with big ints
    for n in [0, 1, 5, 20, 21, 100, 300, 1000, -1, 50001, 2 ** 64, True]:
        yield emit('math.factorial', [n])
    for a, b in itertools.product([0, 12, -18, 2 ** 100, 3 ** 60, 6 ** 50, True], [0, 18, -4, 2 ** 90, 7]):
        yield emit('math.gcd', [a, b])
        yield emit('math.lcm', [a, b])
    for n in [0, 1, 2, 15, 16, 2 ** 200, 10 ** 100, 10 ** 100 - 1, -1]:
        yield emit('math.isqrt', [n])
    for x, b in itertools.product([8, 100, 1, 2, 0, -1, 2 ** 1024, 10 ** 400, 0.5, 2.718281828459045, INF],
                                  [2, 10, 1, 0.5, 0, -1, 10 ** 400]):
        yield emit('math.log', [x, b])
    # min/max/sum/sorted with keywords and mixed types
    for lst in [[3, 1, 2], [1, 'a'], ['a', 1], [], [1.5, 1, True, 2 ** 64], ['b', 'a'], [[2], [1, 5]], 'hello',
                {'b': 1, 'a': 2}, [NAN, 1, 0], [1, NAN, 0], [None, None]]:
        for kw in [None, {'default': 0}, {'key': None}, {'key': 'len'}, {'zz': 1}]:
            yield emit('builtins.min', [lst], kw)
            yield emit('builtins.max', [lst], kw)
        for kw in [None, {'reverse': True}, {'key': 'len'}, {'reverse': 1.0}]:
            yield emit('builtins.sorted', [lst], kw)
        for kw in [None, {'start': 10}, {'start': 0.5}, {'start': []}, {'start': ''}]:
            yield emit('builtins.sum', [lst], kw)
    yield emit('builtins.max', [1, 'a'])
    yield emit('builtins.min', [1, 2], {'default': 0})
    # argument errors: counts and keywords for every function
    for f in F.NAMES:
        for n in range(0, 5):
            yield emit(f, ['abc', 'b', 1, 2][:n])
            yield emit(f, [1, 2, 3, 4][:n])
        yield emit(f, ['a'], {'zz': 1})
        yield emit(f, [5, 6], {'a': 1})


def ops():
    global F, C
    import model
    from model import common
    F, C = model.load('functools'), common
    return vectors()


FILES = {
    'unit/ops.jsonl': ('operator/builtins/str/math calls of the functools vocabulary, with their answers', ops),
}
