"""cfunc (C callbacks, scipy.LowLevelCallable), carray/farray, and C function pointers called from
compiled code (ctypes functions, Cython functions of scipy.special, WrapperAddressProtocol), as
numba's documentation shows them; results compared with SciPy / NumPy / plain Python."""
import ctypes
import ctypes.util
import importlib
import math

import numpy as np
import pytest

from impl import IMPL, njit, types, TypingError, UnsupportedError

nb = importlib.import_module(IMPL)
extending = importlib.import_module(f"{IMPL}.extending")
scipy = pytest.importorskip("scipy")
from scipy import LowLevelCallable, integrate, special  # noqa: E402


@nb.cfunc("float64(float64)")
def gaussian(x):
    return np.exp(-x * x)


@nb.cfunc(types.float64(types.intc, types.CPointer(types.float64)))
def shifted_power(n, xx):
    """quad's `double f(int n, double *xx)`: xx[0] is x, xx[1:] the extra args."""
    args = nb.carray(xx, n)
    return (args[0] - args[1]) ** 2


@nb.cfunc(types.float64(types.CPointer(types.float64), types.intc, types.intc))
def grid_corner_sum(data, rows, cols):
    c = nb.carray(data, (rows, cols))
    f = nb.farray(data, (rows, cols))
    return c[rows - 1, 0] * 1000.0 + f[rows - 1, 0]


def test_cfunc_is_a_c_callback_for_scipy_quad():
    for lo, hi in ((0.0, 2.0), (-1.0, 0.5), (3.0, 3.0)):
        assert integrate.quad(LowLevelCallable(gaussian.ctypes), lo, hi) == \
            integrate.quad(lambda x: np.exp(-x * x), lo, hi)
        got = integrate.quad(LowLevelCallable(shifted_power.ctypes), lo, hi, args=(0.25,))
        assert got == pytest.approx(integrate.quad(lambda x, s: (x - s) ** 2, lo, hi, args=(0.25,)), rel=1e-12)
    assert gaussian.ctypes(0.5) == np.exp(-0.25) and gaussian.address == ctypes.cast(
        gaussian.ctypes, ctypes.c_void_p).value and isinstance(gaussian.native_name, str)
    data = np.arange(12.0)
    pointer = data.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
    rows, cols = 3, 4
    assert grid_corner_sum.ctypes(pointer, rows, cols) == \
        data.reshape(rows, cols)[rows - 1, 0] * 1000.0 + data.reshape(rows, cols, order="F")[rows - 1, 0]
    assert (nb.carray(pointer, (rows, cols)) == data.reshape(rows, cols)).all()
    assert (nb.farray(pointer, (rows, cols)) == data.reshape(rows, cols, order="F")).all()


gammainc = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double, ctypes.c_double, ctypes.c_int)(
    extending.get_cython_function_address("scipy.special.cython_special", "gammainc"))
libm = ctypes.CDLL(None)
cbrt = libm.cbrt
cbrt.argtypes, cbrt.restype = [ctypes.c_double], ctypes.c_double


class Cube(types.WrapperAddressProtocol):
    """numba's protocol: an object that is a C function pointer with a signature."""

    def __wrapper_address__(self):
        return cube_root_address

    def signature(self):
        return types.float64(types.float64)


cube_root_address = ctypes.cast(cbrt, ctypes.c_void_p).value


def test_c_function_pointers_called_from_compiled_code():
    @njit
    def special_values(a, xs):
        out = np.empty_like(xs)
        for i in range(xs.size):
            out[i] = gammainc(a, xs[i], 0) + cbrt(xs[i]) + gaussian(xs[i])
        return out

    xs = np.array([0.0, 0.1, 1.0, 2.5, 10.0])
    expected = special.gammainc(1.5, xs) + np.cbrt(xs) + np.exp(-xs * xs)
    np.testing.assert_allclose(special_values(1.5, xs), expected, rtol=1e-15)


@pytest.mark.numjit_only
def test_wrapper_address_protocol_objects_are_callable():
    cube = Cube()

    @njit
    def via_protocol(x):
        return cube(x) * 2.0

    assert via_protocol(27.0) == cbrt(27.0) * 2.0 and via_protocol(-8.0) == cbrt(-8.0) * 2.0


@pytest.mark.numjit_only
def test_bad_c_signatures_and_calls_are_located_errors():
    with pytest.raises(UnsupportedError, match="cannot be a parameter or result of a C function"):
        nb.cfunc("float64(float64[:])")(lambda a: a[0])

    @njit
    def wrong_types(x):
        return gammainc(x, (1, 2), 0)

    with pytest.raises(TypingError) as info:
        wrong_types(1.0)
    assert "takes (float64, float64, int32)" in str(info.value) and "gammainc(x, (1, 2), 0)" in str(info.value)

    untyped = ctypes.CDLL(None).labs               # no argtypes: numjit cannot know the C signature

    @njit
    def no_argtypes(x):
        return untyped(x)

    with pytest.raises(TypingError, match="has no argtypes"):
        no_argtypes(1)


@pytest.mark.numjit_only
def test_an_exception_inside_a_cfunc_returns_zero():
    @nb.cfunc("float64(float64, float64)")
    def divide(a, b):
        return a // b

    assert divide.ctypes(7.0, 2.0) == 3.0 and divide.ctypes(1.0, 0.0) == 0.0


def test_array_ctypes_in_compiled_code():
    """a.ctypes passed to C functions taking void* or a pointer to the array's dtype, and
    a.ctypes.data (the address) — as numba's ArrayCTypes."""
    libm = ctypes.CDLL(ctypes.util.find_library("m"))
    modf = libm.modf
    modf.restype, modf.argtypes = ctypes.c_double, [ctypes.c_double, ctypes.POINTER(ctypes.c_double)]
    libc = ctypes.CDLL(None)
    memcpy = libc.memcpy
    memcpy.restype, memcpy.argtypes = ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]

    @njit
    def use(a, b, whole):
        frac = modf(a[0], whole.ctypes)                 # double*: the float64 array's data
        memcpy(b.ctypes, a.ctypes, a.size * a.itemsize)  # void*
        return frac, a.ctypes.data, a[2:].ctypes.data - a.ctypes.data

    for a in (np.array([-7.25, 1.5, np.inf, np.nan]), np.linspace(0.1, 9.9, 7)[::2].copy()):
        b, whole = np.zeros_like(a), np.zeros(1)
        frac, address, offset = use(a, b, whole)
        assert (frac, whole[0]) == math.modf(a[0])
        assert address == a.ctypes.data and offset == 2 * a.strides[0]
        np.testing.assert_array_equal(b, a)

    @njit
    def wrong_pointer(a, whole):
        return modf(1.5, whole.ctypes)
    with pytest.raises(TypingError):
        wrong_pointer(np.zeros(1), np.zeros(1, np.int32))   # an int32 array is not a double*
