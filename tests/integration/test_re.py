#!/usr/bin/env python3
"""The re module of a live pystd beyond the conformance corpus (ctest conformance.re): GET forms, the cache
in /metrics and the OpenAPI document, bytes patterns (GET values stay str, their own cache
entries, the limits), and the limits (a catastrophic pattern answers 422 and the service keeps
answering meanwhile)."""
import json
import os
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()


class ReTests(Tests):
    def __init__(self, s):
        self.s = s

    def test_get_forms(self):
        q = urllib.parse.urlencode({"pattern": r"(?P<d>\d+)", "string": "ab 12 cd", "flags": '["I"]'})
        st, body = self.s.get("/v1/re/search?" + q)
        assert st == 200 and body["result"]["groupdict"] == {"d": "12"}, body
        st, body = self.s.get("/v1/re/findall?" + urllib.parse.urlencode({"pattern": "x*", "string": "abxd"}))
        assert st == 200 and body["result"] == ["", "", "x", "", ""], body
        st, body = self.s.get("/v1/re/sub?" + urllib.parse.urlencode({"pattern": "x*", "repl": "-", "string": "abxd"}))
        assert st == 200 and body["result"] == "-a-b--d-", body
        st, body = self.s.get("/v1/re/compile?pattern=a&flags=512")
        assert st == 400 and body["error"]["type"] == "BadRequest", body

    def test_required_literals(self):
        """A character every match must consume, absent from the string: the answer without
        a scan (core/re/re_required.c), each op's own 'no match' -- and still every check first.
        Expected values are CPython 3.11.7's (python3 -c ...), written out."""
        s = "no at sign here " * 1000
        cases = [
            ("search", {"pattern": r"[\w.]+@\w+", "string": s}, None),
            ("findall", {"pattern": r"(\w)@", "string": s}, []),
            ("sub", {"pattern": r"\w+@", "repl": "X", "string": s}, s),
            ("subn", {"pattern": r"\w+@", "repl": "X", "string": s}, [s, 0]),
            ("split", {"pattern": "@", "string": s}, [s]),
            ("split", {"pattern": "@", "string": s, "maxsplit": 1}, [s]),
            ("fullmatch", {"pattern": r".*@.*", "string": s}, None),
            # a catastrophic pattern whose '@' is absent: CPython's answer, at once
            ("search", {"pattern": r"(a+)+@", "string": "a" * 40}, None),
            # no shortcut where the character may match otherwise
            ("search", {"pattern": "(?i)Q", "string": "xq"}, "q"),
            ("search", {"pattern": "a|@", "string": "xa"}, "a"),
            ("search", {"pattern": "(?=@)|b", "string": "b"}, "b"),
            ("search", {"pattern": r"\x40|c", "string": "c"}, "c"),
        ]
        for op, args, want in cases:
            st, body = self.s.post("/v1/re/" + op, args)
            assert st == 200, (op, args["pattern"], body)
            got = body["result"]["group"] if isinstance(body["result"], dict) else body["result"]
            assert got == want, (op, args["pattern"], str(got)[:100])
        # the checks still come first: a bad template is an error even when nothing matches
        st, body = self.s.post("/v1/re/sub", {"pattern": "@", "repl": "\\9", "string": s})
        assert st == 422 and body["error"]["message"] == "invalid group reference 9 at position 1", body

    def test_errors(self):
        st, body = self.s.post("/v1/re/compile", {"pattern": "(?<!"})
        assert st == 422 and body["error"] == {"type": "re.error", "message": "missing ), unterminated subpattern at position 0", "pos": 0}, body
        st, body = self.s.post("/v1/re/sub", {"pattern": "(a)", "repl": "\\3", "string": "a"})
        assert st == 422 and body["error"]["message"] == "invalid group reference 3 at position 1", body
        st, body = self.s.post("/v1/re/compile", {"pattern": "(?<=a|bc)"})
        assert st == 422 and body["error"]["pos"] is None, body

    def test_cache_metrics_openapi(self):
        assert self.s.get("/v1/re/purge")[0] == 200
        for _ in range(3):
            self.s.post("/v1/re/search", {"pattern": "metrics-probe", "string": "x"})
        st, body = self.s.get("/v1/re/cache_info")
        assert body["result"] == {"hits": 2, "misses": 1, "maxsize": 512, "currsize": 1}, body
        _st, _p, _h, text = self.s.request("GET", "/metrics")
        text = text.decode()
        for line in ("pystd_regex_cache_hits_total 2", "pystd_regex_cache_misses_total 1", "pystd_regex_cache_size 1"):
            assert line in text, text[-2000:]
        st, doc = self.s.get("/openapi.json")
        assert "Match" in doc["components"]["schemas"], list(doc["components"]["schemas"])
        res = doc["paths"]["/v1/re/search"]["post"]["responses"]["200"]["content"]["application/json"]
        assert "Match" in json.dumps(res), res

    def test_bytes(self):
        # a GET value is always the str, even one that reads as {"$bytes"}
        # (read as bytes it would be a TypeError on the str string)
        q = urllib.parse.urlencode({"pattern": '{"$bytes": "YQ=="}', "string": "abc"})
        st, body = self.s.get("/v1/re/search?" + q)
        assert st == 200 and body["result"] is None, body
        # str and bytes patterns of the same text are two cache entries
        assert self.s.get("/v1/re/purge")[0] == 200
        st, body = self.s.post("/v1/re/search", {"pattern": "b+", "string": "abb"})
        assert st == 200 and body["result"]["group"] == "bb", body
        st, body = self.s.post("/v1/re/search", {"pattern": {"$bytes": "Yis="}, "string": {"$bytes": "YWJi"}})
        assert st == 200 and body["result"]["group"] == {"$bytes": "YmI="} and body["result"]["span"] == [1, 3], body
        st, body = self.s.get("/v1/re/cache_info")
        assert body["result"]["misses"] == 2 and body["result"]["currsize"] == 2, body
        # a catastrophic bytes pattern meets the same limits
        st, body = self.s.post("/v1/re/search", {"pattern": {"$bytes": "KGErKSsk"}, "string": {"$bytes": "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYSE="}})
        assert st == 422 and body["error"]["type"] == "ResourceLimitError", body
        st, doc = self.s.get("/openapi.json")
        schema = json.dumps(doc["paths"]["/v1/re/search"]["post"])
        assert "oneOf" in schema and "Bytes" in schema, schema[:500]

    def test_limits(self):
        st, body = self.s.post("/v1/re/search", {"pattern": "(a+)+$", "string": "a" * 40 + "!"})
        assert st == 422 and body["error"]["type"] == "ResourceLimitError", body
        # heavy work at every start position: the time limit (0.5 s here), while
        # other requests are answered
        done = []

        def heavy():
            done.append(self.s.post("/v1/re/search", {"pattern": r"(?:\w+\s)+\d", "string": "word " * 100000},
                                    timeout=60))

        t = threading.Thread(target=heavy)
        t.start()
        for _ in range(5):
            st, body = self.s.post("/v1/re/escape", {"pattern": "a.b"})
            assert st == 200 and body["result"] == "a\\.b", body
        t.join(60)
        assert done and done[0][0] == 422 and done[0][1]["error"]["type"] == "ResourceLimitError", done
        # few steps, each a long scan: a look-ahead that runs 5,000 characters at every one of
        # 4 million start positions stays far under the match limit (tens of seconds of work on
        # any machine); the search, done by windows of start positions, ends at the time limit
        # (a server of its own in the default configuration: a fresh one takes the first scan)
        with Server(BIN) as fresh:
            st, body = fresh.post("/v1/re/search", {"pattern": "x(?=x{0,5000}[yz])", "string": "x" * 4000000},
                                  timeout=120)
            assert st == 422 and body["error"]["type"] == "ResourceLimitError", (st, body)
            # ... also where the costly positions come after cheap ones, each scanning to the end
            st, body = fresh.post("/v1/re/search", {"pattern": "x(?=x*[yz])", "string": "a" * 2000000 + "x" * 2000000},
                                  timeout=120)
            assert st == 422 and body["error"]["type"] == "ResourceLimitError", (st, body)
            # ... and a search that finds its match far into a long subject is unchanged
            st, body = fresh.post("/v1/re/search", {"pattern": "x(?=x{0,50}y)", "string": "x" * 3000000 + "y"},
                                  timeout=60)
            assert st == 200 and body["result"]["span"] == [2999949, 2999950], (st, str(body)[:300])
        # a look-behind wider than PCRE2's read again at every position: a budget of characters
        st, body = self.s.post("/v1/re/search", {"pattern": "(?<=x{70000}y)", "string": "x" * 300000}, timeout=60)
        assert st == 422 and body["error"]["type"] == "ResourceLimitError", body
        # ... that a look-behind met once (test_re's test_look_behind_overflow) stays far below
        # (its own server: the time limit of this one is not what is tested, and a sanitizer is slow)
        with Server(BIN, args=["--re-time-limit", "120", "--max-request-seconds", "120"]) as slow:
            st, body = slow.post("/v1/re/search", {"pattern": "(?<=((.{128}){128}){128})", "string": "x" * 2500000},
                                 timeout=300)
        assert st == 200 and body["result"]["span"] == [2 ** 21, 2 ** 21], (st, str(body)[:200])


if __name__ == "__main__":
    with Server(BIN, args=["--re-time-limit", "0.5"]) as srv:
        ReTests(srv).run()
