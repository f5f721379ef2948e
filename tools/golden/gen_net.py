#!/usr/bin/env python3
"""Generate the network conformance corpus tests/golden/net/urllib_request_{allow,deny}.jsonl from
CPython 3.11.7 (the companion of gen.py, whose corpus runs with no network at all).

    python3 tools/golden/gen_net.py [--out DIR] [--check] [--quiet]

The cases are tools/golden/model/_urllib_request_net.py's.  While they are answered, two upstreams
of tests/conformance/upstream.py listen on 127.0.0.1 (ephemeral ports) and the model's network
policy allows 127.0.0.1/32 (allow corpus) or nothing (deny corpus); URLs and answers carry the ports
as placeholders ({PORT}, {PORT2}, {CLOSED}), which tests/conformance/run_net.py fills in with its
own upstreams.  The deny corpus is generated with the upstreams listening too, and generation fails
if the model connected to them.  Same rules as gen.py: CPython 3.11.7 only (exit 2), deterministic
(--check regenerates and compares, exit 1 on a difference).
"""
import argparse
import ipaddress
import os
import shutil
import sys
import tempfile
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(ROOT, 'tests', 'golden', 'net')
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'conformance'))

import gen  # noqa: E402  (tools/golden/gen.py: the interpreter check, build, write)

CORPORA = ('allow', 'deny')


def generate(out_dir, quiet):
    import upstream
    from model import common, load, names
    for n in names():
        load(n)                                   # every op registered (os, robotparser, ...)
    from model import _urllib_request_net as net
    from model import urllib_request as rq
    os.makedirs(out_dir, exist_ok=True)
    ups = [upstream.Upstream().start(), upstream.Upstream().start()]
    rq.PORTS.update(PORT=ups[0].port, PORT2=ups[1].port, CLOSED=upstream.closed_port())
    try:
        for corpus in CORPORA:
            mod = types.SimpleNamespace(curated=getattr(net, corpus + '_curated'), cases=getattr(net, corpus + '_cases'))
            rq.ALLOW_NET[:] = [ipaddress.ip_network('127.0.0.1/32')] if corpus == 'allow' else []
            before = sum(u.connections for u in ups)
            data_dir = tempfile.mkdtemp(prefix='pystd-golden-net-')
            common.CONFIG['data_dir'] = data_dir
            name = 'urllib_request_' + corpus
            try:
                t0 = time.perf_counter()
                lines, st = gen.build(name, mod, common)
                path = gen.write(out_dir, name, lines)
            finally:
                shutil.rmtree(data_dir, ignore_errors=True)
            seen = sum(u.connections for u in ups) - before
            if corpus == 'deny' and seen:
                raise SystemExit(f"gen_net.py: the model connected {seen} time(s) to an upstream under the deny policy")
            if not quiet:
                errs = ', '.join(f"{k} {v}" for k, v in sorted(st['errors'].items()))
                print(f"{name}: {len(lines)} cases ({st['c']} curated, {st['r']} random, {st['dup']} duplicates "
                      f"dropped), {os.path.getsize(path)} bytes, {time.perf_counter() - t0:.1f} s, "
                      f"{seen} upstream connections; errors: {errs}", file=sys.stderr)
    finally:
        rq.PORTS.clear()
        rq.ALLOW_NET[:] = []
        for u in ups:
            u.stop()


def main(argv=None):
    gen.check_interpreter()
    gen.fix_environment(__file__)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', default=DEFAULT_OUT, help='output folder (default tests/golden/net)')
    ap.add_argument('--check', action='store_true', help='regenerate into a temporary folder and compare')
    ap.add_argument('--quiet', action='store_true')
    a = ap.parse_args(argv)
    if not a.check:
        generate(a.out, a.quiet)
        return 0
    return gen.check(lambda tmp: generate(tmp, True), [f'urllib_request_{c}.jsonl' for c in CORPORA], a.out,
                     'gen_net.py')


if __name__ == '__main__':
    sys.exit(main())
