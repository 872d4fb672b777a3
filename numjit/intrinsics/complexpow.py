"""Complex `**`, computed the way the reference computes it, operation for operation.

Python's complex (error_model="python", complex128): CPython's `complex_pow`. An exponent with
no imaginary part and an integral real part of at most 100 in magnitude is a chain of complex
products (binary powering from 1 + 0j, a quotient for a negative power); any other exponent is
`_Py_c_pow` (pow of the modulus, atan2 of the argument). A result with an infinite part is
OverflowError("complex exponentiation"); zero to a negative or complex power (also a power that
underflows to zero and is then inverted) is ZeroDivisionError, as in CPython.

NumPy (arrays, error_model="numpy", complex64): NumPy's `npy_cpow`. 0 ** b is 0 for a positive
real part of b, else nan; integral exponents of magnitude below 100 are products (1, 2 and 3
unrolled); the rest is exp(b * log(a)) as C99's cpow.

    >>> import numjit
    >>> numjit.njit(lambda z, n: z ** n)(2 + 3j, 3) == (2 + 3j) ** 3
    True
"""
import math

from llvmlite import ir

from .mathfuncs import call_float_function

BITS = 7            # binary powering covers |n| < 2**7, enough for both references' limit (100)
I64 = ir.IntType(64)


def _python_error(expr, cls):
    try:
        eval(expr)
    except cls as exc:
        return str(exc)
    return ""


OVERFLOW = _python_error("(1e200 + 1e200j) ** 2.5", OverflowError) or "complex exponentiation"
ZERO_POWER = _python_error("0j ** -1", ZeroDivisionError) or "0.0 to a negative or complex power"


def _mul(b, x, y):
    """(xr + xi j) * (yr + yi j) as both references write it."""
    (xr, xi), (yr, yi) = x, y
    return b.fsub(b.fmul(xr, yr), b.fmul(xi, yi)), b.fadd(b.fmul(xr, yi), b.fmul(xi, yr))


def _select(b, cond, x, y):
    return b.select(cond, x[0], y[0]), b.select(cond, x[1], y[1])


def _power(b, a, n, one, zero):
    """a ** n for 0 <= n < 2**BITS: r = 1 + 0j times the squares a**(2**k) whose bit k is set in n
    (CPython's c_powu and NumPy's loop; squares past n's top bit are never used)."""
    r, p = (one, zero), a
    for k in range(BITS):
        bit = b.icmp_unsigned("!=", b.and_(n, ir.Constant(I64, 1 << k)), ir.Constant(I64, 0))
        r = _select(b, bit, _mul(b, r, p), r)
        if k + 1 < BITS:
            p = _mul(b, p, p)
    return r


def _quotient(low, a, c, numpy):
    """a / c by Smith's method (CPython's _Py_c_quot; NumPy's cdiv multiplies by 1 / denom)."""
    b = low.builder
    (ar, ai), (cr, ci) = a, c
    fabs = lambda x: b.call(low.ctx.intrinsic("fabs", [x.type]), [x])
    one = ir.Constant(cr.type, 1.0)
    by_real = b.fcmp_ordered(">=", fabs(cr), fabs(ci))
    rat1, rat2 = b.fdiv(ci, cr), b.fdiv(cr, ci)
    den1, den2 = b.fadd(cr, b.fmul(ci, rat1)), b.fadd(b.fmul(cr, rat2), ci)
    top1 = b.fadd(ar, b.fmul(ai, rat1)), b.fsub(ai, b.fmul(ar, rat1))
    top2 = b.fadd(b.fmul(ar, rat2), ai), b.fsub(b.fmul(ai, rat2), ar)
    if numpy:
        s1, s2 = b.fdiv(one, den1), b.fdiv(one, den2)
        q1, q2 = (b.fmul(top1[0], s1), b.fmul(top1[1], s1)), (b.fmul(top2[0], s2), b.fmul(top2[1], s2))
        zero = ir.Constant(cr.type, 0.0)       # by zero: a / |0|, inf or nan, no exception
        by_zero = b.and_(b.fcmp_ordered("==", cr, zero), b.fcmp_ordered("==", ci, zero))
        q1 = _select(b, by_zero, (b.fdiv(ar, fabs(cr)), b.fdiv(ai, fabs(cr))), q1)
    else:
        q1, q2 = (b.fdiv(top1[0], den1), b.fdiv(top1[1], den1)), (b.fdiv(top2[0], den2), b.fdiv(top2[1], den2))
    return _select(b, by_real, q1, q2)


def _is_inf(low, x):
    fabs = low.ctx.intrinsic("fabs", [x.type])
    return low.builder.fcmp_ordered("==", low.builder.call(fabs, [x]), ir.Constant(x.type, math.inf))


def _integral(low, a, cr, integral, numpy):
    """The product path (the caller checked that the exponent is a small integer)."""
    b = low.builder
    f = cr.type
    zero, one = ir.Constant(f, 0.0), ir.Constant(f, 1.0)
    n = b.fptosi(b.select(integral, cr, zero), I64)     # 0 on the special paths (no poison)
    negative = b.icmp_signed("<", n, ir.Constant(I64, 0))
    r = _power(b, a, b.select(negative, b.neg(n), n), one, zero)
    if numpy:
        for k, value in ((3, _mul(b, a, _mul(b, a, a))), (2, _mul(b, a, a)), (1, a)):
            r = _select(b, b.icmp_signed("==", n, ir.Constant(I64, k)), value, r)
        return _select(b, negative, _quotient(low, (one, zero), r, True), r)
    # CPython: c_quot(1, c_powu(a, -n)) for n <= 0 (n == 0 too: 1 / (1 + 0j))
    positive = b.icmp_signed(">", n, ir.Constant(I64, 0))
    vanished = b.and_(b.fcmp_ordered("==", r[0], zero), b.fcmp_ordered("==", r[1], zero))
    low.guard(b.and_(b.not_(positive), vanished), ZeroDivisionError, ZERO_POWER)
    return _select(b, positive, r, _quotient(low, (one, zero), r, False))


def _general(low, a, cr, ci, numpy):
    """Any other exponent (the caller handled a zero exponent and a zero base)."""
    b = low.builder
    f = cr.type
    from ..types import float32, float64
    fty = float32 if f == ir.FloatType() else float64
    call = lambda kind, name, *args: call_float_function(low, kind, name, list(args), fty)
    ar, ai = a
    vabs, at = call("libm", "hypot", ar, ai), call("libm", "atan2", ai, ar)
    if numpy:          # C99 cpow: exp(b * log(a))
        logr = call("llvm", "log", vabs)
        re = b.fsub(b.fmul(cr, logr), b.fmul(ci, at))
        phase = b.fadd(b.fmul(ci, logr), b.fmul(cr, at))
        length = call("llvm", "exp", re)
    else:              # _Py_c_pow
        length, phase = call("llvm", "pow", vabs, cr), b.fmul(at, cr)
        has_imag = b.fcmp_unordered("!=", ci, ir.Constant(f, 0.0))
        length = b.select(has_imag, b.fdiv(length, call("llvm", "exp", b.fmul(at, ci))), length)
        phase = b.select(has_imag, b.fadd(phase, b.fmul(ci, call("llvm", "log", vabs))), phase)
        # cos/sin of an infinite phase set errno to EDOM, which CPython reports as this error
        low.guard(_is_inf(low, phase), ZeroDivisionError, ZERO_POWER)
    im = b.fmul(length, call("llvm", "sin", phase))
    if numpy:          # C99's cexp keeps a zero phase's imaginary part zero (not inf * 0)
        im = b.select(b.fcmp_ordered("==", phase, ir.Constant(f, 0.0)), phase, im)
    return b.fmul(length, call("llvm", "cos", phase)), im


def complex_pow(low, a, c, ty):
    """a ** c for complex values a and c of type ty (see the module docstring)."""
    b = low.builder
    f = ty.underlying.llvm()
    numpy = low.error_model != "python" or ty.underlying.bits != 64
    zero, one = ir.Constant(f, 0.0), ir.Constant(f, 1.0)
    a = b.extract_value(a, 0), b.extract_value(a, 1)
    cr, ci = b.extract_value(c, 0), b.extract_value(c, 1)
    base_zero = b.and_(b.fcmp_ordered("==", a[0], zero), b.fcmp_ordered("==", a[1], zero))
    exp_zero = b.and_(b.fcmp_ordered("==", cr, zero), b.fcmp_ordered("==", ci, zero))
    rounded = b.call(low.ctx.intrinsic("floor" if not numpy else "trunc", [f]), [cr])
    fabs_cr = b.call(low.ctx.intrinsic("fabs", [f]), [cr])
    limit = ir.Constant(f, 100.0)
    small = b.fcmp_ordered("<=" if not numpy else "<", fabs_cr, limit)
    integral = b.and_(b.and_(b.fcmp_ordered("==", ci, zero), b.fcmp_ordered("==", cr, rounded)), small)
    if numpy:
        # 0 ** c (c != 0): 0 for a positive real part, else nan; then the product path
        special = b.or_(exp_zero, base_zero)
        nan = ir.Constant(f, math.nan)
        zero_pow = b.select(b.fcmp_ordered(">", cr, zero), zero, nan)
        special_value = (b.select(exp_zero, one, zero_pow), b.select(exp_zero, zero, zero_pow))
    else:
        # the product path handles 0 ** n itself (0 for n > 0; 1 / 0 is the error; a zero
        # exponent is integral); otherwise 0 ** c is 0 or the error (_Py_c_pow)
        special = b.and_(b.not_(integral), base_zero)
        bad = b.or_(b.fcmp_ordered("<", cr, zero), b.fcmp_unordered("!=", ci, zero))
        low.guard(b.and_(special, bad), ZeroDivisionError, ZERO_POWER)
        special_value = (zero, zero)
    with b.if_else(b.or_(special, integral)) as (cheap, costly):
        with cheap:
            value = _integral(low, a, cr, integral, numpy)
            value = _select(b, special, special_value, value)
            cheap_end = b.block
        with costly:
            general = _general(low, a, cr, ci, numpy)
            costly_end = b.block
    out = []
    for x, y in zip(value, general):
        phi = b.phi(f)
        phi.add_incoming(x, cheap_end)
        phi.add_incoming(y, costly_end)
        out.append(phi)
    if not numpy:
        low.guard(b.or_(_is_inf(low, out[0]), _is_inf(low, out[1])), OverflowError, OVERFLOW)
    result = ir.Constant(ty.llvm(), ir.Undefined)
    return b.insert_value(b.insert_value(result, out[0], 0), out[1], 1)
