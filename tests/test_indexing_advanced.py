"""Advanced indexing compiled vs. NumPy: boolean masks (over all or the first k axes) and
integer index arrays (1-D and N-d, alone or among ints/slices/None/`...`), for reading (a
copy) and assignment (scalars and arrays, values overlapping the destination), `a[mask] += v`,
over dtypes, layouts (C, F, strided, negative strides), 0-d and empty arrays, NaN, and the errors.
"""
import numpy as np
import pytest

from helpers import assert_array_same, dtype_id, make_array, run_compiled
from impl import TypingError, njit

DTYPES = [np.float32, np.float64, np.int32, np.int64, np.bool_]
MAIN_LAYOUTS = ["C", "F", "strided", "negstride"]

# every dtype in C layout, every layout in float64 (strided and negstride share compiled code)
DTYPE_LAYOUTS = [(d, "C") for d in DTYPES] + [(np.float64, layout) for layout in MAIN_LAYOUTS[1:]]

run = run_compiled


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


# --------------------------------------------------------------------------
# masks over the first k < ndim axes: whole rows (slabs) selected

def mask_rows_cases(shape, k):
    base = make_array(shape[:k], np.bool_, "C", seed=5)
    return [base, np.zeros(shape[:k], bool), np.ones(shape[:k], bool)]


@pytest.mark.numjit_only  # numba: 1-D masks only
@pytest.mark.parametrize("dtype,layout", DTYPE_LAYOUTS, ids=str)
@pytest.mark.parametrize("shape,k", [((4, 3), 1), ((3, 2, 4), 1), ((3, 2, 4), 2), ((0, 3), 1), ((3, 0), 1)],
                         ids=str)
def test_mask_rows_get(shape, k, dtype, layout):
    a = make_array(shape, dtype, layout)
    for m in mask_rows_cases(shape, k):
        got = run(mask_get, a, m)
        assert_array_same(got, a[m])
        assert not np.shares_memory(got, a) or got.size == 0


@pytest.mark.numjit_only  # numba: 1-D masks only
@pytest.mark.parametrize("dtype,layout", DTYPE_LAYOUTS, ids=str)
def test_mask_rows_set(dtype, layout):
    shape = (4, 3)
    m = np.array([True, False, True, True])
    row = make_array((3,), dtype, "C", seed=7)
    for value in (dtype(1).item(), row, row[None, :], make_array((3, 3), dtype, "F", seed=8),
                  np.array(dtype(0))):
        want, a = pair(shape, dtype, layout)
        run(mask_set, a, m, value)
        want[m] = value
        assert_array_same(a, want)


@pytest.mark.numjit_only  # numba: 1-D masks only
@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
def test_mask_rows_set_3d(layout):
    m1 = np.array([False, True, True])
    m2 = make_array((3, 2), np.bool_, "C", seed=5)
    for m in (m1, m2):
        rest = (2, 4)[m.ndim - 1:]
        for value in (2.5, np.arange(4.0), np.arange(m.sum() * int(np.prod(rest)), dtype=np.float64).reshape((-1,) + rest)):
            want, a = pair((3, 2, 4), np.float64, layout)
            run(mask_set, a, m, value)
            want[m] = value
            assert_array_same(a, want)


@pytest.mark.numjit_only  # numba: 1-D masks only
def test_mask_rows_errors():
    with pytest.raises(IndexError):
        run(mask_get, np.zeros((3, 4)), np.ones(4, bool))
    with pytest.raises(IndexError):
        run(mask_get, np.zeros((3, 4, 2)), np.ones((3, 2), bool))
    with pytest.raises(IndexError):
        run(mask_set, np.zeros((3, 4)), np.ones(2, bool), 1.0)
    with pytest.raises(ValueError):                    # 2 rows selected, 3 given
        run(mask_set, np.zeros((3, 4)), np.array([True, False, True]), np.ones((3, 4)))
    with pytest.raises(ValueError):                    # rows of the wrong length
        run(mask_set, np.zeros((3, 4)), np.array([True, False, True]), np.ones(3))
    with pytest.raises(ValueError):
        mask_set(np.zeros((3, 4)), np.array([True, False, True]), np.ones((3, 4)))


@pytest.mark.numjit_only
def test_mask_of_too_many_dims_is_a_typing_error():
    with pytest.raises(TypingError, match="too many indices"):
        njit(mask_get)(np.zeros(3), np.ones((3, 1), bool))


# --------------------------------------------------------------------------
# integer index arrays of more than one dimension

@pytest.mark.parametrize("dtype,layout", DTYPE_LAYOUTS, ids=str)
def test_take_with_2d_index(dtype, layout):
    idx = np.array([[0, -1, 2], [1, 1, 0]], np.int32)
    for shape in ((4,), (4, 3)):
        a = make_array(shape, dtype, layout)
        assert_array_same(run(take, a, idx), a[idx])
        assert_array_same(run(take, a, idx.T), a[idx.T])
        assert_array_same(run(take, a, np.zeros((0, 2), np.int64)), a[np.zeros((0, 2), np.int64)])


# --------------------------------------------------------------------------
# one index array among ints, slices, None and `...`

def mixed_reads(a, idx, i):
    return a[i, idx], a[idx, i], a[:, idx], a[idx, :], a[..., idx], a[None, idx], a[1:, idx][:, ::-1]


def mixed_mask_reads(a, rows, cols, i):
    return a[i, cols], a[rows, i], a[:, cols], a[rows, :], a[..., cols], a[::-1, cols]


@pytest.mark.numjit_only  # numba differs for some mixes
@pytest.mark.parametrize("dtype,layout", DTYPE_LAYOUTS, ids=str)
def test_mixed_reads(dtype, layout):
    a = make_array((4, 4), dtype, layout)
    for idx in (np.array([3, 0, -1]), np.array([1, 1], np.int32), np.zeros(0, np.int64)):
        for g, w in zip(run(mixed_reads, a, idx, -2), mixed_reads(a, idx, -2)):
            assert_array_same(g, w)
            assert not np.shares_memory(g, a) or g.size == 0
    rows, cols = np.array([True, False, True, True]), np.array([False, False, True, False])
    for g, w in zip(run(mixed_mask_reads, a, rows, cols, 1), mixed_mask_reads(a, rows, cols, 1)):
        assert_array_same(g, w)


def mixed_reads_3d(a, idx):
    return a[1, :, idx], a[:, idx, 0], a[..., idx], a[0, ..., idx], a[idx, ..., 1], a[:, None, idx]


@pytest.mark.numjit_only
@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
def test_mixed_reads_3d(layout):
    a = make_array((2, 3, 4), np.float64, layout)
    idx = np.array([1, -1])
    for g, w in zip(run(mixed_reads_3d, a, idx), mixed_reads_3d(a, idx)):
        assert_array_same(g, w)


def mixed_put_row(a, i, idx, v):
    a[i, idx] = v
    return a


def mixed_put_cols(a, idx, v):
    a[:, idx] = v
    return a


@pytest.mark.numjit_only
@pytest.mark.parametrize("dtype,layout", DTYPE_LAYOUTS, ids=str)
def test_mixed_assignment(dtype, layout):
    idx = np.array([3, 0, -1])
    for value in (dtype(1).item(), make_array((3,), dtype, "C", seed=4), np.array([dtype(0)])):
        want, a = pair((4, 4), dtype, layout)
        run(mixed_put_row, a, -1, idx, value)
        want[-1, idx] = value
        assert_array_same(a, want)
    for value in (dtype(1).item(), make_array((3,), dtype, "C", seed=4), make_array((4, 3), dtype, "F", seed=4),
                  make_array((4, 1), dtype, "C", seed=4)):
        want, a = pair((4, 4), dtype, layout)
        run(mixed_put_cols, a, idx, value)
        want[:, idx] = value
        assert_array_same(a, want)
    mask = np.array([True, False, False, True])
    want, a = pair((4, 4), dtype, layout)
    value = make_array((4, 2), dtype, "C", seed=9)
    run(mixed_put_cols, a, mask, value)
    want[:, mask] = value
    assert_array_same(a, want)


@pytest.mark.numjit_only
def test_mixed_errors():
    a = np.zeros((3, 4))
    with pytest.raises(IndexError):
        run(mixed_reads, a, np.array([4]), 0)
    with pytest.raises(IndexError):
        run(mixed_put_cols, a, np.array([-5]), 1.0)
    with pytest.raises(IndexError):
        run(mixed_put_cols, a, np.ones(3, bool), 1.0)        # mask of the wrong length
    with pytest.raises(ValueError):
        run(mixed_put_cols, a, np.array([0, 1]), np.ones((3, 3)))
    with pytest.raises(ValueError):
        mixed_put_cols(a, np.array([0, 1]), np.ones((3, 3)))


# --------------------------------------------------------------------------
# a value that shares memory with the destination is read before anything is written

def put_reversed(a, idx):
    a[idx] = a[::-1]
    return a


def put_shifted_prefix(a, idx):
    a[idx] = a[::-1][:len(idx)]
    return a


def mask_put_reversed_prefix(a, m):
    a[m] = a[::-1][:np.sum(m)]
    return a


def mask_put_from_fancy(a, m, other):
    a[m] = a[other]
    return a


def cols_put_reversed(a, idx):
    a[:, idx] = a[:, ::-1][:, :len(idx)]
    return a


def rows_mask_put_reversed(a, m):
    a[m] = a[::-1][:np.sum(m)]
    return a


@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
def test_overlapping_value_is_copied_first(layout):
    n = 6
    cases = [(put_reversed, np.arange(n)), (put_shifted_prefix, np.array([1, 2, 3, 4])),
             (mask_put_reversed_prefix, np.array([True, True, False, True, True, False]))]
    for func, index in cases:
        want, a = pair((n,), np.float64, layout)
        run(func, a, index)
        assert_array_same(a, func(want, index))
    other = np.array([False, True, True, True, True, False])
    want, a = pair((n,), np.int64, layout)
    run(mask_put_from_fancy, a, cases[2][1], other)
    assert_array_same(a, mask_put_from_fancy(want, cases[2][1], other))


@pytest.mark.numjit_only
@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
def test_overlapping_rows_and_columns_are_copied_first(layout):
    want, a = pair((4, 5), np.float64, layout)
    run(cols_put_reversed, a, np.array([0, 1, 2, 3]))
    assert_array_same(a, cols_put_reversed(want, np.array([0, 1, 2, 3])))
    m = np.array([True, True, False, True])
    want, a = pair((4, 5), np.float64, layout)
    run(rows_mask_put_reversed, a, m)
    assert_array_same(a, rows_mask_put_reversed(want, m))
    want, a = pair((4, 5), np.float64, layout)
    run(put_reversed, a, np.arange(4))
    assert_array_same(a, put_reversed(want, np.arange(4)))


def mixed_put_apart(a, i, idx, v):
    a[i, :, idx] = v                  # int and array apart: the selection's axis goes first
    return a


@pytest.mark.numjit_only
@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
def test_mixed_assignment_apart(layout):
    idx = np.array([3, 0])
    for value in (1.5, np.arange(3.0), np.arange(6.0).reshape(2, 3), np.ones((2, 1)), np.ones((1, 3))):
        want, a = pair((2, 3, 4), np.float64, layout)
        run(mixed_put_apart, a, 1, idx, value)
        want[1, :, idx] = value
        assert_array_same(a, want)


def slice_from_slice(a, d0, d1, ds, s0, s1, ss):
    a[d0:d1:ds] = a[s0:s1:ss]
    return a


def every_fifth_from_prefix(a):
    a[::5] = a[1:11]                  # the example: NumPy reads elements it already wrote
    return a


def shift_right(a):
    a[2:7] = a[0:5]
    return a


# (destination slice, source slice): 1-d, same or opposite stride directions, overlapping or not
OVERLAPS = [((None, None, 5), (1, 11, 1)), ((1, 6, 1), (0, 10, 2)), ((2, 7, 1), (0, 5, 1)),
            ((0, 5, 1), (2, 7, 1)), ((0, 10, 2), (1, 6, 1)), ((4, 9, 1), (4, None, -1)),
            ((None, None, -1), (None, None, 1)), ((10, 1, -2), (0, 9, 2)), ((9, 0, -2), (12, 3, -2)),
            ((3, 8, 1), (20, 25, 1)), ((0, 4, 1), (3, 4, 1))]


@pytest.mark.parametrize("dtype", [np.float64, np.int32])
@pytest.mark.parametrize("dest,src", OVERLAPS)
def test_overlapping_1d_slices_follow_numpy_order(dest, src, dtype):
    a = np.arange(50).astype(dtype)
    want = slice_from_slice(a.copy(), *dest, *src)
    assert_array_same(run(slice_from_slice, a, *dest, *src), want)


@pytest.mark.parametrize("func", [every_fifth_from_prefix, shift_right])
def test_overlapping_constant_slices_follow_numpy_order(func):
    assert_array_same(run(func, np.arange(50.0)), func(np.arange(50.0)))


def expression_masks_in_tuples(a):
    return a[:, a[0] > 3], a[a[:, 0] > 3, 1:], a[a[:, 1] >= a[:, 0], ::-1]


def expression_mask_put_in_tuple(a):
    a[:, a[0] > 3] = -1.0
    a[a[:, 0] < 0, 1:] *= 2.0
    return a


@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
def test_expression_masks_inside_tuple_indexes(layout):
    a = make_array((4, 5), np.float64, layout)
    for g, w in zip(run(expression_masks_in_tuples, a), expression_masks_in_tuples(a)):
        assert_array_same(g, w)
    want, a = pair((4, 5), np.float64, layout)
    assert_array_same(run(expression_mask_put_in_tuple, a), expression_mask_put_in_tuple(want))
