"""np.unique(axis=) compiled vs. NumPy: rows, columns and a middle axis of 2-d and 3-d arrays,
every return_* combination, repeated / NaN-holding / empty slices."""
import numpy as np
import pytest

from impl import TypingError, njit


def uniques(a):
    return (np.unique(a, axis=0), np.unique(a, axis=1), np.unique(a, True, True, True, axis=0),
            np.unique(a, return_inverse=True, axis=-1), np.unique(a, return_counts=True, axis=0),
            np.unique(a, return_index=True, axis=1))


def flat(results):
    for r in results:
        yield from (r if isinstance(r, tuple) else (r,))


def test_unique_axis():
    f = njit(uniques)
    rng = np.random.default_rng(4)
    nan_rows = np.array([[1.0, np.nan], [1.0, np.nan], [0.0, 1.0], [np.nan, 0.0], [1.0, 0.5]])
    for a in (rng.integers(0, 2, (20, 3)).astype(np.float64)[:, ::-1], nan_rows[::-1], np.zeros((0, 3))[:, ::-1],
              np.array([[1.0, 2.0], [3.0, 4.0], [1.0, 2.0]])[:, ::-1]):
        for got, want in zip(flat(f(a)), flat(uniques(a))):
            assert got.dtype == want.dtype and got.shape == want.shape
            assert np.array_equal(got, want, equal_nan=True), (got, want)
    cube = rng.integers(0, 2, (3, 4, 2))
    middle = njit(lambda a: np.unique(a, return_inverse=True, return_counts=True, axis=1))
    for got, want in zip(middle(cube), np.unique(cube, return_inverse=True, return_counts=True, axis=1)):
        assert got.shape == want.shape and np.array_equal(got, want)


def test_unique_axis_errors():
    with pytest.raises(TypingError, match="axis must be an int"):
        njit(lambda a: np.unique(a, axis=1.5))(np.ones((2, 2)))
    with pytest.raises(np.exceptions.AxisError):
        njit(lambda a: np.unique(a, axis=2))(np.ones((2, 2)))
