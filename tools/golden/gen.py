#!/usr/bin/env python3
"""Generate the conformance corpus tests/golden/conformance/<module>.jsonl from CPython 3.11.7.

    python3 tools/golden/gen.py [--module M ...] [--out DIR] [--check] [--quiet]

Each model module (tools/golden/model/<module>.py, see model/common.py) gives
its curated() and cases(rng) requests; the model (CPython running the API
contract in-process) answers each one, and the request and its expected answer
become one JSON line:

    {"id": "<module>-<c|r>-<10 hex>", "module": M, "path": "/v1/...", "method": "POST",
     "query": "", "args": {...} | "body": "raw text", "compare": "exact",
     "expect": {"status": S, "body": {...}}}
    {"id": ..., "module": M, "steps": [<the same without id and module>...], ("isolated": true)}

The output is deterministic (fixed seeds, PYTHONHASHSEED=0, TZ=UTC, ids from a
hash of the request), so a second run is byte-identical: --check regenerates
into a temporary folder and compares with the committed files (exit 1 and the
names of the files that differ).  Runs only on CPython 3.11.7 (exit 2 otherwise):
the corpus is that version's answers.  tests/conformance/run.py plays it
against a live pystd.
"""
import argparse
import filecmp
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(ROOT, 'tests', 'golden', 'conformance')
ORACLE = (3, 11, 7)

CASE_KEYS = ('path', 'method', 'query', 'args', 'body', 'compare')
COMPARES = ('exact', 'ordered', 'type', 'shape')


def check_interpreter(tool='gen.py', what='the corpus is'):
    """Exit 2 with one line unless this is CPython 3.11.7 (`what` ... CPython 3.11.7's answers)."""
    if sys.implementation.name != 'cpython' or tuple(sys.version_info[:3]) != ORACLE:
        v = '.'.join(map(str, sys.version_info[:3]))
        print(f"{tool}: {what} CPython {'.'.join(map(str, ORACLE))}'s answers; "
              f"this is {sys.implementation.name} {v} ({sys.executable})", file=sys.stderr)
        sys.exit(2)


def fix_environment(script=__file__):
    """PYTHONHASHSEED=0 (re-exec `script` once if needed) and TZ=UTC."""
    if os.environ.get('PYTHONHASHSEED') != '0':
        env = dict(os.environ, PYTHONHASHSEED='0', TZ='UTC')
        os.execve(sys.executable, [sys.executable, os.path.abspath(script)] + sys.argv[1:], env)
    os.environ['TZ'] = 'UTC'
    time.tzset()


def normalise(c, where):
    """A case from a model module -> the request keys in the corpus order."""
    unknown = set(c) - set(CASE_KEYS)
    if unknown:
        raise SystemExit(f"{where}: unknown case keys {sorted(unknown)}")
    if not isinstance(c.get('path'), str) or not c['path'].startswith('/'):
        raise SystemExit(f"{where}: a case needs a path: {c!r}")
    if 'args' in c and 'body' in c:
        raise SystemExit(f"{where}: args and body together: {c!r}")
    compare = c.get('compare') or 'exact'
    if compare not in COMPARES:
        raise SystemExit(f"{where}: unknown compare {compare!r}")
    out = {"path": c['path'], "method": c.get('method') or 'POST', "query": c.get('query') or ''}
    if 'args' in c:
        out['args'] = c['args']
    if 'body' in c:
        if not isinstance(c['body'], str):
            raise SystemExit(f"{where}: body must be a str")
        out['body'] = c['body']
    out['compare'] = compare
    return out


def answer(common, step):
    """Fill in step['expect'] from the model; pystd's own validation (4xx) and
    its limits are compared by error type only."""
    exp = common.expect(step)
    err = exp['body'].get('error') if isinstance(exp['body'], dict) else None
    if exp['status'] not in (200, 422) or (err and err.get('type') == 'ResourceLimitError'):
        step['compare'] = 'type'
    step['expect'] = exp
    return step


def request_key(step):
    return [step['method'], step['path'], step['query'], step.get('args'), step.get('body')]


def request_hash(steps):
    text = json.dumps([request_key(s) for s in steps], ensure_ascii=True, sort_keys=False)
    return hashlib.sha256(text.encode('ascii')).hexdigest()[:10]


def to_line(obj):
    try:
        text = json.dumps(obj, ensure_ascii=False, allow_nan=True, separators=(',', ':'))
        text.encode('utf-8')
    except UnicodeEncodeError:       # a lone surrogate: escaped in this line only
        text = json.dumps(obj, ensure_ascii=True, allow_nan=True, separators=(',', ':'))
    return text


def build(module_name, mod, common):
    """-> list of corpus lines (dicts) for one module, and a summary."""
    seen = set()
    lines = []
    stats = {'c': 0, 'r': 0, 'dup': 0, 'status': {}, 'errors': {}}
    rng = random.Random(f"pystd-golden:{module_name}")
    batches = [('c', mod.curated())]
    batches.append(('r', mod.cases(rng)))
    for kind, batch in batches:
        for n, c in enumerate(batch):
            where = f"{module_name} {'curated' if kind == 'c' else 'cases'}[{n}]"
            if 'steps' in c:
                if set(c) - {'steps', 'isolated'}:
                    raise SystemExit(f"{where}: unknown keys {sorted(set(c) - {'steps', 'isolated'})}")
                steps = [normalise(s, where) for s in c['steps']]
            else:
                steps = [normalise(c, where)]
            key = request_hash(steps)
            cid = f"{module_name}-{kind}-{key}"
            if key in seen:                     # the same request(s) again: one is enough
                stats['dup'] += 1
                continue
            seen.add(key)
            for s in steps:
                answer(common, s)
                st = s['expect']['status']
                stats['status'][st] = stats['status'].get(st, 0) + 1
                err = s['expect']['body'].get('error') if isinstance(s['expect']['body'], dict) else None
                if err:
                    stats['errors'][err['type']] = stats['errors'].get(err['type'], 0) + 1
            if 'steps' in c:
                line = {"id": cid, "module": module_name, "steps": steps}
                if c.get('isolated'):
                    line['isolated'] = True
            else:
                line = dict({"id": cid, "module": module_name}, **steps[0])
            lines.append(line)
            stats[kind] += 1
    return lines, stats


def write(out_dir, module_name, lines):
    path = os.path.join(out_dir, module_name + '.jsonl')
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        for line in lines:
            f.write(to_line(line) + '\n')
    return path


def generate(modules, out_dir, quiet):
    warnings.simplefilter('ignore')       # re's FutureWarnings etc.: the answers are what matters
    from model import common
    import model
    loaded = {name: model.load(name) for name in model.names()}   # every op registered
    os.makedirs(out_dir, exist_ok=True)
    for name in modules:
        if name not in loaded:
            raise SystemExit(f"gen.py: no model module {name!r} (have: {', '.join(sorted(loaded))})")
        data_dir = tempfile.mkdtemp(prefix='pystd-golden-data-')
        common.CONFIG['data_dir'] = data_dir
        try:
            t0 = time.perf_counter()
            lines, st = build(name, loaded[name], common)
            path = write(out_dir, name, lines)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
        if not quiet:
            errs = ', '.join(f"{k} {v}" for k, v in sorted(st['errors'].items()))
            stat = ', '.join(f"{k}: {v}" for k, v in sorted(st['status'].items()))
            print(f"{name}: {len(lines)} cases ({st['c']} curated, {st['r']} random, {st['dup']} duplicates "
                  f"dropped), {os.path.getsize(path)} bytes, {time.perf_counter() - t0:.1f} s; "
                  f"status {stat}; errors: {errs}", file=sys.stderr)


def check(generate_into, filenames, out_dir, tool):
    """--check: generate_into(a temporary folder), then compare each of filenames there with
    out_dir's; print the files that differ (or that all agree) -> exit status 1 or 0."""
    tmp = tempfile.mkdtemp(prefix='pystd-golden-check-')
    try:
        generate_into(tmp)
        bad = []
        for fn in filenames:
            mine, theirs = os.path.join(tmp, fn), os.path.join(out_dir, fn)
            if not os.path.exists(theirs) or not filecmp.cmp(mine, theirs, shallow=False):
                bad.append(os.path.relpath(theirs, ROOT))
        for b in bad:
            print(f"{tool} --check: {b} differs from a fresh generation", file=sys.stderr)
        if not bad:
            print(f"{tool} --check: {len(filenames)} files regenerate byte-identically", file=sys.stderr)
        return 1 if bad else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None):
    check_interpreter()
    fix_environment()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--module', action='append', help='only this model module (repeatable)')
    ap.add_argument('--out', default=DEFAULT_OUT, help='output folder (default tests/golden/conformance)')
    ap.add_argument('--check', action='store_true',
                    help='regenerate into a temporary folder and compare with --out')
    ap.add_argument('--quiet', action='store_true')
    a = ap.parse_args(argv)
    sys.path.insert(0, HERE)
    import model
    modules = a.module or model.names()
    if not a.check:
        generate(modules, a.out, a.quiet)
        return 0
    return check(lambda tmp: generate(modules, tmp, True), [m + '.jsonl' for m in modules], a.out, 'gen.py')


if __name__ == '__main__':
    sys.exit(main())
