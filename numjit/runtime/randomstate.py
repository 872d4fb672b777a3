"""Per-thread random state for compiled code: one pthread key whose value, per OS thread, is a
block holding two MT19937 streams: NumPy's legacy RandomState (numjit/lib/numpy_random.py) and
Python's `random` module (numjit/lib/pyrandom.py).

Compiled code finds its thread's block through the symbol ``numjit_random_key`` (the key, an
``unsigned int``), so cached object code needs only `register()` to have run before it loads.
The key's destructor is libc ``free``: a thread's block dies with the thread.

    >>> register() == register()           # one key per process
    True
    >>> BLOCK_BYTES, WORDS_OFFSET, INTS_OFFSET, GAUSS_OFFSET, PY_OFFSET
    (5120, 0, 2496, 2528, 2560)

Layout of a block (allocated zeroed on a thread's first draw):

    uint32 key[624]    the MT19937 state
    int64  ints[4]     pos (-1: not seeded yet), has_gauss, entropy seed, spare
    double gauss[1]    the cached second normal of the polar method
    (padding to 2560, then the same three fields again for Python's `random`, at PY_OFFSET)
"""
import ctypes

from ..backend import jit

SYMBOL = "numjit_random_key"
POW_SYMBOL = "numjit_libm_pow"          # libm's pow under a name LLVM does not rewrite
LIBM = {POW_SYMBOL: "pow", "numjit_libm_log1pf": "log1pf", "numjit_libm_expf": "expf",   # symbol: libm's name
        "numjit_libm_logf": "logf", "numjit_libm_powf": "powf"}
WORDS, WORDS_OFFSET = 624, 0
INTS, INTS_OFFSET = 4, 2496
GAUSS, GAUSS_OFFSET = 1, 2528
PY_OFFSET = 2560                        # Python's `random`: words, ints, gauss at PY_OFFSET + the above
BLOCK_BYTES = 2 * PY_OFFSET

_key = None


def register():
    """Create the process's key (once) and pin its symbols; returns the key."""
    global _key
    if _key is None:
        libc = ctypes.CDLL(None)             # libc is loaded (find_library would run ldconfig: ~10 ms)
        key = ctypes.c_uint(0)
        free = ctypes.cast(libc.free, ctypes.c_void_p)
        if libc.pthread_key_create(ctypes.byref(key), free) != 0:
            raise RuntimeError("pthread_key_create failed: no per-thread random state")
        _key = key                                   # kept alive: its address is the symbol
        jit.add_symbol(SYMBOL, ctypes.addressof(_key))
        libm = ctypes.CDLL(None)
        if getattr(libm, "pow", None) is None:       # libm not in the process's global scope
            from ctypes.util import find_library
            libm = ctypes.CDLL(find_library("m"))
        for symbol, name in LIBM.items():
            jit.add_symbol(symbol, ctypes.cast(getattr(libm, name), ctypes.c_void_p).value)
    return _key.value
