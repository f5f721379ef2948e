"""json module: the conformance cases, then a differential run against
python3's own json (random documents, corrupted documents, every dumps
keyword), and the nesting caps."""
import json
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv, run_instrument  # noqa: E402

if hasattr(sys, 'set_int_max_str_digits'):
    sys.set_int_max_str_digits(0)

BIN = bin_from_argv()


def to_json(v):
    """A Python value as the service's envelope carries it."""
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if isinstance(v, dict):
        return {k: to_json(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_json(x) for x in v]
    return v


def same(a, b):
    """Equal with the same JSON types, key order, and -0.0 != 0.0."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def expect_of(fn):
    try:
        # as the wire carries it: adjacent lone surrogates join into one escape pair
        return 200, {"result": json.loads(json.dumps(to_json(fn())))}
    except json.JSONDecodeError as e:
        return 422, {"error": {"type": "json.decoder.JSONDecodeError", "message": str(e), "msg": e.msg,
                               "pos": e.pos, "lineno": e.lineno, "colno": e.colno}}
    except ValueError as e:
        return 422, {"error": {"type": "ValueError", "message": str(e)}}


PIECES = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '\t', '\r', '0', '1', '-', '.', 'e', 'E', '+',
          'x', 'true', 'false', 'null', 'NaN', 'Infinity', '-Infinity', '\\u', 'd800', 'DC00', '\\ud83d',
          '\\ude00', '\x01', '\x1f', 'é', '日', '😀', '\ud800', '\\n', '\\"', '"a"', '"k":', '12345678901234567890',
          '1e400', '0.1', '\u2028', '\\/']


def rand_value(rng, depth=0):
    k = rng.random()
    if depth > 5 or k < 0.4:
        return rng.choice([None, True, False, 0, -1, 2 ** 70, -(2 ** 64), 1.5, -0.0, 1e-7, 1e16, 5e-324,
                           float('nan'), float('inf'), -float('inf'), rng.random(), rng.uniform(-1e9, 1e9),
                           rng.randrange(-10 ** 6, 10 ** 6), "", "a\"b\\c\n", "é日😀", "\ud800x",
                           "\x00\x1f\x7f\u2028", "".join(rng.choice("ab é\u0080\U0001F600\"\\\t")
                                                          for _ in range(rng.randrange(12)))])
    if k < 0.7:
        return [rand_value(rng, depth + 1) for _ in range(rng.randrange(5))]
    return {rng.choice(["a", "b", "", "é", "\ud800", "Z", "aa", "😀", "a b"]): rand_value(rng, depth + 1)
            for _ in range(rng.randrange(5))}


def rand_text(rng):
    if rng.random() < 0.5:
        text = json.dumps(rand_value(rng), ensure_ascii=rng.random() < 0.5,
                          indent=rng.choice([None, None, 1, "\t"]))
        for _ in range(rng.randrange(3)):
            i = rng.randrange(len(text) + 1)
            op = rng.randrange(3)
            if op == 0:
                text = text[:i] + text[i + 1:]
            elif op == 1:
                text = text[:i] + rng.choice(PIECES) + text[i:]
            else:
                text = text[:i]
        return text
    return "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 12)))


class JsonTests(Tests):
    def __init__(self, server):
        self.s = server

    def call(self, fn, args=None, body=None):
        if body is not None:
            st, parsed, _h, _d = self.s.request("POST", "/v1/json/" + fn, body.encode("utf-8", "surrogatepass"))
            return st, parsed
        data = json.dumps(args).encode()  # ensure_ascii: lone surrogates travel as escapes
        st, parsed, _h, _d = self.s.request("POST", "/v1/json/" + fn, data)
        return st, parsed

    def test_conformance(self):
        passed, failed, out = run_instrument("check.py", self.s.url, "--module", "json")
        assert failed == 0 and passed > 600, out[-3000:]

    def test_loads_differential(self):
        rng = random.Random(4)
        for i in range(3000):
            text = rand_text(rng)
            want = expect_of(lambda: json.loads(text))
            got = self.call("loads", {"s": text})
            assert got[0] == want[0] and same(got[1], want[1]), (text, want, got)

    def test_dumps_differential(self):
        rng = random.Random(5)
        for i in range(1500):
            obj = rand_value(rng)
            kw = {}
            if rng.random() < 0.5:
                kw["indent"] = rng.choice([None, 0, 2, -3, "", "\t", "ab", "\u00e9"])
            if rng.random() < 0.5:
                kw["separators"] = rng.choice([None, [",", ":"], [" ,", " : "], ["\u00e9", "\ud800"]])
            for name in ("ensure_ascii", "allow_nan", "sort_keys", "skipkeys"):
                if rng.random() < 0.4:
                    kw[name] = rng.random() < 0.5
            pkw = dict(kw)
            if pkw.get("separators"):
                pkw["separators"] = tuple(pkw["separators"])
            want = expect_of(lambda: json.dumps(obj, **pkw))
            body = json.dumps(dict(obj=obj, **kw))  # NaN/Infinity literals as json.loads reads them
            got = self.call("dumps", body=body)
            assert got[0] == want[0] and same(got[1], want[1]), (body, want, got)

    def test_float_repr(self):
        rng = random.Random(6)
        xs = [rng.random() * 10 ** rng.randrange(-320, 300) for _ in range(2000)]
        xs += [math.ldexp(rng.random(), rng.randrange(-1074, 1024)) for _ in range(2000)]
        st, body = self.call("dumps", {"obj": xs})
        assert st == 200 and body["result"] == json.dumps(xs), body

    def test_depth(self):
        for n in (200, 900):
            st, body = self.call("loads", {"s": "[" * n + "]" * n})
            assert st == 200, (n, st)
            st, body = self.call("dumps", body='{"obj": ' + "[" * n + "]" * n + ', "indent": 1}')
            assert st == 200, (n, st)
        st, body = self.call("loads", {"s": "[" * 100000})
        assert st == 422 and body["error"]["type"] == "ResourceLimitError", body
        st, body = self.call("loads", {"s": '{"a":' * 100000})
        assert st == 422 and body["error"]["type"] == "ResourceLimitError", body
        st, body = self.call("dumps", body='{"obj": ' + "[" * 100000 + "}")
        assert st == 400, body

    def test_indent_overflow_and_argument_order(self):
        # ' ' * indent: beyond Py_ssize_t of either sign is OverflowError
        for n in (10 ** 20, -10 ** 20, -2 ** 63 - 1, 2 ** 63):
            for obj in ([1], {}, 1, None):
                try:
                    json.dumps(obj, indent=n)
                    raise AssertionError("python3 should overflow")
                except OverflowError as e:
                    want = (422, {"error": {"type": "OverflowError", "message": str(e)}})
                got = self.call("dumps", {"obj": obj, "indent": n})
                assert got == want, (n, obj, want, got)
            got = self.call("dumps", {"obj": "x", "indent": n})  # a str never reaches the indent
            assert got == (200, {"result": '"x"'}), got
        # pyref checks the separators type (400) before json.dumps runs
        for sep in ([","], [1, 2], [",", ":", ";"]):
            st, body = self.call("dumps", {"obj": [1], "indent": 10 ** 20, "separators": sep})
            assert st == 400, (sep, st, body)

    def test_big_values(self):
        n = 10 ** 5000 + 7
        st, body = self.call("loads", {"s": str(n)})
        assert st == 200 and body["result"] == n
        st, body = self.call("dumps", body='{"obj": [%d, %d]}' % (n, -n))
        assert st == 200 and body["result"] == "[%d, %d]" % (n, -n)
        s = "é\ud83d\ude00\"\\" * 50000
        st, body = self.call("dumps", {"obj": s})
        assert st == 200 and body["result"] == json.dumps(s)


if __name__ == "__main__":
    with Server(BIN) as srv:
        JsonTests(srv).run()
