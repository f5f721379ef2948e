#!/usr/bin/env python3
"""The optional extra step of scripts/test.sh: the instruments of the shared folder beside the
clone (../shared, present on CI, absent from a user's clone) against pystd, each with its own
server started as the integration tests start theirs (tests/integration/harness.py):

    conformance/check.py                           every recorded case
    conformance/scenarios.py                       service, envelope and jobs scenarios
    conformance/net_check.py                       deny mode (no --allow-net)
    conformance/net_check.py --expect-allow-loopback   with --allow-net 127.0.0.1/32

    python3 scripts/shared_instruments.py --shared ../shared --bin build/pystd

Prints each tool's summary line; exit 0 only when all of them ran and reported 0 failed.
Nothing else in the repository reads ../shared: the project's own tests (ctest) carry their
expected answers as data.  tools/container-check (podman, root, an image build) is not run here.
"""
import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'integration'))

from harness import Server  # noqa: E402

RUNS = [
    ('check.py', [], []),
    ('scenarios.py', [], []),
    ('net_check.py', [], []),
    ('net_check.py', ['--expect-allow-loopback'], ['--allow-net', '127.0.0.1/32']),
]


def run(shared, binary, tool, tool_args, server_args):
    path = os.path.join(shared, 'conformance', tool)
    if not os.path.isfile(path):
        return f"{tool}: {path} not found", False
    t0 = time.monotonic()
    with Server(binary, args=server_args) as s:
        p = subprocess.run([sys.executable, path, '--url', s.url, *tool_args], capture_output=True, text=True,
                           timeout=1800, cwd=shared)
    out = p.stdout + p.stderr
    m = re.findall(r"(\d+) passed, (\d+) failed", out)
    name = ' '.join([tool] + tool_args)
    if not m:
        return f"{name}: no summary line (exit {p.returncode}):\n{out[-3000:]}", False
    passed, failed = map(int, m[-1])
    fails = [line for line in out.splitlines() if line.startswith('FAIL')][:10]
    text = f"{name}: {passed} passed, {failed} failed ({time.monotonic() - t0:.0f} s)"
    if fails:
        text += '\n  ' + '\n  '.join(f[:300] for f in fails)
    return text, failed == 0 and passed > 0 and p.returncode == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--shared', required=True, help='the shared folder (../shared)')
    ap.add_argument('--bin', required=True, help='the pystd binary')
    a = ap.parse_args()
    ok = True
    for tool, tool_args, server_args in RUNS:
        text, good = run(os.path.abspath(a.shared), os.path.abspath(a.bin), tool, tool_args, server_args)
        print(text, flush=True)
        ok = ok and good
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
