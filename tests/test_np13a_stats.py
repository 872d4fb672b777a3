"""np.histogram(weights=), np.average(keepdims=), np.nanquantile / np.nanpercentile(method=) and
the quantile methods of Hyndman and Fan (inverted_cdf ... normal_unbiased),
compiled vs. NumPy on the same inputs: weights of several dtypes (the counts' dtype), int bins and
bin arrays, range=, density=; int, uint8, float32/64 and complex64 weights; C/F/strided/empty
inputs, NaN and inf; NumPy's errors.

Exact equality everywhere (the weighted sums follow NumPy's blocks and order), except weighted
float sums over a bin array (NumPy's unstable argsort orders equal values differently): 1e-12
(1e-5 for float32 weights).
"""
import warnings

import numpy as np
import pytest

from impl import njit

pytestmark = pytest.mark.numjit_only         # numba has none of these keywords


def same(got, want, close=False):
    if np.ndim(want) == 0 and not isinstance(got, np.ndarray):  # a scalar comes back as a Python number
        assert got == want or got != got and want != want, (got, want)
        return
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, want.dtype, got.shape, want.shape)
    if close:
        tol = 1e-5 if want.dtype == np.float32 or close == "single" else 1e-12
        assert np.allclose(got, want, rtol=tol, atol=tol, equal_nan=True), (got, want)
    else:
        assert np.array_equal(got, want, equal_nan=True), (got, want)


def weighted_histograms(a, w, wi, edges):
    return (np.histogram(a, 5, weights=w), np.histogram(a, 4, range=(0.0, 2.0), weights=wi),
            np.histogram(a, edges, weights=w), np.histogram(a, edges, weights=wi, density=True),
            np.histogram(a, 7, weights=wi, density=True), np.histogram(a, bins=3, range=None, weights=None))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_histogram_weights():
    f = njit(weighted_histograms)
    rng = np.random.default_rng(3)
    edges = np.array([-2.0, -0.5, 0.0, 0.0, 0.1, 1.7])
    for n in (300, 66000, 0):                                  # 66000: more than one of NumPy's blocks
        a = rng.normal(size=(n, 1)).round(1)                   # ties on the edges
        w, wi = rng.random((n, 1)), rng.integers(-5, 9, (n, 1)).astype(np.int32)
        for k, (g, e) in enumerate(zip(f(a, w, wi, edges), weighted_histograms(a, w, wi, edges))):
            same(g[0], e[0], close=k in (2, 3))
            same(g[1], e[1])
        if n == 300:
            a0, w0, wi0 = a, w, wi
    a = np.asfortranarray(rng.normal(size=(40, 5)).round(1))[::2, ::-1]      # strided, float32 / uint8 weights,
    a[3, 1], a[5, 2], a[0, 0] = np.nan, np.inf, -np.inf                       # NaN and inf (outside every bin)
    w, wi = np.asfortranarray(rng.random((20, 5)), np.float32), rng.integers(0, 9, (20, 5)).astype(np.uint8)

    wc = (w + 1j * wi).astype(np.complex64)

    def more(a, w, wi, wc, e):
        return (np.histogram(a, 5, range=(-1.0, 1.5), weights=w), np.histogram(a, e, weights=wi, density=True),
                np.histogram(a, 4, range=(-1.0, 1.5), weights=wc), np.histogram(a, e, weights=wc, density=True))
    for k, (g, e) in enumerate(zip(njit(more)(a, w, wi, wc, edges), more(a, w, wi, wc, edges))):
        same(g[0], e[0], close="single" if k == 3 else False)          # (complex64 sums)
        same(g[1], e[1])
    with pytest.raises(ValueError, match="weights should have the same shape as a"):
        f(a0, w0[:3], wi0, edges)
    with pytest.raises(ValueError, match="must increase monotonically"):
        f(a0, w0, wi0, edges[::-1].copy())


def averages(a, w, w1):
    return (np.average(a, keepdims=True), np.average(a, axis=1, keepdims=True),
            np.average(a, weights=w, keepdims=True), np.average(a, axis=0, weights=w1, keepdims=True, returned=True),
            np.average(a, returned=True, keepdims=True), np.average(a, axis=-1, keepdims=False),
            np.average(a, 0, None, False, keepdims=True))


def test_average_keepdims():
    f = njit(averages)
    a = np.arange(12.0).reshape(3, 4)
    w = np.arange(1.0, 13).reshape(3, 4)
    w1 = np.array([1.0, 2, 3])
    for x, wx in ((a, w), (np.asfortranarray(a.astype(np.int16)), w)):
        for g, e in zip(f(x, wx, w1), averages(x, wx, w1)):
            if isinstance(e, tuple):
                same(g[0], e[0])
                same(g[1], e[1])
            else:
                same(g, e)


def nan_quantiles(a, b):
    return (np.nanquantile(a, 0.3, method="lower"), np.nanquantile(a, 0.3, axis=0, method="midpoint"),
            np.nanpercentile(a, 71.0, method="nearest"), np.nanpercentile(b, np.array([10.0, 55.0]), method="higher"),
            np.nanquantile(b, 0.4, method="lower"), np.nanquantile(a, 0.5, axis=1, keepdims=True, method="higher"),
            np.nanquantile(a, 0.25, axis=1, method="linear"), np.nanpercentile(a, 50.0, 0, method="nearest"),
            np.nanquantile(b, np.array([0.0, 0.5, 1.0]), method="midpoint"))


def test_nanquantile_method():
    f = njit(nan_quantiles)
    rng = np.random.default_rng(5)
    a = rng.normal(size=(7, 4))
    a[rng.random((7, 4)) < 0.3] = np.nan
    a[:, 2] = np.nan                                           # an all-NaN lane
    b = rng.integers(-9, 9, 11).astype(np.int32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for x in (a, a.astype(np.float32)[::-2]):
            got, want = f(x, b[::2]), nan_quantiles(x, b[::2])
            for g, e in zip(got, want):
                same(g, e)
    with pytest.raises(Exception, match="method"):
        njit(lambda a: np.nanquantile(a, 0.5, method="bogus"))(a)


def hyndman_fan(a, q):
    return (np.quantile(a, q, method="inverted_cdf"), np.quantile(a, q, method="closest_observation"),
            np.quantile(a, q, method="averaged_inverted_cdf"), np.quantile(a, q, method="interpolated_inverted_cdf"),
            np.quantile(a, q, method="hazen"), np.quantile(a, q, method="weibull"),
            np.percentile(a, q * 100, method="median_unbiased"), np.nanquantile(a, q, method="normal_unbiased"))


def test_quantile_hyndman_fan_methods():
    f = njit(hyndman_fan)
    rng = np.random.default_rng(8)
    q = np.linspace(0.0, 1.0, 41)
    for a in (rng.normal(size=7), rng.normal(size=1), np.array([3.0, np.nan, 1.0])):
        for g, e in zip(f(a, q), hyndman_fan(a, q)):
            same(g, e)
    ints = rng.integers(-5, 5, 6)                   # the two discrete ones keep the integers' dtype

    def discrete(a, q):
        return np.quantile(a, q, method="inverted_cdf"), np.nanquantile(a, q, method="closest_observation")
    for g, e in zip(njit(discrete)(ints, q), discrete(ints, q)):
        same(g, e)
