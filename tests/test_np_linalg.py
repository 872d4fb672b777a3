"""np.linalg (LAPACK through scipy) and the products np.trace/vdot/inner/outer/kron/cross,
differential against NumPy on the same inputs: every dtype family, C/F/strided layouts, empty
and 1x1 matrices, singular and non-square input (NumPy's exceptions). Each compiled function
checks several routines at once to keep compilation short."""
import os
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("scipy")

import numjit  # noqa: E402
from numjit.errors import TypingError  # noqa: E402

LinAlgError = np.linalg.LinAlgError
RNG = np.random.default_rng(1234)


def tol(dtype):
    return 2e-3 if np.dtype(dtype) in (np.dtype(np.float32), np.dtype(np.complex64)) else 1e-9


def close(x, y, dtype, same_dtype=True):
    x, y = np.asarray(x), np.asarray(y)
    assert x.shape == y.shape, (x.shape, y.shape)
    if same_dtype:
        assert x.dtype == y.dtype, (x.dtype, y.dtype)
    np.testing.assert_allclose(x, y, rtol=tol(dtype), atol=tol(dtype))


def random_matrix(m, n, dtype):
    a = RNG.standard_normal((m, n))
    if np.dtype(dtype).kind == "c":
        a = a + 1j * RNG.standard_normal((m, n))
    if np.dtype(dtype).kind in "iu":
        return RNG.integers(-5, 6, (m, n)).astype(dtype) + np.eye(m, n, dtype=dtype) * 20
    return (a + np.eye(m, n) * n).astype(dtype)       # well conditioned


def hermitian(n, dtype):
    a = random_matrix(n, n, dtype)
    return (a @ a.conj().T + n * np.eye(n)).astype(dtype)


def layouts(a):
    """The same matrix C-contiguous, F-contiguous and as a strided view."""
    wide = np.zeros((a.shape[0], 2 * a.shape[1]), a.dtype)
    wide[:, ::2] = a
    return [np.ascontiguousarray(a), np.asfortranarray(a), wide[:, ::2]]


@numjit.njit
def solvers(a, b, bb):
    sign, logdet = np.linalg.slogdet(a)
    return np.linalg.inv(a), np.linalg.solve(a, b), np.linalg.solve(a, bb), np.linalg.det(a), sign, logdet


@pytest.mark.parametrize("dtype", [np.float64, np.complex64])
def test_inv_solve_det_slogdet(dtype):
    a = random_matrix(5, 5, dtype)
    b = random_matrix(5, 1, dtype)[:, 0]
    bb = random_matrix(5, 3, dtype)
    got = solvers(a, b, bb)
    sign, logdet = np.linalg.slogdet(a)
    expected = (np.linalg.inv(a), np.linalg.solve(a, b), np.linalg.solve(a, bb), np.linalg.det(a), sign, logdet)
    for x, y in zip(got, expected):
        close(x, y, dtype, same_dtype=not np.isscalar(y) and np.ndim(y) > 0)


def test_solvers_layouts_and_mixed_dtypes():
    a = random_matrix(4, 4, np.float64)
    b, bb = random_matrix(4, 1, np.float32)[:, 0], random_matrix(4, 2, np.int32)
    for view in layouts(a)[1:]:
        for x, y in zip(solvers(view, b, bb), (np.linalg.inv(a), np.linalg.solve(a, b), np.linalg.solve(a, bb))):
            close(x, y, np.float64)


def test_singular_and_non_square():
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(LinAlgError, match="Singular matrix"):
        solvers(singular, np.ones(2), np.ones((2, 1)))
    assert np.linalg.det(singular) == 0
    with pytest.raises(LinAlgError, match="must be square"):
        solvers(np.ones((2, 3)), np.ones(2), np.ones((2, 1)))
    with pytest.raises(ValueError, match="mismatch"):
        solvers(np.eye(2), np.ones(3), np.ones((2, 1)))


@numjit.njit
def decompositions(a, h):
    w, v = np.linalg.eigh(h)
    q, r = np.linalg.qr(a)
    u, s, vh = np.linalg.svd(a)
    u2, s2, vh2 = np.linalg.svd(a, False)
    return (np.linalg.cholesky(h), np.linalg.eigvalsh(h), w, v, np.linalg.eigvalsh(h, "U"), q, r,
            u, s, vh, u2, vh2, np.linalg.svdvals(a))


@pytest.mark.parametrize("dtype", [np.float32, np.complex128])
def test_cholesky_eigh_qr_svd(dtype):
    for m, n in ((5, 3), (3, 5)):
        a = random_matrix(m, n, dtype)
        h = hermitian(4, dtype)
        chol, wh, w, v, wu, q, r, u, s, vh, u2, vh2, sv = decompositions(a, h)
        close(chol, np.linalg.cholesky(h), dtype)
        close(wh, np.linalg.eigvalsh(h), dtype)
        close(wu, np.linalg.eigvalsh(h, "U"), dtype)
        close(w, np.linalg.eigvalsh(h), dtype)
        close((v * w) @ v.conj().T, h, dtype)            # eigenvectors up to phase: A = V W V^H
        assert v.dtype == np.linalg.eigh(h)[1].dtype
        close(q @ r, a, dtype)
        close(np.abs(r), np.abs(np.linalg.qr(a)[1]), dtype)
        close(q.conj().T @ q, np.eye(min(m, n)), dtype, same_dtype=False)
        close(s, np.linalg.svd(a, compute_uv=False), dtype)
        close(sv, s, dtype)
        assert u.shape == (m, m) and vh.shape == (n, n) and u2.shape == (m, min(m, n))
        close((u2 * s) @ vh2, a, dtype)
        close(u.conj().T @ u, np.eye(m), dtype, same_dtype=False)
        close(vh @ vh.conj().T, np.eye(n), dtype, same_dtype=False)
        q2, r2 = numjit.njit(lambda x: np.linalg.qr(x, mode="complete"))(a)
        close(q2 @ r2, a, dtype)
        assert q2.shape == (m, m) and r2.shape == (m, n)


def test_cholesky_upper_and_errors():
    h = hermitian(3, np.complex128)
    upper = numjit.njit(lambda x: np.linalg.cholesky(x, upper=True))
    close(upper(h), np.linalg.cholesky(h, upper=True), np.complex128)
    with pytest.raises(LinAlgError, match="not positive definite"):
        upper(-np.eye(2, dtype=np.complex128))


@numjit.njit
def eigen(a):
    w, v = np.linalg.eig(a)
    return w, v, np.linalg.eigvals(a)


@pytest.mark.parametrize("dtype", [np.float64, np.complex64])
def test_eig(dtype):
    a = hermitian(4, dtype) if np.dtype(dtype).kind == "f" else random_matrix(4, 4, dtype)
    w, v, ev = eigen(a)
    close(a @ v, v * w, dtype)                          # eigenvectors up to scale: A v = v w
    close(np.sort_complex(ev), np.sort_complex(np.linalg.eigvals(a)), dtype)
    assert w.dtype == np.linalg.eig(a)[0].dtype


def test_eig_of_real_matrix_with_complex_eigenvalues_raises():
    rotation = np.array([[0.0, -1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match="domain change"):
        eigen(rotation)
    w, v, ev = eigen(rotation.astype(np.complex128))
    close(np.sort(ev.imag), np.sort(np.linalg.eigvals(rotation).imag), np.float64)
    close(ev.real, np.zeros(2), np.float64)


@numjit.njit
def least_squares(a, b, bb):
    x, res, rank, s = np.linalg.lstsq(a, b)
    x2, res2, rank2, s2 = np.linalg.lstsq(a, bb, 1e-10)
    return x, res, rank, s, x2, res2, rank2, np.linalg.pinv(a), np.linalg.matrix_rank(a)


@pytest.mark.parametrize("dtype", [np.float64, np.complex64])
def test_lstsq_pinv_matrix_rank(dtype):
    for m, n in ((6, 3), (3, 5)):
        a = random_matrix(m, n, dtype)
        b, bb = random_matrix(m, 1, dtype)[:, 0], random_matrix(m, 2, dtype)
        x, res, rank, s, x2, res2, rank2, pinv, mrank = least_squares(a, b, bb)
        ex, eres, erank, es = np.linalg.lstsq(a, b)
        ex2, eres2, erank2, _ = np.linalg.lstsq(a, bb, rcond=1e-10)
        close(x, ex, dtype)
        close(res, eres, dtype)
        close(s, es, dtype)
        close(x2, ex2, dtype)
        close(res2, eres2, dtype)
        assert rank == erank and rank2 == erank2 and mrank == np.linalg.matrix_rank(a)
        close(pinv, np.linalg.pinv(a), dtype)


def test_rank_deficient_and_vectors():
    a = np.outer(np.arange(1.0, 5.0), np.arange(1.0, 4.0))           # rank 1
    x, res, rank, s, x2, res2, rank2, pinv, mrank = least_squares(a, np.ones(4), np.ones((4, 2)))
    assert rank == mrank == np.linalg.matrix_rank(a) == 1 and res.shape == (0,)
    close(pinv, np.linalg.pinv(a), np.float64)
    rank_of = numjit.njit(lambda v, t: (np.linalg.matrix_rank(v), np.linalg.matrix_rank(t, 0.5)))
    assert rank_of(np.zeros(3), a) == (np.linalg.matrix_rank(np.zeros(3)), np.linalg.matrix_rank(a, 0.5))
    assert rank_of(np.array([0.0, 2.0]), np.eye(3))[0] == 1


def test_empty_and_one_by_one():
    for n in (0, 1):
        a = random_matrix(n, n, np.float64)
        got = solvers(a, np.ones(n), np.ones((n, 2)))
        sign, logdet = np.linalg.slogdet(a)
        expected = (np.linalg.inv(a), np.linalg.solve(a, np.ones(n)), np.linalg.solve(a, np.ones((n, 2))),
                    np.linalg.det(a), sign, logdet)
        for x, y in zip(got, expected):
            close(x, y, np.float64, same_dtype=False)
        w, v, ev = eigen(a)
        close(ev, np.linalg.eigvals(a), np.float64)
    wide = np.zeros((0, 3), np.float32)
    chol, wh, w, v, wu, q, r, u, s, vh, u2, vh2, sv = decompositions(wide, np.zeros((0, 0), np.float32))
    eu, es, evh = np.linalg.svd(wide)
    assert (u.shape, s.shape, q.shape, r.shape, u2.shape, vh2.shape) == (
        eu.shape, es.shape, (0, 0), (0, 3), (0, 0), (0, 3))
    close(vh, evh, np.float32)
    wide = np.zeros((0, 3))
    x, res, rank, s, x2, res2, rank2, pinv, mrank = least_squares(wide, np.zeros(0), np.zeros((0, 2)))
    ex, eres, erank, es = np.linalg.lstsq(wide, np.zeros(0))
    close(x, ex, np.float64)
    assert pinv.shape == np.linalg.pinv(wide).shape and rank == erank


@numjit.njit
def norms(v, a, x3):
    n = np.linalg.norm
    vector = (n(v), n(v, 1), n(v, 2), n(v, np.inf), n(v, -np.inf), n(v, 0), n(v, 3), n(v, -1), n(v, 0.5),
              n(v, axis=0), n(v, 3, 0))
    matrix = (n(a), n(a, "fro"), n(a, "nuc"), n(a, 1), n(a, -1), n(a, 2), n(a, -2), n(a, np.inf), n(a, -np.inf),
              n(a, 1, (1, 0)), n(a, "fro", (0, 1)), n(a, np.inf, (-1, 0)))
    axes = (n(a, axis=0), n(a, axis=1), n(a, 1, -1), n(a, np.inf, 0), n(x3, axis=1), n(x3, 2, -1), n(x3))
    return vector, matrix, axes


def numpy_norms(v, a, x3):
    n = np.linalg.norm
    with np.errstate(divide="ignore"):
        vector = (n(v), n(v, 1), n(v, 2), n(v, np.inf), n(v, -np.inf), n(v, 0), n(v, 3), n(v, -1), n(v, 0.5),
                  n(v, axis=0), n(v, 3, 0))
    matrix = (n(a), n(a, "fro"), n(a, "nuc"), n(a, 1), n(a, -1), n(a, 2), n(a, -2), n(a, np.inf), n(a, -np.inf),
              n(a, 1, (1, 0)), n(a, "fro", (0, 1)), n(a, np.inf, (-1, 0)))
    axes = (n(a, axis=0), n(a, axis=1), n(a, 1, -1), n(a, np.inf, 0), n(x3, axis=1), n(x3, 2, -1), n(x3))
    return vector, matrix, axes


@pytest.mark.parametrize("dtype", [np.float32, np.complex128])
def test_norm_every_order_and_axis(dtype):
    v = random_matrix(6, 1, dtype)[:, 0]
    a = random_matrix(4, 3, dtype)[:, ::-1]
    x3 = RNG.standard_normal((2, 3, 4)).astype(np.float64)
    for got, expected in zip(norms(v, a, x3), numpy_norms(v, a, x3)):
        for x, y in zip(got, expected):
            close(x, y, dtype, same_dtype=np.ndim(y) > 0)


@numjit.njit
def stacked(a, h):
    sign, logdet = np.linalg.slogdet(a)
    w, v = np.linalg.eigh(h)
    return np.linalg.inv(a), np.linalg.det(a), sign, logdet, w, v, np.linalg.eigvals(a)


def test_stacked_matrices():
    """One routine of each result shape: same as the input, one axis less, two axes less."""
    a = (RNG.standard_normal((2, 3, 4, 4)) + 1j * RNG.standard_normal((2, 3, 4, 4)) + 4 * np.eye(4))
    h = a @ np.conj(np.swapaxes(a, -1, -2))
    inv, det, sign, logdet, w, v, eigvals = stacked(a, h)
    esign, elogdet = np.linalg.slogdet(a)
    for x, y in ((inv, np.linalg.inv(a)), (det, np.linalg.det(a)), (sign, esign), (logdet, elogdet),
                 (w, np.linalg.eigvalsh(h))):
        close(x, y, np.complex128)
    close(v @ (w[..., None] * np.conj(np.swapaxes(v, -1, -2))), h, np.complex128, same_dtype=False)
    close(np.sort_complex(eigvals), np.sort_complex(np.linalg.eigvals(a)), np.complex128)
    empty = stacked(np.zeros((0, 3, 3), np.complex128), np.zeros((0, 3, 3), np.complex128))
    assert [x.shape for x in empty] == [(0, 3, 3), (0,), (0,), (0,), (0, 3), (0, 3, 3), (0, 3)]


@numjit.njit
def stacked_products(a, b, c):
    return a @ b, a @ c, np.matmul(c.T, b)


def test_nd_matmul():
    a, b, c = RNG.standard_normal((2, 3, 4, 5)), RNG.standard_normal((2, 3, 5, 2)), RNG.standard_normal((5, 3))
    for got, expected in zip(stacked_products(a, b, c), (a @ b, a @ c, np.matmul(c.T, b))):
        close(got, expected, np.float64)
    ints = numjit.njit(lambda x, y: x @ y)
    x, y = np.arange(24).reshape(2, 3, 4), np.arange(8).reshape(4, 2)
    got = ints(x, y)
    np.testing.assert_array_equal(got, x @ y)
    assert got.dtype == (x @ y).dtype
    assert ints(x[:0], y).shape == (0, 3, 2)
    with pytest.raises(ValueError):
        ints(x, np.arange(8).reshape(2, 4))
    with pytest.raises(ValueError):
        stacked_products(a, np.zeros((3, 2, 5, 2)), c)


def test_norm_and_cond_errors():
    with pytest.raises(ValueError, match="Invalid norm order"):
        numjit.njit(lambda a: np.linalg.norm(a, 3))(np.eye(2))
    with pytest.raises(TypingError, match="Invalid norm order"):
        numjit.njit(lambda a: np.linalg.norm(a, "bad"))(np.eye(2))
    with pytest.raises(TypingError, match="at least two-dimensional"):
        numjit.njit(lambda a: np.linalg.inv(a))(np.ones(2))
    with pytest.raises(TypingError, match="stacked"):
        numjit.njit(lambda a: np.linalg.pinv(a))(np.ones((2, 2, 2)))


@numjit.njit
def conditions(a):
    c = np.linalg.cond
    return c(a), c(a, 2), c(a, -2), c(a, 1), c(a, -1), c(a, np.inf), c(a, "fro"), c(a, "nuc")


@pytest.mark.parametrize("dtype", [np.float32])
def test_cond(dtype):
    a = random_matrix(4, 4, dtype)
    expected = [np.linalg.cond(a, p) for p in (None, 2, -2, 1, -1, np.inf, "fro", "nuc")]
    for x, y in zip(conditions(a), expected):
        close(x, y, dtype, same_dtype=False)


@numjit.njit
def powers(a):
    m = np.linalg.matrix_power
    return m(a, 0), m(a, 1), m(a, 2), m(a, 5), m(a, -3)


def test_matrix_power():
    a = random_matrix(3, 3, np.float64) / 3
    for x, y in zip(powers(np.asfortranarray(a)), [np.linalg.matrix_power(a, k) for k in (0, 1, 2, 5, -3)]):
        close(x, y, np.float64)
    ints = np.arange(9).reshape(3, 3)
    int_powers = numjit.njit(lambda a: (np.linalg.matrix_power(a, 3), np.linalg.matrix_power(a, 0)))
    for x, y in zip(int_powers(ints), (np.linalg.matrix_power(ints, 3), np.linalg.matrix_power(ints, 0))):
        np.testing.assert_array_equal(x, y)
        assert x.dtype == y.dtype
    with pytest.raises(TypeError, match="negative power"):
        powers(ints)
    with pytest.raises(LinAlgError, match="square"):
        powers(np.ones((2, 3)))


@numjit.njit
def products(a, b, v, w):
    return (np.trace(a), np.trace(a, 1), np.trace(a, -2), np.trace(a, 9), a.trace(), np.vdot(a, b), np.vdot(v, w),
            np.inner(v, w), np.inner(a, b), np.inner(a, v), np.inner(v, a), np.outer(v, a), np.kron(a, b),
            np.kron(v, w), np.kron(v, b), np.cross(v, w), np.cross(a, b))


def numpy_products(a, b, v, w):
    return (np.trace(a), np.trace(a, 1), np.trace(a, -2), np.trace(a, 9), a.trace(), np.vdot(a, b), np.vdot(v, w),
            np.inner(v, w), np.inner(a, b), np.inner(a, v), np.inner(v, a), np.outer(v, a), np.kron(a, b),
            np.kron(v, w), np.kron(v, b), np.cross(v, w), np.cross(a, b))


@pytest.mark.parametrize("dtypes", [(np.int32, np.int32), (np.complex128, np.float32)])
def test_trace_vdot_inner_outer_kron_cross(dtypes):
    a, v = random_matrix(4, 3, dtypes[0]), random_matrix(3, 1, dtypes[0])[:, 0]
    b, w = random_matrix(4, 3, dtypes[1])[::-1], random_matrix(3, 1, dtypes[1])[:, 0]
    for x, y in zip(products(a, b, v, w), numpy_products(a, b, v, w)):
        close(x, y, dtypes[0], same_dtype=np.ndim(y) > 0)
        assert np.asarray(x).dtype == np.asarray(y).dtype or np.ndim(y) == 0
    with pytest.raises(ValueError, match="cross product"):
        numjit.njit(lambda x, y: np.cross(x, y))(np.ones(2), np.ones(2))


@numjit.njit
def matmuls(a, b, v, w):
    return a @ b, np.dot(a, v), w @ a, np.dot(a.T, w), a[:, ::2] @ b[::2], a.T @ a, np.matmul(a, v)


@pytest.mark.parametrize("dtype", [np.float32, np.complex128])
def test_blas_matmul_every_dtype_and_layout(dtype):
    a, b = random_matrix(40, 30, dtype), random_matrix(30, 20, dtype)
    v, w = random_matrix(30, 1, dtype)[:, 0], random_matrix(40, 1, dtype)[:, 0]
    for args in ((a, b, v, w), (np.asfortranarray(a), b[:, ::-1], v[::-1], w)):
        expected = (args[0] @ args[1], np.dot(args[0], args[2]), args[3] @ args[0], np.dot(args[0].T, args[3]),
                    args[0][:, ::2] @ args[1][::2], args[0].T @ args[0], np.matmul(args[0], args[2]))
        for x, y in zip(matmuls(*args), expected):
            close(x, y, dtype)


def test_blas_matmul_mixed_dtypes_empty_and_mismatch():
    a, b = random_matrix(5, 4, np.float32), random_matrix(4, 3, np.float64)
    got = matmuls(a, b, np.arange(4, dtype=np.int32), np.ones(5))
    close(got[0], a @ b, np.float64)
    close(got[1], a @ np.arange(4, dtype=np.int32), np.float64)
    empty = matmuls(np.zeros((3, 0)), np.zeros((0, 2)), np.zeros(0), np.ones(3))
    close(empty[0], np.zeros((3, 2)), np.float64)
    with pytest.raises(ValueError):
        matmuls(np.ones((2, 3)), np.ones((2, 3)), np.ones(3), np.ones(2))


def test_missing_scipy_is_a_clear_error(monkeypatch):
    from numjit.intrinsics import cfunc
    monkeypatch.setitem(cfunc.MODULES, "lapack", "numjit_no_such_module.cython_lapack")

    @numjit.njit
    def call(a):
        info = np.zeros(1, np.int32)
        cfunc.fortran_call("lapack", "dpotrf", "L", np.int32(1), a, np.int32(1), info)
        return info[0]
    with pytest.raises(TypingError, match="install scipy"):
        call(np.ones(1))


CACHED_BLAS = """
import numpy as np, numjit
from numjit.cache import STATS

@numjit.njit(cache=True)
def product(a, b):
    return a @ b

a = np.arange(12.0).reshape(3, 4)
assert np.allclose(product(a, a.T), a @ a.T)
print(STATS["hits"], STATS["misses"])
"""


@pytest.mark.slow
def test_cached_blas_call_links_in_a_new_process(tmp_path):
    """The routine's address is a symbol resolved at load time, never baked into object code."""
    (tmp_path / "cached_blas.py").write_text(CACHED_BLAS)
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env.pop("NUMJIT_CACHE_DIR", None)
    runs = [subprocess.run([sys.executable, "cached_blas.py"], cwd=tmp_path, env=env, capture_output=True,
                           text=True, timeout=180) for _ in range(2)]
    assert [r.stdout.split() for r in runs] == [["0", "1"], ["1", "0"]], runs[-1].stderr[-2000:]


def broadcast_products(a, b, c, v):
    return a @ b, np.matmul(b, c), v @ a, a @ b[0, :, 0], a[0, 0] @ b, b[::-1] @ c


def test_nd_matmul_broadcasts_leading_axes():
    """(2, 1, 3, 4) @ (5, 4, 2): the leading shapes broadcast to (2, 5); 1-d operands as NumPy."""
    a, b = RNG.integers(-5, 5, (2, 1, 3, 4)), RNG.integers(-5, 5, (5, 4, 2))
    c, v = RNG.integers(-5, 5, (2, 1)), RNG.integers(-5, 5, 3)
    compiled = numjit.njit(broadcast_products)
    args = (a * 0.5, np.asfortranarray(b) + 0.5j, c, v)         # float @ complex F, complex @ int, ...
    for got, expected in zip(compiled(*args), broadcast_products(*args)):
        assert got.shape == expected.shape and got.dtype == expected.dtype
        np.testing.assert_allclose(got, expected, rtol=1e-13)
    with pytest.raises(ValueError):
        compiled(np.zeros((2, 3, 3, 4)), *args[1:])
