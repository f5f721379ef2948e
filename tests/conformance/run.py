#!/usr/bin/env python3
"""Play the conformance corpus (tests/golden/conformance/*.jsonl) against a live pystd.

    python3 tests/conformance/run.py --url http://127.0.0.1:PORT --cases FILE|DIR [--cases ...]
        [--module M ...] [--id ID ...] [--show N] [--jobs K] [--min-cases N] [--timeout S]

Each case is a request and the answer CPython 3.11.7 gave it (tools/golden/gen.py
wrote them); this sends the request and compares.  Prints `module: N passed, M
failed` per module, the first --show failures with what differs, and last
`conformance: N passed, M failed`.  Exit 0 only when nothing failed and at least
--min-cases cases ran.  Standard library only; any Python 3.8+ runs it (it
compares, it is not an oracle).

Compare modes: exact (status, and the JSON bodies equal: int != float,
bool != int, floats as doubles with -0.0 != 0.0, object key order ignored),
ordered (exact, and the key order of objects under "result" equal), type
(status and error.type), shape (status; same JSON types, object keys and array
lengths recursively).  A case with "steps" runs them in order on one
connection (the first failing step fails it); "isolated": true cases run one at
a time after all the others.
"""
import argparse
import glob
import http.client
import json
import os
import queue
import struct
import sys
import threading
import time
import urllib.parse

if hasattr(sys, 'set_int_max_str_digits'):
    sys.set_int_max_str_digits(0)          # the corpus has ints of any size


# ------------------------------------------------------------------ the corpus

def load(paths, modules, ids):
    files = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(glob.glob(os.path.join(p, '*.jsonl')))
            if not found:
                sys.exit(f"run.py: no .jsonl files in {p}")
            files += found
        elif os.path.isfile(p):
            files.append(p)
        else:
            sys.exit(f"run.py: no such file or folder: {p}")
    out = []
    for fn in files:
        with open(fn, encoding='utf-8') as f:
            for n, line in enumerate(f, 1):
                if not line.strip() or line.startswith('#'):      # '#': a comment (what wrote the file)
                    continue
                try:
                    c = json.loads(line)
                except ValueError as e:
                    sys.exit(f"run.py: {fn}:{n}: not a JSON line: {e}")
                if modules and c.get('module') not in modules:
                    continue
                if ids and c.get('id') not in ids:
                    continue
                out.append(c)
    return out


# ------------------------------------------------------------------ HTTP

def request_body(step):
    """The bytes to send (None: no body), as tools/golden/model/common.py sends them."""
    if 'body' in step:
        return step['body'].encode('utf-8', 'surrogatepass')
    if step.get('method', 'POST') == 'GET':
        return None
    if 'args' not in step:
        return b''
    try:
        return json.dumps(step['args'], ensure_ascii=False).encode('utf-8')
    except UnicodeEncodeError:             # a lone surrogate travels as a \\uXXXX escape
        return json.dumps(step['args']).encode('ascii')


class Client:
    """One keep-alive connection (one per worker thread)."""

    def __init__(self, url, timeout):
        u = urllib.parse.urlsplit(url)
        if u.scheme != 'http' or not u.hostname:
            sys.exit(f"run.py: --url must be http://HOST:PORT, not {url!r}")
        self.host, self.port, self.timeout = u.hostname, u.port or 80, timeout
        self.conn = None

    def _once(self, method, target, body):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {}
        if body is not None:
            headers['Content-Type'] = 'application/json'
            headers['Content-Length'] = str(len(body))
        self.conn.request(method, target, body=body, headers=headers)
        r = self.conn.getresponse()
        raw = r.read()
        if r.getheader('Connection', '').lower() == 'close':
            self.close()
        return r.status, raw

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def send(self, step):
        """-> (status, raw bytes, transport error or None)"""
        target = step['path'] + ('?' + step['query'] if step.get('query') else '')
        body = request_body(step)
        method = step.get('method', 'POST')
        for attempt in (1, 2):
            reused = self.conn is not None
            try:
                status, raw = self._once(method, target, body)
                return status, raw, None
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
                self.close()
                if not reused or attempt == 2:    # a fresh connection failed: that is the answer
                    return None, b'', f"{type(e).__name__}: {e}"
            except (OSError, http.client.HTTPException) as e:
                self.close()
                return None, b'', f"{type(e).__name__}: {e}"
        return None, b'', 'unreachable'


# ------------------------------------------------------------------ comparing

def kind(v):
    if v is None:
        return 'null'
    if isinstance(v, bool):
        return 'bool'
    if isinstance(v, int):
        return 'int'
    if isinstance(v, float):
        return 'float'
    if isinstance(v, str):
        return 'str'
    if isinstance(v, list):
        return 'array'
    return 'object'


def short(v, n=160):
    s = json.dumps(v, ensure_ascii=True)
    return s if len(s) <= n else s[:n] + '...'


def diff(exp, got, at, ordered, shape=False):
    """The first difference between two JSON values (a sentence), or None."""
    ke, kg = kind(exp), kind(got)
    where = at or '(top)'
    if ke != kg:
        return f"at {where}: expected {ke} {short(exp)}, got {kg} {short(got)}"
    if ke == 'array':
        if len(exp) != len(got):
            return f"at {where}: expected {len(exp)} items, got {len(got)}: {short(got)}"
        for i, (a, b) in enumerate(zip(exp, got)):
            d = diff(a, b, f"{at}[{i}]", ordered, shape)
            if d:
                return d
        return None
    if ke == 'object':
        if set(exp) != set(got):
            missing = [k for k in exp if k not in got]
            extra = [k for k in got if k not in exp]
            return f"at {where}: keys differ: missing {short(missing, 80)}, unexpected {short(extra, 80)}"
        for k in exp:
            d = diff(exp[k], got[k], f"{at}.{k}", ordered, shape)
            if d:
                return d
        if ordered and list(exp) != list(got):
            return f"at {where}: key order: expected {short(list(exp), 80)}, got {short(list(got), 80)}"
        return None
    if shape:
        return None
    if ke == 'float':
        if struct.pack('<d', exp) != struct.pack('<d', got):
            return f"at {where}: expected {exp!r}, got {got!r}"
        return None
    if exp != got:
        if ke == 'str' and len(exp) > 60:
            i = next((i for i, (a, b) in enumerate(zip(exp, got)) if a != b), min(len(exp), len(got)))
            return (f"at {where}: strings differ at index {i}: expected ...{short(exp[max(0, i - 20):i + 40], 90)}, "
                    f"got ...{short(got[max(0, i - 20):i + 40], 90)}")
        return f"at {where}: expected {short(exp)}, got {short(got)}"
    return None


def error_type(body):
    if isinstance(body, dict) and isinstance(body.get('error'), dict):
        return body['error'].get('type')
    return None


def check(step, status, raw, transport):
    """None when pystd's answer conforms, else why not (one line)."""
    if transport:
        return f"no answer: {transport}"
    exp = step['expect']
    if status != exp['status']:
        return f"status: expected {exp['status']}, got {status}: {raw[:300].decode('utf-8', 'replace')}"
    try:
        body = json.loads(raw.decode('utf-8'))
    except ValueError:
        return f"the answer is not JSON: {raw[:200]!r}"
    mode = step.get('compare', 'exact')
    eb = exp['body']
    if mode == 'type' or (mode == 'shape' and error_type(eb)):
        if error_type(eb) is not None or error_type(body) is not None:
            if error_type(eb) != error_type(body):
                return f"error type: expected {error_type(eb)!r}, got {error_type(body)!r}: {short(body)}"
            return None
        return diff(eb, body, '', False, shape=True)
    if mode == 'shape':
        return diff(eb, body, '', False, shape=True)
    if isinstance(eb, dict) and isinstance(body, dict) and set(eb) == set(body) and 'result' in eb:
        for k in eb:                        # "result" (ordered mode applies there) then extras
            d = diff(eb[k], body[k], k, mode == 'ordered' and k == 'result')
            if d:
                return d
        return None
    return diff(eb, body, '', False)


def run_case(client, c):
    """-> None or (step index, reason)"""
    seq = c['steps'] if 'steps' in c else [c]
    for i, step in enumerate(seq):
        status, raw, transport = client.send(step)
        why = check(step, status, raw, transport)
        if why:
            return i, why
    return None


# ------------------------------------------------------------------ main

def describe(c, i):
    step = c['steps'][i] if 'steps' in c else c
    what = step.get('args', step.get('body', step.get('query', '')))
    pre = f"step {i + 1}/{len(c['steps'])}: " if 'steps' in c else ''
    return f"{pre}{step.get('method', 'POST')} {step['path']} {short(what, 300)}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--url', required=True, help='the pystd under test, http://HOST:PORT')
    ap.add_argument('--cases', action='append', required=True, help='a .jsonl file or a folder of them')
    ap.add_argument('--module', action='append', help='only this module (repeatable)')
    ap.add_argument('--id', action='append', help='only this case id (repeatable)')
    ap.add_argument('--show', type=int, default=10, help='failures to print (default 10)')
    ap.add_argument('--jobs', type=int, default=8, help='parallel connections (default 8)')
    ap.add_argument('--min-cases', type=int, default=1, help='fail unless at least this many cases ran')
    ap.add_argument('--timeout', type=float, default=30.0, help='seconds per request (default 30)')
    a = ap.parse_args(argv)

    cases = load(a.cases, set(a.module or ()), set(a.id or ()))
    url = a.url.rstrip('/')
    results = [None] * len(cases)
    todo = queue.Queue()
    for i, c in enumerate(cases):
        if not c.get('isolated'):
            todo.put(i)

    def worker():
        client = Client(url, a.timeout)
        try:
            while True:
                try:
                    i = todo.get_nowait()
                except queue.Empty:
                    return
                results[i] = run_case(client, cases[i]) or 'ok'
        finally:
            client.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, a.jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    client = Client(url, a.timeout)           # then the isolated ones, one at a time
    for i, c in enumerate(cases):
        if c.get('isolated'):
            results[i] = run_case(client, c) or 'ok'
    client.close()
    elapsed = time.perf_counter() - t0

    per = {}
    failures = []
    for c, r in zip(cases, results):
        p = per.setdefault(c.get('module', '?'), [0, 0])
        if r == 'ok':
            p[0] += 1
        else:
            p[1] += 1
            failures.append((c, r))
    for m in sorted(per):
        print(f"{m}: {per[m][0]} passed, {per[m][1]} failed")
    for c, (i, why) in failures[:max(0, a.show)]:
        print(f"FAIL {c['id']}: {describe(c, i)}\n     {why}")
    if len(failures) > a.show > 0:
        print(f"... and {len(failures) - a.show} more failures")
    passed = sum(p[0] for p in per.values())
    failed = sum(p[1] for p in per.values())
    ok = failed == 0 and len(cases) >= a.min_cases
    if len(cases) < a.min_cases:
        print(f"run.py: only {len(cases)} cases ran, fewer than --min-cases {a.min_cases}")
    print(f"({len(cases)} cases in {elapsed:.1f} s, {a.jobs} connections)", file=sys.stderr)
    print(f"conformance: {passed} passed, {failed} failed")
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
