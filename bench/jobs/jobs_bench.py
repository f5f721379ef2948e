#!/usr/bin/env python3
"""Issue 7's measurements: the job system.

    python3 bench/jobs/jobs_bench.py [--duration 10] [--clients 1000] [--only engine,http,longpoll,sse]

1. engine    jobs/s of core/jobs/jobs.c alone (bench_engine.c: C client threads submit
             a no-op job and long-poll it; no HTTP).
2. http      jobs/s through HTTP: wrk floods POST /v1/jobs with a tiny op (the
             queue fills, 429s are expected); completed jobs are counted from
             /metrics (pystd_jobs_finished_total) until the queue is drained.
3. longpoll  a cheap synchronous request under wrk, unloaded, then again while
             1,000 clients long-poll (GET /v1/jobs/{id}?wait=60) a running job;
             prints the ratio (target >= 0.5x).  The parked clients are counted
             by the server's own gauge (pystd_job_waiting_clients).
4. sse       the same with 1,000 Server-Sent Event streams parked on a job.

Prints figures and ratios (never asserts a speed) and saves JSON under
bench/results/.  Loopback only.
"""
import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import benchlib as B  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))


def http(method, url, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def metric(url, name, labels=""):
    _, text = http("GET", url + "/metrics")
    m = re.search(rf"^{re.escape(name + labels)} ([0-9.e+]+)$", text.decode(), re.M)
    return float(m.group(1)) if m else None


def ops(url):
    _, body = http("GET", url + "/v1")
    mods = json.loads(body)["modules"]
    return {f"/v1/{m}/{f}" for m, fs in mods.items() for f in fs}


def tiny_op(have):
    for op, args in (("/v1/random/random", {"seed": 1}), ("/v1/time/sleep", {"secs": 0}),
                     ("/v1/os/path/basename", {"path": "/a/b"})):
        if op in have:
            return op, args
    return None, None


def cheap_get(have):
    if "/v1/random/random" in have:
        return "/v1/random/random?seed=1"
    return "/healthz"


# ---------------------------------------------------------------- 1. engine

def bench_engine(res):
    lib = os.path.join(ROOT, "build", "libpystd_core.a")
    if not os.path.exists(lib):
        print("  engine: build/libpystd_core.a missing (build first)")
        return
    exe = os.path.join(tempfile.mkdtemp(prefix="bench-engine-"), "bench_engine")
    subprocess.run(["cc", "-O2", "-D_GNU_SOURCE", "-I", os.path.join(ROOT, "core"),
                    os.path.join(HERE, "bench_engine.c"), lib, "-lgmp", "-lpcre2-8", "-lcurl", "-lhiredis", "-lm",
                    "-lpthread", "-o", exe], check=True)
    best = None
    for clients in (1, 4):
        out = json.loads(subprocess.run([exe, "200000", str(clients)], capture_output=True, text=True,
                                        check=True).stdout)
        print(f"  engine: {out['jobs_per_s']:>10,.0f} jobs/s  ({clients} client threads, {out['workers']} workers, "
              f"no-op items, submit + long-poll each)")
        res.setdefault("engine", []).append(out)
        best = max(best or 0, out["jobs_per_s"])
    res["engine_jobs_per_s"] = best


# ---------------------------------------------------------------- 2. http

def bench_http(res, duration, connections):
    ps = B.start_pystd(["--job-keep", "5"])
    try:
        have = ops(ps.url)
        op, args = tiny_op(have)
        if not op:
            print("  http: no tiny operation offered")
            return
        body = json.dumps({"op": op, "args": args})
        B.wrk(ps.url, "/v1/jobs", body, connections=connections, duration=2)  # warm-up
        while metric(ps.url, "pystd_job_queue_depth"):
            time.sleep(0.05)
        done0 = metric(ps.url, "pystd_jobs_finished_total", '{state="done"}')
        t0 = time.monotonic()
        r = B.wrk(ps.url, "/v1/jobs", body, connections=connections, duration=duration)
        while metric(ps.url, "pystd_job_queue_depth") or metric(ps.url, "pystd_jobs", '{state="running"}'):
            time.sleep(0.02)
        dt = time.monotonic() - t0
        done = metric(ps.url, "pystd_jobs_finished_total", '{state="done"}') - done0
        out = {"op": op, "submissions_per_s": r["rps"], "requests": r["requests"], "refused_or_errors": r["errors"],
               "completed": done, "seconds": dt, "jobs_per_s": done / dt}
        res["http"] = out
        print(f"  http:   {out['jobs_per_s']:>10,.0f} jobs/s completed  (POST /v1/jobs {op}, {connections} connections, "
              f"{r['rps']:,.0f} answers/s, {r['errors']} of them 429)")
    finally:
        ps.stop()


# ---------------------------------------------------------------- 3/4. parked clients

class Parked:
    """N clients parked on a job in a background asyncio loop."""

    def __init__(self, port, path, n):
        self.port, self.path, self.n = port, path, n
        self.loop = asyncio.new_event_loop()
        self.writers = []
        self.answered = 0
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._open_all(), self.loop).result(120)

    async def _one(self):
        r, w = await asyncio.open_connection("127.0.0.1", self.port)
        w.write(f"GET {self.path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        await w.drain()
        self.writers.append(w)
        asyncio.ensure_future(self._drain(r))

    async def _drain(self, r):
        """Counts the client answered once the job's final state reached it
        (the connection stays open: keep-alive)."""
        data = b""
        try:
            while True:
                chunk = await r.read(65536)
                if not chunk:
                    break
                data += chunk
                if b'"state":"cancelled"' in data:
                    self.answered += 1
                    break
        except (ConnectionError, OSError):
            pass

    async def _open_all(self):
        for i in range(0, self.n, 100):
            await asyncio.gather(*[self._one() for _ in range(min(100, self.n - i))])

    def close(self):
        async def shut():
            for w in self.writers:
                w.close()
        asyncio.run_coroutine_threadsafe(shut(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def proc_cpu(pid):
    """CPU seconds (user + system) used by a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        v = f.read().rsplit(")", 1)[1].split()
    return (int(v[11]) + int(v[12])) / os.sysconf("SC_CLK_TCK")


def wrk_cpu(ps, path, connections, duration):
    """wrk on path, plus the server's CPU microseconds per request: a figure
    that other load on a shared machine disturbs less than req/s."""
    c0 = proc_cpu(ps.proc.pid)
    r = B.wrk(ps.url, path, None, method="GET", connections=connections, duration=duration)
    r["server_cpu_us_per_req"] = (proc_cpu(ps.proc.pid) - c0) * 1e6 / r["requests"] if r["requests"] else None
    return r


def bench_parked(res, kind, duration, connections, clients, rounds):
    """Unloaded and loaded measurements alternate (`rounds` times each) so that
    other load on the machine hits both alike; the ratio is of the medians."""
    ps = B.start_pystd(["--max-conns", str(clients + 4096), "--max-conns-per-ip", str(clients + 4096)])
    try:
        have = ops(ps.url)
        if "/v1/time/sleep" not in have:
            print(f"  {kind}: /v1/time/sleep not offered (needed to park clients on a running job)")
            return
        path = cheap_get(have)
        label = '{kind="long_poll"}' if kind == "longpoll" else '{kind="events"}'
        what = "long-polls" if kind == "longpoll" else "event streams"
        B.wrk(ps.url, path, None, method="GET", connections=connections, duration=2)  # warm-up
        base, loaded, rows = [], [], []
        for _ in range(rounds):
            base.append(wrk_cpu(ps, path, connections, duration))
            st, body = http("POST", ps.url + "/v1/jobs", {"op": "/v1/time/sleep", "args": {"secs": 3600}})
            jid = json.loads(body)["id"]
            target = f"/v1/jobs/{jid}?wait=3600" if kind == "longpoll" else f"/v1/jobs/{jid}/events"
            parked = Parked(ps.port, target, clients)
            n = 0
            for _ in range(200):
                n = metric(ps.url, "pystd_job_waiting_clients", label)
                if n == clients:
                    break
                time.sleep(0.05)
            threads = len(os.listdir(f"/proc/{ps.proc.pid}/task"))
            loaded.append(wrk_cpu(ps, path, connections, duration))
            still = metric(ps.url, "pystd_job_waiting_clients", label)
            http("DELETE", ps.url + f"/v1/jobs/{jid}")
            end = time.monotonic() + 30
            while parked.answered < clients and time.monotonic() < end:
                time.sleep(0.05)
            rows.append({"parked_seen_by_server": n, "parked_after": still, "server_threads": threads,
                         "answered_after_cancel": parked.answered})
            parked.close()
            print(f"    round: unloaded {base[-1]['rps']:,.0f} req/s ({base[-1]['server_cpu_us_per_req']:.1f} us CPU/req), "
                  f"with {n:.0f} parked {what} {loaded[-1]['rps']:,.0f} req/s "
                  f"({loaded[-1]['server_cpu_us_per_req']:.1f} us CPU/req); {threads} server threads; "
                  f"answered after cancel: {rows[-1]['answered_after_cancel']}/{clients}")
        med = lambda xs: sorted(x["rps"] for x in xs)[len(xs) // 2]  # noqa: E731
        ratio = med(loaded) / med(base) if med(base) else 0.0
        res[kind] = {"path": path, "clients": clients, "rounds": rows, "unloaded": base, "loaded": loaded,
                     "unloaded_median_rps": med(base), "loaded_median_rps": med(loaded), "ratio": ratio}
        print(f"  {kind}: GET {path}: median {med(base):,.0f} req/s unloaded, {med(loaded):,.0f} req/s with "
              f"{clients} parked {what}")
        cpu = lambda xs: sorted(x["server_cpu_us_per_req"] for x in xs)[len(xs) // 2]  # noqa: E731
        res[kind]["cpu_ratio"] = cpu(base) / cpu(loaded) if cpu(loaded) else 0.0
        print(f"  {kind}: ratio loaded/unloaded = {ratio:.2f}x   (target >= 0.5x); by server CPU per request: "
              f"{res[kind]['cpu_ratio']:.2f}x")
    finally:
        ps.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--clients", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default="engine,http,longpoll,sse")
    a = ap.parse_args()
    only = set(a.only.split(","))
    res = {"duration": a.duration, "connections": a.connections, "clients": a.clients}
    print(f"jobs: wrk {a.connections} connections, {a.duration} s per measurement, {os.cpu_count()} cores")
    if "engine" in only:
        bench_engine(res)
    if "http" in only:
        bench_http(res, a.duration, a.connections)
    if "longpoll" in only:
        bench_parked(res, "longpoll", a.duration, a.connections, a.clients, a.rounds)
    if "sse" in only:
        bench_parked(res, "sse", a.duration, a.connections, a.clients, a.rounds)
    print(f"  saved {B.save('jobs', res)}")


if __name__ == "__main__":
    main()
