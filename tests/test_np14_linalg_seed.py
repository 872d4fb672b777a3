"""np.linalg.solve of stacked matrices as NumPy 2 broadcasts it (a 1-d b is one vector for every
matrix, an n-d b a stack of matrices whose leading shape broadcasts with a's), compared with
NumPy on the same inputs; and np.random.seed() without a seed (fresh entropy each call).
"""
import numpy as np
import pytest

from impl import njit

pytestmark = pytest.mark.numjit_only      # numba has neither stacked solve nor seed()


def solve(a, b):
    return np.linalg.solve(a, b)


def test_stacked_solve():
    rng = np.random.default_rng(3)
    a = rng.standard_normal((2, 3, 4, 4)) + 4 * np.eye(4)
    cases = [(a, rng.standard_normal(4)), (a, rng.standard_normal((3, 4, 2))),
             (a[0, 0], rng.standard_normal((5, 4, 3))), (a[:, :, ::-1], rng.standard_normal((2, 1, 4, 2))),
             (a.astype(np.float32), rng.standard_normal(4).astype(np.float32)), (a[:, :0], rng.standard_normal(4))]
    cf = njit(solve)
    for x, y in cases:
        want, got = solve(x, y), cf(x, y)
        assert got.shape == want.shape and got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=1e-4 if want.dtype == np.float32 else 1e-10)
    bad = rng.standard_normal((4, 4, 2))          # leading shapes (2, 3) and (4,) do not broadcast
    with pytest.raises(ValueError):
        solve(a, bad)
    with pytest.raises(ValueError):
        cf(a, bad)
    singular = np.zeros((2, 3, 3))
    with pytest.raises(np.linalg.LinAlgError):
        solve(singular, np.ones(3))
    with pytest.raises(np.linalg.LinAlgError):
        cf(singular, np.ones(3))


def reseeded():
    np.random.seed()
    x = np.random.random(4)
    np.random.seed()
    y = np.random.random(4)
    np.random.seed(7)
    return x, y, np.random.random(4)


def test_seed_without_argument():
    x, y, z = njit(reseeded)()
    assert not np.array_equal(x, y) and ((0 <= x) & (x < 1)).all()
    np.testing.assert_array_equal(z, np.random.RandomState(7).random_sample(4))
