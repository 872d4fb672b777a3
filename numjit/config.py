"""Environment variables, read once at import: each NUMJIT_X, else numba's NUMBA_X, else a default.
Names are numba's too (`numjit.config.NUMBA_NUM_THREADS`, `THREADING_LAYER`), so code that reads
`numba.config` works.

    >>> import os; os.environ.get("NUMJIT_DEBUG", "0") in ("0", "1", "")
    True
    >>> NUMBA_NUM_THREADS >= 1 and NUMBA_DEFAULT_NUM_THREADS >= 1
    True

| variable (NUMJIT_ or NUMBA_)  | effect                                                      |
|-------------------------------|-------------------------------------------------------------|
| DISABLE_JIT=1                 | decorators return the Python function unchanged             |
| DEBUG=1 (or FULL_TRACEBACKS=1)| show compiler frames in tracebacks                          |
| BOUNDSCHECK=1                 | force bounds checking on every array index                  |
| DUMP=typed,llvm,optimized,asm | print those pipeline stages to stderr (NUMJIT_ only)        |
| OPT=0..3                      | LLVM optimisation level (default 3)                         |
| LLVM_PASS_TIMINGS=1           | time the LLVM passes: `dispatcher.get_metadata(sig)['llvm_pass_timings']` |
| CACHE_DIR=path                | where cache=True stores object code                         |
| NUM_THREADS=n                 | threads of the parallel pool, caller included (default: the CPUs this process may use: affinity mask and cgroup quota) |
| THREADING_LAYER=name          | recorded; numjit has one pool (see numjit.threads.threading_layer) |
| DISABLE_PERFORMANCE_WARNINGS=1| recorded for numba code that reads it                       |
| ENABLE_CUDASIM=1              | CUDA kernels and ufuncs run in the simulator (numjit/cuda/simulator/) |
"""
import math
import os
import sys


def _raw(name):
    """NUMJIT_<name>, else NUMBA_<name> (numba's spelling), else None; empty counts as unset."""
    for prefix in ("NUMJIT_", "NUMBA_"):
        value = os.environ.get(prefix + name, "").strip()
        if value:
            return value
    return None


def _flag(name, default=False):
    value = _raw(name)
    if value is None:
        return default
    return value not in ("0", "false", "False", "no")


def _int(name, default=None):
    """An integer variable, or `default` when unset; a non-integer is an error naming it."""
    value = _raw(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"NUMJIT_{name} / NUMBA_{name} = {value!r} is not an integer") from None


def _cgroup_cpus():
    """The CPU quota of this process's cgroup (v2 cpu.max, else v1 cfs quota), rounded up; None if none."""
    try:
        quota, period = _read("/sys/fs/cgroup/cpu.max").split()[:2]
        if quota != "max":
            return math.ceil(int(quota) / int(period))
        return None
    except (OSError, ValueError):
        pass
    try:
        quota = int(_read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"))
        period = int(_read("/sys/fs/cgroup/cpu/cpu.cfs_period_us"))
        return math.ceil(quota / period) if quota > 0 and period > 0 else None
    except (OSError, ValueError):
        return None


def _read(path):
    with open(path) as f:                  # closed at once (no ResourceWarning under -W error)
        return f.read()


def available_cpus():
    """CPUs this process may run on: its affinity mask, capped by its cgroup's CPU quota."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    quota = _cgroup_cpus()
    return max(1, min(count, quota) if quota else count)


DISABLE_JIT = _flag("DISABLE_JIT")
DEBUG = FULL_TRACEBACKS = _flag("DEBUG") or _flag("FULL_TRACEBACKS")
BOUNDSCHECK = _flag("BOUNDSCHECK")
DUMP = frozenset(s.strip() for s in os.environ.get("NUMJIT_DUMP", "").split(",") if s.strip())
OPT = _int("OPT", 3)
LLVM_PASS_TIMINGS = _flag("LLVM_PASS_TIMINGS")   # dispatcher.get_metadata(sig)['llvm_pass_timings']
CACHE_DIR = _raw("CACHE_DIR")


def cache_root():
    """Where numjit keeps what it computes once per machine (runtime object code, registry tables)."""
    return CACHE_DIR or os.path.join(os.path.expanduser("~"), ".cache", "numjit")


NUM_THREADS = _int("NUM_THREADS")   # None: available_cpus(); range checked by runtime/threadpool.py
NUMBA_DEFAULT_NUM_THREADS = available_cpus()
NUMBA_NUM_THREADS = NUM_THREADS if NUM_THREADS is not None else NUMBA_DEFAULT_NUM_THREADS
THREADING_LAYER = _raw("THREADING_LAYER") or "default"
THREADING_LAYER_PRIORITY = (_raw("THREADING_LAYER_PRIORITY") or "tbb omp workqueue").split()
DISABLE_PERFORMANCE_WARNINGS = _flag("DISABLE_PERFORMANCE_WARNINGS")
DEVELOPER_MODE = _flag("DEVELOPER_MODE")
SHOW_HELP = _flag("SHOW_HELP")
DEBUGINFO_DEFAULT = _flag("DEBUGINFO")
ENABLE_CUDASIM = _flag("ENABLE_CUDASIM")
DISABLE_CUDA = _flag("DISABLE_CUDA")
PARALLEL_DIAGNOSTICS = _int("PARALLEL_DIAGNOSTICS", 0)
SIMULATE = ENABLE_CUDASIM                  # numjit/cuda/simulator/

# the platform, under numba's names (code written for numba branches on them)
IS_WIN32 = sys.platform.startswith("win32")
IS_OSX = sys.platform.startswith("darwin")
MACHINE_BITS = tuple.__itemsize__ * 8
IS_32BITS = MACHINE_BITS == 32
