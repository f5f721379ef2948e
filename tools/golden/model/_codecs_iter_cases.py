"""Cases of /v1/codecs/iterdecode, iterencode, escape_encode and escape_decode: every text codec
decoded byte by byte and encoded character by character, and under every error handler with
chunk boundaries inside multibyte, escape and shift sequences and a cut sequence at the end;
the boundaries each incremental class cares about (BOMs, utf-7 shift sequences, \\N{...}, ISO-2022
escapes, HZ "~{", combining pairs, idna labels); what each decoder / encoder does with a chunk of
another type; the {"$bytes": ...} wire form and its 400s; escape_encode / escape_decode."""
import base64

from . import _codecs_cases as cc
from .common import case, get_case

P = '/v1/codecs/'


def wb(b):
    return {'$bytes': base64.b64encode(b).decode('ascii')}


def chunked(data, sizes):
    """data cut into pieces of the given sizes, cyclically (0: an empty piece)."""
    out, i, k = [], 0, 0
    while i < len(data):
        n = sizes[k % len(sizes)]
        out.append(data[i:i + n])
        i += n
        k += 1
    return out


def idec(chunks, encoding, errors=None):
    args = {'iterator': [wb(c) if isinstance(c, bytes) else c for c in chunks], 'encoding': encoding}
    if errors is not None:
        args['errors'] = errors
    return case(P + 'iterdecode', args)


def ienc(chunks, encoding, errors=None):
    args = {'iterator': list(chunks), 'encoding': encoding}
    if errors is not None:
        args['errors'] = errors
    return case(P + 'iterencode', args)


def native(codec, n=10):
    rep = cc.REPERTOIRE[codec]
    return ''.join(rep[j] for j in range(0, len(rep), max(1, len(rep) // n)))[:n]


def encoded(text, codec):
    for errors in ('strict', 'ignore'):
        try:
            return text.encode(codec, errors)
        except (UnicodeError, ValueError):
            pass
    return text.encode('utf-8', 'surrogatepass')


def per_codec_cases():
    """Every text codec byte by byte and character by character; under two error handlers
    (every handler for the multibyte, stateful and escape codecs), chunked around bad bytes."""
    out = []
    every = set(cc.CJK + cc.STATEFUL + ['utf_8', 'utf_8_sig', 'utf_16', 'utf_32', 'utf_16_be', 'unicode_escape',
                                        'raw_unicode_escape', 'ascii', 'cp1252', 'charmap'])
    for i, codec in enumerate(cc.TEXT_CODECS):
        text = native(codec)
        data = encoded(text, codec)
        out.append(idec([bytes([b]) for b in data], codec))
        out.append(ienc(list(text), codec))
        out.append(idec([], codec))
        out.append(ienc([], codec))
        mid = len(data) // 2
        bad = data[:mid] + b'\xff\x1b' + data[mid:] + data[:1]
        foreign = text[:4] + 'é€😀\ud800' + text[4:]
        handlers = cc.HANDLERS + ['bogus']
        for k, h in enumerate(handlers):
            if codec not in every and k not in (i % 9, (i + 4) % 9):
                continue
            out.append(idec(chunked(bad, [2, 3, 1, 0][k % 4:] + [2, 3, 1, 0][:k % 4]), codec, h))
            out.append(ienc(chunked(foreign, [1, 2, 3][k % 3:] + [1, 2, 3][:k % 3]), codec, h))
    return out


BOUNDARIES = [
    ('utf_8', [b'\xe6', b'\x97', b'\xa5\xf0\x9f', b'\x98\x80', b'\xe6\x97']),
    ('utf_8', [b'a\xed\xa0', b'\x80']), ('utf_8', [b'\xed', b'\xa0\x80']), ('utf_8', [b'\xed\xa0']),
    ('utf_8_sig', [b'\xef', b'\xbb', b'\xbf', b'a']), ('utf_8_sig', [b'\xef\xbb']), ('utf_8_sig', [b'\xef', b'a']),
    ('utf_8_sig', [b'', b'\xef\xbb\xbf\xef\xbb\xbf']), ('utf_8_sig', [b'\xef\xbb\xbe']),
    ('utf_16', [b'\xff', b'\xfe', b'a', b'\x00']), ('utf_16', [b'\xfe\xff\x00a']), ('utf_16', [b'a\x00']),
    ('utf_16', [b'a']), ('utf_16', [b'\xff\xfe=\xd8', b'\x00\xde']), ('utf_16', [b'\xff\xfe=\xd8']),
    ('utf_16_le', [b'=\xd8\x00', b'\xde']), ('utf_16_be', [b'\xd8', b'=\xde\x00']),
    ('utf_32', [b'\xff\xfe\x00', b'\x00a\x00\x00\x00']), ('utf_32', [b'a\x00\x00\x00']), ('utf_32', [b'a\x00']),
    ('utf_32_be', [b'\x00\x00', b'\x00a\x00']), ('utf_7', [b'+', b'AGE', b'-x']), ('utf_7', [b'+2D3', b'dAA-']),
    ('utf_7', [b'a+AGEA']), ('utf_7', [b'+AG', b'E']), ('utf_7', [b'+2D3dAA']), ('utf_7', [b'+!']),
    ('unicode_escape', [b'\\', b'N{EM', b' DASH}\\x4', b'1\\u00', b'e9']), ('unicode_escape', [b'a\\']),
    ('unicode_escape', [b'\\N{', b'BOGUS}']), ('unicode_escape', [b'\\1', b'23']), ('unicode_escape', [b'\\U0001f6']),
    ('raw_unicode_escape', [b'\\', b'u00e9\\']), ('raw_unicode_escape', [b'\\u12', b'g']),
    ('iso2022_jp', [b'\x1b', b'$', b'B', b'F|', b'\x1b(', b'B']), ('iso2022_jp', [b'\x1b$BF']),
    ('iso2022_jp', [b'\x1b$B', b'F|\x1b(J\\']), ('iso2022_jp', [b'\x1b$', b'(Q']),
    ('iso2022_jp_2', [b'\x1b.', b'A\x1bN', b'a']), ('iso2022_jp_2', [b'\x1b.F\x1bNa\x1b.J\x1bNa']),
    ('iso2022_jp_2004', [b'\x1b$(Q$', b'w\x1b(B']), ('iso2022_kr', [b'\x1b$)C\x0e', b'0', b'!\x0fa']),
    ('iso2022_jp_ext', [b'\x1b(I1', b'\x1b&@\x1b$BF|']), ('iso2022_jp', [b'\x1bx', b'yz\x1b(B']),
    ('hz', [b'~', b'{0!', b'~}']), ('hz', [b'~{0', b'!~', b'}~~']), ('hz', [b'~\n', b'a~']), ('hz', [b'~{0']),
    ('euc_jis_2004', [b'\xa4', b'\xf7\x8f', b'\xfd\xbb']), ('euc_jis_2004', [b'\x8f\x41']),
    ('shift_jis_2004', [b'\x82', b'\xf5']), ('big5hkscs', [b'\x88', b'b\x88d']), ('gb18030', [b'\x81\x30', b'\x81\x30']),
    ('gb18030', [b'\x81\x30\x81']), ('euc_kr', [b'\xa4\xd4\xa4', b'\xa1\xa4\xbf\xa4\xbf']), ('johab', [b'\x88', b'a']),
    ('idna', [b'xn--bcher', b'-kva.exa', b'mple.']), ('idna', [b'a.', b'b']), ('idna', [b'.a.', b'b.']),
    ('idna', [b'xn--a!']), ('idna', [b'a\xff']), ('idna', [b'xn--ls8h']), ('idna', [b'..']),
    ('punycode', [b'bcher-', b'kva']), ('punycode', [b'bcher-kva']), ('punycode', [b'999999999a']),
]
TEXT_BOUNDARIES = [
    ('euc_jis_2004', ['か', '\u309a', 'か']), ('euc_jis_2004', ['か', '\x00']), ('shift_jis_2004', ['\u02e9', '\u02e5']),
    ('euc_jisx0213', ['か', 'x']), ('iso2022_jp_2004', ['か', '\u309a']), ('iso2022_jp_2004', ['か']),
    ('iso2022_jp_3', ['ㇷ', '\u309a', 'a']), ('big5hkscs', ['Ê', '\u0304', 'Ê']), ('big5hkscs', ['ê', '\U00010304']),
    ('iso2022_jp', ['日', 'a', '本']), ('iso2022_kr', ['가', '', 'a']), ('hz', ['中', '~', '文']),
    ('utf_16', ['a', 'b']), ('utf_16', ['', '']), ('utf_32', ['😀']), ('utf_8_sig', ['', 'a']), ('utf_7', ['é', 'é']),
    ('idna', ['bücher', '.', 'example']), ('idna', ['bü', 'cher.ex', 'ample.']), ('idna', ['a。', 'b']),
    ('idna', ['.']), ('idna', ['a..b']), ('idna', ['xn--ü']), ('punycode', ['bü', 'cher']),
]
ODD_ITEMS = ['abc', 'é', '', 5, None, [1], {'a': 1}, 1.5, True, ['a', 'b'], {'k': 1, 'é': 2}, {'$bytes': 'YQ=='},
             {'$bytes': ''}, {'$bytes': 'YQ'}, {'$bytes': 5}, {'$bytes': None}, {'$bytes': 'YQ==', 'x': 1}]
FAMILIES = ['utf_8', 'utf_8_sig', 'utf_16', 'utf_32', 'utf_7', 'ascii', 'latin_1', 'cp1252', 'charmap', 'gbk',
            'iso2022_jp', 'hz', 'euc_jis_2004', 'unicode_escape', 'raw_unicode_escape', 'idna', 'punycode',
            'undefined']


def special_cases():
    out = []
    for codec, chunks in BOUNDARIES:
        for h in (None, 'replace', 'surrogateescape', 'backslashreplace'):
            out.append(idec(chunks, codec, h))
    for codec, chunks in TEXT_BOUNDARIES:
        for h in (None, 'xmlcharrefreplace'):
            out.append(ienc(chunks, codec, h))
    for fi, codec in enumerate(FAMILIES):   # each family with a third of the items, every item 6 times
        for ii, item in enumerate(ODD_ITEMS):
            if (fi + ii) % 3 == 0:
                out.append(idec([b'a', item, b'\xff'], codec))
                out.append(ienc(['a', item], codec))
    # errors and encoding arguments, names
    for codec in ['utf_8', 'gbk', 'idna', 'punycode', 'iso2022_jp', 'utf_16', 'utf_8_sig']:
        for h in ['', 'bogus', 'strict\x00', 'a\ud800', 'STRICT', 'ignore']:
            out.append(idec([b'ok'], codec, h))
            out.append(idec([b'\xff'], codec, h))
            out.append(ienc(['ok'], codec, h))
            out.append(ienc(['\udcff'], codec, h))
            out.append(idec([b'\xef'], codec, h))
            out.append(idec([], codec, h))
    for name in ['UTF8', 'u8', 'latin1', 'ISO-2022-JP', 'csiso2022jp', 'utf-7', 'U7', 'x-unknown', '', 'utf-8\x00',
                 'a\ud800', 'rot13', 'hex', 'base64', 'zlib', 'quopri', 'mbcs', 'cp65001', 'HZ-GB-2312', 'sjis2004']:
        out.append(idec([b'a'], name))
        out.append(ienc(['a'], name))
    for args in [{}, {'iterator': [wb(b'a')]}, {'encoding': 'utf-8'}, {'iterator': 'abc', 'encoding': 'utf-8'},
                 {'iterator': None, 'encoding': 'utf-8'}, {'iterator': [], 'encoding': None},
                 {'iterator': [], 'encoding': 'utf-8', 'errors': None}, {'iterator': [], 'encoding': 'utf-8', 'x': 1}]:
        out.append(case(P + 'iterdecode', args))
        out.append(case(P + 'iterencode', args))
    out.append(get_case(P + 'iterdecode', iterator=[wb('日本'.encode())], encoding='utf-8'))
    out.append(get_case(P + 'iterencode', iterator=['日本', '語'], encoding='iso2022_jp'))
    out.append(get_case(P + 'escape_decode', data=wb(b'\\x41\\n')))
    return out


ESCAPES = [b'', b'abc', b"'\"\\", b'\t\n\r\x00\x7f\x80\xff', b'\\x41\\x4', b'\\x', b'\\xg1', b'\\x4g', b'\\', b'a\\',
           b'\\777', b'\\400', b'\\0\\1\\12\\123\\1234', b'\\q\\N\\u1234', b'\\\n', b'\\a\\b\\f\\v\\t\\n\\r',
           b'\\8', b'\\x41\\x', bytes(range(256))]


def escape_cases():
    out = []
    for data in ESCAPES:
        for h in (None, 'strict', 'replace', 'ignore', 'bogus'):
            args = {'data': wb(data)}
            if h is not None:
                args['errors'] = h
            out.append(case(P + 'escape_decode', args))
        out.append(case(P + 'escape_encode', {'data': wb(data)}))
        out.append(case(P + 'escape_decode', {'data': data.decode('latin-1')}))
    for data in ['é\\x41', 'a\udc80', 5, None, [1], {'a': 1}, 1.5, True, {'$bytes': 'YQ'}, {'$bytes': 'YQ==', 'x': 1}]:
        out.append(case(P + 'escape_decode', {'data': data}))
        out.append(case(P + 'escape_encode', {'data': data}))
    for h in ['a\x00', 'a\ud800', '', None, 5]:
        out.append(case(P + 'escape_encode', {'data': wb(b'a'), 'errors': h}))
        out.append(case(P + 'escape_decode', {'data': wb(b'\\x4'), 'errors': h}))
    out.append(case(P + 'escape_decode', {}))
    out.append(case(P + 'escape_encode', {'data': wb(b'a'), 'bogus': 1}))
    return out


def curated():
    return per_codec_cases() + special_cases() + escape_cases()


def random_cases(rng):
    out = []
    for _ in range(200):
        codec = rng.choice(cc.STATEFUL + cc.CJK[10:] + cc.TEXT_CODECS)
        h = rng.choice(cc.HANDLERS + ['strict', 'strict', 'bogus'])
        if rng.random() < 0.6:
            data = bytearray(encoded(cc.sample_text(rng, codec, foreign=0.0), codec))
            for _ in range(rng.choice([0, 1, 2])):
                i = rng.randrange(len(data) + 1)
                data[i:i] = rng.choice([b'\xff', b'\x80', b'\x1b', b'\x1b$B', b'~{', b'+', b'\\', b'\x8f', b'.'])
            out.append(idec(chunked(bytes(data), [rng.choice([0, 1, 2, 3, 5]) for _ in range(3)] + [1]), codec, h))
        else:
            text = cc.sample_text(rng, codec)
            out.append(ienc(chunked(text, [rng.choice([1, 2, 3]) for _ in range(3)]), codec, h))
    return out
