"""The `math` module and the builtins, compiled vs. interpreted.

Inputs are ordinary, edge (0, -0, huge, tiny) and NaN/inf values.  Where
Python's `math` raises (domain or range error), numjit raises the same
exception and message; numba (NUMJIT_TEST_IMPL=numba) may instead return
what C99 returns for that input (NaN, +-inf): the reference for that is
libm itself, called through ctypes.  Nothing here hard-codes a result the compiled code computes.
"""
import ctypes
import ctypes.util
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from helpers import assert_same
from impl import njit, IS_NUMBA

_libm = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")


def c_math(name, *args):
    """C99's answer (libm) for math.name(*args) on doubles, or None if libm has no such function."""
    cname = {"gamma": "tgamma", "fabs": "fabs", "pow": "pow"}.get(name, name)
    fn = getattr(_libm, cname, None)
    if fn is None:
        return None
    fn.restype = ctypes.c_double
    if name == "ldexp":
        fn.argtypes = [ctypes.c_double, ctypes.c_int]
        return fn(float(args[0]), int(args[1]))
    fn.argtypes = [ctypes.c_double] * len(args)
    return fn(*[float(a) for a in args])


# --------------------------------------------------------------------------
# one-argument float functions

FLOAT_INPUTS = [0.5, 1.0, 1.5, 2.0, 3.7, 10.0, 123.456, 1e-10, 1e10, 1e300, 5e-324,
                -0.5, -1.0, -3.7, -1e10, 0.0, -0.0]
SPECIAL_INPUTS = [math.inf, -math.inf, math.nan]
INT_INPUTS = [0, 1, 2, 7, 100, -1, -5, 2**40]

MATH1 = ["sqrt", "exp", "log", "log2", "log10", "log1p", "expm1",
         "sin", "cos", "tan", "asin", "acos", "atan",
         "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
         "fabs", "erf", "erfc", "gamma", "lgamma", "degrees", "radians", "exp2"]
# In the math module but missing from numba (issue 2 asks for every function).
MATH1_NOT_IN_NUMBA = ["cbrt"]
ROUNDING = ["floor", "ceil", "trunc"]
PREDICATES = ["isnan", "isinf", "isfinite"]

# Tolerances: libm and CPython agree to the last bit on most of these, but a
# compiler may use its own vectorisable kernels (DESIGN.md §2): allow a few ulps.
RTOL = {"gamma": 1e-13, "lgamma": 1e-13}
ATOL = {"sin": 1e-15, "cos": 1e-15, "tan": 1e-15, "lgamma": 1e-15, "log": 1e-16, "log2": 1e-16,
        "log10": 1e-16, "acos": 1e-16}
EXACT = {"sqrt", "fabs", "degrees", "radians", "floor", "ceil", "trunc", "copysign", "fmod",
         "isnan", "isinf", "isfinite", "ldexp", "nextafter", "frexp", "modf", "remainder"}


def tolerance(name):
    if name in EXACT:
        return 0.0, 0.0
    return RTOL.get(name, 1e-14), ATOL.get(name, 0.0)


# One wrapper per math function, written out (not exec'd) so that a compiler
# reading the source, as numjit does, sees ordinary user code.

def math_sqrt(x):
    return math.sqrt(x)


def math_exp(x):
    return math.exp(x)


def math_log(x):
    return math.log(x)


def math_log2(x):
    return math.log2(x)


def math_log10(x):
    return math.log10(x)


def math_log1p(x):
    return math.log1p(x)


def math_expm1(x):
    return math.expm1(x)


def math_sin(x):
    return math.sin(x)


def math_cos(x):
    return math.cos(x)


def math_tan(x):
    return math.tan(x)


def math_asin(x):
    return math.asin(x)


def math_acos(x):
    return math.acos(x)


def math_atan(x):
    return math.atan(x)


def math_sinh(x):
    return math.sinh(x)


def math_cosh(x):
    return math.cosh(x)


def math_tanh(x):
    return math.tanh(x)


def math_asinh(x):
    return math.asinh(x)


def math_acosh(x):
    return math.acosh(x)


def math_atanh(x):
    return math.atanh(x)


def math_fabs(x):
    return math.fabs(x)


def math_erf(x):
    return math.erf(x)


def math_erfc(x):
    return math.erfc(x)


def math_gamma(x):
    return math.gamma(x)


def math_lgamma(x):
    return math.lgamma(x)


def math_degrees(x):
    return math.degrees(x)


def math_radians(x):
    return math.radians(x)


def math_exp2(x):
    return math.exp2(x)


def math_cbrt(x):
    return math.cbrt(x)


def math_floor(x):
    return math.floor(x)


def math_ceil(x):
    return math.ceil(x)


def math_trunc(x):
    return math.trunc(x)


def math_isnan(x):
    return math.isnan(x)


def math_isinf(x):
    return math.isinf(x)


def math_isfinite(x):
    return math.isfinite(x)


def math_frexp(x):
    return math.frexp(x)


def math_modf(x):
    return math.modf(x)


def math_atan2(x, y):
    return math.atan2(x, y)


def math_hypot(x, y):
    return math.hypot(x, y)


def math_pow(x, y):
    return math.pow(x, y)


def math_copysign(x, y):
    return math.copysign(x, y)


def math_nextafter(x, y):
    return math.nextafter(x, y)


def math_fmod(x, y):
    return math.fmod(x, y)


def math_remainder(x, y):
    return math.remainder(x, y)


def math_ldexp(x, y):
    return math.ldexp(x, y)


MATH_WRAPPERS = {
    ("sqrt", 1): math_sqrt,
    ("exp", 1): math_exp,
    ("log", 1): math_log,
    ("log2", 1): math_log2,
    ("log10", 1): math_log10,
    ("log1p", 1): math_log1p,
    ("expm1", 1): math_expm1,
    ("sin", 1): math_sin,
    ("cos", 1): math_cos,
    ("tan", 1): math_tan,
    ("asin", 1): math_asin,
    ("acos", 1): math_acos,
    ("atan", 1): math_atan,
    ("sinh", 1): math_sinh,
    ("cosh", 1): math_cosh,
    ("tanh", 1): math_tanh,
    ("asinh", 1): math_asinh,
    ("acosh", 1): math_acosh,
    ("atanh", 1): math_atanh,
    ("fabs", 1): math_fabs,
    ("erf", 1): math_erf,
    ("erfc", 1): math_erfc,
    ("gamma", 1): math_gamma,
    ("lgamma", 1): math_lgamma,
    ("degrees", 1): math_degrees,
    ("radians", 1): math_radians,
    ("exp2", 1): math_exp2,
    ("cbrt", 1): math_cbrt,
    ("floor", 1): math_floor,
    ("ceil", 1): math_ceil,
    ("trunc", 1): math_trunc,
    ("isnan", 1): math_isnan,
    ("isinf", 1): math_isinf,
    ("isfinite", 1): math_isfinite,
    ("frexp", 1): math_frexp,
    ("modf", 1): math_modf,
    ("atan2", 2): math_atan2,
    ("hypot", 2): math_hypot,
    ("pow", 2): math_pow,
    ("copysign", 2): math_copysign,
    ("nextafter", 2): math_nextafter,
    ("fmod", 2): math_fmod,
    ("remainder", 2): math_remainder,
    ("ldexp", 2): math_ldexp,
}

_MATH_CACHE = {}


def compiled_math(name, arity=1):
    """One dispatcher per math function, shared by all the tests that use it."""
    if (name, arity) not in _MATH_CACHE:
        pyfunc = MATH_WRAPPERS[name, arity]
        _MATH_CACHE[name, arity] = (pyfunc, njit(pyfunc))
    return _MATH_CACHE[name, arity]


ARITHMETIC_ERRORS = (ValueError, OverflowError, ZeroDivisionError)


def check_math(name, args, arity=1):
    """Compare compiled math.name(*args) with Python; on Python errors numjit raises the same
    (numba: C99's answer)."""
    pyfunc, cfunc = compiled_math(name, arity)
    rtol, atol = tolerance(name)
    try:
        want = pyfunc(*args)
    except ARITHMETIC_ERRORS as exc:
        if not IS_NUMBA:                    # numjit raises what Python raises, message included
            with pytest.raises(type(exc)) as raised:
                cfunc(*args)
            assert str(raised.value) == str(exc), f"math.{name}{args}"
            return "raised"
        try:
            got = cfunc(*args)
        except ARITHMETIC_ERRORS:
            # e.g. math.pow(0, -2): Python raises ValueError, an integer power
            # implementation may raise ZeroDivisionError like `0 ** -2` does
            return "raised"
        c_value = c_math(name, *args)
        assert c_value is not None, f"math.{name}{args}: Python raises {exc!r}, compiled returned {got!r}"
        assert_same(got, c_value, rtol=rtol, atol=atol,
                    msg=f"math.{name}{args}: Python raises {type(exc).__name__}; C99 gives {c_value!r}")
        return "c99"
    got = cfunc(*args)
    assert_same(got, want, rtol=rtol, atol=atol, kind=type(want), msg=f"math.{name}{args}")
    return "python"


def math1_params(names, marks=()):
    """One param per function; skipped where this Python's math lacks it (exp2, cbrt: 3.11+)."""
    marks = list(marks) if isinstance(marks, (list, tuple)) else [marks]
    return [pytest.param(n, id=n, marks=marks + [pytest.mark.skipif(
        not hasattr(math, n), reason=f"math.{n} is new in Python 3.11")]) for n in names]


ALL_MATH1 = math1_params(MATH1) + math1_params(MATH1_NOT_IN_NUMBA, pytest.mark.numjit_only)


@pytest.mark.parametrize("name", ALL_MATH1)
def test_math1_float(name):
    for x in FLOAT_INPUTS + SPECIAL_INPUTS:
        check_math(name, (x,))


@pytest.mark.parametrize("name", ALL_MATH1)
def test_math1_int(name):
    for x in INT_INPUTS:
        check_math(name, (x,))


@pytest.mark.parametrize("name", ALL_MATH1)
def test_math1_float32_argument(name):
    """A float32 argument may be computed in float32: compare at float32 precision."""
    pyfunc, cfunc = compiled_math(name)
    for x in [0.5, 1.5, 3.7, -0.5, 0.0, 10.0]:
        try:
            want = pyfunc(float(np.float32(x)))
        except (ValueError, OverflowError):
            continue
        got = cfunc(np.float32(x))
        assert_same(got, want, rtol=2e-6, atol=1e-7, kind=float, msg=f"math.{name}(float32({x}))")


@pytest.mark.parametrize("name", ROUNDING)
def test_math_rounding_to_int(name):
    """floor/ceil/trunc return an int, as in Python."""
    for x in [0.5, 1.0, 1.5, 2.5, -0.5, -1.5, -2.5, 0.0, -0.0, 1e15 + 0.5, -123.999] + INT_INPUTS:
        check_math(name, (x,))
    _, cfunc = compiled_math(name)
    for x in [np.float32(2.5), np.float32(-2.5)]:
        assert_same(cfunc(x), getattr(math, name)(float(x)), kind=int)


@pytest.mark.parametrize("name", PREDICATES)
def test_math_predicates(name):
    for x in FLOAT_INPUTS + SPECIAL_INPUTS + INT_INPUTS:
        check_math(name, (x,))
    _, cfunc = compiled_math(name)
    for x in [np.float32(np.nan), np.float32(np.inf), np.float32(1.0)]:
        assert_same(cfunc(x), getattr(math, name)(float(x)), kind=bool)


@pytest.mark.parametrize("name", ["sqrt", "log", "log10", "log2", "acos", "asin", "acosh", "atanh",
                                  "gamma", "lgamma", "exp", "cosh", "sinh", "expm1"])
def test_math_domain_and_range_errors(name):
    """Python raises; numjit raises the same (numba returns C99's NaN/inf)."""
    outcomes = []
    for x in [-1.0, -0.0, 0.0, 2.0, 1e5, -1e5, -2.0]:
        outcomes.append(check_math(name, (x,)))
    assert outcomes  # at least the inputs above were checked


# --------------------------------------------------------------------------
# two-argument functions

PAIR_INPUTS = [-2.5, -1.0, -0.0, 0.0, 0.5, 1.0, 3.0, 1e300, math.inf, -math.inf, math.nan]
MATH2 = ["atan2", "hypot", "pow", "copysign", "nextafter"]
MATH2_NOT_IN_NUMBA = ["fmod", "remainder"]


@pytest.mark.parametrize("name", math1_params(MATH2) +
                         math1_params(MATH2_NOT_IN_NUMBA, pytest.mark.numjit_only))
def test_math2_float(name):
    for x in PAIR_INPUTS:
        for y in PAIR_INPUTS:
            check_math(name, (x, y), arity=2)


@pytest.mark.parametrize("name", math1_params(["atan2", "hypot", "pow", "copysign"]) +
                         math1_params(["fmod"], pytest.mark.numjit_only))
def test_math2_int_and_mixed(name):
    for x in [-3, 0, 2, 7]:
        for y in [-2, 1, 3, 2.5]:
            check_math(name, (x, y), arity=2)


def test_math_ldexp_frexp():
    for x in [0.0, -0.0, 0.75, -3.5, 1e300, 5e-324, math.inf, math.nan]:
        for n in [0, 3, -2, 1000, -1100]:
            check_math("ldexp", (x, n), arity=2)
        if math.isfinite(x):
            check_math("frexp", (x,))


@pytest.mark.numjit_only
def test_math_modf():
    # numba has no math.modf
    for x in [0.0, -0.0, 2.5, -2.5, 1e300, math.inf, -math.inf, math.nan]:
        check_math("modf", (x,))


def log_base(x, b):
    return math.log(x, b)


@pytest.mark.numjit_only
def test_math_log_two_args():
    # numba rejects math.log with two arguments (TypingError)
    cfunc = njit(log_base)
    for x, b in [(8.0, 2.0), (100, 10), (2.5, 0.5), (1e300, 7.0)]:
        assert_same(cfunc(x, b), log_base(x, b), rtol=1e-14)


def gcd2(a, b):
    return math.gcd(a, b)


def test_math_gcd():
    cfunc = njit(gcd2)
    for a in [0, 1, 12, -12, 18, 2**40, -7]:
        for b in [0, 1, 18, -8, 2**20 * 3]:
            assert_same(cfunc(a, b), gcd2(a, b), kind=int)
    assert cfunc(np.int8(12), np.int8(18)) == 6


def int_functions(n, k):
    return math.factorial(n), math.comb(n, k), math.perm(n, k), math.isqrt(n), math.lcm(n, k + 1)


@pytest.mark.numjit_only
def test_math_integer_functions():
    # numba has no math.factorial, comb, perm, isqrt, lcm
    cfunc = njit(int_functions)
    for n in [0, 1, 5, 20]:
        for k in [0, 1, 3]:
            assert_same(cfunc(n, k), int_functions(n, k))
    with pytest.raises(ValueError):
        cfunc(-1, 0)


def factorial1(n):
    return math.factorial(n)


def comb2(n, k):
    return math.comb(n, k)


def perm2(n, k):
    return math.perm(n, k)


def _fits_or_overflows(cfunc, pyfunc, *args):
    """The compiled result equals Python's where that fits int64; OverflowError where it does not."""
    want = pyfunc(*args)
    if want <= 2**63 - 1:
        assert_same(cfunc(*args), want, kind=int)
    else:
        with pytest.raises(OverflowError, match="too large for int64"):
            cfunc(*args)


@pytest.mark.numjit_only
@pytest.mark.parametrize("n", [19, 20, 21, 22, 30, 1000])
def test_factorial_overflow(n):
    _fits_or_overflows(njit(factorial1), factorial1, n)


_COMPILED = {}          # comb2/perm2 compiled once for the module's tests (not once per example)


def _compiled(fn):
    if fn not in _COMPILED:
        _COMPILED[fn] = njit(fn)
    return _COMPILED[fn]


@pytest.mark.numjit_only
@pytest.mark.parametrize("fn", [comb2, perm2])
@pytest.mark.parametrize("n, k", [(100, 50), (60, 30), (66, 33), (67, 33), (62, 31), (20, 20), (21, 21),
                                  (10**18, 1), (10**9, 2), (3037000500, 2), (2**62, 2), (70, 0), (5, 7)])
def test_comb_perm_overflow(fn, n, k):
    _fits_or_overflows(_compiled(fn), fn, n, k)


@pytest.mark.numjit_only
@settings(max_examples=150, deadline=None)
@given(st.integers(0, 200), st.integers(0, 200))
def test_comb_perm_near_the_int64_limit(n, k):
    _fits_or_overflows(_compiled(comb2), comb2, n, k)
    _fits_or_overflows(_compiled(perm2), perm2, n, k)


def isclose_default(a, b):
    return math.isclose(a, b)


def isclose_tolerances(a, b):
    return math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-6)


@pytest.mark.numjit_only
def test_math_isclose():
    # numba has no math.isclose
    f1, f2 = njit(isclose_default), njit(isclose_tolerances)
    for a, b in [(1.0, 1.0 + 1e-10), (1.0, 1.001), (0.0, 1e-7), (math.inf, math.inf),
                 (math.nan, math.nan), (1, 1), (100.0, 100.05)]:
        assert f1(a, b) == isclose_default(a, b)
        assert f2(a, b) == isclose_tolerances(a, b)


# --------------------------------------------------------------------------
# constants

def constants():
    return math.pi, math.e, math.inf, -math.inf, math.nan, math.tau


def constant_arithmetic(x):
    return x * math.pi / 180.0 + math.e


def test_math_constants():
    assert_same(njit(constants)(), constants())
    assert_same(njit(constant_arithmetic)(90.0), constant_arithmetic(90.0))


# --------------------------------------------------------------------------
# builtins: abs, min, max, round

def abs_(x):
    return abs(x)


def min2(a, b):
    return min(a, b)


def max2(a, b):
    return max(a, b)


def min3(a, b, c):
    return min(a, b, c)


def max4(a, b, c, d):
    return max(a, b, c, d)


def max_tuple(t):
    return max(t)


def min_tuple(t):
    return min(t)


jit_abs = njit(abs_)


@pytest.mark.parametrize("x", [0, 5, -5, 2**62, -(2**62), 0.0, -0.0, -2.5, math.inf, -math.inf,
                               math.nan, 3 + 4j, -1j, complex(math.inf, 1), True, False])
def test_abs_python_scalars(x):
    assert_same(jit_abs(x), abs(x), kind=type(abs(x)), signed_zero=True)


@pytest.mark.parametrize("t", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint64,
                               np.float32, np.float64, np.complex64, np.complex128])
def test_abs_numpy_scalars(t):
    for v in ([-5, 0, 7] if np.dtype(t).kind in "ic" else [0, 7]) + \
             ([-2.5, 1.5] if np.dtype(t).kind in "fc" else []):
        x = t(v)
        want = abs(x)
        assert_same(jit_abs(x), want, rtol=1e-6 if np.dtype(t).kind == "c" else 0.0,
                    kind={"i": int, "u": int, "f": float, "c": float}[np.dtype(t).kind])


@pytest.mark.parametrize("fn", [min2, max2], ids=lambda f: f.__name__)
def test_min_max_two(fn):
    cfunc = njit(fn)
    for a, b in [(1, 2), (2, 1), (-3, -3), (1.5, -2.5), (-0.5, 0.25), (True, False)]:
        assert_same(cfunc(a, b), fn(a, b))
    for a, b in [(1, 2.5), (3, 2.5)]:         # mixed int/float: numba unifies to float64
        assert cfunc(a, b) == fn(a, b)
    for a, b in [(np.int8(-3), np.int8(4)), (np.float32(1.5), np.float32(-1.0))]:
        assert cfunc(a, b) == fn(a, b)


@pytest.mark.parametrize("fn", [min2, max2], ids=lambda f: f.__name__)
def test_min_max_nan_follow_python(fn):
    """Python keeps the first argument when comparisons with NaN are false."""
    cfunc = njit(fn)
    for a, b in [(math.nan, 1.0), (1.0, math.nan), (math.nan, math.nan), (math.inf, math.nan),
                 (-math.inf, 1.0)]:
        assert_same(cfunc(a, b), fn(a, b), msg=f"{fn.__name__}({a}, {b})")


def test_min_max_many_args():
    c3, c4 = njit(min3), njit(max4)
    for args in [(3, 1, 2), (1, 2, 3), (2.5, -1.0, 7.0), (5, 5, 5)]:
        assert_same(c3(*args), min3(*args))
    for args in [(3, 1, 2, 0), (1, 2, 3, 4), (2.5, -1.0, 7.0, 7.0), (-1, -2, -3, -4)]:
        assert_same(c4(*args), max4(*args))


def test_min_max_of_tuple():
    cmax, cmin = njit(max_tuple), njit(min_tuple)
    for t in [(1, 5, 3), (2.5, -1.0, 0.0), (7,)]:
        assert_same(cmax(t), max_tuple(t))
        assert_same(cmin(t), min_tuple(t))


def round1(x):
    return round(x)


def round2(x, n):
    return round(x, n)


@pytest.mark.parametrize("x", [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 3.7, -3.7,
                               1e15 + 0.5, 0.0, -0.0, 7, -3])
def test_round_one_arg(x):
    """round(x) rounds half to even and returns an int."""
    assert_same(njit(round1)(x), round1(x), kind=int)


def test_round_one_arg_float32():
    cfunc = njit(round1)
    for x in [np.float32(2.5), np.float32(3.5), np.float32(-1.25)]:
        assert cfunc(x) == round(float(x))


@pytest.mark.parametrize("x,n", [(3.14159, 2), (3.14159, 0), (-3.14159, 3), (1234.5678, -2),
                                 (0.125, 2), (2.5, 0), (-0.0, 1), (1e300, 2), (123.456, 10),
                                 (math.inf, 2), (math.nan, 1)])
def test_round_two_args(x, n):
    assert_same(njit(round2)(x, n), round2(x, n), kind=float, signed_zero=True)


def test_round_int_with_ndigits():
    cfunc = njit(round2)
    for x, n in [(15, -1), (1234, -2), (7, 2)]:
        assert cfunc(x, n) == round2(x, n)   # numba returns a float here, Python an int


@pytest.mark.numjit_only
@pytest.mark.parametrize("x,n", [(2.675, 2), (0.285, 2), (1.005, 2), (2.345, 2), (0.5, 0),
                                 (1.0000000000000002, 15)])
def test_round_two_args_correctly_rounded(x, n):
    # CPython's round(x, n) is correctly rounded (2.675 is stored as
    # 2.67499999..., so round(2.675, 2) == 2.67); numba multiplies by 10**n and
    # rounds, giving 2.68.  numjit follows Python.
    assert_same(njit(round2)(x, n), round2(x, n), kind=float)


# --------------------------------------------------------------------------
# builtins: int, float, bool, complex, len

def to_int(x):
    return int(x)


def to_float(x):
    return float(x)


def to_bool(x):
    return bool(x)


def to_complex1(x):
    return complex(x)


def to_complex2(a, b):
    return complex(a, b)


@pytest.mark.parametrize("x", [0, 7, -7, True, False, 2.7, -2.7, 0.5, -0.5, 1e15 + 0.5, -0.0,
                               np.int8(-5), np.uint16(60000), np.float32(-3.75), np.float64(9.99)])
def test_int_conversion(x):
    assert_same(njit(to_int)(x), int(x), kind=int)


# numba rejects float(bool) and complex(bool) ("only support for numbers"); Python accepts them.
BOOL_ARG = pytest.param(True, marks=pytest.mark.numjit_only, id="True")


@pytest.mark.parametrize("x", [0, 7, -7, 2**53 + 1, BOOL_ARG, 2.5, -0.0, math.inf, math.nan,
                               np.int8(-5), np.uint64(2**64 - 1), np.float32(0.1)])
def test_float_conversion(x):
    assert_same(njit(to_float)(x), float(x), kind=float, signed_zero=True)


@pytest.mark.parametrize("x", [0, 5, -1, 0.0, -0.0, 0.5, math.nan, math.inf, True, False, 0j, 1j,
                               np.int8(0), np.float32(0.25), np.complex64(0)])
def test_bool_conversion(x):
    assert_same(njit(to_bool)(x), bool(x), kind=bool)


def test_complex_conversion():
    c1, c2 = njit(to_complex1), njit(to_complex2)
    for x in [0, 3, -2.5, 1 + 2j, np.float32(1.5)]:
        assert_same(c1(x), complex(x), kind=complex)
    for a, b in [(1, 2), (1.5, -2.5), (0, 0.0), (np.int8(3), 3)]:
        assert_same(c2(a, b), complex(a, b), kind=complex)


@pytest.mark.numjit_only
def test_complex_from_bool():
    # numba rejects complex(bool); Python gives (1+0j)
    assert_same(njit(to_complex1)(True), complex(True), kind=complex)
    assert_same(njit(to_complex2)(True, False), complex(True, False), kind=complex)


def len_of(x):
    return len(x)


def len_of_range(a, b, c):
    return len(range(a, b, c))


def test_len():
    cfunc = njit(len_of)
    for x in [np.arange(5), np.zeros((3, 4)), np.zeros((0, 2)), (1, 2, 3), (1.5,)]:
        assert cfunc(x) == len(x)
    crange = njit(len_of_range)
    for args in [(0, 10, 3), (10, 0, -2), (5, 5, 1), (0, 7, 100)]:
        assert crange(*args) == len_of_range(*args)


# --------------------------------------------------------------------------
# builtins: isinstance on scalar types

def isinstance_checks(x):
    return (isinstance(x, int), isinstance(x, float), isinstance(x, complex),
            isinstance(x, (int, float)))


def isinstance_branch(x):
    if isinstance(x, float):
        return x * 2.0
    elif isinstance(x, int):
        return x + 1
    return 0


@pytest.mark.parametrize("x", [3, 2.5, 1j, -7, 0.0])
def test_isinstance_scalars(x):
    assert njit(isinstance_checks)(x) == isinstance_checks(x)


@pytest.mark.numjit_only
def test_isinstance_bool_is_int():
    # numba: isinstance(True, int) is False; in Python bool is a subclass of int.
    assert njit(isinstance_checks)(True) == isinstance_checks(True)


def test_isinstance_branch():
    cfunc = njit(isinstance_branch)
    for x in [3, 2.5, -1]:
        assert cfunc(x) == isinstance_branch(x)


# --------------------------------------------------------------------------
# print (compiled code writes to the C stdout: capture with capfd)

def print_int(x):
    print(x)


def print_several(a, b):
    print(a, b)
    print("value:", a)
    print()


def print_in_loop(n):
    for i in range(n):
        print(i, i * 0.5)


def print_bool_and_float(flag, x):
    print(flag, x, -x)


def run_and_capture(capfd, fn, *args):
    import sys
    sys.stdout.flush()
    capfd.readouterr()
    fn(*args)
    sys.stdout.flush()
    return capfd.readouterr().out


@pytest.mark.parametrize("fn,args", [
    (print_int, (42,)), (print_int, (-7,)), (print_int, (2.5,)), (print_int, (True,)),
    (print_several, (3, 4.25)), (print_in_loop, (4,)), (print_bool_and_float, (False, 1.5)),
    (print_int, (1e20,)), (print_int, (0.1,)), (print_int, (math.nan,)), (print_int, (-math.inf,)),
    (print_int, (1 + 2j,)),
], ids=lambda v: getattr(v, "__name__", repr(v)))
def test_print(capfd, fn, args):
    cfunc = njit(fn)
    want = run_and_capture(capfd, fn, *args)
    got = run_and_capture(capfd, cfunc, *args)
    assert got == want


def test_print_interleaves_with_python_output(capfd):
    cfunc = njit(print_int)
    import sys
    capfd.readouterr()
    print("before")
    sys.stdout.flush()
    cfunc(1)
    print("after")
    sys.stdout.flush()
    assert capfd.readouterr().out == "before\n1\nafter\n"

