"""Random cases of /v1/json/*: random documents (nested lists/objects, floats
of every magnitude, big ints, strings with escapes, astral and lone
surrogates, duplicate-prone keys) through dumps with random options, as raw
request bodies with random layouts and number spellings, and as json.loads
input, valid or corrupted (one edit: a deletion, an insertion, a cut, a
suffix) so that the JSONDecodeError messages and positions vary."""
import json
import math
import re

from .common import body_case, case, get_case

P = '/v1/json/'
KEYS = ['', 'a', 'b', 'B', 'key', '10', '9', '-1', 'é', 'e\u0301', '😀', '日本', 'a b', '"', '\\', '\x00', '_',
        'z', 'Z', 'aa', '\ud800', '\u2028', 'ü', 'k' * 30]
CHARS = 'ab "\\/\n\t\r\x00\x01\x1f\x7fé日😀\u2028\ufeff\u0301' + 'xyz123'


def rand_float(rng):
    k = rng.random()
    if k < 0.3:
        return round(rng.uniform(-1000, 1000), rng.randint(0, 6))
    if k < 0.5:
        return rng.uniform(-1, 1) * 10 ** rng.randint(-320, 308)
    if k < 0.6:
        return rng.choice([0.0, -0.0, 1e16, 1e-7, 5e-324, 1.7976931348623157e308, float('inf'), float('-inf'),
                           float('nan'), 0.1, 1e22, 2 ** 53 + 0.0])
    if k < 0.8:
        return float(rng.randint(-10 ** 17, 10 ** 17))
    return rng.random() * 10 ** rng.randint(-30, 30)


def rand_int(rng):
    k = rng.random()
    if k < 0.5:
        return rng.randint(-1000, 1000)
    if k < 0.8:
        return rng.randint(-2 ** 64, 2 ** 64)
    return rng.randint(-10 ** 60, 10 ** 60) * rng.choice([1, 10 ** rng.randint(0, 40)])


def rand_str(rng):
    k = rng.random()
    if k < 0.2:
        return rng.choice(KEYS)
    n = rng.randint(0, 12)
    s = ''.join(rng.choice(CHARS) for _ in range(n))
    if rng.random() < 0.05:
        s += rng.choice(['\ud800', '\udc00', '\udbff'])
    return s


def value(rng, depth=0):
    k = rng.random()
    if depth >= 3 or k < (0.3 if depth == 0 else 0.55):
        kind = rng.randrange(7)
        if kind == 0:
            return rng.choice([None, True, False])
        if kind in (1, 2):
            return rand_int(rng)
        if kind in (3, 4):
            return rand_float(rng)
        return rand_str(rng)
    if k < 0.75:
        return [value(rng, depth + 1) for _ in range(rng.randint(0, 5))]
    return {rng.choice(KEYS) if rng.random() < 0.7 else rand_str(rng): value(rng, depth + 1)
            for _ in range(rng.randint(0, 5))}


def options(rng):
    kw = {}
    if rng.random() < 0.4:
        kw['ensure_ascii'] = rng.random() < 0.5
    if rng.random() < 0.4:
        kw['indent'] = rng.choice([None, 0, 1, 2, 3, 4, -1, '', ' ', '\t', '->', '\u00a0', '日'])
    if rng.random() < 0.3:
        kw['separators'] = rng.choice([[',', ':'], [', ', ': '], [',', ': '], [';', '='], ['', ''], [' , ', ' : '],
                                       ['\n', '\t'], ['é', '😀']])
    if rng.random() < 0.4:
        kw['sort_keys'] = rng.random() < 0.7
    if rng.random() < 0.2:
        kw['allow_nan'] = rng.random() < 0.5
    if rng.random() < 0.1:
        kw['skipkeys'] = rng.random() < 0.5
    return kw


def ws(rng):
    return rng.choice(['', '', '', ' ', '\n', '\t', '\r\n', '  ', ' \n '])


def spell_number(rng, v):
    """A JSON spelling of number v that json.loads reads back as v (or as inf/nan)."""
    if isinstance(v, int):
        if rng.random() < 0.15 and abs(v) < 10 ** 15:
            return rng.choice([f'{v}.0', f'{v}e0', f'{v}E+0', f'{v}0e-1'])   # a float then
        return str(v)
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return rng.choice(['Infinity', '1e999', '1E400']) if v > 0 else rng.choice(['-Infinity', '-1e999'])
    r = repr(v)
    return rng.choice([r, r.upper(), r.replace('e+', 'e'), '%.17g' % v, '%.20e' % v, '%.25g' % v, r])


def layout(rng, v):
    """v as JSON text with random whitespace, escapes and number spellings."""
    if isinstance(v, list):
        return '[' + ws(rng) + (',' + ws(rng)).join(layout(rng, x) + ws(rng) for x in v) + ']'
    if isinstance(v, dict):
        items = [ws(rng) + json.dumps(k, ensure_ascii=rng.random() < 0.5) + ws(rng) + ':' + ws(rng) + layout(rng, x)
                 + ws(rng) for k, x in v.items()]
        if items and rng.random() < 0.1:                   # a duplicate key
            items.append(items[rng.randrange(len(items))])
        return '{' + ws(rng) + ','.join(items) + '}'
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return spell_number(rng, v)
    if isinstance(v, str):
        text = json.dumps(v, ensure_ascii=rng.random() < 0.4)
        if rng.random() < 0.1:
            text = re.sub(r'\\u([0-9a-f]{4})', lambda m: '\\u' + m.group(1).upper(), text)   # hex case
            text = text.replace('\\n', '\\u000a').replace('/', '\\/')
        return text
    return json.dumps(v)


def corrupt(rng, text):
    if not text:
        return rng.choice(['x', ' ', ']', '"', '{'])
    i = rng.randrange(len(text) + 1)
    k = rng.randrange(5)
    if k == 0:
        return text[:i] + text[i + 1:]
    if k == 1:
        return text[:i] + rng.choice(list('[]{},:"\\x0-.eE+ \x01\n\t') + ['\\u12', 'NaN', '😀', 'tru', '\\ud800', '//'])\
            + text[i:]
    if k == 2:
        return text[:i]
    if k == 3:
        return text + rng.choice([' x', ',', ']', '}', ' 1', '""', '\n\n]', ' NaN', '{}'])
    return text[:i] + text[i:i + 1] * 2 + text[i + 1:]


def survives_wire(text):
    try:
        text.encode('utf-8')
        return True
    except UnicodeEncodeError:
        return False


def cases(rng):
    out = []
    for _ in range(850):
        out.append(case(P + 'dumps', dict(obj=value(rng), **options(rng))))
    for _ in range(350):
        v = value(rng)
        kw = options(rng)
        text = layout(rng, v)
        if rng.random() < 0.3:
            text = '[' + text + ',' + ws(rng) + rng.choice(['NaN', 'Infinity', '-Infinity', '1e400', '-0', '-0.0',
                                                              '1E2', '0.1e-0', '"\\ud800"']) + ']'
        extra = ''.join(', %s: %s' % (json.dumps(k), json.dumps(x)) for k, x in kw.items())
        body = ('{"obj": ' + text + extra + '}') if rng.random() < 0.8 else ('{' + extra[2:] + (', ' if extra else '')
                                                                            + '"obj":' + ws(rng) + text + '}')
        if survives_wire(body):
            out.append(body_case(P + 'dumps', body))
    for _ in range(1150):
        text = layout(rng, value(rng))
        if rng.random() < 0.45:
            text = corrupt(rng, text)
        if rng.random() < 0.04 and survives_wire(text) and len(text) < 300:
            out.append(get_case(P + 'loads', s=text))
        else:
            out.append(case(P + 'loads', dict(s=text), compare='ordered'))
    return out
