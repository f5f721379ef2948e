"""difftest group json: /v1/json/dumps and /v1/json/loads -- random documents (nested lists and
objects, tricky keys, floats of every magnitude, big ints), raw request bodies with NaN /
Infinity / odd number spellings and duplicate or escaped keys, every dumps option with odd
values (indent, separators, the bool flags given non-bools), loads on valid-ish text corrupted
by truncation, deletion and insertion (multi-line, non-ASCII, lone surrogates; sometimes with
parse_float / parse_int / parse_constant hooks), loads by GET,
and nesting deeper than the depth cap (compared by error type).  Key order matters.

Run: python3 tools/difftest --url http://127.0.0.1:PORT --group json [--count N] [--seed S]"""
import json
import urllib.parse

from . import pick, rtext, wire

COMPARE = 'ordered'

JP = '/v1/json/'
KEYCH = list('abzAZ09 _-') + ['é', 'ß', 'Σ', '日', '😀', '\x00', '\x1f', '\x7f', '\u2028', '\ud800',
                                '\udfff', '"', '\\', '/', '\ufeff', '\U0010ffff', '\x80', '\u00ff']
FLOATS = [0.0, -0.0, 1.0, -1.5, 0.1, 1e16, 1e-7, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308,
          123456789012345678.0, 1e22, 1e21, 9.999999999999999e22, 0.30000000000000004, 1e-5, 0.0001,
          1.2345e-300, -2.5e-310, 4.35, 1e100, 123.456]
INTS = [0, -1, 1, 2 ** 53 + 1, -2 ** 63, 2 ** 63, 2 ** 64 - 1, 10 ** 30, -10 ** 40, 7]


def jvalue(rng, depth=0):
    r = rng.random()
    if depth > 4 or r < 0.45:
        k = rng.randrange(8)
        if k == 0:
            return pick(rng, FLOATS)
        if k == 1:
            return pick(rng, INTS)
        if k == 2:
            return pick(rng, [None, True, False])
        if k == 3:
            return pick(rng, ['NaN', 'Infinity', '-Infinity'])  # strings here; raw bodies make floats
        return rtext(rng, KEYCH, 0, 6)
    if r < 0.72:
        return [jvalue(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rtext(rng, KEYCH, 0, 4): jvalue(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def raw_value(rng, depth=0):
    """JSON text (as a request body fragment) including NaN/Infinity and odd number spellings."""
    r = rng.random()
    if depth > 4 or r < 0.5:
        return pick(rng, ['NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '-0', '-0.0', '1E2', '0.1e1',
                          '1e-400', '12345678901234567890', '1.0', '5e-324', '2e308', 'true', 'null',
                          '"\\ud800"', '"\\udc00\\ud800"', '"\\ud83d\\ude00"', '"x"', '1' * 40,
                          '123.456e7', '-5E-3', '9007199254740993.0'])
    if r < 0.75:
        return '[' + ', '.join(raw_value(rng, depth + 1) for _ in range(rng.randint(0, 4))) + ']'
    keys = [pick(rng, ['"a"', '"b"', '"a"', '"\\u00e9"', '"\\ud800"', '""', '"Z"', '"1"', '"10"', '"\\u0000"',
                       '"\\ud83d\\ude00"', '"\\uffff"', '"\\ue000"', '"e\\u0301"'])
            for _ in range(rng.randint(0, 4))]
    return '{' + ', '.join(k + ': ' + raw_value(rng, depth + 1) for k in keys) + '}'


INDENTS = [None, 0, 1, 2, 4, -1, '', ' ', '\t', '\n', 'ab', '\u00a0', '😀', '\ud800', '  \t', 10, 40,
           True, False, 2.5, [2], {'a': 1}, 'xyz' * 5, '\x00', '"', '\\']
SEPS = [None, [',', ':'], [', ', ': '], ['', ''], [' , ', ' : '], ['\n', '\t'], ['é', 'ü'], ['😀', '\ud800'],
        ['"', '\\'], [','], [',', ':', ';'], [1, 2], ',:', [None, ':'], [',', None], ['', ':'], []]


def dumps_kwargs(rng):
    kw = {}
    if rng.random() < 0.5:
        kw['indent'] = pick(rng, INDENTS)
    if rng.random() < 0.4:
        kw['separators'] = pick(rng, SEPS)
    for k in ['skipkeys', 'ensure_ascii', 'allow_nan', 'sort_keys']:
        if rng.random() < 0.35:
            kw[k] = rng.random() < 0.5 if rng.random() < 0.95 else pick(rng, [0, 1, None, 'x'])
    if rng.random() < 0.02:
        kw[pick(rng, ['cls', 'default', 'check_circular', 'bogus'])] = None
    return kw


def loads_text(rng):
    """Valid-ish JSON text, often corrupted, multi-line, non-ASCII."""
    v = raw_value(rng) if rng.random() < 0.5 else json.dumps(jvalue(rng), ensure_ascii=rng.random() < 0.5,
                                                             indent=pick(rng, [None, 1, '\t', '\r\n']))
    if rng.random() < 0.3:
        v = v.replace(', ', pick(rng, [',\n', ',\r\n', ',\r', ',\t', ' ,', ',\n\n ']))
    if rng.random() < 0.2:
        v = pick(rng, ['\n', '\r\n', ' ', '\t', '\u00a0', '\ufeff', '\r', '', '\x0b', '\x0c']) + v
    if rng.random() < 0.2:
        v = v + pick(rng, ['\n', ' x', '\n\n]', ',', '\x00', '日', ' 1', '\r\n\r\n}', '//', '/**/'])
    if rng.random() < 0.55 and v:
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(v) + 1)
            k = rng.randrange(5)
            if k == 0:
                v = v[:i]
            elif k == 1:
                v = v[:i] + v[i + 1:]
            elif k == 2:
                v = v[:i] + pick(rng, [',', ':', '"', '\\', '[', '{', ']', '}', 'é', '日', '😀', '\n', '\r\n',
                                        '\\u', '\\ud800', '\\x', '\x01', '\x1f', '-', '.', 'e', '+', '0',
                                        'tru', 'nul', 'Na', 'Inf', '-Infinit', '\ud800', '\u2028', '\t',
                                        '\x7f', "'", 'NaN', '1e', '-0', '00']) + v[i:]
            elif k == 3:
                v = v[:i] + '\n' + v[i:]
            else:
                v = v[:i] + pick(rng, ['"é日\n', '"\\u00', '"\\uD83D\\u', '"\\ud83d"', '[1,\n2,', '{"a":\n']) + v[i:]
    return v


def deep(rng):
    n = pick(rng, [190, 199, 200, 1001, 5000])  # 201..1000: configured caps differ (noted)
    kind = rng.randrange(4)
    if kind == 0:
        return '[' * n + ']' * n
    if kind == 1:
        return '{"a":' * n + '1' + '}' * n
    if kind == 2:
        return '[' * n + '1' + ']' * (n - 1)
    return '[{"k":' * (n // 2) + '[]' + '}]' * (n // 2)


def case(rng, i):
    r = rng.random()
    if r < 0.3:
        args = dict(obj=jvalue(rng), **dumps_kwargs(rng))
        return {'path': JP + 'dumps', 'args': args}
    if r < 0.45:
        kw = dumps_kwargs(rng)
        body = '{"obj": ' + raw_value(rng) + ''.join(', %s: %s' % (json.dumps(k), json.dumps(x))
                                                       for k, x in kw.items()) + '}'
        return {'path': JP + 'dumps', 'body': body}
    if r < 0.5:
        # sort_keys / skipkeys over dicts with tricky keys
        keys = [rtext(rng, KEYCH, 0, 3) for _ in range(rng.randint(0, 6))]
        obj = {k: pick(rng, [1, None, [], {}, 'v', 1.5]) for k in keys}
        kw = dict(sort_keys=True)
        kw.update(dumps_kwargs(rng))
        return {'path': JP + 'dumps', 'args': dict(obj=obj, **kw)}
    if r < 0.53:
        txt = deep(rng)
        # past the configured depth cap only the error type is compared (the
        # container named in the RecursionError depends on the caller's stack)
        if rng.random() < 0.5:
            return {'path': JP + 'loads', 'args': {'s': txt}, 'compare': 'type'}
        return {'path': JP + 'dumps', 'body': '{"obj": ' + txt + '}', 'compare': 'type'}
    if r < 0.56:
        q = urllib.parse.urlencode({'s': loads_text(rng).encode('utf-8', 'surrogatepass').decode('utf-8', 'replace')})
        return {'path': JP + 'loads', 'method': 'GET', 'query': q}
    args = {'s': wire(loads_text(rng))}
    if rng.random() < 0.2:   # json.loads' parse_* hooks (issue 17)
        for k in ('parse_float', 'parse_int', 'parse_constant'):
            if rng.random() < 0.5:
                args[k] = rng.choice(['builtins.str', 'builtins.float', 'builtins.int', 'builtins.repr', 'str.upper',
                                      'builtins.len', 'math.floor', {'partial': 'builtins.int', 'args': ['7']}])
    return {'path': JP + 'loads', 'args': args}
