"""NUMJIT_* environment variables, read once at import.

    >>> import os; os.environ.get("NUMJIT_DEBUG", "0") in ("0", "1", "")
    True

| variable               | effect                                                      |
|------------------------|-------------------------------------------------------------|
| NUMJIT_DISABLE_JIT=1   | decorators return the Python function unchanged             |
| NUMJIT_DEBUG=1         | show compiler frames in tracebacks                          |
| NUMJIT_BOUNDSCHECK=1   | force bounds checking on every array index                  |
| NUMJIT_DUMP=typed,llvm,optimized,asm | print those pipeline stages to stderr         |
| NUMJIT_OPT=0..3        | LLVM optimisation level (default 3)                         |
| NUMJIT_CACHE_DIR=path  | where cache=True stores object code                         |
| NUMJIT_NUM_THREADS=n   | threads of the parallel pool, caller included (default: CPUs) |
| NUMJIT_ENABLE_CUDASIM=1 | CUDA kernels run in the simulator (also NUMBA_ENABLE_CUDASIM=1) |
"""
import os


def _flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value not in ("0", "false", "False", "no")


def _int(name):
    """An integer variable, or None when unset; a non-integer is an error naming it."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name}={value!r} is not an integer") from None


DISABLE_JIT = _flag("NUMJIT_DISABLE_JIT")
DEBUG = _flag("NUMJIT_DEBUG")
BOUNDSCHECK = _flag("NUMJIT_BOUNDSCHECK")
DUMP = frozenset(s.strip() for s in os.environ.get("NUMJIT_DUMP", "").split(",") if s.strip())
OPT = int(os.environ.get("NUMJIT_OPT", "3"))
CACHE_DIR = os.environ.get("NUMJIT_CACHE_DIR") or None
NUM_THREADS = _int("NUMJIT_NUM_THREADS")   # None: os.cpu_count(); range checked by runtime/threadpool.py
SIMULATE = _flag("NUMJIT_ENABLE_CUDASIM") or _flag("NUMBA_ENABLE_CUDASIM")   # numjit/cuda/simulator/
