"""Nested lists as indexes (`a[[[0, 1], [1, 2]]]`: a 2-d integer index array; nested lists of
bools: n-d masks) and bare n-d integer index arrays in assignments, in compiled code vs. NumPy on
the same inputs: values, shapes, dtypes, NumPy's errors."""
import numpy as np
import pytest

from impl import njit


def reads(a):
    return (a[[[0, 1], [1, 2]]],                      # (2, 2) + a.shape[1:]
            a[[[0, -1], [1, 2]], [[0], [-2]]],        # two nested lists broadcast: (2, 2)
            a[[[0, 3]], 1:3],                         # nested list then a slice
            a[:, [[4, 0, 1]]],                        # along axis 1: (4, 1, 3)
            a[[[[2]], [[1]]]],                        # 3 levels: (2, 1, 1, 5)
            a[[[True, False, True, False, False], [False] * 5, [True] * 5, [False, True, False, False, True]]],
            a[[True, False, True, True], [[0], [4]]],  # a mask list with a nested int list
            a[np.array([[3, 0], [0, -1]])])


def writes(a, i2):
    a[[[0, 1], [1, 2]]] = -1.0                        # scalar into whole rows
    a[[[3], [2]], [[0, 4]]] = np.array([10.0, 20.0])  # an array broadcast to the (2, 2) selection
    a[[[0, 1]], [[2, 2]]] = [7.0, 8.0]                # a list value; the repeat: last one wins
    a[i2] = a[0, :] + 100.0                           # bare 2-d int array, a row value
    a[[[False] * 5, [True, False, False, False, True], [False] * 5, [False] * 5]] = 0.5
    return a


def layouts():
    base = np.arange(20.0).reshape(4, 5) * 1.5 - 3.0
    return base, np.asfortranarray(base), np.arange(40.0).reshape(4, 10)[:, ::-2]


def test_nested_list_reads():
    f = njit(reads)
    base, _, strided = layouts()
    ints = np.arange(40, dtype=np.int8).reshape(4, 10)[:, ::-2]      # int8, non-contiguous
    for a in (base, strided, ints):
        for got, want in zip(f(a), reads(a)):
            assert got.dtype == want.dtype and got.shape == want.shape and np.array_equal(got, want)


def test_nested_list_writes():
    f = njit(writes)
    i2 = np.array([[2, -4], [1, 1]])
    for a in layouts():
        got, want = f(a.copy(), i2), writes(a.copy(), i2)
        assert np.array_equal(got, want)


def test_nested_list_errors():
    def out_of_bounds(a):
        return a[[[0, 1], [4, 2]]]

    def mixed_out_of_bounds(a):
        return a[1:, [0, -6]]

    def put_out_of_bounds(a):
        a[[1, 7]] = 2.0

    def ragged(a):
        return a[[[0, 1], [2]]]

    def bad_value(a):
        a[[[0, 1], [1, 2]], 0] = np.array([1.0, 2.0, 3.0])

    a = np.zeros((4, 5))
    for fn, kind, text in ((out_of_bounds, IndexError, "index 4 is out of bounds for axis 0 with size 4"),
                           (mixed_out_of_bounds, IndexError, "index -6 is out of bounds for axis 1 with size 5"),
                           (put_out_of_bounds, IndexError, "index 7 is out of bounds for axis 0 with size 4"),
                           (ragged, ValueError, "setting an array element with a sequence"),
                           (bad_value, ValueError, "shape mismatch: value array of shape (3,)")):
        with pytest.raises(kind, match=text.replace("(", r"\(").replace(")", r"\)")):
            fn(a.copy())
        with pytest.raises(kind, match=text.replace("(", r"\(").replace(")", r"\)")):
            njit(fn)(a.copy())


def test_nested_lists_as_arrays():
    """np.array/np.asarray of lists nested 3 deep (what a nested-list index becomes)."""
    def build(x):
        return (np.array([[[1, 2], [3, 4]], [[5, 6], [7, x]]]), np.asarray([[[x, 0.5]]], np.float32),
                np.array([[[True], [False]]]))

    def ragged(x):
        return np.array([[[1, 2], [3, 4]], [[5, 6], [7]]])

    for got, want in zip(njit(build)(9), build(9)):
        assert got.dtype == want.dtype and got.shape == want.shape and np.array_equal(got, want)
    with pytest.raises(ValueError, match="setting an array element with a sequence"):
        ragged(0)
    with pytest.raises(ValueError, match="setting an array element with a sequence"):
        njit(ragged)(0)
