#!/usr/bin/env python3
"""pystd's own HTTP/1.1 engine (server/http_conn.c, http_parse.c), on the wire:
pipelining, keep-alive of HTTP/1.0, chunked bodies with extensions and
trailers, Expect: 100-continue, HEAD, the strict reading of heads (Host,
line ends, folding, versions), 431 at --max-header, and the engine's own
refusals in the access log and /metrics.  Raw sockets on loopback, each
with a timeout."""
import json
import os
import re
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
STATUS = re.compile(rb"HTTP/1\.1 (\d{3}) ")
POST = b"POST /v1/random/random HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"


def connect(port):
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def read_until(s, pred):
    buf = b""
    while not pred(buf):
        d = s.recv(65536)
        if not d:
            break
        buf += d
    return buf


def responses(buf):
    """(status, headers, body) of each response in buf (Content-Length framed)."""
    out = []
    while buf:
        head, sep, rest = buf.partition(b"\r\n\r\n")
        if not sep:
            break
        lines = head.split(b"\r\n")
        st = int(lines[0].split()[1])
        h = {k.strip().lower().decode(): v.strip().decode() for k, _, v in (x.partition(b":") for x in lines[1:])}
        n = int(h.get("content-length", "0"))
        out.append((st, h, rest[:n]))
        buf = rest[n:]
    return out


def exchange(port, data, count=1):
    """Send data, read until `count` complete responses (or the peer closes)."""
    s = connect(port)
    try:
        s.sendall(data)
        return responses(read_until(s, lambda b: len(responses(b)) >= count and
                                    sum(len(r[2]) for r in responses(b)) == sum(
                                        int(r[1].get("content-length", 0)) for r in responses(b))))
    finally:
        s.close()


def closed_answer(port, data):
    """Send, half-close, read all: the status of what came back (None: nothing)."""
    s = connect(port)
    try:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        buf = read_until(s, lambda b: False)
    except ConnectionResetError:
        buf = b""
    finally:
        s.close()
    m = STATUS.match(buf)
    return int(m.group(1)) if m else None


class Engine(Tests):
    def __init__(self, srv):
        self.s = srv

    def test_pipelined_requests_answered_in_order(self):
        reqs = b"".join(POST + b"Content-Length: %d\r\n\r\n%s" % (len(b), b)
                        for b in (json.dumps({"seed": i}).encode() for i in range(60)))
        got = exchange(self.s.port, reqs, 60)
        assert [g[0] for g in got] == [200] * 60, [g[0] for g in got]
        assert json.loads(got[0][2])["result"] == 0.8444218515250481, got[0]
        assert json.loads(got[1][2])["result"] == 0.13436424411240122, got[1]

    def test_http_1_0_keep_alive_and_close(self):
        got = exchange(self.s.port, b"GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" * 2, 2)
        assert [g[0] for g in got] == [200, 200] and got[0][1]["connection"].lower() == "keep-alive", got
        s = connect(self.s.port)
        s.sendall(b"GET /healthz HTTP/1.0\r\n\r\n")
        buf = read_until(s, lambda b: False)  # HTTP/1.0 without keep-alive: closed after the answer
        s.close()
        assert buf.startswith(b"HTTP/1.1 200") and b"Connection: close" in buf, buf[:200]

    def test_chunked_body_with_extensions_and_trailers(self):
        body = b'{"seed": 1}'
        enc = b"3;ext=1\r\n" + body[:3] + b"\r\n" + b"%x\r\n" % (len(body) - 3) + body[3:] + b"\r\n0\r\nX-T: 1\r\n\r\n"
        got = exchange(self.s.port, POST + b"Transfer-Encoding: chunked\r\n\r\n" + enc)
        assert got[0][0] == 200 and json.loads(got[0][2])["result"] == 0.13436424411240122, got

    def test_expect_100_continue(self):
        s = connect(self.s.port)
        try:
            s.sendall(POST + b"Content-Length: 11\r\nExpect: 100-continue\r\n\r\n")
            first = read_until(s, lambda b: b"\r\n\r\n" in b)
            assert first.startswith(b"HTTP/1.1 100 Continue\r\n\r\n"), first
            s.sendall(b'{"seed": 1}')
            rest = read_until(s, lambda b: b"0.13436424411240122" in b)
            assert b"HTTP/1.1 200" in rest, rest
        finally:
            s.close()

    def test_expect_100_not_sent_for_a_refused_body(self):
        got = exchange(self.s.port, POST + b"Content-Length: 99999999999\r\nExpect: 100-continue\r\n\r\n")
        assert got[0][0] == 413 and got[0][1]["connection"] == "close", got

    def test_head_has_the_length_and_no_body(self):
        s = connect(self.s.port)
        try:
            s.sendall(b"HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            buf = read_until(s, lambda b: b.count(b"HTTP/1.1 200") == 2 and b.endswith(b"}"))
        finally:
            s.close()
        first, second = buf.split(b"HTTP/1.1 200", 2)[1:]
        assert b"Content-Length: 15" in first and first.endswith(b"\r\n\r\n"), buf
        assert second.endswith(b'{"status":"ok"}'), buf

    def test_host_required_once_in_http_1_1(self):
        assert closed_answer(self.s.port, b"GET /healthz HTTP/1.1\r\n\r\n") == 400
        assert closed_answer(self.s.port, b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == 400
        assert closed_answer(self.s.port, b"GET /healthz HTTP/1.0\r\n\r\n") == 200

    def test_strict_heads(self):
        cases = {
            b"GET /healthz HTTP/1.1\nHost: x\n\n": 400,  # bare LF
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n": 400,  # folded line
            b"GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n": 400,  # space before the colon
            b"GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n": 505,
            b"GET /healthz HTTP/1.9\r\nHost: x\r\n\r\n": 200,  # a higher 1.x is 1.1
            POST + b"Transfer-Encoding: gzip\r\n\r\n": 400,
            POST + b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}": 400,
            POST + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n": 400,
        }
        for req, want in cases.items():
            assert closed_answer(self.s.port, req) == want, (req, want)

    def test_431_over_max_header(self):
        small = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 3000 + b"\r\n\r\n"
        big = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 5000 + b"\r\n\r\n"
        assert closed_answer(self.s.port, small) == 200
        assert closed_answer(self.s.port, big) == 431

    def test_refusals_logged_and_counted(self):
        closed_answer(self.s.port, b"GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n")
        text = self.s.metrics_when(lambda t: 'route="unmatched",method="other",status="505"' in t)
        assert 'route="unmatched",method="other",status="505"' in text, text[-2000:]


if __name__ == "__main__":
    with Server(BIN, args=["--max-header", "4K"]) as srv:
        Engine(srv).run()
