"""difftest group os: /v1/os/*, /v1/os/path/*, /v1/io/* -- the pure path functions (split,
splitext, basename, dirname, normpath, normcase, isabs, abspath and relpath against odd cwds,
join, commonpath, commonprefix) on paths of awkward segments, some by GET; strerror of codes
at every boundary; and stateful sandbox sequences: each under its own top directory
(/dt<case>_<hex>), 5 to 30 random steps -- writes (text and binary, append), reads, mkdir / makedirs,
remove / rmdir, rename / replace, stat, exists / isfile / isdir / getsize, lexists / islink /
getmtime / realpath / samefile, listdir -- through
every spelling of a path ('..' above the root, '//', trailing '/.').

Start pystd with a fresh, empty --data-dir for each run: the model's sandbox starts empty too
(a few steps name the root itself).  os.stat's st_mtime, and the size of a directory, are the
machine's: they are taken from pystd's answer (getmtime: compared by shape), the rest is compared
exactly.

Run: python3 tools/difftest --url http://127.0.0.1:PORT --group os [--count N] [--seed S]"""
import base64
import json
import stat
import urllib.parse

from . import cascade

COMPARE = 'exact'
JOBS = 1               # the sequences share the root: one connection, in the model's order

SEGS = ['', '', '.', '..', 'a', 'b', 'c.txt', '.bashrc', 'arch.tar.gz', 'd.', '..e', '...', 'é', ' ', 'x y', '.x.',
        '~', 'f\\g', '\U0001d11e', '....', '.a.', 'a..b', '\ud800', '\x00', 'ß', 'ﬁ', '..a.b', '*', '\n']


def ppath(rng):
    p = '/'.join(rng.choice(SEGS) for _ in range(rng.randint(0, 6)))
    p = cascade(rng, [(0.3, '/'), (0.4, '//'), (0.45, '///'), (0.5, '////')], '') + p
    if rng.random() < 0.25:
        p += rng.choice(['/', '//', '/.', '/..', '///'])
    return p


def gen_ospath(rng):
    fn = rng.choice(['split', 'splitext', 'basename', 'dirname', 'normpath', 'normcase', 'isabs', 'abspath',
                     'relpath', 'relpath', 'join', 'commonpath', 'commonpath', 'commonprefix'])
    P = '/v1/os/path/'
    if fn == 'join':
        paths = [ppath(rng) for _ in range(rng.randint(0, 4))]
        if rng.random() < 0.05:
            paths.append(rng.choice([1, None, b'x'.decode(), []]))
        return {'path': P + fn, 'args': {'a': ppath(rng), 'paths': paths}}
    if fn in ('commonpath', 'commonprefix'):
        ps = [ppath(rng) for _ in range(rng.randint(0, 4))]
        if rng.random() < 0.5 and ps:
            base = ps[0]
            ps = [base + rng.choice(['', '/x', 'x', '/', '/./y', '/../z', '//', '/.']) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.1:
            ps.append(rng.choice(['/', '', '.', '/a', 'a']))
        return {'path': P + fn, 'args': {'paths' if fn == 'commonpath' else 'list': ps}}
    args = {'path': ppath(rng)}
    if fn in ('abspath', 'relpath') and rng.random() < 0.6:
        args['cwd'] = rng.choice(['/', '/home/u', '/a/b/c', '//x', '///x', '/a/../b/', 'rel/dir', '', '/é', '.', '..',
                                  '/a/./b', ppath(rng)])
    if fn == 'relpath' and rng.random() < 0.7:
        args['start'] = rng.choice([ppath(rng), None, '/', '.', '..', '', '//', 'a'])
    if rng.random() < 0.1 and '\x00' not in json.dumps(args) and '\ud800' not in json.dumps(args, ensure_ascii=False):
        q = {k: v for k, v in args.items() if v is not None}
        return {'path': P + fn, 'method': 'GET', 'query': urllib.parse.urlencode(q)}
    return {'path': P + fn, 'args': args}


# ------------------------------------------------------------------ sandbox

SB_NAMES = ['f', 'g', 'd', 'd/f', 'd/g', 'd/e', 'd/e/f', 'e', 'é', '.h', 'a b', 'f/x', 'missing/x', 'd/../f', 'd/./g',
            'n' * 255, 'n' * 256, 'x\x00', '\U0001d11e']
TEXTS = ['hello', '', 'a\r\nb\rc\n', 'é€\U0001d11e', 'nul\x00in', '\ufeffbom', '\ud800', 'x' * 5000, '\r', '\r\n']
BLOBS = [b'\xff\xfe\x00', b'\xc3\xa9', b'\x80', b'', b'plain', b'a\r\nb', bytes(range(256)), b'\xed\xa0\x80',
         b'\xf0\x9d\x84', b'\xc3', b'\xef\xbb\xbfx', b'ok\r', b'\xe2\x82', b'a\xffb\xfec']


def spell(rng, top, rel):
    forms = [f'{top}/{rel}', f'{top}/{rel}', f'{top[1:]}/{rel}', f'/..{top}/{rel}', f'{top}/./{rel}',
             f'{top}//{rel}', f'{top}/zz/../{rel}', f'{top}/{rel}/', f'{top}/{rel}/.', f'{top}/{rel}/..',
             f'../{top[1:]}/{rel}', f'{top}///{rel}//']
    return rng.choice(forms)


def gen_sandbox(rng, case_no):
    top = '/dt%d_%08x' % (case_no, rng.getrandbits(32))
    steps = [{'path': '/v1/os/mkdir', 'args': {'path': top}}]
    for _ in range(rng.randint(5, 30)):
        name = rng.choice(SB_NAMES)
        p = spell(rng, top, name) if rng.random() < 0.95 else rng.choice([top, top + '/', '', '/', '.', '..'])
        r = rng.random()
        if r < 0.2:
            mode = rng.choice(['w', 'w', 'a', 'wb', 'ab'])
            data = rng.choice(TEXTS) if 'b' not in mode else base64.b64encode(rng.choice(BLOBS)).decode()
            steps.append({'path': '/v1/io/write', 'args': {'path': p, 'data': data, 'mode': mode}})
        elif r < 0.32:
            args = {'path': p}
            if rng.random() < 0.6:
                args['mode'] = rng.choice(['r', 'rb'])
            steps.append({'path': '/v1/io/read', 'args': args})
        elif r < 0.42:
            steps.append({'path': '/v1/os/mkdir', 'args': {'path': p}})
        elif r < 0.5:
            args = {'path': p}
            if rng.random() < 0.6:
                args['exist_ok'] = rng.random() < 0.5
            steps.append({'path': '/v1/os/makedirs', 'args': args})
        elif r < 0.56:
            steps.append({'path': '/v1/os/remove', 'args': {'path': p}})
        elif r < 0.62:
            steps.append({'path': '/v1/os/rmdir', 'args': {'path': p}})
        elif r < 0.74:
            q = spell(rng, top, rng.choice(SB_NAMES)) if rng.random() < 0.9 else rng.choice([top, '', '/', top + '/..'])
            steps.append({'path': '/v1/os/' + rng.choice(['rename', 'replace']), 'args': {'src': p, 'dst': q}})
        elif r < 0.8:
            steps.append({'path': '/v1/os/stat', 'args': {'path': p}})
        elif r < 0.86:
            steps.append({'path': '/v1/os/path/' + rng.choice(['exists', 'isfile', 'isdir', 'getsize', 'lexists',
                                                               'islink', 'getmtime']),
                          'args': {'path': p}})
        elif r < 0.9:   # issue 17: realpath (strict or not) and samefile
            q = spell(rng, top, rng.choice(SB_NAMES))
            steps.append(rng.choice([{'path': '/v1/os/path/realpath', 'args': {'path': p, 'strict': rng.random() < 0.5}},
                                     {'path': '/v1/os/path/samefile', 'args': {'f1': p, 'f2': q}}]))
        else:
            steps.append({'path': '/v1/os/listdir', 'args': {'path': p}})
    steps.append({'path': '/v1/os/listdir', 'args': {'path': top}})
    return steps


def gen_os_misc(rng):
    r = rng.random()
    if r < 0.5:
        code = rng.choice([rng.randint(-5, 140), rng.randint(-2 ** 31, 2 ** 31), rng.choice(
            [2 ** 31, -2 ** 31 - 1, 2 ** 63, -2 ** 63, 2 ** 64, 10 ** 30, 2 ** 31 - 1, -2 ** 31])])
        return {'path': '/v1/os/strerror', 'args': {'code': code}}
    return gen_ospath(rng)


# sent first: the root must be as empty on pystd as it is in the model
PREFLIGHT = {'path': '/v1/os/listdir', 'args': {'path': '/'}}
PREFLIGHT_HINT = "pystd's data dir is not empty: start it with a fresh --data-dir for each run"


def case(rng, i):
    if rng.random() < 0.6:
        return gen_os_misc(rng)
    return gen_sandbox(rng, i)


def modelled(step):
    """Right after the model answered (its sandbox as pystd's will be): mark what the machine
    decides -- st_mtime always, and st_size when the answer is a directory's."""
    body = step['expect']['body']
    if step['expect']['status'] != 200 or not isinstance(body, dict):
        return
    if step['path'] == '/v1/os/stat':
        step['volatile'] = ['result.st_mtime'] + (['result.st_size'] if stat.S_ISDIR(body['result']['st_mode']) else [])
    elif step['path'] == '/v1/os/path/getmtime':
        step['compare'] = 'shape'
    elif step['path'] == '/v1/os/path/getsize' and _is_dir(step):
        step['compare'] = 'shape'


def _is_dir(step):
    from model import _sandbox
    if step.get('method') == 'GET':
        p = urllib.parse.parse_qs(step.get('query', ''), keep_blank_values=True).get('path', [''])[-1]
    else:
        p = step['args']['path']
    return _sandbox.isdir(p)
