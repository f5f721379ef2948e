#!/usr/bin/env python3
"""Differential fuzzer: random functools.reduce / builtins.map requests,
answered by pyref in-process (CPython itself) and by a running pystd, compared
as check.py compares them.  A developer tool (not run by ctest).

    python3 tools/fuzz_functools.py --url http://127.0.0.1:18731 [--n 5000] [--seed 1] [--show 20]

Prints each difference (request, expected, got) and a summary line.
"""
import argparse
import json
import math
import os
import random
import sys
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("PYSTD_SHARED") or os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared")
sys.path.insert(0, SHARED)
sys.path.insert(0, os.path.join(SHARED, "conformance"))
sys.set_int_max_str_digits(0)

from pyref import core  # noqa: E402
from pyref.modules import py_functools as F  # noqa: E402
import check  # noqa: E402

INTS = [0, 1, -1, 2, -2, 3, 5, 7, -7, 8, 10, 16, 36, 37, 100, 255, -256, 1000, 2 ** 31, 2 ** 53 + 1, 2 ** 63 - 1,
        -2 ** 63, 2 ** 64, 10 ** 20, -10 ** 20, 2 ** 100, 3 ** 200, -(7 ** 150), 0x10FFFF, 0x110000, 2 ** 1100,
        10 ** 400, 50001, -300, 323, 324, -308, -309, True, False]
FLOATS = [0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.1, 0.2, 0.3, 1e16, 1e-7, 1e300, -1e300, 5e-324, 1e-320,
          1.7976931348623157e308, 3.141592653589793, 2.675, 1e22, 123456789.123456789, 100.0, -7.0, 1e15, 9.5,
          float('inf'), float('-inf'), 0.125, 1.0, -1.0, 2.0, 1e-300, 709.0, 710.0, 1 / 3, 2.5e-5]
STRS = ['', 'a', 'abc', 'Hello World', '  spaced  ', 'a,b,,c', 'ß', 'ǅungla', 'İstanbul', 'ﬁnance', 'ΣΑΣ', 'σς',
        '12', '-3', ' 42 ', '0x1f', '0o17', '0b101', '1_000', '1__0', '_1', '1e3', 'inf', 'nan', '-0', '١٢٣', 'é',
        '\U0001d11e', "it's", 'a"b', '\'"', 'tab\there', 'line\nbreak', 'x' * 40, 'MiXeD cAsE', "o'neil mc-donald",
        '\x00', '3.14', 'A', '%s', '%d', '%5.2f', '%-4s|', '%(a)s', '%c', '%x %o', '%%', '%', '%r %a', '%+05d',
        '%#x', '%.3s', '%e', '%g', 'ΑΣ ΟΔΟΣ', 'Σ', 'aΣ', 'aΣb', 'ŉ', 'ǆ', 'ﬀ', 'ẞ', '\u0345', 'A\u0345Σ',
        '\u00a0x\u2028', '\x1c7', '\x85', '\u200b', '\ud800', '\udc00x', '  \t\n7\r ', '+5', '- 5', '٣.٤', '1e500',
        'Infinity', '-iNF', '.5', '5.', '  ', 'ff', 'FF', 'zz', 'Z', '0_0', '0_1', '08', '00', '0x_1f', 'ǈ',
        'ΐ', 'ß'.upper(), 'ﬃ', "they're bill's", 'ǅ', 'ς', 'ΑΣ.', 'a.Σ', "'", '\\', '\x7f', '\u0378', '\ue000']
LISTS = [[], [1, 2, 3], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, 2], [True, False], [None], ['x', 'y', 'z'],
         [2 ** 70, -1], [3, 1.5, True, 2 ** 64, -0.0], ['a', 'B', 'b', 'A', 'é', 'ß'], [[1, 2], [1], [1, 'a']],
         [float('inf'), 1, -float('inf')], [0.1] * 5, [[]], [{}], [[1], 2], list(range(70, 0, -1)),
         [5, 3, 8, 1, 9, 2, 7, 4, 6, 0] * 8, ['a,b', 'c'], ['%s', 1]]
DICTS = [{}, {'a': 1}, {'a': 1, 'b': [2]}, {'b': 1, 'a': 2}, {'it\'s': None}]
KWNAMES = ['sep', 'maxsplit', 'base', 'ndigits', 'key', 'default', 'start', 'reverse', 'object', 'encoding',
           'errors', 'number', 'a', 'b', 'x', 'n', 's', 'width', 'count', 'old', 'new', 'items', 'zz']


def value(rng, kinds='ifsbld'):
    k = rng.choice(kinds)
    if k == 'i':
        return rng.choice(INTS) if rng.random() < 0.6 else rng.randint(-1000, 1000)
    if k == 'f':
        return rng.choice(FLOATS) if rng.random() < 0.6 else round(rng.uniform(-1e6, 1e6), rng.randint(0, 8))
    if k == 's':
        return rng.choice(STRS)
    if k == 'b':
        return rng.choice([True, False, None])
    if k == 'l':
        return rng.choice(LISTS)
    return rng.choice(DICTS)


# argument kinds that make each function do real work (not just raise TypeError)
GOOD = {
    'operator.add': ['if', 'if'], 'operator.sub': ['if', 'if'], 'operator.mul': ['ifs', 'i'],
    'operator.truediv': ['if', 'if'], 'operator.floordiv': ['if', 'if'], 'operator.mod': ['ifs', 'ifl'],
    'operator.pow': ['if', 'if'], 'operator.and_': ['ib', 'ib'], 'operator.or_': ['ibd', 'ibd'],
    'operator.xor': ['ib', 'ib'], 'operator.lshift': ['i', 'i'], 'operator.rshift': ['i', 'i'],
    'operator.concat': ['sl', 'sl'], 'operator.lt': ['ifsl', 'ifsl'], 'operator.le': ['ifsl', 'ifsl'],
    'operator.gt': ['ifsl', 'ifsl'], 'operator.ge': ['ifsl', 'ifsl'], 'operator.eq': ['ifsld', 'ifsld'],
    'operator.ne': ['ifsld', 'ifsld'], 'operator.contains': ['sld', 'is'], 'operator.getitem': ['sld', 'is'],
    'builtins.round': ['if', 'i'], 'builtins.int': ['sif', 'i'], 'builtins.float': ['sif'],
    'builtins.min': ['ls'], 'builtins.max': ['ls'], 'builtins.sum': ['l'], 'builtins.sorted': ['ls'],
    'builtins.chr': ['i'], 'builtins.ord': ['s'], 'builtins.hex': ['i'], 'builtins.bin': ['i'], 'builtins.oct': ['i'],
    'str.split': ['s', 's', 'i'], 'str.join': ['s', 'ls'], 'str.replace': ['s', 's', 's', 'i'],
    'str.startswith': ['s', 's', 'i', 'i'], 'str.endswith': ['s', 's', 'i', 'i'], 'str.find': ['s', 's', 'i', 'i'],
    'str.count': ['s', 's', 'i', 'i'], 'str.zfill': ['s', 'i'], 'str.strip': ['s', 's'], 'str.lstrip': ['s', 's'],
    'str.rstrip': ['s', 's'], 'math.gcd': ['i', 'i', 'i'], 'math.lcm': ['i', 'i', 'i'], 'math.log': ['if', 'if'],
    'math.factorial': ['i'], 'math.isqrt': ['i'],
}


def good_call(rng):
    name = rng.choice(F.ALL_NAMES)
    ks = GOOD.get(name) or (['s'] if name.startswith('str.') else ['if'])
    n = rng.randint(1, len(ks)) if len(ks) > 1 else 1
    if name in ('builtins.round', 'str.zfill', 'operator.lshift', 'operator.pow', 'operator.mul'):
        small = True
    else:
        small = False
    its = []
    for j in range(n):
        col = [value(rng, ks[j]) for _ in range(4)]
        if small and j > 0:
            col = [v % 70 - 10 if isinstance(v, int) and not isinstance(v, bool) else v for v in col]
        its.append(col)
    return '/v1/builtins/map', {'function': name, 'iterables': its}


def kinds(rng):
    return rng.choice(['i', 'f', 's', 'if', 'is', 'sl', 'ifsbld', 'ii', 'ff', 'ss', 'l'])


def spec(rng):
    name = rng.choice(F.ALL_NAMES)
    if rng.random() < 0.25:
        p = {'partial': name}
        if rng.random() < 0.6:
            p['args'] = [value(rng, kinds(rng)) for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.5:
            p['keywords'] = {rng.choice(KWNAMES): value(rng, kinds(rng)) for _ in range(rng.randint(0, 2))}
        return p
    return name


def request(rng):
    if rng.random() < 0.5:
        return good_call(rng)
    fn = spec(rng)
    if rng.random() < 0.45:
        k = kinds(rng)
        it = [value(rng, k) for _ in range(rng.randint(0, 6))]
        if rng.random() < 0.1:
            it = value(rng, 'ifsbld')
        args = {'function': fn, 'iterable': it}
        if rng.random() < 0.3:
            args['initializer'] = value(rng, kinds(rng))
        return '/v1/functools/reduce', args
    nit = rng.choice([1, 1, 1, 2, 2, 3])
    its = []
    for _ in range(nit):
        k = kinds(rng)
        it = [value(rng, k) for _ in range(rng.randint(0, 5))]
        if rng.random() < 0.05:
            it = value(rng, 'ifsbld')
        its.append(it)
    return '/v1/builtins/map', {'function': fn, 'iterables': its}


def expected(path, args):
    body = json.dumps(args).encode()
    status, _h, data = core.dispatch('POST', path, '', body)
    return {'status': status, 'body': json.loads(data)}


def send(url, path, args, timeout):
    step = {'path': path, 'args': args}
    status, body, text, err = check.send(url, step, timeout)
    return status, body, text, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--url', required=True)
    ap.add_argument('--n', type=int, default=3000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--show', type=int, default=20)
    ap.add_argument('--timeout', type=float, default=30)
    a = ap.parse_args()
    sys.stdout.reconfigure(errors="backslashreplace")
    rng = random.Random(a.seed)
    bad = shown = 0
    for i in range(a.n):
        path, args = request(rng)
        try:
            exp = expected(path, args)
        except Exception as e:  # noqa: BLE001  (pyref itself failed: skip)
            print(f"pyref failed on {args}: {e}", file=sys.stderr)
            continue
        if exp['status'] == 400:
            mode = 'type'
        else:
            mode = 'exact'
        step = {'path': path, 'args': args, 'expect': exp, 'compare': mode}
        status, body, text, err = send(a.url.rstrip('/'), path, args, a.timeout)
        reason = f"no answer: {err}" if err else check.compare(step, status, body, text)
        if reason:
            bad += 1
            if shown < a.show:
                shown += 1
                print(f"--- #{i} {reason}\n    {path} {json.dumps(args, ensure_ascii=False)[:400]}\n"
                      f"    expected {json.dumps(exp, ensure_ascii=False)[:400]}\n"
                      f"    got      {json.dumps({'status': status, 'body': body}, ensure_ascii=False)[:400]}")
            if err and 'refused' in str(err):
                print("server gone", file=sys.stderr)
                break
    print(f"fuzz: {a.n - bad} agree, {bad} differ")


if __name__ == '__main__':
    main()
