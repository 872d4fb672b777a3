"""np.pad compiled vs. NumPy on the same inputs: every pad_width form, modes constant (with
constant_values), edge, wrap, reflect and symmetric (widths past the array's length too),
linear_ramp (end_values), maximum, minimum, mean and median (stat_length), empty, constant_values
as pairs; 1-d, 2-d C/strided/reversed, 3-d, int and float; bad widths and modes raise NumPy's
errors."""
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
        njit(lambda a: np.pad(a, 1, "mediun"))(np.ones(3))


def stat_pads(a):
    return (np.pad(a, (1, 3), "minimum"), np.pad(a, 3, "mean", stat_length=2),
            np.pad(a, (4, 3), "linear_ramp", end_values=(5, -2)), np.pad(a, 2, "maximum", stat_length=(1, 9)))


def stat_pads_2d(a):
    return (np.pad(a, ((1, 2), (2, 1)), "mean"), np.pad(a, 2, "median", stat_length=((1, 2), (3, 1))),
            np.pad(a, ((2, 3), (1, 2)), "linear_ramp", end_values=((1, 2), (-3, 0))),
            np.pad(a, ((1, 2), (2, 1)), constant_values=((7, 8), (-1, 2.9))), np.pad(a, 1, constant_values=((5, 6),)))


def test_pad_statistics_and_ramps():
    """Means and medians of ints round half to even, ramps of ints floor; a ramp from a value to
    itself (step 0); each compiled mode is costly, so one array type each."""
    f, f2 = njit(stat_pads), njit(stat_pads_2d)
    for a in (np.array([1.0, 5.0, 2.0, 8.0, 0.5]), np.array([5.0, 2.5, -2.0])):
        for g, w in zip(f(a), stat_pads(a)):
            assert g.dtype == w.dtype and g.shape == w.shape
            np.testing.assert_allclose(g, w, rtol=1e-15, err_msg=str(a))
    a = np.arange(20).reshape(4, 5)[::-1, ::2] * 3
    for g, w in zip(f2(a), stat_pads_2d(a)):
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_array_equal(g, w)
    assert njit(lambda a: np.pad(a, (1, 2), "empty").shape)(np.ones((2, 2))) == (5, 5)


def test_pad_statistic_errors():
    with pytest.raises(ValueError, match="stat_length of 0"):
        njit(lambda a: np.pad(a, 1, "mean", stat_length=0))(np.ones(3))
    with pytest.raises(ValueError, match="empty axis"):
        njit(lambda a: np.pad(a, 1, "maximum"))(np.ones((0, 2)))
    with pytest.raises(TypingError, match="stat_length is only for"):
        njit(lambda a: np.pad(a, 1, "edge", stat_length=2))(np.ones(3))
    with pytest.raises(TypingError, match="end_values must be"):
        njit(lambda a: np.pad(a, 1, "linear_ramp", end_values=1j))(np.ones(3))
