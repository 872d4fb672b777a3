"""Small code generators shared by several intrinsics (integer power, complex division).

    >>> from numjit.types import int64
    >>> callable(int_power)
    True
"""
from llvmlite import ir

NEGATIVE_POWER = "Integers to negative integer powers are not allowed (Python gives a float: write float(a) ** n)"


def int_power(low, a, c, ty):
    """a ** c by repeated squaring. A negative c (known only at run time: a constant one makes
    the power a float, operators.power_operands) gives Python's value for a base of 1 and -1, a
    ZeroDivisionError for 0, and NumPy's ValueError for any other base, whose power Python makes
    a float that numba truncates to 0."""
    b, fn = low.builder, low.fn
    t = a.type
    one, zero = ir.Constant(t, 1), ir.Constant(t, 0)
    result = low.ctx.alloca(b, t)
    base = low.ctx.alloca(b, t)
    exp = low.ctx.alloca(b, t)
    b.store(one, result)
    b.store(a, base)
    b.store(c, exp)
    if ty.signed:
        negative = b.icmp_signed("<", c, zero)
        with b.if_then(negative, likely=False):
            odd = b.trunc(c, ir.IntType(1))
            minus_one = b.select(odd, ir.Constant(t, -1), one)
            value = b.select(b.icmp_signed("==", a, one), one, minus_one)     # (a is 1 or -1 here)
            low.guard(b.icmp_signed("==", a, zero), ZeroDivisionError,
                      "0.0 cannot be raised to a negative power")      # (Python's words)
            low.guard(b.icmp_unsigned(">", b.add(a, one), ir.Constant(t, 2)), ValueError, NEGATIVE_POWER)
            b.store(value, result)
            b.store(zero, exp)
    test = fn.append_basic_block("pow.test")
    body = fn.append_basic_block("pow.body")
    end = fn.append_basic_block("pow.end")
    b.branch(test)
    b.position_at_end(test)
    e = b.load(exp)
    b.cbranch(b.icmp_unsigned("!=", e, zero) if not ty.signed else b.icmp_signed(">", e, zero), body, end)
    b.position_at_end(body)
    r, x = b.load(result), b.load(base)
    odd = b.trunc(e, ir.IntType(1))
    b.store(b.select(odd, b.mul(r, x), r), result)
    b.store(b.mul(x, x), base)
    b.store(b.lshr(e, ir.Constant(t, 1)), exp)
    b.branch(test)
    b.position_at_end(end)
    return b.load(result)


def complex_div(low, a, c, ty):
    """(ar + ai j) / (cr + ci j), Smith's algorithm. Python's complex (complex128 under
    error_model python): CPython's form (ZeroDivisionError for 0). NumPy's (arrays, complex64):
    its loop's form, bit for bit: a reciprocal scale factor, and (ar / 0, ai / 0) for 0."""
    b = low.builder
    ar, ai = b.extract_value(a, 0), b.extract_value(a, 1)
    cr, ci = b.extract_value(c, 0), b.extract_value(c, 1)
    f = ar.type
    zero, one = ir.Constant(f, 0.0), ir.Constant(f, 1.0)
    numpy = low.error_model != "python" or isinstance(f, ir.FloatType)
    if low.error_model == "python":
        is_zero = b.and_(b.fcmp_ordered("==", cr, zero), b.fcmp_ordered("==", ci, zero))
        low.guard(is_zero, ZeroDivisionError, "complex division by zero")

    def scaled(x, den):                  # NumPy: x * (1 / den); CPython: x / den
        return b.fmul(x, b.fdiv(one, den)) if numpy else b.fdiv(x, den)
    fabs = low.ctx.intrinsic("fabs", [f])
    use_r = b.fcmp_ordered(">=", b.call(fabs, [cr]), b.call(fabs, [ci]))
    # branch 1: |cr| >= |ci|
    rat1 = b.fdiv(ci, cr)
    den1 = b.fadd(cr, b.fmul(ci, rat1))
    re1 = scaled(b.fadd(ar, b.fmul(ai, rat1)), den1)
    im1 = scaled(b.fsub(ai, b.fmul(ar, rat1)), den1)
    # branch 2
    rat2 = b.fdiv(cr, ci)
    den2 = b.fadd(ci, b.fmul(cr, rat2))
    re2 = scaled(b.fadd(b.fmul(ar, rat2), ai), den2)
    im2 = scaled(b.fsub(b.fmul(ai, rat2), ar), den2)
    re = b.select(use_r, re1, re2)
    im = b.select(use_r, im1, im2)
    if low.error_model != "python":          # NumPy: x / 0j is (xr / 0, xi / 0), a complex inf or nan
        is_zero = b.and_(b.fcmp_ordered("==", cr, zero), b.fcmp_ordered("==", ci, zero))
        re = b.select(is_zero, b.fdiv(ar, zero), re)
        im = b.select(is_zero, b.fdiv(ai, zero), im)
    out = ir.Constant(ty.llvm(), ir.Undefined)
    return b.insert_value(b.insert_value(out, re, 0), im, 1)
