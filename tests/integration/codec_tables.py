"""The recipes of tests/golden/integration/codecs_tables.jsonl: the whole-table inputs by name
and the digest of an answer body.  tools/golden/data/integration.py writes the file with them,
tests/integration/test_codecs.py plays it with them (one definition, so both build the same)."""
import hashlib
import json

INPUTS = {
    'bmp': lambda: ''.join(chr(c) for c in list(range(0x80, 0xD800)) + list(range(0xE000, 0x10000))) + '\U0001f600'
    '\U0010ffff',
    'pairs': lambda: bytes(b for lead in range(0x80, 0x100) for t in range(0x20, 0x100) for b in (lead, t, 0x20)),
    'bytes256': lambda: bytes(range(256)),
    'text2100': lambda: ''.join(chr(c) for c in range(0x2100)),
}


def digest(body):
    """SHA-256 of an answer body as compact JSON, sorted keys, ASCII."""
    return hashlib.sha256(json.dumps(body, ensure_ascii=True, sort_keys=True, separators=(',', ':'))
                          .encode('ascii')).hexdigest()
