"""np.ndindex and np.ndenumerate in compiled code: generators over an array's index tuples in C
order (the last index fastest), as NumPy's (np.nditer: lib/numpy_nditer.py); `a.flat` (iterated,
indexed and assigned by an int, a slice or an int array, in C order whatever the layout); `a.flags` (c_contiguous,
f_contiguous, contiguous, writeable, from the run-time shape and strides as NumPy computes them).

    >>> import numpy as np
    >>> from numjit import njit
    >>> @njit
    ... def corners(a):
    ...     return [(i, x) for i, x in np.ndenumerate(a) if x > 2]
    >>> corners(np.arange(6).reshape(2, 3))
    [((1, 0), 3), ((1, 1), 4), ((1, 2), 5)]
"""
import collections
import operator

import numpy as np

from ..errors import TypingError
from ..intrinsics.iterators import make_flat, flat_base, flat_load, flat_store
from ..intrinsics.shapes import tuple_setitem
from ..parallel import pndindex
from ..types import Tuple, Number
from ..types.iterators import FlatIterType
from ..types.slices import SliceType
from ..typing.registry import overload
from .guards import array_of, is_int, specialized


def _indexes(shape):
    """Every index tuple of `shape` in C order (an odometer: the last index turns fastest)."""
    n = 1
    for d in shape:
        n *= d
    index = shape
    for d in range(len(shape)):
        index = tuple_setitem(index, d, 0)
    for _ in range(n):
        yield index
        d = len(shape) - 1
        while d >= 0:
            i = index[d] + 1
            if i < shape[d]:
                index = tuple_setitem(index, d, i)
                break
            index = tuple_setitem(index, d, 0)
            d -= 1


def _index_0d(shape):
    """The one (empty) index of a 0-d shape."""
    yield shape


def ndindex_tuple(shape):
    return _indexes(shape)


def ndindex_dims(*shape):
    return _indexes(shape)


def ndindex_0d(*shape):
    return _index_0d(())


@overload(np.ndindex)
def ndindex(*shape):
    dims = shape[0].items if len(shape) == 1 and isinstance(shape[0], Tuple) else shape
    if not all(is_int(t) for t in dims):
        raise TypingError("np.ndindex() takes integer dimensions or a tuple of them")
    if not dims:
        return ndindex_0d
    return ndindex_tuple if dims is not shape else ndindex_dims


@overload(pndindex)
def pndindex_overload(*shape):
    """numba's parallel ndindex: np.ndindex here (the loop is not split over threads)."""
    return ndindex(*shape)


def ndenumerate_impl(arr):
    for index in _indexes(arr.shape):
        yield index, arr[index]


def ndenumerate_0d(arr):
    yield (), arr[()]


@overload(np.ndenumerate)
def ndenumerate(arr):
    a = array_of(arr)
    if a is None:
        return None
    return ndenumerate_impl if a.ndim else ndenumerate_0d


# -- a.flat ------------------------------------------------------------------------------------------

def flat_impl(a):
    return make_flat(a)


@overload("array.flat")
def flat(a):
    return flat_impl


def _position(n, i):
    k = int(i) if i < n else n          # int(): uint64 with int64 would give float64 arithmetic
    if k < 0:
        k += n
    if k < 0 or k >= n:
        raise IndexError(f"index {i} is out of bounds for size {n}")
    return k


def _slice_positions(n, index):
    return np.arange(n)[index]


def _array_positions(n, index):
    return index


def _nd_array_positions(n, index):
    return np.ravel(index)


def _positions_of(index):
    """How to get the C-order positions an index (a slice or an int array) of a.flat picks."""
    if isinstance(index, SliceType):
        return _slice_positions
    arr = array_of(index)
    if arr is not None and arr.ndim >= 1 and is_int(arr.dtype):
        return _array_positions if arr.ndim == 1 else _nd_array_positions
    return None


def flat_get_int(f, i):
    return flat_load(f, _position(flat_base(f).size, i))


@specialized
def _flat_get_many(positions):
    def flat_get_many(f, index):
        a = flat_base(f)
        picks = positions(a.size, index)
        out = np.empty(len(picks), a.dtype)
        for j in range(len(picks)):
            out[j] = flat_load(f, _position(a.size, picks[j]))
        return out

    def flat_get_shaped(f, index):              # an n-d index array: its shape
        return flat_get_many(f, index).reshape(index.shape)
    return flat_get_shaped if positions is _nd_array_positions else flat_get_many


@overload(operator.getitem)
def flat_getitem(f, index):
    if not isinstance(f, FlatIterType):
        return None
    if is_int(index):
        return flat_get_int
    positions = _positions_of(index)
    return _flat_get_many(positions) if positions is not None else None


def flat_set_int(f, i, value):
    flat_store(f, _position(flat_base(f).size, i), value)


@specialized
def _flat_set_many(positions, scalar):
    def flat_set_many(f, index, value):
        a = flat_base(f)
        picks = positions(a.size, index)
        if scalar:
            for j in range(len(picks)):
                flat_store(f, _position(a.size, picks[j]), value)
        else:
            values = np.ravel(value)
            if values.size == 0:
                return
            for j in range(len(picks)):          # NumPy repeats the values when they are fewer
                flat_store(f, _position(a.size, picks[j]), values[j % values.size])
    return flat_set_many


@overload(operator.setitem)
def flat_setitem(f, index, value):
    if not isinstance(f, FlatIterType):
        return None
    if f.array.readonly:
        raise TypingError(f"cannot assign through .flat of a read-only array ({f.array})")
    if is_int(index):
        return flat_set_int if isinstance(value, Number) else None
    positions = _positions_of(index)
    if positions is None or not (isinstance(value, Number) or array_of(value) is not None):
        return None
    return _flat_set_many(positions, isinstance(value, Number))


def flat_len(f):
    return flat_base(f).size


@overload(len)
def flat_length(f):
    return flat_len if isinstance(f, FlatIterType) else None


# -- a.flags -----------------------------------------------------------------------------------------

ArrayFlags = collections.namedtuple("flags", ["c_contiguous", "f_contiguous", "contiguous", "writeable"])


def _contiguous(shape, strides, itemsize, c_order):
    """NumPy's rule: sizes of 1 do not count; an empty array is contiguous both ways."""
    expected = itemsize
    ok = True
    for k in range(len(shape)):
        d = len(shape) - 1 - k if c_order else k
        if shape[d] == 0:
            return True
        if shape[d] != 1:
            if strides[d] != expected:
                ok = False
            expected *= shape[d]
    return ok


@specialized
def _flags_impl(writeable, zero_d):
    def flags_impl(a):
        if zero_d:
            return ArrayFlags(True, True, True, writeable)
        c = _contiguous(a.shape, a.strides, a.itemsize, True)
        return ArrayFlags(c, _contiguous(a.shape, a.strides, a.itemsize, False), c, writeable)
    return flags_impl


@overload("array.flags")
def flags(a):
    return _flags_impl(not a.readonly, a.ndim == 0)


def _scalar_of_0d(convert):
    """`float(x)`, `int(x)`, `bool(x)`, `complex(x)` of a 0-d array x (nditer's elements): its item."""
    def typer(x):
        a = array_of(x)
        if a is None or a.ndim != 0:
            return None
        return lambda x: convert(x[()])
    return typer


for _convert in (float, int, bool, complex):
    overload(_convert)(_scalar_of_0d(_convert))
