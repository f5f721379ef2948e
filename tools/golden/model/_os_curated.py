"""Hand-written cases of the os model (os.py): the pure path functions on a grid of awkward paths,
the argument checks, the root and traversal attempts (read-only or failing: they leave nothing),
and stateful sequences that walk through every error family of the sandbox, each under its own
top-level directory and cleaning up after itself (os.finish computes the cleanup)."""
import base64

from .common import body_case, case, get_case

PATHS = ['', '/', '//', '///', '////', '.', '..', '/..', 'a/', 'a//', '/a/b/', '//a//b//', '/.', './a', '../a',
         'a/./b/../c', '/../../x', '.bashrc', '/x/.bashrc', 'a.tar.gz', 'a.', '..a', '...', '/a.b/c', '/a.b/.c', 'file.',
         '/.hidden.ext', '..ext', 'a/b.', '//x/../y', '///x/../y', 'é/ü.ß', 'a\\b.c', '/a/b/c/../../../..', 'a/../..',
         'a/b/../../..', '/./.././x/', ' ', ' / ', 'x.tar.gz/', '/\U0001f600.e', 'a/b\udc80.c', '~/x', '/a/b/c/',
         '//.', '/..//..', 'C:\\x', '\t/x']


def _b64(b):
    return base64.b64encode(b).decode('ascii')


def W(p, data, mode='w'):
    return case('/v1/io/write', {'path': p, 'data': data, 'mode': mode})


def R(p, mode=None):
    return case('/v1/io/read', {'path': p} if mode is None else {'path': p, 'mode': mode})


def O(fn, **args):
    return case(f'/v1/os/{fn}', args)


def _sequences():
    """Hand-written sequences: (top, steps)."""
    seqs = []
    t = '/g2k-errors'
    seqs.append((t, [O('mkdir', path=t), O('mkdir', path=t), O('mkdir', path=f'{t}/no/such'), W(f'{t}/f', 'x'),
                     O('mkdir', path=f'{t}/f'), O('mkdir', path=f'{t}/f/sub'), R(f'{t}/f/sub'), W(f'{t}/f/sub', 'y'),
                     O('listdir', path=f'{t}/f'), O('rmdir', path=f'{t}/f'), O('remove', path=t),
                     O('remove', path=f'{t}/nope'), O('rmdir', path=f'{t}/nope'), O('mkdir', path=f'{t}/d'),
                     W(f'{t}/d/inner', 'z'), O('rmdir', path=f'{t}/d'), R(f'{t}/d'), R(f'{t}/d', 'rb'),
                     W(f'{t}/d', 'data'), W(f'{t}/d', _b64(b'x'), 'ab'), O('rename', src=f'{t}/f', dst=f'{t}/d'),
                     O('rename', src=f'{t}/d', dst=f'{t}/f'), O('rename', src=f'{t}/d', dst=f'{t}/d/inner2'),
                     O('rename', src=f'{t}/nope', dst=f'{t}/x'), O('replace', src=f'{t}/nope', dst=f'{t}/f'),
                     O('rename', src=f'{t}/d', dst=f'{t}/nope/x'), O('mkdir', path=f'{t}/e'),
                     O('rename', src=f'{t}/e', dst=f'{t}/d'), O('rename', src=f'{t}/d', dst=f'{t}/e'),
                     O('replace', src=f'{t}/f', dst=f'{t}/f/x'), O('stat', path=f'{t}/nope'),
                     O('stat', path=f'{t}/f/x'), O('path/getsize', path=f'{t}/nope'),
                     O('path/getsize', path=f'{t}/f'), O('listdir', path=f'{t}/nope'), O('listdir', path=t),
                     O('remove', path=f'{t}/f'), O('remove', path=f'{t}/d/inner'), O('rmdir', path=f'{t}/d'),
                     O('rmdir', path=f'{t}/e'), O('rmdir', path=t), O('path/exists', path=t)]))
    t = '/g2k-rename'
    seqs.append((t, [O('makedirs', path=f'{t}/a/b/c'), W(f'{t}/a/b/c/file', 'one'), W(f'{t}/other', 'two'),
                     O('rename', src=f'{t}/other', dst=f'{t}/a/b/c/file'), R(f'{t}/a/b/c/file'),
                     O('replace', src=f'{t}/a/b/c/file', dst=f'{t}/moved'), R(f'{t}/moved'),
                     O('rename', src=f'{t}/a', dst=f'{t}/z'), O('listdir', path=f'{t}/z/b'),
                     O('path/isdir', path=f'{t}/z/b/c'), O('path/exists', path=f'{t}/a'),
                     O('rename', src=f'{t}/z/b/c', dst=f'/..{t}/c2'), O('listdir', path=t),
                     O('rename', src=f'{t}/moved', dst=f'{t}/moved'), O('rename', src=t, dst=f'{t}/inside'),
                     O('rename', src=f'{t}/z', dst=f'{t}/z/b/deeper'), O('mkdir', path=f'{t}/full'),
                     W(f'{t}/full/x', ''), O('rename', src=f'{t}/c2', dst=f'{t}/full'),
                     O('replace', src=f'{t}/c2', dst=f'{t}/z/b'), O('rename', src=f'{t}/c2', dst=f'{t}/c3/'),
                     O('remove', path=f'{t}/full/x'), O('rmdir', path=f'{t}/full'), O('remove', path=f'{t}/moved'),
                     O('rmdir', path=f'{t}/c3'), O('rmdir', path=f'{t}/z/b'), O('rmdir', path=f'{t}/z'),
                     O('rmdir', path=t)]))
    t = '/g2k-makedirs'
    seqs.append((t, [O('makedirs', path=f'{t}/x/y/z'), O('makedirs', path=f'{t}/x/y/z'),
                     O('makedirs', path=f'{t}/x/y/z', exist_ok=True), O('makedirs', path=f'{t}/x/y/z/', exist_ok=True),
                     O('makedirs', path=f'{t}/x/./y/../y/z2'), W(f'{t}/file', ''),
                     O('makedirs', path=f'{t}/file', exist_ok=True), O('makedirs', path=f'{t}/file/sub'),
                     O('makedirs', path=f'{t}/file/sub/deeper', exist_ok=True), O('makedirs', path=f'{t[1:]}/rel/dirs'),
                     O('makedirs', path=f'{t}/dot/.'), O('makedirs', path=f'{t}/dots/./.', exist_ok=True),
                     O('makedirs', path=f'{t}/up/..'), O('makedirs', path=f'{t}/gone/../back', exist_ok=False),
                     O('makedirs', path=''), O('makedirs', path='', exist_ok=True), O('listdir', path=t),
                     O('path/getsize', path=f'{t}/file'), O('rmdir', path=f'{t}/rel/dirs'), O('rmdir', path=f'{t}/rel'),
                     O('remove', path=f'{t}/file'), O('rmdir', path=f'{t}/x/y/z2'), O('rmdir', path=f'{t}/x/y/z'),
                     O('rmdir', path=f'{t}/x/y'), O('rmdir', path=f'{t}/x'), O('listdir', path=t)]))
    t = '/g2k-io'
    seqs.append((t, [O('mkdir', path=t), W(f'{t}/t', 'a\r\nb\rc\n'), R(f'{t}/t'), R(f'{t}/t', 'rb'),
                     W(f'{t}/t', 'more\u00e9', 'a'), R(f'{t}/t'), O('path/getsize', path=f'{t}/t'),
                     W(f'{t}/b', _b64(b'\xff\xfe'), 'wb'), R(f'{t}/b'), R(f'{t}/b', 'rb'), W(f'{t}/b', _b64(b'A'), 'ab'),
                     R(f'{t}/b', 'rb'), W(f'{t}/new', 'appended', 'a'), R(f'{t}/new'),
                     W(f'{t}/bom', _b64(b'\xef\xbb\xbfx'), 'wb'), R(f'{t}/bom'), W(f'{t}/half', _b64(b'ok\xe2\x82'), 'wb'),
                     R(f'{t}/half'), W(f'{t}/t', 'x', 'rw'), W(f'{t}/t', 'not base64!', 'wb'), W(f'{t}/t', 'QQ', 'wb'),
                     W(f'{t}/t', 'QQ==\n', 'wb'), R(f'{t}/t', 'w'), R(f'{t}/t', 'rt'), W(f'{t}/s', '\ud800', 'w'),
                     R(f'{t}/s'), O('path/exists', path=f'{t}/s'), W(f'{t}/s2', 'a\udcff', 'a'), W(f'{t}/big', 'y' * 9000),
                     O('path/getsize', path=f'{t}/big'), W(f'{t}/big', 'é' * 3000, 'a'), O('path/getsize', path=f'{t}/big'),
                     R(f'{t}/nope'), R(f'{t}/nope', 'rb'), W(f'{t}/nodir/x', 'q'), W(t, 'q'), W(f'{t}/t/x', 'q'),
                     R(f'{t}/t/x'), W(f'{t}/t/', 'slash'), R(f'{t}/t'), W(f'{t}/t', ''), R(f'{t}/t', 'rb'),
                     W(f'{t}/bad', _b64(b'\x80abc'), 'wb'), R(f'{t}/bad'), W(f'{t}/bad', _b64(b'abc\xed\xa0\x80'), 'wb'),
                     R(f'{t}/bad'), O('listdir', path=t), O('stat', path=f'{t}/t'), O('stat', path=t),
                     case('/v1/io/write', {'path': f'{t}/t'}), case('/v1/io/write', {'path': f'{t}/t', 'data': 5}),
                     case('/v1/io/write', {'path': f'{t}/t', 'data': None}),
                     get_case('/v1/io/read', path=f'{t}/b', mode='rb'), get_case('/v1/io/read', path=f'{t}/new')] +
                [O('remove', path=f'{t}/{n}') for n in ('t', 'b', 'new', 'bom', 'half', 'big', 'bad')] +
                [O('rmdir', path=t)]))
    t = '/g2k-paths'
    seqs.append((t, [O('mkdir', path=t), W(f'{t}/f', 'v'), R(f'/../../..{t}/f'), R(f'{t[1:]}/f'), R(f'{t}//f'),
                     R(f'{t}/./f'), R(f'{t}/zz/../f'), R(f'{t}/f/'), R(f'{t}/f/.'), O('path/isfile', path=f'..{t}/f'),
                     O('path/exists', path=f'{t}/f\x00'), O('path/isdir', path=f'{t}/'), R(f'{t}/f\x00'),
                     O('mkdir', path=f'{t}/\x00'), O('remove', path=f'{t}/\x00x'), O('listdir', path=f'{t}/..{t}'),
                     O('mkdir', path=f'{t}/{"n" * 255}'), O('mkdir', path=f'{t}/{"n" * 256}'),
                     W(f'{t}/{"m" * 256}', 'x'), O('stat', path=f'{t}/{"m" * 256}'),
                     O('path/exists', path=f'{t}/{"m" * 256}'), O('rmdir', path=f'{t}/{"n" * 255}'),
                     O('mkdir', path=f'{t}/x\udc80'), O('listdir', path=t), O('rmdir', path=f'{t}/x\udc80'),
                     O('mkdir', path=f'{t}/q\ud800'), W(f'{t}/q\udbff', 'x'), O('path/exists', path=f'{t}/q\ud800'),
                     O('rename', src=f'{t}/f', dst='/'), O('rename', src='/', dst=f'{t}/g'),
                     O('replace', src=f'{t}/f', dst='/..'), O('rename', src=f'{t}/f', dst=''),
                     O('rename', src='', dst=f'{t}/g'), O('rename', src=f'{t}/f\x00', dst=f'{t}/g'),
                     O('replace', src=f'{t}/f', dst=f'{t}/../{t[1:]}/./g'), R(f'{t}/g'), O('remove', path=f'{t}/g/'),
                     O('listdir', path=t), O('rmdir', path=t + '/.'), O('path/exists', path=t)]))
    t = '/g2k-names'
    names = ['B', 'a', 'A', 'é', 'e\u0301', '\U0001f600', '_', '0', '.h', '~', 'b b', 'z\udcff']
    seqs.append((t, [O('mkdir', path=t)] + [W(f'{t}/{n}', n) for n in names] +
                [O('listdir', path=t), get_case('/v1/os/listdir', path=t + '/')] + [R(f'{t}/{n}') for n in names]))
    t = '/g2k-types'
    seqs.append((t, [O('mkdir', path=t), W(f'{t}/f', 'x'), O('path/isfile', path=f'{t}/f'),
                     O('path/isdir', path=f'{t}/f'), O('path/isfile', path=t), O('path/isdir', path=t),
                     O('path/exists', path=f'{t}/f/x'), O('path/isfile', path=f'{t}/f/x'), O('path/getsize', path=t),
                     O('stat', path=f'{t}/f'), get_case('/v1/os/stat', path=f'{t}/f'),
                     get_case('/v1/os/path/getsize', path=f'{t}/f'), get_case('/v1/os/path/getsize', path=f'{t}/g'),
                     get_case('/v1/os/path/getsize', query='path='), O('remove', path=f'{t}/f/'),
                     O('remove', path=t + '/'), O('rmdir', path=t + '/')]))
    t = '/g2k-store-paths'   # issue 17: lexists, islink, get?time, samefile, realpath
    P = lambda fn, **a: O('path/' + fn, **a)  # noqa: E731
    r = t[1:]
    seqs.append((t, [O('makedirs', path=f'{t}/d/e'), W(f'{t}/f', 'x'), W(f'{t}/d/g', 'y')] +
                [P(fn, path=p) for fn in ('lexists', 'islink', 'getmtime', 'getatime', 'getctime')
                 for p in (t, f'{t}/f', f'{t}/f/', f'{t}/d/e/..', f'{t}/nope', f'{t}/f/x', '', '/', '/..', f'{t}/f\x00',
                           f'{t}/q\ud800', f'{t}/n\udc80', f'{t}/{"m" * 256}', f'{r}/d/../f')] +
                [P('samefile', f1=a, f2=b) for a, b in (
                    (f'{t}/f', f'{t}/f'), (f'{t}/f', f'{t}/d/../f'), (f'{t}/f', f'{t}/d/g'), (t, f'{t}/d/..'),
                    ('/', '/..'), ('/', t), (f'{r}/f', f'/../{r}/./f'), (f'{t}/nope', f'{t}/f'), (f'{t}/f', f'{t}/nope'),
                    (f'{t}/nope', f'{t}/nope2'), ('', '/'), (f'{t}/f\x00', f'{t}/f'), (f'{t}/f/x', f'{t}/f'),
                    (f'{t}/f', f'{t}/f/'))] +
                [P('realpath', path=p, strict=strict) for strict in (False, True) for p in (
                    t, f'{t}/', f'{t}/f', f'{t}/f/', f'{t}/f/x', f'{t}/f/x/../y', f'{t}/d/e/../g', f'{t}/nope/../f',
                    f'{t}/nope/x/../..', f'{r}/d', f'{r}/nope', f'../../{r}/f/x', f'../{r}/../{r}/nope/z', '..', '../..',
                    '../../a/..', '', '.', '/', '//', '///x/./y/', '/..', f'{t}//d/./e//', f'{t}/d/e/../../f/.',
                    f'{t}/f\x00', f'{t}/nope/a\x00', f'{t}/q\ud800/x', f'../{r}/n\udc80\ud801', f'{t}/{"m" * 256}',
                    f'{t}/{"m" * 256}/x', f'{t}/{"m" * 256}/..', f'/{"z/" * 3000}', f'{t}/d/' + 'e/../' * 500 + 'g',
                    f'{t}/d/' + '../' * 3 + r + '/f', 'x/' + '../' * 5 + 'y')] +
                [case('/v1/os/path/realpath', {'path': t, 'strict': None}),
                 case('/v1/os/path/realpath', {'path': t, 'strict': 1}),
                 case('/v1/os/path/realpath', {'filename': t}), case('/v1/os/path/samefile', {'f1': t}),
                 case('/v1/os/path/getmtime', {'path': 3}), case('/v1/os/path/islink', {}),
                 get_case('/v1/os/path/realpath', path=f'{r}/d/e/..', strict='true'),
                 get_case('/v1/os/path/realpath', path=f'{r}/zz', strict='true'),
                 get_case('/v1/os/path/realpath', path=f'{r}/zz', strict='1'),
                 get_case('/v1/os/path/lexists', path=f'{t}/f'), get_case('/v1/os/path/samefile', f1=t, f2=t + '/.'),
                 get_case('/v1/os/path/getmtime', path=f'{t}/d')] +
                [O('remove', path=f'{t}/f'), P('lexists', path=f'{t}/f'), P('realpath', path=f'{t}/f', strict=True),
                 P('getctime', path=f'{t}/f')]))
    return seqs


def _pure():
    c = []
    for p in PATHS:
        for fn in ('split', 'splitext', 'basename', 'dirname', 'normpath', 'normcase', 'isabs', 'abspath'):
            c.append(case(f'/v1/os/path/{fn}', {'path': p}))
        c.append(case('/v1/os/path/abspath', {'path': p, 'cwd': '/home/user/./x/..'}))
        c.append(case('/v1/os/path/abspath', {'path': p, 'cwd': 'rel'}))
        c.append(case('/v1/os/path/relpath', {'path': p}))
        c.append(case('/v1/os/path/relpath', {'path': p, 'start': '/a/b'}))
        c.append(case('/v1/os/path/relpath', {'path': p, 'start': 'a', 'cwd': '/a'}))
        c.append(case('/v1/os/path/relpath', {'path': p, 'start': '//', 'cwd': '//c'}))
        c.append(case('/v1/os/path/relpath', {'path': p, 'start': '', 'cwd': ''}))
    for a, ps in [('a', []), ('a', ['b', 'c']), ('/a', ['/b']), ('a', ['', 'b']), ('a', ['b', '']), ('', ['']),
                  ('', []), ('/', ['/', 'x']), ('a/', ['b/']), ('//a', ['b']), ('a', ['//b']), ('a', ['.', '..']),
                  ('a', [1]), ('a', [None]), ('a', 'b'), ('é', ['\U0001f600']), ('a', [['b']]), ('a', {'b': 1})]:
        c.append(case('/v1/os/path/join', {'a': a, 'paths': ps}))
    c.append(case('/v1/os/path/join', {'a': 'x'}))
    c.append(case('/v1/os/path/join', {'a': 1, 'paths': []}))
    c.append(case('/v1/os/path/join', {'paths': []}))
    c.append(get_case('/v1/os/path/join', a='x'))
    for ps in [[], ['/a/b', '/a/c'], ['/a/b', 'a/b'], ['a/b', 'a/bc'], ['/a//b/./c', '/a/b/c/'], ['/'], ['', ''], ['a', ''],
               ['/a', '/'], ['//a', '/a'], ['a/../b', 'a/c'], ['/usr/lib', '/usr/local/lib', '/usr/lib2'], ['.', './a'],
               [1, 2], ['a', None], ['x'], ['..', '../a'], ['/a/b', '/a/b'], ['a', 'b'], 'ab']:
        c.append(case('/v1/os/path/commonpath', {'paths': ps}))
    for ps in [[], ['/a/b', '/a/c'], ['abc', 'abd'], ['a'], ['', 'a'], ['/usr/lib', '/usr/local'], ['é1', 'é2'],
               ['\U0001f600a', '\U0001f600b'], [1, 2], ['a', 1], ['abc', 'ab', 'abcd'], 'abc']:
        c.append(case('/v1/os/path/commonprefix', {'list': ps}))
    for args in [{'path': '', 'start': '/a'}, {'path': '/a', 'start': ''}, {'path': '/a/b', 'start': None},
                 {'path': 'a', 'start': 'b', 'cwd': ''}, {'path': 5}, {'path': 'a', 'cwd': None},
                 {'path': 'a', 'start': 5}, {'path': '\udc80', 'start': '/'}]:
        c.append(case('/v1/os/path/relpath', args))
    c.append(case('/v1/os/path/normpath', {'path': None}))
    c.append(case('/v1/os/path/split', {'p': '/a/b'}))
    c.append(case('/v1/os/path/abspath', {'path': 'x', 'cwd': 5}))
    for code in [0, 1, 2, 13, 17, 20, 21, 22, 28, 36, 39, 40, 110, 111, 133, 134, 135, 200, -1, -2 ** 31, 2 ** 31 - 1,
                 2 ** 31, -2 ** 31 - 1, 2 ** 64, -2 ** 70]:
        c.append(case('/v1/os/strerror', {'code': code}))
    c.append(case('/v1/os/strerror', {'code': '2'}))
    c.append(case('/v1/os/strerror', {'code': 2.0}))
    c.append(case('/v1/os/strerror', {'code': True}))
    c.append(case('/v1/os/strerror', {}))
    c.append(case('/v1/os/name', {}))
    c.append(case('/v1/os/name', {'x': 1}))
    c.append(get_case('/v1/os/name', query=''))
    c.append(get_case('/v1/os/strerror', query='code=2'))
    c.append(get_case('/v1/os/strerror', query='code=x'))
    c.append(get_case('/v1/os/strerror', query='code=99999999999'))
    c.append(get_case('/v1/os/path/normpath', query='path=%2F%2Fa%2F%2E%2E%2Fb%2F'))
    c.append(get_case('/v1/os/path/relpath', query='path=%2Fa%2Fb&start=%2Fa%2Fc&cwd=%2F'))
    c.append(get_case('/v1/os/path/relpath', query='path=a'))
    c.append(get_case('/v1/os/path/isabs', query='path='))
    c.append(get_case('/v1/os/path/split', query=''))
    return c


def _root():
    """The root and traversal attempts: each fails or only reads (nothing is left behind)."""
    c = []
    for fn, args in [('mkdir', {'path': '/'}), ('mkdir', {'path': ''}), ('mkdir', {'path': '/..'}),
                     ('mkdir', {'path': '.'}), ('makedirs', {'path': '/'}), ('makedirs', {'path': '/', 'exist_ok': True}),
                     ('makedirs', {'path': '/..', 'exist_ok': True}), ('rmdir', {'path': '/'}),
                     ('rmdir', {'path': '/../..'}), ('rmdir', {'path': ''}), ('rmdir', {'path': '.'}),
                     ('remove', {'path': '/'}), ('remove', {'path': '/..'}), ('remove', {'path': ''}),
                     ('rename', {'src': '/', 'dst': '/g2k9x'}), ('rename', {'src': '/g2k9nope', 'dst': '/'}),
                     ('replace', {'src': '..', 'dst': '/g2k9x'}), ('rename', {'src': '/', 'dst': '/'}),
                     ('replace', {'src': '', 'dst': ''}), ('listdir', {'path': ''}),
                     ('listdir', {'path': '/../../etc'}), ('listdir', {'path': '/g2k9-no-such-dir'}),
                     ('listdir', {'path': '/etc/passwd'}), ('listdir', {'path': '\x00'}),
                     ('path/exists', {'path': '/'}), ('path/exists', {'path': ''}), ('path/exists', {'path': '/../..'}),
                     ('path/exists', {'path': '/../../etc/passwd'}), ('path/exists', {'path': '/etc/passwd'}),
                     ('path/exists', {'path': '\x00'}), ('path/isdir', {'path': '/..'}), ('path/isdir', {'path': '..'}),
                     ('path/isdir', {'path': ''}), ('path/isfile', {'path': '/'}),
                     ('path/isfile', {'path': '../../../../etc/passwd'}), ('path/getsize', {'path': '/../../etc/passwd'}),
                     ('path/getsize', {'path': ''}), ('path/getsize', {'path': '\x00'}),
                     ('stat', {'path': '/../../etc/shadow'}), ('stat', {'path': ''}), ('stat', {'path': 'a\x00'}),
                     ('mkdir', {}), ('mkdir', {'path': 5}), ('mkdir', {'path': None}), ('rename', {'src': '/a'}),
                     ('rename', {'src': '/a', 'dst': 1}), ('listdir', {'path': '/', 'extra': 1}),
                     ('listdir', {'path': None}), ('makedirs', {'path': '/g2k9', 'exist_ok': 'yes'}),
                     ('remove', {'path': ['/x']})]:
        c.append(case(f'/v1/os/{fn}', args))
    c.append(case('/v1/os/stat', {'path': '/'}, compare='shape'))
    c.append(case('/v1/os/stat', {'path': '/..'}, compare='shape'))
    c.append(get_case('/v1/os/stat', path='/', compare='shape'))
    for p in ['/../../etc/passwd', '../../../../etc/passwd', '/etc/passwd', '/proc/self/environ', '..', '/', '', '.']:
        c.append(case('/v1/io/read', {'path': p}))
        c.append(case('/v1/io/read', {'path': p, 'mode': 'rb'}))
    for args in [{'path': '/', 'data': 'x'}, {'path': '/..', 'data': 'x', 'mode': 'a'}, {'path': '', 'data': 'x'},
                 {'path': '.', 'data': _b64(b'x'), 'mode': 'wb'}, {'path': '/../../g2k9-no/etc/passwd', 'data': 'x'},
                 {'path': '/g2k9-nodir/f', 'data': _b64(b'x'), 'mode': 'wb'}, {'path': '/g2k9x', 'data': 'x', 'mode': 'x'},
                 {'path': '/g2k9x', 'data': 'x', 'mode': None}, {'path': '/g2k9x'}, {'data': 'x'},
                 {'path': '/', 'data': '\ud800'}, {'path': '/g2k9-nodir/f', 'data': '\ud800'}]:
        c.append(case('/v1/io/write', args))
    c.append(case('/v1/io/read', {'path': '/g2k9x', 'mode': 'rt'}))
    c.append(case('/v1/io/read', {'path': '/g2k9x', 'mode': 'r', 'encoding': 'utf-8'}))
    c.append(get_case('/v1/io/read', query='path=%2F..%2F..%2Fetc%2Fpasswd'))
    c.append(get_case('/v1/io/read', query='mode=rb'))
    c.append(get_case('/v1/os/path/exists', query='path=%2F'))
    c.append(get_case('/v1/os/listdir', query='path=%2Fg2k9-none'))
    c.append(get_case('/v1/os/mkdir', query='path=%2Fg2k9get'))
    c.append(get_case('/v1/io/write', query='path=%2Fg2k9get&data=x'))
    c.append(get_case('/v1/os/remove', query='path=%2Fg2k9get'))
    c.append(body_case('/v1/os/mkdir', '{"path": "/g2k9-a", "path": 5}'))
    c.append(body_case('/v1/os/path/exists', '["/"]'))
    c.append(case('/v1/os/stat', {'path': '/'}, method='DELETE'))
    return c


def curated():
    from .os import finish          # the cleanup of a sequence (os.py imports this module at its end)
    from ._os_bytes_cases import curated as bytes_cases
    return _pure() + bytes_cases() + _root() + [finish(seq, top) for top, seq in _sequences()]
