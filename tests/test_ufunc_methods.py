"""Ufunc methods in compiled code (np.add.reduce, np.maximum.accumulate, np.multiply.outer,
np.add.at), compiled vs. NumPy on the same inputs: axes, NumPy's result dtypes (int32 sums widen
to int64, divide of ints is float64), empty reductions, layouts; NumPy's errors."""
import numpy as np
import pytest

from impl import njit, TypingError

pytestmark = pytest.mark.numjit_only          # numba 0.68 compiles none of these methods


def methods(a):
    return (np.add.reduce(a), np.add.reduce(a, axis=1), np.maximum.reduce(a, axis=None),
            np.multiply.accumulate(a), np.maximum.accumulate(a, axis=-1), np.subtract.outer(a[0], a[:, 0]),
            np.divide.reduce(a[0]), np.logical_or.reduce(a, axis=0), np.add.reduce(a[:0]),
            np.minimum.accumulate(a[:, :0], axis=1), np.hypot.outer(2.0, a[1]))


def test_reduce_accumulate_outer_like_numpy():
    compiled = njit(methods)
    base = np.array([[3, -1, 4, 1], [5, 9, -2, 6], [5, 3, 5, 0]])
    for a in (base.astype(np.int32), np.asfortranarray(base * 0.5), (base * 1.5)[::-1, ::2]):
        with np.errstate(divide="ignore"):
            want = methods(a)
        for g, w in zip(compiled(a), want):
            assert np.shape(g) == np.shape(w) and (np.ndim(w) == 0 or g.dtype == w.dtype), (g, w)  # scalars: Python's
            np.testing.assert_array_equal(g, w)


def apply_at(a, idx, b):
    np.add.at(a, idx, b)
    np.negative.at(a, idx[:1])
    np.maximum.at(a, idx, 3)
    np.multiply.at(a, 1, b[0])
    return a


def test_at_like_numpy():
    compiled = njit(apply_at)
    idx, b = np.array([0, 1, 1, -1, 1]), np.array([1.0, 2.0, 3.0, 4.0, -8.0])
    for a in (np.zeros(5), np.arange(10.0)[::-2]):
        got, want = a.copy(), a.copy()
        np.testing.assert_array_equal(compiled(got, idx, b), apply_at(want, idx, b))
        np.testing.assert_array_equal(got, want)


def reduce_empty(a):
    return np.maximum.reduce(a)


def reduce_all(a):
    return np.subtract.reduce(a, axis=None)


def add_at(a, idx):
    np.add.at(a, idx, 1.0)


def test_method_errors():
    with pytest.raises(ValueError, match="zero-size array to reduction operation maximum which has no identity"):
        njit(reduce_empty)(np.zeros(0))
    with pytest.raises(TypingError, match="not reorderable"):
        njit(reduce_all)(np.ones((2, 2)))
    assert njit(reduce_all)(np.arange(4.0)) == reduce_all(np.arange(4.0))
    with pytest.raises(IndexError):
        njit(add_at)(np.zeros(3), np.array([0, 3]))
    with pytest.raises(TypingError, match="1-d array"):
        njit(add_at)(np.zeros((2, 2)), np.array([0]))
