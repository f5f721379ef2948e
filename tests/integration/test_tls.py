#!/usr/bin/env python3
"""HTTPS (--tls-cert, --tls-key) with certificates this test makes (openssl):
curl --cacert to 127.0.0.1 gets answers over TLS 1.2 and 1.3; plain HTTP on
the port and TLS 1.1 are refused; a key that is not the certificate's stops
the start; SIGHUP serves a renewed certificate without dropping a keep-alive
connection; --check-health speaks TLS when it is configured; tokens work
over it."""
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from auth_harness import refused, token_file  # noqa: E402
from harness import Server, Tests, bin_from_argv  # noqa: E402

BIN = bin_from_argv()
TMP = tempfile.mkdtemp(prefix="pystd-tls-")


def make_cert(name, kind="ec"):
    key, cert = os.path.join(TMP, name + ".key"), os.path.join(TMP, name + ".pem")
    alg = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"] if kind == "ec" else ["-newkey", "rsa:2048"]
    subprocess.run(["openssl", "req", "-x509", *alg, "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", f"/CN={name}", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def read_response(conn):
    """One HTTP/1.1 answer off a socket (headers, then Content-Length bytes)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        assert chunk, data
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = int([h.split(b":")[1] for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")][0])
    while len(body) < length:
        chunk = conn.recv(4096)
        assert chunk, body
        body += chunk
    return head, body


def curl(url, *args):
    r = subprocess.run(["curl", "-s", "--max-time", "10", *args, url], capture_output=True, timeout=30)
    return r.returncode, r.stdout


class T(Tests):
    def test_https(self):
        for kind in ("ec", "rsa"):
            cert, key = make_cert("one-" + kind, kind)
            with Server(BIN, args=["--tls-cert", cert, "--tls-key", key]) as s:
                url = f"https://127.0.0.1:{s.port}"
                rc, out = curl(url + "/v1/random/random?seed=1", "--cacert", cert)
                assert rc == 0 and out == b'{"result":0.13436424411240122}', (kind, rc, out)
                for v in ("--tlsv1.2", "--tlsv1.3"):
                    rc, out = curl(url + "/healthz", "--cacert", cert, v)
                    assert rc == 0 and b"ok" in out, (v, rc, out)
                rc, _ = curl(url + "/healthz", "--cacert", cert, "--tls-max", "1.1")
                assert rc != 0, rc
                rc, out = curl(f"http://127.0.0.1:{s.port}/healthz")
                assert rc != 0 and b"ok" not in out, (rc, out)  # plain HTTP on the TLS port
                rc, _ = curl(url + "/healthz")  # a certificate nobody vouches for
                assert rc == 60, rc

    def test_check_health(self):
        cert, key = make_cert("health")
        with Server(BIN, args=["--tls-cert", cert, "--tls-key", key]) as s:
            env = dict(os.environ, PYSTD_TLS_CERT=cert, PYSTD_TLS_KEY=key)
            r = subprocess.run([BIN, "--check-health", "--port", str(s.port)], env=env, timeout=30)
            assert r.returncode == 0, r.returncode
            r = subprocess.run([BIN, "--check-health", "--port", str(s.port)], timeout=30)
            assert r.returncode == 1, r.returncode  # plain HTTP: refused

    def test_wrong_key_refused(self):
        cert, _ = make_cert("a")
        _, other = make_cert("b")
        assert "not the key of --tls-cert" in refused(BIN, ["--tls-cert", cert, "--tls-key", other])
        assert "go together" in refused(BIN, ["--tls-cert", cert])

    def test_sighup_renews(self):
        c1, k1 = make_cert("first")
        c2, k2 = make_cert("second")
        live_c, live_k = os.path.join(TMP, "live.pem"), os.path.join(TMP, "live.key")
        shutil.copy(c1, live_c)
        shutil.copy(k1, live_k)
        tok = "tok-tls-abc"
        tokens = token_file({"alice": tok}, dir=TMP)
        with Server(BIN, args=["--tls-cert", live_c, "--tls-key", live_k, "--auth-file", tokens]) as s:
            ctx = ssl.create_default_context(cafile=c1)
            conn = ctx.wrap_socket(socket.create_connection(("127.0.0.1", s.port), timeout=10),
                                   server_hostname="127.0.0.1")
            req = (b"POST /v1/random/random HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + tok.encode() +
                   b"\r\nContent-Length: 2\r\n\r\n{}")
            conn.sendall(req)
            head, _ = read_response(conn)
            assert b" 200 " in head, head
            shutil.copy(c2, live_c + ".tmp")
            shutil.copy(k2, live_k + ".tmp")
            os.replace(live_k + ".tmp", live_k)
            os.replace(live_c + ".tmp", live_c)
            s.proc.send_signal(signal.SIGHUP)
            url = f"https://127.0.0.1:{s.port}/healthz"
            for _ in range(200):  # bounded polling
                rc, _ = curl(url, "--cacert", c2)
                if rc == 0:
                    break
                time.sleep(0.02)
            assert rc == 0, rc
            rc, _ = curl(url, "--cacert", c1)
            assert rc == 60, rc  # the old certificate is no longer served
            conn.sendall(req)  # the connection made before the reload goes on
            head, body = read_response(conn)
            assert b" 200 " in head and b"result" in body, (head, body)
            conn.close()
            rc, out = curl(f"https://127.0.0.1:{s.port}/v1/random/random", "--cacert", c2, "-d", "{}")
            assert b"Unauthorized" in out, out


if __name__ == "__main__":
    try:
        T().run()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
