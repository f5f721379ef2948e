#!/usr/bin/env python3
"""json through the service vs CPython's C-accelerated json, same run.

CPython: json.loads(text) + json.dumps(obj) of a ~1 MB document, in-process.
pystd:   POST /v1/json/loads {"s": text} + POST /v1/json/dumps {"obj": <doc>},
         over one keep-alive loopback connection, response read in full.
The four are timed in turn within each of --runs rounds (so that both sides
see the same machine load, which matters on a shared box); each figure is the
median over the rounds, and the ratio printed is
(CPython loads + dumps) / (pystd loads + dumps): above 1 means pystd is faster.

    python3 bench/json/bench_json.py [--bin build/pystd | --url http://127.0.0.1:PORT]
                                     [--size BYTES] [--runs N]
"""
import argparse
import http.client
import json
import os
import statistics
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import gen_doc  # noqa: E402


def median_time(fn, runs):
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "pystd"))
    ap.add_argument("--url")
    ap.add_argument("--size", type=int, default=1 << 20)
    ap.add_argument("--runs", type=int, default=30)
    a = ap.parse_args()

    doc = gen_doc.document(a.size)
    text = json.dumps(doc)
    mb = len(text.encode()) / 1e6

    server = None
    if a.url:
        url = a.url
    else:
        from harness import Server
        server = Server(os.path.abspath(a.bin)).__enter__()
        url = server.url
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    dumps_body = ('{"obj": ' + text + '}').encode()
    loads_body = json.dumps({"s": text}).encode()

    def post(path, body):
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        data = r.read()
        if r.status != 200:
            raise SystemExit(f"{path}: {r.status} {data[:300]!r}")
        return data

    def server_cpu():
        """user + system seconds of the server so far (0 when it is not ours: --url)"""
        if not server:
            return 0.0
        with open(f"/proc/{server.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def timed(fn):
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    def cpu_of(fn, clock):
        c0 = clock()
        fn()
        return clock() - c0

    try:
        # correctness first: the same answers as CPython
        got = json.loads(post("/v1/json/dumps", dumps_body))["result"]
        assert got == json.dumps(doc), "dumps differs from CPython"
        got = json.loads(post("/v1/json/loads", loads_body))["result"]
        assert got == doc, "loads differs from CPython"
        json.loads(text), json.dumps(doc)
        rounds = []
        for _ in range(a.runs):
            rounds.append((timed(lambda: json.loads(text)), timed(lambda: json.dumps(doc)),
                           timed(lambda: post("/v1/json/loads", loads_body)),
                           timed(lambda: post("/v1/json/dumps", dumps_body))))
        # CPU: CPython's own process time against the server's, over as many calls
        cpu_py = sum(cpu_of(lambda: (json.loads(text), json.dumps(doc)), time.process_time)
                     for _ in range(a.runs))
        cpu_svc = sum(cpu_of(lambda: (post("/v1/json/loads", loads_body), post("/v1/json/dumps", dumps_body)),
                             server_cpu) for _ in range(a.runs))
    finally:
        conn.close()
        if server:
            server.__exit__(None, None, None)
    py_loads, py_dumps, svc_loads, svc_dumps = (statistics.median(r[i] for r in rounds) for i in range(4))
    per_round = statistics.median((r[0] + r[1]) / (r[2] + r[3]) for r in rounds)

    ms = lambda t: f"{t * 1000:7.2f} ms"  # noqa: E731
    print(f"document: {mb:.2f} MB, {len(doc['results'])} records; medians of {a.runs} interleaved rounds")
    print(f"CPython json.loads        {ms(py_loads)}  ({mb / py_loads:6.1f} MB/s)")
    print(f"CPython json.dumps        {ms(py_dumps)}  ({mb / py_dumps:6.1f} MB/s)")
    print(f"pystd POST /v1/json/loads {ms(svc_loads)}  ({mb / svc_loads:6.1f} MB/s)")
    print(f"pystd POST /v1/json/dumps {ms(svc_dumps)}  ({mb / svc_dumps:6.1f} MB/s)")
    ratio = (py_loads + py_dumps) / (svc_loads + svc_dumps)
    print(f"ratio (CPython loads+dumps) / (pystd loads+dumps): {ratio:.2f}x  (target >= 3x, issue 18); "
          f"median of the per-round ratios {per_round:.2f}x")
    res = {"document_mb": mb, "runs": a.runs, "cpython_loads_s": py_loads, "cpython_dumps_s": py_dumps,
           "pystd_loads_s": svc_loads, "pystd_dumps_s": svc_dumps, "ratio": ratio, "ratio_per_round": per_round}
    if cpu_svc > 0:
        res["cpu_ratio"] = cpu_py / cpu_svc
        print(f"CPU: CPython {cpu_py / a.runs * 1000:.2f} ms per loads+dumps, pystd's server "
              f"{cpu_svc / a.runs * 1000:.2f} ms per two requests: {cpu_py / cpu_svc:.2f}x")
    sys.path.insert(0, os.path.dirname(HERE))
    import benchlib as B  # noqa: E402
    print("saved", B.save("json", res))


if __name__ == "__main__":
    main()
