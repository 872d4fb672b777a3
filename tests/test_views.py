"""Basic indexing compiled vs. NumPy: integers (negative too), slices with any step (negative,
out-of-range bounds, empty), `...`, None/np.newaxis and their mixes on 1-4 d arrays of every
layout give views (same values and shape as NumPy's, sharing the base's memory); writes through
a view reach the base; a view returned from compiled code keeps its base alive; slice
assignment from scalars and broadcastable arrays, and its shape errors.
"""
import gc

import numpy as np
import pytest

from helpers import LAYOUTS, assert_array_same, dtype_id, make_array, run_compiled
from impl import TypingError

run = run_compiled
SHAPES = {1: (9,), 2: (4, 5), 3: (3, 4, 5), 4: (2, 3, 4, 5)}


# --------------------------------------------------------------------------
# reading views with constant indexes

def v1_slice(a): return a[2:5]                         # noqa: E704
def v1_step(a): return a[::2]                          # noqa: E704
def v1_reverse(a): return a[::-1]                      # noqa: E704
def v1_negative_step(a): return a[7:1:-2]              # noqa: E704
def v1_negative_bounds(a): return a[-4:-1]             # noqa: E704
def v1_out_of_range(a): return a[-100:100:3]           # noqa: E704
def v1_past_the_end(a): return a[20:30]                # noqa: E704
def v1_empty(a): return a[5:2]                         # noqa: E704
def v1_empty_reverse(a): return a[2:5:-1]              # noqa: E704
def v1_ellipsis(a): return a[..., 1:]                  # noqa: E704
def v1_newaxis(a): return a[None]                      # noqa: E704
def v1_column(a): return a[:, np.newaxis]              # noqa: E704
def v1_mixed(a): return a[np.newaxis, ::-3, None]      # noqa: E704
def v2_row(a): return a[1]                             # noqa: E704
def v2_last_row(a): return a[-1]                       # noqa: E704
def v2_column(a): return a[:, 2]                       # noqa: E704
def v2_negative_column(a): return a[:, -1]             # noqa: E704
def v2_flip(a): return a[1:, ::-1]                     # noqa: E704
def v2_steps(a): return a[::-2, 1:4:2]                 # noqa: E704
def v2_ellipsis_int(a): return a[..., 0]               # noqa: E704
def v2_int_ellipsis(a): return a[-2, ...]              # noqa: E704
def v2_newaxis_int(a): return a[:, None, 1]            # noqa: E704
def v2_flip_newaxis(a): return a[::-1, None, 1:3]      # noqa: E704
def v2_empty(a): return a[3:1, :]                      # noqa: E704
def v2_everything(a): return a[...]                    # noqa: E704
def v3_newaxis_first(a): return a[None, 0, :, :]       # noqa: E704
def v3_int_ellipsis(a): return a[1, ..., 1:3]          # noqa: E704
def v3_flip_newaxis(a): return a[::-1, None, 1:3]      # noqa: E704
def v3_trailing_newaxis(a): return a[..., None]        # noqa: E704
def v3_middle(a): return a[:, -1, ::-1]                # noqa: E704
def v3_two_ints(a): return a[-1, 2]                    # noqa: E704
def v4_ints_around(a): return a[1, ..., 2, :]          # noqa: E704
def v4_everything(a): return a[1:, :, None, ::2, -1]   # noqa: E704
def v4_newaxes(a): return a[None, :, None, 0, ..., ::-2]  # noqa: E704
def v4_three_ints(a): return a[0, -1, 1]               # noqa: E704


VIEWS = {
    1: [v1_slice, v1_step, v1_reverse, v1_negative_step, v1_negative_bounds, v1_out_of_range,
        v1_past_the_end, v1_empty, v1_empty_reverse, v1_ellipsis, v1_newaxis, v1_column, v1_mixed],
    2: [v2_row, v2_last_row, v2_column, v2_negative_column, v2_flip, v2_steps, v2_ellipsis_int,
        v2_int_ellipsis, v2_newaxis_int, v2_flip_newaxis, v2_empty, v2_everything],
    3: [v3_newaxis_first, v3_int_ellipsis, v3_flip_newaxis, v3_trailing_newaxis, v3_middle, v3_two_ints],
    4: [v4_ints_around, v4_everything, v4_newaxes, v4_three_ints],
}
VIEW_CASES = [pytest.param(ndim, f, id=f.__name__) for ndim, fs in VIEWS.items() for f in fs]


def assert_view_of(got, want, base):
    """Same shape, dtype and values as NumPy's view, and the memory of `base`."""
    assert isinstance(got, np.ndarray)
    assert_array_same(got, want)
    if want.size:
        assert np.shares_memory(got, base)
        # the same elements, not equal copies: the first element's address matches NumPy's
        assert got.__array_interface__["data"][0] == want.__array_interface__["data"][0]
        assert all(g == w for g, w, n in zip(got.strides, want.strides, want.shape) if n > 1), (
            got.strides, want.strides)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("ndim, func", VIEW_CASES)
def test_view_matches_numpy(ndim, func, layout):
    a = make_array(SHAPES[ndim], np.float64, layout)
    assert_view_of(run(func, a), func(a), a)


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.uint16, np.float32, np.bool_, np.complex128],
                         ids=dtype_id)
@pytest.mark.parametrize("func", [v2_flip_newaxis, v2_column, v2_row])
def test_view_dtypes(func, dtype):
    a = make_array((4, 5), dtype, "F")
    assert_view_of(run(func, a), func(a), a)


def test_integer_index_of_1d_is_a_scalar():
    a = make_array((5,), np.int32, "negstride")
    assert run(v4_three_ints, make_array((2, 3, 4, 5), np.int64, "F")).shape == (5,)
    assert run(v3_two_ints, make_array((3, 4, 5), np.int64, "C")).shape == (5,)
    assert run(last_and_first, a) == (a[-1], a[0])


def last_and_first(a):
    return a[-1], a[0]


@pytest.mark.parametrize("func", [
    v1_newaxis, v3_trailing_newaxis, v2_everything])
def test_zero_dimensional_views(func):
    a = np.array(3.5)
    assert_view_of(run(func, a), func(a), a)


@pytest.mark.parametrize("shape", [(0,), (0, 4), (4, 0)], ids=str)
def test_views_of_empty_arrays(shape):
    a = np.zeros(shape)
    funcs = [v1_step, v1_reverse, v1_newaxis, v1_mixed] if a.ndim == 1 else [v2_flip, v2_everything, v2_steps]
    for func in funcs:
        assert_view_of(run(func, a), func(a), a)


# --------------------------------------------------------------------------
# slices with run-time bounds

def window(x, i, j, fh, p, fw):
    return x[i, ..., j:j + fh, p:p + fw]


def slice3(a, start, stop, step):
    return a[start:stop:step]


def slice_columns(a, start, stop, step):
    return a[:, start:stop:step]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_window_of_4d(layout):
    x = make_array((2, 3, 6, 7), np.float32, layout)
    for args in ((1, 2, 3, 4, 2), (-1, 0, 6, 0, 7), (0, 5, 3, 6, 3), (0, 4, 0, 1, 1), (-2, -3, 2, -4, 3)):
        assert_view_of(run(window, x, *args), window(x, *args), x)


BOUNDS = [(0, 9, 1), (2, 7, 2), (8, 0, -1), (-1, -10, -1), (-3, 100, 1), (100, -100, -3), (-100, 100, 4),
          (5, 5, 1), (6, 2, 1), (2, 6, -1), (0, 9, 20), (8, -20, -20), (-5, -2, 1), (3, 3, -1)]
NONE_BOUNDS = [(None, None, -1), (None, 4, -2), (4, None, -1), (None, -3, None), (-2, None, None)]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_runtime_slice_bounds(layout):
    a = make_array((9,), np.int64, layout)
    b = make_array((3, 9), np.float64, layout)
    for bounds in BOUNDS:
        assert_view_of(run(slice3, a, *bounds), slice3(a, *bounds), a)
        assert_view_of(run(slice_columns, b, *bounds), slice_columns(b, *bounds), b)


def test_runtime_slice_with_none_bounds():
    a = make_array((9,), np.float64, "strided")
    for bounds in NONE_BOUNDS:
        assert_view_of(run(slice3, a, *bounds), slice3(a, *bounds), a)


def test_zero_step_raises_value_error():
    with pytest.raises(ValueError):
        slice3(np.zeros(4), 0, 4, 0)
    with pytest.raises(ValueError):
        run(slice3, np.zeros(4), 0, 4, 0)


# --------------------------------------------------------------------------
# writes through views reach the base

def write_row(a):
    v = a[1]
    v[0] = 99
    v[-1] = -99


def write_reversed_columns(a):
    v = a[::-1, ::2]
    v[0, 0] = 7
    v[-1, -1] = 8
    v += 1


def write_newaxis_view(a):
    v = a[None, 1:, None, ::-1]
    v[0, 0, 0, 0] = 42
    v[0, -1, 0, 1] += 0.5


def write_view_of_view(a):
    v = a[1:][::-1][..., 0]
    for i in range(v.shape[0]):
        v[i] = i * 10


def write_3d_window(a):
    v = a[-1, ..., 1:3]
    v *= -2


def loop_over_rows(a):
    for row in a:
        row[0] = row[-1] * 2


WRITES = {2: [write_row, write_reversed_columns, write_newaxis_view, write_view_of_view, loop_over_rows],
          3: [write_row, write_reversed_columns, write_view_of_view, write_3d_window, loop_over_rows]}
WRITE_CASES = [pytest.param(ndim, f, id=f"{ndim}d-{f.__name__}") for ndim, fs in WRITES.items() for f in fs]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("ndim, func", WRITE_CASES)
def test_writes_through_views_reach_the_base(ndim, func, layout):
    want, got = make_array(SHAPES[ndim], np.float64, layout), make_array(SHAPES[ndim], np.float64, layout)
    func(want)
    run(func, got)
    assert_array_same(got, want)


@pytest.mark.parametrize("dtype", [np.int8, np.uint32, np.float32, np.int64], ids=dtype_id)
def test_writes_through_views_other_dtypes(dtype):
    want, got = make_array((4, 5), dtype, "transposed"), make_array((4, 5), dtype, "transposed")
    write_reversed_columns(want)
    run(write_reversed_columns, got)
    assert_array_same(got, want)


# --------------------------------------------------------------------------
# a returned view keeps its base alive

def view_of_local(n):
    a = np.zeros(n)
    for i in range(n):
        a[i] = i * 1.5
    return a[2:-1:3]


def view_of_local_2d(n):
    a = np.zeros((n, n + 1))
    for i in range(n):
        for j in range(n + 1):
            a[i, j] = i * 100 + j
    b = a[1:]
    return b[::-1, None, 2]


def two_views_of_local(n):
    a = np.ones(n)
    for i in range(n):
        a[i] = i
    return a[::2], a[1::2]


def expected_view_of_local(n):
    a = np.arange(n) * 1.5
    return a[2:-1:3]


def test_returned_view_keeps_base_alive():
    v = run(view_of_local, 20)
    w = run(view_of_local_2d, 6)
    garbage = [np.full(1000, -1.0) for _ in range(50)]   # reuse freed memory if it was freed
    del garbage
    gc.collect()
    assert_array_same(v, expected_view_of_local(20))
    a = (np.arange(6)[:, None] * 100 + np.arange(7)).astype(np.float64)
    assert_array_same(w, a[1:][::-1, None, 2])
    v[0] = 1234.0                                       # still writable memory
    assert v[0] == 1234.0


def test_one_of_two_views_dropped():
    evens, odds = run(two_views_of_local, 11)
    del evens
    gc.collect()
    for _ in range(3):
        run(view_of_local, 64)                          # allocate and free buffers in between
    assert_array_same(odds, np.arange(11.0)[1::2])
    odds[:] = -1
    assert_array_same(odds, np.full(5, -1.0))


# --------------------------------------------------------------------------
# slice assignment

def set_slice(a, b):
    a[1:3] = b


def set_first_column(a, row):
    a[:, 0] = row


def set_everything(a, v):
    a[...] = v


def set_strided_block(a, v):
    a[1:, ::-2] = v


def set_newaxis(a, v):
    a[None, 1] = v


def set_empty(a, v):
    a[3:3] = v


def set_reversed_self(a):
    a[::-1] = a


def set_shifted_self(a):
    a[1:] = a[:-1]


def set_rows_from_rows(a):
    a[1:, :] = a[:-1, :]


def set_flipped_columns(a):
    a[:, ::-1] = a


def set_from_transpose(a):
    a[...] = a.T


def check_assign(func, spec, *args):
    """func assigns into `spec` (shape, dtype, layout) compiled and in NumPy: the same array after,
    or both raise (ValueError at run time; a TypingError if the compiler sees it)."""
    want, got = make_array(*spec), make_array(*spec)
    try:
        with np.errstate(all="ignore"):
            func(want, *args)
    except ValueError:
        with pytest.raises((ValueError, TypingError)):
            run(func, got, *args)
        return
    run(func, got, *args)
    assert_array_same(got, want)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_slice_assignment_from_scalars(layout):
    for dtype in (np.float64, np.int32):
        spec = ((5, 4), dtype, layout)
        for func in (set_slice, set_first_column, set_everything, set_strided_block, set_newaxis, set_empty):
            check_assign(func, spec, 0)
            check_assign(func, spec, -2.75)               # cast as NumPy does (truncated into ints)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_slice_assignment_from_arrays(layout):
    spec = ((5, 4), np.float64, layout)
    row = make_array((4,), np.float64, "negstride", seed=7)
    check_assign(set_slice, spec, make_array((2, 4), np.float32, layout, seed=2))
    check_assign(set_slice, spec, row)                   # broadcast over the two rows
    check_assign(set_slice, spec, make_array((2, 1), np.int64, "C", seed=3))
    check_assign(set_first_column, spec, make_array((5,), np.float64, "strided", seed=4))
    check_assign(set_first_column, spec, np.array([3.5]))
    check_assign(set_everything, spec, row)
    check_assign(set_everything, spec, np.array(1.25))
    check_assign(set_strided_block, spec, make_array((4, 2), np.int8, layout, seed=5))
    check_assign(set_newaxis, spec, row[None])
    check_assign(set_empty, spec, np.ones((0, 4)))


def test_slice_assignment_1d_and_casts():
    spec = ((9,), np.int64, "strided")
    check_assign(set_slice, spec, np.array([2.9, -2.9]))   # float into int: truncated, like NumPy
    check_assign(set_everything, spec, np.arange(9.0)[::-1])
    check_assign(set_empty, spec, np.ones(0))
    check_assign(set_slice, ((9,), np.float32, "C"), np.array([1e300, -1e-300]))


@pytest.mark.parametrize("layout", ["C", "strided", "negstride"])
@pytest.mark.parametrize("func", [set_reversed_self, set_shifted_self])
def test_slice_assignment_from_overlapping_view(func, layout):
    want, got = make_array((9,), np.float64, layout), make_array((9,), np.float64, layout)
    func(want)
    run(func, got)
    assert_array_same(got, want)


@pytest.mark.parametrize("layout", ["C", "F", "negstride", "transposed"])
@pytest.mark.parametrize("func", [set_rows_from_rows, set_flipped_columns, set_from_transpose])
def test_2d_slice_assignment_from_overlapping_view(func, layout):
    want, got = make_array((4, 4), np.int32, layout), make_array((4, 4), np.int32, layout)
    func(want)
    run(func, got)
    assert_array_same(got, want)


@pytest.mark.parametrize("func, shape", [(set_slice, (3,)), (set_slice, (3, 4)), (set_slice, (2, 3)),
                                         (set_first_column, (4,)), (set_first_column, (6,)),
                                         (set_everything, (4, 5)), (set_everything, (3,)),
                                         (set_strided_block, (4, 1, 2)), (set_strided_block, (4, 3))],
                         ids=lambda v: v.__name__ if callable(v) else str(v))
def test_slice_assignment_shape_mismatch_raises(func, shape):
    spec = ((5, 4), np.float64, "C")
    with pytest.raises(ValueError):
        func(make_array(*spec), np.ones(shape))
    with pytest.raises((ValueError, TypingError)):    # TypingError: too many dimensions, known early
        run(func, make_array(*spec), np.ones(shape))
    if len(shape) <= 2:
        with pytest.raises(ValueError):                 # same ndim as the target: a run-time check
            run(func, make_array(*spec), np.ones(shape))
