"""json module over HTTP, beyond the conformance corpus (ctest conformance.json, which
holds the differential cases: random and corrupted documents, every dumps keyword):
float repr round trips, the nesting caps, indent overflow, big values."""
import json
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

if hasattr(sys, 'set_int_max_str_digits'):
    sys.set_int_max_str_digits(0)

BIN = bin_from_argv()


class JsonTests(Tests):
    def __init__(self, server):
        self.s = server

    def call(self, fn, args=None, body=None):
        if body is not None:
            st, parsed, _h, _d = self.s.request("POST", "/v1/json/" + fn, body.encode("utf-8", "surrogatepass"))
            return st, parsed
        data = json.dumps(args).encode()  # ensure_ascii: lone surrogates travel as escapes
        st, parsed, _h, _d = self.s.request("POST", "/v1/json/" + fn, data)
        return st, parsed

    def test_float_repr_round_trips(self):
        """Floats of every magnitude written by dumps read back exactly, in the short
        form (the digits themselves: tests/unit/test_float_repr.c and the corpus)."""
        rng = random.Random(6)
        xs = [rng.random() * 10 ** rng.randrange(-320, 300) for _ in range(2000)]
        xs += [math.ldexp(rng.random(), rng.randrange(-1074, 1024)) for _ in range(2000)]
        xs += [0.1, 1e16, 1e-7, 5e-324, -0.0, 1.7976931348623157e308]
        st, body = self.call("dumps", {"obj": xs})
        assert st == 200, body
        back = json.loads(body["result"])
        assert len(back) == len(xs) and all(math.copysign(1, a) == math.copysign(1, b) and a == b
                                            for a, b in zip(xs, back)), body["result"][:300]
        words = body["result"].strip("[]").split(", ")
        assert all(len(w.lstrip("-").replace(".", "").split("e")[0].strip("0")) <= 17 for w in words)
        assert words[-6:] == ["0.1", "1e+16", "1e-07", "5e-324", "-0.0", "1.7976931348623157e+308"], words[-6:]

    def test_depth(self):
        for n in (200, 900):
            st, body = self.call("loads", {"s": "[" * n + "]" * n})
            assert st == 200, (n, st)
            st, body = self.call("dumps", body='{"obj": ' + "[" * n + "]" * n + ', "indent": 1}')
            assert st == 200, (n, st)
        st, body = self.call("loads", {"s": "[" * 100000})
        assert st == 422 and body["error"]["type"] == "ResourceLimitError", body
        st, body = self.call("loads", {"s": '{"a":' * 100000})
        assert st == 422 and body["error"]["type"] == "ResourceLimitError", body
        st, body = self.call("dumps", body='{"obj": ' + "[" * 100000 + "}")
        assert st == 400, body

    def test_indent_overflow_and_argument_order(self):
        # ' ' * indent: beyond Py_ssize_t of either sign is OverflowError (CPython 3.11.7's words)
        want = (422, {"error": {"type": "OverflowError", "message": "cannot fit 'int' into an index-sized integer"}})
        for n in (10 ** 20, -10 ** 20, -2 ** 63 - 1, 2 ** 63):
            for obj in ([1], {}, 1, None):
                got = self.call("dumps", {"obj": obj, "indent": n})
                assert got == want, (n, obj, want, got)
            got = self.call("dumps", {"obj": "x", "indent": n})  # a str never reaches the indent
            assert got == (200, {"result": '"x"'}), got
        # the service checks the separators type (400) before json.dumps runs
        for sep in ([","], [1, 2], [",", ":", ";"]):
            st, body = self.call("dumps", {"obj": [1], "indent": 10 ** 20, "separators": sep})
            assert st == 400, (sep, st, body)

    def test_big_values(self):
        n = 10 ** 5000 + 7
        st, body = self.call("loads", {"s": str(n)})
        assert st == 200 and body["result"] == n
        st, body = self.call("dumps", body='{"obj": [%d, %d]}' % (n, -n))
        assert st == 200 and body["result"] == "[%d, %d]" % (n, -n)
        s = "é\ud83d\ude00\"\\" * 50000         # on the wire the two escapes make one astral code point
        st, body = self.call("dumps", {"obj": s})
        assert st == 200 and body["result"] == '"' + '\\u00e9\\ud83d\\ude00\\"\\\\' * 50000 + '"', body["result"][:100]


if __name__ == "__main__":
    with Server(BIN) as srv:
        JsonTests(srv).run()
