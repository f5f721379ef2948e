#!/usr/bin/env python3
"""Bearer tokens with scopes (--auth-file): 401 without a token or with an
unknown one (WWW-Authenticate: Bearer), 403 without the scope, the open
paths, jobs needing their op's scope, --anonymous-scopes, SIGHUP reloading
the file, the per-token counters of /metrics, and no token text in any log
line."""
import hashlib
import os
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from auth_harness import refused, token_file  # noqa: E402
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
TOKENS = {  # name -> (token text, scopes)
    "calc": ("tok-calc-7f3a9c", "compute"),
    "reader": ("tok-reader-51be", "compute,fs.read"),
    "writer": ("tok-writer-0d24", "fs.read,fs.write"),
    "fetch": ("tok-fetch-8e11", "net"),
    "jobber": ("tok-jobber-c3d9", "jobs,compute"),
    "ops": ("tok-ops-99aa", "metrics"),
    "root": ("tok-root-e4f0", "*"),
}


def auth_file(tokens, path=None):
    return token_file(tokens, path)


def bearer(name):
    return {"Authorization": "Bearer " + TOKENS[name][0]}


class T(Tests):
    def server(self, *extra, tokens=TOKENS, log_level="info"):
        self.path = auth_file(tokens)
        return Server(BIN, args=["--auth-file", self.path, *extra], log_level=log_level)

    def test_no_token_401(self):
        with self.server() as s:
            st, body, h, _ = s.request("POST", "/v1/random/random", {"seed": 1})
            assert st == 401, (st, body)
            assert body["error"]["type"] == "Unauthorized", body
            assert h.get("www-authenticate", "").startswith("Bearer"), h
            st, body, h, _ = s.request("GET", "/v1/random/random?seed=1", headers={"Authorization": "Bearer nope"})
            assert st == 401 and 'error="invalid_token"' in h.get("www-authenticate", ""), (st, h)
            st, body, h, _ = s.request("GET", "/v1/random/random", headers={"Authorization": "Basic eDp5"})
            assert st == 401, st

    def test_open_paths(self):
        with self.server() as s:
            for p in ("/healthz", "/readyz", "/v1", "/openapi.json", "/docs"):
                st, _, _, _ = s.request("GET", p)
                assert st == 200, (p, st)
            st, _, _, _ = s.request("GET", "/metrics")
            assert st == 401, st
            st, _, _, _ = s.request("GET", "/metrics", headers=bearer("calc"))
            assert st == 403, st
            st, _, _, data = s.request("GET", "/metrics", headers=bearer("ops"))
            assert st == 200 and b"pystd_auth_requests_total" in data, st

    def test_scopes(self):
        cases = [  # (path, body, name, expected status)
            ("/v1/random/random", {"seed": 1}, "calc", 200),
            ("/v1/random/random", {"seed": 1}, "writer", 403),
            ("/v1/io/write", {"path": "/a.txt", "data": "x"}, "writer", 200),
            ("/v1/io/write", {"path": "/a.txt", "data": "x"}, "reader", 403),
            ("/v1/io/read", {"path": "/a.txt"}, "writer", 200),
            ("/v1/io/read", {"path": "/a.txt"}, "calc", 403),
            ("/v1/os/listdir", {"path": "/"}, "reader", 200),
            ("/v1/os/path/exists", {"path": "/a.txt"}, "calc", 403),
            ("/v1/os/path/join", {"a": "/x", "paths": ["y"]}, "calc", 200),
            ("/v1/os/remove", {"path": "/a.txt"}, "reader", 403),
            ("/v1/urllib/request/urlopen", {"url": "http://127.0.0.1:9/"}, "calc", 403),
            ("/v1/urllib/request/urlretrieve", {"url": "http://127.0.0.1:9/", "filename": "/x"}, "fetch", 403),
            ("/v1/urllib/robotparser/can_fetch", {"robots_txt": "", "useragent": "a", "url": "/"}, "calc", 200),
            ("/v1/urllib/robotparser/can_fetch",
             {"robots_url": "http://127.0.0.1:9/robots.txt", "useragent": "a", "url": "/"}, "calc", 403),
            ("/v1/re/search", {"pattern": "a", "string": "a"}, "root", 200),
        ]
        with self.server() as s:
            for path, body, name, want in cases:
                st, got = s.post(path, body, headers=bearer(name))
                assert st == want, (path, name, st, got)
                if want == 403:
                    assert got["error"]["type"] == "Forbidden", got
            # net with the scope: the fetch runs (and fails: the network policy, port 9)
            st, got = s.post("/v1/urllib/request/urlopen", {"url": "http://127.0.0.1:9/"}, headers=bearer("fetch"))
            assert st == 422, (st, got)

    def test_jobs_need_the_op_scope(self):
        with self.server() as s:
            job = {"op": "/v1/random/random", "args": {"seed": 1}}
            st, got = s.post("/v1/jobs", job, headers=bearer("calc"))
            assert st == 403, (st, got)  # no jobs scope
            st, got = s.post("/v1/jobs", job, headers=bearer("jobber"))
            assert st == 202, (st, got)
            st, got = s.post("/v1/jobs", {"op": "/v1/io/write", "args": {"path": "/a", "data": "x"}},
                             headers=bearer("jobber"))
            assert st == 403, (st, got)  # jobs, but not fs.write
            st, got = s.post("/v1/jobs/map", {"op": "/v1/urllib/robotparser/can_fetch", "args_list": [
                {"robots_txt": "", "useragent": "a", "url": "/"},
                {"robots_url": "http://127.0.0.1:9/r", "useragent": "a", "url": "/"}]}, headers=bearer("jobber"))
            assert st == 403, (st, got)  # one item fetches: net
            st, got = s.get("/v1/jobs", headers=bearer("jobber"))
            assert st == 200, st
            st, got = s.get("/v1/jobs")
            assert st == 401, st

    def test_anonymous_scopes(self):
        with self.server("--anonymous-scopes", "compute") as s:
            st, _ = s.post("/v1/random/random", {"seed": 1})
            assert st == 200, st
            st, got = s.post("/v1/io/write", {"path": "/a", "data": "x"})
            assert st == 401, (st, got)
            st, got = s.post("/v1/random/random", {"seed": 1}, headers={"Authorization": "Bearer wrong"})
            assert st == 401, st  # a wrong token is refused even where anonymous may go

    def test_no_auth_file_everything_open(self):
        with Server(BIN) as s:
            st, _ = s.post("/v1/io/write", {"path": "/a", "data": "x"}, headers={"Authorization": "Bearer x"})
            assert st == 200, st
            st, _, _, _ = s.request("GET", "/metrics")
            assert st == 200, st
        with Server(BIN, args=["--anonymous-scopes", "compute,fs.read"]) as s:
            st, _ = s.post("/v1/io/write", {"path": "/a", "data": "x"})
            assert st == 401, st
            st, _ = s.post("/v1/random/random", {})
            assert st == 200, st

    def test_bad_files_refused_at_start(self):
        for text in ("alice:compute\n", "alice:compute:abc\n", "al/ice:compute:" + "0" * 64 + "\n",
                     "alice:flying:" + "0" * 64 + "\n"):
            fd, path = tempfile.mkstemp()
            os.write(fd, text.encode())
            os.close(fd)
            err = refused(BIN, ["--auth-file", path])
            os.unlink(path)
            assert "line 1" in err, (text, err)

    def test_tag_collision_refused(self):
        # a job id starts with 8 hex digits of sha256("pystd-tenant:" + name): two names
        # sharing them would share jobs, so such a file is refused (a birthday search
        # finds a pair among a few 100,000 names)
        seen = {}
        for i in range(2_000_000):
            name = f"t{i}"
            tag = hashlib.sha256(("pystd-tenant:" + name).encode()).hexdigest()[:8]
            if tag in seen:
                pair = (seen[tag], name)
                break
            seen[tag] = name
        path = token_file({pair[0]: ("tok-a-1", "*"), pair[1]: ("tok-b-2", "*")})
        err = refused(BIN, ["--auth-file", path])
        assert "the same job tag" in err, (pair, err)

    def test_sighup_reload(self):
        with self.server() as s:
            st, _ = s.post("/v1/random/random", {}, headers=bearer("calc"))
            assert st == 200
            new = dict(TOKENS)
            del new["calc"]
            new["calc2"] = ("tok-calc2-1234", "compute")
            auth_file(new, self.path)
            # a connection open across the reload keeps working
            import http.client
            conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
            conn.request("POST", "/v1/random/random", body=b"{}", headers={"Authorization": "Bearer tok-calc2-1234"})
            r = conn.getresponse()
            r.read()
            assert r.status == 401, r.status  # not loaded yet
            s.proc.send_signal(signal.SIGHUP)
            for _ in range(200):  # bounded polling, not a timing assert
                st, _ = s.post("/v1/random/random", {}, headers={"Authorization": "Bearer tok-calc2-1234"})
                if st == 200:
                    break
                time.sleep(0.02)
            assert st == 200, st
            conn.request("POST", "/v1/random/random", body=b"{}", headers={"Authorization": "Bearer tok-calc2-1234"})
            r = conn.getresponse()
            r.read()
            assert r.status == 200, r.status  # the same connection, after the reload
            conn.close()
            st, _ = s.post("/v1/random/random", {}, headers=bearer("calc"))
            assert st == 401, st
            # a broken file keeps the tokens in place
            with open(self.path, "w") as f:
                f.write("broken\n")
            s.proc.send_signal(signal.SIGHUP)
            for _ in range(200):
                if "not reloaded" in s.log_text():
                    break
                time.sleep(0.02)
            assert "not reloaded" in s.log_text()
            st, _ = s.post("/v1/random/random", {}, headers={"Authorization": "Bearer tok-calc2-1234"})
            assert st == 200, st

    def test_logs_name_not_token(self):
        with self.server() as s:
            for name in TOKENS:
                s.post("/v1/random/random", {}, headers=bearer(name))
            s.post("/v1/io/write", {"path": "/a", "data": "x"}, headers=bearer("writer"))
            s.post("/v1/random/random", {}, headers={"Authorization": "Bearer tok-unknown-zzz"})
            st, _, _, data = s.request("GET", "/metrics", headers=bearer("ops"))
            text = data.decode()
            assert 'pystd_auth_requests_total{token="calc"} 1' in text, text[-2000:]
            assert 'pystd_auth_denied_total{token="writer"} 1' in text
            s.stop()
            log = s.log_text()
            for tok, _ in TOKENS.values():
                assert tok not in log, tok
            assert "tok-unknown-zzz" not in log
            assert '"token":"calc"' in log and '"token":"writer"' in log, log[-2000:]


if __name__ == "__main__":
    T().run()
