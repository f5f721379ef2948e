#!/usr/bin/env python3
"""The audit log (--audit-log): one JSON line per call that writes the file
sandbox or reaches the network (urllib.request, robots_url), with the token
name, the op, its paths or URL and the outcome; refused calls and refused
jobs too; nothing for compute calls; never a token's text; SIGHUP reopens
the file after a rotation."""
import json
import os
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from auth_harness import token_file as write_tokens  # noqa: E402
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
TOK = {"alice": ("tok-alice-audit", "*"), "calc": ("tok-calc-audit", "compute"),
       "jobber": ("tok-jobber-audit", "compute,jobs")}


def token_file():
    return write_tokens(TOK)


def H(name):
    return {"Authorization": "Bearer " + TOK[name][0]}


class T(Tests):
    def test_audit_lines(self):
        fd, audit = tempfile.mkstemp(prefix="pystd-audit-")
        os.close(fd)
        with Server(BIN, args=["--auth-file", token_file(), "--audit-log", audit]) as s:
            s.post("/v1/io/write", {"path": "/a.txt", "data": "x"}, headers=H("alice"))
            s.post("/v1/os/remove", {"path": "/nope"}, headers=H("alice"))
            s.post("/v1/os/rename", {"src": "/a.txt", "dst": "/b.txt"}, headers=H("alice"))
            s.post("/v1/io/write", {"path": "/c.txt", "data": "x"}, headers=H("calc"))  # 403
            s.post("/v1/urllib/request/urlopen", {"url": "http://127.0.0.1:9/x"}, headers=H("alice"))
            s.post("/v1/urllib/robotparser/can_fetch",
                   {"robots_url": "http://127.0.0.1:9/robots.txt", "useragent": "a", "url": "/"}, headers=H("alice"))
            s.post("/v1/random/random", {}, headers=H("alice"))
            s.post("/v1/urllib/robotparser/can_fetch", {"robots_txt": "", "useragent": "a", "url": "/"},
                   headers=H("alice"))
            s.post("/v1/os/listdir", {"path": "/"}, headers=H("alice"))
            s.post("/v1/jobs", {"op": "/v1/io/write", "args": {"path": "/j", "data": "x"}}, headers=H("jobber"))
            # a rotation: the file moved away, SIGHUP, the next lines go to a new file at the path
            os.rename(audit, audit + ".1")
            s.proc.send_signal(signal.SIGHUP)
            for _ in range(200):  # bounded polling
                s.post("/v1/io/write", {"path": "/after", "data": "x"}, headers=H("alice"))
                if os.path.exists(audit) and os.path.getsize(audit):
                    break
                time.sleep(0.02)
        with open(audit + ".1") as f:
            text = f.read()
        with open(audit) as f:
            after = [json.loads(x) for x in f.read().splitlines()]
        os.unlink(audit)
        os.unlink(audit + ".1")
        assert after and all(a.get("path") == "/after" for a in after), after
        lines = [json.loads(x) for x in text.splitlines()]
        got = [(a["token"], a["op"], a.get("path") or a.get("url") or a.get("robots_url") or a.get("src"),
                a["outcome"]) for a in lines]
        assert got[0] == ("alice", "/v1/io/write", "/a.txt", "ok"), got
        assert got[1] == ("alice", "/v1/os/remove", "/nope", "FileNotFoundError"), got
        assert got[2] == ("alice", "/v1/os/rename", "/a.txt", "ok") and lines[2]["dst"] == "/b.txt", lines[2]
        assert got[3] == ("calc", "/v1/io/write", None, "Forbidden") and lines[3]["status"] == 403, lines[3]
        assert got[4][:3] == ("alice", "/v1/urllib/request/urlopen", "http://127.0.0.1:9/x"), got[4]
        assert got[4][3] != "ok" and lines[4]["status"] == 422, lines[4]  # refused by the network policy
        assert got[5][:2] == ("alice", "/v1/urllib/robotparser/can_fetch"), got
        assert lines[5]["robots_url"] == "http://127.0.0.1:9/robots.txt", lines[5]
        assert got[6] == ("jobber", "/v1/io/write", "/j", "Forbidden") and lines[6]["status"] == 403, lines[6]
        assert all(a["path"] == "/after" for a in lines[7:]), lines[7:]  # written before the SIGHUP was seen
        assert len([a for a in lines if a.get("path") != "/after"]) == 7, got  # nothing for compute or reads
        for a in lines:
            assert a["request_id"] and a["ts"].endswith("Z"), a
        for tok, _ in TOK.values():
            assert tok not in text


if __name__ == "__main__":
    T().run()
