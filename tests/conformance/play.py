#!/usr/bin/env python3
"""ctest's conformance.<module> and conformance.net_<allow|deny>: start a pystd as the
integration tests do (tests/integration/harness.py: 127.0.0.1, an ephemeral port, TZ=UTC, a
fresh empty --data-dir) and play one module of the committed corpus against it.

    python3 tests/conformance/play.py --bin build/pystd --module re --min-cases 4400
    python3 tests/conformance/play.py --bin build/pystd --net allow --min-cases 560

--module M plays tests/golden/conformance/M.jsonl with run.py; --net allow (pystd started with
--allow-net 127.0.0.1/32) or --net deny (no --allow-net) plays tests/golden/net/ with run_net.py
and its own loopback upstreams.  Fails unless every case passed and at least --min-cases ran
(tests/CMakeLists.txt sets it near each module's count), and when pystd does not stop cleanly
(a sanitizer report, a crash).  Standard library only; no Python oracle: the answers are data.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(TESTS, 'integration'))

import run  # noqa: E402  (tests/conformance/run.py)
import run_net  # noqa: E402
from harness import Server  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--bin', required=True, help='the pystd binary')
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument('--module', help='a module of tests/golden/conformance')
    what.add_argument('--net', choices=('allow', 'deny'), help='the network corpus, tests/golden/net')
    ap.add_argument('--min-cases', type=int, required=True, help='fail unless at least this many cases ran')
    ap.add_argument('--jobs', type=int, default=8)
    ap.add_argument('--show', type=int, default=20)
    a = ap.parse_args(argv)
    common = ['--min-cases', str(a.min_cases), '--jobs', str(a.jobs), '--show', str(a.show)]
    if a.module:
        path = os.path.join(TESTS, 'golden', 'conformance', a.module + '.jsonl')
        if not os.path.isfile(path):
            sys.exit(f"play.py: no such corpus file: {path}")
        # The corpus pins semantics, never a limit (no case expects a 422 ResourceLimitError);
        # its heaviest cases take ~0.1 s under ASan alone, but wall-clock limits of 1 s cut
        # them on a machine loaded with other sanitizer runs: the limits get room here, and
        # tests/hostile/ and the integration tests prove them.
        limits = ['--re-time-limit', '20', '--max-request-seconds', '30']
        with Server(os.path.abspath(a.bin), args=limits) as s:
            return run.main(['--url', s.url, '--cases', path] + common)
    args = ['--allow-net', '127.0.0.1/32'] if a.net == 'allow' else []
    with Server(os.path.abspath(a.bin), args=args) as s:
        return run_net.main(['--url', s.url, '--net', a.net] + common)


if __name__ == '__main__':
    sys.exit(main())
