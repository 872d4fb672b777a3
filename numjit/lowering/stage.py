"""Staging: a strided array that a loop reads only through reductions is copied once, before the
loop, into a small contiguous buffer, and the loop reads the copy.

    for p in range(out_w):
        window = x[i, ..., j:j + fh, p:p + fw]          # a strided 3-d view (layout A)
        for q in range(n_filters):                        # `window` is staged before this loop
            rs[i, q, j, p] += np.sum(w[q] * window)

Each `np.sum(w[q] * window)` then folds one contiguous row (intrinsics/fold.py: a float sum of at
most PAIRWISE items in NumPy's order, as NumPy sums the temporary `w[q] * window`) instead of 15
rows of 5 strided items, and the window's items are gathered once instead of once per filter. A
variable V is staged before a `for ... in range(...)` loop when

* V is an array of numbers (at most 8 bytes each) of layout A, not assigned in the loop, and every
  read of V in the loop is an operand of an array expression (arithmetic, comparisons) that is the
  one argument of np.sum / np.prod / np.mean / np.any / np.all: only V's items are read, V never
  escapes the loop;
* the loop calls nothing else (range, len and a few builtins that write no memory), writes only
  elements of arrays held by variables it does not assign, has no `try`, `with`, `yield`, and is
  not inside a `try` (after an exception caught in this function, V must not be the copy);
* at run time V is bound, has at most PAIRWISE items, is not contiguous already, and no array the
  loop writes overlaps V's memory (np.may_share_memory's test), so V's items cannot change while the
  loop runs; otherwise the loop reads V as written.

The buffer is one stack slot per staged variable in the function's entry (no allocation per
iteration). While the loop runs V's variable holds the copy's view (V's own meminfo, so reference
counts are unchanged); after it, V's own value again. The items read are the same; only the
order of a float sum differs (NumPy's instead of fold.py's row order).

Sums side by side (unroll-and-jam): each sum is a chain of dependent additions (NumPy's order
fixes it), so one sum after another leaves the CPU waiting. When the staged loop's body is the one
statement `T[...] op= np.sum(E)` or `T[...] = np.sum(E)` of floats (or np.mean(E), E.sum(),
E.mean()), E arithmetic over rows `A[q]` of arrays by the loop variable, variables the loop does
not assign and constants (boundscheck off: E cannot raise but where every iteration raises, its
shapes do not depend on q), the loop runs JAM iterations at a time: the JAM sums first, side by
side (fold.pairwise_sums: each in NumPy's order, the window loaded once per step for all of them;
E is evaluated for the block's first two iterations, the other iterations' rows `A[q]` step on
from those, so a block starts at q >= 0), then the JAM statements in order. That reads E's
operands before the earlier statements write T, so it runs only where T overlaps no array E reads
and the operands are contiguous (the staged window, `w[q]` of a C array); otherwise, and for the
last iterations, the loop runs as written.

    >>> import ast
    >>> loop = ast.parse("for q in range(n):\\n    r[q] += np.sum(w[q] * v) - v[0]").body[0]
    >>> parents = _parents(loop)
    >>> reads = [n for n in ast.walk(loop) if getattr(n, "id", "") == "v"]     # v[0], then v
    >>> [ast.unparse(_reduced(n, parents).func) if _reduced(n, parents) else None for n in reads]
    [None, 'np.sum']
    >>> loop = ast.parse("for q in range(n):\\n    r[q] = (w[q] * v).mean()").body[0]
    >>> ast.unparse(_reduced(loop.body[0].value.func.value.right, _parents(loop)))
    '(w[q] * v).mean()'
"""
import ast

import numpy as np
from llvmlite import ir

from ..intrinsics.arrayexpr import may_overlap
from ..intrinsics.arrays import array_shape, array_strides
from ..backend.loophints import no_vectorize
from ..intrinsics.fold import LANES, PAIRWISE, counted, lane_mask, load_lanes, pairwise_sums, store_lanes
from ..intrinsics.shapes import is_c_contiguous
from ..types import Array, Boolean, Const, Float, Integer, Number
from ..types.arrayexpr import ArrayExpr
from ..types.arrays import DATA, NITEMS, STRIDES
from ..types.scalars import int64
from .context import I1, I8, I64
from .interchange import NO_CLONE

REDUCTIONS = (np.sum, np.prod, np.mean, np.any, np.all)
_CALLS = (range, len, abs, min, max, float, int, bool)          # builtins that write no memory
_STATEMENTS = (ast.Assign, ast.AugAssign, ast.For, ast.While, ast.If, ast.Break, ast.Continue,
               ast.Pass, ast.Expr)
_OPERATIONS = (ast.BinOp, ast.UnaryOp, ast.Compare)
_ITEMSIZE = 8
JAM = 4                 # iterations whose sums are computed side by side (_lower_jam)


def _parents(node):
    return {child: parent for parent in ast.walk(node) for child in ast.iter_child_nodes(parent)}


def _reduced(name, parents):
    """The call whose one argument (or whose method's array) is an expression of operations over
    `name`, or None."""
    node, parent = name, parents.get(name)
    while isinstance(parent, _OPERATIONS):
        node, parent = parent, parents.get(parent)
    if isinstance(parent, ast.Attribute) and parent.value is node:          # (E).sum()
        node, parent = parent, parents.get(parent)
        if isinstance(parent, ast.Call) and parent.func is node and not parent.args and not parent.keywords:
            return parent
    elif isinstance(parent, ast.Call) and parent.args == [node] and not parent.keywords:
        return parent
    return None


def _method(t, call):
    """Whether `call` calls a method of an array (expression): `(E).sum()`."""
    return isinstance(call.func, ast.Attribute) and isinstance(t.exprs.get(call.func.value), (Array, ArrayExpr))


def _called(t, call, functions):
    """Whether `call` is one of `functions` (or, for REDUCTIONS, the same method without
    arguments)."""
    if _method(t, call):
        return not call.args and not call.keywords \
            and any(getattr(np, call.func.attr, None) is f for f in functions if f in REDUCTIONS)
    func = t.exprs.get(call.func)
    return isinstance(func, Const) and any(func.value is f for f in functions)


def _operand(t, call):
    """The array (expression) a reduction `call` reduces: f(E) or E.f()."""
    return call.func.value if _method(t, call) else call.args[0]


def _stageable(ty):
    return (isinstance(ty, Array) and ty.layout == "A" and ty.ndim >= 1 and isinstance(ty.dtype, (Integer, Float))
            and not isinstance(ty.dtype, Boolean) and ty.dtype.dtype.itemsize <= _ITEMSIZE)


def plan(low, node):
    """(the variables to stage, the names of the arrays the loop writes) for the range loop
    `node`, or None."""
    t = low.t
    if low.try_stack or low.caught:
        return None
    stores, written, reads = set(), set(), []
    for n in ast.walk(node):
        if isinstance(n, ast.stmt) and not isinstance(n, _STATEMENTS) or isinstance(
                n, (ast.Lambda, ast.Yield, ast.YieldFrom, ast.Await, ast.NamedExpr)):
            return None
        if isinstance(n, ast.AugAssign) and not isinstance(t.exprs.get(n.target), Number):
            return None                         # (an array's `+=` writes its memory)
        if isinstance(n, ast.Name):
            if isinstance(n.ctx, ast.Load):
                reads.append(n)
            else:
                stores.add(n.id)
        elif isinstance(n, (ast.Subscript, ast.Attribute, ast.Starred)) and not isinstance(n.ctx, ast.Load):
            if not (isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name)
                    and isinstance(t.vars.get(n.value.id), Array)):
                return None
            written.add(n.value.id)
        elif isinstance(n, ast.Call) and not _called(t, n, REDUCTIONS + _CALLS):
            return None
    if written & stores:
        return None
    parents = _parents(node)
    candidates = {}
    for n in reads:
        if n.id not in stores and _stageable(t.vars.get(n.id)) and t.exprs.get(n) == t.vars[n.id]:
            call = _reduced(n, parents)
            candidates.setdefault(n.id, []).append(call is not None and _called(t, call, REDUCTIONS))
    staged = sorted(name for name, ok in candidates.items() if all(ok))
    if not staged or not all(isinstance(low.vars.get(name), ir.AllocaInstr) for name in staged):
        return None
    return staged, sorted(written), _jam_plan(low, node, stores, parents)


def _jam_plan(low, node, stores, parents):
    """(the statement, its target, its reduction, the arrays E reads) when the loop's body is one
    `T[...] op= np.sum(E)` or `T[...] = np.sum(E)` of floats (or np.mean(E), E.sum(), E.mean()),
    E arithmetic over the loop variable's rows of arrays (`w[q]`), other variables the loop does
    not assign and constants (no shape in E depends on the loop variable, and with boundscheck off
    E cannot raise but where every iteration raises); else None."""
    t = low.t
    spec = t.iters.get(node)
    args = node.iter.args if isinstance(node.iter, ast.Call) else []
    if low.boundscheck or node.orelse or len(node.body) != 1 \
            or not isinstance(node.body[0], (ast.AugAssign, ast.Assign)) or spec is None \
            or spec.item_type != int64 or not 1 <= len(args) <= 3 or len(args) == 3 and t.consts.get(args[2]) != 1:
        return None
    stmt, q = node.body[0], node.target.id
    call, target = stmt.value, getattr(stmt, "target", None) or stmt.targets[0]
    if not (isinstance(target, ast.Subscript) and getattr(stmt, "targets", [target]) == [target]
            and isinstance(call, ast.Call) and _called(t, call, (np.sum, np.mean)) and not call.keywords
            and len(call.args) == (not _method(t, call))
            and isinstance(t.exprs.get(call), Float)
            and isinstance(getattr(t.exprs.get(_operand(t, call)), "dtype", None), Float)
            and ("augset", stmt) not in t.impls):
        return None
    reads = set()
    for n in ast.walk(_operand(t, call)):
        if isinstance(n, ast.Subscript):
            if not (isinstance(n.value, ast.Name) and isinstance(n.slice, ast.Name) and n.slice.id == q
                    and isinstance(t.exprs.get(n.value), Array)):
                return None
        elif isinstance(n, ast.Name):
            index = getattr(parents.get(n), "slice", None) is n          # (checked above)
            if not index and (n.id == q or n.id in stores):
                return None
            if isinstance(t.exprs.get(n), Array):
                reads.add(n.id)
        elif not isinstance(n, (ast.BinOp, ast.UnaryOp, ast.Constant, ast.operator, ast.unaryop, ast.expr_context)):
            return None
    return stmt, target, call, sorted(reads)


def lower_for(low, node, the_plan, lower_loop):
    """Stage the planned variables (where the run-time test allows), lower the loop with
    `lower_loop`, then give the variables their own values back."""
    staged, written, jam = the_plan
    b = low.builder
    bound = ir.Constant(I1, 1)
    for name in (*staged, *written):
        if name in low.defined:
            bound = b.and_(bound, b.load(low.defined[name]))
    saved = []
    for name in staged:
        ty, slot = low.t.vars[name], low.vars[name]
        value = b.load(slot)
        ok = b.and_(bound, b.icmp_signed("<=", b.extract_value(value, NITEMS), ir.Constant(I64, PAIRWISE)))
        ok = b.and_(ok, b.not_(is_c_contiguous(b, value, ty)))
        for other in written:
            ok = b.and_(ok, b.not_(may_overlap(low, b.load(low.vars[other]), low.t.vars[other], value, ty)))
        buffer = low.ctx.alloca(b, ir.ArrayType(ty.dtype.llvm(), PAIRWISE), name=name + ".staged")
        buffer.align = 64
        with b.if_then(ok):
            _copy(low, value, ty, buffer)
        b.store(b.select(ok, _contiguous_view(low, value, ty, buffer), value), slot)
        saved.append((slot, value))
    NO_CLONE.add(node)
    try:
        if jam is None:
            lower_loop(low, node)
        else:
            _lower_jam(low, node, jam, lower_loop)
    finally:
        NO_CLONE.discard(node)
    if not b.block.is_terminated:
        for slot, value in saved:
            b.store(value, slot)


def _lower_jam(low, node, the_jam, lower_loop):
    """The loop JAM iterations at a time where the sums' operands are contiguous (pairwise_sums)
    and T overlaps no array the sums read: first the JAM sums, side by side, then the JAM
    statements in order, each adding its sum; the other iterations (the last ones, or all
    from the first block where that does not hold) run as written."""
    stmt, target_node, call, reads = the_jam
    b, t, fn = low.builder, low.t, low.fn
    q, args, ity = node.target.id, node.iter.args, t.iters[node].item_type
    stop_arg = args[1] if len(args) > 1 else args[0]
    start = low.ctx.cast(b, low.expr(args[0]), t.exprs[args[0]], ity) if len(args) > 1 else ir.Constant(I64, 0)
    stop = low.ctx.cast(b, low.expr(stop_arg), t.exprs[stop_arg], ity)
    first = ast.Name(id=f"{q}$jam.{len(low.vars)}", ctx=ast.Load())
    t.exprs[first] = ity
    low.vars[first.id] = slot = low.ctx.alloca(b, I64, name=first.id)
    b.store(start, slot)
    target, target_ty = b.load(low.vars[target_node.value.id]), t.vars[target_node.value.id]
    separate = ir.Constant(I1, 1)
    for name in reads:
        separate = b.and_(separate, b.not_(may_overlap(low, target, target_ty, b.load(low.vars[name]), t.vars[name])))
    head, body, fast, rest = (fn.append_basic_block("jam." + s) for s in ("head", "body", "fast", "rest"))
    b.branch(head)
    b.position_at_end(head)
    k = b.load(slot)
    left = b.and_(b.icmp_signed(">=", k, ir.Constant(I64, 0)),       # (A[q] rows step evenly from q = 0)
                  b.icmp_signed(">=", b.sub(stop, k), ir.Constant(I64, JAM)))
    b.cbranch(b.and_(separate, left), body, rest)
    b.position_at_end(body)
    values = []
    for u in range(2):                         # E at k and k + 1: the others step on from them
        low.store_var(q, b.add(k, ir.Constant(I64, u)), ity)
        values.append(low.expr(_operand(t, call)))
    ok, emit = pairwise_sums(low, values, JAM, t.exprs[_operand(t, call)], t.exprs[call],
                             _called(t, call, (np.mean,)))
    low.release_temps()
    b.cbranch(ok, fast, rest)
    b.position_at_end(fast)
    total = ast.Name(id=f"{q}$jam.sum.{len(low.vars)}", ctx=ast.Load())
    t.exprs[total] = t.exprs[call]
    low.vars[total.id] = low.ctx.alloca(b, t.exprs[call].llvm(), name=total.id)
    sums = low.ctx.alloca(b, ir.ArrayType(t.exprs[call].llvm(), JAM))
    for u, value in enumerate(emit()):
        b.store(value, b.gep(sums, [ir.Constant(I64, 0), ir.Constant(I64, u)]))

    def statement(u):                          # (one copy of the statement)
        low.store_var(q, b.add(k, u), ity)
        b.store(b.load(b.gep(sums, [ir.Constant(I64, 0), u])), low.vars[total.id])
        low.block([stmt])
    stmt.value = total
    try:
        counted(low, ir.Constant(I64, JAM), "jam.statements", statement)
    finally:
        stmt.value = call
    b.store(b.add(k, ir.Constant(I64, JAM)), slot)
    b.branch(head)
    b.position_at_end(rest)
    loop = ast.copy_location(ast.For(target=node.target, iter=ast.Call(func=node.iter.func, args=[first, stop_arg],
                                                                       keywords=[]), body=node.body, orelse=[]), node)
    t.iters[loop] = t.iters[node]
    NO_CLONE.add(loop)
    try:
        lower_loop(low, loop)
    finally:
        NO_CLONE.discard(loop)


def _contiguous_view(low, value, ty, buffer):
    """`value` with its items at `buffer`, C-contiguous."""
    b = low.builder
    view = b.insert_value(value, buffer, DATA)
    stride = ir.Constant(I64, ty.dtype.dtype.itemsize)
    for axis in reversed(range(ty.ndim)):
        view = b.insert_value(view, stride, [STRIDES, axis])
        stride = b.mul(stride, array_shape(b, value, axis))
    return view


def _copy(low, value, ty, buffer):
    """Copy the items of `value` into `buffer`, in C order: rows of one-element steps by LANES
    items at a time (masked loads and stores: a 5-item window row is one step), other rows item
    by item. (Loops LLVM leaves as they are: a short copy, compiled quickly.)"""
    b = low.builder
    strides = array_strides(b, value, ty)
    item = ty.dtype.llvm()
    extent = array_shape(b, value, ty.ndim - 1)
    count = low.ctx.alloca(b, I64)
    b.store(ir.Constant(I64, 0), count)
    lanes = ir.Constant(I64, LANES)

    def vector_row(ptr):
        k = b.load(count)

        def chunk(c):
            start = b.mul(c, lanes)
            mask = lane_mask(b, b.sub(extent, start))
            row = load_lanes(low, b.gep(ptr, [start], source_etype=item), ty.dtype, mask)
            store_lanes(low, row, b.gep(buffer, [ir.Constant(I64, 0), b.add(k, start)]), ty.dtype, mask)
        steps = b.udiv(b.add(extent, ir.Constant(I64, LANES - 1)), lanes)
        no_vectorize(counted(low, steps, "stage.row", chunk), unroll=False)
        b.store(b.add(k, extent), count)

    def scalar_row(ptr):
        def element(i):
            k = b.load(count)
            b.store(b.load(b.gep(ptr, [b.mul(i, strides[-1])], source_etype=I8), typ=item),
                    b.gep(buffer, [ir.Constant(I64, 0), k]))
            b.store(b.add(k, ir.Constant(I64, 1)), count)
        no_vectorize(counted(low, extent, "stage.items", element), unroll=False)

    def walk(axis, ptr, row):
        if axis == ty.ndim - 1:
            row(ptr)
            return
        no_vectorize(counted(low, array_shape(b, value, axis), "stage.outer", lambda i: walk(
            axis + 1, b.gep(ptr, [b.mul(i, strides[axis])], source_etype=I8), row)), unroll=False)
    unit = b.icmp_signed("==", strides[-1], ir.Constant(I64, ty.dtype.dtype.itemsize))
    with b.if_else(unit) as (yes, no):
        with yes:
            walk(0, b.extract_value(value, DATA), vector_row)
        with no:
            walk(0, b.extract_value(value, DATA), scalar_row)
