#!/usr/bin/env python3
"""Issue 14's measurement: cheap requests (GET /healthz and POST
/v1/random/random, each on a NEW connection) while 4 x cores clients keep
heavy legal requests in flight (long regex searches, json.dumps with indent,
large samples, large urlencode: tests/hostile/load.py), side by side with the
same probes on the unloaded server, in one run.

    python3 bench/hostile/bench_cheap.py [--seconds 20] [--clients N] [--bin build/pystd]

The heavy clients share the machine with the server (as in the issue's
test); --client-nice 10 runs them at a lower priority, as clients on other
machines would be.  Targets (printed, not asserted): loaded p99 < 100 ms and max < 250 ms, every
cheap answer 200; every heavy request answered 200 or 422, none dropped, none 5xx.
"""
import argparse
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests", "hostile"))
import benchlib as B  # noqa: E402
import load as L  # noqa: E402


def run(bin_path, seconds, clients, extra_args, nice):
    if bin_path:
        os.environ["PYSTD_BIN"] = bin_path
    ps = B.start_pystd(list(extra_args))
    res = {"bin": B.pystd_bin(), "clients": clients, "seconds": seconds, "client_nice": nice}
    try:
        L.probe(ps.port, 1)  # warm-up
        idle = L.probe(ps.port, seconds / 2)
        res["rss_before_kib"] = ps.rss_kib()
        h = L.HeavyLoad(ps.port, clients, seconds + 2, nice=nice)
        with h:
            loaded = {}
            t = threading.Thread(target=lambda: loaded.update(L.probe(ps.port, seconds)))
            t.start()
            t.join()
            stats = h.wait()
        res["rss_peak_kib"] = L.rss_kib(ps.proc.pid, "VmHWM")
        time.sleep(10)
        res["rss_after_kib"] = ps.rss_kib()
        try:
            m = L.metrics(ps.port)
            res["metrics"] = {k: v for k, v in m.items() if k.startswith(("pystd_compute", "pystd_memory",
                                                                          "pystd_deadline", "pystd_trim"))}
        except OSError:
            pass
    finally:
        ps.stop()
    print(f"{res['bin']}: {clients} heavy clients (4 x {L.cores()} cores, nice {nice}), {seconds} s")
    for name in ("healthz", "random"):
        print(L.fmt_lat(name + " unloaded", idle[name]["lat"]) + f"  {idle[name]['status']}")
        print(L.fmt_lat(name + " loaded", loaded[name]["lat"]) + f"  {loaded[name]['status']}")
        res[name] = {"unloaded": L.percentiles(idle[name]["lat"]), "loaded": L.percentiles(loaded[name]["lat"]),
                     "status_loaded": loaded[name]["status"]}
    hs = L.percentiles(stats["seconds"])
    print(f"  heavy: {stats['sent']} sent, status {stats['status']}, dropped {stats['dropped']}, "
          f"p50 {hs.get('p50_ms', 0):.0f} ms, max {hs.get('max_ms', 0):.0f} ms")
    for k, v in sorted(stats["errors"].items()):
        print(f"    {v:5d} x {k}")
    print(f"  RSS before {res['rss_before_kib'] / 1024:.1f} MiB, peak {res['rss_peak_kib'] / 1024:.1f} MiB, "
          f"10 s after {res['rss_after_kib'] / 1024:.1f} MiB")
    stats.pop("seconds")
    res["heavy"] = dict(stats, latency=hs)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--clients", type=int, default=4 * L.cores())
    ap.add_argument("--bin", action="append", help="pystd binary (repeat to compare, run in turn)")
    ap.add_argument("--client-nice", type=int, action="append",
                    help="nice value of the heavy client processes (repeat to compare; default 0: they compete "
                         "with the server for the CPU as much as the server itself)")
    ap.add_argument("args", nargs="*", help="extra pystd arguments (after --)")
    a = ap.parse_args()
    out = {}
    for b in a.bin or [None]:
        for n in a.client_nice or [0]:
            out[f"{b or 'pystd'} nice {n}"] = run(b, a.seconds, a.clients, a.args, n)
    print("  saved", B.save("hostile_cheap", out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
