"""Loads a suite's test modules with the shims injected.

A meta-path finder claims the suite's own modules (test.test_re, test.test_json.*, ...) and executes
them with a private `__builtins__` whose `__import__` answers the shim for every shimmed name, so
the test code (and only the test code: unittest, test.support and the standard library keep the
real modules) calls pystd. The source is also rewritten so that `s.encode(...)`, `b.decode(...)`,
`str(b, enc)` and `bytes(s, enc)` on str/bytes go through the codecs shim: those builtins are codec
calls too, and the tests exercise codecs through them.
"""

import ast
import builtins
import importlib.abc
import importlib.machinery
import sys

from . import shims


class _EncDecRewriter(ast.NodeTransformer):
    def visit_Call(self, node):
        self.generic_visit(node)
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in ('encode', 'decode'):
            new = ast.Call(func=ast.Name('__pysuite_method__', ast.Load()),
                           args=[f.value, ast.Constant(f.attr)] + node.args, keywords=node.keywords)
            return ast.copy_location(new, node)
        if isinstance(f, ast.Name) and f.id in ('str', 'bytes') and (
                len(node.args) >= 2 or any(k.arg in ('encoding', 'errors') for k in node.keywords)):
            new = ast.Call(func=ast.Name('__pysuite_' + f.id + '__', ast.Load()), args=node.args,
                           keywords=node.keywords)
            return ast.copy_location(new, node)
        return node


def _method(obj, name, /, *args, **kw):
    if name == 'encode' and isinstance(obj, str):
        return shims.get('codecs').str_encode(obj, *args, **kw)
    if name == 'decode' and isinstance(obj, (bytes, bytearray)):
        return shims.get('codecs').bytes_decode(obj, *args, **kw)
    return getattr(obj, name)(*args, **kw)


def _str(*args, **kw):
    obj = args[0] if args else kw.get('object', b'')
    if isinstance(obj, (bytes, bytearray)) and len(args) <= 3:
        return shims.get('codecs').bytes_decode(obj, *args[1:], **kw)
    return str(*args, **kw)


def _bytes(*args, **kw):
    obj = args[0] if args else kw.get('source')
    if isinstance(obj, str) and len(args) <= 3:
        return shims.get('codecs').str_encode(obj, *args[1:], **kw)
    return bytes(*args, **kw)


def _hook(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 0 and shims.shimmed(name):
        mod = shims.get(name)
        if fromlist:
            return mod
        return shims.get(name.partition('.')[0])
    return builtins.__import__(name, globals, locals, fromlist, level)


SHIM_BUILTINS = dict(builtins.__dict__)
SHIM_BUILTINS.update(__import__=_hook, __pysuite_method__=_method, __pysuite_str__=_str,
                     __pysuite_bytes__=_bytes)


class ShimLoader(importlib.machinery.SourceFileLoader):
    """Compiles from source (never the cached bytecode) with the rewrite, runs with SHIM_BUILTINS."""

    def get_code(self, fullname):
        path = self.get_filename(fullname)
        source = self.get_data(path)
        tree = _EncDecRewriter().visit(ast.parse(source, path))
        ast.fix_missing_locations(tree)
        return compile(tree, path, 'exec', dont_inherit=True)

    def exec_module(self, module):
        module.__dict__['__builtins__'] = SHIM_BUILTINS
        module.__dict__['__pysuite_test__'] = True
        super().exec_module(module)


class ShimFinder(importlib.abc.MetaPathFinder):
    """Claims `names` and every submodule of `packages`."""

    def __init__(self, names, packages):
        self.names, self.packages = set(names), tuple(packages)

    def find_spec(self, fullname, path, target=None):
        if fullname not in self.names and not fullname.startswith(
                tuple(p + '.' for p in self.packages)) and fullname not in self.packages:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not str(spec.origin).endswith('.py'):
            return None
        spec.loader = ShimLoader(fullname, spec.origin)
        return spec


def install(names, packages):
    """Shim mode: the suite's modules are loaded through ShimFinder, fresh imports give shims."""
    for n in list(sys.modules):
        if n in names or n in packages or n.startswith(tuple(p + '.' for p in packages)):
            del sys.modules[n]
    sys.meta_path.insert(0, ShimFinder(names, packages))
    from test.support import import_helper
    real_fresh = import_helper.import_fresh_module

    def import_fresh_module(name, fresh=(), blocked=(), deprecated=False):
        if shims.shimmed(name):
            return shims.get(name)
        return real_fresh(name, fresh, blocked, deprecated=deprecated)

    import_helper.import_fresh_module = import_fresh_module
    _warnings_out_of_scope()
    _subprocesses_out_of_scope()


def _subprocesses_out_of_scope():
    """A test that starts a process (json.tool, assert_python_ok, ...) has real CPython compute in
    it: out of scope. (os.fork keeps the shims in the child and stays allowed.)"""
    import subprocess
    from .scope import LEDGER, OutOfScope
    real_init = subprocess.Popen.__init__

    def __init__(self, *args, **kw):
        if LEDGER.current is not None:
            raise OutOfScope('a subprocess (CPython itself computes there)', repr(args)[:120])
        real_init(self, *args, **kw)

    subprocess.Popen.__init__ = __init__


def _warnings_out_of_scope():
    """assertWarns/assertWarnsRegex whose warning did not come: the API has no channel for Python
    warnings (DeprecationWarning, FutureWarning, ...), so the test is out of scope, not failed."""
    import unittest.case
    from .scope import OutOfScope
    ctx = unittest.case._AssertWarnsContext
    real_exit = ctx.__exit__

    def __exit__(self, exc_type, exc_value, tb):
        try:
            return real_exit(self, exc_type, exc_value, tb)
        except self.test_case.failureException as e:
            if 'not triggered' in str(e):
                raise OutOfScope('Python warnings (the API does not report them)', str(e)) from None
            raise

    ctx.__exit__ = __exit__
