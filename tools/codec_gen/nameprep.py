"""The tables of core/codecs/codecs_nameprep.c (RFC 3491 nameprep, as Lib/encodings/idna.py runs
it with stringprep and unicodedata.ucd_3_2_0), read from python3 (see tools/gen_codec_tables.py):
the stringprep tables B.1, B.2, C.1.2-C.9 (one "prohibited" set), D.1, D.2; and what
ucd_3_2_0.normalize('NFKC', s) needs -- the full compatibility decomposition of each character as
Unicode 3.2 has it, the canonical combining classes and composition pairs of the current database
(CPython's normalizer sorts and composes with those).  A Python copy of the C algorithm is checked
against python3 before anything is written."""
import random
import stringprep
import unicodedata

ucd32 = unicodedata.ucd_3_2_0
ALL = [cp for cp in range(0x110000) if not 0xD800 <= cp < 0xE000]
SBASE, LBASE, VBASE, TBASE, LCOUNT, VCOUNT, TCOUNT = 0xAC00, 0x1100, 0x1161, 0x11A7, 19, 21, 28
SCOUNT = LCOUNT * VCOUNT * TCOUNT


def ranges(pred):
    """[(first, last)] of the code points (surrogates included) where pred holds."""
    out = []
    for cp in range(0x110000):
        if pred(chr(cp)):
            if out and out[-1][1] == cp - 1:
                out[-1][1] = cp
            else:
                out.append([cp, cp])
    return [tuple(r) for r in out]


def prohibited(c):
    return (stringprep.in_table_c12(c) or stringprep.in_table_c22(c) or stringprep.in_table_c3(c)
            or stringprep.in_table_c4(c) or stringprep.in_table_c5(c) or stringprep.in_table_c6(c)
            or stringprep.in_table_c7(c) or stringprep.in_table_c8(c) or stringprep.in_table_c9(c))


class Tables:
    def __init__(self):
        self.b1 = [cp for cp in ALL if stringprep.in_table_b1(chr(cp))]
        self.b2 = {cp: stringprep.map_table_b2(chr(cp)) for cp in ALL}
        self.b2 = {cp: s for cp, s in self.b2.items() if s != chr(cp)}
        self.prohibited = ranges(prohibited)
        self.randal = ranges(stringprep.in_table_d1)
        self.lcat = ranges(stringprep.in_table_d2)
        self.decomp = {}
        for cp in ALL:
            if SBASE <= cp < SBASE + SCOUNT:
                continue
            d = ucd32.normalize('NFKD', chr(cp))
            if d != chr(cp):
                self.decomp[cp] = [ord(x) for x in d]
        self.ccc = {cp: unicodedata.combining(chr(cp)) for cp in ALL if unicodedata.combining(chr(cp))}
        self.comp = {}
        for cp in ALL:
            d = unicodedata.decomposition(chr(cp)).split()
            if len(d) == 2 and not d[0].startswith('<') and unicodedata.normalize('NFC', chr(cp)) == chr(cp):
                self.comp[int(d[0], 16), int(d[1], 16)] = cp
        self.firsts = {a for a, _ in self.comp}

    # --- the C algorithm, in Python
    def nfkd(self, s):
        out = []
        for ch in s:
            cp = ord(ch)
            if SBASE <= cp < SBASE + SCOUNT:
                i = cp - SBASE
                out += [LBASE + i // (VCOUNT * TCOUNT), VBASE + i % (VCOUNT * TCOUNT) // TCOUNT]
                if i % TCOUNT:
                    out.append(TBASE + i % TCOUNT)
            else:
                out += self.decomp.get(cp, [cp])
        for i in range(1, len(out)):   # the canonical order (a stable insertion sort)
            j = i
            while j > 0 and self.ccc.get(out[j], 0) and self.ccc.get(out[j - 1], 0) > self.ccc.get(out[j], 0):
                out[j - 1], out[j] = out[j], out[j - 1]
                j -= 1
        return out

    def nfkc(self, s):
        d = self.nfkd(s)
        out, skipped, i = [], set(), 0
        while i < len(d):
            if i in skipped:
                i += 1
                continue
            code = d[i]
            if LBASE <= code < LBASE + LCOUNT and i + 1 < len(d) and VBASE <= d[i + 1] < VBASE + VCOUNT:
                code = SBASE + ((code - LBASE) * VCOUNT + d[i + 1] - VBASE) * TCOUNT
                i += 2
                if i < len(d) and TBASE < d[i] < TBASE + TCOUNT:
                    code += d[i] - TBASE
                    i += 1
                out.append(code)
                continue
            if code not in self.firsts:
                out.append(code)
                i += 1
                continue
            i1, comb = i + 1, 0
            while i1 < len(d):
                c1 = d[i1]
                comb1 = self.ccc.get(c1, 0)
                if comb and (comb1 == 0 or comb >= comb1):
                    if comb1 == 0:
                        break
                    i1 += 1
                    continue
                composite = self.comp.get((code, c1))
                if composite is None:
                    if comb1 == 0:
                        break
                    comb = comb1
                    i1 += 1
                    continue
                code = composite
                skipped.add(i1)
                i1 += 1
                if code not in self.firsts:
                    break
            out.append(code)
            i += 1
        return ''.join(map(chr, out))

    def check(self):
        for cp in ALL:
            assert self.nfkc(chr(cp)) == ucd32.normalize('NFKC', chr(cp)), hex(cp)
        rng = random.Random(7)
        pool = ([cp for cp in self.ccc][:400] + list(self.decomp)[:3000:3] + [a for a, _ in self.comp][:500]
                + [b for _, b in self.comp][:500] + list(range(0x1100, 0x1113)) + list(range(0x1161, 0x1176))
                + list(range(0x11A7, 0x11C3)) + [0x41, 0x61, 0xAC00, 0x3099, 0x309A, 0x0F73, 0x0F75])
        for _ in range(100000):
            s = ''.join(chr(rng.choice(pool)) for _ in range(rng.randint(1, 8)))
            assert self.nfkc(s) == ucd32.normalize('NFKC', s), [hex(ord(x)) for x in s]

    def nameprep(self, label):
        """encodings.idna.nameprep with these tables: the label, or the UnicodeError's message."""
        b1 = set(self.b1)
        mapped = ''.join(self.b2.get(ord(c), c) for c in label if ord(c) not in b1)
        label = self.nfkc(mapped)
        for c in label:
            if in_ranges(self.prohibited, ord(c)):
                return ('err', "Invalid character %r" % c)
        randal = [in_ranges(self.randal, ord(x)) for x in label]
        if any(randal):
            if any(in_ranges(self.lcat, ord(x)) for x in label):
                return ('err', "Violation of BIDI requirement 2")
            if not randal[0] or not randal[-1]:
                return ('err', "Violation of BIDI requirement 3")
        return ('ok', label)

    def check_nameprep(self):
        import encodings.idna
        rng = random.Random(8)
        pool = (list(self.b2)[:2000:4] + self.b1 + [r[0] for r in self.prohibited] + [r[0] for r in self.randal]
                + [r[1] for r in self.lcat][:100] + list(self.decomp)[:1000:5] + list(range(0x41, 0x7B)) + [0x2E])
        for _ in range(50000):
            s = ''.join(chr(rng.choice(pool)) for _ in range(rng.randint(0, 6)))
            try:
                want = ('ok', encodings.idna.nameprep(s))
            except UnicodeError as e:
                want = ('err', str(e))
            assert self.nameprep(s) == want, (s, self.nameprep(s), want)


def in_ranges(rs, cp):
    lo, hi = 0, len(rs)
    while lo < hi:
        mid = (lo + hi) // 2
        if rs[mid][1] < cp:
            lo = mid + 1
        else:
            hi = mid
    return lo < len(rs) and rs[lo][0] <= cp


def stream(entries):
    """{cp: [values]} -> varints: cp delta, count, then each value"""
    from .stream import varint
    out, prev = [], 0
    for cp in sorted(entries):
        varint(cp - prev, out)
        prev = cp
        vals = entries[cp] if isinstance(entries[cp], list) else [ord(x) for x in entries[cp]]
        varint(len(vals), out)
        for v in vals:
            varint(v, out)
    return out


def ccc_runs(ccc):
    runs = []
    for cp in sorted(ccc):
        if runs and runs[-1][1] == cp - 1 and runs[-1][2] == ccc[cp]:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp, ccc[cp]])
    return runs
