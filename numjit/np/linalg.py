"""numba.np.linalg's `_LAPACK` helper, for libraries that reach into it (quantecon's
`_LAPACK().numba_xgesv(dtype)` inside an overload): each method returns a C function (a numjit
`cfunc`) with the signature of numba's helper of that name, calling scipy's LAPACK through
`fortran_call` (numjit/intrinsics/cfunc.py). Array arguments are passed as `a.ctypes` (the data
pointer in compiled code) and must be Fortran-ordered, as numba's helpers require.

    >>> import numpy as np
    >>> from numjit import njit, types
    >>> xgesv = _LAPACK().numba_xgesv(types.float64)
    >>> @njit
    ... def solve(a, b):
    ...     ipiv = np.empty(a.shape[0], np.int32)
    ...     return xgesv(ord("d"), a.shape[0], 1, a.ctypes, a.shape[0], ipiv.ctypes, b.ctypes, a.shape[0])
    >>> a, b = np.asfortranarray([[2.0, 1.0], [1.0, 3.0]]), np.array([3.0, 5.0])
    >>> solve(a, b), b
    (0, array([0.8, 1.4]))
"""
import functools

import numpy as np

from ..ccallback import cfunc, carray
from ..intrinsics.cfunc import fortran_call
from ..types import intc, int8, intp, voidptr

_PREFIX = {"float32": "s", "float64": "d", "complex64": "c", "complex128": "z"}


@functools.lru_cache(maxsize=None)
def _xgesv(dtype):
    routine = _PREFIX[dtype.name] + "gesv"

    @cfunc(intc(int8, intp, intp, voidptr, intp, voidptr, voidptr, intp))
    def numba_xgesv(kind, n, nrhs, a, lda, ipiv, b, ldb):
        info = np.zeros(1, np.int32)
        fortran_call("lapack", routine, np.int32(n), np.int32(nrhs), carray(a, (lda * n,), dtype),
                     np.int32(lda), carray(ipiv, (n,), np.int32), carray(b, (ldb * nrhs,), dtype),
                     np.int32(ldb), info)
        return info[0]
    return numba_xgesv


class _LAPACK:
    """numba's LAPACK helper functions by dtype (only `numba_xgesv` so far)."""

    def numba_xgesv(self, dtype):
        """int numba_xgesv(kind, n, nrhs, a, lda, ipiv, b, ldb): solve a x = b in place (b gets x,
        a its LU factors); returns LAPACK's info."""
        return _xgesv(np.dtype(dtype.dtype))
