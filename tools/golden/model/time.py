"""Model of time (POST/GET /v1/time/<fn>) under TZ=UTC: CPython's time module.

Ops: time, time_ns, monotonic, perf_counter (clock answers: compared by shape), ctime, gmtime,
localtime, mktime, strftime, strptime, sleep (at most 5 s synchronously; longer is a 400).
struct_time arguments are an object of tm_* keys (tm_zone / tm_gmtoff optional) or a 9-item
array.  Cases: timestamps across the whole time_t range and beyond it (Overflow/OS errors, NaN,
infinities), struct_times in and out of range for strftime's checktm and mktime, every strftime
directive with glibc's flags and widths, and strptime at length: formats built from every
_strptime directive with the strings strftime makes of random instants, then mutated; ISO week,
%j/%U/%W day arithmetic, %z/%Z forms, whitespace and regex metacharacters, and every error family
(bad directive, stray %, no match, unconverted data, the ISO-directive rules, day out of range).
"""
import os
import time as _t
import urllib.parse

from .common import BadRequest, body_case, case, get_case, op

P = '/v1/time/'
SYNC_SLEEP_MAX = 5
TM = ('tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec', 'tm_wday', 'tm_yday', 'tm_isdst')

os.environ['TZ'] = 'UTC'          # gen.py sets it too: the answers are those of TZ=UTC
_t.tzset()


def _struct(t, name='t'):
    """A struct_time argument (object of tm_* keys, or an array) -> what time.* take."""
    if isinstance(t, list):
        return tuple(t)
    if isinstance(t, dict):
        for k in t:
            if k not in TM and k not in ('tm_zone', 'tm_gmtoff'):
                raise BadRequest(f"argument '{name}': unknown struct_time field '{k}'")
        for k in TM:
            if k not in t:
                raise BadRequest(f"argument '{name}': missing struct_time field '{k}'")
        return _t.struct_time(tuple(t[k] for k in TM) + (t.get('tm_zone'), t.get('tm_gmtoff')))
    raise BadRequest(f"argument '{name}' must be a struct_time object or a 9-item array")


# The clock: the corpus compares clock answers by shape only (types and keys), and the model
# gives them at a fixed instant so that the corpus regenerates byte for byte.
NOW = 1700000000.25


@op(P + 'time', get=True)
def time():
    return NOW


@op(P + 'time_ns', get=True)
def time_ns():
    return int(NOW * 1e9)


@op(P + 'monotonic', get=True)
def monotonic():
    return 12345.5


@op(P + 'perf_counter', get=True)
def perf_counter():
    return 12345.25


@op(P + 'ctime', get=True, secs=('num?', None))
def ctime(secs=None):
    return _t.ctime(NOW if secs is None else secs)


@op(P + 'gmtime', get=True, secs=('num?', None))
def gmtime(secs=None):
    return _t.gmtime(NOW if secs is None else secs)


@op(P + 'localtime', get=True, secs=('num?', None))
def localtime(secs=None):
    return _t.localtime(NOW if secs is None else secs)


@op(P + 'mktime', t='any')
def mktime(t):
    return _t.mktime(_struct(t))


@op(P + 'strftime', format='str', t=('any', None))
def strftime(format, t=None):
    if t is None:
        return _t.strftime(format, _t.localtime(NOW))
    return _t.strftime(format, _struct(t))


@op(P + 'strptime', get=True, string='str', format=('str', '%a %b %d %H:%M:%S %Y'))
def strptime(string, format='%a %b %d %H:%M:%S %Y'):
    return _t.strptime(string, format)


@op(P + 'sleep', get=True, secs='num')
def sleep(secs):
    if secs > SYNC_SLEEP_MAX:
        raise BadRequest(f"sleep longer than {SYNC_SLEEP_MAX} s must run as a job")
    _t.sleep(secs)


# ------------------------------------------------------------------ material

INF, NAN = float('inf'), float('nan')
SECS = [0, 1, -1, 59, 86399, 86400, -86400, -86401, 951782400, 951868800, 1e9, 1234567890, 2 ** 31 - 1, 2 ** 31,
        -2 ** 31, -2 ** 31 - 1, 2 ** 32, 4102444800, 253402300799, 253402300800, -62135596800, -62135596801,
        -62167219200, -62167219201, 1.5, -1.5, 0.999999, -0.5, -0.999999, 1e-300, -1e-300, 5e-324, 1e10, -1e10,
        2 ** 40, -2 ** 40, 1e16, -1e16, 1e17, 1e18, 1e20, -1e20, 2 ** 53 + 1, 2 ** 55, 2 ** 62, 2 ** 63 - 1, 2 ** 63,
        -2 ** 63, -2 ** 63 - 1, 2 ** 64, 2 ** 100, -2 ** 100, 1e300, -1e300, 1700000000.123456, 0.0, -0.0, INF,
        -INF, NAN, 67767976233316800, 67768036191676799, 67768036191676800, -67768040609740800,
        -67768040609740801, 9.2233720368547758e18, -9.2233720368547758e18, 68256000, 1078012800, 4107542400,
        2147483647.9, -2147483648.9, 1e15 + 0.5, 12345678901.999999]
STRUCTS = [
    [2024, 2, 29, 23, 59, 60, 3, 60, 0], [1970, 1, 1, 0, 0, 0, 3, 1, 0], [1, 1, 1, 0, 0, 0, 0, 1, 0],
    [9999, 12, 31, 23, 59, 59, 4, 365, 0], [10000, 1, 1, 0, 0, 0, 0, 1, 0], [0, 1, 1, 0, 0, 0, 0, 1, 0],
    [-1, 1, 1, 0, 0, 0, 0, 1, 0], [-1000, 6, 15, 12, 0, 0, 2, 166, 0], [2020, 13, 1, 0, 0, 0, 0, 1, 0],
    [2020, 0, 1, 0, 0, 0, 0, 1, 0], [2020, 1, 0, 0, 0, 0, 0, 1, 0], [2020, 1, 32, 0, 0, 0, 0, 1, 0],
    [2020, 1, 1, 24, 0, 0, 0, 1, 0], [2020, 1, 1, 0, 60, 0, 0, 1, 0], [2020, 1, 1, 0, 0, 61, 0, 1, 0],
    [2020, 1, 1, 0, 0, 62, 0, 1, 0], [2020, 1, 1, 0, 0, 0, 7, 1, 0], [2020, 1, 1, 0, 0, 0, -1, 1, 0],
    [2020, 1, 1, 0, 0, 0, 0, 0, 0], [2020, 1, 1, 0, 0, 0, 0, 366, 0], [2020, 1, 1, 0, 0, 0, 0, 367, 0],
    [2020, 1, 1, 0, 0, 0, 0, 1, -1], [2020, 1, 1, 0, 0, 0, 0, 1, 1], [2020, 1, 1, 0, 0, 0, 0, 1, 5],
    [2020, 1, 1, 0, 0, 0, 0, 1, -7], [1900, 2, 29, 12, 0, 0, 3, 60, 0], [2038, 1, 19, 3, 14, 8, 1, 19, 0],
    [1969, 12, 31, 23, 59, 59, 2, 365, 0], [2021, 1, 3, 0, 0, 0, 6, 3, 0], [2020, 12, 31, 12, 0, 0, 3, 366, 0],
    [99, 6, 15, 0, 0, 0, 1, 166, 0], [1000, 1, 1, 0, 0, 0, 2, 1, 0], [2020, 1, 1, -1, 0, 0, 0, 1, 0],
    [2020, 1, 1, 0, -1, 0, 0, 1, 0], [2020, 1, 1, 0, 0, -1, 0, 1, 0], [2020, 12, 31, 23, 59, 59, 3, 366, 0],
    [2019, 12, 30, 0, 0, 0, 0, 364, 0], [2027, 1, 1, 0, 0, 0, 4, 1, 0], [123456, 1, 1, 0, 0, 0, 0, 1, 0],
    [2 ** 31 - 1 - 1900, 1, 1, 0, 0, 0, 0, 1, 0], [-2 ** 31, 1, 1, 0, 0, 0, 0, 1, 0],
]
# glibc strftime: every conversion, flags (- _ 0 ^ #), widths, E/O modifiers, and what it leaves alone
DIRECTIVES = list('aAbBcCdDeFgGhHIjklmMnprRsStTuUVwWxXyYzZ%P+') + ['Ec', 'EC', 'Ex', 'EX', 'Ey', 'EY', 'Od', 'Oe',
                                                                 'OH', 'OI', 'Om', 'OM', 'OS', 'Ou', 'OU', 'OV',
                                                                 'Ow', 'OW', 'Oy', '-d', '_d', '0e', '^a', '^B',
                                                                 '#b', '#Z', '#p', '10Y', '-10Y', '_5m', '03d',
                                                                 '^10A', '-j', '_H', '-I', '3z', 'Q', 'E', 'O',
                                                                 'q', 'J', 'L', 'N', 'o', 'v', 'K', 'i', 'f']
STRFTIME_FMTS = ['%Y-%m-%d %H:%M:%S', '%a %A %b %B', '%c', '%x %X', '%j %U %W %w %u %V %G %g', '%y %C',
                 '%I %p %l %k', '%e|%D|%F|%R|%T|%r', '%h %n%t%%', '%s', '%z %Z', '%', '%%', '%5Y', '%-d',
                 '%_m', '%0e', '%E', '%Ey', '%Od', '%Q', '%+', '', 'plain text', 'é%Y€', '%%Y', '%%%Y',
                 '%G-W%V-%u', '%P', '%v', '%Y%', 'a%', '%-', '%10', '%^', '%\U0001f600', '日本 %A', '%Ey%EC%Ex']
# _strptime's directives, and strings for them
STRP_DIRECTIVES = list('aAbBcdfHIjmMpSUwWxXyYzZGuV%')
SOUP = [d for d in STRP_DIRECTIVES if d not in 'cxX']     # %c %x %X repeat the others' groups


def _dict(rng, t):
    d = dict(zip(TM, t))
    if rng.random() < 0.4:
        d['tm_zone'] = rng.choice(['UTC', 'EST', 'GMT', None, 'Europe/X', '', 'é'])
        d['tm_gmtoff'] = rng.choice([0, -18000, 3600, None, 86399, -86400])
    return d


def _t_arg(rng, t):
    return list(t) if rng.random() < 0.5 else _dict(rng, t)


def _gm(secs):
    return list(_t.gmtime(secs))[:9]


def _instant(rng):
    """Seconds of a random instant, years 1..9999, biased to interesting ones."""
    r = rng.random()
    if r < 0.15:
        return rng.choice([0, 951782400, 951868800, 1078012800, 4107542400, 1609459200, 1704067200, 1735603200,
                           -62135596800, 253402300799, 946684799, 1230768000, 1262217600, 1483142400])
    if r < 0.6:
        return rng.randint(0, 4102444800)
    return rng.randint(-62135596800, 253402300799)


# ------------------------------------------------------------------ strptime generation

def _zstr(rng):
    return rng.choice(['+0000', '-0000', '+0130', '-0130', '+01:30', '-01:30', '+01:30:15', '-013015',
                       '+01:30:15.123456', '-01:30:15.5', 'Z', 'z', '+2359', '-2359', '+1200', '+0100'])


def _render(rng, fmt, secs):
    """The text of fmt for the instant (strftime for what it shares with strptime)."""
    tt = _t.gmtime(secs)
    out = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == '%' and i + 1 < len(fmt):
            d = fmt[i + 1]
            i += 2
            if d == 'f':
                out.append(str(rng.randint(0, 999999)).zfill(rng.choice([1, 2, 3, 6, 6])))
            elif d == 'z':
                out.append(_zstr(rng))
            elif d == 'Z':
                out.append(rng.choice(['UTC', 'GMT', 'utc', 'gmt', 'UTC', 'EST']))
            elif d in 'dmHIMSjUWVy' and rng.random() < 0.15:
                out.append(str(int(_t.strftime('%' + d, tt))))      # without leading zeros
            else:
                out.append(_t.strftime('%' + d, tt))
        else:
            out.append(ch)
            i += 1
    return ''.join(out)


FORMATS = ['%Y-%m-%d %H:%M:%S', '%a %b %d %H:%M:%S %Y', '%A, %d %B %Y', '%y%m%d%H%M%S', '%j %Y', '%Y %U %w',
           '%Y %W %a', '%G %V %u', '%G-W%V-%A', '%I:%M %p %d/%m/%Y', '%c', '%x %X', '%d.%m.%y %H.%M',
           '%Y-%m-%dT%H:%M:%S%z', '%Y-%m-%dT%H:%M:%S.%f%z', '%b %d %Y %Z', '%d/%b/%Y:%H:%M:%S %z', '%Y%j',
           '%H:%M:%S.%f', '%m/%d/%Y %I %p', '%B %Y', '%A %W %Y', '%a %U %Y', '%G %V %w', '%Y-%m', '%d %B',
           '%y', '%Y', '%p %I', '%U %Y %u', '%x', '%X', '%c %Z', '%Y %j %H', '%%%Y%%', '[%Y] (%m) {%d}',
           '%Y.%m.%d', '%Y^%m$%d', '%Y|%m+%d*', '%d %m %Y\t%H', '%d%m%Y', '%H%M', '%G%V%u']


def _mutate(rng, s):
    r = rng.random()
    if not s:
        return s + rng.choice(['', ' ', '0', 'x'])
    i = rng.randrange(len(s))
    if r < 0.2:
        return s + rng.choice([' ', 'x', '0', ' 1', '\n', 'Z', '.5'])
    if r < 0.35:
        return s[:-1]
    if r < 0.45:
        return s[:i] + s[i + 1:]
    if r < 0.55:
        return s.upper() if rng.random() < 0.5 else s.lower()
    if r < 0.65:
        return s[:i] + rng.choice(['  ', '\t', ' ', '\u3000', '\xa0']) + s[i:]
    if r < 0.75:
        return s[:i] + rng.choice('0123456789') + s[i + 1:]
    if r < 0.82:
        return s[:i] + rng.choice(['\u0661', '\uff11', '\u0966', 'x', '-', '+']) + s[i + 1:]
    if r < 0.9:
        return rng.choice([' ', '\t', '0', '']) + s
    return s.replace('0', '', 1)


def _strptime_cases(rng, n):
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.55:
            fmt = rng.choice(FORMATS)
        else:            # a random run of directives and separators
            parts = []
            chosen = rng.sample(SOUP, rng.randint(1, 6))
            if rng.random() < 0.05:            # a directive twice: re.error, a redefined group
                chosen.append(chosen[0])
            for d in chosen:
                parts.append('%' + d)
                parts.append(rng.choice(['', ' ', '-', ':', '/', ' ', 'T', ', ', '  ', '.', '\t']))
            fmt = ''.join(parts).rstrip() or '%Y'
        s = _render(rng, fmt, _instant(rng))
        if rng.random() < 0.3:
            s = _mutate(rng, s)
        if rng.random() < 0.03:
            fmt = _mutate(rng, fmt)
        args = {'string': s, 'format': fmt}
        if fmt == '%a %b %d %H:%M:%S %Y' and rng.random() < 0.5:
            del args['format']
        if rng.random() < 0.06 and '\x00' not in s + fmt:
            out.append(get_case(P + 'strptime', **args))
        else:
            out.append(case(P + 'strptime', args))
    return out


def _number_fields(rng, n):
    """strptime of numbers at and beyond each field's range."""
    out = []
    ranges = {'d': (0, 32), 'm': (0, 13), 'H': (0, 25), 'I': (0, 13), 'M': (0, 61), 'S': (0, 62), 'j': (0, 367),
              'U': (0, 54), 'W': (0, 54), 'V': (0, 54), 'u': (0, 8), 'w': (0, 7), 'y': (0, 100), 'Y': (0, 10000),
              'G': (0, 10000), 'f': (0, 9999999)}
    for _ in range(n):
        d = rng.choice(sorted(ranges))
        lo, hi = ranges[d]
        v = rng.randint(lo, hi)
        s = str(v) if rng.random() < 0.6 else str(v).zfill(rng.choice([2, 3, 4]))
        fmt = '%' + d
        if rng.random() < 0.5:
            extra = rng.choice([('%Y', '2024'), ('%Y', '2023'), ('%m', '2'), ('%G %u', '2020 1'), ('%V %G', '1 2021'),
                                ('%w %Y', '0 2024'), ('%a %Y', 'Mon 1900'), ('%p', 'PM'), ('%j', '60')])
            fmt += ' ' + extra[0]
            s += ' ' + extra[1]
        out.append(case(P + 'strptime', {'string': s, 'format': fmt}))
    return out


# ------------------------------------------------------------------ random cases

def cases(rng):
    out = []
    for fn in ('time', 'time_ns', 'monotonic', 'perf_counter'):
        out.append(case(P + fn, {}, compare='shape'))
        out.append(get_case(P + fn, query='', compare='shape'))
    for fn in ('ctime', 'gmtime', 'localtime'):
        out.append(case(P + fn, {}, compare='shape'))
        out.append(case(P + fn, {'secs': None}, compare='shape'))
        out.append(get_case(P + fn, query='', compare='shape'))
    for _ in range(330):
        fn = rng.choice(['gmtime', 'localtime', 'ctime'])
        r = rng.random()
        if r < 0.25:
            secs = rng.choice(SECS)
        elif r < 0.55:
            secs = rng.randint(-2 ** 36, 2 ** 36)
        elif r < 0.65:
            secs = rng.randint(-2 ** 62, 2 ** 62)
        else:
            secs = round(rng.uniform(-1e11, 1e11), rng.randint(0, 7))
        if rng.random() < 0.07 and isinstance(secs, int):
            out.append(get_case(P + fn, secs=secs))
        else:
            out.append(case(P + fn, {'secs': secs}))
    for _ in range(420):
        y = rng.choice([1, 99, 1000, 1900, 1969, 1970, 2000, 2024, 2038, 9999, 10000, 0, -5]) \
            if rng.random() < 0.4 else rng.randint(1, 12000)
        if rng.random() < 0.7:
            t = [y, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
                 rng.randint(0, 59), rng.randint(0, 6), rng.randint(1, 365), rng.choice([-1, 0, 0, 1])]
        else:
            t = [y, rng.randint(-1, 14), rng.randint(-1, 33), rng.randint(-1, 25), rng.randint(-1, 61),
                 rng.randint(-1, 62), rng.randint(-1, 7), rng.randint(-1, 367), rng.choice([-2, -1, 0, 1, 2])]
        fmt = rng.choice(STRFTIME_FMTS) if rng.random() < 0.3 else \
            ''.join('%' + rng.choice(DIRECTIVES) + rng.choice(['', ' ', '-', ':', '|']) for _ in range(rng.randint(1, 7)))
        out.append(case(P + 'strftime', {'format': fmt, 't': _t_arg(rng, t)}))
    for _ in range(160):
        r = rng.random()
        if r < 0.6:
            t = _gm(_instant(rng))
            t[8] = rng.choice([-1, 0, 0, 1])
        else:
            t = [rng.randint(-3000, 12000), rng.randint(-30, 40), rng.randint(-100, 100), rng.randint(-50, 50),
                 rng.randint(-200, 200), rng.randint(-200, 200), rng.randint(-3, 9), rng.randint(-5, 400),
                 rng.choice([-1, 0, 1])]
        out.append(case(P + 'mktime', {'t': _t_arg(rng, t)}))
    out += _strptime_cases(rng, 1100)
    out += _number_fields(rng, 220)
    for _ in range(8):
        out.append(case(P + 'sleep', {'secs': rng.choice([0, 0.001, 0.002, 0.0, 1e-9, 1e-300])}))
    return out


# ------------------------------------------------------------------ curated

STRPTIME = [
    ('Thu Jan  1 00:00:00 1970', None), ('Tue Feb 29 12:30:45 2000', None), ('Sun Feb 29 12:30:45 2001', None),
    ('Mon Jan 1 0:0:0 1900', None), ('Thu Jan 1 00:00:00 1970 ', None), ('thu jan 01 00:00:00 1970', None),
    ('2024-02-29', '%Y-%m-%d'), ('2023-02-29', '%Y-%m-%d'), ('1900-02-29', '%Y-%m-%d'), ('2000-02-29', '%Y-%m-%d'),
    ('2023-04-31', '%Y-%m-%d'), ('2024-366', '%Y-%j'), ('2023-366', '%Y-%j'), ('2024-000', '%Y-%j'), ('1', '%j'),
    ('366', '%j'), ('367', '%j'), ('2024 W01 1', '%Y W%W %w'), ('2024 W00 0', '%Y W%U %w'), ('2024 53 6', '%Y %U %w'),
    ('2024 1 1', '%G %V %u'), ('2020 53 7', '%G %V %u'), ('2021 53 1', '%G %V %u'), ('2019 1 Mon', '%G %V %a'),
    ('2019 1 2019', '%G %V %Y'), ('2019 1', '%G %V'), ('2019', '%G'), ('1 2019 1', '%j %G %V'), ('12 1', '%V %u'),
    ('12 1 2019', '%V %u %Y'), ('12', '%V'), ('7', '%u'), ('0', '%u'), ('8', '%u'), ('00', '%y'), ('68', '%y'),
    ('69', '%y'), ('99', '%y'), ('0', '%y'), ('100', '%y'), ('1', '%Y'), ('0001', '%Y'), ('9999', '%Y'),
    ('10000', '%Y'), ('12345', '%Y'), ('0000', '%Y'), ('12 AM', '%I %p'), ('12 PM', '%I %p'), ('1 pm', '%I %p'),
    ('0 AM', '%I %p'), ('13 PM', '%I %p'), ('12', '%I'), ('PM', '%p'), ('p.m.', '%p'), ('11:59:60', '%H:%M:%S'),
    ('11:59:61', '%H:%M:%S'), ('11:59:62', '%H:%M:%S'), ('24:00', '%H:%M'), ('23:60', '%H:%M'), ('1.5', '%S.%f'),
    ('1.123456', '%S.%f'), ('1.1234567', '%S.%f'), ('1.', '%S.%f'), ('+0000', '%z'), ('-0130', '%z'),
    ('+01:30', '%z'), ('+01:30:15', '%z'), ('-01:30:15.123456', '%z'), ('+013015.5', '%z'), ('Z', '%z'),
    ('z', '%z'), ('+1', '%z'), ('+01:3', '%z'), ('+01:30:1', '%z'), ('+0130:15', '%z'), ('+01:3015', '%z'),
    ('+0130 UTC', '%z %Z'), ('GMT', '%Z'), ('utc', '%Z'), ('Utc', '%Z'), ('EST', '%Z'), ('', '%Z'), ('UTC', '%z'),
    ('+24:00', '%z'), ('+2360', '%z'), ('-2400', '%z'), ('Thursday January 1 70', '%A %B %d %y'),
    ('thu jan 1 70', '%a %b %d %y'), ('THURSDAY', '%A'), ('Thurs', '%a'), ('Sept', '%b'), ('Sep', '%b'),
    ('September', '%b'), ('Sep', '%B'), ('May', '%b %B'), ('May May', '%b %B'), ('Thu Jan  1 00:00:00 1970', '%c'),
    ('01/01/70', '%x'), ('00:00:00', '%X'), ('12/31/99', '%x'), ('1/1/70', '%x'), ('1 1', '%d %m'),
    ('31 4', '%d %m'), ('30 2', '%d %m'), ('29 2', '%d %m'), ('0 1', '%d %m'), ('1 13', '%d %m'), ('1 0', '%d %m'),
    ('  1', '%d'), ('1  ', '%d'), ('1', '%d '), ('1', ' %d'), ('01x', '%dx'), ('01X', '%dx'),
    ('2020-01-01T00:00:00', '%Y-%m-%dT%H:%M:%S'), ('2020-01-01 00:00:00 extra', '%Y-%m-%d %H:%M:%S'),
    ('2020', '%Y%'), ('2020%', '%Y%%'), ('%', '%%'), ('a', '%Q'), ('2020', '%Y %'), ('2020', '%E'), ('', ''),
    ('x', ''), ('', '%Y'), ('20201231', '%Y%m%d'), ('2020123', '%Y%m%d'), ('123', '%H%M%S'), ('1 2 3', '%H%M%S'),
    ('1:2:3', '%H:%M:%S'), ('0 0', '%U %w'), ('53 6 2020', '%U %w %Y'), ('53 0 2020', '%W %w %Y'),
    ('0 0 2020', '%W %w %Y'), ('0 1 2021', '%U %w %Y'), ('2020 1 1 Tue', '%Y %m %d %a'), ('Feb 29', '%b %d'),
    ('29 2 1900', '%d %m %Y'), ('2023-W52-7', '%G-W%V-%u'), ('2024-W01-1', '%G-W%V-%u'), ('2026-W53-5', '%G-W%V-%u'),
    ('2020-W54-1', '%G-W%V-%u'), ('2020-W00-1', '%G-W%V-%u'), ('\u0661\u0669\u0667\u0660', '%Y'),
    ('\uff11\uff19\uff17\uff10', '%Y'), ('12\u00a0AM', '%I %p'), ('1970\t1', '%Y %m'), ('1970\n1', '%Y\t%m'),
    ('x1970', 'x%Y'), ('X1970', 'x%Y'), ('a.b', 'a.b'), ('axb', 'a.b'), ('a+b', 'a+b'), ('(1)', '(%d)'),
    ('[1]', '[%d]'), ('1970', '%Y\\'), ('1$', '%d$'), ('{1}', '{%d}'), ('1|2', '%d|%m'), ('1^', '%d^'),
    ('1*', '%d*'), ('1?', '%d?'), ('2020-01-01', '%Y-%m-%d%'), ('%Y', '%%Y'), ('Mon', '%a %'),
    ('1', '%-d'), ('1', '%#d'), ('1', '%Od'), ('70', '%Ey'), ('2020 1', '%Y %U'), ('2020 1', '%Y %W'),
    ('Mon 2020 1', '%a %Y %W'), ('5 2020 52', '%w %Y %U'), ('6 1999 52', '%u %G %V'), ('Sun 2004 53', '%a %G %V'),
    ('1 2020 Monday 1', '%V %G %A %u'), ('2020 1 1', '%Y %V %u'), ('1 1', '%V %w'), ('1 Tue', '%V %a'),
    ('2020 10 1', '%G %j %V'), ('1.5', '%d.%f'), ('000000001', '%f'), ('12:00:00 am', '%H:%M:%S %p'),
    ('13 am', '%H %p'), ('0', '%H'), ('00', '%M'), ('99', '%M'), ('-1', '%d'), ('+1', '%d'), (' 1', '%d'),
    ('1970 Thu', '%Y %a'), ('\u00e9', '%Y'), ('\ud800', '%Y'), ('2020\ud800', '%Y'), ('2020', '%Y\ud800'),
    ('Jan\u0131', '%b'), ('JAN', '%b'), ('j\u0430n', '%b'), ('Mai', '%B'), ('2020-366', '%Y-%j'),
    ('2021-365 23:59:59', '%Y-%j %H:%M:%S'), ('1 1 1 1', '%H %H %H %H'), ('1 2', '%d %d'), ('x', '%'),
    ('2020 53', '%G %V'), ('53', '%W'), ('54', '%W'), ('Sunday 00 2023', '%A %U %Y'), ('Monday 53 2023', '%A %W %Y'),
    # a NUL in the text: the messages carry it (repr, or as is after "unconverted data remains: ")
    ('2020\x00', '%Y'), ('2020\x00x', '%Y'), ('1 2\x00', '%d %m'), (' \x00B', ' '), ('x\x00', '%Y'),
    ('Thu Jan  1 00:00:00 1970\x00', None), ('2020\x00', '%Y\x00'), ('\x00', '\x00'), ('2020 a\x00b', '%Y %p'),
    ('x', '%\x00'), ('x', 'a\x00%'), ('x', '\x00%Q'), ('2020', '%Y\x00%'), ('2020\x00\x00', '%Y\x00'),
]


def curated():
    c = []

    def add(fn, args, compare=None):
        c.append(case(P + fn, args, compare=compare))
    for s in SECS:
        for fn in ('gmtime', 'localtime', 'ctime'):
            add(fn, {'secs': s})
    for s, f in STRPTIME:
        add('strptime', {'string': s} if f is None else {'string': s, 'format': f})
    for i, t in enumerate(STRUCTS):
        for j in range(8):
            add('strftime', {'format': STRFTIME_FMTS[(i * 8 + j) % len(STRFTIME_FMTS)], 't': t})
        add('mktime', {'t': t})
        add('mktime', {'t': dict(zip(TM, t), tm_zone='EST', tm_gmtoff=-18000)})
        add('strftime', {'format': '%Z|%z', 't': dict(zip(TM, t), tm_zone='EST', tm_gmtoff=-18000)})
        add('strftime', {'format': '%Z|%z', 't': dict(zip(TM, t))})
        add('strftime', {'format': '%Z|%z', 't': t})
    for d in DIRECTIVES:
        add('strftime', {'format': '%' + d, 't': [2024, 2, 29, 13, 5, 9, 3, 60, 0]})
        add('strftime', {'format': '<%' + d + '>', 't': dict(zip(TM, [1999, 12, 31, 0, 0, 0, 4, 365, 1]),
                                                              tm_zone='CET', tm_gmtoff=3600)})
    for f in STRFTIME_FMTS:
        add('strftime', {'format': f, 't': _gm(0)})
        add('strftime', {'format': f, 't': dict(zip(TM, _gm(-1)), tm_zone='UTC', tm_gmtoff=0)})
    for d in STRP_DIRECTIVES + ['Q', 'E', 'O', 'e', 'k', 'D', 'T', 's', 'n', 't', 'C', 'g', 'h', 'r', 'R', 'P',
                                '+', '-', ':z', 'Ey', 'Od', '\u00e9']:
        add('strptime', {'string': _t.strftime('%' + d, _t.gmtime(1e9)) if d in 'aAbBcdHIjmMpSUwWxXyYGuV%'
                         else '1', 'format': '%' + d})
    # struct_time argument forms
    add('strftime', {'format': '%Y'}, 'shape')
    add('strftime', {'format': '%Y', 't': None}, 'shape')
    for t in ([2020, 1, 1], [2020, 1, 1, 0, 0, 0, 0, 1, 0, 0], [2020, 1, 1, 0, 0, 0, 0, 1, 0, 'UTC', 0], [],
              [2020.0, 1, 1, 0, 0, 0, 0, 1, 0], [2020, 1.5, 1, 0, 0, 0, 0, 1, 0], ['2020', 1, 1, 0, 0, 0, 0, 1, 0],
              [True, 1, 1, 0, 0, 0, 0, 1, 0], [2020, True, True, False, 0, 0, 0, 1, 0], [None, 1, 1, 0, 0, 0, 0, 1, 0],
              [2 ** 31, 1, 1, 0, 0, 0, 0, 1, 0], [2 ** 31 - 1, 1, 1, 0, 0, 0, 0, 1, 0], [-2 ** 31, 1, 1, 0, 0, 0, 0, 1, 0],
              [-2 ** 31 - 1, 1, 1, 0, 0, 0, 0, 1, 0], [2 ** 64, 1, 1, 0, 0, 0, 0, 1, 0], [2020, 2 ** 31, 1, 0, 0, 0, 0, 1, 0],
              [2020, 1, 1, 0, 0, 0, 0, 1, 2 ** 40], [[2020], 1, 1, 0, 0, 0, 0, 1, 0]):
        add('strftime', {'format': '%Y-%m-%d', 't': t})
        add('mktime', {'t': t})
    for d in ({'tm_year': 2020}, dict(zip(TM, STRUCTS[1]), bogus=1), dict(zip(TM, STRUCTS[1]), tm_zone=5),
              dict(zip(TM, STRUCTS[1]), tm_gmtoff='x'), dict(zip(TM, STRUCTS[1]), tm_gmtoff=2 ** 70),
              dict(zip(TM, STRUCTS[1]), tm_gmtoff=1.5), dict(zip(TM, STRUCTS[1]), tm_zone='\ud800'),
              dict(zip(TM, STRUCTS[1]), tm_year=2020.5), dict(zip(TM, STRUCTS[1]), tm_zone=None, tm_gmtoff=None),
              dict(zip(TM, STRUCTS[1]), tm_mon=None), '2020', 2020, True,
              # a key that only a C string would take for a known one
              {**dict(zip(TM, STRUCTS[1])), 'tm_zone\x00x': 'UTC'}, {**dict(zip(TM, STRUCTS[1])), 'tm_gmtoff\x00': 0}):
        add('strftime', {'format': '%Y %Z %z', 't': d})
        add('mktime', {'t': d})
    for f in ('\ud800', 'a\udcff', '%Y\udc80', '\x00', 'a\x00%Y', '%\x00'):
        add('strftime', {'format': f, 't': STRUCTS[1]})
    add('strftime', {'format': 'x' * 1200 + '%c', 't': STRUCTS[1]})
    add('strftime', {'format': '%p' * 300, 't': STRUCTS[1]})
    # mktime
    for t in ([2020, 1, 1, 0, 0, 0, 0, 1], [2 ** 40, 1, 1, 0, 0, 0, 0, 1, 0], [2020, 14, 40, 25, 61, 61, 0, 1, 0],
              [2020, -5, -40, -25, -61, -61, 0, 1, -1], [1969, 12, 31, 23, 59, 59, 0, 1, 0],
              [1969, 12, 31, 23, 59, 58, 0, 1, 0], [1969, 12, 31, 23, 59, 59, 0, 1, -1], [1970, 1, 1, 0, 0, -1, 0, 1, 0],
              [292277026596, 12, 4, 15, 30, 7, 0, 1, 0], [-292277022657, 1, 27, 8, 29, 52, 0, 1, 0],
              [2147483647, 12, 31, 23, 59, 59, 0, 1, 0], [2147481747, 12, 31, 23, 59, 59, 0, 1, 0],
              [2147481748, 1, 1, 0, 0, 0, 0, 1, 0], [-2147481748, 1, 1, 0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0]):
        add('mktime', {'t': t})
    add('mktime', {}, None)
    add('mktime', {'t': None})
    # argument checks and GET forms
    for fn in ('gmtime', 'localtime', 'ctime'):
        add(fn, {'secs': '0'})
        add(fn, {'secs': True})
        add(fn, {'secs': [0]})
        add(fn, {'seconds': 0})
        c.append(get_case(P + fn, query='secs=1e9'))
        c.append(get_case(P + fn, query='secs=-86401'))
        c.append(get_case(P + fn, query='secs=0'))
        c.append(get_case(P + fn, query='secs=1.5e3'))
        c.append(get_case(P + fn, query='secs=nan'))
        c.append(get_case(P + fn, query='secs=inf'))
        c.append(get_case(P + fn, query='secs=abc'))
        c.append(get_case(P + fn, query='secs=99999999999999999999'))
        c.append(body_case(P + fn, '{"secs": NaN}'))
        c.append(body_case(P + fn, '{"secs": -Infinity}'))
        c.append(body_case(P + fn, '{"secs": 1e400}'))
        c.append(body_case(P + fn, '{"secs": -0.0}'))
    add('strptime', {'string': '2020', 'format': '%Y', 'extra': 1})
    add('strptime', {'format': '%Y'})
    add('strptime', {'string': 2020, 'format': '%Y'})
    add('strptime', {'string': '2020', 'format': None})
    c.append(get_case(P + 'strptime', query='string=2024-02-29&format=%25Y-%25m-%25d'))
    c.append(get_case(P + 'strptime', query='string=Thu+Jan++1+00%3A00%3A00+1970'))
    c.append(get_case(P + 'strptime', query='string=2024&format=%25Q'))
    c.append(get_case(P + 'mktime', query='t=%5B2020%2C1%2C1%2C0%2C0%2C0%2C0%2C1%2C0%5D'))
    c.append(get_case(P + 'strftime', query='format=%25Y'))
    add('strftime', {'t': [2020, 1, 1, 0, 0, 0, 0, 1, 0]})
    add('strftime', {'format': 5})
    # sleep
    for s in (-1, -0.0, 0, -1e-9, 0.001):
        add('sleep', {'secs': s})
    for s in (5.5, 6, 1e300, 2 ** 70, '1', None, True):
        add('sleep', {'secs': s})
    add('sleep', {})
    c.append(body_case(P + 'sleep', '{"secs": NaN}'))
    c.append(body_case(P + 'sleep', '{"secs": Infinity}'))
    c.append(body_case(P + 'sleep', '{"secs": -Infinity}'))
    c.append(get_case(P + 'sleep', query='secs=0.001'))
    c.append(get_case(P + 'sleep', query='secs=-2'))
    c.append(get_case(P + 'sleep', query='secs=x'))
    for fn in ('time', 'time_ns', 'monotonic', 'perf_counter'):
        add(fn, {'x': 1})
        c.append(body_case(P + fn, '[]'))
        c.append(body_case(P + fn, '', compare='shape'))
    c.append(case(P + 'time', {}, method='PUT'))
    c.append(get_case(P + 'mktime', query=urllib.parse.urlencode({'t': '[1]'})))
    return c
