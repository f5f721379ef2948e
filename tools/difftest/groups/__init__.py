"""The request generators of tools/difftest, one module per group (re, json, codecs, url, robots,
time, os, functools, random), and the few helpers they share.

A group module defines
    COMPARE = 'exact' | 'ordered'      the default compare mode of its requests (run.py's modes)
    case(rng, i) -> step | [step, ...]  one random request, or a sequence run in order on one
                                         connection (i: the case's number in the run)
and may define
    JOBS = 1                            parallel connections at most (stateful groups)
    modelled(step)                      called right after the model answered step (its state
                                         is the step's): may set step['compare'] / ['volatile']
    PREFLIGHT, PREFLIGHT_HINT           a step sent first; when pystd's answer differs, the
                                         group stops with the hint (os: an empty data dir)
A step is {"path", "args"} (POST JSON), {"path", "body"} (POST raw text) or {"path", "method":
"GET", "query"}, with an optional "compare" (e.g. 'type', 'shape') and "volatile": the parts of
a 200 answer that the model cannot know ('result', 'result.st_mtime'), taken from pystd's.
"""
import importlib
import json as _json    # (a bare `json` would be replaced by the json group module once loaded)

NAMES = ['re', 'json', 'codecs', 'url', 'robots', 'time', 'os', 'functools', 'random']


def load(name):
    return importlib.import_module(f"{__name__}.{name}")


# ------------------------------------------------------------------ helpers of the generators

def pick(rng, seq):
    return seq[rng.randrange(len(seq))]


def cascade(rng, table, default):
    """One draw r in [0, 1): the value of the first (bound, value) of table with r < bound, else
    default (bounds ascending; a callable value is called with no argument)."""
    r = rng.random()
    v = next((v for bound, v in table if r < bound), default)
    return v() if callable(v) else v


def rtext(rng, alphabet, lo=0, hi=12):
    return ''.join(pick(rng, alphabet) for _ in range(rng.randint(lo, hi)))


def wire(s):
    """What a str becomes after a JSON round trip (adjacent surrogates join)."""
    return _json.loads(_json.dumps(s))


def post(path, args, compare=None, volatile=None):
    c = {'path': path, 'args': args}
    if compare:
        c['compare'] = compare
    if volatile:
        c['volatile'] = volatile
    return c


def raw(path, body, compare=None):
    c = {'path': path, 'body': body}
    if compare:
        c['compare'] = compare
    return c


def get(path, query):
    return {'path': path, 'method': 'GET', 'query': query}
