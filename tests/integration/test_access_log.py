#!/usr/bin/env python3
"""The access log (--log-level info): lines buffered per thread and written by a
flusher (server/log_buf.c) are all there after SIGTERM, even those of the requests
answered just before it, in each connection's order (a keep-alive connection stays
on one worker thread); they are written while the server runs too; every line is
one JSON object with today's fields; long lines (paths near the 511-byte cut, which
fill the 64 KiB buffers quickly) are whole."""
import http.client
import json
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
FIELDS = {"ts", "level", "method", "path", "status", "duration_ms", "request_id", "remote"}


def access_lines(text):
    out = []
    for line in text.splitlines():
        if '"method":' in line:
            out.append(json.loads(line))  # a torn or interleaved line fails here
    return out


def hammer(port, tag, n, path="/v1/random/random", body=b'{"seed":1}'):
    """n requests on one keep-alive connection, ids tag-0000.. in order."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for i in range(n):
            conn.request("POST", path, body=body, headers={"X-Request-Id": f"{tag}-{i:04d}",
                                                           "Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
    finally:
        conn.close()


class T(Tests):
    def run_and_stop(self, jobs):
        """Run jobs (tag, n, path) on one connection each, SIGTERM at once,
        -> the access lines."""
        with Server(BIN, args=["--threads", "2"], log_level="info") as s:
            ts = [threading.Thread(target=hammer, args=(s.port, tag, n, path)) for tag, n, path in jobs]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            rc = s.stop(signal.SIGTERM)
            assert rc == 0, rc
            return access_lines(s.log_text())

    def check(self, lines, jobs):
        by_tag = {}
        for ln in lines:
            assert set(ln) == FIELDS, ln
            assert ln["level"] == "info" and ln["method"] == "POST" and ln["remote"] == "127.0.0.1", ln
            tag, _, i = ln["request_id"].rpartition("-")
            by_tag.setdefault(tag, []).append(int(i))
        for tag, n, _path in jobs:
            # every request is there, once, in its connection's order
            assert by_tag.get(tag) == list(range(n)), (tag, by_tag.get(tag, [])[:20])

    def test_nothing_lost_on_sigterm(self):
        jobs = [(f"c{k}", 400, "/v1/random/random") for k in range(4)]
        lines = self.run_and_stop(jobs)
        self.check(lines, jobs)
        assert all(ln["status"] == 200 and ln["path"] == "/v1/random/random" for ln in lines)

    def test_long_lines_whole(self):
        # ~600-byte lines: 1,600 of them cross the 64 KiB buffers many times
        path = "/v1/" + "x" * 500
        jobs = [(f"l{k}", 400, path) for k in range(4)]
        lines = self.run_and_stop(jobs)
        self.check(lines, jobs)
        assert all(ln["status"] == 404 and ln["path"] == path for ln in lines)

    def test_written_while_running(self):
        with Server(BIN, log_level="info") as s:
            hammer(s.port, "live", 3)
            seen = []
            for _ in range(200):  # the flusher writes every 100 ms: wait up to 10 s
                seen = [ln["request_id"] for ln in access_lines(s.log_text())]
                if len(seen) == 3:
                    break
                time.sleep(0.05)
            assert seen == ["live-0000", "live-0001", "live-0002"], seen

    def test_warn_level_writes_no_access_line(self):
        with Server(BIN, log_level="warn") as s:
            hammer(s.port, "quiet", 5)
            s.stop()
            assert access_lines(s.log_text()) == []


if __name__ == "__main__":
    T().run()
