"""tests/golden/integration/: what the integration tests compare with beyond the
conformance corpus, from CPython 3.11.7 through the golden model (tools/golden/model).

  codecs_tables.jsonl  whole-table runs of the codecs: every BMP code point encoded by each
      CJK, ISO-2022 and HZ codec, every two-byte sequence decoded by each CJK codec, every
      code of every ISO-2022 character set (and HZ's GB 2312) decoded by the stateful codecs,
      every byte decoded and 0..20FF encoded by each 8-bit charmap.  The answers are large, so a line holds the request's recipe and
      the SHA-256 of the answer body (compact JSON, sorted keys, ASCII):
      {"op", "input": bmp|pairs|sets7|bytes256|text2100, "encoding", "errors", "status", "sha256",
       "error": the error object when status is not 200}
      (the recipes: tests/integration/codec_tables.py, which test_codecs.py plays them with).
  time_new_york.jsonl  conformance cases (tests/conformance/run.py's format) answered under
      TZ=America/New_York (DST, EST/EDT): localtime, ctime, gmtime, mktime, strftime %c %Z %z,
      strptime %Z; tests/integration/test_time.py plays them against a pystd in that zone.
"""
import encodings.aliases
import json
import os
import random
import sys
import time
import types

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CJK = ['gb2312', 'gbk', 'gb18030', 'big5', 'cp950', 'shift_jis', 'cp932', 'euc_jp', 'euc_kr', 'cp949', 'johab',
       'big5hkscs', 'euc_jis_2004', 'euc_jisx0213', 'shift_jis_2004', 'shift_jisx0213']
STATEFUL = ['iso2022_jp', 'iso2022_jp_1', 'iso2022_jp_2', 'iso2022_jp_2004', 'iso2022_jp_3', 'iso2022_jp_ext',
            'iso2022_kr', 'hz']

def charmap_codecs():
    """The 8-bit charmap codecs (a decoding_table) among encodings.aliases' targets, and a few more."""
    out = []
    for m in sorted(encodings.aliases.aliases.values()) + ['cp1252', 'koi8_r', 'mac_roman', 'cp037', 'cp437']:
        try:
            mod = __import__('encodings.' + m, fromlist=['x'])
        except ImportError:
            continue
        if hasattr(mod, 'decoding_table') and m not in out:
            out.append(m)
    return out


def codecs_tables():
    import base64
    sys.path.insert(0, os.path.join(ROOT, 'tests', 'integration'))
    from codec_tables import INPUTS, digest       # tests/integration/codec_tables.py
    import model
    from model import common
    model.load('codecs')
    runs = [('encode', 'bmp', c, 'backslashreplace') for c in CJK + STATEFUL]
    runs += [('decode', 'pairs', c, 'backslashreplace') for c in CJK]
    runs += [('decode', 'sets7', c, 'backslashreplace') for c in STATEFUL]
    for c in charmap_codecs():
        runs += [('decode', 'bytes256', c, 'replace'), ('decode', 'bytes256', c, 'strict'),
                 ('encode', 'text2100', c, 'xmlcharrefreplace')]
    for op, name, enc, errors in runs:
        data = INPUTS[name]()
        obj = base64.b64encode(data).decode('ascii') if isinstance(data, bytes) else data
        status, body = common.call('POST', f'/v1/codecs/{op}', '', {'obj': obj, 'encoding': enc, 'errors': errors})
        line = {"op": op, "input": name, "encoding": enc, "errors": errors, "status": status, "sha256": digest(body)}
        if status != 200:
            line["error"] = body["error"]
        yield json.dumps(line, ensure_ascii=True)


def time_new_york():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import gen                                    # tools/golden/gen.py: build and to_line
    import model
    from model import common
    model.load('time')
    P = '/v1/time/'

    def cases():
        rng = random.Random(5)
        out = []
        for _ in range(150):
            secs = rng.randint(-2 ** 34, 2 ** 34)
            for fn in ('localtime', 'ctime', 'gmtime'):
                out.append(common.case(P + fn, {'secs': secs}))
            t = list(time.localtime(secs))[:9]
            t[8] = rng.choice([-1, 0, 1])
            out.append(common.case(P + 'mktime', {'t': t}))
            st, body = common.call('POST', P + 'localtime', '', {'secs': secs})
            out.append(common.case(P + 'strftime', {'format': '%c %Z %z', 't': body['result']}))
        for s, fmt in [('EST', '%Z'), ('edt', '%Z'), ('UTC', '%Z'), ('PST', '%Z'), ('2024 EDT', '%Y %Z'),
                       ('est', '%Z'), ('GMT', '%Z'), ('2024-07-01 12:00 EDT', '%Y-%m-%d %H:%M %Z')]:
            out.append(common.case(P + 'strptime', {'string': s, 'format': fmt}))
        return out

    saved = os.environ.get('TZ')
    os.environ['TZ'] = 'America/New_York'
    time.tzset()
    try:
        mod = types.SimpleNamespace(curated=cases, cases=lambda rng: [])
        lines, _stats = gen.build('time_new_york', mod, common)
    finally:
        os.environ['TZ'] = saved or 'UTC'
        time.tzset()
    return [gen.to_line(x) for x in lines]


FILES = {
    'integration/codecs_tables.jsonl': ('whole-table codec runs (CJK, charmaps) as SHA-256 digests of the answers',
                                        codecs_tables),
    'integration/time_new_york.jsonl': ('time cases answered under TZ=America/New_York (run.py format)',
                                        time_new_york),
}
