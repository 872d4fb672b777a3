"""np.einsum compiled vs. NumPy on the same inputs: matrix products, transposes, sums over
labels, diagonal and trace, dot and outer products, batched products, three operands, implicit
output; float64, float32, int32 and mixed dtypes; strided operands; errors located."""
import numpy as np
import pytest

from impl import TypingError, njit


def forms(a, b, c, v, w, s):
    return (np.einsum("ij,jk->ik", a, b), np.einsum("ij,jk", a, b), np.einsum("ij->ji", a), np.einsum("ij->i", a),
            np.einsum("ij->", a), np.einsum("ij", a), np.einsum("ii->i", s), np.einsum("ii", s), np.einsum("i,i", v, w),
            np.einsum("i,j->ij", v, w), np.einsum("bij,bjk->bik", c, c), np.einsum("ij,ij->i", a, a),
            np.einsum("ij,kj->ik", a, a), np.einsum("ij,jk,kl->il", a, b, b.T), np.einsum("ijk->kji", c),
            np.einsum("ijk,ik->j", c, c[:, :, 0]), np.einsum("ji", a), np.einsum("i,ij->j", v[:2], a),
            np.einsum("ij,jk->", a, b), np.einsum("ik,jk->kij", a, a), np.einsum("i,j,j", v, w, w))


def check(got, want, rtol):
    for g, w in zip(got, want):
        if isinstance(g, (int, float)):                   # a scalar comes back as a Python number
            g, w = np.asarray(g), np.asarray(w).astype(np.asarray(g).dtype)
        g, w = np.asarray(g), np.asarray(w)
        assert g.shape == w.shape and g.dtype == w.dtype, (g.shape, w.shape, g.dtype, w.dtype)
        np.testing.assert_allclose(g, w, rtol=rtol, atol=rtol)


def test_einsum_forms():
    f = njit(forms)
    rng = np.random.default_rng(0)
    args = (rng.standard_normal((2, 3)), rng.standard_normal((3, 3)), rng.standard_normal((2, 3, 3)),
            rng.standard_normal(3), rng.standard_normal(3), rng.standard_normal((3, 3)))
    check(f(*args), forms(*args), 1e-12)
    ints = tuple(rng.integers(-4, 5, np.shape(x)).astype(np.int32) for x in args)
    strided = (ints[0][:, ::-1], ints[1].T, ints[2][:, ::-1], ints[3][::-1], ints[4], ints[5].T)
    check(njit(few_forms)(*strided), few_forms(*strided), 0)


def few_forms(a, b, c, v, w, s):
    return (np.einsum("ij,jk->ik", a, b), np.einsum("ij->i", a), np.einsum("ii", s), np.einsum("i,i", v, w),
            np.einsum("bij,bjk->bik", c, c), np.einsum("ijk,ik->j", c, c[:, :, 0]))


def ellipsis_forms(a, b, c, v):
    return (np.einsum("...j,jk->...k", c, b), np.einsum("...j,jk", c, b), np.einsum("...ij,...jk->...ik", c, c),
            np.einsum("i...->...", c), np.einsum("...", a), np.einsum("...i,...i", a, a),
            np.einsum("k...,...k", a, a.T), np.einsum("ba...,...", a, a), np.einsum("...i,i->...", c, v),
            np.einsum("ij...->...ji", c), np.einsum("...,...->...", a, a))


def test_einsum_ellipsis():
    """'...' names the operands' leading (or trailing) dimensions, aligned from the right."""
    rng = np.random.default_rng(1)
    args = (rng.standard_normal((3, 3)), rng.standard_normal((3, 4)), rng.standard_normal((2, 3, 3)),
            rng.standard_normal(3))
    check(njit(ellipsis_forms)(*args), ellipsis_forms(*args), 1e-12)


def broadcast_forms(a, b, c, d):
    return (np.einsum("...ij,...jk->...ik", a, b), np.einsum("ij,ij->ij", c, d), np.einsum("ij,j->i", d, c[0, :1]),
            np.einsum("bij,bjk", a, b), np.einsum("...ij,...jk->...ik", b, a[:, :, :2]),
            np.einsum("ij,jk,kl->il", d, d.T, a[0, :1]))


def test_einsum_broadcasts_length_one():
    """A length of one meets the other operand's length of the same label (or '...' dimension)."""
    rng = np.random.default_rng(2)
    args = (rng.standard_normal((1, 2, 3)), rng.standard_normal((4, 3, 2)), rng.standard_normal((1, 3)),
            rng.standard_normal((2, 3)))
    check(njit(broadcast_forms)(*args), broadcast_forms(*args), 1e-12)


def mixed(a, b):
    return np.einsum("ij,jk->ik", a, b), np.einsum("ij->j", a)


def test_einsum_dtypes_and_errors():
    a, b = np.arange(6, dtype=np.float32).reshape(2, 3), np.arange(12, dtype=np.int64).reshape(3, 4)
    check(njit(mixed)(a, b), mixed(a, b), 1e-6)
    with pytest.raises(ValueError, match="broadcast"):
        njit(mixed)(a, b[:2])
    with pytest.raises(TypingError, match="no '...' ellipsis provided"):
        njit(lambda x: np.einsum("...i->i", x))(a)
    with pytest.raises(TypingError, match="dimensions"):
        njit(lambda x: np.einsum("ijk->i", x))(a)
