#!/usr/bin/env python3
"""Expected Unicode data for tests/unit/test_unicode.c, straight from CPython.

    unicode_oracle.py props   one line per code point 0..0x10FFFF:
        CP CAT FLAGS DECIMAL UPPER LOWER TITLE CASEFOLD SIMPLE_UPPER SIMPLE_LOWER
    unicode_oracle.py names   N CP NAME LOOKUP(name.lower())   for every named code point
                              A CP ALIAS LOOKUP(alias.lower()) for every name alias
                              Q HEX(query utf-8) RESULT        for tricky lookups
Code points in hex, sequences as X,Y,Z; a lookup result is the code point in
hex or -1 (KeyError, or a named sequence: \\N{...} in re rejects those).

FLAGS: one letter per property, '-' when false, in this order:
P isprintable, S isspace, A isalpha, N isalnum, d isdecimal, g isdigit,
n isnumeric, l islower, u isupper, t istitle (the str method), T titlecase
(Py_UNICODE_ISTITLE), c cased, i case-ignorable.
"""
import random
import sys
import unicodedata

import _sre

try:
    import ctypes

    def _fn(name, res):
        f = getattr(ctypes.pythonapi, name)
        f.restype = res
        f.argtypes = [ctypes.c_uint32]
        return f

    C_UPPER = _fn("_PyUnicode_ToUppercase", ctypes.c_uint32)
    C_TITLE = _fn("_PyUnicode_IsTitlecase", ctypes.c_int)
    C_CASED = _fn("_PyUnicode_IsCased", ctypes.c_int)
    C_IGN = _fn("_PyUnicode_IsCaseIgnorable", ctypes.c_int)
except (ImportError, AttributeError, OSError):
    C_UPPER = None


def cased(c):
    # str.title() lowercases what follows a cased character.
    r = (c + "A").title()[-1] == "a"
    assert C_UPPER is None or r == bool(C_CASED(ord(c)))
    return r


def case_ignorable(c):
    # str.lower()'s final sigma rule: \p{cased}\p{case-ignorable}* SIGMA.
    x = ("A" + c + "\u03a3").lower()[-1] == "\u03c2"
    y = (" " + c + "\u03a3").lower()[-1] == "\u03c2"
    r = x and not y
    assert C_UPPER is None or r == bool(C_IGN(ord(c)))
    return r


def seq(s):
    if len(s) == 1:
        return "%X" % ord(s)
    return ",".join("%X" % ord(x) for x in s)


def props(out):
    flagstr = {}
    lines = []
    for cp in range(0x110000):
        c = chr(cp)
        titlecase = unicodedata.category(c) == "Lt"
        if C_UPPER is not None:
            assert titlecase == bool(C_TITLE(cp))
        bits = [c.isprintable(), c.isspace(), c.isalpha(), c.isalnum(), c.isdecimal(), c.isdigit(),
                c.isnumeric(), c.islower(), c.isupper(), c.istitle(), titlecase, cased(c), case_ignorable(c)]
        key = tuple(bits)
        flags = flagstr.get(key)
        if flags is None:
            flags = flagstr[key] = "".join(ch if b else "-" for ch, b in zip("PSANdgnlutTci", bits))
        su = C_UPPER(cp) if C_UPPER is not None else ord(c.upper()[0])
        lines.append("%X %s %s %d %s %s %s %s %X %X\n" % (
            cp, unicodedata.category(c), flags, unicodedata.decimal(c, -1), seq(c.upper()),
            seq(c.lower()), seq(c.title()), seq(c.casefold()), su, _sre.unicode_tolower(cp)))
        if len(lines) >= 4096:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))


def lookup(q):
    try:
        r = unicodedata.lookup(q)
    except KeyError:
        return -1
    return ord(r) if len(r) == 1 else -1


def fmt(r):
    return "%X" % r if r >= 0 else "-1"


def aliases():
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.restype = ctypes.c_void_p
    get.argtypes = [ctypes.py_object, ctypes.c_char_p]
    p = get(unicodedata._ucnhash_CAPI, b"unicodedata._ucnhash_CAPI")
    proto = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_int, ctypes.c_int)
    getname = proto(ctypes.cast(p, ctypes.POINTER(ctypes.c_void_p))[0])
    buf = ctypes.create_string_buffer(300)
    out, seqs = [], []
    for pua in range(0xF0000, 0xF0400):  # aliases, then named sequences
        if getname(pua, buf, 256, 1):
            name = buf.value.decode("ascii")
            r = unicodedata.lookup(name)
            (out if len(r) == 1 else seqs).append(name)
    return out, seqs


def names(out):
    named = []
    for cp in range(0x110000):
        n = unicodedata.name(chr(cp), None)
        if n is not None:
            named.append(n)
            out.write("N %X %s %s\n" % (cp, n, fmt(lookup(n.lower()))))
    als, seqs = aliases()
    for a in als:
        out.write("A %X %s %s\n" % (ord(unicodedata.lookup(a)), a, fmt(lookup(a.lower()))))
    queries = [
        "", " ", "A", "NULL", "NULL\0", "NUL", "null", "LATIN SMALL LETTER A ", " LATIN SMALL LETTER A",
        "LATIN  SMALL LETTER A", "LATIN SMALL LETTER\tA", "latin small letter \u00e9", "LATIN SMALL LETTER \u00c9",
        "HANGUL SYLLABLE GA", "HANGUL SYLLABLE ga", "hangul syllable GA", "Hangul Syllable GA",
        "HANGUL SYLLABLE ", "HANGUL SYLLABLE A", "HANGUL SYLLABLE GGAGG", "HANGUL SYLLABLE GAGGG",
        "HANGUL SYLLABLE HIH", "HANGUL SYLLABLE GAX", "HANGUL SYLLABLE G", "HANGUL SYLLABLE YI",
        "HANGUL SYLLABLE\0GA", "HANGUL SYLLABLE GA\0", "HANGUL SYLLABLE SSYAESS",
        "CJK UNIFIED IDEOGRAPH-4E00", "CJK UNIFIED IDEOGRAPH-04E00", "CJK UNIFIED IDEOGRAPH-004E00",
        "CJK UNIFIED IDEOGRAPH-4e00", "cjk unified ideograph-4E00", "CJK UNIFIED IDEOGRAPH-4E0",
        "CJK UNIFIED IDEOGRAPH-3400", "CJK UNIFIED IDEOGRAPH-33FF", "CJK UNIFIED IDEOGRAPH-9FFF",
        "CJK UNIFIED IDEOGRAPH-A000", "CJK UNIFIED IDEOGRAPH-20000", "CJK UNIFIED IDEOGRAPH-2A6DF",
        "CJK UNIFIED IDEOGRAPH-2A6E0", "CJK UNIFIED IDEOGRAPH-3134A", "CJK UNIFIED IDEOGRAPH-3134B",
        "CJK UNIFIED IDEOGRAPH-+4E00", "CJK UNIFIED IDEOGRAPH- 4E00", "CJK UNIFIED IDEOGRAPH-",
        "CJK COMPATIBILITY IDEOGRAPH-F900", "cjk compatibility ideograph-f900",
        "CJK COMPATIBILITY IDEOGRAPH-0F900", "CJK COMPATIBILITY IDEOGRAPH-FA6E",
        "CJK COMPATIBILITY IDEOGRAPH-FA6D", "CJK COMPATIBILITY IDEOGRAPH-2FA1D",
        "CJK COMPATIBILITY IDEOGRAPH-2FA1E", "CJK COMPATIBILITY IDEOGRAPH-F8FF",
        "NUSHU CHARACTER-1B170", "nushu character-1b2fb", "NUSHU CHARACTER-1B2FC",
        "KHITAN SMALL SCRIPT CHARACTER-18B00", "KHITAN SMALL SCRIPT CHARACTER-18CD5",
        "KHITAN SMALL SCRIPT CHARACTER-18CD6", "TANGUT IDEOGRAPH-17000", "TANGUT COMPONENT-001",
        "tangut component-001", "TANGUT COMPONENT-1", "NUSHU CHARACTER-", "NUSHU CHARACTER-1B17",
        "BYTE ORDER MARK", "byte order mark", "LINE FEED", "LF", "EOL", "ZWNJ", "zwnj", "VS1", "VS256",
        "LATIN CAPITAL LETTER GHA", "latin capital letter gha", "LATIN CAPITAL LETTER OI",
        "KEYCAP NUMBER SIGN", "keycap number sign", "LATIN SMALL LETTER R WITH TILDE",
        "EM DASH", "em dash", "Em Dash", "SNOWMAN", "GREEK SMALL LETTER FINAL SIGMA",
        "A" * 300, "LATIN SMALL LETTER A" * 20, "\u00ff", "\U0001F600",
    ]
    queries += seqs
    rnd = random.Random(1234)
    pool = named + als
    for _ in range(4000):
        n = list(rnd.choice(pool))
        op = rnd.randrange(6)
        if op == 0:
            del n[rnd.randrange(len(n))]
        elif op == 1:
            n.insert(rnd.randrange(len(n) + 1), rnd.choice("AEIOU -0123456789abcdefx"))
        elif op == 2:
            i = rnd.randrange(len(n))
            n[i] = n[i].lower()
        elif op == 3:
            n = [x.lower() if rnd.random() < 0.5 else x for x in n]
        elif op == 4:
            n = n[:rnd.randrange(len(n) + 1)]
        queries.append("".join(n))
    for q in queries:
        out.write("Q %s %s\n" % (q.encode("utf-8").hex() or "-", fmt(lookup(q))))


if __name__ == "__main__":
    {"props": props, "names": names}[sys.argv[1]](sys.stdout)
