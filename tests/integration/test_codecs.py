"""codecs module: the conformance cases, then a differential run against
python3's own codecs: every implemented codec (the 8-bit charmaps and the
CJK codecs included) and every error handler, on random text and random or
mangled bytes, names and aliases, and the caps."""
import base64
import codecs
import encodings
import encodings.aliases
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, Tests, bin_from_argv, run_instrument  # noqa: E402

BIN = bin_from_argv()

CJK = ['gb2312', 'gbk', 'gb18030', 'big5', 'cp950', 'shift_jis', 'cp932', 'euc_jp', 'euc_kr', 'cp949']
UTF = ['utf-8', 'utf-8-sig', 'utf-16', 'utf-16-le', 'utf-16-be', 'utf-32', 'utf-32-le', 'utf-32-be']
HANDLERS = ['strict', 'ignore', 'replace', 'backslashreplace', 'xmlcharrefreplace', 'namereplace',
            'surrogateescape', 'surrogatepass', 'bogus']
POOL = (list("abc xyz\n\t\x00\x7f?&\\") + ['é', 'ÿ', 'Ā', '€', '„', 'Ж', 'я', '中', '文', '繁', '體', 'の', 'ｶ', '한', '글',
        '😀', '🇫', '\u0301', '\ud800', '\udfff', '\udc80', '\udcff', '\ufeff', '\ue000', '\U0010ffff', '\u2028', '¥',
        '₩', '\x80', '\x9f', '\u30fb', '\uff5e', '\u00b7', '\u2014', '\u2015', '\uffff', '\U000f0000',
        '\U000f0201', '\u3164', '\uac01', '\ud7a3', '\u0e01', '\u05d0', 'ș'])


def charmap_codecs():
    out = []
    for m in sorted(encodings.aliases.aliases.values()) + ['cp1252', 'koi8_r', 'mac_roman', 'cp037', 'cp437']:
        try:
            mod = __import__('encodings.' + m, fromlist=['x'])
        except ImportError:
            continue
        if hasattr(mod, 'decoding_table') and m not in out:
            out.append(m)
    return out


def expect(fn):
    try:
        r = fn()
        return 200, {"result": base64.b64encode(r).decode() if isinstance(r, bytes) else r}
    except (UnicodeEncodeError, UnicodeDecodeError) as e:
        return 422, {"error": {"type": type(e).__name__, "message": str(e), "encoding": e.encoding,
                               "start": e.start, "end": e.end, "reason": e.reason}}
    except (LookupError, TypeError, ValueError) as e:
        return 422, {"error": {"type": type(e).__name__, "message": str(e)}}


def wire(v):
    """A str as the service's JSON carries it (lone surrogates as escapes,
    adjacent ones joined by the client's json.loads)."""
    return json.loads(json.dumps(v))


class CodecTests(Tests):
    def __init__(self, server):
        self.s = server
        self.charmaps = charmap_codecs()
        self.encodings = UTF + ['ascii', 'latin-1', 'charmap', 'undefined'] + CJK + self.charmaps

    def call(self, fn, args):
        st, parsed, _h, _d = self.s.request("POST", "/v1/codecs/" + fn, json.dumps(args).encode())
        return st, parsed

    def check(self, fn, args, want):
        got = self.call(fn, args)
        want = (want[0], wire(want[1]))
        assert got == want, (fn, args, want, got)

    def test_conformance(self):
        passed, failed, out = run_instrument("check.py", self.s.url, "--module", "codecs")
        assert failed == 0 and passed > 1800, out[-3000:]

    def test_encode_differential(self):
        rng = random.Random(7)
        for i in range(4000):
            text = wire(''.join(rng.choice(POOL) for _ in range(rng.randrange(0, 12))))
            enc = rng.choice(self.encodings)
            h = rng.choice(HANDLERS)
            want = expect(lambda: text.encode(enc, h))
            self.check("encode", {"obj": text, "encoding": enc, "errors": h}, want)

    def test_decode_differential(self):
        rng = random.Random(8)
        for i in range(5000):
            src = rng.choice(self.encodings[:4] + CJK + CJK + self.charmaps[:5])
            text = ''.join(rng.choice(POOL) for _ in range(rng.randrange(0, 12)))
            data = bytearray(text.encode(src if src not in ('undefined', 'charmap') else 'latin-1', 'replace')
                             if src != 'utf-8' else text.encode('utf-8', 'surrogatepass'))
            for _ in range(rng.randrange(0, 4)):
                k = rng.randrange(3)
                if k == 0 and data:
                    data[rng.randrange(len(data))] = rng.randrange(256)
                elif k == 1:
                    data.insert(rng.randrange(len(data) + 1), rng.randrange(256))
                elif data:
                    del data[rng.randrange(len(data)):]
            data = bytes(data)
            enc = rng.choice([src] * 3 + self.encodings)
            h = rng.choice(HANDLERS)
            want = expect(lambda: data.decode(enc, h))
            self.check("decode", {"obj": base64.b64encode(data).decode(), "encoding": enc, "errors": h}, want)

    def test_cjk_every_code_point(self):
        """One request per codec: all of the BMP (and a few astral code points) by backslashreplace."""
        text = ''.join(chr(c) for c in list(range(0x80, 0xD800)) + list(range(0xE000, 0x10000))) + '😀\U0010ffff'
        for enc in CJK:
            want = expect(lambda: text.encode(enc, 'backslashreplace'))
            self.check("encode", {"obj": text, "encoding": enc, "errors": "backslashreplace"}, want)

    def test_cjk_every_pair(self):
        """Every two-byte sequence, decoded with backslashreplace."""
        data = bytes(b for lead in range(0x80, 0x100) for t in range(0x20, 0x100) for b in (lead, t, 0x20))
        for enc in CJK:
            want = expect(lambda: data.decode(enc, 'backslashreplace'))
            self.check("decode", {"obj": base64.b64encode(data).decode(), "encoding": enc,
                                  "errors": "backslashreplace"}, want)

    def test_charmaps_all_bytes(self):
        data = bytes(range(256))
        text = ''.join(chr(c) for c in range(0x2100))
        for enc in self.charmaps:
            for h in ('replace', 'strict'):
                want = expect(lambda: data.decode(enc, h))
                self.check("decode", {"obj": base64.b64encode(data).decode(), "encoding": enc, "errors": h}, want)
            want = expect(lambda: text.encode(enc, 'xmlcharrefreplace'))
            self.check("encode", {"obj": text, "encoding": enc, "errors": "xmlcharrefreplace"}, want)

    def test_names(self):
        names = list(encodings.aliases.aliases) + sorted(set(encodings.aliases.aliases.values()))
        names += ['UTF-8', ' utf 8 ', 'U8', 'Latin-1', 'ISO_8859-1:1987', 'utf.8', 'latin.1', '', '  ', 'ütf8',
                  'rot13', 'rot-13', 'hex', 'base64', 'zlib', 'bz2', 'uu', 'quopri', 'aliases', 'mbcs', 'dbcs',
                  'utf_7', 'idna', 'x' * 500, 'é' * 300, 'utf8\x00', 'ascii\ud800']
        for n in names:
            def look(n=n):
                return {"name": codecs.lookup(n).name}
            st, body = self.call("lookup", {"encoding": n})
            want = expect(look)
            if want[0] == 200:
                want = (200, {"result": look()})
            assert (st, body) == (want[0], wire(want[1])), (n, want, (st, body))
            for h in ('strict', 'bogus'):
                want = expect(lambda: 'aé€'.encode(n, h))
                got = self.call("encode", {"obj": "aé€", "encoding": n, "errors": h})
                if got[0] == 422 and got[1]["error"]["type"] == "NotImplementedError":
                    continue  # a codec pystd does not implement (utf-7, idna, ...)
                assert got == (want[0], wire(want[1])), (n, h, want, got)

    def test_big(self):
        text = "é日😀" * 300000
        st, body = self.call("encode", {"obj": text, "encoding": "utf-16"})
        assert st == 200 and base64.b64decode(body["result"]) == text.encode("utf-16")
        st, body = self.call("decode", {"obj": base64.b64encode(text.encode("gb18030")).decode(),
                                        "encoding": "gb18030"})
        assert st == 200 and body["result"] == text


if __name__ == "__main__":
    with Server(BIN) as srv:
        CodecTests(srv).run()
