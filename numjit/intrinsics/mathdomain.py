"""Python's errors for `math` and `cmath` functions outside their domain: CPython's post-checks.

CPython's mathmodule.c calls libm, then looks at the result (math_1, math_1a, math_2, loghelper,
math_pow, math_ldexp): a nan from arguments that are not nan is ValueError("math domain error");
an infinity from finite arguments is OverflowError("math range error") where the function can
overflow, ValueError where it is a pole (log(0.0), atanh(1.0), gamma(0.0), 0.0 ** -1).
`CHECKS` says which rule each function follows; `post_check` emits it after the call as two
rarely taken guards. They are speculable (lowering/speculate.py), so loops calling math
functions still vectorise. Checked in user code under error_model="python" (jit's default), not
in CUDA kernels, as division by zero; NumPy's functions (np.sqrt..., numjit's library) keep
NumPy's nan/inf. float32
arguments (computed in float32, numba's rule) raise ValueError as float64 ones do, but an overflow
of the float32 range is no Python error (math.exp(100.0) is finite): it stays inf.

    >>> CHECKS[math.sqrt], CHECKS[math.exp], CHECKS[math.gamma], math.fabs in CHECKS
    ('domain', 'overflow', 'gamma', False)
    >>> DOMAIN_ERROR, RANGE_ERROR
    ('math domain error', 'math range error')

`float_to_int` is the float -> int of math.floor/ceil/trunc, round(x) and int(x), with Python's
errors for nan and inf (`int(math.nan)` is ValueError, not INT64_MIN). On x86-64 its hot path is
the conversion and one integer test of its result (`_x86_truncate`), so a loop converting floats
(a histogram's bins) runs as fast as the unchecked loop but for that test.
"""
import cmath
import math

from llvmlite import ir


def _python_error(call):
    try:
        call()
    except (ValueError, OverflowError, ZeroDivisionError) as exc:
        return str(exc)
    raise AssertionError(f"{call} raised nothing")


# CPython's own wording, read from the running interpreter
DOMAIN_ERROR = _python_error(lambda: math.acos(2.0))
RANGE_ERROR = _python_error(lambda: math.exp(1000.0))
LOG_BASE_ONE = _python_error(lambda: math.log(2.0, 1.0))        # ZeroDivisionError: log(x) / log(1)

# function -> what an infinite result from finite arguments raises (a nan result from arguments
# that are not nan is always ValueError):
#   domain    ValueError (math_1 without can_overflow, loghelper, fmod, math_2)
#   overflow  OverflowError (math_1 with can_overflow, ldexp)
#   gamma     ValueError at 0 and the negative integers, OverflowError elsewhere (math_1a)
#   pow       ValueError for 0.0 ** negative, OverflowError elsewhere (math_pow)
# Functions not listed never give nan or inf from ordinary arguments (fabs, atan, erf, copysign,
# hypot, atan2, nextafter...).
CHECKS = {
    math.sqrt: "domain", math.log: "domain", math.log2: "domain", math.log10: "domain",
    math.log1p: "domain", math.sin: "domain", math.cos: "domain", math.tan: "domain",
    math.asin: "domain", math.acos: "domain", math.acosh: "domain", math.atanh: "domain",
    math.fmod: "domain", math.remainder: "domain",
    math.exp: "overflow", math.expm1: "overflow", math.sinh: "overflow", math.cosh: "overflow",
    math.ldexp: "overflow",
    math.gamma: "gamma", math.lgamma: "gamma",
    math.pow: "pow",
}
if hasattr(math, "exp2"):
    CHECKS[math.exp2] = "overflow"
# cmath (complex results: a nan part from arguments without nan is ValueError, an infinite part
# from finite arguments is OverflowError but at the poles of log, atan and atanh; checked against
# CPython on a grid of special values)
CHECKS.update({f: "overflow" for f in (cmath.exp, cmath.sqrt, cmath.sin, cmath.cos, cmath.tan, cmath.sinh,
                                       cmath.cosh, cmath.tanh, cmath.asin, cmath.acos, cmath.asinh, cmath.acosh)})
CHECKS.update({cmath.log: "domain", cmath.atan: "domain", cmath.atanh: "domain"})

# a test on the argument, true at least wherever the function raises (one compare in the
# speculative fast loop instead of several on the result): sqrt(x) raises only for x < 0...
FAST_TESTS = {math.sqrt: ("<", 0.0), math.log: ("<=", 0.0), math.log2: ("<=", 0.0), math.log10: ("<=", 0.0),
              math.log1p: ("<=", -1.0), math.exp: (">", 709.0), math.expm1: (">", 709.0)}
# ...and for these the test is exactly CPython's condition (a nan or pole result from an ordered
# argument, never an overflow), so the checked code is that one compare too
EXACT_TESTS = {math.sqrt, math.log, math.log2, math.log10, math.log1p}


def _at_nonpositive_integer(low, args):
    b = low.builder
    x = args[0]
    floor = b.call(low.ctx.intrinsic("floor", [x.type]), [x])
    return b.and_(b.fcmp_ordered("<=", x, ir.Constant(x.type, 0.0)), b.fcmp_ordered("==", floor, x))


def _at_zero(low, args):
    return low.builder.fcmp_ordered("==", args[0], ir.Constant(args[0].type, 0.0))


# kind -> None (always ValueError) | True (always OverflowError) | the test for ValueError
_POLE_TEST = {"domain": None, "overflow": True, "gamma": _at_nonpositive_integer, "pow": _at_zero}


def _finite(low, v):
    b = low.builder
    fabs = b.call(low.ctx.intrinsic("fabs", [v.type]), [v])
    return b.fcmp_ordered("<", fabs, ir.Constant(v.type, math.inf))


def _all_finite(low, values):
    b = low.builder
    result = _finite(low, values[0])
    for v in values[1:]:
        result = b.and_(result, _finite(low, v))
    return result


def checked_here(low):
    """Are math calls checked in the function `low` lowers? Not in numjit's own library (np.sign,
    np.exp on complex... use math.* and keep NumPy's nan/inf), CUDA kernels or error_model="numpy"."""
    from ..lowering.lower import _is_library
    return low.error_model == "python" and not getattr(low.ctx, "is_cuda", False) and not _is_library(low.src.pyfunc)


def post_check(low, func, args, result):
    """After `result = func(*args)` (float values; a complex's are its two parts, `result` then a
    list of the two): raise what CPython raises for these arguments."""
    kind = CHECKS.get(func)
    if kind is None or not checked_here(low):
        return
    b = low.builder
    results = result if isinstance(result, list) else [result]
    floats = [a for a in args if isinstance(a.type, (ir.FloatType, ir.DoubleType))]
    fast = FAST_TESTS.get(func)
    if fast is not None and (low.fast_loop is not None or (func in EXACT_TESTS and len(args) == 1)):
        # one compare of the argument: CPython's exact condition, or in a speculative loop a cheap
        # test covering every error (the block then reruns checked, where the precise rules apply)
        suspect = b.fcmp_ordered(fast[0], floats[0], ir.Constant(floats[0].type, fast[1]))
        low.guard(suspect, ValueError, DOMAIN_ERROR, speculable=True)
        return
    none_nan = b.fcmp_ordered("ord", floats[0], floats[-1])
    if low.fast_loop is not None:       # no cheap test: a non-finite result from arguments without nan
        low.fast_loop.fail(b.and_(b.not_(_all_finite(low, results)), none_nan))
        return
    bad_nan = b.and_(b.fcmp_unordered("uno", results[0], results[-1]), none_nan)
    all_finite = _all_finite(low, floats)
    infinite = ir.Constant(ir.IntType(1), 0)
    for r in results:
        fabs = b.call(low.ctx.intrinsic("fabs", [r.type]), [r])
        infinite = b.or_(infinite, b.fcmp_ordered("==", fabs, ir.Constant(r.type, math.inf)))
    blown = b.and_(infinite, all_finite)
    test = _POLE_TEST[kind]
    if test is None:
        pole, overflow = blown, None
    elif test is True:
        pole, overflow = None, blown
    else:
        pole = b.and_(blown, test(low, floats))
        overflow = b.and_(blown, b.not_(pole))
    if isinstance(results[0].type, ir.FloatType):
        overflow = None                 # float32: its range is not Python's (math.exp(100.0) is finite)
    low.guard(bad_nan if pole is None else b.or_(bad_nan, pole), ValueError, DOMAIN_ERROR, speculable=True)
    if overflow is not None:
        low.guard(overflow, OverflowError, RANGE_ERROR, speculable=True)


NAN_TO_INT = _python_error(lambda: int(math.nan))
INF_TO_INT = _python_error(lambda: int(math.inf))


# x86-64's truncating conversions, which give INT64_MIN for nan, inf and values past int64 (the
# "integer indefinite"): float type -> (intrinsic, its vector operand's lanes, the float's width
# in bits, -2**63's bits)
_X86_TRUNCATE = {"double": ("llvm.x86.sse2.cvttsd2si64", 2, 64, 0xC3E0000000000000),
                 "float": ("llvm.x86.sse.cvttss2si64", 4, 32, 0xDF000000)}


def _raise_float_to_int(low, value, name):
    """In a block where `value` does not fit int64: Python's error for it."""
    low.guard(low.builder.fcmp_unordered("uno", value, value), ValueError, NAN_TO_INT)
    low.guard(low.builder.not_(_finite(low, value)), OverflowError, INF_TO_INT)
    low.raise_error(OverflowError, f"{name}() result too large for int64")


def _x86_truncate(low, value, name):
    """int64 from `value` with one integer test on the hot path: x86's conversion gives INT64_MIN
    exactly when the value does not fit, or is -2**63 itself (tested on the bits, so the rare
    block stays shallow and LLVM still turns the loop's selects into branches)."""
    b, ctx = low.builder, low.ctx
    fname, lanes, width, min_bits = _X86_TRUNCATE[str(value.type)]
    vec_ty = ir.VectorType(value.type, lanes)
    fn = ctx.module.globals.get(fname) or ir.Function(ctx.module, ir.FunctionType(ir.IntType(64), [vec_ty]), fname)
    result = b.call(fn, [b.insert_element(ir.Constant(vec_ty, None), value, ir.Constant(ir.IntType(32), 0))])
    with b.if_then(b.icmp_signed("==", result, ir.Constant(ir.IntType(64), -2 ** 63)), likely=False):
        bits_ty = ir.IntType(width)
        exact = b.icmp_unsigned("==", b.bitcast(value, bits_ty), ir.Constant(bits_ty, min_bits))
        with b.if_then(b.not_(exact), likely=False):
            _raise_float_to_int(low, value, name)
    return result


def float_to_int(low, value, name):
    """int64 from an integral-valued float (math.floor/ceil/trunc, round(x)) or a float (int(x)):
    nan is ValueError and inf OverflowError as in Python; a value past int64, which Python would
    give as a big int, is OverflowError (never a wrapped value)."""
    b = low.builder
    if not checked_here(low):
        return b.fptosi(value, ir.IntType(64))
    if low.fast_loop is None and str(value.type) in _X86_TRUNCATE and low.ctx.module.triple.startswith("x86_64"):
        return _x86_truncate(low, value, name)
    ty = value.type
    fits = b.and_(b.fcmp_ordered(">=", value, ir.Constant(ty, -2.0 ** 63)),
                  b.fcmp_ordered("<", value, ir.Constant(ty, 2.0 ** 63)))
    if low.fast_loop is not None:         # leaves the fast loop: the block reruns checked
        low.guard(b.not_(fits), OverflowError, f"{name}() result too large for int64")
    else:                                 # one test on the hot path; which error, only when it fails
        with b.if_then(b.not_(fits), likely=False):
            _raise_float_to_int(low, value, name)
    return b.fptosi(value, ir.IntType(64))
