#!/usr/bin/env python3
"""A stand-in for the issue-17 additions, on CPython, to check the runner's wire forms before
pystd has them. It is a test double of the contract, not pystd.

It answers itself the requests that use an issue-17 addition ({"$bytes"} arguments, float/bytes
seeds, re/expand, codecs iterdecode/iterencode/escape_*, the new random distributions, json.loads
parse_*, quote_from_bytes, unquote_to_bytes) by calling CPython, and forwards every other request
unchanged to --upstream (a pystd, or pyref). Running the suites through it shows how the counts
move once pystd implements issue 17 exactly, and that the shims' bytes paths hold no mismatch.

  python3 tools/pysuite/mock17.py --port 8096 --upstream http://127.0.0.1:8093
  python3 tools/pysuite/run.py --url http://127.0.0.1:8096
"""

import argparse
import base64
import codecs
import http.client
import http.server
import json
import os
import posixpath
import random
import re
import sys
import threading
import urllib.parse

sys.set_int_max_str_digits(0)
ISSUE17_PATHS = {'re/expand', 'codecs/iterdecode', 'codecs/iterencode', 'codecs/escape_encode',
                 'codecs/escape_decode', 'urllib/parse/quote_from_bytes',
                 'urllib/parse/unquote_to_bytes'} | {
    'random/' + n for n in ('betavariate', 'gammavariate', 'lognormvariate', 'vonmisesvariate',
                            'paretovariate', 'weibullvariate')}
FLAGS = {'I': 2, 'IGNORECASE': 2, 'L': 4, 'LOCALE': 4, 'M': 8, 'MULTILINE': 8, 'S': 16, 'DOTALL': 16,
         'U': 32, 'UNICODE': 32, 'X': 64, 'VERBOSE': 64, 'A': 256, 'ASCII': 256, 'NOFLAG': 0}


class Refused(Exception):
    """A 400: the request is malformed for the contract."""


def unwire(v):
    if isinstance(v, dict) and len(v) == 1 and '$bytes' in v:
        return base64.b64decode(v['$bytes'])
    if isinstance(v, list):
        return [unwire(x) for x in v]
    return v


def wire(v):
    if isinstance(v, (bytes, bytearray)):
        return {'$bytes': base64.b64encode(bytes(v)).decode('ascii')}
    if isinstance(v, float):
        return 'NaN' if v != v else 'Infinity' if v == float('inf') else '-Infinity' if v == -float(
            'inf') else v
    if isinstance(v, (list, tuple)):
        return [wire(x) for x in v]
    if isinstance(v, dict):
        return {k: wire(x) for k, x in v.items()}
    return v


def has_bytes(v):
    if isinstance(v, dict):
        return '$bytes' in v or any(has_bytes(x) for x in v.values())
    return isinstance(v, list) and any(has_bytes(x) for x in v)


def _flags(v):
    if isinstance(v, list):
        return sum(FLAGS[n] for n in v)
    return v or 0


def match_json(m):
    if m is None:
        return None
    n = m.re.groups
    return {'group': m.group(0), 'span': list(m.span()), 'groups': list(m.groups()),
            'spans': [list(m.span(i)) for i in range(1, n + 1)], 'groupdict': m.groupdict(),
            'lastindex': m.lastindex, 'lastgroup': m.lastgroup}


def do_re(fn, a):
    p = re.compile(unwire(a['pattern']), _flags(a.get('flags', 0))) if fn != 'escape' else None
    s = unwire(a.get('string'))
    window = [a.get('pos', 0)] + ([a['endpos']] if a.get('endpos') is not None else [])
    if fn in ('search', 'match', 'fullmatch'):
        return match_json(getattr(p, fn)(s, *window))
    if fn == 'findall':
        return p.findall(s, *window)
    if fn == 'finditer':
        return [match_json(m) for m in p.finditer(s, *window)]
    if fn in ('sub', 'subn'):
        return getattr(p, fn)(unwire(a['repl']), s, a.get('count', 0))
    if fn == 'split':
        return p.split(s, a.get('maxsplit', 0))
    if fn == 'escape':
        return re.escape(unwire(a['pattern']))
    if fn == 'compile':
        return {'pattern': p.pattern, 'flags': p.flags, 'groups': p.groups,
                'groupindex': dict(p.groupindex)}
    if fn == 'expand':
        m = p.search(s, *window)
        return None if m is None else m.expand(unwire(a['template']))
    raise Refused(f'no such path: /v1/re/{fn}')


def do_urlparse(fn, a):
    u = urllib.parse
    if fn in ('urlparse', 'urlsplit'):
        r = getattr(u, fn)(unwire(a['urlstring']), unwire(a.get('scheme', '')),
                           a.get('allow_fragments', True))
        out = dict(r._asdict(), username=r.username, password=r.password, hostname=r.hostname)
        try:
            out['port'] = r.port
        except ValueError as e:
            out.update(port=None, port_error=str(e))
        return out
    if fn in ('urlunparse', 'urlunsplit'):
        return getattr(u, fn)(unwire(a['components']))
    if fn == 'urljoin':
        return u.urljoin(unwire(a['base']), unwire(a['url']), a.get('allow_fragments', True))
    if fn == 'urldefrag':
        return u.urldefrag(unwire(a['url']))._asdict()
    if fn in ('quote', 'quote_plus'):
        return getattr(u, fn)(unwire(a['string']), unwire(a.get('safe', '/' if fn == 'quote' else '')),
                              a.get('encoding'), a.get('errors'))
    if fn in ('unquote', 'unquote_plus'):
        return getattr(u, fn)(unwire(a['string']), a.get('encoding') or 'utf-8',
                              a.get('errors') or 'replace')
    if fn == 'quote_from_bytes':
        return u.quote_from_bytes(unwire(a['bs']), unwire(a.get('safe', '/')))
    if fn == 'unquote_to_bytes':
        return u.unquote_to_bytes(unwire(a['string']))
    if fn in ('parse_qs', 'parse_qsl'):
        r = getattr(u, fn)(unwire(a['qs']), a.get('keep_blank_values', False),
                           a.get('strict_parsing', False), max_num_fields=a.get('max_num_fields'),
                           separator=unwire(a.get('separator', '&')))
        if fn == 'parse_qs' and isinstance(unwire(a['qs']), bytes):
            return [[k, v] for k, v in r.items()]
        return r
    if fn == 'urlencode':
        via = {'quote': u.quote, 'quote_plus': u.quote_plus}[a.get('quote_via', 'quote_plus')]
        q = [(unwire(k), unwire(v) if not isinstance(v, list) else tuple(unwire(v)))
             for k, v in a['query']]
        return u.urlencode(q, a.get('doseq', False), unwire(a.get('safe', '')), a.get('encoding'),
                           a.get('errors'), via)
    raise Refused(f'no such path: /v1/urllib/parse/{fn}')


def do_path(fn, a):
    cwd = unwire(a.get('cwd', '/'))
    real = os.getcwd, os.getcwdb
    os.getcwd = lambda: cwd if isinstance(cwd, str) else os.fsdecode(cwd)
    os.getcwdb = lambda: cwd if isinstance(cwd, bytes) else os.fsencode(cwd)
    try:
        if fn == 'join':
            return posixpath.join(unwire(a['a']), *unwire(a.get('paths', [])))
        if fn in ('commonpath', 'commonprefix'):
            return getattr(posixpath, fn)(unwire(a['paths' if fn == 'commonpath' else 'list']))
        if fn == 'relpath':
            return posixpath.relpath(unwire(a['path']), unwire(a.get('start')))
        return getattr(posixpath, fn)(unwire(a['path']))
    finally:
        os.getcwd, os.getcwdb = real


def do_random(fn, a):
    g = random.Random()
    if a.get('state') is not None:
        v, internal, gauss = a['state']
        g.setstate((v, tuple(internal), gauss))
    else:
        seed = unwire(a.get('seed'))
        g.seed(seed, a.get('version', 2))
    kw = {k: v for k, v in a.items() if k not in ('seed', 'state', 'version', 'n', 'return_state')}
    n = a.get('n')
    call = lambda: getattr(g, fn)(**kw)  # noqa: E731
    result = call() if n is None else [call() for _ in range(n)]
    extra = {'state': [3, list(g.getstate()[1]), g.getstate()[2]]} if a.get('return_state') else {}
    return result, extra


def do_codecs(fn, a):
    errors = a.get('errors', 'strict')
    if fn == 'iterdecode':
        return list(codecs.iterdecode(unwire(a['iterator']), a['encoding'], errors))
    if fn == 'iterencode':
        return list(codecs.iterencode(a['iterator'], a['encoding'], errors))
    if fn in ('escape_encode', 'escape_decode'):
        return list(getattr(codecs, fn)(unwire(a['data']), a.get('errors')))
    raise Refused(f'no such path: /v1/codecs/{fn}')


def do_json_loads(a):
    names = {'builtins.float': float, 'builtins.int': int, 'builtins.str': str}
    kw = {k: names[a[k]] for k in ('parse_float', 'parse_int', 'parse_constant') if k in a}
    return json.loads(a['s'], **kw)


def local(path, a):
    """The answer for a request this double handles, or None to forward it."""
    mod, _, fn = path.rpartition('/')
    seed = a.get('seed') if mod == 'random' else None
    mine = (path in ISSUE17_PATHS or has_bytes(a) or isinstance(seed, float)
            or (path == 'json/loads' and any(k.startswith('parse_') for k in a)))
    if not mine:
        return None
    if mod == 're':
        return do_re(fn, a), {}
    if mod == 'urllib/parse':
        return do_urlparse(fn, a), {}
    if mod == 'os/path':
        return do_path(fn, a), {}
    if mod == 'random':
        return do_random(fn, a)
    if mod == 'codecs':
        return do_codecs(fn, a), {}
    if path == 'json/loads':
        return do_json_loads(a), {}
    raise Refused(f'this double does not handle {path}')


def error_body(e):
    c = type(e)
    name = c.__qualname__ if c.__module__ == 'builtins' else f'{c.__module__}.{c.__qualname__}'
    body = {'type': name, 'message': str(e)}
    if isinstance(e, re.error):
        body['pos'] = e.pos
    elif isinstance(e, json.JSONDecodeError):
        body.update(msg=e.msg, pos=e.pos, lineno=e.lineno, colno=e.colno)
    elif isinstance(e, (UnicodeDecodeError, UnicodeEncodeError)):
        body.update(encoding=e.encoding, start=e.start, end=e.end, reason=e.reason)
    return body


_local = threading.local()  # one keep-alive upstream connection per serving thread


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True  # else each answer waits out a delayed ACK
    upstream = None

    def log_message(self, *a):
        pass

    def _send(self, status, data, ctype='application/json'):
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _forward(self, method, body):
        conn = getattr(_local, 'conn', None)
        if conn is None:
            conn = _local.conn = http.client.HTTPConnection(*self.upstream, timeout=60)
        try:
            conn.request(method, self.path, body=body, headers={'Content-Type': 'application/json'})
            resp = conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException):
            conn.close()
            _local.conn = None
            raise
        self._send(resp.status, data, resp.getheader('Content-Type', 'application/json'))

    def do_GET(self):
        self._forward('GET', None)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
        path = self.path.split('?')[0]
        try:
            args = json.loads(body or b'{}')
            hit = local(path[len('/v1/'):], args) if path.startswith('/v1/') else None
        except Refused as e:
            return self._send(400, json.dumps({'error': {'type': 'BadRequest',
                                                         'message': str(e)}}).encode())
        except Exception as e:  # the Python function raised: that is the answer
            return self._send(422, json.dumps({'error': wire(error_body(e))},
                                              ensure_ascii=True).encode())
        if hit is None:
            return self._forward('POST', body)
        result, extra = hit
        self._send(200, json.dumps(dict(result=wire(result), **extra), ensure_ascii=True).encode())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument('--port', type=int, default=8096)
    ap.add_argument('--upstream', default='http://127.0.0.1:8093')
    a = ap.parse_args()
    u = urllib.parse.urlsplit(a.upstream)
    Handler.upstream = (u.hostname, u.port or 80)
    server = http.server.ThreadingHTTPServer(('127.0.0.1', a.port), Handler)
    print(f'mock17 on http://127.0.0.1:{a.port}, forwarding to {a.upstream}', flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
