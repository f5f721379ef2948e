"""The network cases of urllib.request and robotparser's robots_url, against the deterministic
upstream of tests/conformance/upstream.py (tools/golden/gen_net.py generates them, run_net.py plays
them).  Ports are placeholders: {PORT} and {PORT2} are two upstreams on 127.0.0.1, {CLOSED} a port
nothing listens on.

* allow: the service runs with --allow-net 127.0.0.1/32: real answers (bodies, headers, statuses,
  every redirect code with GET/POST/HEAD/PUT, redirect limits and loops, schemes a redirect may
  not reach, timeouts, short bodies, urlretrieve into the sandbox, robots.txt over HTTP with
  every status family), and what stays refused (127.0.0.2, ::1, 0.0.0.0, other schemes).  Nothing
  connects over IPv6 (a CI container may have none); localhost is assumed to reach 127.0.0.1.
* deny: the service runs without --allow-net: every one of these targets is refused, nothing is
  written, and (run_net.py checks it) no connection reaches an upstream.
"""
import urllib.parse

from .common import case, steps

RQ = '/v1/urllib/request/'
RP = '/v1/urllib/robotparser/'
A = 'http://127.0.0.1:{PORT}'
B = 'http://127.0.0.1:{PORT2}'


def _to(target):
    """A Location for /redirect/<code>?to=...: quoted, the placeholders kept as they are."""
    return urllib.parse.quote(target, safe='{}/:')


def _open(url, compare=None, **extra):
    return case(RQ + 'urlopen', dict({'url': url}, **extra), compare=compare)


REDIRECT_TARGETS = ['/text', A + '/json', B + '/text', '//127.0.0.1:{PORT}/text', '/text#frag', '/a b', '/caf\u00e9',
                    '?q=1', '/echo?x=1&y=%20', 'HTTP://127.0.0.1:{PORT}/text', 'http://localhost:{PORT}/text',
                    'file:///etc/passwd', 'ftp://127.0.0.1:{PORT2}/x', 'javascript:alert(1)', 'data:,x',
                    'http://127.0.0.2:{PORT}/text', 'http://[::1]:{PORT}/text', 'http://0.0.0.0:{PORT}/text',
                    'https://127.0.0.2:{PORT}/', 'http://127.0.0.1:{CLOSED}/', '', '/redirect/302?to=/json',
                    '/status/404', '/loop']
STATUSES = [200, 201, 202, 203, 204, 205, 206, 226, 299, 300, 304, 305, 306, 400, 401, 402, 403, 404, 405, 406, 408,
            409, 410, 413, 414, 418, 422, 429, 451, 500, 501, 502, 503, 504, 505, 511, 599]
BODIES = ['/text', '/json', '/bin', '/empty', '/big', '/nolength', '/chunked', '/gzip', '/latin1-header', '/headers',
          '/reason', '/short', '/nowhere', '/text?q=a%20b&r=%C3%A9', '/text#frag', '/echo?x=1#f', '/robots.txt',
          '/%7Etext', '/text?', '/text/']


# upstream.RAW: responses written byte for byte (folded and odd headers, trailers, 1xx, malformed)
RAW_NAMES = ['folded', 'spacing', 'noreason', 'emptyreason', 'until-close', 'lf-only', 'utf8-header', 'chunked-ext',
             'continue', 'nothing', 'no-status-line', 'status600', 'two-lengths', 'cookies', 'redirect-dots',
             'redirect-two', 'redirect-latin1', 'continue-trailer', 'status-unfinished', 'status-empty-line',
             'status-binary', 'status-lowercase', 'status-too-long', 'status-longest']


def allow_curated():
    c = []
    for p in BODIES:
        c.append(_open(A + p))
    for name in RAW_NAMES:
        c.append(_open(f'{A}/raw/{name}'))
    c.append(_open(f'{A}/raw/chunked-ext', method='POST', data='x'))
    c.append(_open('HTTP://127.0.0.1:{PORT}/text'))
    c.append(_open('http://localhost:{PORT}/json'))
    c.append(_open('http://127.0.0.1:{PORT}'))
    for code in STATUSES:
        c.append(_open(f'{A}/status/{code}'))
    c.append(_open(f'{A}/status/404', method='HEAD'))
    c.append(_open(f'{A}/status/500', data='x'))
    # methods, bodies and request headers (the upstream echoes them)
    for extra in [{}, {'data': 'a=1&b=\u00e9'}, {'data': ''}, {'data': 'x' * 20000},
                  {'data': '{"k": 1}', 'headers': {'Content-Type': 'application/json', 'X-Test': 'v1'}},
                  {'method': 'PUT', 'data': 'put-body'}, {'method': 'DELETE'}, {'method': 'PATCH', 'data': ''},
                  {'method': 'OPTIONS'}, {'method': 'POST'}, {'method': 'GET', 'data': 'body on GET'},
                  {'method': 'HEAD'}, {'method': 'get'}, {'method': 'BREW', 'data': 'coffee'},
                  {'headers': {'x-test': 'lower', 'X-OTHER': 'upper'}}, {'headers': {'X-Test': ''}},
                  {'headers': {'X-Test': 'caf\u00e9'}}, {'headers': {'Content-Length': '0'}, 'data': ''},
                  {'headers': {'content-type': 'text/x-mine'}, 'data': 'q'}, {'timeout': 30}, {'timeout': 0.5}]:
        c.append(_open(A + '/echo', **extra))
    c.append(_open(A + '/echo?q=%C3%A9&x', data='x'))
    # redirects: every code, several methods, many targets
    for code in (301, 302, 303, 307, 308):
        for t in REDIRECT_TARGETS:
            c.append(_open(f'{A}/redirect/{code}?to={_to(t)}'))
        for extra in [{'data': 'posted'}, {'method': 'HEAD'}, {'method': 'PUT', 'data': 'x'}, {'method': 'DELETE'},
                      {'method': 'POST'}, {'data': 'x', 'headers': {'Content-Type': 'text/plain', 'X-Test': 'kept'}}]:
            c.append(_open(f'{A}/redirect/{code}?to={_to("/echo")}', **extra))
        c.append(_open(f'{A}/redirect/{code}'))
    for code in (300, 304, 305, 306, 309):
        c.append(_open(f'{A}/redirect/{code}?to={_to("/text")}'))
    c.append(_open(f'{A}/redirect-uri?to={_to("/json")}'))
    for n in (1, 3, 9, 10, 11, 12):
        c.append(_open(f'{A}/chain/{n}'))
    c.append(_open(A + '/loop'))
    c.append(_open(A + '/loop', method='HEAD'))
    # time
    c.append(_open(A + '/slow', timeout=1))
    c.append(_open(A + '/slow-body', timeout=1))
    c.append(_open(A + '/slow-body', timeout=1.5, method='HEAD'))
    # what the allow-list 127.0.0.1/32 still refuses, and the other failures
    for url in ['http://127.0.0.2:{PORT}/text', 'http://[::1]:{PORT}/text', 'http://0.0.0.0:{PORT}/text',
                'http://[::]:{PORT}/', 'http://[::ffff:127.0.0.2]:{PORT}/', 'http://127.0.0.1:{CLOSED}/text',
                'https://127.0.0.2:{PORT}/', 'ftp://127.0.0.1:{PORT}/', 'file:///etc/passwd',
                'http://127.1:{PORT}/text', 'http://2130706433:{PORT}/text', 'http://0x7f000001:{PORT}/text',
                'http://0177.0.0.1:{PORT}/text', 'http://127.000.000.001:{PORT}/text']:
        c.append(_open(url))
    c.append(_open('https://127.0.0.1:{PORT}/text', compare='type'))     # TLS to plain HTTP: OpenSSL's words
    # urlretrieve into the sandbox, then the file
    for i, (path, follow) in enumerate([('/bin', True), ('/json', True), ('/redirect/302?to=/text', True),
                                        ('/empty', True), ('/chunked', True), ('/nolength', True), ('/big', True),
                                        ('/status/404', False), ('/status/500', False), ('/short', True),
                                        ('/loop', False), ('/slow-body', True), ('/redirect/302?to=file:///x', False),
                                        ('/raw/chunked-ext', True), ('/raw/no-status-line', False),
                                        ('/raw/folded', True)]):
        top = f'/g2net-r{i}'
        name = f'{top}/f.bin'
        seq = [case('/v1/os/mkdir', {'path': top}), case(RQ + 'urlretrieve', {'url': A + path, 'filename': name}),
               case('/v1/os/path/exists', {'path': name})]
        if follow:
            seq += [case('/v1/io/read', {'path': name, 'mode': 'rb'}), case('/v1/os/remove', {'path': name})]
        seq.append(case('/v1/os/rmdir', {'path': top}))
        c.append(steps(*seq))
    top = '/g2net-rerr'
    c.append(steps(case('/v1/os/mkdir', {'path': top}), case('/v1/os/mkdir', {'path': top + '/d'}),
                   case(RQ + 'urlretrieve', {'url': A + '/bin', 'filename': top + '/no/such/f'}),
                   case(RQ + 'urlretrieve', {'url': A + '/bin', 'filename': top + '/d'}),
                   case(RQ + 'urlretrieve', {'url': A + '/bin', 'filename': '/'}),
                   case(RQ + 'urlretrieve', {'url': A + '/bin', 'filename': ''}),
                   case(RQ + 'urlretrieve', {'url': A + '/status/404', 'filename': top + '/no/such/f'}),
                   case(RQ + 'urlretrieve', {'url': 'http://127.0.0.2:{PORT}/bin', 'filename': top + '/x'}),
                   case(RQ + 'urlretrieve', {'url': A + '/text', 'filename': top + '/d/../t'}),
                   case('/v1/io/read', {'path': top + '/t'}), case(RQ + 'urlretrieve', {'url': A + '/json',
                                                                                          'filename': top + '/t'}),
                   case('/v1/io/read', {'path': top + '/t'}), case('/v1/os/listdir', {'path': top}),
                   case('/v1/os/remove', {'path': top + '/t'}), case('/v1/os/rmdir', {'path': top + '/d'}),
                   case('/v1/os/rmdir', {'path': top})))
    # robots.txt over HTTP
    for path in ['/robots.txt', '/robots/all', '/robots/empty', '/robots/crlf', '/robots/bom', '/robots/latin1',
                 '/status/404', '/status/410', '/status/401', '/status/403', '/status/500', '/status/503',
                 '/redirect/302?to=/robots/all', '/redirect/301?to=/status/403', '/loop', '/nolength']:
        for fn, ua, target in [('can_fetch', 'figtree', '/tmp/x'), ('can_fetch', 'figtree', '/a<d.html'),
                               ('can_fetch', 'other', '/private/x'), ('can_fetch', 'other', '/private/ok'),
                               ('can_fetch', 'other', '/~joe/'), ('can_fetch', '*', '/'), ('can_fetch', 'x', '/b'),
                               ('crawl_delay', 'figtree', None), ('crawl_delay', 'other', None),
                               ('request_rate', 'figtree', None), ('site_maps', '*', None)]:
            args = {'robots_url': A + path, 'useragent': ua}
            if target is not None:
                args['url'] = target
            c.append(case(RP + fn, args))
    for path in ['/status/304', '/status/300', '/status/299', '/raw/nothing', '/raw/no-status-line', '/raw/chunked-ext',
                 '/redirect/302?to=' + _to('http://127.0.0.2:{PORT}/robots.txt'), '/redirect/302?to=file:///etc/x',
                 '/short', '/gzip', '/bin', '/slow']:
        c.append(case(RP + 'can_fetch', {'robots_url': A + path, 'useragent': 'x', 'url': '/'}))
        c.append(case(RP + 'site_maps', {'robots_url': A + path}))
    for url in ['http://127.0.0.2:{PORT}/robots.txt', 'http://[::1]:{PORT}/robots.txt', 'http://127.0.0.1:{CLOSED}/',
                'ftp://127.0.0.1:{PORT}/robots.txt', 'http://localhost:{PORT}/robots.txt']:
        c.append(case(RP + 'can_fetch', {'robots_url': url, 'useragent': 'x', 'url': '/'}))
    return c


def allow_cases(rng):
    """Random requests over the upstream's routes: paths, methods, data and headers mixed."""
    out = []
    paths = BODIES + [f'/status/{rng.choice(STATUSES)}' for _ in range(20)] + ['/redirect/30%d?to=%s' % (
        rng.choice([1, 2, 3, 7, 8]), _to(rng.choice(REDIRECT_TARGETS[:12]))) for _ in range(20)] + ['/echo'] * 10
    for _ in range(110):
        extra = {}
        if rng.random() < 0.35:
            extra['data'] = rng.choice(['', 'a=1', 'caf\u00e9', '{"k": [1, 2]}', 'line1\nline2'])
        if rng.random() < 0.3:
            extra['method'] = rng.choice(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'])
        if rng.random() < 0.25:
            extra['headers'] = rng.choice([{'X-Test': 'v'}, {'x-other': 'o', 'X-Test': 't'},
                                           {'Content-Type': 'text/plain'}, {'X-Test': 'a, b'}])
        out.append(_open(A + rng.choice(paths), **extra))
    return out


DENY_TARGETS = [A + '/text', B + '/text', A + '/redirect/302?to=/text', A + '/robots.txt', 'https://127.0.0.1:{PORT}/',
                'http://[::1]:{PORT}/text', 'http://127.1:{PORT}/text', 'http://2130706433:{PORT}/text',
                'http://0x7f000001:{PORT}/text', 'http://0177.0.0.1:{PORT}/text', 'http://127.000.000.001:{PORT}/text',
                'http://[::ffff:127.0.0.1]:{PORT}/text', 'http://[::ffff:7f00:1]:{PORT}/text',
                'http://0.0.0.0:{PORT}/text', 'http://[::]:{PORT}/text', 'HTTP://127.0.0.1:{PORT}/text',
                'http://127.0.0.2:{PORT}/text', 'ftp://127.0.0.1:{PORT}/x', 'gopher://127.0.0.1:{PORT}/_GET',
                'dict://127.0.0.1:{PORT}/d:x', 'file:///etc/passwd']


def deny_curated():
    c = []
    for url in DENY_TARGETS:
        c.append(_open(url))
        c.append(_open(url, data='x=1', method='PUT', headers={'X-Test': '1'}))
    c.append(_open('http://localhost:{PORT}/text', compare='type'))
    c.append(_open('https://localhost:{PORT}/text', compare='type'))
    for i, url in enumerate(DENY_TARGETS[:6] + ['http://localhost:{PORT}/bin']):
        name = f'/g2net-d{i}.bin'
        c.append(steps(case(RQ + 'urlretrieve', {'url': url, 'filename': name},
                            compare='type' if 'localhost' in url else None),
                       case('/v1/os/path/exists', {'path': name})))
    for url in [A + '/robots.txt', 'http://[::1]:{PORT}/robots.txt', 'http://localhost:{PORT}/robots.txt',
                B + '/robots/all']:
        for fn, extra in [('can_fetch', {'url': '/'}), ('crawl_delay', {}), ('request_rate', {}), ('site_maps', {})]:
            c.append(case(RP + fn, dict({'robots_url': url, 'useragent': 'figtree'}, **extra),
                          compare='type' if 'localhost' in url else None))
    return c


def deny_cases(rng):
    return []
