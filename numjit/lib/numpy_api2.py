"""NumPy 2's newer names and a few sort helpers in compiled code: np.linalg.matmul / diagonal /
trace, np.vecdot / matvec / vecmat, np.cumulative_sum / cumulative_prod (`include_initial=`),
np.bitwise_count, np.lexsort, np.sort_complex.

    >>> import numpy as np
    >>> from numjit import njit
    >>> @njit
    ... def running(a):
    ...     return np.cumulative_sum(a, include_initial=True)
    >>> running(np.arange(4))
    array([0, 0, 1, 3, 6])
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import tuple_setitem
from ..types import Complex, Tuple
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, scalar_class, specialized
from .numpy_linalg_lapack import literal_flag


# -- np.linalg's array-API names ----------------------------------------------------------------------

def linalg_matmul_impl(x1, x2):
    return np.matmul(x1, x2)


def linalg_diagonal_impl(x, offset=0):
    return np.diagonal(x, offset, -2, -1)


def linalg_trace_impl(x, offset=0, dtype=None):
    return np.sum(np.diagonal(x, offset, -2, -1), axis=-1)


def _matrices(x, name):
    arr = array_of(x)
    if arr is not None and arr.ndim < 2:
        raise TypingError(f"np.linalg.{name}() takes arrays of two or more dimensions")
    return arr


@overload(np.linalg.matmul)
def linalg_matmul(x1, x2):
    return linalg_matmul_impl if array_of(x1) is not None and array_of(x2) is not None else None


@overload(np.linalg.diagonal)
def linalg_diagonal(x, offset=None):
    if _matrices(x, "diagonal") is None or not (offset is None or is_int(offset)):
        return None
    return linalg_diagonal_impl


@overload(np.linalg.trace)
def linalg_trace(x, offset=None, dtype=None):
    if _matrices(x, "trace") is None or not (offset is None or is_int(offset)) or not (dtype is None or is_none(dtype)):
        return None
    return linalg_trace_impl


# -- vecdot, matvec, vecmat ----------------------------------------------------------------------------

def vecdot_impl(x1, x2, axis=-1):
    return np.sum(np.conj(np.moveaxis(x1, axis, -1)) * np.moveaxis(x2, axis, -1), axis=-1)


def matvec_impl(x1, x2):
    return np.matmul(x1, np.expand_dims(x2, -1))[..., 0]


def vecmat_impl(x1, x2):
    return np.matmul(np.expand_dims(np.conj(x1), -2), x2)[..., 0, :]


def _operands(x1, x2):
    a, b = array_of(x1), array_of(x2)
    return None if a is None or b is None else (a, b)


@overload(np.vecdot)
def vecdot(x1, x2, axis=None):
    ops = _operands(x1, x2)
    if ops is None or not (axis is None or is_int(axis)):
        return None
    return vecdot_impl


@overload(np.matvec)
def matvec(x1, x2):
    ops = _operands(x1, x2)
    if ops is None:
        return None
    if ops[0].ndim < 2 or ops[1].ndim < 1:
        raise TypingError("np.matvec(): the first operand needs 2 dimensions, the second 1")
    return matvec_impl


@overload(np.vecmat)
def vecmat(x1, x2):
    ops = _operands(x1, x2)
    if ops is None:
        return None
    if ops[0].ndim < 1 or ops[1].ndim < 2:
        raise TypingError("np.vecmat(): the first operand needs 1 dimension, the second 2")
    return vecmat_impl


# -- cumulative_sum, cumulative_prod ---------------------------------------------------------------------

@specialized
def _cumulative_impl(product, initial, flat):
    first = 1 if product else 0

    def cumulative_impl(x, axis=None, dtype=None, out=None, include_initial=False):
        ax = 0 if flat else axis
        done = np.cumprod(x, ax) if product else np.cumsum(x, ax)
        if not initial:
            return done
        ax = ax + done.ndim if ax < 0 else ax
        start = np.full(tuple_setitem(done.shape, ax, 1), first, done.dtype)
        return np.concatenate((start, done), ax)
    return cumulative_impl


def _cumulative_typer(product):
    name = "cumulative_prod" if product else "cumulative_sum"

    def typer(x, axis=None, dtype=None, out=None, include_initial=None):
        arr = array_of(x)
        if arr is None or not (dtype is None or is_none(dtype)) or not (out is None or is_none(out)):
            return None
        initial = False if include_initial is None else literal_flag(include_initial, False, f"np.{name}(): include_initial")
        if initial is None:
            return None
        if axis is None or is_none(axis):
            if arr.ndim != 1:
                raise TypingError("For arrays which have more than one dimension ``axis`` argument is required.")
            return _cumulative_impl(product, initial, True)
        if not is_int(axis):
            return None
        return _cumulative_impl(product, initial, False)
    return typer


overload(np.cumulative_sum)(_cumulative_typer(False))
overload(np.cumulative_prod)(_cumulative_typer(True))


# -- bitwise_count -----------------------------------------------------------------------------------------

M1, M2, M4, H01 = 0x5555555555555555, 0x3333333333333333, 0x0F0F0F0F0F0F0F0F, 0x0101010101010101


def _popcount(v):
    x = np.uint64(v if v >= 0 else -v)          # NumPy counts the bits of the absolute value
    x = x - ((x >> np.uint64(1)) & np.uint64(M1))
    x = (x & np.uint64(M2)) + ((x >> np.uint64(2)) & np.uint64(M2))
    x = (x + (x >> np.uint64(4))) & np.uint64(M4)
    return np.uint8((x * np.uint64(H01)) >> np.uint64(56))


def bitwise_count_scalar(x):
    return _popcount(x)


def bitwise_count_array(x):
    flat = np.ravel(x)
    out = np.empty(flat.size, np.uint8)
    for i in range(flat.size):
        out[i] = _popcount(flat[i])
    return out.reshape(np.shape(x))


@overload(np.bitwise_count)
def bitwise_count(x):
    arr = array_of(x)
    dtype = arr.dtype if arr is not None else x
    if not is_int(dtype):
        return None
    return bitwise_count_array if arr is not None else bitwise_count_scalar


# -- lexsort, sort_complex -----------------------------------------------------------------------------

def _refine(keys, order):
    """Sort `order` stably by keys[0], then by the later keys (more significant)."""
    order = order[np.argsort(keys[0][order], kind="stable")]
    if len(keys) == 1:
        return order
    return _refine(keys[1:], order)


def lexsort_tuple(keys, axis=-1):
    return _refine(keys[1:], np.argsort(keys[0], kind="stable"))


def lexsort_one(keys, axis=-1):
    return np.argsort(keys[0], kind="stable")


def lexsort_rows(keys, axis=-1):
    order = np.argsort(keys[0], kind="stable")
    for k in range(1, keys.shape[0]):
        order = order[np.argsort(keys[k][order], kind="stable")]
    return order


@overload(np.lexsort)
def lexsort(keys, axis=None):
    if axis is not None and not (is_int(axis) and getattr(axis, "value", -1) == -1):
        return None
    if isinstance(keys, Tuple) and keys.items:
        items = [array_of(t) for t in keys.items]
        if None in items or any(t.ndim != 1 for t in items):
            raise TypingError("np.lexsort() in compiled code takes a tuple of 1-d arrays or a 2-d array")
        return lexsort_tuple if len(items) > 1 else lexsort_one
    arr = array_of(keys)
    if arr is not None and arr.ndim == 2:
        return lexsort_rows
    return None


@specialized
def _sort_complex_impl(cls):
    def sort_complex_impl(a):
        return np.sort(a).astype(cls)
    return sort_complex_impl


@overload(np.sort_complex)
def sort_complex(a):
    arr = array_of(a)
    if arr is None:
        return None
    if isinstance(arr.dtype, Complex):
        return _sort_complex_impl(scalar_class(arr.dtype))
    target = np.complex64 if arr.dtype.dtype.char in "bhBH" else np.complex128
    return _sort_complex_impl(target)
