"""Jobs over HTTP under load and at the edges: bad requests, many parked clients
(long-polls and event streams) that hold no thread, keep time, metrics, and the
SIGTERM sequence (503 for new work, pending cancelled, running finished within the
grace or cancelled, every parked client answered, clean exit).  The API's
semantics one by one (lifecycle, map, cancel, timeout, ...) are test_jobs_api.py's.

    python3 tests/integration/test_jobs.py [--bin build/pystd]

No timing assertions: bounds below only keep a broken server from hanging
the test.
"""
import asyncio
import json
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
SLEEP = "/v1/time/sleep"
FINAL = ("done", "failed", "cancelled")
# test_jobs_on_redis.py runs these tests on the redis backend, where the queue
# is shared by replicas: a replica shutting down leaves pending jobs pending
# and hands running ones back (docs/modules/jobs.md).
REDIS = os.environ.get("PYSTD_JOBS_BACKEND", "").startswith("redis://")


def submit(s, op, args, **kw):
    st, j, h, _ = s.request("POST", "/v1/jobs", dict(op=op, args=args, **kw))
    assert st == 202, (st, j)
    assert h["location"] == f"/v1/jobs/{j['id']}"
    return j["id"]


async def raw_get(port, path, timeout=90):
    """One GET on its own connection; returns (status, body bytes)."""
    r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    w.write(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    await w.drain()
    data = await asyncio.wait_for(r.read(), timeout)
    w.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if b"chunked" in head.lower():
        out, rest = b"", body
        while rest:
            size, _, rest = rest.partition(b"\r\n")
            n = int(size, 16)
            if n == 0:
                break
            out, rest = out + rest[:n], rest[n + 2:]
        body = out
    return status, body


def sse_events(body):
    events = []
    for block in body.decode().split("\n\n"):
        name, data, eid = None, [], None
        for line in block.split("\n"):
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
            elif line.startswith("id: "):
                eid = int(line[4:])
        if name:
            events.append((name, eid, json.loads("\n".join(data))))
    return events


class JobTests(Tests):
    def test_bad_requests(self):
        with Server(BIN) as s:
            for method, path, body, status in [
                ("POST", "/v1/jobs", {"op": "/v1/jobs"}, 400),
                ("POST", "/v1/jobs", {"op": "/v1/zz\u0000"}, 400),
                ("POST", "/v1/jobs", {"op": SLEEP, "timeout": -1}, 400),
                ("POST", "/v1/jobs", {"op": SLEEP, "timeout": True}, 400),
                ("POST", "/v1/jobs", {"op": SLEEP, "extra": 1}, 400),
                ("POST", "/v1/jobs/map", {"op": SLEEP, "args_list": [{}], "return_exceptions": None}, 400),
                ("POST", "/v1/jobs/map", {"op": SLEEP, "args_list": [1]}, 400),
                ("GET", "/v1/jobs?state=nope", None, 400),
                ("GET", "/v1/jobs?bogus=1", None, 400),
                ("GET", "/v1/jobs/" + "0" * 32 + "?wait=abc", None, 400),
                ("GET", "/v1/jobs/" + "0" * 32 + "?wait=-1", None, 400),
                ("GET", "/v1/jobs/" + "0" * 32 + "?wait=nan", None, 400),
                ("GET", "/v1/jobs/" + "0" * 32 + "?x=1", None, 400),
                ("GET", "/v1/jobs/", None, 404),
                ("GET", "/v1/jobs/a/b", None, 404),
                ("PUT", "/v1/jobs", None, 405),
                ("GET", "/v1/jobs/map", None, 405),
                ("POST", "/v1/jobs/" + "0" * 32, None, 405),
                ("DELETE", "/v1/jobs/" + "0" * 32 + "/events", None, 405),
            ]:
                st, j, h, _ = s.request(method, path, body)
                assert st == status, (method, path, body, st, j)
                if st == 405:
                    assert "allow" in h, h

    def test_thousand_parked_long_polls(self):
        """1,000 clients long-poll one job: the service keeps answering, every
        client is answered when the job ends, none holds a thread."""
        with Server(BIN, args=["--max-conns-per-ip", "4096", "--job-workers", "2"]) as s:
            jid = submit(s, SLEEP, {"secs": 120})

            async def main():
                polls = [asyncio.ensure_future(raw_get(s.port, f"/v1/jobs/{jid}?wait=60"))
                         for _ in range(1000)]
                for _ in range(200):
                    await asyncio.sleep(0.05)
                    text = (await raw_get(s.port, "/metrics"))[1].decode()
                    parked = [ln for ln in text.splitlines()
                              if ln.startswith('pystd_job_waiting_clients{kind="long_poll"}')]
                    if parked and int(parked[0].split()[-1]) == 1000:
                        break
                assert parked and int(parked[0].split()[-1]) == 1000, parked
                # responsive while they wait: sync requests and other jobs
                for _ in range(20):
                    st, body = await raw_get(s.port, "/healthz")
                    assert st == 200
                busy = [ln for ln in text.splitlines() if ln.startswith("pystd_job_workers_busy")]
                assert busy and int(busy[0].split()[-1]) <= 2, busy
                st, body = await raw_get(s.port, f"/v1/jobs/{jid}")
                assert json.loads(body)["state"] == "running"
                await asyncio.get_running_loop().run_in_executor(
                    None, s.request, "DELETE", f"/v1/jobs/{jid}")
                results = await asyncio.gather(*polls)
                assert all(st == 200 and json.loads(b)["state"] == "cancelled" for st, b in results), \
                    results[:3]

            asyncio.run(main())

    def test_many_event_streams(self):
        with Server(BIN, args=["--max-conns-per-ip", "4096"]) as s:
            st, j = s.post("/v1/jobs/map", {"op": SLEEP, "args_list": [{"secs": 0.2}] * 4 + [{"secs": -1}],
                                            "return_exceptions": True})
            assert st == 202
            jid = j["id"]

            async def main():
                return await asyncio.gather(*[raw_get(s.port, f"/v1/jobs/{jid}/events") for _ in range(300)])

            for status, body in asyncio.run(main()):
                assert status == 200
                ev = sse_events(body)
                assert [e[0] for e in ev] == ["progress"] * 5 + ["done"], ev
                assert [e[1] for e in ev[:5]] == [1, 2, 3, 4, 5]
                assert [e[2]["index"] for e in ev[:5]] == [0, 1, 2, 3, 4]
                assert ev[4][2]["exception"]["type"] == "ValueError"
                assert ev[-1][2]["state"] == "done"

    def test_keep_time_then_404(self):
        with Server(BIN, args=["--job-keep", "0.3"]) as s:
            jid = submit(s, SLEEP, {"secs": 0})
            st, j = s.get(f"/v1/jobs/{jid}?wait=5")
            assert st == 200 and j["state"] in FINAL, j
            time.sleep(0.5)
            st, j = s.get(f"/v1/jobs/{jid}")
            assert st == 404 and j["error"]["type"] == "NotFound", (st, j)

    def test_metrics(self):
        with Server(BIN) as s:
            st, _, _, body = s.request("GET", "/metrics")
            text = body.decode()
            for name in ('pystd_jobs{state="pending"}', "pystd_job_queue_depth", "pystd_job_duration_seconds_count",
                         "pystd_jobs_finished_total", "pystd_job_workers"):
                assert name in text, name
            st, doc = s.get("/openapi.json")
            for p in ("/v1/jobs", "/v1/jobs/map", "/v1/jobs/{id}", "/v1/jobs/{id}/events"):
                assert p in doc["paths"], p
            assert "Job" in doc["components"]["schemas"]

    def test_shutdown(self):
        """SIGTERM: new jobs 503, pending cancelled, running given the grace then
        cancelled, parked clients answered, exit 0."""
        s = Server(BIN, args=["--grace", "3", "--job-workers", "1"])
        with s:
            long_job = submit(s, SLEEP, {"secs": 60})
            for _ in range(100):
                st, j = s.get(f"/v1/jobs/{long_job}")
                if j["state"] == "running":
                    break
                time.sleep(0.02)
            pending = submit(s, SLEEP, {"secs": 1})
            out = {}

            def poll():
                out["poll"] = s.request("GET", f"/v1/jobs/{long_job}?wait=30", timeout=60)

            def stream():
                out["sse"] = asyncio.run(raw_get(s.port, f"/v1/jobs/{pending}/events", timeout=60))

            ts = [threading.Thread(target=poll), threading.Thread(target=stream)]
            for t in ts:
                t.start()
            time.sleep(0.3)
            t0 = time.monotonic()
            s.proc.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            try:
                st, j, h, _ = s.request("POST", "/v1/jobs", {"op": SLEEP, "args": {"secs": 0}}, timeout=5)
                assert st == 503 and j["error"]["type"] == "Unavailable" and "retry-after" in h, (st, j)
                st, j = s.get(f"/v1/jobs/{pending}")
                assert j["state"] == ("pending" if REDIS else "cancelled") and j["started_at"] is None, j
                st, j = s.get("/readyz")
                assert st == 503
            except (ConnectionError, OSError):
                pass  # already gone: fine for this part
            for t in ts:
                t.join(30)
            rc = s.proc.wait(30)
            took = time.monotonic() - t0
            assert rc == 0, (rc, s.log_text()[-2000:])
            st, j, _, _ = out["poll"]
            status, body = out["sse"]
            ev = sse_events(body)
            if REDIS:  # answered with the job as it is (handed back); the stream ends without "done"
                assert st == 200 and j["state"] in ("pending", "running"), j
                assert status == 200 and not [e for e in ev if e[0] == "done"], body
            else:
                assert st == 200 and j["state"] == "cancelled", j
                assert status == 200 and ev and ev[-1][0] == "done" and ev[-1][2]["state"] == "cancelled", body
            print(f"    shutdown with a poll and a stream in flight took {took:.1f} s")
            assert "called while we have suspended" not in s.log_text()


if __name__ == "__main__":
    JobTests().run()
