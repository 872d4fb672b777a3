"""The call forms of creation and manipulation functions beyond the basic ones, compiled vs. NumPy
on the same inputs: lists of arrays for concatenate / stack / vstack / hstack / dstack /
column_stack, np.concatenate(axis=None), np.split by a list or tuple of indexes, np.logspace /
np.geomspace, np.array_equiv, np.take_along_axis, np.ravel_multi_index of index arrays; tuple axes
for flip / rot90(axes=) / roll / expand_dims / moveaxis, np.tile with reps of any length,
np.atleast_Nd of scalars and of several arrays, np.meshgrid(sparse=), np.roots, np.polyval;
NumPy's errors.
"""
import numpy as np
import pytest

from impl import njit
from test_np_manip import same


def sequences(M, N, v, w):
    return (np.concatenate([M, N]), np.concatenate([M, N], axis=1), np.concatenate([M, N, M], -1),
            np.concatenate((M, v.reshape(1, -1)[:, :M.shape[1]]), axis=None), np.concatenate([M, N], axis=None),
            np.concatenate((v, w, M), axis=None), np.stack([M, N]), np.stack([M, N], axis=2), np.stack([v, v], -1),
            np.vstack([M, N]), np.vstack([v, v]), np.hstack([M, N]), np.hstack([v, v]), np.dstack([M, N]),
            np.dstack([v, v]), np.column_stack([v, v]), np.column_stack([M, N]), np.split(v, [1, 3]),
            np.split(v, (2, -1, 10)), np.array_split(M, [1], axis=1), np.hsplit(M, [1]),
            np.vsplit(M, [0, 1]))


def test_lists_of_arrays_axis_none_and_index_lists():
    M = np.arange(6.0).reshape(2, 3)
    F = np.asfortranarray(np.arange(6.0).reshape(2, 3) * -1.5)
    S = np.arange(24.0).reshape(4, 6)[::2, ::-2]                 # strided, negative step
    v = np.array([1.5, np.nan, -np.inf, 4.0, 0.0])
    w = np.array([2.5, 7.0])
    f = njit(sequences)
    same(f(M, M * 2, v, w), sequences(M, M * 2, v, w))
    E = np.zeros((0, 3))
    same(f(E, E, v[:0], w[:0]), sequences(E, E, v[:0], w[:0]))
    g = njit(layouts)
    for a, b in ((F, F + 1), (S, S[::-1])):
        same(g(a, b), layouts(a, b))


def layouts(M, N):
    return (np.concatenate([M, N], axis=1), np.concatenate([M, N], axis=None), np.stack([M, N], axis=1),
            np.split(M, [1], axis=1))


def ints(I, J, K):
    return (np.concatenate([I, J]), np.concatenate([I, J], axis=None), np.vstack([I, J]), np.stack([I, J], 1),
            np.stack([I[0:1].reshape(()), J[1:2].reshape(())]))


def test_lists_of_int_and_bool_arrays():
    f = njit(ints)
    I = np.array([3, -1, 2], np.int8)
    same(f(I, I * 2, I), ints(I, I * 2, I))
    B = np.array([True, False])
    same(f(B, ~B, B), ints(B, ~B, B))


def spaces(a, b, n):
    return (np.logspace(a, b, n), np.logspace(a, b, n, False), np.logspace(a, b, n, True, 2.0), np.logspace(a, b),
            np.geomspace(a + 1, b + 1, n), np.geomspace(-(a + 1), -(b + 1), n, False), np.geomspace(1, 256, 9),
            np.geomspace(b + 1, a + 1, n), np.logspace(int(a), int(b), n))


def test_logspace_geomspace():
    f = njit(spaces)
    for args in ((0.0, 2.0, 5), (1.0, -3.0, 7), (0.5, 0.5, 1), (0.0, 1.0, 0), (2.0, 3.0, 2)):
        got, want = f(*args), spaces(*args)
        for g, w in zip(got, want):                 # NumPy's array power is its own (SIMD) pow: last bit
            assert g.dtype == w.dtype and g.shape == w.shape
            np.testing.assert_allclose(g, w, rtol=4e-16 * 8, atol=0)
    with pytest.raises(ValueError, match="cannot include zero"):
        f(-1.0, 2.0, 3)


def along(a, i, j, x, y):
    return (np.take_along_axis(a, i, 0), np.take_along_axis(a, j, 1), np.take_along_axis(a, j, -1),
            np.take_along_axis(a, np.argsort(a, axis=1), 1), np.take_along_axis(a, i[:1], 1),
            np.take_along_axis(a[0], j[0], None), np.take_along_axis(a, i, None if False else 0),
            np.array_equiv(a, a), np.array_equiv(a, a[:1]), np.array_equiv(a, a[0]), np.array_equiv(a, a.T),
            np.array_equiv(x, y), np.array_equiv(a[0], 2.0), np.array_equiv(x, x[:2]),
            np.ravel_multi_index((i[0], np.abs(j[0])), (4, 3)),
            np.ravel_multi_index((np.abs(j), np.abs(j) % 2), (3, 5)), np.unravel_index(x, (2, 3)),
            np.unravel_index(np.abs(j), (2, 2, 3)), np.unravel_index(x[:0], (4,)))


def put_along(a, i, j, v):
    b, c, d = a.copy(), a.copy(), a.copy()
    np.put_along_axis(b, i, 9.5, 0)
    np.put_along_axis(c, j, v, 1)
    np.put_along_axis(d, j, v[:1], -1)
    return b, c, d


def test_put_along_axis():
    f = njit(put_along)
    a = np.array([[3.0, 1.0, np.nan], [-2.0, 5.0, 0.5]])
    i = np.array([[1, 0, 1]])
    j = np.array([[2, -1], [0, 0]])
    v = np.array([[10.0, 20.0], [30.0, 40.0]])
    same(f(a, i, j, v), put_along(a, i, j, v))
    with pytest.raises(IndexError):
        f(a, i, j + 3, v)


def test_take_along_axis_array_equiv_ravel_multi_index():
    a = np.array([[3.0, 1.0, np.nan], [-2.0, 5.0, 0.5]])
    i = np.array([[1, 0, 1]])
    j = np.array([[2, -1, 0], [1, 1, 0]])
    x = np.array([1, 1, 1])
    f = njit(along)
    same(f(a, i, j, x, x[:1]), along(a, i, j, x, x[:1]))
    same(f(np.asfortranarray(a), i, j, x, x + 1), along(np.asfortranarray(a), i, j, x, x + 1))
    with pytest.raises(IndexError):
        f(a, i + 5, j, x, x)
    with pytest.raises(ValueError, match="invalid entry"):
        f(a, i, np.array([[-3, 0, 0], [0, 0, 0]]), x, x)


def axes_forms(M, T, v, k):
    return (np.flip(M, (0, 1)), np.flip(T, (0, -1)), np.rot90(M, k, axes=(1, 0)), np.rot90(M, k + 1, (-1, 0)),
            np.roll(M, (1, 2), axis=(0, 1)), np.roll(T, (k, -5), (2, 0)), np.roll(T, 2, axis=(0, 1)),
            np.roll(T, (1, 2), axis=1), np.expand_dims(M, axis=(0, 2)), np.expand_dims(v, (-1, 0)),
            np.moveaxis(T, (0, 1), (1, 2)), np.moveaxis(T, (0, -1), (-1, 0)), np.tile(v, (2, 1, 3)),
            np.tile(M, (3,)), np.tile(T, (2, 1)))


def test_tuple_axes_and_tile_reps():
    f = njit(axes_forms)
    M = np.arange(6.0).reshape(2, 3)
    T = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
    v = np.array([1.5, np.nan, -np.inf])
    for k in (1, -3, 2):
        same(f(M, T, v, k), axes_forms(M, T, v, k))
    Tf = np.asfortranarray(T)[:, ::-1]                   # non-contiguous, negative stride
    same(f(M.T[::-1], Tf, v[::-1], 0), axes_forms(M.T[::-1], Tf, v[::-1], 0))
    E, Te, ve = np.zeros((3, 0))[::-1], T[:, :0][:, ::-1], v[:0][::-1]      # empty, of the same types
    same(f(E, Te, ve, 1), axes_forms(E, Te, ve, 1))


def atleast_mesh(a, M, x):
    return (np.atleast_1d(x), np.atleast_2d(x), np.atleast_3d(x), np.atleast_1d(True), np.atleast_2d(3),
            np.atleast_1d(a, M), np.atleast_2d(a, x, M), np.atleast_3d(a, M, a[0], x),
            np.meshgrid(a, M[0], sparse=True), np.meshgrid(a, M[0], indexing="ij", sparse=True),
            np.meshgrid(a, M[0], a, sparse=True), np.meshgrid(a, M[0], a, indexing="ij", sparse=True),
            np.meshgrid(a, M[0], sparse=False), np.meshgrid(a, M[0], a, indexing="ij", sparse=False))


def test_atleast_of_scalars_and_several_meshgrid_sparse():
    f = njit(atleast_mesh)
    a = np.array([1, -2, 3], np.int16)
    M = np.array([[0.5, np.nan], [2.0, 3.0]])
    same(f(a[::-1], M.T, 2.5), atleast_mesh(a[::-1], M.T, 2.5))
    got = f(a, M.T, 2.5)[8]                       # sparse results are copies, as NumPy's (copy=True)
    got[0][0, 0] = 99
    assert a[0] == 1


def errors(T, k):
    if k == 0:
        return np.moveaxis(T, (0, 0), (1, 2)).sum()
    if k == 1:
        return np.expand_dims(T, (0, 0)).sum()
    if k == 2:
        return np.rot90(T[0], 1, (1, 1)).sum()
    if k == 3:
        return np.concatenate([T[0], T[0].T]).sum()
    if k == 4:
        return np.stack([T[0], T[1].T]).sum()
    return np.roll(T, (1, 2), (0, 5)).sum()


@pytest.mark.parametrize("k, exc, match", [(0, ValueError, "repeated axis"), (1, ValueError, "repeated axis"),
                                           (2, ValueError, "Axes must be different"),
                                           (3, ValueError, "must match exactly"),
                                           (4, ValueError, "same shape"),
                                           (5, np.exceptions.AxisError, "out of bounds")])
def test_errors_as_numpy(k, exc, match):
    T = np.ones((2, 3, 4))
    with pytest.raises(exc, match=match):
        errors(T, k)
    with pytest.raises(exc, match=match):
        errors_jit(T, k)


errors_jit = njit(errors)


def poly(p, q, c, x, X):
    return (np.roots(p), np.roots(q), np.roots(c), np.roots(q[:0]), np.polyval(p, x), np.polyval(q, X),
            np.polyval(q, 3), np.polyval(c, X.T[:1]), np.polyval(q, q))


def test_roots_polyval():
    f = njit(poly)
    p = np.array([0.0, 1.0, -3.0, 2.0, 0.0, 0.0])          # leading and trailing zeros
    q = np.array([2, -4, -22, 24])
    c = np.array([1.0 + 0j, 0.0, 1.0])                      # roots +-1j
    X = np.array([[0.5, -1.0], [2.0, np.nan]])
    got, want = f(p, q, c, 1.5, X), poly(p, q, c, 1.5, X)
    for g, w in zip(got[:4], want[:4]):                  # eigenvalues: LAPACK's order and last bits
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_allclose(np.sort_complex(g), np.sort_complex(w), rtol=1e-12, atol=1e-12)
    same(got[4:], want[4:])
    with pytest.raises(ValueError):                      # complex roots of real coefficients (as numba)
        f(np.array([1.0, 0.0, 1.0]), q, c, 1.5, X)
