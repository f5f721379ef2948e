"""difftest group url: /v1/urllib/parse/* -- urlparse / urlsplit of URLs assembled from odd
schemes, userinfo, hosts (IPv6 and IPvFuture brackets, NFKC traps), ports and paths with
control and whitespace noise inserted; urljoin over RFC 3986's bases and references;
urlunparse / urlunsplit, urldefrag, quote / quote_plus / unquote / unquote_plus with odd safe
sets, encodings and error handlers; urlencode of dicts and pair lists of every JSON type;
parse_qs / parse_qsl with every option.  Key order matters.

Run: python3 tools/difftest --url http://127.0.0.1:PORT --group url [--count N] [--seed S]"""
from . import cascade, pick, rtext, wire
from .codecs import HANDLERS, TCH

COMPARE = 'ordered'

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
    u = cascade(rng, [(0.65, f"{scheme}://{netloc}"), (0.75, f"{scheme}:"), (0.88, f"//{netloc}"),
                      (0.94, f"{scheme}:{netloc}")], '')
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


def case(rng, i):
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
