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
    def __init__(self, out):
        self.out, self.prev, self.run = out, 0, None   # run: [token, count]

    def flush(self):
        if self.run:
            varint(self.run[0], self.out)
            varint(self.run[1], self.out)
            self.run = None

    def put(self, v):
        """v: a code point, None (no mapping) or 'base'."""
        if v is None or v == 'base':
            t = 0 if v is None else 1
            if self.run and self.run[0] == t:
                self.run[1] += 1
            else:
                self.flush()
                self.run = [t, 1]
            return
        self.flush()
        d = v - self.prev
        varint(((d << 1) ^ (d >> 63)) + 2 if d < 0 else (d << 1) + 2, self.out)
        self.prev = v


def put_rows(out, get, base_get=None):
    """A 256x256 table: per first byte, varint lo and count (0: no row),
    then the tokens of all rows."""
    spans = []
    for c in range(256):
        ts = [t for t in range(256) if (get(c, t) or 0) != ((base_get(c, t) or 0) if base_get else 0)]
        spans.append((ts[0], ts[-1] - ts[0] + 1) if ts else (0, 0))
        varint(spans[-1][0], out)
        varint(spans[-1][1], out)
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


