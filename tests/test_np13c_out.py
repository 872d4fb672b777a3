"""out= on reductions with outs NumPy refuses or warns about, compared with NumPy on the same
inputs: the dtype refusals are run-time TypeErrors with NumPy's text (argmin/argmax's safe cast to
intp, std's sqrt same_kind cast, the nan* inexact rule), complex data into a real out warns
ComplexWarning and keeps the real part, and outs of the wrong shape raise NumPy's ValueErrors."""
import warnings

import numpy as np
import pytest

from numjit import njit


def by_dtype(a, o, which):
    if which == 0:
        np.argmin(a, axis=0, out=o)
    elif which == 1:
        np.std(a, axis=0, out=o)
    elif which == 2:
        np.nanstd(a, axis=0, out=o)
    elif which == 3:
        np.nanmean(a, axis=0, out=o)
    elif which == 4:
        np.sum(a, axis=0, out=o)
    elif which == 5:
        a.max(axis=0, out=o)
    elif which == 6:
        np.nanargmax(a, axis=0, out=o)
    return o


def complex_into(a, o, which):
    if which == 0:
        np.sum(a, axis=0, out=o)
    elif which == 1:
        a.max(axis=0, out=o)
    elif which == 2:
        np.argmin(a, axis=0, out=o)
    else:
        np.cumsum(a[0], out=o)
    return o


def sum_axis0(a, o):
    np.sum(a, axis=0, out=o)
    return o


def max_last_axis(a, o):
    np.max(a, axis=-1, out=o)
    return o


def mean_axes02(a, o):
    np.mean(a, axis=(0, 2), out=o)
    return o


def var_keepdims(a, o):
    np.var(a, axis=0, keepdims=True, out=o)
    return o


def sum_method_keepdims(a, o):
    a.sum(axis=1, keepdims=True, out=o)
    return o


def nanmin_axes01(a, o):
    np.nanmin(a, axis=(0, 1), out=o)
    return o


def argmax_shape(a, o):
    return np.argmax(a, axis=1, out=o)


def accumulate(a, o, which):
    if which == 0:
        np.cumsum(a, axis=0, out=o)
    else:
        np.cumprod(a, axis=1, out=o)
    return o


def run(fn, *args):
    """(outcome, warnings): the result or the exception's type and text."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            outcome = ("ok", fn(*args))
        except (TypeError, ValueError) as e:
            outcome = (isinstance(e, TypeError), str(e))
    return outcome, {(w.category, str(w.message)) for w in caught}


def same(fn, f, *args):
    (want, want_w), (got, got_w) = run(fn, *args), run(f, *args)
    assert got_w == want_w, args
    if want[0] == "ok":
        assert got[0] == "ok" and got[1].dtype == want[1].dtype, (args, got)
        np.testing.assert_array_equal(got[1], want[1])
    else:
        assert got == want, args


def test_out_dtypes():
    f, g = njit(by_dtype), njit(complex_into)
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 9, size=(3, 4))          # (no negatives: casts into uint stay defined)
    for odt in (np.uint64, np.bool_):               # (refused by argmin; sqrt's float16 loop for std)
        for which in range(7):
            same(by_dtype, f, x, np.zeros(4, odt), which)
    z = (x + 1j * x[::-1])[:, ::-1]
    for odt in (np.float64, np.int32):
        for which in range(4):
            same(complex_into, g, z, np.zeros(4, odt), which)


def test_out_shapes():
    """Each reduction compiled on its own (a dispatch on a run-time `which` compiled every
    reduction for every out's ndim, most of them never run)."""
    g, h = njit(argmax_shape), njit(accumulate)
    a = np.arange(24.0).reshape(2, 3, 4)
    outs_2d = ((3, 5), (3, 1), (1, 4), (2, 3), (3, 4), (2, 1), (5, 1), (1, 5))
    outs_3d = ((1, 3, 4), (2, 3, 4), (1, 1, 4), (2, 3, 1), (1, 3, 5), (1, 1, 1))
    outs_1d = ((5,), (3,), (1,), (2,))
    for fns, shapes in (((sum_axis0, max_last_axis, nanmin_axes01), outs_2d),
                        ((var_keepdims, sum_method_keepdims), outs_3d), ((mean_axes02,), outs_1d)):
        for fn in fns:
            f = njit(fn)
            for shape in shapes:
                same(fn, f, a, np.zeros(shape))
    for shape in ((2, 4), (2, 3), (1,)):
        same(argmax_shape, g, a, np.zeros(shape, np.intp))
    b = a[0]
    for shape in ((3, 5), (1, 4), (3, 1), (3, 4)):
        for which in (0, 1):
            same(accumulate, h, b, np.zeros(shape), which)
    for n in (4, 5):                                # (1-d: NumPy's "wrong size" text)
        same(accumulate, h, b[0], np.zeros(n), 0)


def test_out_type_error_is_raised_when_called():
    f = njit(lambda a, o: np.argmax(a, out=o))
    with pytest.raises(TypeError, match=r"Cannot cast array data from dtype\('float64'\) to dtype\('int64'\)"):
        f(np.ones(3), np.zeros(()))
