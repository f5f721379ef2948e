"""How tools/gen_codec_tables.py writes tables: LEB128 varints of tokens in base64
strings of C literals (core/codecs/codecs_cjk.c reads them back)."""
import base64

# ------------------------------------------------------------------ output
#
# Tables travel as base64 strings of a byte stream of LEB128 varints
# (core/codecs/codecs_cjk.c reads them back):
#   * a table value is a token: 0 = no mapping, 1 = the base codec's value
#     (for codecs stored as differences), else zigzag(value - previous
#     value) + 2 -- neighbouring code points are mostly close;
#   * a run of tokens 0 or 1 is the token followed by the run length.

def varint(n, out):
    assert n >= 0
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


class Tokens:
    """Table values as varint tokens: 0 + n = n values with no mapping, 1 + n = n values the
    base codec's, 2 + n = n values each one more than the one before, else zigzag(value -
    previous value) + 3."""

    def __init__(self, out):
        self.out, self.prev, self.run = out, 0, None   # run: [token, count]

    def flush(self):
        if self.run and self.run[0] == 2 and self.run[1] == 1:
            varint(5, self.out)   # a single step: zigzag(1) + 3
        elif self.run:
            varint(self.run[0], self.out)
            varint(self.run[1], self.out)
        self.run = None

    def put(self, v):
        """v: a code point, None (no mapping) or 'base'."""
        t = 0 if v is None else 1 if v == 'base' else 2 if v == self.prev + 1 else None
        if t is not None:
            if self.run and self.run[0] == t:
                self.run[1] += 1
            else:
                self.flush()
                self.run = [t, 1]
            if t == 2:
                self.prev = v
            return
        self.flush()
        d = v - self.prev
        varint(((d << 1) ^ (d >> 63)) + 3 if d < 0 else (d << 1) + 3, self.out)
        self.prev = v


def put_rows(out, get, base_get=None):
    """A 256x256 table: the number of first bytes with a row, and for each the
    difference from the previous such byte, the row's lo and count; then the
    tokens of all rows."""
    spans = []
    for c in range(256):
        ts = [t for t in range(256) if (get(c, t) or 0) != ((base_get(c, t) or 0) if base_get else 0)]
        spans.append((ts[0], ts[-1] - ts[0] + 1) if ts else (0, 0))
    rows = [c for c in range(256) if spans[c][1]]
    varint(len(rows), out)
    prev = 0
    for c in rows:
        varint(c - prev, out)
        varint(spans[c][0], out)
        varint(spans[c][1], out)
        prev = c
    tok = Tokens(out)
    for c in range(256):
        lo, n = spans[c]
        for t in range(lo, lo + n):
            v = get(c, t)
            if base_get and (v or 0) == (base_get(c, t) or 0):
                tok.put('base')
            else:
                tok.put(v)
    tok.flush()


def sjis_of_jis(j1, j2):
    """The shift_jis bytes of JIS X 0208 row/cell bytes (0x21..0x7e)."""
    s1 = (j1 - 0x21) >> 1
    s2 = (0x5E if (j1 - 0x21) & 1 else 0) + (j2 - 0x21)
    return (s1 + 0x81 if s1 < 0x1F else s1 + 0xC1), (s2 + 0x40 if s2 < 0x3F else s2 + 0x41)


def b64(out):
    return base64.b64encode(bytes(out)).decode('ascii')


def c_string(s, indent='    ', width=96):
    lines = [s[i:i + width] for i in range(0, len(s), width)] or ['']
    return '\n'.join(indent + '"' + line + '"' for line in lines)




def euc2004_of_sjis2004(c, t):
    """The EUC-JIS-2004 bytes of a Shift_JIS-2004 lead/trail pair (JIS X 0213 plane 1 rows at
    two bytes, plane 2 at 0x8F + two), or None outside the double-byte ranges."""
    if not (0x81 <= c <= 0x9F or 0xE0 <= c <= 0xFC) or not (0x40 <= t <= 0x7E or 0x80 <= t <= 0xFC):
        return None
    c1 = c - 0x81 if c < 0xE0 else c - 0xC1
    c2 = t - 0x40 if t < 0x80 else t - 0x41
    c1 = 2 * c1 + (0 if c2 < 0x5E else 1)
    c2 = (c2 if c2 < 0x5E else c2 - 0x5E) + 0x21
    if c1 < 0x5E:
        return bytes([c1 + 0x21 | 0x80, c2 | 0x80])
    c1 = c1 + 0x07 if c1 >= 0x67 else c1 - 0x37 if c1 >= 0x63 or c1 == 0x5F else c1 - 0x3D
    return bytes([0x8F, c1 | 0x80, c2 | 0x80])


def sjis2004_of_euc2004(b):
    """The inverse: Shift_JIS-2004 bytes of EUC-JIS-2004 JIS X 0213 bytes, or None."""
    if len(b) == 2 and b[0] >= 0xA1 and b[1] >= 0xA1:
        c1, code2 = (b[0] & 0x7F) - 0x21, b[1] & 0x7F
    elif len(b) == 3 and b[0] == 0x8F and b[1] >= 0xA1 and b[2] >= 0xA1:
        r = b[1] & 0x7F | 0x80
        c1, code2 = (r - 0x87 if r >= 0xEE else r - 0x49 if r >= 0xAC or r == 0xA8 else r - 0x43), b[2] & 0x7F
    else:
        return None
    c2 = code2 - 0x21 + (0x5E if c1 & 1 else 0)
    c1 >>= 1
    out = bytes([c1 + (0x81 if c1 < 0x1F else 0xC1), c2 + (0x40 if c2 < 0x3F else 0x41)])
    return out if euc2004_of_sjis2004(out[0], out[1]) == b else None
