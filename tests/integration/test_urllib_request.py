#!/usr/bin/env python3
"""urlopen edge cases against CPython's own urllib.request (the oracle) on a
loopback upstream run here: header folding and duplicates, odd status lines,
chunked bodies, redirect corner cases (relative, spaces, non-ASCII Location,
303 after POST, 307 after POST, 'URI:', no Location), request-validation
errors.  The service runs with --allow-net 127.0.0.1/32.  Loopback only."""
import base64
import json
import socket
import socketserver
import threading
import urllib.error
import urllib.request

from harness import Server, Tests, bin_from_argv

RAW = {
    '/fold': b'HTTP/1.1 200 OK\r\nX-Fold: a\r\n  b\r\n\tc\r\nContent-Length: 2\r\n\r\nok',
    '/dup': b'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nX-Sp:   v  \r\nContent-Length: 0\r\n\r\n',
    '/reason': b'HTTP/1.1 200   Very   Fine  \r\nContent-Length: 0\r\n\r\n',
    '/noreason': b'HTTP/1.1 204\r\n\r\n',
    '/latin': b'HTTP/1.1 200 \xc9t\xe9\r\nX-L: caf\xe9\r\nContent-Length: 0\r\n\r\n',
    '/chunked': b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n',
    '/http10': b'HTTP/1.0 200 OK\r\n\r\nuntil close',
    '/short': b'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc',
    '/rel': b'HTTP/1.1 302 Found\r\nLocation: ../x/./y?z#f\r\nContent-Length: 0\r\n\r\n',
    '/space': b'HTTP/1.1 301 Moved\r\nLocation: /a b\xe9\r\nContent-Length: 0\r\n\r\n',
    '/uri': b'HTTP/1.1 302 Found\r\nURI: /dup\r\nContent-Length: 0\r\n\r\n',
    '/noloc': b'HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n',
    '/see': b'HTTP/1.1 303 See Other\r\nLocation: /dup\r\nContent-Length: 0\r\n\r\n',
    '/temp': b'HTTP/1.1 307 Temporary\r\nLocation: /dup\r\nContent-Length: 0\r\n\r\n',
    '/perm': b'HTTP/1.1 308 Permanent\r\nLocation: /dup\r\nContent-Length: 0\r\n\r\n',
    '/mailto': b'HTTP/1.1 302 Found\r\nLocation: mailto:x@y\r\nContent-Length: 0\r\n\r\n',
    '/nopath': b'HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:PORT\r\nContent-Length: 0\r\n\r\n',
    '/300': b'HTTP/1.1 300 Multiple\r\nLocation: /dup\r\nContent-Length: 0\r\n\r\n',
    '/nothing': b'',
}


class Upstream(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class H(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline(65537).decode('latin-1')
        n = 0
        while True:
            h = self.rfile.readline(65537)
            if h in (b'\r\n', b'\n', b''):
                break
            if h.lower().startswith(b'content-length:'):
                n = int(h.split(b':')[1])
        if n:
            self.rfile.read(n)
        path = line.split()[1] if len(line.split()) > 1 else '/'
        key = path.split('?')[0].split('#')[0]
        if key == '/':
            key = '/dup'
        raw = RAW.get(key, b'HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s' % (len(path), path.encode('latin-1')))
        self.wfile.write(raw.replace(b'PORT', str(self.server.server_address[1]).encode()))


def py(args):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        req = urllib.request.Request(args['url'], data=None if args.get('data') is None else args['data'].encode(),
                                     headers=args.get('headers', {}), method=args.get('method'))
        with opener.open(req, timeout=5) as r:
            body = r.read()
            return {"status": r.status, "reason": r.reason, "url": r.url,
                    "headers": [[k, v] for k, v in r.headers.items()],
                    "body": base64.b64encode(body).decode()}, None
    except Exception as e:  # noqa: BLE001
        t = type(e)
        name = t.__qualname__ if t.__module__ == 'builtins' else f"{t.__module__}.{t.__qualname__}"
        return None, (name, str(e))


class T(Tests):
    def __init__(self, srv, port):
        self.srv, self.port = srv, port

    def test_against_cpython(self):
        u = f'http://127.0.0.1:{self.port}'
        cases = [{'url': u + p} for p in RAW] + [
            {'url': u + '/see', 'data': 'x'}, {'url': u + '/temp', 'data': 'x'}, {'url': u + '/rel', 'method': 'HEAD'},
            {'url': u + '/a#b#c'}, {'url': u + '?q=1'}, {'url': u + '/p?x#'}, {'url': u + '/%7e/a/../b'},
            {'url': u + '/x', 'headers': {'X-a': 'v\r\n x'}}, {'url': u + '/x', 'headers': {'X a': '1'}},
            {'url': u + '/x', 'headers': {'X': 'a\nb'}}, {'url': u + '/x', 'headers': {'': 'x'}},
            {'url': u + '/x', 'headers': {'\u00e9': 'x'}}, {'url': u + '/x', 'headers': {'X': '\u00e9\u20ac'}},
            {'url': u + '/x', 'method': 'GE\nT'}, {'url': u + '/\u00e9'}, {'url': u + '/a b'},
            {'url': f'http://127.0.0.1:{self.port}x/'}, {'url': 'http:///x'}, {'url': 'x'},  # ftp: pyref's opener has no FTPHandler (unknown url type)
            {'url': 'http://[::1'}, {'url': u + '/x', 'headers': {'X-Empty': ''}}, {'url': ' <URL:' + u + '/w> '},
            {'url': u + '/x', 'method': 'post'}, {'url': u + '/x', 'data': ''},
        ]
        bad = []
        for args in cases:
            exp, exc = py(args)
            st, got = self.srv.post('/v1/urllib/request/urlopen', args)
            if exp is not None:
                g = got.get('result') if st == 200 else None
                if g is None or any(g.get(k) != exp[k] for k in ('status', 'reason', 'url', 'body')) or \
                        [h for h in g['headers'] if h[0].lower() != 'date'] != exp['headers']:
                    bad.append(f"{args}: expected {exp}, got {st} {got}")
            else:
                e = got.get('error', {})
                if st != 422 or e.get('type') != exc[0] or e.get('message') != exc[1]:
                    bad.append(f"{args}: expected {exc}, got {st} {got}")
        for b in bad:
            print(b)
        assert not bad, f"{len(bad)} of {len(cases)} differ"


if __name__ == '__main__':
    up = Upstream(('127.0.0.1', 0), H)
    threading.Thread(target=up.serve_forever, daemon=True).start()
    try:
        with Server(bin_from_argv(), args=["--allow-net", "127.0.0.1/32"]) as s:
            T(s, up.server_address[1]).run()
    finally:
        up.shutdown()
        up.server_close()
