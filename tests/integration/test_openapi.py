#!/usr/bin/env python3
"""The OpenAPI document (server/openapi*.c): complete, stable, and true.

* byte-identical from run to run and whatever TZ, data directory or working
  directory the process has (openapi/openapi.json is compared by test_service);
* every /v1 operation: operationId <module>_<function> (GET form: _get),
  summary, tag, request schema and example, 200 schema and example, the
  error responses; operationIds unique and usable as identifiers;
* every request example is accepted by a live pystd, and where the answer is
  deterministic it is the documented response example;
* /docs serves its assets (when the vendored Swagger UI is compiled in).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
METHODS = ("get", "put", "post", "delete", "patch")
# answers that vary by nature (the clock, the cache's history, the network)
VARIES = {"/v1/time/time", "/v1/time/time_ns", "/v1/time/monotonic", "/v1/time/perf_counter",
          "/v1/re/cache_info", "/v1/os/stat", "/v1/os/path/getmtime", "/v1/os/path/getatime",
          "/v1/os/path/getctime", "/v1/urllib/request/urlopen",
          "/v1/urllib/request/urlretrieve"}


def print_openapi(env=None, cwd=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([BIN, "--print-openapi"], capture_output=True, check=True, env=e, cwd=cwd,
                          timeout=60).stdout


DOC_TEXT = print_openapi()
DOC = json.loads(DOC_TEXT)


def operations():
    for path, item in DOC["paths"].items():
        for m in METHODS:
            if m in item:
                yield path, m, item[m]


def v1_ops():
    return [(p, m, o) for p, m, o in operations()
            if p.startswith("/v1/") and not p.startswith(("/v1/jobs", "/v1/batch"))]


class OpenAPITests(Tests):
    def __init__(self, srv):
        self.s = srv

    def test_stable_across_runs_tz_and_directories(self):
        with tempfile.TemporaryDirectory() as d:
            for env, cwd in (({}, None), ({"TZ": "America/New_York"}, d), ({"TZ": "Asia/Kolkata"}, "/"),
                             ({"PYSTD_DATA_DIR": d}, None)):
                assert print_openapi(env, cwd) == DOC_TEXT, f"the document changes with {env} cwd={cwd}"

    def test_served_document_is_the_printed_one(self):
        _st, _p, h, body = self.s.request("GET", "/openapi.json")
        assert body == DOC_TEXT, "GET /openapi.json differs from --print-openapi"
        assert h["content-type"].startswith("application/json")

    def test_info_servers_tags(self):
        info = DOC["info"]
        assert DOC["openapi"] == "3.1.0"
        assert info["title"] and info["version"] and info["license"]["identifier"] == "MIT"
        assert DOC["servers"][0]["url"] == "/"
        tags = [t["name"] for t in DOC["tags"]]
        assert len(tags) == len(set(tags)), tags
        used = {t for _p, _m, o in operations() for t in o["tags"]}
        assert used <= set(tags), used - set(tags)
        for t in DOC["tags"]:
            assert t.get("description"), t

    def test_operation_ids_read_well(self):
        ids = [o["operationId"] for _p, _m, o in operations()]
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        for i in ids:
            assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", i), i
        for path, m, o in v1_ops():
            base = path[len("/v1/"):].replace("/", "_")
            want = base + ("_get" if m == "get" else "")
            assert o["operationId"] == want, (path, m, o["operationId"])
            if m == "get":
                assert o["x-pystd-get-form-of"] == base

    def test_every_operation_is_complete(self):
        missing = []
        for path, m, o in v1_ops():
            where = f"{m.upper()} {path}"
            if not o.get("summary"):
                missing.append(f"{where}: summary")
            if m == "post":
                media = o["requestBody"]["content"]["application/json"]
                if "example" not in media:
                    missing.append(f"{where}: request example")
                sch = media["schema"]
                assert sch["type"] == "object" and sch["additionalProperties"] is False, where
            ok = o["responses"]["200"]["content"]["application/json"]
            if "example" not in ok:
                missing.append(f"{where}: response example")
            elif "result" not in ok["example"]:
                missing.append(f"{where}: response example without result")
            if not ok["schema"]["properties"]["result"]:
                missing.append(f"{where}: result schema")
            for st in ("400", "422", "default"):
                if st not in o["responses"]:
                    missing.append(f"{where}: {st} response")
            if m == "post" and "413" not in o["responses"]:
                missing.append(f"{where}: 413 response")
        assert not missing, "\n".join(missing)

    def test_error_responses_carry_the_error_object(self):
        comp = DOC["components"]["responses"]
        for name, r in comp.items():
            media = r["content"]["application/json"]
            assert media["schema"] == {"$ref": "#/components/schemas/Error"}, name
            for ex in media["examples"].values():
                assert set(ex["value"]["error"]) >= {"type", "message"}, (name, ex)
        assert "Retry-After" in comp["Busy"]["headers"]

    def test_request_examples_work_and_results_are_documented(self):
        # the sandbox the declared examples describe
        self.s.post("/v1/io/write", {"path": "/notes.txt", "data": "hello\n"})
        self.s.post("/v1/os/mkdir", {"path": "/reports"})
        bad, checked = [], 0
        for path, m, o in v1_ops():
            if m != "post" or o.get("x-pystd-blocking") or o.get("x-pystd-writes"):
                continue  # the network, sleeps; writes (their examples assume files)
            example = o["requestBody"]["content"]["application/json"]["example"]
            st, body = self.s.post(path, example)
            if st != 200:
                bad.append(f"{path} {json.dumps(example)} -> {st} {body}")
                continue
            want = o["responses"]["200"]["content"]["application/json"]["example"]
            if path not in VARIES and body != want:
                bad.append(f"{path}: answers {json.dumps(body)[:200]}, documented {json.dumps(want)[:200]}")
            checked += 1
        assert not bad, "\n".join(bad)
        assert checked or not v1_ops()

    def test_docs_assets(self):
        st, _p, h, page = self.s.request("GET", "/docs")
        assert st == 200 and h["content-type"].startswith("text/html")
        assert b"https://" not in page and b"http://" not in page  # nothing from elsewhere
        if b"swagger-ui-bundle.js" not in page:
            print("  (built without the vendored Swagger UI: the built-in page)")
            return
        for asset, ctype in (("swagger-ui-bundle.js", "text/javascript"), ("swagger-ui.css", "text/css"),
                             ("favicon-32x32.png", "image/png"), ("LICENSE", "text/plain")):
            st, _p, h, body = self.s.request("GET", f"/docs/{asset}")
            assert st == 200 and h["content-type"].startswith(ctype) and len(body) > 100, asset
        st, body = self.s.get("/docs/nope.js")
        assert st == 404 and body["error"]["type"] == "NotFound"
        st, _p, h, _b = self.s.request("POST", "/docs/swagger-ui.css", {})
        assert st == 405 and h["allow"] == "GET, HEAD, OPTIONS"


if __name__ == "__main__":
    with Server(BIN) as srv:
        OpenAPITests(srv).run()
