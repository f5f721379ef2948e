"""The file sandbox of the model (API.md, "os, os.path"): CPython's os calls on a real directory,
with the contract's meaning of a client path.

* The data root (common.CONFIG['data_dir'], or a scratch root while a sequence is simulated) is
  read as '/': a client path is split on '/', '' and '.' parts are dropped, '..' pops one part but
  never above the root; '' names nothing (FileNotFoundError); a NUL is ValueError('embedded null
  byte'); a str that the file system encoding refuses raises UnicodeEncodeError at its position
  in the resolved client path ('/' + the parts joined by '/').
* An existing symlink anywhere on the path is OSError ELOOP (the API cannot make one; the model
  has the rule for completeness).
* Errors are the OSError subclasses the real call raised, naming the client's own spelling
  (filename, and filename2 for rename/replace); rmdir/rename/replace of the root are EBUSY,
  remove('/') and writing '/' are EISDIR.
* Writes are whole-file and atomic (temporary file + os.replace): a failed write changes nothing.
"""
import errno
import os
import posixpath
import stat as st

from . import common

_scratch = []          # a root stacked over CONFIG['data_dir'] while cases() simulates a sequence


def root():
    return _scratch[-1] if _scratch else os.path.realpath(common.CONFIG['data_dir'])


def push_root(path):
    _scratch.append(os.path.realpath(path))


def pop_root():
    _scratch.pop()


def oserror(code, name, name2=None):
    if name2 is not None:
        return OSError(code, os.strerror(code), name, None, name2)
    return OSError(code, os.strerror(code), name)


def parts(path):
    out = []
    for p in path.split('/'):
        if p in ('', '.'):
            continue
        if p == '..':
            if out:
                out.pop()
            continue
        out.append(p)
    return out


def resolve(path):
    """Client path -> the real path under the root (raising as the API says)."""
    if '\x00' in path:
        raise ValueError('embedded null byte')
    if path == '':
        raise oserror(errno.ENOENT, path)
    ps = parts(path)
    ('/' + '/'.join(ps)).encode('utf-8', 'surrogateescape')     # UnicodeEncodeError at the client's position
    real = root()
    for p in ps:
        real = os.path.join(real, p)
        try:
            s = os.lstat(real)
        except OSError:
            break
        if st.S_ISLNK(s.st_mode):
            raise oserror(errno.ELOOP, path)
    return os.path.join(root(), *ps)


def is_root(real):
    return real == root()


class named:
    """Re-raise the real call's OSError with the client's names."""

    def __init__(self, *pairs):
        self.names = dict(pairs)

    def __enter__(self):
        return self

    def _client(self, f):
        if f is None:
            return None
        if f in self.names:
            return self.names[f]
        r = root()
        if f == r:
            return '/'
        if isinstance(f, str) and f.startswith(r + '/'):
            return f[len(r):]
        return f

    def __exit__(self, et, e, tb):
        if e is None or not isinstance(e, OSError) or e.errno is None:
            return False
        f1, f2 = self._client(e.filename), self._client(e.filename2)
        if f2 is not None:
            raise oserror(e.errno, f1, f2) from None
        raise OSError(e.errno, e.strerror, f1) from None


# ------------------------------------------------------------------ operations

def listdir(path):
    real = resolve(path)
    with named((real, path)):
        return sorted(os.listdir(real))


def mkdir(path):
    real = resolve(path)
    with named((real, path)):
        os.mkdir(real)


def _quiet(fn, path):
    try:
        return fn(path)
    except (OSError, ValueError):
        return False


def exists(path):
    return _quiet(lambda p: os.stat(resolve(p)) is not None, path)


def isdir(path):
    return _quiet(lambda p: st.S_ISDIR(os.stat(resolve(p)).st_mode), path)


def isfile(path):
    return _quiet(lambda p: st.S_ISREG(os.stat(resolve(p)).st_mode), path)


def lstat(path):
    """os.lstat in the sandbox (the same as stat: a symlink on the path is ELOOP)."""
    real = resolve(path)
    with named((real, path)):
        return os.lstat(real)


def realpath(filename, strict=False):
    """posixpath.realpath (3.11's _joinrealpath, str) with the store as '/', '/' as the current
    directory and the sandbox's lstat; a symlink is OSError ELOOP even when not strict."""
    path, rest = '', filename
    if posixpath.isabs(rest):
        rest, path = rest[1:], '/'
    while rest:
        name, _, rest = rest.partition('/')
        if not name or name == '.':
            continue
        if name == '..':
            if path:
                path, name = posixpath.split(path)
                if name == '..':
                    path = posixpath.join(path, '..', '..')
            else:
                path = '..'
            continue
        newpath = posixpath.join(path, name)
        try:
            lstat(newpath)
        except OSError as e:
            if strict or e.errno == errno.ELOOP:
                raise
        path = newpath
    return posixpath.normpath(posixpath.join('/', path))


def makedirs(name, exist_ok=False):
    """os.makedirs as Lib/os.py writes it, over the sandbox's exists/mkdir/isdir."""
    head, tail = posixpath.split(name)
    if not tail:
        head, tail = posixpath.split(head)
    if head and tail and not exists(head):
        try:
            makedirs(head, exist_ok)
        except FileExistsError:
            pass
        if tail == '.':
            return
    try:
        mkdir(name)
    except OSError:
        if not exist_ok or not isdir(name):
            raise


def remove(path):
    real = resolve(path)
    with named((real, path)):
        os.remove(real)


def rmdir(path):
    real = resolve(path)
    if is_root(real):
        raise oserror(errno.EBUSY, path)
    with named((real, path)):
        os.rmdir(real)


def rename(src, dst):
    try:
        rs, rd = resolve(src), resolve(dst)
    except OSError as e:            # ELOOP / '': os.rename names both paths
        raise oserror(e.errno, src, dst) from None
    if is_root(rs) or is_root(rd):
        raise oserror(errno.EBUSY, src, dst)
    with named((rs, src), (rd, dst)):
        os.replace(rs, rd)


def stat(path):
    real = resolve(path)
    with named((real, path)):
        return os.stat(real)


def read(path, binary):
    real = resolve(path)
    with named((real, path)):
        if binary:
            with open(real, 'rb') as f:
                return f.read()
        with open(real, 'r', encoding='utf-8') as f:
            return f.read()


def check_writable(path):
    """Raise what open(path, 'wb') would raise (client names); -> the real path."""
    real = resolve(path)
    if is_root(real):
        raise oserror(errno.EISDIR, path)
    with named((real, path)):
        try:
            if st.S_ISDIR(os.lstat(real).st_mode):
                raise oserror(errno.EISDIR, path)
        except FileNotFoundError:
            pass
        except NotADirectoryError:
            raise oserror(errno.ENOTDIR, path) from None
    parent = os.path.dirname(real)
    with named((parent, path)):
        if not st.S_ISDIR(os.stat(parent).st_mode):
            raise oserror(errno.ENOTDIR, path)
    return real


def write(path, data, append=False):
    """Replace (or extend) the file's bytes atomically."""
    real = check_writable(path)
    old = b''
    if append and os.path.exists(real):
        with open(real, 'rb') as f:
            old = f.read()
    tmp = os.path.join(os.path.dirname(real), '.golden-tmp')
    with named((real, path)):
        with open(tmp, 'wb') as f:
            f.write(old + data)
        os.replace(tmp, real)
