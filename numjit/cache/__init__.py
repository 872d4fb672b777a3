"""`cache=True`: compiled specialisations saved to disk and loaded by later processes.

    @njit(cache=True)
    def f(x): ...

The first process compiles and writes `__numjit_cache__/f.<key>.{o,json}` beside the source
file; later processes load the object code instead of compiling (milliseconds instead of
hundreds). The key covers the function's code, every global and function it reads (so editing
a constant or a callee recompiles), its argument types and flags, numjit's own sources, llvmlite,
Python, NumPy and the CPU. `STATS` counts hits, misses and stores in this process.

    >>> from numjit.cache import STATS
    >>> sorted(STATS)
    ['hits', 'misses', 'stores']

The store (and hashlib, json, tempfile) is imported on first use, not by every first compile.
"""
__all__ = ["STATS", "CacheEntry", "entry_for"]


def __getattr__(name):
    if name in __all__:
        from . import store
        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
