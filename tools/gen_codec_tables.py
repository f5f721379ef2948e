#!/usr/bin/env python3
"""Generate core/codecs/codecs_tables.c from python3's own codecs (CPython 3.11).

    python3 tools/gen_codec_tables.py > core/codecs/codecs_tables.c

What it writes:
  * the codec registry as Python resolves names: encodings.aliases and the
    modules of the encodings package, each with its CodecInfo.name, whether
    it is a text encoding, and how pystd implements it;
  * the 8-bit charmap codecs (cp1252, koi8_r, iso8859_*, mac_*, ...): their
    decoding tables;
  * the CJK codecs (gb2312, gbk, gb18030, big5, shift_jis, euc_jp, euc_kr,
    cp932, cp949, cp950): the class of every first byte, every two-byte (and
    euc_jp three-byte) sequence that decodes, the gb18030 four-byte ranges,
    the euc_kr jamo tables, and the code points whose encoding is not the
    inverse of the decoding (core/codecs/codecs_cjk.c builds its tables from these).

Before writing anything it runs a model of core/codecs/codecs_cjk.c's decoder and
encoder (the same steps, in Python) against the real codecs: every 1- and
2-byte input, the 3- and 4-byte sequences, random byte strings, and every
code point; it stops on the first disagreement.  Tables go out as base64
strings of little-endian 16-bit words, with rows stored as differences from
a base codec where one codec extends another (gbk over gb2312, ...).
"""
import base64
import codecs
import encodings
import encodings.aliases
import importlib
import pkgutil
import random
import struct
import sys

assert sys.version_info[:2] == (3, 11), "the tables are CPython 3.11's"

# ------------------------------------------------------------------ registry

TEXT_IMPL = {
    'utf_8': 'UTF8', 'utf_8_sig': 'UTF8_SIG', 'utf_16': 'UTF16', 'utf_16_le': 'UTF16LE',
    'utf_16_be': 'UTF16BE', 'utf_32': 'UTF32', 'utf_32_le': 'UTF32LE', 'utf_32_be': 'UTF32BE',
    'ascii': 'ASCII', 'latin_1': 'LATIN1', 'charmap': 'CHARMAP_NONE', 'undefined': 'UNDEFINED',
    'unicode_escape': 'UNICODE_ESCAPE', 'raw_unicode_escape': 'RAW_UNICODE_ESCAPE',
}
CJK = ['gb2312', 'gbk', 'gb18030', 'big5', 'cp950', 'shift_jis', 'cp932', 'euc_jp', 'euc_kr', 'cp949']
CJK_BASE = {'gbk': 'gb2312', 'gb18030': 'gbk', 'cp950': 'big5', 'cp949': 'euc_kr', 'cp932': 'shift_jis'}


def registry():
    mods = []
    for m in sorted(x.name for x in pkgutil.iter_modules(encodings.__path__)):
        try:
            mod = importlib.import_module('encodings.' + m)
            ci = mod.getregentry()
        except (ImportError, AttributeError):
            continue
        text = getattr(ci, '_is_text_encoding', True)
        if not text:
            impl = 'NONTEXT'
        elif m in TEXT_IMPL:
            impl = TEXT_IMPL[m]
        elif hasattr(mod, 'decoding_table') and len(mod.decoding_table) == 256:
            impl = 'CHARMAP'
        elif m in CJK:
            impl = 'CJK'
        else:
            impl = 'UNSUPPORTED'
        mods.append((m, ci.name, text, impl))
    aliases = sorted(encodings.aliases.aliases.items())
    return mods, aliases


# ------------------------------------------------------------------ charmaps

def charmap_table(m):
    mod = importlib.import_module('encodings.' + m)
    return [ord(c) for c in mod.decoding_table]


def check_charmap(m, table):
    """Decode: the table; encode: its inverse, the last byte winning (as
    PyUnicode_BuildEncodingMap), except where python3 says otherwise."""
    inv = {}
    for b, cp in enumerate(table):
        if cp != 0xFFFE:
            inv[cp] = b
    exc = []
    for cp in range(0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        try:
            got = chr(cp).encode(m)
        except UnicodeEncodeError:
            got = None
        want = bytes([inv[cp]]) if cp in inv else None
        if got != want:
            exc.append((cp, got))
    for b in range(256):
        try:
            s = bytes([b]).decode(m)
            assert len(s) == 1 and ord(s) == table[b] != 0xFFFE, (m, b)
        except UnicodeDecodeError:
            assert table[b] == 0xFFFE, (m, b)
    return exc


# ------------------------------------------------------------------ CJK model

class Cjk:
    def __init__(self, name):
        self.name = name
        self.cls = []          # per first byte: ('s', cp) single, 'L' lead, 'x' invalid
        for c in range(256):
            try:
                s = bytes([c]).decode(name)
                assert len(s) == 1
                self.cls.append(('s', ord(s)))
            except UnicodeDecodeError as e:
                self.cls.append('L' if e.reason == 'incomplete multibyte sequence' else 'x')
        self.pair = {}         # (lead, trail) -> cp, two-byte sequences that decode
        for c in range(256):
            if self.cls[c] != 'L':
                continue
            for t in range(256):
                if name == 'gb18030' and 0x30 <= t <= 0x39:
                    continue
                try:
                    s = bytes([c, t]).decode(name)
                except UnicodeDecodeError:
                    continue
                if len(s) == 1:
                    assert 0 < ord(s) < 0x10000
                    self.pair[c, t] = ord(s)
        self.triple = {}       # euc_jp: (c2, c3) after 0x8F -> cp
        if name == 'euc_jp':
            for c2 in range(256):
                for c3 in range(256):
                    try:
                        s = bytes([0x8F, c2, c3]).decode(name)
                    except UnicodeDecodeError:
                        continue
                    if len(s) == 1:
                        self.triple[c2, c3] = ord(s)
        if name == 'gb18030':
            self.ranges = gb18030_ranges()
        if name == 'euc_kr':
            self.jamo = euckr_jamo()

    # --- decoding, one step at data[i]: ('c', cp, n) or ('e', esize, reason)
    def step(self, d, i):
        n = len(d) - i
        c = d[i]
        k = self.cls[c]
        if k == 'x':
            return ('e', 1, 'illegal multibyte sequence')
        if k != 'L':
            return ('c', k[1], 1)
        if n < 2:
            return ('e', n, 'incomplete multibyte sequence')
        c2 = d[i + 1]
        if self.name == 'gb18030' and 0x30 <= c2 <= 0x39:
            if n < 4:
                return ('e', n, 'incomplete multibyte sequence')
            c3, c4 = d[i + 2], d[i + 3]
            cp = gb18030_4(self.ranges, c, c2, c3, c4)
            return ('c', cp, 4) if cp is not None else ('e', 1, 'illegal multibyte sequence')
        if self.name == 'euc_jp' and c == 0x8F:
            if n < 3:
                return ('e', n, 'incomplete multibyte sequence')
            cp = self.triple.get((c2, d[i + 2]))
            return ('c', cp, 3) if cp is not None else ('e', 1, 'illegal multibyte sequence')
        if self.name == 'euc_kr' and c == 0xA4 and c2 == 0xD4:
            if n < 8:
                return ('e', n, 'incomplete multibyte sequence')
            cp = euckr_makeup(self.jamo, d[i:i + 8])
            return ('c', cp, 8) if cp is not None else ('e', 1, 'illegal multibyte sequence')
        cp = self.pair.get((c, c2))
        return ('c', cp, 2) if cp is not None else ('e', 1, 'illegal multibyte sequence')

    def decode_strict(self, d):
        out, i = [], 0
        while i < len(d):
            r = self.step(d, i)
            if r[0] == 'e':
                return ('err', i, i + r[1], r[2])
            out.append(chr(r[1]))
            i += r[2]
        return ('ok', ''.join(out))

    # --- encoding of one code point: bytes or None
    def build_encoder(self):
        inv = {}
        for c in range(256):
            k = self.cls[c]
            if k not in ('L', 'x') and k[1] not in inv:
                inv[k[1]] = bytes([c])
        for (c, t), cp in sorted(self.pair.items()):
            inv.setdefault(cp, bytes([c, t]))
        for (c2, c3), cp in sorted(self.triple.items()):
            inv.setdefault(cp, bytes([0x8F, c2, c3]))
        self.inv = inv
        self.enc_exc = {}
        for cp in list(range(0xD800)) + list(range(0xE000, 0x10000)) + [0x10000, 0x10FFFF, 0x1F600]:
            try:
                want = chr(cp).encode(self.name)
            except UnicodeEncodeError:
                want = None
            if self.encode_cp(cp) != want:
                self.enc_exc[cp] = want
        for cp in range(0xD800, 0xE000):   # lone surrogates never encode
            try:
                chr(cp).encode(self.name)
                raise AssertionError((self.name, cp))
            except UnicodeEncodeError:
                pass

    def encode_cp(self, cp):
        if hasattr(self, 'enc_exc') and cp in self.enc_exc:
            return self.enc_exc[cp]
        if cp in self.inv:
            return self.inv[cp]
        if self.name == 'gb18030':
            return gb18030_enc(self.ranges, cp)
        if self.name == 'euc_kr' and 0xAC00 <= cp <= 0xD7A3:
            return euckr_makeup_enc(self.jamo, cp)
        return None


def gb18030_ranges():
    """(first cp, first linear index) of every run of the 4-byte BMP area."""
    runs = []
    for lseq in range(39420):
        c, r = divmod(lseq, 12600)
        c2, r = divmod(r, 1260)
        c3, c4 = divmod(r, 10)
        b = bytes([0x81 + c, 0x30 + c2, 0x81 + c3, 0x30 + c4])
        cp = ord(b.decode('gb18030'))
        if runs and cp - lseq == runs[-1][0] - runs[-1][1]:
            continue
        runs.append((cp, lseq))
    return runs


def gb18030_4(ranges, c, c2, c3, c4):
    if not (0x81 <= c <= 0xFE and 0x81 <= c3 <= 0xFE and 0x30 <= c4 <= 0x39):
        return None
    c, c2, c3, c4 = c - 0x81, c2 - 0x30, c3 - 0x81, c4 - 0x30
    if c < 4:
        lseq = (c * 10 + c2) * 1260 + c3 * 10 + c4
        if lseq < 39420:
            cp, base = [r for r in ranges if r[1] <= lseq][-1]
            return cp + lseq - base
    elif c >= 15:
        cp = 0x10000 + ((c - 15) * 10 + c2) * 1260 + c3 * 10 + c4
        if cp <= 0x10FFFF:
            return cp
    return None


def gb18030_lseq_bytes(lseq, first):
    c4 = lseq % 10
    lseq //= 10
    c3 = lseq % 126
    lseq //= 126
    c2 = lseq % 10
    return bytes([first + lseq // 10, 0x30 + c2, 0x81 + c3, 0x30 + c4])


def gb18030_enc(ranges, cp):
    if cp >= 0x10000:
        return gb18030_lseq_bytes(cp - 0x10000, 0x90)
    if 0xD800 <= cp < 0xE000:
        return None
    bases = ranges + [(None, 39420)]
    for (first, base), (_, nxt) in zip(bases, bases[1:]):
        if first <= cp < first + (nxt - base):
            return gb18030_lseq_bytes(cp - first + base, 0x81)
    return None


def euckr_jamo():
    """Index of each cho/jung/jong byte of a KS X 1001:1998 Annex 3 sequence."""
    cho, jung, jong = {}, {}, {}
    for b in range(256):
        for table, seq, div, mod in ((cho, (b, 0xBF, 0xD4), 588, None), (jung, (0xA1, b, 0xD4), 28, 21),
                                     (jong, (0xA1, 0xBF, b), 1, 28)):
            d = bytes([0xA4, 0xD4, 0xA4, seq[0], 0xA4, seq[1], 0xA4, seq[2]])
            try:
                s = d.decode('euc_kr')
            except UnicodeDecodeError:
                continue
            v = (ord(s) - 0xAC00) // div
            table[b] = v % mod if mod else v
    return cho, jung, jong


def euckr_makeup(jamo, d):
    cho, jung, jong = jamo
    if d[2] != 0xA4 or d[4] != 0xA4 or d[6] != 0xA4:
        return None
    if d[3] not in cho or d[5] not in jung or d[7] not in jong:
        return None
    return 0xAC00 + cho[d[3]] * 588 + jung[d[5]] * 28 + jong[d[7]]


def euckr_makeup_enc(jamo, cp):
    cho, jung, jong = ({v: k for k, v in t.items()} for t in jamo)
    s = cp - 0xAC00
    return bytes([0xA4, 0xD4, 0xA4, cho[s // 588], 0xA4, jung[(s // 28) % 21], 0xA4, jong[s % 28]])


def verify(m):
    rng = random.Random(11)
    inputs = [bytes([a]) for a in range(256)] + [bytes([a, b]) for a in range(0x80, 256) for b in range(256)]
    if m.name == 'gb18030':
        inputs += [bytes([a, b, c, d]) for a in range(0x80, 0x100) for b in range(0x30, 0x3A)
                   for c in (0x00, 0x30, 0x80, 0x81, 0x82, 0xA0, 0xFD, 0xFE, 0xFF)
                   for d in (0x2F, 0x30, 0x35, 0x39, 0x3A, 0x81, 0xFF)]
        inputs += [bytes([a, b, c]) for a in (0x80, 0x81, 0xFE, 0xFF) for b in range(0x30, 0x3A) for c in range(256)]
    if m.name == 'euc_jp':
        inputs += [bytes([0x8F, b, c]) for b in range(256) for c in range(0, 256, 3)]
    if m.name == 'euc_kr':
        ok = [0xA1, 0xA2, 0xA4, 0xBE, 0xBF, 0xD3, 0xD4, 0x41, 0xFF]
        inputs += [bytes([0xA4, 0xD4, x, y, z, w, v, u]) for x in (0xA4, 0xA3) for y in ok for z in (0xA4, 0xA1)
                   for w in ok for v in (0xA4,) for u in ok]
        inputs += [bytes([0xA4, 0xD4] + [0xA4] * k) for k in range(7)]
    keys = [bytes(k) for k in list(m.pair)[:2000]]
    for _ in range(20000):
        parts = [rng.choice(keys) if rng.random() < 0.6 else bytes([rng.randrange(256)])
                 for _ in range(rng.randrange(1, 8))]
        inputs.append(b''.join(parts))
    for d in inputs:
        try:
            want = ('ok', d.decode(m.name))
        except UnicodeDecodeError as e:
            want = ('err', e.start, e.end, e.reason)
        got = m.decode_strict(d)
        assert got == want, (m.name, d, got, want)
        # replace: one U+FFFD per error unit, decoding goes on after it
        try:
            want_r = d.decode(m.name, 'replace')
        except UnicodeDecodeError:
            want_r = None
        out, i = [], 0
        while i < len(d):
            r = m.step(d, i)
            if r[0] == 'e':
                out.append('\ufffd')
                i += r[1]
            else:
                out.append(chr(r[1]))
                i += r[2]
        assert ''.join(out) == want_r, (m.name, d)


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


def main():
    mods, aliases = registry()
    out = []
    w = out.append
    w('/* Generated by tools/gen_codec_tables.py from python3 %s\'s own codecs: do not edit.' % sys.version.split()[0])
    w(' * Regenerate: python3 tools/gen_codec_tables.py > core/codecs/codecs_tables.c */')
    w('#include "codecs/codecs_int.h"')
    w('')
    w('/* encodings.aliases.aliases: normalized alias -> module, sorted */')
    w('const codecs_alias codecs_aliases[] = {')
    for a, m in aliases:
        w('    {"%s", "%s"},' % (a, m))
    w('};')
    w('const size_t codecs_naliases = sizeof codecs_aliases / sizeof codecs_aliases[0];')
    w('')
    charmaps = [m for m, _n, _t, impl in mods if impl == 'CHARMAP']
    cjks = [m for m in CJK if any(x[0] == m for x in mods)]
    w('/* the modules of the encodings package that have a codec, sorted:')
    w(' * module, CodecInfo.name, implementation, index (charmap or CJK table) */')
    w('const codecs_module codecs_modules[] = {')
    for m, name, text, impl in mods:
        idx = charmaps.index(m) if impl == 'CHARMAP' else cjks.index(m) if impl == 'CJK' else 0
        w('    {"%s", "%s", CODECS_%s, %d},' % (m, name, impl, idx))
    w('};')
    w('const size_t codecs_nmodules = sizeof codecs_modules / sizeof codecs_modules[0];')
    w('')

    # charmaps: per codec, a flag (1: bytes 0..127 decode to themselves) and tokens
    stream, exc_lines = [], []
    for m in charmaps:
        t = charmap_table(m)
        exc = check_charmap(m, t)
        for cp, got in exc:
            exc_lines.append('    {%d, 0x%04x, %d},' % (charmaps.index(m), cp, -1 if got is None else got[0]))
        assert max(t) <= 0xFFFF
        ident = t[:128] == list(range(128))
        stream.append(1 if ident else 0)
        tok = Tokens(stream)
        for b in range(128 if ident else 0, 256):
            tok.put(None if t[b] == 0xFFFE else t[b])
        tok.flush()
    w('/* decoding tables of the %d charmap codecs, in codecs_modules order (see the token format above) */' % len(charmaps))
    w('const char codecs_charmap_b64[] =')
    w(c_string(b64(stream)) + ';')
    w('const size_t codecs_ncharmaps = %d;' % len(charmaps))
    w('/* code points whose charmap encoding is not the inverse of the table: {charmap, cp, byte or -1} */')
    w('const codecs_charmap_exc codecs_charmap_excs[] = {')
    out.extend(exc_lines or ['    {0, 0, 0},'])
    w('};')
    w('const size_t codecs_ncharmap_excs = %d;' % len(exc_lines))
    w('')

    # CJK
    models = {}
    for name in cjks:
        m = Cjk(name)
        verify(m)
        m.build_encoder()
        models[name] = m
        print('%s: %d pairs, %d encode exceptions' % (name, len(m.pair), len(m.enc_exc)), file=sys.stderr)
    w('/* CJK codecs, in codecs_modules\' CJK index order: name, base codec (-1: none),')
    w(' * 1 when the base is shift_jis seen through EUC rows/cells; the stream; encoding')
    w(' * exceptions {cp, (length << 24) | bytes, or 0xffffffff: unencodable} */')
    w('const codecs_cjk_table codecs_cjk_tables[] = {')
    for name in cjks:
        m = models[name]
        base = CJK_BASE.get(name, '')
        stream = []
        for c in range(256):
            k = m.cls[c]
            varint(0 if k == 'L' else 1 if k == 'x' else k[1] + 2, stream)
        get = lambda c, t, m=m: m.pair.get((c, t))
        if base:
            base_get = lambda c, t, b=models[base]: b.pair.get((c, t))
        elif name == 'euc_jp':   # JIS X 0208 as shift_jis has it, moved to EUC rows/cells
            sj = models['shift_jis']
            base_get = lambda c, t, sj=sj: (sj.pair.get(sjis_of_jis(c - 0x80, t - 0x80))
                                            if 0xA1 <= c <= 0xFE and 0xA1 <= t <= 0xFE else None)
        else:
            base_get = None
        put_rows(stream, get, base_get)
        if name == 'euc_jp':
            put_rows(stream, lambda c, t: m.triple.get((c, t)))
        excs = []
        for cp, got in sorted(m.enc_exc.items()):
            v = 0xFFFFFFFF if got is None else (len(got) << 24) | int.from_bytes(got, 'big')
            assert got is None or len(got) <= 3, (name, cp, got)
            excs.append('0x%x, 0x%x' % (cp, v))
        basei = cjks.index(base) if base else cjks.index('shift_jis') if name == 'euc_jp' else -1
        w('    {"%s", /* base */ %d, %d,' % (name, basei, 1 if name == 'euc_jp' else 0))
        w(c_string(b64(stream), '        ') + ',')
        w('        %d, (const uint32_t[]){' % len(excs))
        for i in range(0, len(excs), 4):
            w('            ' + ', '.join(excs[i:i + 4]) + ',')
        w('            0}},')
    w('};')
    w('const size_t codecs_ncjk = %d;' % len(cjks))
    w('')
    m = models['gb18030']
    w('/* gb18030: first code point and first linear index of each run of four-byte BMP codes */')
    w('const uint32_t codecs_gb18030_ranges[][2] = {')
    for i in range(0, len(m.ranges), 4):
        w('    ' + ' '.join('{0x%04x, %d},' % r for r in m.ranges[i:i + 4]))
    w('    {0, 39420}};')
    w('const size_t codecs_gb18030_nranges = %d;' % len(m.ranges))
    cho, jung, jong = models['euc_kr'].jamo
    for nm, t in (('cho', cho), ('jung', jung), ('jong', jong)):
        w('/* euc_kr make-up sequences: %sseong index of each byte (-1: none) */' % nm)
        vals = [str(t.get(b, -1)) for b in range(256)]
        w('const short codecs_euckr_%s[256] = {' % nm)
        for i in range(0, 256, 16):
            w('    ' + ', '.join(vals[i:i + 16]) + ',')
        w('};')
    # namereplace also names the private-use code points where CPython's
    # unicodedata keeps name aliases (U+F0000...) and named sequences (U+F0200...)
    pua = []
    for cp in range(0xF0000, 0xF0400):
        r = chr(cp).encode('ascii', 'namereplace')
        if r.startswith(b'\\N{'):
            pua.append((cp, r[3:-1].decode('ascii')))
    w('/* namereplace names of U+F0000... (aliases) and U+F0200... (named sequences) */')
    w('const codecs_pua_name codecs_pua_names[] = {')
    for cp, name in pua:
        w('    {0x%x, "%s"},' % (cp, name))
    w('};')
    w('const size_t codecs_npua_names = %d;' % len(pua))
    print('\n'.join(out))


if __name__ == '__main__':
    main()
