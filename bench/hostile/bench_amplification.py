#!/usr/bin/env python3
"""Amplification cases, timed: each small request whose answer would pass a
cap by far (tests/hostile/test_amplification.py's families, here sized for
the DEFAULT caps -- quote, unicode_escape and xmlcharrefreplace cannot pass
--max-result-bytes from a body under --max-body, so they are only in the test: --max-result-bytes 64M, --max-items 1000000, ...) must
answer 422 within 1 s; printed with the time and the RSS it took, then
/healthz on a new connection right after.

    python3 bench/hostile/bench_amplification.py [--bin build/pystd] [--repeat 3]

Target (printed, not asserted): every case 422 in < 1 s; never a 5xx.
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests", "hostile"))
import benchlib as B  # noqa: E402
import load as L  # noqa: E402

NEST = json.loads("[" * 500 + "]" * 500)
T = [2024, 2, 29, 12, 0, 0, 3, 60, 0]
CASES = {
    "re.sub template": ("/v1/re/sub", {"pattern": "a+", "repl": "\\g<0>" * 20000, "string": "a" * 5000 + "b" * 2000}),
    "re.sub empty matches": ("/v1/re/sub", {"pattern": "", "repl": "x" * 100000, "string": "a" * 2000}),
    "re.subn template": ("/v1/re/subn", {"pattern": ".", "repl": "\\g<0>" * 10000, "string": "ab" * 5000}),
    "re.findall list": ("/v1/re/findall", {"pattern": "", "string": "a" * 1000001}),
    "re.finditer matches": ("/v1/re/finditer", {"pattern": "(a)(b)?(c)?", "string": "a" * 900000}),
    "re.split list": ("/v1/re/split", {"pattern": "(a)", "string": "a" * 1000001}),
    "urlencode doseq": ("/v1/urllib/parse/urlencode", {"query": {"k" * 20000: [""] * 20000}, "doseq": True}),
    "str % padding": ("/v1/functools/reduce", {"function": "operator.mod", "iterable": ["%2000000000d", 1]}),
    "str * repetition": ("/v1/functools/reduce", {"function": "operator.mul", "iterable": ["ab", 10 ** 9]}),
    "zfill padding": ("/v1/builtins/map", {"function": "str.zfill", "iterables": [["1"], [2 * 10 ** 9]]}),
    "str.join separator": ("/v1/builtins/map", {"function": "str.join", "iterables": [["x" * 100000], [["a"] * 100000]]}),
    "str.replace growth": ("/v1/builtins/map",
                           {"function": "str.replace", "iterables": [["a" * 100000], ["a"], ["b" * 100000]]}),
    "map results": ("/v1/builtins/map", {"function": "operator.mul", "iterables": [["abcdefgh"] * 2000, [10 ** 6] * 2000]}),
    "json.dumps indent": ("/v1/json/dumps", {"obj": NEST, "indent": 100000}),
    "codecs namereplace": ("/v1/codecs/encode", {"obj": "\u4e00" * 3000000, "encoding": "ascii", "errors": "namereplace"}),
    "random.choices k": ("/v1/random/choices", {"population": [1], "k": 10 ** 9, "seed": 1}),
    "random.gauss n": ("/v1/random/gauss", {"n": 10 ** 9, "seed": 1}),
    "random.randbytes n": ("/v1/random/randbytes", {"n": 10 ** 8, "seed": 1}),
    "time.strftime": ("/v1/time/strftime", {"format": "%c" * 3000000, "t": T}),
    "int pow": ("/v1/functools/reduce", {"function": "operator.pow", "iterable": [10, 10 ** 8]}),
    "int factorial": ("/v1/builtins/map", {"function": "math.factorial", "iterables": [[10 ** 7]]}),
    "int from str": ("/v1/builtins/map", {"function": "builtins.int", "iterables": [["9" * 5000000]]}),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", help="pystd binary (default build/pystd)")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    if a.bin:
        os.environ["PYSTD_BIN"] = a.bin
    ps = B.start_pystd()
    res = {"bin": B.pystd_bin(), "cases": {}}
    worst = 0.0
    try:
        for name, (path, body) in CASES.items():
            data = json.dumps(body, ensure_ascii=False).encode()
            times, codes = [], set()
            with open(f"/proc/{ps.proc.pid}/clear_refs", "w") as f:
                f.write("5")  # VmHWM from here
            before = ps.rss_kib()
            for _ in range(a.repeat):
                t0 = time.monotonic()
                try:
                    st, d, _h = L.request(ps.port, "POST", path, data, timeout=300)
                    codes.add(f"{st} {L.error_type(d) or ''}".strip())
                except OSError as e:
                    codes.add(type(e).__name__)
                times.append(time.monotonic() - t0)
            hz, _d, _h = L.request(ps.port, "GET", "/healthz")
            grew = (L.rss_kib(ps.proc.pid, "VmHWM") - before) / 1024
            worst = max(worst, max(times))
            res["cases"][name] = {"seconds": times, "status": sorted(codes), "rss_growth_mib": grew,
                                  "body_bytes": len(data), "healthz": hz}
            print(f"  {name:<26} {len(data) / 1e6:6.2f} MB -> {', '.join(sorted(codes)):<26} "
                  f"max {max(times) * 1e3:8.1f} ms  RSS +{grew:6.1f} MiB  healthz {hz}", flush=True)
    finally:
        ps.stop()
    bad = [n for n, c in res["cases"].items() if c["status"] != ["422 ResourceLimitError"]]
    print(f"  slowest {worst * 1e3:.0f} ms (target < 1000 ms); not 422 ResourceLimitError: {bad or 'none'}")
    print("  saved", B.save("hostile_amplification", res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
