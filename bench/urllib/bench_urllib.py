#!/usr/bin/env python3
"""urllib.parse through the service: urlparse and quote, req/s as a ratio to
nginx answering a constant (same run, same machine, loopback only).

    python3 bench/urllib/bench_urllib.py [--duration 10] [--connections 64]

Target (printed, not asserted): >= 0.5x nginx for both.  Results are saved
under bench/results/ as JSON.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import benchlib as B  # noqa: E402

CASES = [
    ("urlparse", "/v1/urllib/parse/urlparse",
     '{"urlstring":"https://user:pw@www.example.com:8443/a/b;p?q=1&r=%C3%A9#frag"}',
     '{"result":{"scheme":"https","netloc":"user:pw@www.example.com:8443","path":"/a/b","params":"p",'
     '"query":"q=1&r=%C3%A9","fragment":"frag","username":"user","password":"pw","hostname":"www.example.com",'
     '"port":8443}}'),
    ("quote", "/v1/urllib/parse/quote", '{"string":"/path with spaces/\\u00e9t\\u00e9 & more?x=1"}',
     '{"result":"/path%20with%20spaces/%C3%A9t%C3%A9%20%26%20more%3Fx%3D1"}'),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    a = ap.parse_args()
    res = {"connections": a.connections, "duration": a.duration}
    ps = B.start_pystd()
    try:
        for name, path, body, answer in CASES:
            ng = B.start_nginx(answer)
            if not ng:
                sys.exit("nginx not installed")
            try:
                B.wrk(ng.url, path, body, connections=a.connections, duration=2)
                n = B.wrk(ng.url, path, body, connections=a.connections, duration=a.duration)
            finally:
                ng.stop()
            B.wrk(ps.url, path, body, connections=a.connections, duration=2)
            p = B.wrk(ps.url, path, body, connections=a.connections, duration=a.duration)
            ratio = p["rps"] / n["rps"] if n["rps"] else 0.0
            res[name] = {"nginx": {k: v for k, v in n.items() if k != "raw"},
                         "pystd": {k: v for k, v in p.items() if k != "raw"}, "ratio": ratio}
            print(f"POST {path} {body}")
            print(B.fmt_row("nginx constant (1 worker)", n))
            print(B.fmt_row("pystd", p))
            print(f"  ratio pystd / nginx: {ratio:.2f}x (target >= 0.5x)")
    finally:
        ps.stop()
    print("saved", B.save("urllib", res))


if __name__ == "__main__":
    main()
