"""Small NumPy gaps closed in session 8, compiled vs. the same function run by NumPy:
np.clip on numbers (and number/array mixes), np.dot with a number on either side, np.full with an
array or 0-d array fill value (broadcast), np.cumsum/np.cumprod (and the methods) with dtype=,
np.array/np.asarray of a tuple of lists (rows, NumPy's dtype; ragged rows raise ValueError).
"""
import numpy as np
import pytest

from helpers import assert_array_same, assert_same, python_kind
from impl import njit

pytestmark = pytest.mark.numjit_only         # numba has none of these forms (cumsum dtype=, full of an array, ...)


def check(got, want):
    """Arrays: shape, dtype and values; numbers: value and Python kind (NaN equals NaN)."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            check(g, w)
    elif isinstance(want, np.ndarray):
        assert_array_same(got, want)
    else:
        assert_same(got, want, kind=python_kind(np.asarray(want).dtype))


def clips(x, lo, hi, a):
    return (np.clip(x, lo, hi), np.clip(2.5, 0, 1), np.clip(-3, 0, 1), np.clip(x, None, hi),
            np.clip(x, lo, None), np.clip(x, a, hi), np.clip(a, lo, x), np.clip(x, lo, a),
            np.clip(7, 3, 1), np.clip(True, 0, 1), np.full(1, np.clip(x, lo, hi)), np.full(1, np.clip(lo, x, 9)))


def test_clip_numbers():
    compiled = njit(clips)
    a = np.array([-1.0, 0.25, np.nan, 2.0])
    for x, lo, hi in [(2.5, 0.0, 1.0), (-0.5, 0.0, 1.0), (0.5, 0.0, 1.0), (np.nan, 0.0, 1.0),
                      (0.5, np.nan, 1.0), (0.5, 1.0, 0.0), (-np.inf, -1.0, np.inf)]:
        check(compiled(x, lo, hi, a), clips(x, lo, hi, a))
    for x, lo, hi, a in [(5, 0, 3, np.arange(-2, 3, dtype=np.int32)),                  # the dtypes: NumPy's
                         (2.5, np.float32(0), np.float32(1), np.arange(3, dtype=np.float32))]:
        check(njit(clips)(x, lo, hi, a), clips(x, lo, hi, a))


def dots(x, y, a, m, b):
    return (np.dot(x, y), np.dot(2.5, 2.0), np.dot(x, a), np.dot(a, y), np.dot(3, m), np.dot(m, x),
            np.dot(2, a), np.dot(x, b), np.dot(True, False), np.dot(a, a), a.dot(x))


def test_dot_with_numbers():
    compiled = njit(dots)
    for args in [(2.5, -4.0, np.arange(3.0), np.arange(6, dtype=np.int32).reshape(2, 3), np.array([True, False])),
                 (np.nan, 0.0, np.zeros(0), np.ones((3, 2), np.float32)[::2], np.zeros(0, np.bool_))]:
        check(compiled(*args), dots(*args))


def fulls(a, z, f):
    return (np.full((2, 3), a), np.full((4, 1, 3), a, np.float32), np.full(3, z), np.full((2, 2), z, dtype=np.int64),
            np.full((2, 3), a[:1]), np.full((3, 2), f.T), np.full((0, 3), a), np.full((2, 3), a > 0))


def test_full_with_array_fill():
    compiled = njit(fulls)
    a, z, f = np.array([1.5, -2.0, np.nan]), np.array(7), np.asfortranarray(np.arange(6.0).reshape(2, 3))
    check(compiled(a, z, f), fulls(a, z, f))
    with pytest.raises(ValueError):                  # (4,) does not broadcast to (2, 3)
        compiled(np.arange(4.0), z, f)
    with pytest.raises(ValueError):
        fulls(np.arange(4.0), z, f)


def cumulative(a, b):
    return (np.cumsum(a, dtype=np.float64), np.cumprod(a, dtype=np.float32), a.cumsum(dtype=np.int8),
            a.cumprod(0, np.int64), np.cumsum(b, axis=1, dtype=np.int16), np.cumsum(b, None, np.float32),
            np.cumprod(b, axis=-2, dtype=np.float64), b.cumsum(axis=0, dtype=np.complex128),
            np.cumsum(b, dtype=np.bool_), b.T.cumsum(1, dtype=np.uint8))


def test_cumulative_dtype():
    compiled = njit(cumulative)
    cases = [(np.array([100, 50, -3, 7], np.int64), np.array([[1.5, -2.5, 3.9], [-0.5, 2.25, 0.0]])),
             (np.arange(0, dtype=np.int64), np.arange(12.0).reshape(3, 4)[:, ::2] - 2.5)]
    for a, b in cases:
        check(compiled(a, b), cumulative(a, b))


def rows(x, y):
    return (np.asarray(([1, 2], [3, 4])), np.array(([1.0, 2], [3, 4])), np.array((x, y)), np.asarray((x, y, x)),
            np.array(([True, False], [2, 3])), np.array(([1, 2], [3, 4]), dtype=np.float32),
            np.array(([[1, 2]], [[3.5, 4]])), np.asarray((x,)))


def test_array_of_tuple_of_lists():
    compiled = njit(rows)
    check(compiled([1.5, 2.5, 3.5], [4.0, np.nan, 6.0]), rows([1.5, 2.5, 3.5], [4.0, np.nan, 6.0]))
    with pytest.raises(ValueError, match="inhomogeneous"):
        compiled([1.0, 2.0], [3.0])
    with pytest.raises(ValueError, match="inhomogeneous"):
        rows([1.0, 2.0], [3.0])
