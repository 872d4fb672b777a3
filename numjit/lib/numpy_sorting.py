"""Sorting and searching written as plain Python: np.sort / a.sort() (kind=, axis=), np.argsort /
a.argsort() (always stable: NumPy's kind='stable' order), np.searchsorted / a.searchsorted (side=, sorter=),
np.partition / np.argpartition (kth an int or a 1-D integer array, axis=; they sort the whole lane, which is one valid
partition, in O(n log n) rather than NumPy's O(n)).

NaN sorts last, as in NumPy: `less(x, y)` is x < y, or y is NaN and x is not; complex numbers
sort lexicographically (real part, then imaginary part, NaN parts last: NumPy's CPLX_LT),
through their stable sorting permutation. Lanes of
RADIX_MIN numbers or more sort by LSD radix (numjit/lib/numpy_radix.py; argsort stays stable).
Shorter ones, and other dtypes, sort values by introsort (median-of-three quicksort, heapsort
past 2*log2(n) levels, insertion sort for short runs) after the NaNs are moved to the end, and
indexes by a bottom-up merge sort.

    >>> from numjit.types import float64, int64, Const
    >>> searchsorted(float64[::1], int64).__name__, searchsorted(float64[:], float64[:], Const("right")).__name__
    ('search_one', 'search')
    >>> from numjit.types import none
    >>> sort(float64[:, :]).__name__, sort(float64[:], none).__name__
    ('sort_axis', 'sort_flat')
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_last, lane, lane_count
from ..types import Const, Complex, Integer
from ..types.scalars import is_intlike
from ..typing.registry import overload
from .guards import array_of, is_none, is_number, specialized
from .numpy_radix import RADIX_MIN, radix_sort, radix_argsort

KINDS = ("quicksort", "mergesort", "heapsort", "stable")
SMALL = 16


def less(x, y):
    """NumPy's sort order: NaN after everything else; complex numbers lexicographically
    (typed by `less_typer` below)."""


def _less_real(x, y):
    return x < y or (y != y and x == x)


def _less_complex(x, y):
    """NumPy's CPLX_LT: real parts first, then imaginary parts, a NaN part after any number:
    R + Rj < R + nanj < nan + Rj < nan + nanj."""
    xr, xi, yr, yi = x.real, x.imag, y.real, y.imag
    if xr < yr:
        return xi == xi or yi != yi
    if xr > yr:
        return yi != yi and xi == xi
    if xr == yr or (xr != xr and yr != yr):
        return xi < yi or (yi != yi and xi == xi)
    return yr != yr


@overload(less)
def less_typer(x, y):
    return _less_complex if isinstance(x, Complex) or isinstance(y, Complex) else _less_real


# -- values: introsort on a 1-D array, in place --------------------------------------------------

def _insertion(a, lo, hi):
    for i in range(lo + 1, hi):
        x = a[i]
        j = i - 1
        while j >= lo and x < a[j]:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = x


def _sift(a, lo, start, end):
    root = start
    while True:
        child = 2 * root + 1
        if child >= end:
            return
        if child + 1 < end and a[lo + child] < a[lo + child + 1]:
            child += 1
        if a[lo + root] < a[lo + child]:
            t = a[lo + root]
            a[lo + root] = a[lo + child]
            a[lo + child] = t
            root = child
        else:
            return


def _heapsort(a, lo, hi):
    n = hi - lo
    for start in range(n // 2 - 1, -1, -1):
        _sift(a, lo, start, n)
    for end in range(n - 1, 0, -1):
        t = a[lo]
        a[lo] = a[lo + end]
        a[lo + end] = t
        _sift(a, lo, 0, end)


def _swap(a, i, j):
    t = a[i]
    a[i] = a[j]
    a[j] = t


def _introsort(a, n):
    """Sort a[:n] (no NaN inside) with `<`: an explicit stack of ranges, the larger pushed."""
    depth_limit = 0
    m = n
    while m > 1:
        depth_limit += 2
        m >>= 1
    stack = np.empty((128, 3), np.int64)
    top = 0
    lo = 0
    hi = n
    depth = depth_limit
    while True:
        if hi - lo <= SMALL:
            _insertion(a, lo, hi)
        elif depth == 0:
            _heapsort(a, lo, hi)
        else:
            mid = lo + ((hi - lo) >> 1)
            if a[mid] < a[lo]:
                _swap(a, mid, lo)
            if a[hi - 1] < a[mid]:
                _swap(a, hi - 1, mid)
                if a[mid] < a[lo]:
                    _swap(a, mid, lo)
            pivot = a[mid]
            i = lo
            j = hi - 1
            while True:                               # Hoare partition; a[lo] <= pivot <= a[hi-1]
                i += 1
                while a[i] < pivot:
                    i += 1
                j -= 1
                while pivot < a[j]:
                    j -= 1
                if i >= j:
                    break
                _swap(a, i, j)
            split = j + 1 if j >= lo + 1 else lo + 1
            if split - lo < hi - split:               # push the larger part, go on with the smaller
                stack[top, 0] = split
                stack[top, 1] = hi
                hi = split
            else:
                stack[top, 0] = lo
                stack[top, 1] = split
                lo = split
            stack[top, 2] = depth - 1
            top += 1
            depth -= 1
            continue
        if top == 0:
            return
        top -= 1
        lo, hi, depth = stack[top, 0], stack[top, 1], stack[top, 2]


def sort_1d(a):
    """Sort a 1-D array in place, NaNs last (typed by `sort_1d_typer` below)."""


def _sort_1d_real(a):
    """By radix for long lanes of numbers, else by introsort after moving the NaNs last."""
    n = len(a)
    if n >= RADIX_MIN and radix_sort(a):
        return
    k = n
    i = 0
    while i < k:
        if a[i] != a[i]:
            k -= 1
            _swap(a, i, k)
        else:
            i += 1
    _introsort(a, k)


def _sort_1d_complex(a):
    """Complex numbers: through their stable sorting permutation (NumPy's order, `less`)."""
    perm = np.empty(len(a), np.int64)
    argsort_1d(a, perm)
    ordered = a[perm]
    for i in range(len(a)):
        a[i] = ordered[i]


@overload(sort_1d)
def sort_1d_typer(a):
    arr = array_of(a)
    return _sort_1d_complex if arr is not None and isinstance(arr.dtype, Complex) else _sort_1d_real


def _sort_lanes(v):
    """Sort each lane of v (its last axis) in place; strided lanes through a contiguous buffer."""
    if v.shape[-1] < 2:
        return
    if v.strides[-1] == v.itemsize:
        for k in range(lane_count(v)):
            sort_1d(lane(v, k))
        return
    buf = np.empty(v.shape[-1], v.dtype)
    for k in range(lane_count(v)):
        src = lane(v, k)
        for j in range(len(src)):
            buf[j] = src[j]
        sort_1d(buf)
        for j in range(len(src)):
            src[j] = buf[j]


def sort_axis(a, axis=-1, kind=None):
    out = a.copy()
    _sort_lanes(axis_last(out, axis))
    return out


def sort_flat(a, axis=None, kind=None):
    out = a.copy().reshape(-1)
    sort_1d(out)
    return out


def sort_inplace(a, axis=-1, kind=None):
    _sort_lanes(axis_last(a, axis))


def _check_kind(kind):
    if not (is_none(kind) or isinstance(kind, Const) and kind.value in KINDS):
        raise TypingError(f"sort kind must be one of {KINDS}, not {kind}")


def _sortable(a):
    arr = array_of(a)
    if arr is None:
        return None
    if arr.ndim == 0:
        raise TypingError("np.sort(): a 0-d array cannot be sorted along an axis (NumPy raises AxisError)")
    return arr


@overload(np.sort)
def sort(a, axis=None, kind=None):
    if _sortable(a) is None:
        return None
    _check_kind(kind)
    if axis is not None and is_none(axis):
        return sort_flat
    if axis is None or is_intlike(axis):
        return sort_axis
    return None


@overload("array.sort")
def sort_method(a, axis=None, kind=None):
    arr = _sortable(a)
    if arr is None or not (axis is None or is_intlike(axis)):
        return None
    if arr.readonly:
        raise TypingError("a.sort() of a read-only array")
    _check_kind(kind)
    return sort_inplace


# -- indexes: stable bottom-up merge sort -----------------------------------------------------------

def merge_sort_indexes(out, before, data):
    """Sort the indexes in `out` stably by `before(data, i, j)` (is item i strictly before item j):
    insertion-sorted runs of SMALL, then a bottom-up merge."""
    n = len(out)
    for lo in range(0, n, SMALL):                      # insertion-sorted runs
        hi = min(lo + SMALL, n)
        for i in range(lo + 1, hi):
            x = out[i]
            j = i - 1
            while j >= lo and before(data, x, out[j]):
                out[j + 1] = out[j]
                j -= 1
            out[j + 1] = x
    if n <= SMALL:
        return
    src = out
    dst = np.empty(n, np.int64)
    width = SMALL
    swapped = False
    while width < n:
        for lo in range(0, n, 2 * width):
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            i = lo
            j = mid
            for k in range(lo, hi):
                if i < mid and (j >= hi or not before(data, src[j], src[i])):
                    dst[k] = src[i]
                    i += 1
                else:
                    dst[k] = src[j]
                    j += 1
        src, dst = dst, src
        swapped = not swapped
        width *= 2
    if swapped:
        for i in range(n):
            out[i] = src[i]


def _value_before(v, i, j):
    return less(v[i], v[j])


def argsort_1d(v, out):
    """out[:] = the stable sorting permutation of the 1-D v (out an int64 array of len(v))."""
    n = len(v)
    if n >= RADIX_MIN and radix_argsort(v, out):
        return
    for i in range(n):
        out[i] = i
    merge_sort_indexes(out, _value_before, v)


def argsort_axis(a, axis=-1, kind=None):
    out = np.empty(a.shape, np.int64)
    v = axis_last(a, axis)
    w = axis_last(out, axis)
    buf = np.empty(v.shape[-1], np.int64)
    for k in range(lane_count(v)):
        argsort_1d(lane(v, k), buf)
        dst = lane(w, k)
        for j in range(len(buf)):
            dst[j] = buf[j]
    return out


def argsort_flat(a, axis=None, kind=None):
    out = np.empty(a.size, np.int64)
    argsort_1d(a.reshape(-1), out)
    return out


@overload(np.argsort, "array.argsort")
def argsort(a, axis=None, kind=None):
    if _sortable(a) is None:
        return None
    _check_kind(kind)
    if axis is not None and is_none(axis):
        return argsort_flat
    if axis is None or is_intlike(axis):
        return argsort_axis
    return None


# -- searchsorted -----------------------------------------------------------------------------------

def _value_error(message):
    raise ValueError(message)


@specialized
def _search_impl(right, with_sorter, many, message):
    """NumPy's binary search, which starts from the previous value's answer (so even an unsorted `a`
    gives NumPy's positions); `sorter` indexes `a` (checked, as NumPy does, where it is read);
    a `message` is NumPy's error for a bad side=."""
    def item(a, sorter, k):
        if not with_sorter:
            return a[k]
        j = sorter[k]
        if j < 0 or j >= len(a):
            raise ValueError("Sorter index out of range.")
        return a[j]

    def goes_after(y, x):                       # the search moves right of y, an item of a
        return (not less(x, y)) if right else less(y, x)

    def search(a, v, side=None, sorter=None):
        if message:
            _value_error(message)                   # (a call: the code after it stays typed)
        if with_sorter and len(sorter) != len(a):
            raise ValueError("sorter.size must equal a.size")
        n = len(a)
        out = np.empty(v.shape if many else (1,), np.int64)
        flat = out.reshape(-1)
        keys = np.ravel(v) if many else np.full(1, v)
        lo = 0
        hi = n
        k = 0
        for x in keys:
            if k > 0 and goes_after(keys[k - 1], x):
                hi = n
            else:
                lo = 0
                hi = hi + 1 if hi < n else n
            while lo < hi:
                mid = lo + ((hi - lo) >> 1)
                if goes_after(item(a, sorter, mid), x):
                    lo = mid + 1
                else:
                    hi = mid
            flat[k] = lo
            k += 1
        return out

    def search_one(a, v, side=None, sorter=None):
        return search(a, v, side, sorter)[0]
    return search if many else search_one


def _side_error(side):
    """NumPy's message for a side= other than 'left' / 'right' (None for those two)."""
    if side in ("left", "right"):
        return None
    if isinstance(side, str) and side[:1].lower() in ("l", "r"):
        return "search side must be one of 'left' or 'right'"
    return f"search side must be 'left' or 'right' (got {side!r})"


@overload(np.searchsorted, "array.searchsorted", "arrayexpr.searchsorted")
def searchsorted(a, v, side=None, sorter=None):
    arr, values = array_of(a), array_of(v)
    if arr is None or not (values is not None or is_number(v)):
        return None
    if arr.ndim != 1:
        raise TypingError("np.searchsorted(): the sorted array must be 1-dimensional (NumPy raises "
                          "ValueError: object too deep for desired array)")
    if not (is_none(side) or isinstance(side, Const)):
        return None
    message = _side_error("left" if is_none(side) else side.value)
    with_sorter = not is_none(sorter)
    if with_sorter and (array_of(sorter) is None or array_of(sorter).ndim != 1):
        return None
    return _search_impl(not is_none(side) and side.value == "right", with_sorter, values is not None, message or "")


# -- partition / argpartition: a full sort is a valid partition ------------------------------------------

def _check_kth(kth, n):
    k = kth + n if kth < 0 else kth
    if k < 0 or k >= n:
        raise ValueError("kth out of bounds")


def _check_kths(kth, n):
    for k in kth:
        _check_kth(k, n)


def partition_impl(a, kth, axis=-1):
    _check_kth(kth, axis_last(a, axis).shape[-1])
    return sort_axis(a, axis)


def argpartition_impl(a, kth, axis=-1):
    _check_kth(kth, axis_last(a, axis).shape[-1])
    return argsort_axis(a, axis)


def partition_many_impl(a, kth, axis=-1):
    _check_kths(kth, axis_last(a, axis).shape[-1])
    return sort_axis(a, axis)


def argpartition_many_impl(a, kth, axis=-1):
    _check_kths(kth, axis_last(a, axis).shape[-1])
    return argsort_axis(a, axis)


def _partition_typer(impl, many_impl):
    def typer(a, kth, axis=None):
        kths = array_of(kth)
        many = kths is not None and kths.ndim == 1 and isinstance(kths.dtype, Integer)
        if _sortable(a) is None or not (is_intlike(kth) or many) or not (axis is None or is_intlike(axis)):
            return None
        return many_impl if many else impl
    return typer


overload(np.partition)(_partition_typer(partition_impl, partition_many_impl))
overload(np.argpartition, "array.argpartition")(_partition_typer(argpartition_impl, argpartition_many_impl))
