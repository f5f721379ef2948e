#!/usr/bin/env python3
"""Differential explorer for time, os / os.path / io, functools / builtins.map
and random: random and adversarial requests sent to a running pystd and a
running pyref (CPython), compared on status and body.  A developer tool (not
run by ctest).

    python3 tools/diff_explore_b.py --pystd http://127.0.0.1:18282 \\
        --pyref http://127.0.0.1:8292 --n 2000 --seed 1 --module time

The sandbox requests are stateful: start both services on fresh, empty data
directories and run the same sequence against both (each case works under its
own top directory, so runs with different seeds do not collide).

Comparison: 422/200 bodies exactly (ints vs floats, -0.0, key order of
objects ignored); 400/404/405 on status and error type only (their message is
free text); os.stat's st_mtime is ignored.  Each difference prints the
request and both answers; the summary counts differences per operation.
"""
import argparse
import base64
import json
import math
import random
import struct
import sys
import urllib.error
import urllib.parse
import urllib.request

sys.set_int_max_str_digits(0)
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# ------------------------------------------------------------------ HTTP

def send(base, req, timeout=30):
    path = req['path']
    method = req.get('method', 'POST')
    url = base + path + ('?' + req['query'] if req.get('query') else '')
    data = None
    if method == 'POST':
        if 'body' in req:
            data = req['body'].encode('utf-8', 'surrogatepass')
        else:
            try:
                data = json.dumps(req.get('args', {}), ensure_ascii=False).encode('utf-8')
            except UnicodeEncodeError:
                data = json.dumps(req.get('args', {})).encode('ascii')
    r = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        r.add_header('Content-Type', 'application/json')
    try:
        with OPENER.open(r, timeout=timeout) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    except Exception as e:  # noqa: BLE001
        return None, f'{type(e).__name__}: {e}'
    try:
        return status, json.loads(raw.decode('utf-8'))
    except ValueError:
        return status, raw.decode('utf-8', 'replace')


def kind(v):
    if v is None:
        return 'null'
    if isinstance(v, bool):
        return 'bool'
    return type(v).__name__


def diff(a, b, path=''):
    if kind(a) != kind(b):
        return f'{path or "(top)"}: {kind(a)} {a!r:.200} vs {kind(b)} {b!r:.200}'
    if isinstance(a, float):
        if struct.pack('<d', a) != struct.pack('<d', b):
            return f'{path or "(top)"}: {a!r} vs {b!r}'
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff(x, y, f'{path}[{i}]')
            if d:
                return d
        if len(a) != len(b):
            return f'{path or "(top)"}: {len(a)} items vs {len(b)}'
        return None
    if isinstance(a, dict):
        if set(a) != set(b):
            return f'{path or "(top)"}: keys {sorted(a)} vs {sorted(b)}'
        for k in a:
            d = diff(a[k], b[k], f'{path}.{k}')
            if d:
                return d
        return None
    if a != b:
        return f'{path or "(top)"}: {a!r:.300} vs {b!r:.300}'
    return None


PYREF_ROOT = None   # --pyref-root: pyref's data dir; answers that leak it are counted, not shown


def compare(req, ref, got):
    (s1, b1), (s2, b2) = ref, got
    if s1 != s2:
        return f'status {s1} vs {s2}'
    if s1 in (400, 404, 405, 413):
        t1 = b1.get('error', {}).get('type') if isinstance(b1, dict) else b1
        t2 = b2.get('error', {}).get('type') if isinstance(b2, dict) else b2
        return None if t1 == t2 else f'error type {t1!r} vs {t2!r}'
    if req['path'] == '/v1/os/stat' and s1 == 200 and isinstance(b1, dict) and isinstance(b2, dict):
        b1 = {'result': {k: v for k, v in b1['result'].items() if k != 'st_mtime'}}
        b2 = {'result': {k: v for k, v in b2['result'].items() if k != 'st_mtime'}}
    if req.get('shape'):
        return None
    d = diff(b1, b2)
    if d and PYREF_ROOT and PYREF_ROOT in json.dumps(b1, ensure_ascii=False):
        return 'KNOWN: pyref names its real data root (an OSError raised outside its _named)'
    if d and PYREF_ROOT and isinstance(b1, dict) and isinstance(b2, dict):
        e1, e2 = b1.get('error') or {}, b2.get('error') or {}
        if (e1.get('type') == e2.get('type') == 'UnicodeEncodeError' and isinstance(e1.get('start'), int)
                and isinstance(e2.get('start'), int) and e1['start'] - e2['start'] == len(PYREF_ROOT)):
            return "KNOWN: pyref's UnicodeEncodeError position counts its real data root"
    return d


# ------------------------------------------------------------------ time

TM = ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst")
PARSE_DIRS = 'aAbBcdfHIjmMpSUwuVWyYGzZxX%'
ALL_DIRS = 'aAbBcCdDeEfFgGhHIjklmMnOpPrRsStTuUvVwWxXyYzZ+%Q#_-0^:.|123456789'
ZONES = ['Z', 'z', '+00', '+0000', '-0000', '+01:30', '-01:30', '+0130', '+013015', '+01:30:15', '-01:30:15.123456',
         '+013015.5', '+01:30:15.1234567', '+01:3015', '+0130:15', '+1', '+01:3', '+24:00', '+2359', '+2360',
         '+9999', '-2400', '+12:00:60', 'UTC', 'GMT', 'utc', 'gmt', 'EST', '', '+01:30:', '+01:', '+', '-', 'ZZ',
         '+0000 ', ' +0000', '+00:00:00.000000', '+0000.5', '-23:59:59.999999', '+01.30', '+01-30']
NAMES = ['Mon', 'monday', 'MONDAY', 'Tue', 'Tues', 'Wed', 'Thu', 'Thurs', 'Fri', 'Sat', 'Sun', 'sunday', 'Jan',
         'january', 'JAN', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'June', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
         'AM', 'am', 'PM', 'p.m.', 'a', 'UTC', 'GMT', 'utc', 'EST', 'MSK', 'Mo', 'Ju', 'Ma', 'S']


def rnd_secs(rng):
    k = rng.random()
    if k < 0.2:
        return rng.choice([0, -1, 1, 0.5, -0.5, -0.0, 1e-9, -1e-9, 0.9999999999, -0.9999999999, 2 ** 31, -2 ** 31,
                           2 ** 31 - 1, 2 ** 32, 2 ** 53, 2 ** 53 + 1, 2 ** 62, 2 ** 63 - 1, 2 ** 63, -2 ** 63,
                           -2 ** 63 - 1, 2 ** 64, 10 ** 20, -10 ** 20, 1e18, 1e19, -1e19, 9.2e18, 9.3e18, -9.3e18,
                           67767976233316800, 67767976233532799, 67767976233532800, -67768040609740800,
                           -67768040609740801, 67768036191676799, 67768036191676800, -62135596800, -62135596801,
                           -62167219200, -62167219201, 253402300799, 253402300800, 1e300, -1e300, 5e-324,
                           float('nan'), float('inf'), float('-inf'), 1.5e-7, 2.5, -2.5, 1e16 + 1, 4.5e15 + 0.5,
                           -86400.5, 86399.9999999, 2.0 ** 63, -2.0 ** 63, 9223372036854774784.0,
                           -9223372036854777856.0, 1e12 + 0.5, 2 ** 40 + 0.25, -(2 ** 40) - 0.75])
    if k < 0.5:
        return rng.randint(-2 ** 40, 2 ** 40)
    if k < 0.7:
        return round(rng.uniform(-1e12, 1e12), rng.randint(0, 9))
    if k < 0.85:
        return rng.randint(-70000000000000000, 70000000000000000)
    return rng.uniform(-1e11, 1e11)


def rnd_struct(rng):
    t = [rng.choice([1, 2, 99, 100, 999, 1000, 1900, 1969, 1970, 2000, 2024, 2038, 9999, 10000, 0, -1, -999,
                     -1000, -10000, 2 ** 31 - 1, -2 ** 31, 12345, 100000])
         if rng.random() < 0.5 else rng.randint(1, 3000),
         rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59),
         rng.randint(0, 6), rng.randint(1, 365), rng.choice([-1, 0, 1])]
    if rng.random() < 0.4:
        i = rng.randrange(9)
        t[i] = rng.choice([-2, -1, 0, 1, 7, 12, 13, 24, 31, 32, 59, 60, 61, 62, 365, 366, 367, 2 ** 31,
                           -2 ** 31 - 1, 2 ** 31 - 1, -2 ** 31, 2 ** 63, 1000])
    if rng.random() < 0.08:
        i = rng.randrange(9)
        t[i] = rng.choice([1.0, 2.5, '1', None, True, False, [1], -0.0, float('nan')])
    if rng.random() < 0.05:
        t = t[:rng.randint(0, 11)] + ([] if rng.random() < 0.5 else ['UTC', 0])
    if rng.random() < 0.5 and len(t) == 9:
        d = dict(zip(TM, t))
        if rng.random() < 0.5:
            d['tm_zone'] = rng.choice(['UTC', 'EST', 'GMT', None, 'Europe/X', '', 'é', 'x' * 300, 1])
            d['tm_gmtoff'] = rng.choice([0, -18000, 3600, None, 86399, 86400, -86400, 2 ** 40, 1.5, 'x', 5 * 3600 + 30])
        return d
    return t


def rnd_fmt(rng, dirs=ALL_DIRS, parse=False):
    parts = []
    for _ in range(rng.randint(1, 6)):
        r = rng.random()
        if r < 0.7:
            if not parse and rng.random() < 0.15:
                parts.append('%' + rng.choice(['-', '_', '0', '^', '#', 'E', 'O', '5', '10', '-_', '3.2'])
                             + rng.choice(dirs))
            else:
                parts.append('%' + rng.choice(dirs))
        else:
            parts.append(rng.choice([' ', '  ', '-', ':', '/', 'T', 'x', '\t', ',', '.', '(', ')', '[', '\\', '$',
                                     '^', '*', '+', '?', '|', '{', '}', 'é', '€', '\U0001d11e', '%', '\n', 'W']))
    return ''.join(parts)


def strptime_string(rng, fmt):
    # render the format on a random date, substituting the directives CPython can't print usefully
    t = [rng.randint(1, 9999) if rng.random() < 0.3 else rng.randint(1900, 2100), rng.randint(1, 12),
         rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 61), rng.randint(0, 6),
         rng.randint(1, 366), 0]
    out = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c == '%' and i + 1 < len(fmt):
            d = fmt[i + 1]
            i += 2
            if d == 'z':
                out.append(rng.choice(ZONES))
            elif d == 'Z':
                out.append(rng.choice(['UTC', 'GMT', 'utc', 'EST', 'gmt', '', 'CET']))
            elif d == 'f':
                out.append(str(rng.randint(0, 10 ** rng.randint(1, 7))))
            elif d in 'GuV':
                out.append(str(rng.choice({'G': [t[0], 0, 10000], 'u': [0, 1, 7, 8], 'V': [0, 1, 52, 53, 54]}[d])
                               if rng.random() < 0.2 else
                               {'G': t[0], 'u': rng.randint(1, 7), 'V': rng.randint(1, 53)}[d]))
            elif d in PARSE_DIRS:
                try:
                    import time as _t
                    out.append(_t.strftime('%' + d, tuple(t)))
                except Exception:  # noqa: BLE001
                    out.append('1')
            else:
                out.append(rng.choice(['1', 'x', '']))
        else:
            out.append(c)
            i += 1
    s = ''.join(out)
    r = rng.random()
    if r < 0.08:
        s = s.upper()
    elif r < 0.14:
        s = s.lower()
    elif r < 0.2:
        s = s + rng.choice([' ', 'x', '0', ' 1', '\n'])
    elif r < 0.25:
        s = s[:-1]
    elif r < 0.3:
        s = ' ' + s
    elif r < 0.35:
        s = s.replace(' ', '  ')
    elif r < 0.4:
        s = s.replace('0', '')
    elif r < 0.43 and s:
        j = rng.randrange(len(s))
        s = s[:j] + rng.choice(['\u0661', '\uff11', '\u00a0', '\u2003', '1']) + s[j + 1:]
    return s


def gen_time(rng):
    r = rng.random()
    P = '/v1/time/'
    if r < 0.35:
        fmt = rnd_fmt(rng, PARSE_DIRS if rng.random() < 0.85 else ALL_DIRS, parse=True)
        if rng.random() < 0.15:
            s = ' '.join(rng.choice(NAMES + ZONES + ['1', '01', '001', '12', '2024', '53', '0', '7', '366'])
                         for _ in range(rng.randint(1, 4)))
        else:
            s = strptime_string(rng, fmt)
        return {'path': P + 'strptime', 'args': {'string': s, 'format': fmt}}
    if r < 0.42:
        # ISO week / day-of-year combinations and their errors
        fmt = ' '.join(rng.sample(['%G', '%V', '%u', '%Y', '%j', '%U', '%W', '%w', '%a', '%A', '%y', '%m', '%d', '%b'],
                                  rng.randint(1, 4)))
        vals = {'%G': lambda: rng.choice([2019, 2020, 2021, 2024, 2026, 1, 9999, 1900]),
                '%Y': lambda: rng.choice([2019, 2020, 2021, 2024, 1, 9999, 1900, 1970]),
                '%V': lambda: rng.choice([0, 1, 2, 52, 53, 54]), '%u': lambda: rng.choice([0, 1, 4, 7, 8]),
                '%j': lambda: rng.choice([0, 1, 59, 60, 365, 366, 367]), '%U': lambda: rng.choice([0, 1, 52, 53, 54]),
                '%W': lambda: rng.choice([0, 1, 52, 53, 54]), '%w': lambda: rng.choice([0, 1, 6, 7]),
                '%a': lambda: rng.choice(['Mon', 'sun', 'SAT']), '%A': lambda: rng.choice(['Monday', 'sunday']),
                '%y': lambda: rng.choice([0, 68, 69, 99]), '%m': lambda: rng.choice([1, 2, 12, 13]),
                '%d': lambda: rng.choice([1, 29, 30, 31]), '%b': lambda: rng.choice(['Feb', 'dec'])}
        s = ' '.join(str(vals[f]()) for f in fmt.split(' '))
        return {'path': P + 'strptime', 'args': {'string': s, 'format': fmt}}
    if r < 0.47:
        s = rng.choice(['Thu Jan  1 00:00:00 1970', 'Mon Feb 29 12:00:00 2024', 'thu jan 1 0:0:0 1970',
                        'Thu Jan 01 00:00:00 1970 ', 'Thu  Jan 1 00:00:00 1970', 'Thu Jan 1 00:00:00 70',
                        'Fri Dec 31 23:59:61 9999', 'Sat Jan 1 00:00:00 0', 'Sun Jan 1 00:00:00 10000'])
        return {'path': P + 'strptime', 'args': {'string': s}}
    if r < 0.7:
        fmt = rnd_fmt(rng) if rng.random() < 0.8 else rng.choice(
            ['%', '%%', '%Y%', 'x%', '%E', '%O', '%Ey', '%Oy', '%EY', '%Od', '%c', '%x', '%X', '%s', '%z', '%Z', '%+',
             '%5', '%-', '%\x00', '\x00', 'a\x00b', '%Y\x00%m', '%\ud800', '\ud800', '%Y' * 200, '%c' * 50])
        args = {'format': fmt, 't': rnd_struct(rng)}
        return {'path': P + 'strftime', 'args': args}
    if r < 0.8:
        t = rnd_struct(rng)
        if rng.random() < 0.5 and isinstance(t, list) and len(t) == 9:
            t[rng.randrange(6)] = rng.randint(-10 ** 6, 10 ** 6)
        return {'path': P + 'mktime', 'args': {'t': t}}
    fn = rng.choice(['gmtime', 'localtime', 'ctime'])
    return {'path': P + fn, 'args': {'secs': rnd_secs(rng)}}


# ------------------------------------------------------------------ os.path (pure)

SEGS = ['', '', '.', '..', 'a', 'b', 'c.txt', '.bashrc', 'arch.tar.gz', 'd.', '..e', '...', 'é', ' ', 'x y', '.x.',
        '~', 'f\\g', '\U0001d11e', '....', '.a.', 'a..b', '\ud800', '\x00', 'ß', 'ﬁ', '..a.b', '*', '\n']


def ppath(rng):
    p = '/'.join(rng.choice(SEGS) for _ in range(rng.randint(0, 6)))
    r = rng.random()
    if r < 0.3:
        p = '/' + p
    elif r < 0.4:
        p = '//' + p
    elif r < 0.45:
        p = '///' + p
    elif r < 0.5:
        p = '////' + p
    if rng.random() < 0.25:
        p += rng.choice(['/', '//', '/.', '/..', '///'])
    return p


def gen_ospath(rng):
    fn = rng.choice(['split', 'splitext', 'basename', 'dirname', 'normpath', 'normcase', 'isabs', 'abspath',
                     'relpath', 'relpath', 'join', 'commonpath', 'commonpath', 'commonprefix'])
    P = '/v1/os/path/'
    if fn == 'join':
        paths = [ppath(rng) for _ in range(rng.randint(0, 4))]
        if rng.random() < 0.05:
            paths.append(rng.choice([1, None, b'x'.decode(), []]))
        return {'path': P + fn, 'args': {'a': ppath(rng), 'paths': paths}}
    if fn in ('commonpath', 'commonprefix'):
        ps = [ppath(rng) for _ in range(rng.randint(0, 4))]
        if rng.random() < 0.5 and ps:
            base = ps[0]
            ps = [base + rng.choice(['', '/x', 'x', '/', '/./y', '/../z', '//', '/.']) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.1:
            ps.append(rng.choice(['/', '', '.', '/a', 'a']))
        return {'path': P + fn, 'args': {'paths' if fn == 'commonpath' else 'list': ps}}
    args = {'path': ppath(rng)}
    if fn in ('abspath', 'relpath') and rng.random() < 0.6:
        args['cwd'] = rng.choice(['/', '/home/u', '/a/b/c', '//x', '///x', '/a/../b/', 'rel/dir', '', '/é', '.', '..',
                                  '/a/./b', ppath(rng)])
    if fn == 'relpath' and rng.random() < 0.7:
        args['start'] = rng.choice([ppath(rng), None, '/', '.', '..', '', '//', 'a'])
    if rng.random() < 0.1 and '\x00' not in json.dumps(args) and '\ud800' not in json.dumps(args, ensure_ascii=False):
        q = {k: v for k, v in args.items() if v is not None}
        return {'path': P + fn, 'method': 'GET', 'query': urllib.parse.urlencode(q)}
    return {'path': P + fn, 'args': args}


# ------------------------------------------------------------------ sandbox

SB_NAMES = ['f', 'g', 'd', 'd/f', 'd/g', 'd/e', 'd/e/f', 'e', 'é', '.h', 'a b', 'f/x', 'missing/x', 'd/../f', 'd/./g',
            'n' * 255, 'n' * 256, 'x\x00', '\U0001d11e']
TEXTS = ['hello', '', 'a\r\nb\rc\n', 'é€\U0001d11e', 'nul\x00in', '\ufeffbom', '\ud800', 'x' * 5000, '\r', '\r\n']
BLOBS = [b'\xff\xfe\x00', b'\xc3\xa9', b'\x80', b'', b'plain', b'a\r\nb', bytes(range(256)), b'\xed\xa0\x80',
         b'\xf0\x9d\x84', b'\xc3', b'\xef\xbb\xbfx', b'ok\r', b'\xe2\x82', b'a\xffb\xfec']


def spell(rng, top, rel):
    forms = [f'{top}/{rel}', f'{top}/{rel}', f'{top[1:]}/{rel}', f'/..{top}/{rel}', f'{top}/./{rel}',
             f'{top}//{rel}', f'{top}/zz/../{rel}', f'{top}/{rel}/', f'{top}/{rel}/.', f'{top}/{rel}/..',
             f'../{top[1:]}/{rel}', f'{top}///{rel}//']
    return rng.choice(forms)


def gen_sandbox(rng, case_no):
    top = '/t%d_%08x' % (case_no, rng.getrandbits(32))
    steps = [{'path': '/v1/os/mkdir', 'args': {'path': top}}]
    for _ in range(rng.randint(5, 30)):
        name = rng.choice(SB_NAMES)
        p = spell(rng, top, name) if rng.random() < 0.95 else rng.choice([top, top + '/', '', '/', '.', '..'])
        r = rng.random()
        if r < 0.2:
            mode = rng.choice(['w', 'w', 'a', 'wb', 'ab'])
            data = rng.choice(TEXTS) if 'b' not in mode else base64.b64encode(rng.choice(BLOBS)).decode()
            steps.append({'path': '/v1/io/write', 'args': {'path': p, 'data': data, 'mode': mode}})
        elif r < 0.32:
            args = {'path': p}
            if rng.random() < 0.6:
                args['mode'] = rng.choice(['r', 'rb'])
            steps.append({'path': '/v1/io/read', 'args': args})
        elif r < 0.42:
            steps.append({'path': '/v1/os/mkdir', 'args': {'path': p}})
        elif r < 0.5:
            args = {'path': p}
            if rng.random() < 0.6:
                args['exist_ok'] = rng.random() < 0.5
            steps.append({'path': '/v1/os/makedirs', 'args': args})
        elif r < 0.56:
            steps.append({'path': '/v1/os/remove', 'args': {'path': p}})
        elif r < 0.62:
            steps.append({'path': '/v1/os/rmdir', 'args': {'path': p}})
        elif r < 0.74:
            q = spell(rng, top, rng.choice(SB_NAMES)) if rng.random() < 0.9 else rng.choice([top, '', '/', top + '/..'])
            steps.append({'path': '/v1/os/' + rng.choice(['rename', 'replace']), 'args': {'src': p, 'dst': q}})
        elif r < 0.8:
            steps.append({'path': '/v1/os/stat', 'args': {'path': p}})
        elif r < 0.9:
            steps.append({'path': '/v1/os/path/' + rng.choice(['exists', 'isfile', 'isdir', 'getsize']),
                          'args': {'path': p}})
        else:
            steps.append({'path': '/v1/os/listdir', 'args': {'path': p}})
    steps.append({'path': '/v1/os/listdir', 'args': {'path': top}})
    return steps


def gen_os_misc(rng):
    r = rng.random()
    if r < 0.5:
        code = rng.choice([rng.randint(-5, 140), rng.randint(-2 ** 31, 2 ** 31), rng.choice(
            [2 ** 31, -2 ** 31 - 1, 2 ** 63, -2 ** 63, 2 ** 64, 10 ** 30, 2 ** 31 - 1, -2 ** 31])])
        return {'path': '/v1/os/strerror', 'args': {'code': code}}
    return gen_ospath(rng)


# ------------------------------------------------------------------ functools / map

FNAMES = {
    'operator': ['add', 'sub', 'mul', 'truediv', 'floordiv', 'mod', 'pow', 'neg', 'pos', 'abs', 'and_', 'or_', 'xor',
                 'lshift', 'rshift', 'concat', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'not_', 'truth', 'contains',
                 'getitem'],
    'builtins': ['abs', 'len', 'str', 'int', 'float', 'bool', 'repr', 'ord', 'chr', 'hex', 'bin', 'oct', 'round',
                 'min', 'max', 'sum', 'sorted'],
    'str': ['upper', 'lower', 'strip', 'lstrip', 'rstrip', 'title', 'capitalize', 'casefold', 'swapcase', 'split',
            'join', 'replace', 'startswith', 'endswith', 'find', 'count', 'zfill'],
    'math': ['sqrt', 'floor', 'ceil', 'gcd', 'lcm', 'factorial', 'isqrt', 'fabs', 'exp', 'log', 'log2', 'log10',
             'sin', 'cos', 'tan'],
}
ALLF = [f'{m}.{n}' for m, ns in FNAMES.items() for n in ns]
INTS = [0, 1, -1, 2, -2, 3, 5, 7, -7, 10, 16, 36, 37, 53, 63, 64, 65, 255, -256, 1000, 1023, 1024, 1025, 1074, 1075,
        2 ** 31, 2 ** 53, 2 ** 53 + 1, 2 ** 63 - 1, -2 ** 63, 2 ** 64, 10 ** 20, -10 ** 20, 2 ** 100, 3 ** 200,
        -(7 ** 150), 2 ** 1023, 2 ** 1024, 10 ** 308, 10 ** 309, -10 ** 400, 0x10FFFF, 0x110000, 2 ** 1100 + 1,
        True, False, 309, 310, 308, -308, -309, -323, -324, 17, 18, 19]
FLOATS = [0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.1, 1e16, 1e-7, 1e300, -1e300, 5e-324, 1.7976931348623157e308,
          3.141592653589793, 2.675, 1e22, 1e23, 100.0, -7.0, 1e15, 9.5, float('inf'), float('-inf'), float('nan'),
          1.0, -1.0, 2.0, 1e-300, 709.78, 710.0, 1 / 3, 2.5e-5, 4503599627370497.0, 9007199254740993.0, 0.30000000000000004,
          1e-5, 1e-4, 123456789012345678.0, 1e308, 4.35, 0.125, -1e-320, 2 ** 63 + 0.0, -(2 ** 63) + 0.0, 1e19]
STRS = ['', 'a', 'abc', 'Hello World', '  spaced  ', 'a,b,,c', 'ß', 'ǅungla', 'İstanbul', 'ﬁnance', 'ΣΑΣ', 'σς',
        '12', '-3', ' 42 ', '0x1f', '1_000', '1e3', 'inf', 'nan', '-0', '١٢٣', 'é', '\U0001d11e', "it's", 'a"b',
        'tab\there', '\x00', '3.14', 'A', '%s', '%d', '%r', '%5.2f', '%(a)s', '%c', '%%', '%', 'ΑΣ', 'aΣ', 'ŉ',
        '\u0345', '\ud800', '\x85', '\u2028', '+5', '1e500', '-iNF', '.5', '5.', 'ff', 'zz', '0_1', '08', '00',
        '0b1', '0o7', ' ', '\t\n', '\x1c', 'aaa', 'x' * 20, 'İ', 'ﬃ', 'ǈ', '1.5e3', '-1_0', '  1  ', '\u00a0',
        '\U000e0041', '\u0130\u0307']
LISTS = [[], [1, 2, 3], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, 2], [True, False], [None], ['x', 'y'],
         [2 ** 70, -1], [float('nan'), 1], [1, float('nan')], [[1, 2], [1]], [{}], [[]], [-0.0, 0.0], [0.0, -0.0],
         ['a', 1], [3, 1.5, True], [1, 2 ** 64, -2 ** 64], ['%s', 1], [None, None], [[1, 'a'], [1, 2]], [1, [1]],
         list(range(20, 0, -1)), [{'a': 1}, {'a': 1}]]
DICTS = [{}, {'a': 1}, {'a': 1, 'b': [2]}, {'b': 1, 'a': 2}]


def fval(rng, kinds='iifsbld'):
    k = rng.choice(kinds)
    if k == 'i':
        return rng.choice(INTS) if rng.random() < 0.6 else rng.randint(-1000, 1000)
    if k == 'f':
        return rng.choice(FLOATS) if rng.random() < 0.7 else round(rng.uniform(-1e6, 1e6), rng.randint(0, 8))
    if k == 's':
        return rng.choice(STRS)
    if k == 'b':
        return rng.choice([True, False, None])
    if k == 'l':
        return rng.choice(LISTS)
    return rng.choice(DICTS)


def fspec(rng):
    name = rng.choice(ALLF)
    if rng.random() < 0.2:
        p = {'partial': name}
        if rng.random() < 0.6:
            p['args'] = [fval(rng) for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.4:
            kw = rng.choice(['sep', 'maxsplit', 'base', 'ndigits', 'key', 'default', 'start', 'reverse', 'width',
                             'count', 'a', 'x', 'number', 'object', 'iterable', 'chars', 'prefix', 'sub', 'old'])
            p['keywords'] = {kw: fval(rng)}
        return p
    return name


def gen_functools(rng):
    fn = fspec(rng)
    kinds = rng.choice(['ii', 'ff', 'if', 'ss', 'sl', 'ifsbld', 'll', 'i', 'f', 'bi'])
    if rng.random() < 0.5:
        it = [fval(rng, kinds) for _ in range(rng.randint(0, 5))]
        args = {'function': fn, 'iterable': it}
        if rng.random() < 0.1:
            args['iterable'] = rng.choice(['abc', '', {'a': 1, 'b': 2}, 5, None, 1.5])
        if rng.random() < 0.3:
            args['initializer'] = fval(rng, kinds)
        return {'path': '/v1/functools/reduce', 'args': args}
    n = rng.randint(0, 5)
    its = [[fval(rng, kinds) for _ in range(n + rng.choice([0, 0, 0, 1, -1]))] for _ in range(rng.choice([1, 1, 2, 2, 3]))]
    if rng.random() < 0.05:
        its = rng.choice([[], ['abc'], [{'a': 1}], [[1], 'ab']])
    return {'path': '/v1/builtins/map', 'args': {'function': fn, 'iterables': its}}


# ------------------------------------------------------------------ random

RFUNCS = ['random', 'uniform', 'randint', 'randrange', 'getrandbits', 'choice', 'choices', 'sample', 'shuffle',
          'gauss', 'normalvariate', 'triangular', 'expovariate', 'randbytes']


def rseed(rng):
    k = rng.randrange(10)
    if k < 3:
        return rng.randrange(0, 1000)
    if k == 3:
        return -rng.randrange(1, 10 ** 20)
    if k == 4:
        return rng.getrandbits(rng.choice([31, 32, 33, 63, 64, 65, 128, 1000, 20000]))
    if k == 5:
        return rng.choice(['', 'a', 'ab' * 100, '日本', '😀', '\x00', '\ud800', 'é', 'x' * 3000, '\U0010ffff'])
    if k == 6:
        return rng.choice([2 ** 32 - 1, 2 ** 32, -2 ** 32, 2 ** 64 - 1, -(2 ** 64), 2 ** 19937, -1, 0, 10 ** 100])
    if k == 7:
        return rng.choice([1.5, True, [1], None, 'NaN', -0.0, {'a': 1}])
    return rng.randrange(10 ** 9)


def rnum(rng):
    return rng.choice([0, 1, -1, 0.0, -0.0, 0.5, 2, 10, -10, 1e300, -1e300, 1e-300, 5e-324, 2 ** 53, 2 ** 64,
                       10 ** 400, -10 ** 400, float('inf'), float('-inf'), float('nan'), 1.5, 3, 100, True,
                       rng.uniform(-100, 100), rng.randint(-100, 100)])


def rint(rng, big=True):
    if not big:   # counts CPython would really allocate (k of choices, randbytes, getrandbits): stay small
        return rng.choice([0, 1, -1, 2, 3, 5, 10, 32, 33, 64, 100, 1000, -2 ** 64, -2 ** 100, rng.randint(-100, 100),
                           1.0, 2.5, True, False, None])
    return rng.choice([0, 1, -1, 2, 3, 5, 10, 32, 33, 64, 100, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 64, 2 ** 100,
                       -2 ** 64, -2 ** 100, 10 ** 30, rng.randint(-100, 100), 1.0, 2.5, True, False, None])


def rlist(rng, n=None):
    n = rng.choice([0, 1, 2, 3, 5, 10, 30]) if n is None else n
    pool = [0, 1, -1, 2 ** 70, 1.5, -0.0, '', 'a', '日本', None, True, [], [1], {'k': 'v'}, float('nan')]
    return [rng.choice(pool) if rng.random() < 0.3 else rng.randrange(-50, 50) for _ in range(n)]


def gen_random(rng):
    fn = rng.choice(RFUNCS)
    a = {}
    if fn == 'uniform':
        a = dict(a=rnum(rng), b=rnum(rng))
    elif fn == 'randint':
        a = dict(a=rint(rng), b=rint(rng))
    elif fn == 'randrange':
        a = dict(start=rint(rng))
        if rng.random() < 0.7:
            a['stop'] = rint(rng)
        if rng.random() < 0.5:
            a['step'] = rint(rng)
    elif fn == 'getrandbits':
        a = dict(k=rint(rng, False))
    elif fn == 'choice':
        a = dict(seq=rlist(rng))
    elif fn == 'choices':
        pop = rlist(rng, rng.choice([0, 1, 2, 5]))
        a = dict(population=pop)
        w = rng.randrange(6)
        if w == 1:
            a['weights'] = [rng.choice([0, 1, 2, 0.5, -1, 1e300, float('inf'), float('nan'), 10 ** 400, True, 'x',
                                        None, -0.0]) for _ in range(len(pop) + rng.choice([0, 0, 1, -1]))]
        elif w == 2:
            c, cum = 0, []
            for _ in range(len(pop) + rng.choice([0, 0, 1])):
                c += rng.choice([0, 1, 2.5, 7, -1])
                cum.append(c)
            a['cum_weights'] = cum
        elif w == 3:
            a['weights'] = [1] * len(pop)
            a['cum_weights'] = [1] * len(pop)
        elif w == 4:
            a['weights'] = rng.choice([None, [], [0] * len(pop)])
        if rng.random() < 0.8:
            a['k'] = rint(rng, False) if rng.random() < 0.3 else rng.choice([0, 1, 2, 5, 20, -1])
    elif fn == 'sample':
        pop = list(range(rng.choice([0, 1, 3, 8, 20, 22, 100]))) if rng.random() < 0.5 else rlist(rng)
        a = dict(population=pop, k=rng.choice([0, 1, len(pop) // 2, len(pop), len(pop) + 1, -1, 2 ** 64, 1.0, True]))
        if rng.random() < 0.3:
            a['counts'] = [rng.choice([0, 1, 2, 5, -1, 1.5, True, 2 ** 64, None]) if rng.random() < 0.2 else
                           rng.choice([0, 1, 2, 5]) for _ in range(len(pop) + rng.choice([0, 0, 0, 1]))]
            if rng.random() < 0.6 and isinstance(a['k'], int):
                try:
                    a['k'] = min(a['k'], sum(x for x in a['counts'] if isinstance(x, int)))
                except TypeError:
                    pass
    elif fn == 'shuffle':
        a = dict(x=rlist(rng))
    elif fn in ('gauss', 'normalvariate'):
        if rng.random() < 0.7:
            a['mu'] = rnum(rng)
        if rng.random() < 0.7:
            a['sigma'] = rnum(rng)
    elif fn == 'triangular':
        for k in ('low', 'high', 'mode'):
            if rng.random() < 0.6:
                a[k] = rnum(rng) if rng.random() < 0.5 else rng.uniform(-5, 5)
    elif fn == 'expovariate':
        a = dict(lambd=rnum(rng))
    elif fn == 'randbytes':
        a = dict(n=rint(rng, False))
    r = rng.random()
    if r < 0.85:
        a['seed'] = rseed(rng)
        if rng.random() < 0.25:
            a['version'] = rng.choice([1, 2, 1, 2, 0, 3, True, 1.0])
    elif r < 0.95:
        rr = random.Random(rng.getrandbits(64) if rng.random() < 0.5 else rng.random())
        for _ in range(rng.choice([0, 1, 623, 624, 625, 1000])):
            rr.random()
        if rng.random() < 0.3:
            rr.gauss()
        st = rr.getstate()
        a['state'] = [st[0], list(st[1]), st[2]]
        if rng.random() < 0.15:
            a['state'][1][-1] = rng.choice([0, 624, 625, -1, 1])
        if rng.random() < 0.1:
            a['state'][2] = rng.choice([1, 1.5, True, 'x', 2 ** 64, float('nan')])
        if rng.random() < 0.05:
            a['state'][1][0] = 2 ** 32
    else:
        a['seed'] = None
        a['_shape'] = True
    if fn != 'randbytes' and rng.random() < 0.35:
        a['n'] = rng.choice([0, 1, 2, 3, 5, -1, None, 1.0])
    if rng.random() < 0.15:
        a['return_state'] = rng.choice([True, False, 1, None])
    shape = a.pop('_shape', False) or ('seed' in a and a['seed'] is None and 'state' not in a)
    req = {'path': '/v1/random/' + fn, 'args': a}
    if shape:
        req['shape'] = True
    return req


# ------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--pystd', required=True)
    ap.add_argument('--pyref', required=True)
    ap.add_argument('--n', type=int, default=1000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--module', choices=['time', 'os', 'ospath', 'sandbox', 'functools', 'random', 'all'],
                    default='all')
    ap.add_argument('--show', type=int, default=20, help='differences printed in full')
    ap.add_argument('--timeout', type=float, default=30)
    ap.add_argument('--pyref-root', help="pyref's --data-dir (answers leaking it are known pyref bugs)")
    a = ap.parse_args()
    global PYREF_ROOT
    PYREF_ROOT = a.pyref_root
    rng = random.Random(a.seed)
    mods = ['time', 'os', 'sandbox', 'functools', 'random'] if a.module == 'all' else [a.module]
    shown = ndiff = nreq = 0
    per_op = {}
    for i in range(a.n):
        m = mods[i % len(mods)]
        if m == 'time':
            seqs = [[gen_time(rng)]]
        elif m == 'ospath':
            seqs = [[gen_ospath(rng)]]
        elif m == 'os':
            seqs = [[gen_os_misc(rng)]] if rng.random() < 0.6 else [gen_sandbox(rng, i + a.seed * 1000003)]
        elif m == 'sandbox':
            seqs = [gen_sandbox(rng, i + a.seed * 1000003)]
        elif m == 'functools':
            seqs = [[gen_functools(rng)]]
        else:
            seqs = [[gen_random(rng)]]
        for steps in seqs:
            for req in steps:
                nreq += 1
                ref = send(a.pyref, req, a.timeout)
                got = send(a.pystd, req, a.timeout)
                d = compare(req, ref, got)
                if d and d.startswith('KNOWN'):
                    per_op[d] = per_op.get(d, 0) + 1
                    continue
                if d:
                    ndiff += 1
                    op = req['path']
                    per_op[op] = per_op.get(op, 0) + 1
                    if shown < a.show:
                        shown += 1
                        print(f'--- {op} {req.get("method", "POST")} '
                              f'{req.get("query") or json.dumps(req.get("args"), ensure_ascii=True)[:400]}')
                        print(f'    pyref: {ref[0]} {json.dumps(ref[1], ensure_ascii=True)[:400]}')
                        print(f'    pystd: {got[0]} {json.dumps(got[1], ensure_ascii=True)[:400]}')
                        print(f'    diff:  {d[:400]}')
    print(f'{nreq} requests, {ndiff} differences')
    for op, n in sorted(per_op.items(), key=lambda x: -x[1]):
        print(f'  {n:6d} {op}')
    return 1 if ndiff else 0


if __name__ == '__main__':
    sys.exit(main())
