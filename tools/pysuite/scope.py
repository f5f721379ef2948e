"""What a test touched: OutOfScope, ServerError, the Missing placeholder and the per-test ledger.

A shim raises OutOfScope when the test asks for something the API cannot say (a feature, a type,
an argument). OutOfScope and ServerError derive from BaseException so that a test's
`assertRaises(ValueError)` or `except Exception` never swallows them; the ledger also records every
one raised, so a test that catches one anyway is never counted as passed.
"""


class OutOfScope(BaseException):
    """The API cannot express this call. `group` names the missing feature (for the ranking)."""

    def __init__(self, group, detail=''):
        super().__init__(f'{group}: {detail}' if detail else group)
        self.group = group
        self.detail = detail
        LEDGER.note_oos(self)


class ServerError(BaseException):
    """pystd answered 5xx, timed out or dropped the connection: counted as an error."""

    def __init__(self, what):
        super().__init__(what)
        LEDGER.note_server_error(self)


class Mismatch(AssertionError):
    """The API answered something the shim cannot turn into what CPython gives (counted as failed)."""


class TestTimeout(BaseException):
    """The per-test time budget ran out."""


class Ledger:
    """The running test (None outside tests: import time, class bodies) and what it touched."""

    def __init__(self):
        self.current = None
        self.reset()

    def reset(self):
        self.oos = []          # OutOfScope raised during the test, in order
        self.server_errors = []
        self.calls = 0         # requests sent to pystd
        self.requests = []     # the last few requests, for the mismatch report

    def start(self, test_id):
        self.current = test_id
        self.reset()

    def stop(self):
        self.current = None

    def note_oos(self, exc):
        if self.current is not None:
            self.oos.append(exc)

    def note_server_error(self, exc):
        if self.current is not None:
            self.server_errors.append(exc)

    def note_call(self, path, args, status, body):
        if self.current is not None:
            self.calls += 1
            self.requests.append((path, args, status, body))
            del self.requests[:-4]


LEDGER = Ledger()


def _oos_base(name, base):
    """A class standing in for a Missing used as a base class: instantiating it is out of scope."""

    def __new__(cls, *a, **k):
        if LEDGER.current is None:
            return Missing(name + '()', base)
        raise OutOfScope(f'not in the API: {base}', f'instantiates a subclass of {name}')

    return type('Missing_' + name.replace('.', '_'), (), {'__new__': __new__})


_INTROSPECTED = frozenset(('__module__', '__name__', '__qualname__', '__doc__', '__wrapped__',
                           '__self__', '__func__', '__text_signature__', '__dict__'))


class Missing:
    """A name the API does not offer. Outside a test (module import, class bodies) it yields further
    placeholders so that the test module loads; inside a test any use raises OutOfScope."""

    __slots__ = ('_name', '_base')

    def __init__(self, name, base=None):
        object.__setattr__(self, '_name', name)
        object.__setattr__(self, '_base', base or name)

    def _use(self, how):
        name = object.__getattribute__(self, '_name')
        base = object.__getattribute__(self, '_base')
        if LEDGER.current is None:
            return Missing(name + how, base)
        raise OutOfScope(f'not in the API: {base}', f'uses {name}{how}')

    def __getattribute__(self, attr):
        if attr in _INTROSPECTED:  # x.__module__, x.__name__, ...: what the real object would say
            return object.__getattribute__(self, '_use')('.' + attr)
        return object.__getattribute__(self, attr)

    def __getattr__(self, attr):
        if attr.startswith('__') and attr.endswith('__'):
            raise AttributeError(attr)
        return self._use('.' + attr)

    def __call__(self, /, *a, **k):
        return self._use('()')

    def __getitem__(self, key):
        return self._use('[]')

    def __setitem__(self, key, value):
        return self._use('[]=')

    def __delitem__(self, key):
        return self._use('del []')

    def __iter__(self):
        if LEDGER.current is None:
            return iter(())
        return self._use('iter')

    def __len__(self):
        if LEDGER.current is None:
            return 0
        return self._use('len')

    def __bool__(self):
        if LEDGER.current is None:
            return True
        return self._use('bool')

    def __eq__(self, other):
        if LEDGER.current is None:
            return self is other
        return self._use('==')

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return id(self)

    def __mro_entries__(self, bases):
        return (_oos_base(object.__getattribute__(self, '_name'),
                          object.__getattribute__(self, '_base')),)

    def __repr__(self):
        if called_from_test():
            return self._use('repr')
        return f"<pysuite: {object.__getattribute__(self, '_name')} is out of scope>"

    def __get__(self, obj, objtype=None):
        if obj is None and LEDGER.current is None:
            return self
        return self._use('.__get__')

    def __instancecheck__(self, inst):
        return self._use('isinstance')

    def __subclasscheck__(self, cls):
        return self._use('issubclass')

    def __reduce_ex__(self, proto):
        return self._use('pickle')

    def __int__(self):
        return self._use('int')

    __index__ = __int__
    __float__ = __int__
    __or__ = __ror__ = __and__ = __add__ = __radd__ = __sub__ = __lt__ = __gt__ = __le__ = __ge__ = (
        lambda self, o: self._use('op'))
    __contains__ = lambda self, o: self._use('in')  # noqa: E731


def called_from_test(depth=2):
    """True when the frame `depth` levels up runs test-module code (not unittest's or ours)."""
    import sys
    try:
        return sys._getframe(depth).f_globals.get('__pysuite_test__', False)
    except ValueError:
        return False


def missing_getattr(modname, real=None):
    """A module-level __getattr__ for the names a shim does not define. The names the real module
    `real` (imported by name when not given) lacks raise AttributeError, as they would. Inside a
    test, naming one the real module has is out of scope at once (so `assertIs(m.a, m.b)` cannot
    pass on placeholders); outside tests (module import, class bodies) it is a Missing
    placeholder. `__all__` describes the real module: out of scope too."""

    def __getattr__(name):
        dunder = name.startswith('__') and name.endswith('__')
        if dunder and name != '__all__':
            raise AttributeError(name)
        mod = real if real is not None else _import(modname)
        if mod is not None and not hasattr(mod, name):
            raise AttributeError(f"module '{modname}' has no attribute '{name}'")
        if LEDGER.current is not None:
            raise OutOfScope(f'not in the API: {modname}.{name}', 'named in a test')
        return Missing(f'{modname}.{name}')

    return __getattr__


def _import(modname):
    import importlib
    import warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            return importlib.import_module(modname)
    except ImportError:
        return None
