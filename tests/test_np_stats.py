"""Statistics compiled vs. NumPy on the same inputs: histogram / histogram_bin_edges, bincount,
digitize, median / quantile / percentile (exact), average, ptp, all/any(axis=), diff, ediff1d,
convolve / correlate, interp, cov / corrcoef, trapezoid; NumPy's errors for bad input.

Exact equality except where NumPy sums through BLAS or pairwise (convolve, correlate, cov,
corrcoef, trapezoid, weighted averages): there, 1e-12 relative.
"""
import numpy as np
import pytest

from impl import njit

CLOSE = {"convolve", "correlate", "cov", "corrcoef", "trapezoid", "average_w"}


def compare(got, want, names):
    assert len(got) == len(want) == len(names)
    for g, w, name in zip(got, want, names):
        if isinstance(w, tuple):
            compare(g, w, [name] * len(w))
            continue
        g, w = np.asarray(g), np.asarray(w)
        assert g.dtype == w.dtype, (name, g.dtype, w.dtype)
        assert g.shape == w.shape, (name, g.shape, w.shape)
        if name in CLOSE:
            assert np.allclose(g, w, rtol=1e-12, atol=1e-14, equal_nan=True), (name, g, w)
        else:
            assert np.array_equal(g, w, equal_nan=True), (name, g, w)


STAT_NAMES = ["histogram"] * 5 + ["edges"] * 2 + ["digitize"] * 4 + ["median"] * 2 + ["quantile"] * 4 + \
    ["average", "average", "average_w", "average_w", "ptp", "ptp", "all", "any"]


def stats(a, e, w):
    return (np.histogram(a), np.histogram(a, 7, (-1.0, 2.0)), np.histogram(a, e), np.histogram(a, 5, density=True),
            np.histogram(a, e, density=True), np.histogram_bin_edges(a, 4), np.histogram_bin_edges(a, e),
            np.digitize(a, e), np.digitize(a, e, True), np.digitize(a, e[::-1]), np.digitize(a, e[::-1], right=True),
            np.median(a), np.median(a, axis=0), np.quantile(a, 0.3), np.quantile(a, 0.3, axis=1),
            np.percentile(a, 75.0), np.quantile(a, np.array([0.0, 0.25, 1.0])),
            np.average(a), np.average(a, axis=0), np.average(a[0], weights=w[:a.shape[1]]),
            np.average(a, axis=1, weights=w[:a.shape[1]]), np.ptp(a), np.ptp(a, axis=1),
            np.all(a, axis=0), np.any(a > 0.5, axis=1))


def int_stats(a, e):
    return (np.histogram(a), np.histogram(a, e), np.median(a, axis=0), np.quantile(a, 0.3, axis=1),
            np.percentile(a, 75.0), np.digitize(a, e), np.average(a, axis=1), np.ptp(a, axis=0))


def test_statistics():
    rng = np.random.default_rng(0)
    e = np.array([-1.0, -0.2, 0.0, 0.3, 1.0, 2.5])
    w = rng.random(8)
    a = rng.normal(size=(6, 5))
    a[0, 1] = a[2, 3] = 1.0                      # ties and a value on an edge
    a[4, 0] = -0.2
    compare(njit(stats)(a, e, w), stats(a, e, w), STAT_NAMES)
    b = rng.integers(-2, 4, (5, 7))
    compare(njit(int_stats)(b, e), int_stats(b, e), ["histogram"] * 2 + ["median", "quantile", "quantile",
                                                                        "digitize", "average", "ptp"])


def with_nan(a, e):
    return (np.digitize(a, e), np.median(a), np.median(a, axis=0), np.quantile(a, 0.3, axis=1),
            np.histogram(a, e[:-1]), np.histogram(a, 4, (0.0, 1.0)))


def test_nan_inputs():
    a = np.random.default_rng(1).normal(size=(5, 4)).T      # F-ordered
    a[2, 2] = np.nan
    e = np.array([-1.0, 0.0, 0.5, np.nan])
    compare(njit(with_nan)(a, e), with_nan(a, e), ["digitize", "median", "median", "quantile"] + ["histogram"] * 2)


def uniform_hists(a, finite, bins, lo, hi):
    return (np.histogram(a, bins, (lo, hi))[0], np.histogram(finite, bins)[0],
            np.histogram(finite, bins, (lo, hi), True)[0])


def near_edges(lo, hi, bins, dtype):
    """Every edge, a few ulps either side of it, random values, inf and NaN, shuffled."""
    e = np.linspace(lo, hi, bins + 1).astype(dtype)
    vals = [e]
    for steps in (1, 2, 5):
        up, down = e, e
        for _ in range(steps):
            up, down = np.nextafter(up, dtype(np.inf)), np.nextafter(down, dtype(-np.inf))
        vals += [up, down]
    for scale in (2.0 ** 4, 2.0 ** 10, 2.0 ** 16, 2.0 ** 22):     # around the fast path's margin
        vals += [e + scale * np.spacing(e), e - scale * np.spacing(e)]
    rng = np.random.default_rng(bins)
    vals.append((lo + (hi - lo) * rng.random(500)).astype(dtype))
    vals.append(np.array([np.inf, -np.inf, np.nan, lo, hi], dtype))
    out = np.concatenate(vals)
    rng.shuffle(out)
    return out


def test_histogram_uniform_bins_near_edges():
    """Values on, and ulps beside, every edge of uniform bins, for ordinary, offset (|first| much
    greater than the span) and many-bin ranges: NumPy's counts exactly (the fast path decides
    only values far from every edge); range-less float32 data has float32 edges computed in
    float32, as NumPy's."""
    f64, f32 = njit(uniform_hists), njit(uniform_hists)
    for lo, hi, bins in [(-3.0, 3.0, 64), (0.1, 0.7, 3), (1e15, 1e15 + 3.0, 7), (-1e6, -1e6 + 1e-3, 10),
                         (0.0, 1.0, 5000)]:
        for dtype, f in ((np.float64, f64), (np.float32, f32)):
            if dtype is np.float32 and hi - lo < 1e-5 * abs(lo):
                continue            # NumPy: "Too many bins for data range" (numjit does not check)
            a = near_edges(lo, hi, bins, dtype)
            args = (a, a[np.isfinite(a)], bins, lo, hi)
            compare(f(*args), uniform_hists(*args), ["histogram"] * 3)
    ints = np.random.default_rng(3).integers(-40, 40, 300)
    args = (ints, ints, 16, -32.0, 32.0)
    compare(njit(uniform_hists)(*args), uniform_hists(*args), ["histogram"] * 3)


def counts(x, w):
    return np.bincount(x), np.bincount(x, minlength=12), np.bincount(x, w), np.bincount(x[:0])


def test_bincount():
    x = np.array([0, 3, 3, 7, 1, 0, 3], np.int32)[::-1]
    w = np.linspace(-1.0, 2.0, 7)
    compare(njit(counts)(x, w), counts(x, w), ["bincount"] * 4)


SIGNAL_NAMES = ["diff"] * 7 + ["convolve"] * 3 + ["correlate"] * 3 + ["interp"] * 3 + ["cov"] * 5 + \
    ["corrcoef"] * 2 + ["trapezoid"] * 5


def signal(a, b, x, xp, fp, m):
    return (np.diff(a), np.diff(a, 2), np.diff(m, axis=0), np.diff(m, n=2, axis=-1), np.diff(m > 0, axis=1),
            np.ediff1d(m), np.ediff1d(a, b, b),
            np.convolve(a, b), np.convolve(a, b, "same"), np.convolve(b, a, mode="valid"),
            np.correlate(a, b), np.correlate(b, a, "full"), np.correlate(a, b, "same"),
            np.interp(x, xp, fp), np.interp(2.5, xp, fp), np.interp(x, xp, fp, -1.0, 99.0),
            np.cov(m), np.cov(m, rowvar=False), np.cov(a), np.cov(m, m[::-1], bias=True), np.cov(m, ddof=0),
            np.corrcoef(m), np.corrcoef(m, m[::-1] * 2),
            np.trapezoid(a), np.trapezoid(a, dx=0.5), np.trapezoid(a, np.arange(len(a)) * 1.5),
            np.trapezoid(m, axis=0), np.trapezoid(m))


def test_differences_convolution_interp_cov():
    f = njit(signal)
    rng = np.random.default_rng(2)
    x = np.array([-1.0, 0.0, 0.5, 1.0, 2.5, 3.0, 7.0, np.nan, np.inf])
    xp = np.array([0.0, 1.0, 1.0, 3.0])
    fp = np.array([0.0, 10.0, 20.0, np.inf])
    a, b, m = rng.normal(size=9), rng.normal(size=4), rng.normal(size=(4, 6))
    compare(f(a, b, x, xp, fp, m), signal(a, b, x, xp, fp, m), SIGNAL_NAMES)
    ai, bi, mi = rng.integers(0, 9, 9), rng.integers(0, 3, 4), rng.integers(-9, 9, (4, 6))
    compare(njit(int_signal)(ai, bi, mi), int_signal(ai, bi, mi), ["diff", "diff", "convolve", "correlate", "cov",
                                                                   "trapezoid"])


def int_signal(a, b, m):
    return (np.diff(a, 2), np.diff(m, axis=0), np.convolve(a, b, "same"), np.correlate(b, a, "full"), np.cov(m),
            np.trapezoid(m, axis=0))


def bad(which, a, b):
    if which == 0:
        return np.bincount(b)[0] * 1.0
    if which == 1:
        return np.digitize(a, a)[0] * 1.0
    if which == 2:
        return np.quantile(a, 1.5)
    if which == 3:
        return np.histogram(a, -1)[1][0]
    if which == 4:
        return np.convolve(a[:0], a)[0]
    if which == 5:
        return np.interp(1.0, a[:0], a[:0])
    if which == 6:
        return np.diff(a, axis=1)[0]
    return np.percentile(a, -5.0)


BAD = njit(bad)


@pytest.mark.parametrize("which, exc", [(0, ValueError), (1, ValueError), (2, ValueError), (3, ValueError),
                                        (4, ValueError), (5, ValueError), (6, np.exceptions.AxisError),
                                        (7, ValueError)],
                         ids=["bincount-negative", "digitize-unordered", "quantile>1", "bins<1",
                              "convolve-empty", "interp-empty", "diff-axis", "percentile<0"])
def test_errors_as_numpy(which, exc):
    a = np.array([3.0, 1.0, 2.0])
    b = np.array([1, -1])
    with pytest.raises(exc) as got:
        BAD(which, a, b)
    with pytest.raises(exc) as want:
        bad(which, a, b)
    if which not in (3, 6):                           # NumPy words these two differently
        assert str(got.value) == str(want.value)
