"""Creation and manipulation compiled vs. NumPy on the same inputs: eye identity tri triu tril diag
diagflat vander; atleast_1d/2d/3d expand_dims squeeze swapaxes moveaxis; flip fliplr flipud rot90
roll; vstack hstack dstack column_stack row_stack; split array_split hsplit vsplit; repeat tile
broadcast_to meshgrid; round/around isclose allclose array_equal select copyto; NumPy's errors.
"""
import warnings

import numpy as np
import pytest

from impl import TypingError, njit


def same(got, want, path="result"):
    if isinstance(want, (tuple, list)):
        assert isinstance(got, (tuple, list)) and len(got) == len(want), (path, got, want)
        for i, (g, w) in enumerate(zip(got, want)):
            same(g, w, f"{path}[{i}]")
        return
    g, w = np.asarray(got), np.asarray(want)
    if w.ndim == 0 and w.dtype == np.float32:          # compiled code returns float32 scalars as float
        w = w.astype(np.float64)
    assert g.dtype == w.dtype, (path, g.dtype, w.dtype)
    assert g.shape == w.shape, (path, g.shape, w.shape)
    assert np.array_equal(g, w, equal_nan=g.dtype.kind == "f"), (path, g, w)


def creation(n, v, x):
    return (np.eye(n), np.eye(n, n + 1, 1), np.eye(n, k=-2, dtype=np.int32), np.identity(n), np.identity(2, np.bool_),
            np.tri(n), np.tri(n, 5, -1), np.diag(v), np.diag(v, 2), np.diag(v, -1), np.diagflat(v),
            np.vander(x), np.vander(x, 3, True), np.vander(v))


def test_creation():
    v = np.array([1.5, 2.0, -3.0])
    x = np.array([2, 3, -1], np.int32)
    same(njit(creation)(3, v, x), creation(3, v, x))


def reshaping(a, v):
    return (np.atleast_1d(v), np.atleast_2d(v), np.atleast_3d(v), np.atleast_3d(a), np.atleast_2d(a),
            np.expand_dims(a, 0), np.expand_dims(a, -1), np.squeeze(a[:, None, :], 1), a[None].squeeze(0),
            np.swapaxes(a, 0, 1), a.swapaxes(1, -2), np.moveaxis(a, 0, -1), np.moveaxis(a, -1, 0),
            np.triu(a), np.triu(a, 1), np.tril(a, -1), np.tril(a), np.diag(a), np.diag(a, 1), np.diag(a, -2),
            np.flip(v), np.flip(a), np.flip(a, 1), np.flip(a, axis=0), np.fliplr(a), np.flipud(a),
            np.rot90(a), np.rot90(a, 2), np.rot90(a, -1), np.rot90(a, 4),
            np.roll(v, 2), np.roll(a, -3), np.roll(a, 1, axis=1), np.roll(a, 7, 0))


def test_reshaping_and_reordering():
    """Non-contiguous inputs (one signature): a C-ordered view, negative strides, empty."""
    f = njit(reshaping)
    a = np.arange(24.0).reshape(3, 8)
    v = np.array([1.0, 2.0, 3.0, 4.0])
    for x, y in ((a[:, ::2], v[::2]), (a.T[::-2][:3, ::-1], v[::-1]), (a[:0, ::2], v[:0:2])):
        same(f(x, y), reshaping(x, y))


def stacking(a, v, r):
    return (np.vstack((v, v)), np.vstack((a, a)), np.hstack((v, v[:2])), np.hstack((a, a)), np.dstack((v, v)),
            np.dstack((a, a)), np.column_stack((v, v)), np.column_stack((a, a)), np.split(v, 3),
            np.split(a, 2, axis=1), np.array_split(v, 2), np.array_split(a, np.array([1, 5, -1]), axis=1),
            np.vsplit(a, 3), np.hsplit(a, 4), np.hsplit(v, np.array([1])),
            np.repeat(v, 2), np.repeat(a, 2, axis=0), np.repeat(a, r, axis=1), a.repeat(3), np.repeat(v, r[:3]),
            np.tile(v, 3), np.tile(a, 2), np.tile(a, (2, 3)), np.broadcast_to(v, (2, 3)),
            np.meshgrid(v, r), np.meshgrid(v, r, indexing="ij"), np.meshgrid(v, v, r))


def test_stacking_splitting_repeating():
    a = np.arange(12, dtype=np.int64).reshape(3, 4)
    v = np.array([1, 2, 3])
    r = np.array([2, 0, 1, 3])
    same(njit(stacking)(a, v, r), stacking(a, v, r))


def row_stack(a):
    return np.row_stack((a, a[:1])), np.dsplit(a[:, None, :], 3), np.dsplit(a[:, None, :], np.array([1]))


def test_row_stack_dsplit():
    a = np.arange(6.0).reshape(2, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        same(njit(row_stack)(a), row_stack(a))


def elementwise(a, v, m, c):
    d = a.copy()
    np.copyto(d, 7.0)
    e = a.copy()
    np.copyto(e, v[:4], where=a > 5)
    return (np.round(a / 7, 2), np.around(v * 1.5), np.round(m, -1), np.round(2.675, 2), np.round(np.float32(2.675), 2),
            a.round(1), np.round(v, -1), np.round(c, 1), np.isclose(a, a + 1e-9), np.isclose(v, v[::-1]),
            np.isclose(1.0, 1.0 + 1e-10), np.isclose(a, 3.0), np.isclose(c, c, equal_nan=True), np.isclose(c, c),
            np.isclose(m, m + 1), np.allclose(a, a + 1e-7), np.allclose(v, v[::-1]), np.array_equal(a, a),
            np.array_equal(a, v), np.array_equal(c, c), np.array_equal(c, c, equal_nan=True),
            np.array_equal(v, v[::-1]), np.select([a > 6, a < 3], [a, -a]), np.select((a > 6, a < 3), (a, -a), 0.5),
            d, e)


def test_rounding_comparison_select_copyto():
    a = np.arange(12.0).reshape(3, 4)
    v = np.array([1.25, 2.5, 3.5, -2.5])
    m = np.array([15, 25, -15, 14])
    c = np.array([1.0, np.nan, np.inf, -np.inf, 0.5])
    same(njit(elementwise)(a, v, m, c), elementwise(a, v, m, c))


def bad(which, a):
    if which == 0:
        return len(np.split(a, 3))
    if which == 1:
        return np.squeeze(a, 0).size
    if which == 2:
        return np.expand_dims(a, 3).size
    if which == 3:
        return np.repeat(a, -1).size
    return np.moveaxis(a, 0, 2).size


BAD = njit(bad)


@pytest.mark.parametrize("which, exc", [(0, ValueError), (1, ValueError), (2, np.exceptions.AxisError),
                                        (3, ValueError), (4, np.exceptions.AxisError)],
                         ids=["split-unequal", "squeeze-not-1", "expand-axis", "repeat-negative", "moveaxis"])
def test_errors_as_numpy(which, exc):
    a = np.zeros((2, 4))
    with pytest.raises(exc):
        BAD(which, a)
    with pytest.raises(exc):
        bad(which, a)


def squeeze_all(a):
    return np.squeeze(a)


def fliplr_1d(a):
    return np.fliplr(a)


def test_typing_errors():
    with pytest.raises(TypingError, match="axis="):
        njit(squeeze_all)(np.zeros((1, 3)))
    with pytest.raises(TypingError, match="2-d"):
        njit(fliplr_1d)(np.zeros(3))


def bitwise(a, b, m):
    return (np.bitwise_and(a, b), np.bitwise_or(a, 3), np.bitwise_xor(a, b), np.invert(a), np.bitwise_not(m),
            np.invert(m), np.left_shift(a, 2), np.right_shift(a, b % 4), np.bitwise_or(m, ~m),
            np.bitwise_and(a[::-1], b.reshape(2, 2)[:, :1].ravel()[0]))


def test_bitwise_ufuncs():
    a = np.array([1, 5, 12, -7], np.int32)
    b = np.array([3, 6, 10, 2], np.int32)
    m = np.array([True, False, True])
    same(njit(bitwise)(a, b, m), bitwise(a, b, m))
    assert njit(bitwise_scalars)(np.uint8(3), 5) == bitwise_scalars(np.uint8(3), 5)


def bitwise_scalars(x, y):
    return np.left_shift(x, 2), np.bitwise_and(y, 3), np.invert(y), np.bitwise_xor(x, x)
