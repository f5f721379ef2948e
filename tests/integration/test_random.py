#!/usr/bin/env python3
"""random over HTTP: the conformance cases (0 failed), a differential run
against pyref in-process (extreme arguments the recorded cases don't
reach), the GET envelope, state continuity and the 422 caps."""
import json
import math
import os
import random
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import SHARED, Server, Tests, bin_from_argv, run_instrument  # noqa: E402

BIN = bin_from_argv()
sys.set_int_max_str_digits(0)


def same(a, b):
    """JSON equality with types kept apart (1 != 1.0 != True) and -0.0 != 0.0."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def pyref_dispatch():
    sys.path.insert(0, SHARED)
    from pyref import core  # noqa: E402
    import pyref.modules  # noqa: F401,E402
    from pyref.config import setup  # noqa: E402
    setup()
    return core.dispatch


# ---------------------------------------------------------------- differential cases

BIG = [0, 1, -1, 31, 32, 33, 63, 64, 65, 2**31 - 1, 2**31, -2**31, -2**31 - 1, 2**53 + 1, 2**63 - 1, 2**63,
       -2**63, -2**63 - 1, 2**64, 10**20, -10**20, 2**100, 10**308, 10**309, 2**1024, 2**28, -2**28, -2**28 - 1]
FL = [0.0, -0.0, 0.5, 1e-300, 5e-324, 1e308, -1e308, float('inf'), float('-inf'), float('nan'), 0.1, 2.0**53]
STRS = ["", "a", "\ud800", "a\udc00\ud800b", "日本", "😀", "\x00", "x" * 200]


def gen_case(R):
    def num():
        k = R.randrange(4)
        return (R.choice(BIG) if k == 0 else R.choice(FL) if k == 1 else R.randrange(-20, 20) if k == 2
                else round(R.uniform(-10, 10), R.randrange(4)))

    def intv():
        return R.choice(BIG) if R.random() < 0.5 else R.randrange(-20, 40)

    def anyv(d=0):
        k = R.randrange(8)
        return [None, True, intv(), num(), R.choice(STRS), [anyv(d + 1)] if d < 2 else 1,
                {"k": anyv(d + 1)} if d < 2 else 2, R.randrange(9)][k]

    def weight():
        return R.randrange(-1, 5) if R.random() < 0.6 else R.choice([0.5, 0.0, True, 2**70, None, "w", [1]])

    fn = R.choice(['random', 'uniform', 'randint', 'randrange', 'getrandbits', 'randbytes', 'choice', 'choices',
                   'sample', 'shuffle', 'gauss', 'normalvariate', 'triangular', 'expovariate'])
    a = {}
    if fn in ('uniform',):
        a = dict(a=num(), b=num())
    elif fn == 'randint':
        a = dict(a=intv(), b=intv())
    elif fn == 'randrange':
        a = dict(start=intv())
        if R.random() < 0.7:
            a['stop'] = R.choice([intv(), None])
        if R.random() < 0.5:
            a['step'] = intv()
    elif fn == 'getrandbits':
        a = dict(k=R.choice([0, 1, 31, 32, 33, 64, 65, 1000, -1, -2**31, -2**31 - 1, 2**31]))
    elif fn == 'randbytes':
        a = dict(n=R.choice([0, 1, 3, 4, 5, 33, -1, -2**28, -2**28 - 1, 2**28]))
    elif fn == 'choice':
        a = dict(seq=[anyv() for _ in range(R.randrange(4))])
    elif fn == 'choices':
        n = R.randrange(6)
        a = dict(population=[anyv() for _ in range(n)])
        m = n if R.random() < 0.85 else R.randrange(6)
        w = R.randrange(3)
        if w == 1:
            a['weights'] = [weight() for _ in range(m)]
        elif w == 2:
            a['cum_weights'] = [weight() for _ in range(m)]
        if R.random() < 0.8:
            a['k'] = R.choice([0, 1, 3, -1, 2**63, -2**63 - 1, 30])
    elif fn == 'sample':
        n = R.randrange(25)
        a = dict(population=[anyv() for _ in range(n)], k=R.choice([0, 1, n // 2, n, n + 1, -1, 2**64, 7]))
        if R.random() < 0.4:
            a['counts'] = [weight() if R.random() < 0.3 else R.choice([0, 1, 2, 5, 2**62, -1]) for _ in range(n)]
    elif fn == 'shuffle':
        a = dict(x=[anyv() for _ in range(R.randrange(12))])
    elif fn in ('gauss', 'normalvariate'):
        a = {p: num() for p in ('mu', 'sigma') if R.random() < 0.8}
    elif fn == 'triangular':
        a = {p: num() if R.random() < 0.8 else R.choice([0, 1, 1.0]) for p in ('low', 'high', 'mode')
             if R.random() < 0.7}
    elif fn == 'expovariate':
        a = dict(lambd=num())
    k = R.random()
    if k < 0.8:
        a['seed'] = R.choice([intv(), R.choice(STRS), R.randrange(1000), 1.5, True, [1]])
    else:
        r = random.Random(R.randrange(100))
        for _ in range(R.randrange(700)):
            r.random()
        if R.random() < 0.5:
            r.gauss()
        v, st, g = r.getstate()
        a['state'] = [R.choice([v, 3.0]), list(st), R.choice([g, g, 1, True])]
    if R.random() < 0.2:
        a['version'] = R.choice([1, 2, 0, 3])
    if fn != 'randbytes' and R.random() < 0.3:
        a['n'] = R.choice([0, 1, 3, -1, None])
    if R.random() < 0.1:
        a['return_state'] = True
    return fn, a


class RandomTests(Tests):
    def __init__(self, server, small):
        self.s, self.small = server, small

    def test_conformance(self):
        passed, failed, out = run_instrument("check.py", self.s.url, "--module", "random")
        print(f"  conformance random: {passed} passed, {failed} failed")
        assert failed == 0 and passed > 0, out[-3000:]

    def test_differential_against_pyref(self):
        dispatch = pyref_dispatch()
        R = random.Random(20240601)
        bad = []
        for _ in range(1500):
            fn, a = gen_case(R)
            body = json.dumps(a).encode()
            es, _h, eb = dispatch('POST', '/v1/random/' + fn, '', body)
            gs, gj, _h2, _d = self.s.request('POST', '/v1/random/' + fn, body,
                                             headers={"Content-Type": "application/json"})
            ej = json.loads(eb)
            ok = es == gs and ((es == 400 and gj['error']['type'] == 'BadRequest') or same(ej, gj))
            if not ok:
                bad.append((fn, body[:300], es, eb[:300], gs, _d[:300]))
        assert not bad, f"{len(bad)} differ, first: {bad[0]}"

    def test_get_query_coercion(self):
        st, b = self.s.post("/v1/random/random", {"seed": "abc", "n": 2})
        st2, b2 = self.s.get("/v1/random/random?seed=%22abc%22&n=2")
        assert st == st2 == 200 and b == b2, (b, b2)
        st, b = self.s.post("/v1/random/randint", {"a": 1, "b": 6, "seed": 42})
        st2, b2 = self.s.get("/v1/random/randint?a=1&b=6&seed=42")
        assert st == st2 == 200 and b == b2 == {"result": random.Random(42).randint(1, 6)}, (b, b2)
        st, b = self.s.get("/v1/random/uniform?a=1&b=2.5&seed=7")
        assert b == {"result": random.Random(7).uniform(1, 2.5)}, b
        st, b = self.s.get("/v1/random/random?seed=abc")  # not JSON text
        assert st == 400, (st, b)
        st, b = self.s.get("/v1/random/choice?seq=%5B1%5D")
        assert st == 405, (st, b)
        state = [3, list(random.Random(5).getstate()[1]), None]
        q = urllib.parse.urlencode({"state": json.dumps(state)})
        st, b = self.s.get("/v1/random/random?" + q)
        assert b == {"result": random.Random(5).random()}, b

    def test_state_continues(self):
        st, b = self.s.post("/v1/random/gauss", {"seed": 3, "return_state": True})
        st, b2 = self.s.post("/v1/random/gauss", {"state": b["state"], "n": 2, "return_state": True})
        st, b3 = self.s.post("/v1/random/gauss", {"seed": 3, "n": 3, "return_state": True})
        assert [b["result"]] + b2["result"] == b3["result"] and b2["state"] == b3["state"], (b, b2, b3)
        r = random.Random(3)
        [r.gauss() for _ in range(3)]
        v, words, g = r.getstate()
        assert b3["state"] == [v, list(words), g]

    def test_limits_422(self):
        s = self.small
        for path, body in [("random", {"seed": 1, "n": 101}),
                           ("choices", {"seed": 1, "population": [1], "k": 101}),
                           ("sample", {"seed": 1, "population": [1], "counts": [1000], "k": 101}),
                           ("shuffle", {"seed": 1, "x": list(range(60)), "n": 2}),
                           ("getrandbits", {"seed": 1, "k": 8 * 4096 + 1}),
                           ("randbytes", {"seed": 1, "n": 4097}),
                           ("choices", {"seed": 1, "population": ["x" * 1000], "k": 5}),
                           ("choice", {"seed": 1, "seq": ["x" * 1000], "n": 5})]:
            st, b = s.post("/v1/random/" + path, body)
            assert st == 422 and b["error"]["type"] == "ResourceLimitError", (path, st, b)
        # at the caps: fine
        st, b = s.post("/v1/random/random", {"seed": 1, "n": 100})
        assert st == 200 and len(b["result"]) == 100
        st, b = s.post("/v1/random/randbytes", {"seed": 1, "n": 4096})
        assert st == 200
        # Python's own error comes first, before a cap
        st, b = s.post("/v1/random/randrange", {"seed": 1, "start": 0, "n": 10**30})
        assert st == 422 and b["error"] == {"type": "ValueError", "message": "empty range for randrange()"}, b
        st, b = s.post("/v1/random/choices", {"seed": 1, "population": [], "k": 10**6})
        assert b["error"]["type"] == "IndexError", b


def main():
    with Server(BIN) as s, Server(BIN, args=["--max-items", "100", "--max-result-bytes", "4096"]) as small:
        RandomTests(s, small).run()


if __name__ == "__main__":
    main()
