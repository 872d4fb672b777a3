"""np.linalg forms beyond numba's, differential against NumPy on the same inputs:
np.linalg.svd(compute_uv=False), np.linalg.norm(keepdims=True) for every ord/axis form."""
import numpy as np
import pytest

pytest.importorskip("scipy")

import numjit  # noqa: E402
from numjit.errors import TypingError  # noqa: E402

RNG = np.random.default_rng(99)


def close(got, want, rtol=1e-9):
    if isinstance(got, float):                               # a scalar comes back as a Python float
        got, want = np.float64(got), np.float64(want)
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape and got.dtype == want.dtype, (got.shape, want.shape, got.dtype, want.dtype)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol)


def eigen(a):
    w, v = np.linalg.eig(a)
    return w, v, np.linalg.eigvals(a)


def test_stacked_eig_of_real_matrices():
    """Real eigenvalues: NumPy's dtype and values (2-D and stacked); complex ones raise as numba."""
    f = numjit.njit(eigen)
    for a in (RNG.standard_normal((2, 3, 4, 4)), RNG.standard_normal((5, 5)).astype(np.float32)):
        sym = a + np.swapaxes(a, -1, -2)                    # symmetric: real eigenvalues
        w, v, ev = f(sym)
        want = np.linalg.eigvals(sym)
        assert w.dtype == ev.dtype == want.dtype and v.dtype == np.linalg.eig(sym)[1].dtype
        rtol = 2e-4 if a.dtype == np.float32 else 1e-9
        close(np.sort(w, axis=-1), np.sort(want, axis=-1), rtol)
        close(sym @ v, v * w[..., None, :], rtol)
    with pytest.raises(ValueError, match="domain change"):
        f(np.array([[[0.0, -1.0], [1.0, 0.0]]]))


def svd_values(a):
    return np.linalg.svd(a, compute_uv=False), np.linalg.svd(a, False, False), np.linalg.svd(a, True, compute_uv=True)[1]


def test_svd_without_uv():
    f = numjit.njit(svd_values)
    for a in (RNG.standard_normal((5, 3))[::-1], RNG.standard_normal((3, 6))[:, ::2], np.zeros((0, 3))[:, ::-1]):
        for got in f(a):
            close(got, np.linalg.svd(a, compute_uv=False))
    c = RNG.standard_normal((4, 4)) + 1j * RNG.standard_normal((4, 4))
    close(f(c)[0], np.linalg.svd(c, compute_uv=False))
    with pytest.raises(TypingError, match="compute_uv must be True or False"):
        numjit.njit(lambda a: np.linalg.svd(a, compute_uv="no"))(np.eye(2))


def norms_kept(a, v):
    n = np.linalg.norm
    return (n(a, keepdims=True), n(a, 1, keepdims=True), n(a, -np.inf, None, True), n(a, "fro", (0, 1), True),
            n(a, "nuc", (1, 0), True), n(a, 2, (1, 0), True), n(a, None, 1, True), n(a, 3, -2, True),
            n(a, 0, 0, True), n(a, np.inf, -1, True), n(a, keepdims=False), n(v, keepdims=True), n(v, 1, 0, True),
            n(v, -np.inf, keepdims=True), n(v, 0.5, -1, True))


def test_norm_keepdims_every_form():
    f = numjit.njit(norms_kept)
    a = RNG.standard_normal((4, 3))
    a[1, 2] = 0.0
    v = RNG.standard_normal(5)
    for x, y in ((a[::-1], v[::-1]), (np.asfortranarray(a)[:, ::-1], v[::-2])):         # one (strided) type
        for got, want in zip(f(x, y), norms_kept(x, y)):
            close(got, want)
    a32 = RNG.standard_normal((3, 2)).astype(np.float32)
    kept = numjit.njit(lambda a: (np.linalg.norm(a, keepdims=True), np.linalg.norm(a, 1, 0, True)))(a32)
    close(kept[0], np.linalg.norm(a32, keepdims=True), 2e-5)
    close(kept[1], np.linalg.norm(a32, 1, 0, True), 2e-5)
