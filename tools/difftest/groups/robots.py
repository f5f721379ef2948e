"""difftest group robots: /v1/urllib/robotparser/can_fetch, crawl_delay, request_rate and
site_maps on random robots.txt texts -- groups of user-agent lines with Unicode case traps,
Allow / Disallow paths with percent-escapes and wildcards, odd Crawl-delay and Request-rate
values (non-ASCII digits, signs, floats), Sitemap lines, field names in every spelling and
separator, garbage lines, every line-break character CPython's splitlines knows, BOMs.

Run: python3 tools/difftest --url http://127.0.0.1:PORT --group robots [--count N] [--seed S]"""
from . import pick, wire

COMPARE = 'ordered'

RP = '/v1/urllib/robotparser/'
AGENTS = ['*', 'Googlebot', 'googlebot', 'GoogleBot/2.1', 'Googlebot-Image', 'Mozilla/5.0 (compatible; Bingbot/2.0)',
          'bingbot', 'FigTree/0.1 Robot libwww-perl/5.04', 'figtree', 'BadBot', 'x', '', 'Googlebot News', '/',
          'agent*', 'Ünïbot', 'ÜNÏBOT', 'İbot', 'ıbot', 'ẞbot', 'straße', 'STRASSE', 'Bot/', '/Bot', ' Bot',
          'Bot ', 'B*t', 'bot\t', '\u212abot', 'kbot', 'Σbot', 'σbot', 'ςbot', '😀', '\ud800', '*bot', 'bot*',
          'Bot/1.0 Other', 'a b c', 'Mozilla', 'mozilla/5.0', 'ß', 'ǅ', 'ǆbot']
RPATHS = ['/', '', '/private', '/private/', '/a%3cd.html', '/a%3Cd.html', '/%7Ejoe/', '/~joe/', '/*.gif$', '/*',
          '/fish*', '/p?q=1', '/p?', '/a b', '/ä', '/%C3%A4', '/%c3%a4', '/x;y', '/%', '/%2F', '/%2f', '/a/b/../c',
          '/$', '//double', 'http://example.com/full', 'https://u:p@h:8/x?y#z', '/path#frag', '/search?',
          '/\ud800', '/%ED%A0%80', '/%ff', '/%zz', '/%4', '/a%2Bb', '/a+b', '/~', '/%7e', '/ä/ö', '/%E4',
          '/p;a?q', '?q', '#f', ';p', '/a\tb', '/A', '*', 'x', '/%25', '/%2525', '/%41', '/%20', '/ ',
          '\u00a0/x', '/x\u00a0', '/p/', '/%3F', '/?', '/%23', '/#', '/%0A', '/😀', '/%F0%9F%98%80',
          'HTTP://EX.COM/A', '//h/p', 'mailto:x', 'x:y', 'javascript:/x']
RURLS = ['/', '/private', '/private/x', '/privatex', '/a<d.html', '/a%3cd.html', '/~joe/index.html',
         '/%7Ejoe/index.html', '/x.gif', '/fish', '/p?q=1', '/p?q=2', '/a b', '/a%20b', '/ä', '/%C3%A4', '/%c3%a4',
         '/x;y', '/%', '/%2F', '//double', 'http://example.com/private', 'http://example.com', '', '?q', '#frag',
         '/path#frag', 'http://u:p@h:8/private?x#y', '/p;params?q', 'relative/path', '/\ud800', '/%ED%A0%80',
         '/%ff', '/%zz', '/a+b', '/a%2Bb', '/~', '/%7e', '/%E4', 'HTTP://EX.COM/A', '//h/p', 'mailto:x', 'x:y',
         '/A', '/%41', '/%25', '/%2525', '/ ', '/p/', '/?', '/%3F', '/#', '/%23', '/😀', '/%F0%9F%98%80',
         'http://h/p;a?q#f', 'http:///x', 'http://[::1/x', 'http://h:bad/x', ' /x', '/x ', '\t/x', '/a\nb',
         'ftp://h/private', 'file:///private', 'http://h?x', 'http://h#f', '/private;x', '/private?x']
DELAYS = ['1', '10', '0', '3.5', '-1', 'abc', ' 5 ', '007', '', '1e3', '\u0661\u0660', '99999999999999999999',
          '\u00b2', '１０', '+3', '3 ', '\t3', '1_0', '0x10', '٣', '𝟙', '1.', '.5', 'inf', 'nan', '-0', '+0',
          '3\x0b', '\u00a03', '3\u2003', '1 2', '1,5', '²', '፩', '⑤', '০']
RATES = ['1/5', '3/20', '1/0', '0/1', '1/5s', '1 / 5', 'a/b', '1/', '/5', '1/2/3', '10/60', '\u0661/\u0665', '1/5 ',
         ' 1/5', '1.5/2', '1/2.5', '-1/5', '1/-5', '+1/5', '1/+5', '１/２', '²/1', '1//5', '1/5/', '/', '', '1 /5',
         '1\t/\t5', '1_0/5', '00/00', '99999999999999999999/1', '1/5\u00a0', '\u00a01/5']
FIELDS = ['User-agent', 'Disallow', 'Allow', 'Crawl-delay', 'Request-rate', 'Sitemap']


def field(rng, name):
    spell = pick(rng, [name, name.lower(), name.upper(), name.capitalize(), ' ' + name, name + ' ', '\t' + name])
    sep = pick(rng, [':', ': ', ' :', ':\t', ' : ', ':  ', '::', ':\u00a0', ': \u3000'])
    return spell + sep


def robots(rng):
    lines = []
    for _ in range(rng.randint(0, 4)):
        for _ in range(pick(rng, [1, 1, 1, 2, 3])):
            lines.append(field(rng, 'User-agent') + pick(rng, AGENTS) + pick(rng, ['', ' # c', '#', '\t#t', '#x#y']))
        for _ in range(rng.randint(0, 6)):
            k = rng.random()
            if k < 0.35:
                lines.append(field(rng, 'Disallow') + pick(rng, RPATHS) + pick(rng, ['', ' # c', '#']))
            elif k < 0.65:
                lines.append(field(rng, 'Allow') + pick(rng, RPATHS) + pick(rng, ['', ' # c']))
            elif k < 0.75:
                lines.append(field(rng, 'Crawl-delay') + pick(rng, DELAYS) + pick(rng, ['', ' # c']))
            elif k < 0.85:
                lines.append(field(rng, 'Request-rate') + pick(rng, RATES) + pick(rng, ['', ' # c']))
            elif k < 0.9:
                lines.append(field(rng, 'Sitemap') + pick(rng, ['http://example.com/s.xml', '/rel.xml', '', ' x ',
                                                                'a:b#c', '\ud800', 'http://h/s.xml ']))
            else:
                lines.append(pick(rng, ['', '# only', 'garbage', 'Unknown: x', 'Disallow', 'Host: e', '   ',
                                        'User-agent', ':', 'Allow:', 'Disallow:', '\ufeffDisallow: /x',
                                        'User-agent:*Disallow:/', 'Crawl-delay', 'Request-rate', '#:',
                                        'user-agent : *', 'DISALLOW:/X', 'Sitemap']))
        if rng.random() < 0.6:
            lines.append(pick(rng, ['', ' ', '\t', '# c']))
    if rng.random() < 0.25:
        lines.insert(rng.randint(0, len(lines)), pick(rng, ['Disallow: /early', 'Allow: /early',
                                                            'Sitemap: http://e.com/first.xml', 'Crawl-delay: 2',
                                                            'Request-rate: 1/2']))
    nl = pick(rng, ['\n', '\n', '\r\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029'])
    txt = nl.join(lines) + pick(rng, ['', nl, '\n\n'])
    if rng.random() < 0.05:
        txt = '\ufeff' + txt
    return wire(txt)


def case(rng, i):
    txt = robots(rng)
    fn = pick(rng, ['can_fetch', 'can_fetch', 'can_fetch', 'crawl_delay', 'request_rate', 'site_maps'])
    args = {'robots_txt': txt, 'useragent': wire(pick(rng, AGENTS))}
    if fn == 'can_fetch':
        args['url'] = wire(pick(rng, RURLS))
    if fn == 'site_maps' and rng.random() < 0.5:
        del args['useragent']
    return {'path': RP + fn, 'args': args}
