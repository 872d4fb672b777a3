"""Builtins on scalars: int, float, bool, complex, abs, min, max, round, divmod, len, isinstance, print,
and NumPy scalar constructors (np.float32(x), np.int64(x), ...).

    >>> import numpy as np
    >>> from numjit.types import float64, int32
    >>> from numjit.typing.registry import resolve
    >>> resolve(max, (int32, float64)).signature, resolve(np.float32, (float64,)).signature
    (float64(float64, float64), float32(float64))
    >>> resolve(type, (int32,)).signature.return_type.value
    <class 'numpy.int32'>
"""
import operator

import numpy as np
from llvmlite import ir

from ..types import Signature, Number, Integer, Float, Complex, Boolean, Tuple, Array, Const, NoneType, List
from ..types.scalars import (boolean, int64, float64, complex128, common_type, SCALARS,
                             is_intlike, NoReturn, strong)
from ..types.strings import text_type
from ..typing.registry import intrinsic, resolve
from ..errors import TypingError
from .mathfuncs import call_float_function
from .mathdomain import float_to_int
from .pyobjects import python_round


def _conversion(target):
    def typer(*args):
        if len(args) == 0:
            return Signature(target, ()), lambda low, sig, a: low.ctx.constant(target, 0)
        if len(args) != 1 or not isinstance(args[0], Number):
            return None
        src = args[0]
        if isinstance(src, Complex) and not isinstance(target, (Complex, Boolean)):
            return None
        if isinstance(src, Float) and target == int64:           # int(nan), int(inf) raise as in Python
            return Signature(target, (src,)), lambda low, sig, a: float_to_int(low, a[0], "int")
        return Signature(target, (src,)), lambda low, sig, a: low.ctx.cast(low.builder, a[0], src, target)
    return typer


intrinsic(int)(_conversion(int64))
intrinsic(float)(_conversion(float64))


@intrinsic(float)
def float_from_string(text):
    """float('inf'), float('-inf'), float('nan'), float('1.5'): a constant string, read at compile time."""
    if not (isinstance(text, Const) and isinstance(text.value, str)):
        return None
    try:
        value = float(text.value)
    except ValueError as exc:
        raise TypingError(str(exc)) from None
    return Signature(float64, (text,)), lambda low, sig, a: low.ctx.constant(float64, value)
intrinsic(bool)(_conversion(boolean))
for _t in SCALARS:
    intrinsic(_t.dtype.type)(_conversion(strong(_t)))      # np.float64(x) is a NumPy scalar: strong


@intrinsic(complex)
def complex_(*args):
    if not args:
        return Signature(complex128, ()), lambda low, sig, a: low.ctx.constant(complex128, 0j)
    if not 1 <= len(args) <= 2 or not all(isinstance(a, Number) for a in args):
        return None

    def codegen(low, sig, a):
        b = low.builder
        re = low.ctx.cast(b, a[0], args[0], float64) if not isinstance(args[0], Complex) else None
        if isinstance(args[0], Complex):
            z = low.ctx.cast(b, a[0], args[0], complex128)
            re, im0 = b.extract_value(z, 0), b.extract_value(z, 1)
        else:
            im0 = ir.Constant(ir.DoubleType(), 0.0)
        if len(a) == 2:
            im = low.ctx.cast(b, a[1], args[1], float64)
            # complex(x, -0.0) keeps the zero's sign (CPython adds only to a complex's own imag part)
            im0 = b.fadd(im0, im) if isinstance(args[0], Complex) else im
        out = ir.Constant(complex128.llvm(), ir.Undefined)
        return b.insert_value(b.insert_value(out, re, 0), im0, 1)
    return Signature(complex128, args), codegen


@intrinsic(abs)
def abs_(x):
    if isinstance(x, Boolean):
        return Signature(int64, (int64,)), lambda low, sig, a: a[0]
    if isinstance(x, Integer):
        def int_abs(low, sig, a):
            if not x.signed:
                return a[0]
            b = low.builder
            return b.select(b.icmp_signed("<", a[0], ir.Constant(a[0].type, 0)), b.neg(a[0]), a[0])
        return Signature(x, (x,)), int_abs
    if isinstance(x, Float):
        return Signature(x, (x,)), lambda low, sig, a: call_float_function(low, "llvm", "fabs", a, x)
    if isinstance(x, Complex):
        def complex_abs(low, sig, a):
            b = low.builder
            f = x.underlying
            return call_float_function(low, "libm", "hypot", [b.extract_value(a[0], 0), b.extract_value(a[0], 1)], f)
        return Signature(x.underlying, (x,)), complex_abs
    return None


def _minmax(pick_greater):
    def typer(*args):
        if len(args) == 1 and isinstance(args[0], Tuple) and len(args[0]) >= 1:
            tup = args[0]
            if len(tup) == 1:
                return Signature(tup.items[0], (tup,)), lambda low, sig, a: low.builder.extract_value(a[0], 0)
            inner = typer(*tup.items)
            if inner is None:
                return None
            isig, icodegen = inner

            def unpack(low, sig, a):
                b = low.builder
                items = [low.ctx.cast(b, b.extract_value(a[0], i), t, isig.args[i]) for i, t in enumerate(tup.items)]
                return icodegen(low, isig, items)
            return Signature(isig.return_type, (tup,)), unpack
        if len(args) < 2 or not all(isinstance(a, Number) and not isinstance(a, Complex) for a in args):
            return None
        t = args[0]
        for other in args[1:]:
            t = common_type(t, other) if not (isinstance(t, Boolean) and isinstance(other, Boolean)) else t
        if t is None:
            return None

        def codegen(low, sig, a):
            b = low.builder
            best = a[0]
            for v in a[1:]:
                if isinstance(t, Float):
                    # Python keeps the first argument on ties and on NaN comparisons
                    better = b.fcmp_ordered(">" if pick_greater else "<", v, best)
                elif isinstance(t, Integer) and t.signed:
                    better = b.icmp_signed(">" if pick_greater else "<", v, best)
                else:
                    better = b.icmp_unsigned(">" if pick_greater else "<", v, best)
                best = b.select(better, v, best)
            return best
        return Signature(t, (t,) * len(args)), codegen
    return typer


intrinsic(max)(_minmax(True))
intrinsic(min)(_minmax(False))


@intrinsic(round)
def round_(x, *ndigits):
    if isinstance(x, (Integer, Boolean)) and not ndigits:
        return Signature(int64, (int64,)), lambda low, sig, a: a[0]
    if not isinstance(x, Float):
        return None
    if not ndigits:
        def codegen(low, sig, a):
            return float_to_int(low, call_float_function(low, "llvm", "roundeven", a, x), "round")
        return Signature(int64, (x,)), codegen
    if len(ndigits) != 1 or not is_intlike(ndigits[0]):
        return None

    def round_digits(low, sig, a):
        """Correctly rounded like CPython: the exact product x*10**n (via fma) decides ties."""
        b = low.builder
        f = x.llvm()
        value, n = a
        call = lambda name, *args: call_float_function(low, "llvm", name, list(args), x)
        zero, half, one = ir.Constant(f, 0.0), ir.Constant(f, 0.5), ir.Constant(f, 1.0)
        negative_n = b.icmp_signed("<", n, ir.Constant(n.type, 0))
        absn = b.select(negative_n, b.neg(n), n)
        p = call("pow", ir.Constant(f, 10.0), b.sitofp(absn, f))       # exact for |n| <= 22
        # y ~ x*10**n and e its exact error: x*10**n == y + e (or x/10**|n| == y + e/p)
        y_mul = b.fmul(value, p)
        e_mul = call("fma", value, p, b.fneg(y_mul))
        y_div = b.fdiv(value, p)
        e_div = call("fma", b.fneg(y_div), p, value)                  # remainder, same sign rule
        y = b.select(negative_n, y_div, y_mul)
        e = b.select(negative_n, e_div, e_mul)
        r = call("roundeven", y)
        d = b.fsub(y, r)
        up = b.and_(b.fcmp_ordered("==", d, half), b.fcmp_ordered(">", e, zero))
        down = b.and_(b.fcmp_ordered("==", d, b.fneg(half)), b.fcmp_ordered("<", e, zero))
        r = b.select(up, b.fadd(r, one), b.select(down, b.fsub(r, one), r))
        result = b.select(negative_n, b.fmul(r, p), b.fdiv(r, p))
        result = call("copysign", result, value)
        # x already has no digits below 10**-n (huge x, huge n) or is not finite: keep it
        big = b.fcmp_unordered(">=", call("fabs", y), ir.Constant(f, 2.0 ** (52 if x.bits == 64 else 23)))
        too_many = b.icmp_signed(">", n, ir.Constant(n.type, 22))
        keep = b.or_(b.and_(big, b.not_(negative_n)), too_many)
        keep = b.or_(keep, b.fcmp_unordered("==", call("fabs", value), ir.Constant(f, float("inf"))))  # nan, inf
        tiny = b.icmp_signed("<", n, ir.Constant(n.type, -308))
        result = b.select(tiny, call("copysign", zero, value), result)
        result = b.select(keep, value, result)
        if x.bits != 64:                    # (NumPy rounds its float32 scalars this way too)
            return result
        # exact only for |n| <= 22 (10**n is a float) and, for n < 0, |x| < 2**52: else CPython's
        exact = b.and_(b.not_(too_many), b.icmp_signed(">=", n, ir.Constant(n.type, -22)))
        exact = b.and_(exact, b.or_(b.not_(negative_n), b.fcmp_ordered("<", call("fabs", value), ir.Constant(f, 2.0 ** 52))))
        start = b.block
        with b.if_then(b.and_(b.not_(exact), b.fcmp_ordered("<", call("fabs", value), ir.Constant(f, float("inf")))),
                       likely=False):
            by_python = python_round(low, value, n)
            slow = b.block
        out = b.phi(f)
        out.add_incoming(result, start)
        out.add_incoming(by_python, slow)
        return out
    return Signature(x, (x, int64)), round_digits


@intrinsic(divmod)
def divmod_(a, c):
    floordiv = resolve(operator.floordiv, (a, c))
    mod = resolve(operator.mod, (a, c))
    if floordiv is None or mod is None:
        return None
    t = floordiv.signature.args[0]
    rt = floordiv.signature.return_type

    from .operators import zero_division_message, _zero_check
    message = zero_division_message("divmod", a, c)

    def codegen(low, sig, args):
        b = low.builder
        _zero_check(low, args[1], t, message)
        q = floordiv.codegen(low, floordiv.signature, args)
        r = mod.codegen(low, mod.signature, args)
        out = ir.Constant(sig.return_type.llvm(), ir.Undefined)
        return b.insert_value(b.insert_value(out, q, 0), r, 1)
    return Signature(Tuple((rt, rt)), (t, t)), codegen


@intrinsic(pow)
def pow_(a, c):
    impl = resolve(operator.pow, (a, c))
    if impl is None:
        return None
    return impl.signature, impl.codegen


@intrinsic(len)
def len_(x):
    if isinstance(x, Tuple):
        return Signature(int64, (x,)), lambda low, sig, a: ir.Constant(ir.IntType(64), len(x))
    if isinstance(x, Array) and x.ndim >= 1:
        from .arrays import array_shape
        return Signature(int64, (x,)), lambda low, sig, a: array_shape(low.builder, a[0], 0)
    return None


_ISINSTANCE_CLASSES = {int: (Integer,), float: (Float,), complex: (Complex,), bool: (Boolean,),
                       tuple: (Tuple,), np.ndarray: (Array,)}


def static_isinstance(value, classes):
    """isinstance() of a value typed `value`, decided at compile time (also by typing/pruning.py),
    or None when `classes` is not a constant class or tuple of classes."""
    if isinstance(classes, Tuple) and all(isinstance(c, Const) for c in classes.items):
        wanted = tuple(c.value for c in classes.items)
    elif isinstance(classes, Const):
        wanted = classes.value if isinstance(classes.value, tuple) else (classes.value,)
    else:
        return None
    result = False
    for cls in wanted:
        kinds = _ISINSTANCE_CLASSES.get(cls)
        if kinds is not None and isinstance(value, kinds):
            result = True
        if isinstance(value, Number) and isinstance(cls, type) and issubclass(cls, np.generic):
            result = result or value.dtype.type is cls
        if getattr(value, "isinstance_of", None) is not None:       # a jitclass instance
            result = result or value.isinstance_of(cls)
        if cls in (str, bytes) and text_type(value) is not None:
            result = result or text_type(value).kind == cls.__name__      # ("str" / "bytes")
    if isinstance(value, Boolean) and int in wanted:
        result = True                    # bool is a subclass of int
    return result


@intrinsic(isinstance)
def isinstance_(value, classes):
    result = static_isinstance(value, classes)
    if result is None:
        return None
    return Signature(boolean, (value, classes)), lambda low, sig, a: ir.Constant(ir.IntType(1), int(result))


def _print_keyword(name, ty):
    """sep= / end= must be constant strings (or None, Python's default)."""
    if ty is None or isinstance(ty, NoneType):
        return None
    if isinstance(ty, Const) and isinstance(ty.value, str):
        return ty.value
    raise TypingError(f"print(): {name}= must be a constant string in compiled code, not {ty}")


@intrinsic(print)
def print_(*args, sep=None, end=None):
    """print(...) of numbers, None, strings, tuples, arrays and lists: each boxed, then Python's
    print (with sep= and end= when given as constant strings)."""
    keywords = {name: text for name, text in (("sep", _print_keyword("sep", sep)),
                                              ("end", _print_keyword("end", end))) if text is not None}
    kwtypes = tuple(t for t in (sep, end) if t is not None)      # in call order, as lowering passes them
    for a in args:
        if isinstance(a, List) and a.incomplete and not isinstance(a.dtype, NoReturn):   # (list(noreturn): [])
            return None
        if not isinstance(a, (Number, NoneType, Tuple, Array, List)) and text_type(a) is None and \
                not (a.kind == "optional" and isinstance(a.type, (Number, Array, List))) and a.kind != "exception":
            return None

    def codegen(low, sig, a):
        from ..lowering.refcount import incref
        from ..runtime.printing import emit_print
        a = a[:len(args)]
        if getattr(low.ctx, "is_cuda", False):      # in a CUDA kernel: vprintf (numjit/cuda/printing.py)
            from ..cuda.printing import emit_vprintf
            emit_vprintf(low, list(zip(a, args)), keywords)
            return ir.Constant(ir.IntType(8), 0)
        for value, ty in zip(a, args):      # boxing consumes a reference: give it one of its own
            incref(low.ctx, low.builder, value, ty)
        emit_print(low, list(zip(a, args)), keywords)
        return ir.Constant(ir.IntType(8), 0)
    from ..types import none
    return Signature(none, args + kwtypes), codegen


@intrinsic(type)
def type_(value):
    """type(x) of a number is its NumPy scalar class (as numba's), a constant: `type(x)(1)` makes a
    one of x's type."""
    if not isinstance(value, Number):
        return None
    return Signature(Const(value.dtype.type), (value,)), lambda low, sig, a: ir.Constant(ir.IntType(8), 0)
