"""The unit tests' data (tests/golden/unit/*): one module per group of files,
each with a FILES table {file name: (what it holds, generator of its lines)}.
tools/golden/gen_unit.py writes them."""
import importlib

MODULES = ['floats_json', 'netpolicy', 'pyops', 'pyrepr', 're_cases', 'random_vectors', 'time_path',
           'unicode_tables']


def files():
    out = {}
    for m in MODULES:
        mod = importlib.import_module(f"{__name__}.{m}")
        for name, entry in mod.FILES.items():
            if name in out:
                raise SystemExit(f"unit data file {name} written by two modules")
            out[name] = entry
    return out
