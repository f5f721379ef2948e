"""The HTTP client every shim uses: POST /v1/<module>/<fn>, the wire forms, the error envelope.

call(path, args) sends one request to pystd (loopback only) and answers the `result`, or raises:
  * the Python exception of a 422 envelope, built by the shim's `errors` table or by exc_from_envelope;
  * OutOfScope for 400 (the API cannot take the argument), for a 400 caused by a {"$bytes"} value
    or a 404/400 on an issue-17 addition while the bytes-out-of-scope flag is on (else BadRequest,
    a failure);
  * ResourceLimitError for 422 ResourceLimitError: pystd refused work CPython does, so a test that
    meets one fails (it is listed with the mismatches);
  * ServerError for 5xx, time-outs and broken connections.
"""

import base64
import builtins
import http.client
import ipaddress
import json
import os
import re
import socket
import sys
import time
import urllib.parse

from .scope import LEDGER, Mismatch, OutOfScope, ServerError

CONFIG = {'host': '127.0.0.1', 'port': 8093, 'timeout': 20.0, 'bytes_oos': True}
_conn = [None]


def _forget_connection():
    _conn[0] = None  # a forked child must not talk on its parent's connection


os.register_at_fork(after_in_child=_forget_connection)


class ResourceLimitError(Exception):
    """pystd's 422 ResourceLimitError: a limit of the service stopped work CPython does."""


class BadRequest(AssertionError):
    """A 400/404 the flag does not excuse: the request was meant to be valid (counted as failed)."""


def configure(url, timeout, bytes_oos):
    u = urllib.parse.urlsplit(url)
    host = u.hostname or '127.0.0.1'
    addr = socket.getaddrinfo(host, u.port or 80, proto=socket.IPPROTO_TCP)[0][4][0]
    if not ipaddress.ip_address(addr).is_loopback:
        raise SystemExit(f'pysuite talks only to loopback addresses, not {host} ({addr})')
    CONFIG.update(host=addr, port=u.port or 80, timeout=timeout, bytes_oos=bytes_oos)


def b(data):
    """bytes -> the issue-17 wire form {"$bytes": base64}."""
    return {'$bytes': base64.b64encode(bytes(data)).decode('ascii')}


def b64(data):
    """bytes -> the v1 base64 string (codecs/decode `obj`)."""
    return base64.b64encode(bytes(data)).decode('ascii')


def unb64(text):
    return base64.b64decode(text)


def from_wire(value):
    """Turns {"$bytes": ...} results back into bytes, recursively."""
    if isinstance(value, dict):
        if len(value) == 1 and '$bytes' in value and isinstance(value['$bytes'], str):
            return base64.b64decode(value['$bytes'])
        return {k: from_wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_wire(v) for v in value]
    return value


def wire_float(value):
    """A float result: inf and nan travel as strings."""
    if isinstance(value, str):
        return float({'Infinity': 'inf', '-Infinity': '-inf', 'NaN': 'nan'}[value])
    return value


def _has_bytes(value):
    if isinstance(value, dict):
        return '$bytes' in value or any(_has_bytes(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_bytes(v) for v in value)
    return False


def _send(path, body):
    for attempt in range(3):
        conn = _conn[0]
        if conn is None:
            conn = http.client.HTTPConnection(CONFIG['host'], CONFIG['port'], timeout=CONFIG['timeout'])
            _conn[0] = conn
        try:
            conn.request('POST', path, body=body, headers={'Content-Type': 'application/json'})
            resp = conn.getresponse()
            data = resp.read()
            if resp.status in (429, 503) and attempt < 2:
                time.sleep(min(float(resp.getheader('Retry-After') or 1), 2))
                continue
            return resp.status, data
        except socket.timeout:
            conn.close()
            _conn[0] = None
            raise ServerError(f'{path}: time-out after {CONFIG["timeout"]} s')
        except (ConnectionError, http.client.HTTPException, OSError) as e:
            conn.close()
            _conn[0] = None
            if attempt == 2:
                raise ServerError(f'{path}: {type(e).__name__}: {e}')
    raise ServerError(f'{path}: busy')


_PAIR = re.compile('[\ud800-\udbff][\udc00-\udfff]')


def _check_pairs(value):
    """A str holding a high surrogate followed by a low one (two code points) has no wire form:
    JSON's escapes make one astral character of them."""
    if isinstance(value, str):
        if _PAIR.search(value):
            raise OutOfScope('a str with adjacent lone surrogates (JSON makes them one character)',
                             ascii(value)[:80])
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_pairs(k)
            _check_pairs(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_pairs(v)


def _dumps(args):
    _check_pairs(args)
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return json.dumps(args, ensure_ascii=True, allow_nan=True).encode('ascii')
    finally:
        sys.set_int_max_str_digits(old)


def _loads(data):
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return json.loads(data)
    finally:
        sys.set_int_max_str_digits(old)


def call(path, args, errors=None, issue17=None, raw=False):
    """POST /v1/<path>. `errors` maps envelope type names to builders; `issue17` names the
    not-yet-implemented addition this request uses (its 400/404 is out of scope under the flag)."""
    try:
        body = _dumps(args)
    except (TypeError, ValueError) as e:
        raise OutOfScope('argument without a JSON form', f'{path}: {e}')
    status, data = _send('/v1/' + path, body)
    try:
        doc = _loads(data) if data else {}
    except ValueError:
        LEDGER.note_call(path, args, status, data[:300])
        raise ServerError(f'{path}: HTTP {status} with a body that is not JSON: {data[:200]!r}')
    LEDGER.note_call(path, args, status, doc)
    if status == 200:
        return doc if raw else doc.get('result')
    if status >= 500:
        raise ServerError(f'{path}: HTTP {status} {data[:200]!r}')
    err = doc.get('error') or {}
    etype, msg = err.get('type', '?'), err.get('message', '')
    if status in (400, 404):
        if issue17 is not None:
            if CONFIG['bytes_oos']:
                raise OutOfScope(f'issue 17 (not yet implemented): {issue17}', f'{status} {msg}')
            raise BadRequest(f'{path}: {status} {msg} (issue-17 {issue17})')
        if _has_bytes(args):
            if CONFIG['bytes_oos']:
                raise OutOfScope('issue 17 (not yet implemented): bytes arguments', f'{path}: {msg}')
            raise BadRequest(f'{path}: {status} {msg} (bytes argument)')
        if status == 404:
            raise BadRequest(f'{path}: 404 {msg}')
        raise OutOfScope('an argument the API refuses (400)', f'{path}: {msg}')
    if status == 422:
        if etype == 'NotImplementedError' and 'not implemented by pystd' in msg:
            raise OutOfScope('not implemented by pystd: ' + msg.replace(' is not implemented by pystd',
                                                                        ''), path)
        if etype == 'ResourceLimitError':
            if msg.startswith('maximum recursion depth exceeded'):
                # the contract's form of CPython's RecursionError (json.loads depth, API.md)
                raise RecursionError(msg)
            raise ResourceLimitError(f'{path}: {msg}')
        build = (errors or {}).get(etype)
        if build is not None:
            raise build(err, args)
        raise exc_from_envelope(err, args)
    raise ServerError(f'{path}: unexpected HTTP {status} {data[:200]!r}')


_BUILTIN = {name: getattr(builtins, name) for name in (
                'ValueError', 'TypeError', 'IndexError', 'KeyError', 'OverflowError',
                'ZeroDivisionError', 'LookupError', 'AttributeError', 'RecursionError',
                'MemoryError', 'NotImplementedError', 'UnicodeError', 'OSError', 'TimeoutError',
                'FileNotFoundError', 'FileExistsError', 'IsADirectoryError', 'NotADirectoryError',
                'PermissionError', 'StopIteration', 'ArithmeticError')}


def with_message(exc, message):
    """`exc` whose str() is the server's message: the same object when it already is, else an
    instance of a subclass of the same type whose __str__ answers the message."""
    if str(exc) == message:
        return exc
    cls = type(exc)
    sub = type(cls.__name__, (cls,), {'__str__': lambda self: message, '__module__': cls.__module__,
                                      '__qualname__': cls.__qualname__})
    try:
        new = sub.__new__(sub, *exc.args)
        new.__init__(*exc.args)
    except TypeError:
        return exc
    new.__dict__.update(getattr(exc, '__dict__', {}))
    return new


def exc_from_envelope(err, args):
    """A builtin exception from a 422 envelope (type, message and extra attributes)."""
    etype, message = err.get('type', ''), err.get('message', '')
    if etype in ('UnicodeDecodeError', 'UnicodeEncodeError'):
        return unicode_error(err, args)
    if etype in _BUILTIN and _BUILTIN[etype] is not None and issubclass(_BUILTIN[etype], OSError) \
            and 'errno' in err:
        extra = [err.get('filename')] if err.get('filename') is not None else []
        if err.get('filename2') is not None:
            extra += [None, err['filename2']]
        return with_message(OSError(err['errno'], err.get('strerror'), *extra), message)
    cls = _BUILTIN.get(etype)
    if cls is None:
        return Mismatch(f'pystd raised {etype}: {message}')
    if cls is KeyError:
        return with_message(KeyError(message), message)
    return with_message(cls(message), message)


def unicode_error(err, args):
    """UnicodeDecodeError/UnicodeEncodeError with the fields pystd reports; `object` is what was
    sent (the decoded base64 for decode)."""
    etype = err['type']
    obj = args.get('obj', '')
    if etype == 'UnicodeDecodeError':
        data = obj if isinstance(obj, (bytes, bytearray)) else base64.b64decode(obj)
        exc = UnicodeDecodeError(err['encoding'], bytes(data), err['start'], err['end'], err['reason'])
    else:
        if not isinstance(obj, str):
            obj = ''
        exc = UnicodeEncodeError(err['encoding'], obj, err['start'], err['end'], err['reason'])
    return with_message(exc, err.get('message', ''))
