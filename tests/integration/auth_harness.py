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
