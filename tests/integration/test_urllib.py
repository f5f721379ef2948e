#!/usr/bin/env python3
"""urllib.request's network policy beyond the network corpus (ctest conformance.net_allow
and conformance.net_deny play CPython's answers against loopback upstreams): the allow-list
127.0.0.1/32 is exact (127.0.0.2 and ::1 stay refused, directly and by redirect, and no
connection reaches them), the response size cap, a bad --allow-net, and a cancelled job
that stops its transfer.  Loopback only."""
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness import Server, Tests, bin_from_argv


class Slow(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path == '/big':
            self.send_response(200)
            self.send_header('Content-Length', str(3 << 20))
            self.end_headers()
            try:
                self.wfile.write(b'x' * (3 << 20))
            except OSError:
                pass
            return
        time.sleep(5)
        self.send_response(200)
        self.end_headers()


class Counting(ThreadingHTTPServer):
    """An upstream on one loopback address that counts the connections it accepts:
    /text answers 'ok', /redirect?to=URL redirects there."""
    daemon_threads = True

    def __init__(self, host):
        self.address_family = socket.AF_INET6 if ':' in host else socket.AF_INET
        self.host, self.count = host, 0
        super().__init__((host, 0), CountingHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def get_request(self):
        self.count += 1
        return super().get_request()

    def url(self, path):
        host = f'[{self.host}]' if ':' in self.host else self.host
        return f'http://{host}:{self.server_address[1]}{path}'


class CountingHandler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path.startswith('/redirect?to='):
            self.send_response(302)
            self.send_header('Location', urllib.parse.unquote(self.path[len('/redirect?to='):]))
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        self.send_response(200)
        self.send_header('Content-Length', '2')
        self.end_headers()
        self.wfile.write(b'ok')


class T(Tests):
    def __init__(self, binp):
        self.bin = binp

    def test_allow_list_is_exact(self):
        """--allow-net 127.0.0.1/32 lets 127.0.0.1 through and nothing else of loopback:
        upstreams listening on 127.0.0.2 and [::1] are refused directly, by redirect and as
        robots_url, with 'not allowed', and never see a connection."""
        ok = Counting('127.0.0.1')
        others = [Counting('127.0.0.2')]
        try:
            others.append(Counting('::1'))
        except OSError:
            print("NOTE: ::1 cannot be bound here (no IPv6 loopback): only 127.0.0.2 is watched")
        try:
            with Server(self.bin, args=["--allow-net", "127.0.0.1/32"]) as s:
                st, body = s.post("/v1/urllib/request/urlopen", {"url": ok.url('/text')})
                assert st == 200 and body["result"]["body"] == "b2s=", (st, body)    # base64 of b'ok'
                for o in others:
                    for args, fn in [({"url": o.url('/text')}, "request/urlopen"),
                                     ({"url": ok.url('/redirect?to=' + o.url('/text'))}, "request/urlopen"),
                                     ({"url": o.url('/x'), "filename": "/never"}, "request/urlretrieve"),
                                     ({"robots_url": o.url('/robots.txt'), "useragent": "x", "url": "/"},
                                      "robotparser/can_fetch")]:
                        st, body = s.post("/v1/urllib/" + fn, args)
                        err = (body or {}).get("error", {})
                        assert st == 422 and err.get("type") == "urllib.error.URLError" and \
                            "not allowed" in err.get("message", ""), (fn, args, st, body)
                    assert o.count == 0, f"{o.count} connection(s) reached {o.host}"
                assert s.post("/v1/os/path/exists", {"path": "/never"}) == (200, {"result": False})
                assert ok.count >= 2
        finally:
            for u in [ok] + others:
                u.shutdown()
                u.server_close()

    def test_size_cap_and_bad_allow_net(self):
        up = ThreadingHTTPServer(('127.0.0.1', 0), Slow)
        threading.Thread(target=up.serve_forever, daemon=True).start()
        try:
            with Server(self.bin, args=["--allow-net", "127.0.0.1/32", "--max-response", "1M"]) as s:
                st, body = s.post("/v1/urllib/request/urlopen",
                                  {"url": f"http://127.0.0.1:{up.server_address[1]}/big"})
                assert st == 422 and body["error"]["type"] == "ResourceLimitError", (st, body)
                st, body = s.post("/v1/urllib/request/urlopen", {"url": "http://127.0.0.1:1/", "timeout": 0})
                assert st == 400, (st, body)
        finally:
            up.shutdown()
            up.server_close()
        try:
            with Server(self.bin, args=["--allow-net", "not-a-net"]):
                pass
            raise AssertionError("a bad --allow-net must stop the service")
        except RuntimeError:
            pass

    def test_job_cancel_stops_the_transfer(self):
        """DELETE of a running urlopen job: cancelled at once, and the upstream
        connection is closed (the worker stopped), not left to the timeout."""
        lst = socket.socket()
        lst.bind(('127.0.0.1', 0))
        lst.listen(4)
        lst.settimeout(10)
        port = lst.getsockname()[1]
        with Server(self.bin, args=["--allow-net", "127.0.0.1/32"]) as s:
            st, job = s.post("/v1/jobs", {"op": "/v1/urllib/request/urlopen",
                                          "args": {"url": f"http://127.0.0.1:{port}/", "timeout": 60}})
            assert st == 202, (st, job)
            conn, _ = lst.accept()
            conn.settimeout(10)
            conn.recv(65536)                       # the request arrived; never answer it
            st, j = s.request("DELETE", f"/v1/jobs/{job['id']}")[:2]
            assert st == 200 and j["state"] == "cancelled", (st, j)
            # recv answers b"" once the cancelled transfer closes; a timeout (10 s) raises instead
            assert conn.recv(1) == b"", "the connection should be closed by the cancelled transfer"
            conn.close()
            st, job = s.post("/v1/jobs", {"op": "/v1/urllib/robotparser/can_fetch", "timeout": 0.5,
                                          "args": {"robots_url": f"http://127.0.0.1:{port}/robots.txt",
                                                   "useragent": "x", "url": "/"}})
            st, j = s.get(f"/v1/jobs/{job['id']}?wait=20")
            assert j["state"] == "failed" and j["exception"]["type"] == "TimeoutError", j
        lst.close()


if __name__ == '__main__':
    T(bin_from_argv()).run()
