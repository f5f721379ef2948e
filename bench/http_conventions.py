#!/usr/bin/env python3
"""Issue 19's measurements (HTTP conventions), same machine, same run:

  1. /openapi.json on the wire: bytes of a plain GET, of a GET with
     Accept-Encoding: gzip, and of a revalidation (If-None-Match -> 304);
  2. POST /v1/re/findall {"pattern": "\\w+", "string": <1 MB of text>}: req/s and
     response bytes, plain and with Accept-Encoding: gzip (2 connections);
  3. the light endpoint, POST /v1/random/random {"seed": 1} (64 connections):
     req/s of this build, and -- with --before BIN, a pystd built without these
     changes -- of that one, in alternating rounds, as a ratio (small answers
     are not compressed: it should stay about 1.0x).

    python3 bench/http_conventions.py [--before /path/to/old/pystd] [--duration 5] [--rounds 3]

Nothing is asserted: figures and ratios are printed and saved under bench/results/.
"""
import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

import benchlib as B

LUA = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
{extra}
"""


def wrk(url, path, body, headers=None, connections=64, duration=5):
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (scripts/deps.sh bench)")
    extra = "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in (headers or {}).items())
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA.format(body=B.lua_string(body), extra=extra))
        lua = f.name
    try:
        out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency",
                              "-s", lua, url + path], capture_output=True, text=True, timeout=duration + 60).stdout
    finally:
        os.unlink(lua)
    r = B.parse_wrk(out)
    r.pop("raw", None)
    return r


def on_the_wire(port, method, path, body=None, headers=None):
    """(status, bytes of the response as sent: status line, headers and body)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        head = f"HTTP/1.1 {r.status} {r.reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in r.getheaders()) + "\r\n"
        return r.status, len(head.encode()) + len(data), dict((k.lower(), v) for k, v in r.getheaders())
    finally:
        c.close()


def text_1mb():
    words = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "naïve", "café", "東京", "数据"]
    out, n, i = [], 0, 0
    while n < 1_000_000:
        w = words[(i * 7 + i // 13) % len(words)] + str(i % 97)
        out.append(w)
        n += len(w.encode()) + 1
        i += 1
    return " ".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", help="a pystd binary without these changes (light-endpoint comparison)")
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    res = {"duration": a.duration, "rounds": a.rounds}

    ps = B.start_pystd(["--max-body", "64M"])
    port = ps.port
    print("/openapi.json on the wire:")
    st, plain, h = on_the_wire(port, "GET", "/openapi.json")
    st2, packed, hz = on_the_wire(port, "GET", "/openapi.json", headers={"Accept-Encoding": "gzip"})
    st3, revalid, _ = on_the_wire(port, "GET", "/openapi.json", headers={"Accept-Encoding": "gzip",
                                                                           "If-None-Match": hz["etag"]})
    res["openapi"] = {"plain_bytes": plain, "gzip_bytes": packed, "revalidation_304_bytes": revalid,
                      "statuses": [st, st2, st3]}
    print(f"  plain GET                 {plain:>10,} bytes ({st})")
    print(f"  Accept-Encoding: gzip     {packed:>10,} bytes ({st2}, {hz.get('content-encoding')}): "
          f"{plain / packed:.1f}x fewer")
    print(f"  If-None-Match (304)       {revalid:>10,} bytes ({st3})")
    if a.before:
        os.environ["PYSTD_BIN"] = a.before
        old = B.start_pystd()
        st, was, _ = on_the_wire(old.port, "GET", "/openapi.json", headers={"Accept-Encoding": "gzip"})
        old.stop()
        os.environ.pop("PYSTD_BIN")
        res["openapi"]["before_gzip_asked_bytes"] = was
        print(f"  before (gzip asked)       {was:>10,} bytes ({st}): now {was / packed:.1f}x fewer")

    text = text_1mb()
    body = json.dumps({"pattern": r"\w+", "string": text}, ensure_ascii=False)
    print(f"POST /v1/re/findall, {len(text.encode()):,} bytes of text, 2 connections:")
    for name, hdrs in (("plain", {}), ("gzip", {"Accept-Encoding": "gzip"})):
        st, size, h = on_the_wire(port, "POST", "/v1/re/findall", body.encode(),
                                  {"Content-Type": "application/json", **hdrs})
        r = wrk(ps.url, "/v1/re/findall", body, hdrs, connections=2, duration=a.duration)
        r["response_bytes"] = size
        r["status"] = st
        res[f"findall_{name}"] = r
        print(f"  {name:<6} {r['rps']:>8.1f} req/s   p50 {r['p50_ms']:.1f} ms   {size:>10,} bytes per answer "
              f"({st}, {h.get('content-encoding', 'identity')})   errors {r['errors']}")
    ps.stop()

    print(f"POST /v1/random/random {{\"seed\":1}}, 64 connections, {a.rounds} rounds of {a.duration} s:")
    builds = [("after", os.path.join(B.ROOT, "build", "pystd"))] + ([("before", a.before)] if a.before else [])
    runs = {name: [] for name, _ in builds}
    for _ in range(a.rounds):
        for name, path in builds:  # alternating: both see the same drift of the machine
            os.environ["PYSTD_BIN"] = path
            p = B.start_pystd()
            wrk(p.url, "/v1/random/random", '{"seed":1}', duration=1)  # warm-up
            runs[name].append(wrk(p.url, "/v1/random/random", '{"seed":1}', duration=a.duration)["rps"])
            p.stop()
    for name, _ in builds:
        med = statistics.median(runs[name])
        res[f"light_{name}"] = {"rps_runs": runs[name], "rps_median": med}
        print(f"  {name:<6} median {med:>10,.0f} req/s   runs {', '.join(f'{x:,.0f}' for x in runs[name])}")
    if a.before:
        res["light_ratio_after_before"] = res["light_after"]["rps_median"] / res["light_before"]["rps_median"]
        print(f"  after / before = {res['light_ratio_after_before']:.3f}x   (target ~1.0x: small answers "
              "are not compressed)")
    print("  saved", B.save("http_conventions", res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
