"""np.histogram with bool weights, compared with NumPy on the same inputs: bool counts (uniform
bins, more than one of NumPy's 65536-value blocks, 2-d F-order and strided data, values outside the
range), density=True, and NumPy's TypeError for a bin array."""
import numpy as np
import pytest

from numjit import njit


def hist(a, w):
    return np.histogram(a, bins=7, weights=w), np.histogram(a, bins=4, range=(0.0, 1.0), weights=w, density=True)


def edges(a, b, w):
    return np.histogram(a, bins=b, weights=w)


def test_histogram_bool_weights():
    f = njit(hist)
    rng = np.random.default_rng(5)
    x = rng.uniform(-0.5, 1.5, size=(12, 10))
    sparse = rng.uniform(size=200_000)
    cases = ((x[:, :9], x[:, :9] > 0.9), (np.asfortranarray(x), np.asfortranarray(x) > 0.4),
             (x[::2, ::-3], np.zeros((6, 4), np.bool_)), (sparse, sparse > 0.9999))
    with np.errstate(invalid="ignore"):
        for a, w in cases:
            (got, got_e), (got_d, got_de) = f(a, w)
            (want, want_e), (want_d, want_de) = hist(a, w)
            assert got.dtype == want.dtype == np.bool_
            np.testing.assert_array_equal(got, want)
            np.testing.assert_array_equal(got_e, want_e)
            np.testing.assert_allclose(got_d, want_d, rtol=1e-12, equal_nan=True)
            np.testing.assert_array_equal(got_de, want_de)
    b = np.array([0.0, 0.5, 1.0])
    with pytest.raises(TypeError) as want:
        edges(x, b, x > 0.5)
    with pytest.raises(TypeError) as got:
        njit(edges)(x, b, x > 0.5)
    assert str(got.value) == str(want.value)
