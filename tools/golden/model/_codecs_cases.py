"""Cases of /v1/codecs/encode, decode and lookup.  The codecs come from this
interpreter's encodings package (3.11.7): every text codec (the UTF family,
utf-7, ascii, latin-1, the 8-bit charmaps, the CJK codecs, the ISO-2022
family, hz, unicode_escape, raw_unicode_escape, punycode, idna, charmap and
undefined; mbcs and oem do not exist on Linux), each one encoding and
decoding under every error handler.  Texts are drawn from each codec's own
repertoire (what its decoder produces) mixed with characters it cannot
encode; bytes are encodings of such texts, mutated.  The incremental API's
cases are in _codecs_iter_cases.py."""
import base64
import encodings
import encodings.aliases
import importlib
import pkgutil

from .common import case, get_case

P = '/v1/codecs/'

UNSUPPORTED = {'mbcs', 'oem'}   # Windows only: not in Linux's encodings package
HANDLERS = ['strict', 'ignore', 'replace', 'backslashreplace', 'xmlcharrefreplace', 'namereplace',
            'surrogateescape', 'surrogatepass']
UTF = ['utf_8', 'utf_8_sig', 'utf_16', 'utf_16_le', 'utf_16_be', 'utf_32', 'utf_32_le', 'utf_32_be']
FOREIGN = ['😀', '€', 'ÿ', 'Ā', '日', 'ñ', '\u0301', '\ud800', '\udc80', '\udfff', '\U0010ffff', 'ß', '\x80',
           '\u20ac', 'я', 'Ω', '\ufffd', '\ufeff', '한', 'ア', '\u3000', '\x00', '\x7f', '\uffff', '\U0001d11e']


def codec_modules():
    """(module, is_text) of every codec module of the encodings package."""
    out = []
    for m in sorted(x.name for x in pkgutil.iter_modules(encodings.__path__)):
        if m in ('aliases', 'mbcs', 'oem', 'cp65001'):
            continue
        try:
            info = importlib.import_module('encodings.' + m).getregentry()
        except (ImportError, AttributeError, LookupError):
            continue
        out.append((m, getattr(info, '_is_text_encoding', True)))
    return out


MODULES = codec_modules()
TEXT_CODECS = [m for m, text in MODULES if text and m not in UNSUPPORTED]
NONTEXT = [m for m, text in MODULES if not text]
CJK = ['gb2312', 'gbk', 'gb18030', 'big5', 'cp950', 'shift_jis', 'cp932', 'euc_jp', 'euc_kr', 'cp949', 'johab',
       'big5hkscs', 'euc_jis_2004', 'euc_jisx0213', 'shift_jis_2004', 'shift_jisx0213']
STATEFUL = ['iso2022_jp', 'iso2022_jp_1', 'iso2022_jp_2', 'iso2022_jp_2004', 'iso2022_jp_3', 'iso2022_jp_ext',
            'iso2022_kr', 'hz', 'utf_7', 'punycode', 'idna']
# characters the stateful codecs' repertoires are drawn from (those each can encode)
WIDE_POOL = (list('aZ09 .-+~\\{}\n') + ['é', 'ü', 'ß', 'Ω', 'я', '日', '本', '語', 'か', 'ガ', 'ｱ', '¥', '‾', '가', '한',
             '中', '文', '\u309a', '\u02e5', '\u02e9', 'ㇷ', '\U00020b9f', '😀', '\u3000', '\uff5e', '\uff3c',
             'Ä', '\u0627', '\u05d0', 'ﬁ', '\u00ad', '。', 'ÿ'])


def repertoire(codec):
    """Characters the codec decodes to (its 'native' text), deterministic."""
    if codec in STATEFUL:
        out = []
        for ch in WIDE_POOL:
            try:
                ch.encode(codec)
                out.append(ch)
            except UnicodeError:
                pass
        return out
    if codec in UTF or codec in ('unicode_escape', 'raw_unicode_escape'):
        return list('aZ09 \n\t~') + ['é', 'ß', 'Ω', 'я', '日', '本', '😀', '\u0301', '\U0010ffff', '\x00', '\x7f',
                                      '\x80', '\u2028', '\ufeff', '\uffff', '\\', '"']
    chars = []
    for b in range(256):
        try:
            s = bytes([b]).decode(codec)
        except (UnicodeDecodeError, UnicodeError):
            continue
        if len(s) == 1:
            chars.append(s)
    if codec in CJK:
        for lead in range(0x81, 0xff, 3):
            for trail in range(0x40, 0xff, 11):
                try:
                    s = bytes([lead, trail]).decode(codec)
                except UnicodeDecodeError:
                    continue
                if len(s) == 1:
                    chars.append(s)
        if codec == 'gb18030':
            chars += ['😀', '€', 'ÿ', '\U0010ffff', '\ue5e5']
    return chars or ['a']


REPERTOIRE = {c: repertoire(c) for c in TEXT_CODECS}


def b64(data):
    return base64.b64encode(data).decode('ascii')


def enc(obj, encoding=None, errors=None, compare=None):
    args = {"obj": obj}
    if encoding is not None:
        args["encoding"] = encoding
    if errors is not None:
        args["errors"] = errors
    return case(P + 'encode', args, compare=compare)


def dec(data, encoding=None, errors=None):
    args = {"obj": b64(data) if isinstance(data, bytes) else data}
    if encoding is not None:
        args["encoding"] = encoding
    if errors is not None:
        args["errors"] = errors
    return case(P + 'decode', args)


def sample_text(rng, codec, foreign=0.15, n=None):
    rep = REPERTOIRE[codec]
    out = []
    for _ in range(rng.randint(0, 12) if n is None else n):
        k = rng.random()
        out.append(rng.choice(FOREIGN) if k < foreign else rng.choice(rep) if k < 0.85 else rng.choice('abc xyz'))
    return ''.join(out)


def sample_bytes(rng, codec):
    """An encoding of native text, then mutated (cut, bytes inserted or changed)."""
    text = sample_text(rng, codec, foreign=0.0)
    try:
        data = bytearray(text.encode(codec))
    except (UnicodeError, LookupError):
        data = bytearray(text.encode('utf-8'))
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        k = rng.random()
        i = rng.randint(0, len(data))
        if k < 0.3:
            data[i:i] = bytes([rng.randrange(256)])
        elif k < 0.5 and data:
            del data[rng.randrange(len(data)):]
        elif k < 0.7:
            data[i:i] = rng.choice([b'\xff', b'\x80', b'\xfe\xff', b'\xff\xfe', b'\xed\xa0\x80', b'\xc3', b'\xe6\x97',
                                    b'\x00\xd8', b'\x00\xdc', b'\\', b'\\x4', b'\\u12', b'\\N{', b'\x81', b'\xa1'])
        elif data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def pick_handler(rng):
    return None if rng.random() < 0.3 else rng.choice(HANDLERS + ['strict', 'replace', 'bogus'])


# ------------------------------------------------------------------ curated

ODD_NAMES = ['UTF-8', 'utf8', 'UTF8', 'utf 8', ' utf-8 ', 'Utf_8', 'utf--8', 'utf.8', 'utf-8.', 'U8', 'utf',
             'LATIN-1', 'latin 1', 'Latin1', 'ISO-8859-1', 'iso_8859_1', 'iso8859-1', 'ISO8859_1', 'l1',
             'US-ASCII', 'us_ascii', 'Windows-1252', 'cp-1252', 'CP1252', '1252', 'koi8-r', 'KOI8_R', 'Shift-JIS',
             'SJIS', 'sjis', 'euc-jp', 'EUC_JP', 'eucjp', 'euc-kr', 'GB2312', 'gb-2312', 'GBK', 'cp936', 'ms936',
             'gb18030', 'GB18030-2000', 'big5', 'BIG-5', 'big5-tw', 'utf-16le', 'UTF-16-LE', 'utf_16le', 'UTF16',
             'utf-32be', 'u32', 'utf8-sig', 'UTF-8-SIG', 'utf_8_sig', 'rot13', 'rot-13', 'ROT_13', 'hex', 'base64',
             'base_64', 'zlib', 'zip', 'bz2', 'uu', 'quopri', 'quoted-printable', 'unicode-escape', 'unicode_escape',
             'raw-unicode-escape', 'charmap', 'undefined', 'mbcs', 'dbcs', 'utf-7', 'idna', 'punycode', 'hz', 'johab',
             'cp65001', 'utf_8_', '_utf_8', 'utf__8', 'utf-8-', 'utf8 sig', 'x-mac-japanese', 'macroman',
             'mac-roman', 'macintosh', 'tis620', 'tis-620', 'thai', 'cp874', 'latin9', 'latin-9', 'ISO-8859-15',
             'hebrew', 'greek', 'cyrillic', 'arabic', 'ucs-2', 'ucs2', 'ucs-4', 'unicode', 'utf-16-bom', 'ascii\n']
UNKNOWN = ['', ' ', 'bogus', 'utf-9', 'utf8x', 'x-unknown', 'ütf-8', '日本', 'utf-8\x00', 'a' * 300, 'aliases',
           'encodings', '..', 'utf_8.py', 'encodings.utf_8', 'UTF-8;', 'latin-10', 'iso-8859-17', '-', '_', '.',
           'cp1252\t', '\u00a0utf-8', 'utf\u20148']


def lookup_cases():
    out = []
    names = sorted(encodings.aliases.aliases) + [m for m, _ in MODULES] + ODD_NAMES + UNKNOWN
    for i, name in enumerate(names):
        out.append(case(P + 'lookup', {"encoding": name}))
        if i % 17 == 0 and '\x00' not in name:
            out.append(get_case(P + 'lookup', encoding=name))
    out.append(case(P + 'lookup', {}))
    out.append(case(P + 'lookup', {"encoding": None}))
    out.append(case(P + 'lookup', {"encoding": 8}))
    out.append(case(P + 'lookup', {"encoding": "utf-8", "errors": "strict"}))
    return out


SAMPLE = 'aé€😀\ud800b日\udc80ñ\x00'
BAD_BYTES = [b'\xff', b'\x80abc', b'a\xffb\xfe', b'\xc3', b'\xc3(', b'\xe6\x97', b'\xe6\x97\xa5\xe6', b'\xf0\x9f\x98',
             b'\xf0\x9f\x98\x80\xf0', b'\xc0\x80', b'\xc1\xbf', b'\xe0\x80\x80', b'\xed\xa0\x80', b'\xed\xb2\x80',
             b'\xed\xa0\xbd\xed\xb8\x80', b'\xf4\x90\x80\x80', b'\xf5\x80\x80\x80', b'\xf8\x88\x80\x80\x80',
             b'\xef\xbb\xbfa', b'\xef\xbb\xbf', b'\xff\xfea\x00', b'\xfe\xff\x00a', b'\xff\xfe\x00\xd8', b'a\x00b',
             b'\x00\xd8\x00\xdc', b'\x00\xdc', b'\x3d\xd8\x00\xde', b'\x00\xd8a\x00', b'a', b'ab', b'abc',
             b'\x00\x00\x11\x00', b'\x00\xd8\x00\x00', b'\xff\xfe\x00\x00a\x00\x00\x00', b'\x00\x00\xfe\xff\x00\x00\x00a',
             b'\x81', b'\x81\x30', b'\x81\x30\x81', b'\x81\x30\x81\x30', b'\x84\x31\xa4\x39', b'\x84\x31\xa5\x30',
             b'\xe3\x32\x9a\x35', b'\xe3\x32\x9a\x36', b'\xa1\xa1', b'\xa1', b'\xa4\xd4\xa4\xa1\xa4\xbf\xa4\xbf',
             b'\x8f\xa2\xaf', b'\x8f\xa2', b'\x82\xa0', b'\x82\xa0\x82', b'\xa4@', b'\xf9\xf9', b'\xc8\xa1',
             b'\\', b'\\x', b'\\x4', b'\\x41', b'\\u12', b'\\u0041', b'\\U00110000', b'\\U0001F600', b'\\N{EM DASH}',
             b'\\N{BOGUS}', b'\\N{', b'\\N', b'\\q', b'\\777', b'\\400', b'\\0', b'\\\n', b'a\\', b'\x00' * 4]
# the sequences of the stateful codecs, utf-7, idna, punycode and the JIS X 0213 / HKSCS / johab codecs
NEW_BAD_BYTES = [b'\x1b$B', b'\x1b$BF|\x1b(B', b'\x1b$B\x21', b'\x1b(J\\~', b'\x1b$(D+1', b'\x1b$)C\x0e0!\x0f', b'\x1b',
             b'\x1b$', b'\x1b$(Q$w', b'\x1bN\x41', b'\x1b.A\x1bNa', b'\x1b$A0!', b'\x1b(I1', b'\x1bx', b'\x0e!!',
             b'~{0!~}', b'~{0!', b'~', b'~~', b'~\n', b'~x', b'+AGEA', b'+2D3dAA-', b'+-', b'+', b'+A', b'+AG-', b'+!',
             b'a+AGE', b'xn--bcher-kva', b'bcher-kva', b'xn--a!', b'xn--', b'-', b'a.b.', b'xn--ls8h.', b'\x88\x62',
             b'\xa4\xab\xa1\xbc', b'\xae\xa1', b'\x8f\xfd\xbb', b'\x84\x41', b'\xd9\x31']
CURATED_CODECS = ['utf_8', 'utf_8_sig', 'utf_16', 'utf_16_le', 'utf_16_be', 'utf_32', 'utf_32_le', 'utf_32_be',
                  'ascii', 'latin_1', 'cp1252', 'koi8_r', 'cp037', 'mac_roman', 'iso8859_7', 'gbk', 'gb2312',
                  'gb18030', 'big5', 'shift_jis', 'cp932', 'euc_jp', 'euc_kr', 'cp949', 'cp950', 'unicode_escape',
                  'raw_unicode_escape', 'charmap', 'undefined']
NEW_CODECS = STATEFUL + CJK[10:]


def handler_cases():
    out = []
    for ci, codec in enumerate(CURATED_CODECS):
        for h in HANDLERS + ['bogus', '']:
            out.append(enc(SAMPLE, codec, h))
        out.append(enc('plain', codec, 'bogus'))
        for bi, data in enumerate(BAD_BYTES):
            if (bi + ci) % 2:
                continue
            h = HANDLERS[(bi // 2 + ci) % len(HANDLERS)]
            out.append(dec(data, codec, h))
            if (bi + ci) % 5 == 0:
                out.append(dec(data, codec))
    for ci, codec in enumerate(NEW_CODECS):
        for bi, data in enumerate(NEW_BAD_BYTES + BAD_BYTES[::7]):
            if (bi + ci) % 2 == 0:
                out.append(dec(data, codec, HANDLERS[(bi // 2 + ci) % len(HANDLERS)] if bi % 3 else None))
    # surrogates: surrogatepass / surrogateescape round trips
    for codec in UTF + ['ascii', 'latin_1', 'cp1252']:
        for s in ['\ud800', '\udfff', '\udc00\ud800', 'a\udc80x\udcffb', '\udbffz']:
            out.append(enc(s, codec, 'surrogatepass'))
            out.append(enc(s, codec, 'surrogateescape'))
    # the handler is looked up only when an error occurs
    for h in ['bogus', 'STRICT', 'Strict', 'ignore ', '', 'replace\x00']:
        out.append(enc('ascii only', 'ascii', h))
        out.append(enc('é', 'ascii', h))
        out.append(dec(b'ok', 'utf-8', h))
        out.append(dec(b'\xff', 'utf-8', h))
    return out


def special_cases():
    out = []
    # non-text codecs and unknown names
    for name in NONTEXT + ['rot13', 'hex', 'base64', 'zip', 'bz2', 'uu', 'quopri', 'base-64', 'HEX', 'rot-13']:
        out.append(enc('abc', name))
        out.append(dec(b'abc', name))
    for name in UNKNOWN:
        out.append(enc('abc', name))
        out.append(dec(b'abc', name, 'ignore'))
    # defaults and BOMs
    for s in ['', 'a', 'héllo', '😀', '\ufeff', 'a\ufeffb']:
        out.append(enc(s))
        for codec in ['utf-16', 'utf-32', 'utf-8-sig', 'utf-16-le', 'utf-32-be']:
            out.append(enc(s, codec))
    for data in [b'', b'\xef\xbb\xbf', b'\xef\xbb\xbf\xef\xbb\xbfa', b'\xff\xfe', b'\xfe\xff', b'\xff\xfe\x00\x00',
                 b'\x00\x00\xfe\xff', b'\xff\xfe\xff\xfe', b'\xfe\xffa', b'\xff\xfeab', b'\xfe\xff\xd8\x00\xdc\x00']:
        for codec in ['utf-8', 'utf-8-sig', 'utf-16', 'utf-32', 'utf-16-be', 'utf-32-le']:
            out.append(dec(data, codec, 'replace' if len(data) % 2 else None))
    # the undefined codec, escapes
    out.append(enc('', 'undefined'))
    out.append(dec(b'', 'undefined'))
    out.append(dec(b'', 'undefined', 'ignore'))
    for s in ['\\', '\x00\t\n\r\x7f\x80\xff', '\u0100\uffff\U00010000', "'\"", '\ud800', 'abc']:
        out.append(enc(s, 'unicode_escape'))
        out.append(enc(s, 'raw_unicode_escape'))
    # 400s: arguments
    for args in [{}, {"obj": None}, {"obj": 5}, {"obj": ["a"]}, {"obj": "a", "encoding": None},
                 {"obj": "a", "errors": None}, {"obj": "a", "encoding": 8}, {"obj": "a", "bogus": 1},
                 {"obj": "a", "encoding": "utf-8", "errors": ["strict"]}]:
        out.append(case(P + 'encode', args))
        out.append(case(P + 'decode', args))
    for text in ['YQ', 'YQ=', 'YQ===', 'Y Q==', 'YQ==\n', '====', '=', '==', '===', '=YQ=', 'YR==', 'YWJj', 'YWJ', '*', 'YQ==YQ==',
                 'YWI=YQ==', '\u00e9', 'YW_j', 'YW-j', 'AAAA', '',
                 # strict mode's padding rules: a full quad takes any '=', a short one exactly its own
                 'YWJj=', 'YWJj==', 'YWJj===', 'YWJj====', 'YWI==', 'YQ====', 'YQ=A', 'YWJj=Y', 'YWJj=\n']:
        out.append(case(P + 'decode', {"obj": text}))
    # GET forms
    out.append(get_case(P + 'encode', obj='héllo €', encoding='cp1252'))
    out.append(get_case(P + 'encode', obj='héllo €', encoding='ascii', errors='xmlcharrefreplace'))
    out.append(get_case(P + 'encode', obj='日本', encoding='shift_jis'))
    out.append(get_case(P + 'encode', obj='x'))
    out.append(get_case(P + 'decode', obj=b64('héllo'.encode('latin-1')), encoding='latin-1'))
    out.append(get_case(P + 'decode', obj=b64(b'\xff\xfe+/'), encoding='utf-8', errors='backslashreplace'))
    out.append(get_case(P + 'decode', obj='not base64!'))
    out.append(get_case(P + 'decode', query='obj=%2B%2F8%3D&encoding=latin-1'))
    out.append(get_case(P + 'decode', query='obj=+/8=&encoding=latin-1'))
    out.append(get_case(P + 'encode', query='obj=a&obj=b&encoding=ascii'))
    out.append(get_case(P + 'encode', query='encoding=ascii'))
    out.append(case(P + 'encode', {"obj": "a"}, method='PUT'))
    out.append(case(P + 'nosuch', {"obj": "a"}))
    return out


def per_codec_cases():
    """For every text codec: its native text, every byte, foreign text, and a
    short text and short bytes under every error handler."""
    out = []
    for i, codec in enumerate(TEXT_CODECS):
        rep = REPERTOIRE[codec]
        short = ''.join(rep[j] for j in range(0, len(rep), max(1, len(rep) // 3)))[:3] + 'é€😀\ud800'
        try:
            bad = short[:2].encode(codec) + b'\xff\x80\x1b~+\\'
        except UnicodeError:
            bad = b'a\xff\x80\x1b~+\\'
        for h in HANDLERS + ['bogus']:
            out.append(enc(short, codec, h))
            out.append(dec(bad, codec, h))
        rep = REPERTOIRE[codec]
        native = ''.join(rep[j] for j in range(0, len(rep), max(1, len(rep) // 40)))
        out.append(enc(native, codec))
        out.append(dec(bytes(range(256)), codec, HANDLERS[i % len(HANDLERS)]))
        out.append(dec(bytes(range(128, 256)), codec, 'replace'))
        try:
            data = native.encode(codec)
            out.append(dec(data, codec))
        except UnicodeError:
            pass
    return out


def curated():
    return lookup_cases() + handler_cases() + special_cases() + per_codec_cases()


def random_cases(rng):
    out = []
    for _ in range(800):
        codec = rng.choice(TEXT_CODECS) if rng.random() < 0.7 else rng.choice(CURATED_CODECS)
        name = codec if rng.random() < 0.7 else rng.choice([codec.replace('_', '-'), codec.upper(), codec.replace('_', '')])
        if rng.random() < 0.5:
            c = enc(sample_text(rng, codec), name, pick_handler(rng))
        else:
            c = dec(sample_bytes(rng, codec), name, pick_handler(rng))
        if rng.random() < 0.06 and all(0xd800 > ord(ch) or ord(ch) > 0xdfff for ch in c['args']['obj']):
            c = get_case(c['path'], **c['args'])             # the GET form
        out.append(c)
    return out
