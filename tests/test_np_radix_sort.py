"""The radix paths of np.sort / a.sort() / np.argsort / np.unique (lanes of 1024 values or more,
numjit/lib/numpy_radix.py) compiled vs. NumPy on the same inputs: every key width (bool,
uint16, int64 with its extremes, float32, float64 with NaN, +-inf,
+-0.0 and ties), C and strided 2-D lanes along either axis, and lanes just below and above the
threshold. argsort is compared with NumPy's kind='stable' order (the only one that is unique).
Signs of zeros and NaNs are not compared: NumPy's SIMD sort makes every NaN positive and may
turn -0.0 into 0.0, where numjit keeps each value's bits.
"""
import numpy as np

from impl import njit


def same(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            same(g, w)
        return
    g, w = np.asarray(got), np.asarray(want)
    assert g.dtype == w.dtype and g.shape == w.shape, (g.dtype, w.dtype, g.shape, w.shape)
    assert np.array_equal(g, w, equal_nan=g.dtype.kind == "f"), (g, w)


def sorts_1d(a):
    return np.sort(a), np.argsort(a, kind="stable")


def numpy_sorts_1d(a):
    return np.sort(a), np.argsort(a, kind="stable")


def uniques(a):
    b = a.copy()
    b.sort()
    return b, np.unique(a), np.unique(a, True, True, True)


def numpy_uniques(a):
    b = a.copy()
    b.sort()
    return b, np.unique(a), np.unique(a, True, True, True)


def awkward(dtype, n, rng):
    """n values of dtype with many ties, the dtype's extremes and (floats) NaN, inf, -0.0."""
    if dtype == np.bool_:
        return rng.random(n) < 0.3
    if np.dtype(dtype).kind == "f":
        a = rng.standard_normal(n).astype(dtype) * 1e3
        a[::5] = np.round(a[::5] / 500)
        a[::7] = np.nan
        a[1::7] = -np.nan                 # a NaN with its sign bit set sorts last too
        a[::11] = 0.0
        a[::13] = -0.0
        a[3], a[4] = np.inf, -np.inf
        a[9] = np.finfo(dtype).tiny / 4   # a subnormal
        return a
    info = np.iinfo(dtype)
    a = rng.integers(info.min, info.max, n, dtype=dtype, endpoint=True)
    a[::3] = rng.integers(-3 if info.min else 0, 3, len(a[::3]))
    a[5], a[6] = info.min, info.max
    return a


def test_radix_every_key_width():
    f = njit(sorts_1d)
    rng = np.random.default_rng(7)
    for dtype in (np.float64, np.float32, np.int64, np.uint16, np.bool_):     # every key width
        for n in (1023, 1024, 5000):
            a = awkward(dtype, n, rng)
            same(f(a), numpy_sorts_1d(a))
            kept = np.sort(a.view(np.uint8 if a.itemsize == 1 else f"u{a.itemsize}"))
            assert np.array_equal(np.sort(f(a)[0].view(kept.dtype)), kept)   # the same bits, reordered
    a = np.full(3000, 7.5)                 # every byte the same: no pass moves anything
    same(f(a), numpy_sorts_1d(a))
    a = np.full(3000, np.nan)
    same(f(a), numpy_sorts_1d(a))


def test_radix_unique_and_sort_method():
    f = njit(uniques)
    rng = np.random.default_rng(9)
    for a in (awkward(np.float64, 4000, rng), rng.integers(0, 1000, 20000).astype(np.float64)):
        same(f(a), numpy_uniques(a))


def sorts_2d(a):
    return np.sort(a, axis=0), np.argsort(a, axis=0, kind="stable")


def numpy_sorts_2d(a):
    return np.sort(a, axis=0), np.argsort(a, axis=0, kind="stable")


def test_radix_lanes_of_2d_arrays():
    f = njit(sorts_2d)
    rng = np.random.default_rng(8)
    big = awkward(np.float64, 2400 * 3, rng).reshape(2400, 3)
    for a in (big[::2], big.T[:, ::-1], np.asfortranarray(big)):    # strided, reversed, F: one type
        same(f(a), numpy_sorts_2d(a))
