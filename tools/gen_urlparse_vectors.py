#!/usr/bin/env python3
"""Regenerate the vector block of tests/unit/test_urlparse.c from python3's
urllib.parse / urllib.robotparser.  Run: python3 tools/gen_urlparse_vectors.py"""
import os
import re
import urllib.parse as up
import urllib.robotparser as rp

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


def c(s):
    out = '"'
    for b in s.encode('utf-8', 'surrogatepass'):
        out += chr(b) if 32 <= b < 127 and chr(b) not in '"\\?' else '\\%03o' % b
    return out + '"'


def main():
    rows = []
    for r in REFS:
        rows.append(f'    {{"urljoin", {c(BASE)}, {c(r)}, {c(up.urljoin(BASE, r))}}},')
    for u in SPLITS:
        try:
            s = up.urlsplit(u)
            exp = '|'.join([s.scheme, s.netloc, s.path, s.query, s.fragment, str(s.hostname)])
        except ValueError as e:
            exp = 'ValueError: ' + str(e)
        rows.append(f'    {{"urlsplit", {c(u)}, "", {c(exp)}}},')
    for q in QUOTES:
        rows.append(f'    {{"quote", {c(q)}, "/", {c(up.quote(q))}}},')
        rows.append(f'    {{"quote_plus", {c(q)}, "", {c(up.quote_plus(q))}}},')
    for q in UNQUOTES:
        rows.append(f'    {{"unquote", {c(q)}, "", {c(up.unquote(q))}}},')
        rows.append(f'    {{"unquote_plus", {c(q)}, "", {c(up.unquote_plus(q))}}},')
    for q in QS:
        exp = '&'.join(f'{k}={v}' for k, v in up.parse_qsl(q, keep_blank_values=True))
        rows.append(f'    {{"parse_qsl", {c(q)}, "", {c(exp)}}},')
    p = rp.RobotFileParser()
    p.parse(ROBOTS.splitlines())
    for ua, u in AGENTS:
        rows.append(f'    {{"can_fetch", {c(ua)}, {c(u)}, {c(str(p.can_fetch(ua, u)))}}},')
    path = os.path.join(os.path.dirname(__file__), '..', 'tests', 'unit', 'test_urlparse.c')
    src = open(path).read()
    block = '/* BEGIN VECTORS */\n' + '\n'.join(rows) + '\n    /* END VECTORS */'
    src = re.sub(r'/\* BEGIN VECTORS \*/.*?/\* END VECTORS \*/', lambda m: block, src, flags=re.S)
    open(path, 'w').write(src)
    print(f"{len(rows)} vectors")


if __name__ == '__main__':
    main()
