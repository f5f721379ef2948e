#!/usr/bin/env python3
"""A barrage of malformed HTTP: broken request lines, headers and chunked
bodies, oversized parts, conflicting lengths, NULs, random bytes -- one
after the other and then hundreds at once.  Each is answered with a 4xx
(or 505 for an unknown HTTP version), or its connection is closed; never
another 5xx, never a hang; and the server keeps answering /healthz."""
import concurrent.futures as cf
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
sys.path.insert(0, HERE)
from harness import Server, Tests, bin_from_argv  # noqa: E402
import load as L  # noqa: E402

BIN = bin_from_argv()

H = b"Host: x\r\n"
CASES = {
    "binary garbage": b"\x00\x01\x02\xff\xfegarbage\r\n\r\n",
    "method only": b"GET\r\n\r\n",
    "no version": b"GET /healthz\r\n\r\n",
    "unknown version": b"GET /healthz HTTP/9.9\r\n" + H + b"\r\n",
    "HTTP/0.9": b"GET /healthz\r\n",
    "header without colon": b"GET /healthz HTTP/1.1\r\nHost x\r\n\r\n",
    "header name with space": b"GET /healthz HTTP/1.1\r\n" + H + b"Bad Name: v\r\n\r\n",
    "obsolete line folding": b"GET /healthz HTTP/1.1\r\n" + H + b"X-A: b\r\n  folded\r\n\r\n",
    "NUL in header": b"GET /healthz HTTP/1.1\r\n" + H + b"X-A: b\x00c\r\n\r\n",
    "NUL in path": b"GET /heal\x00thz HTTP/1.1\r\n" + H + b"\r\n",
    "control char in method": b"G\x7fT /healthz HTTP/1.1\r\n" + H + b"\r\n",
    "bare LF": b"GET /healthz HTTP/1.1\n" + H.replace(b"\r", b"") + b"\n",
    "absolute URI": b"GET http://elsewhere.invalid/healthz HTTP/1.1\r\n" + H + b"\r\n",
    "bad percent escapes": b"GET /%zz%00%/v1 HTTP/1.1\r\n" + H + b"\r\n",
    "negative Content-Length": b"POST /v1/random/random HTTP/1.1\r\n" + H + b"Content-Length: -1\r\n\r\n{}",
    "Content-Length with sign": b"POST /v1/random/random HTTP/1.1\r\n" + H + b"Content-Length: +2\r\n\r\n{}",
    "Content-Length not a number": b"POST /v1/random/random HTTP/1.1\r\n" + H + b"Content-Length: 1e3\r\n\r\n{}",
    "Content-Length overflow": b"POST /v1/random/random HTTP/1.1\r\n" + H
    + b"Content-Length: 99999999999999999999999999\r\n\r\n{}",
    "two Content-Lengths": b"POST /v1/random/random HTTP/1.1\r\n" + H
    + b"Content-Length: 2\r\nContent-Length: 20\r\n\r\n{}",
    "chunked and Content-Length": b"POST /v1/random/random HTTP/1.1\r\n" + H
    + b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    "bad chunk size": b"POST /v1/random/random HTTP/1.1\r\n" + H
    + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
    "huge chunk size": b"POST /v1/random/random HTTP/1.1\r\n" + H
    + b"Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n",
    "chunk longer than said": b"POST /v1/random/random HTTP/1.1\r\n" + H
    + b"Transfer-Encoding: chunked\r\n\r\n1\r\n{}}}}\r\n0\r\n\r\n",
    "unknown transfer coding": b"POST /v1/random/random HTTP/1.1\r\n" + H
    + b"Transfer-Encoding: gzip\r\n\r\n{}",
    "truncated body": b"POST /v1/random/random HTTP/1.1\r\n" + H + b"Content-Length: 1000\r\n\r\n{}",
    "huge URI": b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\n" + H + b"\r\n",
    "huge header": b"GET /healthz HTTP/1.1\r\n" + H + b"X-Big: " + b"a" * 100000 + b"\r\n\r\n",
    "many headers": b"GET /healthz HTTP/1.1\r\n" + H + b"X-A: b\r\n" * 5000 + b"\r\n",
    "invalid JSON body": b"POST /v1/random/random HTTP/1.1\r\n" + H + b"Content-Length: 5\r\n\r\n{{{{{",
    "invalid UTF-8 body": b"POST /v1/random/random HTTP/1.1\r\n" + H + b"Content-Length: 4\r\n\r\n\"\xff\xfe\"",
    "deep JSON body": b"POST /v1/random/random HTTP/1.1\r\n" + H + b"Content-Length: 200000\r\n\r\n"
    + b"[" * 100000 + b"]" * 100000,
    "upgrade h2c": b"GET /healthz HTTP/1.1\r\n" + H + b"Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
    + b"HTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n",
    "HTTP/2 preface": b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    "TLS hello": bytes.fromhex("160301012c010001280303") + os.urandom(64),
    "Expect 100 then nothing": b"POST /v1/random/random HTTP/1.1\r\n" + H
    + b"Expect: 100-continue\r\nContent-Length: 10\r\n\r\n",
    "pipelined garbage": b"GET /healthz HTTP/1.1\r\n" + H + b"\r\n" + b"\x00garbage\r\n\r\n",
}

STATUS = re.compile(rb"HTTP/1\.[01] (\d{3})")


def statuses(data):
    return [int(m) for m in STATUS.findall(data)]


def fire(port, payload):
    """Send, close our side, read what comes back (the server closes)."""
    return L.raw(port, payload, timeout=15, shutdown=True)


def acceptable(data):
    bad = [st for st in statuses(data) if st >= 500 and st != 505]
    return not bad


class Malformed(Tests):
    def __init__(self, srv):
        self.s = srv

    def test_each_case(self):
        failed = []
        for name, payload in CASES.items():
            try:
                out = fire(self.s.port, payload)
            except OSError as e:
                out = f"<{type(e).__name__}>".encode()
            sts = statuses(out)
            print(f"    {name:<30} -> {sts or out[:30]}")
            if not acceptable(out):
                failed.append((name, out[:200]))
            if self.s.get("/healthz")[0] != 200:
                failed.append((name, "healthz"))
        assert not failed, failed

    def test_random_bytes(self):
        rnd = random.Random(14)
        payloads = []
        for i in range(300):
            n = rnd.choice([1, 10, 100, 1000, 20000])
            payload = bytes(rnd.getrandbits(8) for _ in range(n))
            if i % 3 == 0:  # a plausible start, then noise
                payload = b"POST /v1/re/search HTTP/1.1\r\n" + payload
            payloads.append(payload)
        with cf.ThreadPoolExecutor(16) as ex:
            outs = list(ex.map(lambda p: fire(self.s.port, p), payloads))
        seen = {}
        for i, out in enumerate(outs):
            for st in statuses(out) or ["closed"]:
                seen[st] = seen.get(st, 0) + 1
            assert acceptable(out), (i, out[:200])
        print(f"    300 random payloads: {seen}")
        assert self.s.get("/healthz")[0] == 200

    def test_all_at_once(self):
        payloads = list(CASES.values()) * 12
        with cf.ThreadPoolExecutor(64) as ex:
            outs = list(ex.map(lambda p: fire(self.s.port, p), payloads))
        bad = [o[:100] for o in outs if not acceptable(o)]
        print(f"    {len(payloads)} malformed requests from 64 clients at once: {len(bad)} unacceptable")
        assert not bad, bad[:5]
        assert self.s.get("/healthz")[0] == 200
        assert self.s.proc.poll() is None


if __name__ == "__main__":
    # a case that leaves a connection waiting (an unfinished head or body)
    # ends within --conn-timeout: 2 s here
    with Server(BIN, args=["--conn-timeout", "2"]) as srv:
        Malformed(srv).run()
