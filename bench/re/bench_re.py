#!/usr/bin/env python3
"""Issues 3 and 18's measurement: the re module through pystd (HTTP, JSON, wrk)
against CPython's re doing the same work in-process, same machine, same run,
on a 1 MB mixed English/CJK text; and the time pystd takes to refuse a
catastrophic pattern.  CPython and pystd take turns (--rounds) so that both
see the same load; "CPU ratio" compares CPython's CPU time per call with
pystd's CPU time per request (HTTP and JSON included), which a busy machine
disturbs less than wall-clock throughput.

    python3 bench/re/bench_re.py [--duration 8] [--connections 2] [--size 1000000]

Operations: findall(r'\\w+') (about 148,000 results), sub(r'\\s+', ' '),
a failing search for an e-mail address (the text has no '@'), and, for
information, the same search with one '@' in the middle of the text (then
it must scan: no character is missing) and a failing search for a date.
Targets (printed, not asserted; issue 18): pystd's CPU ratio >= 5x on the
first three; (a+)+$ against 40 a's and '!' answers 422 in under 100 ms.
"""
import argparse
import http.client
import json
import os
import random
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import benchlib as B  # noqa: E402

WORDS = ("the of and to in is was for that with as on by at from this be are or an which it not "
         "regular expression engine python service request response pattern match search text").split()


def make_text(size, seed=3):
    """About `size` bytes of UTF-8: English words and runs of CJK ideographs, kana and
    punctuation, spaces and a newline now and then."""
    rng = random.Random(seed)
    parts, n = [], 0
    while n < size:
        k = rng.random()
        if k < 0.55:
            w = rng.choice(WORDS)
        elif k < 0.9:
            w = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(rng.randrange(1, 5)))
        elif k < 0.95:
            w = "".join(chr(rng.randrange(0x3041, 0x3096)) for _ in range(rng.randrange(2, 6)))
        else:
            w = rng.choice(["、", "。", "，", ",", ".", "—", "(x)", "42"])
        sep = "\n" if rng.random() < 0.02 else " "
        parts.append(w + sep)
        n += len((w + sep).encode())
    return "".join(parts)


def with_at(text):
    """The text with one '@' between two words in its middle: the e-mail search must then scan."""
    mid = text.index(" ", len(text) // 2)
    return text[:mid] + " @" + text[mid:]


OPS = [
    ("findall \\w+", "findall", {"pattern": r"\w+"}, lambda s: re.findall(r"\w+", s), True, None),
    ("sub \\s+ -> ' '", "sub", {"pattern": r"\s+", "repl": " "}, lambda s: re.sub(r"\s+", " ", s), True, None),
    ("search e-mail (fails)", "search", {"pattern": r"[\w.+-]+@[\w-]+\.\w+"},
     lambda s: re.search(r"[\w.+-]+@[\w-]+\.\w+", s), True, None),
    ("search e-mail, one '@'", "search", {"pattern": r"[\w.+-]+@[\w-]+\.\w+"},
     lambda s: re.search(r"[\w.+-]+@[\w-]+\.\w+", s), False, with_at),
    ("search date (fails)", "search", {"pattern": r"\d{4}-\d{2}-\d{2}"},
     lambda s: re.search(r"\d{4}-\d{2}-\d{2}", s), False, None),
]


def cpython_rate(fn, text, seconds):
    """-> (calls per wall second, CPU ms per call)"""
    fn(text)  # compile, warm up
    n, t0, c0 = 0, time.perf_counter(), time.process_time()
    while True:
        fn(text)
        n += 1
        el = time.perf_counter() - t0
        if el >= seconds and n >= 3:
            return n / el, (time.process_time() - c0) * 1e3 / n


def proc_cpu_ms(pid):
    """user + system CPU time of a process, ms"""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1e3 / os.sysconf("SC_CLK_TCK")


def catastrophic(url, n=20):
    host, port = url.replace("http://", "").split(":")
    c = http.client.HTTPConnection(host, int(port), timeout=30)
    body = json.dumps({"pattern": "(a+)+$", "string": "a" * 40 + "!"})
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        c.request("POST", "/v1/re/search", body=body, headers={"Content-Type": "application/json"})
        r = c.getresponse()
        data = r.read()
        out.append(((time.perf_counter() - t0) * 1e3, r.status, json.loads(data)["error"]["type"]))
    c.close()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=8)
    ap.add_argument("--connections", type=int, default=2)
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3, help="alternate CPython and pystd this many times per operation")
    ap.add_argument("--pystd-arg", action="append", default=[], help="extra pystd flag (repeatable)")
    a = ap.parse_args()
    text = make_text(a.size)
    nwords = len(re.findall(r"\w+", text))
    print(f"text: {len(text.encode()):,} bytes UTF-8, {len(text):,} code points; "
          f"findall \\w+ gives {nwords:,} items")
    ps = B.start_pystd(list(a.pystd_arg))
    res = {"size": a.size, "connections": a.connections, "duration": a.duration, "ops": {}}
    ok = True
    try:
        print(f"{'operation':<26} {'CPython re':>12} {'pystd HTTP':>12} {'ratio':>7} {'CPU ratio':>9}   p50 / p99 latency")
        for name, fn, args, pyfn, target, textfn in OPS:
            subject = textfn(text) if textfn else text
            body = json.dumps(dict(args, string=subject), ensure_ascii=False)
            B.wrk(ps.url, f"/v1/re/{fn}", body, connections=a.connections, threads=1, duration=1)  # warm-up
            # CPython and pystd take turns, so that both see the same load on a shared machine;
            # the ratio is the median of the rounds' ratios
            rounds = []
            for _ in range(a.rounds):
                py, py_cpu = cpython_rate(pyfn, subject, a.duration / 2 / a.rounds)
                c0 = proc_cpu_ms(ps.proc.pid)
                w = B.wrk(ps.url, f"/v1/re/{fn}", body, connections=a.connections, threads=1,
                          duration=max(1, a.duration // a.rounds))
                ps_cpu = (proc_cpu_ms(ps.proc.pid) - c0) / max(w["requests"], 1)
                rounds.append((w["rps"] / py if py else 0.0, py, w, py_cpu / ps_cpu if ps_cpu else 0.0))
            rounds.sort(key=lambda r: r[0])
            ratio, py, w, cpu_ratio = rounds[len(rounds) // 2]
            p50 = f"{w['p50_ms']:.1f}" if w.get("p50_ms") is not None else "-"
            p99 = f"{w['p99_ms']:.1f}" if w.get("p99_ms") is not None else "-"
            mark = ("ok" if cpu_ratio >= 5 else "BELOW 5x") if target else "(info)"
            print(f"{name:<26} {py:>9.1f}/s {w['rps']:>9.1f}/s {ratio:>6.1f}x {cpu_ratio:>8.1f}x   {p50} / {p99} ms"
                  f"   errors {w['errors']}  {mark}")
            res["ops"][name] = {"cpython_per_s": py, "pystd_rps": w["rps"], "ratio": ratio, "cpu_ratio": cpu_ratio,
                                "rounds": [r[0] for r in rounds], "p50_ms": w.get("p50_ms"),
                                "p99_ms": w.get("p99_ms"), "errors": w["errors"]}
            ok = ok and (cpu_ratio >= 5 or not target) and all(r[2]["errors"] == 0 for r in rounds)
        cat = catastrophic(ps.url)
        lat = [x[0] for x in cat]
        kinds = {(x[1], x[2]) for x in cat}
        print(f"(a+)+$ on 'a'*40+'!': {sorted(kinds)}  median {statistics.median(lat):.1f} ms, "
              f"max {max(lat):.1f} ms  {'ok' if max(lat) < 100 else 'ABOVE 100 ms'}")
        res["catastrophic_ms"] = lat
        ok = ok and max(lat) < 100 and kinds == {(422, "ResourceLimitError")}
        print(f"pystd RSS after the run: {ps.rss_kib():,} KiB")
    finally:
        ps.stop()
    print("saved", B.save("re", res))
    print("bench re:", "all targets met" if ok else "some targets missed")


if __name__ == "__main__":
    main()
