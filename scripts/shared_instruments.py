#!/usr/bin/env python3
"""The optional extra step of scripts/test.sh: the instruments of the shared folder beside the
clone (../shared, present on CI, absent from a user's clone) against pystd, each with its own
server started as the integration tests start theirs (tests/integration/harness.py):

    conformance/check.py                           every recorded case
    conformance/scenarios.py                       service, envelope and jobs scenarios
    conformance/net_check.py                       deny mode (no --allow-net)
    conformance/net_check.py --expect-allow-loopback   with --allow-net 127.0.0.1/32

    python3 scripts/shared_instruments.py --shared ../shared --bin build/pystd

Prints each tool's summary line; exit 0 only when all of them ran and reported 0 failed, except
for failures that are the issues' extensions of the contract (EXTENSIONS: the shared reference
does not know them), each printed on a line of its own with the issue that makes the difference.
Nothing else in the repository reads ../shared: the project's own tests (ctest) carry their
expected answers as data.  tools/container-check (podman, root, an image build) is not run here.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'integration'))

from harness import Server  # noqa: E402

# Where an issue extends API v1, the issue is the contract and the shared reference answers the
# old way: (what differs, a test of one failure's request args and expected answer).
EXTENSIONS = [
    ("issue 17: a float seed is seeded as CPython 3.11 seeds it (API v1: 400)",
     lambda path, args, expected: path.startswith('/v1/random/') and isinstance(args.get('seed'), float)
     and expected.get('status') == 400 and 'seed' in json.dumps(expected.get('body', ''))),
]


# scenarios.py's failures that are extensions: (what differs, its FAIL line, as a regex)
SCENARIO_EXTENSIONS = [
    ("issue 18: POST /v1/batch is documented, and is no module function of GET /v1",
     r"FAIL service_openapi \([0-9.]+ s\): documented but not in GET /v1: /v1/batch"),
]


def failures(out):
    """check.py's failure blocks: (id, path, args, expected)."""
    blocks = re.split(r'^--- ', out, flags=re.M)[1:]
    res = []
    for b in blocks:
        fid = b.split(' ', 1)[0]
        req = re.search(r'^\s+request:\s+\S+ (\S+)', b, re.M)
        args = re.search(r'^\s+args:\s+(.*)$', b, re.M)
        exp = re.search(r'^\s+expected:\s+(.*)$', b, re.M)
        try:
            res.append((fid, req.group(1).split('?')[0], json.loads(args.group(1)), json.loads(exp.group(1))))
        except (AttributeError, ValueError):
            res.append((fid, None, None, None))
    return res


def extension_of(f):
    _fid, path, args, expected = f
    if path is None or not isinstance(args, dict) or not isinstance(expected, dict):
        return None
    for why, test in EXTENSIONS:
        if test(path, args, expected):
            return why
    return None


RUNS = [
    ('check.py', ['--show', '200'], []),
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
    if tool == 'check.py':
        found = failures(out)
        known = [(f[0], extension_of(f)) for f in found]
    else:
        found = [line for line in out.splitlines() if line.startswith('FAIL')]
        known = [(line.split(' ')[1], next((why for why, rx in SCENARIO_EXTENSIONS if re.fullmatch(rx, line)), None))
                 for line in found]
    explained = [k for k in known if k[1]]
    for fid, why in explained:
        text += f"\n  EXTENSION {fid}: {why}"
    if failed and len(found) == failed and len(explained) == failed:
        return text, passed > 0  # every failure is an issue's extension of the contract
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
