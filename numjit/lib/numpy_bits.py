"""np.packbits and np.unpackbits (axis=, bitorder='big'/'little'; unpackbits' count=), written as
plain Python over the array's lanes along the axis (the flattened array, C order, without one).

    >>> from numjit.types import boolean, uint8, int64
    >>> packbits(boolean[:]).__name__, unpackbits(uint8[:, :], int64).__name__
    ('packbits_flat', 'unpackbits_axis')
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_last, lane, lane_count, tuple_setitem
from ..types import Boolean, Const, Integer
from ..types.scalars import uint8
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, specialized
from .numpy_joining import _normalize_axis


def _little(bitorder):
    """True for bitorder='little' (a constant string; default 'big')."""
    if bitorder is None or is_none(bitorder):
        return False
    if isinstance(bitorder, Const) and bitorder.value in ("big", "little"):
        return bitorder.value == "little"
    raise TypingError("'order' must be either 'little' or 'big' (a constant string in compiled code)")


def _axis(axis):
    """None (flattened), True (an int axis), or no match."""
    if axis is None or is_none(axis):
        return False
    return True if is_int(axis) else None


@specialized
def _pack_impl(little, with_axis):
    def pack_lane(src, dst):
        n = len(src)
        for j in range(len(dst)):
            byte = 0
            for b in range(8):
                i = 8 * j + b
                if i < n and src[i] != 0:
                    byte |= (1 << b) if little else (128 >> b)
            dst[j] = byte

    def packbits_flat(a, axis=None, bitorder="big"):
        flat = np.ravel(a)
        out = np.empty((flat.size + 7) // 8, np.uint8)
        pack_lane(flat, out)
        return out

    def packbits_axis(a, axis=None, bitorder="big"):
        ax = _normalize_axis(axis, a.ndim)
        out = np.empty(tuple_setitem(a.shape, ax, (a.shape[ax] + 7) // 8), np.uint8)
        v, w = axis_last(a, ax), axis_last(out, ax)
        for k in range(lane_count(v)):
            pack_lane(lane(v, k), lane(w, k))
        return out
    return packbits_axis if with_axis else packbits_flat


@overload(np.packbits)
def packbits(a, axis=None, bitorder=None):
    arr, with_axis = array_of(a), _axis(axis)
    if arr is None or with_axis is None:
        return None
    if not isinstance(arr.dtype, (Integer, Boolean)):
        raise TypingError("np.packbits(): Expected an input array of integer or boolean data type "
                          "(NumPy raises TypeError)")
    return _pack_impl(_little(bitorder), with_axis)


def _bit_count(n, count):
    """unpackbits' output length for n bytes: 8n, or count (negative: from 8n)."""
    if count is None:
        return 8 * n
    if count >= 0:
        return count
    if -count > 8 * n:
        raise ValueError("-count larger than number of elements")
    return 8 * n + count


@specialized
def _unpack_impl(little, with_axis):
    def unpack_lane(src, dst):
        n = len(src)
        for i in range(len(dst)):
            j = i // 8
            shift = i % 8 if little else 7 - i % 8
            dst[i] = (src[j] >> shift) & 1 if j < n else 0

    def unpackbits_flat(a, axis=None, count=None, bitorder="big"):
        flat = np.ravel(a)
        out = np.empty(_bit_count(flat.size, count), np.uint8)
        unpack_lane(flat, out)
        return out

    def unpackbits_axis(a, axis=None, count=None, bitorder="big"):
        ax = _normalize_axis(axis, a.ndim)
        out = np.empty(tuple_setitem(a.shape, ax, _bit_count(a.shape[ax], count)), np.uint8)
        v, w = axis_last(a, ax), axis_last(out, ax)
        for k in range(lane_count(v)):
            unpack_lane(lane(v, k), lane(w, k))
        return out
    return unpackbits_axis if with_axis else unpackbits_flat


@overload(np.unpackbits)
def unpackbits(a, axis=None, count=None, bitorder=None):
    arr, with_axis = array_of(a), _axis(axis)
    if arr is None or with_axis is None or not (count is None or is_none(count) or is_int(count)):
        return None
    if arr.dtype != uint8:
        raise TypingError("np.unpackbits(): Expected an input array of unsigned byte data type "
                          "(NumPy raises TypeError)")
    return _unpack_impl(_little(bitorder), with_axis)
