"""out= on reductions and accumulations compiled vs. NumPy on the same inputs: the function and
method forms, axis None / int / negative / tuple, keepdims=, int / float32 / strided / 0-d outs
(NumPy's casts: a float sum into an int out truncates, float32 data sums in a float64 out),
the returned array is out itself, empty arrays, NaN; NumPy's ValueErrors for wrong shapes.
"""
import warnings

import numpy as np
import pytest

from impl import njit

pytestmark = pytest.mark.numjit_only         # numba has no out= on reductions


def reductions(a, o3, oi3, z, o13, o2, oi2, o23, q):
    return (np.sum(a, axis=0, out=oi3), np.mean(a, out=z[0]), np.max(a, axis=0, keepdims=True, out=o13),
            np.argmax(a, axis=1, out=oi2[0]), np.var(a, axis=(0,), out=o3[1]), np.median(a, axis=1, out=o2[0]),
            a.sum(1, out=o2[1]), np.quantile(a, 0.3, axis=0, method="lower", out=o3[2]), np.prod(a, axis=-1, out=o2[2]),
            np.nansum(a, axis=(0, 1), out=z[1]), np.nanargmin(a, out=z[3]),
            np.std(a, axis=1, keepdims=True, out=o2[3:4].T),
            np.cumsum(a, axis=0, out=o23), a.cumsum(out=q[1]), np.nancumprod(a, 1, out=o23[::-1]),
            np.percentile(a, 40.0, 1, o2[4]))


def outs():
    return (np.zeros((8, 3)), np.zeros(3, np.int32),
            (np.zeros(()), np.zeros((), np.float32), np.zeros(()), np.zeros((), np.int64)),
            np.zeros((1, 3), np.float32), np.zeros((2, 7)).T, np.zeros((4, 2), np.int16), np.zeros((2, 3)),
            np.zeros((2, 6)))


def test_reductions_out():
    f = njit(reductions)
    rng = np.random.default_rng(11)
    a = rng.normal(size=(2, 3)) * 10
    for x in (a, np.array([[1.0, np.nan, 3.0], [4.0, 5.0, -np.inf]])):        # (outs: strided, int, float32, 0-d)
        got_outs, want_outs = outs(), outs()
        got = f(x, *got_outs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            want = reductions(x, *want_outs)
        for k, (g, w) in enumerate(zip(got, want)):
            assert g.dtype == w.dtype and g.shape == w.shape, (k, g.dtype, w.dtype, g.shape, w.shape)
            assert np.allclose(g, w, rtol=1e-6, equal_nan=True), (k, g, w)
        for g, w in zip(got_outs[:2] + got_outs[3:], want_outs[:2] + want_outs[3:]):   # written in place
            assert np.allclose(g, w, rtol=1e-6, equal_nan=True), (g, w)
        for g, w in zip(got_outs[2], want_outs[2]):
            assert np.allclose(g, w, rtol=1e-6, equal_nan=True), (g, w)


def wrong(a, o1, o2, which):
    if which == 0:
        np.sum(a, axis=0, out=o2)                   # two dimensions for one
    elif which == 1:
        np.max(a, axis=0, out=o1)                   # length 4 for 3
    elif which == 2:
        np.cumsum(a, out=o1)                        # 4 for 6
    else:
        a.mean(out=o1)                              # one dimension for none
    return 0


def test_out_errors():
    f = njit(wrong)
    a, o1, o2 = np.ones((2, 3)), np.zeros(4), np.zeros((1, 3))
    for which in range(4):
        with pytest.raises(ValueError) as want:
            wrong(a, o1, o2, which)
        with pytest.raises(ValueError) as got:
            f(a, o1, o2, which)
        assert str(got.value) == str(want.value)
