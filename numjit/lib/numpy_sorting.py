"""Sorting and searching written as plain Python: np.searchsorted / a.searchsorted.

NaN sorts last, as in NumPy: `less(x, y)` is x < y, or y is NaN and x is not.

    >>> from numjit.types import float64, int64, Const
    >>> searchsorted(float64[::1], int64).__name__, searchsorted(float64[:], float64[:], Const("right")).__name__
    ('search_left', 'search_right_array')
"""
import numpy as np

from ..errors import TypingError
from ..types import Const
from ..typing.registry import overload
from .guards import array_of, is_none, is_number


def less(x, y):
    """NumPy's sort order: NaN after everything else."""
    return x < y or (y != y and x == x)


def _bisect(a, v, right):
    """The first i with a[i] > v (right) or a[i] >= v (left), in NumPy's order."""
    lo = 0
    hi = len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if less(v, a[mid]) if right else not less(a[mid], v):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _search_one(right):
    def search(a, v, side=None):
        return np.int64(_bisect(a, v, right))
    search.__name__ = "search_right" if right else "search_left"
    return search


def _search_many(right):
    def search(a, v, side=None):
        out = np.empty(v.shape, np.int64)
        flat = out.reshape(-1)
        k = 0
        for x in np.ravel(v):
            flat[k] = _bisect(a, x, right)
            k += 1
        return out
    search.__name__ = "search_right_array" if right else "search_left_array"
    return search


SEARCH = {(False, False): _search_one(False), (True, False): _search_one(True),
          (False, True): _search_many(False), (True, True): _search_many(True)}


@overload(np.searchsorted, "array.searchsorted")
def searchsorted(a, v, side=None):
    arr = array_of(a)
    if arr is None:
        return None
    if arr.ndim != 1:
        raise TypingError("np.searchsorted(): the sorted array must be 1-dimensional")
    if is_none(side):
        right = False
    elif isinstance(side, Const) and side.value in ("left", "right"):
        right = side.value == "right"
    else:
        raise TypingError(f"np.searchsorted(): side must be 'left' or 'right', not {side}")
    if is_number(v):
        return SEARCH[right, False]
    if array_of(v) is not None:
        return SEARCH[right, True]
    return None
