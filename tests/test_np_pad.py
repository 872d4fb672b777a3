"""np.pad compiled vs. NumPy on the same inputs: every pad_width form, modes constant (with
constant_values), edge, wrap, reflect and symmetric (widths past the array's length too), 1-d,
2-d C/strided/reversed, 3-d, int and float; bad widths and modes raise NumPy's errors."""
import numpy as np
import pytest

from impl import TypingError, njit


def pads(a):
    return (np.pad(a, 2), np.pad(a, (1, 3)), np.pad(a, ((1, 0),), constant_values=7), np.pad(a, ((2, 1),), "edge"),
            np.pad(a, 4, "wrap"), np.pad(a, (5, 2), "reflect"), np.pad(a, 6, mode="symmetric"), np.pad(a, (0, 0), "edge"))


def pads_2d(a):
    return (np.pad(a, ((1, 0), (2, 3)), constant_values=-1), np.pad(a, ((2, 1), (0, 3)), "edge"),
            np.pad(a, ((5, 1), (2, 7)), "reflect"), np.pad(a, 3, "wrap"), np.pad(a, (4, 1), "symmetric"))


def same(got, want):
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and g.shape == w.shape and np.array_equal(g, w), (g, w)


def test_pad_every_mode():
    f, f2 = njit(pads), njit(pads_2d)
    for a in (np.arange(5.0)[::-1], np.array([3.0])[::-1], np.arange(7.0)[::-3]):     # one (strided) type each
        same(f(a), pads(a))
    big = np.arange(30.0).reshape(5, 6)
    for a in (big[:, ::-1], big[::2, ::-1], np.ones((1, 2))[:, ::-1]):
        same(f2(a), pads_2d(a))
    ints = np.arange(24).reshape(2, 3, 4)
    three_d = njit(lambda a: (np.pad(a, 1, "reflect"), np.pad(a, ((1, 0), (0, 2), (1, 1)), constant_values=3)))
    same(three_d(ints), (np.pad(ints, 1, "reflect"), np.pad(ints, ((1, 0), (0, 2), (1, 1)), constant_values=3)))
    empty = np.zeros((0, 3))
    assert np.array_equal(njit(lambda a: np.pad(a, 1))(empty), np.pad(empty, 1))


def test_pad_errors():
    f = njit(lambda a, w: np.pad(a, w, "edge"))
    with pytest.raises(ValueError, match="negative"):
        f(np.ones(3), -1)
    with pytest.raises(ValueError, match="empty axis"):
        f(np.ones((0, 2)), 1)
    with pytest.raises(TypingError, match="mode must be"):
        njit(lambda a: np.pad(a, 1, "median"))(np.ones(3))
