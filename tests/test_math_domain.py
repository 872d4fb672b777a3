"""`math` outside its domain: compiled code raises what Python raises (type and message).

Every real `math` function numjit compiles runs on a grid of special inputs (+-0, +-inf, nan,
negative, huge, tiny, domain edges, poles) both interpreted and compiled: the same value (within
a few ulp: gamma/lgamma are CPython's own code, libm's in compiled code), or the same exception
type and message. One compiled function per arity covers every function (a generated `if` chain),
so the grid costs two compilations. Also: loops that raise part-way (the speculative fast loop
hands over to the checked one), error_model="numpy", NumPy's functions and float32.
"""
import cmath
import importlib.util
import math

import numpy as np
import pytest

from helpers import assert_same
from impl import njit, impl_module

vectorize = impl_module.vectorize

pytestmark = pytest.mark.numjit_only

UNARY = [n for n in ("sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos",
                     "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
                     "erf", "erfc", "gamma", "lgamma", "cbrt", "fabs", "frexp", "modf")
         if hasattr(math, n)]
BINARY = ["pow", "atan2", "hypot", "fmod", "remainder", "copysign", "nextafter", "log"]

CMATH = ["exp", "log", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "tanh", "asin", "acos", "atan", "asinh",
         "acosh", "atanh"]
GRID = [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, -3.0, 3.0,
        1e-310, -1e-310, 1e-20, 1e300, -1e300, 709.0, 710.0, -745.0, -746.0, 1024.0, 171.5, 172.0,
        -171.5, -180.5, 2.5e305, 1.0000000001, -0.9999999999, math.pi / 2, 0.1]
PAIR_GRID = [0.0, -0.0, 1.0, -1.0, 2.0, -2.5, 0.5, 1e308, -1e308, math.inf, -math.inf, math.nan,
             1e-310, 710.0, -3.0, 1.0 / 3.0]


def _dispatch_source(name, names, args, module="math"):
    """def name(k, args): one branch per function, k selecting it."""
    lines = [f"def {name}(k, {args}):"]
    for k, fn in enumerate(names):
        value = f"{module}.{fn}({args})"
        if fn in ("frexp", "modf"):                 # a tuple: the sum of its two items
            value += "[0] + " + f"math.{fn}({args})[1]"
        lines.append(f"    if k == {k}:\n        return {value}")
    lines.append("    return 0.0")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def kernels(tmp_path_factory):
    """(python, compiled) unary, binary and cmath dispatchers from a generated module."""
    path = tmp_path_factory.mktemp("mathdomain") / "math_dispatch.py"
    path.write_text("import cmath\nimport math\n\n\n" + "\n\n\n".join((
        _dispatch_source("unary", UNARY, "x"), _dispatch_source("binary", BINARY, "x, y"),
        _dispatch_source("complex_unary", CMATH, "z", "cmath"))) + "\n")
    spec = importlib.util.spec_from_file_location("math_dispatch", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return (module.unary, njit(module.unary), module.binary, njit(module.binary), module.complex_unary,
            njit(module.complex_unary))


def same_outcome(pyfunc, cfunc, args, what, atol=1e-300):
    """The compiled call returns Python's value (a few ulp) or raises Python's exception."""
    try:
        want = pyfunc(*args)
    except (ValueError, OverflowError, ZeroDivisionError) as exc:
        with pytest.raises(type(exc)) as raised:
            cfunc(*args)
        assert str(raised.value) == str(exc), what
        return
    assert_same(cfunc(*args), want, rtol=1e-13, atol=atol, signed_zero=True, msg=what)


def test_unary_grid(kernels):
    unary, cunary = kernels[:2]
    for k, name in enumerate(UNARY):
        atol = 1e-15 if name == "lgamma" else 1e-300    # CPython's lgamma: 1e-7 relative near 1 and 2
        for x in GRID:
            same_outcome(unary, cunary, (k, x), f"math.{name}({x!r})", atol)


def test_unary_integer_arguments(kernels):
    unary, cunary = kernels[:2]
    for k, name in enumerate(UNARY):
        for x in (0, -1, 1, 2, -3, 1000, 2**62):
            same_outcome(unary, cunary, (k, x), f"math.{name}({x!r})")


def test_binary_grid(kernels):
    binary, cbinary = kernels[2:4]
    for k, name in enumerate(BINARY):
        for x in PAIR_GRID:
            for y in PAIR_GRID:
                same_outcome(binary, cbinary, (k, x, y), f"math.{name}({x!r}, {y!r})")


def test_cmath_grid(kernels):
    """cmath: ValueError for a nan part from arguments without nan and at the poles of log, atan and
    atanh, OverflowError for an infinite part from finite arguments; values within a few ulp."""
    cunary, ccunary = kernels[4:]
    for k, name in enumerate(CMATH):
        for z in (complex(x, y) for x in PAIR_GRID for y in PAIR_GRID):
            try:
                want = cunary(k, z)
            except (ValueError, OverflowError) as exc:
                with pytest.raises(type(exc)) as raised:
                    ccunary(k, z)
                assert str(raised.value) == str(exc), f"cmath.{name}({z!r})"
                continue
            got = ccunary(k, z)
            if cmath.isfinite(want):      # the special values' own tests: tests/test_complex_math.py
                scale = 1e-14 * max(abs(want.real), abs(want.imag)) + 1e-300
                assert abs(got.real - want.real) <= scale and abs(got.imag - want.imag) <= scale, \
                    f"cmath.{name}({z!r}): {got!r} != {want!r}"


def numpy_complex(z):
    return np.exp(z), np.log(z), np.arctanh(z)


def test_numpy_complex_functions_keep_c_values():
    cfunc = njit(numpy_complex)
    with np.errstate(all="ignore"):
        for z in (0j, complex(1000, 0), 1 + 0j, complex(0, math.inf)):
            assert_same(cfunc(z), numpy_complex(z), rtol=1e-15, msg=f"{z!r}")


def ldexp(x, i):
    return math.ldexp(x, i)


def test_ldexp_range():
    cfunc = njit(ldexp)
    for x in (0.0, -0.0, 1.0, -1.5, 1e-310, 1e300, math.inf, -math.inf, math.nan):
        for i in (0, 1, -1, 1023, 1024, 2000, -1074, -1100, 2**31, 2**40, -2**40, -2**31 - 5):
            same_outcome(ldexp, cfunc, (x, i), f"math.ldexp({x!r}, {i})")


def fill(out, a, b):
    for i in range(a.shape[0]):
        out[i] = math.sqrt(a[i]) + math.exp(b[i])


def fill_logs(out, a, b):
    for i in range(a.shape[0]):
        out[i] = math.log(a[i]) + math.log2(a[i]) + math.log10(a[i]) + math.log1p(b[i]) + math.expm1(b[i])


def outcome(func, *args):
    try:
        func(*args)
    except (ValueError, OverflowError) as exc:
        return type(exc), str(exc)
    return None


def test_a_loop_raises_at_the_same_element_after_the_same_writes():
    """The fast (vectorised) loop hands the failing block to the checked loop: Python's state."""
    n = 3000
    rng = np.random.default_rng(0)
    cfunc = njit(fill_logs)     # the fast loop's cheap tests are wider than the errors: 709.5 reruns, no error
    for bad, value, where in ((10, 0.0, "a"), (2999, -1.0, "b"), (1100, 709.5, "b"), (2048, 710.0, "b"),
                              (3, -2.0, "b"), (1023, 1e-300, "a")):
        a, b = rng.random(n) + 0.5, rng.random(n)
        (a if where == "a" else b)[bad] = value
        want_out, got_out = np.full(n, -7.0), np.full(n, -7.0)
        assert outcome(cfunc, got_out, a, b) == outcome(fill_logs, want_out, a, b), f"{where}[{bad}] = {value}"
        np.testing.assert_allclose(got_out, want_out, rtol=1e-14, atol=1e-14)    # vector log: an ulp
    assert "spec.fast" in cfunc.inspect_llvm(cfunc.signatures[0])
    cfunc = njit(fill)
    for bad, value, where in ((2100, -1.0, "a"), (5, 1e4, "b"), (n - 1, math.nan, "a"), (1024, -0.0, "a"),
                              (1500, -np.inf, "a"), (700, np.inf, "b")):       # exp(inf): no error
        a, b = rng.random(n), rng.random(n)
        (a if where == "a" else b)[bad] = value
        want_out, got_out = np.full(n, -7.0), np.full(n, -7.0)
        assert outcome(cfunc, got_out, a, b) == outcome(fill, want_out, a, b), f"{where}[{bad}] = {value}"
        np.testing.assert_allclose(got_out, want_out, rtol=1e-15)      # vector exp: within an ulp
    assert "spec.fast" in cfunc.inspect_llvm(cfunc.signatures[0])      # the speculative loop ran


def numpy_model(x):
    return math.sqrt(x), math.log(x), math.exp(x)


def numpy_functions(a):
    return np.sqrt(a), np.log(a), np.exp(a), np.sqrt(a[0])


def test_numpy_error_model_and_numpy_functions_keep_c_values():
    cfunc = njit(error_model="numpy")(numpy_model)
    with np.errstate(all="ignore"):
        for x in (-1.0, 0.0, 1000.0, math.inf, 2.0):
            want = tuple(float(f(np.float64(x))) for f in (np.sqrt, np.log, np.exp))
            assert_same(cfunc(x), want, rtol=1e-15, msg=f"error_model='numpy' at {x}")
        a = np.array([-1.0, 0.0, 1000.0, 4.0])
        for got, want in zip(njit(numpy_functions)(a), numpy_functions(a)):
            np.testing.assert_allclose(got, want, rtol=1e-15)


def float32_math(x):
    return math.sqrt(x) + math.exp(x)


def test_float32_domain_errors_raise_and_overflow_stays_float32():
    """float32 is computed in float32 (numba's rule): ValueError as in Python; an overflow of the
    float32 range is not one of Python's (math.exp(100.0) is finite), so it stays inf."""
    cfunc = njit(float32_math)
    for x in (-1.0, -np.inf):
        with pytest.raises(ValueError) as raised:
            cfunc(np.float32(x))
        with pytest.raises(ValueError) as want:
            float32_math(float(x))
        assert str(raised.value) == str(want.value)
    with np.errstate(over="ignore"):
        want = np.float32(np.sqrt(np.float32(100.0)) + np.exp(np.float32(100.0)))
    assert_same(cfunc(np.float32(100.0)), want)


def vector_sqrt(x):
    return math.sqrt(x)


def test_vectorize_follows_its_error_model():
    """vectorize kernels use NumPy's error model (as division by zero does there): nan; with
    error_model="python" they raise as the uncompiled kernel (np.vectorize) does."""
    a = np.array([4.0, -1.0, 9.0])
    with np.errstate(invalid="ignore"):
        np.testing.assert_array_equal(vectorize(["float64(float64)"])(vector_sqrt)(a), np.sqrt(a))
    checked = vectorize(["float64(float64)"], error_model="python")(vector_sqrt)
    with pytest.raises(ValueError) as want:
        np.vectorize(vector_sqrt)(a)
    with pytest.raises(ValueError) as raised:
        checked(a)
    assert str(raised.value) == str(want.value)


def to_ints(x):
    return math.floor(x), math.ceil(x), math.trunc(x), round(x), int(x)


def test_float_to_int_raises_for_nan_and_inf():
    """int(nan) is ValueError, int(inf) OverflowError (not INT64_MIN); past int64, where Python
    gives a big int, OverflowError too."""
    cfunc = njit(to_ints)
    for x in (2.5, -2.5, 0.0, -0.0, 1e15 + 0.5, -9.2e18, 9.2e18, math.nan, math.inf, -math.inf):
        same_outcome(to_ints, cfunc, (x,), f"to_ints({x!r})")
    for x in (1e19, -1e300, 2.0 ** 63):
        with pytest.raises(OverflowError, match="too large for int64"):
            cfunc(x)
    assert cfunc(-(2.0 ** 63)) == to_ints(-(2.0 ** 63))
    assert cfunc(np.float32(-3.5)) == to_ints(float(np.float32(-3.5)))
    with pytest.raises(ValueError) as raised:
        cfunc(np.float32(np.nan))
    assert str(raised.value) == str(pytest.raises(ValueError, to_ints, math.nan).value)


def cmath_more(k, z, w, r, phi):
    if k == 0:
        return cmath.log(z, w)
    if k == 1:
        return cmath.log10(z)
    if k == 2:
        return complex(cmath.polar(z)[0], cmath.polar(z)[1])
    return cmath.rect(r, phi)


def test_cmath_log_base_log10_polar_rect():
    """CPython's quirks included: cmath.log(0, 2) is -inf+nanj (log(z)'s error is forgotten), a
    base of 0 or 1 is ValueError, polar's overflowing modulus OverflowError, rect(r, inf) ValueError."""
    cfunc = njit(cmath_more)
    parts = [0.0, -0.0, 1.0, -1.0, 2.0, 1e308, 1.5e308, math.inf, -math.inf, math.nan]
    for x in parts:
        for y in parts:
            for k in range(4):
                for w in ((2 + 0j, 1 + 0j, 0j, complex(x, y)) if k == 0 else (2j,)):
                    args = (k, complex(x, y), w, x, y)
                    try:
                        want = cmath_more(*args)
                    except (ValueError, OverflowError) as exc:
                        with pytest.raises(type(exc)) as raised:
                            cfunc(*args)
                        assert str(raised.value) == str(exc), f"{args}"
                        continue
                    assert_same(cfunc(*args), want, rtol=1e-14, msg=f"{args}")
