#!/usr/bin/env python3
"""Crash safety of the file sandbox: kill -9 the server in the middle of a
stream of large writes and appends, then check on disk that every file holds
exactly an old or a new version (never a torn one), with no temporary file
left in place of one, and that a restarted server serves them."""
import base64
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
NFILES = 6


def content(f, v):
    """Version v of file f: a header naming both, then 0.5..2 MB depending on v."""
    size = 512 * 1024 + (v * 7919 % (1536 * 1024))
    head = f'v{v}|f{f}|'.encode()
    return head + bytes([(v * 31 + f) % 251]) * size + b'|end'


def check_versioned(data, f):
    parts = data[:32].split(b'|')
    assert len(parts) > 2 and parts[0][:1] == b'v' and parts[1] == f'f{f}'.encode(), data[:32]
    v = int(parts[0][1:])
    assert data == content(f, v), f"file f{f}: {len(data)} bytes, not version {v} ({len(content(f, v))})"
    return v


def record(w, k):
    return f'[w{w}:{k}:' + 'r' * (1000 + k % 500) + ']\n'


def check_log(text):
    """A log holds whole records only; per writer their numbers run 0, 1, 2, ... without a gap."""
    seen = {}
    for line in text.splitlines():
        assert line.startswith('[w') and line.endswith(']'), line[:40]
        w, k = line[2:].split(':')[:2]
        assert line + '\n' == record(int(w), int(k)), line[:40]
        assert int(k) == seen.get(w, -1) + 1, (w, k, seen.get(w))
        seen[w] = int(k)
    return sum(v + 1 for v in seen.values())


def post(port, path, args, timeout=30):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=timeout)
    try:
        c.request('POST', path, json.dumps(args), {'Content-Type': 'application/json'})
        r = c.getresponse()
        return r.status, json.loads(r.read())
    finally:
        c.close()


def storm(port, stop, seed):
    """Writers of whole files and appenders, until stop is set or the server dies."""
    rng = random.Random(seed)
    version = seed * 100000 + 1
    k = 0
    while not stop.is_set():
        try:
            if rng.random() < 0.7:
                f = rng.randrange(NFILES)
                post(port, '/v1/io/write', {'path': f'/k/f{f}', 'mode': 'wb',
                                            'data': base64.b64encode(content(f, version)).decode()})
                version += 1
            else:
                st, _ = post(port, '/v1/io/write', {'path': f'/k/log{seed % 2}', 'data': record(seed, k),
                                                    'mode': 'a'})
                if st == 200:
                    k += 1
        except (OSError, http.client.HTTPException):
            return   # the server is gone


class CrashTests(Tests):
    def test_kill_9_during_writes_leaves_old_or_new(self):
        with Server(BIN) as s:
            data_dir = s.data_dir
            assert s.post('/v1/os/mkdir', {'path': '/k'})[0] == 200
            for f in range(NFILES):
                st, body = s.post('/v1/io/write', {'path': f'/k/f{f}', 'mode': 'wb',
                                                   'data': base64.b64encode(content(f, 0)).decode()})
                assert st == 200, body
            port = s.port
            for cycle in range(3):
                stop = threading.Event()
                ts = [threading.Thread(target=storm, args=(port, stop, cycle * 10 + i)) for i in range(6)]
                for t in ts:
                    t.start()
                time.sleep(1.0 + cycle * 0.7)
                s.proc.send_signal(signal.SIGKILL)     # mid-stream: several writes are in flight
                s.proc.wait(10)
                stop.set()
                for t in ts:
                    t.join(30)
                names = sorted(os.listdir(os.path.join(data_dir, 'k')))
                for f in range(NFILES):
                    with open(os.path.join(data_dir, 'k', f'f{f}'), 'rb') as fh:
                        check_versioned(fh.read(), f)
                for n in names:
                    if n.startswith('log'):
                        with open(os.path.join(data_dir, 'k', n), encoding='utf-8') as fh:
                            check_log(fh.read())
                stray = [n for n in names if not (n.startswith('f') or n.startswith('log'))]
                assert all(n.startswith('.pystd-tmp-') for n in stray), stray
                # restart on the same data dir: everything is served, whole
                port_file = os.path.join(s.tmp, f'port{cycle}')
                s.proc = subprocess.Popen([BIN, '--bind', '127.0.0.1', '--port', '0', '--port-file', port_file,
                                           '--data-dir', data_dir, '--log-level', 'warn'],
                                          env=dict(os.environ, TZ='UTC'), stdout=s.log, stderr=subprocess.STDOUT)
                for _ in range(200):
                    if os.path.exists(port_file) and open(port_file).read().strip():
                        break
                    time.sleep(0.05)
                port = s.port = int(open(port_file).read())
                for f in range(NFILES):
                    st, body = post(port, '/v1/io/read', {'path': f'/k/f{f}', 'mode': 'rb'})
                    assert st == 200, body
                    check_versioned(base64.b64decode(body['result']), f)


if __name__ == '__main__':
    CrashTests().run()
