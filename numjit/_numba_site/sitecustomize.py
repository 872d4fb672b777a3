"""Installed on PYTHONPATH by `python -m numjit.run` so that the program's child processes
(pytest-xdist workers, multiprocessing spawns) also see numjit as numba; then the
sitecustomize this one shadows, if any, runs as usual.
"""
import importlib
import os
import sys


def _install():
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        import numjit
        numjit.install_as_numba()
    except ImportError:
        pass
    saved = list(sys.path)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    own = sys.modules.pop("sitecustomize", None)
    try:
        importlib.import_module("sitecustomize")
    except ImportError:
        pass
    finally:
        sys.path[:] = saved
        if own is not None and "sitecustomize" not in sys.modules:
            sys.modules["sitecustomize"] = own


_install()
