"""numba's extension API (numba.extending) on numjit: overload of user and NumPy functions,
overload_method / overload_attribute on arrays, register_jitable, intrinsic, jit_options, and the
errors a bad typer gives. Written against numba's names, so NUMJIT_TEST_IMPL=numba runs it on numba.
"""
import ctypes
import importlib

import numpy as np
import pytest

from impl import IMPL, njit, types, TypingError

extending = importlib.import_module(f"{IMPL}.extending")
cgutils = importlib.import_module(f"{IMPL}.core.cgutils")
overload, overload_method, overload_attribute = (extending.overload, extending.overload_method,
                                                 extending.overload_attribute)
register_jitable, intrinsic = extending.register_jitable, extending.intrinsic


# -- the functions being extended; each is its own plain-Python reference ----------------------
def clamp(x, lo, hi):
    return np.minimum(np.maximum(x, lo), hi)


@overload(clamp)
def _clamp(x, lo, hi):
    if isinstance(x, types.Array):
        return lambda x, lo, hi: np.minimum(np.maximum(x, lo), hi)
    if isinstance(x, types.Number):
        def scalar(x, lo, hi):
            return min(max(x, lo), hi)
        return scalar


def _trapezoid(y, x):
    total = 0.0
    for i in range(1, len(y)):
        total += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0
    return total


@overload(np.trapezoid)
def _np_trapezoid(y, x=None, dx=1.0, axis=-1):
    if isinstance(y, types.Array) and y.ndim == 1 and isinstance(x, types.Array):
        def impl(y, x=None, dx=1.0, axis=-1):
            return _trapezoid(y, x)
        return impl


@overload_method(types.Array, "sumsq")
def _sumsq(a):
    if isinstance(a.dtype, (types.Float, types.Integer)):
        def impl(a):
            total = 0.0
            for v in a.ravel():
                total += v * v
            return total
        return impl


@overload_attribute(types.Array, "span")
def _span(a):
    return lambda a: a.max() - a.min()


@register_jitable
def poly(x, a=1.0, b=2.0):
    return a * x * x + b


@register_jitable(error_model="numpy")
def ratio_numpy_errors(a, b):
    return a / b


def divide(a, b):
    return a / b


@overload(divide, jit_options={"error_model": "numpy"})
def _divide(a, b):
    return lambda a, b: a / b


@intrinsic
def load_double(typingctx, address):
    """*(double *)address"""
    if isinstance(address, types.Integer):
        def codegen(context, builder, signature, args):
            from llvmlite import ir
            pointer = builder.inttoptr(args[0], cgutils.voidptr_t)
            return builder.load(builder.bitcast(pointer, ir.DoubleType().as_pointer()))
        return types.float64(types.intp), codegen


@intrinsic
def c_labs(typingctx, x):
    """calls libc's labs (a C symbol of the process)"""
    if isinstance(x, types.Integer):
        def codegen(context, builder, signature, args):
            from llvmlite import ir
            i64 = ir.IntType(64)
            fn = cgutils.get_or_insert_function(builder.module, ir.FunctionType(i64, [i64]), "labs")
            return builder.call(fn, [context.cast(builder, args[0], x, types.int64)])
        return types.int64(x), codegen


@njit
def uses_everything(a, address, n):
    return (clamp(a, 0.5, 2.0), clamp(n, 0, 3), np.trapezoid(a * a, a), a.sumsq(), a.span,
            poly(n), poly(1.5, b=4.0), load_double(address), c_labs(-n), divide(1.0, 0.0))


def test_overloads_methods_attributes_jitables_and_intrinsics():
    for a in (np.linspace(-1.0, 3.0, 9), np.array([2.5]), np.arange(12.0).reshape(3, 4)[:, ::2].ravel()):
        n = 7
        got = uses_everything(a, a.ctypes.data + 8 * (len(a) - 1), n)
        expected = (clamp(a, 0.5, 2.0), clamp(n, 0, 3), np.trapezoid(a * a, a), float((a * a).sum()),
                    a.max() - a.min(), poly(n), poly(1.5, b=4.0), a[-1], abs(n), np.inf)
        np.testing.assert_allclose(got[0], expected[0])
        assert got[1] == expected[1] and isinstance(got[1], int)
        np.testing.assert_allclose(got[2:], expected[2:], rtol=1e-12)


def test_register_jitable_runs_as_python_and_compiled_with_its_options():
    assert poly(2.0) == 6.0                                 # still the Python function
    with pytest.raises(ZeroDivisionError):
        ratio_numpy_errors(1.0, 0.0)                        # Python semantics in Python

    @njit
    def call(a, b):
        return ratio_numpy_errors(a, b), poly(a, 3.0)

    assert call(1.0, 0.0) == (np.inf, poly(1.0, 3.0))       # error_model="numpy" inside


def _raises_in_typer(x):
    return x


@overload(_raises_in_typer)
def _typer_that_raises(x):
    raise ValueError("this typer does not like " + str(x))


def _declines(x):
    return x


@overload(_declines)
def _typer_that_declines(x):
    return None


def test_a_typer_declining_every_type_is_a_typing_error():
    @njit
    def calls_declining(x):
        return _declines(x)

    with pytest.raises(TypingError):
        calls_declining(1.5)


@pytest.mark.numjit_only
def test_typer_errors_point_at_the_call():          # numba lets the typer's ValueError out as is
    @njit
    def calls_raising(x):
        y = x * 2
        return _raises_in_typer(y)

    with pytest.raises(TypingError) as info:
        calls_raising(1)
    text = str(info.value)
    assert "the overload of _raises_in_typer raised ValueError for argument types (int64)" in text
    assert "return _raises_in_typer(y)" in text and "^^^" in text and __file__ in text

    @intrinsic
    def not_a_pair(typingctx, x):
        return "nope"

    @njit
    def calls_intrinsic(x):
        return not_a_pair(x)

    with pytest.raises(TypingError, match="must return"):
        calls_intrinsic(1)
    with pytest.raises(TypeError, match="only be called from compiled code"):
        not_a_pair(1)


@pytest.mark.numjit_only
def test_misused_extension_api_says_what_to_do():
    from numjit.errors import UnsupportedError
    with pytest.raises(TypeError, match="type class"):
        overload_method(types.float64, "f")
    from numjit.errors import NumjitWarning
    with pytest.warns(NumjitWarning, match="not offered by numjit"):
        decorate = extending.lower_setattr(types.float64, "real")
    assert decorate(len) is len                            # ignored, so the library still imports
    with pytest.raises(UnsupportedError, match="not offered"):
        extending.models.PointerModel(None, types.float64)
    with pytest.raises(TypingError, match=r"not the declared FunctionType\[float64\(float64\)\]"):
        njit("FunctionType(float64(float64))(float64)")(lambda x: x)
    with pytest.raises(TypingError, match="declared unicode_type"):     # str exists: a located error
        njit("unicode_type(float64)")(lambda x: x)


def test_as_numba_type_typeof_and_cython_addresses():
    assert extending.as_numba_type(int) == types.int64
    assert extending.as_numba_type(float) == types.float64
    assert extending.as_numba_type(bool) == types.boolean
    assert extending.as_numba_type(types.int8) == types.int8
    scipy_special = pytest.importorskip("scipy.special")
    address = extending.get_cython_function_address("scipy.special.cython_special", "gammainc")
    gammainc = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double, ctypes.c_double, ctypes.c_int)(address)
    for a, x in ((1.5, 2.0), (0.5, 0.1), (3.0, 10.0)):
        assert gammainc(a, x, 0) == scipy_special.gammainc(a, x)
    with pytest.raises(ValueError):
        extending.get_cython_function_address("scipy.special.cython_special", "no_such_function")


class Meters:
    def __init__(self, value):
        self.value = value


@pytest.mark.numjit_only
def test_typeof_impl_register_feeds_typeof():
    import numjit

    @extending.typeof_impl.register(Meters)
    def _typeof_meters(value, context):
        return types.float64

    assert numjit.typeof(Meters(2.0)) == types.float64
    with pytest.raises(TypeError):                  # numjit has no unboxing for Meters: never a crash
        njit(lambda m: m)(Meters(2.0))
