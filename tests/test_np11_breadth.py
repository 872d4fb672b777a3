"""NumPy breadth of session 11, each against the uncompiled code on the same inputs: `~` of a bool
(a comparison, a bool element, a bool variable) is NumPy's logical not, as numba gives."""
import numpy as np

from helpers import assert_array_same
from numjit import njit


def bool_inverts(flags, x, b, m, n):
    link = x > 1.0                       # a comparison result, used as numbers (librosa's rqa)
    return (~link, ~flags[0], ~b, ~(flags[1] & b), ~(m > 0), ~(m[()] > 0), link * 2.0 - ~link * 3.0,
            ~flags, ~(m > 0) & True, ~n, ~(n < 3))


def test_invert_of_bools_is_logical_not():
    compiled = njit(bool_inverts)
    flags = np.array([True, False, True])
    for x in (np.float64(0.5), np.float64(2.0), np.float64(np.nan)):
        for b in (np.True_, np.False_):
            for m in (np.array(1.5), np.array(-1.0)):
                args = (flags, x, b, m, np.array([0, 5, -7], np.int16))
                got, want = compiled(*args), bool_inverts(*args)
                assert len(got) == len(want)
                for g, w in zip(got, want):
                    assert_array_same(np.asarray(g), np.asarray(w))
                    assert np.asarray(g).dtype == np.asarray(w).dtype, (g, w)
