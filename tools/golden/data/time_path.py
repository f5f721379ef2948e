"""tests/golden/unit/: time and posixpath answers for tests/unit/test_time.c and
test_fs_posixpath.c, from CPython 3.11.7 with TZ=UTC.

One JSON object a line: {"f": NAME, "a": [ARGS...], "r": RESULT} or
{"f": NAME, "a": [ARGS...], "e": [EXCEPTION TYPE, str(exc)]}.  Struct times are
objects with the tm_* keys (tm_zone, tm_gmtoff included).
  time.jsonl       strptime / strftime / gmtime / localtime / ctime / mktime, random cases
  posixpath.jsonl  split, splitext, basename, dirname, normpath, isabs, join, commonpath,
                   commonprefix; abspath and relpath against a given cwd (the service's sandbox
                   has no process cwd: args [path, cwd] / [path, start, cwd])"""
import json
import os
import posixpath
import random
import time

TM = ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst")


def jsonable(v):
    if isinstance(v, time.struct_time):
        d = {n: getattr(v, n) for n in TM}
        d['tm_zone'] = v.tm_zone
        d['tm_gmtoff'] = v.tm_gmtoff
        return d
    if isinstance(v, tuple):
        return [jsonable(x) for x in v]
    return v


def emit(f, args, fn):
    try:
        out = {"f": f, "a": args, "r": jsonable(fn())}
    except Exception as e:  # noqa: BLE001 -- the exception is the expected answer
        c = type(e)
        t = c.__qualname__ if c.__module__ == 'builtins' else f"{c.__module__}.{c.__qualname__}"
        out = {"f": f, "a": args, "e": [t, str(e)]}
    return json.dumps(out, ensure_ascii=True)


DIRS = list('aAbBcdfGHIjmMpSuUVwWxXyYzZ%') + list('QE')
LIT = [' ', '  ', '\t', '-', ':', '/', '.', 'T', 'x', ',', '\u00a0', '\u00e9', '(', '[', '\\', 'K', '\u017f', '\u0131']
FMTS = ['%Y-%m-%d %H:%M:%S', '%a %b %d %H:%M:%S %Y', '%A, %d %B %Y', '%y%m%d%H%M%S', '%j %Y', '%Y %U %w',
        '%Y %W %a', '%G %V %u', '%I:%M %p %d/%m/%Y', '%c', '%x %X', '%Y-%m-%dT%H:%M:%S%z', '%b %d %Y %Z',
        '%G-W%V-%u', '%Y%m%d', '%S.%f', '%z', '%Z', '%I %p']
SFMT = 'aAbBcdHIjmMpSUwWxXyYzZGuVfCDeFghklnrRstT%EOPQv+'


def time_cases(rng, n):
    for _ in range(n):
        r = rng.random()
        if r < 0.45:
            fmt = rng.choice(FMTS) if rng.random() < 0.5 else ''.join(
                '%' + rng.choice(DIRS) if rng.random() < 0.6 else rng.choice(LIT) for _ in range(rng.randint(0, 6)))
            tt = time.gmtime(rng.randint(-2 ** 35, 2 ** 36))
            f2 = fmt.replace('%z', rng.choice(['+0000', '-01:30', 'Z', '+0130:15'])).replace(
                '%Z', rng.choice(['UTC', 'gmt', 'EST']))
            try:
                s = time.strftime(f2, tt)
            except ValueError:
                s = ''
            k = rng.random()
            if k < 0.1:
                s += rng.choice([' ', 'x', '0'])
            elif k < 0.2:
                s = s[:-1]
            elif k < 0.3:
                s = s.upper()
            yield emit("strptime", [s, fmt], lambda: time.strptime(s, fmt))
        elif r < 0.7:
            t = [rng.choice([rng.randint(1, 12000), 1969, 1970, 2038, 0, -1]), rng.randint(-1, 13), rng.randint(-1, 32),
                 rng.randint(-1, 24), rng.randint(-1, 61), rng.randint(-1, 62), rng.randint(-1, 7),
                 rng.randint(-1, 367), rng.choice([-1, 0, 1])]
            fmt = ' '.join('%' + rng.choice(SFMT) for _ in range(rng.randint(0, 5)))
            yield emit("strftime", [fmt, t], lambda: time.strftime(fmt, tuple(t)))
        elif r < 0.9:
            fn = rng.choice(['gmtime', 'localtime', 'ctime'])
            secs = rng.choice([rng.randint(-2 ** 40, 2 ** 40), rng.uniform(-1e12, 1e12), 0, -1, 1e20])
            yield emit(fn, [secs], lambda: getattr(time, fn)(secs))
        else:
            t = list(time.gmtime(rng.randint(-2 ** 36, 2 ** 36)))[:9]
            t[rng.randrange(6)] += rng.randint(-50, 50)
            t[8] = rng.choice([-1, 0])
            yield emit("mktime", [t], lambda: time.mktime(tuple(t)))


def rpath(rng):
    """A random path, as the corpus draws them (model/os.py: odd segments, a lone surrogate)."""
    from model.os import _ppath
    return _ppath(rng)


def relpath(path, start, cwd):
    """pyref's relpath (posixpath.relpath with os.getcwd() replaced by cwd)."""
    if not path:
        raise ValueError("no path specified")
    if start is None:
        start = '.'
    ab = lambda p: posixpath.normpath(p if posixpath.isabs(p) else posixpath.join(cwd, p))  # noqa: E731
    sl = [x for x in ab(start).split('/') if x]
    pl = [x for x in ab(path).split('/') if x]
    i = len(posixpath.commonprefix([sl, pl]))
    rel = ['..'] * (len(sl) - i) + pl[i:]
    return '.' if not rel else posixpath.join(*rel)


def posixpath_cases(rng, n):
    for _ in range(n):
        fn = rng.choice(['split', 'splitext', 'basename', 'dirname', 'normpath', 'isabs', 'abspath', 'relpath',
                         'join', 'commonpath', 'commonprefix'])
        p = rpath(rng)
        if fn == 'abspath':
            cwd = rng.choice(['/', '/home/u', 'rel/dir', '', '//x'])
            yield emit(fn, [p, cwd], lambda: posixpath.normpath(p if posixpath.isabs(p) else posixpath.join(cwd, p)))
        elif fn == 'relpath':
            cwd = rng.choice(['/', '/a/b', 'rel', ''])
            start = rng.choice([None, rpath(rng), '/', '.'])
            yield emit(fn, [p, start, cwd], lambda: relpath(p, start, cwd))
        elif fn == 'join':
            rest = [rpath(rng) for _ in range(rng.randint(0, 3))]
            yield emit(fn, [p, rest], lambda: posixpath.join(p, *rest))
        elif fn in ('commonpath', 'commonprefix'):
            ps = [rpath(rng) for _ in range(rng.randint(0, 4))]
            if ps and rng.random() < 0.5:
                ps = [ps[0] + rng.choice(['', '/x', 'x', '/', '/./y']) for _ in range(rng.randint(1, 4))]
            yield emit(fn, [ps], lambda: getattr(posixpath, fn)(ps))
        else:
            yield emit(fn, [p], lambda: getattr(posixpath, fn)(p))


def time_file():
    os.environ['TZ'] = 'UTC'
    time.tzset()
    return time_cases(random.Random(1), 3000)


def posixpath_file():
    return posixpath_cases(random.Random(1), 5000)


FILES = {
    'unit/time.jsonl': ('time.strptime/strftime/gmtime/localtime/ctime/mktime (TZ=UTC), 3,000 random cases',
                   time_file),
    'unit/posixpath.jsonl': ('posixpath functions, 5,000 random cases', posixpath_file),
}
