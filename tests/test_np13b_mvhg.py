"""Generator.multivariate_hypergeometric with NumPy's default method='marginals' in compiled code
vs. NumPy's own method on a twin Generator (same seed): every variate equal, the bit generator's
state equal afterwards, NumPy's errors."""
import numpy as np
import pytest

from impl import njit


def marginals(g, colors, n):
    return (g.multivariate_hypergeometric(colors, n),
            g.multivariate_hypergeometric(colors, n, 5, method="marginals"),
            g.multivariate_hypergeometric(colors, 0, (2, 3)),
            g.multivariate_hypergeometric(colors, colors.sum(), 2),
            g.multivariate_hypergeometric(colors, n, (0, 2)))


CASES = ((np.array([3, 2, 5]), 4), (np.array([3, 2, 5]), 8),            # the complement: n > total // 2
         (np.array([10, 0, 1, 40]), 20), (np.array([0, 0]), 0), (np.array([7]), 3),
         (np.array([500, 1200, 30, 4000, 7]), 1500),                      # HRUA draws (sample >= 10)
         (np.array([500, 1200, 30, 4000, 7]), 5000), (np.array([12, 3, 0, 9]), 0))


def test_marginals_match_numpy_stream():
    f = njit(marginals)
    for seed in (0, 5, 2024):
        for colors, n in CASES:
            mine, twin = np.random.default_rng(seed), np.random.default_rng(seed)
            got, want = f(mine, colors, n), marginals(twin, colors, n)
            for a, b in zip(got, want):
                assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b), (seed, colors, n, a, b)
            assert mine.bit_generator.state == twin.bit_generator.state
    small = np.array([2, 9, 4], dtype=np.int32)                           # other integer dtypes of colors
    mine, twin = np.random.default_rng(8), np.random.default_rng(8)
    assert np.array_equal(f(mine, small, 6)[1], marginals(twin, small, 6)[1])


def test_marginals_errors():
    f = njit(lambda g, c, n: g.multivariate_hypergeometric(c, n))
    g = np.random.default_rng(0)
    for colors, n in ((np.array([1, 2]), 4), (np.array([1, -2]), 0), (np.array([1, 2]), -1),
                      (np.array([10 ** 9, 1]), 3)):
        with pytest.raises(ValueError) as want:
            np.random.default_rng(0).multivariate_hypergeometric(colors, n)
        with pytest.raises(ValueError) as got:
            f(g, colors, n)
        assert str(got.value) == str(want.value)
