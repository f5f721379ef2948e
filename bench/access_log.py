#!/usr/bin/env python3
"""Issue 18's measurement: what the access log costs, and the default
configuration against nginx.  POST /v1/random/random {"seed": 1}, 64 keep-alive
connections, the server pinned to CPU 0 and wrk (1 thread) to CPU 1 (taskset),
one run of alternating rounds (medians): nginx returning a constant, pystd in its default configuration
(--log-level info: an access line per request, to a file), pystd with
--log-level warn (no access line).  Server CPU per request from /proc.

    python3 bench/access_log.py [--duration 5] [--rounds 5] [--connections 64]

Targets (printed, not asserted): the access line costs < 1 us of server CPU;
the default configuration >= 0.9x nginx-constant (issue 18).
"""
import argparse
import os
import shutil
import sys

import benchlib as B

PATH = "/v1/random/random"
BODY = '{"seed":1}'
SERVER_CPU = ["taskset", "-c", "0"]
CLIENT_CPU = ["taskset", "-c", "1"]


def measure(proc, a):
    c0 = proc.cpu_seconds()
    r = B.wrk(proc.url, PATH, BODY, connections=a.connections, threads=1, duration=a.duration,
              prefix=CLIENT_CPU)
    r["cpu_us_per_request"] = (proc.cpu_seconds() - c0) / max(r["requests"], 1) * 1e6
    r.pop("raw", None)
    return r


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2


ROWS = (("nginx", "nginx constant (1 worker)"), ("pystd_default", "pystd default (access log on)"),
        ("pystd_logs_off", "pystd --log-level warn"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=5, help="seconds of one round")
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds (medians reported)")
    ap.add_argument("--connections", type=int, default=64)
    a = ap.parse_args()
    if not shutil.which("taskset") or (os.cpu_count() or 1) < 2:
        sys.exit("needs taskset and 2 CPUs")
    res = {"path": PATH, "body": BODY, "connections": a.connections, "duration": a.duration,
           "rounds": a.rounds, "pinning": "server on CPU 0, wrk (1 thread) on CPU 1"}
    print(f"POST {PATH} {BODY}  ({a.connections} connections; {a.rounds} alternating rounds of {a.duration} s; "
          "server CPU 0, wrk CPU 1)")
    procs = {}
    ng = B.start_nginx(prefix=SERVER_CPU)
    if ng:
        procs["nginx"] = ng
    else:
        print("  nginx not installed: no ceiling (scripts/deps.sh bench)")
    procs["pystd_default"] = B.start_pystd(["--log-level", "info"], name="default", prefix=SERVER_CPU)
    procs["pystd_logs_off"] = B.start_pystd(["--log-level", "warn"], name="logs-off", prefix=SERVER_CPU)
    try:
        for p in procs.values():  # warm-up
            B.wrk(p.url, PATH, BODY, connections=a.connections, threads=1, duration=1, prefix=CLIENT_CPU)
        runs = {k: [] for k in procs}
        for _ in range(a.rounds):
            for k, p in procs.items():
                runs[k].append(measure(p, a))
    finally:
        for p in procs.values():
            p.stop()
    for key, name in ROWS:
        if key not in runs:
            continue
        rs = runs[key]
        res[key] = {"rps": median([r["rps"] for r in rs]), "p50_ms": median([r["p50_ms"] for r in rs]),
                    "p99_ms": median([r["p99_ms"] for r in rs]), "errors": sum(r["errors"] for r in rs),
                    "cpu_us_per_request": median([r["cpu_us_per_request"] for r in rs]), "rounds": rs}
        each = ", ".join(f"{r['rps']:,.0f}" for r in rs)
        print(B.fmt_row(name, res[key]) + f"   CPU {res[key]['cpu_us_per_request']:.2f} us/request  (rounds: {each})")
    print()
    d, w = res["pystd_default"], res["pystd_logs_off"]
    res["log_cost_us"] = d["cpu_us_per_request"] - w["cpu_us_per_request"]
    print(f"  access line: {res['log_cost_us']:+.2f} us of server CPU per request (medians)   (target < 1 us)")
    if "nginx" in res and res["nginx"]["rps"]:
        res["ratio_nginx_default"] = d["rps"] / res["nginx"]["rps"]
        res["ratio_nginx_logs_off"] = w["rps"] / res["nginx"]["rps"]
        print(f"  pystd default / nginx = {res['ratio_nginx_default']:.2f}x   (target >= 0.9x); "
              f"logs off / nginx = {res['ratio_nginx_logs_off']:.2f}x")
    print("  saved", B.save("access_log", res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
