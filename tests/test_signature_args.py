"""Arguments of explicit signatures that are more than numbers and arrays: tuples of arrays of
another layout than declared (converted, as numba does), and `as_strided` of arrays of any layout
(as pyts calls it inside functions with explicit signatures). Each case compares with the Python
function on the same values.
"""
import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided

from helpers import assert_same
from impl import njit, types

NO_SIGNATURE = "no compiled signature|No matching definition"      # numjit's words, numba's


def tuple_sums(x, pair, scale):
    return x.sum() + pair[0].sum() * scale[0] + pair[1][-1] * scale[1]


def test_tuple_of_any_layout_arrays_takes_every_layout():
    sig = types.float64(types.float64[:, :], types.UniTuple(types.int64[:], 2), types.UniTuple(types.float64, 2))
    f = njit([sig])(tuple_sums)
    x = np.arange(12.0).reshape(3, 4)
    v, w = np.arange(5), np.arange(7) * 3
    for pair in ((v, w), (v[::2], w[::-1]), (v[:0], w[1:2]), (np.asfortranarray(v), w[::-3])):
        for scale in ((2.0, -1.0), (3, 4)):          # ints in the declared float tuple: converted
            assert_same(f(x, pair, scale), tuple_sums(x, pair, tuple(map(float, scale))))
    assert_same(f(x.T, (v, w), (1.0, 1.0)), tuple_sums(x.T, (v, w), (1.0, 1.0)))
    with pytest.raises(TypeError, match=NO_SIGNATURE):
        f(x, (v.astype(np.float64), w), (1.0, 1.0))       # float items for the declared int64 arrays
    with pytest.raises(TypeError, match=NO_SIGNATURE):
        f(x, (v, w, w), (1.0, 1.0))


def first_rows(t):
    return t[0][0].sum() + t[1][-1]


def test_tuple_signatures_choose_the_layout_declared():
    """A C tuple and an 'A' tuple declared (the 'A' one first): each call gets its own."""
    f = njit([types.float64(types.Tuple((types.float64[:, :], types.float64[:]))),
              types.float64(types.Tuple((types.float64[:, ::1], types.float64[::1])))])(first_rows)
    a, v = np.arange(6.0).reshape(2, 3), np.linspace(0, 1, 4)
    for t in ((a, v), (a[:, ::2], v[::-1]), (np.asfortranarray(a), v)):
        assert_same(f(t), first_rows(t))
    with pytest.raises(TypeError, match=NO_SIGNATURE):
        f((v, a))


def windows(x, size, step):
    stride = x.strides[0]
    view = as_strided(x, shape=((x.size - size) // step + 1, size), strides=(step * stride, stride))
    return view.copy()


def test_as_strided_of_any_layout():
    f = njit(["float64[:, :](float64[:], int64, int64)"])(windows)
    g = njit(windows)
    m = np.arange(48.0).reshape(6, 8)
    for x in (m[:, 1], m[2], m[3, ::-2], np.asfortranarray(m)[4], m[::-1, 5], m.T[0]):
        for size, step in ((3, 1), (2, 2), (1, 3), (x.size, 1)):
            np.testing.assert_array_equal(f(x, size, step), windows(x, size, step))
            np.testing.assert_array_equal(g(x, size, step), windows(x, size, step))


def past_the_end(x):
    return as_strided(x, (x.size + 1,), x.strides)


@pytest.mark.numjit_only
def test_as_strided_outside_a_strided_array_is_refused():
    with pytest.raises(ValueError, match="outside the array"):    # NumPy would read past x's last item
        njit(past_the_end)(np.arange(12.0).reshape(4, 3)[:3, 1])
