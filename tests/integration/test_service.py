#!/usr/bin/env python3
"""The envelope and the service endpoints of a live pystd (API.md sections 1 and 3)."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Server, Tests, bin_from_argv, run_instrument  # noqa: E402

BIN = bin_from_argv()


def raw(port, data, read_timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=read_timeout)
    try:
        s.sendall(data)
        buf = b""
        while True:
            try:
                d = s.recv(65536)
            except socket.timeout:
                break
            if not d:
                break
            buf += d
            if b"\r\n\r\n" in buf:
                head, _, body = buf.partition(b"\r\n\r\n")
                cl = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                if cl and len(body) >= int(cl[0].split(b":")[1]):
                    break
        return buf
    finally:
        s.close()


class ServiceTests(Tests):
    def __init__(self, srv):
        self.s = srv

    def test_healthz_readyz(self):
        assert self.s.get("/healthz") == (200, {"status": "ok"})
        assert self.s.get("/readyz") == (200, {"status": "ready"})

    def test_v1_index_lists_every_route_of_openapi(self):
        st, idx = self.s.get("/v1")
        assert st == 200 and isinstance(idx["modules"], dict)
        st, doc = self.s.get("/openapi.json")
        assert st == 200 and doc["openapi"].startswith("3.1")
        for mod, fns in idx["modules"].items():
            for fn in fns:
                assert f"/v1/{mod}/{fn}" in doc["paths"], (mod, fn)

    def test_metrics_text_format(self):
        self.s.get("/healthz")
        st, _p, h, body = self.s.request("GET", "/metrics")
        assert st == 200 and h["content-type"].startswith("text/plain")
        text = body.decode()
        assert '# TYPE pystd_http_requests_total counter' in text
        assert 'pystd_http_requests_total{route="/healthz",method="GET",status="200"}' in text
        assert "pystd_http_request_duration_seconds_bucket" in text
        assert "pystd_http_requests_in_flight" in text

    def test_docs_is_html(self):
        st, _p, h, body = self.s.request("GET", "/docs")
        assert st == 200 and h["content-type"].startswith("text/html")
        assert b"/openapi.json" in body and b"https://" not in body  # no CDN

    def test_unknown_path_404(self):
        for m, p in (("GET", "/nothing"), ("POST", "/v1/nosuch/fn"), ("POST", "/v2/random/random")):
            st, body, _h, _d = self.s.request(m, p, {} if m == "POST" else None)
            assert st == 404 and body["error"]["type"] == "NotFound", (m, p, st, body)

    def test_wrong_method_405_with_allow(self):
        for m in ("PUT", "DELETE", "OPTIONS", "PATCH"):
            st, body, h, _d = self.s.request(m, "/healthz")
            assert st == 405 and body["error"]["type"] == "MethodNotAllowed", (m, st)
            assert h["allow"] == "GET"
        st, body, h, _d = self.s.request("HEAD", "/healthz")
        assert st == 405 and h["allow"] == "GET"

    def test_request_id_echoed_or_generated(self):
        _st, _b, h, _d = self.s.request("GET", "/healthz", headers={"X-Request-Id": "abc-123"})
        assert h["x-request-id"] == "abc-123"
        _st, _b, h, _d = self.s.request("GET", "/healthz")
        assert len(h["x-request-id"]) == 32
        _st, _b, h, _d = self.s.request("GET", "/healthz", headers={"X-Request-Id": "bad id\"<>"})
        assert h["x-request-id"] != "bad id\"<>"

    def test_body_over_limit_413_before_reading(self):
        # limit is 1 MiB in this server; announce 100 MiB and send nothing more
        head = (f"POST /v1/none HTTP/1.1\r\nHost: x\r\nContent-Length: {100 << 20}\r\n\r\n").encode()
        t0 = time.monotonic()
        out = raw(self.s.port, head)
        assert out.startswith(b"HTTP/1.1 413"), out[:100]
        assert b"PayloadTooLarge" in out
        assert time.monotonic() - t0 < 5

    def test_chunked_body_over_limit_413(self):
        chunk = b"1" * 65536
        body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(20)) + b"0\r\n\r\n"
        out = raw(self.s.port, b"POST /v1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
        assert out.startswith(b"HTTP/1.1 413"), out[:100]

    def test_chunked_body_decoded(self):
        payload = b'{"bogus": 1}'
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload)
        out = raw(self.s.port, b"POST /v1/nosuch/fn HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
        assert out.startswith(b"HTTP/1.1 404"), out[:100]

    def test_keep_alive(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.s.port, timeout=10)
        conn.request("GET", "/healthz")
        conn.getresponse().read()
        sock = conn.sock
        for _ in range(50):
            conn.request("GET", "/healthz")
            r = conn.getresponse()
            r.read()
            assert r.status == 200 and conn.sock is sock
        conn.close()

    def test_header_cap(self):
        out = raw(self.s.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (64 << 10) + b"\r\n\r\n")
        assert not out.startswith(b"HTTP/1.1 200"), out[:60]



def test_sigterm_drains_in_flight():
    """SIGTERM: /readyz turns 503 while a request is in flight, the request
    finishes, the process exits 0."""
    with Server(BIN) as s:
        st, idx = s.get("/v1")
        if "sleep" not in idx["modules"].get("time", []):
            print("SKIP sigterm drain: /v1/time/sleep not offered")
            return
        result = {}

        def slow():
            result["r"] = s.post("/v1/time/sleep", {"secs": 1.5})
        t = threading.Thread(target=slow)
        t.start()
        time.sleep(0.3)
        s.proc.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        st, body = s.get("/readyz")
        assert st == 503, (st, body)
        t.join(10)
        assert result["r"][0] == 200, result
        assert s.proc.wait(10) == 0


def test_connection_limits():
    """--max-conns-per-ip and --max-conns hold with pystd's own accept loop:
    the third connection is closed unanswered, the first two are served."""
    for args in (["--max-conns-per-ip", "2"], ["--max-conns", "2", "--threads", "2"]):
        with Server(BIN, args=args) as s:
            socks = []
            for _ in range(3):
                socks.append(socket.create_connection(("127.0.0.1", s.port), timeout=5))
                time.sleep(0.1)
            got = []
            for c in socks:
                try:
                    c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                    got.append(c.recv(12))
                except OSError:
                    got.append(b"")
                c.close()
            assert got == [b"HTTP/1.1 200", b"HTTP/1.1 200", b""], (args, got)


def test_scenarios_all():
    """../shared/conformance/scenarios.py, every group, against a server with
    the default limits (the envelope scenarios send a 1 MiB body)."""
    with Server(BIN) as s:
        passed, failed, out = run_instrument("scenarios.py", s.url)
        assert failed == 0, out[-4000:]


def test_openapi_file_in_sync():
    out = subprocess.run([BIN, "--print-openapi"], capture_output=True, check=True).stdout
    with open(os.path.join(ROOT, "openapi", "openapi.json"), "rb") as f:
        kept = f.read()
    assert out == kept, ("openapi/openapi.json is out of date: regenerate with "
                         "build/pystd --print-openapi > openapi/openapi.json")


if __name__ == "__main__":
    with Server(BIN, args=["--max-body", "1M", "--max-header", "16K"]) as srv:
        t = ServiceTests(srv)
        t.test_sigterm_drains_in_flight = test_sigterm_drains_in_flight
        t.test_openapi_file_in_sync = test_openapi_file_in_sync
        t.test_scenarios_all = test_scenarios_all
        t.test_connection_limits = test_connection_limits
        t.run()
