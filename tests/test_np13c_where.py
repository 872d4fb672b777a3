"""where= and initial= on np.sum/prod/min/max/amin/amax/nansum/nanprod/nanmin/nanmax, where= on
np.all/any/mean, and the array methods, compared with NumPy on the same inputs: axis
None/int/negative/tuple, keepdims=, dtype=, out=, broadcast masks, empty selections (initial or
the identity), NaN, int8 and strided float data, and NumPy's ValueError for min/max with where= and no
initial=."""
import warnings

import numpy as np
import pytest

from numjit import njit


def reductions(a, m, row):
    out = np.zeros(a.shape[1], np.float64)
    return (np.sum(a, where=m), np.sum(a, axis=0, where=m, initial=2), np.min(a, axis=1, where=m, initial=9),
            a.max(initial=-100), np.prod(a, axis=(0, 1), keepdims=True, where=row), np.all(a > 0, axis=0, where=m),
            a.any(where=m), np.amax(a, axis=-1, where=row, initial=-5), a.sum(0, None, None, False, 1),
            np.sum(a, axis=0, dtype=np.float64, out=out, where=m), np.amin(a, keepdims=True, initial=50),
            a.prod(axis=1, where=row), np.max(a, axis=(1, 0), where=m, initial=-7), np.any(a, axis=1, where=m),
            a.min(axis=0, where=np.zeros_like(m), initial=3), np.nansum(a, axis=0, where=m),
            np.nanprod(a, where=row, initial=2), np.nanmin(a, axis=1, where=m, initial=9), np.nanmax(a, initial=-1),
            np.mean(a, where=m), a.mean(axis=0, where=m), np.mean(a, axis=(0, 1), keepdims=True, where=row))


def no_initial(a, m):
    return np.max(a, where=m)


def test_where_initial():
    f = njit(reductions)
    rng = np.random.default_rng(7)
    x = rng.integers(-6, 9, size=(4, 6))
    nan = x.astype(np.float64)
    nan[1, 2] = np.nan
    for a in (x.astype(np.int8), nan[::-1, ::2]):
        m = rng.random(a.shape) < 0.6
        row = m[0]                                  # (a mask broadcast along the first axis)
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")         # (NumPy's "Mean of empty slice" for an empty row)
            want = reductions(a, m, row)
        got = f(a, m, row)
        for g, w in zip(got, want):
            g, w = np.asarray(g), np.asarray(w)
            assert g.shape == w.shape and (g.dtype == w.dtype or w.ndim == 0), (a.dtype, g, w)   # (scalars: Python's)
            np.testing.assert_array_equal(g, w)
    with pytest.raises(ValueError) as want:
        no_initial(nan, nan > 0)
    with pytest.raises(ValueError) as got:
        njit(no_initial)(nan, nan > 0)
    assert str(got.value) == str(want.value)
