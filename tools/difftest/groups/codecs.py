"""difftest group codecs: /v1/codecs/encode, decode and lookup -- text rich in every script's
awkward characters (surrogates, BOMs, CJK, private use) encoded with the common codecs, the
stateful ones (ISO-2022, HZ, utf-7, idna, punycode) and a long list of odd aliases and non-text
codecs, under every error handler (and bogus ones); byte strings made by encoding then mutating
with the sequences that trip decoders (truncated UTF-8, surrogate encodings, BOMs, GB18030
four-byte forms, JIS / EUC / Big5 lead bytes, escape sequences) -- and, from _codecs_stream.py,
the incremental API (iterdecode, iterencode) and escape_encode / escape_decode.

Run: python3 tools/difftest --url http://127.0.0.1:PORT --group codecs [--count N] [--seed S]"""
import base64

from . import _codecs_stream, pick, rtext, wire

COMPARE = 'ordered'

CP = '/v1/codecs/'
ENCS = ['utf-8', 'utf-8-sig', 'utf-16', 'utf-16-le', 'utf-16-be', 'utf-32', 'utf-32-le', 'utf-32-be', 'ascii',
        'latin-1', 'cp1252', 'gbk', 'gb2312', 'gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr', 'koi8-r',
        'utf-7', 'iso2022_jp', 'iso2022_jp_2', 'iso2022_jp_2004', 'iso2022_jp_3', 'iso2022_kr', 'hz', 'johab',
        'big5hkscs', 'euc_jis_2004', 'shift_jisx0213', 'idna', 'punycode']
ODD_ALIASES = ['UTF8', 'utf_8', 'U8', 'utf', 'Utf 8', ' utf-8 ', 'utf--8', 'utf.8', 'UTF-8-SIG', 'utf8_sig',
               'utf_16', 'UTF16LE', 'utf-16le', 'u16', 'UTF_32_BE', 'u32', 'utf32le', 'unicodelittleunmarked',
               'unicodebigunmarked', 'latin', 'L1', 'iso-ir-100', 'IBM819', 'cp819', 'ISO8859-1', 'iso_8859_1:1987',
               'csISOLatin1', 'us', 'us_ascii', 'iso646-us', 'ANSI_X3.4-1986', 'cp367', 'csascii', 'IBM367',
               'iso-ir-6', 'ascii ', 'ASCII\t', 'windows1252', 'cp-1252', 'ms-936', 'CP936', 'chinese',
               'csiso58gb231280', 'euc_cn', 'eucgb2312-cn', 'gb2312-80', 'iso-ir-58', 'gb18030_2000', 'big5_tw',
               'big-5', 'cp932', 'ms932', 'mskanji', 'ms-kanji', 'sjis', 's-jis', 'shift-jis', 'x-sjis', 'eucjp',
               'ujis', 'u-jis', 'euc_jis_2004', 'euc-jisx0213', 'ks_x-1001', 'ks_c-5601-1987', 'uhc', 'cp949',
               'koi8_u', 'cskoi8r', 'utf_8_sig', 'utf-8_sig', 'Utf-8-Sig', 'UTF-16-BE', 'utf_32le', 'UTF',
               '-utf-8', 'utf-8-', '_utf8', 'utf8.', 'utf 8', 'utf  8', 'utf,8', 'utf8\x00', 'ü', '',
               'mbcs', 'oem', 'cp65001', 'latin-9', 'iso8859-15', 'cp437', 'mac-roman', 'x-mac-japanese',
               'hz', 'iso2022_jp', 'utf-7', 'idna', 'punycode', 'unicode_escape', 'raw_unicode_escape',
               'raw-unicode-escape', 'palmos', 'charmap', 'string_escape', 'undefined', 'utf_16_ex', 'cp1251',
               'rot13', 'rot_13', 'hex', 'hex_codec', 'base64', 'base_64', 'bz2', 'zlib', 'zip', 'quopri',
               'uu', 'ROT13', 'Hex', 'tactis', 'big5hkscs', 'johab', 'euc_kr', 'koi8-t', 'kz1048', 'ptcp154',
               'tis-620', 'cp1125', 'mac_cyrillic', 'latin_1', 'iso_8859_1', '8859', '1252']
HANDLERS = ['strict', 'ignore', 'replace', 'backslashreplace', 'xmlcharrefreplace', 'namereplace',
            'surrogateescape', 'surrogatepass', 'bogus', 'STRICT', 'Ignore', '', ' replace']
TCH = (list('ab \x00\x7f\n') + ['é', 'ÿ', 'Ā', '€', '„', 'Ж', '中', '日', 'ｶ', '한', '😀', '\u0301', '\ud800',
       '\udfff', '\udc80', '\udcff', '\ufeff', '\ue000', '\U0010ffff', '\u2028', '¥', '₩', '\x80', '\x9f',
       '\u30fb', '\uff5e', '\u00a0', '\U0001f1eb', '\u3000', '\uffff', '\ufffe', '\U00020000', '\u20ac',
       '\u02c6', '\u0153', '\u2122', '\uf8f0', '\u00b7', '\u2014', '\u4e02', '\ue5e5', '\U00023456',
       '\u0080', '\u0451', '\u2500', '\u00e4'])
BYTES = [b'\xff', b'\x80', b'\xe4\xb8', b'\xed\xa0\x80', b'\xed\xb0\x80', b'\xed\xa0\x80\xed\xb0\x80', b'\xc0\x80',
         b'\xf4\x90\x80\x80', b'\xf0\x9f\x98', b'\xf0\x9f', b'\xf0', b'\xef\xbb\xbf', b'\xff\xfe', b'\xfe\xff',
         b'\xff\xfe\x00\x00', b'\x00\x00\xfe\xff', b'\x00\xd8', b'\xd8\x00', b'\x00\xdc', b'\x00\xd8\x00\xdc',
         b'\x3d\xd8\x00\xde', b'\x00\x00\x11\x00', b'\x00\x11\x00\x00', b'\x00\xd8\x00\x00', b'\x81', b'\x81\x30',
         b'\x81\x30\x81', b'\x81\x30\x81\x30', b'\x84\x31\xa4\x39', b'\x84\x31\xa5\x30', b'\xe3\x32\x9a\x35',
         b'\xe3\x32\x9a\x36', b'\x90\x30\x81\x30', b'\xfe\x39\xfe\x39', b'\xa1', b'\xa1\xa1', b'\xa2\xe3',
         b'\xa1\x40', b'\xc6\xa1', b'\xf9\xd6', b'\xf9\xfe', b'\x8e', b'\x8e\xa1', b'\x8f\xa2\xaf', b'\x8f',
         b'\x8f\xa2', b'\xa4\xa2', b'\xfc\xfc', b'\x82\xa0', b'\x82\xa0\x82', b'\xa0', b'\xfd', b'\x80\x81',
         b'\x81\x8d\x8f\x90\x9d', b'\xc9\xa1', b'\xa4\xa1', b'\x8f\xfe\xfe', b'\xff\xff', b'\x1b$B', b'\\',
         b'~', b'\x00', b'\x7f', b'\x5c', b'\xa5', b'\xa1\xc0', b'\xa2\xcc', b'\x87\x40', b'\xed\x40', b'\xfa\x40',
         b'\xc8\x41', b'\xa1\xe7', b'\xad\xa1', b'\xa8\xbf', b'\xa6\xd9', b'\xfe\xfe', b'\xa9\x8a', b'\xd7\xfa',
         b'\x80\x30', b'\xff\x30', b'\x81\x7f', b'\x81\xff', b'\xa1\xff', b'\xa1\x7f']


def case(rng, i):
    if rng.random() < 0.4:
        return _codecs_stream.case(rng)
    r = rng.random()
    enc = pick(rng, ENCS + ENCS + ODD_ALIASES)
    if r < 0.4:
        args = {'obj': wire(rtext(rng, TCH, 0, 10)), 'encoding': enc}
        if rng.random() < 0.7:
            args['errors'] = pick(rng, HANDLERS)
        return {'path': CP + 'encode', 'args': args}
    if r < 0.9:
        if rng.random() < 0.5:
            src = pick(rng, ENCS)
            text = rtext(rng, TCH, 0, 8)
            try:
                data = bytearray(text.encode(src, pick(rng, ['replace', 'ignore',
                                                            'surrogatepass' if 'utf' in src else 'ignore'])))
            except UnicodeError:   # idna: strict only
                data = bytearray(text.encode('utf-8', 'surrogatepass'))
        else:
            data = bytearray()
        for _ in range(rng.randint(0, 4)):
            i = rng.randrange(len(data) + 1)
            k = rng.randrange(4)
            if k == 0:
                data[i:i] = pick(rng, BYTES)
            elif k == 1:
                data[i:i] = bytes([rng.randrange(256)])
            elif k == 2:
                del data[i:]
            else:
                data[i:i] = rng.choice([b'a', b'ab', b'\x00', b'\x00\x00'])
        args = {'obj': base64.b64encode(bytes(data)).decode(), 'encoding': enc}
        if rng.random() < 0.7:
            args['errors'] = pick(rng, HANDLERS)
        return {'path': CP + 'decode', 'args': args}
    if rng.random() < 0.8:
        return {'path': CP + 'lookup', 'args': {'encoding': enc}}
    return {'path': CP + 'lookup', 'args': {'encoding': wire(rtext(rng, TCH + list('-_ .utf8'), 0, 8))}}
