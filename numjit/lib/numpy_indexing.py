"""Advanced indexing, written as plain Python: boolean masks and integer index arrays.

* `a[mask]` — mask has a's shape: a new 1-D array of the selected elements, in C order;
* `a[idx]`  — idx a 1-D integer array: a new array of a[idx[0]], a[idx[1]], ... (rows for N-d a);
* `a[mask] = v`, `a[idx] = v` — v a scalar, or an array broadcast to the selection.

Reading makes a copy (as in NumPy); assignment writes into `a`. Negative indexes count
from the end; out-of-range indexes raise IndexError, shape mismatches IndexError/ValueError.

    >>> from numjit.types import float64, boolean, int32
    >>> getitem(float64[:, :], boolean[:, ::1]).__name__, getitem(float64[:], int32[::1]).__name__
    ('mask_get', 'take_1d')
"""
import operator

import numpy as np

from ..intrinsics.shapes import lane, lane_count, tuple_setitem
from ..errors import TypingError
from ..types import Array, Boolean, Number
from ..typing.registry import overload
from .guards import array_of, is_int, scalar_class, specialized

MASK_SHAPE = "boolean index did not match indexed array"
MASK_VALUES = ("NumPy boolean array indexing assignment cannot assign the input values to the "
               "output values where the mask is true")
OUT_OF_BOUNDS = "index is out of bounds"
BROADCAST = "shape mismatch: value array could not be broadcast to indexing result"


def _index(j, n):
    """j (any integer) as an int64 position in [0, n); IndexError otherwise."""
    k = np.int64(j)
    if k < 0:
        k += n
    if k < 0 or k >= n:
        raise IndexError(OUT_OF_BOUNDS)
    return k


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


@overload(operator.getitem)
def getitem(a, index):
    arr, idx = array_of(a), array_of(index)
    if arr is None or idx is None:
        return None
    if isinstance(idx.dtype, Boolean):
        if idx.ndim != arr.ndim:
            return None
        return _mask_get(scalar_class(arr.dtype))
    if is_int(idx.dtype) and idx.ndim == 1 and arr.ndim > 0:
        return _take(scalar_class(arr.dtype), arr.ndim)
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


def _put_scalar(a, idx, value):
    n = len(a)
    for i in range(len(idx)):
        a[_index(idx[i], n)] = value


def _put_array_1d(a, idx, value):
    n = len(a)
    m = len(value)
    if m != 1 and m != len(idx):
        raise ValueError(BROADCAST)
    step = 1 if m != 1 else 0
    for i in range(len(idx)):
        a[_index(idx[i], n)] = value[i * step]


def _put_rows(a, idx, value):                    # value has a's ndim: one row (or all alike) per index
    n = len(a)
    m = len(value)
    if m != 1 and m != len(idx):
        raise ValueError(BROADCAST)
    step = 1 if m != 1 else 0
    for i in range(len(idx)):
        a[_index(idx[i], n)] = value[i * step]


def _put_same(a, idx, value):                    # value broadcast to every selected row
    n = len(a)
    for i in range(len(idx)):
        a[_index(idx[i], n)] = value


@overload(operator.setitem)
def setitem(a, index, value):
    arr, idx = array_of(a), array_of(index)
    if not isinstance(a, Array) or idx is None:
        return None
    val = array_of(value)
    if val is None and not isinstance(value, Number):
        return None
    if arr.readonly:
        raise TypingError(f"cannot assign to a read-only array ({arr})")
    if isinstance(idx.dtype, Boolean):
        if idx.ndim != arr.ndim:
            return None
        if val is None:
            return _mask_set_scalar
        return {0: _mask_set_0d, 1: _mask_set_array}.get(val.ndim, _mask_set_nd)
    if not (is_int(idx.dtype) and idx.ndim == 1) or arr.ndim == 0:
        return None
    if val is None:
        return _put_scalar
    if arr.ndim == 1:
        return {0: _put_same, 1: _put_array_1d}.get(val.ndim)
    if val.ndim == arr.ndim:
        return _put_rows
    return _put_same if val.ndim < arr.ndim else None
