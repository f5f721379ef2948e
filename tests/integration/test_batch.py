#!/usr/bin/env python3
"""POST /v1/batch (server/batch.c): each item is exactly the body the single call
answers -- over every operation's OpenAPI example (every module), errors (unknown
op, bad and missing arguments, a non-object args, a Python exception), and the ops
that also answer GET compared with their GET answer; items outside the module ops
(/v1/batch, /v1/jobs, service paths) and the ops that wait get their own 400; the
413 / 400 limits of the batch; the result cap of the batch as a whole; per-item
scopes (403 objects) and rate limits (429 objects); items counted in /metrics.
Two servers with fresh data dirs replay the same sequence (one as a batch, one as
single calls), so that side effects (io/write, os.mkdir) line up."""
import json
import os
import re
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from auth_harness import bearer, token_file  # noqa: E402
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
WAITING = re.compile(r"^/v1/(time/sleep|urllib/request/)")  # OP_BLOCKING: refused in a batch
# answers that change from call to call (clocks, entropy): compared by kind and type only
VARYING = re.compile(r"^/v1/(time/(time|monotonic|perf_counter|process_time|thread_time|localtime|gmtime|ctime|"
                     r"asctime|strftime)|os/(stat|lstat|scandir)|os/path/get[amc]time)")
UNSEEDED = re.compile(r"^/v1/random/(?!seed)")  # a random op without a seed draws from the OS


def examples(s):
    """[(op path, args)] of every operation's requestBody example (OpenAPI)."""
    st, doc = s.get("/openapi.json")
    assert st == 200
    out = []
    for path, item in sorted(doc["paths"].items()):
        post = item.get("post")
        if not path.startswith("/v1/") or path.startswith(("/v1/jobs", "/v1/batch")) or not post:
            continue
        media = post.get("requestBody", {}).get("content", {}).get("application/json", {})
        ex = media.get("example")
        if ex is None:
            ex = next(iter(media.get("examples", {}).values()), {}).get("value", {})
        out.append((path, ex))
    return out


def batch(s, calls, headers=None):
    st, r = s.post("/v1/batch", {"calls": [{"op": op, "args": args} for op, args in calls]}, headers=headers)
    assert st == 200, (st, r)
    assert len(r["results"]) == len(calls), r
    return r["results"]


def shape(body):
    return ("result", None) if "result" in body else ("error", body["error"]["type"])


def same(op, item, single, varying=False):
    if varying and not WAITING.match(op):
        assert shape(item) == shape(single), (op, item, single)
    else:
        assert item == single, (op, item, single)


class T(Tests):
    def test_every_example_as_the_single_call(self):
        with Server(BIN) as sa, Server(BIN) as sb:
            calls = examples(sa)
            assert len(calls) > 100, len(calls)
            modules = {op.split("/")[2] for op, _ in calls}
            assert {"re", "random", "json", "codecs", "urllib", "time", "os", "io", "functools",
                    "builtins"} <= modules, modules
            items = batch(sa, calls)
            n_waiting = n_exact = 0
            for (op, args), item in zip(calls, items):
                if WAITING.match(op) or args.get("robots_url"):
                    n_waiting += 1
                    assert item["error"]["type"] == "BadRequest" and "not taken in a batch" in \
                        item["error"]["message"], (op, item)
                    continue
                _st, single = sb.post(op, args)
                varying = bool(VARYING.match(op) or (UNSEEDED.match(op) and "seed" not in args))
                same(op, item, single, varying=varying)
                n_exact += not varying
            assert n_waiting >= 2, n_waiting
            assert n_exact > 80, n_exact

    def test_errors_as_the_single_call(self):
        calls = [("/v1/re/search", {"pattern": "(", "string": "x"}),          # re.error, 422
                 ("/v1/json/loads", {"s": "[1,"}),                            # JSONDecodeError
                 ("/v1/random/randint", {"a": 1}),                           # missing argument
                 ("/v1/random/randint", {"a": 1, "b": 2, "c": 3}),           # unknown argument
                 ("/v1/random/randint", {"a": "x", "b": 2}),                 # wrong type
                 ("/v1/codecs/decode", {"obj": "/w==", "encoding": "utf-8"}),  # UnicodeDecodeError
                 ("/v1/os/listdir", {"path": "/nope"}),                      # FileNotFoundError
                 ("/v1/nope/nothing", {}),                                   # 404
                 ("/v1/random/random", [1]),                                 # args not an object
                 ("/v1/random/random", {"seed": 7})]                         # and a success after them
        with Server(BIN) as s:
            items = batch(s, calls)
            for (op, args), item in zip(calls, items):
                _st, single = s.request("POST", op, body=json.dumps(args).encode())[:2]
                assert item == single, (op, args, item, single)
            assert "result" in items[-1]

    def test_get_ops_as_their_get_answer(self):
        calls = [("/v1/random/randint", {"a": 1, "b": 6, "seed": 3}),
                 ("/v1/urllib/parse/quote", {"string": "a b/ü"}),
                 ("/v1/os/path/join", {"a": "/x", "p": ["y", "z"]}),
                 ("/v1/re/escape", {"pattern": "a.b*c"})]
        with Server(BIN) as s:
            items = batch(s, calls)
            for (op, args), item in zip(calls, items):
                q = urllib.parse.urlencode({k: v if isinstance(v, str) else json.dumps(v) for k, v in args.items()})
                st, single = s.get(op + "?" + q)
                if st == 405:  # not a GET op: the POST answer then
                    st, single = s.post(op, args)
                assert item == single, (op, item, single)

    def test_not_module_ops(self):
        with Server(BIN) as s:
            items = batch(s, [("/v1/batch", {"calls": []}), ("/v1/jobs", {"op": "/v1/random/random"}),
                              ("/v1/jobs/abc", {}), ("/healthz", {}), ("/v1", {}), ("/metrics", {}),
                              ("/v1/random/random", {"seed": 1})])
            for it in items[:-1]:
                assert it["error"]["type"] == "BadRequest" and "module operations only" in it["error"]["message"], it
            assert items[-1] == {"result": 0.13436424411240122}, items[-1]
            st, r = s.post("/v1/batch", {"calls": [{"args": {}}, {"op": 3}]})
            assert st == 200 and all(x["error"]["type"] == "BadRequest" for x in r["results"]), r

    def test_malformed_batches(self):
        with Server(BIN, args=["--batch-max-calls", "3", "--max-body", "2000"]) as s:
            for body in ({}, {"calls": {}}, {"calls": []} | {"x": 1}, {"calls": "no"}):
                st, r = s.post("/v1/batch", body)
                assert st == 400 and r["error"]["type"] == "BadRequest", (body, st, r)
            st, r = s.request("POST", "/v1/batch", body=b"[1]")[:2]
            assert st == 400, r
            st, r = s.post("/v1/batch", {"calls": [{"op": "/v1/random/random"}] * 4})
            assert st == 400 and "--batch-max-calls" in r["error"]["message"], r
            st, r = s.post("/v1/batch", {"calls": [{"op": "/v1/random/random"}] * 3})
            assert st == 200 and len(r["results"]) == 3, r
            st, r = s.post("/v1/batch", {"calls": [{"op": "/v1/re/escape", "args": {"pattern": "x" * 3000}}]})
            assert st == 413 and r["error"]["type"] == "PayloadTooLarge", (st, r)
            st, r = s.post("/v1/batch", {"calls": []})
            assert st == 200 and r == {"results": []}, r
            st, _r, h, _d = s.request("GET", "/v1/batch")
            assert st == 405 and "POST" in h.get("allow", ""), (st, h)
            st, _r = s.post("/v1/batch/x", {"calls": []})
            assert st == 404, st

    def test_result_cap_of_the_whole_batch(self):
        # each item is under --max-result-bytes, the batch is over its response's cap
        # (2 x --max-result-bytes + 64 KiB): 422 for the batch as a whole
        with Server(BIN, args=["--max-result-bytes", "1000"]) as s:
            one = ("/v1/random/randbytes", {"n": 700, "seed": 1})
            st, r = s.post(*one)
            assert st == 200, r
            st, r = s.post("/v1/batch", {"calls": [{"op": one[0], "args": one[1]}] * 10})
            assert st == 200 and all(x == r["results"][0] for x in r["results"]), st
            st, r = s.post("/v1/batch", {"calls": [{"op": one[0], "args": one[1]}] * 200})
            assert st == 422 and r["error"]["type"] == "ResourceLimitError", (st, str(r)[:300])

    def test_scopes_per_item(self):
        tokens = token_file({"calc": ("tok-calc", "compute"), "all": ("tok-all", "*")})
        with Server(BIN, args=["--auth-file", tokens]) as s:
            calls = [("/v1/random/random", {"seed": 1}), ("/v1/io/write", {"path": "/a", "data": "x"}),
                     ("/v1/os/listdir", {"path": "/"})]
            items = batch(s, calls, headers=bearer("tok-calc"))
            for (op, args), item in zip(calls, items):
                _st, single = s.post(op, args, headers=bearer("tok-calc"))
                assert item == single, (op, item, single)
            assert items[0] == {"result": 0.13436424411240122}
            assert items[1]["error"]["type"] == "Forbidden" and items[2]["error"]["type"] == "Forbidden", items
            items = batch(s, calls, headers=bearer("tok-all"))
            assert items[1] == {"result": 1} and items[2] == {"result": ["a"]}, items
            st, r = s.post("/v1/batch", {"calls": [{"op": "/v1/random/random"}]})
            assert st == 200 and r["results"][0]["error"]["type"] == "Unauthorized", r

    def test_rate_limit_per_item(self):
        with Server(BIN, args=["--rate-limit", "0.001", "--rate-burst", "5"]) as s:
            st, r = s.post("/v1/batch", {"calls": [{"op": "/v1/random/random", "args": {"seed": 1}}] * 8})
            assert st == 200, r
            kinds = [next(iter(x)) for x in r["results"]]
            assert kinds == ["result"] * 5 + ["error"] * 3, kinds
            assert all(x["error"]["type"] == "Busy" for x in r["results"][5:]), r
            st, r = s.post("/v1/random/random", {})
            assert st == 429, (st, r)  # the batch's items took the burst

    def test_refused_after_a_long_queue_wait(self):
        """One compute worker, --max-request-seconds 3 and --re-time-limit 3: a search A
        that would take far longer is cut after 3 s; B, queued half a second after A
        started, waits less than 3 s and runs 3 s too; a batch queued while A still runs, behind B, waits
        more than 3 s and is answered 429 Busy with Retry-After, as a single call would
        be, without running its item.  (With 1 s, a loaded machine could send the batch
        after A ended: it then waited less than the limit and ran.)"""
        heavy = {"pattern": r"\w+\d", "string": "a" * 300000}  # quadratic: minutes of work
        gauge = lambda name: re.compile(r"^%s (\d+)" % name, re.M)  # noqa: E731
        running, depth = gauge("pystd_compute_running"), gauge("pystd_compute_queue_depth")
        with Server(BIN, args=["--compute-threads", "1", "--max-request-seconds", "3", "--re-time-limit", "3"]) as s:
            answers = []

            def send():
                answers.append(s.post("/v1/re/search", heavy, timeout=60))
            a = threading.Thread(target=send)
            a.start()
            s.metrics_when(lambda t: running.search(t).group(1) == "1", timeout=30)
            # B is queued well after A started, so that it surely waits less than 3 s
            # (A is cut 3 s after its own start, a little later on a loaded machine)
            time.sleep(0.5)
            b = threading.Thread(target=send)
            b.start()
            s.metrics_when(lambda t: depth.search(t).group(1) == "1", timeout=30)
            st, _p, h, data = s.request("POST", "/v1/batch", {"calls": [{"op": "/v1/random/random",
                                                                       "args": {"seed": 1}}]})
            a.join()
            b.join()
            r = json.loads(data)
            assert st == 429 and r["error"]["type"] == "Busy" and h.get("retry-after") == "1", (st, r)
            assert "waited" in r["error"]["message"], r
            assert [x[0] for x in answers] == [422, 422], answers
            text = s.metrics_when(lambda t: "pystd_compute_queue_timeouts_total 1" in t)
            assert "pystd_compute_queue_timeouts_total 1" in text, text[-3000:]
            assert 'route="/v1/random/random"' not in text  # its item never ran

    def test_items_counted_in_metrics(self):
        def count(text, route):
            m = re.search(r'pystd_http_requests_total\{route="%s",method="POST",status="200"\} (\d+)' % route, text)
            return int(m.group(1)) if m else 0
        with Server(BIN) as s:
            before = s.request("GET", "/metrics")[3].decode()
            batch(s, [("/v1/random/random", {})] * 7 + [("/v1/re/escape", {"pattern": "."})])
            after = s.metrics_when(lambda t: count(t, "/v1/batch") - count(before, "/v1/batch") >= 1)
            assert count(after, "/v1/random/random") - count(before, "/v1/random/random") == 7, after[-3000:]
            assert count(after, "/v1/re/escape") - count(before, "/v1/re/escape") == 1
            assert count(after, "/v1/batch") - count(before, "/v1/batch") == 1

    def test_openapi(self):
        with Server(BIN) as s:
            st, doc = s.get("/openapi.json")
            op = doc["paths"]["/v1/batch"]["post"]
            assert op["operationId"] == "batch" and "200" in op["responses"] and "413" in op["responses"], op
            ex = op["requestBody"]["content"]["application/json"]["example"]
            st, r = s.post("/v1/batch", ex)
            assert st == 200 and len(r["results"]) == len(ex["calls"]), r


if __name__ == "__main__":
    T().run()
