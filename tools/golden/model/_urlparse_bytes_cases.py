"""Cases of /v1/urllib/parse/* with bytes ({"$bytes": "<base64>"}, issue 17): every parameter
CPython's urllib.parse takes as str or bytes.  URL functions on bytes (decoded as ASCII, results
encoded back: UnicodeDecodeError / UnicodeEncodeError where they fail), _coerce_args' TypeError for
a mix (an empty argument of the other kind is no mix, and what Python then does with it), quote /
quote_plus / quote_from_bytes of bytes with str or bytes `safe`, unquote(_plus) / unquote_to_bytes of
bytes, urlencode with bytes keys, values and sequence items, parse_qs / parse_qsl of bytes (parse_qs:
[key, [values]] pairs), and the 400s of a malformed $bytes object."""
import base64

from .common import case, get_case

P = '/v1/urllib/parse/'


def b(data):
    return {'$bytes': base64.b64encode(data).decode('ascii')}


def w(v):
    """A value on the wire: bytes as {"$bytes"} (lists and dict values too)."""
    if isinstance(v, bytes):
        return b(v)
    if isinstance(v, (list, tuple)):
        return [w(x) for x in v]
    if isinstance(v, dict):
        return {k: w(x) for k, x in v.items()}
    return v


URLS = [b'', b'http://u:p@Example.COM:8080/a;b?q=1#f', b'https://h/p', b'//h:80/x', b'//h:ab/x', b'//h:+1',
        b'//h:99999', b'http://[::1]:80/a', b'http://[::1', b'mailto:a@b', b'a/b?c#d', b'\t http://h/\n',
        b'http://h/\xc3\xa9', b'\xff', b'http://a\x00b/', b'HTTP://U@H/P;x', b'svn+ssh://h/r', b'//h:1 ',
        b'//h:\x7f', b"//h:'", b'//[v1.x]/', b'//h%2541/', b'x:\r\ny', b'file:///tmp/x', b'http://h?#',
        b'http://a@b@c:1/', b'//:@/']
BAD = {'$bytes': 'YQ'}
MALFORMED = [{'$bytes': 'YQ'}, {'$bytes': 'YQ==', 'x': 1}, {'$bytes': 5}, {'x': 'YQ=='}, {'$bytes': '!!'}]


def _split():
    c = []
    for u in URLS:
        for fn in ('urlparse', 'urlsplit'):
            c.append(case(P + fn, {'urlstring': b(u)}))
        c.append(case(P + 'urlsplit', {'urlstring': b(u), 'scheme': b(b'ftp'), 'allow_fragments': False}))
        c.append(case(P + 'urlparse', {'urlstring': b(u), 'scheme': ''}))
    for url, scheme in [(b'x', 'http'), ('x', b'http'), ('x', b''), ('http://h', b''), (b'x', ''), ('', b'x'),
                        (b'', 'x'), ('', b''), (b'', ''), (b'x', b'\xff'), (b'\xff', b'http'), (b'\xff', 'x'),
                        (b'h', b' ftp\t'), (b'x', b'\xc3\xa9')]:
        for fn in ('urlparse', 'urlsplit'):
            c.append(case(P + fn, {'urlstring': w(url), 'scheme': w(scheme)}))
    for fn in ('urlparse', 'urlsplit'):
        for bad in MALFORMED:
            c.append(case(P + fn, {'urlstring': bad}))
        c.append(case(P + fn, {'urlstring': 'x', 'scheme': BAD}))
        c.append(get_case(P + fn, urlstring='http://h/p'))
    return c


def _unsplit_join():
    c = []
    for comps in [[b'http', b'h', b'/p', b'q', b'f'], [b'http', b'', b'p', b'', b''], [b'', b'', b'', b'', b''],
                  [b'mailto', b'', b'a@b', b'', b''], [b'http', '', b'/p', '', ''], ['', b'', b'/p', '', ''],
                  ['http', b'h', b'/p', '', ''], ['http', 'h', b'', '', ''], ['http', '', b'', '', ''],
                  ['x', '', b'', '', ''], ['', '', b'', 'q', ''], ['', '', b'', '', 'f'], ['', '', b'', '', ''],
                  ['', b'', b'', b'', b''], [b'http', b'h\xff', b'', b'', b''], [b'', 'h', b'', b'', b''],
                  [b'', '', '', '', ''], ['http', 'h', '/p', 'q', b'f'], [b'HTTP', b'H', b'//p', b'', b'']]:
        c.append(case(P + 'urlunsplit', {'components': w(comps)}))
        six = comps[:3] + [b'' if isinstance(comps[0], bytes) else ''] + comps[3:]
        c.append(case(P + 'urlunparse', {'components': w(six)}))
    for comps in [['http', 'h', b'', 'pa', '', ''], ['', '', b'', 'pa', 'q', ''], ['http', 'h', b'', b'', '', ''],
                  [b'http', b'h', b'/p', b'a;b', b'q', b'f'], ['http', 'h', '/p', b'x', '', ''],
                  [b'http', b'h', b'/p', 'x', b'', b''], ['', '', b'', '', '', '']]:
        c.append(case(P + 'urlunparse', {'components': w(comps)}))
    for comps in [[b'a', b'b', b'c', b'd', 1], [b'a', BAD, b'c', b'd', b'e'], [b'a', {'$bytes': 'YQ==', 'x': 1}, 'c',
                  'd', 'e'], [b'a', b'b'], [b'a', {'k': 1}, b'c', b'd', b'e']]:
        c.append(case(P + 'urlunsplit', {'components': w(comps)}))
    for base, url in [(b'http://a/b/c/d;p?q', b'../g'), (b'http://a/b/c/d;p?q', b'g?y#s'), (b'http://a/', 'x'),
                      ('http://a/', b'x'), (b'', 'x'), ('', b'x'), (b'http://a/', ''), ('http://a/', b''),
                      (b'\xff', b''), (b'', b'\xff'), (b'http://a/\xff', b'x'), (b'http://a/', b'\xc3\xa9'),
                      (b'http://a/b', b'//h2/p'), (b'mailto:x', b'y'), (b'http://a/b/c', b'../../../g'),
                      (b'', b''), ('', '')]:
        c.append(case(P + 'urljoin', {'base': w(base), 'url': w(url)}))
        c.append(case(P + 'urljoin', {'base': w(base), 'url': w(url), 'allow_fragments': False}))
    for u in [b'http://h/p#f', b'http://h/p', b'#', b'', b'a#b#c', b'http://h/p?q#\xff', b'http://h/\xff']:
        c.append(case(P + 'urldefrag', {'url': b(u)}))
    for bad in MALFORMED[:3]:
        c.append(case(P + 'urljoin', {'base': bad, 'url': 'x'}))
        c.append(case(P + 'urldefrag', {'url': bad}))
    return c


TEXTS = [b'', b'abc', b'a b', b'a+b', b'a b+c/d?e&f=g', b'\x00\x01\x7f\x80\xff', b'\xc3\xa9', b'~._-',
         b"!$&'()*+,;=:@/?#[]", b'%41', b'  ', b'/', b'%']
SAFES = ['', '/', ' ', '+', 'é', b'', b'/', b' ', b'+', b'\xff/', b'%', b'abc', b'\x00']


def _quote():
    c = []
    for i, s in enumerate(TEXTS):
        for j, safe in enumerate(SAFES):
            if (i + j) % 3 == 0:
                c.append(case(P + 'quote', {'string': b(s), 'safe': w(safe)}))
            if (i + j) % 3 == 1:
                c.append(case(P + 'quote_plus', {'string': b(s), 'safe': w(safe)}))
            if (i + j) % 3 == 2:
                c.append(case(P + 'quote_from_bytes', {'bs': b(s), 'safe': w(safe)}))
        for fn in ('quote', 'quote_plus'):
            c.append(case(P + fn, {'string': b(s)}))
        c.append(case(P + 'quote_from_bytes', {'bs': b(s)}))
    for s in ['', 'a b/é', 'a+b c', '\ud800']:
        for safe in [b'', b'/', b' ', b'\xc3\xa9', b'+']:
            c.append(case(P + 'quote', {'string': s, 'safe': b(safe)}))
            c.append(case(P + 'quote_plus', {'string': s, 'safe': b(safe)}))
    for fn in ('quote', 'quote_plus'):
        for extra in [{'encoding': 'utf-8'}, {'errors': 'strict'}, {'encoding': 'latin-1', 'errors': 'x'},
                      {'encoding': None}, {'errors': None}]:
            for s in [b'', b'ab', b'a b']:
                c.append(case(P + fn, dict({'string': b(s)}, **extra)))
        for bad in MALFORMED:
            c.append(case(P + fn, {'string': bad}))
            c.append(case(P + fn, {'string': 'x', 'safe': bad}))
    for bs in ['', 'abc', 'é']:
        c.append(case(P + 'quote_from_bytes', {'bs': bs}))
    c.append(case(P + 'quote_from_bytes', {}))
    c.append(case(P + 'quote_from_bytes', {'bs': BAD}))
    c.append(case(P + 'quote_from_bytes', {'bs': b(b'a b'), 'safe': None}))
    c.append(case(P + 'quote_from_bytes', {'bs': b(b'a b'), 'safe': 5}))
    return c


UTEXTS = [b'', b'abc', b'%41%42', b'%e2%82%ac', b'%E2%82', b'%zz', b'%', b'%4', b'a+b%20c', b'%C3%A9', b'%ff',
          b'\xc3\xa9%41', b'\xff', b'%ED%A0%80', b'%%41', b'%2B+', b'%F0%9F%98%80', b'%\xc3\xa9']
UCOMBOS = [(None, None), ('latin-1', None), ('ascii', 'strict'), ('utf-8', 'strict'), ('utf-8', 'ignore'),
           ('utf-8', 'surrogateescape'), ('utf-8', 'surrogatepass'), ('utf-8', 'backslashreplace'),
           ('cp1252', 'strict'), ('utf-16-le', None), ('nope', None), ('hex', None), ('utf-8', 'bogus'),
           ('gbk', 'replace')]


def _unquote():
    c = []
    for i, s in enumerate(UTEXTS):
        for j in range(4):
            enc, err = UCOMBOS[(i * 4 + j) % len(UCOMBOS)]
            args = {'string': b(s)}
            if enc is not None:
                args['encoding'] = enc
            if err is not None:
                args['errors'] = err
            c.append(case(P + 'unquote', args))
        c.append(case(P + 'unquote_plus', {'string': b(s)}))
        c.append(case(P + 'unquote_to_bytes', {'string': b(s)}))
    for s in ['', 'abc', '%41%42', '%e2%82%ac', '%E2%82', '%zz', '%', 'é%41', '%é', '\ud800%41', '%\ud800',
              '%\u0661\u0662', 'a+b', '\U0001f600%ff']:
        c.append(case(P + 'unquote_to_bytes', {'string': s}))
    c.append(get_case(P + 'unquote_to_bytes', string='a%20b%FF'))
    for fn in ('unquote', 'unquote_plus'):
        for extra in [{'encoding': None}, {'errors': None}, {'encoding': None, 'errors': None}]:
            c.append(case(P + fn, dict({'string': b(b'%41')}, **extra)))
            c.append(case(P + fn, dict({'string': b(b'')}, **extra)))
    for bad in MALFORMED:
        c.append(case(P + 'unquote', {'string': bad}))
        c.append(case(P + 'unquote_to_bytes', {'string': bad}))
    c.append(case(P + 'unquote_to_bytes', {}))
    c.append(case(P + 'unquote_to_bytes', {'string': 5}))
    return c


def _urlencode():
    c = []
    queries = [{'a': b'x y'}, {'a': [b'x', 'y', 1]}, {'a': [b'x', b'\xff']}, [[b'k k', b'v+v']], [[b'\xff', 1]],
               [[b'a', [b'x', b'y']]], [[b'', b'']], {'a': b''}, [['a', b'\x00/']], {'a': (b'x',)},
               [[b'k', {'$bytes': 'eA=='}]], {'a': [[b'x']]}, {'a': {'k': b'v'}}, {b'x'.decode(): [b'a b', 'c d']}]
    extras = [{}, {'doseq': True}, {'quote_via': 'quote'}, {'safe': b'/ '}, {'safe': b'\xff+', 'doseq': True},
              {'doseq': True, 'quote_via': 'quote', 'safe': b' '}, {'encoding': 'latin-1'},
              {'encoding': 'nope', 'doseq': True}]
    for i, q in enumerate(queries):
        for j in range(3):
            extra = extras[(i * 3 + j) % len(extras)]
            c.append(case(P + 'urlencode', dict({'query': w(q)}, **w(extra))))
    for q in [{'a': 'é b', 'c': 1}, [['k', 'x y']]]:
        for safe in [b'', b' ', b'\xc3\xa9', b'/']:
            c.append(case(P + 'urlencode', {'query': q, 'safe': b(safe)}))
            c.append(case(P + 'urlencode', {'query': q, 'safe': b(safe), 'quote_via': 'quote', 'doseq': True}))
    for bad in MALFORMED[:3]:
        c.append(case(P + 'urlencode', {'query': {'a': bad}}))
        c.append(case(P + 'urlencode', {'query': [[bad, 'x']]}))
        c.append(case(P + 'urlencode', {'query': {'a': [bad]}, 'doseq': True}))
        c.append(case(P + 'urlencode', {'query': {'a': 1}, 'safe': bad}))
    return c


QS = [b'', b'a=1', b'a=1&a=2&b=3', b'a=1;b=2', b'a', b'a=', b'=1', b'&', b'&&a=1&&', b'a+b=c+d', b'a%20b=c%2Bd',
      b'%zz=%zz', b'a=%C3%A9', b'%C3%A9=x', b'a=%ff', b'a=\xc3\xa9', b'x=1&x=2&x=3&y=4&z=5', b'a=b=c', b'a=1&%00=x',
      b'b=1&a=%E9&c=%FF', b'k=v#f']
QEXTRAS = [{}, {'keep_blank_values': True}, {'strict_parsing': True}, {'max_num_fields': 2},
           {'separator': b';'}, {'separator': ';'}, {'separator': b''}, {'separator': b'\xff'},
           {'separator': b'&', 'keep_blank_values': True}, {'separator': b'=', 'strict_parsing': True}]


def _qs():
    c = []
    for i, qs in enumerate(QS):
        for fn in ('parse_qs', 'parse_qsl'):
            for j in range(3):
                extra = QEXTRAS[(i * 3 + j + (fn == 'parse_qs')) % len(QEXTRAS)]
                c.append(case(P + fn, dict({'qs': b(qs)}, **w(extra)), compare='ordered'))
    for qs, sep in [('a=1;b=2', b';'), ('a=1&b=2', b'&'), ('a=1', b''), ('a=1', b'\xff'), ('a;b', b';'),
                    ('x=é;y', b';')]:
        for fn in ('parse_qs', 'parse_qsl'):
            c.append(case(P + fn, {'qs': qs, 'separator': b(sep), 'keep_blank_values': True}, compare='ordered'))
    for fn in ('parse_qs', 'parse_qsl'):
        for bad in MALFORMED:
            c.append(case(P + fn, {'qs': bad}))
            c.append(case(P + fn, {'qs': 'a=1', 'separator': bad}))
    return c


def curated():
    return _split() + _unsplit_join() + _quote() + _unquote() + _urlencode() + _qs()


ATOMS = [b'http', b'://', b'h', b':', b'80', b'/', b'p', b'?', b'q=1', b'&', b'#', b'f', b'@', b';', b'%41', b' ',
         b'+', b'=', b'%', b'\xff', b'[', b']', b'..', b'.', b'\t']


def _blob(rng, hi=8):
    return b''.join(rng.choice(ATOMS) for _ in range(rng.randint(0, hi)))


def cases(rng):
    """Random bytes (mostly ASCII) through every function, now and then mixed with str."""
    c = []
    for _ in range(300):
        fn = rng.choice(['urlparse', 'urlsplit', 'urljoin', 'urldefrag', 'quote', 'quote_plus', 'quote_from_bytes',
                         'unquote', 'unquote_plus', 'unquote_to_bytes', 'parse_qs', 'parse_qsl', 'urlunsplit'])
        x = _blob(rng)
        if rng.random() < 0.7:
            x = x.replace(b'\xff', b'x')

        def m(v):
            return v.decode('latin-1') if rng.random() < 0.1 else v
        if fn in ('urlparse', 'urlsplit'):
            args = {'urlstring': b(x)}
            if rng.random() < 0.3:
                args['scheme'] = w(m(rng.choice([b'', b'http', b'x'])))
        elif fn == 'urljoin':
            args = {'base': w(m(b'http://h/a/b/' + _blob(rng, 3))), 'url': b(x)}
        elif fn == 'urldefrag':
            args = {'url': b(x)}
        elif fn in ('quote', 'quote_plus', 'quote_from_bytes'):
            args = {'bs' if fn == 'quote_from_bytes' else 'string': w(m(x))}
            if rng.random() < 0.5:
                args['safe'] = w(m(_blob(rng, 2)))
        elif fn in ('unquote', 'unquote_plus', 'unquote_to_bytes'):
            args = {'string': w(m(x))}
        elif fn in ('parse_qs', 'parse_qsl'):
            args = {'qs': b(x), 'keep_blank_values': rng.random() < 0.5}
            if rng.random() < 0.3:
                args['separator'] = w(m(rng.choice([b'&', b';', b'=', b'+'])))
        else:
            args = {'components': w([m(rng.choice([b'http', b'', b'x'])), rng.choice([b'', b'h']), x,
                                     rng.choice([b'', b'q']), rng.choice([b'', b'f'])])}
        c.append(case(P + fn, args, compare='ordered' if fn == 'parse_qs' else None))
    return c
