"""NaN-aware functions compiled vs. NumPy on the same inputs (NaN, inf, all-NaN rows, ints):
nansum nanprod nanmean nanvar nanstd nanmin nanmax nanargmin nanargmax nanmedian nanpercentile
nanquantile nancumsum nancumprod (whole array and axis=), nan_to_num; NumPy's errors.

Exact equality except nansum/nanmean/nanvar/nanstd of floats (NumPy sums pairwise): 1e-12.
"""
import warnings

import numpy as np
import pytest

from impl import njit

ROUNDED = {0, 1, 4, 5, 6, 7, 8, 9, 10}          # positions of the float sums in nan_functions()


def nan_functions(a):
    return (np.nansum(a), np.nansum(a, axis=0), np.nanprod(a), np.nanprod(a, 1), np.nanmean(a),
            np.nanmean(a, axis=0), np.nanvar(a), np.nanvar(a, axis=1), np.nanvar(a, 0, ddof=1), np.nanstd(a),
            np.nanstd(a, axis=0, ddof=1), np.nanmin(a), np.nanmin(a, axis=0), np.nanmax(a), np.nanmax(a, axis=1),
            np.nanargmin(a), np.nanargmax(a), np.nanargmin(a, axis=0), np.nanargmax(a, axis=0), np.nanmedian(a),
            np.nanmedian(a, axis=0), np.nanquantile(a, 0.3), np.nanquantile(a, 0.7, axis=1), np.nanpercentile(a, 40.0),
            np.nanpercentile(a, 90.0, axis=0), np.nancumsum(a), np.nancumsum(a, axis=0), np.nancumprod(a),
            np.nancumprod(a, axis=1), np.nan_to_num(a), np.nan_to_num(a, nan=-1.0, posinf=5.0), np.nan_to_num(a, neginf=7.0))


def compare(got, want, rounded):
    assert len(got) == len(want)
    for k, (g, w) in enumerate(zip(got, want)):
        g, w = np.asarray(g), np.asarray(w)
        assert g.dtype == w.dtype, (k, g.dtype, w.dtype)
        assert g.shape == w.shape, (k, g.shape, w.shape)
        if k in rounded:
            assert np.allclose(g, w, rtol=1e-12, equal_nan=True), (k, g, w)
        else:
            assert np.array_equal(g, w, equal_nan=True), (k, g, w)


def test_nan_functions_float():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(6, 5))
    a[1, 2] = np.nan
    a[3, :4] = np.nan                      # a row that is NaN but for one value
    a[:, 3] = [1.0, 2.0, np.nan, np.nan, 3.0, np.nan]
    a[0, 0] = np.inf
    a[4, 1] = -np.inf
    view = a[::-1, ::-1][:, 1:]            # strided, negative strides
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        compare(njit(nan_functions)(view), nan_functions(view), ROUNDED)


def int_functions(a):
    return (np.nansum(a, axis=0), np.nanprod(a), np.nanmean(a), np.nanvar(a, axis=1), np.nanmin(a, axis=0),
            np.nanargmax(a, axis=1), np.nanmedian(a), np.nanpercentile(a, 40.0, axis=0), np.nancumsum(a, axis=1),
            np.nan_to_num(a))


def test_nan_functions_int():
    a = np.asfortranarray(np.random.default_rng(1).integers(-3, 5, (4, 6)).astype(np.int32))
    compare(njit(int_functions)(a), int_functions(a), {3})


def scalars(x):
    return np.nan_to_num(x), np.nan_to_num(x, nan=2.5), np.nan_to_num(x, posinf=1.0, neginf=-1.0)


def test_nan_to_num_scalars():
    f = njit(scalars)
    for x in (np.nan, np.inf, -np.inf, 1.5):
        assert f(x) == scalars(x)


def bad(which, a):
    if which == 0:
        return np.nanargmin(a) * 1.0
    if which == 1:
        return np.nanmin(a[:0])
    if which == 2:
        return np.nanquantile(a, 2.0)
    return np.nanargmax(a[:, 0], axis=0) * 1.0


BAD = njit(bad)


@pytest.mark.parametrize("which", [0, 1, 2, 3], ids=["nanargmin-all-nan", "nanmin-empty", "q>1", "nanargmax-axis"])
def test_errors_as_numpy(which):
    a = np.full((2, 2), np.nan)
    with pytest.raises(ValueError) as got:
        BAD(which, a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.raises(ValueError) as want:
            bad(which, a)
    assert str(got.value) == str(want.value)
