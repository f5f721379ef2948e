#!/usr/bin/env python3
"""The jobs API one behaviour at a time (concurrent.futures / asyncio semantics, API.md
"jobs"): submit -> 202 + Location, pending/running/done with progress and RFC 3339
times; ?wait long-polls; a job's result / exception equal the synchronous call's
result / error; bad submissions (400) and unknown ids (404); map keeps input order
and counts progress; return_exceptions false (the first error fails the map) and true
(errors in their input slots); Server-Sent Events (progress then done, also for a
finished job); timeout -> TimeoutError; cancel of a finished (409), running and
pending job; ?state= filters; a full queue -> 429 Busy with Retry-After.

No timing assertions: where a job must still be unfinished it sleeps far longer than
the test needs, and every wait is bounded only to keep a broken server from hanging
the test.
"""
import http.client
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
SLEEP = "/v1/time/sleep"
RANDINT = "/v1/random/randint"
FINAL = ("done", "failed", "cancelled")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")

# operations whose synchronous answer a job must reproduce exactly
SYNC_OPS = [
    (RANDINT, {"a": 1, "b": 1000000, "seed": 42}),
    ("/v1/random/sample", {"population": list(range(50)), "k": 5, "seed": "abc"}),
    ("/v1/random/getrandbits", {"k": 200, "seed": 12345678901234567890}),
    ("/v1/random/choices", {"population": ["a", "b", "c"], "weights": [1, 2, 3], "k": 5, "seed": 9}),
    ("/v1/re/findall", {"pattern": r"(\w)(\d+)", "string": "a1 b22 c333"}),
    ("/v1/re/search", {"pattern": r"(?P<y>\d{4})-(\d\d)", "string": "on 2024-05-01"}),
    ("/v1/json/dumps", {"obj": {"b": [1, 2.5, None, True], "a": "é\u2028"}, "sort_keys": True, "indent": 2}),
    ("/v1/urllib/parse/urlsplit", {"urlstring": "http://u:p@[::1]:80/p?q#f"}),
    ("/v1/os/path/normpath", {"path": "/a/./b/../c//d"}),
    ("/v1/functools/reduce", {"function": "operator.mul", "iterable": list(range(1, 23))}),
    ("/v1/codecs/encode", {"obj": "héllo €", "encoding": "cp1252"}),
    (SLEEP, {"secs": 0.05}),
]
FAIL_OPS = [
    (RANDINT, {"a": 10, "b": 1, "seed": 1}),                           # ValueError
    (RANDINT, {"a": 1, "b": 6, "nonsense": 1}),                        # 400 BadRequest
    ("/v1/random/choice", {"seq": []}),                                # IndexError
    ("/v1/json/loads", {"s": '{"a": 1,}'}),                            # JSONDecodeError + extras
    ("/v1/re/compile", {"pattern": "(ab"}),                            # re.error + pos
    ("/v1/codecs/decode", {"obj": "/w==", "encoding": "utf-8"}),       # UnicodeDecodeError + extras
    ("/v1/functools/reduce", {"function": "operator.add", "iterable": []}),  # TypeError
]


def same(a, b):
    """JSON equality with types kept apart (1 != 1.0 != True)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


class JobsApi(Tests):
    def __init__(self, s):
        self.s = s

    # ---------------------------------------------------------------- helpers

    def submit(self, op, args, **kw):
        st, j, h, _ = self.s.request("POST", "/v1/jobs", dict(op=op, args=args, **kw))
        assert st == 202 and j["state"] == "pending", (st, j)
        assert h["location"] == f"/v1/jobs/{j['id']}", h
        return j["id"]

    def submit_map(self, op, args_list, **kw):
        st, j, h, _ = self.s.request("POST", "/v1/jobs/map", dict(op=op, args_list=args_list, **kw))
        assert st == 202 and h["location"] == f"/v1/jobs/{j['id']}", (st, j)
        return j["id"]

    def job(self, jid, wait=None):
        path = f"/v1/jobs/{jid}" + (f"?wait={wait}" if wait is not None else "")
        st, j = self.s.get(path, timeout=(wait or 0) + 30)
        assert st == 200 and "state" in j, (path, st, j)
        return j

    def final(self, jid):
        for _ in range(10):
            j = self.job(jid, wait=10)
            if j["state"] in FINAL:
                return j
        raise AssertionError(f"job {jid} never finished: {j}")

    def until(self, jid, state):
        for _ in range(200):
            j = self.job(jid, wait=0.05)
            if j["state"] == state or j["state"] in FINAL:
                return j
        return j

    def cancel(self, jid):
        st, j, _h, _d = self.s.request("DELETE", f"/v1/jobs/{jid}")
        return st, j

    def events(self, jid):
        """The event stream of a job, read to its end: [(event, id, data)]."""
        conn = http.client.HTTPConnection("127.0.0.1", self.s.port, timeout=30)
        try:
            conn.request("GET", f"/v1/jobs/{jid}/events", headers={"Accept": "text/event-stream"})
            r = conn.getresponse()
            assert r.status == 200 and r.getheader("Content-Type", "").startswith("text/event-stream"), r.status
            out, name, eid, data = [], None, None, []
            for line in r.read().decode().split("\n"):
                if line == "":
                    if name:
                        out.append((name, eid, json.loads("\n".join(data))))
                    name, eid, data = None, None, []
                elif line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("id: "):
                    eid = int(line[4:])
                elif line.startswith("data: "):
                    data.append(line[6:])
            return out
        finally:
            conn.close()

    # ---------------------------------------------------------------- tests

    def test_lifecycle(self):
        jid = self.submit(SLEEP, {"secs": 30})
        j = self.until(jid, "running")
        assert j["state"] == "running" and j["done"] is False and j["result"] is None, j
        assert j["progress"] == {"completed": 0, "total": 1}, j
        assert self.cancel(jid)[0] == 200
        jid = self.submit(SLEEP, {"secs": 0.2})
        j = self.final(jid)
        assert j["state"] == "done" and j["done"] is True and j["op"] == SLEEP, j
        assert j["result"] is None and j["exception"] is None and j["progress"] == {"completed": 1, "total": 1}, j
        times = [j[k] for k in ("created_at", "started_at", "finished_at")]
        assert all(RFC3339.match(t) for t in times) and times == sorted(times), times
        assert self.job(jid) == j, "a finished job changed"

    def test_wait_returns_unfinished_then_finished(self):
        jid = self.submit(SLEEP, {"secs": 30})
        j = self.job(jid, wait=0.3)
        assert j["state"] in ("pending", "running"), j     # the long-poll gave up, the job goes on
        assert self.cancel(jid)[0] == 200
        j = self.job(jid, wait=30)
        assert j["state"] == "cancelled", j
        assert self.job(jid, wait=30) == j                 # a finished job answers the long-poll at once

    def test_results_equal_the_synchronous_call(self):
        ids = [(op, args, self.submit(op, args)) for op, args in SYNC_OPS]
        for op, args, jid in ids:
            st, sync = self.s.post(op, args)
            j = self.final(jid)
            assert st == 200 and j["state"] == "done" and same(j["result"], sync["result"]), (op, sync, j)

    def test_failures_equal_the_synchronous_error(self):
        ids = [(op, args, self.submit(op, args)) for op, args in FAIL_OPS]
        for op, args, jid in ids:
            st, sync = self.s.post(op, args)
            j = self.final(jid)
            assert st in (400, 422) and j["state"] == "failed" and j["done"] is True, (op, st, j)
            assert same(j["exception"], sync["error"]) and j["result"] is None, (op, sync, j)

    def test_bad_submissions_are_400(self):
        for path, body in [("/v1/jobs", {"op": "/v1/nosuchmodule/nosuchfn", "args": {}}),
                           ("/v1/jobs", {"op": "/v1/jobs", "args": {}}), ("/v1/jobs", {"args": {"seed": 1}}),
                           ("/v1/jobs", {"op": 5, "args": {}}), ("/v1/jobs", {"op": "/v1/random/random", "args": [1]}),
                           ("/v1/jobs", b'{"op": '),
                           ("/v1/jobs/map", {"op": "/v1/random/random", "args_list": {"seed": 1}}),
                           ("/v1/jobs/map", {"op": "/v1/nosuch/fn", "args_list": []})]:
            st, j, _h, _d = self.s.request("POST", path, body, {"Content-Type": "application/json"})
            assert st == 400 and j["error"]["type"] == "BadRequest", (path, body, st, j)

    def test_unknown_ids_are_404(self):
        for jid in ("0" * 32, "no-such-job"):
            for method, path in (("GET", f"/v1/jobs/{jid}"), ("DELETE", f"/v1/jobs/{jid}"),
                                 ("GET", f"/v1/jobs/{jid}?wait=0.1"), ("GET", f"/v1/jobs/{jid}/events")):
                st, j, _h, _d = self.s.request(method, path)
                assert st == 404 and j["error"]["type"] == "NotFound", (method, path, st, j)

    def test_map_keeps_input_order(self):
        args_list = [{"a": 1, "b": 10 ** 6, "seed": i} for i in range(20)]
        expected = [self.s.post(RANDINT, a)[1]["result"] for a in args_list]
        jid = self.submit_map(RANDINT, args_list)
        assert self.job(jid)["progress"]["total"] == 20
        j = self.final(jid)
        assert j["state"] == "done" and j["result"] == expected, (j, expected)
        assert j["progress"] == {"completed": 20, "total": 20}, j
        j = self.final(self.submit_map(RANDINT, []))
        assert j["state"] == "done" and j["result"] == [] and j["progress"] == {"completed": 0, "total": 0}, j

    def test_map_return_exceptions(self):
        args_list = [{"a": 1, "b": 6, "seed": 1}, {"a": 6, "b": 1, "seed": 1}, {"a": 1, "b": 6, "seed": 2}]
        sync = [self.s.post(RANDINT, a)[1] for a in args_list]
        for kw in ({"return_exceptions": False}, {}):          # explicit false, and the default
            j = self.final(self.submit_map(RANDINT, args_list, **kw))
            assert j["state"] == "failed" and same(j["exception"], sync[1]["error"]), (kw, j)
        j = self.final(self.submit_map(RANDINT, args_list, return_exceptions=True))
        assert j["state"] == "done" and same(j["result"], [sync[0]["result"], sync[1]["error"], sync[2]["result"]]), j
        # the failing item finishes first: its error still sits at its input position
        st, err = self.s.post(SLEEP, {"secs": -1})
        assert st == 422, err
        j = self.final(self.submit_map(SLEEP, [{"secs": 0.3}, {"secs": 0.2}, {"secs": -1}, {"secs": 0.1}],
                                       return_exceptions=True))
        assert j["state"] == "done" and same(j["result"], [None, None, err["error"], None]), j

    def test_events_then_done(self):
        jid = self.submit_map(SLEEP, [{"secs": 0.2}] * 3)
        ev = self.events(jid)
        assert [e[0] for e in ev] == ["progress"] * 3 + ["done"], ev
        assert [e[2]["completed"] for e in ev[:3]] == [1, 2, 3] and all(e[2]["total"] == 3 for e in ev[:3]), ev
        assert ev[-1][2]["state"] == "done" and ev[-1][2]["id"] == jid, ev[-1]
        again = self.events(jid)                           # a finished job's stream: replayed, then done
        assert again and again[-1][0] == "done", again

    def test_timeout_fails_with_timeout_error(self):
        j = self.final(self.submit(SLEEP, {"secs": 30}, timeout=0.3))
        assert j["state"] == "failed" and j["exception"]["type"] == "TimeoutError", j
        j = self.final(self.submit_map(SLEEP, [{"secs": 30}] * 3, timeout=0.5))
        assert j["state"] == "failed" and j["exception"]["type"] == "TimeoutError", j
        j = self.final(self.submit(RANDINT, {"a": 1, "b": 6, "seed": 3}, timeout=30))
        assert j["state"] == "done", j

    def test_cancel_finished_is_409(self):
        jid = self.submit(RANDINT, {"a": 1, "b": 6, "seed": 1})
        j = self.final(jid)
        st, body = self.cancel(jid)
        assert st == 409 and body["error"]["type"] == "Conflict", (st, body)
        assert self.job(jid) == j, "a refused cancel changed the job"

    def test_cancel_running(self):
        jid = self.submit(SLEEP, {"secs": 30})
        assert self.until(jid, "running")["state"] == "running"
        st, j = self.cancel(jid)
        assert st == 200 and j["state"] == "cancelled", (st, j)
        j = self.job(jid, wait=30)
        assert j["state"] == "cancelled" and j["done"] is True and j["finished_at"] and j["started_at"], j
        assert self.cancel(jid)[0] == 409

    def test_cancel_pending_never_runs(self):
        # this server has 2 workers: two long sleeps occupy them, the third waits
        busy = [self.submit(SLEEP, {"secs": 30}) for _ in range(2)]
        for b in busy:
            assert self.until(b, "running")["state"] == "running"
        jid = self.submit(SLEEP, {"secs": 30})
        assert self.job(jid)["state"] == "pending"
        st, j = self.cancel(jid)
        assert st == 200 and j["state"] == "cancelled" and j["started_at"] is None, (st, j)
        for b in busy:
            assert self.cancel(b)[0] == 200
        j = self.job(jid, wait=1)
        assert j["state"] == "cancelled" and j["started_at"] is None, f"the cancelled job ran later: {j}"

    def test_list_filters_by_state(self):
        done = self.submit(RANDINT, {"a": 1, "b": 6, "seed": 5})
        assert self.final(done)["state"] == "done"
        running = self.submit(SLEEP, {"secs": 30})
        assert self.until(running, "running")["state"] == "running"
        st, all_jobs = self.s.get("/v1/jobs")
        assert st == 200 and {done, running} <= {x["id"] for x in all_jobs["jobs"]}
        for state, inside, outside in (("done", done, running), ("running", running, done)):
            st, body = self.s.get(f"/v1/jobs?state={state}")
            ids = {x["id"] for x in body["jobs"]}
            assert inside in ids and outside not in ids and {x["state"] for x in body["jobs"]} == {state}, body
        assert self.cancel(running)[0] == 200
        self.job(running, wait=30)
        st, body = self.s.get("/v1/jobs?state=cancelled")
        assert running in {x["id"] for x in body["jobs"]}, body


def test_queue_full_is_429():
    """A full queue refuses work with 429 Busy and Retry-After; once drained it takes work again."""
    with Server(BIN, args=["--job-workers", "1", "--job-queue", "4"]) as s:
        ids, busy = [], None
        for _ in range(50):
            st, j, h, _ = s.request("POST", "/v1/jobs", {"op": SLEEP, "args": {"secs": 30}})
            if st != 202:
                busy = (st, j, h)
                break
            ids.append(j["id"])
        assert busy is not None, f"no refusal after {len(ids)} submissions"
        st, j, h = busy
        assert st == 429 and j["error"]["type"] == "Busy" and h.get("retry-after", "").strip().isdigit(), busy
        for jid in ids:
            assert s.request("DELETE", f"/v1/jobs/{jid}")[0] == 200
        st, j = s.post("/v1/jobs", {"op": RANDINT, "args": {"a": 1, "b": 6, "seed": 1}})
        assert st == 202, (st, j)
        st, j = s.get(f"/v1/jobs/{j['id']}?wait=30")
        assert j["state"] == "done", j


if __name__ == "__main__":
    with Server(BIN, args=["--job-workers", "2"]) as srv:
        t = JobsApi(srv)
        t.test_queue_full_is_429 = test_queue_full_is_429
        t.run()
