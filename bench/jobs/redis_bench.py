#!/usr/bin/env python3
"""Issue 16's measurement: jobs/s of tiny jobs on the redis backend, with one
and with two replicas, next to the memory backend.

    python3 bench/jobs/redis_bench.py [--duration 5] [--connections 16] [--rounds 2]

For each setup wrk floods POST /v1/jobs {"op": "/v1/random/random"} for
--duration seconds (split over the replicas, one wrk each; the queue bound
is lifted so that every submission is a job), then the clock runs until
every accepted job is done: jobs/s = jobs done / (flood + drain).  Counted
from each replica's /metrics (pystd_jobs_submitted_total,
pystd_jobs_finished_total).  Setups take turns, --rounds times, so that the
machine's drift hits them alike; medians are printed with their ratio to
the memory backend, and saved under bench/results/.  On a 2-core machine
two replicas, Redis and wrk share the same two cores: the second replica
shows what sharing the queue costs more than what it adds.  Loopback only;
needs redis-server and wrk (scripts/deps.sh bench).
"""
import argparse
import os
import re
import statistics
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import benchlib as B  # noqa: E402
from redis_harness import Redis  # noqa: E402

BODY = '{"op": "/v1/random/random", "args": {"seed": 1}}'


def counters(url):
    with urllib.request.urlopen(url + "/metrics", timeout=10) as r:
        text = r.read().decode()

    def get(name):
        m = re.search(rf"^{re.escape(name)} ([0-9.e+]+)$", text, re.M)
        return float(m.group(1)) if m else 0.0

    return get("pystd_jobs_submitted_total"), get('pystd_jobs_finished_total{state="done"}')


def run(setup, duration, connections):
    """setup: "memory", "redis-1", "redis-2" -> jobs/s."""
    redis = Redis().__enter__() if setup != "memory" else None
    n = 2 if setup == "redis-2" else 1
    args = ["--job-queue", "0", "--job-keep", "600", "--job-max-kept", "10000000"]
    if redis:
        args += ["--jobs-backend", redis.url]
    replicas = [B.start_pystd(args, name=f"pystd{i}") for i in range(n)]
    try:
        for p in replicas:  # ready: Redis answered
            for _ in range(200):
                try:
                    with urllib.request.urlopen(p.url + "/readyz", timeout=5):
                        break
                except OSError:
                    time.sleep(0.05)
        t0 = time.monotonic()
        threads = [threading.Thread(target=B.wrk, args=(p.url, "/v1/jobs", BODY),
                                    kwargs={"connections": max(1, connections // n), "threads": 1,
                                            "duration": duration}) for p in replicas]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        while True:
            c = [counters(p.url) for p in replicas]
            submitted, done = sum(x[0] for x in c), sum(x[1] for x in c)
            if done >= submitted:
                break
            time.sleep(0.02)
        dt = time.monotonic() - t0
        return {"setup": setup, "jobs": done, "seconds": dt, "jobs_per_s": done / dt}
    finally:
        for p in replicas:
            p.stop()
        if redis:
            redis.__exit__(None, None, None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    setups = ["memory", "redis-1", "redis-2"]
    runs = {s: [] for s in setups}
    for r in range(a.rounds):
        for s in setups:
            out = run(s, a.duration, a.connections)
            runs[s].append(out)
            print(f"  round {r + 1} {s:8} {out['jobs_per_s']:>9,.0f} jobs/s  ({out['jobs']:,.0f} jobs in "
                  f"{out['seconds']:.1f} s)")
    med = {s: statistics.median(x["jobs_per_s"] for x in runs[s]) for s in setups}
    print("tiny jobs (POST /v1/jobs random.random, flooded by wrk, until all done):")
    for s in setups:
        print(f"  {s:8} {med[s]:>9,.0f} jobs/s   {med[s] / med['memory']:.2f}x memory")
    B.save("jobs_redis", {"duration": a.duration, "connections": a.connections, "runs": runs, "median": med})


if __name__ == "__main__":
    main()
