"""`cache=True`: compiled specialisations saved to disk and loaded by later processes.

    @njit(cache=True)
    def f(x): ...

The first process compiles and writes `__numjit_cache__/f.<key>.{o,json}` beside the source
file; later processes load the object code instead of compiling (milliseconds instead of
hundreds). The key covers the function's code, every global and function it reads (so editing
a constant or a callee recompiles), its argument types and flags, numjit's own sources, llvmlite,
Python, NumPy and the CPU. `STATS` counts hits, misses and stores in this process.

    >>> sorted(STATS)
    ['hits', 'misses', 'stores']
"""
from .store import STATS, CacheEntry, entry_for

__all__ = ["STATS", "CacheEntry", "entry_for"]
