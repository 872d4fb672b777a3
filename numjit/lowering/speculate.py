"""Checked loops that still vectorise: run a block of iterations without the division checks, undo it
if one would have raised, and run that block again with the checks.

Under error_model="python", `x / y` on floats raises ZeroDivisionError when y == 0 (and math.exp,
math.sqrt... raise ValueError/OverflowError outside their domain, intrinsics/mathdomain.py): an
early exit in the loop, which LLVM's loop vectoriser cannot handle. A `for i in range(a, b)` loop whose body
is scalar arithmetic, math calls, array element reads and unconditional array element writes
(`result[i] = 1 / (a[i] + math.exp(-b[i]))`) is lowered here instead, block by block
(BLOCK iterations):

    fast:     each division records `failed |= (y == 0)` and goes on (y == 0 gives inf/nan, no
              trap); each element write first logs (address, old value) in a per-block undo log,
              or, for a write whose address the undo can recompute (`result[i]`), the block's
              old values are copied into the log before the block (one vectorised copy instead
              of a load and a store in the loop; without boundscheck, as every address is then
              one the loop would write). No early exit: this loop vectorises.
    if failed (or any other check of the block fired, which leaves the fast loop at once):
    undo:     the logged writes are undone newest first (memory is as before the block, also when
              writes overlap reads or each other), the scalar variables get their values back;
    checked:  the block runs again with every check, in Python's order, so it raises the same
              exception at the same element, after the same writes, as the plain loop.

Results and exceptions are those of the plain checked loop; only the speed differs.

    >>> from numjit.types import float64
    >>> body = ast.parse("r[i] = a[i] / b[i]").body
    >>> _has_check(body, {body[0].value: float64})
    True
"""
import ast
import math

from llvmlite import ir

from .. import config
from ..runtime import exceptions as runtime_exceptions
from ..types import Array, Boolean, Const, Float, Integer, Number, Tuple
from .context import I1, I64

# Iterations per block. The copy of a block's old values before it runs is a phase the CPU cannot
# overlap with the fast loop's arithmetic (its loads come from the L2/L3 cache); short blocks keep
# it short: the seed's `1 / (a[i] + math.exp(-b[i]))` over 1e6 float32 took 400 us with 1024,
# 370 us with 256 (error_model="numpy": 300 us); `a[i] / b[i]` 175 -> 165 us; 64 was slower again.
BLOCK = 256
_PURE_BUILTINS = (abs, min, max, float)
_DIVISIONS = (ast.Div, ast.FloorDiv, ast.Mod)


def _scalar(ty):
    return isinstance(ty, (Number, Boolean))


def _int_index(ty):
    return isinstance(ty, Integer) or (isinstance(ty, Tuple) and all(isinstance(t, Integer) for t in ty.items))


def _pure_call(t, node):
    func = t.exprs.get(node.func)
    if not isinstance(func, Const) or node.keywords:
        return False
    value = func.value
    in_math = getattr(value, "__module__", None) == "math" or getattr(math, getattr(value, "__name__", ""), None) is value
    return in_math or any(value is f for f in _PURE_BUILTINS)


def _element(t, node):
    """`a[i]` / `a[i, j]`: an element of a numeric array named by a variable."""
    base, index = t.exprs.get(node.value), t.exprs.get(node.slice)
    return (isinstance(node.value, ast.Name) and isinstance(base, Array) and isinstance(base.dtype, Number)
            and _int_index(index) and base.ndim == (len(index) if isinstance(index, Tuple) else 1))


def _expr_ok(t, node):
    if isinstance(node, ast.Constant):
        return True
    if not _scalar(t.exprs.get(node)):
        return False
    if isinstance(node, ast.Name):
        return True
    if isinstance(node, ast.Subscript):
        return _element(t, node) and all(_expr_ok(t, e) for e in (
            node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]))
    if isinstance(node, ast.Call):       # an int from floats (math.floor(inf)) could make a wild index
        ints_from_ints = not isinstance(t.exprs[node], Integer) or all(
            isinstance(t.exprs.get(a), (Integer, Boolean)) for a in node.args)
        return (_pure_call(t, node) and ints_from_ints
                and all(not isinstance(a, ast.Starred) and _expr_ok(t, a) for a in node.args))
    if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.IfExp)):
        return all(_expr_ok(t, child) for child in ast.iter_child_nodes(node)
                   if not isinstance(child, (ast.operator, ast.unaryop, ast.cmpop, ast.boolop)))
    return False


def _target_ok(t, target, stores_allowed):
    if isinstance(target, ast.Name):
        return _scalar(t.vars.get(target.id))
    if isinstance(target, ast.Subscript) and stores_allowed:
        return (_element(t, target) and ("set", target) in t.impls
                and all(_expr_ok(t, e) for e in (target.slice.elts if isinstance(target.slice, ast.Tuple)
                                                 else [target.slice])))
    return False


def _stmts_ok(t, body, top):
    """Scalar statements; element writes only at the top of the loop body (each runs once per
    iteration, so the undo log has one entry per write site and iteration)."""
    for stmt in body:
        if isinstance(stmt, ast.Assign):
            if not (all(_target_ok(t, tg, top) for tg in stmt.targets) and _expr_ok(t, stmt.value)):
                return False
        elif isinstance(stmt, ast.AugAssign):
            if ("augset", stmt) in t.impls or not (_target_ok(t, stmt.target, top) and _expr_ok(t, stmt.value)):
                return False
            if isinstance(stmt.target, ast.Subscript) and not _expr_ok(t, stmt.target):
                return False
        elif isinstance(stmt, ast.If):
            if not (_expr_ok(t, stmt.test) and _stmts_ok(t, stmt.body, False) and _stmts_ok(t, stmt.orelse, False)):
                return False
        elif not isinstance(stmt, ast.Pass):
            return False
    return True


def _has_check(body, t_exprs, math_checked=True):
    """Does `body` hold a speculable check: a float division, or (`math_checked`) a math call with
    CPython's domain checks (intrinsics/mathdomain.py)?"""
    from ..intrinsics.mathdomain import CHECKS
    for node in (n for stmt in body for n in ast.walk(stmt)):
        func = t_exprs.get(node.func) if math_checked and isinstance(node, ast.Call) else None
        if isinstance(func, Const) and getattr(func.value, "__module__", None) == "math" and func.value in CHECKS:
            return True
        if isinstance(node, ast.BinOp) and isinstance(node.op, _DIVISIONS) and isinstance(t_exprs.get(node), Float):
            return True
        if isinstance(node, ast.AugAssign) and isinstance(node.op, _DIVISIONS) \
                and isinstance(t_exprs.get(node.value), Float):
            return True
    return False


def eligible(low, node, spec, it):
    """Is `node` (a for loop) one this module lowers: an int64 range of step 1 whose body qualifies?"""
    from ..intrinsics.mathdomain import checked_here
    t = low.t
    return (low.error_model == "python" and spec.kind == "range" and it.bounds is not None
            and it.bounds[2] == 1 and it.bounds[0].type == I64 and spec.item_type.signed
            and isinstance(node.target, ast.Name) and _has_check(node.body, t.exprs, checked_here(low))
            and _stmts_ok(t, node.body, True))


class Speculation:
    """The state of the fast loop while its body is lowered (FunctionLowerer.fast_loop)."""

    def __init__(self, low, index, failed, n_full, n_part, rollback, sites, snapshot):
        self.low, self.index, self.failed = low, index, failed       # index: the iteration in the block
        self.n_full, self.n_part, self.rollback = n_full, n_part, rollback
        self.sites = sites              # the write sites in program order (_Site)
        self.logged = 0                 # write sites logged so far in this iteration (static)
        self.snapshot = snapshot        # recomputable sites' old values are copied before the block

    def fail(self, cond):
        """A check that may go on when it fails (a float division by zero)."""
        b = self.low.builder
        b.store(b.or_(b.load(self.failed), cond), self.failed)

    def bail(self, builder, raised=False):
        """Leave the fast loop now: undo this block and run it checked (which raises again, if
        `raised`: the exception in the excinfo slot is dropped)."""
        if raised:
            builder.call(runtime_exceptions.declare(self.low.ctx, "numjit_release_excinfo"),
                         [builder.load(self.low.excinfo, typ=ir.PointerType())])
        builder.store(self.index, self.n_full)
        builder.store(ir.Constant(I64, self.logged), self.n_part)
        builder.branch(self.rollback)

    def log(self, ptr, llty):
        """Before a write: remember the old value (and the address, unless the undo can compute it),
        unless the block's old values were copied before it ran (_snapshot)."""
        b, site = self.low.builder, self.sites[self.logged]
        zero = ir.Constant(I64, 0)
        if site.old is None:
            ctx = self.low.ctx
            site.llty = llty
            site.old = ctx.alloca(b, ir.ArrayType(llty, BLOCK), name="undo.old")
            if site.target is None:
                site.at = ctx.alloca(b, ir.ArrayType(ir.PointerType(), BLOCK), name="undo.at")
        self.logged += 1
        if site.target is not None and self.snapshot:
            return
        b.store(b.load(ptr, typ=llty), b.gep(site.old, [zero, self.index], inbounds=True))
        if site.at is not None:
            b.store(ptr, b.gep(site.at, [zero, self.index], inbounds=True))


class _Site:
    """A write `a[index] = ...` at the top of the loop body: its undo log for one block.
    `target` is set when the index depends on nothing but the loop variable and values the body
    never assigns: then the undo recomputes the address instead of logging it."""

    def __init__(self, target):
        self.target, self.old, self.at, self.llty = target, None, None, None


def _sites(node):
    """The loop body's write sites, in the order they run, with recomputable targets kept."""
    loop_var = node.target.id
    assigned = {n.id for stmt in node.body for n in ast.walk(stmt)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}

    def fixed(e):
        if isinstance(e, ast.Name):
            return e.id not in assigned
        if isinstance(e, ast.Constant):
            return True
        if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Add, ast.Sub, ast.Mult)):
            return fixed(e.left) and fixed(e.right)
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
            return fixed(e.operand)
        if isinstance(e, ast.Tuple):
            return all(fixed(x) for x in e.elts)
        return False
    sites = []
    for stmt in node.body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else (
            [stmt.target] if isinstance(stmt, ast.AugAssign) else [])
        for t in targets:
            if isinstance(t, ast.Subscript):
                ok = loop_var not in assigned and fixed(t.slice) and t.value.id not in assigned
                sites.append(_Site(t if ok else None))
    return sites


def _address(low, site):
    """The element pointer of a recomputable write site at the loop variable's current value."""
    from ..intrinsics.arrays import _unpack_indices, element_pointer
    target = site.target
    base, base_ty = low.expr(target.value), low.t.exprs[target.value]
    index = low.index(target.slice, base_ty)
    indices = _unpack_indices(low, index, low.t.exprs[target.slice], base, base_ty)
    return element_pointer(low, base, base_ty, indices)


def _snapshot(low, node, spec, sites, lo, hi):
    """Copy the old values of the recomputable sites' elements for iterations [lo, hi) into
    their undo logs (a loop LLVM vectorises for `result[i]`)."""
    b = low.builder
    zero = ir.Constant(I64, 0)
    for site in sites:
        if site.target is None or site.old is None:
            continue

        def copy(j, site=site):
            low.assign(node.target, b.add(lo, j, flags=["nsw"]), spec.item_type)
            b.store(b.load(_address(low, site), typ=site.llty), b.gep(site.old, [zero, j], inbounds=True))
        _counted(low, zero, b.sub(hi, lo, flags=["nsw"]), copy, "spec.snapshot")


def _undo(low, sites, j, limit=None):
    """Undo the block's iteration j's writes, newest first (only the first `limit` sites when
    given); the loop variable holds that iteration's value."""
    b = low.builder
    zero = ir.Constant(I64, 0)
    for s in range(len(sites) - 1, -1, -1):
        site = sites[s]
        if site.old is None:        # never reached in the fast loop (code after a return, say)
            continue

        def restore():
            value = b.load(b.gep(site.old, [zero, j], inbounds=True), typ=site.llty)
            if site.at is not None:
                ptr = b.load(b.gep(site.at, [zero, j], inbounds=True), typ=ir.PointerType())
            else:
                ptr = _address(low, site)
            b.store(value, ptr)
        if limit is None:
            restore()
        else:
            with b.if_then(b.icmp_signed(">", limit, ir.Constant(I64, s))):
                restore()


def _assigned(node):
    names = {node.target.id}
    for stmt in node.body:
        for n in ast.walk(stmt):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                names.add(n.id)
    return sorted(names)


def _counted(low, lo, hi, body, name):
    """for k in [lo, hi): body(k)"""
    b, fn = low.builder, low.fn
    slot = low.ctx.alloca(b, I64, name=name + ".k")
    b.store(lo, slot)
    test, block, done = (fn.append_basic_block(name + s) for s in (".test", ".body", ".done"))
    b.branch(test)
    b.position_at_end(test)
    k = b.load(slot)
    b.cbranch(b.icmp_signed("<", k, hi), block, done)
    b.position_at_end(block)
    body(k)
    if not b.block.is_terminated:
        b.store(b.add(b.load(slot), ir.Constant(I64, 1), flags=["nsw"]), slot)
        b.branch(test)
    b.position_at_end(done)


def lower_for(low, node, spec, it):
    b, fn, ctx = low.builder, low.fn, low.ctx
    start, stop, _ = it.bounds
    names = _assigned(node)
    block_start = ctx.alloca(b, I64, name="spec.block")
    failed = ctx.alloca(b, I1, name="spec.failed")
    n_full = ctx.alloca(b, I64, name="spec.full")
    n_part = ctx.alloca(b, I64, name="spec.part")
    size = ir.Constant(I64, BLOCK)
    span = b.select(b.icmp_signed("<", start, stop), b.sub(stop, start), ir.Constant(I64, 0))   # as unsigned
    blocks = b.add(b.lshr(span, ir.Constant(I64, BLOCK.bit_length() - 1)),
                   b.zext(b.icmp_unsigned("!=", b.and_(span, ir.Constant(I64, BLOCK - 1)), ir.Constant(I64, 0)), I64))
    b.store(ir.Constant(I64, 0), block_start)
    test, body_bb, rollback, next_bb, orelse, end = (fn.append_basic_block("spec" + s) for s in (
        ".test", ".block", ".undo", ".next", ".else", ".end"))
    b.branch(test)
    b.position_at_end(test)
    m = b.load(block_start)
    b.cbranch(b.icmp_unsigned("<", m, blocks), body_bb, orelse)
    b.position_at_end(body_bb)
    # lo = start + m * BLOCK (an induction LLVM sees: lo >= start, so start >= 0 gives k >= 0)
    lo = b.add(start, b.mul(m, size, flags=["nuw", "nsw"]), flags=["nsw"])
    hi = b.select(b.icmp_unsigned("<=", b.sub(stop, lo), size), stop, b.add(lo, size, flags=["nsw"]))
    saved = [(low.vars[n], b.load(low.vars[n])) for n in names]
    saved += [(low.defined[n], b.load(low.defined[n])) for n in names if n in low.defined]
    b.store(ir.Constant(I1, 0), failed)
    sites = _sites(node)
    low.loops.append((next_bb, end))
    snapshot = not (low.boundscheck or config.BOUNDSCHECK)
    copy_bb, fast_bb = fn.append_basic_block("spec.copy"), fn.append_basic_block("spec.run")
    b.branch(copy_bb)
    b.position_at_end(fast_bb)

    def fast(k):
        low.assign(node.target, k, spec.item_type)
        low.fast_loop = Speculation(low, b.sub(k, lo, flags=["nsw"]), failed, n_full, n_part, rollback, sites,
                                    snapshot)
        try:
            low.block(node.body)
        finally:
            low.fast_loop = None

    _counted(low, lo, hi, fast, "spec.fast")
    after = b.block
    b.position_at_end(copy_bb)            # now that the body's writes (and their types) are known
    if snapshot:
        _snapshot(low, node, spec, sites, lo, hi)
    b.branch(fast_bb)
    b.position_at_end(after)
    b.store(b.sub(hi, lo, flags=["nsw"]), n_full)
    b.store(ir.Constant(I64, 0), n_part)
    b.cbranch(b.load(failed), rollback, next_bb)

    b.position_at_end(rollback)
    full = b.load(n_full)
    low.assign(node.target, b.add(lo, full), spec.item_type)          # addresses computed at i = lo + j
    _undo(low, sites, full, limit=b.load(n_part))

    def undo_iteration(j):
        back = b.sub(b.sub(full, j), ir.Constant(I64, 1))
        low.assign(node.target, b.add(lo, back), spec.item_type)
        _undo(low, sites, back)
    _counted(low, ir.Constant(I64, 0), full, undo_iteration, "spec.undo")
    for slot, value in saved:
        b.store(value, slot)

    def checked(k):
        low.assign(node.target, k, spec.item_type)
        low.block(node.body)
    _counted(low, lo, hi, checked, "spec.checked")
    b.branch(next_bb)
    low.loops.pop()

    b.position_at_end(next_bb)
    b.store(b.add(m, ir.Constant(I64, 1), flags=["nuw", "nsw"]), block_start)
    b.branch(test)
    b.position_at_end(orelse)
    low.block(node.orelse)
    if not b.block.is_terminated:
        b.branch(end)
    b.position_at_end(end)
