"""Hostile load, shared by tests/hostile/ and bench/hostile/: heavy legal
requests sent by client processes, cheap probes each on a new connection,
and the server's RSS.  Loopback only; every socket has a timeout.

Heavy clients are separate processes (not threads) so that the probes'
latencies are the server's, not the client's GIL.
"""
import http.client
import json
import multiprocessing as mp
import os
import socket
import time

HEADERS = {"Content-Type": "application/json"}


def _text(n):
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]
    out, i = [], 0
    size = 0
    while size < n:
        w = words[(i * 7 + i // 3) % len(words)] + str(i % 97)
        out.append(w)
        size += len(w) + 1
        i += 1
    return " ".join(out)[:n]


def heavy_requests(scale=1.0):
    """Legal requests that cost tens to hundreds of milliseconds each:
    (name, path, body bytes).  Each answers 200, or 422 when a budget stops it."""
    text = _text(int(1_000_000 * scale))
    n = int(200_000 * scale)
    reqs = [
        ("re.findall 1 MB", "/v1/re/findall", {"pattern": r"\w+", "string": text}),
        ("re.sub 1 MB", "/v1/re/sub", {"pattern": r"(\w+) (\w+)", "repl": r"\2-\1-\2", "string": text}),
        ("re.search failing 1 MB", "/v1/re/search", {"pattern": r"[\w.+-]+@[\w-]+\.\w+", "string": text}),
        ("re.search quadratic", "/v1/re/search", {"pattern": r"\w+\d", "string": "a" * int(8000 * scale)}),
        ("json.dumps indent", "/v1/json/dumps",
         {"obj": [{"id": i, "tags": ["a", "b"], "v": i * 0.5} for i in range(n // 4)], "indent": 4}),
        ("random.choices k=1M", "/v1/random/choices", {"population": list(range(10)), "k": 1_000_000, "seed": 1}),
        ("random.sample k=200k", "/v1/random/sample", {"population": list(range(n)), "k": n, "seed": 2}),
        ("urlencode doseq", "/v1/urllib/parse/urlencode",
         {"query": {"key": ["value %d/é" % i for i in range(n)]}, "doseq": True}),
    ]
    return [(name, path, json.dumps(body).encode()) for name, path, body in reqs]


def request(port, method, path, body=None, timeout=60, headers=None):
    """One request on a new connection -> (status, body bytes, headers dict)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=headers if headers is not None else HEADERS)
        r = c.getresponse()
        data = r.read()
        return r.status, data, {k.lower(): v for k, v in r.getheaders()}
    finally:
        c.close()


def error_type(data):
    try:
        return json.loads(data)["error"]["type"]
    except (ValueError, KeyError, TypeError):
        return None


def _heavy_client(port, reqs, offset, stop_at, q, nice):
    """One client: keeps one heavy request in flight until stop_at (one
    keep-alive connection, reopened after an error)."""
    if nice:
        os.nice(nice)
    stats = {"sent": 0, "status": {}, "dropped": 0, "errors": {}, "seconds": []}
    i = offset
    conn = None
    while time.monotonic() < stop_at:
        name, path, body = reqs[i % len(reqs)]
        i += 1
        t0 = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            conn.request("POST", path, body=body, headers=HEADERS)
            r = conn.getresponse()
            data = r.read()
            st = r.status
        except (OSError, http.client.HTTPException) as e:
            stats["sent"] += 1
            stats["dropped"] += 1
            stats["errors"][f"{name}: {type(e).__name__}"] = stats["errors"].get(f"{name}: {type(e).__name__}", 0) + 1
            if conn:
                conn.close()
            conn = None
            continue
        stats["sent"] += 1
        stats["seconds"].append(time.monotonic() - t0)
        key = str(st)
        stats["status"][key] = stats["status"].get(key, 0) + 1
        if st != 200:
            k = f"{name}: {st} {error_type(data)}"
            stats["errors"][k] = stats["errors"].get(k, 0) + 1
        if st == 429:
            time.sleep(float(r.getheader("Retry-After") or "1"))
    if conn:
        conn.close()
    q.put(stats)


class HeavyLoad:
    """n client processes, each keeping one heavy request in flight, for
    `seconds`.  with HeavyLoad(port, n, seconds) as h: ...; h.stats after."""

    def __init__(self, port, clients, seconds, reqs=None, nice=0):
        """nice: the clients' own nice value (clients on other machines
        would not take the server's CPU; these share it)."""
        self.port, self.clients, self.seconds, self.nice = port, clients, seconds, nice
        self.reqs = reqs or heavy_requests()
        self.stats = None

    def __enter__(self):
        ctx = mp.get_context("fork")
        self.q = ctx.Queue()
        stop_at = time.monotonic() + self.seconds
        self.procs = [ctx.Process(target=_heavy_client, args=(self.port, self.reqs, k, stop_at, self.q, self.nice))
                      for k in range(self.clients)]
        for p in self.procs:
            p.start()
        return self

    def wait(self):
        got = []
        for _ in self.procs:
            got.append(self.q.get(timeout=self.seconds + 300))
        for p in self.procs:
            p.join(30)
        total = {"sent": 0, "status": {}, "dropped": 0, "errors": {}, "seconds": []}
        for s in got:
            total["sent"] += s["sent"]
            total["dropped"] += s["dropped"]
            total["seconds"] += s["seconds"]
            for k, v in s["status"].items():
                total["status"][k] = total["status"].get(k, 0) + v
            for k, v in s["errors"].items():
                total["errors"][k] = total["errors"].get(k, 0) + v
        self.stats = total
        return total

    def __exit__(self, *exc):
        if self.stats is None:
            for p in self.procs:
                if p.is_alive():
                    p.terminate()
                p.join(10)


CHEAP = [("healthz", "GET", "/healthz", None),
         ("random", "POST", "/v1/random/random", b'{"seed":1}')]


def probe(port, seconds, interval=0.02):
    """Cheap requests, each on a new connection, one after the other, for
    `seconds`: {name: {"lat": [s...], "status": {code: n}}}."""
    out = {name: {"lat": [], "status": {}} for name, *_ in CHEAP}
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for name, method, path, body in CHEAP:
            t0 = time.monotonic()
            try:
                st, _d, _h = request(port, method, path, body, timeout=30)
            except (OSError, http.client.HTTPException) as e:
                st = type(e).__name__
            dt = time.monotonic() - t0
            o = out[name]
            o["lat"].append(dt)
            o["status"][str(st)] = o["status"].get(str(st), 0) + 1
        time.sleep(interval)
    return out


def percentiles(lat):
    if not lat:
        return {"n": 0}
    s = sorted(lat)

    def pct(p):
        return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]
    return {"n": len(s), "p50_ms": pct(50) * 1e3, "p99_ms": pct(99) * 1e3, "max_ms": s[-1] * 1e3}


def fmt_lat(name, lat):
    p = percentiles(lat)
    if not p["n"]:
        return f"  {name:<28} no samples"
    return f"  {name:<28} n={p['n']:<5} p50 {p['p50_ms']:8.2f} ms  p99 {p['p99_ms']:8.2f} ms  max {p['max_ms']:8.2f} ms"


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def metrics(port):
    st, data, _h = request(port, "GET", "/metrics", timeout=30)
    out = {}
    for line in data.decode().splitlines():
        if line and not line.startswith("#"):
            k, _, v = line.rpartition(" ")
            try:
                out[k] = float(v)
            except ValueError:
                pass
    return out


def cores():
    return os.cpu_count() or 1


def raw(port, data, timeout=10, shutdown=False):
    """Send raw bytes, read until the peer closes or the timeout: the bytes read."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
            if shutdown:
                s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may close before it has read everything: read what it said
        buf = b""
        while True:
            try:
                d = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not d:
                break
            buf += d
        return buf
    finally:
        s.close()
