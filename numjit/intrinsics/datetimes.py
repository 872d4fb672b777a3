"""datetime64 / timedelta64 operations, typed as NumPy types them (its ufunc loop resolution) and
computed as NumPy computes them: operands are converted to the loop's (finer) unit, NaT propagates
through arithmetic, and every comparison with NaT is False except `!=`.

    >>> import operator
    >>> from numjit.types import NPDatetime, NPTimedelta
    >>> from numjit.typing.registry import resolve
    >>> resolve(operator.sub, (NPDatetime("D"), NPDatetime("h"))).signature
    timedelta64[h](datetime64[D], datetime64[h])
    >>> resolve(operator.truediv, (NPTimedelta("m"), NPTimedelta("s"))).signature.return_type
    float64

Unit conversion goes to the finer unit only (as NumPy's promotion does): linear units multiply
by NumPy's own factor; datetimes in years or months become days through the civil calendar.
"""
import operator

import numpy as np
from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Integer, Float, Boolean, Const, Array, boolean, int64
from ..types.arrayexpr import ArrayExpr
from ..types.datetimes import NPDatetime, NPTimedelta, NAT, from_datetime_dtype, convert_unit, is_nat
from ..types.scalars import from_dtype
from ..typing.registry import intrinsic
from .arrayexpr import _expr_typer, for_each_element

I1, I64 = ir.IntType(1), ir.IntType(64)
DOUBLE = ir.DoubleType()
DATETIME_LIKE = (NPDatetime, NPTimedelta)


def _c(v):
    return ir.Constant(I64, v)


def _operand_dtype(t):
    if isinstance(t, DATETIME_LIKE):
        return t.dtype
    if isinstance(t, Integer):
        return np.dtype(np.int64)
    if isinstance(t, Float):
        return np.dtype(np.float64)
    return None


def _cast_in(low, value, src, dst):
    if isinstance(src, DATETIME_LIKE):
        return convert_unit(low.builder, value, src, dst)
    return low.ctx.cast(low.builder, value, src, dst)


def _loop(ufunc, a, b):
    """NumPy's loop (input types, output type) for a op b with a datetime-like operand, else None;
    a combination NumPy rejects (datetime + datetime) is a TypingError with NumPy's reason."""
    if not (isinstance(a, DATETIME_LIKE) or isinstance(b, DATETIME_LIKE)):
        return None
    da, db = _operand_dtype(a), _operand_dtype(b)
    if da is None or db is None:
        return None
    try:
        resolved = ufunc.resolve_dtypes((da, db, None))
    except (TypeError, ValueError) as exc:
        raise TypingError(f"unsupported operand types for {ufunc.__name__}: {a} and {b} ({exc})") from None
    types = [from_dtype(d) for d in resolved]
    if None in types:
        return None
    return types[:2], types[2]


# -- arithmetic kernels: (low, x, y, xt, yt, out) on values already in the loop's types -----------

def _nat_either(b, x, y, xt, yt):
    nat = ir.Constant(I1, 0)
    for v, t in ((x, xt), (y, yt)):
        if isinstance(t, DATETIME_LIKE):
            nat = b.or_(nat, is_nat(b, v))
    return nat


def _add(low, x, y, xt, yt, out):
    b = low.builder
    return b.select(_nat_either(b, x, y, xt, yt), _c(NAT), b.add(x, y))


def _sub(low, x, y, xt, yt, out):
    b = low.builder
    return b.select(_nat_either(b, x, y, xt, yt), _c(NAT), b.sub(x, y))


def _from_double(b, f, bad):
    """A timedelta from a float result: NaN/inf (or a NaT operand) give NaT; else truncation."""
    finite = b.fcmp_ordered("<", b.call(b.module.declare_intrinsic("llvm.fabs", [DOUBLE]), [f]),
                            ir.Constant(DOUBLE, 9.2e18))
    return b.select(b.or_(bad, b.not_(finite)), _c(NAT), b.fptosi(f, I64))


def _mul(low, x, y, xt, yt, out):
    b = low.builder
    if isinstance(yt, NPTimedelta):
        x, y, xt, yt = y, x, yt, xt
    nat = is_nat(b, x)
    if isinstance(yt, Float):
        return _from_double(b, b.fmul(b.sitofp(x, DOUBLE), y), nat)
    return b.select(nat, _c(NAT), b.mul(x, y))


def _safe(b, d):
    return b.select(b.icmp_signed("==", d, _c(0)), _c(1), d)


def _truediv(low, x, y, xt, yt, out):
    b = low.builder
    nat = _nat_either(b, x, y, xt, yt)
    if isinstance(yt, NPTimedelta):              # timedelta / timedelta: a float, NaT gives nan
        q = b.fdiv(b.sitofp(x, DOUBLE), b.sitofp(y, DOUBLE))
        return b.select(nat, ir.Constant(DOUBLE, float("nan")), q)
    if isinstance(yt, Float):
        return _from_double(b, b.fdiv(b.sitofp(x, DOUBLE), y), nat)
    zero = b.icmp_signed("==", y, _c(0))         # NumPy truncates; / 0 gives NaT
    return b.select(b.or_(nat, zero), _c(NAT), b.sdiv(x, _safe(b, y)))


def _floor_parts(b, x, y):
    safe = _safe(b, y)
    q, r = b.sdiv(x, safe), b.srem(x, safe)
    adjust = b.and_(b.icmp_signed("!=", r, _c(0)),
                    b.icmp_signed("!=", b.icmp_signed("<", r, _c(0)), b.icmp_signed("<", safe, _c(0))))
    return b.select(adjust, b.sub(q, _c(1)), q), b.select(adjust, b.add(r, safe), r)


def _floordiv(low, x, y, xt, yt, out):
    b = low.builder
    nat = _nat_either(b, x, y, xt, yt)
    zero = b.icmp_signed("==", y, _c(0))
    if isinstance(yt, NPTimedelta):              # an int64; NaT or / 0 give 0 as in NumPy
        return b.select(b.or_(nat, zero), _c(0), _floor_parts(b, x, y)[0])
    if isinstance(yt, Float):
        return _from_double(b, b.call(b.module.declare_intrinsic("llvm.floor", [DOUBLE]),
                                      [b.fdiv(b.sitofp(x, DOUBLE), y)]), nat)
    return b.select(b.or_(nat, zero), _c(NAT), b.sdiv(x, _safe(b, y)))   # NumPy truncates here


def _mod(low, x, y, xt, yt, out):
    b = low.builder
    bad = b.or_(_nat_either(b, x, y, xt, yt), b.icmp_signed("==", y, _c(0)))
    return b.select(bad, _c(NAT), _floor_parts(b, x, y)[1])


ARITH = {operator.add: (np.add, _add), operator.sub: (np.subtract, _sub),
         operator.mul: (np.multiply, _mul), operator.truediv: (np.true_divide, _truediv),
         operator.floordiv: (np.floor_divide, _floordiv), operator.mod: (np.remainder, _mod)}
INPLACE = {operator.iadd: operator.add, operator.isub: operator.sub, operator.imul: operator.mul,
           operator.itruediv: operator.truediv, operator.ifloordiv: operator.floordiv,
           operator.imod: operator.mod}


def _arith_typer(ufunc, kernel):
    def typer(a, b):
        loop = _loop(ufunc, a, b)
        if loop is None:
            return None
        (xt, yt), out = loop

        def codegen(low, sig, args):
            x, y = (_cast_in(low, v, s, d) for v, s, d in zip(args, (a, b), (xt, yt)))
            return kernel(low, x, y, xt, yt, out)
        return Signature(out, (a, b)), codegen
    typer.__name__ = f"datetime {ufunc.__name__}"
    return typer


for _op, (_ufunc, _kernel) in ARITH.items():
    intrinsic(_op)(_arith_typer(_ufunc, _kernel))
for _iop, _op in INPLACE.items():
    intrinsic(_iop)(_arith_typer(*ARITH[_op]))


# -- comparisons -------------------------------------------------------------------------------

COMPARE = {operator.eq: (np.equal, "=="), operator.ne: (np.not_equal, "!="), operator.lt: (np.less, "<"),
           operator.le: (np.less_equal, "<="), operator.gt: (np.greater, ">"),
           operator.ge: (np.greater_equal, ">=")}


def _compare_typer(ufunc, sym):
    def typer(a, b):
        if not (isinstance(a, DATETIME_LIKE) and isinstance(b, DATETIME_LIKE)):
            return None
        (xt, yt), _ = _loop(ufunc, a, b)

        def codegen(low, sig, args):
            bl = low.builder
            x, y = (_cast_in(low, v, s, d) for v, s, d in zip(args, (a, b), (xt, yt)))
            nat = bl.or_(is_nat(bl, x), is_nat(bl, y))
            return bl.select(nat, ir.Constant(I1, int(sym == "!=")), bl.icmp_signed(sym, x, y))
        return Signature(boolean, (a, b)), codegen
    return typer


for _op, (_ufunc, _sym) in COMPARE.items():
    intrinsic(_op)(_compare_typer(_ufunc, _sym))


# -- unary, np.isnat, constructors ------------------------------------------------------------

@intrinsic(operator.neg)
def neg(a):
    if not isinstance(a, NPTimedelta):
        return None
    return Signature(a, (a,)), lambda low, sig, args: low.builder.neg(args[0])    # -NaT is NaT


@intrinsic(operator.pos)
def pos(a):
    if not isinstance(a, NPTimedelta):
        return None
    return Signature(a, (a,)), lambda low, sig, args: args[0]


@intrinsic(abs, np.abs, np.absolute)
def absolute(a):
    if not isinstance(a, NPTimedelta):
        return None

    def codegen(low, sig, args):
        b = low.builder
        return b.select(b.icmp_signed("<", args[0], _c(0)), b.neg(args[0]), args[0])     # abs(NaT) is NaT
    return Signature(a, (a,)), codegen


@intrinsic(np.isnat)
def isnat(a):
    if not isinstance(a, DATETIME_LIKE):
        return None
    return Signature(boolean, (a,)), lambda low, sig, args: is_nat(low.builder, args[0])


intrinsic(np.isnat)(_expr_typer(np.isnat, np.isnat))


def _constructor(cls):
    """np.datetime64("2020-01-01"), np.datetime64("NaT", "D"), np.timedelta64(n, "h"): a constant
    when every argument is one, else an integer count of the given unit."""
    def typer(value, unit=None):
        if unit is not None and not (isinstance(unit, Const) and isinstance(unit.value, str)):
            return None
        if isinstance(value, Const) and isinstance(value.value, str):
            try:
                const = cls(value.value, *(() if unit is None else (unit.value,)))
            except (TypeError, ValueError) as exc:
                raise TypingError(f"np.{cls.__name__}({value.value!r}): {exc}") from None
            ty = from_datetime_dtype(const.dtype)
            raw = int(const.astype(np.int64))
            return Signature(ty, (value,) if unit is None else (value, unit)), lambda low, sig, args: _c(raw)
        if isinstance(value, (Integer, Boolean)) and unit is not None:
            try:
                ty = from_datetime_dtype(np.dtype(f"{np.dtype(cls).char}8[{unit.value}]"))
            except TypeError as exc:
                raise TypingError(f"np.{cls.__name__}: {exc}") from None
            if ty is None:
                return None
            return Signature(ty, (int64, unit)), lambda low, sig, args: args[0]
        return None
    typer.__name__ = f"np.{cls.__name__}"
    return typer


intrinsic(np.datetime64)(_constructor(np.datetime64))
intrinsic(np.timedelta64)(_constructor(np.timedelta64))


# -- reductions: min/max (NaT propagates, as in NumPy 2) and the sum of timedeltas ---------------

def _reduction(name):
    pick_max, is_sum = name == "max", name == "sum"

    def typer(a):
        if not (isinstance(a, (Array, ArrayExpr)) and isinstance(a.dtype, DATETIME_LIKE)):
            return None
        if is_sum and not isinstance(a.dtype, NPTimedelta):
            raise TypingError(f"np.sum() of {a}: datetimes cannot be added (NumPy raises too)")

        def codegen(low, sig, args):
            b = low.builder
            acc = low.ctx.alloca(b, I64)
            count = low.ctx.alloca(b, I64)
            b.store(_c(0), acc)
            b.store(_c(0), count)

            def body(index, elem):
                cur, n = b.load(acc), b.load(count)
                if is_sum:
                    new = b.add(cur, elem)
                else:
                    better = b.icmp_signed(">" if pick_max else "<", elem, cur)
                    new = b.select(b.or_(b.icmp_signed("==", n, _c(0)), better), elem, cur)
                b.store(b.select(b.or_(is_nat(b, cur), is_nat(b, elem)), _c(NAT), new), acc)
                b.store(b.add(n, _c(1)), count)
            for_each_element(low, args[0], a, body)
            if not is_sum:
                low.guard(b.icmp_signed("==", b.load(count), _c(0)), ValueError,
                          f"zero-size array to reduction operation {'maximum' if pick_max else 'minimum'} "
                          "which has no identity")
            return b.load(acc)
        return Signature(a.dtype, (a,)), codegen
    return typer


for _name, _funcs in {"min": (np.min, np.amin), "max": (np.max, np.amax), "sum": (np.sum,)}.items():
    intrinsic(*_funcs, f"array.{_name}", f"arrayexpr.{_name}")(_reduction(_name))
