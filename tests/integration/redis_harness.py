"""A redis-server of the test's own on a free loopback port, for the jobs
tests of the redis backend (--jobs-backend redis://...).

    from redis_harness import Redis
    with Redis(aof=True) as r:
        r.url                       # redis://127.0.0.1:PORT
        r.cli("HGETALL", "pystd:job:...")
        r.stop(); r.start()         # a restart on the same port and data

Needs redis-server and redis-cli (scripts/deps.sh test installs them).
Talks to 127.0.0.1 only; every command is bounded in time.
"""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Redis:
    def __init__(self, aof=False):
        self.aof = aof
        self.proc = None
        self.port = free_port()
        self.dir = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        if not shutil.which("redis-server"):
            raise RuntimeError("redis-server not found: run scripts/deps.sh test")
        args = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--dir", self.dir,
                "--save", "", "--protected-mode", "yes", "--daemonize", "no", "--loglevel", "warning"]
        if self.aof:  # every write on disk before it is answered: a restart loses nothing
            args += ["--appendonly", "yes", "--appendfsync", "always"]
        self.log = open(os.path.join(self.dir, "redis.log"), "ab")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        end = time.monotonic() + 20
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.proc.returncode}")
            try:
                if self.cli("PING") == "PONG":
                    return self
            except (subprocess.SubprocessError, OSError, RuntimeError):
                pass
            time.sleep(0.05)
        raise RuntimeError("redis-server did not answer within 20 s")

    def stop(self, sig=signal.SIGTERM):
        """SIGTERM: Redis writes its AOF and exits; SIGKILL: it just dies."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.log.close()
        self.proc = None

    def cli(self, *args, timeout=10):
        p = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), *map(str, args)],
                           capture_output=True, text=True, timeout=timeout)
        if p.returncode:
            raise RuntimeError(f"redis-cli {args}: {p.stderr}")
        return p.stdout.strip()

    def pipeline(self, commands, timeout=30):
        """Many commands on one connection; their replies in order (RESP2:
        str, int, None, list; an error reply is a RuntimeError object)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            out = bytearray()
            for cmd in commands:
                out += b"*%d\r\n" % len(cmd)
                for a in cmd:
                    a = str(a).encode()
                    out += b"$%d\r\n%s\r\n" % (len(a), a)
            s.sendall(out)
            f = s.makefile("rb")
            return [_reply(f) for _ in commands]

    def hgetall(self, key):
        flat = self.pipeline([["HGETALL", key]])[0]
        return dict(zip(flat[0::2], flat[1::2]))


    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="pystd-redis-")
        try:
            return self.start()
        except BaseException:
            self.__exit__()  # a redis-server that never answered is stopped too
            raise

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def _reply(f):
    line = f.readline()
    if not line:
        raise ConnectionError("redis closed the connection")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        return RuntimeError(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)
        return data[:-2].decode()
    if kind == b"*":
        n = int(rest)
        return None if n < 0 else [_reply(f) for _ in range(n)]
    raise ValueError(f"bad reply {line!r}")
