"""The registry of shim modules: which module names a test module sees as a shim, and the objects.

Each shim is an ordinary module of this package (re_.py, json_.py, ...) whose functions call pystd;
names the API does not offer are Missing placeholders (scope.py). Internal modules the tests reach
into (_sre, _json, sre_compile, encodings, ...) are entirely Missing.
"""

import importlib
import os as _real_os
import types

from ..scope import missing_getattr

_SHIM_FILES = {
    're': 're_', 'json': 'json_', 'json.decoder': 'json_', 'json.encoder': 'json_',
    'codecs': 'codecs_', 'urllib.parse': 'urlparse_', 'urllib.robotparser': 'robotparser_',
    'posixpath': 'posixpath_', 'os.path': 'posixpath_', 'time': 'time_', '_strptime': 'strptime_',
    'random': 'random_', 'functools': 'functools_',
}
_MISSING = ('sre_compile', 'sre_parse', 'sre_constants', '_sre', 'json.scanner', '_json', '_codecs',
            'encodings', 'genericpath', '_random', '_functools', 'ntpath')
_cache = {}


def shimmed(name):
    return (name in _SHIM_FILES or name in _MISSING or name in ('os', 'urllib')
            or name.startswith(('encodings.', 're.', 'json.', 'urllib.')))


def _missing_module(name):
    mod = types.ModuleType(name)
    mod.__getattr__ = missing_getattr(name)
    return mod


def _os_proxy():
    mod = types.ModuleType('os')
    mod.path = get('posixpath')

    def __getattr__(attr):
        return getattr(_real_os, attr)

    mod.__getattr__ = __getattr__
    return mod


def _urllib_proxy():
    import urllib.error
    mod = types.ModuleType('urllib')
    mod.__path__ = []
    mod.parse = get('urllib.parse')
    mod.robotparser = get('urllib.robotparser')
    mod.error = urllib.error
    mod.__getattr__ = missing_getattr('urllib')
    return mod


def get(name):
    """The shim module standing in for `name`."""
    if name in _cache:
        return _cache[name]
    if name == 'os':
        mod = _os_proxy()
    elif name == 'urllib':
        mod = _urllib_proxy()
    elif name in _SHIM_FILES:
        mod = importlib.import_module(f'{__name__}.{_SHIM_FILES[name]}')
        if name in ('json.decoder', 'json.encoder'):
            mod = getattr(mod, name.split('.')[1])
    else:
        mod = _missing_module(name)
    _cache[name] = mod
    return mod
