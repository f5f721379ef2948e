#!/usr/bin/env python3
"""os, os.path and io of a live pystd beyond the conformance corpus (ctest conformance.os): escape attempts
through the HTTP API (.., absolute, percent- and JSON-encoded, symlinks the
test plants inside the data dir pointing outside), concurrent writers."""
import base64
import os
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()


def snapshot(top):
    """{relative path: (type, content or link target)} of everything under top."""
    out = {}
    for d, dirs, files in os.walk(top, followlinks=False):
        for n in dirs + files:
            p = os.path.join(d, n)
            rel = os.path.relpath(p, top)
            if os.path.islink(p):
                out[rel] = ('link', os.readlink(p))
            elif os.path.isdir(p):
                out[rel] = ('dir', None)
            else:
                with open(p, 'rb') as f:
                    out[rel] = ('file', f.read())
    return out


class OsTests(Tests):
    def __init__(self, srv):
        self.s = srv
        self.outside = os.path.join(srv.tmp, 'outside')
        os.makedirs(os.path.join(self.outside, 'sub'))
        with open(os.path.join(self.outside, 'secret'), 'w') as f:
            f.write('secret')
        d = srv.data_dir
        os.mkdir(os.path.join(d, 'plant'))
        os.symlink(self.outside, os.path.join(d, 'plant', 'out'))
        os.symlink(os.path.join(self.outside, 'secret'), os.path.join(d, 'plant', 'file'))
        os.symlink('..', os.path.join(d, 'up'))
        os.symlink('../outside', os.path.join(d, 'rel'))
        os.symlink('/', os.path.join(d, 'slash'))
        os.symlink(os.path.join(self.outside, 'nothing-yet'), os.path.join(d, 'dangling'))
        self.before = snapshot(self.outside)

    def untouched(self):
        assert snapshot(self.outside) == self.before, "something outside the data dir changed"

    def test_escape_attempts_fail_and_touch_nothing(self):
        spellings = ['/plant/out/secret', 'plant/out/secret', '/plant/file', '/up/outside/secret',
                     '/rel/secret', '/slash/etc/passwd', '/slash' + self.outside + '/secret',
                     '/dangling', '/plant/out/sub/new', '/plant/out', '/up', '/rel', '/slash']
        writes = [('/v1/io/write', {'data': 'pwned'}), ('/v1/io/write', {'data': 'pwned', 'mode': 'a'}),
                  ('/v1/io/write', {'data': base64.b64encode(b'x').decode(), 'mode': 'wb'}),
                  ('/v1/os/mkdir', {}), ('/v1/os/makedirs', {'exist_ok': True}), ('/v1/os/remove', {}),
                  ('/v1/os/rmdir', {}), ('/v1/io/read', {}), ('/v1/io/read', {'mode': 'rb'}),
                  ('/v1/os/listdir', {}), ('/v1/os/stat', {}), ('/v1/os/path/getsize', {})]
        for p in spellings:
            for path, extra in writes:
                st, body = self.s.post(path, dict(extra, path=p))
                assert st == 422 and body['error']['errno'] == 40, (path, p, st, body)
                if path != '/v1/os/makedirs':   # makedirs names the directory it failed to make
                    assert body['error']['filename'] == p, (path, p, body)
            for fn in ('exists', 'isfile', 'isdir'):
                assert self.s.post(f'/v1/os/path/{fn}', {'path': p}) == (200, {'result': False}), (fn, p)
            for src, dst in ((p, '/moved'), ('/plant', p)):
                for op in ('rename', 'replace'):
                    st, body = self.s.post(f'/v1/os/{op}', {'src': src, 'dst': dst})
                    assert st == 422 and body['error']['errno'] == 40, (op, src, dst, body)
                    assert (body['error']['filename'], body['error']['filename2']) == (src, dst), body
        self.untouched()

    def test_store_paths_refuse_symlinks(self):
        """issue 17's lexists/islink/get?time/samefile/realpath: a planted symlink anywhere on the path is
        never followed (islink and lexists say False; the others answer ELOOP naming the path that met it)."""
        for p in ['/plant/out/secret', '/plant/file', '/up/outside/secret', '/rel/secret', '/slash/etc/passwd',
                  '/dangling', '/up', '/slash']:
            for fn in ('lexists', 'islink'):
                assert self.s.post(f'/v1/os/path/{fn}', {'path': p}) == (200, {'result': False}), (fn, p)
            for fn in ('getmtime', 'getatime', 'getctime'):
                st, body = self.s.post(f'/v1/os/path/{fn}', {'path': p})
                assert st == 422 and body['error']['errno'] == 40 and body['error']['filename'] == p, (fn, p, body)
            st, body = self.s.post('/v1/os/path/samefile', {'f1': '/plant', 'f2': p})
            assert st == 422 and body['error']['errno'] == 40 and body['error']['filename'] == p, (p, body)
            for strict in (False, True):
                st, body = self.s.post('/v1/os/path/realpath', {'path': p + '/x/..', 'strict': strict})
                link = '/' + '/'.join(p.strip('/').split('/')[:2 if p.startswith('/plant') else 1])
                assert st == 422 and body['error']['errno'] == 40, (p, strict, body)
                assert body['error']['filename'] == link, (p, link, body)
        # relative spellings: realpath names the path as posixpath built it
        st, body = self.s.post('/v1/os/path/realpath', {'path': '../../up/x'})
        assert st == 422 and body['error']['filename'] == '../../up', body
        assert self.s.post('/v1/os/path/realpath', {'path': '/plant/../nowhere/../up2'}) == (200, {'result': '/up2'})
        # times are the file's (float seconds), and follow a write
        assert self.s.post('/v1/io/write', {'path': '/stamp', 'data': 'x'})[0] == 200
        real = os.stat(os.path.join(self.s.data_dir, 'stamp'))
        for fn, want in (('getmtime', real.st_mtime), ('getatime', real.st_atime), ('getctime', real.st_ctime)):
            assert self.s.post(f'/v1/os/path/{fn}', {'path': 'stamp'}) == (200, {'result': want}), fn
        os.utime(os.path.join(self.s.data_dir, 'stamp'), ns=(1_000_000_001_500_000_000, 1_234_567_890_123_456_789))
        assert self.s.post('/v1/os/path/getmtime', {'path': '/stamp'}) == (200, {'result': 1234567890.1234567})
        assert self.s.post('/v1/os/path/getatime', {'path': '/stamp'}) == (200, {'result': 1000000001.5})
        assert self.s.post('/v1/os/path/samefile', {'f1': '/stamp', 'f2': '/plant/../stamp'}) == (200, {'result': True})
        os.link(os.path.join(self.s.data_dir, 'stamp'), os.path.join(self.s.data_dir, 'hard'))
        assert self.s.post('/v1/os/path/samefile', {'f1': '/hard', 'f2': '/stamp'}) == (200, {'result': True})
        assert self.s.post('/v1/os/path/samefile', {'f1': '/hard', 'f2': '/plant'}) == (200, {'result': False})
        # each lstat walks from the root: a bounded number of parts per realpath
        st, body = self.s.post('/v1/os/path/realpath', {'path': 'plant/..' + '/plant/..' * 300000})
        assert st == 422 and body['error']['type'] == 'ResourceLimitError', (st, body)
        st, body = self.s.post('/v1/os/path/realpath', {'path': 'nowhere' + '/x' * 300000})
        assert st == 200 and body['result'] == '/nowhere' + '/x' * 300000, st   # below a missing part: no walk
        self.untouched()

    def test_dotdot_absolute_and_encoded_stay_inside(self):
        assert self.s.post('/v1/io/write', {'path': '/../../../../inside.txt', 'data': 'v'})[0] == 200
        assert os.path.exists(os.path.join(self.s.data_dir, 'inside.txt'))
        assert not os.path.exists(os.path.join(self.s.tmp, 'inside.txt'))
        for p in ['/../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '/..\\..\\etc\\passwd', '%2e%2e/%2e%2e/etc/passwd',
                  '/proc/self/environ', self.outside + '/secret', '....//....//etc/passwd']:
            st, body = self.s.post('/v1/io/read', {'path': p})
            assert st == 422 and body['error']['type'] == 'FileNotFoundError', (p, body)
            assert body['error']['filename'] == p
            q = urllib.parse.quote(p, safe='')
            st, body = self.s.get(f'/v1/io/read?path={q}')
            assert st == 422 and body['error']['type'] == 'FileNotFoundError', (p, body)
        # JSON escapes decode to the same characters: still resolved lexically inside the root
        raw = b'{"path": "\\u002e\\u002e/\\u002e\\u002e/etc/passwd"}'
        st, body, _h, _d = self.s.request('POST', '/v1/io/read', raw, {'Content-Type': 'application/json'})
        assert st == 422 and body['error']['filename'] == '../../etc/passwd', body
        st, body = self.s.post('/v1/os/listdir', {'path': '/../..'})
        assert st == 200 and 'outside' not in body['result'] and 'inside.txt' in body['result'], body
        st, body = self.s.post('/v1/os/rmdir', {'path': '/..'})
        assert st == 422 and body['error']['errno'] == 16, body
        self.untouched()

    def test_concurrent_writers_never_interleave(self):
        n, size = 8, 300000
        contents = [bytes([65 + i]) * size for i in range(n)]
        errors = []

        def writer(i):
            for _ in range(5):
                st, body = self.s.post('/v1/io/write', {'path': '/race', 'mode': 'wb',
                                                         'data': base64.b64encode(contents[i]).decode()})
                if st != 200:
                    errors.append(body)
                st, body = self.s.post('/v1/io/read', {'path': '/race', 'mode': 'rb'})
                data = base64.b64decode(body['result'])
                if data not in contents:
                    errors.append('torn read')
        ts = [threading.Thread(target=writer, args=(i,)) for i in range(n)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert not errors, errors[:3]
        with open(os.path.join(self.s.data_dir, 'race'), 'rb') as f:
            assert f.read() in contents

    def test_concurrent_appends_all_land(self):
        n, per = 6, 20

        def appender(i):
            for k in range(per):
                assert self.s.post('/v1/io/write', {'path': '/log', 'data': f'{i}:{k}\n', 'mode': 'a'})[0] == 200
        ts = [threading.Thread(target=appender, args=(i,)) for i in range(n)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        st, body = self.s.post('/v1/io/read', {'path': '/log'})
        lines = body['result'].splitlines()
        assert sorted(lines) == sorted(f'{i}:{k}' for i in range(n) for k in range(per)), len(lines)
        assert [x for x in os.listdir(self.s.data_dir) if x.startswith('.pystd-tmp')] == []

    def test_size_caps(self):
        with Server(BIN, args=['--max-file-size', '1000', '--max-store-size', '2500']) as s:
            st, body = s.post('/v1/io/write', {'path': '/a', 'data': 'x' * 1001})
            assert st == 422 and body['error'] == {'type': 'ResourceLimitError',
                                                   'message': 'file larger than 1000 bytes'}, body
            assert s.post('/v1/io/write', {'path': '/a', 'data': 'x' * 1000})[0] == 200
            assert s.post('/v1/io/write', {'path': '/a', 'data': 'y', 'mode': 'a'})[0] == 422
            assert s.post('/v1/io/write', {'path': '/b', 'data': 'x' * 1000})[0] == 200
            st, body = s.post('/v1/io/write', {'path': '/c', 'data': 'x' * 1000})
            assert st == 422 and body['error']['type'] == 'ResourceLimitError', body
            assert s.post('/v1/io/write', {'path': '/b', 'data': 'x' * 900})[0] == 200   # replacing frees
            assert s.post('/v1/os/remove', {'path': '/a'})[0] == 200
            assert s.post('/v1/io/write', {'path': '/c', 'data': 'x' * 1000})[0] == 200
            st, text = s.request('GET', '/metrics')[0], s.request('GET', '/metrics')[3].decode()
            assert 'pystd_sandbox_bytes 1900' in text, text[-500:]

    def test_strerror_and_name(self):
        assert self.s.get('/v1/os/strerror?code=2') == (200, {'result': 'No such file or directory'})
        assert self.s.get('/v1/os/name') == (200, {'result': 'posix'})
        for absent in ('system', 'popen', 'fork', 'environ', 'getenv', 'execv', 'kill'):
            assert self.s.post(f'/v1/os/{absent}', {})[0] == 404, absent

    def test_os_path_get(self):
        q = urllib.parse.urlencode({'path': '/a/b/../c', 'start': '/a/x'})
        assert self.s.get(f'/v1/os/path/relpath?{q}') == (200, {'result': '../c'})
        st, body = self.s.post('/v1/os/path/commonpath', {'paths': ['/a', 'b']})
        assert (st, body['error']['message']) == (422, "Can't mix absolute and relative paths")
        assert self.s.post('/v1/os/path/join', {'a': 'a', 'paths': ['b', 1]})[0] == 400
        assert self.s.post('/v1/os/path/join', {'a': 'a', 'paths': ['b', '/c', 'd']}) == (200, {'result': '/c/d'})


if __name__ == '__main__':
    with Server(BIN) as srv:
        OsTests(srv).run()
