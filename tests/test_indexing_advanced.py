"""Advanced indexing compiled vs. NumPy: boolean masks and integer index arrays,
for reading (a copy) and assignment (scalars and arrays), `a[mask] += v`, over dtypes,
layouts (C, F, strided, negative strides), 0-d and empty arrays, NaN, and the errors.
"""
import numpy as np
import pytest

from helpers import assert_array_same, make_array
from impl import TypingError, njit, typeof

DTYPES = [np.float32, np.float64, np.int32, np.int64, np.bool_]
MAIN_LAYOUTS = ["C", "F", "strided", "negstride"]

_COMPILED = {}


def run(func, *args):
    """func(*args) compiled, one dispatcher per argument types (reused by every case that has them)."""
    key = (func, tuple(typeof(a) for a in args))
    if key not in _COMPILED:
        _COMPILED[key] = njit(func)
    return _COMPILED[key](*args)


def dtype_id(d):
    return np.dtype(d).name


def pair(shape, dtype, layout, seed=0):
    """Two equal, independent arrays: one for NumPy, one for compiled code."""
    return make_array(shape, dtype, layout, seed), make_array(shape, dtype, layout, seed)


# --------------------------------------------------------------------------
# reading with a boolean mask

def mask_get(a, m):
    return a[m]


def mask_get_expression(a):
    return a[a > a[0, 0]], a[(a > 0) & (a < 20)]


@pytest.mark.numjit_only  # numba: 1-D masks only, no bounds checks
@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_mask_get_2d(dtype, layout):
    a = make_array((3, 4), dtype, layout)
    m = make_array((3, 4), np.bool_, "F" if layout == "C" else "C", seed=3)
    got = run(mask_get, a, m)
    assert_array_same(got, a[m])
    assert not np.shares_memory(got, a)


@pytest.mark.numjit_only  # numba: 1-D masks only, no bounds checks
@pytest.mark.parametrize("shape", [(7,), (2, 3, 4), (0,), (0, 3)], ids=str)
def test_mask_get_shapes(shape):
    a = make_array(shape, np.float64, "negstride")
    m = make_array(shape, np.bool_, "C", seed=3)
    assert_array_same(run(mask_get, a, m), a[m])
    assert_array_same(run(mask_get, a, np.zeros(shape, bool)), a[np.zeros(shape, bool)])


@pytest.mark.numjit_only  # numba: 1-D masks only, no bounds checks
def test_mask_get_0d():
    a = np.array(2.5)
    assert_array_same(run(mask_get, a, np.array(True)), a[np.array(True)])
    assert_array_same(run(mask_get, a, np.array(False)), a[np.array(False)])


@pytest.mark.numjit_only  # numba: 1-D masks only, no bounds checks
@pytest.mark.parametrize("layout", ["C", "F"])
def test_mask_from_expression(layout):
    a = make_array((4, 5), np.int64, layout)
    for g, w in zip(run(mask_get_expression, a), mask_get_expression(a)):
        assert_array_same(g, w)


def test_mask_with_nan():
    def not_nan(a):
        return a[~np.isnan(a)], a[a > 0]
    a = np.array([1.0, np.nan, -2.0, np.inf, np.nan])
    for g, w in zip(run(not_nan, a), not_nan(a)):
        assert_array_same(g, w)


@pytest.mark.numjit_only  # numba: 1-D masks only, no bounds checks
def test_mask_shape_mismatch_raises_index_error():
    with pytest.raises(IndexError):
        run(mask_get, np.zeros((3, 4)), np.ones((4, 3), bool))
    with pytest.raises(IndexError):
        mask_get(np.zeros((3, 4)), np.ones((4, 3), bool))


@pytest.mark.numjit_only
def test_mask_of_other_ndim_is_a_typing_error():
    with pytest.raises(TypingError):
        njit(mask_get)(np.zeros((3, 4)), np.ones(3, bool))


# --------------------------------------------------------------------------
# reading with an integer array

def take(a, idx):
    return a[idx]


@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_take_1d(dtype, layout):
    a = make_array((6,), dtype, layout)
    for idx in (np.array([0, 5, -1, 2, 2]), np.array([3, -6], np.int32), np.zeros(0, np.int64)):
        got = run(take, a, idx)
        assert_array_same(got, a[idx])
        assert not np.shares_memory(got, a)


@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
def test_take_rows(layout):
    a = make_array((4, 3), np.float32, layout)
    for idx in (np.array([3, 0, -1]), np.array([1, 1], np.int32)):
        assert_array_same(run(take, a, idx), a[idx])
    a3 = make_array((3, 2, 2), np.int64, layout)
    assert_array_same(run(take, a3, np.array([2, 0])), a3[np.array([2, 0])])


def test_take_index_array_layouts():
    a = make_array((6,), np.int64, "C")
    idx = np.array([5, 4, 3, 2, 1, 0])[::-2]
    assert_array_same(run(take, a, idx), a[idx])


@pytest.mark.numjit_only  # numba: 1-D masks only, no bounds checks
def test_take_out_of_bounds_raises_index_error():
    for idx in (np.array([6]), np.array([0, -7])):
        with pytest.raises(IndexError):
            run(take, np.zeros(6), idx)
        with pytest.raises(IndexError):
            take(np.zeros(6), idx)


# --------------------------------------------------------------------------
# assignment with a boolean mask

def mask_set(a, m, v):
    a[m] = v
    return a


def mask_set_expression(a, v):
    a[a > 0] = v
    return a


@pytest.mark.numjit_only  # numba: 1-D masks only, no bounds checks
@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_mask_set_scalar(dtype, layout):
    want, a = pair((3, 4), dtype, layout)
    m = make_array((3, 4), np.bool_, "C", seed=3)
    value = dtype(1).item()
    run(mask_set, a, m, value)                       # writes into the caller's array
    want[m] = value
    assert_array_same(a, want)


@pytest.mark.numjit_only  # numba: 1-D masks only, no bounds checks
@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
def test_mask_set_array(layout):
    want, a = pair((3, 4), np.float64, layout)
    m = make_array((3, 4), np.bool_, "F", seed=3)
    values = np.arange(m.sum(), dtype=np.float64) * 10
    run(mask_set, a, m, values)
    want[m] = values
    assert_array_same(a, want)


def test_mask_set_broadcast_values():
    m = np.array([True, False, True, True])
    for value in (np.array([7.0]), np.array(8.0), np.array([1, 2, 3], np.int32)):
        want, a = np.zeros(4), np.zeros(4)
        run(mask_set, a, m, value)
        want[m] = value
        assert_array_same(a, want)


@pytest.mark.numjit_only  # numba: 1-D masks only, no bounds checks
def test_mask_set_from_expression():
    want, a = pair((3, 4), np.int32, "negstride")
    run(mask_set_expression, a, 0)
    want[want > 0] = 0
    assert_array_same(a, want)


def test_mask_set_wrong_count_raises_value_error():
    m = np.array([True, False, True])
    with pytest.raises(ValueError):
        run(mask_set, np.zeros(3), m, np.ones(3))
    with pytest.raises(ValueError):
        mask_set(np.zeros(3), m, np.ones(3))


# --------------------------------------------------------------------------
# assignment with an integer array

def put(a, idx, v):
    a[idx] = v
    return a


@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_put_1d(dtype, layout):
    idx = np.array([4, 0, -1])
    for value in (dtype(1).item(), np.ones(3, dtype) * dtype(1), np.array([0], dtype)):
        want, a = pair((6,), dtype, layout)
        run(put, a, idx, value)
        want[idx] = value
        assert_array_same(a, want)


def test_put_repeated_index_last_wins():
    want, a = np.zeros(4), np.zeros(4)
    idx, values = np.array([1, 1, 2, 1]), np.array([1.0, 2.0, 3.0, 4.0])
    run(put, a, idx, values)
    want[idx] = values
    assert_array_same(a, want)


@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
def test_put_rows(layout):
    idx = np.array([2, 0], np.int32)
    for value in (5.0, np.arange(4.0), np.ones((2, 4)), np.ones((1, 4)) * 3):
        want, a = pair((3, 4), np.float64, layout)
        run(put, a, idx, value)
        want[idx] = value
        assert_array_same(a, want)


@pytest.mark.numjit_only  # numba: 1-D masks only, no bounds checks
def test_put_errors():
    with pytest.raises(IndexError):
        run(put, np.zeros(3), np.array([3]), 1.0)
    with pytest.raises(ValueError):
        run(put, np.zeros(3), np.array([0, 1]), np.ones(3))


@pytest.mark.numjit_only
def test_put_into_read_only_array_is_a_typing_error():
    a = np.zeros(3)
    a.flags.writeable = False
    with pytest.raises(TypingError):
        njit(put)(a, np.array([0]), 1.0)


# --------------------------------------------------------------------------
# augmented assignment reads a copy, combines and writes back

def mask_iadd(a, m, v):
    a[m] += v
    return a


def take_imul(a, idx):
    a[idx] *= 2
    return a


def expression_mask_isub(a):
    a[a > 2] -= 100
    return a


@pytest.mark.numjit_only  # numba: 1-D masks only, no bounds checks
def test_augmented_mask_assignment():
    want, a = pair((3, 4), np.float64, "F")
    m = make_array((3, 4), np.bool_, "C", seed=3)
    run(mask_iadd, a, m, 10.0)
    want[m] += 10.0
    assert_array_same(a, want)


def test_augmented_index_assignment_with_repeats():
    want, a = np.arange(5), np.arange(5)
    idx = np.array([1, 3, 3])
    run(take_imul, a, idx)
    want[idx] *= 2                                   # repeated indexes apply once, as in NumPy
    assert_array_same(a, want)


def test_augmented_assignment_with_expression_mask():
    want, a = np.arange(6.0), np.arange(6.0)
    run(expression_mask_isub, a)
    expression_mask_isub(want)
    assert_array_same(a, want)


@pytest.mark.numjit_only
def test_float_index_array_is_a_typing_error():
    with pytest.raises(TypingError):
        njit(take)(np.zeros(3), np.zeros(2))
