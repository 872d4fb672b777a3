"""NumPy 2's np.linalg additions in compiled code: matrix_transpose, outer, cross, vecdot,
vector_norm, matrix_norm, multi_dot, tensordot (and np.tensordot), each in terms of what numjit
already compiles (np.swapaxes, np.outer, np.cross, np.linalg.norm, `@`, np.einsum's contraction).

`axes=` of tensordot is an int or a pair of int tuples given as constants; multi_dot takes a
tuple of arrays (2-d, the first and last may be 1-d) and multiplies left to right.

    >>> from numjit.types import float64, Const, Tuple
    >>> tensordot_labels(3, 2, 1)
    ('abc', 'ce', 'abe')
    >>> tensordot_labels(2, 2, ((0, 1), (1, 0)))
    ('ab', 'ba', '')
"""
import numpy as np

from ..errors import TypingError
from ..types import Const, Tuple, List
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, result_dtype, scalar_class, specialized
from .numpy_einsum import _einsum_impl
from .numpy_linalg_lapack import literal_flag

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def matrix_transpose_impl(x):
    return np.swapaxes(x, -1, -2)


@overload(np.linalg.matrix_transpose)
def matrix_transpose(x):
    arr = array_of(x)
    if arr is None:
        return None
    if arr.ndim < 2:
        raise TypingError("np.linalg.matrix_transpose: the array must be at least 2-dimensional")
    return matrix_transpose_impl


def outer_impl(x1, x2):
    return np.outer(x1, x2)


@overload(np.linalg.outer)
def outer(x1, x2):
    a, b = array_of(x1), array_of(x2)
    if a is None or b is None:
        return None
    if a.ndim != 1 or b.ndim != 1:
        raise TypingError("np.linalg.outer: both arrays must be 1-dimensional")
    return outer_impl


def cross_impl(x1, x2, axis=-1):
    return np.cross(x1, x2)


@overload(np.linalg.cross)
def cross(x1, x2, axis=None):
    if array_of(x1) is None or array_of(x2) is None or not is_none(axis):
        return None
    return cross_impl


def vecdot_impl(x1, x2, axis=-1):
    return np.sum(np.conj(x1) * x2, axis=axis)


def vecdot_1d(x1, x2, axis=-1):
    return np.sum(np.conj(x1) * x2)


@overload(np.linalg.vecdot)
def vecdot(x1, x2, axis=None):
    a, b = array_of(x1), array_of(x2)
    if a is None or b is None or not (is_none(axis) or is_int(axis)):
        return None
    return vecdot_1d if max(a.ndim, b.ndim) == 1 else vecdot_impl


def vector_norm_impl(x, axis=None, keepdims=False, ord=2):
    return np.linalg.norm(x.ravel(), ord)


def vector_norm_axis(x, axis=None, keepdims=False, ord=2):
    return np.linalg.norm(x, ord, axis, False)


def vector_norm_axis_kept(x, axis=None, keepdims=False, ord=2):
    return np.linalg.norm(x, ord, axis, True)


@overload(np.linalg.vector_norm)
def vector_norm(x, axis=None, keepdims=None, ord=None):
    arr = array_of(x)
    if arr is None:
        return None
    keep = literal_flag(keepdims, False, "np.linalg.vector_norm(): keepdims")
    if keep is None:
        return None
    if is_none(axis):
        if keep:
            raise TypingError("np.linalg.vector_norm: keepdims=True needs an int axis in compiled code")
        return vector_norm_impl
    if not is_int(axis):
        return None
    return vector_norm_axis_kept if keep else vector_norm_axis


def matrix_norm_impl(x, keepdims=False, ord="fro"):
    return np.linalg.norm(x, ord, (-2, -1), False)


def matrix_norm_kept(x, keepdims=False, ord="fro"):
    return np.linalg.norm(x, ord, (-2, -1), True)


def matrix_norm_default(x, keepdims=False, ord=None):
    return np.linalg.norm(x, "fro", (-2, -1), False)


def matrix_norm_default_kept(x, keepdims=False, ord=None):
    return np.linalg.norm(x, "fro", (-2, -1), True)


@overload(np.linalg.matrix_norm)
def matrix_norm(x, keepdims=None, ord=None):
    arr = array_of(x)
    if arr is None:
        return None
    if arr.ndim != 2:
        raise TypingError("np.linalg.matrix_norm is supported for 2-d arrays in compiled code")
    keep = literal_flag(keepdims, False, "np.linalg.matrix_norm(): keepdims")
    if keep is None:
        return None
    if is_none(ord):
        return matrix_norm_default_kept if keep else matrix_norm_default
    return matrix_norm_kept if keep else matrix_norm_impl


# -- multi_dot -------------------------------------------------------------------------------------

def multi_dot_2(arrays):
    return arrays[0] @ arrays[1]


def multi_dot_3(arrays):
    return (arrays[0] @ arrays[1]) @ arrays[2]


def multi_dot_4(arrays):
    return ((arrays[0] @ arrays[1]) @ arrays[2]) @ arrays[3]


def _chain_order(arrays):
    """NumPy's _multi_dot_matrix_chain_order: split[i, j] is where the cheapest product of
    arrays[i..j] splits (ties: the first, as NumPy)."""
    n = len(arrays)
    p = np.empty(n + 1, np.int64)
    p[0] = arrays[0].shape[0]
    for i in range(n):
        p[i + 1] = arrays[i].shape[1]
    cost = np.zeros((n, n))
    split = np.zeros((n, n), np.int64)
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i, j] = np.inf
            for k in range(i, j):
                q = cost[i, k] + cost[k + 1, j] + float(p[i] * p[k + 1] * p[j + 1])
                if q < cost[i, j]:
                    cost[i, j] = q
                    split[i, j] = k
    return split


def _chain_product(arrays, split, i, j):
    if i == j:
        return np.ascontiguousarray(arrays[i])
    k = split[i, j]
    return _chain_product(arrays, split, i, k) @ _chain_product(arrays, split, k + 1, j)


def multi_dot_list(arrays):
    n = len(arrays)
    if n < 2:
        raise ValueError("Expecting at least two arrays.")
    for i in range(1, n):
        (a, b), (c, d) = arrays[i - 1].shape, arrays[i].shape
        if b != c:
            raise ValueError(f"shapes ({a},{b}) and ({c},{d}) not aligned: {b} (dim 1) != {c} (dim 0)")
    if n == 2:
        return arrays[0] @ arrays[1]
    if n == 3:                       # NumPy's _multi_dot_three: the cheaper of (AB)C and A(BC)
        a0, a1b0 = arrays[0].shape
        b1c0, c1 = arrays[2].shape
        if a0 * b1c0 * (a1b0 + c1) < a1b0 * c1 * (a0 + b1c0):
            return (arrays[0] @ arrays[1]) @ arrays[2]
        return arrays[0] @ (arrays[1] @ arrays[2])
    return _chain_product(arrays, _chain_order(arrays), 0, n - 1)


@overload(np.linalg.multi_dot)
def multi_dot(arrays):
    if isinstance(arrays, List):
        item = array_of(arrays.dtype)
        if item is None or item.ndim != 2:
            raise TypingError("np.linalg.multi_dot of a list takes 2-d arrays in compiled code "
                              "(a tuple may start and end with 1-d arrays)")
        return multi_dot_list
    items = [array_of(t) for t in arrays.items] if isinstance(arrays, Tuple) else None
    if items is None or None in items:
        return None
    if not 2 <= len(items) <= 4:
        raise TypingError("np.linalg.multi_dot in compiled code takes a list of 2-d arrays or a tuple of 2 to 4 arrays")
    if any(x.ndim != 2 for x in items[1:-1]) or items[0].ndim > 2 or items[-1].ndim > 2:
        raise TypingError("np.linalg.multi_dot: the inner arrays must be 2-dimensional")
    return {2: multi_dot_2, 3: multi_dot_3, 4: multi_dot_4}[len(items)]


# -- tensordot -------------------------------------------------------------------------------------

def tensordot_labels(ndim_a, ndim_b, axes):
    """(labels of a, labels of b, labels of the result) of tensordot(a, b, axes)."""
    if isinstance(axes, int):
        if axes < 0 or axes > min(ndim_a, ndim_b):
            raise TypingError(f"np.tensordot: axes={axes} does not fit arrays of {ndim_a} and {ndim_b} dimensions")
        axes = (tuple(range(ndim_a - axes, ndim_a)), tuple(range(axes)))
    first, second = ([x] if isinstance(x, int) else list(x) for x in axes)
    first = [x + ndim_a if x < 0 else x for x in first]
    second = [x + ndim_b if x < 0 else x for x in second]
    if len(first) != len(second) or len(set(first)) != len(first) or len(set(second)) != len(second) \
            or not all(0 <= x < ndim_a for x in first) or not all(0 <= x < ndim_b for x in second):
        raise TypingError(f"np.tensordot: bad axes {axes} for arrays of {ndim_a} and {ndim_b} dimensions")
    labels_a = list(LETTERS[:ndim_a])
    labels_b = list(LETTERS[ndim_a:ndim_a + ndim_b])
    for i, j in zip(first, second):
        labels_b[j] = labels_a[i]
    out = [c for i, c in enumerate(labels_a) if i not in first] + [c for j, c in enumerate(labels_b) if j not in second]
    return "".join(labels_a), "".join(labels_b), "".join(out)


def _axes_value(t):
    """The constant value of tensordot's axes= type (None: not a constant yet)."""
    if is_none(t):
        return 2
    if isinstance(t, Const) and isinstance(t.value, (int, tuple)):
        return t.value
    return None


@specialized
def _tensordot_impl(labels, cls):
    la, lb, out = labels
    contract = _einsum_impl((la, lb), out, cls)

    def tensordot_impl(a, b, axes=2):
        return contract("", a, b)
    return tensordot_impl


@overload(np.tensordot, np.linalg.tensordot)
def tensordot(a, b, axes=None):
    x, y = array_of(a), array_of(b)
    if x is None or y is None:
        return None
    value = _axes_value(axes)
    if value is None:
        return None                                   # retried with the literal, if any
    dtype = result_dtype(x.dtype, y.dtype)
    if dtype is None or x.ndim == 0 or y.ndim == 0:
        return None
    return _tensordot_impl(tensordot_labels(x.ndim, y.ndim, value), scalar_class(dtype))
