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
