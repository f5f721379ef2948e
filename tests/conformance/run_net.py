#!/usr/bin/env python3
"""Play the network conformance corpus against a live pystd, with its own upstream servers.

    python3 tests/conformance/run_net.py --url http://127.0.0.1:PORT --net allow|deny
        [--cases DIR] [--show N] [--jobs K] [--min-cases N] [--timeout S]

--net allow: that pystd runs with --allow-net 127.0.0.1/32; --net deny: it runs without.  This
starts two upstreams (tests/conformance/upstream.py) on 127.0.0.1, picks a closed port, fills the
placeholders of tests/golden/net/urllib_request_<net>.jsonl and urllib_request_<net>_*.jsonl
({PORT}, {PORT2}, {CLOSED}) and plays the cases with run.py (same comparisons, same output, last
line `conformance: N passed, M failed`).  In deny mode it also fails when any connection reached
an upstream.  Loopback only, every request bounded by --timeout; standard library only (any
Python 3.8+).
"""
import argparse
import glob
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import run  # noqa: E402  (tests/conformance/run.py)
import upstream  # noqa: E402

DEFAULT_CASES = os.path.join(os.path.dirname(HERE), 'golden', 'net')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--url', required=True, help='the pystd under test, http://HOST:PORT')
    ap.add_argument('--net', required=True, choices=('allow', 'deny'),
                    help='allow: pystd has --allow-net 127.0.0.1/32; deny: it has no --allow-net')
    ap.add_argument('--cases', default=DEFAULT_CASES, help='the folder of urllib_request_<net>.jsonl')
    ap.add_argument('--show', type=int, default=10)
    ap.add_argument('--jobs', type=int, default=8)
    ap.add_argument('--min-cases', type=int, default=1)
    ap.add_argument('--timeout', type=float, default=30.0)
    a = ap.parse_args(argv)

    src = os.path.join(a.cases, f'urllib_request_{a.net}.jsonl')
    if not os.path.isfile(src):
        sys.exit(f"run_net.py: no such file: {src}")
    srcs = [src] + sorted(glob.glob(os.path.join(a.cases, f'urllib_request_{a.net}_*.jsonl')))
    ups = [upstream.Upstream().start(), upstream.Upstream().start()]
    ports = {'PORT': ups[0].port, 'PORT2': ups[1].port, 'CLOSED': upstream.closed_port()}
    fd, filled = tempfile.mkstemp(prefix=f'run-net-{a.net}-', suffix='.jsonl')
    try:
        with os.fdopen(fd, 'w', encoding='utf-8') as out:
            for one in srcs:
                with open(one, encoding='utf-8') as f:
                    for line in f:
                        for k, v in ports.items():
                            line = line.replace('{' + k + '}', str(v))
                        out.write(line)
        rc = run.main(['--url', a.url, '--cases', filled, '--show', str(a.show), '--jobs', str(a.jobs),
                       '--min-cases', str(a.min_cases), '--timeout', str(a.timeout)])
        seen = sum(u.connections for u in ups)
        print(f"net ({a.net}): {seen} connection(s) reached the upstreams")
        if a.net == 'deny' and seen:
            print(f"FAIL deny: {seen} connection(s) reached an upstream (every target must be refused before "
                  f"connecting)")
            rc = 1
        return rc
    finally:
        os.unlink(filled)
        for u in ups:
            u.stop()


if __name__ == '__main__':
    sys.exit(main())
