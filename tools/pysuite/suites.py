"""The ten CPython 3.11 suites of issue 17: the module to load and the modules loaded with shims."""

SUITES = {
    # name: (module unittest loads, modules executed with the shims, packages whose submodules are)
    'test_re': ('test.test_re', ['test.test_re'], []),
    'test_json': ('test.test_json', [], ['test.test_json']),
    'test_urlparse': ('test.test_urlparse', ['test.test_urlparse'], []),
    'test_posixpath': ('test.test_posixpath', ['test.test_posixpath', 'test.test_genericpath'], []),
    'test_strptime': ('test.test_strptime', ['test.test_strptime'], []),
    'test_time': ('test.test_time', ['test.test_time'], []),
    'test_random': ('test.test_random', ['test.test_random'], []),
    'test_robotparser': ('test.test_robotparser', ['test.test_robotparser'], []),
    'test_codecs': ('test.test_codecs', ['test.test_codecs'], []),
    'test_functools': ('test.test_functools', ['test.test_functools'], []),
}

# Tests that assert on elapsed wall-clock time around many calls: through HTTP the time includes
# the transport of every request (test_search_anchor_at_beginning sends 10 requests of 10 MB and
# allows 0.1 s). When one of them fails, it is counted out of scope, not as a mismatch.
WALL_CLOCK = {
    'test.test_re.ReTests.test_search_anchor_at_beginning',
}

# Tests whose failing assertion is about how CPython's Python code raised (exception chaining:
# `raise ... from None` gives __suppress_context__), which no answer of an API carries. When one
# of them fails, it is counted out of scope.
CHAINING = {
    'test.test_strptime.StrptimeTests.test_strptime_exception_context',
    'test.test_time.TimeTestCase.test_strptime_exception_context',
}

# The out-of-scope groups rolled up into the features that would unlock them (first match wins;
# a test counts under the first blocker it met, so a feature unlocks at most that many tests).
FAMILIES = [
    ('bytes: {"$bytes"} arguments and results (issue 17)',
     r'^issue 17.*(bytes|quote_from_bytes|unquote_to_bytes)'),
    ('other issue-17 additions pystd lacks (re/expand, distributions, float seeds, '
     'iterdecode/iterencode/escape_*, json parse_*)', r'^issue 17'),
    ('codecs pystd lacks (utf-7, idna, punycode, ...)', r'not implemented by pystd'),
    ('wire-form limits (adjacent lone surrogates, inf/nan as strings, 4300 digits)',
     r'surrogate|Infinity|4300'),
    ('bytes or bytes-like where the API takes only str, even after issue 17',
     r'bytes argument where|loads of bytes|bytes-like'),
    ('arguments of a type or number the API cannot carry (Python raises TypeError there)',
     r'type the API cannot take|str/bytes subclass|missing or extra arguments'),
    ('codecs: incremental and stream use (getreader/getwriter/incremental codecs/open/EncodedFile)',
     r'codecs\.(getreader|getwriter|getincremental|open|EncodedFile|StreamRe)|codecs Stream'),
    ('codecs: per-codec functions, registry, non-text codecs, encodings.*',
     r'codecs|encodings|_codecs|CodecInfo'),
    ('functools beyond reduce (partial, lru_cache, singledispatch, cmp_to_key, wraps, ...)',
     r'functools\.(?!reduce)'),
    ('functools.reduce over Python callables or iterator objects', r'functools\.reduce'),
    ('os.path on the local file system, expanduser/expandvars/splitdrive',
     r'local files|posixpath\.'),
    ('random: SystemRandom, overridden or mocked generators, internals',
     r'random'),
    ('json: values without a JSON form, hooks, encoder/decoder internals',
     r'json|JSON|non-str keys|circular|non-bool'),
    ('re: Pattern/Match objects, internals, repr, flags the API refuses, callable repl',
     r're[:.]|_sre|refuses \(400\)'),
    ('time and _strptime: clocks, zones and internals not in the API', r'time|_strptime'),
    ('urllib.parse: deprecated split*/to_bytes, internals, encoding arguments',
     r'urllib|parse_qs|urlencode'),
    ('robotparser: read() of a URL, str()', r'robotparser'),
    ('tests that exercise no API (subprocesses, introspection, doctests)',
     r'no API call|subprocess|doctests|not collected'),
    ('what CPython does that no answer carries (warnings, chaining, timing)',
     r'warnings|chaining|wall-clock'),
    ('other', r''),
]
