"""difftest group codecs, its incremental half: /v1/codecs/iterdecode and iterencode over every
text codec of the encodings package (the stateful ISO-2022 and HZ, the multibyte CJK codecs and
their combining pairs, utf-7 shift sequences, utf-16/32 BOMs, utf-8-sig, the escape codecs, idna,
punycode), chunked at random -- inside multibyte, escape and shift sequences, empty chunks, one
byte at a time -- under every error handler, with now and then a chunk that is not bytes (or
str) or a malformed {"$bytes": ...}; and escape_encode / escape_decode of bytes rich in
backslashes.  Imported by groups/codecs.py."""
import base64
import codecs

from model._codecs_cases import TEXT_CODECS

from . import pick, rtext, wire

CP = '/v1/codecs/'


TEXT = TEXT_CODECS   # every text codec of the encodings package (tools/golden/model/_codecs_cases.py)
STATEFUL = ['iso2022_jp', 'iso2022_jp_1', 'iso2022_jp_2', 'iso2022_jp_2004', 'iso2022_jp_3', 'iso2022_jp_ext',
            'iso2022_kr', 'hz', 'utf_7', 'utf_16', 'utf_32', 'utf_8_sig', 'utf_8', 'unicode_escape',
            'raw_unicode_escape', 'idna', 'punycode', 'euc_jis_2004', 'shift_jis_2004', 'euc_jisx0213',
            'shift_jisx0213', 'big5hkscs', 'johab', 'gb18030', 'euc_kr', 'utf_16_be', 'utf_32_le']
HANDLERS = ['strict', 'ignore', 'replace', 'backslashreplace', 'xmlcharrefreplace', 'namereplace',
            'surrogateescape', 'surrogatepass', 'bogus', '']
CHARS = (list('ab.-+~\\{}\n\x1b\x0e\x0fXN') + ['é', 'ü', '€', 'Ж', 'Ω', '中', '日', '本', 'か', 'ㇷ', 'ﾀ', '한', '가',
         '\u309a', '\u0300', '\u0301', '\u02e5', '\u02e9', '\u0304', '\u030c', 'Ê', 'ê', '\U00020b9f', '\U0002000b',
         '😀', '\ud800', '\udc80', '\ufeff', '\x00', '\x80', '¥', '‾', '\uff5e', '\uff3c', '\u3000', 'ä', 'Ⅰ',
         '\u0627', '\u05d0', 'ß', 'ﬁ', '\u00ad', '\u200b', '。', '．', '｡', 'xn--', 'ａ', 'K'])
BAD = [b'\x1b', b'\x1b$', b'\x1b$B', b'\x1b(B', b'\x1b(J', b'\x1b$(D', b'\x1b$)C', b'\x1b$A', b'\x1b$(Q', b'\x1b$(O',
       b'\x1bN', b'\x1b.A', b'\x1b.F', b'\x0e', b'\x0f', b'~{', b'~}', b'~', b'~~', b'~\n', b'+', b'+-', b'+A',
       b'+AGE', b'+2D3', b'-', b'\xff', b'\x80', b'\x8e', b'\x8f', b'\x8f\xa1', b'\x88\x62', b'\x88', b'\xa4\xd4',
       b'\\', b'\\x', b'\\u12', b'\\N{', b'\\N{DASH', b'xn--', b'.', b'\xef\xbb', b'\xfe\xff', b'\xff\xfe\x00',
       b'\xed\xa0', b'\xe6\x97', b'\xd8\x00', b'\x00\xd8', b'!\x7f', b'\x21\x21']


def _encode(rng, codec):
    text = rtext(rng, CHARS, 0, 10)
    try:
        return text.encode(codec, pick(rng, ['strict', 'replace', 'ignore', 'surrogatepass']))
    except (UnicodeError, LookupError, ValueError, TypeError):
        return text.encode('utf-8', 'surrogatepass')


def _chunks(rng, data):
    """Random cuts of data: single bytes, empty chunks, pieces."""
    out, i = [], 0
    while i < len(data):
        n = pick(rng, [0, 1, 1, 2, 3, 5, 8])
        out.append(data[i:i + n])
        i += n
    if rng.random() < 0.2:
        out.insert(rng.randrange(len(out) + 1), b'')
    return out


def _odd_item(rng):
    return pick(rng, ['abc', 'é', '', 5, None, [1], {'a': 1}, 1.5, True, {'$bytes': 'YQ=='}, {'$bytes': 'YQ'},
                      {'$bytes': 5}, {'$bytes': 'YQ==', 'x': 1}, ['a', 'b'], {'k': 1, 'é': 2}, 'xn--a'])


def _request(rng, fn, items, codec):
    """An iterdecode / iterencode request: now and then an item of another type, a handler."""
    if rng.random() < 0.08:
        items.insert(rng.randrange(len(items) + 1), _odd_item(rng))
    args = {'iterator': items, 'encoding': codec}
    if rng.random() < 0.8:
        args['errors'] = pick(rng, HANDLERS)
    return {'path': CP + fn, 'args': args}


def iterdecode(rng, codec):
    data = bytearray(_encode(rng, codec))
    for _ in range(rng.randint(0, 3)):
        i = rng.randrange(len(data) + 1)
        data[i:i] = pick(rng, BAD) if rng.random() < 0.7 else bytes([rng.randrange(256)])
    items = [{'$bytes': base64.b64encode(c).decode()} for c in _chunks(rng, bytes(data))]
    return _request(rng, 'iterdecode', items, codec)


def iterencode(rng, codec):
    text = wire(rtext(rng, CHARS, 0, 12))
    items, i = [], 0
    while i < len(text):
        n = pick(rng, [0, 1, 1, 2, 3, 6])
        items.append(text[i:i + n])
        i += n
    return _request(rng, 'iterencode', items, codec)


def escape(rng):
    data = bytearray(rng.randrange(256) for _ in range(rng.randint(0, 6)))
    for _ in range(rng.randint(0, 4)):
        i = rng.randrange(len(data) + 1)
        data[i:i] = pick(rng, [b'\\', b'\\x', b'\\x4', b'\\x41', b'\\xg', b'\\777', b'\\0', b'\\q', b'\\\n',
                               b'\\n', b"\\'", b'\\"', b'\\N', b"'", b'\t'])
    if rng.random() < 0.5:
        d = {'$bytes': base64.b64encode(bytes(data)).decode()}
    else:
        d = _odd_item(rng) if rng.random() < 0.3 else wire(bytes(data).decode('latin-1'))
    args = {'data': d}
    if rng.random() < 0.5:
        args['errors'] = pick(rng, ['strict', 'replace', 'ignore', 'bogus', None, 'a\x00'])
    return {'path': CP + pick(rng, ['escape_decode', 'escape_decode', 'escape_encode']), 'args': args}


def case(rng):
    r = rng.random()
    if r < 0.1:
        return escape(rng)
    codec = pick(rng, STATEFUL) if rng.random() < 0.6 else pick(rng, TEXT)
    if r < 0.6:
        return iterdecode(rng, codec)
    return iterencode(rng, codec)
