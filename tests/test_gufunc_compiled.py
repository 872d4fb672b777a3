"""numjit guvectorize objects called inside compiled code, vs. the same gufunc called by NumPy on
the same inputs: declared loops (the exact one, or the first safe cast: int32 runs the float64
loop), lazy gufuncs, loop axes that broadcast, scalar core inputs, two outputs, outputs passed
in (positionally or by out=, contiguous and strided), the 1-d call without loop axes; NumPy's
core-dimension errors."""
import numpy as np
import pytest

from impl import impl_module, njit, TypingError

guvectorize = impl_module.guvectorize
pytestmark = pytest.mark.numjit_only          # numba 0.68 cannot call a gufunc in nopython code


@guvectorize(["void(float64[:], float64[:])", "void(int64[:], int64[:])"], "(n)->()")
def total(x, out):
    s = 0
    for v in x:
        s += v
    out[0] = s


@guvectorize(["void(float64[:, :], float64[:], float64[:])"], "(m,n),(n)->(m)")
def matvec(a, v, out):
    for i in range(a.shape[0]):
        t = 0.0
        for j in range(a.shape[1]):
            t += a[i, j] * v[j]
        out[i] = t


@guvectorize("(n),()->(n)")
def shift(x, c, out):
    for i in range(x.shape[0]):
        out[i] = x[i] + c


@guvectorize(["void(float64[:], float64[:], float64[:])"], "(n)->(),()")
def extremes(x, low, high):
    low[0], high[0] = x.min(), x.max()


def calls(a, b, v, o, s):
    total(a, o)
    total(b[:, ::2], out=s)
    lows, highs = np.zeros(3), np.zeros(3)
    extremes(a.T + 1, out=(lows, highs))
    return (total(a), total(b), total(b.astype(np.int32)), matvec(b.reshape(1, 2, 3) * 1.0, v), total(a[0]),
            shift(a, 2.5), shift(a[0], v[:2].reshape(2, 1)), extremes(a.T), o, s, lows, highs)


def test_gufunc_calls_like_numpy():
    a, b, v = np.arange(6.0).reshape(2, 3) - 2, np.arange(6).reshape(2, 3), np.array([1.0, -1.0, 2.0])
    got_out, want_out = (np.zeros(2), np.zeros(4, np.int64)[::2]), (np.zeros(2), np.zeros(4, np.int64)[::2])
    got, want = njit(calls)(a, b, v, *got_out), calls(a, b, v, *want_out)
    for g, w in zip(got, want):
        for gi, wi in zip(g if isinstance(w, tuple) else (g,), w if isinstance(w, tuple) else (w,)):
            assert np.shape(gi) == np.shape(wi) and (np.ndim(wi) == 0 or gi.dtype == wi.dtype), (gi, wi)
            np.testing.assert_array_equal(gi, wi)
    for g, w in zip(got_out, want_out):
        np.testing.assert_array_equal(g, w)


def mismatched(a, v):
    return matvec(a, v)


def test_gufunc_call_errors():
    with pytest.raises(ValueError, match="core dimension"):
        njit(mismatched)(np.ones((2, 3)), np.ones(4))
    with pytest.raises(TypingError, match="fewer dimensions than its core"):
        njit(mismatched)(np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="Loop and array shapes are incompatible"):    # numba's ValueError
        njit(lambda x, res: shift(x, 1.0, res))(np.ones((1, 3)), np.empty(3))   # (a TypingError too)
