#!/usr/bin/env python3
"""functools.reduce and builtins.map on a live pystd, beyond the conformance corpus (ctest
conformance.functools, which holds the differential cases): the size caps (configurable)
and the behaviours a recorded case can't show."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
R = "/v1/functools/reduce"
M = "/v1/builtins/map"


def error(body):
    return (body or {}).get("error", {})


class FunctoolsTests(Tests):
    def __init__(self, srv):
        self.s = srv

    def test_size_caps(self):
        for fn, it, what in [("operator.pow", [2, 10 ** 12], "pow"), ("operator.mul", ["ab", 10 ** 12], "mul"),
                             ("operator.lshift", [1, 10 ** 20], "lshift"), ("builtins.round", [5, -10 ** 7], "round")]:
            st, body = self.s.post(R, {"function": fn, "iterable": it})
            assert st == 422 and error(body) == {"type": "ResourceLimitError",
                                                 "message": f"{what} result too large"}, (fn, st, body)
        st, body = self.s.post(M, {"function": {"partial": "str.zfill", "args": ["1"]}, "iterables": [[10 ** 9]]})
        assert st == 422 and error(body)["type"] == "ResourceLimitError", body
        st, body = self.s.post(M, {"function": "math.factorial", "iterables": [[5, 50001]]})
        assert st == 422 and error(body)["message"] == "factorial result too large", body

    def test_complex_has_no_json_form(self):
        st, body = self.s.post(R, {"function": "operator.pow", "iterable": [-8, 0.5]})
        assert st == 422 and error(body) == {"type": "TypeError", "message": "no JSON form for complex"}, body
        # in the middle of a reduce a complex is an ordinary value: the next error wins
        st, body = self.s.post(R, {"function": "operator.pow", "iterable": [-8, 0.5, "x"]})
        assert st == 422 and error(body)["message"] == \
            "unsupported operand type(s) for ** or pow(): 'complex' and 'str'", body

    def test_reduce_accumulates_strings_and_lists(self):
        st, body = self.s.post(R, {"function": "operator.add", "iterable": ["ab", "", "é", "\U0001d11e"] * 3000})
        assert st == 200 and body["result"] == "abé\U0001d11e" * 3000
        st, body = self.s.post(R, {"function": "operator.concat", "iterable": [[1], [], [2, "x"]] * 2000,
                                   "initializer": [0]})
        assert st == 200 and body["result"] == [0] + [1, 2, "x"] * 2000
        st, body = self.s.post(R, {"function": "operator.add", "iterable": [[1], "x"]})
        assert st == 422 and error(body)["message"] == 'can only concatenate list (not "str") to list'

    def test_map_zips_to_the_shortest(self):
        st, body = self.s.post(M, {"function": "operator.add", "iterables": ["abc", ["x", "y"], {"k": 1, "l": 2}]})
        assert st == 422  # operator.add takes 2 arguments
        st, body = self.s.post(M, {"function": "builtins.max", "iterables": [[1, 5, 9], "ab", [3, 2]]})
        assert st == 422 and error(body)["message"] == "'>' not supported between instances of 'str' and 'int'"
        st, body = self.s.post(M, {"function": "builtins.min", "iterables": [[1, 5, 9], [3, 2]]})
        assert (st, body) == (200, {"result": [1, 2]})

    def test_bad_function_specs_are_400(self):
        for spec in ["os.system", "builtins.eval", 5, ["operator.add"], {"partial": "operator.add", "x": 1},
                     {"partial": "operator.add", "args": 1}, {"partial": {"partial": "operator.add"}}]:
            st, body = self.s.post(R, {"function": spec, "iterable": [1, 2]})
            assert st == 400 and error(body)["type"] == "BadRequest", (spec, st, body)

    def test_get_is_not_allowed(self):
        st, _ = self.s.get(R + "?function=operator.add")
        assert st == 405


class LimitTests(Tests):
    """The caps follow --max-int-bits and --max-seq-len."""

    def __init__(self, srv):
        self.s = srv

    def test_configured_caps(self):
        st, body = self.s.post(R, {"function": "operator.pow", "iterable": [2, 5000]})
        assert st == 422 and error(body)["message"] == "pow result too large", body
        st, body = self.s.post(R, {"function": "operator.pow", "iterable": [2, 900]})
        assert st == 200 and body["result"] == 2 ** 900
        st, body = self.s.post(M, {"function": "operator.mul", "iterables": [["abc"], [400]]})
        assert st == 422 and error(body)["message"] == "mul result too large", body
        st, body = self.s.post(M, {"function": "operator.add", "iterables": [list(range(1200)), list(range(1200))]})
        assert st == 422 and error(body)["message"] == "map result too large", body


if __name__ == "__main__":
    with Server(BIN) as srv:
        t = FunctoolsTests(srv)
        names = [n for n in dir(t) if n.startswith("test_")]
        failed = 0
        for n in names:
            try:
                getattr(t, n)()
                print(f"PASS {n}")
            except Exception as e:  # noqa: BLE001
                failed += 1
                print(f"FAIL {n}: {type(e).__name__}: {e}")
    with Server(BIN, args=["--max-int-bits", "1000", "--max-seq-len", "1000"]) as srv:
        t = LimitTests(srv)
        try:
            t.test_configured_caps()
            print("PASS test_configured_caps")
        except Exception as e:  # noqa: BLE001
            failed += 1
            print(f"FAIL test_configured_caps: {type(e).__name__}: {e}")
    print(f"{len(names) + 1 - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
