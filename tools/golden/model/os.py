"""Model of os, os.path and io (POST/GET /v1/os/..., /v1/os/path/..., /v1/io/...).

Ops: the pure posixpath functions (join, split, splitext, basename, dirname, normpath, normcase,
isabs, commonpath, commonprefix, relpath and abspath against a given cwd) on str or bytes
({"$bytes"} in and out), os.strerror, os.name,
and the file sandbox (_sandbox.py): listdir, mkdir, makedirs, remove, rmdir, rename, replace,
stat, os.path exists/isfile/isdir/getsize, io/read and io/write.

Store cases are "steps" sequences: each works under its own top-level directory (a name no other
sequence uses), starts from nothing there and removes everything it made, so the corpus can run
against one server, one data dir, concurrently, in any order; no case depends on the listing of
the root.  cases() simulates each random sequence on a scratch root to know what to clean up.
stat's st_mtime (and st_mode, and the size of a directory) depend on the machine: stat answers, and
getsize of a directory, are compared by shape, and the model reports a fixed st_mtime and
directory size so that the corpus regenerates byte for byte on any file system.
"""
import base64
import contextlib
import os as _os
import posixpath
import shutil
import stat as _stat
import tempfile
import urllib.parse

from . import _os_bytes_cases
from . import _sandbox as sbx
from . import common
from ._os_curated import curated  # noqa: F401  (the hand-written cases)
from .common import BadRequest, case, get_case, op, steps, wire_ok

FIXED_MTIME = 1700000000.0
DIR_SIZE = 4096
_os.umask(0o022)               # st_mode of what the model creates: the same on every machine


# ------------------------------------------------------------------ pure path functions

def _strs(v, name):
    """A list of paths: str, or bytes as {"$bytes"}; anything else is a 400."""
    v = [common.wire_bytes(name, x) for x in v]
    if any(not isinstance(x, (str, bytes)) for x in v):
        raise BadRequest(f"argument '{name}' must be a list of str or bytes")
    return v


@op('/v1/os/path/join', a='strbytes', paths=('list', []))
def join(a, paths=()):
    return common.wire(posixpath.join(a, *_strs(paths, 'paths')))


def _pure(name):
    fn = getattr(posixpath, name)
    op(f'/v1/os/path/{name}', get=True, path='strbytes')(lambda path: common.wire(fn(path)))


for _n in ('split', 'splitext', 'basename', 'dirname', 'normpath', 'normcase', 'isabs'):
    _pure(_n)


@contextlib.contextmanager
def _cwd(cwd):
    """posixpath.abspath asks os.getcwd() or os.getcwdb(): answer with the request's cwd
    instead, converted to the asked kind as os.fsdecode / os.fsencode convert."""
    saved = _os.getcwd, _os.getcwdb
    _os.getcwd = lambda: cwd if isinstance(cwd, str) else _os.fsdecode(cwd)
    _os.getcwdb = lambda: cwd if isinstance(cwd, bytes) else _os.fsencode(cwd)
    try:
        yield
    finally:
        _os.getcwd, _os.getcwdb = saved


@op('/v1/os/path/abspath', get=True, path='strbytes', cwd=('strbytes', '/'))
def abspath(path, cwd='/'):
    with _cwd(cwd):
        return common.wire(posixpath.abspath(path))


@op('/v1/os/path/relpath', get=True, path='strbytes', start=('strbytes?', None), cwd=('strbytes', '/'))
def relpath(path, start=None, cwd='/'):
    with _cwd(cwd):
        return common.wire(posixpath.relpath(path, start))


@op('/v1/os/path/commonpath', paths='list')
def commonpath(paths):
    return common.wire(posixpath.commonpath(_strs(paths, 'paths')))


@op('/v1/os/path/commonprefix', list='list')
def commonprefix(list):   # noqa: A002 -- the Python parameter's name
    return common.wire(posixpath.commonprefix(_strs(list, 'list')))


@op('/v1/os/strerror', get=True, code='int')
def strerror(code):
    return _os.strerror(code)


@op('/v1/os/name', get=True)
def name():
    return 'posix'


# ------------------------------------------------------------------ the sandbox

@op('/v1/os/listdir', get=True, path=('str', '/'))
def listdir(path='/'):
    return sbx.listdir(path)


@op('/v1/os/mkdir', path='str')
def mkdir(path):
    sbx.mkdir(path)


@op('/v1/os/makedirs', path='str', exist_ok=('bool', False))
def makedirs(path, exist_ok=False):
    sbx.makedirs(path, exist_ok)


@op('/v1/os/remove', path='str')
def remove(path):
    sbx.remove(path)


@op('/v1/os/rmdir', path='str')
def rmdir(path):
    sbx.rmdir(path)


@op('/v1/os/rename', src='str', dst='str')
def rename(src, dst):
    sbx.rename(src, dst)


@op('/v1/os/replace', src='str', dst='str')
def replace(src, dst):
    sbx.rename(src, dst)


@op('/v1/os/stat', get=True, path='str')
def stat(path):
    s = sbx.stat(path)
    return {'st_size': _size(s), 'st_mtime': FIXED_MTIME, 'st_mode': s.st_mode}


def _size(s):
    """st_size; a directory's is the file system's own (4096, 40, ...): the model says DIR_SIZE and
    the cases compare it by shape."""
    return DIR_SIZE if _stat.S_ISDIR(s.st_mode) else s.st_size


@op('/v1/os/path/exists', get=True, path='str')
def exists(path):
    return sbx.exists(path)


@op('/v1/os/path/isfile', get=True, path='str')
def isfile(path):
    return sbx.isfile(path)


@op('/v1/os/path/isdir', get=True, path='str')
def isdir(path):
    return sbx.isdir(path)


@op('/v1/os/path/getsize', get=True, path='str')
def getsize(path):
    return _size(sbx.stat(path))


@op('/v1/os/path/lexists', get=True, path='str')
def lexists(path):
    return sbx._quiet(sbx.lstat, path) is not False


@op('/v1/os/path/islink', get=True, path='str')
def islink(path):
    return sbx._quiet(lambda p: _stat.S_ISLNK(sbx.lstat(p).st_mode), path)


def _time(path, field):
    getattr(sbx.stat(path), field)
    return FIXED_MTIME          # the machine's clock: compared by shape


@op('/v1/os/path/getmtime', get=True, path='str')
def getmtime(path):
    return _time(path, 'st_mtime')


@op('/v1/os/path/getatime', get=True, path='str')
def getatime(path):
    return _time(path, 'st_atime')


@op('/v1/os/path/getctime', get=True, path='str')
def getctime(path):
    return _time(path, 'st_ctime')


@op('/v1/os/path/samefile', get=True, f1='str', f2='str')
def samefile(f1, f2):
    s1, s2 = sbx.stat(f1), sbx.stat(f2)
    return _os.path.samestat(s1, s2)


@op('/v1/os/path/realpath', get=True, path='str', strict=('bool', False))
def realpath(path, strict=False):
    return sbx.realpath(path, strict)


@op('/v1/io/read', get=True, path='str', mode=('str', 'r'))
def io_read(path, mode='r'):
    if mode not in ('r', 'rb'):
        raise BadRequest("argument 'mode' must be 'r' or 'rb'")
    return sbx.read(path, mode == 'rb')


@op('/v1/io/write', path='str', data='str', mode=('str', 'w'))
def io_write(path, data, mode='w'):
    if mode not in ('w', 'a', 'wb', 'ab'):
        raise BadRequest("argument 'mode' must be 'w', 'a', 'wb' or 'ab'")
    if mode.endswith('b'):
        try:
            raw = base64.b64decode(data, validate=True)
        except ValueError:
            raise BadRequest("argument 'data' must be base64 in a binary mode") from None
        n = len(raw)
    else:
        sbx.check_writable(path)          # open() fails before write() encodes
        raw = data.encode('utf-8')
        n = len(data)
    sbx.write(path, raw, append=mode.startswith('a'))
    return n


# ------------------------------------------------------------------ pure cases

SEGS = ['', '', '.', '..', 'a', 'b', 'c.txt', '.bashrc', 'arch.tar.gz', 'd.', '..e', '...', 'é', ' ', 'x y', 'a.b.c',
        '.', '~', 'f\\g', 'name.', '.x.', '\U0001f600', 'ends.with.dot.', 'A', 'a:b', '\t', '\udc80', '.tar']
CWDS = ['/', '/home/u', '/a/b/c', '//x', '/a/../b/', 'rel/dir', '', '/é', '///', '/a/./b', '.', '..']


def _ppath(rng):
    p = '/'.join(rng.choice(SEGS) for _ in range(rng.randint(0, 5)))
    r = rng.random()
    if r < 0.3:
        p = '/' + p
    elif r < 0.4:
        p = '//' + p
    elif r < 0.45:
        p = '///' + p
    if rng.random() < 0.2:
        p += rng.choice(['/', '//', '/.', '/..'])
    return p


def _plain(*vals):
    return all(not isinstance(v, str) or wire_ok(v) for v in vals)


def _pure_cases(rng, n):
    out = []
    fns = ['split', 'splitext', 'basename', 'dirname', 'normpath', 'normpath', 'normcase', 'isabs', 'abspath',
           'abspath', 'relpath', 'relpath', 'relpath', 'join', 'join', 'commonpath', 'commonpath', 'commonprefix']
    for _ in range(n):
        fn = rng.choice(fns)
        if fn == 'join':
            args = {'a': _ppath(rng), 'paths': [_ppath(rng) for _ in range(rng.randint(0, 4))]}
        elif fn in ('commonpath', 'commonprefix'):
            ps = [_ppath(rng) for _ in range(rng.randint(0, 4))]
            if ps and rng.random() < 0.6:
                ps = [ps[0] + rng.choice(['', '/x', 'x', '/', '/./y', '/../z', '/x/y', 'y/']) for _ in
                      range(rng.randint(1, 4))]
            args = {'paths' if fn == 'commonpath' else 'list': ps}
        else:
            args = {'path': _ppath(rng)}
            if fn in ('abspath', 'relpath') and rng.random() < 0.6:
                args['cwd'] = rng.choice(CWDS)
            if fn == 'relpath' and rng.random() < 0.7:
                args['start'] = rng.choice([_ppath(rng), None, '/', '.', '..', ''])
        get_ok = fn not in ('join', 'commonpath', 'commonprefix') and args.get('start', '') is not None
        if get_ok and rng.random() < 0.1 and _plain(*args.values()):
            out.append(get_case(f'/v1/os/path/{fn}', **args))
        else:
            out.append(case(f'/v1/os/path/{fn}', args))
    for _ in range(n // 25):
        code = rng.choice([rng.randint(0, 140), rng.randint(-5, 0), rng.randint(134, 100000),
                           rng.randint(-2 ** 31, 2 ** 31 - 1)])
        out.append(case('/v1/os/strerror', {'code': code}) if rng.random() < 0.8 else
                   get_case('/v1/os/strerror', code=code))
    return out


# ------------------------------------------------------------------ store sequences

TEXTS = ['hello', '', 'line1\nline2\r\nline3\rend\r', 'é€\U0001f600', 'x' * 40, 'nul\x00inside', '\ufeffbom',
         'tab\tand spaces  \n', '\r\n', 'a\rb', 'last\r', '\ud800', 'ok\udc80', '\u2028\x85']
BLOBS = [b'\xff\xfe\x00', b'\xc3\xa9', b'\x80', b'', b'plain', b'a\r\nb\rc', bytes(range(256)), b'\xed\xa0\x80',
         b'\xf0\x9f\x98', b'\xc3', b'\xef\xbb\xbfbom', b'x\xe2\x82\xacy\r', b'ok\n\xff']
NAMES = ['f', 'g', 'h.txt', 'sub', 'sub/f', 'sub/g', 'sub/deep', 'sub/deep/x', 'e', 'e/f', '.hidden', 'é', 'a b',
         'sub/f/z', 'missing/f', 'x\udc80', '\U0001f600', 'UP', 'up', 'f/..', 'sub/..']
FILES = ['f', 'g', 'h.txt', 'sub/f', 'sub/g', 'sub/deep/x', 'e/f', '.hidden', 'é', 'a b', 'x\udc80', 'UP', 'up']


def _b64(b):
    return base64.b64encode(b).decode('ascii')


def _spell(rng, top, rel):
    """A spelling of top/rel: they all resolve to the same place."""
    rel = rel.strip('/')
    t = top.strip('/')
    forms = [f'/{t}/{rel}', f'/{t}/{rel}', f'/{t}/{rel}', f'{t}/{rel}', f'/../{t}/{rel}', f'/../../../{t}/{rel}',
             f'/{t}/./{rel}', f'/{t}//{rel}', f'/{t}/sub/../{rel}', f'/{t}/{rel}/', f'x/../../{t}/{rel}',
             f'../../{t}/{rel}', f'/{t}/{rel}/.', f'//{t}/{rel}', f'./{t}/{rel}']
    p = rng.choice(forms)
    return p.rstrip('/') if not rel else p


def _step(rng, top, known):
    r = rng.random()
    nm = rng.choice(known) if known and rng.random() < 0.6 else rng.choice(NAMES)
    if r < 0.36 and nm not in FILES and rng.random() < 0.7:        # reads and writes: mostly files
        nm = rng.choice(FILES)
    if 0.62 <= r < 0.71 and known and rng.random() < 0.6:           # rename: mostly something that exists
        nm = rng.choice(known)
    p = _spell(rng, top, nm)
    if r < 0.07 or (r < 0.5 and nm not in known):
        known.append(nm)
    if r < 0.22:
        mode = rng.choice(['w', 'w', 'a', 'wb', 'ab'])
        data = rng.choice(TEXTS) if mode in ('w', 'a') else _b64(rng.choice(BLOBS))
        return case('/v1/io/write', {'path': p, 'data': data, 'mode': mode})
    if r < 0.36:
        args = {'path': p}
        if rng.random() < 0.7:
            args['mode'] = rng.choice(['r', 'rb'])
        if rng.random() < 0.1 and _plain(p):
            return get_case('/v1/io/read', **args)
        return case('/v1/io/read', args)
    if r < 0.43:
        return case('/v1/os/mkdir', {'path': p})
    if r < 0.5:
        args = {'path': p}
        if rng.random() < 0.6:
            args['exist_ok'] = rng.random() < 0.5
        return case('/v1/os/makedirs', args)
    if r < 0.56:
        return case('/v1/os/remove', {'path': p})
    if r < 0.62:
        return case('/v1/os/rmdir', {'path': p})
    if r < 0.71:
        dst = rng.choice(NAMES)
        if rng.random() < 0.5:
            known.append(dst)
        return case('/v1/os/' + rng.choice(['rename', 'replace']), {'src': p, 'dst': _spell(rng, top, dst)})
    if r < 0.75:
        return case('/v1/os/stat', {'path': p}) if rng.random() < 0.8 or not _plain(p) else \
            get_case('/v1/os/stat', path=p)
    if r < 0.86:
        fn = '/v1/os/path/' + rng.choice(['exists', 'isfile', 'isdir'])
        return case(fn, {'path': p}) if rng.random() < 0.85 or not _plain(p) else get_case(fn, path=p)
    if r < 0.92:
        return case('/v1/os/path/getsize', {'path': p}) if rng.random() < 0.85 or not _plain(p) else \
            get_case('/v1/os/path/getsize', path=p)
    q = _spell(rng, top, rng.choice(['', '', 'sub', 'e', 'sub/deep', 'f', 'missing']))
    return case('/v1/os/listdir', {'path': q}) if rng.random() < 0.85 or not _plain(q) else \
        get_case('/v1/os/listdir', path=q)


def _payload(s):
    if 'body' in s:
        return s['body']
    return None if s.get('method') == 'GET' else s.get('args', '')


def _arg_path(s):
    if s.get('method') == 'GET':
        return urllib.parse.parse_qs(s.get('query', ''), keep_blank_values=True).get('path', [''])[-1]
    return s['args']['path']


def _cleanup(scratch, rel):
    """Steps that remove the directory rel (under scratch) and all it holds, in name order
    (the file system's listing order is not the same everywhere)."""
    out = []
    for name in sorted(_os.listdir(_os.path.join(scratch, rel))):
        sub = f'{rel}/{name}'
        if _os.path.isdir(_os.path.join(scratch, sub)) and not _os.path.islink(_os.path.join(scratch, sub)):
            out += _cleanup(scratch, sub)
        else:
            out.append(case('/v1/os/remove', {'path': '/' + sub}))
    out.append(case('/v1/os/rmdir', {'path': '/' + rel}))
    return out


TIMES = ('/v1/os/stat', '/v1/os/path/getmtime', '/v1/os/path/getatime', '/v1/os/path/getctime')


def finish(seq, top):
    """Run seq on a scratch root: stat answers that succeed become shape-compared, and the
    steps that remove what is left under top are appended (then top is checked to be gone)."""
    scratch = tempfile.mkdtemp(prefix='golden-os-sim-')
    sbx.push_root(scratch)
    try:
        for s in seq:
            status, _body = common.call(s.get('method', 'POST'), s['path'], s.get('query', ''), _payload(s))
            if s['path'] in TIMES and status == 200:
                s['compare'] = 'shape'
            if s['path'] == '/v1/os/path/getsize' and status == 200 and sbx.isdir(_arg_path(s)):
                s['compare'] = 'shape'              # a directory's size is its file system's
        tail = _cleanup(scratch, top.strip('/')) if _os.path.isdir(_os.path.join(scratch, top.strip('/'))) else []
        tail.append(case('/v1/os/path/exists', {'path': top}))
        for s in tail:
            common.call('POST', s['path'], '', s['args'])
    finally:
        sbx.pop_root()
        shutil.rmtree(scratch, ignore_errors=True)
    return steps(*(seq + tail))


def _sequences(rng, n):
    out = []
    for _ in range(n):
        top = '/g2os-%08x' % rng.getrandbits(32)
        seq = [case('/v1/os/mkdir', {'path': top})]
        known = []
        if rng.random() < 0.7:
            seq.append(case('/v1/os/makedirs', {'path': f'{top}/sub/deep'}))
            known += ['sub', 'sub/deep']
        if rng.random() < 0.7:
            seq.append(case('/v1/io/write', {'path': f'{top}/f', 'data': rng.choice(TEXTS[:11])}))
            known.append('f')
        if rng.random() < 0.4:
            seq.append(case('/v1/io/write', {'path': f'{top}/sub/g', 'data': _b64(rng.choice(BLOBS)), 'mode': 'wb'}))
            known.append('sub/g')
        seq += [_step(rng, top, known) for _ in range(rng.randint(4, 16))]
        seq.append(case('/v1/os/listdir', {'path': top}))
        out.append(finish(seq, top))
    return out


def cases(rng):
    return _pure_cases(rng, 1800) + _sequences(rng, 160) + _os_bytes_cases.cases(rng)

