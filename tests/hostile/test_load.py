#!/usr/bin/env python3
"""Heavy and cheap clients at once: 4 x cores client processes keep legal
heavy requests in flight (long regex searches, json.dumps with indent, large
samples, large urlencode: load.py) while /healthz and POST /v1/random/random
are asked, each on a NEW connection.  Every cheap request must answer 200;
every heavy one 200 or 422 (its budget), none dropped, none 5xx.  The
latencies are printed, not asserted (bench/hostile/bench_cheap.py measures
them).  Also: the compute queue's bound (429 Busy + Retry-After, never a 5xx)
and its metrics."""
import concurrent.futures as cf
import json
import os
import signal
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
sys.path.insert(0, HERE)
from harness import Server, Tests, bin_from_argv  # noqa: E402
import load as L  # noqa: E402

BIN = bin_from_argv()
SECONDS = 12


def settled(port):
    """/metrics once the compute pool is idle again (a worker counts itself
    done just after its answer went out); at most 10 s."""
    end = time.monotonic() + 10
    while True:
        m = L.metrics(port)
        if (m.get("pystd_compute_running"), m.get("pystd_compute_queue_depth")) == (0, 0) or time.monotonic() > end:
            return m
        time.sleep(0.05)


class Load(Tests):
    def __init__(self, srv):
        self.s = srv

    def test_cheap_requests_answered_while_heavy_ones_run(self):
        clients = 4 * L.cores()
        h = L.HeavyLoad(self.s.port, clients, SECONDS + 1)
        with h:
            cheap = L.probe(self.s.port, SECONDS)
            stats = h.wait()
        print(f"    {clients} heavy clients, {SECONDS} s")
        for name, r in cheap.items():
            print("  " + L.fmt_lat(name + " (new connection)", r["lat"]) + f"  {r['status']}")
        print(f"    heavy: {stats['sent']} sent, status {stats['status']}, dropped {stats['dropped']}")
        for k, v in sorted(stats["errors"].items()):
            print(f"      {v:5d} x {k}")
        for name, r in cheap.items():
            assert set(r["status"]) == {"200"}, (name, r["status"])
            assert r["lat"], name
        assert stats["dropped"] == 0, stats["errors"]
        assert stats["sent"] > 0
        assert set(stats["status"]) <= {"200", "422"}, stats["status"]
        m = settled(self.s.port)
        print(f"    metrics: migrated {m.get('pystd_compute_migrated_total')}, "
              f"rejected {m.get('pystd_compute_rejected_total')}, "
              f"memory used {m.get('pystd_memory_used_bytes')}")
        assert m.get("pystd_compute_workers", 0) >= 1
        assert m.get("pystd_compute_queue_depth") == 0 and m.get("pystd_compute_running") == 0, m

    def test_service_endpoints_while_the_pool_is_full(self):
        """With every compute worker busy and the queue full, the service
        endpoints still answer: they never go to the pool."""
        reqs = L.heavy_requests(scale=0.5)
        stop = threading.Event()
        codes = []

        def heavy():
            while not stop.is_set():
                name, path, body = reqs[len(codes) % len(reqs)]
                codes.append(L.request(self.s.port, "POST", path, body, timeout=120)[0])

        with cf.ThreadPoolExecutor(6) as ex:
            futs = [ex.submit(heavy) for _ in range(6)]
            try:
                for path in ("/healthz", "/readyz", "/metrics", "/v1", "/openapi.json"):
                    for _ in range(5):
                        st, _d, _h = L.request(self.s.port, "GET", path, timeout=30)
                        assert st == 200, (path, st)
            finally:
                stop.set()
            for f in futs:
                f.result()
        assert set(codes) <= {200, 422}, codes


def test_queue_bound_429():
    """One worker, a queue of one: while the worker is busy (a regex
    backtracking for 2 s on a body large enough to go to the pool) and one
    request waits, the next ones are 429 Busy with Retry-After at once; the
    two taken are answered; no 5xx."""
    args = ["--compute-threads", "1", "--compute-queue", "1", "--re-time-limit", "2", "--max-request-seconds", "5"]
    # \w+\d on a's: O(n) steps at each of n positions, checked for time
    body = json.dumps({"pattern": r"\w+\d", "string": "a" * 70000}).encode()
    with Server(BIN, args=args) as s:
        with cf.ThreadPoolExecutor(2) as ex:
            first = ex.submit(L.request, s.port, "POST", "/v1/re/search", body, 120)
            time.sleep(0.5)  # the worker has it
            second = ex.submit(L.request, s.port, "POST", "/v1/re/search", body, 120)
            time.sleep(0.5)  # it waits in the queue
            refused = [L.request(s.port, "POST", "/v1/re/search", body, 120) for _ in range(3)]
            taken = [first.result(), second.result()]
        print(f"    taken: {[st for st, _d, _h in taken]}, beyond the queue: {[st for st, _d, _h in refused]}")
        for st, d, h in refused:
            assert st == 429 and h.get("retry-after") == "1" and L.error_type(d) == "Busy", (st, h, d[:200])
        for st, d, _h in taken:
            assert st in (200, 422), (st, d[:200])
        m = L.metrics(s.port)
        assert m.get("pystd_compute_rejected_total") == 3, m.get("pystd_compute_rejected_total")
        assert s.get("/healthz")[0] == 200


def test_sigterm_with_a_full_queue():
    """SIGTERM while the compute pool is busy and requests wait: past the
    grace period the waiting ones are answered 503 Unavailable, the running
    one finishes, every client gets an answer, the process exits 0."""
    args = ["--compute-threads", "1", "--re-time-limit", "2", "--max-request-seconds", "5", "--grace", "1"]
    body = json.dumps({"pattern": r"\w+\d", "string": "a" * 70000}).encode()
    with Server(BIN, args=args) as s:
        with cf.ThreadPoolExecutor(5) as ex:
            futs = [ex.submit(L.request, s.port, "POST", "/v1/re/search", body, 120) for _ in range(5)]
            time.sleep(0.8)
            s.proc.send_signal(signal.SIGTERM)
            res = [f.result() for f in futs]
        codes = sorted(st for st, _d, _h in res)
        print(f"    5 heavy requests, SIGTERM after 0.8 s: {codes}")
        assert set(codes) <= {200, 422, 503} and 503 in codes, codes
        assert s.proc.wait(30) == 0


if __name__ == "__main__":
    with Server(BIN) as srv:
        t = Load(srv)
        t.test_queue_bound_429 = test_queue_bound_429
        t.test_sigterm_with_a_full_queue = test_sigterm_with_a_full_queue
        t.run()
