"""Array creation and shape, compiled vs. NumPy.

np.arange, np.linspace, np.array/np.asarray of (nested) tuples, numbers and arrays,
np.copy/.copy(), .astype(), .reshape (views; copies of non-contiguous arrays; -1; errors), .ravel()/.flatten(),
.T/.transpose() (views), np.ascontiguousarray, np.concatenate, np.stack, dtype
arguments and dtype comparisons — over dtypes, layouts (C, F, strided, negative
strides), 0-d and empty arrays; plus the errors for bad input.
"""
import numpy as np
import pytest

from helpers import assert_array_same, dtype_id, make_array, run_compiled
from impl import TypingError, UnsupportedError, njit

DTYPES = [np.float32, np.float64, np.int32, np.int64, np.bool_]
MAIN_LAYOUTS = ["C", "F", "strided", "negstride"]


run = run_compiled


def make(shape, dtype, layout="C", seed=0):
    """helpers.make_array, plus 0-d arrays."""
    if shape == ():
        return np.array(make_array((1,), dtype, "C", seed)[0])
    return make_array(shape, dtype, layout, seed)


# --------------------------------------------------------------------------
# np.arange / np.linspace

def arange1(n):
    return np.arange(n)


def arange2(a, b):
    return np.arange(a, b)


def arange3(a, b, c):
    return np.arange(a, b, c)


def arange_f32(a, b, c):
    return np.arange(a, b, c, dtype=np.float32)


def arange_i32(n):
    return np.arange(n, dtype=np.int32)


JIT_ARANGE = {f: njit(f) for f in (arange1, arange2, arange3, arange_f32, arange_i32)}


@pytest.mark.parametrize("func,args", [
    (arange1, (5,)), (arange1, (0,)), (arange1, (-3,)), (arange1, (4.5,)),
    (arange2, (2, 9)), (arange2, (9, 2)), (arange2, (-2.5, 3)),
    (arange3, (1, 10, 3)), (arange3, (10, 1, -3)), (arange3, (0, 10, 20)), (arange3, (5, 5, 1)),
    (arange3, (0.1, 1.0, 0.1)), (arange3, (1.0, 0.0, -0.25)), (arange3, (0, 1e-320, 1.0)),
    pytest.param(arange_f32, (0.1, 1.0, 0.1), marks=pytest.mark.numjit_only),   # numba is off by an ulp
    (arange_f32, (0, 7, 2)), (arange_i32, (6,)),
], ids=lambda x: x.__name__ if callable(x) else repr(x))
def test_arange(func, args):
    assert_array_same(JIT_ARANGE[func](*args), func(*args))


def test_arange_default_dtype_ignores_argument_widths():
    def arange_typed(n, x):
        return np.arange(n), np.arange(x)
    n, x = np.int32(5), np.float32(2.5)
    for g, w in zip(njit(arange_typed)(n, x), arange_typed(n, x)):
        assert_array_same(g, w)


@pytest.mark.numjit_only
def test_arange_errors():
    with pytest.raises(ZeroDivisionError):
        JIT_ARANGE[arange3](0, 5, 0)
    with pytest.raises(ValueError, match="arange"):
        JIT_ARANGE[arange1](np.nan)


def linspace3(a, b, n):
    return np.linspace(a, b, n)


def linspace_default(a, b):
    return np.linspace(a, b)


def linspace_open(a, b, n):
    return np.linspace(a, b, n, endpoint=False)


JIT_LINSPACE = {f: njit(f) for f in (linspace3, linspace_default, linspace_open)}


@pytest.mark.parametrize("func,args", [
    (linspace3, (0, 1, 5)), (linspace3, (-3.0, 7.5, 11)), (linspace3, (0, 1, 1)), (linspace3, (0, 1, 0)),
    (linspace3, (2.0, 2.0, 4)), (linspace3, (1, -1, 7)), (linspace3, (0.0, 5e-324, 3)),
    (linspace_default, (0.0, 10.0)),
    pytest.param(linspace_open, (0, 1, 7), marks=pytest.mark.numjit_only),     # numba is off by an ulp
    pytest.param(linspace_open, (0, 1, 1), marks=pytest.mark.numjit_only),
], ids=lambda x: x.__name__ if callable(x) else repr(x))
def test_linspace(func, args):
    assert_array_same(JIT_LINSPACE[func](*args), func(*args))


def test_linspace_negative_count():
    with pytest.raises(ValueError):
        JIT_LINSPACE[linspace3](0, 1, -1)


# --------------------------------------------------------------------------
# np.array / np.asarray

def array_ints():
    return np.array((1, 2, 3))


def array_mixed():
    return np.array((1, 2.5, True))


def array_bools():
    return np.array((True, False))


def array_nested():
    return np.array(((1, 2.5), (3, 4)))


def array_nested3():
    return np.array((((1, 2), (3, 4)), ((5, 6), (7, 8))))


def array_dtype():
    return np.array(((1, 2), (3, 4)), dtype=np.float32)


def array_empty():
    return np.array(())


def array_of_number():
    return np.array(3.5)


def array_of_args(x, y):
    return np.array(((x, y), (y, x)))


@pytest.mark.parametrize("func", [array_ints, array_mixed, array_bools, array_nested, array_nested3,
                                  array_dtype, array_empty, array_of_number], ids=lambda f: f.__name__)
def test_array_from_tuples(func):
    assert_array_same(njit(func)(), func())


def test_array_from_runtime_values():
    assert_array_same(njit(array_of_args)(1.5, -2.0), array_of_args(1.5, -2.0))


@pytest.mark.numjit_only  # numba lacks or differs
def test_array_ragged_tuple_is_a_typing_error():
    def ragged():
        return np.array(((1, 2), (3,)))
    with pytest.raises(TypingError):
        njit(ragged)()


def array_copy(a):
    return np.array(a)


def asarray(a):
    return np.asarray(a)


def array_as_f32(a):
    return np.array(a, dtype=np.float32)


def array_of_arrays(a, b):
    return np.array((a, b))


@pytest.mark.numjit_only  # numba lacks or differs
@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_array_of_array(dtype, layout):
    a = make_array((3, 4), dtype, layout)
    got = run(array_copy, a)
    assert_array_same(got, np.array(a))
    assert not np.shares_memory(got, a)
    assert_array_same(run(array_as_f32, a), np.array(a, dtype=np.float32))
    same = run(asarray, a)
    assert_array_same(same, a)
    assert np.shares_memory(same, a)


@pytest.mark.numjit_only  # numba lacks or differs
def test_array_of_tuple_of_arrays():
    a, b = make_array((2, 3), np.float64, "F"), make_array((2, 3), np.int32, "C")
    assert_array_same(njit(array_of_arrays)(a, b), np.array((a, b)))


# --------------------------------------------------------------------------
# copies: np.copy, .copy(), .astype(), .ravel(), .flatten(), np.ascontiguousarray

def copies(a):
    return np.copy(a), a.copy(), a.flatten(), a.ravel(), np.ravel(a), np.ascontiguousarray(a)


SHAPES = [(), (0,), (5,), (0, 3), (3, 4), (2, 3, 4)]
COPY_CASES = ([(np.float64, shape, layout) for shape in SHAPES for layout in MAIN_LAYOUTS if shape or layout == "C"]
              + [(dtype, (3, 4), layout) for dtype in (np.int32, np.bool_) for layout in MAIN_LAYOUTS])


@pytest.mark.parametrize("dtype,shape,layout", COPY_CASES, ids=str)
def test_copies(dtype, shape, layout):
    a = make(shape, dtype, layout)
    got = run(copies, a)
    want = copies(a)
    for g, w in zip(got, want):
        assert_array_same(g, w)
        assert g.flags.c_contiguous == w.flags.c_contiguous       # np.copy keeps Fortran order
        assert g.flags.f_contiguous == w.flags.f_contiguous
    for g in got[:3]:
        assert not np.shares_memory(g, a) or a.size == 0
    if layout == "C" and a.size:
        assert np.shares_memory(got[3], a)               # ravel of a C array is a view
        assert np.shares_memory(got[5], a)


def test_copy_is_independent():
    def modify_copy(a):
        b = a.copy()
        b[0] = 99.0
        return b
    a = np.arange(4.0)
    assert njit(modify_copy)(a)[0] == 99.0 and a[0] == 0.0


def astype_all(a):
    return a.astype(np.float32), a.astype(np.float64), a.astype(np.int32), a.astype(np.int64), a.astype(np.bool_)


@pytest.mark.parametrize("dtype,layout", [(dtype, layout) for dtype in DTYPES for layout in ("C", "F")]
                         + [(np.float64, "strided"), (np.int32, "negstride")], ids=str)
def test_astype(dtype, layout):
    a = make_array((3, 4), dtype, layout)
    for g, w in zip(run(astype_all, a), astype_all(a)):
        assert_array_same(g, w)
        assert g.flags.c_contiguous == w.flags.c_contiguous       # order='K'


def test_astype_special_floats_to_float_and_bool():
    a = np.array([np.nan, np.inf, -np.inf, -0.0, 1.5])
    got = run(astype_all, a)
    assert_array_same(got[0], a.astype(np.float32))
    assert_array_same(got[4], a.astype(np.bool_))


def astype_expression(a):
    return (a * 2).astype(np.int64), (a + 1).copy()


def test_expression_methods():
    a = np.arange(6.0).reshape(2, 3)
    for g, w in zip(njit(astype_expression)(a), astype_expression(a)):
        assert_array_same(g, w)


# --------------------------------------------------------------------------
# reshape (a view), transpose/.T (views)

def reshapes(a):
    return a.reshape(3, 4), a.reshape((2, -1)), a.reshape(-1), np.reshape(a, (2, 2, 3)), a.reshape((12, 1))


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_reshape_is_a_view(dtype):
    a = make_array((2, 6), dtype, "C")
    for g, w in zip(run(reshapes, a), reshapes(a)):
        assert_array_same(g, w)
        assert np.shares_memory(g, a)


def reshape_and_write(a):
    b = a.reshape(-1)
    b[1] = 42
    return a


def test_reshape_writes_through():
    a = np.zeros((2, 3))
    assert njit(reshape_and_write)(a)[0, 1] == 42 and a[0, 1] == 42


def reshape_to(a, n, m):
    return a.reshape(n, m)


JIT_RESHAPE_TO = njit(reshape_to)


@pytest.mark.parametrize("n,m", [(5, 3), (-1, -1), (-1, 5), (0, -1), (-2, -3), (13, -1)])
def test_reshape_bad_shape_raises_value_error(n, m):
    with pytest.raises(ValueError):
        JIT_RESHAPE_TO(np.arange(12.0), n, m)
    with pytest.raises(ValueError):
        reshape_to(np.arange(12.0), n, m)


def test_reshape_empty_and_0d():
    assert_array_same(JIT_RESHAPE_TO(np.zeros(0), 0, 5), np.zeros((0, 5)))
    assert_array_same(JIT_RESHAPE_TO(np.zeros(0), 3, -1), np.zeros((3, 0)))

    def to_1(a):
        return a.reshape(1), a.reshape(())
    got = njit(to_1)(np.array(2.5))
    assert_array_same(got[0], np.array([2.5]))
    assert_array_same(got[1], np.array(2.5))


def reshape_noncontiguous(a):
    return a.reshape(-1), a.reshape(2, -1), np.reshape(a, (a.shape[-1], -1)), a.reshape((1, a.size))


@pytest.mark.numjit_only  # numba refuses to reshape non-contiguous arrays (it would need a copy)
@pytest.mark.parametrize("layout", ["F", "strided", "negstride", "transposed"])
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_reshape_of_noncontiguous_array_copies(dtype, layout):
    a = make_array((4, 6), dtype, layout)
    for g, w in zip(run(reshape_noncontiguous, a), reshape_noncontiguous(a)):
        assert_array_same(g, w)
        assert g.flags.c_contiguous and not np.shares_memory(g, a)
    assert_array_same(run(reshape_to, a, 3, -1), a.reshape(3, -1))


@pytest.mark.numjit_only  # numba refuses to reshape non-contiguous arrays
def test_reshape_of_noncontiguous_empty_and_errors():
    empty = np.zeros((0, 6))[:, ::2]
    for g, w in zip(run(reshape_noncontiguous, empty[:, :2]), reshape_noncontiguous(empty[:, :2])):
        assert_array_same(g, w)
    with pytest.raises(ValueError):
        njit(reshape_to)(np.zeros((4, 6))[:, ::2].T, 5, 3)


def reshape_runtime_contiguous(a, step):
    b = a[:, ::step].reshape(-1)  # typed non-contiguous; contiguous at run time when step == 1: a view
    b[0] = 99
    return a


@pytest.mark.numjit_only  # numba refuses to reshape non-contiguous arrays
def test_reshape_of_runtime_contiguous_array_is_a_view():
    a = np.zeros((3, 4))
    run(reshape_runtime_contiguous, a, 1)
    assert a[0, 0] == 99
    a = np.zeros((3, 4))
    run(reshape_runtime_contiguous, a, 2)              # a copy: the write stays in it
    assert a[0, 0] == 0
    f = np.asfortranarray(np.zeros((3, 4)))
    run(reshape_runtime_contiguous, f, 1)
    assert f[0, 0] == 0


def reshape_in_loop(a, n):
    total = 0.0
    for i in range(n):
        total += a.reshape(-1)[i % a.size]
    return total


@pytest.mark.numjit_only
def test_reshape_copy_in_a_loop_does_not_leak():
    a = make_array((4, 6), np.float64, "F")
    assert run(reshape_in_loop, a, 50) == reshape_in_loop(a, 50)


@pytest.mark.numjit_only  # numba lacks or differs
def test_reshape_of_contiguous_slice_is_allowed():
    def sliced(a):
        return a[::1].reshape(2, 3)                   # typed 'A' (a step was given) but contiguous
    a = np.arange(6.0)
    got = njit(sliced)(a)
    assert_array_same(got, a.reshape(2, 3))
    assert np.shares_memory(got, a)


def transposes(a):
    return a.T, a.transpose(), np.transpose(a)


@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
@pytest.mark.parametrize("shape", [(), (4,), (3, 4), (2, 3, 4), (0, 2)], ids=str)
def test_transpose_views(shape, layout):
    if not shape and layout != "C":
        pytest.skip("a 0-d array has one layout")
    a = make(shape, np.float64, layout)
    for g, w in zip(run(transposes, a), transposes(a)):
        assert_array_same(g, w)
        assert g.strides == w.strides or a.size == 0
        assert np.shares_memory(g, a) or a.size == 0


def transpose_axes(a):
    return a.transpose((1, 0, 2)), a.transpose(2, 0, 1), np.transpose(a, (0, 2, 1)), a.transpose(-1, 0, 1)


def test_transpose_with_axes():
    a = make_array((2, 3, 4), np.int32, "strided")
    for g, w in zip(njit(transpose_axes)(a), transpose_axes(a)):
        assert_array_same(g, w)


def test_transpose_repeated_axis_raises():
    def bad(a, i):
        return a.transpose(i, 0)
    with pytest.raises(ValueError):
        njit(bad)(np.zeros((2, 3)), 0)


def transpose_and_write(a):
    a.T[1, 0] = 7.0
    return a


def test_transpose_writes_through():
    a = np.zeros((2, 3))
    njit(transpose_and_write)(a)
    assert a[0, 1] == 7.0


def expression_views(a):
    return (a + 1).T, (a * 2).reshape(-1), np.transpose(a - 1)


@pytest.mark.numjit_only  # numba lacks or differs
def test_views_of_expressions():
    a = make_array((2, 3), np.float64, "F")
    for g, w in zip(njit(expression_views)(a), expression_views(a)):
        assert_array_same(g, w)


def view_of_local():
    return np.arange(6.0).reshape(2, 3).T      # the view keeps its (local) base alive


def test_view_of_local_array_survives():
    got = njit(view_of_local)()
    import gc
    gc.collect()
    assert_array_same(got, view_of_local())


# --------------------------------------------------------------------------
# np.concatenate / np.stack

def concat(a, b):
    return np.concatenate((a, b))


def concat_axis(a, b, axis):
    return np.concatenate((a, b, a), axis=axis)


def stack(a, b):
    return np.stack((a, b))


def stack_axis(a, b, axis):
    return np.stack((a, b), axis=axis)


@pytest.mark.parametrize("da,db", [(np.float64, np.float64), (np.int32, np.float32), (np.bool_, np.int64)],
                         ids=str)
def test_concatenate_1d(da, db):
    a, b = make_array((4,), da, "C"), make_array((3,), db, "negstride")
    assert_array_same(run(concat, a, b), concat(a, b))
    assert_array_same(run(concat, a[:0], b), concat(a[:0], b))


@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
@pytest.mark.parametrize("axis", [0, 1, -1, -2])
def test_concatenate_2d(axis, layout):
    a, b = make_array((3, 3), np.float64, layout), make_array((3, 3), np.float64, "C", seed=1)
    assert_array_same(run(concat_axis, a, b, axis), concat_axis(a, b, axis))


def test_concatenate_errors():
    with pytest.raises(ValueError):
        run(concat_axis, np.zeros((2, 3)), np.zeros((3, 3)), 1)
    with pytest.raises((ValueError, IndexError)):     # numpy.exceptions.AxisError is both
        run(concat_axis, np.zeros((2, 3)), np.zeros((2, 3)), 2)
    with pytest.raises(TypingError):
        njit(concat)(np.zeros(3), np.zeros((1, 3)))


@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_stack(axis, layout):
    a, b = make_array((2, 3), np.float64, layout), make_array((2, 3), np.float64, "C", seed=1)
    assert_array_same(run(stack_axis, a, b, axis), stack_axis(a, b, axis))


def test_stack_mixed_dtypes_and_0d():
    a, b = make_array((3,), np.int32, "C"), make_array((3,), np.float32, "C")
    assert_array_same(run(stack, a, b), stack(a, b))
    assert_array_same(njit(stack)(np.array(1.0), np.array(2.0)), stack(np.array(1.0), np.array(2.0)))
    with pytest.raises(ValueError):
        run(stack, a, b[:2])


# --------------------------------------------------------------------------
# dtype arguments and comparisons

def dtype_args(n):
    return (np.empty(n, np.int64).dtype == np.int64, np.zeros((n, 2), np.float32), np.ones(n, dtype=np.int32),
            np.full(n, 3, np.int64), np.zeros(n, np.bool_))


@pytest.mark.numjit_only  # numba lacks or differs
def test_dtype_arguments():
    got, want = njit(dtype_args)(3), dtype_args(3)
    assert got[0] is True
    for g, w in zip(got[1:], want[1:]):
        assert_array_same(g, w)


def dtype_checks(a):
    return a.dtype == np.float32, a.dtype == np.float64, a.dtype != np.int32, a.dtype == np.bool_


@pytest.mark.numjit_only  # numba lacks or differs
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_dtype_comparisons(dtype):
    a = np.zeros(2, dtype)
    assert run(dtype_checks, a) == dtype_checks(a)


# --------------------------------------------------------------------------
# bad input names itself

@pytest.mark.numjit_only
def test_unsupported_numpy_function_is_named():
    def uses_gradient(a):
        return np.gradient(a)
    with pytest.raises(UnsupportedError, match=r"np\.gradient") as info:
        njit(uses_gradient)(np.zeros(3))
    assert "uses_gradient" in str(info.value) and "test_numpy_creation.py" in str(info.value)


@pytest.mark.numjit_only
def test_unsupported_keyword_is_named():
    def bad_keyword(a):
        return np.median(a, where=a > 0)       # (NumPy's median has no where= either)
    with pytest.raises(TypingError, match="'where'") as info:
        njit(bad_keyword)(np.zeros(3))
    assert "np.median()" in str(info.value) and "bad_keyword" in str(info.value)


# --------------------------------------------------------------------------
# np.empty/zeros/ones/full and their *_like forms

def filled(n, m, v):
    return np.zeros(n), np.ones((n, m)), np.full((n, m), v), np.full(n, v, np.float32), np.zeros((n, m), dtype=np.int32)


def filled_like(a, v):
    return (np.zeros_like(a), np.ones_like(a), np.full_like(a, v), np.full_like(a, v, np.float32),
            np.ones_like(a, dtype=np.int64), np.full_like(a, fill_value=v), np.empty_like(a).shape)


@pytest.mark.parametrize("n,m", [(3, 2), (0, 4), (1, 0)])
@pytest.mark.parametrize("v", [2.5, 7, True])
def test_filled_arrays(n, m, v):
    for g, w in zip(run(filled, n, m, v), filled(n, m, v)):
        assert_array_same(g, w)


@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("v", [2.5, -3])
def test_filled_like(dtype, layout, v):
    a = make((3, 4), dtype, layout)
    got, want = run(filled_like, a, v), filled_like(a, v)
    assert got[-1] == want[-1]
    for g, w in zip(got[:-1], want[:-1]):
        np.testing.assert_array_equal(g, w)
        assert g.dtype == w.dtype and g.shape == w.shape


def nested_mixed_literal(x):
    return np.array([[1.0, 2], [3, x]]), np.array([[1, 2], [3, 4]]), np.array([[x, 2.5], [3, 4]])


@pytest.mark.parametrize("x", [4, 4.5])
def test_array_of_nested_literals_mixing_ints_and_floats(x):
    for got, want in zip(run(nested_mixed_literal, x), nested_mixed_literal(x)):
        assert_array_same(got, want)
