"""np.dot, np.matmul and `@` for 1-D and 2-D arrays: BLAS gemm/gemv for float and complex
matrices (scipy's, as numba; see numjit/intrinsics/cfunc.py), plain loops otherwise.

The result dtype is NumPy's (`np.result_type` of the operands: int32·int32 gives int32,
wrapping on overflow; bool·bool gives bool, "any a[i] and b[i]"), and the products are
summed in that dtype.

    >>> from numjit.types import float64, int32
    >>> dot(float64[:, :], int32[::1]).__name__, dot(int32[:, :], int32[::1]).__name__
    ('gemv_2x1', 'dot_2x1')

Shapes that don't line up raise ValueError, like NumPy. np.dot with a number on either side
multiplies, as NumPy does.
"""
import functools
import operator

import numpy as np

from ..types import Boolean
from ..typing.registry import overload
from ..intrinsics.cfunc import fortran_call
from ..runtime.cfuncs import routine_address
from .guards import array_of, is_number, scalar_class, result_dtype, specialized
from .numpy_linalg_lapack import PREFIX

DOT_MESSAGE = "shapes not aligned: the last axis of a must match the first axis of b (np.dot)"
MATMUL_MESSAGE = "matmul: Input operand 1 has a mismatch in its core dimension 0"


def _identity(x):
    return x


@specialized
def _dot_impl(nd_a, nd_b, cls, acc_cls, message):
    def to_result(acc):
        return acc.astype(cls)
    finish = _identity if acc_cls is cls else to_result

    def dot_1x1(a, b):
        n = len(a)
        if len(b) != n:
            raise ValueError(message)
        s = acc_cls(0)
        for i in range(n):
            s = acc_cls(s + acc_cls(a[i]) * acc_cls(b[i]))
        return cls(s)

    def dot_2x1(a, b):
        m, n = a.shape
        if len(b) != n:
            raise ValueError(message)
        out = np.empty(m, cls)
        for i in range(m):
            s = acc_cls(0)
            for k in range(n):
                s = acc_cls(s + acc_cls(a[i, k]) * acc_cls(b[k]))
            out[i] = s
        return out

    def dot_1x2(a, b):
        n, p = b.shape
        if len(a) != n:
            raise ValueError(message)
        acc = np.zeros(p, acc_cls)
        for k in range(n):
            x = acc_cls(a[k])
            for j in range(p):
                acc[j] = acc_cls(acc[j] + x * acc_cls(b[k, j]))
        return finish(acc)

    def dot_2x2(a, b):
        m, n = a.shape
        n2, p = b.shape
        if n2 != n:
            raise ValueError(message)
        acc = np.zeros((m, p), acc_cls)
        for i in range(m):
            row = acc[i]
            for k in range(n):
                x = acc_cls(a[i, k])
                for j in range(p):
                    row[j] = acc_cls(row[j] + x * acc_cls(b[k, j]))
        return finish(acc)

    return {(1, 1): dot_1x1, (2, 1): dot_2x1, (1, 2): dot_1x2, (2, 2): dot_2x2}[nd_a, nd_b]


@specialized
def _blas_impl(nd_a, nd_b, cls, message, convert_a, convert_b):
    gemm, gemv = PREFIX[cls] + "gemm", PREFIX[cls] + "gemv"
    one, zero = cls(1), cls(0)

    def converted(a):
        return np.ascontiguousarray(a.astype(cls))

    def contiguous(a):
        return np.ascontiguousarray(a)
    operand_a = converted if convert_a else contiguous
    operand_b = converted if convert_b else contiguous

    def gemm_2x2(a, b):
        m, n = a.shape
        n2, p = b.shape
        if n2 != n:
            raise ValueError(message)
        out = np.zeros((m, p), cls)
        if m and n and p:                   # column-major, out^T = b^T a^T
            fortran_call("blas", gemm, "N", "N", np.int32(p), np.int32(m), np.int32(n), one, operand_b(b),
                         np.int32(p), operand_a(a), np.int32(n), zero, out, np.int32(p))
        return out

    def gemv_2x1(a, b):
        m, n = a.shape
        if len(b) != n:
            raise ValueError(message)
        out = np.zeros(m, cls)
        if m and n:
            fortran_call("blas", gemv, "T", np.int32(n), np.int32(m), one, operand_a(a), np.int32(n),
                         operand_b(b), np.int32(1), zero, out, np.int32(1))
        return out

    def gemv_1x2(a, b):
        n, p = b.shape
        if len(a) != n:
            raise ValueError(message)
        out = np.zeros(p, cls)
        if n and p:
            fortran_call("blas", gemv, "N", np.int32(p), np.int32(n), one, operand_b(b), np.int32(p),
                         operand_a(a), np.int32(1), zero, out, np.int32(1))
        return out

    return {(2, 2): gemm_2x2, (2, 1): gemv_2x1, (1, 2): gemv_1x2}[nd_a, nd_b]


@functools.lru_cache(maxsize=None)
def _have_blas():
    try:
        routine_address("blas", "dgemm")
        return True
    except ImportError:
        return False


@specialized
def _scalar_dot_impl(cls):
    def dot_scalar(a, b):               # NumPy multiplies when either side is a number
        return cls(cls(a) * cls(b))        # bool * bool is an int to Python

    def dot_scalar_array(a, b):
        return cls(a) * b

    def dot_array_scalar(a, b):
        return a * cls(b)
    return dot_scalar, dot_scalar_array, dot_array_scalar


def _scalar_dot(a, b):
    """np.dot with a number on either side (a number is a 0-d array to NumPy: a strong dtype)."""
    x, y = (t if is_number(t) else array_of(t) for t in (a, b))
    if x is None or y is None:
        return None
    elt = result_dtype(*(t if is_number(t) else t.dtype for t in (x, y)))
    if elt is None:
        return None
    scalar, scalar_array, array_scalar = _scalar_dot_impl(scalar_class(elt))
    return scalar if is_number(a) and is_number(b) else scalar_array if is_number(a) else array_scalar


def _typer(message):
    def typer(a, b):
        x, y = array_of(a), array_of(b)
        if x is None or y is None or x.ndim not in (1, 2) or y.ndim not in (1, 2):
            return None
        elt = result_dtype(x.dtype, y.dtype)
        if elt is None:
            return None
        if scalar_class(elt) in PREFIX and (x.ndim, y.ndim) != (1, 1) and _have_blas():
            return _blas_impl(x.ndim, y.ndim, scalar_class(elt), message, x.dtype != elt, y.dtype != elt)
        acc = np.int64 if isinstance(elt, Boolean) else scalar_class(elt)    # bool: count, then test
        return _dot_impl(x.ndim, y.ndim, scalar_class(elt), acc, message)
    return typer


_array_dot = _typer(DOT_MESSAGE)


def _item(x):
    return x[()]


def _same(x):
    return x


@specialized
def _zero_d_dot_impl(item_a, item_b):
    def dot_zero_d(a, b):               # a 0-d array is its item to np.dot (NumPy multiplies)
        return np.dot(item_a(a), item_b(b))
    return dot_zero_d


def dot(a, b):
    zero_d = [getattr(array_of(t), "ndim", None) == 0 for t in (a, b)]
    if any(zero_d):
        return _zero_d_dot_impl(*(_item if z else _same for z in zero_d))
    return _scalar_dot(a, b) if is_number(a) or is_number(b) else _array_dot(a, b)


overload(np.dot, "array.dot")(dot)
overload(operator.matmul, np.matmul)(_typer(MATMUL_MESSAGE))
