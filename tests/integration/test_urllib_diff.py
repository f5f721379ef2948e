#!/usr/bin/env python3
"""Random differential test of urllib.parse and urllib.robotparser: the service
against python3's own modules (the oracle), on inputs nastier than the
conformance cases (lone surrogates, brackets, Unicode digits and spaces,
percent junk).  Loopback only; seeded, so a failure reproduces."""
import json
import random
import sys
import urllib.parse as up
import urllib.robotparser as rp

from harness import Server, Tests, bin_from_argv

ALPHA = (list("abcAB09:/?#[]@!$&'()*+,;=%-._~ \t\n\r\x00\x7f\\|^`{}<>\"") +
         ['é', 'ß', 'İ', 'Σ', '\u0661', '\uff11', '\u00b2', '\u2100', '\uff03', '\u3000', '\u0085',
          '\ud800', '\udc80', '\U0001d11e', '%41', '%e2%82%ac', '%C3', '%zz', '::', '[::1]', 'v1.x',
          'http', 'https:', '//', '..', './', 'ftp', '@', ':80', ':0x1', '[v1.a]', '%25'])


def text(rng, n=None):
    s = ''.join(rng.choice(ALPHA) for _ in range(rng.randint(0, 14) if n is None else n))
    return json.loads(json.dumps(s))  # as the service reads it: "\ud800\udc80" is one code point


def url(rng):
    return json.loads(json.dumps(rng.choice(['', 'http://', 'HTTPS://', '//', 'x:', 'mailto:', 'file:///']) + text(rng)))


def py_call(fn, *a, **kw):
    try:
        return {"result": fn(*a, **kw)}
    except Exception as e:  # noqa: BLE001 -- the exception is the answer
        return {"error": {"type": type(e).__name__ if type(e).__module__ == 'builtins'
                          else f"{type(e).__module__}.{type(e).__qualname__}", "message": str(e)}}


def split_dict(r, params):
    names = ['scheme', 'netloc', 'path'] + (['params'] if params else []) + ['query', 'fragment',
                                                                              'username', 'password', 'hostname']
    d = {n: getattr(r, n) for n in names}
    try:
        d['port'] = r.port
    except ValueError as e:
        d['port'] = None
        d['port_error'] = str(e)
    return d


def robots(txt, fn, *a):
    p = rp.RobotFileParser()
    p.parse(txt.splitlines())
    r = getattr(p, fn)(*a)
    return list(r) if fn == 'request_rate' and r is not None else r


def cases(rng):
    for _ in range(400):
        u = url(rng)
        yield 'urlsplit', {'urlstring': u}, lambda u=u: split_dict(up.urlsplit(u), False)
        yield 'urlparse', {'urlstring': u}, lambda u=u: split_dict(up.urlparse(u), True)
    for _ in range(300):
        b, u = url(rng), url(rng)
        yield 'urljoin', {'base': b, 'url': u}, lambda b=b, u=u: up.urljoin(b, u)
    for _ in range(200):
        s, safe = text(rng), text(rng, 2)
        yield 'quote', {'string': s, 'safe': safe}, lambda s=s, safe=safe: up.quote(s, safe)
        yield 'unquote_plus', {'string': s}, lambda s=s: up.unquote_plus(s)
        enc = rng.choice(['latin-1', 'ascii', 'utf-16', 'cp1252', 'koi8-r', 'cp1251', 'iso8859-15', 'mac_roman',
                          'utf-32-be', 'cp437', 'UTF-16BE', 'latin_1', 'Windows-1250', 'utf8', 'euc_kr'])
        err = rng.choice(['strict', 'replace', 'ignore', 'backslashreplace', 'xmlcharrefreplace', 'namereplace',
                          'surrogateescape', 'surrogatepass'])
        yield 'quote_plus', {'string': s, 'encoding': enc, 'errors': err}, \
            lambda s=s, enc=enc, err=err: up.quote_plus(s, '', enc, err)
        derr = err if err in ('strict', 'replace', 'ignore', 'backslashreplace', 'surrogateescape') else 'replace'
        yield 'unquote', {'string': s, 'encoding': enc, 'errors': derr}, \
            lambda s=s, enc=enc, derr=derr: up.unquote(s, enc, derr)
        sep = rng.choice(['&', ';', '&&', '='])
        strict, keep = rng.random() < 0.3, rng.random() < 0.5
        yield 'parse_qsl', {'qs': s, 'separator': sep, 'strict_parsing': strict, 'keep_blank_values': keep}, \
            lambda s=s, sep=sep, strict=strict, keep=keep: [list(p) for p in up.parse_qsl(
                s, keep, strict, separator=sep)]
    for _ in range(300):
        lines = []
        for _ in range(rng.randint(0, 8)):
            key = rng.choice(['User-agent', 'Disallow', 'Allow', 'Crawl-delay', 'Request-rate', 'Sitemap',
                              'user-AGENT', ' Disallow ', 'x'])
            lines.append(key + rng.choice([':', ': ', '']) + text(rng, rng.randint(0, 6)))
        txt = json.loads(json.dumps(rng.choice(['\n', '\r\n', '\x85']).join(lines)))
        ua, u = text(rng, 4), json.loads(json.dumps(rng.choice(['/', '']) + text(rng, 5)))
        yield 'can_fetch', {'robots_txt': txt, 'useragent': ua, 'url': u}, \
            lambda txt=txt, ua=ua, u=u: robots(txt, 'can_fetch', ua, u)
        yield 'crawl_delay', {'robots_txt': txt, 'useragent': ua}, lambda txt=txt, ua=ua: robots(txt, 'crawl_delay', ua)
        yield 'request_rate', {'robots_txt': txt, 'useragent': ua}, \
            lambda txt=txt, ua=ua: robots(txt, 'request_rate', ua)


def jsonable(x):
    return json.loads(json.dumps(x))


class T(Tests):
    def __init__(self, srv):
        self.srv = srv

    def test_differential(self):
        rng = random.Random(20240601)
        bad = []
        n = 0
        for fn, args, call in cases(rng):
            mod = 'robotparser' if fn in ('can_fetch', 'crawl_delay', 'request_rate') else 'parse'
            exp = py_call(call)
            st, got = self.srv.post(f'/v1/urllib/{mod}/{fn}', args)
            n += 1
            if 'result' in exp:
                ok = st == 200 and got == jsonable(exp)
            else:
                ok = st == 422 and got.get('error', {}).get('type') == exp['error']['type'] and \
                    got['error'].get('message') == exp['error']['message']
            if not ok:
                bad.append(f"{fn} {args!r}: expected {exp!r}, got {st} {got!r}")
        for b in bad[:15]:
            print(b)
        assert not bad, f"{len(bad)} of {n} differ"


if __name__ == '__main__':
    with Server(bin_from_argv()) as s:
        T(s).run()
