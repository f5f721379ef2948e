"""difftest group time: /v1/time/* under TZ=UTC (start pystd with TZ=UTC) -- strptime of
strings rendered from random formats on random dates (then upper-cased, truncated, padded,
given non-ASCII digits...), %z offsets of every shape, ISO week / day-of-year combinations and
their errors, the default format; strftime of random formats (flags, widths, E/O modifiers,
NUL, lone surrogates, long formats) on struct_times with out-of-range fields, wrong types,
tm_zone / tm_gmtoff; mktime; gmtime / localtime / ctime of seconds at every boundary (2**31,
2**63, year 1 and 9999, NaN, infinities, tiny fractions).

Run: python3 tools/difftest --url http://127.0.0.1:PORT --group time [--count N] [--seed S]"""
import re
import time

from . import cascade, post

COMPARE = 'exact'

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
    """fmt rendered on a random date (the directives CPython can't print usefully drawn instead),
    then sometimes mutated: case, padding, a character cut or replaced by a non-ASCII digit."""
    t = [rng.randint(1, 9999) if rng.random() < 0.3 else rng.randint(1900, 2100), rng.randint(1, 12),
         rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 61), rng.randint(0, 6),
         rng.randint(1, 366), 0]

    def directive(m):
        d = m.group(1)
        if d == 'z':
            return rng.choice(ZONES)
        if d == 'Z':
            return rng.choice(['UTC', 'GMT', 'utc', 'EST', 'gmt', '', 'CET'])
        if d == 'f':
            return str(rng.randint(0, 10 ** rng.randint(1, 7)))
        if d in 'GuV':
            return str(rng.choice({'G': [t[0], 0, 10000], 'u': [0, 1, 7, 8], 'V': [0, 1, 52, 53, 54]}[d])
                       if rng.random() < 0.2 else {'G': t[0], 'u': rng.randint(1, 7), 'V': rng.randint(1, 53)}[d])
        if d in PARSE_DIRS:
            try:
                return time.strftime('%' + d, tuple(t))
            except Exception:  # noqa: BLE001
                return '1'
        return rng.choice(['1', 'x', ''])

    s = re.sub('%(.)', directive, fmt, flags=re.S)

    def digit():
        j = rng.randrange(len(s))
        return s[:j] + rng.choice(['\u0661', '\uff11', '\u00a0', '\u2003', '1']) + s[j + 1:]

    return cascade(rng, [(0.08, s.upper), (0.14, s.lower), (0.2, lambda: s + rng.choice([' ', 'x', '0', ' 1', '\n'])),
                         (0.25, s[:-1]), (0.3, ' ' + s), (0.35, lambda: s.replace(' ', '  ')),
                         (0.4, lambda: s.replace('0', '')), (0.43, digit if s else s)], s)

def case(rng, i):
    r = rng.random()
    P = '/v1/time/'
    if r < 0.35:
        fmt = rnd_fmt(rng, PARSE_DIRS if rng.random() < 0.85 else ALL_DIRS, parse=True)
        if rng.random() < 0.15:
            s = ' '.join(rng.choice(NAMES + ZONES + ['1', '01', '001', '12', '2024', '53', '0', '7', '366'])
                         for _ in range(rng.randint(1, 4)))
        else:
            s = strptime_string(rng, fmt)
        return post(P + 'strptime', {'string': s, 'format': fmt})
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
        return post(P + 'strptime', {'string': s, 'format': fmt})
    if r < 0.47:
        s = rng.choice(['Thu Jan  1 00:00:00 1970', 'Mon Feb 29 12:00:00 2024', 'thu jan 1 0:0:0 1970',
                        'Thu Jan 01 00:00:00 1970 ', 'Thu  Jan 1 00:00:00 1970', 'Thu Jan 1 00:00:00 70',
                        'Fri Dec 31 23:59:61 9999', 'Sat Jan 1 00:00:00 0', 'Sun Jan 1 00:00:00 10000'])
        return post(P + 'strptime', {'string': s})
    if r < 0.7:
        fmt = rnd_fmt(rng) if rng.random() < 0.8 else rng.choice(
            ['%', '%%', '%Y%', 'x%', '%E', '%O', '%Ey', '%Oy', '%EY', '%Od', '%c', '%x', '%X', '%s', '%z', '%Z', '%+',
             '%5', '%-', '%\x00', '\x00', 'a\x00b', '%Y\x00%m', '%\ud800', '\ud800', '%Y' * 200, '%c' * 50])
        args = {'format': fmt, 't': rnd_struct(rng)}
        return post(P + 'strftime', args)
    if r < 0.8:
        t = rnd_struct(rng)
        if rng.random() < 0.5 and isinstance(t, list) and len(t) == 9:
            t[rng.randrange(6)] = rng.randint(-10 ** 6, 10 ** 6)
        return post(P + 'mktime', {'t': t})
    fn = rng.choice(['gmtime', 'localtime', 'ctime'])
    return post(P + fn, {'secs': rnd_secs(rng)})
