"""Runs one suite in this process, on real CPython (baseline) or with the shims (shim), and writes
one JSON record per test: its id, outcome and, for failures, the detail and the last requests.

Outcomes: pass, fail, skip (baseline and shim); oos (an OutOfScope was raised, even if caught),
nocall (passed without reaching pystd: the test exercises nothing the API offers), server_error
(5xx, time-out or dropped connection), timeout (the per-test budget ran out).
Usage (run.py starts it): worker.py --suite test_re --mode shim --url URL --out FILE
"""

import argparse
import io
import json
import os
import shutil
import signal
import sys
import tempfile
import traceback
import unittest

sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from pysuite import client, loader  # noqa: E402
from pysuite.scope import LEDGER, OutOfScope, ServerError, TestTimeout  # noqa: E402
from pysuite.suites import SUITES  # noqa: E402

_SPECIAL = (OutOfScope, ServerError, TestTimeout)


def _fmt(exc_info, limit=6):
    text = ''.join(traceback.format_exception(*exc_info, limit=limit))
    return text[-4000:]


class Result(unittest.TestResult):
    """Classifies each test as it stops; fixture errors (setUpClass, ...) are kept apart."""

    def __init__(self, timeout, shim):
        super().__init__()
        self.timeout, self.shim = timeout, shim
        self.records, self.fixture_errors = [], []
        self._events = []

    def _alarm(self, signum, frame):
        raise TestTimeout(f'test took more than {self.timeout} s')

    def startTest(self, test):
        super().startTest(test)
        self._events = []
        LEDGER.start(test.id())
        signal.signal(signal.SIGALRM, self._alarm)
        signal.setitimer(signal.ITIMER_REAL, self.timeout)

    def stopTest(self, test):
        signal.setitimer(signal.ITIMER_REAL, 0)
        super().stopTest(test)
        if not isinstance(test, unittest.TestCase) or LEDGER.current is None:
            return
        self.records.append(self._classify(test.id()))
        LEDGER.stop()

    def _event(self, kind, err=None, reason=None):
        self._events.append((kind, err, reason))

    def addSuccess(self, test):
        self._event('ok')

    def addFailure(self, test, err):
        self._event('fail', err)

    def addError(self, test, err):
        if not isinstance(test, unittest.TestCase) or LEDGER.current is None:
            self.fixture_errors.append({'id': str(test), 'oos': _oos_group(err[1]),
                                        'detail': _fmt(err)})
            return
        self._event('fail', err)

    def addSkip(self, test, reason):
        if LEDGER.current is None:
            return
        self._event('skip', reason=reason)

    def addExpectedFailure(self, test, err):
        self._event('xfail', err)

    def addUnexpectedSuccess(self, test):
        self._event('fail', reason='unexpected success')

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self._event('fail', err, reason=str(subtest))

    def _classify(self, tid):
        rec = {'id': tid, 'calls': LEDGER.calls}
        fails = [(e, r) for k, e, r in self._events if k == 'fail']
        real = [(e, r) for e, r in fails if e is None or not isinstance(e[1], _SPECIAL)]
        if LEDGER.oos:  # a tearDown/cleanup tripping over what the out-of-scope body left undone
            real = [(e, r) for e, r in real if e is None or not _in_cleanup(e[2])]
        timeouts = [e for e, r in fails if e is not None and isinstance(e[1], TestTimeout)]
        skips = [r for k, e, r in self._events if k == 'skip']
        if timeouts:
            rec.update(outcome='timeout', detail=_fmt(timeouts[0]))
        elif LEDGER.server_errors:
            rec.update(outcome='server_error', detail=str(LEDGER.server_errors[0]))
        elif real:
            e, r = real[0]
            rec.update(outcome='fail', detail=(f'[{r}]\n' if r else '') + (_fmt(e) if e else ''))
            if LEDGER.oos:
                rec['oos_seen'] = LEDGER.oos[0].group
        elif LEDGER.oos:
            rec.update(outcome='oos', group=LEDGER.oos[0].group, detail=str(LEDGER.oos[0]))
        elif fails:  # an OutOfScope raised while no test ran (Missing at import), seen now
            rec.update(outcome='oos', group=_oos_group(fails[0][0][1]) or 'out of scope',
                       detail=str(fails[0][0][1]))
        elif skips:
            rec.update(outcome='skip', detail=skips[0])
        elif any(k == 'xfail' for k, e, r in self._events):
            rec.update(outcome='xfail')
        elif self.shim and LEDGER.calls == 0:
            rec.update(outcome='nocall')
        else:
            rec.update(outcome='pass')
        if rec['outcome'] in ('fail', 'server_error', 'timeout'):
            rec['requests'] = [_short(r) for r in LEDGER.requests]
        return rec


def _in_cleanup(tb):
    names = {f.name for f in traceback.extract_tb(tb)}
    return bool(names & {'doCleanups', 'tearDown', 'doClassCleanups'})


def _oos_group(exc):
    return exc.group if isinstance(exc, OutOfScope) else None


def _short(req):
    path, args, status, body = req
    return f'POST /v1/{path} {_clip(args)} -> {status} {_clip(body)}'


def _clip(value, n=600):
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)[:n]
    finally:
        sys.set_int_max_str_digits(old)
    return text if len(text) <= n else text[:n] + '...'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--suite', required=True, choices=sorted(SUITES))
    ap.add_argument('--mode', choices=('baseline', 'shim'), required=True)
    ap.add_argument('--url', default='http://127.0.0.1:8093')
    ap.add_argument('--timeout', type=float, default=60.0, help='seconds per test')
    ap.add_argument('--http-timeout', type=float, default=20.0)
    ap.add_argument('--no-bytes-out-of-scope', action='store_true')
    ap.add_argument('--only', action='append', default=[], help='run only tests whose id contains this')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()

    sys.set_int_max_str_digits(4300)
    from test import support
    support.use_resources = []  # like `python -m test` without -u: no network, no cpu-heavy tests
    modname, names, packages = SUITES[a.suite]
    if a.mode == 'shim':
        client.configure(a.url, a.http_timeout, not a.no_bytes_out_of_scope)
        loader.install(names, packages)
    workdir = tempfile.mkdtemp(prefix='pysuite-')
    os.chdir(workdir)
    tl = unittest.TestLoader()
    import importlib
    result = Result(a.timeout, a.mode == 'shim')
    try:
        module = importlib.import_module(modname)
        suite = tl.loadTestsFromModule(module)
    except BaseException as e:  # the suite cannot even load: every test is then "not run"
        result.fixture_errors.append({'id': f'import {modname}', 'oos': _oos_group(e),
                                      'detail': _fmt(sys.exc_info())})
        suite = unittest.TestSuite()
    if a.only:
        suite = _filter(suite, a.only)
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.StringIO()  # tests print; the records are what matters
    try:
        suite.run(result)
    finally:
        sys.stdout, sys.stderr = saved
        os.chdir('/')
        shutil.rmtree(workdir, ignore_errors=True)
    with open(a.out, 'w') as f:
        json.dump({'suite': a.suite, 'mode': a.mode, 'records': result.records,
                   'fixture_errors': result.fixture_errors}, f, indent=1)


def _filter(suite, only):
    out = unittest.TestSuite()
    for t in _iter(suite):
        if any(o in t.id() for o in only):
            out.addTest(t)
    return out


def _iter(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from _iter(t)
        else:
            yield t


if __name__ == '__main__':
    main()
