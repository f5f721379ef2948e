#!/usr/bin/env python3
"""The CPython side of the HTTP benchmarks: the API executed by CPython in-process (the
golden model, tools/golden/model -- the contract written with CPython's own functions)
behind the standard library's ThreadingHTTPServer, keep-alive on.  It is what a plain
Python implementation of the service serves, so bench/http_random.py can put pystd's
req/s next to it.  A benchmark reference only: the answers are not checked here.

    python3 bench/refserver.py --port N       # serves on 127.0.0.1:N until SIGTERM

Loopback only.  Any Python 3.8+ runs it.
"""
import argparse
import json
import os
import signal
import sys
import tempfile
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tools', 'golden'))

from model import common, load, names  # noqa: E402

MAX_BODY = 16 << 20


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024          # the benchmark opens 64 connections at once

    def handle_error(self, request, client_address):
        pass                           # wrk closing its connections at the end: not a finding


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True     # headers and body are two writes: no 40 ms delayed-ACK stall

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body, ensure_ascii=False, separators=(',', ':')).encode('utf-8', 'surrogatepass')
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        u = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get('Content-Length') or 0)
        if n > MAX_BODY:
            self.close_connection = True
            return self.answer(413, {"error": {"type": "PayloadTooLarge", "message": "body too large"}})
        text = self.rfile.read(n).decode('utf-8', 'surrogateescape') if n else None
        status, body = common.call(self.command, u.path, u.query, text)
        self.answer(status, body)

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--port', type=int, required=True)
    a = ap.parse_args()
    common.CONFIG['data_dir'] = tempfile.mkdtemp(prefix='bench-refserver-')
    for n in names():
        load(n)
    srv = Server(('127.0.0.1', a.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        srv.serve_forever()
    finally:
        srv.server_close()


if __name__ == '__main__':
    main()
