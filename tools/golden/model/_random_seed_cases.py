"""Cases of /v1/random/* for the seeds of issue 17: bytes ({"$bytes": "<base64>"},
version 1 reads them as latin-1, version 2 hashes them with SHA-512 as they are;
a bytearray seed is the same value) and floats (CPython seeds with hash(x); a NaN
hashes its object's address, so its stream is compared by shape only), their GET
forms (seed as JSON text) and the malformed $bytes objects (400)."""
import base64
import math

from .common import case, get_case

P = '/v1/random/'
BYTES_SEEDS = [b'', b'a', b'abc', b'\x00', b'\xff' * 3, 'héllo'.encode(), 'héllo'.encode('latin-1'),
               bytes(range(256)), b'x' * 100, '日本語'.encode(), b'Hello, World!', b'\x80\x00\x01']
FLOAT_SEEDS = [1.5, -1.5, 0.1, 3.0, -1.0, 0.0, -0.0, 1e300, -1e-300, 5e-324, 2.0 ** 70, 1e16, 123456789.123,
               2.0 ** 61 - 1, 2.0 ** 62, -(2.0 ** 63), 0.5, 1 / 3, float('inf'), float('-inf')]


def b(data):
    return {'$bytes': base64.b64encode(data).decode('ascii')}


def _fresh(seed):
    return isinstance(seed, float) and math.isnan(seed)


def curated():
    out = []

    def add(fn, **kw):
        out.append(case(P + fn, kw, compare='shape' if _fresh(kw.get('seed')) else None))

    for data in BYTES_SEEDS:
        add('random', seed=b(data), n=3)
        add('random', seed=b(data), version=1, n=2)
        add('getrandbits', seed=b(data), k=64)
    for data in (b'', b'abc', 'é'.encode('latin-1')):  # the same seed as str (version 1: latin-1 code points)
        add('random', seed=data.decode('latin-1'), version=1, n=2)
    add('randint', seed=b(b'seed'), a=1, b=100, n=5, return_state=True)
    add('shuffle', seed=b(b'\x01\x02'), x=list(range(8)), n=2)
    add('sample', seed=b(b'pop'), version=1, population=list('abcdefgh'), k=4)
    add('gauss', seed=b(b'g'), n=3)
    add('randbytes', seed=b(bytes(range(64))), n=16)
    for x in FLOAT_SEEDS:
        add('random', seed=x, n=3)
        add('getrandbits', seed=x, k=80)
    add('random', seed=2.5, version=1, n=2)           # the version is for str and bytes only
    add('randrange', seed=-7.25, start=0, stop=1000, n=5, return_state=True)
    add('choice', seed=1e-5, seq=['a', 'b', 'c'], n=4)
    add('random', seed=float('nan'), n=3)              # hash(nan) is id-based: any stream
    add('random', seed=float('nan'), return_state=True)
    # GET: the seed is JSON text there
    out.append(get_case(P + 'random', seed=b(b'abc')))
    out.append(get_case(P + 'random', seed=b(b'abc'), version=1, n=2))
    out.append(get_case(P + 'random', query='seed=1.5&n=2'))
    out.append(get_case(P + 'getrandbits', query='seed=-0.0&k=70'))
    out.append(get_case(P + 'uniform', query='seed=1e300&a=0&b=1'))
    # malformed bytes and other objects: 400
    for bad in [{'$bytes': 'YWJj', 'x': 1}, {'$bytes': 'YWJ'}, {'$bytes': 1}, {'$bytes': None}, {'$bytes': ['YQ==']},
                {'$bytes': 'YW Jj'}, {'bytes': 'YWJj'}, {}, {'$bytes': 'YWJj\n'}]:
        add('random', seed=bad)
    out.append(get_case(P + 'random', query='seed=%7B%22%24bytes%22%3A%22YWJ%22%7D'))
    return out


def random_cases(rng):
    """Random bytes and float seeds over a few functions."""
    out = []
    for _ in range(120):
        k = rng.random()
        if k < 0.5:
            data = bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 2, 5, 16, 33, 64, 200])))
            seed = b(data)
        elif k < 0.8:
            seed = rng.uniform(-1e6, 1e6) if rng.random() < 0.5 else rng.random() * 10 ** rng.randint(-300, 300)
        else:
            seed = float(rng.randrange(-2 ** 70, 2 ** 70)) * rng.choice([1, 0.5, 0.25, 1e-10])
        fn = rng.choice(['random', 'getrandbits', 'randint', 'uniform', 'gauss'])
        args = {'seed': seed}
        if rng.random() < 0.3:
            args['version'] = rng.choice([1, 2])
        if fn == 'getrandbits':
            args['k'] = rng.choice([1, 32, 64, 100])
        elif fn == 'randint':
            args.update(a=rng.randint(-100, 0), b=rng.randint(0, 100))
        elif fn == 'uniform':
            args.update(a=0, b=rng.choice([1, 10.5, 1e6]))
        if rng.random() < 0.5:
            args['n'] = rng.choice([1, 2, 5])
        out.append(case(P + fn, args))
    return out
