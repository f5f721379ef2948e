#!/usr/bin/env python3
"""A small deterministic HTTP server for the network conformance cases (urllib.request urlopen /
urlretrieve and robotparser robots_url): loopback only, standard library only, any Python 3.8+.

    python3 tests/conformance/upstream.py [--port N]      # serve on 127.0.0.1 until interrupted

tools/golden/gen_net.py runs it in-process while CPython records its answers, and
tests/conformance/run_net.py runs it while pystd is asked the same: every answer is a pure function
of the request (fixed Server and Date headers, bodies that never contain the port), so the
recorded answers hold on any machine.  Routes:

  /text /json /bin /empty /big /nolength /chunked /gzip /latin1-header /headers /short    bodies
  /raw/<name>      responses written byte for byte, some malformed (RAW)
  /status/<code>   that status ("status <code>\\n" as the body; none for 1xx, 204, 304)
  /reason          299 with the reason phrase "Odd Status"
  /redirect/<code>?to=<location>   a redirect with that Location (no Location when "to" is absent)
  /redirect-uri?to=<location>      302 with a URI header instead of Location
  /chain/<n>       n redirects, then /text         /loop   redirects to itself
  /slow            waits 3 s before answering      /slow-body  sends half the body, waits 3 s
  /echo            the method, body, and the request headers a client sets (X-* names as sent), as JSON
  /robots/<name>   robots.txt files (see ROBOTS); /robots.txt is /robots/main
Anything else is 404.  Every accepted connection is counted (run_net.py's deny mode asserts none).
"""
import argparse
import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DATE = 'Mon, 01 Jan 2024 00:00:00 GMT'
SERVER = 'pystd-golden-upstream/1'
BIN = bytes(range(256)) * 4
BIG = b''.join(b'%06d 0123456789abcdefghijklmnopqrstuvwxyz\n' % i for i in range(2000))
# gzip.compress(b'hello, gzip\n' * 20, mtime=0), kept literal: the bytes never depend on zlib
GZIP = bytes.fromhex('1f8b0800000000000203cb48cdc9c9d75148afca2ce0ca18016c00a4831aacf0000000')
ROBOTS = {
    'main': """# golden upstream robots.txt
User-agent: figtree
Crawl-delay: 3
Request-rate: 9/30
Disallow: /tmp
Disallow: /a%3cd.html

User-agent: *
Crawl-delay: 1
Allow: /private/ok
Disallow: /private/
Disallow: /%7ejoe/

Sitemap: http://127.0.0.1/sitemap.xml
""",
    'all': "User-agent: *\nDisallow: /\n",
    'empty': "",
    'crlf': "User-agent: *\r\nDisallow: /x\r\nCrawl-delay: 7\r\n",
    'bom': "\ufeffUser-agent: *\nDisallow: /b\n",
}


# /raw/<name>: responses written byte for byte, some of them malformed (what a client makes of them)
RAW = {
    'folded': b'HTTP/1.0 200 OK\r\nX-Folded: a\r\n b\r\n\tc\r\nContent-Length: 2\r\n\r\nok',
    'spacing': b'HTTP/1.0 200 OK\r\nX-A:v\r\nX-B:  spaced  \r\nX-C:\t tab\r\nContent-Length: 2\r\n\r\nok',
    'noreason': b'HTTP/1.0 200\r\nContent-Length: 2\r\n\r\nok',
    'emptyreason': b'HTTP/1.0 404 \r\nContent-Length: 2\r\n\r\nno',
    'until-close': b'HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody until close',
    'lf-only': b'HTTP/1.0 200 OK\nX-A: b\nContent-Length: 2\n\nok',
    'utf8-header': b'HTTP/1.0 200 OK\r\nX-U: \xc3\xa9\r\nContent-Length: 2\r\n\r\nok',
    'chunked-ext': (b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n'
                    b'5;ext=1\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n'),
    'continue': b'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok',
    'nothing': b'',
    'no-status-line': b'hello without a status line\r\n',
    'status600': b'HTTP/1.0 600 Beyond\r\nContent-Length: 2\r\n\r\nok',
    'two-lengths': b'HTTP/1.0 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc',
    'cookies': (b'HTTP/1.0 200 OK\r\nSet-Cookie: a=1, b=2\r\nset-cookie: c=3\r\nSET-COOKIE: d=4; Expires=Wed, 21 Oct '
                b'2015 07:28:00 GMT\r\nContent-Length: 2\r\n\r\nok'),
    'redirect-dots': b'HTTP/1.0 302 Found\r\nLocation: ../../text?x#y\r\nContent-Length: 0\r\n\r\n',
    'redirect-two': b'HTTP/1.0 302 Found\r\nLocation: /json\r\nLocation: /text\r\nContent-Length: 0\r\n\r\n',
    'redirect-latin1': b'HTTP/1.0 301 Moved\r\nLocation: /caf\xe9 x\r\nContent-Length: 0\r\n\r\n',
    'continue-trailer': (b'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n'
                         b'Connection: close\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\r\nX-U: 2\r\n\r\n'),
    'status-unfinished': b'hello, then the connection closes',
    'status-empty-line': b'\r\nHTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok',
    'status-binary': b'\x00\xff\xe9 \x80\r\nmore',
    'status-lowercase': b'http/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok',
    'status-too-long': b'x' * 70000,
    'status-longest': b'x' * 65535 + b'\n',
    'latin1-reason': b'HTTP/1.0 200 \xc9t\xe9\r\nX-L: caf\xe9\r\nContent-Length: 0\r\n\r\n',
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.0'

    def version_string(self):
        return SERVER

    def date_time_string(self, timestamp=None):
        return DATE

    def log_message(self, *args):
        pass

    def send(self, code, body=b'', ctype='text/plain; charset=utf-8', headers=(), reason=None, length=True):
        self.send_response(code, reason)
        if ctype:
            self.send_header('Content-Type', ctype)
        if length:
            self.send_header('Content-Length', str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def raw(self, data):
        """A response written byte for byte (status line and headers included)."""
        self.wfile.write(data)
        self.close_connection = True

    def route(self):
        u = urllib.parse.urlsplit(self.path)
        path, q = u.path, urllib.parse.parse_qs(u.query)
        parts = path.strip('/').split('/')
        if path == '/text':
            return self.send(200, b'hello, world\n')
        if path == '/json':
            return self.send(200, json.dumps({"a": 1, "\u00e9": "\u00fc"}).encode(), 'application/json')
        if path == '/bin':
            return self.send(200, BIN, 'application/octet-stream')
        if path == '/empty':
            return self.send(200, b'')
        if path == '/big':
            return self.send(200, BIG)
        if path == '/nolength':
            return self.send(200, b'no length here\n', length=False)
        if path == '/gzip':
            return self.send(200, GZIP, headers=[('Content-Encoding', 'gzip')])
        if path == '/headers':
            return self.send(200, b'h', headers=[('Set-Cookie', 'a=1'), ('Set-Cookie', 'b=2; Path=/'),
                                                 ('X-Mixed-Case', 'V a l'), ('x-lower', 'v'), ('X-Empty', ''),
                                                 ('X-Spaces', ' padded  ')])
        if path == '/chunked':
            return self.raw(b'HTTP/1.1 200 OK\r\nServer: ' + SERVER.encode() + b'\r\nDate: ' + DATE.encode() +
                            b'\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n'
                            b'5\r\nhello\r\n7\r\n, chunk\r\n0\r\n\r\n')
        if path == '/latin1-header':
            return self.raw(b'HTTP/1.0 200 OK\r\nServer: ' + SERVER.encode() + b'\r\nDate: ' + DATE.encode() +
                            b'\r\nX-Latin: caf\xe9\r\nContent-Length: 2\r\n\r\nok')
        if path == '/short':
            return self.raw(b'HTTP/1.0 200 OK\r\nServer: ' + SERVER.encode() + b'\r\nDate: ' + DATE.encode() +
                            b'\r\nContent-Length: 10\r\n\r\n12345')
        if len(parts) == 2 and parts[0] == 'raw' and parts[1] in RAW:
            return self.raw(RAW[parts[1]])
        if path == '/reason':
            return self.send(299, b'odd\n', reason='Odd Status')
        if len(parts) == 2 and parts[0] == 'status' and parts[1].isdigit():
            code = int(parts[1])
            bodyless = code < 200 or code in (204, 304)
            return self.send(code, b'' if bodyless else b'status %d\n' % code, length=not bodyless)
        if len(parts) == 2 and parts[0] == 'redirect' and parts[1].isdigit():
            to = q.get('to')
            return self.send(int(parts[1]), b'moved\n', headers=[('Location', to[0])] if to else [])
        if path == '/redirect-uri':
            return self.send(302, b'moved\n', headers=[('URI', q.get('to', ['/text'])[0])])
        if len(parts) == 2 and parts[0] == 'chain' and parts[1].isdigit():
            n = int(parts[1])
            return self.send(302, b'moved\n', headers=[('Location', f'/chain/{n - 1}' if n > 1 else '/text')])
        if path == '/loop':
            return self.send(302, b'again\n', headers=[('Location', '/loop')])
        if path == '/slow':
            time.sleep(3)
            return self.send(200, b'late\n')
        if path == '/slow-body':
            self.send_response(200)
            self.send_header('Content-Length', '10')
            self.end_headers()
            self.wfile.write(b'12345')
            self.wfile.flush()
            time.sleep(3)
            return None
        if path == '/echo':
            n = int(self.headers.get('Content-Length') or 0)
            body = self.rfile.read(n) if n else b''
            out = {"method": self.command, "body": body.decode('latin-1'),
                   "content_type": self.headers.get('Content-Type'),
                   "content_length": self.headers.get('Content-Length'),
                   "x_test": self.headers.get('X-Test'), "x_other": self.headers.get('X-Other'),
                   "query": u.query,
                   "x_names": [k for k in self.headers.keys() if k.lower().startswith('x-')]}
            return self.send(200, json.dumps(out, sort_keys=True).encode(), 'application/json')
        if path == '/robots.txt':
            return self.send(200, ROBOTS['main'].encode(), 'text/plain')
        if len(parts) == 2 and parts[0] == 'robots':
            if parts[1] == 'latin1':
                return self.send(200, b'User-agent: *\nDisallow: /caf\xe9\n', 'text/plain')
            if parts[1] in ROBOTS:
                return self.send(200, ROBOTS[parts[1]].encode(), 'text/plain')
        return self.send(404, b'unknown\n')

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except OSError:                 # a client that gave up (timeouts): not an error here
            self.close_connection = True

    def __getattr__(self, name):        # do_GET, do_POST, do_PUT, do_HEAD, ...: every upper-case method
        if name.startswith('do_') and name[3:].isupper():
            return self.route
        raise AttributeError(name)


class Upstream(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port=0):
        self.connections = 0
        self._lock = threading.Lock()
        super().__init__(('127.0.0.1', port), Handler)
        self.port = self.server_address[1]
        self._thread = None

    def get_request(self):
        sock, addr = super().get_request()
        with self._lock:
            self.connections += 1
        return sock, addr

    def handle_error(self, request, client_address):
        pass

    def start(self):
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self.shutdown()
        self.server_close()


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--port', type=int, default=0)
    a = ap.parse_args()
    up = Upstream(a.port)
    print(f"upstream on http://127.0.0.1:{up.port}/", flush=True)
    try:
        up.serve_forever()
    except KeyboardInterrupt:
        pass
    up.server_close()


if __name__ == '__main__':
    main()
