"""where= on np.mean (with dtype= and out=), np.var, np.std, np.nanmean, np.nanvar, np.nanstd and
the mean/var/std methods, with axis= (None, int, negative, tuple), ddof=, keepdims=: compiled and
plain NumPy on the same inputs (float64 with NaNs, int32, complex64, float32 transposed), where=
as a full mask, a broadcast row and a bool; a selection emptier than ddof gives NumPy's inf/nan.
"""
import warnings

import numpy as np
import pytest

from helpers import assert_array_same
from impl import njit

pytestmark = pytest.mark.numjit_only      # numba has no where= on these


def nan_stats(a, w, o):
    return (np.var(a, where=w), np.std(a, axis=0, where=w), np.nanmean(a, where=w),
            np.nanvar(a, axis=1, ddof=1, where=w), np.nanstd(a, axis=(0, 1), keepdims=True, where=w),
            np.mean(a, axis=1, out=o, where=w), o, a.std(1, None, None, 3, True, where=w))


def typed_stats(a, w):
    return (np.var(a, axis=-1, ddof=3, where=w), a.mean(axis=(1, 0), where=w),
            np.mean(a, axis=0, dtype=np.complex128, where=w), np.nanvar(a, where=w))


def check(func, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = func(*[x.copy() if isinstance(x, np.ndarray) else x for x in args])
        got = COMPILED.setdefault(func, njit(func))(*[x.copy() if isinstance(x, np.ndarray) else x for x in args])
    assert len(got) == len(want)
    for k, (g, x) in enumerate(zip(got, want)):
        if not isinstance(x, np.ndarray):                  # a NumPy scalar: boxed as a Python number
            g = np.asarray(g).astype(np.asarray(x).dtype)
        tol = 1e-5 if np.asarray(x).dtype in (np.float32, np.complex64) else 1e-12
        assert_array_same(g, x, rtol=tol, atol=tol)


COMPILED = {}
MASK = np.array([[True, False, True, True], [False, True, True, True], [True, True, False, False]])


def test_where_on_nan_statistics_mean_out():
    a = np.array([[1.0, np.nan, 3, 4], [5, 6, 7, -1], [0.5, 2, np.nan, 9]])
    check(nan_stats, a, MASK, np.zeros(3, np.complex128))
    check(nan_stats, -a[::-1], ~MASK, np.zeros(3, np.complex128))      # (more rows with few items)


def test_where_dtypes_and_broadcast_masks():
    check(typed_stats, np.arange(12, dtype=np.int32).reshape(3, 4) * 7 % 5, MASK[1])
    check(typed_stats, (np.arange(12) * (1 + 0.5j) - 3j).reshape(3, 4).astype(np.complex64), MASK[0])
