"""NumPy 2's unique_values / unique_counts / unique_inverse / unique_all (namedtuple results read
by field in compiled code and boxed as NumPy's classes) and complex sorting (np.sort, a.sort(),
np.argsort, np.unique (axis= too), np.searchsorted, np.partition / argpartition, the set operations in NumPy's lexicographic
order with its NaN placement), compiled vs. NumPy on the same inputs: int / float / complex64 /
complex128, 2-d, strided, empty, NaN.

unique_values' order is unspecified in NumPy 2.3+ (hash-based for integers): compared sorted;
unique_inverse's inverse of NaNs (each its own value) follows NumPy's unstable quicksort:
checked by values[inverse] == x.
"""
import numpy as np
import pytest

from impl import njit

pytestmark = pytest.mark.numjit_only         # numba has neither


def uniques(x):
    c, i, al = np.unique_counts(x), np.unique_inverse(x), np.unique_all(x)
    return np.unique_values(x), c, i, al, (c.values, c.counts, i.inverse_indices, al.indices, al.counts)


def check_uniques(x, got, want):
    assert np.array_equal(got[0], np.sort(want[0]), equal_nan=True)
    for k, (g, w) in enumerate(zip(got[1:4], want[1:4])):
        assert type(g) is type(w) and g._fields == w._fields
        for field, p, q in zip(g._fields, g, w):
            assert p.dtype == q.dtype and p.shape == q.shape
            if k == 1 and field == "inverse_indices":      # NumPy's quicksort places equal-ranked NaNs freely
                assert np.array_equal(g.values[p], x, equal_nan=True)
            else:
                assert np.array_equal(p, q, equal_nan=True), (field, p, q)
    c, i, al = want[1:4]
    for p, q in zip(got[4], (c.values, c.counts, got[2].inverse_indices, al.indices, al.counts)):
        assert np.array_equal(p, q, equal_nan=True)


def test_unique_results():
    f = njit(uniques)
    rng = np.random.default_rng(2)
    ints = rng.integers(-3, 4, (5, 6))
    floats = rng.integers(0, 4, 17).astype(np.float64)
    floats[[2, 9]] = np.nan                                      # each NaN a value of its own
    for x in (ints, ints[::2, ::-1], ints[:0]):
        check_uniques(x, f(x), uniques(x))
    check_uniques(floats, f(floats), uniques(floats))


def complex_data(rng, n, dtype):
    z = (rng.integers(-2, 3, n) + 1j * rng.integers(-2, 3, n)).astype(dtype)
    nan = np.nan
    specials = np.array([complex(nan, 1), complex(1, nan), complex(nan, nan), complex(nan, 0), complex(0, nan),
                         complex(-0.0, 1), complex(0.0, -0.0), complex(nan, -2), complex(-1, nan)], dtype)
    z[rng.choice(n, len(specials), replace=False)] = specials
    return z


def sorts(z, z2):
    b = z.copy()
    b.sort()
    s = np.sort(z)
    c = z2.copy()
    c.sort(axis=0)
    return (s, np.argsort(z), b, np.unique(z), np.searchsorted(s, z), np.searchsorted(s, z, side="right"),
            np.sort(z2, axis=1), np.argsort(z2, axis=0), c, np.sort(z2, axis=None), np.unique_values(z),
            np.sort_complex(z), np.unique(z2[:, :2], axis=0))


def test_complex_sorting():
    rng = np.random.default_rng(4)
    f = njit(sorts)
    for dtype, n in ((np.complex128, 40), (np.complex64, 40), (np.complex128, 3000)):   # 3000: by radix
        z = complex_data(rng, n, dtype)
        z2 = complex_data(rng, 36, dtype).reshape(6, 6)[:, ::-1]
        got = f(z, z2)
        s = np.sort(z)
        want = (s, np.argsort(z, kind="stable"), s, np.unique(z), np.searchsorted(s, z),
                np.searchsorted(s, z, side="right"),
                np.sort(z2, axis=1), np.argsort(z2, axis=0, kind="stable"), np.sort(z2, axis=0), np.sort(z2, axis=None),
                np.sort(np.unique_values(z)), np.sort_complex(z), np.unique(z2[:, :2], axis=0))
        for k, (g, w) in enumerate(zip(got, want)):
            assert g.dtype == w.dtype and g.shape == w.shape, (k, g.dtype, w.dtype)
            assert np.array_equal(g, w, equal_nan=True), (k, g, w)
    z, w = complex_data(rng, 30, np.complex128), complex_data(rng, 20, np.complex128)
    z, w = z[z == z], w[w == w]                                 # (NaN: no set operation finds it)

    def sets(z, w):
        return (np.isin(z, w), np.intersect1d(z, w), np.setdiff1d(z, w), np.union1d(z, w), np.setxor1d(z, w),
                np.intersect1d(z, w, return_indices=True)[2])
    for g, e in zip(njit(sets)(z, w), sets(z, w)):
        assert np.array_equal(g, e)
    part = njit(lambda z, k: (np.partition(z, k), np.argpartition(z, k)))
    z = complex_data(rng, 30, np.complex128)
    for k in (0, 7, -1):
        p, idx = part(z, k)
        s = np.sort(z)
        assert np.array_equal(p[k], s[k], equal_nan=True) and np.array_equal(z[idx], p, equal_nan=True)
        assert np.array_equal(np.sort(p[:k if k >= 0 else len(z) + k]), s[:k if k >= 0 else len(z) + k], equal_nan=True)
