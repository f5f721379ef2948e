#!/usr/bin/env python3
"""--rate-limit / --rate-burst: a token bucket per token name (per client
address without a token).  Past the burst: 429 Busy with Retry-After,
RateLimit-Policy and RateLimit; other tokens are not affected; the probes
never limited; the bucket refills (polled with a bounded count: no timing
assert); /metrics counts the 429s by token name."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from auth_harness import token_file as write_tokens  # noqa: E402
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
TOK = {"alice": "tok-alice-rl", "bob": "tok-bob-rl"}
BURST = 3


def token_file():
    return write_tokens(TOK)


def H(name):
    return {"Authorization": "Bearer " + TOK[name]}


def drain(s, headers):
    """Spend the bucket: the answers until the first 429 (at most 50)."""
    for i in range(50):
        st, r, h, _ = s.request("POST", "/v1/random/random", {}, headers=headers)
        if st == 429:
            return i, r, h
        assert st == 200, (st, r)
    raise AssertionError("never limited")


def recover(s, headers):
    for _ in range(300):  # bounded polling; the rate is 2/s
        st, _, _, _ = s.request("POST", "/v1/random/random", {}, headers=headers)
        if st == 200:
            return
        time.sleep(0.05)
    raise AssertionError("the bucket never refilled")


class T(Tests):
    def test_per_token(self):
        args = ["--auth-file", token_file(), "--rate-limit", "0.5", "--rate-burst", str(BURST)]
        with Server(BIN, args=args) as s:
            n, r, h = drain(s, H("alice"))
            assert n >= BURST, n  # (a slow machine may see a refill meanwhile: no upper bound)
            assert r["error"]["type"] == "Busy", r
            assert int(h["retry-after"]) >= 1, h
            assert h["ratelimit-policy"] == f'"default";q={BURST};w=6', h
            assert h["ratelimit"].startswith('"default";r=0;t='), h
            # bob has his own bucket; the probes are never limited
            st, _, _, _ = s.request("POST", "/v1/random/random", {}, headers=H("bob"))
            assert st == 200, st
            for _ in range(10):
                st, _, _, _ = s.request("GET", "/healthz", headers=H("alice"))
                assert st == 200, st
            st, _, _, data = s.request("GET", "/metrics", headers=H("bob"))
            assert st == 200
            line = [x for x in data.decode().splitlines() if x.startswith('pystd_rate_limited_total{token="alice"}')]
            assert line and int(line[0].split()[-1]) >= 1, line
            recover(s, H("alice"))

    def test_per_address_without_tokens(self):
        with Server(BIN, args=["--rate-limit", "2", "--rate-burst", str(BURST)]) as s:
            n, r, h = drain(s, {})
            assert n >= BURST, n
            assert h["ratelimit-policy"] == f'"default";q={BURST};w=2', h
            recover(s, {})

    def test_off_by_default(self):
        with Server(BIN) as s:
            for _ in range(200):
                st, _, h, _ = s.request("POST", "/v1/random/random", {})
                assert st == 200 and "ratelimit" not in h, (st, h)


if __name__ == "__main__":
    T().run()
