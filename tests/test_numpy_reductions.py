"""Reductions compiled vs. NumPy: `axis=` forms of sum, prod, min, max, mean, argmin,
argmax (functions and methods), np.var/np.std, np.cumsum/np.cumprod, np.dot and `@`.

Over dtypes (float32/64, int32/64, bool), layouts (C, F, strided, negative strides),
1-D/2-D/3-D, empty arrays and NaN/inf.
"""
import warnings

import numpy as np
import pytest

from helpers import assert_array_same, dtype_id, make_array, run_compiled
from impl import TypingError, njit

DTYPES = [np.float32, np.float64, np.int32, np.int64, np.bool_]
MAIN_LAYOUTS = ["C", "F", "strided", "negstride"]

run = run_compiled


def rtol_for(*arrays):
    """float32 results are summed in another order than NumPy's pairwise sum."""
    return 1e-5 if any(np.asarray(a).dtype == np.float32 for a in arrays) else 1e-12


def check(got, want, rtol=0.0):
    if isinstance(want, np.ndarray):
        assert_array_same(got, want, rtol=rtol)
    else:
        want = want.item() if isinstance(want, np.generic) else want
        assert type(got) is type(want) or isinstance(got, (int, float, bool)), (got, want)
        if rtol and isinstance(want, float):
            assert np.isclose(got, want, rtol=rtol, equal_nan=True), (got, want)
        else:
            assert got == want or (got != got and want != want), (got, want)


# --------------------------------------------------------------------------
# axis= reductions

def sum_axis(a, axis):
    return np.sum(a, axis=axis)


def prod_axis(a, axis):
    return np.prod(a, axis=axis)


def min_axis(a, axis):
    return np.min(a, axis=axis)


def max_axis(a, axis):
    return np.max(a, axis=axis)


def mean_axis(a, axis):
    return np.mean(a, axis=axis)


def argmin_axis(a, axis):
    return np.argmin(a, axis=axis)


def argmax_axis(a, axis):
    return np.argmax(a, axis=axis)


AXIS_FUNCS = [sum_axis, prod_axis, min_axis, max_axis, mean_axis, argmin_axis, argmax_axis]
# numba has no axis= for these (numjit adds them)
NUMBA_LACKS = {prod_axis, min_axis, max_axis, mean_axis}


def axis_param(funcs):
    return [pytest.param(f, id=f.__name__, marks=[pytest.mark.numjit_only] if f in NUMBA_LACKS else [])
            for f in funcs]


# every dtype in C layout; negative strides, F and plain strided for some
DTYPE_LAYOUTS = ([(dtype, "C") for dtype in DTYPES]
                 + [(dtype, "negstride") for dtype in (np.float64, np.int32, np.bool_)]
                 + [(np.float64, "F"), (np.float32, "strided")])


@pytest.mark.parametrize("dtype,layout", DTYPE_LAYOUTS, ids=lambda x: x if isinstance(x, str) else dtype_id(x))
@pytest.mark.parametrize("func", axis_param(AXIS_FUNCS))
def test_axis_reductions_2d(func, dtype, layout):
    a = make_array((3, 4), dtype, layout)
    if func is prod_axis and dtype != np.bool_:
        a = a % 5 + (a == 0)                          # small factors, no zeros: products stay exact
    for axis in (0, 1, -1, -2):
        check(run(func, a, axis), func(a, axis), rtol_for(a))


@pytest.mark.parametrize("layout", ["C", "negstride"])
@pytest.mark.parametrize("func", axis_param(AXIS_FUNCS))
def test_axis_reductions_3d(func, layout):
    a = make_array((2, 3, 4), np.float64, layout)
    for axis in (0, 1, 2, -1):
        check(run(func, a, axis), func(a, axis), 1e-12)


@pytest.mark.parametrize("func", axis_param(AXIS_FUNCS))
def test_axis_reductions_1d_give_scalars(func):
    a = make_array((5,), np.int64, "strided")
    for axis in (0, -1):
        check(run(func, a, axis), func(a, axis))


@pytest.mark.parametrize("func", axis_param(AXIS_FUNCS))
def test_axis_out_of_range(func):
    a = np.ones((2, 3))
    for axis in (2, -3):
        with pytest.raises(ValueError):               # numpy.exceptions.AxisError is a ValueError
            run(func, a, axis)


@pytest.mark.parametrize("func", axis_param(AXIS_FUNCS))
def test_axis_reductions_nan_inf(func):
    a = np.array([[1.0, np.nan, 3.0], [np.inf, -np.inf, 2.0], [0.5, -1.0, np.nan]])
    for axis in (0, 1):
        with np.errstate(invalid="ignore"):
            want = func(a, axis)
        check(run(func, a, axis), want)


@pytest.mark.numjit_only  # numba deviates from NumPy here
@pytest.mark.parametrize("func", axis_param(AXIS_FUNCS))
def test_axis_reductions_empty(func):
    for shape, axis in (((0, 3), 1), ((3, 0), 0), ((0, 3), 0), ((3, 0), 1)):
        a = np.zeros(shape)
        try:
            with np.errstate(all="ignore"):
                import warnings
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    want = func(a, axis)
        except ValueError:
            with pytest.raises(ValueError):
                run(func, a, axis)
            continue
        check(run(func, a, axis), want)


def methods(a):
    return (a.sum(axis=0), a.prod(axis=1), a.min(axis=0), a.max(axis=-1), a.mean(axis=1),
            a.argmin(axis=0), a.argmax(axis=1), a.sum(0), np.amax(a, axis=0), np.sum(a, axis=None))


@pytest.mark.numjit_only
@pytest.mark.parametrize("layout", ["C", "F"])
def test_methods_and_aliases(layout):
    a = make_array((3, 4), np.float64, layout)
    for g, w in zip(run(methods, a), methods(a)):
        check(g, w, 1e-12)


def axis_of_expression(a, b):
    return np.sum(a * b, axis=0), (a - b).max(axis=1)


@pytest.mark.numjit_only
def test_axis_reduction_of_expression():
    a, b = make_array((3, 4), np.float64, "C"), make_array((3, 4), np.float64, "F", seed=1)
    for g, w in zip(run(axis_of_expression, a, b), axis_of_expression(a, b)):
        check(g, w, 1e-12)


@pytest.mark.numjit_only
def test_axis_on_0d_array_is_a_typing_error():
    # np.mean raises AxisError; np.sum reduces the 0-d array as one item (tests/test_np11_breadth.py)
    with pytest.raises(TypingError, match="0-d"):
        njit(lambda a, k: np.mean(a, axis=k))(np.array(1.0), 0)


# --------------------------------------------------------------------------
# var / std

def var_std(a):
    return np.var(a), np.std(a), a.var(), a.std()


def var_ddof(a, ddof):
    return np.var(a, ddof=ddof), np.std(a, ddof=ddof)


@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_var_std(dtype, layout):
    a = make_array((3, 5), dtype, layout)
    got, want = run(var_std, a), var_std(a)
    for g, w in zip(got, want):
        check(g, w, rtol_for(a))


@pytest.mark.numjit_only  # numba deviates from NumPy here
@pytest.mark.parametrize("values", [[1.0, np.nan, 2.0], [np.inf, 1.0], [3.0], [], [1e8, 1e8 + 1, 1e8 + 2]],
                         ids=str)
def test_var_std_special(values):
    a = np.array(values)
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = var_std(a)
    for g, w in zip(run(var_std, a), want):
        check(g, w, 1e-9)


@pytest.mark.numjit_only
def test_var_ddof():
    a = make_array((6,), np.float64, "C")
    check(run(var_ddof, a, 1)[0], np.var(a, ddof=1), 1e-12)
    check(run(var_ddof, a, 1)[1], np.std(a, ddof=1), 1e-12)
    with np.errstate(all="ignore"):
        got = run(var_ddof, a, 6)
    assert np.isinf(got[0])


def var_axes(a):
    return np.var(a, 0), a.var(axis=1), np.std(a, axis=-1, ddof=1), np.var(a, axis=0, ddof=3), a[0].std(axis=0)


def test_var_std_axis():
    """axis= (NumPy's second positional parameter) and ddof= together, lane by lane."""
    for a in (np.arange(12.0).reshape(3, 4) ** 1.5, np.arange(12).reshape(4, 3)[::-1]):
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = var_axes(a)
        for g, w in zip(run(var_axes, a), want):
            np.testing.assert_allclose(g, w, rtol=1e-12)


# --------------------------------------------------------------------------
# cumsum / cumprod (flattened; axis= is numjit's extension)

def cumulative(a):
    return np.cumsum(a), np.cumprod(a), a.cumsum(), a.cumprod()


@pytest.mark.parametrize("layout", MAIN_LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_cumsum_cumprod(dtype, layout):
    a = make_array((3, 4), dtype, layout)
    if dtype != np.bool_:
        a = a % 4 + (a == 0)
    for g, w in zip(run(cumulative, a), cumulative(a)):
        assert_array_same(g, w, rtol=rtol_for(a))


@pytest.mark.parametrize("a", [np.array(2.5), np.zeros(0), np.array([1.0, np.nan, 2.0, np.inf])],
                         ids=["0d", "empty", "nan-inf"])
def test_cumsum_cumprod_special(a):
    for g, w in zip(run(cumulative, a), cumulative(a)):
        assert_array_same(g, w)


def cumsum_axis(a, axis):
    return np.cumsum(a, axis=axis), np.cumprod(a, axis=axis)


@pytest.mark.numjit_only
@pytest.mark.parametrize("layout", ["C", "F", "negstride"])
def test_cumsum_axis(layout):
    a = make_array((3, 4), np.int32, layout)
    for axis in (0, 1, -1):
        for g, w in zip(run(cumsum_axis, a, axis), cumsum_axis(a, axis)):
            assert_array_same(g, w)


# --------------------------------------------------------------------------
# np.dot / @  (numba needs scipy for these)

def dot(a, b):
    return np.dot(a, b)


def matmul(a, b):
    return a @ b


SHAPE_PAIRS = [((4,), (4,)), ((3, 4), (4,)), ((4,), (4, 2)), ((3, 4), (4, 2)), ((0,), (0,)), ((2, 0), (0, 3))]


@pytest.mark.numjit_only
@pytest.mark.parametrize("func", [dot, matmul], ids=lambda f: f.__name__)
@pytest.mark.parametrize("la,lb", [("C", "C"), ("F", "strided"), ("negstride", "F")])
@pytest.mark.parametrize("sa,sb", SHAPE_PAIRS, ids=str)
def test_dot_shapes_layouts(func, sa, sb, la, lb):
    a, b = make_array(sa, np.float64, la), make_array(sb, np.float64, lb, seed=1)
    check(run(func, a, b), func(a, b), 1e-12)


@pytest.mark.numjit_only
@pytest.mark.parametrize("da,db", [(np.float32, np.float32), (np.int32, np.int32), (np.int64, np.int32),
                                   (np.bool_, np.bool_), (np.int32, np.float64), (np.float32, np.float64)],
                         ids=str)
def test_dot_dtypes(da, db):
    for sa, sb in SHAPE_PAIRS[:4]:
        a, b = make_array(sa, da, "C"), make_array(sb, db, "C", seed=1)
        want = np.dot(a, b)
        got = run(dot, a, b)
        check(got, want, rtol_for(a, b))
        if isinstance(want, np.ndarray):
            assert got.dtype == want.dtype


@pytest.mark.numjit_only
def test_dot_int32_wraps_like_numpy():
    a = np.full(3, 2 ** 30, np.int32)
    check(run(dot, a, a), np.dot(a, a))


@pytest.mark.numjit_only
@pytest.mark.parametrize("func", [dot, matmul], ids=lambda f: f.__name__)
def test_dot_shape_mismatch_raises(func):
    for sa, sb in (((3,), (4,)), ((2, 3), (4,)), ((3,), (4, 2)), ((2, 3), (2, 3))):
        with pytest.raises(ValueError):
            run(func, np.ones(sa), np.ones(sb))


@pytest.mark.numjit_only
def test_dot_of_expressions_and_method():
    def dot_expr(a, b):
        return (a + 1.0) @ (b * 2), a.dot(b)
    a, b = make_array((2, 3), np.float64, "C"), make_array((3, 2), np.float64, "F")
    for g, w in zip(run(dot_expr, a, b), dot_expr(a, b)):
        check(g, w, 1e-12)


# --------------------------------------------------------------------------
# whole-array min/max/argmin/argmax: contiguous arrays take a vectorised, blockwise path

def extremes(a):
    return np.max(a), a.min(), np.argmax(a), a.argmin(), np.amax(a), np.amin(a)


def _nan_cases(n, dtype):
    rng = np.random.default_rng(n)
    base = (rng.standard_normal(n) * 10).astype(dtype)
    cases = [base, np.round(base)]                       # ties: the first extreme wins
    for where in ([0], [n - 1], [n // 2, n // 3], [1023, 1024, 2047]):
        a = base.copy()
        for w in where:
            if w < n:
                a[w] = np.nan
        cases.append(a)
    a = base.copy()
    a[n // 2] = np.inf
    a[n // 4] = -np.inf
    cases.append(a)
    return cases


@pytest.mark.parametrize("n", [1, 5, 1024, 1025, 3000], ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=dtype_id)
def test_extremes_with_nan_and_ties(dtype, n):
    for a in _nan_cases(n, dtype):
        for arr in (a, a[::-1], a[::2]):
            for g, w in zip(run(extremes, arr), extremes(arr)):
                check(g, w)


@pytest.mark.parametrize("layout", MAIN_LAYOUTS + ["transposed"])
@pytest.mark.parametrize("dtype", DTYPES + [np.uint8, np.int8], ids=dtype_id)
def test_extremes_layouts(dtype, layout):
    for shape in ((3, 5), (40, 70), (2, 3, 4)):
        a = make_array(shape, dtype, layout)
        for g, w in zip(run(extremes, a), extremes(a)):
            check(g, w)


def extremes_of_views(a, step):
    v = a[:, ::step]                      # typed strided; contiguous at run time when step == 1
    return v.max(), v.argmax(), v.min(), v.argmin()


def test_extremes_runtime_contiguous_views():
    a = make_array((30, 50), np.float64, "C")
    a[7, 3] = np.nan
    for step in (1, 2, -1):
        for g, w in zip(run(extremes_of_views, a, step), extremes_of_views(a, step)):
            check(g, w)


def test_extremes_empty_raise_value_error():
    for a in (np.zeros(0), np.zeros((3, 0), np.int32), np.zeros((0, 2), order="F")):
        with pytest.raises(ValueError):
            run(extremes, a)


# --------------------------------------------------------------------------
# whole-array reductions: functions and methods, every dtype and layout, NaN/inf, empty

def whole_functions(a):
    return (np.sum(a), np.prod(a), np.min(a), np.max(a), np.mean(a), np.argmin(a), np.argmax(a),
            np.all(a), np.any(a))


def whole_methods(a):
    return a.sum(), a.prod(), a.min(), a.max(), a.mean(), a.argmin(), a.argmax(), a.all(), a.any()


def spread_functions(a):
    return np.var(a), np.std(a)


def prod_only(a):
    return np.prod(a)


def sum_and_mean(a):
    return np.sum(a), np.mean(a), np.all(a), np.any(a)


def check_tuple(got, want, rtol):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        check(g, w, rtol)


@pytest.mark.parametrize("layout", ["C", "F", "strided", "negstride", "transposed"])
@pytest.mark.parametrize("dtype", DTYPES + [np.int8, np.uint16], ids=dtype_id)
@pytest.mark.parametrize("func", [whole_functions, whole_methods])
def test_whole_array_reductions(func, dtype, layout):
    a = make_array((4, 5), dtype, layout)
    if dtype not in (np.bool_,):
        a = (a % 3 + 1).astype(dtype)                 # small factors: products stay exact
    check_tuple(run(func, a), func(a), rtol_for(a))


@pytest.mark.parametrize("shape", [(7,), (2, 3, 4), ()])
def test_whole_array_reductions_shapes(shape):
    a = np.asarray(make_array((max(1, int(np.prod(shape))),), np.float64, "C")).reshape(shape)
    check_tuple(run(whole_functions, a), whole_functions(a), 1e-12)
    check_tuple(run(spread_functions, a), spread_functions(a), 1e-12)


def test_whole_array_reductions_nan_inf():
    for values in ([1.0, np.nan, -3.0], [np.inf, -np.inf, 2.0], [np.nan, np.nan], [-np.inf, 5.0, np.inf]):
        a = np.array(values)
        with np.errstate(invalid="ignore"):
            want = whole_functions(a)
        check_tuple(run(whole_functions, a), want, 1e-12)


@pytest.mark.parametrize("values", [[0.0] + [1e300] * 10, [1e200, 1e200, 0.0, 1.0], [1e300, 1e300, np.inf, 0.0],
                                    list(np.arange(1000) * 0.1)])
def test_prod_keeps_numpy_order_at_overflow(values):
    for dtype in (np.float64, np.float32):
        with np.errstate(all="ignore"):
            a = np.array(values).astype(dtype)
            want = prod_only(a)
        check(run(prod_only, a), want)


def min_whole(a):
    return np.min(a)


def max_whole(a):
    return a.max()


def argmin_whole(a):
    return np.argmin(a)


def argmax_whole(a):
    return a.argmax()


def test_empty_sum_prod_mean_and_errors():
    a = np.zeros(0)
    with np.errstate(invalid="ignore"), pytest.warns(RuntimeWarning):
        want = sum_and_mean(a)
    check_tuple(run(sum_and_mean, a), want, 0.0)
    check(run(prod_only, a), prod_only(a))
    for func in (min_whole, max_whole, argmin_whole, argmax_whole):
        with pytest.raises(ValueError):
            func(a)                                   # NumPy's own behaviour ...
        with pytest.raises(ValueError):
            run(func, a)                              # ... and numjit's
