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
            'shift_jis_2004': 'shift_jis', 'shift_jisx0213': 'shift_jis_2004'}


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
from codec_gen.stream import Tokens, b64, c_string, put_rows, sjis_of_jis, varint


def write_iso2022(w, models, cjks):
    """The character sets of the ISO-2022 codecs and, per codec, its designations, encoding
    exceptions and combining pairs (tools/codec_gen/iso2022.py)."""
    tables = {name: iso2022.probe_charset(name) for name in iso2022.CHARSET_NAMES}
    w('/* ISO-2022 character sets: name, width, base CJK codec (-1: none), 1 when the base\'s')
    w(' * 0x8F table; {code, value}, sorted -- where the set differs from its base at the EUC')
    w(' * bytes code | 0x8080 (without a base: every code), value 0 nothing, cp1 << 16 | cp2 a pair */')
    w('const codecs_iso2022_charset codecs_iso2022_charsets[] = {')
    for name in iso2022.CHARSET_NAMES:
        mark, width, _, _, base, kind = iso2022.CHARSETS[name]
        items = sorted(tables[name].items())
        if width == 2:
            diffs = iso2022.charset_diffs(models, name, tables[name])
            if len(diffs) < len(items):
                items = diffs
            else:
                base = None
        w('    {"%s", %d, %d, %d, %d, (const uint32_t[]){' % (name, width, cjks.index(base) if base else -1,
                                                            1 if kind == 'triple' else 0, len(items)))
        for i in range(0, len(items), 6):
            w('        ' + ' '.join('0x%x, 0x%x,' % kv for kv in items[i:i + 6]))
        w('        0}},')
    w('};')
    w('/* ISO-2022 codecs, in codecs_modules\' index order: name, flags (1 NO_SHIFT, 2 USE_G2,')
    w(' * 4 USE_JISX0208_EXT), designations {charset (-1 none, -2 the pairs only), mark, plane},')
    w(' * encoding exceptions {cp, designation << 16 | code, or 0xffffffff}, pairs {cp1, cp2, code} */')
    w('const codecs_iso2022_codec codecs_iso2022_codecs[] = {')
    for name, flags, desigs in iso2022.CODECS:
        exc, pairs = iso2022.codec_tables(name, flags, desigs, tables, models)
        print('%s: %d encode exceptions, %d pairs' % (name, len(exc), len(pairs)), file=sys.stderr)
        ds = ', '.join('{%d, 0x%x, %d}' % (-2 if cs == 'pairs' else -1 if cs is None else
                                           iso2022.CHARSET_NAMES.index(cs), mark, plane)
                       for cs, mark, plane in desigs)
        w('    {"%s", %d, %d, {%s},' % (name, flags, len(desigs), ds))
        items = ['0x%x, 0x%x' % (cp, 0xFFFFFFFF if v is None else v[0] << 16 | v[1]) for cp, v in sorted(exc.items())]
        w('        %d, (const uint32_t[]){' % len(items))
        for i in range(0, len(items), 6):
            w('            ' + ', '.join(items[i:i + 6]) + ',')
        w('            0},')
        items = ['0x%x, 0x%x, 0x%x' % (c1, c2, code) for (c1, c2), code in sorted(pairs.items())]
        w('        %d, (const uint32_t[]){' % len(items))
        for i in range(0, len(items), 4):
            w('            ' + ', '.join(items[i:i + 4]) + ',')
        w('            0}},')
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
    for name, rs, what in (('prohibited', t.prohibited, 'C.1.2, C.2.2, C.3 to C.9'),
                           ('randal', t.randal, 'D.1 (RandALCat)'), ('lcat', t.lcat, 'D.2 (LCat)')):
        w('/* stringprep %s: ranges {first, last} */' % what)
        w('const uint32_t codecs_nameprep_%s[][2] = {' % name)
        for i in range(0, len(rs), 6):
            w('    ' + ' '.join('{0x%x, 0x%x},' % r for r in rs[i:i + 6]))
        w('};')
        w('const size_t codecs_nameprep_n%s = %d;' % (name, len(rs)))
    runs = nameprep.ccc_runs(t.ccc)
    w('/* canonical combining classes (the current database, as the normalizer sorts): {first, last, class} */')
    w('const uint32_t codecs_nameprep_ccc[][3] = {')
    for i in range(0, len(runs), 5):
        w('    ' + ' '.join('{0x%x, 0x%x, %d},' % tuple(r) for r in runs[i:i + 5]))
    w('};')
    w('const size_t codecs_nameprep_nccc = %d;' % len(runs))
    w('/* canonical composition pairs {first, second, composite}, sorted */')
    w('const uint32_t codecs_nameprep_comp[][3] = {')
    items = sorted(t.comp.items())
    for i in range(0, len(items), 4):
        w('    ' + ' '.join('{0x%x, 0x%x, 0x%x},' % (a, b, c) for (a, b), c in items[i:i + 4]))
    w('};')
    w('const size_t codecs_nameprep_ncomp = %d;' % len(items))
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
    models = {}
    for name in cjks:
        m = Cjk(name)
        verify(m)
        m.build_encoder()
        verify_encode(m)
        models[name] = m
        print('%s: %d pairs, %d wide, %d encode exceptions, %d combining pairs'
              % (name, len(m.pair), len(m.wide), len(m.enc_exc), len(m.pairs)), file=sys.stderr)
    w('/* CJK codecs, in codecs_modules\' CJK index order: name, base codec (-1: none),')
    w(' * 1 when the base is shift_jis seen through EUC rows/cells, 1 when 0x8F starts a')
    w(' * three-byte sequence; the stream; encoding exceptions {cp, (length << 24) | bytes,')
    w(' * or 0xffffffff: unencodable}; wide decodings {(length << 24) | bytes, cp1, cp2 or 0},')
    w(' * cp1 0xffffffff: an error of the whole sequence (EMULATE_JISX0213_2000_DECODE_INVALID);')
    w(' * combining pairs {cp1, cp2, (length << 24) | bytes} */')
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
        if name in TRIPLE:
            bt = models[base].triple if base in TRIPLE else {}
            put_rows(stream, lambda c, t: m.triple.get((c, t)), (lambda c, t: bt.get((c, t))) if bt else None)
        excs = []
        for cp, got in sorted(m.enc_exc.items()):
            v = 0xFFFFFFFF if got is None else (len(got) << 24) | int.from_bytes(got, 'big')
            assert got is None or len(got) <= 3, (name, cp, got)
            excs.append('0x%x, 0x%x' % (cp, v))
        basei = cjks.index(base) if base else cjks.index('shift_jis') if name == 'euc_jp' else -1
        w('    {"%s", /* base */ %d, %d, %d,' % (name, basei, 1 if name == 'euc_jp' else 0, 1 if name in TRIPLE else 0))
        w(c_string(b64(stream), '        ') + ',')
        wide = ['0x%x, 0x%x, 0x%x' % ((len(seq) << 24) | int.from_bytes(seq, 'big'),
                                      ord(s[0]) if s else 0xFFFFFFFF, ord(s[1]) if s and len(s) > 1 else 0)
                for seq, s in sorted(list(m.wide.items()) + [(e, None) for e in m.err2],
                                     key=lambda kv: (len(kv[0]), kv[0]))]
        pairs = ['0x%x, 0x%x, 0x%x' % (c1, c2, (len(b) << 24) | int.from_bytes(b, 'big'))
                 for (c1, c2), b in sorted(m.pairs.items())]
        for n, items, per in ((len(excs), excs, 4), (len(wide), wide, 3), (len(pairs), pairs, 3)):
            w('        %d, (const uint32_t[]){' % n)
            for i in range(0, len(items), per):
                w('            ' + ', '.join(items[i:i + per]) + ',')
            w('            0},')
        w('    },')
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
