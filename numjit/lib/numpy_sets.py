"""Sets and nonzero written as plain Python: np.unique (return_index / return_inverse /
return_counts, NaNs collapsed as NumPy 2's equal_nan=True; axis=: the distinct slices along
an axis, lexicographically, with a 1-d inverse), np.isin, np.intersect1d (return_indices=),
np.union1d, np.setdiff1d, np.setxor1d, np.nonzero / a.nonzero(), np.where(cond), np.argwhere,
np.flatnonzero, np.count_nonzero (axis=), and `x in a` / `x not in a` for an array a of numbers (any
element == x, as NumPy's `(a == x).any()`). Values compare in NumPy's sort order
(numpy_sorting.less: NaN last, complex numbers lexicographically).

The return_* flags decide the result's type, so they are constants (True/False literals).

    >>> from numjit.types import float64, int64, Const
    >>> unique(float64[:]).__name__, unique(int64[:, :], Const(True), None, Const(True)).__name__
    ('unique_plain', 'unique_all')
    >>> nonzero(float64[:, :]).__name__
    'nonzero_2'
"""
import operator

import numpy as np

from ..errors import TypingError
from ..types import Const, Boolean
from ..typing.registry import overload
from ..intrinsics.shapes import tuple_setitem
from .guards import array_of, is_int, is_none, is_number, specialized
from .numpy_sorting import argsort_1d, less, merge_sort_indexes, sort_1d
from .numpy_linalg_lapack import literal_flag
from .numpy_reductions import one_element


def _same(x, y):
    """Equal, NaN equal to NaN (unique's equal_nan=True)."""
    return x == y or (x != x and y != y)


def _sorted_flat(a):
    out = a.copy().reshape(-1)
    sort_1d(out)
    return out


def _distinct(s):
    """The unique values of the sorted 1-D s."""
    n = len(s)
    count = 0
    for i in range(n):
        if i == 0 or not _same(s[i], s[i - 1]):
            count += 1
    out = np.empty(count, s.dtype)
    k = 0
    for i in range(n):
        if i == 0 or not _same(s[i], s[i - 1]):
            out[k] = s[i]
            k += 1
    return out


def unique_plain(ar, return_index=None, return_inverse=None, return_counts=None, axis=None):
    out = _distinct(_sorted_flat(ar))
    n = len(out)
    if n > 0 and out[n - 1] != out[n - 1]:      # the NaN kept is the first one met, as NumPy 2.3+'s
        for x in np.ravel(ar):                  # plain unique keeps it (it shows for complex NaNs)
            if x != x:
                out[n - 1] = x
                break
    return out


def _unique_parts(ar, equal_nan=True):
    """(values, first index, inverse (ar's shape), counts) as NumPy computes them (equal_nan=False:
    every NaN is a value of its own, as in np.unique_all)."""
    flat = ar.reshape(-1)
    n = len(flat)
    perm = np.empty(n, np.int64)
    argsort_1d(flat, perm)
    inverse = np.empty(n, np.int64)
    count = 0
    for i in range(n):
        x, y = flat[perm[i]], flat[perm[i - 1]]
        if i == 0 or not (x == y or equal_nan and x != x and y != y):
            count += 1
        inverse[perm[i]] = count - 1
    values = np.empty(count, ar.dtype)
    first = np.empty(count, np.int64)
    counts = np.zeros(count, np.int64)
    for i in range(n):
        k = inverse[perm[i]]
        if counts[k] == 0:
            values[k] = flat[perm[i]]
            first[k] = perm[i]
        counts[k] += 1
    return values, first, inverse.reshape(ar.shape), counts


def _pack_i(u, i, v, c):
    return u, i


def _pack_v(u, i, v, c):
    return u, v


def _pack_c(u, i, v, c):
    return u, c


def _pack_iv(u, i, v, c):
    return u, i, v


def _pack_ic(u, i, v, c):
    return u, i, c


def _pack_vc(u, i, v, c):
    return u, v, c


def _pack_ivc(u, i, v, c):
    return u, i, v, c


PACK = {(True, False, False): _pack_i, (False, True, False): _pack_v, (False, False, True): _pack_c,
        (True, True, False): _pack_iv, (True, False, True): _pack_ic, (False, True, True): _pack_vc,
        (True, True, True): _pack_ivc}


@specialized
def _unique_all(flags):
    pack = PACK[flags]

    def unique_all(ar, return_index=None, return_inverse=None, return_counts=None, axis=None):
        u, i, v, c = _unique_parts(ar)
        return pack(u, i, v, c)
    return unique_all


def _flag(t, name):
    if is_none(t):
        return False
    if isinstance(t, Const) and isinstance(t.value, bool):
        return t.value
    if isinstance(t, Boolean):
        return None                        # a run-time bool: retried with the literal, if any
    raise TypingError(f"np.unique(): {name} must be True or False, not {t}")


# -- unique(axis=): the distinct slices along an axis, in lexicographic order ---------------------

def _row_less(rows, i, j):
    """Is row i of the 2-D rows before row j (lexicographically, NaN last)?"""
    for k in range(rows.shape[1]):
        x = rows[i, k]
        y = rows[j, k]
        if less(x, y):
            return True
        if less(y, x):
            return False
    return False


def _rows_equal(rows, i, j):
    """Equal rows by == (rows holding NaN are each distinct, as NumPy's unique with axis=)."""
    for k in range(rows.shape[1]):
        if rows[i, k] != rows[j, k]:
            return False
    return True


def _sorted_rows(rows):
    """The stable order of the rows."""
    perm = np.arange(rows.shape[0])
    merge_sort_indexes(perm, _row_less, rows)
    return perm


def _unique_axis_parts(ar, axis):
    """(unique slices along axis, first index, inverse (1-d), counts)."""
    moved = np.moveaxis(ar, axis, 0)
    n = moved.shape[0]
    m = 1
    for k in range(1, moved.ndim):
        m *= moved.shape[k]
    rows = np.ascontiguousarray(moved).reshape(n, m)
    perm = _sorted_rows(rows)
    inverse = np.empty(n, np.int64)
    count = 0
    for i in range(n):
        if i == 0 or not _rows_equal(rows, perm[i], perm[i - 1]):
            count += 1
        inverse[perm[i]] = count - 1
    first = np.empty(count, np.int64)
    counts = np.zeros(count, np.int64)
    for i in range(n):
        k = inverse[perm[i]]
        if counts[k] == 0:
            first[k] = perm[i]
        counts[k] += 1
    values = np.empty((count, rows.shape[1]), ar.dtype)
    for k in range(count):
        values[k] = rows[first[k]]
    shape = tuple_setitem(moved.shape, 0, count)
    return np.moveaxis(values.reshape(shape), 0, axis), first, inverse, counts


@specialized
def _unique_axis(flags):
    pack = PACK.get(flags)

    def unique_axis(ar, return_index=None, return_inverse=None, return_counts=None, axis=None):
        return _unique_axis_parts(ar, axis)[0]

    def unique_axis_all(ar, return_index=None, return_inverse=None, return_counts=None, axis=None):
        u, i, v, c = _unique_axis_parts(ar, axis)
        return pack(u, i, v, c)
    return unique_axis_all if any(flags) else unique_axis


@overload(np.unique)
def unique(ar, return_index=None, return_inverse=None, return_counts=None, axis=None):
    arr = array_of(ar)
    if arr is None:
        return None
    flags = tuple(_flag(t, n) for t, n in ((return_index, "return_index"), (return_inverse, "return_inverse"),
                                          (return_counts, "return_counts")))
    if None in flags:
        return None
    if not is_none(axis):
        if not is_int(axis):
            raise TypingError(f"np.unique(): axis must be an int or None, not {axis}")
        if arr.ndim == 0:
            raise TypingError("np.unique(): an axis was given for a 0-d array")
        return _unique_axis(flags)
    return _unique_all(flags) if any(flags) else unique_plain


# -- membership and set operations ---------------------------------------------------------------

def _contains(s, x):
    """Is x in the sorted 1-D s (by ==: NaN is in nothing)?"""
    lo = 0
    hi = len(s)
    while lo < hi:
        mid = (lo + hi) >> 1
        if less(s[mid], x):
            lo = mid + 1
        else:
            hi = mid
    return lo < len(s) and s[lo] == x


def isin_impl(element, test_elements, assume_unique=False, invert=False):
    s = _sorted_flat(test_elements)
    out = np.empty(element.shape, np.bool_)
    flat = out.reshape(-1)
    k = 0
    for x in np.ravel(element):
        flat[k] = _contains(s, x) != invert
        k += 1
    return out


@overload(np.isin)
def isin(element, test_elements, assume_unique=None, invert=None):
    if array_of(element) is None or array_of(test_elements) is None:
        return None
    if not all(is_none(t) or isinstance(t, Boolean) or isinstance(t, Const) and isinstance(t.value, bool)
               for t in (assume_unique, invert)):
        return None
    return isin_impl


def array_contains_impl(a, value):
    for x in a.flat:
        if x == value:
            return True
    return False


def array_not_contains_impl(a, value):
    return not array_contains_impl(a, value)


@overload(operator.contains)
def array_contains(a, value):
    arr = array_of(a)
    if arr is not None and is_number(arr.dtype) and is_number(value):
        return array_contains_impl
    return None


@overload("not in")
def array_not_contains(a, value):
    return array_not_contains_impl if array_contains(a, value) is not None else None


def _common_positions(u1, u2):
    """Positions (in u1, in u2) of the values in both sorted unique arrays of one dtype (by ==)."""
    n = min(len(u1), len(u2))
    at1 = np.empty(n, np.int64)
    at2 = np.empty(n, np.int64)
    i = 0
    j = 0
    k = 0
    while i < len(u1) and j < len(u2):
        if u1[i] == u2[j]:
            at1[k] = i
            at2[k] = j
            k += 1
            i += 1
            j += 1
        elif less(u1[i], u2[j]) or u2[j] != u2[j]:
            i += 1
        else:
            j += 1
    return at1[:k], at2[:k]


def intersect1d_impl(ar1, ar2, assume_unique=False, return_indices=False):
    both = np.concatenate((np.ravel(ar1)[:0], np.ravel(ar2)[:0])).dtype       # NumPy's result dtype
    u1 = _distinct(_sorted_flat(ar1.astype(both)))
    at1, _ = _common_positions(u1, _distinct(_sorted_flat(ar2.astype(both))))
    return u1[at1]


def intersect1d_indices(ar1, ar2, assume_unique=False, return_indices=False):
    """return_indices=True: also the indices of the first occurrences in the flattened inputs."""
    both = np.concatenate((np.ravel(ar1)[:0], np.ravel(ar2)[:0])).dtype
    u1, first1 = np.unique(np.ravel(ar1).astype(both), return_index=True)
    u2, first2 = np.unique(np.ravel(ar2).astype(both), return_index=True)
    at1, at2 = _common_positions(u1, u2)
    return u1[at1], first1[at1], first2[at2]


def union1d_impl(ar1, ar2, assume_unique=False):
    return _distinct(_sorted_flat(np.concatenate((np.ravel(ar1), np.ravel(ar2)))))


def setdiff1d_impl(ar1, ar2, assume_unique=False):
    u = _distinct(_sorted_flat(ar1))
    s = _sorted_flat(ar2)
    keep = np.empty(len(u), np.bool_)
    for i in range(len(u)):
        keep[i] = not _contains(s, u[i])
    return u[keep]


def setxor1d_impl(ar1, ar2, assume_unique=False):
    aux = np.concatenate((_distinct(_sorted_flat(ar1)), _distinct(_sorted_flat(ar2))))
    sort_1d(aux)
    n = len(aux)
    keep = np.empty(n, np.bool_)
    for i in range(n):                             # NumPy's flags: differs from both neighbours
        keep[i] = (i == 0 or aux[i] != aux[i - 1]) and (i == n - 1 or aux[i + 1] != aux[i])
    return aux[keep]


def _two_arrays(impl):
    def typer(ar1, ar2, assume_unique=None):
        for a in (ar1, ar2):
            if array_of(a) is None:
                return None
        return impl
    return typer


@overload(np.intersect1d)
def intersect1d(ar1, ar2, assume_unique=None, return_indices=None):
    if _two_arrays(intersect1d_impl)(ar1, ar2, assume_unique) is None:
        return None
    indices = literal_flag(return_indices, False, "np.intersect1d(): return_indices")
    if indices is None:
        return None
    return intersect1d_indices if indices else intersect1d_impl
overload(np.setdiff1d)(_two_arrays(setdiff1d_impl))
overload(np.setxor1d)(_two_arrays(setxor1d_impl))
overload(np.union1d)(_two_arrays(union1d_impl))


# -- nonzero ----------------------------------------------------------------------------------------

def argwhere_impl(a):
    count = 0
    for x in np.ravel(a):
        if x != 0:
            count += 1
    out = np.empty((count, a.ndim), np.int64)
    shape = a.shape
    row = 0
    flat = 0
    for x in np.ravel(a):
        if x != 0:
            rest = flat
            for d in range(a.ndim - 1, -1, -1):
                out[row, d] = rest % shape[d]
                rest //= shape[d]
            row += 1
        flat += 1
    return out


def flatnonzero_impl(a):
    return argwhere_impl(np.ravel(a))[:, 0].copy()


def nonzero_1(a):
    w = argwhere_impl(a)
    return (w[:, 0].copy(),)


def nonzero_2(a):
    w = argwhere_impl(a)
    return (w[:, 0].copy(), w[:, 1].copy())


def nonzero_3(a):
    w = argwhere_impl(a)
    return (w[:, 0].copy(), w[:, 1].copy(), w[:, 2].copy())


def nonzero_4(a):
    w = argwhere_impl(a)
    return (w[:, 0].copy(), w[:, 1].copy(), w[:, 2].copy(), w[:, 3].copy())


NONZERO = {1: nonzero_1, 2: nonzero_2, 3: nonzero_3, 4: nonzero_4}


@overload(np.nonzero, "array.nonzero", "arrayexpr.nonzero", np.where)
def nonzero(a):
    arr = array_of(a)
    if arr is None:
        return None
    if arr.ndim == 0:
        raise TypingError("np.nonzero() of a 0-d array is not allowed (NumPy raises ValueError); "
                          "use np.atleast_1d(a).nonzero()")
    impl = NONZERO.get(arr.ndim)
    if impl is None:
        raise TypingError(f"np.nonzero() of a {arr.ndim}-d array is not supported (at most 4-d)")
    return impl


@overload(np.argwhere)
def argwhere(a):
    return argwhere_impl if array_of(a) is not None else None


@overload(np.flatnonzero)
def flatnonzero(a):
    return flatnonzero_impl if array_of(a) is not None else None


def count_all(a, axis=None):
    count = 0
    for x in np.ravel(a):
        if x != 0:
            count += 1
    return count


def count_axis(a, axis=None):
    return np.sum(a != 0, axis=axis)


@overload(np.count_nonzero)
def count_nonzero(a, axis=None):
    if array_of(a) is None:
        return None
    if axis is None or is_none(axis):
        return count_all
    if not is_int(axis):
        return None
    return count_axis if array_of(a).ndim else one_element(count_axis)
