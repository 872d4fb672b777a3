"""NumPy's element-wise math that Python lacks, on one element: np.fmod, np.gcd, np.spacing, ...

Each kernel is registered under a string key ("np.fmod"); arrayexpr.UFUNC_SCALAR maps the NumPy
function to it, so `np.fmod(a, b)` on arrays runs this code inside the fused loop and on scalars
directly (numpyfuncs), after NumPy's own loop selection has cast the operands. The edge cases are
those of NumPy's C loops: integer fmod by 0 (or INT_MIN by -1) is 0, gcd/lcm work on the unsigned
magnitudes and wrap to the type (np.gcd(INT64_MIN, 0) is INT64_MIN), ldexp clamps huge exponents,
np.spacing(-0.0) is the smallest positive subnormal.

    >>> from numjit.types import int8, float32
    >>> from numjit.typing.registry import resolve
    >>> resolve("np.gcd", (int8, int8)).signature, resolve("np.spacing", (float32,)).signature
    (int8(int8, int8), float32(float32))
"""
import math

from llvmlite import ir

from ..types import Signature, Integer, Float, Boolean, Complex
from ..types.scalars import boolean, float64
from ..typing.registry import intrinsic
from .mathfuncs import call_float_function

I32 = ir.IntType(32)
LOGE2, LOG2E = math.log(2.0), 1.0 / math.log(2.0)


def _same(x, y, kinds):
    return x if x == y and isinstance(x, kinds) else None


def _float_arg(x):
    """The float type a real operand computes in (float32 stays float32; ints and bools float64)."""
    if isinstance(x, Float):
        return x
    return float64 if isinstance(x, (Integer, Boolean)) else None


def _fconst(v, value):
    return ir.Constant(v.type, value)


@intrinsic("np.fmod")
def fmod(x, y):
    """C's fmod on floats; on integers C's % with 0 where the divisor is 0 (INT_MIN % -1 too)."""
    t = _same(x, y, (Integer, Float))
    if t is None:
        return None

    def codegen(low, sig, a):
        b = low.builder
        if isinstance(t, Float):
            return call_float_function(low, "libm", "fmod", a, t)
        zero, one = ir.Constant(a[0].type, 0), ir.Constant(a[0].type, 1)
        trivial = b.icmp_unsigned("==", a[1], zero)
        if t.signed:
            trivial = b.or_(trivial, b.icmp_signed("==", a[1], ir.Constant(a[0].type, -1)))
        safe = b.select(trivial, one, a[1])
        return (b.srem if t.signed else b.urem)(a[0], safe)
    return Signature(t, (t, t)), codegen


def _magnitude(b, v, signed):
    """|v| as an unsigned value of v's width (INT_MIN's magnitude is 2**(bits-1))."""
    if not signed:
        return v
    return b.select(b.icmp_signed("<", v, ir.Constant(v.type, 0)), b.neg(v), v)


def _euclid(low, u, w):
    """gcd of two unsigned values (Euclid's loop)."""
    b, fn = low.builder, low.fn
    head, body, done = (fn.append_basic_block(n) for n in ("gcd.head", "gcd.body", "gcd.done"))
    entry = b.block
    b.branch(head)
    b.position_at_end(head)
    x, y = b.phi(u.type), b.phi(u.type)
    x.add_incoming(u, entry)
    y.add_incoming(w, entry)
    b.cbranch(b.icmp_unsigned("==", y, ir.Constant(u.type, 0)), done, body)
    b.position_at_end(body)
    r = b.urem(x, y)
    x.add_incoming(y, body)
    y.add_incoming(r, body)
    b.branch(head)
    b.position_at_end(done)
    return x


def _gcd_lcm(is_lcm):
    def typer(x, y):
        t = _same(x, y, Integer)
        if t is None:
            return None

        def codegen(low, sig, a):
            b = low.builder
            u, w = (_magnitude(b, v, t.signed) for v in a)
            g = _euclid(low, u, w)
            if not is_lcm:
                return g
            zero = ir.Constant(g.type, 0)
            safe = b.select(b.icmp_unsigned("==", g, zero), ir.Constant(g.type, 1), g)
            return b.select(b.icmp_unsigned("==", g, zero), zero, b.mul(b.udiv(u, safe), w))
        return Signature(t, (t, t)), codegen
    return typer


intrinsic("np.gcd")(_gcd_lcm(False))
intrinsic("np.lcm")(_gcd_lcm(True))


@intrinsic("np.ldexp")
def ldexp(x, e):
    """x * 2**e; exponents beyond int32 are clamped (the result is 0 or inf either way)."""
    if not isinstance(x, Float) or not isinstance(e, (Integer, Boolean)):
        return None

    def codegen(low, sig, a):
        b = low.builder
        n = a[1]
        if isinstance(e, Integer) and e.bits > 32:
            lo, hi = ir.Constant(n.type, -(1 << 31)), ir.Constant(n.type, (1 << 31) - 1)
            less = b.icmp_signed("<", n, lo) if e.signed else ir.Constant(ir.IntType(1), 0)
            more = (b.icmp_signed if e.signed else b.icmp_unsigned)(">", n, hi)
            n = b.select(less, lo, b.select(more, hi, n))
        if n.type.width > 32:
            n = b.trunc(n, I32)
        elif n.type.width < 32:
            n = (b.sext if isinstance(e, Integer) and e.signed else b.zext)(n, I32)
        fn = low.ctx.declare("ldexp" + ("f" if x.bits == 32 else ""), x.llvm(), [x.llvm(), I32])
        return b.call(fn, [a[0], n])
    return Signature(x, (x, e)), codegen


def _logaddexp(base2):
    """log(exp(x) + exp(y)) without overflow, as NumPy computes it (npy_logaddexp/npy_logaddexp2)."""
    def typer(x, y):
        t = _same(x, y, Float)
        if t is None:
            return None

        def codegen(low, sig, a):
            b = low.builder
            x_, y_ = a
            tmp = b.fsub(x_, y_)
            fabs = call_float_function(low, "llvm", "fabs", [tmp], t)
            e = call_float_function(low, "llvm", "exp2" if base2 else "exp", [b.fneg(fabs)], t)
            log1p = call_float_function(low, "libm", "log1p", [e], t)
            if base2:
                log1p = b.fmul(_fconst(log1p, LOG2E), log1p)
            bigger = b.select(b.fcmp_ordered(">", tmp, _fconst(tmp, 0.0)), x_, y_)
            general = b.select(b.fcmp_unordered("uno", tmp, tmp), tmp, b.fadd(bigger, log1p))
            same = b.fadd(x_, _fconst(x_, 1.0 if base2 else LOGE2))
            return b.select(b.fcmp_ordered("==", x_, y_), same, general)
        return Signature(t, (t, t)), codegen
    return typer


intrinsic("np.logaddexp")(_logaddexp(False))
intrinsic("np.logaddexp2")(_logaddexp(True))


@intrinsic("np.signbit")
def signbit(x):
    if not isinstance(x, Float):
        return None

    def codegen(low, sig, a):
        b = low.builder
        bits = b.bitcast(a[0], ir.IntType(x.bits))
        return b.icmp_signed("<", bits, ir.Constant(bits.type, 0))
    return Signature(boolean, (x,)), codegen


@intrinsic("np.spacing")
def spacing(x):
    """Distance to the next float away from zero (+0.0 and -0.0 both look upward); nan for inf."""
    if not isinstance(x, Float):
        return None

    def codegen(low, sig, a):
        b = low.builder
        v = a[0]
        inf = _fconst(v, math.inf)
        toward = b.select(b.fcmp_ordered("<", v, _fconst(v, 0.0)), b.fneg(inf), inf)
        step = b.fsub(call_float_function(low, "libm", "nextafter", [v, toward], x), v)
        is_inf = b.fcmp_ordered("==", call_float_function(low, "llvm", "fabs", [v], x), inf)
        return b.select(is_inf, _fconst(v, math.nan), step)
    return Signature(x, (x,)), codegen


@intrinsic("np.heaviside")
def heaviside(x, h):
    """0 below zero, h at zero, 1 above; nan stays nan."""
    t = _same(x, h, Float)
    if t is None:
        return None

    def codegen(low, sig, a):
        b = low.builder
        v, zero = a[0], _fconst(a[0], 0.0)
        r = b.select(b.fcmp_ordered("<", v, zero), zero,
                     b.select(b.fcmp_ordered("==", v, zero), a[1], _fconst(v, 1.0)))
        return b.select(b.fcmp_unordered("uno", v, v), v, r)
    return Signature(t, (t, t)), codegen


def _infinity_test(negative):
    """np.isposinf / np.isneginf on real numbers (NumPy refuses complex ones)."""
    def typer(x):
        if isinstance(x, (Integer, Boolean)):
            return Signature(boolean, (x,)), lambda low, sig, a: ir.Constant(ir.IntType(1), 0)
        if not isinstance(x, Float):
            return None
        inf = -math.inf if negative else math.inf
        return Signature(boolean, (x,)), lambda low, sig, a: low.builder.fcmp_ordered("==", a[0], _fconst(a[0], inf))
    return typer


intrinsic("np.isposinf")(_infinity_test(False))
intrinsic("np.isneginf")(_infinity_test(True))


@intrinsic("np.sinc")
def sinc(x):
    """sin(pi x) / (pi x), 1 at 0 (NumPy's 1e-20 stand-in for 0); reals only here."""
    t = _float_arg(x)
    if t is None:
        return None

    def codegen(low, sig, a):
        b = low.builder
        v = a[0]
        nonzero = b.select(b.fcmp_ordered("==", v, _fconst(v, 0.0)), _fconst(v, 1.0e-20), v)
        y = b.fmul(_fconst(v, math.pi), nonzero)
        return b.fdiv(call_float_function(low, "llvm", "sin", [y], t), y)
    return Signature(t, (t,)), codegen


@intrinsic("np.angle")
def angle(z, deg=None):
    """The argument of z (atan2 of its parts), in degrees when `deg` is true."""
    if deg is not None and not isinstance(deg, (Boolean, Integer)):
        return None
    t = z.underlying if isinstance(z, Complex) else _float_arg(z)
    if t is None:
        return None
    args = (z if isinstance(z, Complex) else t,) + (() if deg is None else (deg,))

    def codegen(low, sig, a):
        b = low.builder
        if isinstance(z, Complex):
            re, im = b.extract_value(a[0], 0), b.extract_value(a[0], 1)
        else:
            re, im = a[0], _fconst(a[0], 0.0)
        r = call_float_function(low, "libm", "atan2", [im, re], t)
        if deg is None:
            return r
        degrees = b.fmul(r, _fconst(r, 180.0 / math.pi))
        return b.select(low.ctx.truth(b, a[1], deg), degrees, r)
    return Signature(t, args), codegen
