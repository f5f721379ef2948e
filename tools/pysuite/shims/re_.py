"""The `re` shim: every function is a POST /v1/re/<fn>; Pattern and Match are built from the answers.

Pattern keeps the pattern and the flags the test gave (a pattern object has no wire form: each call
sends them again); Match is the JSON Match plus the pattern, string, pos and endpos that produced it.
A callable repl, Pattern.scanner, re.Scanner, re.template, DEBUG/TEMPLATE, pickling and the
internals (_compiler, _parser, _constants) are out of scope.
"""

import re as _re
import types

from .. import client
from ..scope import LEDGER, Missing, OutOfScope, called_from_test, missing_getattr
from .wire import MAXSIZE, checked, checked_class, checked_module, integer
from .wire import str_or_bytes as _sob


def str_or_bytes(value, where):
    return _sob(value, where, subclass_ok=True)  # re reads only the characters of a str subclass


class _ShimType(type):
    """Pattern and Match are this shim's classes: their instantiation by a test and any change to
    them (CPython's are immutable and not instantiable) are out of scope."""

    def __call__(cls, *args, _pysuite=False, **kw):
        if not _pysuite:
            raise OutOfScope('re: the Pattern/Match types themselves', f'{cls.__name__}()')
        return super().__call__(*args, **kw)

    def __setattr__(cls, name, value):
        if LEDGER.current is not None:
            raise OutOfScope('re: the Pattern/Match types themselves', f'setattr {name}')
        super().__setattr__(name, value)

RegexFlag = _re.RegexFlag
NOFLAG = RegexFlag.NOFLAG
A = ASCII = RegexFlag.ASCII
I = IGNORECASE = RegexFlag.IGNORECASE  # noqa: E741
L = LOCALE = RegexFlag.LOCALE
M = MULTILINE = RegexFlag.MULTILINE
S = DOTALL = RegexFlag.DOTALL
U = UNICODE = RegexFlag.UNICODE
X = VERBOSE = RegexFlag.VERBOSE
T = TEMPLATE = RegexFlag.TEMPLATE
DEBUG = RegexFlag.DEBUG
__getattr__ = missing_getattr('re')


class error(Exception):
    """re.error as pystd reports it: str() is pystd's message; msg, pos, pattern, lineno, colno."""

    def __init__(self, msg, pattern=None, pos=None):
        self.msg, self.pattern, self.pos = msg, pattern, pos
        self.lineno = self.colno = None
        super().__init__(msg)


error.__module__ = 're'
PatternError = error


def _re_error(err, args):
    message, pos = err.get('message', ''), err.get('pos')
    m = _re.fullmatch(r'(.*) at position (\d+)(?: \(line (\d+), column (\d+)\))?', message, _re.S)
    exc = error(m.group(1) if m else message, _unwire(args.get('pattern')), pos)
    exc.args = (message,)
    if m and m.group(3):
        exc.lineno, exc.colno = int(m.group(3)), int(m.group(4))
    elif pos is not None:
        exc.lineno, exc.colno = 1, pos + 1
    return exc


_ERRORS = {'re.error': _re_error}


def _unwire(v):
    return client.from_wire(v)


def _flags(flags, where):
    if isinstance(flags, RegexFlag):
        return int(flags)
    return integer(flags, where)


def _call(fn, args):
    return client.call('re/' + fn, args, errors=_ERRORS)


def _pat(pattern, flags, where):
    """(wire pattern, wire flags, source) for a str/bytes pattern or a Pattern object."""
    if isinstance(pattern, Pattern):
        if flags:
            raise OutOfScope('re: a compiled pattern with flags (Python: ValueError)', where)
        return pattern._wire, pattern._flags, pattern
    return str_or_bytes(pattern, where + ' pattern'), _flags(flags, where + ' flags'), pattern


class _Immutable:
    """What Pattern and Match share: copies are the object itself; pickling and generic aliases
    have no wire form."""

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        raise OutOfScope(f're: pickling a {type(self).__name__}', '')

    def __class_getitem__(cls, item):
        raise OutOfScope(f're: {cls.__name__}[...] generic alias', '')


@checked_class
class Pattern(_Immutable, metaclass=_ShimType):
    """A compiled pattern: what /v1/re/compile reported, and the source to send with each call."""

    def __init__(self, wire, flags, info=None):
        self._wire, self._flags, self._info = wire, flags, info
        self.pattern = _unwire(wire)

    def _load(self):
        if self._info is None:
            self._info = _call('compile', {'pattern': self._wire, 'flags': self._flags})
        return self._info

    @property
    def flags(self):
        return self._load()['flags']

    @property
    def groups(self):
        return self._load()['groups']

    @property
    def groupindex(self):
        return types.MappingProxyType(dict(self._load()['groupindex']))

    def _args(self, string, pos, endpos, where):
        args = {'pattern': self._wire, 'string': str_or_bytes(string, where + ' string'),
                'flags': self._flags, 'pos': integer(pos, where + ' pos')}
        endpos = integer(endpos, where + ' endpos')
        if endpos != MAXSIZE:
            args['endpos'] = endpos
        return args

    def _match(self, fn, string, pos, endpos):
        args = self._args(string, pos, endpos, 'Pattern.' + fn)
        res = _call(fn, args)
        return None if res is None else Match(self, string, args, res, fn, _pysuite=True)

    def search(self, string, pos=0, endpos=MAXSIZE):
        return self._match('search', string, pos, endpos)

    def match(self, string, pos=0, endpos=MAXSIZE):
        return self._match('match', string, pos, endpos)

    def fullmatch(self, string, pos=0, endpos=MAXSIZE):
        return self._match('fullmatch', string, pos, endpos)

    def findall(self, string, pos=0, endpos=MAXSIZE):
        res = _call('findall', self._args(string, pos, endpos, 'Pattern.findall'))
        return [tuple(_unwire(x)) if isinstance(x, list) else _unwire(x) for x in res]

    def finditer(self, string, pos=0, endpos=MAXSIZE):
        args = self._args(string, pos, endpos, 'Pattern.finditer')
        return iter([Match(self, string, args, r, 'finditer', _pysuite=True)
                     for r in _call('finditer', args)])

    def split(self, string, maxsplit=0):
        args = {'pattern': self._wire, 'string': str_or_bytes(string, 'split string'),
                'maxsplit': integer(maxsplit, 'split maxsplit'), 'flags': self._flags}
        return [_unwire(x) for x in _call('split', args)]

    def _sub(self, fn, repl, string, count):
        if callable(repl):
            raise OutOfScope('re: a callable repl (only the issue-17 function vocabulary)', fn)
        args = {'pattern': self._wire, 'repl': str_or_bytes(repl, fn + ' repl'),
                'string': str_or_bytes(string, fn + ' string'), 'count': integer(count, fn + ' count'),
                'flags': self._flags}
        return _call(fn, args)

    def sub(self, repl, string, count=0):
        return _unwire(self._sub('sub', repl, string, count))

    def subn(self, repl, string, count=0):
        res = self._sub('subn', repl, string, count)
        return (_unwire(res[0]), res[1])

    def scanner(self, *a, **k):
        raise OutOfScope('re: Pattern.scanner', '')

    def __eq__(self, other):
        if isinstance(other, Pattern):
            raise OutOfScope('re: Pattern comparison/hash', '')
        return NotImplemented

    def __hash__(self):
        raise OutOfScope('re: Pattern comparison/hash', '')

    def __repr__(self):
        if called_from_test():
            raise OutOfScope('re: repr of a Pattern', '')
        return f'<pysuite re.Pattern {self.pattern!r}>'



Pattern.__module__ = 're'


class Match(_Immutable, metaclass=_ShimType):
    """A Match from the API's JSON; group lookups index the lists pystd answered."""

    def __init__(self, pattern, string, args, res, fn):
        self.re, self.string, self._fn = pattern, string, fn
        self.pos = args.get('pos', 0)
        n = len(string)
        self.endpos = min(max(args.get('endpos', n), 0), n) if 'endpos' in args else n
        self.pos = min(max(self.pos, 0), n)
        self._groups = [_unwire(res['group'])] + [_unwire(g) for g in res['groups']]
        self._spans = [tuple(res['span'])] + [tuple(s) for s in res['spans']]
        self._groupdict = {k: _unwire(v) for k, v in res['groupdict'].items()}
        self.lastindex, self.lastgroup = res['lastindex'], res['lastgroup']

    def _index(self, g):
        if isinstance(g, (str, bytes)) and not isinstance(g, int):
            if isinstance(g, str) and g in self.re.groupindex:
                return self.re.groupindex[g]
            raise IndexError('no such group')
        try:
            i = g.__index__()
        except (AttributeError, TypeError):
            raise IndexError('no such group')
        if 0 <= i < len(self._groups):
            return i
        raise IndexError('no such group')

    def group(self, *gs):
        if not gs:
            return self._groups[0]
        if len(gs) == 1:
            return self._groups[self._index(gs[0])]
        return tuple(self._groups[self._index(g)] for g in gs)

    def __getitem__(self, g):
        return self._groups[self._index(g)]

    def groups(self, default=None):
        return tuple(default if g is None else g for g in self._groups[1:])

    def groupdict(self, default=None):
        return {k: default if v is None else v for k, v in self._groupdict.items()}

    def span(self, g=0):
        return self._spans[self._index(g)]

    def start(self, g=0):
        return self._spans[self._index(g)][0]

    def end(self, g=0):
        return self._spans[self._index(g)][1]

    @property
    def regs(self):
        return tuple(self._spans)

    @checked
    def expand(self, template):
        """/v1/re/expand (issue 17) expands re.search's match: searched from this match's start."""
        if self._fn == 'fullmatch':
            raise OutOfScope('re: Match.expand of a fullmatch', '')
        args = {'pattern': self.re._wire, 'string': str_or_bytes(self.string, 'expand string'),
                'template': str_or_bytes(template, 'expand template'), 'flags': self.re._flags,
                'pos': self.start(), 'endpos': self.endpos}
        return _unwire(client.call('re/expand', args, errors=_ERRORS, issue17='re/expand'))

    def __repr__(self):
        return '<re.Match object; span=%r, match=%.50r>' % (self._spans[0], self._groups[0])



Match.__module__ = 're'


def compile(pattern, flags=0):
    if isinstance(pattern, Pattern):
        if flags:
            raise OutOfScope('re: a compiled pattern with flags (Python: ValueError)', 'compile')
        return pattern
    p = compile_nocheck(pattern, flags, 'compile')
    p._load()
    return p


def _module_match(fn, pattern, string, flags):
    return compile_nocheck(pattern, flags, fn)._match(fn, string, 0, MAXSIZE)


def search(pattern, string, flags=0):
    return _module_match('search', pattern, string, flags)


def match(pattern, string, flags=0):
    return _module_match('match', pattern, string, flags)


def fullmatch(pattern, string, flags=0):
    return _module_match('fullmatch', pattern, string, flags)


def findall(pattern, string, flags=0):
    return compile_nocheck(pattern, flags, 'findall').findall(string)


def finditer(pattern, string, flags=0):
    return compile_nocheck(pattern, flags, 'finditer').finditer(string)


def split(pattern, string, maxsplit=0, flags=0):
    return compile_nocheck(pattern, flags, 'split').split(string, maxsplit)


def sub(pattern, repl, string, count=0, flags=0):
    return compile_nocheck(pattern, flags, 'sub').sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return compile_nocheck(pattern, flags, 'subn').subn(repl, string, count)


def compile_nocheck(pattern, flags, where):
    """A Pattern without a compile call: the operation itself reports the pattern's errors."""
    wire, fl, src = _pat(pattern, flags, where)
    if isinstance(src, Pattern):
        return src
    return Pattern(wire, fl, _pysuite=True)


def escape(pattern):
    return _unwire(_call('escape', {'pattern': str_or_bytes(pattern, 'escape pattern')}))


def purge():
    _call('purge', {})


template = Missing('re.template')
Scanner = Missing('re.Scanner')


checked_module(globals())
