"""Operators on scalars: each operator's type rule and its code, side by side.

Integers follow numba (64-bit arithmetic, wrap-around); `//` and `%` follow
Python's floor semantics; division by zero raises ZeroDivisionError under
error_model="python" (the default) and gives inf/nan/0 under "numpy".

    >>> import operator
    >>> from numjit.types import int32, float32
    >>> from numjit.typing.registry import resolve
    >>> resolve(operator.floordiv, (int32, int32)).signature, resolve(operator.lt, (int32, float32)).signature
    (int64(int64, int64), bool(float64, float64))
"""
import math
import operator

from llvmlite import ir

from ..types import Signature, Number, Integer, Float, Complex, Boolean, Tuple, Const
from ..types.scalars import (boolean, int64, uint64, float64, binop_result, common_type, is_intlike,
                             is_strong, NoneType)
from ..typing.registry import intrinsic, resolve
from .complexpow import complex_pow


def _python_message(expr):
    try:
        eval(expr)
    except ZeroDivisionError as exc:
        return str(exc)
    return "division by zero"


# CPython's own wording, read from the running interpreter (it changes between versions)
ZERO_DIVISION = {
    ("int", "//"): _python_message("1 // 0"), ("int", "%"): _python_message("1 % 0"),
    ("int", "/"): _python_message("1 / 0"), ("float", "/"): _python_message("1.0 / 0.0"),
    ("float", "//"): _python_message("1.0 // 0.0"), ("float", "%"): _python_message("1.0 % 0.0"),
    ("complex", "/"): _python_message("1j / 0j"), ("int", "divmod"): _python_message("divmod(1, 0)"),
    ("float", "divmod"): _python_message("divmod(1.0, 0.0)"),
    ("float", "**"): _python_message("0.0 ** -1.0"),
}
FLOAT_POW_OVERFLOW = str(OverflowError(34, "Numerical result out of range"))     # CPython's errno text


def zero_division_message(symbol, *operand_types):
    kind = "complex" if any(isinstance(t, Complex) for t in operand_types) else (
        "int" if all(is_intlike(t) for t in operand_types) else "float")
    return ZERO_DIVISION.get((kind, symbol), "division by zero")


def _fm(low):
    return low.fastmath


def _zero_check(low, divisor, ty, message):
    if low.error_model != "python":
        return
    b = low.builder
    if isinstance(ty, Integer):
        is_zero = b.icmp_unsigned("==", divisor, ir.Constant(divisor.type, 0))
    else:
        is_zero = b.fcmp_ordered("==", divisor, ir.Constant(divisor.type, 0.0))
    low.guard(is_zero, ZeroDivisionError, message, speculable=isinstance(ty, Float))


# -- integer and float kernels --------------------------------------------------------

def _int_floordiv(low, a, c, ty, msg="integer division or modulo by zero"):
    b = low.builder
    _zero_check(low, c, ty, msg)
    zero = ir.Constant(a.type, 0)
    if not ty.signed:
        return b.udiv(a, c) if low.error_model == "python" else b.select(
            b.icmp_unsigned("==", c, zero), zero, b.udiv(a, b.select(b.icmp_unsigned("==", c, zero),
                                                                    ir.Constant(a.type, 1), c)))
    safe = b.select(b.icmp_signed("==", c, zero), ir.Constant(a.type, 1), c)
    # INT_MIN // -1 overflows in LLVM: wrap like numba (result INT_MIN)
    minus_one = ir.Constant(a.type, -1)
    overflow = b.and_(b.icmp_signed("==", safe, minus_one),
                      b.icmp_signed("==", a, ir.Constant(a.type, -(1 << (ty.bits - 1)))))
    safe = b.select(overflow, ir.Constant(a.type, 1), safe)
    q = b.sdiv(a, safe)
    r = b.srem(a, safe)
    adjust = b.and_(b.icmp_signed("!=", r, zero),
                    b.icmp_signed("!=", b.icmp_signed("<", r, zero), b.icmp_signed("<", safe, zero)))
    q = b.select(adjust, b.sub(q, ir.Constant(a.type, 1)), q)
    q = b.select(overflow, a, q)
    return b.select(b.icmp_signed("==", c, zero), zero, q)


def _int_mod(low, a, c, ty, msg="integer modulo by zero"):
    b = low.builder
    _zero_check(low, c, ty, msg)
    zero = ir.Constant(a.type, 0)
    if not ty.signed:
        safe = b.select(b.icmp_unsigned("==", c, zero), ir.Constant(a.type, 1), c)
        return b.select(b.icmp_unsigned("==", c, zero), zero, b.urem(a, safe))
    minus_one = ir.Constant(a.type, -1)
    safe = b.select(b.or_(b.icmp_signed("==", c, zero), b.icmp_signed("==", c, minus_one)),
                    ir.Constant(a.type, 1), c)
    r = b.srem(a, safe)
    adjust = b.and_(b.icmp_signed("!=", r, zero),
                    b.icmp_signed("!=", b.icmp_signed("<", r, zero), b.icmp_signed("<", safe, zero)))
    r = b.select(adjust, b.add(r, safe), r)
    return b.select(b.or_(b.icmp_signed("==", c, zero), b.icmp_signed("==", c, minus_one)), zero, r)


def _float_divmod(low, a, c, ty):
    """Python's float floor division and modulo (Objects/floatobject.c semantics)."""
    b, ctx = low.builder, low.ctx
    f = a.type
    zero = ir.Constant(f, 0.0)
    mod = b.frem(a, c)
    div = b.fdiv(b.fsub(a, mod), c)
    mod_nz = b.fcmp_unordered("!=", mod, zero)
    signs_differ = b.icmp_unsigned("!=", b.fcmp_ordered("<", c, zero), b.fcmp_ordered("<", mod, zero))
    fix = b.and_(mod_nz, signs_differ)
    mod = b.select(fix, b.fadd(mod, c), mod)
    div = b.select(fix, b.fsub(div, ir.Constant(f, 1.0)), div)
    copysign = ctx.intrinsic("copysign", [f, f])
    mod = b.select(mod_nz, mod, b.call(copysign, [zero, c]))
    floor = ctx.intrinsic("floor", [f])
    fdiv = b.call(floor, [div])
    fdiv = b.select(b.fcmp_ordered(">", b.fsub(div, fdiv), ir.Constant(f, 0.5)),
                    b.fadd(fdiv, ir.Constant(f, 1.0)), fdiv)
    div_nz = b.fcmp_unordered("!=", div, zero)
    fdiv = b.select(div_nz, fdiv, b.call(copysign, [zero, b.fdiv(a, c)]))
    return fdiv, mod


def _float_floordiv(low, a, c, ty, msg="float floor division by zero"):
    _zero_check(low, c, ty, msg)
    div = _float_divmod(low, a, c, ty)[0]
    if low.error_model != "python":          # NumPy: x // 0.0 is x / 0.0 (inf or nan)
        b = low.builder
        return b.select(b.fcmp_ordered("==", c, ir.Constant(c.type, 0.0)), b.fdiv(a, c), div)
    return div


def _float_mod(low, a, c, ty, msg="float modulo"):
    _zero_check(low, c, ty, msg)
    return _float_divmod(low, a, c, ty)[1]


def _shift(left):
    def emit(low, a, c, ty):
        b = low.builder
        bits = ir.Constant(a.type, ty.bits)
        if ty.signed:
            low.guard(b.icmp_signed("<", c, ir.Constant(a.type, 0)), ValueError, "negative shift count")
        big = b.icmp_unsigned(">=", c, bits)
        safe = b.select(big, ir.Constant(a.type, 0), c)
        if left:
            return b.select(big, ir.Constant(a.type, 0), b.shl(a, safe))
        if ty.signed:
            return b.ashr(a, b.select(big, ir.Constant(a.type, ty.bits - 1), c))
        return b.select(big, ir.Constant(a.type, 0), b.lshr(a, safe))
    return emit


def _int_pow(low, a, c, ty):
    """a ** c by squaring; a run-time negative exponent: see helpers.int_power."""
    from .helpers import int_power
    return int_power(low, a, c, ty)


def power_operands(base, exponent, value):
    """The operand types of `base ** exponent` whose exponent is the constant `value` (None when it
    is not one). An integer to a constant negative integer power is a float in Python, computed as
    float ** float (`n ** -2`; numba truncates it to an int), so both are typed float64; a negative
    exponent known only at run time raises instead (helpers.int_power). NumPy integer scalars keep
    NumPy's rule: they raise.

    >>> from numjit.types import int64, float64
    >>> power_operands(int64, int64, -2), power_operands(int64, int64, 2), power_operands(float64, int64, -2)
    ((float64, float64), (int64, int64), (float64, int64))
    """
    if (isinstance(value, int) and value < 0 and is_intlike(base) and is_intlike(exponent)
            and not is_strong(base)):
        return float64, float64
    return base, exponent


def _float_pow(low, a, c, ty):
    """a ** c; a constant c of 0.5 is a square root (with pow's +0.0 and +inf at -0.0 and -inf); for
    Python's float (float64, error_model="python") Python's errors too: 0.0 to a negative power is a
    ZeroDivisionError, a finite result too large an OverflowError."""
    b = low.builder
    if isinstance(c, ir.Constant) and c.constant == 0.5:
        root = b.fadd(b.call(low.ctx.intrinsic("sqrt", [a.type]), [a]), ir.Constant(a.type, 0.0))
        return b.select(b.fcmp_ordered("==", a, ir.Constant(a.type, float("-inf"))),
                        ir.Constant(a.type, float("inf")), root)
    result = b.call(low.ctx.intrinsic("pow", [a.type, a.type]), [a, c], fastmath=_fm(low))
    if low.error_model != "python" or ty.bits != 64:
        return result
    zero = ir.Constant(a.type, 0.0)
    low.guard(b.and_(b.fcmp_ordered("==", a, zero), b.fcmp_ordered("<", c, zero)),
              ZeroDivisionError, ZERO_DIVISION[("float", "**")])
    _overflow_check(low, result, a, c)
    return result


def _overflow_check(low, result, *operands):
    """OverflowError (Python's float **) when every operand is finite and the result is not."""
    b = low.builder
    fabs, inf = low.ctx.intrinsic("fabs", [result.type]), ir.Constant(result.type, math.inf)
    finite = ir.Constant(ir.IntType(1), 1)
    for x in operands:
        finite = b.and_(finite, b.fcmp_ordered("<", b.call(fabs, [x]), inf))
    low.guard(b.and_(finite, b.fcmp_ordered("==", b.call(fabs, [result]), inf)), OverflowError, FLOAT_POW_OVERFLOW)


POWER_CHAIN_LIMIT = 1 << 16     # |n| above this calls pow (numba's cut-off too)


def _float_int_pow(low, a, c, ty, fty):
    """x ** n for a float x (type fty) and an integer n (type ty): a compile-time n is a chain of
    multiplications by repeated squaring (as numba does; `(1. / r) ** 6` is three multiplies),
    negative n its reciprocal; a run-time n calls pow as Python does. Python's errors as _float_pow."""
    b = low.builder
    exponent = c.constant if isinstance(c, ir.Constant) and isinstance(c.constant, int) else None
    if exponent is not None and ty.signed and exponent >= 1 << (ty.bits - 1):
        exponent -= 1 << ty.bits                  # constants are stored as unsigned bit patterns
    if exponent is None or abs(exponent) > POWER_CHAIN_LIMIT:
        n = (b.sitofp if ty.signed else b.uitofp)(c, a.type)
        return _float_pow(low, a, n, fty)
    n = abs(exponent)
    result, base = ir.Constant(a.type, 1.0), a
    while n:
        if n & 1:
            result = base if isinstance(result, ir.Constant) else b.fmul(result, base, flags=_fm(low))
        n >>= 1
        if n:
            base = b.fmul(base, base, flags=_fm(low))
    python = low.error_model == "python" and fty.bits == 64
    if exponent < 0:
        if python:
            low.guard(b.fcmp_ordered("==", a, ir.Constant(a.type, 0.0)), ZeroDivisionError,
                      ZERO_DIVISION[("float", "**")])
        result = b.fdiv(ir.Constant(a.type, 1.0), result, flags=_fm(low))
    if python and exponent:
        _overflow_check(low, result, a)
    return result


def _truediv(low, a, c, ty, msg="division by zero"):
    if isinstance(ty, Complex):
        from .helpers import complex_div
        return complex_div(low, a, c, ty)
    _zero_check(low, c, ty, msg)
    return low.builder.fdiv(a, c, flags=_fm(low))


def _complex_arith(name):
    def emit(low, a, c, ty):
        b = low.builder
        ar, ai = b.extract_value(a, 0), b.extract_value(a, 1)
        cr, ci = b.extract_value(c, 0), b.extract_value(c, 1)
        if name == "add":
            re, im = b.fadd(ar, cr), b.fadd(ai, ci)
        elif name == "sub":
            re, im = b.fsub(ar, cr), b.fsub(ai, ci)
        else:
            re = b.fsub(b.fmul(ar, cr), b.fmul(ai, ci))
            im = b.fadd(b.fmul(ar, ci), b.fmul(ai, cr))
        out = ir.Constant(ty.llvm(), ir.Undefined)
        return b.insert_value(b.insert_value(out, re, 0), im, 1)
    return emit


def _simple(int_op, float_op):
    def emit(low, a, c, ty):
        b = low.builder
        if isinstance(ty, (Integer, Boolean)):
            nsw = isinstance(ty, Integer) and ty.signed and getattr(low, "no_signed_wrap", False)
            return getattr(b, int_op)(a, c, flags=["nsw"] if nsw else ())
        return getattr(b, float_op)(a, c, flags=_fm(low))
    return emit


def _bitwise(op):
    def emit(low, a, c, ty):
        return getattr(low.builder, op)(a, c)
    return emit


# (operator, symbol) -> {kind: emitter}; kind is int / float / complex
ARITH = {
    operator.add: ("+", {"int": _simple("add", "fadd"), "float": _simple("add", "fadd"),
                         "complex": _complex_arith("add")}),
    operator.sub: ("-", {"int": _simple("sub", "fsub"), "float": _simple("sub", "fsub"),
                         "complex": _complex_arith("sub")}),
    operator.mul: ("*", {"int": _simple("mul", "fmul"), "float": _simple("mul", "fmul"),
                         "complex": _complex_arith("mul")}),
    operator.truediv: ("/", {"float": _truediv, "complex": _truediv}),
    operator.floordiv: ("//", {"int": _int_floordiv, "float": _float_floordiv}),
    operator.mod: ("%", {"int": _int_mod, "float": _float_mod}),
    operator.pow: ("**", {"int": _int_pow, "float": _float_pow, "complex": complex_pow}),
    operator.lshift: ("<<", {"int": _shift(True)}),
    operator.rshift: (">>", {"int": _shift(False)}),
    operator.and_: ("&", {"int": _bitwise("and_"), "bool": _bitwise("and_")}),
    operator.or_: ("|", {"int": _bitwise("or_"), "bool": _bitwise("or_")}),
    operator.xor: ("^", {"int": _bitwise("xor"), "bool": _bitwise("xor")}),
}
INPLACE_OF = {operator.iadd: operator.add, operator.isub: operator.sub, operator.imul: operator.mul,
              operator.itruediv: operator.truediv, operator.ifloordiv: operator.floordiv,
              operator.imod: operator.mod, operator.ipow: operator.pow, operator.ilshift: operator.lshift,
              operator.irshift: operator.rshift, operator.iand: operator.and_, operator.ior: operator.or_,
              operator.ixor: operator.xor}


def _kind(t):
    return "bool" if isinstance(t, Boolean) else t.kind


def _make_binop(op, symbol, emitters):
    def typer(a, b):
        if not (isinstance(a, Number) and isinstance(b, Number)):
            return None
        res = binop_result(symbol, a, b)
        if res is None:
            return None
        operand = res
        emit = emitters.get(_kind(operand))
        if emit is None and isinstance(operand, Integer) and op is operator.truediv:
            emit = emitters["float"]
        if emit is None:
            return None
        if op is operator.pow and isinstance(a, Float) and is_intlike(b):
            exponent = int64 if isinstance(b, Boolean) else b

            def codegen(low, sig, args):
                return _float_int_pow(low, args[0], args[1], exponent, res)
            return Signature(res, (res, exponent)), codegen

        if symbol in ("/", "//", "%"):
            message = zero_division_message(symbol, a, b)

            def codegen(low, sig, args):
                return emit(low, args[0], args[1], operand, message)
        else:
            def codegen(low, sig, args):
                return emit(low, args[0], args[1], operand)
        return Signature(res, (operand, operand)), codegen
    typer.__name__ = f"scalar {symbol}"
    return typer


for _op, (_sym, _emitters) in ARITH.items():
    intrinsic(_op)(_make_binop(_op, _sym, _emitters))
for _iop, _op in INPLACE_OF.items():
    intrinsic(_iop)(_make_binop(_op, ARITH[_op][0], ARITH[_op][1]))


# -- comparisons ---------------------------------------------------------------------

CMP = {operator.eq: "==", operator.ne: "!=", operator.lt: "<", operator.le: "<=",
       operator.gt: ">", operator.ge: ">="}


def _make_compare(op, sym):
    def typer(a, b):
        if not (isinstance(a, Number) and isinstance(b, Number)):
            return None
        operand = common_type(a, b)
        if isinstance(a, Boolean) and isinstance(b, Boolean):
            operand = boolean
        if operand is None or (isinstance(operand, Complex) and sym not in ("==", "!=")):
            return None

        if (isinstance(a, Integer) and isinstance(b, Integer) and a.signed != b.signed
                and max(a.bits, b.bits) == 64):
            return _mixed_sign_compare(sym, a, b)

        def codegen(low, sig, args):
            bl = low.builder
            x, y = args
            if isinstance(operand, Boolean):
                return bl.icmp_unsigned(sym, x, y)
            if isinstance(operand, Integer):
                return (bl.icmp_signed if operand.signed else bl.icmp_unsigned)(sym, x, y)
            if isinstance(operand, Float):
                return (bl.fcmp_unordered if sym == "!=" else bl.fcmp_ordered)(sym, x, y)
            re = bl.fcmp_ordered("==", bl.extract_value(x, 0), bl.extract_value(y, 0))
            im = bl.fcmp_ordered("==", bl.extract_value(x, 1), bl.extract_value(y, 1))
            same = bl.and_(re, im)
            return same if sym == "==" else bl.not_(same)
        return Signature(boolean, (operand, operand)), codegen
    typer.__name__ = f"scalar {sym}"
    return typer


for _op, _sym in CMP.items():
    intrinsic(_op)(_make_compare(_op, _sym))


def _mixed_sign_compare(sym, a, b):
    """int64 vs uint64 compared exactly, as Python does (not through float64)."""
    from ..types.scalars import int64 as i64, uint64 as u64

    def codegen(low, sig, args):
        bl = low.builder
        x = low.ctx.cast(bl, args[0], a, i64 if a.signed else u64)
        y = low.ctx.cast(bl, args[1], b, i64 if b.signed else u64)
        zero = ir.Constant(x.type, 0)
        neg = bl.icmp_signed("<", x if a.signed else y, zero)     # the signed operand is negative
        unsigned_cmp = bl.icmp_unsigned(sym, x, y)
        # a negative signed value is below every unsigned value
        if sym in ("==",):
            return bl.and_(bl.not_(neg), unsigned_cmp)
        if sym == "!=":
            return bl.or_(neg, unsigned_cmp)
        signed_is_less = sym in ("<", "<=") if a.signed else sym in (">", ">=")
        return bl.select(neg, ir.Constant(ir.IntType(1), int(signed_is_less)), unsigned_cmp)
    return Signature(boolean, (a, b)), codegen


@intrinsic(operator.is_)
def identity_compare(a, b):
    """`x is None` and friends: decided from the types at compile time; two bools compare
    their values (numba: `is` between values of one immutable type is `==`)."""
    if isinstance(a, Boolean) and isinstance(b, Boolean):
        return Signature(boolean, (a, b)), lambda low, sig, args: low.builder.icmp_unsigned("==", *args)
    if not (isinstance(a, (NoneType, Const)) or isinstance(b, (NoneType, Const))):
        return None
    if getattr(a, "nullable", False) or getattr(b, "nullable", False):
        return None                     # an optional value: `is None` tested at run time
    same = a == b and (not isinstance(a, Const) or a.value is b.value)

    def codegen(low, sig, args):
        return ir.Constant(ir.IntType(1), int(same))
    return Signature(boolean, (a, b)), codegen


@intrinsic(operator.is_not)
def identity_not(a, b):
    result = identity_compare(a, b)
    if result is None:
        return None
    sig, inner = result

    def codegen(low, sig, args):
        return low.builder.not_(inner(low, sig, args))
    return sig, codegen


def _item_compare(op, sym, x, y):
    """(Signature, codegen) comparing two tuple items: numbers here, other items (strings,
    nested tuples) by their own intrinsic; None when they do not compare."""
    if isinstance(x, Number) and isinstance(y, Number):
        return _make_compare(op, sym)(x, y)
    from ..typing.registry import resolve, IntrinsicImpl
    impl = resolve(op, (x, y))
    return (impl.signature, impl.codegen) if isinstance(impl, IntrinsicImpl) else None


def _tuples(a, b, lists=True):
    """Two tuples, or (`lists`) two literal lists, which compare as lists do (literal dicts and a
    literal list with a tuple do not: intrinsics/literal_containers.py)."""
    kinds = {getattr(a, "kind", None), getattr(b, "kind", None)}
    return (isinstance(a, Tuple) and isinstance(b, Tuple) and "literaldict" not in kinds
            and ("literallist" not in kinds or lists and kinds == {"literallist"}))


@intrinsic(operator.eq)
def tuple_compare(a, b):
    if not _tuples(a, b):
        return None
    ops = []
    if len(a) == len(b):
        for x, y in zip(a.items, b.items):
            r = _item_compare(operator.eq, "==", x, y)
            if r is None:
                return None
            ops.append(r)

    def codegen(low, sig, args):
        bl = low.builder
        result = ir.Constant(ir.IntType(1), 1 if len(a) == len(b) else 0)
        for i, (isig, emit) in enumerate(ops):
            x = low.cast(bl.extract_value(args[0], i), a.items[i], isig.args[0])   # (an optional:
            y = low.cast(bl.extract_value(args[1], i), b.items[i], isig.args[1])   # its value)
            result = bl.and_(result, emit(low, isig, [x, y]))
        return result
    sig = Signature(boolean, (a, b))
    return sig, codegen


def negation(typer):
    """The typer of `not typer(...)`: same signature, the boolean result inverted."""
    def negated(*types):
        result = typer(*types)
        if result is None:
            return None
        sig, inner = result
        return sig, lambda low, sig, args: low.builder.not_(inner(low, sig, args))
    return negated


intrinsic(operator.ne)(negation(tuple_compare))


def _tuple_order(op, sym):
    """Tuples order as in Python: by the first items that differ, else by length."""
    def typer(a, b):
        if not _tuples(a, b):
            return None
        pairs = []
        for x, y in zip(a.items, b.items):
            eq, cmp = _item_compare(operator.eq, "==", x, y), _item_compare(op, sym, x, y)
            if eq is None or cmp is None:
                return None
            pairs.append((eq, cmp))

        def codegen(low, sig, args):
            bl = low.builder
            result = ir.Constant(ir.IntType(1), int(op(len(a), len(b))))
            for i in range(len(pairs) - 1, -1, -1):
                outcomes = []
                for isig, emit in pairs[i]:
                    x = low.cast(bl.extract_value(args[0], i), a.items[i], isig.args[0])
                    y = low.cast(bl.extract_value(args[1], i), b.items[i], isig.args[1])
                    outcomes.append(emit(low, isig, [x, y]))
                result = bl.select(outcomes[0], result, outcomes[1])
            return result
        return Signature(boolean, (a, b)), codegen
    return typer


for _op, _sym in ((operator.lt, "<"), (operator.le, "<="), (operator.gt, ">"), (operator.ge, ">=")):
    intrinsic(_op)(_tuple_order(_op, _sym))


def _never_equal(a, b):
    """Values of these types never compare equal (a number vs None or a tuple)."""
    return (isinstance(a, Number) and isinstance(b, (NoneType, Tuple))
            or isinstance(b, Number) and isinstance(a, (NoneType, Tuple)))


@intrinsic(operator.contains)
def tuple_contains(tup, item):
    """`x in (1, 2.5, 3)`: any item == x (items of other kinds, such as None, are never equal)."""
    if not isinstance(tup, Tuple) or tup.kind == "literaldict" or not isinstance(item, (Number, Tuple, NoneType)):
        return None
    tests = []
    for i, t in enumerate(tup.items):
        if isinstance(t, NoneType) and isinstance(item, NoneType):
            tests.append((i, None))               # None == None
            continue
        eq = resolve(operator.eq, (t, item))
        if eq is None or eq.signature.return_type != boolean:
            if _never_equal(t, item):
                continue
            return None
        tests.append((i, eq))

    def codegen(low, sig, args):
        bl = low.builder
        found = ir.Constant(ir.IntType(1), 0)
        for i, eq in tests:
            if eq is None:
                return ir.Constant(ir.IntType(1), 1)
            x = low.ctx.cast(bl, bl.extract_value(args[0], i), tup.items[i], eq.signature.args[0])
            y = low.ctx.cast(bl, args[1], item, eq.signature.args[1])
            found = bl.or_(found, eq.codegen(low, eq.signature, [x, y]))
        return found
    return Signature(boolean, (tup, item)), codegen


intrinsic("not in")(negation(tuple_contains))


@intrinsic(operator.add)
def tuple_concat(a, b):
    """(1, 2.0) + (3,) -> (1, 2.0, 3): a new tuple of both tuples' items."""
    if not _tuples(a, b, lists=False):
        return None
    result = Tuple(list(a.items) + list(b.items))

    def codegen(low, sig, args):
        bl = low.builder
        out = ir.Constant(result.llvm(), ir.Undefined)
        items = [bl.extract_value(args[0], i) for i in range(len(a))]
        items += [bl.extract_value(args[1], i) for i in range(len(b))]
        for i, item in enumerate(items):
            out = bl.insert_value(out, item, i)
        return out
    return Signature(result, (a, b)), codegen


# -- unary -------------------------------------------------------------------------------

def _promoted(t):
    """numba promotes small integers (and bool, except under ~) to 64 bits under unary - + ~."""
    if isinstance(t, Boolean):
        return int64
    if isinstance(t, Integer):
        return int64 if t.signed or t.bits < 64 else uint64
    return t


@intrinsic(operator.neg)
def neg(a):
    if not isinstance(a, Number):
        return None
    t = _promoted(a)

    def codegen(low, sig, args):
        b = low.builder
        x = args[0]
        if isinstance(t, Integer):
            return b.neg(x)
        if isinstance(t, Float):
            return b.fneg(x)
        out = ir.Constant(t.llvm(), ir.Undefined)
        out = b.insert_value(out, b.fneg(b.extract_value(x, 0)), 0)
        return b.insert_value(out, b.fneg(b.extract_value(x, 1)), 1)
    return Signature(t, (t,)), codegen


@intrinsic(operator.pos)
def pos(a):
    if not isinstance(a, Number):
        return None
    t = _promoted(a)
    return Signature(t, (t,)), lambda low, sig, args: args[0]


@intrinsic(operator.invert)
def invert(a):
    """`~` of a bool is the logical not, as NumPy's np.bool_ and numba give (Python's `~True` is -2,
    deprecated since 3.12); of an integer the bitwise not, promoted as numba does."""
    if isinstance(a, Boolean):
        t = boolean
    elif isinstance(a, Integer):
        t = _promoted(a)
    else:
        return None
    return Signature(t, (t,)), lambda low, sig, args: low.builder.not_(args[0])


@intrinsic(operator.not_)
def not_(a):
    if not isinstance(a, (Number, NoneType, Tuple, Const)):
        return None

    def codegen(low, sig, args):
        return low.builder.not_(low.ctx.truth(low.builder, args[0], a))
    return Signature(boolean, (a,)), codegen
