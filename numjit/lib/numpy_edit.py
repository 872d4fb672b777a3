"""Editing arrays into new ones, written as plain Python: np.append, np.delete, np.insert (axis=;
obj an int, an index array or a slice), np.extract, np.take / a.take (axis=, mode=), np.put /
a.put (mode=) (indices and values also as lists), np.compress / a.compress (axis=), np.resize, np.trim_zeros (axis=; n-d: a view of
the nonzero box), np.fill_diagonal (wrap=), a.fill.
Indices out of range raise NumPy's IndexError with NumPy's message, at run time.

    >>> from numjit.types import float64, int64
    >>> delete(float64[:, :], int64).__name__, take(float64[:], int64[:]).__name__
    ('delete_impl', 'take_flat')
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_first, tuple_setitem, writeable_strided_view
from ..intrinsics.slices import slice_span
from ..types import Array, Boolean, Complex, Const, Number, Tuple
from ..types.slices import SliceType
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, result_dtype, scalar_class, specialized
from .numpy_indices import _c_index
from .numpy_joining import _normalize_axis


def _axis_given(axis):
    return axis is not None and not is_none(axis)


def _dtype_of(t):
    """The dtype NumPy gives an argument once converted by np.asarray (None: neither array nor number)."""
    arr = array_of(t)
    if arr is not None:
        return arr.dtype
    return t if isinstance(t, Number) else None


def _out_of_bounds(index, axis, size):
    raise IndexError(f"index {index} is out of bounds for axis {axis} with size {size}")


def _value_error(message):
    raise ValueError(message)


def _copy_kept(a, keep, ax, count):
    """The items of `a` along axis `ax` where `keep` is true (`count` of them), as a new array."""
    out = np.empty(tuple_setitem(a.shape, ax, count), a.dtype)
    src = axis_first(a, ax)
    dst = axis_first(out, ax)
    j = 0
    for i in range(len(keep)):
        if keep[i]:
            dst[j] = src[i]
            j += 1
    return out


def _one_item(x):
    return np.full(1, x)


# -- append ---------------------------------------------------------------------------------------------

@specialized
def _append_impl(cls, arr_is_array, values_is_array):
    flat_arr = np.ravel if arr_is_array else _one_item
    flat_values = np.ravel if values_is_array else _one_item

    def append_flat(arr, values, axis=None):
        a = flat_arr(arr)
        v = flat_values(values)
        out = np.empty(len(a) + len(v), cls)
        for i in range(len(a)):
            out[i] = a[i]
        for i in range(len(v)):
            out[len(a) + i] = v[i]
        return out

    def append_axis(arr, values, axis=None):
        return np.concatenate((arr, values), axis=axis)
    return append_flat, append_axis


@overload(np.append)
def append(arr, values, axis=None):
    da, dv = _dtype_of(arr), _dtype_of(values)
    if da is None or dv is None:
        return None
    dtype = result_dtype(da, dv)
    if dtype is None:
        return None
    impls = _append_impl(scalar_class(dtype), array_of(arr) is not None, array_of(values) is not None)
    if not _axis_given(axis):
        return impls[0]
    a, v = array_of(arr), array_of(values)
    if not is_int(axis) or a is None or v is None:
        return None
    if a.ndim != v.ndim:
        raise TypingError(f"np.append(): all the input arrays must have same number of dimensions, but "
                          f"arr has {a.ndim} dimension(s) and values has {v.ndim} (NumPy raises ValueError)")
    return impls[1]


# -- delete ---------------------------------------------------------------------------------------------

def _delete_one(n, i, ax):
    """keep[i] is False for the one item `i` names along an axis of length n."""
    if i < -n or i >= n:
        _out_of_bounds(i, ax, n)
    keep = np.ones(n, np.bool_)
    keep[i + n if i < 0 else i] = False
    return keep


def _delete_mask(n, obj, ax):
    """keep[i] is False for the items `obj` (an array) names along an axis of length n."""
    flat = np.ravel(obj)
    if len(flat) == 1:                             # NumPy's single-value path names the axis
        return _delete_one(n, flat[0], ax)
    keep = np.ones(n, np.bool_)
    for i in flat:
        if i < -n or i >= n:
            _out_of_bounds(i, 0, n)
        keep[i + n if i < 0 else i] = False
    return keep


def _delete_bool_mask(n, obj, ax):
    if obj.ndim != 1 or obj.shape[0] != n:
        raise ValueError(f"boolean array argument obj to delete must be one dimensional and match the "
                         f"axis length of {n}")
    keep = np.empty(n, np.bool_)
    for i in range(n):
        keep[i] = not obj[i]
    return keep


@specialized
def _delete_impl(mask_fn, flat):
    def delete_impl(arr, obj, axis=None):
        a = np.ravel(arr) if flat else arr
        ax = 0 if flat else _normalize_axis(axis, arr.ndim)
        keep = mask_fn(a.shape[ax], obj, ax)
        count = 0
        for k in keep:
            count += k
        return _copy_kept(a, keep, ax, count)
    return delete_impl


def _slice_items(arr, obj, axis):
    """The indices a slice `obj` names along delete's / insert's axis (NumPy's arange(*obj.indices(N)))."""
    if axis is None:
        n = arr.size
    else:
        n = arr.shape[_normalize_axis(axis, arr.ndim)]
    start, step, count = slice_span(obj, n)
    return np.arange(count) * step + start


def delete_slice(arr, obj, axis=None):
    return np.delete(arr, _slice_items(arr, obj, axis), axis)


@overload(np.delete)
def delete(arr, obj, axis=None):
    a, index = array_of(arr), array_of(obj)
    if a is None or a.ndim == 0 and _axis_given(axis):
        return None
    if isinstance(obj, SliceType):
        return delete_slice
    if index is not None and isinstance(index.dtype, Boolean):
        mask_fn = _delete_bool_mask
    elif is_int(obj):
        mask_fn = _delete_one
    elif index is not None and is_int(index.dtype):
        mask_fn = _delete_mask
    else:
        return None
    if _axis_given(axis) and not is_int(axis):
        return None
    return _delete_impl(mask_fn, not _axis_given(axis))


# -- insert ---------------------------------------------------------------------------------------------

def _merge(a, ax, positions, block):
    """A new array: `block`'s items along `ax` at `positions` (sorted or not), `a`'s around them."""
    total = a.shape[ax] + block.shape[ax]
    out = np.empty(tuple_setitem(a.shape, ax, total), a.dtype)
    dst = axis_first(out, ax)
    src = axis_first(a, ax)
    new = axis_first(block, ax)
    taken = np.zeros(total, np.bool_)
    for j in range(len(positions)):
        dst[positions[j]] = new[j]
        taken[positions[j]] = True
    i = 0
    for p in range(total):
        if not taken[p]:
            dst[p] = src[i]
            i += 1
    return out


def _padded_shape(template, shape):
    """`shape` with leading ones up to len(template) items (np.array(..., ndmin=len(template)))."""
    out = template
    pad = len(template) - len(shape)
    for d in range(len(template)):
        out = tuple_setitem(out, d, 1 if d < pad else shape[d - pad])
    return out


@specialized
def _insert_impl(cls, flat, scalar_obj, array_values):
    def as_block(values, shape):
        block = np.empty(shape, cls)
        block[...] = values
        return block

    def single(a, ax, n, index, values):
        if index < -n or index > n:
            _out_of_bounds(index, ax, n)
        start = index + n if index < 0 else index
        if array_values:
            v = values.reshape(_padded_shape(a.shape, values.shape))
            if scalar_obj:
                v = np.moveaxis(v, 0, ax)
            count = v.shape[ax]
        else:
            v = values
            count = 1
        block = as_block(v, tuple_setitem(a.shape, ax, count))
        return _merge(a, ax, np.arange(start, start + count), block)

    def insert_impl(arr, obj, values, axis=None):
        a = np.ravel(arr) if flat else arr
        ax = 0 if flat else _normalize_axis(axis, arr.ndim)
        n = a.shape[ax]
        if scalar_obj:
            return single(a, ax, n, obj, values)
        indices = np.ravel(obj)
        if len(indices) == 1:
            return single(a, ax, n, indices[0], values)
        count = len(indices)
        wrapped = np.empty(count, np.int64)
        for j in range(count):
            wrapped[j] = indices[j] + n if indices[j] < 0 else indices[j]
        positions = np.empty(count, np.int64)
        order = np.argsort(wrapped, kind="stable")
        total = n + count
        for rank in range(count):                 # each index moves by the inserts before it
            p = wrapped[order[rank]] + rank
            if p < -total or p >= total:
                _out_of_bounds(p, 0, total)
            positions[order[rank]] = p + total if p < 0 else p
        block = as_block(values, tuple_setitem(a.shape, ax, count))
        return _merge(a, ax, positions, block)
    return insert_impl


def insert_slice(arr, obj, values, axis=None):
    return np.insert(arr, _slice_items(arr, obj, axis), values, axis)


@overload(np.insert)
def insert(arr, obj, values, axis=None):
    a, index, v = array_of(arr), array_of(obj), array_of(values)
    if a is None or _dtype_of(values) is None:
        return None
    if isinstance(obj, SliceType):
        return insert_slice
    if not (is_int(obj) or index is not None and is_int(index.dtype)):
        return None
    flat = not _axis_given(axis)
    if not flat and (not is_int(axis) or a.ndim == 0):
        return None
    ndim = 1 if flat else a.ndim
    if v is not None and v.ndim > ndim:
        raise TypingError(f"np.insert(): values of {v.ndim} dimensions do not fit a {ndim}-d array")
    return _insert_impl(scalar_class(a.dtype), flat, is_int(obj), v is not None)


# -- extract, take ----------------------------------------------------------------------------------------

def extract_impl(condition, arr):
    cond = np.ravel(condition)
    values = np.ravel(arr)
    count = 0
    for c in cond:
        if c:
            count += 1
    out = np.empty(count, values.dtype)
    j = 0
    for i in range(len(cond)):
        if cond[i]:
            if i >= len(values):
                _out_of_bounds(i, 0, len(values))
            out[j] = values[i]
            j += 1
    return out


@overload(np.extract)
def extract(condition, arr):
    return extract_impl if array_of(condition) is not None and array_of(arr) is not None else None


def _index_raise(i, n, ax):
    if i < -n or i >= n:
        _out_of_bounds(i, ax, n)
    return i + n if i < 0 else i


def _index_wrap(i, n, ax):
    if n == 0:
        raise IndexError("cannot do a non-empty take from an empty axes.")
    return i % n


def _index_clip(i, n, ax):
    if n == 0:
        raise IndexError("cannot do a non-empty take from an empty axes.")
    return 0 if i < 0 else n - 1 if i >= n else i


MODES = {"raise": _index_raise, "wrap": _index_wrap, "clip": _index_clip}


def _mode(mode, what):
    """The index fixer for a mode= argument."""
    name = "raise" if mode is None or is_none(mode) else mode.value if isinstance(mode, Const) else None
    if name not in MODES:
        raise TypingError(f"{what}(): mode must be one of 'raise', 'wrap', 'clip' (a constant), not {mode}")
    return MODES[name]


@specialized
def _take_impl(fix, shape_of):
    def take_scalar(a, indices, axis=None, out=None, mode=None):
        flat = np.ravel(a)
        return flat[fix(indices, len(flat), 0)]

    def take_flat(a, indices, axis=None, out=None, mode=None):
        flat = np.ravel(a)
        result = np.empty(shape_of(indices), a.dtype)
        dst = result.reshape(-1)
        k = 0
        for i in np.ravel(indices):
            dst[k] = flat[fix(i, len(flat), 0)]
            k += 1
        return result

    def take_axis_scalar(a, indices, axis=None, out=None, mode=None):
        ax = _normalize_axis(axis, a.ndim)
        return axis_first(a, ax)[fix(indices, a.shape[ax], ax)].copy()

    def take_axis(a, indices, axis=None, out=None, mode=None):
        ax = _normalize_axis(axis, a.ndim)
        n = a.shape[ax]
        src = axis_first(a, ax)
        front = np.empty(indices.shape + src.shape[1:], a.dtype)      # the indices' axes first
        dst = front.reshape((indices.size,) + src.shape[1:])
        k = 0
        for i in np.ravel(indices):
            dst[k] = src[fix(i, n, ax)]
            k += 1
        order = front.shape                       # then moved to where `axis` was
        for p in range(len(order)):
            source = p
            if p < ax:
                source = indices.ndim + p
            elif p < ax + indices.ndim:
                source = p - ax
            order = tuple_setitem(order, p, source)
        return np.transpose(front, order)
    return take_scalar, take_flat, take_axis_scalar, take_axis


def _shape_of_array(indices):
    return indices.shape


@overload(np.take, "array.take", "arrayexpr.take")
def take(a, indices, axis=None, out=None, mode=None):
    arr, index = array_of(a), array_of(indices)
    if arr is None or not (out is None or is_none(out)):
        return None
    if not (is_int(indices) or index is not None and is_int(index.dtype)):
        return None
    impls = _take_impl(_mode(mode, "np.take"), _shape_of_array)
    if not _axis_given(axis):
        return impls[0] if index is None else impls[1]
    if not is_int(axis) or arr.ndim == 0:
        return None
    return impls[2] if index is None else impls[3]


# -- put, compress -----------------------------------------------------------------------------------------------

@specialized
def _put_impl(fix, array_ind, array_v):
    flat_ind = np.ravel if array_ind else _one_item
    flat_v = np.ravel if array_v else _one_item

    def put_impl(a, ind, v, mode=None):
        indices = flat_ind(ind)
        values = flat_v(v)
        if len(values) == 0:
            return
        n = a.size
        for k in range(len(indices)):
            i = fix(indices[k], n, 0)
            a[_c_index(a.shape, i)] = values[k % len(values)]
    return put_impl


@overload(np.put, "array.put")
def put(a, ind, v, mode=None):
    index = array_of(ind)
    if not isinstance(a, Array) or a.readonly or a.ndim == 0 or _dtype_of(v) is None:
        return None
    if not (is_int(ind) or index is not None and is_int(index.dtype)):
        return None
    return _put_impl(_mode(mode, "np.put"), index is not None, array_of(v) is not None)


@specialized
def _compress_impl(flat):
    def compress_impl(condition, a, axis=None):
        arr = np.ravel(a) if flat else a
        ax = 0 if flat else _normalize_axis(axis, a.ndim)
        n = arr.shape[ax]
        cond = np.ravel(condition)
        keep = np.zeros(n, np.bool_)
        count = 0
        for i in range(len(cond)):
            if cond[i]:
                if i >= n:
                    _out_of_bounds(i, ax, n)
                keep[i] = True
                count += 1
        return _copy_kept(arr, keep, ax, count)
    return compress_impl


def compress_method(a, condition, axis=None):
    return np.compress(condition, a, axis)


@overload("array.compress")
def compress_method_typer(a, condition, axis=None):
    return compress_method if compress(condition, a, axis) is not None else None


@overload(np.compress)
def compress(condition, a, axis=None):
    cond, arr = array_of(condition), array_of(a)
    if cond is None or arr is None or cond.ndim != 1 or isinstance(cond.dtype, Complex):
        return None
    flat = axis is None or is_none(axis)
    if not flat and (not is_int(axis) or arr.ndim == 0):
        return None
    return _compress_impl(flat)


# -- resize, trim_zeros ---------------------------------------------------------------------------------------

def resize_impl(a, new_shape):
    flat = np.ravel(a)
    out = np.zeros(new_shape, a.dtype)
    dst = out.reshape(-1)
    n = len(flat)
    if n > 0:
        for i in range(len(dst)):
            dst[i] = flat[i % n]
    return out


def _check_new_shape(new_shape):
    for d in new_shape:
        if d < 0:
            raise ValueError("all elements of `new_shape` must be non-negative")


def resize_tuple(a, new_shape):
    _check_new_shape(new_shape)
    return resize_impl(a, new_shape)


def resize_int(a, new_shape):
    _check_new_shape((new_shape,))
    return resize_impl(a, (new_shape,))


@overload(np.resize)
def resize(a, new_shape):
    if array_of(a) is None:
        return None
    if is_int(new_shape):
        return resize_int
    if isinstance(new_shape, Tuple) and all(is_int(t) for t in new_shape.items):
        return resize_tuple
    return None


@specialized
def _trim_zeros_impl(front, back, message, nd, all_axes):
    def trim_zeros_impl(filt, trim=None, axis=None):
        if message:
            _value_error(message)                   # (a call: the code after it stays typed)
        first = 0
        last = len(filt)
        if front:
            while first < last and filt[first] == 0:
                first += 1
        if back:
            while last > first and filt[last - 1] == 0:
                last -= 1
        if first == last:                          # all zero: NumPy's empty slice starts at 0
            return filt[:0]
        return filt[first:last]

    def trim_zeros_nd(filt, trim=None, axis=None):
        """The view of filt's box of nonzero items along the trimmed axes."""
        if message:
            _value_error(message)
        if all_axes:
            ax = -1
        else:
            ax = _normalize_axis(axis, filt.ndim)
        lo = filt.shape
        hi = filt.shape
        for d in range(filt.ndim):
            hi = tuple_setitem(hi, d, -1)
        found = False
        for p in range(filt.size):
            index = _c_index(filt.shape, p)
            if filt[index] != 0:
                found = True
                for d in range(filt.ndim):
                    lo = tuple_setitem(lo, d, min(lo[d], index[d]))
                    hi = tuple_setitem(hi, d, max(hi[d], index[d]))
        shape = filt.shape
        offset = 0
        for d in range(filt.ndim):
            if all_axes or d == ax:
                start = (lo[d] if front else 0) if found else 0
                stop = (hi[d] + 1 if back else filt.shape[d]) if found else 0
                shape = tuple_setitem(shape, d, stop - start)
                offset += start * filt.strides[d]
        return writeable_strided_view(filt, shape, filt.strides, offset)
    return trim_zeros_impl if nd == 1 and all_axes else trim_zeros_nd


@overload(np.trim_zeros)
def trim_zeros(filt, trim=None, axis=None):
    arr = array_of(filt)
    if arr is None or not isinstance(filt, Array) or arr.ndim == 0 or not (trim is None or isinstance(trim, Const)):
        return None
    all_axes = axis is None or is_none(axis)
    if not (all_axes or is_int(axis)):
        return None
    mode = "fb" if trim is None else str(trim.value).lower()
    message = "" if mode in ("fb", "bf", "f", "b") else f"unexpected character(s) in `trim`: {mode!r}"
    return _trim_zeros_impl("f" in mode, "b" in mode, message, arr.ndim, all_axes)


# -- fill, fill_diagonal -----------------------------------------------------------------------------------------

def fill_impl(a, value):
    a[...] = value                     # cast to a's dtype, as NumPy's fill


@overload("array.fill")
def fill(a, value):
    if not isinstance(a, Array) or a.readonly or not isinstance(value, (Number, Boolean)):
        return None
    return fill_impl


def _diagonal_step(a):
    """NumPy's flat step between diagonal items: 1 + sum of the cumulative products of shape[:-1]."""
    step = 1
    stride = 1
    for d in range(a.ndim - 1):
        stride *= a.shape[d]
        step += stride
    return step


@specialized
def _fill_diagonal_impl(array_val, ndim):
    flat_val = np.ravel if array_val else _one_item

    def fill_diagonal_impl(a, val, wrap=False):
        n = a.size
        if ndim == 2:
            step = a.shape[1] + 1
            end = n if wrap else min(n, a.shape[1] * a.shape[1])
        else:
            for d in range(1, ndim):
                if a.shape[d] != a.shape[0]:
                    raise ValueError("All dimensions of input must be of equal length")
            step = _diagonal_step(a)
            end = n
        values = flat_val(val)
        if len(values) == 0:
            return
        k = 0
        for p in range(0, end, step):
            a[_c_index(a.shape, p)] = values[k % len(values)]
            k += 1
    return fill_diagonal_impl


@overload(np.fill_diagonal)
def fill_diagonal(a, val, wrap=None):
    if not isinstance(a, Array) or a.readonly or _dtype_of(val) is None:
        return None
    if a.ndim < 2:
        raise TypingError("np.fill_diagonal(): array must be at least 2-d (NumPy raises ValueError)")
    return _fill_diagonal_impl(array_of(val) is not None, a.ndim)

