"""The one client of tools/difftest: asks the reference model (tools/golden/model, CPython 3.11.7
executing the API contract in-process) what a request must answer, sends the same request to a
live pystd, and compares -- with the corpus's own rules: tools/golden/gen.py's `answer` (4xx
answers and ResourceLimitError compare by error type) and tests/conformance/run.py's transport
and comparison (exact / ordered / type / shape).

    d = Differ('http://127.0.0.1:PORT', data_dir)   # data_dir: the model's empty file sandbox
    d.model(step)                                   # fills step['expect'] (main thread, in order)
    d.send(step, conn) -> None | 'skip' | reason    # conn = d.connection() (one per thread)

A step is a case of the corpus format ({"path", "method", "query", "args" | "body", "compare"});
see tools/golden/model/common.py.
"""
import json
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tools', 'golden'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'conformance'))

import gen  # noqa: E402  (tools/golden/gen.py: the rule that sets compare 'type')
import model  # noqa: E402
import run  # noqa: E402  (tests/conformance/run.py: Client, check)
from model import common  # noqa: E402

def refuse_other_interpreters():
    """Exit 2 with one line unless this is CPython 3.11.7 (the model's answers are that version's)."""
    gen.check_interpreter('difftest', 'refused: the reference is')

def error_type(body):
    return run.error_type(body)


def take(exp, got, keys):
    """exp[k1][k2]... = got[k1][k2]... when both have it."""
    for k in keys[:-1]:
        if not (isinstance(exp, dict) and isinstance(got, dict) and k in exp and k in got):
            return
        exp, got = exp[k], got[k]
    if isinstance(exp, dict) and isinstance(got, dict) and keys[-1] in exp and keys[-1] in got:
        exp[keys[-1]] = got[keys[-1]]


class Differ:
    def __init__(self, url, data_dir, timeout=30.0):
        self.url, self.timeout = url.rstrip('/'), timeout
        warnings.simplefilter('ignore')       # re's FutureWarnings: the answers are what matters
        for name in model.names():
            model.load(name)                  # every op registered
        common.CONFIG['data_dir'] = data_dir

    def connection(self):
        return run.Client(self.url, self.timeout)

    @staticmethod
    def model(step, compare='exact', modelled=None):
        """Normalise step (method, query, compare) and fill in step['expect'] from the model;
        then modelled(step), the group's hook, while the model's state is the step's."""
        step.setdefault('method', 'POST')
        step.setdefault('query', '')
        step.setdefault('compare', compare)
        try:
            gen.answer(common, step)
            # as the wire carries it (and the corpus stores it): adjacent lone surrogates join
            step['expect'] = json.loads(json.dumps(step['expect']))
            if modelled:
                modelled(step)
        except Exception as e:  # noqa: BLE001 -- the model itself failed: say so, don't stop
            step['expect'] = None
            step['model_error'] = f"{type(e).__name__}: {e}"
        return step

    @staticmethod
    def send(step, conn):
        """-> None (pystd agrees), 'skip' (pystd leaves this out on purpose: NotImplementedError),
        or why it differs (one line).  The parts of a 200 answer named in step['volatile'] (what
        the model cannot know: os.stat's st_mtime, a random draw from fresh entropy) are taken
        from pystd's answer."""
        if step.get('expect') is None:
            return f"the model failed: {step.get('model_error')}"
        status, raw, transport = conn.send(step)
        got = None
        if not transport:
            try:
                got = json.loads(raw.decode('utf-8'))
            except ValueError:
                pass
        if (status == 422 and error_type(got) == 'NotImplementedError'
                and error_type(step['expect']['body']) != 'NotImplementedError'):
            return 'skip'
        if status == 200 == step['expect']['status']:
            for where in step.get('volatile', ()):
                take(step['expect']['body'], got, where.split('.'))
        return run.check(step, status, raw, transport)

    @staticmethod
    def describe(step):
        what = step.get('args', step.get('body', step.get('query', '')))
        return f"{step.get('method', 'POST')} {step['path']} {run.short(what, 400)}"

    @staticmethod
    def expected(step):
        e = step.get('expect')
        return run.short(e, 400) if e is not None else step.get('model_error')
