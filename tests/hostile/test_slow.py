#!/usr/bin/env python3
"""Slow clients: the server closes a connection after --conn-timeout
seconds of silence only, so a client that trickles its request line and
headers a byte at a time (slowloris), or its body, would hold the connection
for ever; pystd gives each request --conn-timeout seconds for its headers
and a minimum average rate (64 KiB/s) for its body (server/http_guard.c).
Meanwhile every other client is served.  Bounded: each wait below ends."""
import os
import select
import socket
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
sys.path.insert(0, HERE)
from harness import Server, Tests, bin_from_argv  # noqa: E402
import load as L  # noqa: E402

BIN = bin_from_argv()
TIMEOUT = 2  # --conn-timeout of the server under test
GIVE_UP = 40  # seconds: a connection still open by then was never cut


def trickle(port, head, drip, n_conns):
    """n connections that each send `head`, then `drip` every 0.5 s (never
    silent for --conn-timeout): the seconds after which each was closed by
    the server (None: still open at GIVE_UP)."""
    socks = []
    for _ in range(n_conns):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(head)
        socks.append(s)
    t0 = time.monotonic()
    closed = [None] * n_conns
    while time.monotonic() - t0 < GIVE_UP and None in closed:
        time.sleep(0.5)
        for i, s in enumerate(socks):
            if closed[i] is not None:
                continue
            try:
                r, _w, _x = select.select([s], [], [], 0)
                if r and not s.recv(4096):
                    raise ConnectionResetError("EOF")
                s.sendall(drip)
            except OSError:
                closed[i] = time.monotonic() - t0
    for s in socks:
        s.close()
    return closed


class Slow(Tests):
    def __init__(self, srv):
        self.s = srv

    def run_with_probes(self, head, drip, n):
        out = {}
        t = threading.Thread(target=lambda: out.update(closed=trickle(self.s.port, head, drip, n)))
        t.start()
        time.sleep(0.3)
        cheap = L.probe(self.s.port, 3, interval=0.05)
        t.join(GIVE_UP + 30)
        closed = out["closed"]
        print(f"    {n} slow connections closed after {min(closed or [0]):.1f}..{max(c or GIVE_UP for c in closed):.1f} s;"
              f" meanwhile {sum(len(r['lat']) for r in cheap.values())} cheap requests: "
              f"{ {k: r['status'] for k, r in cheap.items()} }")
        for name, r in cheap.items():
            assert set(r["status"]) == {"200"}, (name, r["status"])
        assert None not in closed, f"{closed.count(None)} slow connections still open after {GIVE_UP} s"

    def test_slowloris_headers(self):
        self.run_with_probes(b"GET /healthz HTTP/1.1\r\nHost: x\r\n", b"X-a: b\r\n", 50)

    def test_slow_request_line(self):
        self.run_with_probes(b"GET /", b"a", 20)

    def test_slow_body(self):
        head = b"POST /v1/random/random HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
        self.run_with_probes(head, b" ", 20)

    def test_slow_chunked_body(self):
        head = b"POST /v1/random/random HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        self.run_with_probes(head, b"1\r\n \r\n", 20)

    def test_idle_keep_alive_closed(self):
        s = socket.create_connection(("127.0.0.1", self.s.port), timeout=GIVE_UP)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        first = s.recv(4096)
        assert first.startswith(b"HTTP/1.1 200"), first[:40]
        t0 = time.monotonic()
        rest = s.recv(4096)  # nothing more comes: the server closes the idle connection
        s.close()
        print(f"    idle keep-alive connection closed after {time.monotonic() - t0:.1f} s")
        assert rest == b""

    def test_normal_clients_unaffected(self):
        """A quick client on a keep-alive connection is never cut: requests
        in a row, each answered."""
        import http.client
        c = http.client.HTTPConnection("127.0.0.1", self.s.port, timeout=10)
        for i in range(20):
            c.request("POST", "/v1/random/random", body=b'{"seed": %d}' % i, headers=L.HEADERS)
            r = c.getresponse()
            r.read()
            assert r.status == 200
            time.sleep(0.2)  # 4 s in all: longer than --conn-timeout, never silent for it
        c.close()

    def test_zz_counted(self):
        m = L.metrics(self.s.port)
        assert m.get("pystd_http_slow_clients_closed_total", 0) >= 110, m.get("pystd_http_slow_clients_closed_total")
        assert self.s.get("/healthz")[0] == 200


if __name__ == "__main__":
    with Server(BIN, args=["--conn-timeout", str(TIMEOUT), "--max-conns-per-ip", "512"]) as srv:
        Slow(srv).run()
