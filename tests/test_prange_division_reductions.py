"""prange reductions numba's parallel page lists besides `+=`/`*=`: `/=` and `s = s - e`,
`s = s * e`, `s = s / e` on scalars, `a /= e` on whole arrays (also through views, and mixed
with `*=`), and `min()`/`max()` on scalars; compared with the same code run as plain Python
(prange is range there). The inputs are powers of two, so every grouping of the products is
exact and the parallel results must equal the sequential ones."""
import numpy as np
import pytest

from numjit import njit, prange
from numjit.errors import UnsupportedError


@njit(parallel=True)
def _reductions(x, big, n):
    s, d, q, m, r = 100.0, 3.0, 5.0, 1.0, 7.0
    lo, hi = np.inf, -np.inf
    y = np.full((2, 3), 64.0)
    f = np.asfortranarray(np.full((3, 2), 2.0))
    v = big[:, ::2]                                  # a strided view: `big` changes in place
    count = 0
    for i in prange(n):
        e = x[i]
        s = s - e
        d /= e
        q = q / e
        m = m * e
        r = e + r
        lo = min(lo, e)
        hi = max(e, hi)
        y /= e
        f *= e
        f /= 2.0
        v /= e
        count = count + 1
    return s, d, q, m, r, lo, hi, y, f, count


def test_division_and_subtraction_reductions_match_python():
    for n in (0, 1, 7, 300):
        x = 2.0 ** (np.arange(n) % 5 - 2)                  # 0.25 .. 4
        big = np.arange(1.0, 25.0).reshape(4, 6)
        want_big = big.copy()
        want = _reductions.py_func(x, want_big, n)
        got = _reductions(x, big, n)
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)
        np.testing.assert_array_equal(big, want_big)       # the view's writes reached it
        assert got[8].flags.f_contiguous


def test_reversed_operands_are_not_reductions():
    def reversed_division(x):
        s = 1.0
        for i in prange(x.shape[0]):
            s = x[i] / s
        return s

    def reversed_subtraction(x):
        s = 1.0
        for i in prange(x.shape[0]):
            s = x[i] - s
        return s

    def array_rebinding(x):
        y = np.ones(3)
        for i in prange(x.shape[0]):
            y = y / x[i]
        return y

    for fn in (reversed_division, reversed_subtraction):
        with pytest.raises(UnsupportedError, match="only reductions"):
            njit(parallel=True)(fn)(np.ones(4))
    with pytest.raises(UnsupportedError, match="updates the array in place"):
        njit(parallel=True)(array_rebinding)(np.ones((4, 3)))
