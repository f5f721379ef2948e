#!/usr/bin/env python3
"""The envelope and the service endpoints of a live pystd (API.md sections 1 and 3):
health, readiness, metrics that count, the OpenAPI document against GET /v1, /docs,
every listed operation answering, GET-query coercion, the 400s (bad JSON, a body that
is not an object, unknown / missing / wrongly typed arguments), 404, 405 with Allow,
413 (announced, chunked, and the default limit), chunked bodies, keep-alive, the
header cap, connection limits, the SIGTERM drain, openapi/openapi.json in sync."""
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
from harness import ROOT, Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()


API_MODULES = ('re', 'random', 'json', 'codecs', 'urllib/parse', 'urllib/robotparser', 'urllib/request', 'time',
               'os', 'os/path', 'io', 'functools', 'builtins')


def index(s):
    """GET /v1 -> the set of operation paths."""
    st, idx = s.get("/v1")
    assert st == 200 and isinstance(idx["modules"], dict), (st, idx)
    return {f"/v1/{m}/{fn}" for m, fns in idx["modules"].items() for fn in fns}


def counters(text):
    """Prometheus text -> {counter family: sum of its samples}."""
    types = dict(line.split()[2:4] for line in text.splitlines() if line.startswith("# TYPE "))
    sums = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name = line.split("{")[0].split()[0]
            fam = next((f for f in (name, name[:-6]) if types.get(f) == "counter"), None)
            if fam:
                sums[fam] = sums.get(fam, 0.0) + float(line.rsplit(None, 1)[-1])
    return sums


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
        assert "# TYPE pystd_http_request_duration_seconds histogram" in text
        assert "pystd_http_request_duration_seconds_bucket" in text
        assert "pystd_http_requests_in_flight" in text

    def test_metrics_count_requests(self):
        before = counters(self.s.request("GET", "/metrics")[3].decode())
        for _ in range(5):
            self.s.get("/healthz")
            assert self.s.post("/v1/random/random", {"seed": 1})[0] == 200
        text = self.s.metrics_when(
            lambda t: counters(t)["pystd_http_requests_total"] >= before["pystd_http_requests_total"] + 11)
        after = counters(text)
        assert after["pystd_http_requests_total"] >= before["pystd_http_requests_total"] + 11, (before, after)
        assert 'pystd_http_requests_total{route="/v1/random/random",method="POST",status="200"}' in text

    def test_openapi_documents_every_operation(self):
        ops = index(self.s)
        st, doc = self.s.get("/openapi.json")
        paths = doc["paths"]
        assert doc["info"]["title"] and doc["info"]["version"]
        assert [p for p in ops if "post" not in paths.get(p, {})] == []
        for p in ("/healthz", "/readyz", "/metrics", "/v1"):
            assert "get" in paths[p], p
        assert {"get", "post"} <= set(paths["/v1/jobs"]) and "post" in paths["/v1/jobs/map"]
        assert {"get", "delete"} <= set(paths["/v1/jobs/{id}"]) and "get" in paths["/v1/jobs/{id}/events"]
        assert "post" in paths["/v1/batch"]
        phantom = [p for p in paths if p.startswith("/v1/") and "{" not in p
                   and not p.startswith(("/v1/jobs", "/v1/batch")) and p not in ops]
        assert phantom == [], phantom

    def test_every_listed_operation_answers(self):
        ops = index(self.s)
        mods = {p[len("/v1/"):].rpartition("/")[0] for p in ops}
        assert set(API_MODULES) <= mods, set(API_MODULES) - mods
        bad = []
        for p in sorted(ops):
            st, _b, _h, _d = self.s.request("POST", p, {})     # missing arguments are 400: the path answers
            if st in (404, 405) or st >= 500:
                bad.append((p, st))
        assert not bad, bad

    def test_get_query_coercion_equals_post(self):
        for path, q, body in [("/v1/random/randint", "a=1&b=1000000&seed=7", {"a": 1, "b": 1000000, "seed": 7}),
                              ("/v1/random/uniform", "a=0.5&b=2.5&seed=3", {"a": 0.5, "b": 2.5, "seed": 3}),
                              ("/v1/random/random", "seed=5&return_state=false", {"seed": 5, "return_state": False}),
                              ("/v1/random/randint", "a=-3&b=3&seed=11", {"a": -3, "b": 3, "seed": 11})]:
            g, p = self.s.get(f"{path}?{q}"), self.s.post(path, body)
            assert g[0] == p[0] == 200 and json.dumps(g[1]) == json.dumps(p[1]), (path, q, g, p)
        st, body = self.s.get("/v1/random/randint?a=x&b=2")
        assert st == 400 and body["error"]["type"] == "BadRequest", (st, body)

    def test_bad_requests_are_400(self):
        bodies = [b'{"a": 1,', b'not json', b'\xff\xfe{}', b'{"a": 1} trailing', b"{'a': 1}",   # not JSON
                  b'[1, 6]', b'[]', b'"a"', b'42', b'null']                                       # not an object
        args = [{"a": 1, "b": 6, "c": 3}, {"a": 1},                                               # unknown, missing
                {"a": "1", "b": 6}, {"a": 1.5, "b": 6}, {"a": True, "b": 6}, {"a": [1], "b": 6}, {"a": None, "b": 6}]
        for body in bodies + [json.dumps(a).encode() for a in args]:
            st, parsed, _h, _d = self.s.request("POST", "/v1/random/randint", body,
                                                {"Content-Type": "application/json"})
            assert st == 400 and parsed["error"]["type"] == "BadRequest", (body, st, parsed)

    def test_docs_is_html(self):
        st, _p, h, body = self.s.request("GET", "/docs")
        assert st == 200 and h["content-type"].startswith("text/html")
        assert b"/openapi.json" in body and b"https://" not in body  # no CDN

    def test_unknown_path_404(self):
        for m, p in (("GET", "/nothing"), ("POST", "/v1/nosuch/fn"), ("POST", "/v2/random/random"),
                     ("GET", "/v1/nosuchmodule/fn"), ("POST", "/v1/random/nosuchfn")):
            st, body, _h, _d = self.s.request(m, p, {} if m == "POST" else None)
            assert st == 404 and body["error"]["type"] == "NotFound", (m, p, st, body)

    def test_wrong_method_405_with_allow(self):
        # HEAD is answered wherever GET is, OPTIONS everywhere (204 + Allow):
        # tests/integration/test_http_conventions.py
        for m in ("PUT", "DELETE", "PATCH"):
            st, body, h, _d = self.s.request(m, "/healthz")
            assert st == 405 and body["error"]["type"] == "MethodNotAllowed", (m, st)
            assert h["allow"] == "GET, HEAD, OPTIONS"
        st, body, h, _d = self.s.request("HEAD", "/v1/random/choice")  # POST only: HEAD is not
        assert st == 405 and h["allow"] == "POST, OPTIONS", (st, h)
        for m, p, allowed in (("PUT", "/v1/random/randint", "POST"), ("DELETE", "/v1/random/randint", "POST"),
                              ("GET", "/v1/random/choice", "POST"), ("POST", "/healthz", "GET"),
                              ("PUT", "/v1/jobs", "POST"), ("GET", "/v1/jobs/map", "POST")):
            st, body, h, _d = self.s.request(m, p, {} if m in ("POST", "PUT") else None)
            methods = {x.strip() for x in h.get("allow", "").split(",")}
            assert st == 405 and body["error"]["type"] == "MethodNotAllowed", (m, p, st, body)
            assert allowed in methods and m not in methods, (m, p, h.get("allow"))

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
        # answered without the body: raw() stops reading at its timeout, and a server
        # that waited for the 100 MiB would have sent nothing by then
        out = raw(self.s.port, head, read_timeout=30)
        assert out.startswith(b"HTTP/1.1 413"), out[:100]
        assert b"PayloadTooLarge" in out

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
        for i in range(100):
            if i % 2:
                conn.request("GET", "/healthz")
            else:
                conn.request("POST", "/v1/random/randint", json.dumps({"a": 1, "b": 6, "seed": i}).encode(),
                             {"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            assert r.status == 200 and conn.sock is sock, (i, r.status)
        conn.close()

    def test_header_cap(self):
        out = raw(self.s.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (64 << 10) + b"\r\n\r\n")
        assert not out.startswith(b"HTTP/1.1 200"), out[:60]



def test_sigterm_drains_in_flight():
    """SIGTERM: /readyz turns 503 while a request is in flight, the request
    finishes, the process exits 0."""
    with Server(BIN) as s:
        result = {}

        def slow():
            result["r"] = s.post("/v1/time/sleep", {"secs": 1.5})
        t = threading.Thread(target=slow)
        t.start()
        # SIGTERM only once the sleep is in flight (the gauge counts this /metrics too)
        while in_flight(s) < 2:
            assert t.is_alive(), result
        s.proc.send_signal(signal.SIGTERM)
        while True:  # the signal is taken asynchronously: /readyz turns 503 soon after
            st, body = s.get("/readyz")
            if st == 503 or not t.is_alive():
                break
        assert st == 503, (st, body)
        t.join(10)
        assert result["r"][0] == 200, result
        assert s.proc.wait(10) == 0


def in_flight(s):
    """pystd_http_requests_in_flight as /metrics reports it (this request included)."""
    text = s.request("GET", "/metrics")[3].decode()
    line = next(l for l in text.splitlines() if l.startswith("pystd_http_requests_in_flight "))
    return int(float(line.split()[1]))


def test_connection_limits():
    """--max-conns-per-ip and --max-conns hold with pystd's own accept loop:
    the third connection is closed unanswered, the first two are served."""
    for args in (["--max-conns-per-ip", "2"], ["--max-conns", "2", "--threads", "2"]):
        with Server(BIN, args=args) as s:
            socks, got = [], []
            for _ in range(3):
                c = socket.create_connection(("127.0.0.1", s.port), timeout=10)
                socks.append(c)
                try:  # a served connection answers (and stays open: keep-alive) before the next one
                    c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                    got.append(c.recv(12))
                except OSError:
                    got.append(b"")
            for c in socks:
                c.close()
            assert got == [b"HTTP/1.1 200", b"HTTP/1.1 200", b""], (args, got)


def test_default_body_limit():
    """With the default limits a 1 MiB body is served, and a body announced beyond
    64 MiB is refused with 413 PayloadTooLarge before it is sent."""
    with Server(BIN) as s:
        mib = b'{"seq": [' + b'1,' * (512 * 1024) + b'1], "seed": 1}'
        st, body, _h, _d = s.request("POST", "/v1/random/choice", mib)
        assert st == 200, (st, body)
        out = raw(s.port, (f"POST /v1/random/choice HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           f"Content-Length: {(64 << 20) + 1}\r\n\r\n").encode())
        assert out.startswith(b"HTTP/1.1 413") and b"PayloadTooLarge" in out, out[:200]


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
        t.test_default_body_limit = test_default_body_limit
        t.test_connection_limits = test_connection_limits
        t.run()
