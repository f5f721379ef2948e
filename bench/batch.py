#!/usr/bin/env python3
"""Issue 18's batch measurement: POST /v1/batch with 100 calls of
/v1/random/random against 100 single POST /v1/random/random requests, same
server, same run, in operations/s (a batch counts its 100 calls).  The server
pinned to CPU 0, wrk (1 thread) to CPU 1 (taskset), 64 keep-alive connections
for the single requests, alternating rounds, medians; logs off (--log-level
warn) and in the default configuration (access log on).

    python3 bench/batch.py [--duration 5] [--rounds 3] [--calls 100]

Target (printed, not asserted): a 100-call batch >= 10x the operations/s of
single requests (issue 18).
"""
import argparse
import json
import os
import shutil
import sys

import benchlib as B

SERVER_CPU = ["taskset", "-c", "0"]
CLIENT_CPU = ["taskset", "-c", "1"]
SINGLE = ("/v1/random/random", '{"seed":1}')


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=5, help="seconds of one round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--calls", type=int, default=100)
    ap.add_argument("--connections", type=int, default=64)
    a = ap.parse_args()
    if not shutil.which("taskset") or (os.cpu_count() or 1) < 2:
        sys.exit("needs taskset and 2 CPUs")
    batch = json.dumps({"calls": [{"op": SINGLE[0], "args": {"seed": 1}}] * a.calls},
                       separators=(",", ":"))
    res = {"calls": a.calls, "duration": a.duration, "rounds": a.rounds, "connections": a.connections,
           "pinning": "server on CPU 0, wrk (1 thread) on CPU 1"}
    print(f"{a.calls}-call POST /v1/batch of random/random vs single POST /v1/random/random "
          f"({a.rounds} alternating rounds of {a.duration} s; server CPU 0, wrk CPU 1)")
    for cfg, args in (("logs_off", ["--log-level", "warn"]), ("default", ["--log-level", "info"])):
        ps = B.start_pystd(args, name=cfg, prefix=SERVER_CPU)
        single, batched = [], []
        try:
            for path, body, conns in ((SINGLE[0], SINGLE[1], a.connections), ("/v1/batch", batch, 8)):
                B.wrk(ps.url, path, body, connections=conns, threads=1, duration=1, prefix=CLIENT_CPU)
            for _ in range(a.rounds):
                r = B.wrk(ps.url, SINGLE[0], SINGLE[1], connections=a.connections, threads=1,
                          duration=a.duration, prefix=CLIENT_CPU)
                single.append(r["rps"])
                r = B.wrk(ps.url, "/v1/batch", batch, connections=8, threads=1, duration=a.duration,
                          prefix=CLIENT_CPU)
                assert r["errors"] == 0, r
                batched.append(r["rps"] * a.calls)
        finally:
            ps.stop()
        row = {"single_ops": median(single), "batch_ops": median(batched), "single_rounds": single,
               "batch_rounds": batched}
        row["ratio"] = row["batch_ops"] / row["single_ops"] if row["single_ops"] else 0.0
        res[cfg] = row
        print(f"  {cfg:<9} single: {row['single_ops']:>10,.0f} ops/s   batch: {row['batch_ops']:>12,.0f} ops/s"
              f"   = {row['ratio']:.1f}x   (target >= 10x)")
    print("  saved", B.save("batch", res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
