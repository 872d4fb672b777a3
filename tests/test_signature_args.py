"""Arguments of explicit signatures that are more than numbers and arrays: tuples of arrays of
another layout than declared (converted, as numba does), and `as_strided` of arrays of any layout
(as pyts calls it inside functions with explicit signatures). Each case compares with the Python
function on the same values.
"""
import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided

from helpers import assert_same
from impl import njit, types

NO_SIGNATURE = "no compiled signature|No matching definition"      # numjit's words, numba's


def tuple_sums(x, pair, scale):
    return x.sum() + pair[0].sum() * scale[0] + pair[1][-1] * scale[1]


def test_tuple_of_any_layout_arrays_takes_every_layout():
    sig = types.float64(types.float64[:, :], types.UniTuple(types.int64[:], 2),
                        types.UniTuple(types.float64, 2))
    f = njit([sig])(tuple_sums)
    x = np.arange(12.0).reshape(3, 4)
    v, w = np.arange(5), np.arange(7) * 3
    for pair in ((v, w), (v[::2], w[::-1]), (v[:0], w[1:2]), (np.asfortranarray(v), w[::-3])):
        for scale in ((2.0, -1.0), (3, 4)):          # ints in the declared float tuple: converted
            assert_same(f(x, pair, scale), tuple_sums(x, pair, tuple(map(float, scale))))
    assert_same(f(x.T, (v, w), (1.0, 1.0)), tuple_sums(x.T, (v, w), (1.0, 1.0)))
    with pytest.raises(TypeError, match=NO_SIGNATURE):
        f(x, (v.astype(np.float64), w), (1.0, 1.0))       # float items for the declared int64 arrays
    with pytest.raises(TypeError, match=NO_SIGNATURE):
        f(x, (v, w, w), (1.0, 1.0))


def first_rows(t):
    return t[0][0].sum() + t[1][-1]


def test_tuple_signatures_choose_the_layout_declared():
    """A C tuple and an 'A' tuple declared (the 'A' one first): each call gets its own."""
    f = njit([types.float64(types.Tuple((types.float64[:, :], types.float64[:]))),
              types.float64(types.Tuple((types.float64[:, ::1], types.float64[::1])))])(first_rows)
    a, v = np.arange(6.0).reshape(2, 3), np.linspace(0, 1, 4)
    for t in ((a, v), (a[:, ::2], v[::-1]), (np.asfortranarray(a), v)):
        assert_same(f(t), first_rows(t))
    with pytest.raises(TypeError, match=NO_SIGNATURE):
        f((v, a))


def windows(x, size, step):
    stride = x.strides[0]
    view = as_strided(x, shape=((x.size - size) // step + 1, size), strides=(step * stride, stride))
    return view.copy()


def test_as_strided_of_any_layout():
    f = njit(["float64[:, :](float64[:], int64, int64)"])(windows)
    g = njit(windows)
    m = np.arange(48.0).reshape(6, 8)
    for x in (m[:, 1], m[2], m[3, ::-2], np.asfortranarray(m)[4], m[::-1, 5], m.T[0]):
        for size, step in ((3, 1), (2, 2), (1, 3), (x.size, 1)):
            np.testing.assert_array_equal(f(x, size, step), windows(x, size, step))
            np.testing.assert_array_equal(g(x, size, step), windows(x, size, step))


def past_the_end(x):
    return as_strided(x, (x.size + 1,), x.strides)


@pytest.mark.numjit_only
def test_as_strided_outside_a_strided_array_is_refused():
    with pytest.raises(ValueError, match="outside the array"):    # NumPy would read past x's last item
        njit(past_the_end)(np.arange(12.0).reshape(4, 3)[:3, 1])


# -- FunctionType arguments: functions passed in --------------------------------------------------

ROW_FUNCTION = types.FunctionType(types.float64(types.float64[:], types.float64[:]))
STEP_FUNCTION = types.FunctionType(types.float64(types.float64, types.float64))


def row_total(f, x, y):
    s = 0.0
    for i in range(x.shape[0]):
        s += f(x[i], y[i])
    return s


def fold(f, v):
    acc = 1.0
    for t in v:
        acc = f(acc, t)
    return acc


def dot(a, b):
    return (a * b).sum()


def l1(a, b):
    if a.size != b.size:
        raise ValueError("sizes differ")
    return np.abs(a - b).sum()


def times(a, b):
    return a * b


def minus(a, b):
    return a - b


def test_function_type_takes_jitted_functions_with_arrays():
    rows = njit([types.float64(ROW_FUNCTION, types.float64[:, :], types.float64[:, :])])(row_total)
    lazy_dot, declared_l1 = njit(dot), njit("float64(float64[:], float64[:])")(l1)
    x = np.arange(12.0).reshape(3, 4) - 5.5
    y = np.linspace(-1, 2, 12).reshape(4, 3).T.copy()
    for a, b in ((x, y), (x[:, ::2], y[:, 1:3]), (np.asfortranarray(x), y[::-1]), (x[:0], y[:0])):
        assert_same(rows(lazy_dot, a, b), row_total(dot, a, b))
        assert_same(rows(declared_l1, a, b), row_total(l1, a, b))
    with pytest.raises(ValueError, match="sizes differ"):       # raised in the function passed in
        rows(declared_l1, x, y[:, :3])


def test_function_type_takes_cfuncs_jitted_functions_and_wrapper_addresses():
    from impl import impl_module
    f = njit([types.float64(STEP_FUNCTION, types.float64[:])])(fold)
    c_times = impl_module.cfunc("float64(float64, float64)")(times)

    class Address(types.WrapperAddressProtocol):
        def __wrapper_address__(self):
            return c_times.address

        def signature(self):
            return types.float64(types.float64, types.float64)

    v = np.array([1.5, -2.0, 3.25, 0.5])
    for fn in (c_times, Address(), njit(times), njit("float64(float64, float64)")(minus), njit(minus)):
        for w in (v, v[::-2], v[:0]):
            assert_same(f(fn, w), fold(getattr(fn, "py_func", times), w))


def three_folds(v):
    return FOLD(JIT_TIMES, v) + FOLD(JIT_MINUS, v) * FOLD(C_MINUS, v)


def test_function_type_argument_from_compiled_code():
    global FOLD, JIT_TIMES, JIT_MINUS, C_MINUS
    from impl import impl_module
    FOLD = njit("float64(FunctionType(float64(float64, float64)), float64[:])")(fold)     # spelt in a string
    JIT_TIMES, JIT_MINUS = njit(times), njit("float64(float64, float64)")(minus)
    C_MINUS = impl_module.cfunc("float64(float64, float64)")(minus)
    v = np.array([2.0, 0.5, -3.0])
    assert_same(njit(three_folds)(v), fold(times, v) + fold(minus, v) * fold(minus, v))


@pytest.mark.numjit_only
def test_function_type_refuses_other_values():
    f = njit([types.float64(STEP_FUNCTION, types.float64[:])])(fold)
    v = np.ones(3)
    one_argument = njit("float64(float64)")(lambda a: a)
    ints_only = njit("float64(int64, int64)")(minus)
    for wrong in (times, 3, np.add, one_argument, ints_only):
        with pytest.raises(TypeError, match=r"FunctionType\[float64\(float64, float64\)\]"):
            f(wrong, v)


def plus_one_twice(x):
    return C_TWICE(x) + 1


@pytest.mark.numjit_only
def test_code_calling_a_cfunc_is_not_cached(tmp_path, monkeypatch):
    """The call is to the cfunc's address in this process: a cached copy would call a stale one."""
    global C_TWICE
    from numjit import cfunc, config
    from impl import NumjitWarning
    monkeypatch.setattr(config, "CACHE_DIR", str(tmp_path))
    C_TWICE = cfunc("float64(float64)")(lambda x: 2 * x)
    with pytest.warns(NumjitWarning, match="cache=True ignored: it reads a cfunc"):
        assert njit(cache=True)(plus_one_twice)(3.0) == plus_one_twice(3.0)
    assert not list(tmp_path.glob("*plus_one_twice*"))
