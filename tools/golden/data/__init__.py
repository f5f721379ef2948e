"""The tests' expected data besides the conformance corpus: tests/golden/unit/*
(read by the check unit tests) and tests/golden/integration/* (read by the
integration tests).  One module per group of files, each with a FILES table
{path under tests/golden/: (what it holds, generator of its lines)};
tools/golden/gen_data.py writes them."""
import importlib

MODULES = ['floats_json', 'integration', 'net_requests', 'net_policy', 'ops', 'py_repr', 're_cases', 'random_vectors',
           'time_path', 'unicode_tables']


def files():
    out = {}
    for m in MODULES:
        mod = importlib.import_module(f"{__name__}.{m}")
        for name, entry in mod.FILES.items():
            if name in out:
                raise SystemExit(f"data file {name} written by two modules")
            out[name] = entry
    return out
