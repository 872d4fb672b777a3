"""NumPy 2's np.linalg additions compiled vs. NumPy: matrix_transpose, outer, cross, vecdot,
vector_norm / matrix_norm (keepdims=, ord=), multi_dot of 2-4 arrays, tensordot with int and
tuple axes (np.tensordot and np.linalg.tensordot); bad axes are located TypingErrors."""
import numpy as np
import pytest

from impl import TypingError, njit


def extras(a, b, c, v, w):
    L = np.linalg
    return (L.matrix_transpose(c), L.outer(v, w), L.cross(v, w), L.vecdot(v, w), L.vecdot(a, a),
            L.vector_norm(a), L.vector_norm(a, axis=0), L.vector_norm(a, axis=1, keepdims=True, ord=1),
            L.matrix_norm(a), L.matrix_norm(a, ord=1), L.matrix_norm(a, keepdims=True),
            L.multi_dot((a, b)), L.multi_dot((v, b[:, :3], w)), L.multi_dot((a, b, b.T, a.T)),
            np.tensordot(a, b, 1), np.tensordot(c, b, ((2,), (0,))), np.tensordot(a, a, ((0, 1), (0, 1))),
            np.tensordot(c, c.T), np.tensordot(v, w, 0), L.tensordot(c, c, axes=((0, 1), (0, 1))))


def test_linalg_extras():
    rng = np.random.default_rng(0)
    args = (rng.standard_normal((2, 3)), rng.standard_normal((3, 4)), rng.standard_normal((2, 3, 3)),
            rng.standard_normal(3), rng.standard_normal(3))
    for got, want in zip(njit(extras)(*args), extras(*args)):
        got, want = np.asarray(got), np.asarray(want)
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_tensordot_bad_axes():
    with pytest.raises(TypingError, match="axes=3"):
        njit(lambda a: np.tensordot(a, a, 3))(np.ones((2, 2)))
    with pytest.raises(TypingError, match="bad axes"):
        njit(lambda a: np.tensordot(a, a, ((0,), (0, 1))))(np.ones((2, 2)))


def test_multi_dot_of_a_list_takes_numpys_order():
    @njit
    def chain(arrays):
        return np.linalg.multi_dot(arrays)

    rng = np.random.default_rng(1)
    for shapes in ([(3, 4), (4, 5)], [(10, 2), (2, 30), (30, 3)], [(2, 30), (30, 3), (3, 40)],
                   [(5, 6), (6, 2), (2, 7), (7, 3)], [(4, 9), (9, 2), (2, 8), (8, 3), (3, 6)]):
        arrays = [rng.standard_normal(s) for s in shapes]
        np.testing.assert_array_equal(chain(arrays), np.linalg.multi_dot(arrays))   # same order: same rounding
    for bad in ([np.ones((2, 3)), np.ones((4, 2))], [np.ones((2, 3)), np.ones((3, 2)), np.ones((4, 2))], [np.ones((2, 3))]):
        with pytest.raises(ValueError) as want:
            np.linalg.multi_dot(bad)
        with pytest.raises(ValueError, match=f"^{want.value}$".replace("(", r"\(").replace(")", r"\)")):
            chain(bad)
