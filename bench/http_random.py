#!/usr/bin/env python3
"""Issue 2's measurement: POST /v1/random/random {"seed": 1} through pystd,
side by side with nginx returning a constant (the ceiling) and with the CPython
reference (bench/refserver.py: the API run by CPython behind http.server), same
machine, same run; plus pystd's memory.

    python3 bench/http_random.py [--duration 10] [--connections 64]

Targets (printed as ratios, not asserted): pystd >= 0.6x nginx (1 worker),
>= 10x the CPython reference; idle RSS <= 8 MiB; RSS after 1,000,000 requests within 5% of
RSS after the first 100,000.
"""
import argparse
import sys
import threading
import time

import benchlib as B

PATH = "/v1/random/random"
BODY = '{"seed":1}'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--no-memory", action="store_true", help="skip the 1,000,000-request RSS run")
    a = ap.parse_args()
    res = {"path": PATH, "body": BODY, "connections": a.connections, "duration": a.duration}
    print(f"POST {PATH} {BODY}  ({a.connections} connections, keep-alive, {a.duration} s each)")

    ng = B.start_nginx()
    if ng:
        res["nginx"] = B.wrk(ng.url, PATH, BODY, connections=a.connections, duration=a.duration)
        print(B.fmt_row("nginx constant (1 worker)", res["nginx"]))
        ng.stop()
    else:
        print("  nginx not installed: no ceiling (scripts/deps.sh bench)")

    ps = B.start_pystd()
    res["idle_rss_kib"] = ps.rss_kib()
    B.wrk(ps.url, PATH, BODY, connections=a.connections, duration=2)  # warm-up
    res["pystd"] = B.wrk(ps.url, PATH, BODY, connections=a.connections, duration=a.duration)
    print(B.fmt_row("pystd (epoll thread pool)", res["pystd"]))
    if not a.no_memory:
        # One continuous run on one set of connections (reconnecting would
        # measure connection churn, not requests): RSS is read when ~100,000
        # requests have been answered, at the rate just measured, and at the
        # end, after more than 1,000,000.
        rate = max(res["pystd"]["rps"], 1000.0)
        secs = int(1_100_000 / rate) + 2
        out = {}
        t = threading.Thread(target=lambda: out.update(
            B.wrk(ps.url, PATH, BODY, connections=a.connections, duration=secs)))
        t.start()
        time.sleep(100_000 / rate + 0.5)
        rss_100k = ps.rss_kib()
        t.join()
        res["memory"] = {"requests": out.get("requests", 0), "rss_after_100k_kib": rss_100k,
                         "rss_after_1m_kib": ps.rss_kib()}
    ps.stop()

    pr = B.start_cpython_ref()
    res["cpython"] = B.wrk(pr.url, PATH, BODY, connections=a.connections, duration=a.duration)
    print(B.fmt_row("CPython reference (http.server)", res["cpython"]))
    pr.stop()

    print()
    if "nginx" in res and res["nginx"]["rps"]:
        res["ratio_nginx"] = res["pystd"]["rps"] / res["nginx"]["rps"]
        print(f"  pystd / nginx = {res['ratio_nginx']:.2f}x   (target >= 0.6x)")
    if res["cpython"]["rps"]:
        res["ratio_cpython"] = res["pystd"]["rps"] / res["cpython"]["rps"]
        print(f"  pystd / CPython reference = {res['ratio_cpython']:.1f}x   (target >= 10x)")
    print(f"  idle RSS = {res['idle_rss_kib'] / 1024:.1f} MiB   (target <= 8 MiB)")
    m = res.get("memory")
    if m and m["rss_after_100k_kib"]:
        growth = m["rss_after_1m_kib"] / m["rss_after_100k_kib"] - 1
        m["growth"] = growth
        print(f"  RSS after {m['requests']:,} requests = {m['rss_after_1m_kib'] / 1024:.1f} MiB, "
              f"after 100,000 = {m['rss_after_100k_kib'] / 1024:.1f} MiB: {growth * 100:+.1f}%   (target within 5%)")
    for k in ("pystd", "nginx", "cpython"):
        if k in res:
            res[k].pop("raw", None)
    print("  saved", B.save("http_random", res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
