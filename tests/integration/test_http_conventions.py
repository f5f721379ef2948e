#!/usr/bin/env python3
"""The HTTP conventions clients expect of a live pystd (issue 19): HEAD wherever GET
is answered and OPTIONS everywhere (204 + Allow), on every kind of route (service
paths, /docs assets, the jobs resources, GET-able ops, POST-only ops); conditional
GET of the static documents (strong ETag, Cache-Control, 304); CORS (preflights and
actual responses for allowed and refused origins, errors and refusals included); W3C
trace context (validated, logged, passed on to urlopen against a loopback upstream);
gzip of responses and of request bodies (round trips byte-identical to the plain
answers, a gzip bomb is 413 with the peak RSS unchanged, large bodies on the compute pool);
the headers the server reads itself (any case, the first of a repeat, lengths said twice)."""
import base64
import gzip
import json
import os
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, bin_from_argv  # noqa: E402

BIN = bin_from_argv()

# (path, its Allow): one of each kind of route
ROUTES = [
    ("/healthz", "GET, HEAD, OPTIONS"),
    ("/readyz", "GET, HEAD, OPTIONS"),
    ("/metrics", "GET, HEAD, OPTIONS"),
    ("/openapi.json", "GET, HEAD, OPTIONS"),
    ("/docs", "GET, HEAD, OPTIONS"),
    ("/v1", "GET, HEAD, OPTIONS"),
    ("/v1/random/randint?a=1&b=6&seed=7", "GET, HEAD, POST, OPTIONS"),
    ("/v1/random/choice", "POST, OPTIONS"),
    ("/v1/jobs", "GET, HEAD, POST, OPTIONS"),
    ("/v1/jobs/map", "POST, OPTIONS"),
    ("/v1/jobs/" + "0" * 32, "GET, HEAD, DELETE, OPTIONS"),
    ("/v1/jobs/" + "0" * 32 + "/events", "GET, HEAD, OPTIONS"),
]

# headers that differ between two answers to the same request
VOLATILE = {"date", "x-request-id"}


def methods(allow):
    return [m.strip() for m in allow.split(",")]


class MethodTests:
    def __init__(self, s):
        self.s = s

    def test_options_answers_204_with_allow_everywhere(self):
        for path, allow in ROUTES:
            st, _p, h, body = self.s.request("OPTIONS", path)
            assert st == 204 and body == b"", (path, st, body[:200])
            assert h.get("allow") == allow, (path, h)
            assert "content-type" not in h, (path, h)

    def test_options_on_unknown_path_is_404(self):
        st, body, _h, _d = self.s.request("OPTIONS", "/v1/nosuch/fn")
        assert st == 404 and body["error"]["type"] == "NotFound", (st, body)

    def test_head_is_get_without_body(self):
        for path, allow in ROUTES:
            if "HEAD" not in methods(allow) or path.startswith("/v1/jobs/0"):
                continue
            st_g, _p, hg, body = self.s.request("GET", path)
            st_h, _p, hh, hbody = self.s.request("HEAD", path)
            assert st_h == st_g and hbody == b"", (path, st_g, st_h, hbody[:100])
            if path != "/metrics":  # its text changes between two requests
                assert int(hh["content-length"]) == len(body), (path, hh, len(body))
            assert {k: v for k, v in hh.items() if k not in VOLATILE | {"content-length"}} == \
                {k: v for k, v in hg.items() if k not in VOLATILE | {"content-length"}}, (path, hg, hh)

    def test_head_of_a_job_and_its_stream(self):
        st, job = self.s.post("/v1/jobs", {"op": "/v1/time/sleep", "args": {"secs": 0.2}})
        assert st == 202, (st, job)
        st, _p, h, body = self.s.request("HEAD", "/v1/jobs/" + job["id"] + "?wait=5")
        assert st == 200 and body == b"" and int(h["content-length"]) > 20, (st, h, body)
        # a stream: its headers at once, no body (the connection does not wait for the job)
        st, _p, h, body = self.s.request("HEAD", "/v1/jobs/" + job["id"] + "/events", timeout=10)
        assert st == 200 and body == b"" and h["content-type"].startswith("text/event-stream"), (st, h)
        st, _p, h, body = self.s.request("HEAD", "/v1/jobs/" + "0" * 32)
        assert st == 404 and body == b"" and int(h["content-length"]) > 0, (st, h)

    def test_head_on_a_post_only_route_is_405(self):
        st, _p, h, body = self.s.request("HEAD", "/v1/random/choice")
        assert st == 405 and body == b"" and h["allow"] == "POST, OPTIONS", (st, h)

    def test_other_methods_stay_405(self):
        for m in ("PUT", "PATCH", "TRACE"):
            for path, allow in ROUTES:
                st, body, h, _d = self.s.request(m, path)
                assert st == 405 and body["error"]["type"] == "MethodNotAllowed", (m, path, st, body)
                assert h["allow"] == allow and m in body["error"]["message"], (m, path, h, body)

    def test_metrics_count_head_and_options(self):
        self.s.request("HEAD", "/healthz")
        self.s.request("OPTIONS", "/healthz")
        want = ('route="/healthz",method="HEAD",status="200"', 'route="/healthz",method="OPTIONS",status="204"')
        text = self.s.metrics_when(lambda t: all(w in t for w in want))
        assert want[0] in text, text[:2000]
        assert want[1] in text, text[:2000]


class ConditionalTests:
    """Strong ETags, Cache-Control and 304 on the static documents."""

    def __init__(self, s):
        self.s = s

    def static_paths(self):
        paths = ["/openapi.json", "/v1", "/docs"]
        st, _p, _h, page = self.s.request("GET", "/docs")
        assert st == 200
        if b"swagger-ui-bundle.js" in page:
            paths += ["/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css", "/docs/favicon-32x32.png"]
        else:
            print("  (built without the vendored Swagger UI: no /docs assets to try)")
        return paths

    def test_etag_is_strong_and_stable(self):
        for path in self.static_paths():
            _s, _p, h1, b1 = self.s.request("GET", path)
            _s, _p, h2, b2 = self.s.request("GET", path)
            et = h1["etag"]
            assert et.startswith('"') and et.endswith('"') and len(et) >= 18, (path, et)
            assert h2["etag"] == et and b1 == b2, path
            assert h1["cache-control"], (path, h1)
        etags = {self.s.request("GET", p)[2]["etag"] for p in ("/openapi.json", "/v1", "/docs")}
        assert len(etags) == 3, etags

    def test_304_on_if_none_match(self):
        for path in self.static_paths():
            _s, _p, h, _b = self.s.request("GET", path)
            et = h["etag"]
            for inm in (et, "W/" + et, f'"nope", {et}', '"a",W/"b" ,  ' + et, "*"):
                for m in ("GET", "HEAD"):
                    st, _p, h2, body = self.s.request(m, path, headers={"If-None-Match": inm})
                    assert st == 304 and body == b"", (path, m, inm, st)
                    assert h2["etag"] == et and h2["cache-control"] == h["cache-control"], (path, h2)
            for inm in ('"nope"', et[:-2] + '"', "W/" + et[:-1], ""):
                st, _p, h2, body = self.s.request("GET", path, headers={"If-None-Match": inm})
                assert st == 200 and len(body) > 0 and h2["etag"] == et, (path, inm, st)

    def test_cache_control(self):
        for path in ("/openapi.json", "/v1", "/docs"):
            _s, _p, h, _b = self.s.request("GET", path)
            assert h["cache-control"] == "no-cache", (path, h)  # kept, revalidated each time (304)
        st, _p, h, _b = self.s.request("GET", "/healthz")
        assert "etag" not in h and st == 200, h  # a live answer has none


ALLOWED, OTHER = "http://app.test:8000", "https://b.test"
CORS_ARGS = ["--cors-origins", f"{ALLOWED}, {OTHER}", "--max-body", "100M", "--max-memory", "64M"]
EXPOSED = {"X-Request-Id", "Retry-After", "Location", "WWW-Authenticate", "RateLimit", "RateLimit-Policy"}
REQUEST_HEADERS = {"content-type", "content-encoding", "authorization", "idempotency-key", "x-request-id",
                   "traceparent", "tracestate"}


def split(v):
    return {x.strip() for x in v.split(",") if x.strip()}


def no_cors(h):
    return not any(k.startswith("access-control-") for k in h)


def announce_body(port, origin, size):
    """A POST announcing `size` bytes of body and sending none: the answer comes at
    the headers (413 or 429)."""
    import http.client
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        c.putrequest("POST", "/v1/re/search")
        c.putheader("Origin", origin)
        c.putheader("Content-Length", str(size))
        c.endheaders()
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}
    finally:
        c.close()


class CorsTests:
    """--cors-origins with two origins; this server's --max-memory makes a large
    announced body a 429."""

    def __init__(self, s):
        self.s = s

    def preflight(self, origin, path="/v1/re/search", method="POST"):
        return self.s.request("OPTIONS", path, headers={
            "Origin": origin, "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "content-type, traceparent"})

    def test_preflight_of_an_allowed_origin(self):
        for origin in (ALLOWED, OTHER):
            for path in ("/v1/re/search", "/v1/jobs/" + "0" * 32, "/healthz", "/v1/nosuch"):
                st, _p, h, body = self.preflight(origin, path)
                assert st == 204 and body == b"", (origin, path, st)
                assert h["access-control-allow-origin"] == origin, h
                assert {"GET", "HEAD", "POST", "DELETE", "OPTIONS"} <= split(h["access-control-allow-methods"])
                assert {x.lower() for x in split(h["access-control-allow-headers"])} == REQUEST_HEADERS, h
                assert int(h["access-control-max-age"]) > 0 and "Origin" in split(h["vary"]), h

    def test_preflight_of_a_refused_origin(self):
        for origin in ("https://evil.test", ALLOWED + "/", ALLOWED.upper(), "null"):
            st, _p, h, _b = self.preflight(origin)
            assert st == 204 and no_cors(h), (origin, h)  # the plain OPTIONS answer
            assert h["allow"] == "GET, HEAD, POST, OPTIONS" and "Origin" in split(h["vary"]), h

    def test_actual_responses_to_an_allowed_origin(self):
        cases = [("POST", "/v1/re/search", {"pattern": "a", "string": "cat"}, 200),
                 ("POST", "/v1/re/search", {"pattern": "("}, 400),
                 ("POST", "/v1/re/search", {"pattern": "(", "string": ""}, 422),
                 ("GET", "/v1/nosuch", None, 404),
                 ("PUT", "/healthz", None, 405),
                 ("GET", "/openapi.json", None, 200),
                 ("GET", "/v1/jobs/" + "0" * 32, None, 404)]
        for m, path, body, want in cases:
            st, _p, h, _b = self.s.request(m, path, body, headers={"Origin": ALLOWED})
            assert st == want, (m, path, st)
            assert h["access-control-allow-origin"] == ALLOWED, (m, path, h)
            assert split(h["access-control-expose-headers"]) == EXPOSED, h
            assert "Origin" in split(h["vary"]), h
        st, h = announce_body(self.s.port, ALLOWED, 200 << 20)  # over --max-body
        assert st == 413 and h["access-control-allow-origin"] == ALLOWED, (st, h)
        st, h = announce_body(self.s.port, OTHER, 60 << 20)  # under it, over --max-memory
        assert st == 429 and h["access-control-allow-origin"] == OTHER and h["retry-after"], (st, h)
        assert "Retry-After" in split(h["access-control-expose-headers"]), h

    def test_no_cors_headers_for_other_origins(self):
        for origin in ("https://evil.test", None):
            hdrs = {"Origin": origin} if origin else {}
            st, _p, h, _b = self.s.request("POST", "/v1/re/search", {"pattern": "a", "string": "a"}, headers=hdrs)
            assert st == 200 and no_cors(h), (origin, h)
            assert "Origin" in split(h["vary"]), h  # the answer does depend on Origin
        st, h = announce_body(self.s.port, "https://evil.test", 200 << 20)
        assert st == 413 and no_cors(h), h


class CorsAnyTests:
    """--cors-origins '*'."""

    def __init__(self, s):
        self.s = s

    def test_any_origin(self):
        st, _p, h, _b = self.s.request("OPTIONS", "/v1/re/search", headers={
            "Origin": "https://whoever.test", "Access-Control-Request-Method": "POST"})
        assert st == 204 and h["access-control-allow-origin"] == "*", h
        st, _p, h, _b = self.s.request("GET", "/healthz", headers={"Origin": "https://x.test"})
        assert h["access-control-allow-origin"] == "*" and "vary" not in h, h
        st, _p, h, _b = self.s.request("GET", "/healthz")
        assert no_cors(h), h  # not a cross-origin request


class NoCorsTests:
    """The default: no CORS at all."""

    def __init__(self, s):
        self.s = s

    def test_no_cors_by_default(self):
        st, _p, h, _b = self.s.request("OPTIONS", "/v1/re/search", headers={
            "Origin": ALLOWED, "Access-Control-Request-Method": "POST"})
        assert st == 204 and no_cors(h) and "vary" not in h and h["allow"] == "GET, HEAD, POST, OPTIONS", h
        st, _p, h, _b = self.s.request("GET", "/healthz", headers={"Origin": ALLOWED})
        assert st == 200 and no_cors(h), h

    def test_bad_origin_list_refused_at_start(self):
        import subprocess
        for bad in ("app.test", "http://app.test/", "http://user@app.test", "null"):
            p = subprocess.run([BIN, "--cors-origins", bad, "--port", "0", "--bind", "127.0.0.1"],
                               capture_output=True, text=True, timeout=30)
            assert p.returncode != 0 and "--cors-origins" in p.stderr, (bad, p.returncode, p.stderr[-500:])


TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
TRACESTATE = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"


class Upstream:
    """A loopback HTTP server answering every GET with the request's headers as JSON."""

    def __enter__(self):
        import http.server
        import threading

        class Echo(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                b = json.dumps({k.lower(): v for k, v in self.headers.items()}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(b)))
                self.end_headers()
                self.wfile.write(b)

            def log_message(self, *a):
                pass

        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        self.url = f"http://127.0.0.1:{self.srv.server_address[1]}/echo"
        self.t = threading.Thread(target=self.srv.serve_forever, daemon=True)
        self.t.start()
        return self

    def __exit__(self, *exc):
        self.srv.shutdown()
        self.srv.server_close()


class TraceTests:
    """--log-level info (a line per request), --allow-net 127.0.0.1/32."""

    def __init__(self, s):
        self.s = s

    def log_line(self, request_id):
        import time
        for _ in range(100):  # the line is written once the exchange ends
            for line in self.s.log_text().splitlines():
                # the access line (an audit line of a net operation names the request too)
                if line.startswith("{") and f'"request_id":"{request_id}"' in line and '"method":' in line:
                    return json.loads(line)
            time.sleep(0.05)
        raise AssertionError(f"no log line for {request_id}")

    def test_trace_ids_in_the_log(self):
        st, _p, _h, _b = self.s.request("GET", "/healthz", headers={
            "traceparent": TRACEPARENT, "tracestate": TRACESTATE, "X-Request-Id": "trace-1"})
        line = self.log_line("trace-1")
        assert line["trace_id"] == TRACE_ID and line["parent_id"] == "00f067aa0ba902b7", line
        assert len(line["span_id"]) == 16 and line["span_id"] not in ("0" * 16, "00f067aa0ba902b7"), line

    def test_invalid_traceparent_is_ignored(self):
        bad = [TRACEPARENT.upper(), "ff" + TRACEPARENT[2:], TRACEPARENT[:-1], TRACEPARENT + "-x",
               f"00-{'0' * 32}-00f067aa0ba902b7-01", f"00-{TRACE_ID}-{'0' * 16}-01", "garbage"]
        for i, tp in enumerate(bad):
            st, _p, _h, _b = self.s.request("GET", "/healthz", headers={"traceparent": tp,
                                                                       "X-Request-Id": f"bad-{i}"})
            line = self.log_line(f"bad-{i}")
            assert st == 200 and "trace_id" not in line and "span_id" not in line, (tp, line)

    def test_traceparent_passed_on_to_urlopen(self):
        with Upstream() as up:
            st, body = self.s.post("/v1/urllib/request/urlopen", {"url": up.url}, headers={
                "traceparent": TRACEPARENT, "tracestate": TRACESTATE, "X-Request-Id": "trace-out"})
            assert st == 200, (st, body)
            seen = json.loads(base64.b64decode(body["result"]["body"]))
            line = self.log_line("trace-out")
            # the same trace; the parent is this request's span (a child of the caller's)
            assert seen["traceparent"] == f"00-{TRACE_ID}-{line['span_id']}-01", (seen, line)
            assert seen["tracestate"] == TRACESTATE, seen
            # a malformed tracestate is dropped, the traceparent still goes on
            st, body = self.s.post("/v1/urllib/request/urlopen", {"url": up.url}, headers={
                "traceparent": TRACEPARENT, "tracestate": "Bad Key=1"})
            seen = json.loads(base64.b64decode(body["result"]["body"]))
            assert seen["traceparent"].startswith(f"00-{TRACE_ID}-") and "tracestate" not in seen, seen
            # no trace context in: none out (urlopen sends what CPython's would)
            st, body = self.s.post("/v1/urllib/request/urlopen", {"url": up.url})
            seen = json.loads(base64.b64decode(body["result"]["body"]))
            assert st == 200 and "traceparent" not in seen and "tracestate" not in seen, seen
            # the caller's own header wins
            mine = f"00-{'a' * 32}-{'b' * 16}-00"
            st, body = self.s.post("/v1/urllib/request/urlopen", {"url": up.url, "headers": {"traceparent": mine}},
                                   headers={"traceparent": TRACEPARENT})
            seen = json.loads(base64.b64decode(body["result"]["body"]))
            assert seen["traceparent"] == mine, seen


class JobTraceTests:
    """The same server arguments as TraceTests; run on the memory and on the redis backend."""

    def __init__(self, s):
        self.s = s

    log_line = TraceTests.log_line

    def test_traceparent_carried_into_jobs(self):
        """A job remembers the trace context of the request that submitted it: its urlopen
        sends the same trace, under a span of the job's own (a child of the request's)."""
        with Upstream() as up:
            st, _p, _h, data = self.s.request("POST", "/v1/jobs", {"op": "/v1/urllib/request/urlopen",
                                                                  "args": {"url": up.url}}, headers={
                "traceparent": TRACEPARENT, "tracestate": TRACESTATE, "X-Request-Id": "trace-job"})
            assert st == 202, (st, data)
            jid = json.loads(data)["id"]
            st, job = self.s.get(f"/v1/jobs/{jid}?wait=20")
            assert st == 200 and job["state"] == "done", job
            seen = json.loads(base64.b64decode(job["result"]["body"]))
            line = self.log_line("trace-job")
            version, trace_id, parent, flags = seen["traceparent"].split("-")
            assert (version, trace_id, flags) == ("00", TRACE_ID, "01"), seen
            assert len(parent) == 16 and parent not in (line["span_id"], "00f067aa0ba902b7", "0" * 16), (seen, line)
            assert seen["tracestate"] == TRACESTATE, seen
            # a job submitted without a trace context sends none
            st, _p, _h, data = self.s.request("POST", "/v1/jobs", {"op": "/v1/urllib/request/urlopen",
                                                                  "args": {"url": up.url}})
            st, job = self.s.get(f"/v1/jobs/{json.loads(data)['id']}?wait=20")
            seen = json.loads(base64.b64decode(job["result"]["body"]))
            assert "traceparent" not in seen and "tracestate" not in seen, seen


def metric(s, name):
    """The value of one sample of /metrics, e.g. 'pystd_compute_codec_total{work="inflate"}'."""
    _st, _p, _h, text = s.request("GET", "/metrics")
    for line in text.decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"no {name} in /metrics")


def peak_rss_kib(s):
    with open(f"/proc/{s.proc.pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM")


MAX_BODY = 1 << 20  # this server's --max-body
WORDS = " ".join(f"w{i}" for i in range(60000))  # ~400 KB of text, 60,000 matches


class CodecTests:
    """Compression of responses, inflating of request bodies (--max-body 1M)."""

    def __init__(self, s):
        self.s = s

    def post(self, path, body, headers):
        h = {"Content-Type": "application/json", **headers}
        return self.s.request("POST", path, body, h)

    def test_large_response_gzip_round_trip(self):
        body = json.dumps({"pattern": r"\w+", "string": WORDS}).encode()
        before = metric(self.s, 'pystd_compute_codec_total{work="compress"}')
        st, _p, h, plain = self.post("/v1/re/findall", body, {})
        assert st == 200 and "content-encoding" not in h and h["vary"] == "Accept-Encoding", h
        assert len(plain) > 64 * 1024, len(plain)
        st, _p, hz, packed = self.post("/v1/re/findall", body, {"Accept-Encoding": "gzip"})
        assert st == 200 and hz["content-encoding"] == "gzip" and hz["vary"] == "Accept-Encoding", hz
        assert gzip.decompress(packed) == plain and len(packed) < len(plain) // 3, (len(packed), len(plain))
        assert int(hz["content-length"]) == len(packed)
        # over 64 KiB: compressed on the compute pool, not on the HTTP thread
        assert metric(self.s, 'pystd_compute_codec_total{work="compress"}') == before + 1
        # a smaller one (inline) round-trips too, and an error body as well
        small = json.dumps({"pattern": r"\w+", "string": WORDS[:20000]}).encode()
        st, _p, hz, packed = self.post("/v1/re/findall", small, {"Accept-Encoding": "gzip"})
        st2, _p, _h, plain = self.post("/v1/re/findall", small, {})
        assert st == st2 == 200 and hz["content-encoding"] == "gzip" and gzip.decompress(packed) == plain
        long_name = json.dumps({"path": "/x" + "a" * 1500}).encode()  # its error names it: over 1 KiB
        st, _p, hz, packed = self.post("/v1/io/read", long_name, {"Accept-Encoding": "gzip"})
        st2, _p, _h, plain = self.post("/v1/io/read", long_name, {})
        assert st == st2 == 422 and hz.get("content-encoding") == "gzip" and gzip.decompress(packed) == plain

    def test_accept_encoding_negotiation(self):
        body = json.dumps({"pattern": r"\w+", "string": WORDS[:20000]}).encode()
        for ae, gz in (("gzip", True), ("GZIP", True), ("x-gzip", True), ("*", True), ("br, gzip;q=0.5", True),
                       ("gzip;q=0", False), ("gzip; q=0.000", False), ("identity", False), ("br", False),
                       ("*;q=0", False), ("gzip;q=0, *", False), (None, False), ("deflate", False)):
            st, _p, h, _b = self.post("/v1/re/findall", body, {"Accept-Encoding": ae} if ae else {})
            assert st == 200 and (h.get("content-encoding") == "gzip") == gz, (ae, h)
            assert h["vary"] == "Accept-Encoding", (ae, h)

    def test_small_responses_and_streams_stay_plain(self):
        st, _p, h, body = self.post("/v1/random/random", {"seed": 1}, {"Accept-Encoding": "gzip"})
        assert st == 200 and "content-encoding" not in h and "vary" not in h, h
        st, _p, h, _b = self.s.request("GET", "/healthz", headers={"Accept-Encoding": "gzip"})
        assert "content-encoding" not in h, h
        st, job = self.s.post("/v1/jobs/map", {"op": "/v1/re/findall",
                                               "args_list": [{"pattern": r"\w+", "string": WORDS[:3000]}] * 3})
        assert st == 202, (st, job)
        st, _p, h, events = self.s.request("GET", f"/v1/jobs/{job['id']}/events", headers={"Accept-Encoding": "gzip"})
        assert st == 200 and "content-encoding" not in h and b"event: done" in events, (h, events[:200])

    def test_static_documents_precompressed(self):
        _st, _p, h, plain = self.s.request("GET", "/openapi.json")
        st, _p, hz, packed = self.s.request("GET", "/openapi.json", headers={"Accept-Encoding": "gzip"})
        assert st == 200 and hz["content-encoding"] == "gzip" and gzip.decompress(packed) == plain
        assert hz["etag"] != h["etag"] and h["vary"] == hz["vary"] == "Accept-Encoding", (h, hz)
        print(f"  /openapi.json: {len(plain)} bytes plain, {len(packed)} gzip")
        for et in (h["etag"], hz["etag"]):  # either form: the client's copy is good
            st, _p, h3, b = self.s.request("GET", "/openapi.json", headers={"Accept-Encoding": "gzip",
                                                                            "If-None-Match": et})
            assert st == 304 and b == b"", (et, st)
        st, _p, hh, b = self.s.request("HEAD", "/openapi.json", headers={"Accept-Encoding": "gzip"})
        assert b == b"" and hh["content-length"] == hz["content-length"] and hh["content-encoding"] == "gzip"

    def test_gzip_request_bodies(self):
        plain = json.dumps({"pattern": r"\w+", "string": WORDS}).encode()  # ~400 KB
        st, _p, _h, want = self.post("/v1/re/findall", plain, {})
        assert st == 200
        small = json.dumps({"pattern": r"\d+", "string": "a1b22c333"}).encode()
        st, _p, _h, want_small = self.post("/v1/re/findall", small, {})
        before = metric(self.s, 'pystd_compute_codec_total{work="inflate"}')
        for coding, pack in (("gzip", gzip.compress), ("x-gzip", gzip.compress), ("deflate", zlib.compress),
                             ("GZip", lambda b: gzip.compress(b[:9]) + gzip.compress(b[9:]))):  # two members
            st, _p, _h, got = self.post("/v1/re/findall", pack(small), {"Content-Encoding": coding})
            assert st == 200 and got == want_small, (coding, st, got)
        st, _p, _h, got = self.post("/v1/re/findall", small, {"Content-Encoding": "identity"})
        assert st == 200 and got == want_small
        assert metric(self.s, 'pystd_compute_codec_total{work="inflate"}') == before  # small: inline
        # a compressed body whose text is larger than 64 KiB inflates on the compute pool
        packed = gzip.compress(plain)
        st, _p, _h, got = self.post("/v1/re/findall", packed, {"Content-Encoding": "gzip"})
        assert st == 200 and got == want, st
        assert metric(self.s, 'pystd_compute_codec_total{work="inflate"}') == before + 1
        # random data does not compress: a large compressed body, inflated on the pool too
        noise = base64.b64encode(os.urandom(120000)).decode()
        body = json.dumps({"pattern": "A", "string": noise}).encode()
        st, _p, _h, want = self.post("/v1/re/findall", body, {})
        st2, _p, _h, got = self.post("/v1/re/findall", gzip.compress(body), {"Content-Encoding": "gzip"})
        assert st == st2 == 200 and got == want

    def test_bad_request_codings(self):
        small = json.dumps({"pattern": "a", "string": "a"}).encode()
        for coding, data in (("gzip", b"not gzip"), ("gzip", gzip.compress(small)[:-4]), ("deflate", gzip.compress(small)),
                             ("gzip", gzip.compress(small) + b"trailing")):
            st, body, _h, _d = self.post("/v1/re/search", data, {"Content-Encoding": coding})
            assert st == 400 and body["error"]["type"] == "BadRequest", (coding, st, body)
        for coding in ("br", "zstd", "gzip, gzip", "compress"):
            st, body, h, _d = self.post("/v1/re/search", small, {"Content-Encoding": coding})
            assert st == 415 and body["error"]["type"] == "UnsupportedMediaType", (coding, st, body)
            assert split(h["accept-encoding"]) == {"gzip", "deflate"}, h

    def test_decompressed_size_counts_against_max_body(self):
        # exactly --max-body once inflated: taken; one byte more: 413
        filler = MAX_BODY - len(json.dumps({"pattern": "a", "string": ""}))
        ok = json.dumps({"pattern": "a", "string": "b" * filler}).encode()
        assert len(ok) == MAX_BODY
        st, body, _h, _d = self.post("/v1/re/search", gzip.compress(ok), {"Content-Encoding": "gzip"})
        assert st == 200 and body == {"result": None}, (st, body)
        over = json.dumps({"pattern": "a", "string": "b" * (filler + 1)}).encode()
        st, body, _h, _d = self.post("/v1/re/search", gzip.compress(over), {"Content-Encoding": "gzip"})
        assert st == 413 and body["error"]["type"] == "PayloadTooLarge", (st, body)

    def test_gzip_bomb_is_413_without_memory(self):
        for _ in range(3):  # warm up: the heaps of the threads that will serve the bombs
            self.post("/v1/re/search", gzip.compress(b"{}"), {"Content-Encoding": "gzip"})
        base = peak_rss_kib(self.s)
        # 1 GiB of zeros in ~1 MB (pool) and 64 MiB in ~64 KB (starts inline)
        for size in (1 << 30, 64 << 20):
            z = zlib.compressobj(9, zlib.DEFLATED, 31)
            chunk = b"\0" * (1 << 20)
            bomb = b"".join(z.compress(chunk) for _ in range(size >> 20)) + z.flush()
            st, body, _h, _d = self.post("/v1/re/search", bomb, {"Content-Encoding": "gzip"})
            assert st == 413 and body["error"]["type"] == "PayloadTooLarge", (size, st, body)
            assert "decompressed" in body["error"]["message"], body
        grown = peak_rss_kib(self.s) - base
        # at most --max-body of inflated text was ever held, plus the bomb itself
        assert grown < 16 * 1024, f"peak RSS grew by {grown} KiB"
        st, _b = self.s.get("/healthz")
        assert st == 200


def raw_exchange(port, data, timeout=10):
    """Send raw bytes, read until the server closes or one whole answer came:
    -> (status, {lower-case name: first value}, body)."""
    import socket
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as c:
        c.sendall(data)
        buf = b""
        while True:
            head, sep, rest = buf.partition(b"\r\n\r\n")
            if sep:
                lines = head.decode("latin-1").split("\r\n")
                h = {}
                for line in lines[1:]:
                    k, _, v = line.partition(":")
                    h.setdefault(k.strip().lower(), v.strip())
                if len(rest) >= int(h.get("content-length", "0")):
                    return int(lines[0].split()[1]), h, rest
            got = c.recv(65536)
            if not got:
                raise AssertionError(f"connection closed after {buf[:300]!r}")
            buf += got


class HeadTests:
    """The headers the server reads itself (server/http_head.c, one pass over the
    list): names in any case, the first of a repeated header, body lengths said
    twice."""

    def __init__(self, s):
        self.s = s

    def post(self, extra, body=b'{"seed": 1}'):
        return raw_exchange(self.s.port, b"POST /v1/random/random HTTP/1.1\r\nHost: x\r\n" + extra
                            + b"Connection: close\r\n\r\n" + body)

    def test_names_in_any_case(self):
        st, h, body = self.post(b"x-REQUEST-id: abc-1\r\ncontent-LENGTH: 11\r\n")
        assert st == 200 and h.get("x-request-id") == "abc-1", (st, h, body)
        assert json.loads(body) == {"result": 0.13436424411240122}, body

    def test_first_request_id_wins(self):
        st, h, _b = self.post(b"X-Request-Id: first\r\nX-Request-Id: second\r\nContent-Length: 11\r\n")
        assert st == 200 and h.get("x-request-id") == "first", (st, h)

    def test_invalid_request_id_replaced(self):
        st, h, _b = self.post(b"X-Request-Id: a b\r\nContent-Length: 11\r\n")
        rid = h.get("x-request-id", "")
        assert st == 200 and len(rid) == 32 and all(c in "0123456789abcdef" for c in rid), (st, h)

    def test_same_length_twice_is_one_length(self):
        st, _h, body = self.post(b"Content-Length: 11\r\nContent-Length: 11\r\n")
        assert st == 200, (st, body)

    def test_lengths_said_two_ways_are_400(self):
        for extra in (b"Content-Length: 11\r\nContent-Length: 12\r\n",
                      b"content-length: 11\r\nTRANSFER-encoding: chunked\r\n"):
            st, _h, body = self.post(extra)
            assert st == 400, (extra, st, body)


def run(groups):
    """groups: (server arguments, test classes); every test_* method of each class
    runs against a server of its group.  Prints a summary, exits 1 on a failure."""
    passed = failed = 0
    for args, classes in groups:
        with Server(BIN, args=args) as srv:
            for cls in classes:
                t = cls(srv)
                for n in sorted(x for x in dir(t) if x.startswith("test_")):
                    try:
                        getattr(t, n)()
                        passed += 1
                        print(f"PASS {cls.__name__}.{n}")
                    except Exception as e:  # noqa: BLE001 -- report every failure and go on
                        failed += 1
                        print(f"FAIL {cls.__name__}.{n}: {type(e).__name__}: {e}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    from redis_harness import Redis
    TRACE_ARGS = ["--allow-net", "127.0.0.1/32", "--log-level", "info"]
    with Redis() as redis:  # a job's trace context goes through the redis store too
        run([([], [MethodTests, ConditionalTests, NoCorsTests, HeadTests]),
             (CORS_ARGS, [CorsTests]),
             (["--cors-origins", "*"], [CorsAnyTests]),
             (TRACE_ARGS, [TraceTests, JobTraceTests]),
             (TRACE_ARGS + ["--jobs-backend", redis.url], [JobTraceTests]),
             (["--max-body", str(MAX_BODY)], [CodecTests])])
