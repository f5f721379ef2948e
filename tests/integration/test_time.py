#!/usr/bin/env python3
"""The time module of a live pystd, beyond the conformance corpus (ctest conformance.time,
TZ=UTC, which holds the strptime/strftime differential cases): a time zone with DST
(CPython 3.11.7's answers under TZ=America/New_York, tests/golden/integration/
time_new_york.jsonl), sleep's synchronous cap, a long sleep as a cancellable job."""
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv, play_cases  # noqa: E402

BIN = bin_from_argv()


class TimeTests(Tests):
    def __init__(self, srv):
        self.s = srv

    def test_other_time_zone(self):
        """Everything in the process's TZ, with DST: localtime, mktime, ctime, strftime %Z %z, strptime %Z."""
        zone = 'America/New_York'
        # harness.Server always sets TZ=UTC: a wrapper sets the zone under test
        wrapper = os.path.join(tempfile.mkdtemp(prefix='pystd-tz-'), 'pystd-tz')
        with open(wrapper, 'w') as f:
            f.write(f'#!/bin/sh\nTZ={zone} exec "{BIN}" "$@"\n')
        os.chmod(wrapper, 0o755)
        try:
            with Server(wrapper) as s:
                passed, failed, out = play_cases(s.url, 'integration/time_new_york.jsonl', 700)
            assert failed == 0, out[-3000:]
        finally:
            shutil.rmtree(os.path.dirname(wrapper), ignore_errors=True)

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
        assert st == 202, body
        jid = body['id']
        for _ in range(100):
            st, j = self.s.get(f'/v1/jobs/{jid}')
            if j['state'] == 'running':
                break
            time.sleep(0.05)
        st, j = self.s.request('DELETE', f'/v1/jobs/{jid}')[:2]
        assert st == 200 and j['state'] == 'cancelled', j


if __name__ == '__main__':
    with Server(BIN) as srv:
        TimeTests(srv).run()
