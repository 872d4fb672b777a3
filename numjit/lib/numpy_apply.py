"""np.apply_along_axis in compiled code: func1d (a jitted function, a NumPy function or a lambda)
applied to every 1-d lane of `arr` along `axis`, with any extra arguments; func1d may return a
scalar or an array, the result's shape is NumPy's arr.shape[:axis] + res.shape + arr.shape[axis+1:].

    >>> from numjit.types import float64, int64, Const
    >>> apply_along_axis(Const(np.sum), int64, float64[:, :]).__name__
    'apply_along_axis_impl'
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_last, lane, lane_count, tuple_setitem
from ..typing.registry import overload
from .guards import array_of, is_int


def _normalize_axis(axis, ndim):
    if axis < -ndim or axis >= ndim:
        raise np.exceptions.AxisError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return axis + ndim if axis < 0 else axis


def _result_order(shape, axis, ndim, rank):
    """The transpose that moves the rank result axes (last in `shape`) to position `axis`."""
    perm = shape
    for d in range(len(shape)):
        if d < axis:
            perm = tuple_setitem(perm, d, d)
        elif d < axis + rank:
            perm = tuple_setitem(perm, d, ndim - 1 + d - axis)
        else:
            perm = tuple_setitem(perm, d, d - rank)
    return perm


def apply_along_axis_impl(func1d, axis, arr, *args):
    a = np.asarray(arr)
    ax = _normalize_axis(axis, a.ndim)
    v = axis_last(a, ax)
    n = lane_count(v)
    if n == 0:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")
    first = np.asarray(func1d(lane(v, 0), *args))
    out = np.empty(v.shape[:-1] + first.shape, first.dtype)
    rows = out.reshape((n, first.size))
    rows[0] = first.ravel()
    for k in range(1, n):
        res = np.asarray(func1d(lane(v, k), *args))
        if res.shape != first.shape:
            raise ValueError("np.apply_along_axis: func1d returned results of different shapes")
        rows[k] = res.ravel()
    return np.transpose(out, _result_order(out.shape, ax, a.ndim, first.ndim))


@overload(np.apply_along_axis)
def apply_along_axis(func1d, axis, arr, *args):
    array = array_of(arr)
    if array is None or not is_int(axis):
        return None
    if array.ndim == 0:
        raise TypingError("np.apply_along_axis(): a 0-d array has no axis (NumPy raises AxisError)")
    return apply_along_axis_impl
