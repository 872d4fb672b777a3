"""Generator.permuted, multivariate_normal and multivariate_hypergeometric in compiled code vs.
NumPy's own methods on a twin Generator (same seed): every value equal (multivariate_normal
to a few ulps where LAPACK may round differently: see test_multivariate_normal) and the
Python-side bit generator state equal afterwards."""
import numpy as np
import pytest

from impl import njit
from numjit.errors import TypingError


def same_state(a, b):
    return a.bit_generator.state == b.bit_generator.state


def permutes(g, x, out):
    r = (g.permuted(x), g.permuted(x, axis=0), g.permuted(x, axis=-1))
    o = g.permuted(x, out=out)
    o2 = g.permuted(x, axis=0, out=out)
    o2[...] = -o2            # the returned array is out
    return r + (o.copy(), out.copy())


def test_permuted_matches_numpy():
    f = njit(permutes)
    base = np.arange(60.0).reshape(3, 4, 5)
    wide = lambda x: np.empty(x.shape[:-1] + (2 * x.shape[-1],))[..., ::2]      # noqa: E731
    fortran = lambda x: np.asfortranarray(np.empty_like(x))                      # noqa: E731
    # three signatures (compilation dominates): C x into an F out; non-contiguous 3-d x (whose
    # copy(order='K') is C-, F- or neither-ordered) into a non-contiguous out; 1-d
    cases = [(base[0], fortran), (np.zeros((0, 3)), fortran), (np.array([[np.nan, np.inf, -1.0]]), fortran),
             (base[:, ::2, 1:], wide), (base.transpose(2, 0, 1), wide), (base.transpose(1, 2, 0)[:, ::2], wide),
             (np.asfortranarray(base)[:, ::2], wide), (base[0, ::-1, 0], np.empty_like)]
    for seed in (0, 7, 2024):
        for x, make in cases:
            mine, twin = np.random.default_rng(seed), np.random.default_rng(seed)
            got, want = f(mine, x, make(x)), permutes(twin, x, make(x))
            for a, b in zip(got, want):
                assert np.array_equal(a, b, equal_nan=True), (seed, x, a, b)
            assert same_state(mine, twin)


def test_permuted_int_and_errors():
    f = njit(lambda g, x, out: (g.permuted(x, axis=1), g.permuted(x, out=out)))
    x = np.arange(24, dtype=np.int32).reshape(4, 6)
    got = f(np.random.default_rng(5), x, np.empty((4, 6), np.int64))
    g = np.random.default_rng(5)
    want = (g.permuted(x, axis=1), g.permuted(x, out=np.empty((4, 6), np.int64)))
    for a, b in zip(got, want):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    with pytest.raises(ValueError, match="same shape"):
        f(np.random.default_rng(5), x, np.empty((6, 4), np.int64))
    bad = njit(lambda g, x: g.permuted(x, axis=2))
    with pytest.raises(np.exceptions.AxisError):
        bad(np.random.default_rng(1), x)
    cast = njit(lambda g, x, out: g.permuted(x, out=out))
    with pytest.raises(TypingError, match="cannot cast"):
        cast(np.random.default_rng(1), np.ones(3), np.empty(3, np.int64))


def mvn(g, mean, cov):
    return (g.multivariate_normal(mean, cov), g.multivariate_normal(mean, cov, 5),
            g.multivariate_normal(mean, cov, (2, 3), method="eigh"),
            g.multivariate_normal(mean, cov, 4, method="cholesky"),
            g.multivariate_normal(mean, cov, 0, method="eigh", check_valid="ignore"))


def test_multivariate_normal():
    """The standard normals are NumPy's exactly; the factor comes from numjit's np.linalg (the
    same LAPACK routines NumPy calls, but whichever build of them numjit loads), so the values
    agree to rounding."""
    f = njit(mvn)
    rs = np.random.RandomState(0)
    for seed, d in ((0, 1), (1, 3), (42, 4)):
        a = rs.standard_normal((d, d))
        cov = a @ a.T + d * np.eye(d)
        mean = rs.standard_normal(d)
        mine, twin = np.random.default_rng(seed), np.random.default_rng(seed)
        got, want = f(mine, mean, cov), mvn(twin, mean, cov)
        for x, y in zip(got, want):
            assert x.shape == y.shape and x.dtype == y.dtype
            np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-12)
        assert same_state(mine, twin)


def test_multivariate_normal_errors():
    f = njit(lambda g, m, c: g.multivariate_normal(m, c, check_valid="raise", tol=1e-6))
    with pytest.raises(ValueError, match="positive-semidefinite"):
        f(np.random.default_rng(0), np.zeros(2), np.array([[1.0, 2.0], [2.0, 1.0]]))
    with pytest.raises(ValueError, match="same length"):
        f(np.random.default_rng(0), np.zeros(3), np.eye(2))
    with pytest.raises(ValueError, match="square"):
        f(np.random.default_rng(0), np.zeros(2), np.ones((2, 3)))
    bad = njit(lambda g, m, c: g.multivariate_normal(m, c, method="qr"))
    with pytest.raises(TypingError, match="method"):
        bad(np.random.default_rng(0), np.zeros(2), np.eye(2))


def mvhg(g, colors, n):
    return (g.multivariate_hypergeometric(colors, n, method="count"),
            g.multivariate_hypergeometric(colors, n, 6, method="count"),
            g.multivariate_hypergeometric(colors, 0, (2, 2), method="count"),
            g.multivariate_hypergeometric(colors, colors.sum(), 2, method="count"))


def test_multivariate_hypergeometric_count():
    f = njit(mvhg)
    for seed in (0, 3, 99):
        for colors, n in ((np.array([3, 2, 5]), 4), (np.array([3, 2, 5]), 8), (np.array([10, 0, 1, 40]), 20),
                          (np.array([0, 0]), 0), (np.array([7]), 3)):
            mine, twin = np.random.default_rng(seed), np.random.default_rng(seed)
            got, want = f(mine, colors, n), mvhg(twin, colors, n)
            for a, b in zip(got, want):
                assert a.dtype == b.dtype and np.array_equal(a, b), (seed, colors, n, a, b)
            assert same_state(mine, twin)
    with pytest.raises(ValueError, match="nsample > sum"):
        f(np.random.default_rng(0), np.array([1, 2]), 4)
    with pytest.raises(ValueError, match="nonnegative"):
        f(np.random.default_rng(0), np.array([1, -2]), 0)


def byte_draws(g):
    b = g.bytes(10)
    return b, len(b), b[3], g.bytes(0), g.bytes(1), g.bytes(4), g.bytes(33), g.bytes(-1), g.bytes(-6), g.bytes(5) == b


def test_bytes():
    """bytes(n): NumPy's uint32 draws as little-endian bytes, cut (even its odd n <= 0 results)."""
    f = njit(byte_draws)
    for seed in (0, 4, 77):
        mine, twin = np.random.default_rng(seed), np.random.default_rng(seed)
        got, want = f(mine), byte_draws(twin)
        assert got == want and type(got[0]) is bytes
        assert same_state(mine, twin)


def legacy(seed, mean, cov):
    np.random.seed(seed)
    return (np.random.multivariate_normal(mean, cov), np.random.multivariate_normal(mean, cov, (3, 2)),
            np.random.multivariate_normal(mean, cov, 4, check_valid="raise", tol=1e-6), np.random.bytes(7),
            np.random.bytes(0))


def test_legacy_multivariate_normal_and_bytes():
    """np.random's (RandomState's) versions, seeded in compiled code as in Python."""
    f = njit(legacy)
    rs = np.random.RandomState(1)
    for seed, d in ((0, 2), (5, 4)):
        a = rs.standard_normal((d, d))
        cov, mean = a @ a.T + np.eye(d), rs.standard_normal(d)
        got, want = f(seed, mean, cov), legacy(seed, mean, cov)
        for x, y in zip(got[:3], want[:3]):
            assert x.shape == y.shape
            np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-12)
        assert got[3:] == want[3:]
