"""NumPy 2's newer names (np.linalg.matmul/diagonal/trace, vecdot/matvec/vecmat,
cumulative_sum/prod, bitwise_count) and np.lexsort / np.sort_complex against NumPy."""
import numpy as np
import pytest

import numjit


def api2(a, b, v, c, k1):
    return (np.linalg.matmul(a, b), np.linalg.diagonal(a), np.linalg.diagonal(a, offset=1), np.linalg.trace(a),
            np.vecdot(a, v), np.vecdot(c, c), np.vecdot(a.T, v, axis=0), np.matvec(a, v), np.vecmat(v[:3], a),
            np.cumulative_sum(v), np.cumulative_sum(a, axis=1, include_initial=True), np.cumulative_prod(a, axis=0),
            np.cumulative_prod(v, include_initial=True), np.cumulative_sum(k1 > 0), np.bitwise_count(k1))


def sorts(k1, k2, k3, m):
    return (np.lexsort((k1, k2)), np.lexsort((k3, k1, k2)), np.lexsort((k1,)), np.lexsort(m),
            np.sort_complex(k3), np.sort_complex(k1.astype(np.int8)))


def _same(got, want):
    for g, w in zip(got, want):
        g, w = np.asarray(g), np.asarray(w)
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_allclose(g, w, rtol=1e-13, equal_nan=True)


def test_array_api_names_like_numpy():
    a = np.arange(12.0).reshape(3, 4)
    v = np.arange(4.0) + 0.5
    k1 = np.array([-9, 0, 7, -128, 127, 2**40, -(2**62), 255], dtype=np.int64)
    for a_, v_ in ((a, v), (np.asfortranarray(a)[:, ::-1], v[::-1])):
        _same(numjit.njit(api2)(a_, np.arange(8.0).reshape(4, 2), v_, v_ + 1j * v_[::-1], k1),
              api2(a_, np.arange(8.0).reshape(4, 2), v_, v_ + 1j * v_[::-1], k1))
    assert numjit.njit(lambda x: np.bitwise_count(x))(np.int16(-7)) == np.bitwise_count(np.int16(-7))
    for dt in (np.uint8, np.int32, np.uint64):
        x = np.array([0, 1, 5, 255], dtype=dt)
        np.testing.assert_array_equal(numjit.njit(lambda x: np.bitwise_count(x))(x), np.bitwise_count(x))


def test_lexsort_and_sort_complex_like_numpy():
    rng = np.random.default_rng(3)
    for n in (0, 1, 20):
        k1 = rng.integers(-5, 5, n)
        k2 = rng.integers(0, 3, n)
        k3 = rng.standard_normal(n)
        if n:
            k3[n // 2] = np.nan
        m = rng.integers(0, 3, (3, n))
        got, want = numjit.njit(sorts)(k1, k2, k3, m), sorts(k1, k2, k3, m)
        for g, w in zip(got, want):
            assert g.dtype == w.dtype
            np.testing.assert_array_equal(g, w)


def test_cumulative_needs_axis_beyond_1d():
    @numjit.njit
    def no_axis(a):
        return np.cumulative_sum(a)

    with pytest.raises(numjit.errors.TypingError, match="axis"):
        no_axis(np.ones((2, 2)))
