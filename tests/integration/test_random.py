#!/usr/bin/env python3
"""random over HTTP, beyond the conformance corpus (ctest conformance.random, which holds
the differential cases, extreme arguments included): the GET envelope, state
continuity and the 422 caps.  Expected values are CPython 3.11.7's, written down."""
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
sys.set_int_max_str_digits(0)


class RandomTests(Tests):
    def __init__(self, server, small):
        self.s, self.small = server, small

    def test_get_query_coercion(self):
        st, b = self.s.post("/v1/random/random", {"seed": "abc", "n": 2})
        st2, b2 = self.s.get("/v1/random/random?seed=%22abc%22&n=2")
        assert st == st2 == 200 and b == b2, (b, b2)
        # CPython 3.11.7: random.Random(42).randint(1, 6), random.Random(7).uniform(1, 2.5)
        st, b = self.s.post("/v1/random/randint", {"a": 1, "b": 6, "seed": 42})
        st2, b2 = self.s.get("/v1/random/randint?a=1&b=6&seed=42")
        assert st == st2 == 200 and b == b2 == {"result": 6}, (b, b2)
        st, b = self.s.get("/v1/random/uniform?a=1&b=2.5&seed=7")
        assert b == {"result": 1.4857491472497435}, b
        st, b = self.s.get("/v1/random/random?seed=abc")  # not JSON text
        assert st == 400, (st, b)
        st, b = self.s.get("/v1/random/choice?seq=%5B1%5D")
        assert st == 405, (st, b)
        # a state as the service returns it, sent back as JSON text in the query
        st, b = self.s.post("/v1/random/getrandbits", {"seed": 5, "k": 0, "return_state": True})
        assert st == 200 and len(b["state"][1]) == 625, b
        q = urllib.parse.urlencode({"state": json.dumps(b["state"])})
        st, b = self.s.get("/v1/random/random?" + q)
        assert b == {"result": 0.6229016948897019}, b           # random.Random(5).random()

    def test_state_continues(self):
        st, b = self.s.post("/v1/random/gauss", {"seed": 3, "return_state": True})
        st, b2 = self.s.post("/v1/random/gauss", {"state": b["state"], "n": 2, "return_state": True})
        st, b3 = self.s.post("/v1/random/gauss", {"seed": 3, "n": 3, "return_state": True})
        assert [b["result"]] + b2["result"] == b3["result"] and b2["state"] == b3["state"], (b, b2, b3)
        v, words, g = b3["state"]
        assert v == 3 and len(words) == 625 and isinstance(g, float), b3["state"]   # gauss keeps its pair

    def test_limits_422(self):
        s = self.small
        for path, body in [("random", {"seed": 1, "n": 101}),
                           ("choices", {"seed": 1, "population": [1], "k": 101}),
                           ("sample", {"seed": 1, "population": [1], "counts": [1000], "k": 101}),
                           ("shuffle", {"seed": 1, "x": list(range(60)), "n": 2}),
                           ("getrandbits", {"seed": 1, "k": 8 * 4096 + 1}),
                           ("randbytes", {"seed": 1, "n": 4097}),
                           ("choices", {"seed": 1, "population": ["x" * 1000], "k": 5}),
                           ("choice", {"seed": 1, "seq": ["x" * 1000], "n": 5})]:
            st, b = s.post("/v1/random/" + path, body)
            assert st == 422 and b["error"]["type"] == "ResourceLimitError", (path, st, b)
        # at the caps: fine
        st, b = s.post("/v1/random/random", {"seed": 1, "n": 100})
        assert st == 200 and len(b["result"]) == 100
        st, b = s.post("/v1/random/randbytes", {"seed": 1, "n": 4096})
        assert st == 200
        # Python's own error comes first, before a cap
        st, b = s.post("/v1/random/randrange", {"seed": 1, "start": 0, "n": 10**30})
        assert st == 422 and b["error"] == {"type": "ValueError", "message": "empty range for randrange()"}, b
        st, b = s.post("/v1/random/choices", {"seed": 1, "population": [], "k": 10**6})
        assert b["error"]["type"] == "IndexError", b


def main():
    with Server(BIN) as s, Server(BIN, args=["--max-items", "100", "--max-result-bytes", "4096"]) as small:
        RandomTests(s, small).run()


if __name__ == "__main__":
    main()
