"""Model of urllib.robotparser (POST/GET /v1/urllib/robotparser/<fn>): CPython's RobotFileParser.

Ops: can_fetch, crawl_delay, request_rate, site_maps, each on exactly one of robots_txt (the
text, split with str.splitlines()) or robots_url (fetched under urlopen's network policy: the
cases that need the network are urllib_request's, which reuses this module's ops).  Cases:
generated robots.txt files (field spellings, separators, comments, blank lines between groups,
every line-break str.splitlines() knows, values that isdigit() but int() refuses, escapes, paths
that urlparse or quote reject) with the agents and URLs asked about them.
"""
import urllib.error
import urllib.robotparser

from .common import BadRequest, case, get_case, op, wire_ok

P = '/v1/urllib/robotparser/'


class _Parser(urllib.robotparser.RobotFileParser):
    def read(self):
        """RobotFileParser.read, fetching through the service's network policy."""
        from . import urllib_request
        try:
            f = urllib_request.policy_open(self.url)
        except urllib.error.HTTPError as err:
            if err.code in (401, 403):
                self.disallow_all = True
            elif 400 <= err.code < 500:
                self.allow_all = True
        else:
            with f:
                raw = f.read()
            self.parse(raw.decode("utf-8").splitlines())


def _parser(robots_txt, robots_url):
    if (robots_txt is None) == (robots_url is None):
        raise BadRequest("give exactly one of 'robots_txt' and 'robots_url'")
    rp = _Parser()
    if robots_txt is not None:
        rp.parse(robots_txt.splitlines())
    else:
        rp.set_url(robots_url)
        rp.read()
    return rp


SRC = dict(robots_txt=('str?', None), robots_url=('str?', None))


@op(P + 'can_fetch', get=True, useragent='str', url='str', **SRC)
def can_fetch(useragent, url, robots_txt=None, robots_url=None):
    return _parser(robots_txt, robots_url).can_fetch(useragent, url)


@op(P + 'crawl_delay', get=True, useragent='str', **SRC)
def crawl_delay(useragent, robots_txt=None, robots_url=None):
    return _parser(robots_txt, robots_url).crawl_delay(useragent)


@op(P + 'request_rate', get=True, useragent='str', **SRC)
def request_rate(useragent, robots_txt=None, robots_url=None):
    return _parser(robots_txt, robots_url).request_rate(useragent)


@op(P + 'site_maps', get=True, useragent=('str', '*'), **SRC)
def site_maps(useragent='*', robots_txt=None, robots_url=None):
    return _parser(robots_txt, robots_url).site_maps()


# ------------------------------------------------------------------ material

AGENTS = ['*', 'Googlebot', 'googlebot', 'GOOGLEBOT', 'Googlebot/2.1', 'Googlebot-Image/1.0', 'Googlebot-News',
          'Mozilla/5.0 (compatible; bingbot/2.0)', 'bingbot', 'Bingbot', 'FigTree/0.1 Robot libwww-perl/5.04',
          'figtree', 'BadBot', 'badbot/9', 'Bot', 'bot', 'x', '', ' ', 'Python-urllib/3.11', 'Crawler X/1.0',
          'crawler', 'Agent*', '/', 'Ünï/1', 'ünï', 'Slurp', 'a/b/c', 'CCBot', 'ccbot/2.0 (+http://x)']
UA_LINES = ['*', 'Googlebot', 'googlebot', 'Googlebot-Image', 'Google', 'bingbot', 'BingBot/2.0', 'figtree',
            'FigTree Robot libwww-perl/5.04', 'BadBot', 'bot', 'Bot/1.0', '', 'ÜNÏ', 'crawler x', '* ', 'x*',
            'Slurp', 'CCBot', '%2A', 'a%20b', '/']
RULE_PATHS = ['/', '', '/private', '/private/', '/tmp/', '/tmp', '/a%3cd.html', '/a%3Cd.html', '/a<d.html',
              '/%7Ejoe/', '/~joe/', '/*.gif$', '*', '/*', '/fish*', '/p?q=1', '/p?', '/a b', '/ä', '/%C3%A4',
              '/%c3%a4', '/cgi-bin/', '/index.html', '/x;y', '/%', '/%2F', '/%2f', '/a/b/../c', '/$', '/Folder',
              '/folder', '//double', 'http://example.com/full', 'https://h/x', '/path#frag', '/search?',
              '/%E9', '/%ff', '/é', 'relative', '/ ', '/a%20b', '/%ED%A0%80', '/\U0001f600', '/p;q?r#s']
URLS = ['/', '/private', '/private/x', '/privatex', '/tmp/', '/tmp', '/tmpx', '/a<d.html', '/a%3cd.html',
        '/a%3Cd.html', '/~joe/index.html', '/%7Ejoe/index.html', '/%7ejoe/', '/x.gif', '/fish.html', '/fish',
        '/p?q=1', '/p?q=2', '/a b', '/a%20b', '/a+b', '/ä', '/%C3%A4', '/%c3%a4', '/cgi-bin/run', '/index.html',
        '/x;y', '/%', '/%2F', '/%2f', '/Folder/x', '/folder/x', '//double', 'http://example.com/private',
        'http://example.com/', 'https://other.org/tmp/x', 'http://example.com', '', '?q', '#frag', '/path#frag',
        '/search?x=1', 'http://u:p@h:8/private?x#y', '/p;params?q', 'relative/path', '/a/b/../c', '/a/c', '/$',
        '*', '/%E9', '/%ff', '/é', '/%ED%A0%80', '/\U0001f600', 'ftp://h/tmp/', '//h/private', 'mailto:x@y',
        'http://[::1]/private', '/\x00', '/ ', ' /private']
DELAYS = ['1', '10', '0', '3.5', '-1', 'abc', ' 5 ', '007', '', '1e3', '\u0661\u0660', '99999999999999999999',
          '%31%30', '+3', '5 s', '\uff15', '\U0001d7d7']
RATES = ['1/5', '3/20', '1/0', '0/1', '1/5s', '1 / 5', 'a/b', '1/', '/5', '1/2/3', '10/60', '\u0661/\u0665',
         '%31/%35', '1%2F5', '5', '', '99999999999999999999/1', '-1/5', '\uff11/\uff12']
# values that str.isdigit() accepts but int() refuses: robotparser.parse raises ValueError
NOT_INT = ['\u00b2', '\u2460', '1\u00b2', '\u00b9\u00b2']
SITEMAPS = ['http://example.com/s.xml', '/rel.xml', '', 'https://h/a b.xml', 'http://h/%7Es.xml', 'x#y',
            'http://h/é.xml']
COMMENTS = ['', '', '', ' # comment', '#', '\t# tab', '#no space', ' #: colon']
SEPS = [':', ': ', ' :', ':\t', ' : ', ':  ', '\t:\t']
NEWLINES = ['\n', '\n', '\n', '\r\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029']
JUNK = ['', '# only a comment', 'garbage line', 'Unknown: x', 'Disallow', 'Host: example.com', '   ', 'User-agent',
        ':', '::', 'Disallow:/:x', '\t', 'Noindex: /x', 'Clean-param: a /b', 'Disallow /nocolon', '\ufeffUser-agent: *']


def _field(rng, name):
    spell = rng.choice([name, name, name.lower(), name.upper(), name.title(), name.swapcase()])
    return spell + rng.choice(SEPS)


def _robots(rng):
    """-> (robots.txt text, {'ua': user-agent values, 'path': rule paths}) to aim queries at."""
    lines = []
    seen = {'ua': [], 'path': []}
    for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3])):
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            ua = rng.choice(UA_LINES)
            seen['ua'].append(ua)
            lines.append(_field(rng, 'User-agent') + ua + rng.choice(COMMENTS))
        for _ in range(rng.randint(0, 5)):
            k = rng.random()
            if k < 0.55:
                path = rng.choice(RULE_PATHS)
                seen['path'].append(path)
                lines.append(_field(rng, 'Disallow' if k < 0.4 else 'Allow') + path + rng.choice(COMMENTS))
            elif k < 0.75:
                lines.append(_field(rng, 'Crawl-delay') + rng.choice(DELAYS))
            elif k < 0.9:
                lines.append(_field(rng, 'Request-rate') + rng.choice(RATES))
            elif k < 0.95:
                lines.append(_field(rng, 'Sitemap') + rng.choice(SITEMAPS))
            else:
                lines.append(rng.choice(JUNK))
        if rng.random() < 0.55:
            lines.append(rng.choice(['', '', '', ' ', '# between']))
    if rng.random() < 0.2:
        lines.insert(rng.randint(0, len(lines)), rng.choice(
            ['Disallow: /early', 'Allow: /early', 'Sitemap: http://e.com/first.xml', 'Crawl-delay: 9']))
    if rng.random() < 0.03:
        lines.append(_field(rng, rng.choice(['Crawl-delay', 'Request-rate'])) + rng.choice(NOT_INT) +
                     ('/1' if rng.random() < 0.5 else ''))
    nl = rng.choice(NEWLINES)
    text = nl.join(lines) + rng.choice(['', nl])
    if rng.random() < 0.08:                       # mixed line breaks
        text = text.replace(nl, rng.choice(NEWLINES), 1)
    return text, seen


def _agent(rng, seen):
    """An agent: often one the text names (as is, in another case, or with a version)."""
    if not seen['ua'] or rng.random() < 0.4:
        return rng.choice(AGENTS)
    ua = rng.choice(seen['ua'])
    return rng.choice([ua, ua.upper(), ua.lower(), ua + '/1.0', 'Mozilla (' + ua + ')', ua[:3]])


def _target(rng, seen):
    """A URL to ask about: often under a rule path of the text."""
    if not seen['path'] or rng.random() < 0.4:
        return rng.choice(URLS)
    return rng.choice(seen['path']) + rng.choice(['', '', 'x', '/y', '?q=1', '#f', '.html', '/%41'])


def _query(rng, txt, seen):
    fn = rng.choice(['can_fetch', 'can_fetch', 'can_fetch', 'can_fetch', 'crawl_delay', 'request_rate',
                     'site_maps'])
    args = {'robots_txt': txt, 'useragent': _agent(rng, seen)}
    if fn == 'can_fetch':
        args['url'] = _target(rng, seen)
    if fn == 'site_maps' and rng.random() < 0.5:
        del args['useragent']
    if rng.random() < 0.05 and wire_ok(txt) and len(txt) < 300:
        return get_case(P + fn, **args)
    return case(P + fn, args)


def cases(rng):
    out = []
    for _ in range(880):
        txt, seen = _robots(rng)
        for _ in range(rng.randint(1, 3)):
            out.append(_query(rng, txt, seen))
    return out


# ------------------------------------------------------------------ curated

GOOGLE = "User-agent: *\nDisallow: /cgi-bin/\nDisallow: /tmp/\nDisallow: /~joe/\n"

MULTI = """# robots.txt for http://www.example.com/

User-agent: figtree
User-agent: FigTree Robot libwww-perl/5.04
Crawl-delay: 3
Request-rate: 9/30
Disallow: /tmp
Disallow: /a%3cd.html
Disallow: /a%2fb.html
Disallow: /%7ejoe/index.html

User-agent: *
Crawl-delay: 1
Request-rate: 3/15
Allow: /tmp/ok
Disallow: /tmp/
Disallow: /cyberworld/map/ # This is an infinite virtual URL space

Sitemap: http://www.example.com/sitemap1.xml
sitemap:http://www.example.com/sitemap2.xml
"""

ORDER = """User-agent: Googlebot
Allow: /folder1/myfile.html
Disallow: /folder1/

User-agent: Googlebot
Disallow: /

User-agent: *
Disallow: /folder1/
Allow: /folder1/myfile.html
"""

WILDCARD = "User-agent: *\nDisallow: /*.gif$\nDisallow: /fish*\nDisallow: /private*/\nAllow: /$\nDisallow: /\n"

SHARED = """User-agent: a
User-agent: b

User-agent: c
Disallow: /c
Crawl-delay: 2

User-agent: a
Disallow: /a2
"""

TRICKY = [
    '', '\n', '\n\n\n', '# nothing', 'User-agent: *', 'User-agent: *\nDisallow: /', 'User-agent: *\nDisallow:',
    'User-agent: *\nAllow: /\nDisallow: /', 'Disallow: /\nUser-agent: *\nAllow: /', 'User-agent: *\n\nDisallow: /',
    'User-agent: *\r\nDisallow: /a\r\n', 'User-agent: *\rDisallow: /a\r', 'User-agent: *\x0bDisallow: /a',
    'User-agent: *\x0cDisallow: /a', 'User-agent: *\x1cDisallow: /a', 'User-agent: *\x85Disallow: /a',
    'User-agent: *\u2028Disallow: /a', 'User-agent: *\u2029Disallow: /a', 'USER-AGENT: *\nDISALLOW: /A',
    'User-agent: *\nDisallow: /A', 'User-Agent : *\nDisallow : /a', 'User-agent:*\nDisallow:/a#comment',
    'User-agent: * # all\nDisallow: /a # no', 'User-agent: x\nUser-agent: y\nDisallow: /', 'User-agent: x\n\nDisallow: /',
    'User-agent: *\nCrawl-delay: 5\nCrawl-delay: 7', 'User-agent: *\nCrawl-delay: \u00b2',
    'User-agent: *\nRequest-rate: \u00b2/1', 'User-agent: *\nRequest-rate: 1/\u2460', 'User-agent: *\nCrawl-delay: %32',
    'User-agent: *\nDisallow: http://[::1/x', 'User-agent: *\nDisallow: /\ud800', 'User-agent: *\nDisallow: %ED%A0%80',
    'Sitemap: a\nSitemap: b\nsitemap: c', 'User-agent: *\nSitemap: /s\nDisallow: /x',
    'User-agent: *\nDisallow: *', 'User-agent: *\nAllow: *\nDisallow: /', 'User-agent: *\nDisallow: /%',
    'User-agent: *\nDisallow: /a%2Fb', 'User-agent: *\nDisallow: /a/b', '\ufeffUser-agent: *\nDisallow: /',
    'User-agent: bot\nDisallow: /\n\nUser-agent: *\nAllow: /', 'User-agent: *\nDisallow: /\n\nUser-agent: bot\nAllow: /',
    'User-agent: */1\nDisallow: /', 'User-agent: Mozilla/5.0\nDisallow: /', 'User-agent: \nDisallow: /',
    'User-agent: a b\nDisallow: /', 'Crawl-delay: 3\nUser-agent: *\nDisallow: /x',
]


def _all_ops(txt, agents, urls):
    out = []
    for ua in agents:
        for u in urls:
            out.append(case(P + 'can_fetch', {'robots_txt': txt, 'useragent': ua, 'url': u}))
        out.append(case(P + 'crawl_delay', {'robots_txt': txt, 'useragent': ua}))
        out.append(case(P + 'request_rate', {'robots_txt': txt, 'useragent': ua}))
    out.append(case(P + 'site_maps', {'robots_txt': txt}))
    out.append(case(P + 'site_maps', {'robots_txt': txt, 'useragent': 'x'}))
    return out


def curated():
    c = []
    c += _all_ops(GOOGLE, ['*', 'x', 'Googlebot/2.1'], ['/', '/cgi-bin/x', '/tmp', '/tmp/', '/~joe/', '/%7Ejoe/',
                                                       'http://h/tmp/x', '/tmp%2fx'])
    c += _all_ops(MULTI, ['figtree', 'FigTree/1.0', 'FigTree Robot libwww-perl/5.04', 'other', '*', 'Figtree',
                          'tree'],
                  ['/tmp', '/tmp/', '/tmp/ok', '/tmp/ok/x', '/a%3cd.html', '/a%3Cd.html', '/a<d.html', '/a/b.html',
                   '/a%2fb.html', '/~joe/index.html', '/%7Ejoe/index.html', '/cyberworld/map/x', '/'])
    c += _all_ops(ORDER, ['Googlebot', 'googlebot/2', 'x'], ['/folder1/myfile.html', '/folder1/other', '/'])
    c += _all_ops(WILDCARD, ['x'], ['/', '/x.gif', '/fish', '/fish.html', '/private1/', '/*.gif$', '/fish*', '/$'])
    c += _all_ops(SHARED, ['a', 'b', 'c', 'd'], ['/a2', '/c', '/'])
    for txt in TRICKY:
        for ua, u in [('x', '/'), ('x', '/a'), ('bot', '/x'), ('*', '/A'), ('Mozilla/5.0', '/')]:
            c.append(case(P + 'can_fetch', {'robots_txt': txt, 'useragent': ua, 'url': u}))
        c.append(case(P + 'crawl_delay', {'robots_txt': txt, 'useragent': 'x'}))
        c.append(case(P + 'request_rate', {'robots_txt': txt, 'useragent': 'x'}))
        c.append(case(P + 'site_maps', {'robots_txt': txt}))
    for u in URLS + ['http://[::1/x', '\ud800', '/a\udfff', '%ED%A0%80', 'http://h:99999/x', 'http://h:x/y']:
        c.append(case(P + 'can_fetch', {'robots_txt': GOOGLE, 'useragent': 'x', 'url': u}))
    for d in DELAYS + NOT_INT:
        c.append(case(P + 'crawl_delay', {'robots_txt': f'User-agent: *\nCrawl-delay: {d}', 'useragent': 'x'}))
    for r in RATES + NOT_INT + ['1/' + x for x in NOT_INT]:
        c.append(case(P + 'request_rate', {'robots_txt': f'User-agent: *\nRequest-rate: {r}', 'useragent': 'x'}))
    # the envelope: exactly one source, types, GET forms
    for fn, extra in [('can_fetch', {'url': '/'}), ('crawl_delay', {}), ('request_rate', {}), ('site_maps', {})]:
        c.append(case(P + fn, dict({'useragent': 'x'}, **extra)))
        c.append(case(P + fn, dict({'useragent': 'x', 'robots_txt': None, 'robots_url': None}, **extra)))
        c.append(case(P + fn, dict({'useragent': 'x', 'robots_txt': '', 'robots_url': 'http://h/robots.txt'},
                                   **extra)))
        c.append(case(P + fn, dict({'useragent': 'x', 'robots_txt': 5}, **extra)))
        c.append(case(P + fn, dict({'useragent': 'x', 'robots_txt': ['User-agent: *']}, **extra)))
        c.append(case(P + fn, dict({'useragent': 'x', 'robots_txt': '', 'extra': 1}, **extra)))
        c.append(get_case(P + fn, robots_txt=MULTI, useragent='figtree', **extra))
        c.append(get_case(P + fn, query='useragent=x'))
        if fn != 'site_maps':
            c.append(case(P + fn, dict({'robots_txt': ''}, **extra)))
            c.append(case(P + fn, dict({'robots_txt': '', 'useragent': None}, **extra)))
    c.append(case(P + 'site_maps', {'robots_txt': 'Sitemap: /s', 'useragent': None}))
    c.append(case(P + 'can_fetch', {'robots_txt': GOOGLE, 'useragent': 'x'}))
    c.append(case(P + 'can_fetch', {'robots_txt': GOOGLE, 'useragent': 'x', 'url': 5}))
    c.append(get_case(P + 'can_fetch', robots_txt=GOOGLE, useragent='x', url='/tmp/a'))
    c.append(get_case(P + 'can_fetch', query='robots_txt=User-agent%3A+%2A%0ADisallow%3A+%2Fp&useragent=x&url=%2Fp%2Fq'))
    c.append(get_case(P + 'crawl_delay', query='robots_txt=User-agent%3A+%2A%0ACrawl-delay%3A+4&useragent=x'))
    c.append(case(P + 'can_fetch', {'robots_txt': '', 'useragent': 'x', 'url': '/'}, method='DELETE'))
    return c
