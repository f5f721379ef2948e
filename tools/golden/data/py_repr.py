"""tests/golden/unit/: repr() and str() answers for tests/unit/test_py_repr.c.

  py_repr_printable.txt  START END P|N   (hex) maximal runs of code points that are / are not
                        str.isprintable().  repr(chr(cp)) follows from that alone (checked here for
                        every code point when the file is written): a printable cp is quoted as is
                        (' " \\ get their escapes), any other one is \\xhh, \\uhhhh or
                        \\Uhhhhhhhh by size; the test expands the runs into all 1,114,112 reprs.
  py_repr_cases.txt      U HEX(str) HEX(repr(str))
                        B HEX(bytes) HEX(repr(bytes))
                        J JSON HEX(repr(json.loads(JSON))) HEX(str(json.loads(JSON)))
HEX: UTF-8 (lone surrogates as 3 bytes) in hex, '-' when empty."""
import json
import math
import random
import struct

TRICKY = [
    "", "a", "'", '"', "'\"", "\"'", "it's", 'say "hi"', "it's \"x\"", "\\", "\\'", "a\\b",
    "\n\r\t", "\x00\x01\x1f", "\x7f", "\x80\x85\x9f", "\xa0", "\xad", "\xff", "\u0100",
    "\u2028\u2029", "\u200b\u200e\ufeff", "\ud800", "\udfff", "a\udc80b", "\ud83d\ude00",
    "\U0001f600", "\U000e0001", "\U0010ffff", "\U000f0000", "\ue000", "e\u0301", "\u0300",
    "\u0378", "\u3000", "\u1680", "\u00e9t\u00e9", "\u65e5\u672c", "\x1b[0m", "bad escape \\q",
    "C:\\temp\\new", "'" * 3 + '"', "\t'\"\\",
]

POOL = ("ab'\"\\\n\r\t\x00\x07\x1f \x7f\x80\x85\xa0\xad\xe9\xff\u0100\u0300\u034f\u0378\u2028\u3000"
        "\ud800\udbff\udc00\udfff\ue000\ufeff\ufffd\uffff\U00010000\U0001f600\U000e0001\U0010ffff")

VALUES = [
    None, True, False, 0, -1, 2 ** 63 - 1, -2 ** 63, 2 ** 64, -(10 ** 40), 0.0, -0.0, 0.1, 1e16, 1e-7,
    1.5e300, 5e-324, float("inf"), float("-inf"), float("nan"), 123456789.0, "", "x", "it's",
    [], [1], [1, [2, [3, []]]], {}, {"a": 1}, {"a": [1, {"b": None}], "it's": "\u2028"},
    ["\ud800", "\U0001f600", {"\n": True}], [1.0, -0.0, 1e22, 2 ** 100],
]


def hx(b):
    return b.hex() or "-"


def u8(s):
    return s.encode("utf-8", "surrogatepass")


def expected_repr(cp, printable):
    """repr(chr(cp)) by the rule py_repr_printable.txt stands for."""
    c = chr(cp)
    special = {"'": '"\'"', "\\": "'\\\\'", "\t": "'\\t'", "\n": "'\\n'", "\r": "'\\r'"}
    if c in special:
        return special[c]
    if printable:
        return "'" + c + "'"
    if cp < 0x100:
        return "'\\x%02x'" % cp
    if cp < 0x10000:
        return "'\\u%04x'" % cp
    return "'\\U%08x'" % cp


def printable_runs():
    start, cur = 0, chr(0).isprintable()
    for cp in range(0x110000):
        p = chr(cp).isprintable()
        if repr(chr(cp)) != expected_repr(cp, p):
            raise SystemExit(f"py_repr_printable.txt cannot stand for repr(chr({cp:#x})) = {chr(cp)!r}")
        if p != cur:
            yield "%X %X %s" % (start, cp - 1, "P" if cur else "N")
            start, cur = cp, p
    yield "%X %X %s" % (start, 0x10FFFF, "P" if cur else "N")


def cases():
    rnd = random.Random(42)
    strs = list(TRICKY)
    for _ in range(1500):
        strs.append("".join(rnd.choice(POOL) for _ in range(rnd.randrange(12))))
    for s in strs:
        yield "U %s %s" % (hx(u8(s)), hx(u8(repr(s))))
    bs = [bytes([b]) for b in range(256)] + [b"", b"'", b'"', b"'\"", b"\\'\"\t\n\r\x00\x7f\x80\xff"]
    for _ in range(300):
        bs.append(bytes(rnd.choice(b"ab'\"\\\n\r\t\x00\x1f \x7e\x7f\x80\xff") for _ in range(rnd.randrange(10))))
    for b in bs:
        yield "B %s %s" % (hx(b), hx(repr(b).encode()))
    floats = [2.0 ** k for k in range(-1074, 1024, 7)] + [rnd.random() * 10 ** rnd.randrange(-300, 300)
                                                        for _ in range(500)]
    floats += [struct.unpack("<d", struct.pack("<Q", rnd.getrandbits(63)))[0] for _ in range(500)]
    floats += [struct.unpack("<d", struct.pack("<Q", rnd.getrandbits(rnd.randrange(1, 52))))[0]
               for _ in range(200)]
    for v in VALUES + [f for f in floats if math.isfinite(f)]:
        text = json.dumps(v, separators=(",", ":"))
        assert " " not in text
        w = json.loads(text)
        s = w if isinstance(w, str) else str(w)
        yield "J %s %s %s" % (text, hx(u8(repr(w))), hx(u8(s)))


FILES = {
    'unit/py_repr_printable.txt': ('runs of str.isprintable() over every code point (repr(chr(cp)) follows)',
                             printable_runs),
    'unit/py_repr_cases.txt': ('repr()/str() of tricky and random strings, bytes, and JSON values', cases),
}
