"""Keywords of NumPy's statistics functions, compiled vs NumPy on the same inputs:
np.quantile/np.percentile method= ('linear', 'lower', 'higher', 'midpoint', 'nearest'),
np.diff prepend=/append=, np.ediff1d to_begin=/to_end=, keepdims=/tuple axis= on the quantiles,
np.average returned=, np.interp period=, np.cov fweights=/aweights=, np.intersect1d return_indices=."""
import numpy as np
import pytest

from helpers import assert_array_same
from impl import njit, TypingError


def check_all(got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert_array_same(np.asarray(g), np.asarray(w), rtol=1e-12, atol=1e-12)


def quantile_methods(a, q):
    return (np.quantile(a, q, method="lower"), np.quantile(a, q, method="higher"),
            np.quantile(a, q, method="nearest"), np.quantile(a, q, method="midpoint"),
            np.percentile(a, q * 100, method="linear"), np.quantile(a, q, axis=0, method="nearest"),
            np.percentile(a, q * 100, 1, None, False, "lower"),
            np.quantile(a, np.array([q, 0.5, 1.0]), method="midpoint"))


def test_quantile_methods():
    compiled = njit(quantile_methods)
    arrays = (np.arange(12.0).reshape(4, 3), np.array([[3, 1, 4], [1, 5, 9], [2, 6, 5], [3, 5, 8]]),
              np.array([[0.5, np.nan], [2.0, 1.0]]), np.asfortranarray(np.linspace(-1, 1, 10).reshape(5, 2)))
    for a in arrays:
        for q in (0.0, 0.1, 0.25, 0.5, 1 / 3, 0.75, 1.0):       # halfway cases round to even ('nearest')
            check_all(compiled(a, q), quantile_methods(a, q))


def test_quantile_bad_method():
    def bad(a):
        return np.quantile(a, 0.5, method="bogus")
    with pytest.raises(TypingError, match="method must be"):
        njit(bad)(np.ones(3))


def diff_ends(a, M, p):
    return (np.diff(a, prepend=0), np.diff(a, append=p), np.diff(a, 2, prepend=p, append=3.5),
            np.diff(M, axis=0, prepend=M[:1]), np.diff(M, axis=1, append=-1), np.ediff1d(a, to_begin=-9),
            np.ediff1d(M, to_end=np.array([1.5, 2.5])), np.ediff1d(a, to_end=p, to_begin=np.array([7])),
            np.ediff1d(a))


@pytest.mark.parametrize("a", [np.array([3, 1, 4, 1, 5], np.int8), np.array([1.5, np.nan, 2.0, -np.inf])[::-1]])
def test_diff_and_ediff1d_ends(a):
    M = np.arange(12.0).reshape(3, 4)[:, ::-1]
    check_all(njit(diff_ends)(a, M, 2), diff_ends(a, M, 2))


def test_ediff1d_same_kind():
    def bad(a):
        return np.ediff1d(a, to_end=2.5)
    with pytest.raises(TypeError):
        bad(np.arange(3))
    with pytest.raises(TypingError, match="same_kind"):
        njit(bad)(np.arange(3))


def quantile_keepdims(M, q):
    return (np.quantile(M, q, axis=1, keepdims=True), np.percentile(M, q * 100, axis=(0, 2), method="lower"),
            np.nanquantile(M, q, keepdims=True), np.nanpercentile(M, q * 100, axis=(1,), keepdims=True),
            np.quantile(M, q, (0, 1, 2), None, False, "midpoint", True), np.median(M, axis=(0, 1), keepdims=True))


def test_quantile_keepdims_and_tuple_axis():
    M = np.arange(24.0).reshape(2, 3, 4)[:, ::-1]
    M[0, 1, 1] = np.nan
    check_all(njit(quantile_keepdims)(M, 0.3), quantile_keepdims(M, 0.3))


def average_returned(M, w, w1):
    return (np.average(M, returned=True) + np.average(M, axis=1, returned=True)
            + np.average(M, weights=w, returned=True) + np.average(M, axis=0, weights=w1, returned=True)
            + np.average(M, 1, None, True))


@pytest.mark.parametrize("dtype", [np.float64, np.int32])
def test_average_returned(dtype):
    M = np.arange(12).reshape(3, 4).astype(dtype).T
    w, w1 = np.arange(1.0, 13.0).reshape(4, 3), np.array([1, 2, 3, 4])
    check_all(njit(average_returned)(M, w, w1), average_returned(M, w, w1))


def interp_period(x, xp, fp):
    return (np.interp(x, xp, fp, period=360), np.interp(x[0], xp, fp, period=-360.0),
            np.interp(x, xp, fp, 0.0, 1.0, 180))


def interp_zero_period(x, xp, fp):
    return np.interp(x, xp, fp, period=0)


def test_interp_period():
    x = np.array([-180, -170, -185, 185, -10, -5, 0, 365, 721.5])
    xp, fp = np.array([190, -190, 350, -350]), np.array([5, 10, 3, 4])
    check_all(njit(interp_period)(x, xp, fp), interp_period(x, xp, fp))
    with pytest.raises(ValueError, match="period must be a non-zero value"):
        njit(interp_zero_period)(x, xp, fp)


def cov_weights(M, y, fw, aw):
    return (np.cov(M, fweights=fw), np.cov(M, aweights=aw), np.cov(M, fweights=fw, aweights=aw, ddof=2),
            np.cov(M, y, fweights=fw, bias=True), np.cov(M[0], aweights=aw),
            np.cov(M.T, rowvar=False, aweights=aw, fweights=fw))


def cov_fweights(M, fw):
    return np.cov(M, fweights=fw)


def test_cov_weights():
    M = np.array([[1.0, 4.0, 2.5, -1.0, 3.0], [2.0, 0.5, 1.0, 7.0, 2.0]])
    y, fw, aw = np.array([1, 2, 3, 5, 8]), np.array([1, 2, 1, 3, 1]), np.array([0.5, 1.0, 2.0, 0.25, 1.5])
    check_all(njit(cov_weights)(M, y, fw, aw), cov_weights(M, y, fw, aw))
    compiled = njit(cov_fweights)
    for bad in (np.array([1.0, 2.0, 1.0]), np.array([1, 2, -1, 3, 1.0]), np.array([1, 2.5, 1, 3, 1])):
        with pytest.raises(Exception) as want:
            cov_fweights(M, bad)
        with pytest.raises(type(want.value), match=str(want.value)):
            compiled(M, bad)


def intersect_indices(a, b):
    return np.intersect1d(a, b, return_indices=True) + np.intersect1d(a[::-1], b.astype(np.float32), False, True)


def test_intersect1d_return_indices():
    compiled = njit(intersect_indices)
    for a, b in ((np.array([[3, 1, 4, 1], [5, 9, 2, 6]]), np.array([7, 1, 8, 2, 8, 1, 3, 9, 9])),
                 (np.array([[np.nan, 1.0], [2.0, np.nan]]), np.array([np.nan, 2.0, 2.0, 5.0])),
                 (np.zeros((0, 2)), np.array([1.0, 2.0]))):
        check_all(compiled(a, b), intersect_indices(a, b))
