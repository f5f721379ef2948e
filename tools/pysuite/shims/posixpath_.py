"""The `posixpath` / `os.path` shim: the pure functions are POST /v1/os/path/<fn>.

Relative paths resolve against `cwd`, which the shim sends as the test process's os.getcwd() (what
posixpath.abspath/relpath read). The functions that look at a file system (exists, isfile, isdir,
getsize, lexists, islink, realpath, getmtime, samefile, ismount, ...) are out of scope: the tests
create their files in the local file system, while the API's file functions see its own sandbox.
splitdrive, expanduser and expandvars are not in the API.
"""

import posixpath as _real

from .. import client
from ..scope import OutOfScope, missing_getattr
from .wire import checked_module, str_or_bytes

__getattr__ = missing_getattr('posixpath')
sep, altsep, curdir, pardir, extsep, pathsep = '/', None, '.', '..', '.', ':'
defpath, devnull = _real.defpath, _real.devnull
supports_unicode_filenames = _real.supports_unicode_filenames
_FS = ('exists', 'isfile', 'isdir', 'getsize', 'lexists', 'islink', 'realpath', 'getmtime',
       'getatime', 'getctime', 'samefile', 'sameopenfile', 'samestat', 'ismount')


def _path(p, where):
    if not isinstance(p, (str, bytes)) and hasattr(type(p), '__fspath__'):
        p = type(p).__fspath__(p)  # os.fspath: the path-like protocol is argument packing
    return str_or_bytes(p, where)


def _call(fn, args):
    return client.from_wire(client.call('os/path/' + fn, args))


def _one(fn):
    def f(path):
        return _call(fn, {'path': _path(path, fn + ' path')})

    f.__name__ = fn
    return f


basename, dirname, normpath, normcase, isabs = (_one(n) for n in (
    'basename', 'dirname', 'normpath', 'normcase', 'isabs'))


def split(p):
    return tuple(_call('split', {'path': _path(p, 'split path')}))


def splitext(p):
    return tuple(_call('splitext', {'path': _path(p, 'splitext path')}))


def join(a, *p):
    return _call('join', {'a': _path(a, 'join a'), 'paths': [_path(x, 'join paths') for x in p]})


def _cwd(path):
    """The test's os.getcwd() (the `os` the test sees: it may have replaced getcwd there)."""
    from . import get
    test_os = get('os')
    return client.b(test_os.getcwdb()) if isinstance(path, dict) else test_os.getcwd()


def abspath(path):
    wire = _path(path, 'abspath path')
    return _call('abspath', {'path': wire, 'cwd': _cwd(wire)})


def relpath(path, start=None):
    wire = _path(path, 'relpath path')
    args = {'path': wire, 'cwd': _cwd(wire)}
    if start is not None:
        args['start'] = _path(start, 'relpath start')
    return _call('relpath', args)


def _seq(paths, where):
    if type(paths) not in (list, tuple):
        raise OutOfScope(f'{where}: an iterable that is not a list/tuple', type(paths).__name__)
    return [_path(p, where) for p in paths]


def commonpath(paths):
    return _call('commonpath', {'paths': _seq(paths, 'commonpath paths')})


def commonprefix(m):
    return _call('commonprefix', {'list': _seq(m, 'commonprefix list')})


def _fs(name):
    def f(*a, **k):
        raise OutOfScope('os.path on the test\'s local files (the API sees only its sandbox)', name)

    f.__name__ = name
    return f


for _n in _FS:
    globals()[_n] = _fs(_n)
checked_module(globals())
__name__ = 'posixpath'
