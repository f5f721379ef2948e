"""The reference model of pystd's API (see common.py for how it works and how a
module registers its ops and cases).  One file per API module group; gen.py
imports them all (names(), load())."""
import importlib
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def names():
    """The model modules, sorted: every .py here but common.py and the files
    whose name starts with '_' (helpers of a module, e.g. _re_gen.py)."""
    return sorted(f[:-3] for f in os.listdir(HERE)
                  if f.endswith('.py') and not f.startswith('_') and f != 'common.py')


def load(name):
    """Import model module `name` (registering its ops) and return it."""
    return importlib.import_module(f"{__name__}.{name}")
