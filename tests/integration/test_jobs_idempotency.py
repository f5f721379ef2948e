"""Idempotency-Key on POST /v1/jobs and /v1/jobs/map, on both backends
(memory, and redis on a redis-server of this test's own): the same key and
body within --job-keep give the same job (200, the job object), another body
409 Conflict; keys are kept per endpoint and forgotten with their job.

    python3 tests/integration/test_jobs_idempotency.py [--bin build/pystd]
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402
from redis_harness import Redis  # noqa: E402

BIN = bin_from_argv()
KEEP = ["--job-keep", "1"]


def post(s, path, body, key):
    headers = {"Idempotency-Key": key} if key is not None else {}
    if isinstance(body, str):
        body = body.encode()
        headers["Content-Type"] = "application/json"
    st, j, h, _ = s.request("POST", path, body, headers=headers)
    return st, j, h


def check(s):
    body = {"op": "/v1/random/random", "args": {"seed": 3}}
    st, j1, h1 = post(s, "/v1/jobs", body, "key-1")
    assert st == 202, (st, j1)
    # the same body again (spacing does not count): the same job, as it is now
    st, j2, h2 = post(s, "/v1/jobs", '{ "op" : "/v1/random/random",\n "args": {"seed": 3} }', "key-1")
    assert st == 200 and j2["id"] == j1["id"] and "state" in j2 and "progress" in j2, (st, j2)
    assert h2["location"] == h1["location"] == f"/v1/jobs/{j1['id']}", (h1, h2)
    st, j, _ = s.request("GET", f"/v1/jobs/{j1['id']}?wait=10")[:3]
    assert j["state"] == "done"
    st, j3, _ = post(s, "/v1/jobs", body, "key-1")
    assert st == 200 and j3["state"] == "done" and j3["result"] == j["result"], j3
    # another body under the same key: 409
    st, j, h = post(s, "/v1/jobs", {"op": "/v1/random/random", "args": {"seed": 4}}, "key-1")
    assert st == 409 and j["error"]["type"] == "Conflict", (st, j)
    # another key: another job; no key: always a new job
    st, j4, _ = post(s, "/v1/jobs", body, "key-2")
    assert st == 202 and j4["id"] != j1["id"], j4
    ids = {post(s, "/v1/jobs", body, None)[1]["id"] for _ in range(3)}
    assert len(ids) == 3, ids
    # map: keyed per endpoint
    m = {"op": "/v1/json/dumps", "args_list": [{"obj": 1}, {"obj": 2}]}
    st, m1, _ = post(s, "/v1/jobs/map", m, "key-m")
    st2, m2, _ = post(s, "/v1/jobs/map", m, "key-m")
    assert st == 202 and st2 == 200 and m2["id"] == m1["id"], (m1, m2)
    st, j, _ = post(s, "/v1/jobs", body, "key-m")
    assert st == 409, (st, j)
    # a key that is not 1..255 printable ASCII characters: 400
    for bad in ("", "k" * 256):
        st, j, _ = post(s, "/v1/jobs", body, bad)
        assert st == 400 and j["error"]["type"] == "BadRequest", (bad, st, j)
    # a bad request with a key is a 400 and keeps nothing
    st, j, _ = post(s, "/v1/jobs", {"op": "/v1/nope"}, "key-3")
    assert st == 400
    st, j, _ = post(s, "/v1/jobs", body, "key-3")
    assert st == 202, (st, j)
    # forgotten with the job (--job-keep 1): the key names a new job
    time.sleep(1.6)
    st, j5, _ = post(s, "/v1/jobs", body, "key-1")
    assert st == 202 and j5["id"] != j1["id"], (st, j5)


class IdempotencyTests(Tests):
    def test_memory(self):
        with Server(BIN, args=KEEP) as s:
            check(s)

    def test_redis(self):
        with Redis() as redis, Server(BIN, args=KEEP + ["--jobs-backend", redis.url]) as s:
            check(s)


if __name__ == "__main__":
    IdempotencyTests().run()
