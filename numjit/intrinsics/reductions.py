"""Whole-array reductions (sum, prod, min, max, mean, all, any, argmin, argmax) over arrays and
array expressions — an expression is reduced in the same loop that computes it — plus
assignment into views (`a[1:3] = x`, `rs[...] += e`).

    >>> import numpy as np
    >>> from numjit.types import float32
    >>> from numjit.typing.registry import resolve
    >>> resolve(np.sum, (float32[:, :],)).signature.return_type, resolve("array.max", (float32[:],)).signature.return_type
    (float32, float32)
"""
import operator

import numpy as np
from llvmlite import ir

from ..types import Signature, Array, Tuple, Number, Integer, Float, Complex, Boolean
from ..types.arrayexpr import ArrayExpr
from ..types.scalars import int64, uint64, float64, boolean, is_intlike
from ..typing.registry import intrinsic
from .arrayexpr import for_each_element, assign
from .slices import view_of, classify

I64 = ir.IntType(64)


def _sum_type(dtype):
    """NumPy's accumulator for sum/prod: small ints widen to int64/uint64, bool to int64."""
    if isinstance(dtype, Boolean):
        return int64
    if isinstance(dtype, Integer):
        return int64 if dtype.signed else uint64
    return dtype


def _arraylike(t):
    return isinstance(t, (Array, ArrayExpr))


def _accumulate(low, value, ty, acc_type, init, combine):
    """Fold every element into an accumulator: combine(acc, elem) -> new acc."""
    b = low.builder
    acc = low.ctx.alloca(b, acc_type.llvm())
    b.store(init, acc)
    elem_type = ty.dtype

    def body(index, elem):
        e = low.ctx.cast(b, elem, elem_type, acc_type)
        b.store(combine(b.load(acc), e), acc)
    shape = for_each_element(low, value, ty, body)
    return b.load(acc), shape


def _count(b, shape):
    n = ir.Constant(I64, 1)
    for d in shape:
        n = b.mul(n, d)
    return n


def _arith(kind):
    def typer(a):
        if not _arraylike(a):
            return None
        acc_t = _sum_type(a.dtype)

        def codegen(low, sig, args):
            b = low.builder
            fast = ("reassoc", "nsz") if isinstance(acc_t, Float) else ()

            def combine(x, y):
                if isinstance(acc_t, Float):
                    return (b.fadd if kind == "sum" else b.fmul)(x, y, flags=fast)
                if isinstance(acc_t, Complex):
                    from .operators import ARITH
                    return ARITH[operator.add if kind == "sum" else operator.mul][1]["complex"](low, x, y, acc_t)
                return (b.add if kind == "sum" else b.mul)(x, y)
            init = low.ctx.constant(acc_t, 0 if kind == "sum" else 1)
            total, _ = _accumulate(low, args[0], a, acc_t, init, combine)
            return total
        return Signature(acc_t, (a,)), codegen
    return typer


def _mean(a):
    if not _arraylike(a) or isinstance(a.dtype, Complex):
        return None
    out_t = a.dtype if isinstance(a.dtype, Float) else float64

    def codegen(low, sig, args):
        b = low.builder
        fast = ("reassoc", "nsz")
        total, shape = _accumulate(low, args[0], a, out_t, low.ctx.constant(out_t, 0.0),
                                   lambda x, y: b.fadd(x, y, flags=fast))
        n = b.sitofp(_count(b, shape), out_t.llvm())
        return b.fdiv(total, n)
    return Signature(out_t, (a,)), codegen


def _extreme(pick_max):
    """min/max: NaN propagates; empty input raises ValueError like NumPy."""
    name = "maximum" if pick_max else "minimum"

    def typer(a):
        if not _arraylike(a) or isinstance(a.dtype, Complex):
            return None
        t = a.dtype

        def codegen(low, sig, args):
            b = low.builder
            acc = low.ctx.alloca(b, t.llvm())
            first = low.ctx.alloca(b, ir.IntType(1))
            b.store(ir.Constant(ir.IntType(1), 1), first)
            b.store(low.ctx.constant(t, 0), acc)

            def body(index, elem):
                cur = b.load(acc)
                if isinstance(t, Float):
                    better = b.fcmp_unordered(">" if pick_max else "<", elem, cur)
                    better = b.or_(better, b.fcmp_unordered("uno", elem, elem))
                    keep_nan = b.fcmp_unordered("uno", cur, cur)
                    better = b.and_(better, b.not_(keep_nan))
                elif isinstance(t, Integer) and t.signed:
                    better = b.icmp_signed(">" if pick_max else "<", elem, cur)
                else:
                    better = b.icmp_unsigned(">" if pick_max else "<", elem, cur)
                take = b.or_(b.load(first), better)
                b.store(b.select(take, elem, cur), acc)
                b.store(ir.Constant(ir.IntType(1), 0), first)
            for_each_element(low, args[0], a, body)
            low.guard(b.load(first), ValueError,
                      f"zero-size array to reduction operation {name} which has no identity")
            return b.load(acc)
        return Signature(t, (a,)), codegen
    return typer


def _arg_extreme(pick_max):
    def typer(a):
        if not _arraylike(a) or isinstance(a.dtype, Complex):
            return None
        t = a.dtype

        def codegen(low, sig, args):
            b = low.builder
            best = low.ctx.alloca(b, t.llvm())
            best_at = low.ctx.alloca(b, I64)
            counter = low.ctx.alloca(b, I64)
            b.store(ir.Constant(I64, 0), counter)
            b.store(ir.Constant(I64, -1), best_at)
            b.store(low.ctx.constant(t, 0), best)

            def body(index, elem):
                k = b.load(counter)
                cur = b.load(best)
                first = b.icmp_signed("<", b.load(best_at), ir.Constant(I64, 0))
                if isinstance(t, Float):
                    cur_nan = b.fcmp_unordered("uno", cur, cur)
                    better = b.or_(b.fcmp_ordered(">" if pick_max else "<", elem, cur),
                                   b.fcmp_unordered("uno", elem, elem))
                    better = b.and_(better, b.not_(cur_nan))
                elif isinstance(t, Integer) and t.signed:
                    better = b.icmp_signed(">" if pick_max else "<", elem, cur)
                else:
                    better = b.icmp_unsigned(">" if pick_max else "<", elem, cur)
                take = b.or_(first, better)
                b.store(b.select(take, elem, cur), best)
                b.store(b.select(take, k, b.load(best_at)), best_at)
                b.store(b.add(k, ir.Constant(I64, 1)), counter)
            for_each_element(low, args[0], a, body)
            low.guard(b.icmp_signed("<", b.load(best_at), ir.Constant(I64, 0)), ValueError,
                      f"attempt to get {'argmax' if pick_max else 'argmin'} of an empty sequence")
            return b.load(best_at)
        return Signature(int64, (a,)), codegen
    return typer


def _logical(is_all):
    def typer(a):
        if not _arraylike(a):
            return None

        def codegen(low, sig, args):
            b = low.builder
            init = ir.Constant(ir.IntType(1), int(is_all))

            def combine(acc, e):
                return b.and_(acc, e) if is_all else b.or_(acc, e)
            result, _ = _accumulate(low, args[0], a, boolean, init, combine)
            return result
        return Signature(boolean, (a,)), codegen
    return typer


REDUCTIONS = {
    "sum": (np.sum, _arith("sum")), "prod": (np.prod, _arith("prod")), "mean": (np.mean, _mean),
    "max": (np.max, _extreme(True)), "min": (np.min, _extreme(False)),
    "argmax": (np.argmax, _arg_extreme(True)), "argmin": (np.argmin, _arg_extreme(False)),
    "all": (np.all, _logical(True)), "any": (np.any, _logical(False)),
}
for _name, (_func, _typer) in REDUCTIONS.items():
    intrinsic(_func, f"array.{_name}", f"arrayexpr.{_name}")(_typer)
intrinsic(np.amax)(_extreme(True))
intrinsic(np.amin)(_extreme(False))


def _is_int_index(index):
    return is_intlike(index) or isinstance(index, Tuple) and all(is_intlike(t) for t in index.items)


@intrinsic(operator.setitem)
def setitem_view(arr, index, value):
    """a[basic index] = scalar | array | expression, with broadcasting."""
    if not isinstance(arr, Array) or not isinstance(value, (Number, Array, ArrayExpr)):
        return None
    kinds = classify(arr, index)
    if kinds is None:
        return None
    if all(k == "int" for k in kinds) and isinstance(value, Number) and _is_int_index(index):
        return None                              # element assignment: arrays.setitem_int
    if arr.readonly:
        from ..errors import TypingError
        raise TypingError(f"cannot assign to a read-only array ({arr})")

    def codegen(low, sig, args):
        view, view_ty = view_of(low, args[0], arr, args[1], index)
        assign(low, view, view_ty, args[2], value)
        return None
    return Signature(arr.dtype, (arr, index, value)), codegen
