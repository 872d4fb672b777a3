"""numjit: a just-in-time compiler for numeric Python that speaks numba's language.

    >>> from numjit import njit
    >>> @njit
    ... def dot(a, b):
    ...     s = 0.0
    ...     for i in range(len(a)):
    ...         s += a[i] * b[i]
    ...     return s
    >>> import numpy as np
    >>> dot(np.arange(3.0), np.arange(3.0))
    5.0
"""
from . import types, errors, config
from .decorators import jit, njit
from .errors import TypingError, UnsupportedError, NumjitError, NumjitWarning, InternalError
from .types.typeof import typeof_checked as typeof
from .types import (boolean, bool_, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
                    float16, float32, float64, complex64, complex128, intp, uintp, void, b1, i1, i2, i4, i8,
                    u1, u2, u4, u8, f4, f8, c8, c16, none)

from .parallel import prange
from .experimental import jitclass


# loaded on first use (keeps `import numjit` fast): name -> the module that defines it
_LAZY = {"vectorize": "ufunc", "guvectorize": "ufunc", "jit_module": "decorators",
         "get_num_threads": "threads", "set_num_threads": "threads", "get_thread_id": "threads",
         "threading_layer": "threads", "set_parallel_chunksize": "threads",
         "get_parallel_chunksize": "threads", "parallel_chunksize": "threads", "from_dtype": "np.numpy_support",
         "literally": "misc.special", "literal_unroll": "misc.special",
         "install_as_numba": "run", "cfunc": "ccallback", "carray": "ccallback", "farray": "ccallback",
         "objmode": "misc.special", "stencil": "stencils", "pndindex": "parallel"}
_SUBMODULES = ("core", "extending", "np", "misc", "threads", "run", "typed", "cuda")


def __getattr__(name):
    """numba's top-level names: lazy functions, submodules, and every type name
    of numjit.types (numjit.intc, numjit.optional)."""
    import importlib
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in types.__all__ and not isinstance(getattr(types, name), type(types)):
        return getattr(types, name)
    raise AttributeError(f"module 'numjit' has no attribute {name!r}")

__version__ = "0.1.0"
__all__ = ["jit", "njit", "jitclass", "vectorize", "guvectorize", "prange", "typeof", "types", "errors", "TypingError", "UnsupportedError",
           "NumjitError", "NumjitWarning", "InternalError", "boolean", "bool_", "int8", "int16", "int32",
           "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64", "complex64",
           "complex128", "intp", "uintp", "void"]
