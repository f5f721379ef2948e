"""codecs module over HTTP, beyond the conformance corpus (ctest conformance.codecs):
whole-table runs -- every BMP code point through each CJK encoder, every two-byte
sequence through each CJK decoder, every byte and 0..20FF through each 8-bit charmap --
compared with CPython 3.11.7's answers by digest (tests/golden/integration/codecs_tables.jsonl),
and big texts that must survive a round trip."""
import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from codec_tables import INPUTS, digest  # noqa: E402
from harness import Server, Tests, bin_from_argv, golden_lines  # noqa: E402

BIN = bin_from_argv()


class CodecTests(Tests):
    def __init__(self, server):
        self.s = server

    def call(self, fn, args):
        st, parsed, _h, _d = self.s.request("POST", "/v1/codecs/" + fn, json.dumps(args).encode())
        return st, parsed

    def test_whole_tables_match_cpython(self):
        cases = golden_lines("integration/codecs_tables.jsonl")
        assert len(cases) >= 180, len(cases)
        inputs = {name: make() for name, make in INPUTS.items()}
        bad = []
        for c in cases:
            data = inputs[c["input"]]
            obj = base64.b64encode(data).decode() if isinstance(data, bytes) else data
            st, body = self.call(c["op"], {"obj": obj, "encoding": c["encoding"], "errors": c["errors"]})
            if st != c["status"] or digest(body) != c["sha256"]:
                got = body.get("error") if isinstance(body, dict) and "error" in body else "a different result"
                bad.append(f"{c['op']} {c['input']} {c['encoding']} {c['errors']}: want {c['status']} "
                           f"{c.get('error', 'result ' + c['sha256'][:12])}, got {st} {got}")
        assert not bad, f"{len(bad)} of {len(cases)} differ: " + "; ".join(bad[:5])

    def test_big_round_trips(self):
        text = "é日😀" * 300000
        st, body = self.call("encode", {"obj": text, "encoding": "utf-16"})
        assert st == 200, (st, body)
        data = base64.b64decode(body["result"])
        assert len(data) == 2 + 8 * 300000 and data[:2] in (b'\xff\xfe', b'\xfe\xff'), len(data)
        st, body = self.call("decode", {"obj": body["result"], "encoding": "utf-16"})
        assert st == 200 and body["result"] == text
        st, body = self.call("encode", {"obj": text, "encoding": "gb18030"})
        assert st == 200, (st, body)
        st, body = self.call("decode", {"obj": body["result"], "encoding": "gb18030"})
        assert st == 200 and body["result"] == text


if __name__ == "__main__":
    with Server(BIN) as srv:
        CodecTests(srv).run()
