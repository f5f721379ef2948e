#!/usr/bin/env python3
"""Runs CPython 3.11's own regression suites through the pystd HTTP API and reports per suite:
the tests CPython passes, and of those how many pass through pystd, fail (a mismatch: the API
could express the test but pystd answered differently), are out of scope (the test needs something
the API cannot say) or hit errors (5xx, time-outs).

  python3 tools/pysuite/run.py --url http://127.0.0.1:8093 [--suite test_re] [--show 10] [--json OUT]

Each suite runs twice in a child process (worker.py): on real CPython (the denominator: the tests
CPython passes here), then with the shims standing in for re, json, codecs, ... . See README.md.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from pysuite.client import configure  # noqa: E402
from pysuite.suites import CHAINING, FAMILIES, SUITES, WALL_CLOCK  # noqa: E402


def run_worker(suite, mode, a):
    fd, out = tempfile.mkstemp(prefix=f'pysuite-{suite}-{mode}-', suffix='.json')
    os.close(fd)
    cmd = [sys.executable, os.path.join(HERE, 'worker.py'), '--suite', suite, '--mode', mode,
           '--url', a.url, '--timeout', str(a.timeout), '--http-timeout', str(a.http_timeout),
           '--out', out]
    if not a.bytes_out_of_scope:
        cmd.append('--no-bytes-out-of-scope')
    for o in a.only:
        cmd += ['--only', o]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE='1', PYTHONHASHSEED='0')
    try:
        proc = subprocess.run(cmd, env=env, timeout=a.suite_timeout, capture_output=True, text=True)
        crashed = proc.returncode != 0 and f'worker exit {proc.returncode}: {proc.stderr[-2000:]}'
    except subprocess.TimeoutExpired:
        crashed = f'worker killed after {a.suite_timeout} s'
    try:
        with open(out) as f:
            doc = json.load(f)
    except (OSError, ValueError):
        doc = {'records': [], 'fixture_errors': []}
    os.unlink(out)
    doc['crashed'] = crashed or None
    return doc


def baseline(suite, a):
    path = os.path.join(tempfile.gettempdir(),
                        f'pysuite-baseline-{sys.version.split()[0]}-{suite}.json')
    if not a.fresh_baseline and not a.only and os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    doc = run_worker(suite, 'baseline', a)
    if not doc['crashed'] and not a.only:
        with open(path, 'w') as f:
            json.dump(doc, f)
    return doc


def classify(base, shim):
    """Per CPython-passing test: passed / failed / oos / error, with details."""
    passing = [r['id'] for r in base['records'] if r['outcome'] == 'pass']
    got = {r['id']: r for r in shim['records']}
    fixture = shim.get('fixture_errors', [])
    rows = []
    for tid in passing:
        r = got.get(tid)
        if r is None:
            fe = next((f for f in fixture if _fixture_covers(f['id'], tid)), None)
            if fe is not None and fe.get('oos'):
                rows.append(dict(id=tid, status='oos', group=fe['oos'], detail=fe['detail'][-300:]))
            elif fe is not None:
                rows.append(dict(id=tid, status='error', detail=f'fixture {fe["id"]}: {fe["detail"]}'))
            elif shim.get('crashed'):
                rows.append(dict(id=tid, status='error', detail=f'not run: {shim["crashed"]}'))
            elif not tid.startswith('test.'):
                rows.append(dict(id=tid, status='oos', group="doctests of the real module's own "
                                                             'docstrings (not run through the shims)',
                                 detail=''))
            else:
                rows.append(dict(id=tid, status='oos', group='not collected under the shims',
                                 detail='the shimmed module does not define this test'))
            continue
        o = r['outcome']
        if o == 'pass':
            rows.append(dict(id=tid, status='passed', calls=r['calls']))
        elif o == 'fail' and tid in WALL_CLOCK:
            rows.append(dict(id=tid, status='oos', group='a wall-clock assertion (HTTP round trips '
                                                         'are not in-process speed)',
                             detail=r.get('detail', '')[-300:]))
        elif o == 'fail' and tid in CHAINING and '__suppress_context__' in r.get('detail', ''):
            rows.append(dict(id=tid, status='oos', group='exception chaining (__suppress_context__)',
                             detail=r.get('detail', '')[-300:]))
        elif o == 'fail':
            rows.append(dict(id=tid, status='failed', detail=r.get('detail', ''),
                             requests=r.get('requests', []), oos_seen=r.get('oos_seen')))
        elif o in ('server_error', 'timeout'):
            rows.append(dict(id=tid, status='error', detail=f'{o}: {r.get("detail", "")}',
                             requests=r.get('requests', [])))
        elif o == 'oos':
            rows.append(dict(id=tid, status='oos', group=r['group'], detail=r.get('detail', '')))
        elif o == 'nocall':
            rows.append(dict(id=tid, status='oos', group='no API call (the test exercises nothing '
                                                         'the API offers)', detail=''))
        else:  # skip / xfail under the shims while CPython passed it
            rows.append(dict(id=tid, status='oos', group=f'{o} under the shims',
                             detail=r.get('detail', '')))
    return rows


def _fixture_covers(fid, tid):
    # "setUpClass (test.test_x.Cls)" / "setUpModule (test.test_x)" / "import test.test_x"
    inner = fid[fid.find('(') + 1:fid.rfind(')')] if '(' in fid else fid.split()[-1]
    return tid.startswith(inner + '.')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument('--url', default='http://127.0.0.1:8093', help='a running pystd (loopback)')
    ap.add_argument('--suite', action='append', choices=sorted(SUITES), help='default: all ten')
    ap.add_argument('--show', type=int, default=10, help='mismatches and errors printed per suite')
    ap.add_argument('--show-groups', type=int, default=40, help='exact blockers listed (default 40)')
    ap.add_argument('--json', help='write every per-test result to this file')
    ap.add_argument('--timeout', type=float, default=180.0, help='seconds per test (default 180)')
    ap.add_argument('--http-timeout', type=float, default=20.0, help='seconds per request')
    ap.add_argument('--suite-timeout', type=float, default=1800.0, help='seconds per suite run')
    ap.add_argument('--bytes-out-of-scope', action=argparse.BooleanOptionalAction, default=True,
                    help='a 400 caused by {"$bytes"} or a 400/404 on an issue-17 addition counts '
                         'as out of scope (default on); off: it counts as failed')
    ap.add_argument('--fresh-baseline', action='store_true', help='rerun CPython (else cached)')
    ap.add_argument('--only', action='append', default=[], help='only test ids containing this')
    a = ap.parse_args()
    configure(a.url, a.http_timeout, a.bytes_out_of_scope)
    try:
        urllib.request.urlopen(a.url.rstrip('/') + '/healthz', timeout=5).read()
    except OSError as e:
        sys.exit(f'pystd is not answering at {a.url}: {e}')

    suites = a.suite or list(SUITES)
    report, all_rows = [], {}
    for s in suites:
        base = baseline(s, a)
        shim = run_worker(s, 'shim', a)
        rows = classify(base, shim)
        all_rows[s] = rows
        c = collections.Counter(r['status'] for r in rows)
        report.append((s, len(rows), c['passed'], c['failed'], c['oos'], c['error']))
        print(f'{s}: {len(rows)} CPython-passing, {c["passed"]} passed, {c["failed"]} failed, '
              f'{c["oos"]} out of scope, {c["error"]} errors'
              + (f'  [worker: {shim["crashed"][:200]}]' if shim.get('crashed') else ''),
              file=sys.stderr, flush=True)
    if a.json:
        with open(a.json, 'w') as f:
            json.dump({'url': a.url, 'bytes_out_of_scope': a.bytes_out_of_scope,
                       'suites': all_rows}, f, indent=1)
    print_report(report, all_rows, a.show, a.show_groups)


def print_report(report, all_rows, show, show_groups):
    print(f'{"suite":<18} {"CPython passes":>14} {"passed":>7} {"failed":>7} {"out of scope":>13} '
          f'{"errors":>7}')
    tot = [0] * 5
    for s, n, p, f, o, e in report:
        print(f'{s:<18} {n:>14} {p:>7} {f:>7} {o:>13} {e:>7}')
        tot = [x + y for x, y in zip(tot, (n, p, f, o, e))]
    n, p, f, o, e = tot
    print(f'{"total":<18} {n:>14} {p:>7} {f:>7} {o:>13} {e:>7}   '
          f'({100 * p / max(n, 1):.1f}% pass through pystd)')
    for s, rows in all_rows.items():
        bad = [r for r in rows if r['status'] in ('failed', 'error')]
        for r in bad[:show]:
            print(f'\n--- {r["status"].upper()} {r["id"]}'
                  + (f' (an OutOfScope was also raised: {r["oos_seen"]})' if r.get('oos_seen') else ''))
            print(r['detail'].rstrip()[-1500:])
            for q in r.get('requests', [])[-2:]:
                print('    ' + q)
        if len(bad) > show:
            print(f'\n... {len(bad) - show} more failures/errors in {s} (--show, --json)')
    groups = collections.defaultdict(collections.Counter)
    for s, rows in all_rows.items():
        for r in rows:
            if r['status'] == 'oos':
                groups[r['group']][s] += 1
    fam = collections.defaultdict(collections.Counter)
    for g, c in groups.items():
        fam[family(g)].update(c)
    print('\nout of scope, by feature (each test counted once, under the first blocker it met):')
    for f, c in sorted(fam.items(), key=lambda kv: -sum(kv[1].values())):
        per = ', '.join(f'{s} {k}' for s, k in c.most_common())
        print(f'{sum(c.values()):>5}  {f}  ({per})')
    print('\nout of scope, by the exact blocker:')
    ranked = sorted(groups.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    for g, c in ranked[:show_groups]:
        per = ', '.join(f'{s} {k}' for s, k in c.most_common())
        print(f'{sum(c.values()):>5}  {g}  ({per})')
    if len(ranked) > show_groups:
        rest = sum(sum(c.values()) for g, c in ranked[show_groups:])
        print(f'  ... {len(ranked) - show_groups} more blockers ({rest} tests): --show-groups, --json')


def family(group):
    return next(name for name, rx in FAMILIES if re.search(rx, group))


if __name__ == '__main__':
    main()
