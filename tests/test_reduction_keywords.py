"""keepdims=, tuple axis= and dtype= on NumPy's reductions (functions and methods), compiled vs
NumPy on the same inputs: dtypes, C/F/strided layouts, empty arrays, NaN, and NumPy's errors."""
import warnings

import numpy as np
import pytest

from helpers import assert_array_same, make_array
from impl import njit


def check_all(got, want, rtol=1e-12):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert_array_same(np.asarray(g), np.asarray(w), rtol=rtol, atol=rtol)


def float_forms(M):
    return (np.sum(M, axis=1, keepdims=True), np.sum(M, axis=(0, 2)), M.mean(keepdims=True),
            np.max(M, axis=(0, -1), keepdims=True), np.sum(M, axis=0, dtype=np.float32),
            np.std(M, axis=(0, 1)), np.var(M, axis=1, ddof=1, keepdims=True), np.median(M, axis=(1, 2)),
            np.prod(M, axis=(2, 0)), np.argmax(M, axis=-1, keepdims=True), M.sum(axis=(0, 1)),
            M.min(axis=(1, 2), keepdims=True), np.mean(M, (0, 1, 2), np.float32, None, True),
            np.ptp(M, axis=(0, 2), keepdims=True), np.amin(M, None, None, True))


def test_float_forms():                   # (F and strided layouts: int_forms, nan_forms)
    M = make_array((3, 4, 5), np.float64, "C")
    check_all(njit(float_forms)(M), float_forms(M), rtol=1e-6)


def int_forms(a):
    return (np.sum(a, axis=0, keepdims=True), np.sum(a, axis=(0, 1)), np.prod(a, 1, np.int8),
            np.mean(a, axis=(0,)), np.min(a, axis=1, keepdims=True), np.all(a, axis=(0, 1), keepdims=True),
            np.any(a, axis=0, keepdims=True), a.any(axis=(1,)), a.argmin(axis=0, keepdims=True),
            np.sum(a, dtype=np.float64), a.sum(dtype=np.int16, keepdims=True), np.max(a, keepdims=True))


@pytest.mark.parametrize("dtype", [np.int8, np.bool_])
def test_int_and_bool_forms(dtype):
    a = make_array((4, 3), dtype, "F")
    check_all(njit(int_forms)(a), int_forms(a))


def nan_forms(M):
    return (np.nansum(M, axis=(0, 1), keepdims=True), np.nanmean(M, axis=1, keepdims=True),
            np.nanmax(M, axis=(1,)), np.nanmin(M, keepdims=True), np.nanstd(M, axis=(0, 1), ddof=1),
            np.nanvar(M, axis=0, keepdims=True), np.nanmedian(M, axis=(0, 1), keepdims=True),
            np.nanargmin(M, axis=1, keepdims=True), np.nanprod(M, axis=(0,)), np.sum(M, axis=(0, 1)),
            np.max(M, axis=(0, 1), keepdims=True), np.nansum(M, axis=0, dtype=np.float32))


def test_nan_forms():
    M = make_array((3, 4, 2), np.float64, "strided")
    M[0, 1, 0] = np.nan
    M[2, 3, 1] = np.nan
    M[1, 2, :] = np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        check_all(njit(nan_forms)(M), nan_forms(M))


def empty_forms(E):
    return (np.sum(E, axis=(0, 1), keepdims=True), np.sum(E, axis=(0,)), np.prod(E, axis=(1,), keepdims=True),
            np.any(E, axis=(0, 1)), E.sum(axis=1, keepdims=True), np.sum(E, keepdims=True))


@pytest.mark.parametrize("shape", [(0, 3), (3, 0)])
def test_empty(shape):
    E = np.zeros(shape)
    check_all(njit(empty_forms)(E), empty_forms(E))


def tuple_sum(M, axis):
    return np.sum(M, axis=axis, keepdims=True)


def int_axis_max(M, axis):
    return M.max(axis=axis, keepdims=True)


def test_errors_match_numpy():
    M = np.ones((2, 3))
    cases = [(tuple_sum, (0, 2)), (tuple_sum, (-3, 0)), (tuple_sum, (1, -1)), (int_axis_max, 2), (int_axis_max, -3)]
    for fn, axis in cases:
        with pytest.raises(Exception) as want:
            fn(M, axis)
        with pytest.raises(type(want.value)) as got:
            njit(fn)(M, axis)
        assert str(got.value) == str(want.value)
