"""np.ndindex and np.ndenumerate in compiled code: generators over an array's index tuples in C
order (the last index fastest), as NumPy's.

    >>> import numpy as np
    >>> from numjit import njit
    >>> @njit
    ... def corners(a):
    ...     return [(i, x) for i, x in np.ndenumerate(a) if x > 2]
    >>> corners(np.arange(6).reshape(2, 3))
    [((1, 0), 3), ((1, 1), 4), ((1, 2), 5)]
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import tuple_setitem
from ..types import Tuple
from ..typing.registry import overload
from .guards import array_of, is_int


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
