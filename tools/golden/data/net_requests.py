"""tests/golden/net/urllib_request_allow_requests.jsonl: urlopen requests that CPython's
http.client refuses or rewrites before anything reaches the upstream -- header injection (CR/LF
in a value), bad header names, non-Latin-1 values, a method with a newline, URLs with spaces,
non-ASCII paths, the '<URL:...>' wrapper -- and a few odd answers (a Latin-1 reason
phrase, a redirect to a bare host or to mailto:) -- answered by CPython 3.11.7 through the
golden model with --allow-net 127.0.0.1/32 and the upstream of tests/conformance/upstream.py
listening (run.py format; {PORT} placeholders, as gen_net.py's allow corpus, which
tests/conformance/run_net.py plays together with this file)."""
import ipaddress
import os
import sys
import types
import urllib.parse

A = 'http://127.0.0.1:{PORT}'


def cases():
    from model.common import case
    out = []

    def add(**args):
        out.append(case('/v1/urllib/request/urlopen', args))

    for h in [{'X-a': 'v\r\n x'}, {'X-a': 'v\r\nX-Injected: 1'}, {'X a': '1'}, {'X': 'a\nb'}, {'X': 'a\rb'},
              {'': 'x'}, {'\u00e9': 'x'}, {'X': '\u00e9\u20ac'}, {'X': '\u00e9'}, {'X-Empty': ''}, {'X:Y': 'z'},
              {'X\t': 'v'}, {'X-Test': ' padded '}, {'Host': 'other.invalid'}]:
        add(url=A + '/echo', headers=h)
    for m in ['GE\nT', 'GET ', 'G T', 'post', '', 'X' * 100]:
        add(url=A + '/echo', method=m)
    for path in ['/\u00e9', '/a b', '/a#b#c', '?q=1', '/p?x#', '/%7e/a/../b', '/echo?\u00e9=1', '/echo\r\nX: 1']:
        add(url=A + path)
    add(url=' <URL:' + A + '/text> ')
    add(url='<URL:' + A + '/text>')
    add(url=A + '/echo', data='')
    add(url=A + '/echo', data='\u00e9\u20ac')
    add(url=A + '/echo', method='post', data='x')
    add(url=A + '/raw/latin1-reason')                                    # a Latin-1 reason phrase
    add(url=A + '/redirect/302?to=' + urllib.parse.quote(A, safe='{}/:'))   # to the bare host: no path
    add(url=A + '/redirect/302?to=mailto:x@y')
    return out


def requests():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    root = os.path.dirname(os.path.dirname(here))
    sys.path.insert(0, here)
    sys.path.insert(0, os.path.join(root, 'tests', 'conformance'))
    import gen                                    # tools/golden/gen.py: build and to_line
    import upstream                               # tests/conformance/upstream.py
    from model import common, load, names
    for n in names():
        load(n)
    from model import urllib_request as rq
    ups = [upstream.Upstream().start(), upstream.Upstream().start()]
    rq.PORTS.update(PORT=ups[0].port, PORT2=ups[1].port, CLOSED=upstream.closed_port())
    rq.ALLOW_NET[:] = [ipaddress.ip_network('127.0.0.1/32')]
    try:
        mod = types.SimpleNamespace(curated=cases, cases=lambda rng: [])
        lines, _stats = gen.build('urllib_request_allow', mod, common)
    finally:
        rq.PORTS.clear()
        rq.ALLOW_NET[:] = []
        for u in ups:
            u.stop()
    return [gen.to_line(x) for x in lines]


FILES = {
    'net/urllib_request_allow_requests.jsonl': ('urlopen requests refused or rewritten before they reach the '
                                                'upstream (headers, methods, URLs)', requests),
}
