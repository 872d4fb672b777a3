"""Sorting, searching and sets compiled vs. NumPy on the same inputs: np.sort / a.sort()
(kind=, axis=), np.argsort (stable order), np.searchsorted (side=), np.unique (return_*),
np.isin, np.intersect1d / union1d / setdiff1d / setxor1d, np.nonzero / a.nonzero() /
np.where(cond) / np.argwhere / np.flatnonzero / np.count_nonzero.

Inputs: float64 with NaN/inf and ties, int32, bool; C, F, strided and empty arrays. Each check
compiles one function per signature (compilation dominates the time).
"""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from impl import TypingError, njit


def same(got, want, path="result"):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want), (path, got, want)
        for i, (g, w) in enumerate(zip(got, want)):
            same(g, w, f"{path}[{i}]")
        return
    g, w = np.asarray(got), np.asarray(want)
    assert g.dtype == w.dtype, (path, g.dtype, w.dtype)
    assert g.shape == w.shape, (path, g.shape, w.shape)
    assert np.array_equal(g, w, equal_nan=g.dtype.kind == "f"), (path, g, w)


def sorting(a, v):
    b = a.copy()
    b.sort()
    c = a.copy()
    c.sort(axis=0, kind="stable")
    return (np.sort(a), np.sort(a, axis=0), np.sort(a, axis=None), np.sort(a, -1, "mergesort"), b, c,
            np.argsort(a), np.argsort(a, axis=0), np.argsort(a, axis=None), a.argsort(kind="stable"),
            np.searchsorted(np.sort(a, axis=None), v), np.searchsorted(np.sort(a, axis=None), v, side="right"),
            np.sort(a, axis=None).searchsorted(v[0]), np.searchsorted(np.sort(a, axis=None), v[-1], "right"))


def numpy_sorting(a, v):
    b = a.copy()
    b.sort()
    c = a.copy()
    c.sort(axis=0, kind="stable")
    s = np.sort(a, axis=None)
    return (np.sort(a), np.sort(a, axis=0), s, np.sort(a, -1, "mergesort"), b, c,
            np.argsort(a, kind="stable"), np.argsort(a, axis=0, kind="stable"), np.argsort(a, axis=None, kind="stable"),
            a.argsort(kind="stable"), np.searchsorted(s, v), np.searchsorted(s, v, side="right"),
            s.searchsorted(v[0]), np.searchsorted(s, v[-1], "right"))


def test_sort_argsort_searchsorted_float():
    """Strided float64 (one signature): NaN, inf, ties, an empty array."""
    f = njit(sorting)
    rng = np.random.default_rng(1)
    big = rng.integers(-5, 5, (40, 30)).astype(np.float64)
    big[3, :7] = np.nan
    big[5, 2] = np.inf
    big[6, 9] = -np.inf
    v = np.array([-np.inf, -1.0, 0.5, 2.0, np.nan])
    for a in (big[:, ::2], big.T[::3, ::-1], rng.normal(size=(5, 140))[:, ::2], big[:0, ::2]):
        same(f(a, v), numpy_sorting(a, v))


def int_sorting(a, v):
    b = a.copy()
    b.sort(axis=0)
    return np.sort(a), np.argsort(a, axis=0), b, np.searchsorted(np.sort(a, axis=None), v, "right")


def test_sort_argsort_searchsorted_int_bool():
    rng = np.random.default_rng(2)
    a = rng.integers(-100, 100, (300, 9)).astype(np.int32)
    v = np.array([-101, 0, 5, 100], np.int32)
    s = np.sort(a, axis=None)
    same(njit(int_sorting)(a, v), (np.sort(a), np.argsort(a, axis=0, kind="stable"), np.sort(a, axis=0),
                                   np.searchsorted(s, v, "right")))
    bits = rng.integers(0, 2, (5, 40)).astype(np.bool_)
    got = njit(sort_1d)(bits)
    same(got, (np.sort(bits), np.argsort(bits, kind="stable"), np.sort(bits, axis=0)))


def sort_1d(a):
    return np.sort(a), np.argsort(a), np.sort(a, axis=0)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=64),
                          st.sampled_from([0.0, -0.0, 1.0, np.nan])), max_size=200))
def test_sort_1d_property(values):
    a = np.array(values, np.float64)
    got = SORT_1D(a)
    assert np.array_equal(got[0], np.sort(a), equal_nan=True)
    assert np.array_equal(got[1], np.argsort(a, kind="stable"))
    assert np.array_equal(got[2], np.sort(a), equal_nan=True)


SORT_1D = njit(sort_1d)


def sets(a, b):
    return (np.unique(a), np.unique(a, return_index=True), np.unique(a, True, True, True),
            np.unique(a, return_index=False, return_inverse=True, return_counts=True),
            np.isin(a, b), np.isin(a, b, invert=True), np.intersect1d(a, b), np.union1d(a, b),
            np.setdiff1d(a, b), np.setxor1d(a, b))


def test_unique_and_set_operations():
    f = njit(sets)
    rng = np.random.default_rng(3)
    a = rng.integers(0, 6, (7, 5)).astype(np.float64)
    a[1, 1] = a[4, 2] = np.nan
    b = np.array([1.0, 5.0, np.nan, 9.0, 1.0])
    same(f(a, b), sets(a, b))
    same(f(a[:0], b), sets(a[:0], b))
    ints = np.asfortranarray(rng.integers(-3, 3, (6, 4)))
    other = np.array([0, 2, 2, 7])
    same(njit(int_sets)(ints, other), int_sets(ints, other))


def int_sets(a, b):
    return (np.unique(a, True, True, True), np.isin(a, b), np.intersect1d(a, b), np.setdiff1d(a, b),
            np.setxor1d(a, b))


def nonzeros(a):
    return (np.nonzero(a), a.nonzero(), np.where(a), np.argwhere(a), np.flatnonzero(a),
            np.count_nonzero(a), np.count_nonzero(a, axis=0), np.count_nonzero(a, axis=-1))


def test_nonzero_family():
    f = njit(nonzeros)
    rng = np.random.default_rng(4)
    mask = rng.integers(0, 2, (3, 4, 5)).astype(np.bool_)
    same(f(mask), nonzeros(mask))
    empty = np.zeros((3, 0, 5), np.bool_)
    same(f(empty), nonzeros(empty))
    vals = np.array([[0.0, np.nan, -0.0], [2.0, 0.0, 1.0]])
    same(f(vals), nonzeros(vals))


def sort_axis(a, axis):
    return np.sort(a, axis=axis)


def bad_kind(a):
    return np.sort(a, kind="bogus")


def bad_side(a):
    return np.searchsorted(a, 1.0, side="middle")


def nonzero_0d(a):
    return np.nonzero(np.array(a[0, 0, 0]))


def test_errors():
    a = np.zeros((2, 3))
    with pytest.raises(np.exceptions.AxisError):
        njit(sort_axis)(a, 2)
    with pytest.raises(TypingError, match="kind"):
        njit(bad_kind)(a)
    with pytest.raises(ValueError, match=r"^search side must be 'left' or 'right' \(got 'middle'\)$"):
        njit(bad_side)(a[0])            # NumPy's error, at run time
    with pytest.raises(TypingError, match="0-d"):
        njit(nonzero_0d)(a[..., None])


def partitions(a, k):
    return np.partition(a, k), np.partition(a, -1, axis=0), np.argpartition(a, k), a.argpartition(0, axis=0)


def test_partition_argpartition():
    a = np.random.default_rng(5).integers(0, 9, (6, 7)).astype(np.float64)
    a[2, 3] = np.nan
    part, part0, arg, arg0 = njit(partitions)(a, 3)
    for got, idx, k, axis in ((part, arg, 3, -1), (part0, arg0, -1, 0)):
        want = np.sort(a, axis=axis)
        assert np.array_equal(np.take(want, [k], axis=axis), np.take(got, [k], axis=axis), equal_nan=True)
        assert np.array_equal(np.take_along_axis(a, idx, axis=axis), got, equal_nan=True)
        moved = np.moveaxis(got, axis, -1)
        kk = k % moved.shape[-1]
        assert (np.nan_to_num(moved[..., :kk], nan=np.inf) <= np.nan_to_num(moved[..., kk:kk + 1], nan=np.inf)).all()
    with pytest.raises(ValueError, match="kth"):
        njit(partitions)(a, 7)


def partitions_many(a, kth):
    return np.partition(a, kth=kth), np.argpartition(a, kth), np.partition(a, kth, axis=0)


def test_partition_kth_array():
    rng = np.random.default_rng(7)
    a = rng.normal(size=(5, 8))
    a[1, 2], a[3, 0] = np.nan, -np.inf
    f = njit(partitions_many)
    for kth in (np.array([0, 3, -1]), np.array([4], np.int32), np.array([], np.int64)):
        part, arg, part0 = f(a, kth)
        for got, axis in ((part, -1), (part0, 0)):
            want = np.partition(a, kth, axis=axis)      # NumPy's order is one of several; kth positions agree
            lane = a.shape[axis]
            positions = [k % lane for k in kth if -lane <= k < lane]
            assert np.array_equal(np.take(got, positions, axis=axis), np.take(want, positions, axis=axis),
                                  equal_nan=True)
            assert np.array_equal(np.sort(got, axis=axis), np.sort(a, axis=axis), equal_nan=True)
        assert np.array_equal(np.take_along_axis(a, arg, axis=-1), part, equal_nan=True)
    with pytest.raises(ValueError, match="kth"):
        f(a, np.array([1, 8]))
