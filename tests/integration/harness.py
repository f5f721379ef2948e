"""Start a pystd binary on an ephemeral loopback port for a test, stop it after.

    from harness import Server
    with Server(bin_path, args=["--allow-net", "127.0.0.1/32"]) as s:
        status, body = s.post("/v1/random/random", {"seed": 1})

Every server gets TZ=UTC and a fresh empty --data-dir (as the conformance
cases expect).  Talks to 127.0.0.1 only.  Expected answers come from committed
data (tests/golden/, see play_cases), never from the Python running the test.
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(ROOT, "tests", "golden")


def bin_from_argv():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "pystd"))
    a, _ = ap.parse_known_args()
    return os.path.abspath(a.bin)


class Server:
    def __init__(self, bin_path=None, args=(), env=None, log_level="warn"):
        self.bin = bin_path or bin_from_argv()
        self.args = list(args)
        self.env = env or {}
        self.log_level = log_level
        self.proc = None
        self.port = None

    def __enter__(self):
        self.tmp = tempfile.mkdtemp(prefix="pystd-test-")
        self.data_dir = os.path.join(self.tmp, "data")
        os.mkdir(self.data_dir)
        port_file = os.path.join(self.tmp, "port")
        env = dict(os.environ, TZ="UTC", **self.env)
        self.log = open(os.path.join(self.tmp, "server.log"), "wb")
        cmd = [self.bin, "--bind", "127.0.0.1", "--port", "0", "--port-file", port_file,
               "--data-dir", self.data_dir, "--log-level", self.log_level] + self.args
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        end = time.monotonic() + 20
        while time.monotonic() < end:
            if os.path.exists(port_file):
                with open(port_file) as f:
                    txt = f.read().strip()
                if txt:
                    self.port = int(txt)
                    break
            if self.proc.poll() is not None:
                raise RuntimeError(f"pystd exited with {self.proc.returncode}: {self.log_text()}")
            time.sleep(0.02)
        if self.port is None:
            self.stop()
            raise RuntimeError("pystd did not start within 20 s")
        self.url = f"http://127.0.0.1:{self.port}"
        return self

    def log_text(self):
        self.log.flush()
        with open(self.log.name, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def __exit__(self, *exc):
        killed = self.proc is not None and self.proc.poll() is not None and self.proc.returncode < 0
        rc = self.stop()
        log = self.log_text() if rc else ""
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        # A clean SIGTERM stop exits 0; anything else (a sanitizer's leak or
        # error report, a crash) fails the test that owned the server --
        # unless the test killed the server itself.
        if rc and not killed and exc[0] is None:
            raise RuntimeError(f"pystd exited with {rc} after SIGTERM:\n{log[-4000:]}")

    def request(self, method, path, body=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            h = dict(headers or {})
            if body is not None and not isinstance(body, (bytes, bytearray)):
                body = json.dumps(body).encode()
                h.setdefault("Content-Type", "application/json")
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            try:
                parsed = json.loads(data)
            except ValueError:
                parsed = None
            return r.status, parsed, dict((k.lower(), v) for k, v in r.getheaders()), data
        finally:
            conn.close()

    def post(self, path, body=None, **kw):
        st, parsed, _h, _d = self.request("POST", path, {} if body is None else body, **kw)
        return st, parsed

    def get(self, path, **kw):
        st, parsed, _h, _d = self.request("GET", path, **kw)
        return st, parsed

    def metrics_when(self, ready, timeout=10.0):
        """GET /metrics until ready(text) holds, at most `timeout` seconds; return the last text.

        A request is counted when the engine reports it complete, which may be
        just after the client has read the answer: a scrape sent at once can come
        first.  The caller still asserts on the text returned."""
        end = time.monotonic() + timeout
        while True:
            text = self.request("GET", "/metrics")[3].decode()
            if ready(text) or time.monotonic() > end:
                return text
            time.sleep(0.02)


class Tests:
    """Minimal runner: methods named test_* run in order; prints a summary,
    exits 1 on any failure."""

    def run(self):
        names = [n for n in dir(self) if n.startswith("test_")]
        failed = 0
        for n in names:
            try:
                getattr(self, n)()
                print(f"PASS {n}")
            except Exception as e:  # noqa: BLE001 -- report every failure and go on
                failed += 1
                print(f"FAIL {n}: {type(e).__name__}: {e}")
        print(f"{len(names) - failed} passed, {failed} failed")
        sys.exit(1 if failed else 0)


def golden_lines(name):
    """The JSON lines of tests/golden/<name> ('#' comment lines skipped)."""
    with open(os.path.join(GOLDEN, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip() and not line.startswith("#")]


def play_cases(url, name, min_cases, *args):
    """Play tests/golden/<name> (conformance cases, tests/conformance/run.py's format)
    against url; returns (passed, failed, output).  run.py fails the run when fewer
    than min_cases cases ran."""
    run_py = os.path.join(ROOT, "tests", "conformance", "run.py")
    p = subprocess.run([sys.executable, run_py, "--url", url, "--cases", os.path.join(GOLDEN, name),
                        "--min-cases", str(min_cases), *args], capture_output=True, text=True, timeout=600)
    out = p.stdout + p.stderr
    import re
    m = re.findall(r"conformance: (\d+) passed, (\d+) failed", out)
    if not m:
        raise RuntimeError(f"run.py: no summary line:\n{out[-3000:]}")
    passed, failed = map(int, m[-1])
    if p.returncode != 0 and failed == 0:
        failed = 1                   # too few cases, or run.py itself failed
    return passed, failed, out
