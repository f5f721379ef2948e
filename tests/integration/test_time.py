#!/usr/bin/env python3
"""The time module of a live pystd: conformance cases, strptime against python3
on random inputs, time zones other than UTC, sleep's synchronous cap."""
import os
import random
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv, run_instrument  # noqa: E402

BIN = bin_from_argv()
TM = ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst")


def py(fn, *a):
    """What pyref answers: (status, body) of a Python call."""
    try:
        v = fn(*a)
    except Exception as e:  # noqa: BLE001 -- the exception is the answer
        c = type(e)
        t = c.__qualname__ if c.__module__ == 'builtins' else f"{c.__module__}.{c.__qualname__}"
        return 422, {'type': t, 'message': str(e)}
    if isinstance(v, time.struct_time):
        d = {n: getattr(v, n) for n in TM}
        d['tm_zone'] = v.tm_zone
        d['tm_gmtoff'] = v.tm_gmtoff
        return 200, d
    return 200, v


def got(s, path, args):
    st, body = s.post(path, args)
    if st == 200:
        return st, body['result']
    return st, {k: body['error'][k] for k in ('type', 'message')}


DIRS = list('aAbBcdfGHIjmMpSuUVwWxXyYzZ%QE')
LIT = [' ', '  ', '\t', '-', ':', '/', '.', 'T', 'x', ',', '\u00a0', '\u00e9', '(', '\\', 'K', '\u017f', '\u0131']
FMTS = ['%Y-%m-%d %H:%M:%S', '%a %b %d %H:%M:%S %Y', '%A, %d %B %Y', '%j %Y', '%Y %U %w', '%Y %W %a',
        '%G %V %u', '%I:%M %p %d/%m/%Y', '%c', '%x %X', '%Y-%m-%dT%H:%M:%S%z', '%b %d %Y %Z', '%S.%f']


def strptime_cases(rng, n):
    for _ in range(n):
        fmt = rng.choice(FMTS) if rng.random() < 0.5 else ''.join(
            '%' + rng.choice(DIRS) if rng.random() < 0.6 else rng.choice(LIT) for _ in range(rng.randint(0, 6)))
        tt = time.gmtime(rng.randint(-2 ** 35, 2 ** 36))
        f2 = fmt.replace('%z', rng.choice(['+0000', '-01:30', 'Z'])).replace('%Z', rng.choice(['UTC', 'EST', 'EDT']))
        try:
            s = time.strftime(f2, tt)
        except ValueError:
            s = ''
        if rng.random() < 0.2:
            s = s.upper() if rng.random() < 0.5 else s[:-1]
        yield s, fmt


class TimeTests(Tests):
    def __init__(self, srv):
        self.s = srv

    def test_conformance_time(self):
        passed, failed, out = run_instrument("check.py", self.s.url, "--module", "time", "--show", "5")
        assert failed == 0 and passed > 0, out[-3000:]

    def test_strptime_matches_python_utc(self):
        os.environ['TZ'] = 'UTC'
        time.tzset()
        rng = random.Random(11)
        bad = []
        for s, fmt in strptime_cases(rng, 1500):
            exp, res = py(time.strptime, s, fmt), got(self.s, '/v1/time/strptime', {'string': s, 'format': fmt})
            if exp != res:
                bad.append((s, fmt, exp, res))
        assert not bad, bad[:5]

    def test_other_time_zone(self):
        """Everything in the process's TZ, with DST: localtime, mktime, ctime, strftime %Z, strptime %Z."""
        zone = 'America/New_York'
        os.environ['TZ'] = zone
        time.tzset()
        # harness.Server always sets TZ=UTC: a wrapper sets the zone under test
        wrapper = os.path.join(tempfile.mkdtemp(prefix='pystd-tz-'), 'pystd-tz')
        with open(wrapper, 'w') as f:
            f.write(f'#!/bin/sh\nTZ={zone} exec "{BIN}" "$@"\n')
        os.chmod(wrapper, 0o755)
        try:
            with Server(wrapper) as s:
                rng = random.Random(5)
                bad = []
                for _ in range(300):
                    secs = rng.randint(-2 ** 34, 2 ** 34)
                    for fn in ('localtime', 'ctime', 'gmtime'):
                        exp, res = py(getattr(time, fn), secs), got(s, f'/v1/time/{fn}', {'secs': secs})
                        if exp != res:
                            bad.append((fn, secs, exp, res))
                    t = list(time.localtime(secs))[:9]
                    t[8] = rng.choice([-1, 0, 1])
                    exp, res = py(time.mktime, tuple(t)), got(s, '/v1/time/mktime', {'t': t})
                    if exp != res:
                        bad.append(('mktime', t, exp, res))
                    exp = py(time.strftime, '%c %Z %z', time.localtime(secs))
                    res = got(s, '/v1/time/strftime', {'format': '%c %Z %z', 't': py(time.localtime, secs)[1]})
                    if exp != res:
                        bad.append(('strftime', secs, exp, res))
                for s_, fmt in [('EST', '%Z'), ('edt', '%Z'), ('UTC', '%Z'), ('PST', '%Z'), ('2024 EDT', '%Y %Z')]:
                    exp, res = py(time.strptime, s_, fmt), got(s, '/v1/time/strptime', {'string': s_, 'format': fmt})
                    if exp != res:
                        bad.append(('strptime', s_, exp, res))
                assert not bad, bad[:5]
        finally:
            shutil.rmtree(os.path.dirname(wrapper), ignore_errors=True)
            os.environ['TZ'] = 'UTC'
            time.tzset()

    def test_sleep_rules(self):
        assert self.s.post('/v1/time/sleep', {'secs': 0.01}) == (200, {'result': None})
        assert self.s.get('/v1/time/sleep?secs=0') == (200, {'result': None})
        st, body = self.s.post('/v1/time/sleep', {'secs': 5.5})
        assert st == 400 and 'job' in body['error']['message'], body
        st, body = self.s.post('/v1/time/sleep', {'secs': -1})
        assert (st, body['error']) == (422, {'type': 'ValueError', 'message': 'sleep length must be non-negative'})
        st, body = self.s.post('/v1/time/sleep', {'secs': float('nan')})
        assert (st, body['error']['message']) == (422, 'Invalid value NaN (not a number)'), body
        st, body = self.s.post('/v1/time/sleep', {'secs': True})
        assert st == 400, body

    def test_long_sleep_as_a_job_can_be_cancelled(self):
        st, body = self.s.post('/v1/jobs', {'op': '/v1/time/sleep', 'args': {'secs': 30}})
        if st == 404:
            return  # the job system is not in this build
        assert st == 202, body
        jid = body['id']
        for _ in range(100):
            st, j = self.s.get(f'/v1/jobs/{jid}')
            if j['state'] == 'running':
                break
            time.sleep(0.05)
        t0 = time.monotonic()
        st, j = self.s.request('DELETE', f'/v1/jobs/{jid}')[:2]
        assert st == 200 and j['state'] == 'cancelled', j
        assert time.monotonic() - t0 < 5


if __name__ == '__main__':
    os.environ['TZ'] = 'UTC'
    time.tzset()
    with Server(BIN) as srv:
        TimeTests(srv).run()
