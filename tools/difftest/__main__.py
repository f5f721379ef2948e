"""difftest: differential exploration of a live pystd against the project's reference model
(tools/golden/model: CPython 3.11.7 executing the API contract in-process).  Random and
adversarial requests, one generator module per group (groups/), each answered by the model and
by pystd and compared as the conformance corpus is (tests/conformance/run.py's modes).  A
developer tool: it finds what the committed corpus does not cover yet.

    python3 tools/difftest --url http://127.0.0.1:PORT --group re|json|codecs|url|robots|time|os|functools|random|all
        [--group ...] [--count N] [--seed S] [--seconds T] [--jobs J] [--show K]

Start pystd as the tests do: `TZ=UTC build/pystd --port PORT --data-dir $(mktemp -d)` (a fresh,
empty data dir for each run: the os group's sequences and the model's sandbox start from
nothing).  --count cases per group (a case is a request, or an os sandbox sequence of 6-32),
generated from random.Random('difftest:<group>:<seed>'), so a group's cases depend only on
the seed; --seconds stops a group earlier.  Prints each group's first --show mismatches (the
request, what the model expects, why pystd's answer differs), then per group
`<group>: N cases, R requests, M mismatches, K not implemented (skipped)`, and last
`difftest: R requests, M mismatches`; exit 1 when there is a mismatch.  Answers of
NotImplementedError (a codec pystd leaves out on purpose) are counted, not compared.

Runs only on CPython 3.11.7 (anything else: one line, exit 2).  Loopback only: the requests go
to --url and nowhere else.
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import client  # noqa: E402
import groups  # noqa: E402

BATCH = 200       # cases modelled, then sent, at a time


def parse(argv):
    ap = argparse.ArgumentParser(prog='tools/difftest', description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--url', required=True, help='the pystd under test, http://127.0.0.1:PORT')
    ap.add_argument('--group', action='append', choices=groups.NAMES + ['all'], required=True,
                    help='a group of operations (repeatable), or all')
    ap.add_argument('--count', type=int, default=1000, help='cases per group (default 1000)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--seconds', type=float, default=0, help='stop a group after this long (0: no limit)')
    ap.add_argument('--jobs', type=int, default=4, help='parallel connections (default 4)')
    ap.add_argument('--show', type=int, default=10, help='mismatches printed per group (default 10)')
    ap.add_argument('--timeout', type=float, default=30.0, help='seconds per request (default 30)')
    return ap.parse_args(argv)


class ServerGone(Exception):
    pass


def run_case(differ, local, steps):
    """Send the steps of one case in order -> [(step, None | 'skip' | reason)]."""
    if not hasattr(local, 'conn'):
        local.conn = differ.connection()
    out = []
    for step in steps:
        why = differ.send(step, local.conn)
        if why and why.startswith('no answer') and 'refused' in why:
            raise ServerGone(why)
        out.append((step, why))
    return out


def run_group(differ, name, a):
    mod = groups.load(name)
    rng = random.Random(f'difftest:{name}:{a.seed}')
    jobs = max(1, min(a.jobs, getattr(mod, 'JOBS', a.jobs)))
    modelled = getattr(mod, 'modelled', None)
    local = threading.local()
    t0 = time.perf_counter()
    ncases = nreq = nskip = 0
    bad = []
    by_path = {}
    if hasattr(mod, 'PREFLIGHT'):
        why = differ.send(differ.model(dict(mod.PREFLIGHT), mod.COMPARE), differ.connection())
        if why:
            print(f"{name}: not run: {mod.PREFLIGHT_HINT} ({why})")
            return 0, 1
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        while ncases < a.count and not (a.seconds and time.perf_counter() - t0 > a.seconds):
            batch = []
            for i in range(ncases, min(a.count, ncases + BATCH)):
                c = mod.case(rng, i)
                steps = c if isinstance(c, list) else [c]
                batch.append([differ.model(s, mod.COMPARE, modelled) for s in steps])
            ncases += len(batch)
            for results in pool.map(lambda steps: run_case(differ, local, steps), batch):
                for step, why in results:
                    nreq += 1
                    if why == 'skip':
                        nskip += 1
                    elif why:
                        bad.append((step, why))
                        by_path[step['path']] = by_path.get(step['path'], 0) + 1
    for step, why in bad[:max(0, a.show)]:
        print(f"--- {name}: {differ.describe(step)}\n    expected {differ.expected(step)}\n    {why}")
    if len(bad) > a.show > 0:
        print(f"... and {len(bad) - a.show} more {name} mismatches")
    print(f"{name}: {ncases} cases, {nreq} requests, {len(bad)} mismatches, {nskip} not implemented (skipped), "
          f"{time.perf_counter() - t0:.1f} s")
    for path, n in sorted(by_path.items(), key=lambda x: (-x[1], x[0])):
        print(f"    {n:6d} {path}")
    sys.stdout.flush()
    return nreq, len(bad)


def main(argv=None):
    client.refuse_other_interpreters()
    a = parse(argv)
    sys.stdout.reconfigure(errors='backslashreplace')
    os.environ['TZ'] = 'UTC'               # the model's time zone is the contract's (pystd runs with TZ=UTC)
    time.tzset()
    names = groups.NAMES if 'all' in a.group else list(dict.fromkeys(a.group))
    data_dir = tempfile.mkdtemp(prefix='pystd-difftest-')
    total_req = total_bad = 0
    try:
        differ = client.Differ(a.url, data_dir, a.timeout)
        for name in names:
            nreq, nbad = run_group(differ, name, a)
            total_req += nreq
            total_bad += nbad
    except ServerGone as e:
        print(f"difftest: pystd stopped answering ({e})")
        return 1
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"difftest: {total_req} requests, {total_bad} mismatches")
    return 1 if total_bad else 0


if __name__ == '__main__':
    sys.exit(main())
