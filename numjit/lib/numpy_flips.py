"""np.flip (a view, for every axis, an axis or a tuple of axes), np.fliplr, np.flipud, np.rot90
(a view; any two `axes=` of an array of 2 or more dimensions), np.roll (tuples of shifts and axes) written as plain Python.

    >>> import numpy as np
    >>> from numjit import njit
    >>> @njit
    ... def turn(a):
    ...     return np.flip(a, (0, 1)), np.roll(a, 1)
    >>> turn(np.arange(4).reshape(2, 2))
    (array([[3, 2],
           [1, 0]]), array([[3, 0],
           [1, 2]]))
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_last, lane, lane_count, tuple_setitem, writeable_strided_view
from ..types import Tuple
from ..types.scalars import int64
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, specialized
from .numpy_joining import _normalize_axis
from .numpy_manip import _int_tuple


# -- flip, rot90, roll --------------------------------------------------------------------------------

def flip_1(m, axis=None):
    return m[::-1]


def flip_2(m, axis=None):
    return m[::-1, ::-1]


def flip_3(m, axis=None):
    return m[::-1, ::-1, ::-1]


def flip_axis(m, axis=None):
    """A view reversed along `axis` (an int or a tuple of ints), as NumPy's."""
    strides = m.strides
    offset = 0
    seen = 0
    for given in axis_tuple(axis):
        ax = _normalize_axis(given, m.ndim)
        if seen & (1 << ax):
            raise ValueError("repeated axis")
        seen |= 1 << ax
        if m.shape[ax] > 0:
            offset += (m.shape[ax] - 1) * strides[ax]
        strides = tuple_setitem(strides, ax, -strides[ax])
    return writeable_strided_view(m, m.shape, strides, offset)


def axis_tuple(axis):
    """axis= as a tuple of ints."""


@overload(axis_tuple)
def _axis_tuple(axis):
    if is_int(axis):
        return lambda axis: (axis,)
    if isinstance(axis, Tuple) and all(is_int(t) for t in axis.items):
        return lambda axis: axis
    return None


@overload(np.flip)
def flip(m, axis=None):
    arr = array_of(m)
    if arr is None or arr.ndim == 0:
        return None
    if axis is None or is_none(axis):
        impl = {1: flip_1, 2: flip_2, 3: flip_3}.get(arr.ndim)
        if impl is None:
            raise TypingError("np.flip() of all the axes of a 4-d or larger array is not supported")
        return impl
    return flip_axis if is_int(axis) or isinstance(axis, Tuple) and all(is_int(t) for t in axis.items) else None


def fliplr_impl(m):
    return m[:, ::-1]


def flipud_impl(m):
    return m[::-1]


@overload(np.fliplr)
def fliplr(m):
    arr = array_of(m)
    if arr is None:
        return None
    if arr.ndim < 2:
        raise TypingError("np.fliplr(): Input must be >= 2-d.")
    return fliplr_impl


@overload(np.flipud)
def flipud(m):
    arr = array_of(m)
    if arr is None:
        return None
    if arr.ndim < 1:
        raise TypingError("np.flipud(): Input must be >= 1-d.")
    return flipud_impl


def rot90_impl(m, k=1, axes=(0, 1)):
    """A view turned k quarter turns from axes[0] towards axes[1], as NumPy's flips and transpose."""
    n = m.ndim
    if len(axes) != 2:
        raise ValueError("len(axes) must be 2.")
    if axes[0] == axes[1] or abs(axes[0] - axes[1]) == n:
        raise ValueError("Axes must be different.")
    if axes[0] >= n or axes[0] < -n or axes[1] >= n or axes[1] < -n:
        raise ValueError(f"Axes={axes} out of range for array of ndim={n}.")
    first, second = axes[0] % n, axes[1] % n
    turn = k % 4
    shape, strides = m.shape, m.strides
    offset = 0
    for ax, flipped in ((second, turn == 1 or turn == 2), (first, turn >= 2)):
        if flipped:
            if shape[ax] > 0:
                offset += (shape[ax] - 1) * strides[ax]
            strides = tuple_setitem(strides, ax, -strides[ax])
    if turn % 2 == 1:                                  # swap the two axes
        shape = tuple_setitem(tuple_setitem(shape, first, m.shape[second]), second, m.shape[first])
        extent = strides[first]
        strides = tuple_setitem(tuple_setitem(strides, first, strides[second]), second, extent)
    return writeable_strided_view(m, shape, strides, offset)


@overload(np.rot90)
def rot90(m, k=None, axes=None):
    arr = array_of(m)
    if arr is None or not (k is None or is_int(k)) or not (axes is None or _int_tuple(axes)):
        return None
    if arr.ndim < 2:
        raise TypingError("np.rot90(): the array must be at least 2-d")
    return rot90_impl


def roll_flat(a, shift, axis=None):
    flat = np.ravel(a)
    n = len(flat)
    out = np.empty(n, a.dtype)
    for i in range(n):
        out[(i + shift) % n] = flat[i]
    return out.reshape(a.shape)


def roll_axis(a, shift, axis=None):
    out = np.empty(a.shape, a.dtype)
    v = axis_last(a, axis)
    w = axis_last(out, axis)
    n = v.shape[-1]
    for k in range(lane_count(v)):
        src = lane(v, k)
        dst = lane(w, k)
        for i in range(n):
            dst[(i + shift) % n] = src[i]
    return out


def _item(x, i):
    """x[i] of a tuple, x itself of an int: roll's shift and axis broadcast against each other."""


def _item_int(x, i):
    return x


def _item_tuple(x, i):
    return x[i]


overload(_item)(lambda x, i: _item_int if is_int(x) else _item_tuple)


@specialized
def _roll_axes_impl(n):
    def roll_axes(a, shift, axis=None):
        total = np.zeros(a.ndim, np.int64)
        for i in range(n):
            total[_normalize_axis(_item(axis, i), a.ndim)] += _item(shift, i)
        out = np.empty(a.shape, a.dtype)
        dst = out.reshape(-1)
        src = np.ascontiguousarray(a).reshape(-1)
        for p in range(a.size):
            rest, q, step = p, 0, 1
            for d in range(a.ndim - 1, -1, -1):   # p's index along d, moved by total[d]
                q += ((rest % a.shape[d] + total[d]) % a.shape[d]) * step
                rest //= a.shape[d]
                step *= a.shape[d]
            dst[q] = src[p]
        return out
    return roll_axes


@overload(np.roll)
def roll(a, shift, axis=None):
    arr = array_of(a)
    if arr is None or not (is_int(shift) or _int_tuple(shift)):
        return None
    if axis is None or is_none(axis):
        return roll_flat if is_int(shift) else None
    if not (is_int(axis) or _int_tuple(axis)) or arr.ndim == 0:
        return None
    if is_int(shift) and is_int(axis):
        return roll_axis
    sizes = {len(t.items) for t in (shift, axis) if isinstance(t, Tuple)}
    if len(sizes - {1}) > 1:
        raise TypingError("np.roll(): shape mismatch: shift and axis cannot be broadcast to a single shape")
    return _roll_axes_impl(max(sizes))
