"""Array expressions compiled vs. NumPy on the same inputs: the binary operators and comparisons
between arrays and with Python scalars over dtypes (NumPy's result dtypes, Python scalars weak),
unary - ~ abs, layouts (C, F, strided, negative strides, transposed), 0-d and empty arrays,
broadcasting and its errors, NumPy's elementwise functions with NaN/inf/-0.0, fused chains (one
allocation), in-place operators on arrays and overlapping views, and reductions of expressions.

Where NumPy raises, the compiled call must raise too (a TypingError at compile time, or NumPy's
own error type at run time).
"""
import math

import numpy as np
import pytest

from helpers import LAYOUTS, assert_array_same, assert_same, dtype_id, make_array, python_kind, run_compiled
from impl import TypingError, allocation_stats

DTYPES = [np.float32, np.float64, np.int8, np.int32, np.int64, np.uint8, np.uint64, np.bool_]
run = run_compiled


# --------------------------------------------------------------------------
# kernels: one operator family each (NumPy raises for a family as a whole or not at all)

def add_mul(a, b):
    return a + b, a * b


def sub(a, b):
    return a - b


def divide(a, b):
    return a / b, a // b, a % b


def power(a, b):
    return a ** b


def bitwise(a, b):
    return a & b, a | b, a ^ b


def shifts(a, b):
    return a << b, a >> b


def compare(a, b):
    return a < b, a <= b, a > b, a >= b, a == b, a != b


def add_mul_scalar(a, s):
    return a + s, s + a, a * s, s * a


def sub_scalar(a, s):
    return a - s, s - a


def divide_scalar(a, s):
    return a / s, s / a, a // s, s // a, a % s, s % a


def power_scalar(a, s):
    return a ** s, s ** a


def bitwise_scalar(a, s):
    return a & s, s | a, a ^ s


def shifts_scalar(a, s):
    return a << s, a >> s


def compare_scalar(a, s):
    return a < s, s <= a, a > s, s >= a, a == s, s != a


def negate(a):
    return -a


def invert(a):
    return ~a


def absolute(a):
    return abs(a)


BINARY = [add_mul, sub, divide, power, bitwise, shifts, compare]
SCALAR = [add_mul_scalar, sub_scalar, divide_scalar, power_scalar, bitwise_scalar, shifts_scalar,
          compare_scalar]


def operands(func, a, b):
    """Inputs for which NumPy defines every element: no division by zero, no negative integer
    powers, shift counts inside the type's width (those cases have tests of their own)."""
    if func in (divide, divide_scalar) and b.dtype.kind in "iub":
        b = np.where(b == 0, 1, b).astype(b.dtype)
    if func in (divide, divide_scalar) and a.dtype.kind in "iub":
        a = np.where(a == 0, 1, a).astype(a.dtype)     # s // a, s % a
    if func in (power, shifts) and b.dtype.kind in "iu":
        b = (b.astype(np.int64) % 5).astype(b.dtype)
    if func in (power_scalar,) and a.dtype.kind in "iu":
        a = (a.astype(np.int64) % 5).astype(a.dtype)
    return a, b


def check(func, *args, rtol=0.0):
    """func(*args) compiled equals NumPy's (values and dtypes), or both raise."""
    try:
        with np.errstate(all="ignore"):
            want = func(*args)
    except Exception as exc:  # noqa: BLE001 - whatever NumPy raises, compiled code must raise
        with pytest.raises((TypingError, type(exc))):
            run(func, *args)
        return
    got = run(func, *args)
    if not isinstance(want, tuple):
        got, want = (got,), (want,)
    assert isinstance(got, tuple) and len(got) == len(want)
    for g, w in zip(got, want):
        assert_array_same(g, w, rtol=rtol)


def pair_id(pair):
    return "-".join(np.dtype(d).name for d in pair)


# every dtype pair for the families whose dtypes only come from promotion; the families with
# per-type code see each dtype with itself and the mixes that promote across kinds
ALL_PAIRS = [(d1, d2) for d1 in DTYPES for d2 in DTYPES]
SOME_PAIRS = [(d, d) for d in DTYPES] + [
    (np.int8, np.uint8), (np.int64, np.uint64), (np.uint8, np.int32), (np.int32, np.float32),
    (np.uint8, np.float64), (np.bool_, np.int32), (np.float32, np.bool_), (np.uint64, np.float32)]


@pytest.mark.parametrize("pair", ALL_PAIRS, ids=pair_id)
def test_binary_all_dtype_pairs(pair):
    func = add_mul
    a, b = operands(func, make_array((3, 4), pair[0]), make_array((3, 4), pair[1], seed=1))
    check(func, a, b)


@pytest.mark.parametrize("pair", SOME_PAIRS, ids=pair_id)
@pytest.mark.parametrize("func", [sub, divide, power, bitwise, shifts, compare])
def test_binary_operators(func, pair):
    a, b = operands(func, make_array((3, 4), pair[0]), make_array((3, 4), pair[1], seed=1))
    check(func, a, b, rtol=1e-6 if func is power else 0.0)


@pytest.mark.parametrize("scalar", [3, 2.5], ids=["int", "float"])
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("func", SCALAR)
def test_array_with_python_scalar(func, dtype, scalar):
    a, _ = operands(func, make_array((2, 5), dtype, "F"), np.ones(1))
    check(func, a, scalar, rtol=1e-6 if func is power_scalar else 0.0)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("func", [negate, invert, absolute])
def test_unary_operators(func, dtype):
    check(func, make_array((4, 3), dtype, "strided"))


def test_unary_edge_values():
    for a in (np.array([-128, 127, 0, -1], np.int8), np.array([0, 1, 255], np.uint8),
              np.array([np.iinfo(np.int64).min, -5, 7]), np.array([-0.0, 0.0, np.nan, -np.inf])):
        for func in (negate, absolute):
            check(func, a)
    check(invert, np.array([0, 1, 255], np.uint8))
    check(invert, np.array([True, False]))           # logical not, not Python's ~True == -2


def test_integer_division_by_zero_is_zero():
    a = np.array([7, -7, 0, np.iinfo(np.int64).min])
    check(divide, a, np.zeros(4, np.int64))
    check(divide, a, np.array([2, -2, -1, -1]))      # floor rounding, INT_MIN // -1 wraps
    check(divide, np.array([5, 0, 200], np.uint8), np.array([0, 0, 7], np.uint8))


def test_float_division_special_values():
    a = np.array([1.0, -1.0, 0.0, np.inf, -np.inf, np.nan, 5.5, -5.5])
    b = np.array([0.0, -0.0, 0.0, 2.0, np.inf, 1.0, -np.inf, np.inf])
    check(divide, a, b)
    check(divide, a.astype(np.float32), b.astype(np.float32))


def test_shift_counts_at_and_past_the_width():
    check(shifts, np.array([1, 2, -3], np.int8), np.array([7, 8, 9], np.int8))
    check(shifts, np.array([1, -2, -1], np.int64), np.array([63, 64, 100]))
    check(shifts, np.array([1, 200], np.uint8), np.array([8, 9], np.uint8))


def test_integer_to_negative_power_raises():
    with pytest.raises(ValueError):
        power(np.array([2, 3]), np.array([1, -1]))
    with pytest.raises(ValueError):
        run(power, np.array([2, 3]), np.array([1, -1]))
    with pytest.raises(ValueError):
        run(power, np.array([2, 3], np.int8), -1)
    assert_array_same(run(power, np.array([2, 3]), np.array([1, 0])), power(np.array([2, 3]), np.array([1, 0])))


def test_python_int_out_of_range_for_dtype_raises():
    for a, s in ((np.ones(3, np.int8), 300), (np.ones(3, np.uint8), -1)):
        with pytest.raises(OverflowError):
            add_mul_scalar(a, s)
        with pytest.raises(OverflowError):
            run(add_mul_scalar, a, s)


# --------------------------------------------------------------------------
# layouts, 0-d, empty, broadcasting

LAYOUT_CASES = [(np.float64, layout, shape) for layout in LAYOUTS for shape in ((3, 4), (2, 3, 4))] + [
    (np.int32, layout, (3, 4)) for layout in LAYOUTS]


@pytest.mark.parametrize("dtype, layout, shape", LAYOUT_CASES,
                         ids=[f"{np.dtype(d).name}-{lay}-{len(s)}d" for d, lay, s in LAYOUT_CASES])
def test_layouts(dtype, layout, shape):
    a = make_array(shape, dtype, layout)
    for b in (make_array(shape, dtype, "C", seed=2), make_array(shape, dtype, layout, seed=3)):
        check(add_mul, a, b)
        check(compare, b, a)
        check(divide, *operands(divide, a, b))
    check(negate, a)


def test_zero_dimensional_arrays():
    a, b = np.array(2.5), np.array(-3)
    check(add_mul, a, b)
    check(divide, a, b)
    check(compare, a, b)
    check(add_mul, a, make_array((2, 3), np.float32))    # 0-d broadcasts like a scalar
    check(scalars_in_arrays, np.array(7, np.int8), 3)   # int8 scalars (boxed as Python ints)
    check(negate, np.array(np.nan))


def scalars_in_arrays(a, s):
    """add_mul_scalar's results, which are NumPy scalars for a 0-d `a`, each in a 1-item array
    that keeps its dtype."""
    return tuple(np.full(1, x) for x in add_mul_scalar(a, s))


@pytest.mark.parametrize("shapes", [((0,), (0,)), ((0, 3), (3,)), ((3, 0), (3, 0)), ((0, 3), (1, 3)),
                                    ((2, 0, 4), (4,))], ids=str)
def test_empty_arrays(shapes):
    a = np.ones(shapes[0], np.float32)
    b = np.ones(shapes[1], np.int64)
    check(add_mul, a, b)
    check(compare, a, b)
    check(add_mul_scalar, b, 2.5)


BROADCASTS = [((3, 1), (1, 4)), ((5, 4), (4,)), ((4,), (5, 4)), ((5, 1), (5, 4)), ((2, 1, 3), (4, 1)),
              ((1,), (6,)), ((), (2, 3)), ((2, 3), ())]


@pytest.mark.parametrize("shapes", BROADCASTS, ids=str)
def test_broadcasting(shapes):
    a = make_array(shapes[0], np.float64, "C") if shapes[0] else np.array(1.5)
    b = make_array(shapes[1], np.int64, "C", seed=4) if shapes[1] else np.array(-2)
    check(add_mul, a, b)
    check(compare, a, b)
    check(divide, a, b)


@pytest.mark.parametrize("layout", ["F", "negstride", "transposed"])
def test_broadcasting_with_layouts(layout):
    a = make_array((5, 4), np.float32, layout)
    check(add_mul, a, make_array((4,), np.float32, "negstride"))
    check(add_mul, make_array((5, 1), np.int8, layout), make_array((1, 4), np.float32, layout))
    check(add_mul_scalar, make_array((3, 2), np.float64, layout), 2)


@pytest.mark.parametrize("shapes", [((3,), (4,)), ((3, 4), (4, 3)), ((2, 3), (3, 2)), ((5, 4), (5,)),
                                    ((0,), (2,)), ((2, 1, 3), (2, 4, 2, 3))], ids=str)
def test_shape_mismatch_raises_value_error(shapes):
    a, b = np.ones(shapes[0]), np.ones(shapes[1])
    with pytest.raises(ValueError):
        add_mul(a, b)
    with pytest.raises(ValueError):
        run(add_mul, a, b)
    with pytest.raises(ValueError):
        run(compare, a, b)


# --------------------------------------------------------------------------
# NumPy functions

def _unary_kernel(name):
    return globals()["np_" + name]


def np_exp(a): return np.exp(a)                       # noqa: E704
def np_log(a): return np.log(a)                       # noqa: E704
def np_log2(a): return np.log2(a)                     # noqa: E704
def np_log10(a): return np.log10(a)                   # noqa: E704
def np_sqrt(a): return np.sqrt(a)                     # noqa: E704
def np_sin(a): return np.sin(a)                       # noqa: E704
def np_cos(a): return np.cos(a)                       # noqa: E704
def np_tan(a): return np.tan(a)                       # noqa: E704
def np_arcsin(a): return np.arcsin(a)                 # noqa: E704
def np_arctan(a): return np.arctan(a)                 # noqa: E704
def np_sinh(a): return np.sinh(a)                     # noqa: E704
def np_cosh(a): return np.cosh(a)                     # noqa: E704
def np_tanh(a): return np.tanh(a)                     # noqa: E704
def np_expm1(a): return np.expm1(a)                   # noqa: E704
def np_log1p(a): return np.log1p(a)                   # noqa: E704
def np_abs(a): return np.abs(a)                       # noqa: E704
def np_absolute(a): return np.absolute(a)             # noqa: E704
def np_negative(a): return np.negative(a)             # noqa: E704
def np_floor(a): return np.floor(a)                   # noqa: E704
def np_ceil(a): return np.ceil(a)                     # noqa: E704
def np_trunc(a): return np.trunc(a)                   # noqa: E704
def np_rint(a): return np.rint(a)                     # noqa: E704
def np_sign(a): return np.sign(a)                     # noqa: E704
def np_square(a): return np.square(a)                 # noqa: E704
def np_isnan(a): return np.isnan(a)                   # noqa: E704
def np_isinf(a): return np.isinf(a)                   # noqa: E704
def np_isfinite(a): return np.isfinite(a)             # noqa: E704
def np_logical_not(a): return np.logical_not(a)       # noqa: E704
def np_deg2rad(a): return np.deg2rad(a)               # noqa: E704
def np_arctan2(a, b): return np.arctan2(a, b)         # noqa: E704
def np_hypot(a, b): return np.hypot(a, b)             # noqa: E704
def np_minimum(a, b): return np.minimum(a, b)         # noqa: E704
def np_maximum(a, b): return np.maximum(a, b)         # noqa: E704
def np_fmin(a, b): return np.fmin(a, b)               # noqa: E704
def np_fmax(a, b): return np.fmax(a, b)               # noqa: E704
def np_logical_and(a, b): return np.logical_and(a, b)  # noqa: E704
def np_logical_or(a, b): return np.logical_or(a, b)   # noqa: E704
def np_copysign(a, b): return np.copysign(a, b)       # noqa: E704


TRANSCENDENTAL = ["exp", "log", "log2", "log10", "sin", "cos", "tan", "arcsin", "arctan", "sinh", "cosh",
                  "tanh", "expm1", "log1p", "deg2rad", "arctan2", "hypot"]
EXACT = ["sqrt", "abs", "absolute", "negative", "floor", "ceil", "trunc", "rint", "sign", "square",
         "isnan", "isinf", "isfinite", "logical_not", "minimum", "maximum", "fmin", "fmax", "logical_and",
         "logical_or", "copysign"]
BINARY_FUNCS = {"arctan2", "hypot", "minimum", "maximum", "fmin", "fmax", "logical_and", "logical_or",
                "copysign"}
# TypingError "no implementation of np.floor() for argument types (float64[::1])": the scalar
# implementations behind these names are missing (scalars fail the same way)
def function_param(name):
    return pytest.param(name, id=name)


SPECIAL = [np.nan, np.inf, -np.inf, -0.0, 0.0, 0.5, -0.5, 1.0, -1.0, 2.5, -2.5, 3.5, 1e-20, -1e-300,
           100.0, -700.0, 710.0, 1e300]


def function_inputs(name, dtype):
    if np.dtype(dtype).kind == "f":
        with np.errstate(all="ignore"):
            a = np.array(SPECIAL).astype(dtype)
        b = np.roll(a, 5)
    else:
        a = np.array([-7, -1, 0, 1, 2, 5, 100], dtype)
        b = np.roll(a, 3)
    return (a, b) if name in BINARY_FUNCS else (a,)


def assert_signed_zeros_same(got, want):
    got, want = np.asarray(got), np.asarray(want)
    if want.dtype.kind == "f":
        zeros = want == 0
        assert np.array_equal(np.signbit(got[zeros]), np.signbit(want[zeros])), (got, want)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32], ids=dtype_id)
@pytest.mark.parametrize("name", [function_param(n) for n in TRANSCENDENTAL + EXACT])
def test_numpy_functions(name, dtype):
    func = _unary_kernel(name)
    args = function_inputs(name, dtype)
    with np.errstate(all="ignore"):
        want = func(*args)
    got = run(func, *args)
    rtol = 0.0
    if name in TRANSCENDENTAL:
        rtol = 2e-6 if np.asarray(want).dtype == np.float32 else 4e-15
    assert_array_same(got, want, rtol=rtol)
    assert_signed_zeros_same(got, want)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_numpy_functions_layouts_and_broadcasting(layout):
    a = make_array((4, 3), np.float64, layout)
    b = make_array((3,), np.float64, "negstride", seed=2)
    with np.errstate(all="ignore"):
        for func, args in ((np_exp, (a,)), (np_sqrt, (a,)), (np_arctan2, (a, b)), (np_hypot, (b, a)),
                           (np_copysign, (a, -1.0)), (np_isnan, (np.sqrt(a),))):
            assert_array_same(run(func, *args), func(*args), rtol=4e-15)


def numpy_of_expression(a):
    return np.sqrt(np.abs(a) + 1.0) * np.sin(a) - np.log1p(np.abs(a)) / 3


def test_numpy_functions_of_expressions():
    a = make_array((30,), np.float64, "strided")
    assert_array_same(run(numpy_of_expression, a), numpy_of_expression(a), rtol=4e-15)


# --------------------------------------------------------------------------
# fused chains: one loop, one allocation (the result)

def chain(a, b):
    return np.exp(-a) / (1.0 + b) - np.sqrt(a) * 2


@pytest.mark.parametrize("shapes", [((1000,), (1000,)), ((40, 30), (40, 30)), ((40, 30), (30,)),
                                    ((40, 30), (40, 1))], ids=str)
@pytest.mark.parametrize("layout", ["C", "F", "negstride"])
def test_chain_allocates_only_its_result(layout, shapes):
    a = np.abs(make_array(shapes[0], np.float64, layout))
    b = np.abs(make_array(shapes[1], np.float64, layout, seed=1))
    want = chain(a, b)
    run(chain, a, b)                                   # compile outside the measured call
    allocs0, frees0 = allocation_stats()
    got = run(chain, a, b)
    allocs1, _ = allocation_stats()
    assert allocs1 - allocs0 == 1
    assert_array_same(got, want, rtol=4e-15)


def test_chain_with_nan_and_float32():
    a = np.array([np.nan, np.inf, 0.0, -0.0, 1.0, 4.0, -1.0], np.float32)
    b = np.array([1.0, -1.0, np.inf, 2.0, -np.inf, np.nan, 0.0], np.float32)
    with np.errstate(all="ignore"):
        want = chain(a, b)
    assert_array_same(run(chain, a, b), want, rtol=2e-6)


# --------------------------------------------------------------------------
# in-place operators

def iadd(a, b):
    a += b
    return a


def isub(a, b):
    a -= b
    return a


def imul(a, b):
    a *= b
    return a


def idiv(a, b):
    a /= b
    return a


def shift_add_right(a):
    a[1:] += a[:-1]
    return a


def shift_add_left(a):
    a[:-1] += a[1:]
    return a


def reverse_add(a):
    a[::-1] += a
    return a


def add_transpose(a):
    a += a.T
    return a


def rows_add(a):
    a[1:, :] -= a[:-1, :]
    return a


def column_add(a):
    a[:, 0] *= 2
    return a


INPLACE = [iadd, isub, imul, idiv]


def check_inplace(func, spec, *args):
    """func mutates `spec` compiled and in NumPy: equal arrays afterwards, or both raise.
    spec: an array (copied) or (shape, dtype, layout) for two make_array() twins."""
    if isinstance(spec, np.ndarray):
        want, got = spec.copy(), spec.copy()
    else:
        want, got = make_array(*spec), make_array(*spec)
    try:
        with np.errstate(all="ignore"):
            func(want, *args)
    except Exception as exc:  # noqa: BLE001 - whatever NumPy raises, compiled code must raise
        with pytest.raises((TypingError, type(exc))):
            run(func, got, *args)
        return
    result = run(func, got, *args)
    assert_array_same(got, want)
    assert_array_same(result, want)


# int /= int is in test_int_array_inplace_with_float_raises
INPLACE_CASES = [pytest.param(f, d, id=f"{f.__name__}-{np.dtype(d).name}")
                 for f in INPLACE for d in (np.float64, np.float32, np.int64) if (f, d) != (idiv, np.int64)]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("func, dtype", INPLACE_CASES)
def test_inplace_with_arrays_and_scalars(func, dtype, layout):
    spec = ((4, 3), dtype, layout)
    b = make_array((4, 3), dtype, "C", seed=1)
    if np.dtype(dtype).kind == "i":
        b = np.where(b == 0, 3, b).astype(dtype)
    check_inplace(func, spec, b)
    check_inplace(func, spec, 3)
    check_inplace(func, spec, b[0])                    # a row broadcast over the rows
    check_inplace(func, spec, b[:, :1])                # a column broadcast over the columns


@pytest.mark.parametrize("func", [shift_add_right, shift_add_left, reverse_add])
@pytest.mark.parametrize("dtype", [np.float64, np.int32], ids=dtype_id)
def test_inplace_on_overlapping_views(func, dtype):
    for layout in ("C", "strided", "negstride"):
        check_inplace(func, ((9,), dtype, layout))


@pytest.mark.parametrize("layout", ["C", "F", "negstride"])
def test_inplace_on_overlapping_2d_views(layout):
    spec = ((4, 4), np.float64, layout)
    check_inplace(add_transpose, spec)
    check_inplace(rows_add, spec)
    check_inplace(column_add, spec)


def test_inplace_smaller_dtype_wraps_as_numpy():
    check_inplace(iadd, np.array([100, -100, 5], np.int8), np.array([100, -100, 1000]))
    check_inplace(imul, np.array([1.5, 2.5], np.float32), np.array([1e300, 2.0]))


def test_inplace_output_must_not_broadcast():
    for a, b in ((np.ones(3), np.ones((2, 3))), (np.ones((3, 1)), np.ones((3, 4)))):
        with pytest.raises(ValueError):
            iadd(a.copy(), b)
        with pytest.raises((ValueError, TypingError)):  # ndim known when compiling
            run(iadd, a.copy(), b)


@pytest.mark.parametrize("func, value", [(iadd, 1.5), (iadd, np.array([0.5, 1.5, 2.5])), (isub, 0.25),
                                         (idiv, 2)], ids=["iadd-float", "iadd-float-array", "isub-float",
                                                          "idiv-int"])
def test_int_array_inplace_with_float_raises(func, value):
    with pytest.raises(TypeError):                     # numpy's UFuncTypeError
        func(np.arange(3), value)
    with pytest.raises((TypingError, TypeError)):
        run(func, np.arange(3), value)


# --------------------------------------------------------------------------
# reductions of expressions

def sum_of_product(a, b):
    return np.sum(a * b)


def count_positive(a):
    return (a > 0).sum()


def mean_of_difference(a, b):
    return np.mean(a - b)


def method_sum_of_expression(a, b):
    return (a * 2 + b).sum()


def max_of_expression(a, b):
    return np.max(np.abs(a - b))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int32, np.uint8, np.bool_], ids=dtype_id)
def test_reductions_of_expressions(dtype, layout):
    a = make_array((6, 5), dtype, layout)
    b = make_array((6, 5), dtype, "C", seed=1)
    for func, args in ((sum_of_product, (a, b)), (count_positive, (a,)), (mean_of_difference, (a, b)),
                       (method_sum_of_expression, (a, b)), (max_of_expression, (a, b))):
        try:
            with np.errstate(all="ignore"):
                want = func(*args)
        except TypeError:                              # bool - bool
            with pytest.raises((TypingError, TypeError)):
                run(func, *args)
            continue
        got = run(func, *args)
        rtol = {"float32": 1e-5, "float64": 1e-12}.get(np.asarray(want).dtype.name, 0.0)
        assert_same(got, want, rtol=rtol, kind=python_kind(np.asarray(want).dtype), msg=func.__name__)


def test_reduction_of_expression_allocates_nothing_lasting():
    a, b = make_array((50, 40), np.float64, "F"), make_array((50, 40), np.float64, "C", seed=1)
    run(sum_of_product, a, b)
    allocs0, frees0 = allocation_stats()
    got = run(sum_of_product, a, b)
    allocs1, frees1 = allocation_stats()
    assert allocs1 - allocs0 == frees1 - frees0
    assert math.isclose(got, np.sum(a * b), rel_tol=1e-12)


def test_reductions_of_expressions_with_nan_and_empty():
    a = np.array([1.0, np.nan, 2.0])
    assert math.isnan(run(sum_of_product, a, a))
    assert run(count_positive, a) == count_positive(a)
    e = np.empty((0, 3))
    assert run(sum_of_product, e, e) == 0.0
    assert run(count_positive, e) == 0
    with np.errstate(all="ignore"):
        assert math.isnan(run(mean_of_difference, e, e))
