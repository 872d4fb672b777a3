"""Advanced indexing, written as plain Python: boolean masks and integer index arrays.

* `a[mask]` — mask over a's first k axes (k <= a.ndim): a new array of shape
  (number of True,) + a.shape[k:], the selected items in C order of the mask;
* `a[idx]`  — idx an integer array: a new array of a[idx[0]], a[idx[1]], ... (rows for
  N-d a), of shape idx.shape + a.shape[1:];
* `a[i, idx]`, `a[:, mask]`, `a[..., idx, 1:]` — one 1-D index array among ints, slices,
  None and `...`: the positions it selects, along the axis it stands at (several index arrays,
  n-d ones among other items, lists and np.ix_: numjit/lib/numpy_index_arrays.py);
* `a[mask] = v`, `a[idx] = v`, `a[i, idx] = v` — v a scalar, or an array broadcast to the
  selection. A value sharing memory with `a` is copied first, so the result is NumPy's.

Reading makes a copy (as in NumPy); assignment writes into `a`. Negative indexes count
from the end; out-of-range indexes and masks of the wrong shape raise IndexError, values
that do not fit the selection ValueError.

    >>> from numjit.types import float64, boolean, int32, int64, Tuple
    >>> getitem(float64[:, :], boolean[:, ::1]).__name__, getitem(float64[:], int32[::1]).__name__
    ('mask_get', 'take_1d')
    >>> getitem(float64[:, :], boolean[::1]).__name__, getitem(float64[:, :], Tuple((int64, int32[::1]))).__name__
    ('mask_rows_get', 'take_mixed')
"""
import operator

import numpy as np

from ..intrinsics.shapes import axis_first, axis_last, axis_slice, lane, lane_count, tuple_setitem
from ..intrinsics.slices import advanced_plan, advanced_position, basic_part
from ..errors import TypingError
from ..types import Array, Boolean, Number, Tuple
from ..typing.registry import overload
from .guards import array_of, is_int, scalar_class, specialized
from .numpy_index_arrays import (is_list_value, list_index, scatter_bare, set_list_value, _gather, _result_ndim,
                                 _scatter, _via_arrays)

MASK_SHAPE = "boolean index did not match indexed array"
MASK_VALUES = ("NumPy boolean array indexing assignment cannot assign the input values to the "
               "output values where the mask is true")
BROADCAST = "shape mismatch: value array could not be broadcast to indexing result"


def _index(j, n, axis=0):
    """j (any integer) as an int64 position in [0, n) along axis; IndexError (NumPy's) otherwise."""
    k = np.int64(j)
    if k < 0:
        k += n
    if k < 0 or k >= n:
        raise IndexError(f"index {j} is out of bounds for axis {axis} with size {n}")
    return k


@specialized
def _positions(is_mask, axis):
    """f(idx, n): the 1-D index array idx as checked int64 positions into axis (of length n)."""
    if is_mask:
        return _mask_positions

    def positions(idx, n):
        out = np.empty(len(idx), np.int64)
        for i in range(len(idx)):
            out[i] = _index(idx[i], n, axis)
        return out
    return positions


def _mask_positions(mask, n):
    """The positions of the True items of a 1-D mask over an axis of length n."""
    if len(mask) != n:
        raise IndexError(MASK_SHAPE)
    out = np.empty(np.sum(mask), np.int64)
    i = 0
    for j in range(n):
        if mask[j]:
            out[i] = j
            i += 1
    return out


@specialized
def _unaliased(put):
    """put(a, index, value), with value copied first when it may share memory with a."""
    def put_unaliased(a, index, value):
        if np.may_share_memory(a, value):
            put(a, index, value.copy())
        else:
            put(a, index, value)
    return put_unaliased


@specialized
def _leading_ones(put, count):
    """put(a, index, value) for a value with `count` more dimensions than the selection takes:
    they must be 1 (`a[0, i] = b[None, :]`)."""
    def put_leading_ones(a, index, value):
        v = np.ascontiguousarray(value)
        for d in range(count):
            if v.shape[d] != 1:
                raise ValueError("could not broadcast the assigned array into the selection's shape")
        put(a, index, v.reshape(v.shape[count:]))
    return put_leading_ones


# -- reading ------------------------------------------------------------------------------------

@specialized
def _mask_get(cls):
    def mask_get(a, mask):
        if a.shape != mask.shape:
            raise IndexError(MASK_SHAPE)
        out = np.empty(np.sum(mask), cls)
        i = 0
        for k in range(lane_count(a)):
            src = lane(a, k)
            keep = lane(mask, k)
            for j in range(len(src)):
                if keep[j]:
                    out[i] = src[j]
                    i += 1
        return out
    return mask_get


@specialized
def _fill_masked_rows(k):
    """out[i], out[i + 1], ... = a[j...] for each True of the k-d mask; returns the next i."""
    if k == 1:
        def fill_rows(out, i, a, mask):
            for j in range(len(mask)):
                if mask[j]:
                    out[i] = a[j]
                    i += 1
            return i
        return fill_rows
    fill_inner = _fill_masked_rows(k - 1)

    def fill_nested(out, i, a, mask):
        for j in range(len(mask)):
            i = fill_inner(out, i, a[j], mask[j])
        return i
    return fill_nested


@specialized
def _mask_rows_get(cls, k):
    fill = _fill_masked_rows(k)
    rest = k - 1

    def mask_rows_get(a, mask):
        if mask.shape != a.shape[:k]:
            raise IndexError(MASK_SHAPE)
        out = np.empty(tuple_setitem(a.shape[rest:], 0, np.sum(mask)), cls)
        fill(out, 0, a, mask)
        return out
    return mask_rows_get


@specialized
def _take(cls, ndim):
    def take_1d(a, idx):
        n = len(a)
        out = np.empty(len(idx), cls)
        for i in range(len(idx)):
            out[i] = a[_index(idx[i], n)]
        return out

    def take_rows(a, idx):
        n = len(a)
        out = np.empty(tuple_setitem(a.shape, 0, len(idx)), cls)
        for i in range(len(idx)):
            out[i] = a[_index(idx[i], n)]
        return out
    return take_1d if ndim == 1 else take_rows


@specialized
def _take_nd(cls, ndim):
    take = _take(cls, ndim)

    def take_nd(a, idx):
        return take(a, np.ravel(idx)).reshape(idx.shape + a.shape[1:])
    return take_nd


@specialized
def _take_axis(cls):
    def take_axis(v, pos, axis):
        """v with positions pos (checked) picked along axis: a new array."""
        out = np.empty(tuple_setitem(v.shape, axis, len(pos)), cls)
        src_lanes = axis_last(v, axis)
        dst_lanes = axis_last(out, axis)
        for k in range(lane_count(dst_lanes)):
            src = lane(src_lanes, k)
            dst = lane(dst_lanes, k)
            for i in range(len(pos)):
                dst[i] = src[pos[i]]
        return out
    return take_axis


@specialized
def _take_mixed(cls, p, q, is_mask, front, axis):
    take_axis = _take_axis(cls)
    positions = _positions(is_mask, axis)
    at = 0 if front else q                       # where the selection goes in the result

    def take_mixed(a, index):
        v = basic_part(a, index)
        if front:
            v = axis_first(v, q)
        return take_axis(v, positions(index[p], v.shape[at]), at)
    return take_mixed


def _mixed(arr, index):
    """(p, q, is_mask, ndim, front, axis) for `a[i, idx]`-style indexes (see slices.advanced_position;
    axis: the one idx selects along in arr, for the error message)."""
    found = advanced_position(arr, index)
    if found is None:
        return None
    p, q, ndim, front = found
    return p, q, isinstance(index.items[p].dtype, Boolean), ndim, front, advanced_plan(arr, index).axes[0]


def _too_many(arr, idx):
    raise TypingError(f"too many indices: a {idx.ndim}-d boolean index for the {arr.ndim}-d array {arr}")


@overload(operator.getitem)
def getitem(a, index):
    arr = array_of(a)
    if arr is None:
        return None
    mixed = _mixed(arr, index)
    if mixed is not None:
        p, q, is_mask, _, front, axis = mixed
        return _take_mixed(scalar_class(arr.dtype), p, q, is_mask, front, axis)
    plan = advanced_plan(arr, index)
    if plan is not None:                         # several index arrays, or an n-d one, among others
        return _gather(scalar_class(arr.dtype), plan)
    lists = list_index(index)
    if lists is not None:
        return _via_arrays(lists)[0]
    idx = array_of(index)
    if idx is None:
        return None
    if isinstance(idx.dtype, Boolean):
        if idx.ndim > arr.ndim:
            _too_many(arr, idx)
        if idx.ndim == arr.ndim:
            return _mask_get(scalar_class(arr.dtype))
        return _mask_rows_get(scalar_class(arr.dtype), idx.ndim)
    if is_int(idx.dtype) and arr.ndim > 0:
        if idx.ndim == 1:
            return _take(scalar_class(arr.dtype), arr.ndim)
        return _take_nd(scalar_class(arr.dtype), arr.ndim)
    return None


# -- assignment ---------------------------------------------------------------------------------

def _mask_set_scalar(a, mask, value):
    if a.shape != mask.shape:
        raise IndexError(MASK_SHAPE)
    for k in range(lane_count(a)):
        dst = lane(a, k)
        keep = lane(mask, k)
        for j in range(len(dst)):
            if keep[j]:
                dst[j] = value


def _mask_set_array(a, mask, value):            # value 1-D: one item per True (or one for all)
    if a.shape != mask.shape:
        raise IndexError(MASK_SHAPE)
    m = len(value)
    if m != 1 and m != np.sum(mask):
        raise ValueError(MASK_VALUES)
    step = 1 if m != 1 else 0
    i = 0
    for k in range(lane_count(a)):
        dst = lane(a, k)
        keep = lane(mask, k)
        for j in range(len(dst)):
            if keep[j]:
                dst[j] = value[i]
                i += step


def _mask_set_0d(a, mask, value):
    _mask_set_scalar(a, mask, value[()])


def _mask_set_nd(a, mask, value):
    _mask_set_array(a, mask, np.ravel(value))


@specialized
def _set_masked_rows(k, per_row):
    """a[j...] = value (or value[i], value[i + 1], ... when per_row) for each True of the k-d mask."""
    if k == 1 and per_row:
        def set_rows(a, i, mask, value, step):
            for j in range(len(mask)):
                if mask[j]:
                    a[j] = value[i * step]
                    i += 1
            return i
        return set_rows
    if k == 1:
        def set_rows_alike(a, i, mask, value, step):
            for j in range(len(mask)):
                if mask[j]:
                    a[j] = value
            return i
        return set_rows_alike
    set_inner = _set_masked_rows(k - 1, per_row)

    def set_nested(a, i, mask, value, step):
        for j in range(len(mask)):
            i = set_inner(a[j], i, mask[j], value, step)
        return i
    return set_nested


def _rows_step(m, count):
    """For a value of m rows put to count positions: 1 (one row each), 0 (one row for all) or ValueError."""
    if m != 1 and m != count:
        raise ValueError(BROADCAST)
    return 1 if m != 1 else 0


@specialized
def _mask_rows_set(k, per_row):
    set_rows = _set_masked_rows(k, per_row)

    def mask_rows_set(a, mask, value):
        if mask.shape != a.shape[:k]:
            raise IndexError(MASK_SHAPE)
        set_rows(a, 0, mask, value, 0)

    def mask_rows_set_each(a, mask, value):
        if mask.shape != a.shape[:k]:
            raise IndexError(MASK_SHAPE)
        set_rows(a, 0, mask, value, _rows_step(len(value), np.sum(mask)))
    return mask_rows_set_each if per_row else mask_rows_set


def _put_alike(a, idx, value):                   # a scalar, or an array broadcast to every row
    n = len(a)
    for i in range(len(idx)):
        a[_index(idx[i], n)] = value


def _put_each(a, idx, value):                    # value has a's ndim: one row (or one for all) per index
    n = len(a)
    step = _rows_step(len(value), len(idx))
    for i in range(len(idx)):
        a[_index(idx[i], n)] = value[i * step]


@specialized
def _put_axis(spans):
    """v[..., pos[i], ...] (along axis) = value; when value spans the selection, its axis vaxis
    gives one slab per position (or one slab for all)."""
    if spans:
        def put_slabs(v, pos, axis, value, vaxis):
            step = _rows_step(value.shape[vaxis], len(pos))
            for i in range(len(pos)):
                dst = axis_slice(v, axis, pos[i], pos[i] + 1)
                dst[...] = axis_slice(value, vaxis, i * step, i * step + 1)
        return put_slabs

    def put_alike(v, pos, axis, value, vaxis):
        for i in range(len(pos)):
            dst = axis_slice(v, axis, pos[i], pos[i] + 1)
            dst[...] = value
    return put_alike


@specialized
def _put_mixed(p, q, is_mask, front, vaxis, axis):
    put_axis = _put_axis(vaxis >= 0)
    positions = _positions(is_mask, axis)
    at = 0 if front else q

    def put_mixed(a, index, value):
        v = basic_part(a, index)
        if front:
            v = axis_first(v, q)
        put_axis(v, positions(index[p], v.shape[at]), at, value, vaxis)
    return put_mixed


def _guarded(put, val):
    """The setter, copying an array value that may share memory with the array first."""
    return put if val is None else _unaliased(put)


def _setter(arr, idx, index, val):
    """The plain setter for `arr[index] = value` (value an array of type val, or a scalar if None)."""
    mixed = _mixed(arr, index)
    if mixed is not None:
        p, q, is_mask, ndim, front, axis = mixed
        if val is not None and val.ndim > ndim:
            return None
        at = 0 if front else q
        vaxis = -1 if val is None else val.ndim - (ndim - at)    # value's axis along the selection
        return _put_mixed(p, q, is_mask, front, max(vaxis, -1), axis)
    plan = advanced_plan(arr, index)
    if plan is not None:                         # several index arrays, or an n-d one, among others
        if val is None:
            return _scatter(plan, None)
        return None if val.ndim > _result_ndim(plan) else _scatter(plan, val.ndim)
    if idx is None:
        return None
    if isinstance(idx.dtype, Boolean):
        if idx.ndim > arr.ndim:
            _too_many(arr, idx)
        if idx.ndim < arr.ndim:
            rows_ndim = arr.ndim - idx.ndim + 1          # the selection's ndim
            if val is not None and val.ndim > rows_ndim:
                return None
            return _mask_rows_set(idx.ndim, val is not None and val.ndim == rows_ndim)
        if val is None:
            return _mask_set_scalar
        return {0: _mask_set_0d, 1: _mask_set_array}.get(val.ndim, _mask_set_nd)
    if is_int(idx.dtype) and idx.ndim != 1 and arr.ndim > 0:
        plan = advanced_plan(arr, Tuple((idx,)))
        if val is not None and val.ndim > _result_ndim(plan):
            return None
        return scatter_bare(plan, None if val is None else val.ndim)
    if not (is_int(idx.dtype) and idx.ndim == 1) or arr.ndim == 0:
        return None
    if val is None or val.ndim < arr.ndim:
        return _put_alike
    return _put_each if val.ndim == arr.ndim else None


@overload(operator.setitem)
def setitem(a, index, value):
    if not isinstance(a, Array):
        return None
    if is_list_value(value):
        return set_list_value
    idx = array_of(index)
    val = array_of(value)
    if val is None and not isinstance(value, Number):
        return None
    if idx is None and advanced_plan(a, index) is None:
        lists = list_index(index)
        return None if lists is None else _via_arrays(lists)[1]
    if a.readonly:
        raise TypingError(f"cannot assign to a read-only array ({a})")
    put = _setter(a, idx, index, val)
    for count in range(1, val.ndim + 1) if put is None and val is not None else ():
        inner = _setter(a, idx, index, Array(val.dtype, val.ndim - count, "C"))
        if inner is not None:                    # NumPy drops a value's leading dimensions of 1
            put = _leading_ones(inner, count)
            break
    return None if put is None else _guarded(put, val)
