#!/usr/bin/env python3
"""--trusted-proxies: behind a balancer, the client named in X-Forwarded-For
is the request's address -- for the per-address rate limit and the access
log -- but only when the peer is one of the trusted networks.  The rightmost
address that is not a trusted proxy wins (what a client writes to the left of
it is not believed); every hop trusted: the leftmost; a malformed entry stops
the walk; two header lines are one list.  From an untrusted peer, or without
the flag, the header is ignored."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
BURST = 2


def xff(*values):
    return [("X-Forwarded-For", v) for v in values]


def call(s, headers):
    """POST /v1/random/random with these header lines (a list: a name may repeat)."""
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    try:
        conn.putrequest("POST", "/v1/random/random")
        body = b"{}"
        for k, v in headers:
            conn.putheader(k, v)
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        r = conn.getresponse()
        r.read()
        return r.status
    finally:
        conn.close()


def remotes(s):
    """{request id: "remote"} of the access-log lines of POST /v1/random/random (the
    lines of different threads are not in request order: told apart by their ids)."""
    out = {}
    for line in s.log_text().splitlines():
        try:
            j = json.loads(line)
        except ValueError:
            continue
        if j.get("path") == "/v1/random/random":
            out[j.get("request_id")] = j.get("remote")
    return out


class T(Tests):
    def test_client_from_the_header_behind_a_trusted_proxy(self):
        cases = [
            (xff("203.0.113.7"), "203.0.113.7"),
            (xff("198.51.100.1, 203.0.113.7"), "203.0.113.7"),  # the client's own claim on the left: not believed
            (xff("203.0.113.7, 10.1.2.3"), "203.0.113.7"),     # 10/8 is a trusted hop: walked past
            (xff("10.9.9.9, 10.1.2.3"), "10.9.9.9"),           # every hop trusted: the leftmost
            (xff("203.0.113.7", "10.1.2.3"), "203.0.113.7"),   # two header lines, one list
            (xff(" [2001:db8::1] "), "2001:db8::1"),
            (xff("2001:DB8:0:0::2"), "2001:db8::2"),           # written as parsed, not as sent
            (xff("203.0.113.7, bogus\" x"), "127.0.0.1"),      # not an address: the hop before it
            (xff(""), "127.0.0.1"),
            ([], "127.0.0.1"),
        ]
        with Server(BIN, args=["--trusted-proxies", "127.0.0.1/32, 10.0.0.0/8"], log_level="info") as s:
            for i, (headers, _) in enumerate(cases):
                assert call(s, headers + [("X-Request-Id", f"case-{i}")]) == 200
            s.stop()
            got = remotes(s)
        assert got == {f"case-{i}": want for i, (_, want) in enumerate(cases)}, got

    def test_untrusted_peer_or_no_flag_ignores_the_header(self):
        for args in (["--trusted-proxies", "10.0.0.0/8"], []):
            with Server(BIN, args=args, log_level="info") as s:
                assert call(s, xff("203.0.113.7")) == 200
                s.stop()
                assert list(remotes(s).values()) == ["127.0.0.1"], (args, remotes(s))

    def test_rate_limit_per_forwarded_client(self):
        args = ["--trusted-proxies", "127.0.0.0/8", "--rate-limit", "0.001", "--rate-burst", str(BURST)]
        with Server(BIN, args=args) as s:
            a, b = xff("203.0.113.7"), xff("203.0.113.8")
            assert [call(s, a) for _ in range(BURST + 1)] == [200] * BURST + [429]
            assert call(s, b) == 200  # another client behind the same balancer: its own bucket
            assert call(s, xff("198.51.100.9, 203.0.113.7")) == 429  # a forged left entry changes nothing
        args = ["--rate-limit", "0.001", "--rate-burst", str(BURST)]
        with Server(BIN, args=args) as s:  # without the flag: one bucket, the peer's
            assert [call(s, xff(f"203.0.113.{i}")) for i in range(BURST + 1)] == [200] * BURST + [429]

    def test_bad_list_refused_at_start(self):
        r = subprocess.run([BIN, "--port", "0", "--trusted-proxies", "10.0.0.0/33"], capture_output=True,
                           timeout=30)
        assert r.returncode != 0 and b"--trusted-proxies" in r.stdout + r.stderr, r


if __name__ == "__main__":
    T().run()
