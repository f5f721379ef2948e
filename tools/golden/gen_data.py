#!/usr/bin/env python3
"""Generate the tests' expected data from CPython 3.11.7: tests/golden/unit/* (read
by the check unit tests, tests/unit/test_*.c) and tests/golden/integration/*
(read by the integration tests) -- everything but the conformance corpus, which
gen.py and gen_net.py write.

    python3 tools/golden/gen_data.py [--file PATH ...] [--out DIR] [--check] [--list] [--quiet]

Nothing runs Python as an oracle at test time: the tests compare with these
files.  Each file is written by one module of tools/golden/data/ (its FILES
table: path under tests/golden/ -> (what it holds, generator)); the first line
of every file is a '#' comment naming what wrote it, and the readers skip '#'
lines.  Where CPython's full answer would be huge, the file
holds it compressed without loss (ranges, e.g. unicode_props.txt) or a
sample plus per-block SHA-512 digests of the full listing (unicode_names.txt);
the tests add oracle-free property checks (round trips) of their own.

Deterministic (fixed seeds, PYTHONHASHSEED=0, TZ=UTC): --check regenerates into
a temporary folder and compares byte for byte (exit 1 and the names of the files
that differ).  Runs only on CPython 3.11.7 (exit 2 otherwise).
"""
import argparse
import filecmp
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(ROOT, 'tests', 'golden')
sys.path.insert(0, HERE)

import gen  # noqa: E402  (tools/golden/gen.py: the interpreter check, the environment)


def fix_environment():
    """PYTHONHASHSEED=0 (re-exec this script once if needed), then gen.py's TZ=UTC."""
    if os.environ.get('PYTHONHASHSEED') != '0':
        env = dict(os.environ, PYTHONHASHSEED='0', TZ='UTC')
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)
    gen.fix_environment()


def write(out_dir, name, what, lines):
    path = os.path.join(out_dir, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(f"# tests/golden/{name}: {what} -- written by tools/golden/gen_data.py (CPython 3.11.7); "
                f"do not edit\n")
        for line in lines:
            f.write(line + '\n')
    return path


def generate(files, out_dir, quiet):
    import data
    table = data.files()
    for name in files:
        if name not in table:
            raise SystemExit(f"gen_data.py: no file {name!r} (have: {', '.join(sorted(table))})")
        what, fn = table[name]
        t0 = time.perf_counter()
        lines = list(fn())
        path = write(out_dir, name, what, lines)
        if not quiet:
            print(f"{name}: {len(lines)} lines, {os.path.getsize(path)} bytes, {time.perf_counter() - t0:.1f} s",
                  file=sys.stderr)


def main(argv=None):
    gen.check_interpreter()
    fix_environment()
    sys.set_int_max_str_digits(0)     # ints of any size, as the API has them
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--file', action='append', help='only this file, e.g. unit/re_cases.txt (repeatable)')
    ap.add_argument('--out', default=DEFAULT_OUT, help='output folder (default tests/golden)')
    ap.add_argument('--check', action='store_true', help='regenerate into a temporary folder and compare')
    ap.add_argument('--list', action='store_true', help='list the files and what they hold')
    ap.add_argument('--quiet', action='store_true')
    a = ap.parse_args(argv)
    import data
    table = data.files()
    if a.list:
        for name, (what, _fn) in sorted(table.items()):
            print(f"{name}: {what}")
        return 0
    files = a.file or sorted(table)
    if not a.check:
        generate(files, a.out, a.quiet)
        return 0
    tmp = tempfile.mkdtemp(prefix='pystd-golden-data-')
    try:
        generate(files, tmp, True)
        bad = [name for name in files
               if not os.path.exists(os.path.join(a.out, name))
               or not filecmp.cmp(os.path.join(tmp, name), os.path.join(a.out, name), shallow=False)]
        for name in bad:
            print(f"gen_data.py --check: {os.path.relpath(os.path.join(a.out, name), ROOT)} differs from a "
                  f"fresh generation", file=sys.stderr)
        if not bad:
            print(f"gen_data.py --check: {len(files)} files regenerate byte-identically", file=sys.stderr)
        return 1 if bad else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
