"""The model of core/codecs/codecs_iso2022.c's tables, read from python3's own ISO-2022 codecs
(see tools/gen_codec_tables.py): the character sets the codecs designate (each one's decoding,
as the differences from the EUC or GB codec it shares its table with), and per codec the
encodings that are not "the first designation, in the codec's order, whose inverse holds the
character" (the inverse of a set: its lowest code wins), and the JIS X 0213 combining pairs."""

DBCS = 0x80

# name: (mark, width, codec to probe it with, its designation escape, base codec, base table)
CHARSETS = {
    'jisx0208': (0x42 | DBCS, 2, 'iso2022_jp', b'\x1b$B', 'euc_jp', 'pair'),
    'jisx0212': (0x44 | DBCS, 2, 'iso2022_jp_1', b'\x1b$(D', 'euc_jp', 'triple'),
    'ksx1001': (0x43 | DBCS, 2, 'iso2022_jp_2', b'\x1b$(C', 'euc_kr', 'pair'),
    'gb2312': (0x41 | DBCS, 2, 'iso2022_jp_2', b'\x1b$A', 'gb2312', 'pair'),
    'jisx0213_2004_1': (0x51 | DBCS, 2, 'iso2022_jp_2004', b'\x1b$(Q', 'euc_jis_2004', 'pair'),
    'jisx0213_2000_1': (0x4F | DBCS, 2, 'iso2022_jp_3', b'\x1b$(O', 'euc_jisx0213', 'pair'),
    'jisx0213_2004_2': (0x50 | DBCS, 2, 'iso2022_jp_2004', b'\x1b$(P', 'euc_jis_2004', 'triple'),
    'jisx0213_2000_2': (0x50 | DBCS, 2, 'iso2022_jp_3', b'\x1b$(P', 'euc_jisx0213', 'triple'),
    'jisx0201_r': (ord('J'), 1, 'iso2022_jp', b'\x1b(J', None, None),
    'jisx0201_k': (ord('I'), 1, 'iso2022_jp_ext', b'\x1b(I', None, None),
}
CHARSET_NAMES = list(CHARSETS)

NO_SHIFT, USE_G2, USE_JISX0208_EXT = 1, 2, 4
# Modules/cjkcodecs/_codecs_iso2022.c: flags, designations (charset, mark, plane); a charset of
# None is a G2 set with no encoder (ISO 8859-1 'A', ISO 8859-7 'F'); 'pairs' the PAIRONLY one
CODECS = [
    ('iso2022_jp', NO_SHIFT | USE_JISX0208_EXT,
     [('jisx0208', 0x42 | DBCS, 0), ('jisx0201_r', ord('J'), 0), ('jisx0208', 0x40 | DBCS, 0)]),
    ('iso2022_jp_1', NO_SHIFT | USE_JISX0208_EXT,
     [('jisx0208', 0x42 | DBCS, 0), ('jisx0212', 0x44 | DBCS, 0), ('jisx0201_r', ord('J'), 0),
      ('jisx0208', 0x40 | DBCS, 0)]),
    ('iso2022_jp_2', NO_SHIFT | USE_G2 | USE_JISX0208_EXT,
     [('jisx0208', 0x42 | DBCS, 0), ('jisx0212', 0x44 | DBCS, 0), ('ksx1001', 0x43 | DBCS, 0),
      ('gb2312', 0x41 | DBCS, 0), ('jisx0201_r', ord('J'), 0), ('jisx0208', 0x40 | DBCS, 0),
      (None, ord('A'), 2), (None, ord('F'), 2)]),
    ('iso2022_jp_2004', NO_SHIFT | USE_JISX0208_EXT,
     [('pairs', 0x51 | DBCS, 0), ('jisx0208', 0x42 | DBCS, 0), ('jisx0213_2004_1', 0x51 | DBCS, 0),
      ('jisx0213_2004_2', 0x50 | DBCS, 0)]),
    ('iso2022_jp_3', NO_SHIFT | USE_JISX0208_EXT,
     [('pairs', 0x4F | DBCS, 0), ('jisx0208', 0x42 | DBCS, 0), ('jisx0213_2000_1', 0x4F | DBCS, 0),
      ('jisx0213_2000_2', 0x50 | DBCS, 0)]),
    ('iso2022_jp_ext', NO_SHIFT | USE_JISX0208_EXT,
     [('jisx0208', 0x42 | DBCS, 0), ('jisx0212', 0x44 | DBCS, 0), ('jisx0201_r', ord('J'), 0),
      ('jisx0201_k', ord('I'), 0), ('jisx0208', 0x40 | DBCS, 0)]),
    ('iso2022_kr', 0, [('ksx1001', 0x43 | DBCS, 1)]),
]
PAIRS_FROM = {'iso2022_jp_2004': 'euc_jis_2004', 'iso2022_jp_3': 'euc_jisx0213'}


def value_of(s):
    """A decoding as the C tables hold it: a code point, or cp1 << 16 | cp2 for a pair."""
    if s is None:
        return 0
    if len(s) == 2:
        return ord(s[0]) << 16 | ord(s[1])
    return ord(s)


def probe_charset(name):
    """{code: value} of a character set, from decoding its escape + the code."""
    mark, width, codec, esc, _, _ = CHARSETS[name]
    table = {}
    firsts = range(0x20, 0x80)
    for a in firsts:
        for b in (range(0x21, 0x7F) if width == 2 else [None]):
            data = esc + (bytes([a, b]) if width == 2 else bytes([a]))
            try:
                s = data.decode(codec)
            except UnicodeDecodeError:
                continue
            assert 1 <= len(s) <= 2, (name, data, s)
            table[(a << 8 | b) if width == 2 else a] = value_of(s)
    # outside 0x21..0x7E x 0x21..0x7E nothing decodes (spot checks)
    if width == 2:
        for a, b in [(0x20, 0x21), (0x7F, 0x21), (0x30, 0x20), (0x30, 0x7F), (0x30, 0xA1), (0x21, 0x0A)]:
            try:
                (esc + bytes([a, b])).decode(codec)
                raise AssertionError((name, a, b))
            except UnicodeDecodeError:
                pass
    return table


def base_value(models, name, code):
    """What the base codec's table says at this code (a, b): its EUC/GB bytes."""
    _, _, _, _, base, kind = CHARSETS[name]
    m = models[base]
    a, b = code >> 8 | 0x80, code & 0xFF | 0x80
    if kind == 'pair':
        cp = m.pair.get((a, b))
        return cp if cp is not None else value_of(m.wide.get(bytes([a, b])))
    cp = m.triple.get((a, b))
    return cp if cp is not None else value_of(m.wide.get(bytes([0x8F, a, b])))


def charset_diffs(models, name, table):
    """[(code, value)] where the charset differs from its base (value 0: nothing)."""
    out = []
    for a in range(0x21, 0x7F):
        for b in range(0x21, 0x7F):
            code = a << 8 | b
            if table.get(code, 0) != base_value(models, name, code):
                out.append((code, table.get(code, 0)))
    return out


def table_diffs(a, b):
    """[(code, value)] turning set a into set b (value 0: nothing)."""
    return sorted([(k, v) for k, v in b.items() if a.get(k) != v] + [(k, 0) for k in a if k not in b])


def inverse(table):
    inv = {}
    for code in sorted(table):
        v = table[code]
        if v < 0x30000:
            inv.setdefault(v, code)
    return inv


def parse_one(data):
    """The (mark, code) of one character encoded alone by an ISO-2022 codec."""
    i, mark, g1, code, at = 0, None, None, [], None
    while i < len(data):
        if data[i] == 0x1B:
            if data[i + 1:i + 2] == b'$':
                if data[i + 2:i + 3] in (b'(', b')'):
                    m, i = data[i + 3] | DBCS, i + 4
                    if data[i - 2] == ord(')'):
                        g1 = m
                    else:
                        mark = m
                else:
                    mark, i = data[i + 2] | DBCS, i + 3
            else:
                m, i = data[i + 2], i + 3
                mark = None if m == ord('B') else m
            continue
        if data[i] in (0x0E, 0x0F):
            if data[i] == 0x0E:
                mark = g1
            i += 1
            continue
        if not code:
            at = mark
        code.append(data[i])
        i += 1
    return at, int.from_bytes(bytes(code), 'big')


def codec_tables(name, flags, desigs, tables, models):
    """Encoding exceptions {cp: (designation index, code) or None} and pairs
    {(cp1, cp2): code} of one codec, against the model of the C encoder."""
    invs = [inverse(tables[cs]) if cs not in (None, 'pairs') else {} for cs, _, _ in desigs]

    def model(cp):
        for k, inv in enumerate(invs):
            if cp in inv:
                return k, inv[cp]
        return None

    exc = {}
    for cp in list(range(0x80, 0xD800)) + list(range(0xE000, 0x30000)):
        try:
            mark, code = parse_one(chr(cp).encode(name))
            want = next(k for k, (cs, m, _) in enumerate(desigs) if m == mark and cs != 'pairs'
                        and (cs is None or code in tables[cs])), code
        except UnicodeEncodeError:
            want = None
        if model(cp) != want:
            exc[cp] = want
    pairs = {}
    if name in PAIRS_FROM:
        m = models[PAIRS_FROM[name]]
        for (c1, c2), b in m.pairs.items():
            mark, code = parse_one((chr(c1) + chr(c2)).encode(name))
            assert mark == desigs[0][1] and code == int.from_bytes(b, 'big') & 0x7F7F, (name, c1, c2)
            pairs[c1, c2] = code
    return exc, pairs
