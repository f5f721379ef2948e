"""The recipes of tests/golden/integration/codecs_tables.jsonl: the whole-table inputs by name
and the digest of an answer body.  tools/golden/data/integration.py writes the file with them,
tests/integration/test_codecs.py plays it with them (one definition, so both build the same)."""
import hashlib
import json

# every code of the ISO-2022 character sets (the one-byte ones read the pairs as bytes) and of HZ's GB 2312
SETS = [b'\x1b$B', b'\x1b$@', b'\x1b$(D', b'\x1b$(C', b'\x1b$A', b'\x1b$(Q', b'\x1b$(O', b'\x1b$(P', b'\x1b(J',
        b'\x1b(I', b'\x1b$)C\x0e', b'~{']

INPUTS = {
    'bmp': lambda: ''.join(chr(c) for c in list(range(0x80, 0xD800)) + list(range(0xE000, 0x10000))) + '\U0001f600'
    '\U0010ffff',
    'pairs': lambda: bytes(b for lead in range(0x80, 0x100) for t in range(0x20, 0x100) for b in (lead, t, 0x20)),
    'sets7': lambda: b''.join(esc + bytes(b for a in range(0x21, 0x7F) for t in range(0x21, 0x7F) for b in (a, t))
                              + b'\n\x1b(B~}' for esc in SETS),
    'bytes256': lambda: bytes(range(256)),
    'text2100': lambda: ''.join(chr(c) for c in range(0x2100)),
}


def digest(body):
    """SHA-256 of an answer body as compact JSON, sorted keys, ASCII."""
    return hashlib.sha256(json.dumps(body, ensure_ascii=True, sort_keys=True, separators=(',', ':'))
                          .encode('ascii')).hexdigest()
