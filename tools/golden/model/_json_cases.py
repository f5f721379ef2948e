"""Curated cases of /v1/json/*: float and int spellings, strings that need
escapes (controls, U+2028, lone surrogates, astral), every dumps option and
its 400s, raw request bodies (number spellings, NaN literals, duplicate keys,
lone surrogate escapes, the body's own errors), and json.loads: valid
documents and every JSONDecodeError family at several positions/lines."""
import json

from .common import body_case, case, get_case

P = '/v1/json/'

FLOATS = [0.0, -0.0, 1.0, -1.5, 0.1, 0.2, 0.30000000000000004, 1 / 3, 2 / 3, 1e16, 1e15, 9999999999999998.0,
          1e17, 1e21, 1e22, 1e23, 1.5e300, 1.7976931348623157e308, 2.2250738585072014e-308, 5e-324, 1e-7,
          1e-5, 0.0001, 0.001, 123456789.125, 4.35, 2.675, 1e-310, 3.141592653589793, 100.0, 1e100,
          9007199254740993.0, 0.5, -1e-320, float('inf'), float('-inf'), float('nan')]
INTS = [0, 1, -1, 255, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 2 ** 53 + 1, 2 ** 63 - 1, 2 ** 63, -2 ** 63, -2 ** 63 - 1,
        2 ** 64, 10 ** 20, -10 ** 30, 2 ** 200, 7 ** 300, -(10 ** 1000) + 1, int('9' * 4400)]
STRS = ['', 'a', 'hello world', '"', '\\', '/', '\b\f\n\r\t', '\x00', '\x01\x1f', '\x7f', '\x80\x9f', '\u00a0',
        'é', 'café', '日本語', '😀', '🇫🇷', 'e\u0301', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff',
        '\U0010ffff', '\ud800', '\udbff\udfff', '\udc00', 'a\ud800b', '\ud83d\ude00', '\ud83d', 'x' * 200,
        '<script>alert("x")</script>', "it's", '\u0000\u0000', 'tab\there', 'Ω≈ç√∫˜µ≤≥÷']

NESTED = {"z": [1, 2.5, None, True, False, "s"], "a": {"y": {}, "x": [], "b": [[], {}, [[1]]]},
          "é": "ü", "": 0, "10": -0.0, "9": 1e16, "\ud800": "\udfff"}


def dumps_cases():
    out = []
    d = lambda obj, **kw: out.append(case(P + 'dumps', dict(obj=obj, **kw)))  # noqa: E731
    for f in FLOATS:
        d(f)
        d([f, -f], allow_nan=False)
    for n in INTS:
        d(n)
        d({"n": n}, indent=1)
    for s in STRS:
        d(s)
        d(s, ensure_ascii=False)
        d({s: s}, sort_keys=True)
    for indent in [None, 0, 1, 2, 4, 8, -1, -100, '', ' ', '\t', '--', 'é', '\n', '\ud800', 2 ** 64, -2 ** 64,
                   2 ** 63, True, False, 1.5, 2.0, [2], {"n": 2}, "2"]:
        d(NESTED, indent=indent)
        d([], indent=indent)
        d("s", indent=indent)
    for seps in [None, [',', ':'], [', ', ': '], [',', ': '], ['', ''], [' , ', ' : '], ['\n', '\t'],
                 ['é', '😀'], ['\ud800', '\udc00'], [','], [',', ':', ';'], [1, 2], [',', None], ',:', {"a": 1},
                 True, []]:
        d(NESTED, separators=seps)
        d(NESTED, separators=seps, indent=2)
    for kw in [dict(sort_keys=True), dict(sort_keys=True, indent=2), dict(ensure_ascii=False, sort_keys=True),
               dict(skipkeys=True), dict(skipkeys=True, sort_keys=True), dict(allow_nan=False),
               dict(ensure_ascii=False, indent='\t', separators=[',', ' = '], sort_keys=True)]:
        d(NESTED, **kw)
    d({"b": 1, "a": 2, "B": 3, "A": 4, "é": 5, "e\u0301": 6, "😀": 7, "\uffff": 8, "": 9, "10": 10, "2": 11},
      sort_keys=True)
    d([[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]], indent=1)
    d({"a": {"b": {"c": {"d": {}}}}}, indent=3, sort_keys=True)
    # 400s: argument types
    for bad in [dict(skipkeys=1), dict(ensure_ascii='no'), dict(allow_nan=None), dict(sort_keys=0),
                dict(skipkeys=None), dict(bogus=True), dict(cls=None), dict(default='str')]:
        d([1], **bad)
    out.append(case(P + 'dumps', {}))
    out.append(case(P + 'dumps', dict(indent=2)))
    out.append(case(P + 'dumps', dict(obj=None)))
    out.append(get_case(P + 'dumps', obj='1'))
    out.append(case(P + 'dumps', dict(obj=1), method='PUT'))
    return out


def body_cases():
    """json.dumps of what json.loads makes of the raw request text."""
    out = []
    texts = ['1E2', '1e+2', '1e-2', '1.0e0', '0.1e1', '-0', '-0.0', '0e0', '-0e-0', '0.0E+0', '1E16', '1e400',
             '-1e400', '1e-400', '-1e-400', '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308',
             '2.4703282292062327e-324', '2.4703282292062328e-324', '4.9406564584124654e-324', '9007199254740993',
             '9007199254740993.0', '0.1000000000000000055511151231257827', '123456789012345678901234567890',
             '-123456789012345678901234567890.5', '1' * 500 + '.5', '0.' + '0' * 400 + '1', '1' + '0' * 400 + 'e-400',
             'NaN', '-NaN', 'Infinity', '-Infinity', '[NaN, Infinity, -Infinity]', '{"a": NaN}',
             '{"a": 1, "a": 2}', '{"b": 1, "a": 2, "b": 3}', '{"a": {"x": 1}, "a": [2]}', '{"": 1, "": 2}',
             '"\\ud800"', '"\\udc00\\ud800"', '"\\ud83d\\ude00"', '"\\ud83d"', '{"\\ud800": "\\udfff"}',
             '"\\u00e9\\u0000\\u001f\\u007f"', '"\\/\\b\\f\\n\\r\\t\\"\\\\"', '{"\\u00e9": 1, "e\\u0301": 2, "\\u00E9": 3}',
             '"\\u2028\\u2029"', '[1, 1.0, 1e0, 10E-1, 1.00]', '[-0, -0.0, 0.0, 0]', '[[],{},[[]],{"":{}}]',
             '[' * 200 + ']' * 200, '{"a":' * 150 + '1' + '}' * 150, 'true', 'false', 'null', '""', '"日本😀"',
             ' \t\n\r[ 1 , 2 ]\r\n ']
    opts = [{}, dict(allow_nan=False), dict(ensure_ascii=False), dict(indent=1, sort_keys=True), dict(separators=[',', ':'])]
    for i, text in enumerate(texts):
        for kw in opts[:3] if i % 2 else opts[::2]:
            extra = ''.join(', %s: %s' % (json.dumps(k), json.dumps(v)) for k, v in kw.items())
            out.append(body_case(P + 'dumps', '{"obj": %s%s}' % (text, extra)))
    # the options spelled oddly in the body
    for text in ['{"obj": [1], "indent": 2, "indent": null}', '{"indent": 1, "obj": {"b": 1, "a": 2}, "sort_keys": true}',
                 '{"obj": 1, "sort_keys": false, "sort_keys": true}', '{"obj": 1, "indent": 1e0}',
                 '{"obj": 1, "indent": -0}', '{"obj": [1, 2], "indent": -0.0}', '{"obj": [1], "indent": NaN}',
                 '{"obj": [1], "separators": [",", ":"], "separators": null}']:
        out.append(body_case(P + 'dumps', text))
    # the request body itself (pystd's 400s)
    for text in ['', ' ', '[]', '[{"obj": 1}]', 'null', '1', '"obj"', '{"obj": 1', '{"obj": 1} x', '{"obj": 1}}',
                 "{'obj': 1}", '{"obj": 01}', '{"obj": 1.}', '{"obj": .5}', '{"obj": +1}', '{"obj": [1,]}',
                 '{"obj": 1,}', '{obj: 1}', '{"obj": nan}', '{"obj": infinity}', '{"obj": "\\x41"}',
                 '{"obj": "a\nb"}', '{"obj": "\\ud800\\u12"}', '\ufeff{"obj": 1}', '{"obj": ' + '[' * 5000 + ']' * 5000 + '}',
                 '{"obj": tru}', '{"obj": True}', '{"obj": None}', '{"obj": 1} {"obj": 2}', '{"obj": "\t"}']:
        out.append(body_case(P + 'dumps', text))
    return out


LOADS_VALID = ['null', 'true', 'false', '0', '-0', '-0.0', '0.0', '1', '-1', '1.5', '1e5', '1E+5', '1e-5', '1E400',
               '-1e400', '1e-400', 'NaN', 'Infinity', '-Infinity', '[NaN,Infinity,-Infinity]', '""', '" "',
               '"\\u0000"', '"\\ud800"', '"\\udfff"', '"\\udc00\\ud800"', '"\\ud800\\udbff"', '"\\ud83d\\ude00"',
               '"\\uD83D\\uDE00"', '"\\ud834\\udd1e"', '"😀日本é"', '"\\u00e9"', '"\\"\\\\\\/\\b\\f\\n\\r\\t"',
               '[]', '{}', '[[]]', '[{}]', '{"":""}', '{"a":1,"a":2}', '{"b":1,"a":2,"b":3}', '{"a":{"b":{"c":[]}}}',
               '{"z": 1, "y": {"x": [1, {"w": 2, "v": 3}]}}', '[1,2.0,3e0,"4",null,true,false]', '9007199254740993',
               '12345678901234567890123456789', '-' + '9' * 4000, '0.1', '1e16', '5e-324', '2.4703282292062328e-324',
               '1.7976931348623158e308', '123.456e78', '[' * 200 + ']' * 200, '{"a":' * 150 + '1' + '}' * 150,
               '"\u2028\u2029"', '"\x7f\x80"', '1.0', '10E-1', '[-0, -0.0, 0.0]', ' \t\n\r 1 \r\n\t ', '\n[\n1\n]\n',
               '{"\\u00e9":1,"é":2}', '["a",\n "b"]', '"\ud800"', '"a\udfffb"', '{"\ud800": 1}', '1' * 4300,
               '0.' + '1' * 1000, '[' + ','.join(['1'] * 300) + ']', '{' + ','.join(f'"k{i}":{i}' for i in range(100)) + '}']

LOADS_ERRORS = [
    '', ' ', '\n\n  ', '\t', '[1,]', '[1 2]', '[1,,2]', '[,1]', '{"a" 1}', '{"a":1,}', '{,}', '{"a",1}', '{a:1}',
    "{'a':1}", '{"a":1 "b":2}', '{"a":1]', '[1}', '[', '{', '{"a":', '{"a"', '{"a":1', '[1,2', '["a]', '"abc',
    '"', '"\\"', '"\x01"', '"\x1f"', '"a\nb"', '"\t"', '"\r"', '"\x00"', '"\\x41"', '"\\a"', '"\\U0001F600"',
    "\"\\'\"", '"\\ "', '"\\', '"\\u"', '"\\u12"', '"\\u123"', '"\\uzzzz"', '"\\u12G4"', '"\\ud800\\u12"',
    '"\\ud800\\uzzzz"', '"\\ud800\\"', '[1] x', '1 2', '{}{}', '[] []', '01', '00', '-01', '1.', '1.e5', '.5', '+1',
    '-', '--1', '1.5e', '1e+', '1e-', '0x10', '1_000', '1,000', 'tru', 'nul', 'fals', 'nan', '-nan', 'inf', '-inf',
    'infinity', '-infinity', 'Nan', 'NAN', 'INFINITY', 'True', 'None', 'null null', "'a'", 'undefined', '\ufeff[]',
    '\ufeff', '\ufeff1', '\u00a01', '\u20281', '1\u00a0', '[\u3000]', '[\n1,\n]', '[\r\n1,\r\n]', '[\r1,\r]',
    '["😀", x]', '["日本",\n "é", ]', '{"😀": 1 "b"}', '"\\ud83d\\ude00" x', '{"a":[1,2,{"b":null,}]}',
    '[1,\n 2,\n 3\n x]', '\n\n\n   }', '[\n\n\n"\\q"]', '{"a":\n\n\n', '[' * 20000, '{"a":' * 3000,
    '1' * 4300 + 'x', '[1e5.5]', '[1.5.5]', '[-]', '[- 1]', '["a" "b"]', '{"a" : "b" : "c"}', '[true false]',
    '/* comment */ 1', '1 // comment', '#1', '[1]\x00', '\x00', '"\\u0000" "x"', '{"a":1}\n\n x',
]


def loads_cases():
    out = []
    for s in LOADS_VALID:
        out.append(case(P + 'loads', dict(s=s), compare='ordered'))
    for s in LOADS_ERRORS:
        out.append(case(P + 'loads', dict(s=s)))
    for s in ['[1, 2]', '{"b": 1, "a": [2.5, null]}', '[1,', '"\\ud800"', 'NaN', '']:
        out.append(get_case(P + 'loads', s=s))
    out.append(get_case(P + 'loads', query='s=%5B1%2C%202%5D&s=%5B3%5D'))
    out.append(get_case(P + 'loads', query=''))
    out.append(get_case(P + 'loads', query='s=1&x=2'))
    out.append(get_case(P + 'loads', query='s=%ZZ'))
    out.append(get_case(P + 'loads', query='s=+1+'))
    out.append(case(P + 'loads', dict(s=None)))
    out.append(case(P + 'loads', dict(s=1)))
    out.append(case(P + 'loads', dict(s=['[]'])))
    out.append(case(P + 'loads', dict(s={'a': 1})))
    out.append(case(P + 'loads', {}))
    out.append(case(P + 'loads', dict(s='1', cls=None)))
    out.append(case(P + 'loads', dict(s='1', parse_float='decimal')))
    out.append(case(P + 'loads', dict(s='1'), method='DELETE'))
    out.append(case(P + 'nosuch', dict(s='1')))
    return out


def curated():
    return dumps_cases() + body_cases() + loads_cases()


def hook_cases():
    """json.loads' parse_float / parse_int / parse_constant (issue 17): the vocabulary's callables
    called with each literal's text, their errors, and where in the scan a hook's error comes."""
    out = []
    L = lambda s, **kw: out.append(case(P + 'loads', dict(s=s, **kw)))  # noqa: E731
    doc = '[1, -0, 2.5, -1e3, 1E+2, 0.0, NaN, Infinity, -Infinity, {"a": [10, 1.25e-5]}]'
    for name in ('builtins.str', 'builtins.float', 'builtins.int', 'builtins.repr', 'builtins.len',
                 'str.upper', 'builtins.abs', 'math.sqrt', 'math.floor', 'builtins.round', 'builtins.bool',
                 'operator.neg', 'operator.add', 'builtins.ord', 'builtins.list'):
        for kw in ('parse_float', 'parse_int', 'parse_constant'):
            L(doc, **{kw: name})
    L(doc, parse_float='builtins.str', parse_int='builtins.str', parse_constant='builtins.str')
    L('[1.5, 2, NaN]', parse_float='builtins.int', parse_int='builtins.float', parse_constant='builtins.int')
    L('[0x, 1]', parse_int='builtins.str')
    L('[1, 2', parse_int='operator.add')          # the hook raises before the syntax error
    L('[1.5, 2', parse_int='builtins.str')
    L('{"a": NaN', parse_constant='builtins.int')
    L('{"a": -Infinity}', parse_constant='builtins.float')
    L('"NaN"', parse_constant='builtins.int')      # a string is no constant
    L('12345678901234567890123', parse_int='builtins.float')
    L('1' * 400, parse_int='builtins.float')
    L('1' * 400 + '.5', parse_float='builtins.float')
    L('1e400', parse_float='builtins.str')
    L('1e400', parse_float='builtins.int')
    L('ff', parse_int={'partial': 'builtins.int', 'keywords': {'base': 16}})
    L('[10, 777]', parse_int={'partial': 'builtins.int', 'keywords': {'base': 16}})
    L('[10, 777]', parse_int={'partial': 'builtins.int', 'args': ['12']})
    L('[1.5, 2.25]', parse_float={'partial': 'builtins.round', 'args': []})
    L('[1.5, 2.25]', parse_float={'partial': 'str.replace', 'args': []})
    L('[1.5, 2.25]', parse_float={'partial': 'operator.concat', 'args': ['x']})
    L('[2, 3]', parse_int={'partial': 'operator.pow', 'args': [2]})
    L('[2.5]', parse_float={'partial': 'operator.pow', 'args': [-1]})  # complex: no JSON form
    for bad in (3, True, [], {}, {'function': 'builtins.str'}, 'builtins.nope', 'str', '', 'decimal.Decimal',
                {'partial': 'builtins.str', 'args': 1}, {'partial': 'nope'}):
        L('[1, 1.5, NaN]', parse_float=bad)
        L('[1]', parse_int=bad)
    L('[1]', parse_int=None, parse_float=None, parse_constant=None)
    out.append(get_case(P + 'loads', s='[1, 2.5]', parse_float='"builtins.str"'))
    out.append(get_case(P + 'loads', s='[1, 2.5]', parse_float='builtins.str'))
    return out
