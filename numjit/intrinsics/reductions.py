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
from ..types.scalars import accumulator, int64, float64, boolean, is_intlike
from ..typing.registry import intrinsic
from ..types.arrays import DATA, NITEMS
from ..runtime.lists import for_range
from .arrayexpr import as_expr, for_each_element, assign, leading_ones, pack_single
from .fold import fold
from .shapes import is_c_contiguous
from .slices import view_of, classify

I64 = ir.IntType(64)


def _arraylike(t):
    return isinstance(t, (Array, ArrayExpr)) and isinstance(t.dtype, Number)   # datetimes: datetimes.py


def _accumulate(low, value, ty, acc_type, init, combine, regroup):
    """Fold every element into an accumulator: combine(low, acc, elem) -> new acc; `init` is a
    constant; `regroup`: the combine is associative with identity `init` (fold.py). In
    parallel=True functions the rows are folded on the pool (parallel_expr.py)."""
    if low.t.flags.get("parallel") and as_expr(ty).ndim >= 1:
        from .parallel_expr import accumulate_in_parallel
        return accumulate_in_parallel(low, value, ty, acc_type, init, combine)
    return fold(low, value, ty, acc_type, init, combine, regroup)


def _count(b, shape):
    n = ir.Constant(I64, 1)
    for d in shape:
        n = b.mul(n, d)
    return n


def _arith(kind):
    def typer(a):
        if not _arraylike(a):
            return None
        acc_t = accumulator(a.dtype)

        def codegen(low, sig, args):
            # sums may be reordered (vectorised); products stay in NumPy's order, since regrouping
            # changes where overflow meets a zero (prod([0.0, 1e300, 1e300]) is 0.0, not nan)
            fast = ("reassoc", "nsz") if isinstance(acc_t, Float) and kind == "sum" else ()

            def combine(low, x, y):
                b = low.builder
                if isinstance(acc_t, Float):
                    return (b.fadd if kind == "sum" else b.fmul)(x, y, flags=fast)
                if isinstance(acc_t, Complex):
                    from .operators import ARITH
                    return ARITH[operator.add if kind == "sum" else operator.mul][1]["complex"](low, x, y, acc_t)
                return (b.add if kind == "sum" else b.mul)(x, y)
            init = low.ctx.constant(acc_t, 0 if kind == "sum" else 1)
            regroup = not isinstance(acc_t, Complex) and (kind == "sum" or not isinstance(acc_t, Float))
            total, _ = _accumulate(low, args[0], a, acc_t, init, combine, regroup)
            return total
        return Signature(acc_t, (a,)), codegen
    return typer


def _mean(a):
    """The mean in the array's float or complex type (float64 for integers); a complex mean
    divides both parts of the sum by the count."""
    if not _arraylike(a):
        return None
    out_t = a.dtype if isinstance(a.dtype, (Float, Complex)) else float64

    def codegen(low, sig, args):
        b = low.builder
        fast = ("reassoc", "nsz")
        if isinstance(out_t, Complex):
            from .operators import ARITH
            add = ARITH[operator.add][1]["complex"]
            total, shape = _accumulate(low, args[0], a, out_t, low.ctx.constant(out_t, 0j),
                                       lambda low, x, y: add(low, x, y, out_t), False)
            n = b.sitofp(_count(b, shape), out_t.underlying.llvm())
            for part in range(2):
                total = b.insert_value(total, b.fdiv(b.extract_value(total, part), n), part)
            return total
        total, shape = _accumulate(low, args[0], a, out_t, low.ctx.constant(out_t, 0.0),
                                   lambda low, x, y: low.builder.fadd(x, y, flags=fast), True)
        n = b.sitofp(_count(b, shape), out_t.llvm())
        return b.fdiv(total, n)
    return Signature(out_t, (a,)), codegen


# -- min/max/argmin/argmax ------------------------------------------------------------------------
#
# NaN propagates and the first extreme wins, as in NumPy. The straightforward loop (one compare
# chain per element) does not vectorise, so a C-contiguous array of numbers takes a fast path
# (an out-of-line function per dtype): min/max fold with llvm.minnum/maxnum (NaN-ignoring,
# vectorised) while an or-reduction notes whether a NaN was seen, then find the first NaN if
# one was; argmin/argmax do the same per block of BLOCK items, keep the first block holding the
# best value, and scan only that block (or the first block with a NaN) for the index.
# 1e6 float64: 1.0 ms -> 0.16 ms (NumPy 0.15 ms); argmax int32 0.75 ms -> 0.07 ms.

BLOCK = 1024
SMALL = 32           # arrays not typed contiguous take the fast path from this many items


def _better(b, t, pick_max, x, cur):
    """x strictly beats cur (NaN never does)."""
    op = ">" if pick_max else "<"
    if isinstance(t, Float):
        return b.fcmp_ordered(op, x, cur)
    if isinstance(t, Integer) and t.signed:
        return b.icmp_signed(op, x, cur)
    return b.icmp_unsigned(op, x, cur)


def _fast_path_dtype(t):
    return isinstance(t, (Float, Integer)) and not isinstance(t, Boolean)


def _load_at(b, data, t, i):
    return b.load(b.gep(data, [i], inbounds=True, source_etype=t.llvm()), typ=t.llvm())


def _fold(ctx, b, data, t, pick_max, start, stop):
    """(extreme ignoring NaN, NaN seen?) of data[start:stop] (start < stop), in a vectorisable loop."""
    acc = ctx.alloca(b, t.llvm())
    seen_nan = ctx.alloca(b, ir.IntType(1))
    first = _load_at(b, data, t, start)
    b.store(first, acc)
    b.store(b.fcmp_unordered("uno", first, first) if isinstance(t, Float) else ir.Constant(ir.IntType(1), 0),
            seen_nan)
    if isinstance(t, Float):
        name = f"llvm.{'maxnum' if pick_max else 'minnum'}.{'f64' if t.bits == 64 else 'f32'}"
        fold = ctx.declare(name, t.llvm(), [t.llvm(), t.llvm()])
    with for_range(b, b.add(start, ir.Constant(I64, 1)), stop, "fold") as i:
        x = _load_at(b, data, t, i)
        cur = b.load(acc)
        if isinstance(t, Float):         # (a NaN makes the fold poison: then only seen_nan is used)
            b.store(b.call(fold, [cur, x], fastmath=("nnan", "nsz")), acc)
            b.store(b.or_(b.load(seen_nan), b.fcmp_unordered("uno", x, x)), seen_nan)
        else:
            b.store(b.select(_better(b, t, pick_max, x, cur), x, cur), acc)
    return b.load(acc), b.load(seen_nan)


def _first_index(ctx, b, data, t, start, stop, matches):
    """The first i in [start, stop) with matches(data[i]) (one is known to exist)."""
    found = ctx.alloca(b, I64)
    b.store(stop, found)
    with for_range(b, start, stop, "find") as i:
        hit = b.and_(matches(_load_at(b, data, t, i)), b.icmp_signed("==", b.load(found), stop))
        b.store(b.select(hit, i, b.load(found)), found)
    return b.load(found)


def _is_nan(b):
    return lambda x: b.fcmp_unordered("uno", x, x)


def _block_end(b, start, n):
    stop = b.add(start, ir.Constant(I64, BLOCK))
    return b.select(b.icmp_signed("<", stop, n), stop, n)


def _contiguous_extreme(ctx, b, data, n, t, pick_max):
    """min/max of data[0:n] (n >= 1)."""
    zero = ir.Constant(I64, 0)
    best, seen_nan = _fold(ctx, b, data, t, pick_max, zero, n)
    if not isinstance(t, Float):
        return best
    result = ctx.alloca(b, t.llvm())
    b.store(best, result)
    with b.if_then(seen_nan, likely=False):            # the first NaN, payload and all
        b.store(_load_at(b, data, t, _first_index(ctx, b, data, t, zero, n, _is_nan(b))), result)
    return b.load(result)


def _contiguous_arg_extreme(ctx, b, data, n, t, pick_max):
    """argmin/argmax of data[0:n] (n >= 1)."""
    zero = ir.Constant(I64, 0)
    best = ctx.alloca(b, t.llvm())
    best_start = ctx.alloca(b, I64)
    nan_at = ctx.alloca(b, I64)
    b.store(_load_at(b, data, t, zero), best)
    b.store(zero, best_start)
    b.store(ir.Constant(I64, -1), nan_at)
    nblocks = b.sdiv(b.add(n, ir.Constant(I64, BLOCK - 1)), ir.Constant(I64, BLOCK))
    with for_range(b, zero, nblocks, "blocks") as k:
        start = b.mul(k, ir.Constant(I64, BLOCK))
        stop = _block_end(b, start, n)
        with b.if_then(b.icmp_signed("<", b.load(nan_at), zero)):
            value, seen_nan = _fold(ctx, b, data, t, pick_max, start, stop)
            if isinstance(t, Float):
                with b.if_then(seen_nan, likely=False):
                    b.store(_first_index(ctx, b, data, t, start, stop, _is_nan(b)), nan_at)
            better = _better(b, t, pick_max, value, b.load(best))
            b.store(b.select(better, value, b.load(best)), best)
            b.store(b.select(better, start, b.load(best_start)), best_start)
    result = ctx.alloca(b, I64)
    b.store(b.load(nan_at), result)
    with b.if_then(b.icmp_signed("<", b.load(nan_at), zero)):
        start = b.load(best_start)
        target = b.load(best)
        equal = (lambda x: b.fcmp_ordered("==", x, target)) if isinstance(t, Float) else \
            (lambda x: b.icmp_signed("==", x, target))
        b.store(_first_index(ctx, b, data, t, start, _block_end(b, start, n), equal), result)
    return b.load(result)


def _contiguous_function(ctx, t, pick_max, arg):
    """An internal, never-inlined `(data, n) -> extreme or its index` for n >= 1 contiguous items
    (kept out of line so the caller's general loop stays small, e.g. np.max of 2x2 windows)."""
    name = f"numjit.{'arg' if arg else ''}{'max' if pick_max else 'min'}.contiguous.{t}"
    fn = ctx.module.globals.get(name)
    if fn is not None:
        return fn
    result_ty = I64 if arg else t.llvm()
    fn = ir.Function(ctx.module, ir.FunctionType(result_ty, [ir.PointerType(), I64]), name)
    fn.linkage = "internal"
    for attr in ("noinline", "nounwind", "readonly"):
        fn.attributes.add(attr)
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    build = _contiguous_arg_extreme if arg else _contiguous_extreme
    b.ret(build(ctx, b, fn.args[0], fn.args[1], t, pick_max))
    return fn


def _with_fast_path(low, arr_value, a, pick_max, arg, general):
    """The contiguous function's result when `a` is an array of numbers, not empty and
    C-contiguous at run time (for min/max, a typed F-contiguous one does too), else general()."""
    if not (isinstance(a, Array) and _fast_path_dtype(a.dtype)):
        return general()
    b = low.builder
    n = b.extract_value(arr_value, NITEMS)
    always = a.layout == "C" or (not arg and a.layout == "F")
    if always:
        ok = b.icmp_signed(">", n, ir.Constant(I64, 0))
    else:                             # small arrays (e.g. 2x2 windows) skip the contiguity test
        flag = low.ctx.alloca(b, ir.IntType(1))
        b.store(ir.Constant(ir.IntType(1), 0), flag)
        with b.if_then(b.icmp_signed(">=", n, ir.Constant(I64, SMALL))):
            b.store(is_c_contiguous(b, arr_value, a), flag)
        ok = b.load(flag)
    with b.if_else(ok, likely=always) as (then, otherwise):
        with then:
            fast = _contiguous_function(low.ctx, a.dtype, pick_max, arg)
            fast_value = b.call(fast, [b.extract_value(arr_value, DATA), n])
            fast_block = b.block
        with otherwise:
            general_value = general()
            general_block = b.block
    out = b.phi(fast_value.type)
    out.add_incoming(fast_value, fast_block)
    out.add_incoming(general_value, general_block)
    return out


def _extreme(pick_max):
    """min/max: NaN propagates; empty input raises ValueError like NumPy."""
    name = "maximum" if pick_max else "minimum"

    def typer(a):
        if not _arraylike(a) or isinstance(a.dtype, Complex):
            return None
        t = a.dtype

        def general(low, args):
            b = low.builder
            acc = low.ctx.alloca(b, t.llvm())
            first = low.ctx.alloca(b, ir.IntType(1))
            b.store(ir.Constant(ir.IntType(1), 1), first)
            b.store(low.ctx.constant(t, 0), acc)

            def body(index, elem):
                cur = b.load(acc)
                if isinstance(t, Float):              # a NaN replaces anything but an earlier NaN
                    better = b.fcmp_unordered(">" if pick_max else "<", elem, cur)
                    better = b.and_(b.or_(better, b.fcmp_unordered("uno", elem, elem)),
                                    b.not_(b.fcmp_unordered("uno", cur, cur)))
                else:
                    better = _better(b, t, pick_max, elem, cur)
                take = b.or_(b.load(first), better)
                b.store(b.select(take, elem, cur), acc)
                b.store(ir.Constant(ir.IntType(1), 0), first)
            for_each_element(low, args[0], a, body)
            low.guard(b.load(first), ValueError,
                      f"zero-size array to reduction operation {name} which has no identity")
            return b.load(acc)

        def codegen(low, sig, args):
            return _with_fast_path(low, args[0], a, pick_max, False, lambda: general(low, args))
        return Signature(t, (a,)), codegen
    return typer


def _arg_extreme(pick_max):
    def typer(a):
        if not _arraylike(a) or isinstance(a.dtype, Complex):
            return None
        t = a.dtype

        def general(low, args):
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
                better = _better(b, t, pick_max, elem, cur)
                if isinstance(t, Float):
                    better = b.and_(b.or_(better, b.fcmp_unordered("uno", elem, elem)),
                                    b.not_(b.fcmp_unordered("uno", cur, cur)))
                take = b.or_(first, better)
                b.store(b.select(take, elem, cur), best)
                b.store(b.select(take, k, b.load(best_at)), best_at)
                b.store(b.add(k, ir.Constant(I64, 1)), counter)
            for_each_element(low, args[0], a, body)
            low.guard(b.icmp_signed("<", b.load(best_at), ir.Constant(I64, 0)), ValueError,
                      f"attempt to get {'argmax' if pick_max else 'argmin'} of an empty sequence")
            return b.load(best_at)

        def codegen(low, sig, args):
            return _with_fast_path(low, args[0], a, pick_max, True, lambda: general(low, args))
        return Signature(int64, (a,)), codegen
    return typer


def _logical(is_all):
    def typer(a):
        if not _arraylike(a):
            return None

        def codegen(low, sig, args):
            init = ir.Constant(ir.IntType(1), int(is_all))

            def combine(low, acc, e):
                return low.builder.and_(acc, e) if is_all else low.builder.or_(acc, e)
            result, _ = _accumulate(low, args[0], a, boolean, init, combine, True)
            return result
        return Signature(boolean, (a,)), codegen
    return typer


REDUCTIONS = {
    "sum": (np.sum, _arith("sum")), "prod": (np.prod, _arith("prod")), "mean": (np.mean, _mean),
    "max": (np.max, _extreme(True)), "min": (np.min, _extreme(False)),
    "argmax": (np.argmax, _arg_extreme(True)), "argmin": (np.argmin, _arg_extreme(False)),
    "all": (np.all, _logical(True)), "any": (np.any, _logical(False)),
}


def _numbers_too(typer):
    """The reduction of a number as of a 0-d array (np.sum(2.0), np.max(a0 * b0) where the 0-d
    arithmetic gave a scalar), as NumPy reduces it."""
    def wrapped(a):
        if not isinstance(a, Number):
            return typer(a)
        typed = typer(as_expr(a))
        if typed is None:
            return None
        sig, codegen = typed
        return Signature(sig.return_type, (a,)), lambda low, _, args: codegen(low, sig, [pack_single(low, args[0], a)])
    return wrapped


for _name, (_func, _typer) in REDUCTIONS.items():
    intrinsic(_func, f"array.{_name}", f"arrayexpr.{_name}")(_numbers_too(_typer))
intrinsic(np.amax)(_numbers_too(_extreme(True)))
intrinsic(np.amin)(_numbers_too(_extreme(False)))


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
        if getattr(value, "ndim", 0) > view_ty.ndim:
            view, view_ty = leading_ones(low, view, view_ty, args[2], value)
        assign(low, view, view_ty, args[2], value)
        return None
    return Signature(arr.dtype, (arr, index, value)), codegen
