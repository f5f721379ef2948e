#!/usr/bin/env python3
"""Tenants (--auth-file): each token name has its own files (its own root
inside --data-dir, its own quota) and its own jobs, on the memory and the
redis job stores: tenant A's file and job are invisible to B (read, stat,
listdir, exists, rename into and out of; job poll, events, cancel, list),
and Idempotency-Keys are per tenant.  Also the audit lines of fs.write and
net calls, synchronous and in jobs."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from auth_harness import token_file as write_tokens  # noqa: E402
from harness import Server, Tests, bin_from_argv  # noqa: E402
from redis_harness import Redis  # noqa: E402

BIN = bin_from_argv()
TOK = {"alice": "tok-alice-0123", "bob": "tok-bob-4567"}


def token_file():
    return write_tokens(TOK)


def H(name, **more):
    return {"Authorization": "Bearer " + TOK[name], **more}


class T(Tests):
    def server(self, *extra):
        return Server(BIN, args=["--auth-file", token_file(), "--anonymous-scopes", "*", *extra], log_level="info")

    def test_files(self):
        with self.server("--tenant-store-size", "100") as s:
            st, r = s.post("/v1/io/write", {"path": "/secret.txt", "data": "alice's"}, headers=H("alice"))
            assert (st, r["result"]) == (200, 7), (st, r)
            st, r = s.post("/v1/os/makedirs", {"path": "/d/e"}, headers=H("alice"))
            assert st == 200, r
            # bob sees none of it
            st, r = s.post("/v1/io/read", {"path": "/secret.txt"}, headers=H("bob"))
            assert st == 422 and r["error"]["type"] == "FileNotFoundError", r
            for path in ("/secret.txt", "/../alice/secret.txt", "/../../tenants/alice/secret.txt"):
                st, r = s.post("/v1/os/stat", {"path": path}, headers=H("bob"))
                assert st == 422 and r["error"]["type"] == "FileNotFoundError", (path, r)
                st, r = s.post("/v1/os/path/exists", {"path": path}, headers=H("bob"))
                assert r["result"] is False, (path, r)
            st, r = s.post("/v1/os/listdir", {"path": "/"}, headers=H("bob"))
            assert r["result"] == [], r
            st, r = s.post("/v1/os/listdir", {"path": "/"}, headers=H("alice"))
            assert r["result"] == ["d", "secret.txt"], r
            # renames into and out of another tenant are not even nameable
            st, r = s.post("/v1/os/rename", {"src": "/secret.txt", "dst": "/x"}, headers=H("bob"))
            assert st == 422 and r["error"]["type"] == "FileNotFoundError", r
            s.post("/v1/io/write", {"path": "/mine.txt", "data": "bob's"}, headers=H("bob"))
            st, r = s.post("/v1/os/rename", {"src": "/mine.txt", "dst": "/../alice/stolen.txt"}, headers=H("bob"))
            assert st == 422 and r["error"]["type"] == "FileNotFoundError", r  # '..' stops at bob's root
            st, r = s.post("/v1/os/listdir", {"path": "/"}, headers=H("bob"))
            assert r["result"] == ["mine.txt"], r
            st, r = s.post("/v1/os/listdir", {"path": "/"}, headers=H("alice"))
            assert r["result"] == ["d", "secret.txt"], r
            # anonymous requests have a tenant of their own
            st, r = s.post("/v1/os/listdir", {"path": "/"})
            assert r["result"] == [], r
            # each tenant's quota (100 bytes here)
            st, r = s.post("/v1/io/write", {"path": "/big", "data": "x" * 95}, headers=H("alice"))
            assert st == 422 and r["error"]["type"] == "ResourceLimitError", r
            st, r = s.post("/v1/io/write", {"path": "/big", "data": "x" * 95}, headers=H("bob"))
            assert st == 200, r  # bob holds 5 bytes: room for 95
            s.stop()
            log = s.log_text()
            audits = [json.loads(x) for x in log.splitlines() if '"audit":"pystd"' in x]
            writes = [(a["token"], a["op"], a.get("path"), a["outcome"]) for a in audits]
            assert ("alice", "/v1/io/write", "/secret.txt", "ok") in writes, writes
            assert ("alice", "/v1/io/write", "/big", "ResourceLimitError") in writes, writes
            assert any(a["token"] == "bob" and a["op"] == "/v1/os/rename" and a.get("dst") == "/../alice/stolen.txt"
                       for a in audits), audits

    def jobs_isolated(self, s):
        st, r, h, _ = s.request("POST", "/v1/jobs", {"op": "/v1/time/sleep", "args": {"secs": 30}},
                                headers=H("alice"))
        assert st == 202, r
        jid = r["id"]
        st, r, _, _ = s.request("POST", "/v1/jobs", {"op": "/v1/random/random", "args": {}}, headers=H("bob"))
        assert st == 202, r
        bid = r["id"]
        for method, path in (("GET", f"/v1/jobs/{jid}"), ("GET", f"/v1/jobs/{jid}?wait=1"),
                             ("GET", f"/v1/jobs/{jid}/events"), ("DELETE", f"/v1/jobs/{jid}")):
            st, r, _, _ = s.request(method, path, headers=H("bob"))
            assert st == 404 and r["error"]["type"] == "NotFound", (method, path, st, r)
            st, r, _, _ = s.request(method, path)  # anonymous: a tenant too
            assert st == 404, (method, path, st)
        st, r = s.get("/v1/jobs", headers=H("bob"))
        ids = [j["id"] for j in r["jobs"]]
        assert jid not in ids and bid in ids, ids
        st, r = s.get("/v1/jobs", headers=H("alice"))
        ids = [j["id"] for j in r["jobs"]]
        assert jid in ids and bid not in ids, ids
        st, r, _, _ = s.request("DELETE", f"/v1/jobs/{jid}", headers=H("alice"))
        assert st == 200 and r["state"] == "cancelled", r
        # a job's files are its tenant's
        st, r = s.post("/v1/jobs", {"op": "/v1/io/write", "args": {"path": "/from-job", "data": "j"}},
                       headers=H("bob"))
        st, r = s.get(f"/v1/jobs/{r['id']}?wait=10", headers=H("bob"))
        assert r["state"] == "done", r
        st, r = s.post("/v1/os/listdir", {"path": "/"}, headers=H("bob"))
        assert "from-job" in r["result"], r
        st, r = s.post("/v1/os/listdir", {"path": "/"}, headers=H("alice"))
        assert "from-job" not in r["result"], r
        # one Idempotency-Key, two tenants: two jobs
        body = {"op": "/v1/random/random", "args": {"seed": 1}}
        st1, r1, _, _ = s.request("POST", "/v1/jobs", body, headers=H("alice", **{"Idempotency-Key": "k1"}))
        st2, r2, _, _ = s.request("POST", "/v1/jobs", body, headers=H("bob", **{"Idempotency-Key": "k1"}))
        assert st1 == 202 and st2 == 202 and r1["id"] != r2["id"], (st1, r1, st2, r2)
        st3, r3, _, _ = s.request("POST", "/v1/jobs", body, headers=H("bob", **{"Idempotency-Key": "k1"}))
        assert st3 == 200 and r3["id"] == r2["id"], (st3, r3)

    def test_jobs_memory(self):
        with self.server() as s:
            self.jobs_isolated(s)

    def test_jobs_redis(self):
        with Redis() as rd, self.server("--jobs-backend", rd.url) as s:
            self.jobs_isolated(s)
            s.stop()
            audits = [json.loads(x) for x in s.log_text().splitlines() if '"audit":"pystd"' in x]
            assert any(a["token"] == "bob" and a.get("path") == "/from-job" and a.get("job_id") for a in audits), audits


if __name__ == "__main__":
    T().run()
