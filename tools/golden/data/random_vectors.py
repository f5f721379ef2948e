"""tests/golden/unit/: CPython 3.11.7's random and hashlib answers for
tests/unit/test_random.c.  One record per line, fields separated by '|':
  seed|<kind>|<value>|<version>|<w0..w7 of getrandbits(32)>|<3 random() reprs>|<state[0]>|<state[623]>
      kind: i (decimal int) or s (hex of the str's UTF-8, lone surrogates as 3 bytes)
  bits|<seed>|<k>|<decimal getrandbits(k)>         (consecutive calls on one generator)
  sha|<hex input>|<hex digest>
  div|<a>|<b>|<float.hex(a / b) or OverflowError>
  state|<seed>|<calls of random()>|<index>|<state[0]>|<state[623]>|<gauss_next hex or None>
  gauss|<seed>|<float.hex of 3 gauss()>|<gauss_next hex after>"""
import hashlib
import random


def fmt(*fields, sep='|'):
    return sep.join(str(f) for f in fields)


def hexs(s):
    return s.encode('utf-8', 'surrogatepass').hex()


def vectors():
    SEEDS = [0, 1, 42, -42, 12345, 2**32 - 1, 2**32, -(2**32), 2**64 - 1, 2**64, 2**5000 + 1, 10**40, -(10**40),
             2**63, 2**768 - 1, 2**768]
    STRS = ["", "a", "abc", "seed", "Hello, World", "日本語", "😀", "e\u0301", "ß", "\u0000x", "x" * 300,
            "🇫🇷👍🏽", "Ωμέγα", "تجربة", "0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdefg"]

    for s in SEEDS:
        r = random.Random(s)
        st = r.getstate()[1]
        w = [r.getrandbits(32) for _ in range(8)]
        f = [repr(r.random()) for _ in range(3)]
        yield fmt('seed', 'i', s, 2, *w, *f, st[0], st[623], sep='|')
    for v in (1, 2):
        for s in STRS:
            r = random.Random()
            r.seed(s, version=v)
            st = r.getstate()[1]
            w = [r.getrandbits(32) for _ in range(8)]
            f = [repr(r.random()) for _ in range(3)]
            yield fmt('seed', 's', hexs(s), v, *w, *f, st[0], st[623], sep='|')

    r = random.Random(12345)
    for k in [0, 1, 7, 8, 31, 32, 33, 53, 63, 64, 65, 95, 96, 97, 127, 128, 129, 1000, 4000]:
        yield fmt('bits', 12345, k, r.getrandbits(k), sep='|')

    for data in [b"", b"abc", b"a" * 111, b"a" * 112, b"a" * 127, b"a" * 128, b"a" * 129, bytes(range(256)) * 5]:
        yield fmt('sha', data.hex(), hashlib.sha512(data).hexdigest(), sep='|')

    rng = random.Random(7)
    pairs = [(1, 3), (-1, 3), (0, -5), (2**1100, 3), (3, 2**1100), (1, 2**1074), (1, 2**1075), (3, 2**1076),
             (2**1024 - 2**970, 1), (2**1024 - 2**971, 1), (10**400, 10**399), (-(10**400), 7 * 10**380),
             (2**53 + 1, 1), (2**54 + 3, 2), (10**30 + 1, 10**30)]
    for _ in range(300):
        a = rng.getrandbits(rng.randrange(1, 1200)) * rng.choice([1, -1])
        b = rng.getrandbits(rng.randrange(1, 1200)) or 1
        pairs.append((a, b))
    for a, b in pairs:
        try:
            q = (a / b).hex()
        except OverflowError:
            q = 'OverflowError'
        yield fmt('div', a, b, q, sep='|')

    for seed, calls, g in [(1, 0, False), (7, 1, False), (99, 624, False), (99, 625, False), (5, 3, True),
                           (2**100, 1000, True), (3, 623, True)]:
        r = random.Random(seed)
        for _ in range(calls):
            r.random()
        if g:
            r.gauss()
        _, st, gn = r.getstate()
        yield fmt('state', seed, calls, st[624], st[0], st[623], 'None' if gn is None else gn.hex(), sep='|')

    for seed in [5, 1, 2**70]:
        r = random.Random(seed)
        g = [r.gauss().hex() for _ in range(3)]
        yield fmt('gauss', seed, *g, r.getstate()[2].hex() if r.getstate()[2] is not None else 'None', sep='|')


FILES = {
    'unit/random_vectors.txt': ('random.Random seeding, getrandbits, random, gauss, states; sha512; int / int',
                           vectors),
}
