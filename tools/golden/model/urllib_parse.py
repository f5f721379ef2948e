"""Model of urllib.parse (POST/GET /v1/urllib/parse/<fn>): CPython 3.11.7's own functions.

Ops: urlparse, urlsplit (with the port and its ValueError as "port_error"), urlunparse,
urlunsplit, urljoin, urldefrag, quote, quote_plus, unquote, unquote_plus, urlencode, parse_qs,
parse_qsl.  Cases: URLs assembled from parts (schemes good and bad, userinfo, hosts incl.
brackets, ports that raise, paths, queries, fragments, control characters), the RFC 3986
reference-resolution table, text for the quoting functions under every encoding / error handler
family, and query strings for the parsers with every option and error.  3.11.7 differs from
Debian's 3.11.2 here (rtsps, bracketed-host checks): python3 on PATH is the oracle.
"""
import re
import urllib.parse as up

from . import _urlparse_bytes_cases
from .common import BadRequest, case, get_case, op, wire, wire_bytes, wire_ok

P = '/v1/urllib/parse/'


# ------------------------------------------------------------------ the operations

def _split_result(r, with_params):
    names = ['scheme', 'netloc', 'path'] + (['params'] if with_params else []) + \
        ['query', 'fragment', 'username', 'password', 'hostname']
    out = {n: getattr(r, n) for n in names}
    try:
        out['port'] = r.port
    except ValueError as e:
        out['port'] = None
        out['port_error'] = str(e)
    return wire(out)


SPLIT = dict(urlstring='strbytes', scheme=('strbytes', ''), allow_fragments=('bool', True))


@op(P + 'urlparse', get=True, **SPLIT)
def urlparse(urlstring, scheme='', allow_fragments=True):
    return _split_result(up.urlparse(urlstring, scheme, allow_fragments), True)


@op(P + 'urlsplit', get=True, **SPLIT)
def urlsplit(urlstring, scheme='', allow_fragments=True):
    return _split_result(up.urlsplit(urlstring, scheme, allow_fragments), False)


def _parts(components, n):
    if len(components) != n:
        raise BadRequest(f"argument 'components' must be a list of {n} str or bytes")
    parts = [wire_bytes('components', x) for x in components]
    if any(not isinstance(x, (str, bytes)) for x in parts):
        raise BadRequest(f"argument 'components' must be a list of {n} str or bytes")
    return tuple(parts)


@op(P + 'urlunparse', components='list')
def urlunparse(components):
    return wire(up.urlunparse(_parts(components, 6)))


@op(P + 'urlunsplit', components='list')
def urlunsplit(components):
    return wire(up.urlunsplit(_parts(components, 5)))


@op(P + 'urljoin', get=True, base='strbytes', url='strbytes', allow_fragments=('bool', True))
def urljoin(base, url, allow_fragments=True):
    return wire(up.urljoin(base, url, allow_fragments))


@op(P + 'urldefrag', get=True, url='strbytes')
def urldefrag(url):
    d = up.urldefrag(url)
    return wire({'url': d.url, 'fragment': d.fragment})


CODEC = dict(encoding=('str?', None), errors=('str?', None))


@op(P + 'quote', get=True, string='strbytes', safe=('strbytes', '/'), **CODEC)
def quote(string, safe='/', encoding=None, errors=None):
    return up.quote(string, safe, encoding, errors)


@op(P + 'quote_plus', get=True, string='strbytes', safe=('strbytes', ''), **CODEC)
def quote_plus(string, safe='', encoding=None, errors=None):
    return up.quote_plus(string, safe, encoding, errors)


UNCODEC = dict(encoding=('str?', 'utf-8'), errors=('str?', 'replace'))


@op(P + 'quote_from_bytes', bs='strbytes', safe=('strbytes', '/'))
def quote_from_bytes(bs, safe='/'):
    return up.quote_from_bytes(bs, safe)


@op(P + 'unquote_to_bytes', get=True, string='strbytes')
def unquote_to_bytes(string):
    return wire(up.unquote_to_bytes(string))


@op(P + 'unquote', get=True, string='strbytes', **UNCODEC)
def unquote(string, encoding='utf-8', errors='replace'):
    return up.unquote(string, encoding, errors)


@op(P + 'unquote_plus', get=True, string='strbytes', **UNCODEC)
def unquote_plus(string, encoding='utf-8', errors='replace'):
    return up.unquote_plus(string, encoding, errors)


_VIA = {'quote_plus': up.quote_plus, 'quote': up.quote}
_PAIRS = "argument 'query' must be an object or a list of [key, value] pairs"


def _query_bytes(query):
    """{"$bytes"} keys (of pairs), values, and items of list values."""
    def val(v):
        v = wire_bytes('query', v)
        return [wire_bytes('query', x) for x in v] if isinstance(v, list) else v
    if isinstance(query, dict):
        return {k: val(v) for k, v in query.items()}
    return [(wire_bytes('query', k), val(v)) for k, v in query]


@op(P + 'urlencode', query='any', doseq=('bool', False), safe=('strbytes', ''), quote_via=('str', 'quote_plus'),
    **CODEC)
def urlencode(query, doseq=False, safe='', encoding=None, errors=None, quote_via='quote_plus'):
    if quote_via not in _VIA:
        raise BadRequest("argument 'quote_via' must be 'quote_plus' or 'quote'")
    if isinstance(query, list):
        if any(not (isinstance(kv, list) and len(kv) == 2) for kv in query):
            raise BadRequest(_PAIRS)
        query = [(kv[0], kv[1]) for kv in query]
    elif not isinstance(query, dict):
        raise BadRequest(_PAIRS)
    return up.urlencode(_query_bytes(query), doseq, safe, encoding, errors, _VIA[quote_via])


QS = dict(qs='strbytes', keep_blank_values=('bool', False), strict_parsing=('bool', False),
          max_num_fields=('int?', None), separator=('strbytes', '&'))


@op(P + 'parse_qs', get=True, **QS)
def parse_qs(qs, keep_blank_values=False, strict_parsing=False, max_num_fields=None, separator='&'):
    r = up.parse_qs(qs, keep_blank_values, strict_parsing, max_num_fields=max_num_fields,
                    separator=separator)
    return wire([[k, v] for k, v in r.items()]) if isinstance(qs, bytes) else r


@op(P + 'parse_qsl', get=True, **QS)
def parse_qsl(qs, keep_blank_values=False, strict_parsing=False, max_num_fields=None, separator='&'):
    return wire(up.parse_qsl(qs, keep_blank_values, strict_parsing, max_num_fields=max_num_fields,
                             separator=separator))


# ------------------------------------------------------------------ URL material

SCHEMES = ['http', 'https', 'HTTP', 'hTTps', 'ftp', 'file', 'mailto', 'news', 'nntp', 'snews', 'telnet',
           'gopher', 'wais', 'imap', 'prospero', 'rtsp', 'rtsps', 'rtspu', 'sip', 'sips', 'sftp', 'svn',
           'svn+ssh', 'git', 'git+ssh', 'ws', 'wss', 'tel', 'urn', 'data', 'javascript', 'hdl', 'shttp',
           'mms', 'rsync', 'nfs', 'itms-services', 'x', 'Z', 'a1', 'a.b', 'a-b', 'a+b', 'ab.cd-ef+gh9',
           'coap', 'redis']
BAD_SCHEMES = ['1a', '+x', '-y', '.z', 'a b', 'a_b', 'é', 'ab%63', '', 'a\u0131', 'a/b', 'a?b', '*']
USERINFO = ['', '', '', 'u@', 'user@', 'user:pw@', 'user:@', ':pw@', ':@', '@', 'a:b:c@', 'a@b@', 'u%40x:p%3A@',
            'ü:ß@', 'u;p@', 'u p@', 'u:p@ss@', '%00@', 'USER:PW@', 'u:[x]@', 'u@x:1@']
HOSTS = ['example.com', 'Example.COM', 'www.a-b.org.', 'localhost', 'h', '127.0.0.1', '10.0.0.1',
         '[::1]', '[2001:db8::7]', '[2001:DB8:0:0:8:800:200C:417A]', '[::ffff:192.0.2.1]', '[fe80::1%25en0]',
         '[fe80::1%en0]', '[v1.fe80::a+en1]', '[vF.x]', '[::]', '[1::]', 'xn--bcher-kva.example', 'bücher.de',
         'ÉCOLE.fr', '日本.jp', '', 'a_b.c', 'h%41', '1.2.3', '0x7f.1', '256.1.1.1', 'with space', 'a.b.c.d.e',
         'ex\u2100.com', 'ex\uff03.com', 'ex\u2048.com', 'ex\u00bd.com']
BAD_HOSTS = ['[::1', '::1]', '[1.2.3.4]', '[v.x]', '[v1]', '[zz::1]', '[::1]x', 'a[::1]', '[::1]:80]',
             '[', ']', '[]', '[::1%]', '[1:2:3:4:5:6:7:8:9]', '[192.168.0.1]', '[::1]]', 'a]b[c']
PORTS = ['', '', '', ':', ':80', ':0', ':8080', ':65535', ':65536', ':99999', ':-1', ':-0', ':+1', ': 1', ':1 ',
         ':abc', ':0x50', ':1_0', ':08', ':0000080', ':\u0661\u0662', ':\uff18\uff10', ':\u00b2', ':1:2', '::80',
         ':99999999999999999999999', ':1e3', ':1.5', ':443']
PATHS = ['', '/', '/a', '/a/b/c', '/a/b/', '/a;p', '/a;p;q/b;r', '/;x', ';x', 'a/b', 'a', '//x', '///x',
         '/%20', '/%zz', '/%', '/%e2%82%ac', '/a b', '/é', '/\U0001f600', '/a/./b/../c', '/..', '/.', '/a:b',
         '/~u', '/a%2Fb', '/a/b.html', '/C:/x', '/a\\b', '/a;b=c;d=e', '/p%3bq;r']
QUERIES = ['', '', '?', '?a', '?a=1', '?a=1&b=2', '?a=1;b=2', '?a=%20+b', '??x', '?a=b?c', '?é=ü', '?%zz',
           '?q=/x/y', '?#', '?a=1#', '?x=[1]']
FRAGS = ['', '', '#', '#f', '#a#b', '#%41', '#?q', '#/p/q', '#é', '#a b', '#a;b']
NOISE = ['\t', '\n', '\r', ' ', '  ', '\x00', '\x01', '\x08', '\x1f', '\x7f', '\x0b', '\x0c', '\u00a0',
         '\u2028', '\ufeff', '\u3000']


def _url(rng):
    r = rng.random()
    scheme = rng.choice(SCHEMES) if r < 0.85 else rng.choice(BAD_SCHEMES)
    host = rng.choice(HOSTS) if rng.random() < 0.9 else rng.choice(BAD_HOSTS)
    netloc = rng.choice(USERINFO) + host + rng.choice(PORTS)
    form = rng.random()
    if form < 0.6:
        u = f"{scheme}://{netloc}"
    elif form < 0.72:
        u = f"{scheme}:"
    elif form < 0.84:
        u = f"//{netloc}"
    elif form < 0.9:
        u = f"{scheme}:/"
    else:
        u = ''
    path = rng.choice(PATHS)
    if u.endswith(':') and rng.random() < 0.5:
        path = path.lstrip('/')
    if not u.endswith(('/', ':')) and u and path and not path.startswith('/') and rng.random() < 0.7:
        path = '/' + path
    u += path + rng.choice(QUERIES) + rng.choice(FRAGS)
    for _ in range(rng.choice([0, 0, 0, 0, 1, 1, 2])):
        i = rng.randint(0, len(u))
        u = u[:i] + rng.choice(NOISE) + u[i:]
    if rng.random() < 0.1:
        u = rng.choice(NOISE) + u
    if rng.random() < 0.04:
        u = u + rng.choice(NOISE)
    return u


# the reference-resolution examples of RFC 3986 section 5.4, plus more
RFC_BASE = 'http://a/b/c/d;p?q'
RFC_NORMAL = ['g:h', 'g', './g', 'g/', '/g', '//g', '?y', 'g?y', '#s', 'g#s', 'g?y#s', ';x', 'g;x', 'g;x?y#s', '',
              '.', './', '..', '../', '../g', '../..', '../../', '../../g']
RFC_ABNORMAL = ['../../../g', '../../../../g', '/./g', '/../g', 'g.', '.g', 'g..', '..g', './../g', './g/.',
                'g/./h', 'g/../h', 'g;x=1/./y', 'g;x=1/../y', 'g?y/./x', 'g?y/../x', 'g#s/./x', 'g#s/../x',
                'http:g']
JOIN_BASES = [RFC_BASE, 'http://a/b/c/d;p?q#f', 'http://a', 'http://a/', 'http://a/b', 'http://a/b/', 'https://u:p@h:8/x/y/',
              'http://a/b/c/', 'http://a/b/c/d/e/f', 'file:///tmp/x', 'file:/tmp/x', 'mailto:a@b', 'foo://a/b/c',
              'svn+ssh://h/r/t', 'http://[::1]:80/a/b', 'ftp://h/a;type=i', '', 'a/b/c', '/a/b', '//h/a/b',
              'http://a/b/c/d;p?q=1&r#', 'tel:+1-800', 'data:text/plain,x', 'http://a/..', 'HTTP://A/B/c',
              'http:/a/b', 'http:a/b', 'rtsps://h/a/b', 'rtsp://h/a/b', 'sips:u@h', 'ws://h/a/b', 'wss://h/a/',
              'git+ssh://h/a/b', 'x://h/a/b', 'http://a/b/c/./../d', 'http://a/%2e%2e/b', 'https://h?q',
              'https://h#f', 'http://a/b/c;p', 'nntp://h/g', 'gopher://h/1/a', 'http://a/b//c/d']
JOIN_REFS = RFC_NORMAL + RFC_ABNORMAL + [
    'https:g', 'https://x/y', 'ftp://x/y', 'mailto:z', '//h2', '//h2/p', '///x', '////x', 'g?', '?', '#', 'http://',
    'http:', 'http:?q', 'http:#f', 'HTTP:g', 'HTTPS:g', 'g/..', '...', '/..', '../.', 'a/./b/../../c', '%2e%2e/g',
    'g?q#f#g', ' g', 'g\t/h', '\\g', 'foo:g', 'file:g', '//[::1]/x', 'g;p?q#f', 'c/./../d', 'rtsps:g', 'rtsp:g',
    'ws:g', 'x:g', 'g/', './', '/', '//', '..//g', './/g', 'g//h', '/a/b/../../..', 'é', '?é', '#é', '//[v1.x]/',
    '//[::1', 'http://[::1', 'a:b', '1:2', ':g', '/:g', './g:h', '../../../../../../g', 'g/../../../..',
    '\x00g', '\x1fg', 'g\n', 'g\r\nh']

# text for quote/unquote: pieces chosen to hit every byte class and escape form
TEXT = (list('abcXYZ059-._~ +/%&=?#:;@!$\'()*,[]|"<>\\^`{}') +
        ['é', 'ß', 'ü', '€', '日本', '\U0001f600', '\U0001d11e', '\x00', '\x7f', '\x80', '\xff', '\u00a0', '\n',
         '\t', '\r', '\ufeff', '\ud800', '\udfff', '\udc80', '%2', '%41', '%4', '%g0', '%e2%82%ac', '%E2%82',
         '%zz', '%%', '%0', '%ff', '%FF', '%C3%A9', '%c3', '%2B', '%20', '%2f', '%00', '%ED%A0%80', '%F0%9F%98%80',
         '%80', '%C0%AF', '%EF%BB%BF', 'Ā', 'Ω', 'я', 'ع', 'ก', '\u2028'])
SAFES = ['', '/', ':/', '~', 'é', '%', ' ', '/?&=', "!$&'()*+,;=:@", 'abc', '+', '/%', '\x00', '-._~', '€/',
         '\U0001f600', '%20', 'ABCxyz0189']
Q_ENCODINGS = [None, 'utf-8', 'UTF8', 'utf_8', 'latin-1', 'latin1', 'iso-8859-1', 'ascii', 'us-ascii', 'cp1252',
               'utf-16', 'utf-16-le', 'utf-16-be', 'utf-32', 'utf-8-sig', 'koi8-r', 'gbk', 'gb18030', 'big5',
               'shift_jis', 'euc-jp', 'euc-kr', 'gb2312', 'nope', 'rot13', 'hex', 'base64']
Q_ERRORS = [None, 'strict', 'replace', 'ignore', 'xmlcharrefreplace', 'backslashreplace', 'namereplace',
            'surrogateescape', 'surrogatepass', 'bogus']
U_ENCODINGS = [None, 'utf-8', 'UTF-8', 'latin-1', 'ascii', 'cp1252', 'utf-16', 'utf-16-le', 'utf-16-be',
               'utf-32-le', 'utf-8-sig', 'koi8-r', 'gbk', 'gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr',
               'nope', 'hex', 'rot13']
U_ERRORS = [None, 'replace', 'strict', 'ignore', 'backslashreplace', 'surrogateescape', 'surrogatepass',
            'xmlcharrefreplace', 'bogus']


def _no_pairs(s):
    """Split a lone high surrogate from a following low one: as two JSON escapes on the wire they
    would read back as one astral character."""
    return re.sub('([\ud800-\udbff])(?=[\udc00-\udfff])', '\\1-', s)


def _text(rng, lo=0, hi=10):
    return _no_pairs(''.join(rng.choice(TEXT) for _ in range(rng.randint(lo, hi))))


def _maybe_get(rng, fn, args, p, compare=None):
    """The POST case, or with probability p its GET form (when every value can travel in a query)."""
    if rng.random() < p and all(v is not None and (not isinstance(v, str) or wire_ok(v)) for v in args.values()):
        return get_case(P + fn, compare=compare, **args)
    return case(P + fn, args, compare=compare)


QS_PIECES = list('ab=&;+%xyz1') + ['%20', '%3D', '%26', '%3B', '==', '&&', ';;', 'é', '%zz', '%C3%A9', '%c3',
                                   ' ', '%', '+', '=&=', 'key', 'val', '\x00', '%00', '€', '\ud800', '%2B', '#',
                                   '?', '[]', 'a[0]']
SEPARATORS = ['&', ';', '&&', '=', 'ab', ',', '+', '%', ' ', 'é', '&;']

VALUES = ['x', 'a b', 'é', '€', '', '&=+', '/', '~', '%41', 'ü/ö?', '\U0001f600', '\ud800', True, False, None, 0,
          -1, 7, 1.5, 1e16, 0.1, -0.0, 1e-7, 1e22, 3.0, 2 ** 70, -(2 ** 64), 123456789.0, float('1e300'),
          [1, 2], ['a', 'b'], [], ['é', 'x y'], [True, None], [[1, 2], 'z'], {'k': 'v'}, {}, {'a': 1, 'b': [2]},
          ['\ud800']]
KEYS = ['a', 'b', 'key', 'a b', 'é', '&', '=', '', 'x/y', '€', 'k+1', '\U0001f600', '%20']


# ------------------------------------------------------------------ random cases

def _split_cases(rng, n):
    out = []
    for _ in range(n):
        args = {'urlstring': _url(rng)}
        if rng.random() < 0.25:
            args['scheme'] = rng.choice(['http', 'https', 'ftp', 'x', '', ' http ', 'HTTP', '\thttp\n', 'a b',
                                         'é', '1x'])
        if rng.random() < 0.25:
            args['allow_fragments'] = rng.random() < 0.5
        out.append(_maybe_get(rng, rng.choice(['urlparse', 'urlsplit']), args, 0.1))
    return out


def _unsplit_cases(rng, n):
    out = []
    for _ in range(n):
        comps = [rng.choice(SCHEMES[:12] + ['', '', 'HTTP', 'x', 'a b', 'mailto']),
                 rng.choice(['', '', 'h', 'u@h:1', '[::1]', 'h:80', 'é', '@', ':']),
                 rng.choice(PATHS + ['//p', 'p', ':p', 'a:b']),
                 rng.choice(['', '', 'p', 'a;b', ';']),
                 rng.choice(['', '', 'q=1', '?', 'a&b', '#']),
                 rng.choice(['', '', 'f', '#', 'a#b', '?'])]
        if rng.random() < 0.5:
            del comps[3]
            out.append(case(P + 'urlunsplit', {'components': comps}))
        else:
            out.append(case(P + 'urlunparse', {'components': comps}))
    return out


def _join_cases(rng, n):
    out = []
    for _ in range(n):
        base = rng.choice(JOIN_BASES) if rng.random() < 0.75 else _url(rng)
        ref = rng.choice(JOIN_REFS) if rng.random() < 0.75 else _url(rng)
        args = {'base': base, 'url': ref}
        if rng.random() < 0.2:
            args['allow_fragments'] = rng.random() < 0.3
        out.append(_maybe_get(rng, 'urljoin', args, 0.08))
    return out


def _codec_cases(rng, n, fns, safes, encodings, errors, longest):
    """quote / quote_plus (safes given) or unquote / unquote_plus (safes None) of random text."""
    out = []
    for _ in range(n):
        fn = rng.choice(fns)
        args = {'string': _text(rng, 0, longest)}
        if safes and rng.random() < 0.5:
            args['safe'] = rng.choice(safes)
        if rng.random() < 0.35:
            args['encoding'] = rng.choice(encodings)
        if rng.random() < 0.35:
            args['errors'] = rng.choice(errors)
        out.append(_maybe_get(rng, fn, args, 0.08))
    return out


def _query(rng):
    if rng.random() < 0.5:
        return {_text(rng, 0, 3) if rng.random() < 0.3 else rng.choice(KEYS): rng.choice(VALUES)
                for _ in range(rng.randint(0, 4))}
    return [[rng.choice(KEYS + [1, True, None, 2.5, 0, -0.0]), rng.choice(VALUES)]
            for _ in range(rng.randint(0, 4))]


def _urlencode_cases(rng, n):
    out = []
    for _ in range(n):
        args = {'query': _query(rng)}
        if rng.random() < 0.5:
            args['doseq'] = rng.random() < 0.6
        if rng.random() < 0.3:
            args['safe'] = rng.choice(SAFES)
        if rng.random() < 0.3:
            args['quote_via'] = rng.choice(['quote', 'quote_plus'])
        if rng.random() < 0.25:
            args['encoding'] = rng.choice(['latin-1', 'ascii', 'utf-8', 'cp1252', 'utf-16-le', None, 'nope'])
        if rng.random() < 0.25:
            args['errors'] = rng.choice(['strict', 'replace', 'ignore', 'xmlcharrefreplace', 'backslashreplace',
                                         None, 'bogus'])
        out.append(case(P + 'urlencode', args))
    return out


def _qs(rng):
    return _no_pairs(''.join(rng.choice(QS_PIECES) for _ in range(rng.randint(0, 14))))


def _parse_qs_cases(rng, n):
    out = []
    for _ in range(n):
        fn = rng.choice(['parse_qs', 'parse_qsl'])
        args = {'qs': _qs(rng)}
        if rng.random() < 0.5:
            args['keep_blank_values'] = rng.random() < 0.5
        if rng.random() < 0.35:
            args['strict_parsing'] = rng.random() < 0.6
        if rng.random() < 0.25:
            args['max_num_fields'] = rng.choice([0, 1, 2, 3, 4, 5, 10, None, -1])
        if rng.random() < 0.25:
            args['separator'] = rng.choice(SEPARATORS)
        out.append(_maybe_get(rng, fn, args, 0.1, 'ordered' if fn == 'parse_qs' else None))
    return out


def _defrag_cases(rng, n):
    out = []
    for _ in range(n):
        out.append(_maybe_get(rng, 'urldefrag', {'url': _url(rng)}, 0.1))
    return out


def cases(rng):
    return (_split_cases(rng, 450) + _unsplit_cases(rng, 100) + _join_cases(rng, 250) + _defrag_cases(rng, 50) +
            _codec_cases(rng, 200, ['quote', 'quote_plus'], SAFES, Q_ENCODINGS, Q_ERRORS, 10) +
            _codec_cases(rng, 160, ['unquote', 'unquote_plus'], None, U_ENCODINGS, U_ERRORS, 14) +
            _urlencode_cases(rng, 160) +
            _parse_qs_cases(rng, 200) + _urlparse_bytes_cases.cases(rng))


# ------------------------------------------------------------------ curated cases

CURATED_URLS = [
    'http://user:pa:ss@[::1]:8080/p;a?q=1#f', 'http://[::1', 'http://::1]/', 'http://[1.2.3.4]/', 'http://[v1.x]/',
    'http://[v1.fe80::a+en1]:80/', 'http://[vz.x]/', 'http://[v.x]/', 'http://a@b@c:d@host:99/', 'http://h:65535/',
    'http://h:65536/', 'http://h:0/', 'http://h:-0/', 'http://h:1_0/', 'http://h:\u0661\u0662/', 'http://h: 1/',
    'http://h:/', 'http://[::1]:/', 'http://h:80:80/', 'http://[::1]:80:80/', 'http://a[::1]/', 'http://[::1]a/',
    'http://[::1]]/', 'http://u@[::1]:8/', 'http://u@a[::1]/', 'HTTP://EXAMPLE.COM:80/A',
    'git+ssh://git@github.com/x/y.git', 'a.b-c+d://x/y', '1abc://x/y', 'path:80', 'localhost:8080', 'mailto:a@b.c',
    'urn:isbn:0451450523', 'file:///etc/passwd', 'file:/tmp', 'file://localhost/c:/x', '//netloc/only', '///three',
    '////four', 'http:///nohost', 'http://@/', 'http://:@:/', 'http://%75ser@h/', 'http://ex.com\uff03x/',
    'http://ex\u2100.com/', 'http://ex\u2100.com@x/', 'http://ü.com/ä?ö#ß', ' \t\x00http://x.com/a\tb\nc\r ',
    'http://x.com/a b', 'http://x.com/%zz%', 'http://x.com/;', 'http://x.com/a;p/b;q?r#s', 'http://x.com?q',
    'http://x.com#f', 'http://x.com#', 'http://x.com?', 'rtsps://h/p;x?q#f', 'rtsp://h/p;x', 'sips:u@h;p',
    'sip:alice@atlanta.com;transport=tcp', 'tel:+1-816-555-1212', 'data:text/plain;base64,SGk=', 'javascript:alert(1)',
    '', ' ', '\x00', 'http:', 'http:/', 'http://', 'http://h?x#y?z', 'http://h#x?y', 'HtTp://H/', 'x:y:z', 'x://',
    'a:', ':', '::', ':a', 'a:b/c', 'a/b:c', 'h\u0130tp://x/', 'http://\u00e9x\u00e1mple.com:8\u0661/',
    'http://xn--n3h.com/', 'http://h:65535x/', 'http://h:00000000000000080/', 'http://[fe80::1%25en0]:80/',
    'http://[FE80::1%en0]/', 'http://[::ffff:1.2.3.4]/', 'http://[::1.2.3.4]/', 'http://[1::2::3]/',
    'http://[v1.]/', 'http://[v1]/', 'http://[vAB.cd]/', 'http://a:b@[::1]:c/', 'http://h:+80/',
    'http://h:\uff18\uff10/', 'http://h:8\u200b0/', 'https://h:443', 'ftp://h:21/a;type=i', 'http://h/\ud800',
    'http://\ud800/', 'http://h:\ud800/', '\u3000http://x/', '\ufeffhttp://x/', '\x7fhttp://x/',
]


def _c(fn, args, compare=None):
    return case(P + fn, args, compare=compare)


def _curated_split():
    c = []
    for u in CURATED_URLS:
        for fn in ('urlparse', 'urlsplit'):
            c.append(_c(fn, {'urlstring': u}))
            c.append(_c(fn, {'urlstring': u, 'allow_fragments': False}))
        c.append(_c('urlparse', {'urlstring': u, 'scheme': 'https'}))
        c.append(_c('urldefrag', {'url': u}))
    for fn in ('urlparse', 'urlsplit'):
        c += [_c(fn, {'urlstring': 'x', 'scheme': s}) for s in ('', 'http', ' \thttp\n ', 'H T', 'é', '\x00a')]
        c.append(get_case(P + fn, urlstring='http://h:99/p?q#f'))
        c.append(get_case(P + fn, urlstring='//h/p', scheme='ftp', allow_fragments=False))
        c.append(get_case(P + fn, query='urlstring=http%3A%2F%2Fh%3A1%2F&allow_fragments=maybe'))
        c.append(get_case(P + fn, query='urlstring=a&urlstring=http%3A%2F%2Flast%2F'))
        c.append(get_case(P + fn, query='scheme=http'))
        c.append(_c(fn, {}))
        c.append(_c(fn, {'urlstring': 5}))
        c.append(_c(fn, {'urlstring': None}))
        c.append(_c(fn, {'urlstring': 'x', 'scheme': None}))
        c.append(_c(fn, {'urlstring': 'x', 'allow_fragments': 1}))
        c.append(_c(fn, {'urlstring': 'x', 'bogus': 1}))
    return c


def _curated_unsplit_join():
    """urlunparse / urlunsplit (incl. the 400s of the components list), urljoin."""
    c = []
    for comps in [['http', 'h', '/p', 'a', 'q', 'f'], ['', '', '', '', '', ''], ['http', '', '', '', '', ''],
                  ['', 'h', 'p', '', '', ''], ['file', '', '/tmp', '', '', ''], ['file', '', 'tmp', '', '', ''],
                  ['mailto', '', 'a@b', '', '', ''], ['http', 'h', '//p', '', '', ''], ['', '', '//p', '', '', ''],
                  ['x', '', 'a:b', '', '', ''], ['', '', 'a:b', '', '', ''], ['http', 'h', 'p', ';x', '?y', '#z'],
                  ['HTTP', 'H', '/', '', '', '']]:
        c.append(_c('urlunparse', {'components': comps}))
        c.append(_c('urlunsplit', {'components': comps[:3] + comps[4:]}))
    for bad in [[], ['a'] * 5, ['a'] * 7, ['a', 'b', 'c', 'd', 'e', 1], ['a', None, 'c', 'd', 'e', 'f'], 'abcdef',
                {'a': 1}, None]:
        c.append(_c('urlunparse', {'components': bad}))
        c.append(_c('urlunsplit', {'components': bad}))
    c.append(get_case(P + 'urlunsplit', query='components=%5B%22a%22%5D'))
    # urljoin: the RFC 3986 table, both allow_fragments, and GET
    for ref in RFC_NORMAL + RFC_ABNORMAL:
        c.append(_c('urljoin', {'base': RFC_BASE, 'url': ref}))
        c.append(_c('urljoin', {'base': RFC_BASE, 'url': ref, 'allow_fragments': False}))
    for base in JOIN_BASES:
        for ref in ['', 'g', '../g', '//h/x', '?y', '#s', 'http:g', '/g;x?y#s', 'https://z/']:
            c.append(_c('urljoin', {'base': base, 'url': ref}))
    c.append(get_case(P + 'urljoin', base='http://a/b/c/d;p?q', url='../g'))
    c.append(get_case(P + 'urljoin', base='http://a/b/', url='c#d', allow_fragments=False))
    c.append(_c('urljoin', {'base': 'http://a/', 'url': None}))
    c.append(_c('urljoin', {'url': 'g'}))
    return c


def _curated_quote():
    """quote / quote_plus / unquote / unquote_plus: every codec and error-handler family."""
    c = []
    combos = [(None, None), ('latin-1', None), ('latin-1', 'replace'), ('latin-1', 'ignore'),
              ('ascii', 'xmlcharrefreplace'), ('ascii', 'backslashreplace'), ('ascii', 'namereplace'),
              ('utf-8', 'surrogatepass'), ('utf-8', 'surrogateescape'), ('utf-16', None),
              ('utf-16-be', 'surrogatepass'), ('cp1252', 'strict'), ('gbk', 'replace'),
              ('shift_jis', None), ('nope', None), ('rot13', None), (None, 'bogus'), ('ascii', 'bogus')]
    for i, s in enumerate(['', 'abc', 'a b&c=d/e?f', 'é€\U0001f600', '\ud800x', 'x\udfff', '\udc80\udcff', 'ÿ',
                           'Ω', '~._-', "!$&'()*+,;=:@/?#[]", '\x00\x01\x7f', '%41%', 'a+b']):
        for j in range(7):
            enc, err = combos[(i * 7 + j) % len(combos)]
            for fn in ('quote', 'quote_plus'):
                args = {'string': s}
                if enc is not None:
                    args['encoding'] = enc
                if err is not None:
                    args['errors'] = err
                c.append(_c(fn, args))
    for safe in SAFES:
        c.append(_c('quote', {'string': "a b/c:d~e%f?g&h=i+j€k", 'safe': safe}))
        c.append(_c('quote_plus', {'string': "a b/c:d~e%f?g&h=i+j€k", 'safe': safe}))
    c.append(_c('quote', {'string': 'x', 'encoding': None, 'errors': None}))
    c.append(_c('quote', {'string': 'x', 'safe': None}))
    c.append(_c('quote', {'string': 1}))
    c.append(_c('quote_plus', {}))
    c.append(get_case(P + 'quote', string='a b/é'))
    c.append(get_case(P + 'quote', string='a b/é', safe=''))
    c.append(get_case(P + 'quote_plus', string='a b+c', encoding='latin-1'))
    # unquote / unquote_plus
    ucombos = [(None, None), ('latin-1', None), ('ascii', 'strict'), ('utf-8', 'strict'), ('utf-8', 'ignore'),
               ('utf-8', 'backslashreplace'), ('utf-8', 'surrogateescape'), ('utf-8', 'surrogatepass'),
               ('cp1252', 'strict'), ('utf-16-le', None), ('gbk', None), ('nope', None), ('hex', None),
               ('utf-8', 'bogus'), ('ascii', 'xmlcharrefreplace')]
    for i, s in enumerate(['', 'abc', '%41%42', '%e2%82%ac', '%E2%82', '%E2%82x', '%zz', '%', '%%', '%4', '%41%', 'a+b%20c',
              '%C3%A9', '%E9', '%ff%fe', '%ED%A0%80', '%F0%9F%98%80', '%80', '%c0%af', '%EF%BB%BFx', '%00', '+',
              '%2B', 'é%20', '%u0041', '%\u0661\u0662', '%\uff11\uff12', '%1\u0662', '%2\xb2']):
        for j in range(5):
            enc, err = ucombos[(i * 5 + j) % len(ucombos)]
            for fn in ('unquote', 'unquote_plus'):
                args = {'string': s}
                if enc is not None:
                    args['encoding'] = enc
                if err is not None:
                    args['errors'] = err
                c.append(_c(fn, args))
    c.append(_c('unquote', {'string': '%41', 'encoding': None, 'errors': None}))
    c.append(get_case(P + 'unquote', string='%E2%82%AC+x'))
    c.append(get_case(P + 'unquote_plus', string='%E2%82%AC+x'))
    c.append(get_case(P + 'unquote_plus', query='string=%25E9&encoding=latin-1'))
    c.append(_c('unquote', {'string': ['%41']}))
    return c


def _curated_query():
    """urlencode, parse_qs / parse_qsl (every option, every error), urldefrag, methods."""
    c = []
    uextras = [{'doseq': True}, {'quote_via': 'quote'}, {'doseq': True, 'quote_via': 'quote', 'safe': '/ '},
               {'encoding': 'latin-1'}, {'encoding': 'ascii', 'errors': 'xmlcharrefreplace'},
               {'doseq': True, 'encoding': 'ascii', 'errors': 'strict'}, {'doseq': True, 'encoding': 'nope'}]
    for i, q in enumerate([{}, [], {'a': 1, 'b': 'x y'}, [['a', 1], ['a', 2]], {'a': [1, 2, 3]}, {'a': []}, {'a': ''},
              {'a': None}, {'a': True}, {'a': 1.5}, {'a': 1e16}, {'a': -0.0}, {'a': 2 ** 100}, {'a': {'k': 1}},
              {'a': ['x', ['y']]}, {'é': 'ü'}, {'a': '\ud800'}, [['\ud800', 'x']], [[1, 2], [None, True]],
              {'a': 'é', 'b': ['é', 'x']}, {'a': float('inf')}, {'a': float('nan')}, {'a': ['\U0001f600']},
              {'a': '~-._ !*'}]):
        for j in range(4):
            extra = uextras[(i * 4 + j) % len(uextras)] if j else {}
            c.append(_c('urlencode', dict({'query': q}, **extra)))
    for bad in ['a=1', 5, None, [['a']], [['a', 1, 2]], ['ab'], [{'a': 1}], True]:
        c.append(_c('urlencode', {'query': bad}))
    c.append(_c('urlencode', {'query': {'a': 1}, 'quote_via': 'quote_from_bytes'}))
    c.append(_c('urlencode', {'query': {'a': 1}, 'quote_via': None}))
    c.append(_c('urlencode', {'query': {'a': 1}, 'doseq': 'yes'}))
    c.append(_c('urlencode', {}))
    c.append(get_case(P + 'urlencode', query='query=%7B%22a%22%3A1%7D'))
    # parse_qs / parse_qsl: every option, every error
    qextras = [{'keep_blank_values': True}, {'strict_parsing': True},
               {'strict_parsing': True, 'keep_blank_values': True}, {'max_num_fields': 2}, {'max_num_fields': 0},
               {'separator': ';'}, {'separator': ';', 'strict_parsing': True}, {'separator': 'b'}]
    for i, qs in enumerate(['', 'a=1', 'a=1&a=2&b=3', 'a=1;b=2', 'a', 'a=', '=1', '=', '&', '&&a=1&&', 'a=1&b', 'a=b=c',
               'a+b=c+d', 'a%20b=c%2Bd', '%zz=%zz', 'é=ü', '%C3%A9=%E9', 'a=1&a=', 'a&a=1', ' a = 1 ', 'a=1&%00=x',
               'a=%ED%A0%80', 'a=\ud800', 'k=v#f', 'x=1&x=2&x=3&y=4&z=5']):
        for fn in ('parse_qs', 'parse_qsl'):
            compare = 'ordered' if fn == 'parse_qs' else None
            for j in range(4):
                extra = qextras[(i * 4 + j) % len(qextras)] if j else {}
                c.append(_c(fn, dict({'qs': qs}, **extra), compare))
    for fn in ('parse_qs', 'parse_qsl'):
        compare = 'ordered' if fn == 'parse_qs' else None
        for extra in [{'separator': ''}, {'separator': None}, {'max_num_fields': -1}, {'max_num_fields': 2 ** 70},
                      {'max_num_fields': 1.0}, {'max_num_fields': '2'}, {'keep_blank_values': 'true'},
                      {'strict_parsing': None}, {'separator': 5}, {'qs2': 'x'}]:
            c.append(_c(fn, dict({'qs': 'a=1&b=2&c=3'}, **extra), compare))
        c.append(_c(fn, {}, compare))
        c.append(get_case(P + fn, compare=compare, qs='a=1&b=2&a=3'))
        c.append(get_case(P + fn, compare=compare, qs='a=1;b', keep_blank_values=True, separator=';'))
        c.append(get_case(P + fn, compare=compare, qs='a=1&b=2', max_num_fields=1))
        c.append(get_case(P + fn, compare=compare, qs='a', strict_parsing=True))
        c.append(get_case(P + fn, compare=compare, query='qs=a%3D1&max_num_fields=x'))
        c.append(get_case(P + fn, compare=compare, query='qs=a%3D1&keep_blank_values=1'))
        c.append(get_case(P + fn, compare=compare, query=''))
    c.append(_c('urldefrag', {}))
    c.append(_c('urldefrag', {'url': 1}))
    c.append(get_case(P + 'urldefrag', url='http://h/p#f'))
    c.append(get_case(P + 'urldefrag', url='http://h/p#'))
    c.append(case(P + 'urlparse', {'urlstring': 'x'}, method='PUT'))
    c.append(case(P + 'urlencode', None, method='GET'))
    return c


def curated():
    return (_curated_split() + _curated_unsplit_join() + _curated_quote() + _curated_query() +
            _urlparse_bytes_cases.curated())
