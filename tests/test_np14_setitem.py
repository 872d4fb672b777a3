"""Basic-index assignment of a value with extra leading length-1 dims (`a[1, 1:] = b[:1, 1:]`),
as NumPy's setitem allows: compiled and plain NumPy on the same inputs (C, F, reversed and
strided layouts), and NumPy's ValueError when an extra dim is not of length 1 or the rest does
not broadcast.
"""
import numpy as np
import pytest

from helpers import make_array
from impl import njit


def leading_ones(a, b, c):
    a[1, 1:] = b[:1, 1:]
    a[0] = c[None, None, :]
    a[2, ::2] = b[1:2, ::2] * 2.0 + c[:1]
    a[-1:, 0] = b[None, 2:, 3]
    a[1:, 1:][0] = np.sqrt(b[np.newaxis, 2:3, :3] ** 2)
    return a


def into_row(a, v):
    a[0] = v
    return a


@pytest.mark.parametrize("layout", ["C", "negstride"])
def test_extra_leading_ones(layout):
    a = make_array((3, 4), np.float64, layout)
    b = make_array((3, 4), np.float32, "F" if layout == "C" else "C", seed=2)
    c = np.arange(4.0) - 1.5
    want = leading_ones(a.copy(), b, c)
    got = njit(leading_ones)(a.copy(), b, c)
    np.testing.assert_array_equal(got, want)


@pytest.mark.numjit_only      # NumPy's message text
def test_value_that_does_not_fit_raises_numpy_error():
    cf = njit(into_row)
    a = np.zeros((3, 4))
    for v in (np.ones((2, 4)), np.ones((1, 3)), np.ones((1, 1, 5))):
        with pytest.raises(ValueError) as want:
            into_row(a.copy(), v)
        with pytest.raises(ValueError) as got:
            cf(a.copy(), v)
        assert str(got.value) == str(want.value)
    np.testing.assert_array_equal(cf(a.copy(), np.full((1, 1, 1), 2.5)), into_row(a.copy(), np.full((1, 1, 1), 2.5)))
