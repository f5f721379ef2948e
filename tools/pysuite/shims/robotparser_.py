"""The `urllib.robotparser` shim: a RobotFileParser that keeps the robots.txt lines it was given and
asks POST /v1/urllib/robotparser/<fn> with `robots_txt` for each question.

read() of a URL (the tests' robots.txt servers are on 127.0.0.1, which pystd's network policy
refuses), str(parser), mtime/modified, allow_all/disallow_all and the entries are out of scope.
"""

import urllib.robotparser as _real

from .. import client
from ..scope import OutOfScope, missing_getattr
from .wire import checked_class, text

__getattr__ = missing_getattr('urllib.robotparser')
RequestRate = _real.RequestRate
_BREAKS = '\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029'


@checked_class
class RobotFileParser:
    def __init__(self, url=''):
        self.url = url
        self._text = None

    def set_url(self, url):
        self.url = url

    def read(self):
        raise OutOfScope('robotparser: read() from a URL (the test server is on loopback)', self.url)

    def parse(self, lines):
        """str.splitlines() of the text pystd gets must give back these lines."""
        out = []
        for line in lines:
            if type(line) is not str:
                raise OutOfScope('robotparser: parse() of non-str lines', '')
            body = line[:-2] if line.endswith('\r\n') else line.rstrip('\n\r') if line[-1:] in (
                '\n', '\r') else line
            if any(c in _BREAKS for c in body):
                raise OutOfScope('robotparser: a line holding a line break of str.splitlines()', '')
            out.append(body)
        self._text = '\n'.join(out)

    def _ask(self, fn, **args):
        if self._text is None:
            raise OutOfScope('robotparser: a parser that never parsed a text', fn)
        args['robots_txt'] = self._text
        return client.call('urllib/robotparser/' + fn, args)

    def can_fetch(self, useragent, url):
        return self._ask('can_fetch', useragent=text(useragent, 'useragent'), url=text(url, 'url'))

    def crawl_delay(self, useragent):
        return self._ask('crawl_delay', useragent=text(useragent, 'useragent'))

    def request_rate(self, useragent):
        res = self._ask('request_rate', useragent=text(useragent, 'useragent'))
        return None if res is None else RequestRate(*res)

    def site_maps(self):
        return self._ask('site_maps')

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        raise OutOfScope(f'robotparser: RobotFileParser.{name}', '')

    def __str__(self):
        raise OutOfScope('robotparser: str(RobotFileParser)', '')
