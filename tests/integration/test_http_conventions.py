#!/usr/bin/env python3
"""The HTTP conventions clients expect of a live pystd (issue 19): HEAD wherever GET
is answered and OPTIONS everywhere (204 + Allow), on every kind of route (service
paths, /docs assets, the jobs resources, GET-able ops, POST-only ops)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

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


class MethodTests(Tests):
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
        st, _p, _h, text = self.s.request("GET", "/metrics")
        text = text.decode()
        assert 'route="/healthz",method="HEAD",status="200"' in text, text[:2000]
        assert 'route="/healthz",method="OPTIONS",status="204"' in text, text[:2000]


if __name__ == "__main__":
    with Server(BIN) as srv:
        MethodTests(srv).run()
