"""Replicas on one Redis (--jobs-backend redis://...), each test with a
redis-server of its own on a free loopback port:

* kill -9: two replicas, 2,000 jobs submitted round-robin, one replica
  killed mid-run; every job reaches a final state through the other, results
  equal the synchronous answers, none lost, none run twice except the
  documented reruns (a side-effect-free job the dead replica was running
  runs again; urlopen, which reaches the network, fails with WorkerLost);
* Redis killed and restarted with its AOF: the pending jobs still run;
  meanwhile /readyz is 503 and submits 503 + Retry-After, then both recover;
* across replicas: ?wait and /events on one replica see a job another runs,
  a cancel reaches the replica running the job, the queue bound (429), the
  list, Idempotency-Key;
* the file store: two replicas on one --data-dir append to one file at once
  and lose nothing (locks that hold across processes).

    python3 tests/integration/test_replicas.py [--bin build/pystd]

No timing assertions: the bounds below only keep a broken build from
hanging the test; the figures printed are for the record.
"""
import concurrent.futures
import http.server
import json
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402
from redis_harness import Redis  # noqa: E402

BIN = bin_from_argv()
FINAL = ("done", "failed", "cancelled")
CLAIM = "2"  # --job-claim-seconds: a dead replica's jobs are taken over after 2 s


def replica(redis, *extra, workers=4):
    return Server(BIN, args=["--jobs-backend", redis.url, "--job-claim-seconds", CLAIM,
                             "--job-workers", str(workers), "--job-queue", "10000",
                             "--max-conns-per-ip", "4096", *extra])


def submit(s, op, args, headers=None, **kw):
    st, j, _h, _ = s.request("POST", "/v1/jobs", dict(op=op, args=args, **kw), headers=headers)
    assert st == 202, (st, j)
    return j["id"]


def wait_final(s, jid, limit=60):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        st, j = s.get(f"/v1/jobs/{jid}?wait=10", timeout=30)
        assert st == 200, (st, j)
        if j["state"] in FINAL:
            return j
    raise AssertionError(f"job {jid} not final after {limit} s: {j}")


def until(pred, limit=30, step=0.05, what="condition"):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    raise AssertionError(f"{what}: not within {limit} s")


class Gate(http.server.BaseHTTPRequestHandler):
    """A slow HTTP server on loopback: answers once the test opens the gate
    (or after 20 s)."""
    gate = threading.Event()
    protocol_version = "HTTP/1.0"

    def do_GET(self):  # noqa: N802
        Gate.gate.wait(20)
        body = b"slow answer"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass  # the killed replica's connection

    def log_message(self, *a):
        pass


def tiny(i):
    """The i-th job of the 2,000: tiny ops whose answers are deterministic."""
    k = i % 4
    if k == 0:
        return "/v1/time/sleep", {"secs": 0.02}
    if k == 1:
        return "/v1/random/randint", {"a": 1, "b": 10 ** 6, "seed": i}
    if k == 2:
        return "/v1/json/dumps", {"obj": {"i": i, "s": "x" * (i % 7)}, "sort_keys": True}
    return "/v1/re/search", {"pattern": "(\\d+)", "string": f"abc {i} def"}


def jobs_by_owner(redis, ids):
    """{id: (state, owner, attempt, reruns)} read from Redis."""
    rows = redis.pipeline([["HMGET", f"pystd:job:{i}", "state", "owner", "attempt", "reruns"] for i in ids])
    return dict(zip(ids, rows))


class ReplicaTests(Tests):
    def test_kill_one_replica_mid_run(self):
        web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Gate)
        threading.Thread(target=web.serve_forever, daemon=True).start()
        slow_url = f"http://127.0.0.1:{web.server_address[1]}/slow"
        Gate.gate.clear()
        try:
            with Redis() as redis, replica(redis, "--allow-net", "127.0.0.1/32") as a, \
                    replica(redis, "--allow-net", "127.0.0.1/32") as b:
                self._kill_run(redis, a, b, slow_url)
        finally:
            Gate.gate.set()
            web.shutdown()
            web.server_close()

    def _kill_run(self, redis, a, b, slow_url):
        a_name = f"-{a.proc.pid}-"
        # long jobs first: urlopen (held by the gate until the kill) and
        # 6-second sleeps, until one of each runs on replica A (at most 6:
        # workers stay free for the 2,000)
        long_ids, kinds = [], {}

        def long_on_a():
            rows = jobs_by_owner(redis, long_ids)
            return [i for i, r in rows.items() if r[0] == "running" and a_name in (r[1] or "")]

        for n in range(6):
            s = (a, b)[n % 2]
            if n % 2 == 0:
                jid = submit(s, "/v1/urllib/request/urlopen", {"url": slow_url, "timeout": 30})
                kinds[jid] = "urlopen"
            else:
                jid = submit(s, "/v1/time/sleep", {"secs": 6})
                kinds[jid] = "sleep"
            long_ids.append(jid)
            time.sleep(0.3)
            if len({kinds[i] for i in long_on_a()}) == 2:
                break
        until(long_on_a, what="a long job running on A")

        # the 2,000, round-robin, from 8 client threads
        specs = [tiny(i) for i in range(2000)]

        def sub(i):
            return submit((a, b)[i % 2], *specs[i])

        t0 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(8) as ex:
            ids = list(ex.map(sub, range(2000)))
        submitted = time.monotonic() - t0

        def finished():
            rows = redis.pipeline([["HGET", f"pystd:job:{i}", "state"] for i in ids])
            return sum(1 for r in rows if r in FINAL)

        until(lambda: finished() >= 500, limit=120, what="a quarter of the jobs final")
        long_at_kill = long_on_a()  # still running at the kill: gated, or 6 s long
        done_at_kill = finished()
        a.proc.send_signal(signal.SIGKILL)
        a.proc.wait(10)
        t_kill = time.monotonic()
        Gate.gate.set()  # the urlopens answer now (the dead replica's never will be read)

        results = {}
        for jid in long_ids + ids:
            results[jid] = wait_final(b, jid, limit=120)
        recovered = time.monotonic() - t_kill

        # every job final, results equal the synchronous answers
        sync = {}
        for i, (op, args) in enumerate(specs):
            key = (op, json.dumps(args, sort_keys=True))
            if key not in sync:
                st, r = b.post(op, args)
                sync[key] = r
            j = results[ids[i]]
            assert j["state"] == "done", (i, j)
            assert j["result"] == sync[key]["result"], (i, j, sync[key])
        # none lost, none run twice except the documented reruns
        after = jobs_by_owner(redis, long_ids + ids)
        reruns = [i for i, r in after.items() if int(r[2]) > 1]
        lost = [i for i, j in results.items() if (j["exception"] or {}).get("type") == "WorkerLost"]
        for i, r in after.items():
            assert int(r[2]) in (1, 2), (i, r)
        for i in reruns:  # ran on A when it died: side-effect free, so run again on B
            assert int(after[i][3]) == 1 and kinds.get(i) != "urlopen", (i, after[i])
            assert results[i]["state"] == "done", results[i]
        for i in lost:  # ran on A when it died: reaches the network, so failed instead
            assert kinds.get(i) == "urlopen" and "stopped" in results[i]["exception"]["message"], results[i]
        assert len(reruns) + len(lost) <= 4, (reruns, lost)  # A's 4 workers held one job each at most
        for i in long_at_kill:
            assert i in (lost if kinds[i] == "urlopen" else reruns), (i, kinds[i], reruns, lost)
        for i in long_ids:
            if i not in lost:
                assert results[i]["state"] == "done", results[i]
        print(f"kill -9: {len(ids) + len(long_ids)} jobs ({len(ids)} submitted round-robin in "
              f"{submitted:.1f} s), {done_at_kill} final at the kill; of the killed replica's jobs "
              f"{len(reruns)} rerun, {len(lost)} WorkerLost; all final "
              f"{recovered:.1f} s after the kill; 0 lost, 0 run twice otherwise")

    def test_redis_restart_and_outage(self):
        with Redis(aof=True) as redis, replica(redis, workers=1) as s:
            until(lambda: s.get("/readyz")[0] == 200, what="ready")
            blocker = submit(s, "/v1/time/sleep", {"secs": 1.5})
            until(lambda: s.get(f"/v1/jobs/{blocker}")[1]["state"] == "running", what="running")
            pending = [submit(s, "/v1/random/randint", {"a": 1, "b": 100, "seed": i}) for i in range(20)]
            mapped = s.post("/v1/jobs/map", {"op": "/v1/json/dumps", "args_list": [{"obj": i} for i in range(5)]})
            assert mapped[0] == 202, mapped
            redis.stop(signal.SIGKILL)  # a crash: the AOF (fsync always) has every accepted write
            until(lambda: s.get("/readyz")[0] == 503, what="readyz 503 with Redis down")
            st, body, h, _ = s.request("GET", "/readyz")
            assert body["status"] == "unavailable", body
            st, j, h, _ = s.request("POST", "/v1/jobs", {"op": "/v1/time/sleep", "args": {"secs": 0}})
            assert st == 503 and j["error"]["type"] == "Unavailable" and h.get("retry-after"), (st, j, h)
            st, j, h, _ = s.request("GET", f"/v1/jobs/{pending[0]}")
            assert st == 503 and h.get("retry-after"), (st, j)
            assert s.get("/healthz")[0] == 200  # alive, not ready
            time.sleep(2)  # the blocker ends meanwhile: its result waits for Redis
            redis.start()
            until(lambda: s.get("/readyz")[0] == 200, what="readyz 200 again")
            for i, jid in enumerate(pending):
                j = wait_final(s, jid)
                want = s.post("/v1/random/randint", {"a": 1, "b": 100, "seed": i})[1]["result"]
                assert j["state"] == "done" and j["result"] == want, j
            j = wait_final(s, blocker)
            assert j["state"] == "done", j
            j = wait_final(s, mapped[1]["id"])
            assert j["state"] == "done" and j["result"] == [str(i) for i in range(5)], j
            assert submit(s, "/v1/time/sleep", {"secs": 0})

    def test_across_replicas(self):
        with Redis() as redis, replica(redis, "--job-queue", "3", workers=1) as a, \
                replica(redis, "--job-queue", "3", workers=1) as b:
            # a job submitted to A, waited for and streamed on B
            st, m = a.post("/v1/jobs/map", {"op": "/v1/time/sleep", "args_list": [{"secs": 0.2}] * 3})
            assert st == 202
            st, _, _, body = b.request("GET", f"/v1/jobs/{m['id']}/events", timeout=30)
            text = body.decode()
            assert st == 200 and text.count("event: progress") == 3 and "event: done" in text, text
            jid = submit(a, "/v1/time/sleep", {"secs": 0.3})
            st, j = b.get(f"/v1/jobs/{jid}?wait=20")
            assert st == 200 and j["state"] == "done", j
            # a cancel on one replica stops the sleep running on the other
            long_ = [submit(a, "/v1/time/sleep", {"secs": 60}) for _ in range(2)]
            until(lambda: all(b.get(f"/v1/jobs/{i}")[1]["state"] == "running" for i in long_), what="both run")
            for i in long_:
                owner = redis.pipeline([["HGET", f"pystd:job:{i}", "owner"]])[0]
                via = b if f"-{a.proc.pid}-" in owner else a  # the replica NOT running it
                st, j = via.request("DELETE", f"/v1/jobs/{i}")[:2]
                assert st == 200 and j["state"] == "cancelled", (st, j)
            # both workers free again: a new job runs at once on either
            for s in (a, b):
                jid = submit(s, "/v1/random/random", {"seed": 1})
                assert wait_final(s, jid)["state"] == "done"
            # the queue bound holds across replicas (3 pending in all)
            blockers = [submit(a, "/v1/time/sleep", {"secs": 30}) for _ in range(2)]
            until(lambda: all(a.get(f"/v1/jobs/{i}")[1]["state"] == "running" for i in blockers), what="run")
            accepted, refused = [], 0
            for n in range(6):
                st, j, h, _ = (a, b)[n % 2].request("POST", "/v1/jobs", {"op": "/v1/time/sleep", "args": {"secs": 0}})
                if st == 202:
                    accepted.append(j["id"])
                else:
                    assert st == 429 and j["error"]["type"] == "Busy" and h.get("retry-after"), (st, j)
                    refused += 1
            assert len(accepted) == 3 and refused == 3, (accepted, refused)
            # the list on B holds A's jobs, oldest first
            st, lst = b.get("/v1/jobs?state=pending")
            assert [j["id"] for j in lst["jobs"]] == accepted, lst
            for i in blockers + accepted:
                a.request("DELETE", f"/v1/jobs/{i}")
            # Idempotency-Key: across replicas, the same job
            hk = {"Idempotency-Key": "order-42"}
            st, j1, h1, _ = a.request("POST", "/v1/jobs", {"op": "/v1/random/random", "args": {"seed": 5}}, headers=hk)
            st2, j2, h2, _ = b.request("POST", "/v1/jobs", {"op": "/v1/random/random", "args": {"seed": 5}}, headers=hk)
            assert st == 202 and st2 == 200 and j2["id"] == j1["id"] and h2["location"] == h1["location"], (j1, j2)
            st3, j3, _, _ = b.request("POST", "/v1/jobs", {"op": "/v1/random/random", "args": {"seed": 6}}, headers=hk)
            assert st3 == 409 and j3["error"]["type"] == "Conflict", (st3, j3)

    def test_file_store_shared(self):
        """Two replicas on one --data-dir append to one file concurrently:
        every append is there once, whole (no interleaving, no torn file)."""
        with Server(BIN) as first:
            shared = first.data_dir
            with Server(BIN, args=["--data-dir", shared]) as second:
                lines = [f"{n:04d} " + "x" * 2000 + "\n" for n in range(200)]

                def append(n):
                    s = (first, second)[n % 2]
                    st, r = s.post("/v1/io/write", {"path": "/shared.log", "data": lines[n], "mode": "a"})
                    assert st == 200, (st, r)

                with concurrent.futures.ThreadPoolExecutor(8) as ex:
                    list(ex.map(append, range(200)))
                with open(os.path.join(shared, "shared.log")) as f:
                    got = f.read().splitlines(keepends=True)
                assert sorted(got) == lines, (len(got), [g[:5] for g in got[:5]])
                # and whole files: concurrent overwrites leave one of them, never a mix
                big = ["%d" % n * 50000 for n in range(1, 9)]

                def overwrite(n):
                    (first, second)[n % 2].post("/v1/io/write", {"path": "/big.txt", "data": big[n % 8]})

                with concurrent.futures.ThreadPoolExecutor(8) as ex:
                    list(ex.map(overwrite, range(64)))
                with open(os.path.join(shared, "big.txt")) as f:
                    assert f.read() in big


if __name__ == "__main__":
    ReplicaTests().run()
