"""tests/golden/unit/: float repr/parse, json.loads/dumps and codecs answers for
tests/unit/test_float_repr.c, test_json.c and test_codecs.c.

Line formats (HEX: the UTF-8 bytes in hex, '-' when empty; lone surrogates as
3-byte sequences):
  float_repr.txt   HEX(bits of x) repr(x)         special values, every power of two, random doubles
  float_parse.txt  text HEX(bits of float(text))  random decimal texts
  json_loads.txt   HEX(doc) OK HEX(json.dumps(json.loads(doc)))  |  HEX(doc) ERR HEX(msg) pos lineno colno
  json_dumps.txt   HEX(doc) HEX(kwargs JSON) OK HEX(json.dumps(json.loads(doc), **kwargs))  |  ... ERR type HEX(message)
  codecs.txt       e|d HEX(input) HEX(encoding) errors OK HEX(output)  |  ... ERR type HEX(message)

The float files are a sample (the old run-time oracle drew 450,000 doubles);
tests/unit/test_float_repr.c adds oracle-free checks over millions of random
doubles (round trip, shortest digits, strtod agreement)."""
import json
import math
import random
import struct
import warnings


def H(s):
    return (s.encode('utf-8', 'surrogatepass') if isinstance(s, str) else s).hex() or '-'


def bits(x):
    return '%016x' % struct.unpack('<Q', struct.pack('<d', x))[0]


SPECIAL = [0.1, 0.3, 1e16, 1e15, 1e17, 1e22, 1e23, 5e-324, 1e-323, 1.5e-323, 2.2250738585072014e-308,
           2.225073858507201e-308, 1.7976931348623157e308, 9007199254740993.0, 123456789012345678.0,
           0.30000000000000004, 1 / 3, 2 / 3, 100.0, 1.5, 9.5, 4.35, 2.5e-10, 1e-4, 1e-5, 0.0001, 1e-05, 1e+16,
           9999999999999998.0, 1e15 + 0.5, 123456.789]


def float_repr(n=6000):
    rng = random.Random(1)
    for x in SPECIAL + [math.ldexp(1.0, e) for e in range(-1074, 1024)]:
        yield f"{bits(x)} {x!r}"
    for i in range(n):
        k = i % 6
        if k == 0:
            x = struct.unpack('<d', struct.pack('<Q', rng.getrandbits(64) & ~(1 << 63)))[0]
        elif k == 1:
            x = rng.random() * 10 ** rng.randrange(-320, 300)
        elif k == 2:
            x = struct.unpack('<d', struct.pack('<Q', rng.getrandbits(rng.randrange(1, 53))))[0]  # subnormal
        elif k == 3:
            x = round(rng.uniform(-1e6, 1e6), rng.randrange(0, 8))
        elif k == 4:
            x = float(rng.randrange(1, 10 ** rng.randrange(1, 17))) * 10.0 ** rng.randrange(-30, 30)
        else:
            x = math.ldexp(1.0, rng.randrange(-1074, 1024)) * (1 + rng.randrange(4) * 2 ** -52)
        if math.isfinite(x):
            yield f"{bits(x)} {x!r}"


def float_parse(n=4000):
    rng = random.Random(2)
    for i in range(n):
        k = i % 4
        digits = ''.join(rng.choice('0123456789') for _ in range(rng.randrange(1, 30)))
        if k == 0:
            t = digits[0] + '.' + digits[1:] + 'e' + str(rng.randrange(-340, 320))
        elif k == 1:
            t = digits[:rng.randrange(1, len(digits) + 1)] + ('.' + digits if rng.random() < 0.5 else '')
        elif k == 2:
            t = '0.' + '0' * rng.randrange(0, 20) + digits
        else:
            t = repr(rng.random() * 10 ** rng.randrange(-300, 300))
            t = t.replace('e+', 'e')
        if rng.random() < 0.3:
            t = '-' + t
        yield f"{t} {bits(float(t))}"


LOADS = [
    '', ' ', '\n\n  ', '[1,]', '[1 2]', '{"a" 1}', '{a:1}', '"abc', '"\x01"', '"a\nb"', '"\t"', '"\\x"', '"\\a"',
    '"\\U0001F600"', '"\\\'"', '"\\u12"', '"\\uzzzz"', '"\\u12G4"', '"\\ud800\\u12"', '"\\ud800\\uzzzz"', '[1] x',
    '1 2', '{}{}', '01', '-01', '1.', '1.e5', '.5', '+1', '-', '1.5e', '1e+', '0x10', '1_000', '{"a":1,}',
    '\ufeff[]', '\ufeff', '[', '{', '{"a":', '{"a"', '{"a":1', '[1,2', 'tru', 'nul', 'nan', '-nan', 'inf',
    '-inf', 'infinity', 'True', 'None', "'a'", '[,1]', '{,}', '{"a",1}', '[1}', '{"a":1]', '{"a":1 "b":2}',
    '"\\"', '["a]', 'nullx', ' Infinityx', '\x00', '\u00a01', '\u20281', '[\n1,\n]', '[\r\n1,\r\n]',
    '["😀", x]', '["日本",\n "é", ]', '{"😀": 1 "b"}', '"\\ud83d\\ude00" x', '{"a":[1,2,{"b":null,}]}',
    '[1,\n 2,\n 3\n x]', '"é\\', '"é\\u', '"\\ud800\\', '"\\ud800\\u', '"\\ud800\\udc0', '"\\ud800\\udc00',
    '"abc\\u00e9', '[1, 2', '["a", "b"', '{"a": "b", "c"', '\n\n[\n  1,\n  2 3]', '"\x1f"', '"\x7f"',
    'null', 'true', 'false', '0', '-0', '-0.0', '1.5', '1E400', '-1e400', '1e-400', 'NaN', 'Infinity',
    '-Infinity', '""', '"\\u0000"', '"\\ud800"', '"\\udc00\\ud800"', '"\\ud83d\\ude00"', '{"a":1,"a":2}',
    '{"b":1,"a":2,"b":3}', '[1,2.0,3e0,"4",null]', '12345678901234567890123456789', '1' * 400, '5e-324',
    '-1E+400', '1e16', '0.1', '"\\/\\b\\f\\n\\r\\t\\"\\\\"', '{"\\u00e9": [{}, [], [[]]]}',
]


def json_loads():
    rng = random.Random(3)
    docs = list(LOADS)
    pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '1', '-', '.', 'e', 'x', 'null', '\\u',
              'd800', 'é', '日', '😀', '"a"', '\\n', '\x01']
    for _ in range(400):
        docs.append(''.join(rng.choice(pieces) for _ in range(rng.randrange(1, 10))))
    for d in docs:
        try:
            r = json.loads(d)
            yield f"{H(d)} OK {H(json.dumps(r))}"
        except json.JSONDecodeError as e:
            yield f"{H(d)} ERR {H(e.msg)} {e.pos} {e.lineno} {e.colno}"


DUMPS = [
    ('[1, 2.5, "é😀", null, true, {"b": [], "a": {}}]', {}),
    ('[1, 2.5, "é😀", null, true, {"b": [], "a": {}}]', {"ensure_ascii": False}),
    ('{"b": [1, {"z": [], "a": {}}, [[]]], "a": {"y": null, "x": [true, false, 1.5]}, "": "e"}', {"indent": 2}),
    ('{"b": [1, {"z": [], "a": {}}, [[]]], "a": {"y": null}, "": "e"}', {"indent": "\t", "sort_keys": True}),
    ('{"b": 1, "a": [1, 2]}', {"indent": 0, "separators": [",", ":"]}),
    ('{"b": 1, "a": [1, 2]}', {"indent": -3}),
    ('{"b": 1, "a": [1, 2]}', {"separators": [" ; ", " = "]}),
    ('[NaN, Infinity, -Infinity, -0.0, 1e400]', {}),
    ('[NaN]', {"allow_nan": False}),
    ('[1, [Infinity]]', {"allow_nan": False, "indent": 1}),
    ('"\\ud800\\u00e9\\u2028\\u0000\\u001f\\u007f"', {}),
    ('"\\ud800\\u00e9\\u2028\\u0000\\u001f\\u007f"', {"ensure_ascii": False}),
    ('[123456789012345678901234567890, -9223372036854775809, 0.1, 1e16, 5e-324, 1.0]', {}),
    ('{"\\u00e9": 1, "e": 2, "\\ud83d\\ude00": 3, "\\uffff": 4}', {"sort_keys": True}),
]


def json_dumps():
    for doc, kw in DUMPS:
        obj = json.loads(doc)
        pkw = dict(kw)
        if 'separators' in pkw:
            pkw['separators'] = tuple(pkw['separators'])
        try:
            yield f"{H(doc)} {H(json.dumps(kw))} OK {H(json.dumps(obj, **pkw))}"
        except ValueError as e:
            yield f"{H(doc)} {H(json.dumps(kw))} ERR {type(e).__name__} {H(str(e))}"


CODECS = [
    ('e', 'aé€日😀', 'utf-8', 'strict'), ('e', 'a\ud800\udfffb', 'utf-8', 'strict'),
    ('e', 'a\ud800b', 'utf-8', 'surrogatepass'), ('e', 'aé€', 'ascii', 'strict'),
    ('e', 'aé€日😀\ud800', 'ascii', 'backslashreplace'), ('e', 'aé€日😀', 'latin-1', 'xmlcharrefreplace'),
    ('e', 'aé€日😀\U000f0000', 'ascii', 'namereplace'), ('e', 'aé€日', 'cp1252', 'strict'),
    ('e', '日本語ｶﾀ', 'shift_jis', 'strict'), ('e', '中文€', 'gbk', 'replace'), ('e', '中文😀', 'gb18030', 'strict'),
    ('e', '한글\uac01', 'euc_kr', 'strict'), ('e', 'x', 'rot13', 'strict'), ('e', 'x', 'bogus', 'strict'),
    ('e', 'é', 'utf-16', 'bogus'), ('e', 'é\ud800', 'utf-16-be', 'bogus'), ('e', 'é\ud800', 'utf-8', 'bogus'),
    ('e', 'é', 'UTF-32', 'strict'), ('e', 'é', 'utf8\x00', 'strict'),
    ('d', b'a\xff\x80\xe4\xb8\x00\xd8b', 'utf-8', 'strict'), ('d', b'a\xff\x80\xe4\xb8', 'utf-8', 'replace'),
    ('d', b'\xe4\xb8', 'utf-8', 'strict'), ('d', b'\xed\xa0\x80', 'utf-8', 'surrogatepass'),
    ('d', b'\xff\xfea\x00\x00\xd8', 'utf-16', 'strict'), ('d', b'\x00\x00\x11\x00', 'utf-32', 'replace'),
    ('d', b'\x81\x30\x81', 'gb18030', 'strict'), ('d', b'\x81\x30\x81\x30', 'gb18030', 'strict'),
    ('d', b'\xa4\xd4\xa4\xa1\xa4\xbf\xa4\xd4', 'euc_kr', 'strict'), ('d', b'\x8f\xb0\xa1', 'euc_jp', 'strict'),
    ('d', b'\x80abc', 'shift_jis', 'strict'), ('d', b'\x81\x8d', 'cp1252', 'backslashreplace'),
    ('d', b'\xff', 'utf-8-sig', 'xmlcharrefreplace'), ('d', b'\xef\xbb\xbf\xff', 'utf-8-sig', 'strict'),
    ('d', b'abc', 'hex', 'strict'), ('d', b'', 'bogus', 'strict'), ('d', b'\xff', 'ascii', 'surrogateescape'),
    # unicode_escape / raw_unicode_escape: every escape, each error message and range
    ('e', 'a\\\'"\t\n\r\x00\x7f\xff\u0100\ud800\U0001f600', 'unicode_escape', 'bogus'),
    ('e', 'a\\\x00\xff\u0100\ud800\U0001f600', 'raw_unicode_escape', 'bogus'),
    ('d', b'\\x41\\u00e9\\U0001F600\\N{latin small letter a}\\7\\101\\400\\q\\\n\\a\xff', 'unicode_escape', 'strict'),
    ('d', b'a\\', 'unicode_escape', 'strict'), ('d', b'\\x4', 'unicode_escape', 'strict'),
    ('d', b'\\u00zz', 'unicode_escape', 'replace'), ('d', b'\\U00110000', 'unicode_escape', 'strict'),
    ('d', b'\\N{}', 'unicode_escape', 'strict'), ('d', b'\\Nx', 'unicode_escape', 'strict'),
    ('d', b'\\N{NO SUCH NAME}', 'unicode_escape', 'strict'), ('d', b'\\N{SPACE', 'unicode_escape', 'strict'),
    ('d', b'\\x4', 'unicode_escape', 'bogus'), ('d', b'\\x4', 'unicode_escape', 'backslashreplace'),
    ('d', b'a\\', 'raw_unicode_escape', 'strict'),
    ('d', b'\\\\u0041\\u0041\\x\\N\\U0001f600', 'raw_unicode_escape', 'strict'),
    ('d', b'\\U00110000', 'raw_unicode_escape', 'strict'), ('d', b'\\u12', 'raw_unicode_escape', 'ignore'),
    # utf-7, the stateful and JIS X 0213 / HKSCS codecs, punycode, idna
    ('e', 'a+b€😀~\\', 'utf-7', 'strict'), ('d', b'a+AGEA-b+2D3dAA+!', 'utf-7', 'replace'),
    ('d', b'+AGE', 'utf-7', 'strict'), ('e', '日本¥ｱ', 'iso2022_jp_ext', 'strict'),
    ('e', '日本é가', 'iso2022_jp', 'xmlcharrefreplace'), ('d', b'\x1b$BF|\x1b(J\\\x1b$(Dx', 'iso2022_jp_2', 'strict'),
    ('e', 'か\u309aか', 'iso2022_jp_2004', 'strict'), ('e', '가a나', 'iso2022_kr', 'strict'),
    ('d', b'\x1b$)C\x0e0!\x0fa', 'iso2022_kr', 'strict'), ('e', '中~文', 'hz', 'strict'),
    ('d', b'~{0!~}~~~x', 'hz', 'replace'), ('e', '가字', 'johab', 'strict'), ('e', 'Ê\u0304Ê', 'big5hkscs', 'strict'),
    ('d', b'\x88\x62\x88', 'big5hkscs', 'strict'), ('e', 'か\u309a\u02e9\u02e5か\x00', 'euc_jis_2004', 'strict'),
    ('d', b'\xae\xa1', 'euc_jisx0213', 'strict'), ('e', '\U00020b9f', 'shift_jisx0213', 'backslashreplace'),
    ('e', 'bücher', 'punycode', 'strict'), ('d', b'bcher-kva', 'punycode', 'strict'),
    ('d', b'xn--a!', 'punycode', 'ignore'), ('d', b'999999999', 'punycode', 'strict'),
    ('e', 'bücher.例え.', 'idna', 'strict'), ('d', b'xn--bcher-kva.example', 'idna', 'strict'),
    ('e', 'a\u05d0', 'idna', 'strict'), ('d', b'xn--a!', 'idna', 'strict'), ('d', b'xn--abc', 'idna', 'strict'),
]


def codecs():
    warnings.simplefilter('ignore', DeprecationWarning)  # '\\400', '\\q' in unicode_escape
    for op, data, enc, errors in CODECS:
        try:
            r = data.encode(enc, errors) if op == 'e' else data.decode(enc, errors)
            yield f"{op} {H(data)} {H(enc)} {errors} OK {H(r)}"
        except Exception as e:  # noqa: BLE001 -- the exception is the expected answer
            yield f"{op} {H(data)} {H(enc)} {errors} ERR {type(e).__name__} {H(str(e))}"


FILES = {
    'unit/float_repr.txt': ('repr(float): specials, every power of two, 6,000 random doubles', float_repr),
    'unit/float_parse.txt': ('float(str) of 4,000 random decimal texts', float_parse),
    'unit/json_loads.txt': ('json.loads of good and broken documents (JSONDecodeError msg, pos, lineno, colno)',
                       json_loads),
    'unit/json_dumps.txt': ('json.dumps with every keyword', json_dumps),
    'unit/codecs.txt': ('str.encode / bytes.decode: every codec family, handler and error path', codecs),
}
