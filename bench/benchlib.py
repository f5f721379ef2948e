"""Shared pieces of pystd's benchmarks: start pystd, an nginx ceiling and the
CPython reference (bench/refserver.py) on loopback, drive them with wrk, read
RSS, print ratios.

Everything talks to 127.0.0.1 only.  A benchmark measures; it never asserts
a speed (tests don't either): it prints the figures and the ratios to the
targets, and saves them as JSON under bench/results/.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RESULTS = os.path.join(HERE, "results")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_port(port, proc=None, timeout=20):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


class Proc:
    """A server process started for the benchmark and stopped after."""

    def __init__(self, name, cmd, port, env=None, cwd=None):
        self.name, self.port = name, port
        self.tmp = tempfile.mkdtemp(prefix=f"bench-{name}-")
        self.log = open(os.path.join(self.tmp, "log"), "wb")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT,
                                     env=dict(os.environ, **(env or {})), cwd=cwd)
        wait_port(port, self.proc)
        self.url = f"http://127.0.0.1:{port}"

    def cpu_seconds(self):
        """user + system CPU time so far of the process and its live
        descendants (nginx's worker), from Linux's /proc"""
        ticks, todo, seen = 0, [self.proc.pid], set()
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/children") as f:
                        todo += [int(c) for c in f.read().split()]
            except OSError:
                continue
        return ticks / os.sysconf("SC_CLK_TCK")

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def pystd_bin():
    for p in (os.environ.get("PYSTD_BIN"), os.path.join(ROOT, "build", "pystd")):
        if p and os.path.exists(p):
            return p
    sys.exit("build/pystd not found: build it first (cmake -S . -B build && cmake --build build)")


def start_pystd(args=(), name="pystd", prefix=()):
    """prefix: a command to run it under (["taskset", "-c", "0"])"""
    port = free_port()
    data = tempfile.mkdtemp(prefix="bench-data-")
    cmd = [*prefix, pystd_bin(), "--bind", "127.0.0.1", "--port", str(port), "--log-level", "warn",
           "--data-dir", data, *args]
    return Proc(name, cmd, port, env={"TZ": "UTC"})


def start_cpython_ref():
    """The API executed by CPython behind http.server (bench/refserver.py)."""
    port = free_port()
    return Proc("cpython", [sys.executable, os.path.join(HERE, "refserver.py"), "--port", str(port)], port,
                env={"TZ": "UTC"})


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{port};
    location / {{
      default_type application/json;
      return 200 '{body}';
    }}
  }}
}}
"""


def start_nginx(body='{"result":0.13436424411240122}', prefix=()):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        return None
    port = free_port()
    tmp = tempfile.mkdtemp(prefix="bench-nginx-")
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(tmp=tmp, port=port, body=body))
    # nginx answers POST to a `return` location: the request body is discarded.
    return Proc("nginx", [*prefix, nginx, "-c", conf, "-p", tmp], port)


WRK_LUA = """
wrk.method = "{method}"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
"""


def lua_string(s):
    return "[==[" + s + "]==]"


def wrk(url, path, body=None, method="POST", connections=64, threads=2, duration=10, headers=None, prefix=()):
    """-> {"rps", "p50_ms", "p99_ms", "requests", "errors"}"""
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (scripts/deps.sh bench)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_LUA.format(method=method, body=lua_string(body) if body is not None else "nil"))
        for k, v in (headers or {}).items():
            f.write(f"wrk.headers[ {lua_string(k)} ] = {lua_string(v)}\n")
        lua = f.name
    try:
        out = subprocess.run([*prefix, "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
                              "--latency", "-s", lua, url + path],
                             capture_output=True, text=True, timeout=duration + 60).stdout
    finally:
        os.unlink(lua)
    return parse_wrk(out)


def _ms(v, unit):
    return float(v) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]


def parse_wrk(out):
    r = {"raw": out}
    m = re.search(r"Requests/sec:\s*([\d.]+)", out)
    r["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"(\d+) requests in", out)
    r["requests"] = int(m.group(1)) if m else 0
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        r[key] = _ms(m.group(1), m.group(2)) if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errs = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errs += sum(map(int, m.groups()))
    r["errors"] = errs
    return r


def fmt_row(name, r):
    p50 = f"{r['p50_ms']:.3f}" if r.get("p50_ms") is not None else "-"
    p99 = f"{r['p99_ms']:.3f}" if r.get("p99_ms") is not None else "-"
    return f"  {name:<34} {r['rps']:>12,.0f} req/s   p50 {p50:>8} ms   p99 {p99:>8} ms   errors {r['errors']}"


def save(name, data):
    os.makedirs(RESULTS, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = os.path.join(RESULTS, f"{name}-{stamp}.json")
    with open(path, "w") as f:
        json.dump(data, f, indent=2, default=str)
    return path
