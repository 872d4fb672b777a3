"""The `math` module on floats and integers: LLVM intrinsics where LLVM has them, libm otherwise.

float32 arguments stay float32 (numba's rule); integers and bools compute in float64.
Outside their domain they raise what CPython raises (ValueError/OverflowError, mathdomain.py). float16 (CUDA kernels) computes in
float32; the functions numba-cuda gives a float16 signature (`HALF_RESULT`) round back to half.

    >>> import math
    >>> from numjit.types import float32, int64
    >>> from numjit.typing.registry import resolve
    >>> resolve(math.exp, (float32,)).signature, resolve(math.atan2, (int64, float32)).signature
    (float32(float32), float64(float64, float64))
"""
import math

from llvmlite import ir

from ..types import Signature, Float, Integer, Boolean
from ..types.scalars import float16, float32, float64, int64, boolean
from ..typing.registry import intrinsic
from .mathdomain import post_check, float_to_int, LOG_BASE_ONE

# math function -> ("llvm", intrinsic name) | ("libm", C name of the double version)
UNARY = {
    math.sqrt: ("llvm", "sqrt"), math.exp: ("llvm", "exp"), math.log: ("llvm", "log"),
    math.log2: ("llvm", "log2"), math.log10: ("llvm", "log10"), math.sin: ("llvm", "sin"),
    math.cos: ("llvm", "cos"), math.fabs: ("llvm", "fabs"),
    math.tan: ("libm", "tan"), math.asin: ("libm", "asin"), math.acos: ("libm", "acos"),
    math.atan: ("libm", "atan"), math.sinh: ("libm", "sinh"), math.cosh: ("libm", "cosh"),
    math.tanh: ("libm", "tanh"), math.asinh: ("libm", "asinh"), math.acosh: ("libm", "acosh"),
    math.atanh: ("libm", "atanh"), math.expm1: ("libm", "expm1"), math.log1p: ("libm", "log1p"),
    math.erf: ("libm", "erf"), math.erfc: ("libm", "erfc"), math.gamma: ("libm", "tgamma"),
    math.lgamma: ("libm", "lgamma"),
}
if hasattr(math, "cbrt"):
    UNARY[math.cbrt] = ("libm", "cbrt")
if hasattr(math, "exp2"):
    UNARY[math.exp2] = ("llvm", "exp2")

BINARY = {
    math.atan2: ("libm", "atan2"), math.hypot: ("libm", "hypot"), math.pow: ("llvm", "pow"),
    math.fmod: ("libm", "fmod"), math.copysign: ("llvm", "copysign"),
    math.nextafter: ("libm", "nextafter"), math.remainder: ("libm", "remainder"),
}


# numba-cuda's float16 signatures (cudamath.py): the result is half; other functions return float32
HALF_RESULT = {math.sin, math.cos, math.ceil, math.floor, math.sqrt, math.log, math.log2, math.log10,
               math.exp, math.fabs, math.trunc}


def _is_half(t):
    return isinstance(t, Float) and t.bits == 16


def _in_float32(emit):
    """Codegen of a float16 -> float16 function: `emit` on the float32 value, rounded to half."""
    def codegen(low, sig, args):
        b = low.builder
        return b.fptrunc(emit(low, [b.fpext(args[0], ir.FloatType())]), ir.HalfType())
    return codegen


def _float_of(t):
    if isinstance(t, Float):
        return float32 if t.bits == 16 else t          # float16 (CUDA kernels): computed in float32
    return float64 if isinstance(t, (Integer, Boolean)) else None


def call_float_function(low, kind, name, args, ty):
    """Emit `name` (an llvm intrinsic or a libm double function) on float args of type `ty`."""
    b, ctx = low.builder, low.ctx
    llty = ty.llvm()
    if kind == "llvm":
        fn = ctx.intrinsic(name, [llty] * len(args))
    else:
        cname = name + ("f" if ty.bits == 32 else "")
        fn = ctx.declare(cname, llty, [llty] * len(args))
    return b.call(fn, args, fastmath=low.fastmath)


def _unary(func, kind, name):
    def typer(x):
        if _is_half(x) and func in HALF_RESULT:
            return Signature(float16, (float16,)), _in_float32(
                lambda low, args: call_float_function(low, kind, name, args, float32))
        t = _float_of(x)
        if t is None:
            return None
        return Signature(t, (t,)), _checked(func, kind, name, t)
    return typer


def _checked(func, kind, name, t):
    """Codegen of `func` on floats of type `t`, with CPython's domain and range checks."""
    def codegen(low, sig, args):
        result = call_float_function(low, kind, name, args, t)
        post_check(low, func, args, result)
        return result
    return codegen


def _binary(func, kind, name):
    def typer(x, y):
        tx, ty_ = _float_of(x), _float_of(y)
        if tx is None or ty_ is None:
            return None
        t = tx if tx == ty_ else float64
        return Signature(t, (t, t)), _checked(func, kind, name, t)
    return typer


for _f, (_kind, _name) in UNARY.items():
    intrinsic(_f)(_unary(_f, _kind, _name))
for _f, (_kind, _name) in BINARY.items():
    intrinsic(_f)(_binary(_f, _kind, _name))


@intrinsic(math.log)
def log_base(x, base):
    tx, tb = _float_of(x), _float_of(base)
    if tx is None or tb is None:
        return None
    t = tx if tx == tb else float64

    def codegen(low, sig, args):
        b = low.builder
        num = call_float_function(low, "llvm", "log", [args[0]], t)
        post_check(low, math.log, [args[0]], num)
        den = call_float_function(low, "llvm", "log", [args[1]], t)
        post_check(low, math.log, [args[1]], den)
        if low.error_model == "python":
            low.guard(b.fcmp_ordered("==", den, ir.Constant(den.type, 0.0)), ZeroDivisionError, LOG_BASE_ONE,
                      speculable=True)
        return b.fdiv(num, den)
    return Signature(t, (t, t)), codegen


def _rounding(name):
    """math.floor/ceil/trunc: int64 from floats (Python returns int; nan and inf raise), identity on
    ints; float16 stays float16 (numba-cuda)."""
    def typer(x):
        if _is_half(x):
            return Signature(float16, (float16,)), _in_float32(
                lambda low, args: call_float_function(low, "llvm", name, args, float32))
        if isinstance(x, (Integer, Boolean)):
            return Signature(int64, (int64,)), lambda low, sig, args: args[0]
        if not isinstance(x, Float):
            return None

        def codegen(low, sig, args):
            return float_to_int(low, call_float_function(low, "llvm", name, args, x), name)
        return Signature(int64, (x,)), codegen
    return typer


for _f, _name in ((math.floor, "floor"), (math.ceil, "ceil"), (math.trunc, "trunc")):
    intrinsic(_f)(_rounding(_name))


def _classify(test):
    def typer(x):
        if isinstance(x, (Integer, Boolean)):
            return Signature(boolean, (x,)), lambda low, sig, args: ir.Constant(ir.IntType(1), test == "isfinite")
        if not isinstance(x, Float):
            return None

        def codegen(low, sig, args):
            b = low.builder
            v = args[0]
            if test == "isnan":
                return b.fcmp_unordered("uno", v, v)
            fabs = b.call(low.ctx.intrinsic("fabs", [v.type]), [v])
            inf = ir.Constant(v.type, float("inf"))
            if test == "isinf":
                return b.fcmp_ordered("==", fabs, inf)
            return b.fcmp_ordered("<", fabs, inf)
        return Signature(boolean, (x,)), codegen
    return typer


for _f in (math.isnan, math.isinf, math.isfinite):
    intrinsic(_f)(_classify(_f.__name__))


@intrinsic(math.ldexp)
def ldexp(x, i):
    t = _float_of(x)
    if t is None or not isinstance(i, (Integer, Boolean)):
        return None

    def codegen(low, sig, args):
        b = low.builder
        cname = "ldexp" + ("f" if t.bits == 32 else "")
        fn = low.ctx.declare(cname, t.llvm(), [t.llvm(), ir.IntType(32)])
        exponent = args[1]                                  # clamped to C's int, as CPython does
        for op, bound in (("<", 2**31 - 1), (">", -2**31)):
            limit = ir.Constant(exponent.type, bound)
            exponent = b.select(b.icmp_signed(op, exponent, limit), exponent, limit)
        result = b.call(fn, [args[0], b.trunc(exponent, ir.IntType(32))])
        post_check(low, math.ldexp, [args[0]], result)
        return result
    return Signature(t, (t, int64)), codegen


def _split(cname, second_int):
    """frexp / modf: libm functions returning a second result through a pointer."""
    def typer(x):
        t = _float_of(x)
        if t is None:
            return None
        from ..types import Tuple
        result = Tuple((t, int64)) if second_int else Tuple((t, t))

        def codegen(low, sig, args):
            b = low.builder
            out_ty = ir.IntType(32) if second_int else t.llvm()
            slot = low.ctx.alloca(b, out_ty)
            name = cname + ("f" if t.bits == 32 else "")
            fn = low.ctx.declare(name, t.llvm(), [t.llvm(), ir.PointerType()])
            first = b.call(fn, [args[0], slot])
            other = b.load(slot, typ=out_ty)
            if second_int:
                other = b.sext(other, ir.IntType(64))
            out = ir.Constant(result.llvm(), ir.Undefined)
            return b.insert_value(b.insert_value(out, first, 0), other, 1)
        return Signature(result, (t,)), codegen
    return typer


intrinsic(math.frexp)(_split("frexp", True))
intrinsic(math.modf)(_split("modf", False))
