"""The `urllib.parse` shim: POST /v1/urllib/parse/<fn>, str and (issue 17) bytes.

urlparse/urlsplit/urldefrag answers become named tuples whose username, password, hostname and
port are the values pystd reported (port_error -> ValueError on .port); geturl() is a urlunparse /
urlunsplit call. A result the test built or _replace()d itself has no such values: reading them is
out of scope, as are encode()/decode() of results, the deprecated split* helpers and internals.
"""

from collections import namedtuple

from .. import client
from ..scope import Missing, OutOfScope, missing_getattr
from .wire import checked_module, integer, str_or_bytes, text

__getattr__ = missing_getattr('urllib.parse')


def _call(fn, args, issue17=None):
    return client.from_wire(client.call('urllib/parse/' + fn, args, issue17=issue17))


class _Derived:
    """username/password/hostname/port as pystd computed them for this exact value."""

    def _d(self, key):
        d = self.__dict__.get('_derived')
        if d is None:
            raise OutOfScope('urllib.parse: attributes of a result the test built or replaced', key)
        return d[key]

    @property
    def username(self):
        return self._d('username')

    @property
    def password(self):
        return self._d('password')

    @property
    def hostname(self):
        return self._d('hostname')

    @property
    def port(self):
        if self._d('port') is None and self._d('port_error') is not None:
            raise ValueError(self._d('port_error'))
        return self._d('port')

    def _replace(self, **kw):
        return type(self)(*(kw.pop(f, getattr(self, f)) for f in self._fields))

    def encode(self, *a, **k):
        raise OutOfScope('urllib.parse: encode()/decode() of a result', '')

    decode = encode
    _encoded_counterpart = _decoded_counterpart = Missing('urllib.parse result encode/decode')


def _result(name, fields, unparse):
    base = namedtuple(name, fields)

    def geturl(self):
        return globals()[unparse](self)

    return type(name, (_Derived, base), {'geturl': geturl, '__module__': 'urllib.parse'})


ParseResult = _result('ParseResult', 'scheme netloc path params query fragment', 'urlunparse')
SplitResult = _result('SplitResult', 'scheme netloc path query fragment', 'urlunsplit')
ParseResultBytes = _result('ParseResultBytes', 'scheme netloc path params query fragment',
                           'urlunparse')
SplitResultBytes = _result('SplitResultBytes', 'scheme netloc path query fragment', 'urlunsplit')
_DefragBase = namedtuple('DefragResult', 'url fragment')


class DefragResult(_DefragBase):
    _encoded_counterpart = _decoded_counterpart = Missing('urllib.parse result encode/decode')

    def geturl(self):
        raise OutOfScope('urllib.parse: DefragResult.geturl (not in the API)', '')

    def encode(self, *a, **k):
        raise OutOfScope('urllib.parse: encode()/decode() of a result', '')

    decode = encode


DefragResultBytes = DefragResult


def _split(fn, cls_str, cls_bytes, urlstring, scheme, allow_fragments):
    args = {'urlstring': str_or_bytes(urlstring, fn + ' urlstring'),
            'scheme': str_or_bytes(scheme, fn + ' scheme'),
            'allow_fragments': _truth(allow_fragments, fn)}
    res = _call(fn, args)
    fields = cls_str._fields
    is_bytes = isinstance(res[fields[0]], bytes)
    obj = (cls_bytes if is_bytes else cls_str)(*(res[f] for f in fields))
    obj.__dict__['_derived'] = {k: res.get(k) for k in ('username', 'password', 'hostname', 'port',
                                                        'port_error')}
    return obj


def _truth(v, where):
    if type(v) is bool:
        return v
    if type(v) is int:
        return bool(v)  # allow_fragments is used for its truth value
    raise OutOfScope('non-bool where the API takes a bool', where)


def urlparse(url, scheme='', allow_fragments=True):
    return _split('urlparse', ParseResult, ParseResultBytes, url, scheme, allow_fragments)


def urlsplit(url, scheme='', allow_fragments=True):
    return _split('urlsplit', SplitResult, SplitResultBytes, url, scheme, allow_fragments)


def _components(components, n, fn):
    items = list(components) if isinstance(components, (tuple, list)) else None
    if items is None:
        raise OutOfScope('argument of a type the API cannot take (Python: TypeError)', fn)
    return [str_or_bytes(c, fn + ' component') for c in items]


def urlunparse(components):
    return _call('urlunparse', {'components': _components(components, 6, 'urlunparse')})


def urlunsplit(components):
    return _call('urlunsplit', {'components': _components(components, 5, 'urlunsplit')})


def urljoin(base, url, allow_fragments=True):
    return _call('urljoin', {'base': str_or_bytes(base, 'urljoin base'),
                             'url': str_or_bytes(url, 'urljoin url'),
                             'allow_fragments': _truth(allow_fragments, 'urljoin')})


def urldefrag(url):
    res = _call('urldefrag', {'url': str_or_bytes(url, 'urldefrag url')})
    return DefragResult(res['url'], res['fragment'])


def _opt_text(v, where):
    return None if v is None else text(v, where)


def quote(string, safe='/', encoding=None, errors=None):
    return _call('quote', {'string': str_or_bytes(string, 'quote string'),
                           'safe': str_or_bytes(safe, 'quote safe'),
                           'encoding': _opt_text(encoding, 'quote encoding'),
                           'errors': _opt_text(errors, 'quote errors')})


def quote_plus(string, safe='', encoding=None, errors=None):
    return _call('quote_plus', {'string': str_or_bytes(string, 'quote_plus string'),
                                'safe': str_or_bytes(safe, 'quote_plus safe'),
                                'encoding': _opt_text(encoding, 'quote_plus encoding'),
                                'errors': _opt_text(errors, 'quote_plus errors')})


def quote_from_bytes(bs, safe='/'):
    return _call('quote_from_bytes', {'bs': str_or_bytes(bs, 'quote_from_bytes bs'),
                                      'safe': str_or_bytes(safe, 'quote_from_bytes safe')},
                 issue17='urllib.parse.quote_from_bytes')


def unquote(string, encoding='utf-8', errors='replace'):
    return _call('unquote', {'string': str_or_bytes(string, 'unquote string'),
                             'encoding': _opt_text(encoding, 'unquote encoding'),
                             'errors': _opt_text(errors, 'unquote errors')})


def unquote_plus(string, encoding='utf-8', errors='replace'):
    return _call('unquote_plus', {'string': str_or_bytes(string, 'unquote_plus string'),
                                  'encoding': _opt_text(encoding, 'unquote_plus encoding'),
                                  'errors': _opt_text(errors, 'unquote_plus errors')})


def unquote_to_bytes(string):
    return _call('unquote_to_bytes', {'string': str_or_bytes(string, 'unquote_to_bytes string')},
                 issue17='urllib.parse.unquote_to_bytes')


def _qs_value(v, where):
    if v is None or type(v) in (bool, int, float):
        return v
    if type(v) in (list, tuple):
        return [_qs_value(x, where) for x in v]
    return str_or_bytes(v, where)


def urlencode(query, doseq=False, safe='', encoding=None, errors=None, quote_via=None):
    if hasattr(query, 'items'):
        pairs = list(query.items())
    elif type(query) in (list, tuple) and all(type(p) is tuple and len(p) == 2 for p in query):
        pairs = list(query)
    else:
        raise OutOfScope('urlencode: a query that is neither a mapping nor a list of 2-tuples', '')
    via = {None: 'quote_plus', quote_plus: 'quote_plus', quote: 'quote'}.get(quote_via)
    if via is None:
        raise OutOfScope('urlencode: a quote_via outside quote/quote_plus', '')
    args = {'query': [[_qs_value(k, 'urlencode key'), _qs_value(v, 'urlencode value')]
                      for k, v in pairs],
            'doseq': bool(doseq), 'safe': str_or_bytes(safe, 'urlencode safe'),
            'encoding': _opt_text(encoding, 'urlencode encoding'),
            'errors': _opt_text(errors, 'urlencode errors'), 'quote_via': via}
    return _call('urlencode', args)


def _qs_args(fn, qs, keep_blank_values, strict_parsing, encoding, errors, max_num_fields,
             separator):
    if encoding != 'utf-8' or errors != 'replace':
        raise OutOfScope(f'{fn}: encoding/errors (not in the API)', '')
    return {'qs': str_or_bytes(qs, fn + ' qs'),
            'keep_blank_values': _truth(keep_blank_values, fn),
            'strict_parsing': _truth(strict_parsing, fn),
            'max_num_fields': integer(max_num_fields, fn + ' max_num_fields', nullable=True),
            'separator': str_or_bytes(separator, fn + ' separator')}


def parse_qs(qs, keep_blank_values=False, strict_parsing=False, encoding='utf-8',
             errors='replace', max_num_fields=None, separator='&'):
    res = _call('parse_qs', _qs_args('parse_qs', qs, keep_blank_values, strict_parsing, encoding,
                                     errors, max_num_fields, separator))
    if isinstance(res, list):  # parse_qs of bytes: [key, [values...]] pairs
        return {k: v for k, v in res}
    return res


def parse_qsl(qs, keep_blank_values=False, strict_parsing=False, encoding='utf-8',
              errors='replace', max_num_fields=None, separator='&'):
    res = _call('parse_qsl', _qs_args('parse_qsl', qs, keep_blank_values, strict_parsing, encoding,
                                      errors, max_num_fields, separator))
    return [tuple(p) for p in res]


checked_module(globals())
