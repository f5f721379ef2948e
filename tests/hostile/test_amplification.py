#!/usr/bin/env python3
"""Amplification: one small request per operation family whose answer would
be far larger than the request (templates, doseq, repetition, padding,
indent, expanding codecs, joins, draws, map/reduce, strftime, int
conversions), and the CPU-bound loops that must stop at
--max-request-seconds.  Each must answer 422 ResourceLimitError (never a
5xx, never a dropped connection) and leave the server answering.  The
server runs with small caps so that the requests stay small; the time each
took is printed, not asserted (bench/hostile/ has the figures)."""
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
sys.path.insert(0, HERE)
from harness import Server, Tests, bin_from_argv  # noqa: E402
import load as L  # noqa: E402

BIN = bin_from_argv()
CAPS = ["--max-result-bytes", "1M", "--max-items", "10000", "--max-seq-len", "1M"]

NEST = json.loads("[" * 100 + "]" * 100)

# family -> (path, body): each answer would pass --max-result-bytes (1 MiB),
# --max-items (10000) or an int cap by far.
CASES = {
    "re.sub template": ("/v1/re/sub", {"pattern": "a", "repl": "\\g<0>" * 2000, "string": "a" * 1000}),
    "re.subn empty matches": ("/v1/re/subn", {"pattern": "", "repl": "xyz" * 1000, "string": "a" * 1000}),
    "re.sub group template": ("/v1/re/sub", {"pattern": "(a)(b)", "repl": "\\2\\1" * 3000, "string": "ab" * 500}),
    "re.findall list": ("/v1/re/findall", {"pattern": "", "string": "a" * 20000}),
    "re.finditer matches": ("/v1/re/finditer", {"pattern": "(a)" + "(b)?" * 20, "string": "a" * 9000}),
    "re.split list": ("/v1/re/split", {"pattern": "", "string": "a" * 20000}),
    "urlencode doseq": ("/v1/urllib/parse/urlencode", {"query": {"k" * 1000: [""] * 4000}, "doseq": True}),
    "quote expansion": ("/v1/urllib/parse/quote", {"string": "\u00e9" * 400000}),
    "str % padding": ("/v1/functools/reduce", {"function": "operator.mod", "iterable": ["%2000000d", 1]}),
    "str * repetition": ("/v1/functools/reduce", {"function": "operator.mul", "iterable": ["ab", 1000000]}),
    "zfill padding": ("/v1/builtins/map", {"function": "str.zfill", "iterables": [["1"], [2000000]]}),
    "str.join separator": ("/v1/builtins/map", {"function": "str.join", "iterables": [["x" * 1000], [["a"] * 2000]]}),
    "str.replace growth": ("/v1/builtins/map",
                           {"function": "str.replace", "iterables": [["a" * 2000], ["a"], ["b" * 1000]]}),
    "map results": ("/v1/builtins/map", {"function": "operator.mul", "iterables": [["ab"] * 100, [50000] * 100]}),
    "reduce concat": ("/v1/functools/reduce", {"function": "operator.concat", "iterable": ["x" * 20000] * 100}),
    "json.dumps indent": ("/v1/json/dumps", {"obj": NEST, "indent": 10000}),
    "codecs unicode_escape": ("/v1/codecs/encode", {"obj": "\x01" * 300000, "encoding": "unicode_escape"}),
    "codecs namereplace": ("/v1/codecs/encode", {"obj": "\u4e00" * 40000, "encoding": "ascii", "errors": "namereplace"}),
    "codecs backslashreplace": ("/v1/codecs/encode",
                                {"obj": "\U0001F600" * 120000, "encoding": "ascii", "errors": "backslashreplace"}),
    "codecs xmlcharrefreplace": ("/v1/codecs/encode",
                                 {"obj": "\U0001F600" * 130000, "encoding": "ascii", "errors": "xmlcharrefreplace"}),
    "random.choices k": ("/v1/random/choices", {"population": [1, 2], "k": 10 ** 6, "seed": 1}),
    "random.gauss n": ("/v1/random/gauss", {"n": 20000, "seed": 1}),
    "random.randbytes n": ("/v1/random/randbytes", {"n": 2 * 10 ** 6, "seed": 1}),
    "random.getrandbits k": ("/v1/random/getrandbits", {"k": 10 ** 8, "seed": 1}),
    "random.sample k": ("/v1/random/sample", {"population": list(range(20000)), "k": 20000, "seed": 1}),
    "time.strftime": ("/v1/time/strftime", {"format": "%c" * 100000, "t": [2024, 2, 29, 12, 0, 0, 3, 60, 0]}),
    "int pow": ("/v1/functools/reduce", {"function": "operator.pow", "iterable": [10, 10 ** 7]}),
    "int lshift": ("/v1/functools/reduce", {"function": "operator.lshift", "iterable": [1, 10 ** 9]}),
    "int factorial": ("/v1/builtins/map", {"function": "math.factorial", "iterables": [[10 ** 6]]}),
    "int from str": ("/v1/builtins/map", {"function": "builtins.int", "iterables": [["9" * 200000]]}),
}

# CPU-bound loops on small inputs that run past --max-request-seconds (0.2 s
# here): the deadline must stop them, naming the flag.
DEADLINE = ["--max-request-seconds", "0.2", "--re-time-limit", "30"]
SLOW = {
    # O(n) steps at each of n start positions: about 4 s unbounded
    "re quadratic search": ("/v1/re/search", {"pattern": r"\w+\d", "string": "a" * 30000}),
    "re quadratic findall": ("/v1/re/findall", {"pattern": r"\w+\d", "string": "a" * 30000}),
}


def send(port, path, body):
    data = json.dumps(body, ensure_ascii=False).encode()
    t0 = time.monotonic()
    st, raw, _h = L.request(port, "POST", path, data, timeout=120)
    return st, raw, time.monotonic() - t0, len(data)


def check_limit(srv, name, path, body, message=None):
    st, raw, dt, n = send(srv.port, path, body)
    try:
        err = json.loads(raw).get("error") or {}
    except ValueError:
        err = {}
    print(f"    {name:<26} {n:>8} B -> {st} {err.get('type')} in {dt * 1e3:8.1f} ms: {err.get('message', '')[:70]}")
    assert st == 422 and err.get("type") == "ResourceLimitError", (name, st, raw[:200])
    if message:
        assert message in err.get("message", ""), (name, err)
    h = srv.get("/healthz")
    assert h == (200, {"status": "ok"}), (name, h)


class Amplification(Tests):
    def __init__(self, srv, slow):
        self.s, self.slow = srv, slow

    def test_every_family_422(self):
        failed = []
        for name, (path, body) in CASES.items():
            try:
                check_limit(self.s, name, path, body)
            except AssertionError as e:
                failed.append(str(e)[:300])
        print(f"    RSS after the cases: {L.rss_kib(self.s.proc.pid) / 1024:.1f} MiB, "
              f"peak {L.rss_kib(self.s.proc.pid, 'VmHWM') / 1024:.1f} MiB")
        assert not failed, failed

    def test_cpu_loops_stop_at_the_deadline(self):
        failed = []
        for name, (path, body) in SLOW.items():
            try:
                check_limit(self.slow, name, path, body, "--max-request-seconds")
            except AssertionError as e:
                failed.append(str(e)[:300])
        assert not failed, failed

    def test_same_requests_concurrently(self):
        """All the cases at once from 8 clients: still each a 422, the server alive."""
        import concurrent.futures as cf
        items = list(CASES.items()) * 2
        with cf.ThreadPoolExecutor(8) as ex:
            res = list(ex.map(lambda kv: (kv[0], send(self.s.port, *kv[1])[0]), items))
        bad = [(n, st) for n, st in res if st != 422]
        assert not bad, bad
        assert self.s.get("/healthz")[0] == 200

    def test_metrics_count_the_trips(self):
        m = L.metrics(self.slow.port)
        assert m.get("pystd_request_deadline_exceeded_total", 0) >= 1, m.get("pystd_request_deadline_exceeded_total")


if __name__ == "__main__":
    with Server(BIN, args=CAPS) as s, Server(BIN, args=DEADLINE) as slow:
        Amplification(s, slow).run()
