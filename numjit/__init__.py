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
                    float32, float64, complex64, complex128, intp, uintp, void, b1, i1, i2, i4, i8,
                    u1, u2, u4, u8, f4, f8, c8, c16, none)

from .parallel import prange
from .experimental import jitclass


def __getattr__(name):
    """vectorize and guvectorize load the ufunc machinery on first use (keeps `import numjit` fast)."""
    if name in ("vectorize", "guvectorize"):
        from . import ufunc
        return getattr(ufunc, name)
    raise AttributeError(f"module 'numjit' has no attribute {name!r}")

__version__ = "0.1.0"
__all__ = ["jit", "njit", "jitclass", "vectorize", "guvectorize", "prange", "typeof", "types", "errors", "TypingError", "UnsupportedError",
           "NumjitError", "NumjitWarning", "InternalError", "boolean", "bool_", "int8", "int16", "int32",
           "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64", "complex64",
           "complex128", "intp", "uintp", "void"]
