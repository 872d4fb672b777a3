"""np.where(cond, x, y) and np.clip(a, lo, hi) on arrays, compiled vs. NumPy: dtypes (NumPy's
result dtype, Python scalars weak), layouts, broadcasting, NaN/inf, empty arrays, fused into
reductions; bad input is a TypingError."""
import numpy as np
import pytest

from helpers import LAYOUTS, assert_array_same, dtype_id, make_array, run_compiled
from impl import njit

DTYPES = [np.float32, np.float64, np.int32, np.int64, np.bool_]
run = run_compiled


def where_arrays(c, x, y):
    return np.where(c, x, y)


def where_scalar_else(x):
    return np.where(x > 0, x, 0)


def where_float_else(x):
    return np.where(x > 0, x, -1.5)


def where_rows(x, row):
    return np.where(x > row, x, row)            # (n, m) against (m,)


def where_summed(x):
    return np.sum(np.where(x > 0, x * 2, -x))


def clip_ints(x):
    return np.clip(x, -1, 1)


def clip_floats(x):
    return np.clip(x, -0.5, 2.5)


def clip_arrays(x, lo, hi):
    return np.clip(x, lo, hi)


def clip_expression(x):
    return np.clip(x * 3 - 1, 0, 2) + 1


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_where_of_arrays(dtype, layout):
    x = make_array((5, 4), dtype, layout)
    y = make_array((5, 4), np.float64, layout, seed=3)
    c = make_array((5, 4), np.bool_, layout, seed=5)
    assert_array_same(run(where_arrays, c, x, y), where_arrays(c, x, y))
    assert_array_same(run(where_arrays, c, y, x), where_arrays(c, y, x))


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int8, np.int32, np.int64, np.uint16], ids=dtype_id)
@pytest.mark.parametrize("func", [where_scalar_else, where_float_else, clip_ints, clip_floats, clip_expression])
def test_with_python_scalars_keeps_numpy_dtype(func, dtype):
    x = make_array((7,), dtype, "strided")
    with np.errstate(all="ignore"):
        want = func(x)
    assert_array_same(run(func, x), want)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_where_broadcasts_rows(layout):
    x = make_array((6, 3), np.float64, layout)
    row = np.array([-0.5, 0.0, 0.5])
    assert_array_same(run(where_rows, x, row), where_rows(x, row))


def test_where_inside_a_reduction():
    x = np.linspace(-3, 3, 1001)
    assert run(where_summed, x) == pytest.approx(where_summed(x), rel=1e-13)


def test_nan_and_inf():
    x = np.array([np.nan, np.inf, -np.inf, 0.25, -7.0])
    assert_array_same(run(clip_floats, x), clip_floats(x))
    assert_array_same(run(where_scalar_else, x), where_scalar_else(x))
    for lo, hi in [(np.full(5, np.nan), np.ones(5)), (np.zeros(5), np.full(5, np.nan)), (np.zeros(5), np.ones(5))]:
        assert_array_same(run(clip_arrays, x, lo, hi), clip_arrays(x, lo, hi))


def test_empty_arrays():
    x = np.empty((0, 3))
    assert_array_same(run(clip_floats, x), clip_floats(x))
    assert_array_same(run(where_arrays, x > 0, x, x), where_arrays(x > 0, x, x))


def test_shape_mismatch_raises_value_error():
    with pytest.raises(ValueError):
        run(where_arrays, np.ones(3, bool), np.ones(3), np.ones(4))


def where_one_argument(x):
    return np.where(x)


def test_one_argument_where_is_nonzero():
    x = np.array([0.0, 1.0, 0.0, 2.0])
    got, = njit(where_one_argument)(x)
    assert np.array_equal(got, np.where(x)[0])


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int8, np.int32, np.int64], ids=dtype_id)
@pytest.mark.parametrize("lo,hi", [(-1, 1), (2, 9), (-300, 300)])
def test_clip_with_python_int_bounds_outside_the_dtype(dtype, lo, hi):
    a = np.arange(0, 20, 3).astype(dtype)
    assert_array_same(run(clip_arrays, a, lo, hi), clip_arrays(a, lo, hi))
