"""np.apply_along_axis in compiled code vs. NumPy on the same inputs: func1d a NumPy function, a
lambda (with extra arguments) or a jitted function, returning a scalar, a 1-d or a 2-d array;
axes 0, middle and negative; C/F/strided layouts and int/complex dtypes; NumPy's errors."""
import numpy as np
import pytest

from impl import njit

pytestmark = pytest.mark.numjit_only          # numba 0.68 has no np.apply_along_axis


@njit
def lane_mean(x):
    return x.mean()


def apply(a, b):
    return (np.apply_along_axis(np.sum, 0, a), np.apply_along_axis(lambda x: x * 2, 1, a),
            np.apply_along_axis(lane_mean, -1, a), np.apply_along_axis(np.outer, 1, a, b),
            np.apply_along_axis(lambda x, c: x[:2] + c, 0, a, 1.5), np.apply_along_axis(np.max, 2, a[:1]))


def test_apply_along_axis_like_numpy():
    compiled = njit(apply)
    base = np.arange(24).reshape(2, 3, 4) - 5
    b = np.array([1.0, -2.0])
    for a in (np.asfortranarray(base.astype(np.int32)), (base + 0.5j)[:, ::-1, ::2]):
        for g, e in zip(compiled(a, b), apply(a, b)):
            assert g.shape == e.shape and g.dtype == e.dtype, (g, e)
            np.testing.assert_array_equal(g, e)


def apply_sum(a, axis):
    return np.apply_along_axis(np.sum, axis, a)


def test_apply_along_axis_errors():
    compiled = njit(apply_sum)
    with pytest.raises(np.exceptions.AxisError):
        compiled(np.ones((2, 3)), 2)
    with pytest.raises(ValueError, match="iteration dimensions are 0"):
        compiled(np.ones((0, 3)), 1)
    np.testing.assert_array_equal(compiled(np.ones((0, 3)), 0), apply_sum(np.ones((0, 3)), 0))
