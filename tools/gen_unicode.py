#!/usr/bin/env python3
"""Generate core/text/unicode_data.c from this python3's own unicodedata and str
methods (must be CPython 3.11, Unicode 14.0.0).

    python3 tools/gen_unicode.py > core/text/unicode_data.c

Every property is read back from CPython's behaviour (str methods, the
final-sigma and title logic for cased/case-ignorable), so the tables say what
CPython does, not what the UCD files say.  When ctypes can reach the
interpreter's own _PyUnicode_* functions they are used as a cross-check.

Layout (see core/text/unicode_data.h):
  * unicode_recs[]: unique property records; unicode_idx1/unicode_idx2: two-stage table
    cp -> record (block size chosen to minimise the total).
  * unicode_ext[]: code points of the case mappings that are not a single
    code point at a constant offset.
  * names: explicit names (and name aliases) as word-id strings over a
    lexicon sorted by frequency; ranges of consecutive named code points;
    checkpoints every UNICODE_NAME_STEP names; ids sorted by name for lookup.
    Names of the form PREFIX-%04X (CJK, Nushu, Khitan, ...) and Hangul
    syllables are algorithmic.
"""
import collections
import sys
import unicodedata

MAXCP = 0x110000
assert sys.version_info[:2] == (3, 11), sys.version
assert unicodedata.unidata_version == "14.0.0"

CATS = ["Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps",
        "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co"]
CATIDX = {c: i for i, c in enumerate(CATS)}

# Flag bits (keep in sync with core/text/unicode_data.h).
F_PRINTABLE, F_SPACE, F_ALPHA, F_DECIMAL, F_DIGIT, F_NUMERIC = 1, 2, 4, 8, 16, 32
F_LOWER, F_UPPER, F_TITLE, F_CASED, F_CASEIGN = 64, 128, 256, 512, 1024
F_XUPPER, F_XLOWER, F_XTITLE, F_XFOLD = 2048, 4096, 8192, 16384
XFLAGS = [F_XUPPER, F_XLOWER, F_XTITLE, F_XFOLD]


def cased(c):
    # str.title(): the character after a cased one is lowercased.
    return (c + "A").title()[-1] == "a"


def case_ignorable(c):
    # str.lower()'s final sigma: \p{cased}\p{case-ignorable}* U+03A3 is final.
    x = ("A" + c + "\u03a3").lower()[-1] == "\u03c2"  # ignorable or cased
    y = (" " + c + "\u03a3").lower()[-1] == "\u03c2"  # cased and not ignorable
    return x and not y


def ctypes_oracle():
    try:
        import ctypes
        api = ctypes.pythonapi
        fns = {}
        for n in ("_PyUnicode_IsCased", "_PyUnicode_IsCaseIgnorable", "_PyUnicode_IsTitlecase",
                  "_PyUnicode_ToUppercase", "_PyUnicode_ToLowercase"):
            f = getattr(api, n)
            f.restype = ctypes.c_uint32 if "To" in n else ctypes.c_int
            f.argtypes = [ctypes.c_uint32]
            fns[n] = f
        return fns
    except (ImportError, AttributeError, OSError):
        return None


def properties():
    ct = ctypes_oracle()
    if ct is None:
        print("gen_unicode: ctypes cross-check unavailable", file=sys.stderr)
    import _sre
    recs = {}
    reclist = []
    ext = []
    extidx = {}
    cpidx = []
    for cp in range(MAXCP):
        c = chr(cp)
        flags = 0
        if c.isprintable():
            flags |= F_PRINTABLE
        if c.isspace():
            flags |= F_SPACE
        if c.isalpha():
            flags |= F_ALPHA
        if c.isdecimal():
            flags |= F_DECIMAL
        if c.isdigit():
            flags |= F_DIGIT
        if c.isnumeric():
            flags |= F_NUMERIC
        if c.islower():
            flags |= F_LOWER
        if c.isupper():
            flags |= F_UPPER
        # The raw titlecase flag (Lt); chr(c).istitle() is it or isupper.
        title_flag = c.istitle() and not c.isupper()
        if title_flag:
            flags |= F_TITLE
        if cased(c):
            flags |= F_CASED
        if case_ignorable(c):
            flags |= F_CASEIGN
        assert c.isalnum() == bool(flags & (F_ALPHA | F_DECIMAL | F_DIGIT | F_NUMERIC)), cp
        dec = unicodedata.decimal(c, -1)
        assert (dec >= 0) == c.isdecimal(), cp
        maps = [c.upper(), c.lower(), c.title(), c.casefold()]
        assert ord(maps[1][0]) == _sre.unicode_tolower(cp), cp
        if ct:
            assert bool(ct["_PyUnicode_IsCased"](cp)) == bool(flags & F_CASED), cp
            assert bool(ct["_PyUnicode_IsCaseIgnorable"](cp)) == bool(flags & F_CASEIGN), cp
            assert bool(ct["_PyUnicode_IsTitlecase"](cp)) == title_flag, cp
            assert ct["_PyUnicode_ToUppercase"](cp) == ord(maps[0][0]), cp
            assert ct["_PyUnicode_ToLowercase"](cp) == ord(maps[1][0]), cp
        fields = []
        for k, m in enumerate(maps):
            assert 1 <= len(m) <= 3, cp
            if len(m) == 1:
                fields.append(ord(m) - cp)
            else:
                key = tuple(ord(x) for x in m)
                if key not in extidx:
                    extidx[key] = len(ext)
                    ext.extend(key)
                fields.append((len(m) << 24) | extidx[key])
                flags |= XFLAGS[k]
        rec = (tuple(fields), flags, CATIDX[unicodedata.category(c)], dec)
        i = recs.get(rec)
        if i is None:
            i = recs[rec] = len(reclist)
            reclist.append(rec)
        cpidx.append(i)
    return reclist, ext, cpidx


def split_two_stage(data):
    """Best (shift, idx1, idx2) with data[i] == idx2[(idx1[i >> shift] << shift) + (i & mask)]."""
    best = None
    for shift in range(2, 13):
        size = 1 << shift
        blocks = {}
        idx1 = []
        idx2 = []
        for start in range(0, len(data), size):
            blk = tuple(data[start:start + size])
            b = blocks.get(blk)
            if b is None:
                b = blocks[blk] = len(blocks)
                idx2.extend(blk)
            idx1.append(b)
        total = (len(idx1) + len(idx2)) * 2  # both uint16_t
        if best is None or total < best[0]:
            best = (total, shift, idx1, idx2)
    return best[1:]


def c_array(out, ctype, name, values, per_line=16):
    out.append("const %s %s[%d] = {" % (ctype, name, len(values)))
    for i in range(0, len(values), per_line):
        out.append("    " + ", ".join(str(v) for v in values[i:i + per_line]) + ",")
    out.append("};")


def c_bytes(out, name, data):
    """A byte string as a C string literal (octal escapes: never ambiguous)."""
    out.append("const char %s[%d] =" % (name, len(data) + 1))
    line = []
    width = 0
    for b in data:
        if 0x20 <= b < 0x7F and b not in (0x22, 0x5C, 0x3F):
            s = chr(b)
        else:
            s = "\\%03o" % b
        line.append(s)
        width += len(s)
        if width >= 100:
            out.append('    "' + "".join(line) + '"')
            line, width = [], 0
    if line:
        out.append('    "' + "".join(line) + '"')
    out.append(";")


def alias_names():
    """(alias, cp) for every name alias, read through the unicodedata C API."""
    import ctypes
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.restype = ctypes.c_void_p
    get.argtypes = [ctypes.py_object, ctypes.c_char_p]
    p = get(unicodedata._ucnhash_CAPI, b"unicodedata._ucnhash_CAPI")
    proto = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_int, ctypes.c_int)
    getname = proto(ctypes.cast(p, ctypes.POINTER(ctypes.c_void_p))[0])
    buf = ctypes.create_string_buffer(300)
    out = []
    for pua in range(0xF0000, 0xF0200):  # CPython's aliases_start .. named_sequences_start
        if getname(pua, buf, 256, 1):
            name = buf.value.decode("ascii")
            r = unicodedata.lookup(name)
            assert len(r) == 1
            out.append((name, ord(r)))
    assert len(out) > 400
    return out


HANGUL_L = ["G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"]


def names():
    explicit = []  # (cp, name) in cp order
    ranges = []    # [start, end, prefix]
    hangul = []
    for cp in range(MAXCP):
        n = unicodedata.name(chr(cp), None)
        if n is None:
            continue
        if n.startswith("HANGUL SYLLABLE "):
            hangul.append(cp)
            continue
        h = "%04X" % cp
        if n.endswith("-" + h):
            prefix = n[:-len(h)]
            if ranges and ranges[-1][2] == prefix and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
                continue
            ranges.append([cp, cp, prefix])
            continue
        explicit.append((cp, n))
    # Short runs are not worth a range entry (CJK UNIFIED always is one: its
    # lookup is special in CPython).
    keep = []
    for r in ranges:
        if r[2] == "CJK UNIFIED IDEOGRAPH-" or r[1] - r[0] >= 15:
            keep.append(r)
        else:
            explicit.extend((cp, r[2] + "%04X" % cp) for cp in range(r[0], r[1] + 1))
    explicit.sort()
    assert hangul == list(range(0xAC00, 0xD7A4)), "Hangul syllables"
    assert not any(n.startswith("CJK UNIFIED IDEOGRAPH-") or n.startswith("HANGUL SYLLABLE ")
                   for _, n in explicit)
    return explicit, keep


def encode_names(explicit, aliases):
    allnames = [n for _, n in explicit] + [n for n, _ in aliases]
    for n in allnames:
        assert n and " ".join(n.split(" ")) == n and set(n) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -"), n
    freq = collections.Counter(w for n in allnames for w in n.split(" "))
    words = sorted(freq, key=lambda w: (-freq[w], w))
    assert len(words) < 0x7F00
    wid = {w: i + 1 for i, w in enumerate(words)}  # 0 ends a name
    lex = bytearray()
    lexoff = []
    for w in words:
        lexoff.append(len(lex))
        lex += w.encode() + b"\0"
    lexoff.append(len(lex))
    toks = bytearray()
    checkpoints = []
    for i, n in enumerate(allnames):
        if i % STEP == 0:
            checkpoints.append(len(toks))
        for w in n.split(" "):
            t = wid[w]
            if t < 0x80:
                toks.append(t)
            else:
                toks += bytes([0x80 | (t >> 8), t & 0xFF])
        toks.append(0)
    assert len(allnames) < 65536
    order = sorted(range(len(allnames)), key=lambda i: allnames[i].encode())
    for a, b in zip(order, order[1:]):
        assert allnames[a] != allnames[b], allnames[a]
    return lex, lexoff, toks, checkpoints, order, max(len(n) for n in allnames)


STEP = 16


def main():
    reclist, ext, cpidx = properties()
    shift, idx1, idx2 = split_two_stage(cpidx)
    explicit, ranges = names()
    aliases = alias_names()
    runs = []  # (start cp, count, first id)
    for i, (cp, _) in enumerate(explicit):
        if runs and runs[-1][0] + runs[-1][1] == cp:
            runs[-1][1] += 1
        else:
            runs.append([cp, 1, i])
    lex, lexoff, toks, checkpoints, order, maxlen = encode_names(explicit, aliases)
    assert maxlen < 96  # UNICODE_NAME_MAX in core/text/unicode.h

    out = []
    out.append("/* Generated by tools/gen_unicode.py from CPython %s's unicodedata (Unicode %s)."
               % (sys.version.split()[0], unicodedata.unidata_version))
    out.append(" * Do not edit: regenerate with `python3 tools/gen_unicode.py > core/text/unicode_data.c`. */")
    out.append('#include "text/unicode_data.h"')
    out.append("")
    out.append('_Static_assert(UNICODE_NAME_STEP == %d, "regenerate: tools/gen_unicode.py STEP");' % STEP)
    out.append("")
    out.append("const unicode_rec unicode_recs[%d] = {" % len(reclist))
    for fields, flags, cat, dec in reclist:
        out.append("    {{%d, %d, %d, %d}, %d, %d, %d}," % (*fields, flags, cat, dec))
    out.append("};")
    assert max(idx1) < 65536 and max(idx2) < 65536
    t1 = t2 = "uint16_t"
    out.append("const unsigned unicode_shift = %d;" % shift)
    c_array(out, t1, "unicode_idx1", idx1, 32)
    c_array(out, t2, "unicode_idx2", idx2, 24)
    c_array(out, "uint32_t", "unicode_ext", ext, 12)
    out.append("")
    out.append("/* Names: %d explicit, %d aliases, %d words. */" % (len(explicit), len(aliases), len(lexoff) - 1))
    out.append("const unicode_name_range unicode_name_ranges[%d] = {" % len(ranges))
    for s, e, p in ranges:
        out.append('    {0x%X, 0x%X, "%s"},' % (s, e, p))
    out.append("};")
    out.append("const unicode_name_run unicode_name_runs[%d] = {" % len(runs))
    for s, n, f in runs:
        out.append("    {0x%X, %d, %d}," % (s, n, f))
    out.append("};")
    c_array(out, "uint32_t", "unicode_alias_cp", [cp for _, cp in aliases], 12)
    c_array(out, "uint32_t", "unicode_lex_off", lexoff, 12)
    c_bytes(out, "unicode_lex", lex)
    c_array(out, "uint32_t", "unicode_name_ckpt", checkpoints, 12)
    c_bytes(out, "unicode_name_toks", toks)
    c_array(out, "uint16_t", "unicode_name_sorted", order, 16)
    out.append("")
    counts = [("unicode_nrecs", len(reclist)), ("unicode_nidx1", len(idx1)), ("unicode_nidx2", len(idx2)),
              ("unicode_next", len(ext)), ("unicode_nname_ranges", len(ranges)), ("unicode_nname_runs", len(runs)),
              ("unicode_nexplicit", len(explicit)), ("unicode_naliases", len(aliases)), ("unicode_nwords", len(lexoff) - 1),
              ("unicode_name_longest", maxlen)]
    for k, v in counts:
        out.append("const unsigned %s = %d;" % (k, v))
    sys.stdout.write("\n".join(out) + "\n")
    print("gen_unicode: " + ", ".join("%s=%s" % kv for kv in counts) + ", shift=%d" % shift,
          file=sys.stderr)


if __name__ == "__main__":
    main()
