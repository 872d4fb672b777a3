"""Shapes, views, searching, windows and dtypes compiled vs. NumPy on the same inputs: np.shape / size /
ndim, np.broadcast_to (a read-only view with 0 strides), np.broadcast_shapes / arrays, np.asfortranarray,
np.asarray_chkfinite, np.diagonal, as_strided, sliding_window_view, np.frombuffer, a.view,
np.searchsorted (side=, sorter=, NaN order, unsorted input), np.bartlett / blackman / hamming / hanning
/ kaiser / i0, np.unwrap, a.astype with every dtype spelling (NumPy class passed in, 'f4',
np.dtype(...), Python types), np.nanpercentile / np.nanquantile of an array of q; NumPy's errors (type
and message) raised at run time.
"""
import warnings

import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided, sliding_window_view

from helpers import make_array
from impl import TypingError, njit
from test_numpy_edit import check, same


def shapes(a, v, x):
    return (np.shape(a), np.shape(x), np.size(a), np.size(a, -1), np.size(x), np.ndim(a), np.ndim(x),
            np.broadcast_to(v, (2, 3, 4)), np.broadcast_to(x, 3), np.broadcast_to(x, (2, 2)),
            np.broadcast_to(a[:1], (2, 3, 4)), np.broadcast_to(a, (0, 3, 4)), np.broadcast_shapes((2, 1), (3,), 1),
            np.broadcast_shapes((5, 1, 1), (2, 3)), np.broadcast_shapes(), np.asfortranarray(a),
            np.asfortranarray(v), np.asfortranarray(x), np.asarray_chkfinite(a), np.asarray_chkfinite(v),
            np.broadcast_arrays(a, v[None], a[:, :1]))


@pytest.mark.parametrize("dtype, layout", [(np.float64, "C"), (np.int32, "negstride")])
def test_shapes_and_views(dtype, layout):
    f = njit(shapes)
    a = make_array((3, 4), dtype, layout)
    v = make_array((4,), dtype, layout)
    same(f(a, v, 2.5), shapes(a, v, 2.5))
    view = f(a, v, 2.5)[7]
    assert view.strides[:2] == (0, 0) and not view.flags.writeable
    fortran = f(a, v, 2.5)[15]
    assert fortran.flags.f_contiguous


def broadcast_errors(which, a, s):
    if which == 0:
        return np.broadcast_to(a, s)
    if which == 1:
        return np.broadcast_to(a[0], s)
    if which == 2:
        return np.broadcast_to(a[0], s[1:]).reshape(1, -1)
    if which == 3:
        return np.broadcast_to(a[0], s[0]).reshape(1, -1)
    if which == 4:
        return np.broadcast_to(a, np.broadcast_shapes(s, (2, 1, 3)))[0]
    if which == 5:
        return np.broadcast_arrays(a, np.ones(s))[1]
    return np.asarray_chkfinite(a)


def test_broadcast_and_chkfinite_errors():
    f = njit(broadcast_errors)
    for a in (np.ones((2, 3)), np.ones((1, 1)), np.array([[1.0, np.nan, 0.5]]), np.ones((2, 1)) * np.inf):
        for s in ((2, 3), (2, -3), (4, 3), (0, 0), (5, 2)):
            for which in range(7):
                check(lambda *args: f(which, *args), lambda *args: broadcast_errors(which, *args), a, s)


def strided_views(a, v, k):
    return (np.diagonal(a), a.diagonal(k), np.diagonal(a, -k), a.diagonal(1, 1, 0), sliding_window_view(v, 3),
            sliding_window_view(a, (2, 2)), sliding_window_view(a, 2, axis=-1), as_strided(v, (3, 3), (8, 8)))


def test_diagonal_sliding_window_as_strided():
    f = njit(strided_views)
    a = np.arange(12.0).reshape(3, 4)
    v = np.arange(6.0)
    for k in (0, 1, 5, -1, -4):
        same(f(a, v, k), strided_views(a, v, k))
    same(f(a[::-1, ::2], v[::-1].copy(), 1), strided_views(a[::-1, ::2], v[::-1].copy(), 1))
    assert [x.flags.writeable for x in f(a, v, 1)] == [False] * 7 + [True]


def diagonals_nd(a, k):
    return (np.diagonal(a), a.diagonal(k, 0, 2), np.diagonal(a, -k, 2, 1), a.diagonal(axis1=-1, axis2=0),
            a.diagonal(k, -2, -1))


def test_diagonal_of_nd_arrays():
    """n-d diagonals: the other axes in order, then the diagonal, as NumPy lays them out."""
    f = njit(diagonals_nd)
    a = np.arange(60.0).reshape(3, 4, 5)
    for x in (a, np.asfortranarray(a), a[::-1, :, ::2], a[:, :0]):
        for k in (0, 1, -2, 7):
            got, want = f(x, k), diagonals_nd(x, k)
            same(got, want)
            assert not any(g.flags.writeable for g in got)
    b = np.arange(16).reshape(2, 2, 2, 2)
    np.testing.assert_array_equal(njit(diagonal_4d)(b, 3), diagonal_4d(b, 3))
    with pytest.raises(ValueError, match="cannot be the same"):
        njit(diagonal_4d)(b, -3)
    with pytest.raises(TypingError, match="at least two"):
        njit(diagonal_4d)(np.arange(3), 0)


def diagonal_4d(b, axis2):
    return b.diagonal(1, 1, axis2)


def window_errors(which, v, w):
    if which == 0:
        return np.ravel(sliding_window_view(v, w))
    if which == 1:
        return np.diagonal(v.reshape(2, -1), 0, 1, -1)
    return np.ravel(as_strided(v, (3, w), (8, 8)))


def test_view_errors():
    f = njit(window_errors)
    v = np.arange(6.0)
    for which in range(2):
        for w in (7, -1, 2):
            check(lambda *args: f(which, *args), lambda *args: window_errors(which, *args), v, w)
    with pytest.raises(ValueError, match="outside the array"):       # NumPy reads past the buffer here
        f(2, v, 5)


def too_deep(a):
    return np.broadcast_to(a, (3,))


def test_broadcast_to_fewer_dimensions_is_a_typing_error():
    with pytest.raises(TypingError, match="more dimensions"):
        njit(too_deep)(np.ones((1, 3)))


def searching(a, v, x, sorter):
    return (np.searchsorted(a, x), np.searchsorted(a, v), np.searchsorted(a, v, side="right"),
            a.searchsorted(x, side="right"), np.searchsorted(a, v.reshape(2, -1), "left"),
            np.searchsorted(a[sorter], v, sorter=np.argsort(sorter)), np.searchsorted(a, v[::-1]))


def test_searchsorted_nan_order_and_unsorted():
    f = njit(searching)
    a = np.array([1.0, 2.0, 2.0, np.nan, np.nan])
    v = np.array([np.nan, 2.0, -np.inf, np.inf, 0.5, 2.5])
    sorter = np.array([4, 0, 3, 1, 2])
    for x in (np.nan, 2.0, 0.0, 9.0):
        same(f(a, v, x, sorter), searching(a, v, x, sorter))
    unsorted = np.array([0.5, 1.5, 2.25, 3.5, 0.25])
    same(f(unsorted, v, 1.0, sorter), searching(unsorted, v, 1.0, sorter))
    same(f(a[:0], v, 1.0, sorter[:0]), searching(a[:0], v, 1.0, sorter[:0]))
    ints = np.array([1, 3, 3, 7, 9], np.int8)
    values = np.array([0, 3, 300, -5, 7, 8])
    same(f(ints, values, 3, sorter), searching(ints, values, 3, sorter))


def search_errors(which, a, v):
    if which == 0:
        return np.searchsorted(a, v, side="middle")
    if which == 1:
        return np.searchsorted(a, v, side="L")
    if which == 2:
        return np.searchsorted(a, v, sorter=np.array([0, 1, 2, 3, 9]))
    return np.searchsorted(a, v, sorter=np.array([0, 1]))


def test_searchsorted_errors():
    f = njit(search_errors)
    for which in range(4):
        check(lambda *args: f(which, *args), lambda *args: search_errors(which, *args), np.arange(5.0), 2.5)


def windows(m, beta, x):
    return np.bartlett(m), np.blackman(m), np.hamming(m), np.hanning(m), np.kaiser(m, beta), np.i0(x), np.i0(beta)


def test_windows():
    f = njit(windows)
    x = np.array([0, 1.0, 7.9, 8.0, 8.1, 30.0, -5, np.inf, np.nan])
    for m in (0, 1, 2, 5, 12, -3):
        for beta in (0.0, 5.0, 14.0):
            got = f(m, beta, x)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                want = windows(m, beta, x)
            for g, w in zip(got, want):
                assert np.asarray(g).dtype == np.asarray(w).dtype and np.shape(g) == np.shape(w)
                np.testing.assert_allclose(g, w, rtol=1e-13, atol=1e-15)


def unwrapping(p, q):
    return (np.unwrap(p), np.unwrap(p, axis=0), np.unwrap(p, discont=4.0), np.unwrap(p, period=6),
            np.unwrap(p.astype(np.float32)), np.unwrap(q, period=4), np.unwrap(q, period=5), np.unwrap(q),
            np.unwrap(p[:, :0]))


def test_unwrap():
    p = np.cumsum(np.random.default_rng(0).normal(0, 2.5, (3, 40)), axis=1)
    q = np.array([0, 3, 7, 2, 9, 1, -4, 6, 8, 8])
    got, want = njit(unwrapping)(p, q), unwrapping(p, q)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_allclose(g, w, rtol=1e-6 if g.dtype == np.float32 else 1e-14)


def astypes(a, d):
    return (a.astype(d), a.astype(np.float32), a.astype("i2"), a.astype(np.dtype("u1")), a.astype(np.dtype(np.int8)),
            a.astype(float), a.astype(bool), a.astype(complex), a.astype(int), (a + 1).astype(d),
            np.zeros(2, d), np.empty(0, np.dtype("c8")))


def test_astype_dtype_spellings():
    f = njit(astypes)
    a = np.array([[1.5, -2.25], [300.0, 0.0]])
    for x, d in ((a, np.float32), (a.T, np.dtype("c8"))):
        same(f(x, d), astypes(x, d))


def nan_quantiles(a, q):
    return (np.nanpercentile(a, q), np.nanquantile(a, q / 100), np.nanpercentile(a, q.reshape(-1, 1)),
            np.nanpercentile(a, 50.0))


def test_nanpercentile_array_q():
    f = njit(nan_quantiles)
    a = np.array([[1.0, np.nan, 3.0], [4.0, 2.0, np.nan]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for x, q in ((a, np.array([0.0, 25.0, 50.0, 100.0])), (a.astype(np.float32), np.array([10.0, 90.0])),
                     (a * np.nan, np.array([10.0, 90.0]))):
            same(f(x, q), nan_quantiles(x, q))
        check(f, nan_quantiles, a, np.array([10.0, 190.0]))


def from_buffers(b, a, count, offset):
    return (np.frombuffer(b, np.uint8), np.frombuffer(b, np.int16, count, offset), np.frombuffer(b, "i2"),
            np.frombuffer(a), np.frombuffer(a, np.int32, count, offset), np.frombuffer(a[:2], np.dtype("u1")))


def test_frombuffer_bytes_and_arrays():
    f = njit(from_buffers)
    for b, a in ((b"abcdefgh", np.arange(4.0)), (b"abc", np.arange(4.0)), (b"abcdef", np.arange(4.0)[::2]),
                 (b"", np.zeros(0))):
        for count, offset in ((-1, 0), (1, 1), (3, 0), (-1, 5), (-1, -1), (0, 4), (2, 2)):
            check(f, from_buffers, b, a, count, offset)
    views = f(b"abcdefgh", np.arange(4.0), 1, 0)
    assert [v.flags.writeable for v in views] == [False, False, False, True, True, True]


def write_through(a):
    np.frombuffer(a, np.int64)[0] = 7
    return a


def test_frombuffer_shares_memory():
    assert njit(write_through)(np.zeros(2))[0] == write_through(np.zeros(2))[0]


def dtype_views(a):
    return a.view(np.int64), a.view(np.int32), a.view(np.uint8), a.view("f8"), a[:, :2].view(np.complex128)


def test_view_dtype():
    f = njit(dtype_views)
    a = np.arange(6.0).reshape(2, 3)
    fortran = np.asfortranarray(np.arange(12.0).reshape(2, 6))[:, ::2]
    for x in (a, a[:, ::2], a[:, :0], a[:, 1:], a[:, ::-1], fortran):     # C, then one compilation for the rest
        check(f, dtype_views, x)
    b = a.copy()
    f(b)[0][0, 0] = 1                                  # a view: writes reach the array
    assert b.view(np.int64)[0, 0] == 1
