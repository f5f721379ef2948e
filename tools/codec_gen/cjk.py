"""The model of core/codecs/codecs_cjk.c's stateless multibyte codecs, built from
and checked against python3's own codecs (see tools/gen_codec_tables.py)."""
import random

# ------------------------------------------------------------------ CJK model

TRIPLE = ('euc_jp', 'euc_jis_2004', 'euc_jisx0213')    # 0x8F + two bytes (JIS X 0212 / 0213 plane 2)


class Cjk:
    """One stateless multibyte codec as core/codecs/codecs_cjk.c sees it: the class of
    every first byte, the two-byte (and EUC three-byte) sequences that decode to one BMP
    code point, the `wide` sequences that decode to anything else (a code point beyond
    the BMP, or two code points: JIS X 0213 and HKSCS combining pairs), and for encoding
    the inverse, python3's exceptions to it, and the pairs of characters that encode
    together (a MULTIC first character waits for the next one)."""

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
        self.wide = {}         # bytes -> str of the sequences that are not one BMP code point
        self.err2 = set()      # two-byte sequences whose error covers both bytes
        self.pair = {}         # (lead, trail) -> cp, two-byte sequences that decode
        for c in range(256):
            if self.cls[c] != 'L':
                continue
            for t in range(256):
                if name == 'gb18030' and 0x30 <= t <= 0x39:
                    continue
                try:
                    s = bytes([c, t]).decode(name)
                except UnicodeDecodeError as e:
                    if e.end - e.start == 2 and e.reason == 'illegal multibyte sequence':
                        # EMULATE_JISX0213_2000_DECODE_INVALID: both bytes
                        self.err2.add(bytes([c, t]))
                    continue
                self.put(self.pair, (c, t), bytes([c, t]), s)
        self.triple = {}       # EUC: (c2, c3) after 0x8F -> cp
        if name in TRIPLE:
            for c2 in range(256):
                for c3 in range(256):
                    try:
                        s = bytes([0x8F, c2, c3]).decode(name)
                    except UnicodeDecodeError:
                        continue
                    self.put(self.triple, (c2, c3), bytes([0x8F, c2, c3]), s)
        if name == 'gb18030':
            self.ranges = gb18030_ranges()
        if name == 'euc_kr':
            self.jamo = euckr_jamo()

    def put(self, table, key, seq, s):
        assert 1 <= len(s) <= 2 and ord(s[0]) > 0, (self.name, seq, s)
        if len(s) == 1 and ord(s) < 0x10000:
            table[key] = ord(s)
        else:
            self.wide[seq] = s

    # --- decoding, one step at data[i]: ('c', str, n) or ('e', esize, reason)
    def step(self, d, i):
        n = len(d) - i
        c = d[i]
        k = self.cls[c]
        if k == 'x':
            return ('e', 1, 'illegal multibyte sequence')
        if k != 'L':
            return ('c', chr(k[1]), 1)
        if n < 2:
            return ('e', n, 'incomplete multibyte sequence')
        c2 = d[i + 1]
        if self.name == 'gb18030' and 0x30 <= c2 <= 0x39:
            if n < 4:
                return ('e', n, 'incomplete multibyte sequence')
            c3, c4 = d[i + 2], d[i + 3]
            cp = gb18030_4(self.ranges, c, c2, c3, c4)
            return ('c', chr(cp), 4) if cp is not None else ('e', 1, 'illegal multibyte sequence')
        if self.name in TRIPLE and c == 0x8F:
            if n < 3:
                return ('e', n, 'incomplete multibyte sequence')
            cp = self.triple.get((c2, d[i + 2]))
            s = chr(cp) if cp is not None else self.wide.get(bytes(d[i:i + 3]))
            return ('c', s, 3) if s is not None else ('e', 1, 'illegal multibyte sequence')
        if self.name == 'euc_kr' and c == 0xA4 and c2 == 0xD4:
            if n < 8:
                return ('e', n, 'incomplete multibyte sequence')
            cp = euckr_makeup(self.jamo, d[i:i + 8])
            return ('c', chr(cp), 8) if cp is not None else ('e', 1, 'illegal multibyte sequence')
        cp = self.pair.get((c, c2))
        s = chr(cp) if cp is not None else self.wide.get(bytes(d[i:i + 2]))
        if s is None:
            return ('e', 2 if bytes(d[i:i + 2]) in self.err2 else 1, 'illegal multibyte sequence')
        return ('c', s, 2)

    def decode_strict(self, d):
        out, i = [], 0
        while i < len(d):
            r = self.step(d, i)
            if r[0] == 'e':
                return ('err', i, i + r[1], r[2])
            out.append(r[1])
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
        for seq, s in sorted(self.wide.items(), key=lambda kv: (len(kv[0]), kv[0])):
            if len(s) == 1:
                inv.setdefault(ord(s), seq)
        self.inv = inv
        self.enc_exc = {}
        for cp in list(range(0xD800)) + list(range(0xE000, 0x30000)) + [0x10FFFF]:
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
        self.build_pairs()

    def build_pairs(self):
        """MULTIC characters: an incremental encoder keeps them pending, for the next
        character may combine with them; the pairs that do, from the wide decodings."""
        enc = __import__('codecs').getincrementalencoder(self.name)
        self.multic = set()
        for cp in sorted(self.inv) + sorted(self.enc_exc):
            if cp >= 0x80 and self.encode_cp(cp) is not None and enc().encode(chr(cp)) == b'':
                self.multic.add(cp)
        seconds = {ord(s[1]) for s in self.wide.values() if len(s) == 2}
        self.pairs = {}
        for c1 in sorted(self.multic):
            for c2 in sorted(seconds | set(range(0x300, 0x370)) | set(range(0x2E0, 0x2F0)) | {0x309A, 0x3099, 0}):
                got = (chr(c1) + chr(c2)).encode(self.name, 'replace')
                alone = self.encode_cp(c1) + chr(c2).encode(self.name, 'replace')
                if got != alone:
                    self.pairs[c1, c2] = got
        for seq, s in self.wide.items():
            if len(s) == 2:
                assert self.pairs.get((ord(s[0]), ord(s[1]))) == seq, (self.name, seq, s)

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

    def encode(self, text):
        """str.encode(self.name, 'strict') of the model: bytes, or the index of the
        first character that cannot be encoded."""
        out, i = bytearray(), 0
        while i < len(text):
            cp = ord(text[i])
            # the second character is read as a UCS-2 value (find_pairencmap's argument)
            if cp in self.multic and i + 1 < len(text) and (cp, ord(text[i + 1]) & 0xFFFF) in self.pairs:
                out += self.pairs[cp, ord(text[i + 1]) & 0xFFFF]
                i += 2
                continue
            b = self.encode_cp(cp)
            if b is None:
                return i
            out += b
            i += 1
        return bytes(out)


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
    if m.name in TRIPLE:
        inputs += [bytes([0x8F, b, c]) for b in range(256) for c in range(0, 256, 3)]
    if m.name == 'euc_kr':
        ok = [0xA1, 0xA2, 0xA4, 0xBE, 0xBF, 0xD3, 0xD4, 0x41, 0xFF]
        inputs += [bytes([0xA4, 0xD4, x, y, z, w, v, u]) for x in (0xA4, 0xA3) for y in ok for z in (0xA4, 0xA1)
                   for w in ok for v in (0xA4,) for u in ok]
        inputs += [bytes([0xA4, 0xD4] + [0xA4] * k) for k in range(7)]
    keys = [bytes(k) for k in list(m.pair)[:2000]] + list(m.wide)
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
                out.append(r[1])
                i += r[2]
        assert ''.join(out) == want_r, (m.name, d)




def verify_encode(m):
    """Strings of MULTIC characters, their partners and others, encoded by the model
    and by python3 (strict: the bytes, or where the error starts)."""
    rng = random.Random(12)
    seconds = sorted({c2 for _, c2 in m.pairs} | {0x300, 0x301, 0x309A, 0, 0x10000, 0x1309A, 0x10304, 0x2030C})
    firsts = sorted(m.multic) or [0x41]
    others = [cp for cp in list(m.inv)[:3000:7]] + [0x41, 0x20AC, 0xFFFF, 0x1F600]
    for _ in range(20000):
        text = ''.join(chr(rng.choice([firsts, seconds, others][rng.randrange(3)])) for _ in range(rng.randrange(1, 6)))
        try:
            want = text.encode(m.name)
        except UnicodeEncodeError as e:
            want = e.start
        assert m.encode(text) == want, (m.name, text, m.encode(text), want)
