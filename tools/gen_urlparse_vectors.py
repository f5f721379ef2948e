#!/usr/bin/env python3
"""Regenerate the vector block of tests/unit/test_url.c from CPython 3.11.7's
urllib.parse / urllib.robotparser (urljoin of RFC 3986's examples, urlsplit, quote, unquote,
parse_qsl, can_fetch): one C row per call and its answer.

    python3 tools/gen_urlparse_vectors.py [--out FILE]   # rewrites the block in place (tools/regen runs it)
"""
import argparse
import os
import sys
import urllib.parse as up
import urllib.robotparser as rp

import cvectors

BASE = 'http://a/b/c/d;p?q'
REFS = ['g:h', 'g', './g', 'g/', '/g', '//g', '?y', 'g?y', '#s', 'g#s', 'g?y#s', ';x', 'g;x', 'g;x?y#s', '',
        '.', './', '..', '../', '../g', '../..', '../../', '../../g', '../../../g', '/./g', '/../g', 'g.', '.g',
        'g..', '..g', './../g', './g/.', 'g/./h', 'g/../h', 'g;x=1/./y', 'g;x=1/../y', 'g?y/./x', 'g#s/../x']
SPLITS = ['http://user:pa:ss@[::1]:8080/p;a?q=1#f', ' \t\x01http://x.com/a\tb\nc\r ', 'HTTP://EX.com:80/A',
          'path:80', '//netloc/only', 'mailto:a@b', 'http://h:65536/', 'http://h:x/', 'http://[fe80::1%25EN0]/']
QUOTES = ['a b/c', '~-._', '\u00e9\u20ac\U0001d11e', ':/?#[]@!$&\'()*+,;=', '\x01\x7f']
UNQUOTES = ['a%20b+c', '%e2%82%ac', '%E2%82', '%zz%', '%', '%C3%A9%C3', '\u00e9%C3%A9']
QS = ['a=1&b=2&a=3', 'a=&b', 'a+b=c+d%20e', '%zz=%41', 'a=1=2', '&&&', 'a;b=1']
ROBOTS = 'User-agent: figtree\nDisallow: /tmp\nDisallow: /a%3cd.html\n\nUser-agent: *\nAllow: /tmp/ok\nDisallow: /tmp/\n'
AGENTS = [('figtree/1.0', '/tmp/x'), ('figtree', '/a<d.html'), ('other', '/tmp/ok'), ('other', '/tmp/no'),
          ('other', '/x')]


c = cvectors.c_str


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', help='write the result here instead of rewriting the test file')
    a = ap.parse_args()
    rows = []
    for r in REFS:
        rows.append(cvectors.row(['"urljoin"', c(BASE), c(r), c(up.urljoin(BASE, r))]))
    for u in SPLITS:
        try:
            s = up.urlsplit(u)
            exp = '|'.join([s.scheme, s.netloc, s.path, s.query, s.fragment, str(s.hostname)])
        except ValueError as e:
            exp = 'ValueError: ' + str(e)
        rows.append(cvectors.row(['"urlsplit"', c(u), '""', c(exp)]))
    for q in QUOTES:
        rows.append(cvectors.row(['"quote"', c(q), '"/"', c(up.quote(q))]))
        rows.append(cvectors.row(['"quote_plus"', c(q), '""', c(up.quote_plus(q))]))
    for q in UNQUOTES:
        rows.append(cvectors.row(['"unquote"', c(q), '""', c(up.unquote(q))]))
        rows.append(cvectors.row(['"unquote_plus"', c(q), '""', c(up.unquote_plus(q))]))
    for q in QS:
        exp = '&'.join(f'{k}={v}' for k, v in up.parse_qsl(q, keep_blank_values=True))
        rows.append(cvectors.row(['"parse_qsl"', c(q), '""', c(exp)]))
    p = rp.RobotFileParser()
    p.parse(ROBOTS.splitlines())
    for ua, u in AGENTS:
        rows.append(cvectors.row(['"can_fetch"', c(ua), c(u), c(str(p.can_fetch(ua, u)))]))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'unit', 'test_url.c')
    cvectors.rewrite_block(path, rows, a.out)
    print(f"{len(rows)} vectors", file=sys.stderr)


if __name__ == '__main__':
    main()
