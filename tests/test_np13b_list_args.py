"""Lists where NumPy takes array_likes, in compiled code vs. NumPy on the same inputs: np.take /
a.take and np.put / a.put with lists of indices (nested too) and of values, a.item((i, j)),
np.array / np.asarray of a list of tuples; np.random.choice and Generator.choice with lists as a
and p (the same numbers as NumPy's for the same seed); ufunc.at with lists as indices and values; np.digitize, np.interp and np.repeat with lists."""
import numpy as np
import pytest

from impl import njit


def edits(a):
    b = a.copy()
    np.put(b, [0, -3], [9.0, 8.0])
    b.put([1, 5, 7], 4.0)                                   # one value for every index
    np.put(b, np.array([2, 3]), [1, 2, 3])                  # an int list value, cast; extra values ignored
    return (np.take(a, [0, 2], axis=1), a.take([0, -1]), a.take([[0, -1], [2, 13]], mode='wrap'),
            b, a.item((1, -2)), a.item((0, 3)))


def rows():
    return np.asarray([(1.0, 2.0), (3.0, 4.0)]), np.array([(1, 2, 3), (3, 4, 5)], dtype=np.float32)


def test_lists_as_array_arguments():
    f = njit(edits)
    for a in (np.arange(12.0).reshape(3, 4) - 5.5, np.asfortranarray(np.arange(12.0).reshape(3, 4))):
        for got, want in zip(f(a), edits(a)):
            assert np.asarray(got).dtype == np.asarray(want).dtype and np.array_equal(got, want)
    for got, want in zip(njit(rows)(), rows()):
        assert got.dtype == want.dtype and np.array_equal(got, want)


def test_list_argument_errors():
    def out_of_range(a):
        return a.take([0, 12])

    def item_out_of_range(a):
        return a.item((3, 0))

    a = np.zeros((3, 4))
    for fn in (out_of_range, item_out_of_range):
        with pytest.raises(IndexError) as want:
            fn(a)
        with pytest.raises(IndexError) as got:
            njit(fn)(a)
        assert str(got.value) == str(want.value)


def choices(seed):
    np.random.seed(seed)
    g = np.random.default_rng(seed)
    return (np.random.choice(5, 3, p=[0.1, 0.2, 0.3, 0.2, 0.2]), np.random.choice([1.5, 2.5, 7.0]),
            np.random.choice([3, 4, 5], 4, True, [0.5, 0.25, 0.25]),
            g.choice(5, 3, p=[0.1, 0.2, 0.3, 0.2, 0.2]), g.choice([1.5, 2.5, 7.0]),
            g.choice([[1, 2], [3, 4], [5, 6]], 2, replace=False, p=[0.2, 0.3, 0.5]), g.choice([3, 4], 5, shuffle=False))


def test_choice_of_lists():
    f = njit(choices)
    for seed in (0, 7, 123):
        for got, want in zip(f(seed), choices(seed)):
            assert np.array_equal(got, want) and np.asarray(got).dtype == np.asarray(want).dtype


def at(a):
    np.add.at(a, ([0, 0, 1], [1, 1, -2]), 1.0)                # repeats accumulate
    np.multiply.at(a, ([2, 2], [1, 1]), [2.0, 3.0])
    np.negative.at(a, [0])
    np.maximum.at(a, (1, [0, 3]), np.array([100.0, -100.0]))
    return a


def test_ufunc_at_with_lists():
    a = np.asfortranarray(np.arange(12.0).reshape(3, 4))
    assert np.array_equal(njit(at)(a.copy()), at(a.copy()))


def binned(a):
    return (np.digitize(a, [0.0, 1.0], right=True), np.digitize([0.5, -3.0, 9.0], np.array([0.0, 1.0])),
            np.interp(a, [0.0, 1.0], [1.0, 2.0], left=-1.0, right=9.0), np.interp(0.25, [0, 1], [1, 3]),
            np.interp([0.5, 2.0], [0.0, 1.0, 2.0], np.array([1.0, 5.0, 2.0])),
            np.repeat(a, [1, 0, 2, 1, 1, 3, 0]), np.repeat(a.reshape(7, 1), [2, 1, 0, 1, 1, 1, 1], axis=0))


def test_digitize_interp_with_lists():
    a = np.array([-1.0, 0.0, 0.25, np.nan, 1.0, np.inf, 2.0])
    for got, want in zip(njit(binned)(a), binned(a)):
        assert np.asarray(got).dtype == np.asarray(want).dtype and np.array_equal(got, want, equal_nan=True)
