"""Token files for the tests of --auth-file (test_auth, test_tenants,
test_rate_limit, test_audit, test_tls).

    from auth_harness import token_file, bearer
    path = token_file({"alice": ("tok-alice", "compute,fs.read")})
    s.post(..., headers=bearer("tok-alice"))

A file is written whole (a temporary file renamed over the path), as an
operator's deploy would, so that a SIGHUP never reads half of one."""
import atexit
import hashlib
import os
import shutil
import subprocess
import tempfile

_made = []
atexit.register(lambda: [os.path.exists(p) and os.unlink(p) for p in _made])


def token_line(name, token, scopes="*"):
    return f"{name}:{scopes}:{hashlib.sha256(token.encode()).hexdigest()}\n"


def token_file(tokens, path=None, dir=None):
    """tokens: {name: (token text, scopes)} or {name: token text} (every scope)."""
    if path is None:
        fd, path = tempfile.mkstemp(prefix="pystd-tokens-", dir=dir)
        os.close(fd)
        _made.append(path)
    with open(path + ".tmp", "w") as f:
        f.write("# test tokens\n\n")
        for name, v in tokens.items():
            tok, scopes = v if isinstance(v, tuple) else (v, "*")
            f.write(token_line(name, tok, scopes))
    os.replace(path + ".tmp", path)
    return path


def bearer(token):
    return {"Authorization": "Bearer " + token}


def refused(bin_path, args):
    """Start pystd with args on loopback and expect it to refuse to start:
    its exit status is 1 within 20 s; returns what it said (stderr)."""
    tmp = tempfile.mkdtemp(prefix="pystd-refused-")
    try:
        r = subprocess.run([bin_path, "--bind", "127.0.0.1", "--port", "0", "--data-dir", os.path.join(tmp, "d"),
                            *args], capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"pystd started with {args}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    assert r.returncode == 1, (args, r.returncode, r.stderr)
    return r.stderr
