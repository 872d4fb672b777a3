"""Array editing compiled vs. NumPy on the same inputs: np.append, np.delete, np.insert, np.extract,
np.take / a.take (axis=, mode=), np.resize, np.trim_zeros, a.fill, np.fill_diagonal (wrap=),
np.triu / np.tril (n-d, 1-d, k=), np.tril_indices / np.triu_indices (and _from), np.put, np.compress,
a.item, np.unravel_index, np.ravel_multi_index, np.diag_indices(_from), np.indices, np.rollaxis,
np.matrix_transpose, np.place, np.putmask; over dtypes and
layouts (C, F, strided, negative strides, empty), negative indices, and NumPy's errors (type and
message) raised at run time.
"""
import numpy as np
import pytest

from helpers import make_array
from impl import TypingError, njit


def same(got, want, path="result"):
    if isinstance(want, (tuple, list)):
        assert isinstance(got, (tuple, list)) and len(got) == len(want), (path, got, want)
        for i, (g, w) in enumerate(zip(got, want)):
            same(g, w, f"{path}[{i}]")
        return
    if isinstance(want, np.generic):                   # compiled code returns scalars as Python's
        want = want.item()
    g, w = np.asarray(got), np.asarray(want)
    assert g.dtype == w.dtype, (path, g.dtype, w.dtype)
    assert g.shape == w.shape, (path, g.shape, w.shape)
    assert np.array_equal(g, w, equal_nan=g.dtype.kind in "fc"), (path, g, w)


def outcome(fn, *args):
    """fn(*args), or the (type, message) of what it raised."""
    try:
        return fn(*args)
    except Exception as exc:                          # noqa: BLE001 (compared with NumPy's)
        return type(exc), str(exc)


def check(compiled, fn, *args):
    want = outcome(fn, *args)
    got = outcome(compiled, *args)
    if isinstance(want, tuple) and len(want) == 2 and isinstance(want[0], type):
        assert got == want
    else:
        same(got, want)


def appending_deleting(a, v, i, idx, mask):
    return (np.append(a, v), np.append(v, 2.5), np.append(a, a, axis=0), np.append(a, a[:, :1], axis=-1),
            np.append(v, np.int8(3)), np.delete(a, i), np.delete(a, i, axis=1), np.delete(v, idx),
            np.delete(a, mask, 0), np.delete(a, idx[:1], axis=-1), np.extract(mask, a), np.extract(v, a))


def inserting(a, v, i, idx, mask):
    return (np.insert(a, i, 7), np.insert(v, i, 2.5), np.insert(v, idx, np.arange(len(idx))),
            np.insert(a, i, 9, axis=1), np.insert(a, i, v[:1], axis=1), np.insert(a, idx[:1], v[0], axis=0),
            np.insert(v, idx[:1], v[:2]), np.insert(a, idx, a[:1], axis=0))


def taking(a, v, i, idx, mask):
    return (np.take(a, i), np.take(a, idx), a.take(idx, axis=1), np.take(a, i, axis=0),
            np.take(v, idx.reshape(-1, 1)),
            np.take(a, -idx, mode="wrap"), np.take(a, idx * 5, mode="clip"), v.take(i, mode="wrap"),
            np.resize(a, (2, 7)), np.resize(v, 5), np.resize(a[:0], (2, 2)), np.resize(a, 0))


ALL = (appending_deleting, inserting, taking)


@pytest.mark.parametrize("dtype, layout, funcs", [
    (np.float64, "C", ALL), (np.int16, "F", (inserting,)), (np.complex128, "negstride", (taking,)),
    (np.bool_, "strided", (appending_deleting,))])
def test_editing_over_dtypes_and_layouts(dtype, layout, funcs):
    a = make_array((3, 4), dtype, layout)
    v = make_array((5,), dtype, layout)
    mask = np.array([True, False, True])
    for fn in funcs:
        f = njit(fn)
        for i, idx in ((1, np.array([0, -1, 2])), (-3, np.array([2, 2, 0, -4])), (0, np.array([1]))):
            same(f(a, v, i, idx, mask), fn(a, v, i, idx, mask))


def putting(a, c, i):
    b = a.copy()
    np.put(b, np.array([0, 5]), np.array([9.0]))
    d = a.copy()
    d.put(i, 3.5)
    e = a.copy()
    np.put(e, np.array([10, -20]), np.array([1, 2]), mode="clip")
    g = a.T.copy().T
    g.put(np.array([1, 4]), np.array([7.0, 8.0]), mode="wrap")
    h = a[:, ::-1]
    np.put(h, i, np.zeros(0))
    return (b, d, e, g, h, np.compress(c, a), np.compress(c[:2], a, 0), a.compress(c, axis=1),
            np.compress(c[:1] > 0, a, -1))


def test_put_compress():
    f = njit(putting)
    a = np.arange(6.0).reshape(2, 3)
    for c, i in ((np.array([1, 0, 1]), -1), (np.array([1, 0, 1]), 7), (np.array([0, 1, 1, 1]), 2),
                 (np.array([1, 0, 0, 0, 0, 0, 1]), 2), (np.array([0, 0, 0]), -7)):
        check(f, putting, a, c, i)


def edge(a, v):
    b = a.copy()
    b.fill(3)
    c = a.copy()
    np.fill_diagonal(c, 5)
    d = a.copy()
    np.fill_diagonal(d, v, wrap=True)
    e = a.copy()
    np.fill_diagonal(e, v)
    return (b, c, d, e, np.trim_zeros(v), np.trim_zeros(v, "f"), np.trim_zeros(v, "B"), np.trim_zeros(v[:0]),
            np.trim_zeros(e), np.trim_zeros(e, "f", axis=-1), np.trim_zeros(e, "b", axis=0),
            np.triu(a), np.tril(a, 1), np.triu(v, -1), np.tril(v), np.triu(a[None], 2),
            np.tril_indices(3), np.triu_indices(3, 1, 5), np.tril_indices_from(a, -1), np.triu_indices_from(a),
            np.tril_indices(3, m=2))


def test_fill_trim_triangles():
    f = njit(edge)
    v = np.array([0.0, 0.0, 1.5, np.nan, 0.0])
    for a in (np.zeros((7, 3)), np.zeros((3, 5)), np.arange(12.0).reshape(4, 3)[::-1], np.zeros((0, 2))):
        a = np.stack((a, a), axis=-1)[..., 0]          # one (non-contiguous) layout: one compilation
        same(f(a, v), edge(a, v))
    a = np.ones((3, 6))[:, ::2]
    same(f(a, np.zeros(4)), edge(a, np.zeros(4)))


def fill_nd(a, v):
    np.fill_diagonal(a, v)
    return a


def test_fill_diagonal_nd_and_int():
    f = njit(fill_nd)
    for shape in ((3, 3, 3), (2, 3, 2)):
        check(lambda a, v: f(a.copy(), v), lambda a, v: fill_nd(a.copy(), v), np.zeros(shape, np.int32), 7)


def bad(which, a, i, idx):
    if which == 0:
        return np.delete(a, i)
    if which == 1:
        return np.ravel(np.delete(a, i, axis=1))
    if which == 2:
        return np.ravel(np.delete(a, idx, axis=0))
    if which == 3:
        return np.ravel(np.delete(a, idx > 0, axis=0))
    if which == 4:
        return np.ravel(np.insert(a, i, 1.0, axis=1))
    if which == 5:
        return np.take(a, i) + a[0]
    if which == 6:
        return np.ravel(np.take(a, idx, axis=1))
    if which == 7:
        return np.ravel(np.take(a, i, axis=3))
    if which == 8:
        return np.ravel(np.resize(a, (2, i)))
    if which == 9:
        return np.extract(idx, a[:1, :1])
    return np.take(a[:0], idx, mode="wrap")


def test_errors_as_numpy():
    f = njit(bad)
    a = np.arange(12.0).reshape(3, 4)
    idx = np.array([1, 5])
    for which in range(11):
        for i in (7, -13, -1):
            check(lambda *args: f(which, *args), lambda *args: bad(which, *args), a, i, idx)


def trim_bad(v):
    return np.trim_zeros(v, "x")


def take_nd(a, idx, axis):
    return np.take(a, idx, axis=axis), a.take(idx[0, 0], axis=axis), np.take(a, idx[0, :1], mode="clip", axis=axis)


def test_trim_mode_and_take_nd_indices():
    check(njit(trim_bad), trim_bad, np.zeros(3))
    f = njit(take_nd)
    a = np.arange(24.0).reshape(2, 3, 4)
    idx = np.array([[0, -1, 1], [1, 1, 0]])
    for axis in (0, 1, 2, -1, 3):
        check(f, take_nd, a, idx, axis)
    check(f, take_nd, a[:, ::-1], idx + 2, 1)


def fill_1d(a):
    np.fill_diagonal(a, 1)


def test_fill_diagonal_of_1d_is_a_typing_error():
    with pytest.raises(TypingError, match="at least 2-d"):
        njit(fill_1d)(np.zeros(3))
