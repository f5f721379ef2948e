#!/usr/bin/env python3
"""Soak: 1,000,000 mixed requests -- every module: random, re, json, codecs,
urllib.parse, urllib.request (urlopen of pystd's own /healthz over
loopback), urllib.robotparser, time, os.path, the file sandbox (io, os),
functools, builtins, jobs -- through wrk on 64 keep-alive connections.  RSS is
read when 100,000 requests have been answered and at the end: within 5%, and
0 errors (every request of the mix answers 2xx).

    python3 bench/hostile/bench_soak.py [--requests 1000000] [--connections 64]

The job engine keeps finished jobs (--job-max-kept): the soak runs with
--job-max-kept 1000 so that what it keeps is full long before 100,000
requests, as it would be on a service that has been running for a while.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests", "hostile"))
import benchlib as B  # noqa: E402
import load as L  # noqa: E402

ST = [2024, 2, 29, 12, 0, 0, 3, 60, 0]


def mix(port):
    """(method, path, body or None): every module, each answering 2xx."""
    robots = "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n"
    m = [
        ("POST", "/v1/random/random", {"seed": 1}),
        ("GET", "/v1/random/randint?a=1&b=6&seed=7", None),
        ("POST", "/v1/random/sample", {"population": list(range(50)), "k": 10, "seed": 3}),
        ("POST", "/v1/random/gauss", {"seed": 4, "n": 5}),
        ("POST", "/v1/re/search", {"pattern": r"(?P<w>\w+) (\d+)", "string": "say hello 42 times"}),
        ("POST", "/v1/re/sub", {"pattern": r"\s+", "repl": " ", "string": "a  b\t\tc  d " * 10}),
        ("POST", "/v1/re/findall", {"pattern": r"\d+", "string": "1 22 333 4444 " * 20}),
        ("POST", "/v1/re/split", {"pattern": ",", "string": "a,b,c,d,e,f"}),
        ("POST", "/v1/json/dumps", {"obj": {"b": [1, 2.5, None], "a": "é"}, "indent": 2, "sort_keys": True}),
        ("POST", "/v1/json/loads", {"s": "[1, 2.0, {\"a\": NaN}, \"x\"]"}),
        ("POST", "/v1/codecs/encode", {"obj": "café €", "encoding": "cp1252"}),
        ("POST", "/v1/codecs/decode", {"obj": "Y2Fm6SCA", "encoding": "cp1252"}),
        ("POST", "/v1/urllib/parse/urlparse", {"urlstring": "http://u:p@example.com:8080/a;b?q=1#f"}),
        ("POST", "/v1/urllib/parse/quote", {"string": "a b/é?x=1"}),
        ("POST", "/v1/urllib/parse/urlencode", {"query": {"a": 1, "b": ["x", "y"]}, "doseq": True}),
        ("POST", "/v1/urllib/parse/parse_qs", {"qs": "a=1&b=2&a=3"}),
        ("POST", "/v1/urllib/request/urlopen", {"url": f"http://127.0.0.1:{port}/healthz"}),
        ("POST", "/v1/urllib/robotparser/can_fetch", {"robots_txt": robots, "useragent": "bot", "url": "/private/x"}),
        ("POST", "/v1/time/strftime", {"format": "%Y-%m-%d %H:%M:%S", "t": ST}),
        ("POST", "/v1/time/strptime", {"string": "2024-02-29 12:30", "format": "%Y-%m-%d %H:%M"}),
        ("POST", "/v1/time/gmtime", {"secs": 1000000000}),
        ("POST", "/v1/os/path/join", {"a": "/usr", "paths": ["lib", "python3"]}),
        ("POST", "/v1/os/path/normpath", {"path": "/a//./b/../c"}),
        ("POST", "/v1/io/write", {"path": "/soak.txt", "data": "hello\n"}),
        ("POST", "/v1/io/read", {"path": "/soak.txt"}),
        ("POST", "/v1/os/listdir", {"path": "/"}),
        ("POST", "/v1/functools/reduce", {"function": "operator.mul", "iterable": [1, 2, 3, 4, 5]}),
        ("POST", "/v1/builtins/map", {"function": "operator.add", "iterables": [[1, 2, 3], [10, 20, 30]]}),
        ("POST", "/v1/jobs", {"op": "/v1/random/randint", "args": {"a": 1, "b": 6, "seed": 1}}),
        ("GET", "/healthz", None),
    ]
    return [(meth, path, json.dumps(body) if body is not None else None) for meth, path, body in m]


LUA = """
local reqs = {%s}
local n = 0
request = function()
  n = n + 1
  local r = reqs[(n %% #reqs) + 1]
  local h = {}
  if r[3] then h["Content-Type"] = "application/json" end
  return wrk.format(r[1], r[2], h, r[3])
end
"""


def lua_table(reqs):
    rows = []
    for meth, path, body in reqs:
        rows.append("{%s, %s, %s}" % (B.lua_string(meth), B.lua_string(path),
                                      B.lua_string(body) if body is not None else "nil"))
    return ",\n".join(rows)


def answered(port):
    m = L.metrics(port)
    return int(m.get("pystd_http_request_duration_seconds_count", 0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=1_000_000)
    ap.add_argument("--connections", type=int, default=64)
    a = ap.parse_args()
    ps = B.start_pystd(["--allow-net", "127.0.0.1/32", "--job-max-kept", "1000"])
    res = {"requests_target": a.requests, "connections": a.connections}
    try:
        reqs = mix(ps.port)
        secs = 0.0
        for meth, path, body in reqs:  # the mix answers 2xx, each of it
            st, d, _h = L.request(ps.port, meth, path, body.encode() if body else None)
            assert 200 <= st < 300, (path, st, d[:200])
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(LUA % lua_table(reqs))
            lua = f.name
        res["idle_rss_kib"] = ps.rss_kib()
        # wrk stops on a duration: a long one, cut (SIGINT: wrk prints its
        # figures) once the target is answered
        base = answered(ps.port)
        t0 = time.monotonic()
        wrk = subprocess.Popen(["wrk", "-t", "2", "-c", str(a.connections), "-d", "3600s", "--latency",
                                "-s", lua, ps.url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            while answered(ps.port) - base < 100_000 and wrk.poll() is None:
                time.sleep(0.2)
            res["rss_100k_kib"] = ps.rss_kib()
            res["at_100k"] = answered(ps.port) - base
            res["rss_every_100k_kib"] = [res["rss_100k_kib"]]
            while answered(ps.port) - base < a.requests and wrk.poll() is None:
                time.sleep(0.5)
                if answered(ps.port) - base >= 100_000 * (len(res["rss_every_100k_kib"]) + 1):
                    res["rss_every_100k_kib"].append(ps.rss_kib())
        finally:
            wrk.send_signal(signal.SIGINT)
            raw = wrk.communicate(timeout=60)[0]
        secs = time.monotonic() - t0
        os.unlink(lua)
        w = B.parse_wrk(raw)
        res["wrk"] = {k: v for k, v in w.items() if k != "raw"}
        res["wrk_errors_line"] = [ln.strip() for ln in raw.splitlines() if "error" in ln.lower() or "Non-2xx" in ln]
        res["requests"] = answered(ps.port) - base
        res["rss_end_kib"] = ps.rss_kib()
        m = L.metrics(ps.port)
        # 499: in flight when wrk was stopped (its connections closed)
        res["cut_at_stop"] = sum(v for k, v in m.items() if k.startswith("pystd_http_requests_total")
                                 and 'status="499"' in k)
        res["not_2xx"] = {k: v for k, v in m.items() if k.startswith("pystd_http_requests_total")
                          and 'status="2' not in k and 'status="499"' not in k and v}
        res["5xx"] = sum(v for k, v in res["not_2xx"].items() if 'status="5' in k)
    finally:
        ps.stop()
    growth = res["rss_end_kib"] / res["rss_100k_kib"] - 1
    res["growth"] = growth
    print(f"soak: {res['requests']:,} mixed requests ({len(reqs)} kinds, every module) in {secs:.0f} s, "
          f"{res['wrk']['rps']:,.0f} req/s, p50 {res['wrk']['p50_ms']} ms, p99 {res['wrk']['p99_ms']} ms; "
          f"wrk errors {res['wrk']['errors']} {res['wrk_errors_line']}; answers not 2xx: {res['not_2xx'] or 'none'} "
          f"(and {res['cut_at_stop']:.0f} cut when wrk was stopped)")
    print(f"  RSS idle {res['idle_rss_kib'] / 1024:.1f} MiB, after {res['at_100k']:,} "
          f"{res['rss_100k_kib'] / 1024:.1f} MiB, after {res['requests']:,} {res['rss_end_kib'] / 1024:.1f} MiB: "
          f"{growth * 100:+.1f}%   (target within 5%, 0 errors)")
    print("  RSS every 100,000 (MiB):", " ".join(f"{r / 1024:.1f}" for r in res["rss_every_100k_kib"]))
    print("  saved", B.save("hostile_soak", res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
