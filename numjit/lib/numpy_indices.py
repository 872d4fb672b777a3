"""Index arithmetic and masked writes written as plain Python: a.item() / a.item(i) / a.item(i, j, ...),
np.unravel_index (of an int; of an int array, shapes of 1-3 dimensions) and np.ravel_multi_index
(of ints; of int arrays of one type and shape), np.take_along_axis (axis=None too),
np.put_along_axis, np.diag_indices / np.diag_indices_from, np.indices (dtype=), np.fromfunction, np.rollaxis,
np.matrix_transpose, np.place, np.putmask (values: an array). Errors are NumPy's, at run time.

    >>> from numjit.types import float64, int64, Tuple
    >>> unravel_index(int64, Tuple((int64, int64))).__name__, item(float64[:, :], int64).__name__
    ('unravel_one', 'item_flat')
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import tuple_setitem
from ..types import Array, Boolean, Number, Tuple
from ..typing.registry import overload
from ..types.scalars import NoneType
from ..intrinsics.creation import dtype_from_const
from .guards import array_of, is_int, is_none, scalar_class, specialized
from .numpy_joining import _normalize_axis
from .numpy_manip import moveaxis_impl, swapaxes_impl


def _c_index(shape, p):
    """The C-order index tuple of flat position p (0 <= p < prod(shape))."""
    index = shape
    for d in range(len(shape) - 1, -1, -1):
        index = tuple_setitem(index, d, p % shape[d])
        p //= shape[d]
    return index


# -- item -----------------------------------------------------------------------------------------------------

def item_one(a):
    if a.size != 1:
        raise ValueError("can only convert an array of size 1 to a Python scalar")
    return a[_c_index(a.shape, 0)] if a.ndim else a[()]


def item_flat(a, i):
    n = a.size
    if i < -n or i >= n:
        raise IndexError(f"index {i} is out of bounds for size {n}")
    p = i + n if i < 0 else i
    return a[_c_index(a.shape, p)] if a.ndim else a[()]


def item_multi(a, *index):
    fixed = a.shape
    for d in range(a.ndim):
        i = index[d]
        if i < -a.shape[d] or i >= a.shape[d]:
            raise IndexError(f"index {i} is out of bounds for axis {d} with size {a.shape[d]}")
        fixed = tuple_setitem(fixed, d, i + a.shape[d] if i < 0 else i)
    return a[fixed]


def item_tuple(a, index):
    return item_multi(a, *index)


@overload("array.item", "arrayexpr.item")
def item(a, *index):
    arr = array_of(a)
    if arr is not None and len(index) == 1 and isinstance(index[0], Tuple) and len(index[0].items) > 1:
        return item_tuple if item(a, *index[0].items) is not None else None     # a.item((i, j))
    if arr is None or not all(is_int(t) for t in index):
        return None
    if not index:
        return item_one
    if len(index) == 1:
        return item_flat
    if len(index) != arr.ndim:
        raise TypingError("a.item(): incorrect number of indices for array")
    return item_multi


# -- unravel_index, ravel_multi_index --------------------------------------------------------------------------

def _unravel(shape, i):
    n = 1
    for d in shape:
        n *= d
    if i < 0 or i >= n:
        raise ValueError(f"index {i} is out of bounds for array with size {n}")
    return _c_index(shape, i)


def unravel_one(indices, shape):
    return _unravel(shape, indices)


def _unravel_rows(indices, shape):
    """The unravelled indices as rows: out[d, k] is flat index k's index along d."""
    flat = np.ravel(indices)
    out = np.empty((len(shape), flat.size), np.int64)
    for k in range(flat.size):
        where = _unravel(shape, flat[k])
        for d in range(len(shape)):
            out[d, k] = where[d]
    return out


def unravel_1(indices, shape):
    rows = _unravel_rows(indices, shape)
    return (rows[0].reshape(indices.shape),)


def unravel_2(indices, shape):
    rows = _unravel_rows(indices, shape)
    return rows[0].reshape(indices.shape), rows[1].reshape(indices.shape)


def unravel_3(indices, shape):
    rows = _unravel_rows(indices, shape)
    return rows[0].reshape(indices.shape), rows[1].reshape(indices.shape), rows[2].reshape(indices.shape)


@overload(np.unravel_index)
def unravel_index(indices, shape):
    if not (isinstance(shape, Tuple) and all(is_int(t) for t in shape.items)):
        return None
    if is_int(indices):
        return unravel_one
    arr = array_of(indices)
    if arr is None or not is_int(arr.dtype) or len(set(shape.items)) > 1:
        return None
    impl = {1: unravel_1, 2: unravel_2, 3: unravel_3}.get(len(shape.items))
    if impl is None:
        raise TypingError("np.unravel_index() of an index array is supported for shapes of 1 to 3 dimensions")
    return impl


def _ravel(multi_index, dims):
    p = 0
    for d in range(len(dims)):
        i = multi_index[d]
        if i < 0 or i >= dims[d]:
            raise ValueError("invalid entry in coordinates array")
        p = p * dims[d] + i
    return p


def ravel_one(multi_index, dims):
    return _ravel(multi_index, dims)


def ravel_arrays(multi_index, dims):
    shape = multi_index[0].shape
    out = np.zeros(multi_index[0].size, np.int64)
    for d in range(len(dims)):
        if multi_index[d].shape != shape:
            raise ValueError("shape mismatch: objects cannot be broadcast to a single shape")
        col = np.ravel(multi_index[d])
        for k in range(len(out)):
            i = col[k]
            if i < 0 or i >= dims[d]:
                raise ValueError("invalid entry in coordinates array")
            out[k] = out[k] * dims[d] + i
    return out.reshape(shape)


@overload(np.ravel_multi_index)
def ravel_multi_index(multi_index, dims):
    if not (isinstance(dims, Tuple) and all(is_int(t) for t in dims.items) and isinstance(multi_index, Tuple)):
        return None
    if len(multi_index.items) != len(dims.items):
        raise TypingError(f"np.ravel_multi_index(): parameter multi_index must be a sequence of length "
                          f"{len(dims.items)}")
    if all(is_int(t) for t in multi_index.items):
        return ravel_one
    arrays = [array_of(t) for t in multi_index.items]
    if all(a is not None and is_int(a.dtype) for a in arrays) and len(set(arrays)) == 1:
        return ravel_arrays
    return None


# -- take_along_axis ---------------------------------------------------------------------------------------------

def _along(n, j):
    if j < -n or j >= n:
        raise IndexError(f"index {j} is out of bounds for axis with size {n}")
    return j + n if j < 0 else j


def take_along_flat(arr, indices, axis):
    flat = np.ravel(arr)
    out = np.empty(indices.shape, arr.dtype)
    for k in range(len(indices)):
        out[k] = flat[_along(len(flat), indices[k])]
    return out


def _along_shape(arr, indices, ax):
    """The shape arr and indices broadcast to (indices' length along ax)."""
    shape = indices.shape
    for d in range(arr.ndim):
        n, m = arr.shape[d], indices.shape[d]
        if d != ax:
            if n != m and n != 1 and m != 1:
                raise ValueError("shape mismatch: objects cannot be broadcast to a single shape")
            shape = tuple_setitem(shape, d, m if n == 1 else n)
    return shape


def _along_index(arr, indices, ax, where):
    """arr's index for position `where` of the broadcast shape."""
    at, src = where, where
    for d in range(arr.ndim):
        if indices.shape[d] == 1:
            at = tuple_setitem(at, d, 0)
        if arr.shape[d] == 1 and d != ax:
            src = tuple_setitem(src, d, 0)
    return tuple_setitem(src, ax, _along(arr.shape[ax], indices[at]))


def take_along_axis_impl(arr, indices, axis):
    ax = _normalize_axis(axis, arr.ndim)
    out = np.empty(_along_shape(arr, indices, ax), arr.dtype)
    for p in range(out.size):
        where = _c_index(out.shape, p)
        out[where] = arr[_along_index(arr, indices, ax, where)]
    return out


def put_along_axis_impl(arr, indices, values, axis):
    ax = _normalize_axis(axis, arr.ndim)
    shape = _along_shape(arr, indices, ax)
    spread = _spread(values, shape)
    for p in range(spread.size):
        where = _c_index(shape, p)
        arr[_along_index(arr, indices, ax, where)] = spread[where]


def _spread(values, shape):
    """values broadcast to shape (a scalar too)."""


def _spread_scalar(values, shape):
    return np.full(shape, values)


def _spread_array(values, shape):
    return np.broadcast_to(values, shape)


overload(_spread)(lambda values, shape: _spread_array if array_of(values) is not None else _spread_scalar)


@overload(np.take_along_axis)
def take_along_axis(arr, indices, axis):
    a, i = array_of(arr), array_of(indices)
    if a is None or i is None or not is_int(i.dtype):
        return None
    if axis is None or isinstance(axis, NoneType):
        if i.ndim != 1:
            raise TypingError("np.take_along_axis(): when axis=None, `indices` must have a single dimension.")
        return take_along_flat
    if not is_int(axis):
        return None
    if a.ndim != i.ndim:
        raise TypingError("np.take_along_axis(): `indices` and `arr` must have the same number of dimensions")
    return take_along_axis_impl


@overload(np.put_along_axis)
def put_along_axis(arr, indices, values, axis):
    a, i = array_of(arr), array_of(indices)
    if a is None or i is None or not is_int(i.dtype) or not is_int(axis):
        return None
    if not (array_of(values) is not None or isinstance(values, Number)):
        return None
    if a.ndim != i.ndim:
        raise TypingError("np.put_along_axis(): `indices` and `arr` must have the same number of dimensions")
    return put_along_axis_impl


# -- diag_indices, indices -------------------------------------------------------------------------------------

def diag_indices_impl(n, ndim=2):
    r = np.arange(n)
    return r, r


@overload(np.diag_indices)
def diag_indices(n, ndim=None):
    return diag_indices_impl if is_int(n) and ndim is None else None


@specialized
def _diag_indices_from_impl(ndim):
    def diag_indices_from_impl(arr):
        for d in range(1, ndim):
            if arr.shape[d] != arr.shape[0]:
                raise ValueError("All dimensions of input must be of equal length")
        r = np.arange(arr.shape[0])
        return (r,) * ndim
    return diag_indices_from_impl


@overload(np.diag_indices_from)
def diag_indices_from(arr):
    a = array_of(arr)
    if a is None:
        return None
    if a.ndim < 2:
        raise TypingError("np.diag_indices_from(): input array must be at least 2-d (NumPy raises ValueError)")
    return _diag_indices_from_impl(a.ndim)


@specialized
def _indices_impl(cls):
    def indices_impl(dimensions, dtype=None):
        out = np.empty((len(dimensions),) + dimensions, cls)
        n = 1
        for d in dimensions:
            n *= d
        planes = out.reshape((len(dimensions), n))
        for p in range(n):
            index = _c_index(dimensions, p)
            for d in range(len(dimensions)):
                planes[d, p] = index[d]
        return out
    return indices_impl


def _index_class(dtype, default):
    """The scalar class of np.indices' dtype= (numbers other than bool)."""
    if dtype is None or is_none(dtype):
        return default
    elt = dtype_from_const(dtype)
    if not isinstance(elt, Number) or isinstance(elt, Boolean):
        raise TypingError(f"dtype {elt} of index arrays is not supported in compiled code")
    return scalar_class(elt)


def _int_shape(dimensions):
    return isinstance(dimensions, Tuple) and dimensions.items and all(is_int(t) for t in dimensions.items)


@overload(np.indices)
def indices(dimensions, dtype=None):
    return _indices_impl(_index_class(dtype, np.int64)) if _int_shape(dimensions) else None


@specialized
def _index_arrays(n, k=0):
    """f(grid) -> (grid[k], ..., grid[n - 1])."""
    if k == n:
        return lambda grid: ()
    rest = _index_arrays(n, k + 1)
    return lambda grid: (grid[k],) + rest(grid)


@specialized
def _fromfunction_impl(cls, ndim):
    grid_of, arrays = _indices_impl(cls), _index_arrays(ndim)

    def fromfunction_impl(function, shape, dtype=None):
        return function(*arrays(grid_of(shape)))
    return fromfunction_impl


@overload(np.fromfunction)
def fromfunction(function, shape, dtype=None):
    """np.fromfunction(function, shape, dtype=float): function(*np.indices(shape, dtype)), as NumPy."""
    from .functional import is_function
    if not (is_function(function) and _int_shape(shape)):
        return None
    return _fromfunction_impl(_index_class(dtype, np.float64), len(shape))


# -- rollaxis, matrix_transpose -----------------------------------------------------------------------------------

def rollaxis_impl(a, axis, start=0):
    n = a.ndim
    ax = _normalize_axis(axis, n)
    if not -n <= start < n + 1:
        raise np.exceptions.AxisError(f"'start' arg requires {-n} <= start < {n + 1}, but {start} was passed in")
    s = start + n if start < 0 else start
    if ax < s:
        s -= 1
    return moveaxis_impl(a, ax, s)


@overload(np.rollaxis)
def rollaxis(a, axis, start=None):
    arr = array_of(a)
    if arr is None or arr.ndim == 0 or not is_int(axis) or not (start is None or is_int(start)):
        return None
    return rollaxis_impl


def matrix_transpose_impl(x):
    return swapaxes_impl(x, -1, -2)


@overload(np.matrix_transpose)
def matrix_transpose(x):
    arr = array_of(x)
    if arr is None:
        return None
    if arr.ndim < 2:
        raise TypingError("np.matrix_transpose(): input array must be at least 2-dimensional "
                          "(NumPy raises ValueError)")
    return matrix_transpose_impl


# -- place, putmask ------------------------------------------------------------------------------------------------

def place_impl(arr, mask, vals):
    flat_mask = np.ravel(mask)
    values = np.ravel(vals)
    if len(flat_mask) != arr.size:
        raise ValueError("place: mask and data must be the same size")
    k = 0
    for p in range(len(flat_mask)):
        if flat_mask[p]:
            if len(values) == 0:
                raise ValueError("Cannot insert from an empty array!")
            arr[_c_index(arr.shape, p)] = values[k % len(values)]
            k += 1


def putmask_impl(a, mask, values):
    flat_mask = np.ravel(mask)
    flat_values = np.ravel(values)
    if len(flat_mask) != a.size:
        raise ValueError("putmask: mask and data must be the same size")
    if len(flat_values) == 0:
        return
    for p in range(len(flat_mask)):
        if flat_mask[p]:
            a[_c_index(a.shape, p)] = flat_values[p % len(flat_values)]


def _masked_write_typer(impl):
    def typer(arr, mask, vals):
        m = array_of(mask)
        if not isinstance(arr, Array) or arr.readonly or arr.ndim == 0 or m is None:
            return None
        if array_of(vals) is None:
            return None
        return impl if isinstance(m.dtype, (Boolean, Number)) else None
    return typer


overload(np.place)(_masked_write_typer(place_impl))
overload(np.putmask)(_masked_write_typer(putmask_impl))
