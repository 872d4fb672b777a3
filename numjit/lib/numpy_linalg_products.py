"""np.linalg.norm (vector and matrix orders, `axis=`), np.linalg.matrix_power, and the products
np.trace, np.vdot, np.inner, np.outer, np.kron, np.cross, as plain loops.

Norms are real (float64 for integer input, float32 for float32/complex64), as NumPy's:

    >>> from numjit.types import float32, int64, Const
    >>> norm(float32[:, :], Const("fro")).__name__, norm(int64[:]).__name__
    ('matrix_named', 'whole_norm')

Orders given as numbers are read at run time (a bad one raises NumPy's ValueError);
`keepdims=` takes a True/False literal.
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_last, lane, lane_count, tuple_setitem
from ..types import Complex, Const, Number, Tuple, Boolean
from ..types.scalars import accumulator, is_intlike
from ..typing.registry import overload
from .guards import array_of, is_none, scalar_class, result_dtype, specialized
from .numpy_linalg_lapack import REAL, check_square, identity, lapack_class, literal_flag

INF = np.inf


# -- norm --------------------------------------------------------------------------------------

def vector_norm(x, ord, real):
    """The ord-norm of 1-D x, in dtype real."""
    if ord == INF or ord == -INF:
        best = real(INF) if ord == -INF else real(0)
        for v in x:
            size = real(abs(v))
            if (ord == INF and size > best) or (ord == -INF and size < best) or size != size:
                best = size
        return best
    total = real(0)
    if ord == 0:
        for v in x:
            if v != 0:
                total += real(1)
        return total
    if ord == 1:
        for v in x:
            total += real(abs(v))
        return total
    if ord == 2:
        for v in x:
            size = real(abs(v))
            total += size * size
        return np.sqrt(total)
    for v in x:
        total += real(real(abs(v)) ** ord)
    return real(total ** (1 / ord))


def matrix_norm(x, ord, real):
    """The ord-norm of 2-D x for a numeric ord (1, -1, 2, -2, inf, -inf)."""
    m, n = x.shape
    if ord == 2 or ord == -2:
        s = np.linalg.svdvals(x)
        return real(s[0] if ord == 2 else s[-1])
    if ord == 1 or ord == -1:
        lines, length, by_row = n, m, False
    elif ord == INF or ord == -INF:
        lines, length, by_row = m, n, True
    else:
        raise ValueError("Invalid norm order for matrices.")
    best = real(0)
    for i in range(lines):
        total = real(0)
        for j in range(length):
            total += real(abs(x[i, j] if by_row else x[j, i]))
        if i == 0 or (ord > 0 and total > best) or (ord < 0 and total < best):
            best = total
    return best


@specialized
def _norm_impl(real, kind):
    def whole_norm(x, ord=None, axis=None, keepdims=False):
        total = real(0)
        for v in np.ravel(x):
            size = real(abs(v))
            total += size * size
        return np.sqrt(total)

    def vector_default(x, ord=None, axis=None, keepdims=False):
        return vector_norm(x, 2, real)

    def vector_given(x, ord=None, axis=None, keepdims=False):
        return vector_norm(x, ord, real)

    def matrix(x, ord=None, axis=None, keepdims=False):
        return matrix_norm(x, ord, real)

    def matrix_named(x, ord=None, axis=None, keepdims=False):
        if ord == "nuc":
            return real(np.sum(np.linalg.svdvals(x)))
        return whole_norm(x)

    def along_axis(x, ord=None, axis=None, keepdims=False):
        v = axis_last(x, axis)
        count = lane_count(v)
        out = np.empty(count, real)
        for k in range(count):
            out[k] = vector_norm(lane(v, k), ord, real)
        return out.reshape(v.shape[:-1])

    def along_axis_default(x, ord=None, axis=None, keepdims=False):
        return along_axis(x, 2, axis)

    def matrix_axes(x, ord=None, axis=None, keepdims=False):
        first, second = axis
        if first < 0:
            first += 2
        if second < 0:
            second += 2
        if first == second or not (0 <= first < 2 and 0 <= second < 2):
            raise ValueError("Duplicate axes given.")
        if first == 1:
            return matrix_norm(x.T, ord, real)
        return matrix_norm(x, ord, real)

    def matrix_axes_named(x, ord=None, axis=None, keepdims=False):
        return matrix_named(x, ord)

    return {"whole": whole_norm, "vector": vector_given, "vector2": vector_default, "matrix": matrix, "named": matrix_named,
            "axis": along_axis, "axis2": along_axis_default, "axes": matrix_axes,
            "axes_named": matrix_axes_named}[kind]


def _norm_kind(x, ord, axis):
    named = isinstance(ord, Const) and ord.value in ("fro", "nuc")
    number = isinstance(ord, Number) and not isinstance(ord, (Complex, Boolean))
    if isinstance(ord, Const) and not named:
        raise TypingError(f"Invalid norm order {ord.value!r} for matrices.")
    if not (is_none(ord) or named or number):
        return None
    if is_none(axis):
        if is_none(ord):
            return "whole"
        if x.ndim == 1 and number:
            return "vector"
        if x.ndim == 2:
            return "named" if named else "matrix"
        raise TypingError("Improper number of dimensions to norm.")
    if is_intlike(axis):
        if named:
            raise TypingError(f"Invalid norm order '{ord.value}' for vectors")
        if x.ndim == 1:
            return "vector2" if is_none(ord) else "vector"
        return "axis2" if is_none(ord) else "axis"
    if isinstance(axis, Tuple) and len(axis.items) == 2 and all(is_intlike(t) for t in axis.items):
        if x.ndim != 2:
            raise TypingError("np.linalg.norm with a 2-tuple axis is supported for 2-d arrays only")
        if is_none(ord):
            return "axes_named"
        return "axes_named" if named else "axes"
    return None


@specialized
def _norm_keepdims(real, kind, ndim):
    """The norm with keepdims=True: the reduced axes kept with length one."""
    reduce = _norm_impl(real, kind)
    ones = (1,) * ndim

    def keep_axis(x, ord=None, axis=None, keepdims=False):
        ax = axis + ndim if axis < 0 else axis
        return reduce(x, ord, axis).reshape(tuple_setitem(x.shape, ax, 1))

    def keep_all(x, ord=None, axis=None, keepdims=False):
        return np.full(ones, reduce(x, ord, axis), real)
    return keep_axis if kind in ("axis", "axis2") else keep_all


@overload(np.linalg.norm)
def norm(x, ord=None, axis=None, keepdims=None):
    arr = array_of(x)
    if arr is None:
        return None
    elt = arr.dtype
    real = np.float64 if is_intlike(elt) else REAL.get(scalar_class(elt), scalar_class(elt))
    kind = _norm_kind(arr, ord, axis)
    if kind in ("named", "axes_named") and lapack_class(x) is None:
        return None
    keep = literal_flag(keepdims, False, "np.linalg.norm(): keepdims")
    if kind is None or keep is None:
        return None
    return _norm_keepdims(real, kind, arr.ndim) if keep else _norm_impl(real, kind)


# -- matrix_power ------------------------------------------------------------------------------

@specialized
def _matrix_power_impl(cls, invertible):
    def inverse(a):
        return np.ascontiguousarray(np.linalg.inv(a))

    def no_inverse(a):
        if a.shape[0] >= 0:         # always, but decided at run time: the branch keeps the array type
            raise TypeError("matrix_power: an integer matrix to a negative power is not supported in "
                            "compiled code (convert it to float first)")
        return np.ascontiguousarray(a)
    if not invertible:
        inverse = no_inverse

    def matrix_power_impl(a, n):
        check_square(a)
        result = identity(a.shape[0], cls)
        base = np.ascontiguousarray(a) if n >= 0 else inverse(a)
        k = n if n >= 0 else -n
        first = True
        while k > 0:
            if k & 1:
                result = base.copy() if first else result @ base
                first = False
            k >>= 1
            if k > 0:
                base = base @ base
        return result
    return matrix_power_impl


@overload(np.linalg.matrix_power)
def matrix_power(a, n):
    arr = array_of(a)
    if arr is None or not is_intlike(n) or isinstance(n, Boolean) or isinstance(arr.dtype, Boolean):
        return None
    if arr.ndim != 2:
        raise TypingError(f"np.linalg.matrix_power: {arr.ndim}-dimensional array given; "
                          "stacked or 1-d matrices are not supported in compiled code")
    cls = scalar_class(arr.dtype)
    return _matrix_power_impl(cls, not is_intlike(arr.dtype))


# -- trace, vdot, inner, outer, kron, cross ----------------------------------------------------

@specialized
def _trace_impl(cls):
    def trace_impl(a, offset=0):
        m, n = a.shape
        total = cls(0)
        i, j = (0, offset) if offset >= 0 else (-offset, 0)
        while i < m and j < n:
            total += cls(a[i, j])
            i += 1
            j += 1
        return total
    return trace_impl


@overload(np.trace, "array.trace")
def trace(a, offset=None):
    arr = array_of(a)
    if arr is None or not (is_none(offset) or is_intlike(offset)):
        return None
    if arr.ndim != 2:
        raise TypingError(f"np.trace of a {arr.ndim}-d array is not supported in compiled code (2-d only)")
    return _trace_impl(scalar_class(accumulator(arr.dtype)))


@specialized
def _vdot_impl(cls, conjugate):
    def vdot_impl(a, b):
        x, y = np.ravel(a), np.ravel(b)
        if x.size != y.size:
            raise ValueError("vdot: a and b must have the same number of elements")
        total = cls(0)
        for i in range(x.size):
            total += (np.conj(cls(x[i])) if conjugate else cls(x[i])) * cls(y[i])
        return total
    return vdot_impl


@overload(np.vdot)
def vdot(a, b):
    if array_of(a) is None or array_of(b) is None:
        return None
    elt = result_dtype(array_of(a).dtype, array_of(b).dtype)
    if elt is None or isinstance(elt, Boolean):
        return None
    return _vdot_impl(scalar_class(elt), isinstance(elt, Complex))


def _inner_vectors(a, b):
    return np.dot(a, b)


def _inner_matrix(a, b):
    return np.dot(a, b.T)


def _inner_row(a, b):
    return np.dot(b, a)


@overload(np.inner)
def inner(a, b):
    x, y = array_of(a), array_of(b)
    if x is None or y is None or x.ndim not in (1, 2) or y.ndim not in (1, 2):
        return None
    if y.ndim == 2:
        return _inner_matrix if x.ndim == 2 else _inner_row
    return _inner_vectors


@specialized
def _outer_impl(cls):
    def outer_impl(a, b):
        x, y = np.ravel(a), np.ravel(b)
        out = np.empty((x.size, y.size), cls)
        for i in range(x.size):
            for j in range(y.size):
                out[i, j] = cls(x[i]) * cls(y[j])
        return out
    return outer_impl


@overload(np.outer)
def outer(a, b):
    if array_of(a) is None or array_of(b) is None:
        return None
    elt = result_dtype(array_of(a).dtype, array_of(b).dtype)
    return None if elt is None or isinstance(elt, Boolean) else _outer_impl(scalar_class(elt))


def as_matrix(a):
    """A 2-D view of a 1-D or 2-D array (a row for 1-D), as NumPy's kron sees it."""
    rows = a.shape[0] if a.ndim == 2 else 1
    return a.reshape(rows, a.shape[-1])


@specialized
def _kron_impl(cls, vector):
    def kron_matrix(a, b):
        x, y = as_matrix(np.ascontiguousarray(a)), as_matrix(np.ascontiguousarray(b))
        (m, n), (p, q) = x.shape, y.shape
        out = np.empty((m * p, n * q), cls)
        for i in range(m):
            for j in range(n):
                for k in range(p):
                    for l_ in range(q):
                        out[i * p + k, j * q + l_] = cls(x[i, j]) * cls(y[k, l_])
        return out

    def kron_vector(a, b):
        return kron_matrix(a, b)[0]
    return kron_vector if vector else kron_matrix


@overload(np.kron)
def kron(a, b):
    x, y = array_of(a), array_of(b)
    if x is None or y is None or x.ndim not in (1, 2) or y.ndim not in (1, 2):
        return None
    elt = result_dtype(x.dtype, y.dtype)
    if elt is None or isinstance(elt, Boolean):
        return None
    return _kron_impl(scalar_class(elt), x.ndim == 1 and y.ndim == 1)


CROSS_MESSAGE = "incompatible dimensions for cross product\n(dimension must be 2 or 3)"


@specialized
def _cross_impl(cls, rows):
    def cross3(out, a, b):
        out[0] = cls(a[1]) * cls(b[2]) - cls(a[2]) * cls(b[1])
        out[1] = cls(a[2]) * cls(b[0]) - cls(a[0]) * cls(b[2])
        out[2] = cls(a[0]) * cls(b[1]) - cls(a[1]) * cls(b[0])

    def cross_vectors(a, b):
        if a.shape[0] != 3 or b.shape[0] != 3:
            raise ValueError(CROSS_MESSAGE)
        out = np.empty(3, cls)
        cross3(out, a, b)
        return out

    def cross_rows(a, b):
        if a.shape[1] != 3 or b.shape[1] != 3:
            raise ValueError(CROSS_MESSAGE)
        if a.shape[0] != b.shape[0]:
            raise ValueError("shape mismatch: objects cannot be broadcast to a single shape")
        out = np.empty((a.shape[0], 3), cls)
        for i in range(a.shape[0]):
            cross3(out[i], a[i], b[i])
        return out
    return cross_rows if rows else cross_vectors


@overload(np.cross)
def cross(a, b):
    x, y = array_of(a), array_of(b)
    if x is None or y is None or x.ndim != y.ndim or x.ndim not in (1, 2):
        return None
    elt = result_dtype(x.dtype, y.dtype)
    if elt is None or isinstance(elt, Boolean):
        return None
    return _cross_impl(scalar_class(elt), x.ndim == 2)
