#!/usr/bin/env python3
"""Differential explorer: random and adversarial requests for json, codecs,
urllib.parse and urllib.robotparser, sent to pystd and to pyref; prints the
first differences (status + body, exact: key order, float bits, messages).

  python3 tools/diff_explore_a.py --pystd http://127.0.0.1:18181 \
      --pyref http://127.0.0.1:8191 --n 2000 --seed 1 --module json

400 answers compare by status and error type only (their message is free
text in API.md).  Loopback only; standard library only.
"""
import argparse
import concurrent.futures
import json
import math
import random
import struct
import sys
import urllib.error
import urllib.parse
import urllib.request

if hasattr(sys, 'set_int_max_str_digits'):
    sys.set_int_max_str_digits(0)

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# ------------------------------------------------------------------ transport

def body_of(case):
    if 'body' in case:
        return case['body'].encode('utf-8', 'surrogatepass')
    try:
        return json.dumps(case['args'], ensure_ascii=False).encode('utf-8')
    except UnicodeEncodeError:
        return json.dumps(case['args']).encode('ascii')


def send(base, case, timeout=30):
    url = base + case['path'] + ('?' + case['query'] if case.get('query') else '')
    method = case.get('method', 'POST')
    data = None if method == 'GET' else body_of(case)
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header('Content-Type', 'application/json')
    try:
        with OPENER.open(req, timeout=timeout) as r:
            status, raw = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    except Exception as e:  # noqa: BLE001
        return None, f"transport: {type(e).__name__}: {e}"
    try:
        return status, json.loads(raw.decode('utf-8'))
    except (ValueError, RecursionError):
        return status, raw.decode('utf-8', 'replace')


def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return struct.pack('<d', a) == struct.pack('<d', b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def differs(ref, got, compare='exact'):
    (s1, b1), (s2, b2) = ref, got
    if s1 != s2:
        return True
    if s1 == 400 or (compare == 'type' and s1 != 200):
        t = lambda b: b.get('error', {}).get('type') if isinstance(b, dict) else b  # noqa: E731
        return t(b1) != t(b2)
    return not same(b1, b2)


# ------------------------------------------------------------------ helpers

def pick(rng, seq):
    return seq[rng.randrange(len(seq))]


def rtext(rng, alphabet, lo=0, hi=12):
    return ''.join(pick(rng, alphabet) for _ in range(rng.randint(lo, hi)))


def wire(s):
    """What a str becomes after a JSON round trip (surrogate pairs join)."""
    return json.loads(json.dumps(s))


# ------------------------------------------------------------------ json

JP = '/v1/json/'
KEYCH = list('abzAZ09 _-') + ['é', 'ß', 'Σ', '日', '😀', '\x00', '\x1f', '\x7f', '\u2028', '\ud800',
                                '\udfff', '"', '\\', '/', '\ufeff', '\U0010ffff', '\x80', '\u00ff']
FLOATS = [0.0, -0.0, 1.0, -1.5, 0.1, 1e16, 1e-7, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308,
          123456789012345678.0, 1e22, 1e21, 9.999999999999999e22, 0.30000000000000004, 1e-5, 0.0001,
          1.2345e-300, -2.5e-310, 4.35, 1e100, 123.456]
INTS = [0, -1, 1, 2 ** 53 + 1, -2 ** 63, 2 ** 63, 2 ** 64 - 1, 10 ** 30, -10 ** 40, 7]


def jvalue(rng, depth=0):
    r = rng.random()
    if depth > 4 or r < 0.45:
        k = rng.randrange(8)
        if k == 0:
            return pick(rng, FLOATS)
        if k == 1:
            return pick(rng, INTS)
        if k == 2:
            return pick(rng, [None, True, False])
        if k == 3:
            return pick(rng, ['NaN', 'Infinity', '-Infinity'])  # strings here; raw bodies make floats
        return rtext(rng, KEYCH, 0, 6)
    if r < 0.72:
        return [jvalue(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rtext(rng, KEYCH, 0, 4): jvalue(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def raw_value(rng, depth=0):
    """JSON text (as a request body fragment) including NaN/Infinity and odd number spellings."""
    r = rng.random()
    if depth > 4 or r < 0.5:
        return pick(rng, ['NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '-0', '-0.0', '1E2', '0.1e1',
                          '1e-400', '12345678901234567890', '1.0', '5e-324', '2e308', 'true', 'null',
                          '"\\ud800"', '"\\udc00\\ud800"', '"\\ud83d\\ude00"', '"x"', '1' * 40,
                          '123.456e7', '-5E-3', '9007199254740993.0'])
    if r < 0.75:
        return '[' + ', '.join(raw_value(rng, depth + 1) for _ in range(rng.randint(0, 4))) + ']'
    keys = [pick(rng, ['"a"', '"b"', '"a"', '"\\u00e9"', '"\\ud800"', '""', '"Z"', '"1"', '"10"', '"\\u0000"',
                       '"\\ud83d\\ude00"', '"\\uffff"', '"\\ue000"', '"e\\u0301"'])
            for _ in range(rng.randint(0, 4))]
    return '{' + ', '.join(k + ': ' + raw_value(rng, depth + 1) for k in keys) + '}'


INDENTS = [None, 0, 1, 2, 4, -1, '', ' ', '\t', '\n', 'ab', '\u00a0', '😀', '\ud800', '  \t', 10, 40,
           True, False, 2.5, [2], {'a': 1}, 'xyz' * 5, '\x00', '"', '\\']
SEPS = [None, [',', ':'], [', ', ': '], ['', ''], [' , ', ' : '], ['\n', '\t'], ['é', 'ü'], ['😀', '\ud800'],
        ['"', '\\'], [','], [',', ':', ';'], [1, 2], ',:', [None, ':'], [',', None], ['', ':'], []]


def dumps_kwargs(rng):
    kw = {}
    if rng.random() < 0.5:
        kw['indent'] = pick(rng, INDENTS)
    if rng.random() < 0.4:
        kw['separators'] = pick(rng, SEPS)
    for k in ['skipkeys', 'ensure_ascii', 'allow_nan', 'sort_keys']:
        if rng.random() < 0.35:
            kw[k] = rng.random() < 0.5 if rng.random() < 0.95 else pick(rng, [0, 1, None, 'x'])
    if rng.random() < 0.02:
        kw[pick(rng, ['cls', 'default', 'check_circular', 'bogus'])] = None
    return kw


def loads_text(rng):
    """Valid-ish JSON text, often corrupted, multi-line, non-ASCII."""
    v = raw_value(rng) if rng.random() < 0.5 else json.dumps(jvalue(rng), ensure_ascii=rng.random() < 0.5,
                                                             indent=pick(rng, [None, 1, '\t', '\r\n']))
    if rng.random() < 0.3:
        v = v.replace(', ', pick(rng, [',\n', ',\r\n', ',\r', ',\t', ' ,', ',\n\n ']))
    if rng.random() < 0.2:
        v = pick(rng, ['\n', '\r\n', ' ', '\t', '\u00a0', '\ufeff', '\r', '', '\x0b', '\x0c']) + v
    if rng.random() < 0.2:
        v = v + pick(rng, ['\n', ' x', '\n\n]', ',', '\x00', '日', ' 1', '\r\n\r\n}', '//', '/**/'])
    if rng.random() < 0.55 and v:
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(v) + 1)
            k = rng.randrange(5)
            if k == 0:
                v = v[:i]
            elif k == 1:
                v = v[:i] + v[i + 1:]
            elif k == 2:
                v = v[:i] + pick(rng, [',', ':', '"', '\\', '[', '{', ']', '}', 'é', '日', '😀', '\n', '\r\n',
                                        '\\u', '\\ud800', '\\x', '\x01', '\x1f', '-', '.', 'e', '+', '0',
                                        'tru', 'nul', 'Na', 'Inf', '-Infinit', '\ud800', '\u2028', '\t',
                                        '\x7f', "'", 'NaN', '1e', '-0', '00']) + v[i:]
            elif k == 3:
                v = v[:i] + '\n' + v[i:]
            else:
                v = v[:i] + pick(rng, ['"é日\n', '"\\u00', '"\\uD83D\\u', '"\\ud83d"', '[1,\n2,', '{"a":\n']) + v[i:]
    return v


def deep(rng):
    n = pick(rng, [190, 199, 200, 1001, 5000])  # 201..1000: configured caps differ (noted)
    kind = rng.randrange(4)
    if kind == 0:
        return '[' * n + ']' * n
    if kind == 1:
        return '{"a":' * n + '1' + '}' * n
    if kind == 2:
        return '[' * n + '1' + ']' * (n - 1)
    return '[{"k":' * (n // 2) + '[]' + '}]' * (n // 2)


def json_cases(rng):
    r = rng.random()
    if r < 0.3:
        args = dict(obj=jvalue(rng), **dumps_kwargs(rng))
        return {'path': JP + 'dumps', 'args': args}
    if r < 0.45:
        kw = dumps_kwargs(rng)
        body = '{"obj": ' + raw_value(rng) + ''.join(', %s: %s' % (json.dumps(k), json.dumps(x))
                                                       for k, x in kw.items()) + '}'
        return {'path': JP + 'dumps', 'body': body}
    if r < 0.5:
        # sort_keys / skipkeys over dicts with tricky keys
        keys = [rtext(rng, KEYCH, 0, 3) for _ in range(rng.randint(0, 6))]
        obj = {k: pick(rng, [1, None, [], {}, 'v', 1.5]) for k in keys}
        kw = dict(sort_keys=True)
        kw.update(dumps_kwargs(rng))
        return {'path': JP + 'dumps', 'args': dict(obj=obj, **kw)}
    if r < 0.53:
        txt = deep(rng)
        # past the configured depth cap only the error type is compared (the
        # container named in the RecursionError depends on the caller's stack)
        if rng.random() < 0.5:
            return {'path': JP + 'loads', 'args': {'s': txt}, 'compare': 'type'}
        return {'path': JP + 'dumps', 'body': '{"obj": ' + txt + '}', 'compare': 'type'}
    if r < 0.56:
        q = urllib.parse.urlencode({'s': loads_text(rng).encode('utf-8', 'surrogatepass').decode('utf-8', 'replace')})
        return {'path': JP + 'loads', 'method': 'GET', 'query': q}
    return {'path': JP + 'loads', 'args': {'s': wire(loads_text(rng))}}


# ------------------------------------------------------------------ codecs

CP = '/v1/codecs/'
ENCS = ['utf-8', 'utf-8-sig', 'utf-16', 'utf-16-le', 'utf-16-be', 'utf-32', 'utf-32-le', 'utf-32-be', 'ascii',
        'latin-1', 'cp1252', 'gbk', 'gb2312', 'gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr', 'koi8-r']
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


def codecs_case(rng):
    import base64
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
            data = bytearray(rtext(rng, TCH, 0, 8).encode(src, pick(rng, ['replace', 'ignore',
                                                                           'surrogatepass' if 'utf' in src else 'ignore'])))
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
    return {'path': CP + 'lookup', 'args': {'encoding': enc if rng.random() < 0.8 else wire(rtext(rng, TCH + list('-_ .utf8'), 0, 8))}}


# ------------------------------------------------------------------ urllib.parse

UP = '/v1/urllib/parse/'
UCH = (list("abcAB09:/?#[]@!$&'()*+,;=%-._~ \t\n\r\x00\x7f\\|^`{}<>\"") +
       ['é', 'ß', 'İ', 'Σ', '\u0661', '\uff11', '\u00b2', '\u2100', '\uff03', '\u3000', '\u0085', '\u00a0',
        '\ud800', '\udc80', '\U0001d11e', '%41', '%e2%82%ac', '%C3', '%zz', '::', '[::1]', 'v1.x', '\ufe6b',
        'http', 'https:', '//', '..', './', 'ftp', '@', ':80', ':0x1', '[v1.a]', '%25', '%2e', '%2E%2E',
        '\uff0f', '\uff1f', '\uff20', '\uff1a', '\u2024', '\u0130', '\u212a', '1.2.3.4', '[', ']'])
SCHEMES = ['http', 'https', 'HTTP', 'ftp', 'file', 'mailto', 'git+ssh', 'a.b-c+d', 'x', 'urn', 'data', 'tel',
           'sftp', 'svn', 'rtsp', 'rtspu', 'sip', 'sips', 'nfs', 'wais', 'telnet', 'imap', 'hdl', 'snews',
           'news', 'nntp', 'prospero', 'mms', 'shttp', 'itms-services', 'ws', 'wss', 'git', 'svn+ssh',
           '1x', '+a', 'é', 'ht tp', '', 'javascript', 'Z9', 'a_b']
HOSTS = ['example.com', 'EX.com', '127.0.0.1', '[::1]', '[2001:DB8::1]', '[v1.fe80::a+en1]', '[::ffff:1.2.3.4]',
         'ünïcode.com', '', 'a_b.com', '[fe80::1%25eth0]', '[::1', '::1]', '[1.2.3.4]', '[v.x]', '[zz::1]',
         '[::1]x', 'ex.com\uff03x', 'ex\u2100.com', 'a[b]c', '[', ']', 'h', '[::1]]', '[[::1]]', 'x[::1]',
         '[v1.]', '[V1.a]', '[vff.a:b]', '[::1%eth0]', '[1::2::3]', '[::1.2.3.4]', '[fe80::1%]', 'ex\u0130.com',
         '\u2100', 'a\u00b2.com', 'ex.com\ufe6b', 'ex.com\uff1f', 'ex.com\u2048', 'h\uff0f', '[::]', 'H.',
         '%5B::1%5D', '[::ffff:127.0.0.1]', 'ex\u2047.com', 'ß.com', 'ex\u02c8.com']
USERINFO = ['', 'u@', 'u:p@', 'u:@', ':p@', '@', 'a@b@', 'u:p:q@', '%40@', 'ü:ö@', 'u p@', '[::1]@', 'u:[p]@',
            ':@', 'u:p@h:1@', 'u\u2100@', 'u:p\uff03@']
PORTS = ['', ':', ':80', ':0', ':65535', ':65536', ':-1', ':abc', ':+80', ': 80', ':080', ':1_0', ':\u0663',
         ':99999999999999999999', '::80', ':1:2', ':\uff18\uff10', ':8 ', ':\t8', ':-0', ':00', ':+0', ':1e3',
         ':0x1', ':\u00b2', ':80\n', ':１']
PATHS = ['', '/', '/a/b', '/a;p', '/a;p/b;q', '//x', '/%zz', '/é', '/a b', '/..', '/./a/../b', 'a/b', ';p', '/;',
         '/a;b;c', '/%', '/\U0001d11e', '/a:b', '/a//b', '/\ud800', ';', '/a;', '/;x;y', '/../../x', 'a:b']
QUERIES = ['', '?', '?a=1', '??', '?a=1;b=2', '?é', '?a=1?b', '?x=%zz', '?#', '?;', '?\ud800']
FRAGS = ['', '#', '#f', '#a#b', '#?q', '#é', '#a b', '#;', '#\ud800']
NOISE = ['\t', '\n', '\r', ' ', '\x00', '\x1f', '\x7f', '\u00a0', '\u3000', '\x0b', '\x0c', '\x1c', '\x85',
         '\u2028', '\ufeff', '\x08', '\x01']


def rurl(rng):
    if rng.random() < 0.25:
        return wire(pick(rng, ['', 'http://', 'HTTPS://', '//', 'x:', 'mailto:', 'file:///', 'a:', 'http:',
                               'http:/', 'path:']) + rtext(rng, UCH))
    scheme = pick(rng, SCHEMES)
    netloc = pick(rng, USERINFO) + pick(rng, HOSTS) + pick(rng, PORTS)
    f = rng.random()
    if f < 0.65:
        u = f"{scheme}://{netloc}"
    elif f < 0.75:
        u = f"{scheme}:"
    elif f < 0.88:
        u = f"//{netloc}"
    elif f < 0.94:
        u = f"{scheme}:{netloc}"
    else:
        u = ''
    u += pick(rng, PATHS) + pick(rng, QUERIES) + pick(rng, FRAGS)
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        i = rng.randint(0, len(u))
        u = u[:i] + pick(rng, NOISE) + u[i:]
    if rng.random() < 0.1:
        u = pick(rng, NOISE) + u + pick(rng, NOISE + [''])
    return wire(u)


RFC_BASES = ['http://a/b/c/d;p?q', 'http://a/b/c/d;p?q#f', 'http://a', 'http://a/', 'https://u:p@h:8/x/y/',
             'file:///tmp/x', 'mailto:a@b', 'foo://a/b/c', 'svn+ssh://h/r/t', 'http://[::1]:80/a/b', '', 'a/b/c',
             '/a/b', '//h/a/b', 'tel:+1-800', 'http://a/..', 'HTTP://A/B/c', 'http:/a/b', 'http:a/b',
             'http://a/b/c/./../d', 'http://a/b/c/..', 'http://a/b?q', 'http://a/b/c/d;p?q=1&r#', 'ws://h/a/b',
             'wss://h/a/', 'sftp://h/a/b', 'rtsp://h/a/b', 'sip:alice@h', 'data:x', 'nfs://h/a/b', 'x://h/a/b',
             'git://h/a/b', 'itms-services://h/a/b', 'hdl:a/b', 'http://a/b/c/g;x?y#s', 'http:', 'http://',
             '//', '?q', '#f', ';p', 'http://a/b/c/d;p?q/', 'http://a/%2e/b/', 'http://a/b/c/d/e/f/g/h/']
REFS = ['g:h', 'g', './g', 'g/', '/g', '//g', '?y', 'g?y', '#s', 'g#s', 'g?y#s', ';x', 'g;x', 'g;x?y#s', '', '.',
        './', '..', '../', '../g', '../..', '../../', '../../g', '../../../g', '../../../../g', '/./g', '/../g',
        'g.', '.g', 'g..', '..g', './../g', './g/.', 'g/./h', 'g/../h', 'g;x=1/./y', 'g;x=1/../y', 'g?y/./x',
        'g?y/../x', 'g#s/./x', 'g#s/../x', 'http:g', 'https:g', 'http:', 'http:?q', 'http:#f', 'HTTP:g', 'g/..',
        '...', '/..', '../.', 'a/./b/../../c', '%2e%2e/g', ' g', 'g\t/h', '\\g', 'foo:g', 'file:g', '//[::1]/x',
        '///x', '////x', 'http:/g', 'http:///g', '..//g', './/g', '/./../g', '/.', '/..g', 'g/../..', './/',
        'g?y/../', '?', '#', '?#', ';', ';x?y', 'http://', 'http://h', 'mailto:z', 'ws:g', 'x:g', 'sftp:g',
        './g:h', 'g:h/../i', '//h/../g', '/g/../../h', 'g/./', '../../../', 'g/.', 'g/..', './/g', 'g//..//h']


def parse_case(rng):
    r = rng.random()
    if r < 0.3:
        fn = pick(rng, ['urlparse', 'urlsplit'])
        args = {'urlstring': rurl(rng)}
        if rng.random() < 0.3:
            args['scheme'] = wire(pick(rng, ['http', 'https', '', 'x', ' \x00https', 'HTTP', '1a', 'é', 'a b',
                                            'mailto', 'file', '\ud800', 'x:']))
        if rng.random() < 0.3:
            args['allow_fragments'] = rng.random() < 0.5
        return {'path': UP + fn, 'args': args}
    if r < 0.45:
        base = pick(rng, RFC_BASES) if rng.random() < 0.75 else rurl(rng)
        ref = pick(rng, REFS) if rng.random() < 0.75 else rurl(rng)
        args = {'base': base, 'url': ref}
        if rng.random() < 0.25:
            args['allow_fragments'] = False
        return {'path': UP + 'urljoin', 'args': args}
    if r < 0.5:
        n = rng.choice([5, 6])
        comps = [pick(rng, SCHEMES + ['']), pick(rng, ['', 'h', 'u@h:1', '[::1]', '//', '@']),
                 pick(rng, PATHS + ['//a', '///a', 'x']), pick(rng, ['', 'p', 'a;b', ';']),
                 pick(rng, ['', 'q=1', '?', '#']), pick(rng, ['', 'f', '#', '?'])]
        if n == 5:
            del comps[3]
        return {'path': UP + ('urlunparse' if n == 6 else 'urlunsplit'), 'args': {'components': comps}}
    if r < 0.53:
        return {'path': UP + 'urldefrag', 'args': {'url': rurl(rng)}}
    if r < 0.68:
        fn = pick(rng, ['quote', 'quote_plus'])
        args = {'string': wire(rtext(rng, UCH + list(TCH), 0, 10))}
        if rng.random() < 0.5:
            args['safe'] = wire(pick(rng, ['', '/', ':/', '~', 'é', '%', ' ', '/?&=', "!$&'()*+,;=:@", '+',
                                          '\ud800', '😀', '\x00', 'abc', '%/', '€', '-._~']))
        if rng.random() < 0.35:
            args['encoding'] = pick(rng, [None, 'utf-8', 'latin-1', 'ascii', 'utf-16', 'cp1252', 'UTF8',
                                          'koi8-r', 'nope', 'gbk', 'shift_jis', 'utf-32-le', 'rot13', 'hex',
                                          'utf-8-sig', 'big5', 'euc-jp'])
        if rng.random() < 0.35:
            args['errors'] = pick(rng, [None] + HANDLERS)
        return {'path': UP + fn, 'args': args}
    if r < 0.78:
        fn = pick(rng, ['unquote', 'unquote_plus'])
        pct = ['%41', '%e2%82%ac', '%E2%82', '%C3', '%c3%a9', '%ff', '%fe', '%00', '%', '%4', '%zz', '+', '%2B',
               '%ed%a0%80', '%f0%9f%98%80', '%F0%9F', '%80', '%e9', '%a4%a4', '%82%a0', '%1b%24%42']
        args = {'string': wire(rtext(rng, UCH + pct + pct, 0, 12))}
        if rng.random() < 0.35:
            args['encoding'] = pick(rng, ['utf-8', 'latin-1', 'ascii', 'cp1252', 'utf-16-le', None, 'utf-16',
                                          'nope', 'shift_jis', 'gbk', 'euc-jp', 'utf-32', 'hex', 'utf-8-sig'])
        if rng.random() < 0.35:
            args['errors'] = pick(rng, [None] + HANDLERS)
        return {'path': UP + fn, 'args': args}
    if r < 0.88:
        vals = ['x', 'a b', 'é', '€', '', '&=+', True, False, None, 0, -1, 1.5, 1e16, 0.1, 2 ** 70, -0.0, 1e-7,
                1e22, [1, 2], ['a', 'b'], [], {'k': 'v'}, [True, None], '\ud800', '😀', 3.0, 1e300, 5e-324,
                [[1]], {}, [{'a': 1}], 'x\x00y', 12345678901234567890.0, 1e-5, 0.0001, 123456789.123]
        if rng.random() < 0.5:
            q = {wire(rtext(rng, UCH, 0, 4)): pick(rng, vals) for _ in range(rng.randint(0, 4))}
        else:
            q = [[pick(rng, [wire(rtext(rng, UCH, 0, 3)), 1, True, None, 2.5, [1], {'a': 1}, 1e16]),
                  pick(rng, vals)] for _ in range(rng.randint(0, 4))]
        args = {'query': q}
        if rng.random() < 0.5:
            args['doseq'] = rng.random() < 0.6
        if rng.random() < 0.3:
            args['safe'] = pick(rng, ['', '/', '~', 'é', '%', ' ', '/?&=', '+', '\ud800'])
        if rng.random() < 0.3:
            args['quote_via'] = pick(rng, ['quote', 'quote_plus'])
        if rng.random() < 0.25:
            args['encoding'] = pick(rng, ['latin-1', 'ascii', 'utf-8', None, 'nope', 'utf-16'])
        if rng.random() < 0.25:
            args['errors'] = pick(rng, ['strict', 'replace', 'ignore', 'xmlcharrefreplace', None, 'bogus',
                                        'namereplace', 'backslashreplace'])
        return {'path': UP + 'urlencode', 'args': args}
    fn = pick(rng, ['parse_qs', 'parse_qsl'])
    alpha = list('ab=&;+%') + ['%20', '%3D', '%26', '=', '&', '&&', 'é', '%zz', '%C3%A9', 'x', '1', ' ', '%',
                               '+', '=&=', '\ud800', '%ff', '%E2%82', '\n', '\x00', '%2B', '😀', ';;']
    args = {'qs': wire(rtext(rng, alpha, 0, 16))}
    if rng.random() < 0.5:
        args['keep_blank_values'] = rng.random() < 0.5
    if rng.random() < 0.4:
        args['strict_parsing'] = rng.random() < 0.6
    if rng.random() < 0.3:
        args['max_num_fields'] = rng.randint(-2, 6)
    if rng.random() < 0.3:
        args['separator'] = wire(pick(rng, [';', '&', '&&', '=', 'ab', ',', '+', '', '%', 'é', '\ud800', ' ',
                                           '%26', 'a', '==']))
    return {'path': UP + fn, 'args': args}


# ------------------------------------------------------------------ robotparser

RP = '/v1/urllib/robotparser/'
AGENTS = ['*', 'Googlebot', 'googlebot', 'GoogleBot/2.1', 'Googlebot-Image', 'Mozilla/5.0 (compatible; Bingbot/2.0)',
          'bingbot', 'FigTree/0.1 Robot libwww-perl/5.04', 'figtree', 'BadBot', 'x', '', 'Googlebot News', '/',
          'agent*', 'Ünïbot', 'ÜNÏBOT', 'İbot', 'ıbot', 'ẞbot', 'straße', 'STRASSE', 'Bot/', '/Bot', ' Bot',
          'Bot ', 'B*t', 'bot\t', '\u212abot', 'kbot', 'Σbot', 'σbot', 'ςbot', '😀', '\ud800', '*bot', 'bot*',
          'Bot/1.0 Other', 'a b c', 'Mozilla', 'mozilla/5.0', 'ß', 'ǅ', 'ǆbot']
RPATHS = ['/', '', '/private', '/private/', '/a%3cd.html', '/a%3Cd.html', '/%7Ejoe/', '/~joe/', '/*.gif$', '/*',
          '/fish*', '/p?q=1', '/p?', '/a b', '/ä', '/%C3%A4', '/%c3%a4', '/x;y', '/%', '/%2F', '/%2f', '/a/b/../c',
          '/$', '//double', 'http://example.com/full', 'https://u:p@h:8/x?y#z', '/path#frag', '/search?',
          '/\ud800', '/%ED%A0%80', '/%ff', '/%zz', '/%4', '/a%2Bb', '/a+b', '/~', '/%7e', '/ä/ö', '/%E4',
          '/p;a?q', '?q', '#f', ';p', '/a\tb', '/A', '*', 'x', '/%25', '/%2525', '/%41', '/%20', '/ ',
          '\u00a0/x', '/x\u00a0', '/p/', '/%3F', '/?', '/%23', '/#', '/%0A', '/😀', '/%F0%9F%98%80',
          'HTTP://EX.COM/A', '//h/p', 'mailto:x', 'x:y', 'javascript:/x']
RURLS = ['/', '/private', '/private/x', '/privatex', '/a<d.html', '/a%3cd.html', '/~joe/index.html',
         '/%7Ejoe/index.html', '/x.gif', '/fish', '/p?q=1', '/p?q=2', '/a b', '/a%20b', '/ä', '/%C3%A4', '/%c3%a4',
         '/x;y', '/%', '/%2F', '//double', 'http://example.com/private', 'http://example.com', '', '?q', '#frag',
         '/path#frag', 'http://u:p@h:8/private?x#y', '/p;params?q', 'relative/path', '/\ud800', '/%ED%A0%80',
         '/%ff', '/%zz', '/a+b', '/a%2Bb', '/~', '/%7e', '/%E4', 'HTTP://EX.COM/A', '//h/p', 'mailto:x', 'x:y',
         '/A', '/%41', '/%25', '/%2525', '/ ', '/p/', '/?', '/%3F', '/#', '/%23', '/😀', '/%F0%9F%98%80',
         'http://h/p;a?q#f', 'http:///x', 'http://[::1/x', 'http://h:bad/x', ' /x', '/x ', '\t/x', '/a\nb',
         'ftp://h/private', 'file:///private', 'http://h?x', 'http://h#f', '/private;x', '/private?x']
DELAYS = ['1', '10', '0', '3.5', '-1', 'abc', ' 5 ', '007', '', '1e3', '\u0661\u0660', '99999999999999999999',
          '\u00b2', '１０', '+3', '3 ', '\t3', '1_0', '0x10', '٣', '𝟙', '1.', '.5', 'inf', 'nan', '-0', '+0',
          '3\x0b', '\u00a03', '3\u2003', '1 2', '1,5', '²', '፩', '⑤', '০']
RATES = ['1/5', '3/20', '1/0', '0/1', '1/5s', '1 / 5', 'a/b', '1/', '/5', '1/2/3', '10/60', '\u0661/\u0665', '1/5 ',
         ' 1/5', '1.5/2', '1/2.5', '-1/5', '1/-5', '+1/5', '1/+5', '１/２', '²/1', '1//5', '1/5/', '/', '', '1 /5',
         '1\t/\t5', '1_0/5', '00/00', '99999999999999999999/1', '1/5\u00a0', '\u00a01/5']
FIELDS = ['User-agent', 'Disallow', 'Allow', 'Crawl-delay', 'Request-rate', 'Sitemap']


def field(rng, name):
    spell = pick(rng, [name, name.lower(), name.upper(), name.capitalize(), ' ' + name, name + ' ', '\t' + name])
    sep = pick(rng, [':', ': ', ' :', ':\t', ' : ', ':  ', '::', ':\u00a0', ': \u3000'])
    return spell + sep


def robots(rng):
    lines = []
    for _ in range(rng.randint(0, 4)):
        for _ in range(pick(rng, [1, 1, 1, 2, 3])):
            lines.append(field(rng, 'User-agent') + pick(rng, AGENTS) + pick(rng, ['', ' # c', '#', '\t#t', '#x#y']))
        for _ in range(rng.randint(0, 6)):
            k = rng.random()
            if k < 0.35:
                lines.append(field(rng, 'Disallow') + pick(rng, RPATHS) + pick(rng, ['', ' # c', '#']))
            elif k < 0.65:
                lines.append(field(rng, 'Allow') + pick(rng, RPATHS) + pick(rng, ['', ' # c']))
            elif k < 0.75:
                lines.append(field(rng, 'Crawl-delay') + pick(rng, DELAYS) + pick(rng, ['', ' # c']))
            elif k < 0.85:
                lines.append(field(rng, 'Request-rate') + pick(rng, RATES) + pick(rng, ['', ' # c']))
            elif k < 0.9:
                lines.append(field(rng, 'Sitemap') + pick(rng, ['http://example.com/s.xml', '/rel.xml', '', ' x ',
                                                                'a:b#c', '\ud800', 'http://h/s.xml ']))
            else:
                lines.append(pick(rng, ['', '# only', 'garbage', 'Unknown: x', 'Disallow', 'Host: e', '   ',
                                        'User-agent', ':', 'Allow:', 'Disallow:', '\ufeffDisallow: /x',
                                        'User-agent:*Disallow:/', 'Crawl-delay', 'Request-rate', '#:',
                                        'user-agent : *', 'DISALLOW:/X', 'Sitemap']))
        if rng.random() < 0.6:
            lines.append(pick(rng, ['', ' ', '\t', '# c']))
    if rng.random() < 0.25:
        lines.insert(rng.randint(0, len(lines)), pick(rng, ['Disallow: /early', 'Allow: /early',
                                                            'Sitemap: http://e.com/first.xml', 'Crawl-delay: 2',
                                                            'Request-rate: 1/2']))
    nl = pick(rng, ['\n', '\n', '\r\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029'])
    txt = nl.join(lines) + pick(rng, ['', nl, '\n\n'])
    if rng.random() < 0.05:
        txt = '\ufeff' + txt
    return wire(txt)


def robots_case(rng):
    txt = robots(rng)
    fn = pick(rng, ['can_fetch', 'can_fetch', 'can_fetch', 'crawl_delay', 'request_rate', 'site_maps'])
    args = {'robots_txt': txt, 'useragent': wire(pick(rng, AGENTS))}
    if fn == 'can_fetch':
        args['url'] = wire(pick(rng, RURLS))
    if fn == 'site_maps' and rng.random() < 0.5:
        del args['useragent']
    return {'path': RP + fn, 'args': args}


GEN = {'json': json_cases, 'codecs': codecs_case, 'urllib_parse': parse_case, 'robotparser': robots_case}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--pystd', required=True)
    ap.add_argument('--pyref', required=True)
    ap.add_argument('--n', type=int, default=1000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--module', choices=sorted(GEN) + ['all'], default='all')
    ap.add_argument('--show', type=int, default=10)
    ap.add_argument('--jobs', type=int, default=8)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    mods = sorted(GEN) if a.module == 'all' else [a.module]
    cases = [GEN[pick(rng, mods)](rng) for _ in range(a.n)]

    def run(case):
        return case, send(a.pyref, case), send(a.pystd, case)

    ndiff = nimpl = 0
    seen = set()
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        for case, ref, got in ex.map(run, cases):
            if ref[0] is None:
                print('pyref transport error', ref[1], file=sys.stderr)
                continue
            if (isinstance(got[1], dict) and isinstance(got[1].get('error'), dict)
                    and got[1]['error'].get('type') == 'NotImplementedError'):
                nimpl += 1           # a codec pystd leaves out on purpose
                continue
            if differs(ref, got, case.get('compare', 'exact')):
                ndiff += 1
                key = (case['path'], json.dumps(ref[1])[:60])
                if ndiff <= a.show and key not in seen:
                    seen.add(key)
                    shown = case.get('args', case.get('body', case.get('query')))
                    print('=' * 70)
                    print(case.get('method', 'POST'), case['path'], json.dumps(shown)[:600])
                    print('  pyref:', ref[0], json.dumps(ref[1])[:600])
                    print('  pystd:', got[0], json.dumps(got[1])[:600])
    print(f"{a.n} cases, {ndiff} differences, {nimpl} NotImplementedError (skipped)")
    return 1 if ndiff else 0


if __name__ == '__main__':
    sys.exit(main())
