"""np.roots (eigenvalues of the companion matrix, as NumPy computes them) and np.polyval (Horner's
rule in NumPy's result dtype), written as plain Python.

Real coefficients give real roots, as numba does; complex roots of a real polynomial raise
ValueError (NumPy's result dtype depends on the values: pass complex coefficients for them).

    >>> from numjit.types import float64, int64
    >>> roots(int64[:]).__name__, polyval(float64[:], float64[:, :]).__name__
    ('roots_impl', 'polyval_array')
"""
import numpy as np

from ..errors import TypingError
from ..types import Boolean, Complex, Float, Number
from ..typing.registry import overload
from .guards import array_of, result_dtype, scalar_class, specialized
from ..types.scalars import float64


@specialized
def _roots_impl(cls):
    def roots_impl(p):
        first, last = -1, -1
        for i in range(len(p)):
            if p[i] != 0:
                last = i
                if first < 0:
                    first = i
        if first < 0:
            return np.zeros(0, cls)
        n = last - first                          # the degree, without leading / trailing zeros
        out = np.zeros(n + len(p) - last - 1, cls)
        if n > 0:
            companion = np.zeros((n, n), cls)
            for i in range(1, n):
                companion[i, i - 1] = 1
            for j in range(n):
                companion[0, j] = -cls(p[first + 1 + j]) / cls(p[first])
            out[:n] = np.linalg.eigvals(companion)
        return out
    return roots_impl


@overload(np.roots)
def roots(p):
    arr = array_of(p)
    if arr is None or isinstance(arr.dtype, Boolean):
        return None
    if arr.ndim != 1:
        raise TypingError("np.roots(): Input must be a rank-1 array.")
    dtype = arr.dtype if isinstance(arr.dtype, (Float, Complex)) else float64
    return _roots_impl(scalar_class(dtype))


@specialized
def _polyval_impl(cls, array):
    def horner(p, x):
        y = cls(0)
        for j in range(len(p)):
            y = cls(y * x + cls(p[j]))
        return y

    def polyval_scalar(p, x):
        return horner(p, cls(x))

    def polyval_array(p, x):
        xs = np.ravel(x)
        out = np.empty(xs.size, cls)
        for i in range(xs.size):
            out[i] = horner(p, cls(xs[i]))
        return out.reshape(x.shape)
    return polyval_array if array else polyval_scalar


@overload(np.polyval)
def polyval(p, x):
    arr, xs = array_of(p), array_of(x)
    if arr is None or arr.ndim != 1 or not (xs is not None or isinstance(x, Number)):
        return None
    dtype = result_dtype(arr.dtype, xs.dtype if xs is not None else x)
    return None if dtype is None else _polyval_impl(scalar_class(dtype), xs is not None)
