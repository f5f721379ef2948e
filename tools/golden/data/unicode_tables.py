"""tests/golden/unit/: Unicode properties, case mappings and names for
tests/unit/test_unicode.c, straight from CPython 3.11.7 (unicodedata, str methods, _sre).

unicode_props.txt -- every code point 0..10FFFF, as maximal runs (lossless):
    START END CAT FLAGS DEC UPPER LOWER TITLE FOLD SUPPER SLOWER
  START END  hex, inclusive; every code point of the run has the same fields:
  CAT        unicodedata.category
  FLAGS      one letter per property, '-' when false: P isprintable, S isspace, A isalpha,
             N isalnum, d isdecimal, g isdigit, n isnumeric, l islower, u isupper, t istitle
             (the str method), T titlecase (category Lt), c cased, i case-ignorable
  DEC        '-' (unicodedata.decimal is -1), or '@Z': decimal(cp) = cp - Z (Z hex: that digit's zero)
  UPPER LOWER TITLE FOLD   str.upper/lower/title/casefold of chr(cp); SUPPER the simple
             uppercase (_PyUnicode_ToUppercase), SLOWER sre's lower (_sre.unicode_tolower):
             '=' the code point itself, '+N' / '-N' the code point cp+N (decimal N), or
             the hex sequence X,Y[,Z] (the same for the whole run)

unicode_names.txt -- names (unicodedata.name / lookup):
    D START END COUNT DIGEST   for each block of 0x1000 code points with a name: COUNT named code
                               points, DIGEST the first 16 hex digits of the SHA-512 of their
                               lines "N CP NAME LOOKUP\n" in order (what the test recomputes)
    N CP NAME LOOKUP           a sample of those lines: the first and last of each block and every
                               64th; LOOKUP is unicodedata.lookup(NAME.lower()) (hex, or -1 for a
                               KeyError or a named sequence)
    A CP ALIAS LOOKUP          every name alias
    Q HEX(query) RESULT        tricky and random lookups
"""
import hashlib
import random
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


def seq(s):
    return ",".join("%X" % ord(x) for x in s)


def rel(cp, s):
    """A mapping of cp (a str) as the props file writes it."""
    if len(s) == 1:
        d = ord(s) - cp
        return "=" if d == 0 else "%+d" % d
    return seq(s)


def prop_fields(cp):
    c = chr(cp)
    titlecase = unicodedata.category(c) == "Lt"
    if C_UPPER is not None:
        assert titlecase == bool(C_TITLE(cp))
    bits = [c.isprintable(), c.isspace(), c.isalpha(), c.isalnum(), c.isdecimal(), c.isdigit(),
            c.isnumeric(), c.islower(), c.isupper(), c.istitle(), titlecase, cased(c), case_ignorable(c)]
    flags = "".join(ch if b else "-" for ch, b in zip("PSANdgnlutTci", bits))
    dec = unicodedata.decimal(c, -1)
    su = C_UPPER(cp) if C_UPPER is not None else ord(c.upper()[0])
    return (unicodedata.category(c), flags, "-" if dec < 0 else "@%X" % (cp - dec), rel(cp, c.upper()),
            rel(cp, c.lower()), rel(cp, c.title()), rel(cp, c.casefold()), rel(cp, chr(su)),
            rel(cp, chr(_sre.unicode_tolower(cp))))


def props():
    start, cur = 0, prop_fields(0)
    for cp in range(1, 0x110001):
        f = prop_fields(cp) if cp < 0x110000 else None
        if f != cur:
            yield "%X %X %s" % (start, cp - 1, " ".join(cur))
            start, cur = cp, f


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


def name_lines():
    """(cp, 'N CP NAME LOOKUP') of every named code point."""
    for cp in range(0x110000):
        n = unicodedata.name(chr(cp), None)
        if n is not None:
            yield cp, "N %X %s %s" % (cp, n, fmt(lookup(n.lower())))


def names():
    named, blocks = [], {}
    for cp, line in name_lines():
        named.append(line.split(" ", 2)[2].rsplit(" ", 1)[0])
        blocks.setdefault(cp >> 12, []).append(line)
    for b, lines in sorted(blocks.items()):
        digest = hashlib.sha512("".join(x + "\n" for x in lines).encode("ascii")).hexdigest()[:16]
        yield "D %X %X %d %s" % (b << 12, (b << 12) | 0xFFF, len(lines), digest)
    for b, lines in sorted(blocks.items()):
        for i, line in enumerate(lines):
            if i == 0 or i == len(lines) - 1 or i % 64 == 0:
                yield line
    als, seqs = aliases()
    for a in als:
        yield "A %X %s %s" % (ord(unicodedata.lookup(a)), a, fmt(lookup(a.lower())))
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
    for _ in range(2000):
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
        yield "Q %s %s" % (q.encode("utf-8").hex() or "-", fmt(lookup(q)))


FILES = {
    'unit/unicode_props.txt': ('category, str predicates and case mappings of every code point, as runs', props),
    'unit/unicode_names.txt': ('names: per-block digests, a sample, every alias, tricky and random lookups', names),
}
