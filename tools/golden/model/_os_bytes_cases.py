"""Cases of /v1/os/path/* with bytes paths ({"$bytes": "<base64>"} in and out, issue 17): every
pure function on byte paths (invalid UTF-8 included), abspath/relpath with a cwd of either kind
(converted as os.fsencode / os.fsdecode: UTF-8 with surrogateescape), posixpath's TypeErrors for
a mix of str and bytes (join, relpath, commonpath: "Can't mix strings and bytes in path
components"; commonprefix: min()'s "'<' not supported ..."), in CPython's order, and the 400s of a
malformed $bytes object."""
import base64

from .common import case, get_case

P = '/v1/os/path/'
BPATHS = [b'', b'/', b'//', b'///', b'.', b'..', b'a/', b'/a/b/', b'//a//b//', b'a/./b/../c', b'/../../x', b'.bashrc',
          b'a.tar.gz', b'a.', b'..a', b'/a.b/.c', b'\xff', b'/\xff/\x80.\xfe', b'\xc3\xa9/\xc3\xbc.\xc3\x9f',
          b'a/b\x00c', b'/a/b/c/../../../..', b'//x/../y', b'x.tar.gz/', b' / ', b'a\\b.c', b'\xed\xa0\x80/x']
CWDS = ['/home/user', 'rel', '', '/caf\u00e9', '/x/\udcff', '/bad/\ud800', b'/home/user', b'/\xff/\xc3\xa9', b'rel']


def b(data):
    return {'$bytes': base64.b64encode(data).decode('ascii')}


def w(v):
    """A value on the wire: bytes as {"$bytes"}."""
    if isinstance(v, bytes):
        return b(v)
    if isinstance(v, list):
        return [w(x) for x in v]
    return v


def curated():
    c = []
    for p in BPATHS:
        for fn in ('split', 'splitext', 'basename', 'dirname', 'normpath', 'normcase', 'isabs', 'abspath'):
            c.append(case(P + fn, {'path': b(p)}))
        c.append(case(P + 'relpath', {'path': b(p)}))
        c.append(case(P + 'relpath', {'path': b(p), 'start': b(b'/a/b')}))
        c.append(case(P + 'relpath', {'path': b(p), 'start': b(b'a'), 'cwd': b(b'/a')}))
    for cwd in CWDS:                                   # the cwd of the other kind is converted
        for path in [b'x/y', b'/abs', 'x/y', '/abs', b'\xff', '\udcff']:
            c.append(case(P + 'abspath', {'path': w(path), 'cwd': w(cwd)}))
            c.append(case(P + 'relpath', {'path': w(path), 'cwd': w(cwd)}))
        c.append(case(P + 'relpath', {'path': b(b'/a/b'), 'start': b(b'/a'), 'cwd': w(cwd)}))
        c.append(case(P + 'relpath', {'path': 'p', 'start': b(b'rel'), 'cwd': w(cwd)}))   # start's cwd, then the mix
    for a, ps in [(b'a', []), (b'a', [b'b', b'c']), (b'/a', [b'/b']), (b'', [b'']), (b'a/', [b'\xff']),
                  ('a', [b'b']), (b'a', ['b']), (b'a', [b'b', 'c']), ('a', ['b', b'c']), (b'a', [1]),
                  (b'a', [{'$bytes': 'YQ=', 'x': 1}]), ('', [b'']), (b'', ['']), (b'/', [b'/', b'x'])]:
        c.append(case(P + 'join', {'a': w(a), 'paths': w(ps)}))
    for ps in [[b'/a/b', b'/a/c'], [b'/a/b', b'a/b'], [b'a/\xff', b'a/\xfe'], [b'/'], [b'', b''], [b'/a', '/a'],
               ['/a', b'/a'], ['/a', b'a'], [b'/a', b'/b', 'c'], [b'.', b'./a'], [b'a', 2]]:
        c.append(case(P + 'commonpath', {'paths': w(ps)}))
    for ps in [[b'abc', b'abd'], [b'\xc3\xa9\xff', b'\xc3\xa9\xfe'], [b'a'], [b'', b'a'], ['a', b'a'], [b'a', 'a'],
               ['b', 'a', b'x'], [b'b', b'a', 'x'], [b'\xff', b'\xff\x00']]:
        c.append(case(P + 'commonprefix', {'list': w(ps)}))
    for args in [{'path': b(b''), 'start': 'x'}, {'path': b(b'a'), 'start': 'b'}, {'path': 'a', 'start': b(b'b')},
                 {'path': b(b'/a'), 'start': '/b'}, {'path': b(b'a'), 'start': None, 'cwd': '/bad/\ud800'},
                 {'path': b(b'/a'), 'start': b(b'/b'), 'cwd': '/bad/\ud800'},
                 {'path': b(b'/a'), 'start': 'b', 'cwd': '/bad/\ud800'}]:
        c.append(case(P + 'relpath', args))
    for bad in [{'$bytes': 'YQ=='.rstrip('=')}, {'$bytes': 'YQ==', 'x': 1}, {'$bytes': 5}, {'x': 'YQ=='}, []]:
        c.append(case(P + 'basename', {'path': bad}))
        c.append(case(P + 'abspath', {'path': 'x', 'cwd': bad}))
    c.append(case(P + 'relpath', {'path': 'x', 'start': {'$bytes': '!!'}}))
    c.append(get_case(P + 'basename', query='path=%7B%22%24bytes%22%3A%22YQ%3D%3D%22%7D'))  # a query value is str
    c.append(get_case(P + 'abspath', query='path=a&cwd=%2Fx'))
    return c


def _bpath(rng):
    parts = [b'a', b'b', b'.', b'..', b'', b'\xff', b'\xc3\xa9', b'x.y', b'.z', b'\x80.']
    p = b'/'.join(rng.choice(parts) for _ in range(rng.randint(0, 5)))
    return (b'/' * rng.choice([0, 0, 1, 1, 2, 3])) + p + (b'/' if rng.random() < 0.2 else b'')


def cases(rng):
    out = []
    for _ in range(300):
        fn = rng.choice(['split', 'splitext', 'basename', 'dirname', 'normpath', 'isabs', 'abspath', 'relpath',
                         'join', 'commonpath', 'commonprefix'])
        if fn == 'join':
            args = {'a': b(_bpath(rng)), 'paths': [b(_bpath(rng)) for _ in range(rng.randint(0, 3))]}
        elif fn in ('commonpath', 'commonprefix'):
            base = _bpath(rng)
            ps = [base + rng.choice([b'', b'/x', b'x', b'/', b'/./y', b'\xff']) for _ in range(rng.randint(1, 4))]
            args = {'paths' if fn == 'commonpath' else 'list': [b(p) for p in ps]}
        else:
            args = {'path': b(_bpath(rng))}
            if fn in ('abspath', 'relpath') and rng.random() < 0.6:
                args['cwd'] = w(rng.choice(CWDS[:5] + CWDS[6:]))
            if fn == 'relpath' and rng.random() < 0.6:
                args['start'] = b(_bpath(rng))
        out.append(case(P + fn, args))
    return out
