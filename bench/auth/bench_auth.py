#!/usr/bin/env python3
"""Issue 15's measurement: POST /v1/random/random {"seed": 1} with a bearer
token (a pystd with --auth-file of 100 tokens, the one used being the last
line: every line is compared, in constant time) against the same request
without auth (a pystd without --auth-file), same run, rounds alternating so
that both see the same drift of the machine.  Also with --rate-limit set high
enough never to refuse (the bucket's cost alone).

    python3 bench/auth/bench_auth.py [--duration 5] [--rounds 3] [--connections 64]

Target (printed, not asserted): with a token >= 0.95x without auth.
"""
import argparse
import hashlib
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import benchlib as B  # noqa: E402

PATH = "/v1/random/random"
BODY = '{"seed":1}'
TOKEN = "bench-token-0099-c0ffee"


def token_file():
    fd, path = tempfile.mkstemp(prefix="bench-tokens-")
    with os.fdopen(fd, "w") as f:
        for i in range(100):
            tok = TOKEN if i == 99 else f"other-token-{i:04d}"
            f.write(f"client{i:03d}:compute:{hashlib.sha256(tok.encode()).hexdigest()}\n")
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--connections", type=int, default=64)
    a = ap.parse_args()
    tokens = token_file()
    runs = {
        "no auth": (B.start_pystd(name="pystd-open"), None),
        "token": (B.start_pystd(["--auth-file", tokens], name="pystd-auth"),
                  {"Authorization": "Bearer " + TOKEN}),
        "token + rate limit": (B.start_pystd(["--auth-file", tokens, "--rate-limit", "1e9"], name="pystd-rl"),
                               {"Authorization": "Bearer " + TOKEN}),
    }
    res = {"path": PATH, "body": BODY, "connections": a.connections, "duration": a.duration, "rounds": {}}
    print(f"POST {PATH} {BODY}  ({a.connections} connections, keep-alive, {a.rounds} rounds of {a.duration} s)")
    try:
        for name, (p, h) in runs.items():  # warm-up
            B.wrk(p.url, PATH, BODY, connections=a.connections, duration=1, headers=h)
        for r in range(a.rounds):
            for name, (p, h) in runs.items():
                out = B.wrk(p.url, PATH, BODY, connections=a.connections, duration=a.duration, headers=h)
                out.pop("raw", None)
                res["rounds"].setdefault(name, []).append(out)
                print(B.fmt_row(f"round {r + 1}: {name}", out))
    finally:
        for p, _ in runs.values():
            p.stop()
        os.unlink(tokens)
    total = {k: sum(x["rps"] for x in v) for k, v in res["rounds"].items()}
    errors = sum(x["errors"] for v in res["rounds"].values() for x in v)
    res["ratio_token"] = total["token"] / total["no auth"]
    res["ratio_token_rate_limit"] = total["token + rate limit"] / total["no auth"]
    print(f"  with a token / without auth: {res['ratio_token']:.3f}x (target >= 0.95x)")
    print(f"  with a token and --rate-limit / without auth: {res['ratio_token_rate_limit']:.3f}x")
    print(f"  non-2xx or socket errors: {errors}")
    print("  raw figures:", B.save("auth", res))


if __name__ == "__main__":
    main()
