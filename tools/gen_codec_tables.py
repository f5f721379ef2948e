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
    'utf_7': 'UTF7', 'punycode': 'PUNYCODE', 'idna': 'IDNA', 'hz': 'HZ',
}
ISO2022 = ['iso2022_jp', 'iso2022_jp_1', 'iso2022_jp_2', 'iso2022_jp_2004', 'iso2022_jp_3', 'iso2022_jp_ext',
           'iso2022_kr']
CJK = ['gb2312', 'gbk', 'gb18030', 'big5', 'cp950', 'shift_jis', 'cp932', 'euc_jp', 'euc_kr', 'cp949',
       'johab', 'big5hkscs', 'euc_jis_2004', 'euc_jisx0213', 'shift_jis_2004', 'shift_jisx0213']
CJK_BASE = {'gbk': 'gb2312', 'gb18030': 'gbk', 'cp950': 'big5', 'cp949': 'euc_kr', 'cp932': 'shift_jis',
            'big5hkscs': 'big5', 'euc_jis_2004': 'euc_jp', 'euc_jisx0213': 'euc_jis_2004',
            'shift_jis_2004': 'euc_jis_2004', 'shift_jisx0213': 'shift_jis_2004'}
# a base read through another byte layout: 1 shift_jis at EUC rows/cells, 2 EUC-JIS-2004 as Shift_JIS-2004
TRANSFORM = {'euc_jp': 1, 'shift_jis_2004': 2}


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
        elif m in ISO2022:
            impl = 'ISO2022'
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


from codec_gen import iso2022, nameprep
from codec_gen.cjk import TRIPLE, Cjk, verify, verify_encode
from codec_gen.stream import (Tokens, b64, c_string, euc2004_of_sjis2004, put_rows, sjis2004_of_euc2004, sjis_of_jis,
                              varint)


def rows_stream(rows, out=None):
    """Varints: the count, then each row, its first word as the difference from the row before."""
    out = [] if out is None else out
    varint(len(rows), out)
    prev = 0
    for row in rows:
        varint(row[0] - prev, out)
        prev = row[0]
        for v in row[1:]:
            varint(v, out)
    return out


def inherited(eff, transform):
    """A base codec's exceptions, wide decodings and pairs, read through a transform (2:
    EUC-JIS-2004 bytes as Shift_JIS-2004 ones, entries with no counterpart dropped; no
    exceptions)."""
    exc, wide, pairs = eff
    if transform != 2:
        return exc, wide, pairs

    exc = {}   # euc_jis_2004's are JIS X 0212 characters, which Shift_JIS-2004 does not encode at all
    wide = {sjis2004_of_euc2004(seq): s for seq, s in wide.items() if sjis2004_of_euc2004(seq)}
    pairs = {k: sjis2004_of_euc2004(b) for k, b in pairs.items() if sjis2004_of_euc2004(b)}
    return exc, wide, pairs


def write_iso2022(w, models, cjks):
    """The character sets of the ISO-2022 codecs and, per codec, its designations, encoding
    exceptions and combining pairs (tools/codec_gen/iso2022.py)."""
    tables = {name: iso2022.probe_charset(name) for name in iso2022.CHARSET_NAMES}
    w('/* ISO-2022 character sets: name, width, base CJK codec (-1: none), 1 when the base\'s')
    w(' * 0x8F table, the set it starts from instead (-1: none); {code, value}, sorted -- where')
    w(' * the set differs from its base at the EUC bytes code | 0x8080 (or from that set; with')
    w(' * neither: every code), value 0 nothing, cp1 << 16 | cp2 a pair, as a stream (a count, then')
    w(' * the rows, the code as the difference from the one before) */')
    w('const codecs_iso2022_charset codecs_iso2022_charsets[] = {')
    for k, name in enumerate(iso2022.CHARSET_NAMES):
        mark, width, _, _, base, kind = iso2022.CHARSETS[name]
        items, origin = sorted(tables[name].items()), -1
        if width == 2:
            diffs = iso2022.charset_diffs(models, name, tables[name])
            if len(diffs) < len(items):
                items = diffs
            else:
                base = None
            for j, other in enumerate(iso2022.CHARSET_NAMES[:k]):   # or from a set written before
                if iso2022.CHARSETS[other][1] == 2:
                    d = iso2022.table_diffs(tables[other], tables[name])
                    if len(d) < len(items):
                        items, origin, base = d, j, None
        head = '    {"%s", %d, %d, %d, %d, ' % (name, width, cjks.index(base) if base else -1,
                                            1 if kind == 'triple' else 0, origin)
        data = b64(rows_stream(items))
        w(head + '"%s"},' % data if len(head + data) < 100 else head[:-1] + '\n' + c_string(data, '        ') + '},')
    w('};')
    w('/* ISO-2022 codecs, in codecs_modules\' index order: name, flags (1 NO_SHIFT, 2 USE_G2,')
    w(' * 4 USE_JISX0208_EXT), designations {charset (-1 none, -2 the pairs only), mark, plane},')
    w(' * encoding exceptions {cp, designation << 16 | code, or 0xffffffff} as a stream, the CJK codec whose')
    w(' * combining pairs it has (their EUC bytes less the high bits), or -1 */')
    w('const codecs_iso2022_codec codecs_iso2022_codecs[] = {')
    for name, flags, desigs in iso2022.CODECS:
        exc, pairs = iso2022.codec_tables(name, flags, desigs, tables, models)
        print('%s: %d encode exceptions, %d pairs' % (name, len(exc), len(pairs)), file=sys.stderr)
        ds = ', '.join('{%d, 0x%x, %d}' % (-2 if cs == 'pairs' else -1 if cs is None else
                                           iso2022.CHARSET_NAMES.index(cs), mark, plane)
                       for cs, mark, plane in desigs)
        w('    {"%s", %d, %d, {%s},' % (name, flags, len(desigs), ds))
        items = [(cp, 0xFFFFFFFF if v is None else v[0] << 16 | v[1]) for cp, v in sorted(exc.items())]
        w(c_string(b64(rows_stream(items)), '        ') + ',')
        src = iso2022.PAIRS_FROM.get(name)
        w('        %d},' % (cjks.index(src) if src else -1))
    w('};')
    w('')


def write_nameprep(w):
    """RFC 3491 nameprep as encodings.idna runs it (tools/codec_gen/nameprep.py)."""
    t = nameprep.Tables()
    t.check()
    t.check_nameprep()
    w('/* nameprep (idna): stringprep B.1, mapped to nothing, sorted */')
    w('const uint32_t codecs_nameprep_b1[] = {%s};' % ', '.join('0x%x' % cp for cp in t.b1))
    w('const size_t codecs_nameprep_nb1 = %d;' % len(t.b1))
    w('/* stringprep B.2 (map_table_b2) and the full compatibility decompositions of Unicode 3.2')
    w(' * (less the Hangul syllables): base64 of varints -- per character the code point\'s')
    w(' * difference from the previous one, the count, the code points */')
    for name, entries in (('b2', t.b2), ('decomp', t.decomp)):
        w('const char codecs_nameprep_%s[] =' % name)
        w(c_string(b64(nameprep.stream(entries))) + ';')
        w('const size_t codecs_nameprep_n%s = %d;' % (name, len(entries)))
    # the sets: rows {first, last[, class | composite]}, sorted; as varints -- per row the first
    # word's difference from the previous row's first, then the other words
    sets = [t.prohibited, t.randal, t.lcat, [tuple(r) for r in nameprep.ccc_runs(t.ccc)],
            [(a, b, c) for (a, b), c in sorted(t.comp.items())]]
    out = []
    for rows in sets:
        rows_stream(rows, out)
    w('/* stringprep C.1.2 to C.9 (prohibited), D.1 (RandALCat), D.2 (LCat) as ranges {first, last};')
    w(' * the canonical combining classes (the current database, as the normalizer sorts them) as')
    w(' * {first, last, class}; the canonical composition pairs {first, second, composite}: five')
    w(' * lists, each a count, then its rows, the first word as the difference from the row before */')
    w('const char codecs_nameprep_sets[] =')
    w(c_string(b64(out)) + ';')
    w('')


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
        idx = (charmaps.index(m) if impl == 'CHARMAP' else cjks.index(m) if impl == 'CJK'
               else ISO2022.index(m) if impl == 'ISO2022' else 0)
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
    models, effective = {}, {}
    for name in cjks:
        m = Cjk(name)
        verify(m)
        m.build_encoder()
        verify_encode(m)
        models[name] = m
        print('%s: %d pairs, %d wide, %d encode exceptions, %d combining pairs'
              % (name, len(m.pair), len(m.wide), len(m.enc_exc), len(m.pairs)), file=sys.stderr)
    w('/* CJK codecs, in codecs_modules\' CJK index order: name, base codec (-1: none), how the')
    w(' * base is read (1 shift_jis at EUC rows/cells, 2 euc_jis_2004 at Shift_JIS-2004 codes),')
    w(' * 1 when 0x8F starts a three-byte sequence; the table stream; the lists stream -- three')
    w(' * lists (a count, then rows whose first word is the difference from the previous row\'s):')
    w(' * encoding exceptions {cp, (length << 24) | bytes, or 0xffffffff: unencodable}; wide')
    w(' * decodings {(length << 24) | bytes, cp1, cp2 or 0}, cp1 0xffffffff an error of the whole')
    w(' * sequence (EMULATE_JISX0213_2000_DECODE_INVALID); combining pairs {cp1, cp2, (length << 24)')
    w(' * | bytes}.  With a base (not through EUC rows) the lists are the differences from the')
    w(' * base\'s: an exception 0 or a wide cp1 0 removes one, and no pairs are the base\'s pairs */')
    w('const codecs_cjk_table codecs_cjk_tables[] = {')
    for name in cjks:
        m = models[name]
        base = CJK_BASE.get(name, '')
        stream = []
        ident = next(c for c in range(257) if c == 256 or m.cls[c] != ('s', c))
        varint(ident, stream)   # the first bytes that decode to themselves, then the other classes
        for c in range(ident, 256):
            k = m.cls[c]
            varint(0 if k == 'L' else 1 if k == 'x' else k[1] + 2, stream)
        get = lambda c, t, m=m: m.pair.get((c, t))
        if name == 'euc_jp':   # JIS X 0208 as shift_jis has it, moved to EUC rows/cells
            sj = models['shift_jis']
            base_get = lambda c, t, sj=sj: (sj.pair.get(sjis_of_jis(c - 0x80, t - 0x80))
                                            if 0xA1 <= c <= 0xFE and 0xA1 <= t <= 0xFE else None)
        elif TRANSFORM.get(name) == 2:   # JIS X 0213 as euc_jis_2004 has it, at Shift_JIS-2004 codes
            def base_get(c, t, b=models[base]):
                e = euc2004_of_sjis2004(c, t)
                return None if e is None else b.pair.get((e[0], e[1])) if len(e) == 2 else b.triple.get((e[1], e[2]))
        elif base:
            base_get = lambda c, t, b=models[base]: b.pair.get((c, t))
        else:
            base_get = None
        put_rows(stream, get, base_get)
        if name in TRIPLE:
            bt = models[base].triple if base in TRIPLE else {}
            put_rows(stream, lambda c, t: m.triple.get((c, t)), (lambda c, t: bt.get((c, t))) if bt else None)
        # exceptions, wide decodings and pairs: as the differences from the base codec's (the
        # same byte format); a removed entry is 0 (an exception) or cp1 0 (a wide decoding)
        inherit = base and name != 'euc_jp'
        bexc, bwide, bpairs = inherited(effective[base], TRANSFORM.get(name)) if inherit else ({}, {}, {})
        mexc = {cp: (0xFFFFFFFF if got is None else (len(got) << 24) | int.from_bytes(got, 'big'))
                for cp, got in m.enc_exc.items()}
        mwide = {seq: s for seq, s in m.wide.items()}
        mwide.update({e: None for e in m.err2})
        effective[name] = (mexc, mwide, m.pairs)
        excs = [(cp, mexc.get(cp, 0)) for cp in sorted(set(mexc) | set(bexc)) if mexc.get(cp, 0) != bexc.get(cp, 0)]
        for cp, got in m.enc_exc.items():
            assert got is None or len(got) <= 3, (name, cp, got)
        wide = []
        for seq in sorted(set(mwide) | set(bwide), key=lambda q: (len(q), q)):
            if seq in mwide and seq in bwide and mwide[seq] == bwide[seq]:
                continue
            s = mwide.get(seq, '') if seq in mwide else ''
            cp1 = 0 if seq not in mwide else 0xFFFFFFFF if s is None else ord(s[0])
            wide.append(((len(seq) << 24) | int.from_bytes(seq, 'big'), cp1, ord(s[1]) if s and len(s) > 1 else 0))
        if m.pairs == bpairs:
            pair_items = {}
        else:
            assert m.pairs, (name, 'a codec without the pairs of its base')
            pair_items = m.pairs
        basei = cjks.index(base) if base else cjks.index('shift_jis') if name == 'euc_jp' else -1
        w('    {"%s", /* base */ %d, %d, %d,' % (name, basei, TRANSFORM.get(name, 0), 1 if name in TRIPLE else 0))
        w(c_string(b64(stream), '        ') + ',')
        pairs = [(c1, c2, (len(b) << 24) | int.from_bytes(b, 'big')) for (c1, c2), b in sorted(pair_items.items())]
        lists = []
        for rows in (excs, wide, pairs):
            rows_stream(rows, lists)
        w(c_string(b64(lists), '        ') + '},')
    w('};')
    w('const size_t codecs_ncjk = %d;' % len(cjks))
    w('')
    write_iso2022(w, models, cjks)
    write_nameprep(w)
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
