"""Loop interchange with alias versioning: in a perfect nest of range loops that updates one array
element, the loop that indexes the element's contiguous axis (the last; the first in a Fortran-ordered
array) runs innermost, so the innermost loop works on neighbouring elements side by side (it
vectorises) instead of adding into one element along a chain of dependent additions.

    for p in range(out_w):                          for q in range(n_filters):
        for q in range(n_filters):                      for r in range(n_channels):
            for r in range(n_channels):       →             for p in range(out_w):
                rs[q, p] += x[r, p] * w[q, r]                   rs[q, p] += x[r, p] * w[q, r]

Every element still receives its updates in the source's order (the same sums, bit for bit): for
one value of the moved loop's variable the other loops run in their order. The loops are reordered
only when

* the nest is perfect (from its outermost loop, where the checks below run once): range loops
  (constant steps, bounds made of names, constants and array sizes, `len(a)`, `a.shape[k]`, that
  the nest does not assign), no `else`, and one statement `A[..., p] op= value` (op: + - *)
  innermost;
* the moved loop's variable is the element's last index (the first, for a Fortran-ordered A),
  alone, and in no other index; its range is `range(stop)` or starts at a non-negative constant,
  step 1 (distinct iterations write distinct elements);
* `value` reads only scalars and elements of arrays other than A, with + - * (nothing that can
  raise, so no exception moves), boundscheck is off, and the nest's loop variables are not used
  after it;
* at run time, A's memory does not overlap any array the value reads (np.may_share_memory) and
  A's stride along that axis is not 0; otherwise the original order runs (the nest is compiled
  both ways; the original-order copy is marked `loophints.no_clone` in every loop, so LLVM does
  not spend compile time unswitching and unrolling a fallback, and so are the reordered copy's
  loops around the moved one: `_blocked`).

The moved loop is strip-mined: for each block of BLOCK of its iterations the rest of the nest runs
with the moved loop innermost over the block, so the elements a block updates stay in cache while
the other loops go round (`np.convolve` as two loops on 1e6 elements would otherwise stream its
output once per tap).

    >>> import ast
    >>> nest = ast.parse("for p in range(n):\\n for q in range(m):\\n  a[q, p] += x[p] * y[q]").body[0]
    >>> [loop.target.id for loop in _perfect_nest(nest)[0]]
    ['p', 'q']
"""
import ast
import contextlib

from llvmlite import ir

from ..types import Array, Const, Integer, Number
from ..types.scalars import int64
from .context import I1

BLOCK = 512             # iterations of the moved loop per block (_blocked)
_AS_WRITTEN = set()     # the loops of a nest being lowered as written (its fallback): not planned again
NO_CLONE = set()        # loops lowered with loophints.no_clone in their body (lowering/loops.py)
_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult)


def _perfect_nest(node):
    """The loops of the perfect nest starting at `node`, and its one innermost statement."""
    loops = [node]
    while len(loops[-1].body) == 1 and isinstance(loops[-1].body[0], ast.For):
        loops.append(loops[-1].body[0])
    return loops, (loops[-1].body[0] if len(loops[-1].body) == 1 else None)


def _names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _array_size(t, node):
    """`len(a)` or `a.shape[k]` of an array variable (the nest changes no shape)."""
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        func = t.exprs.get(node.func)
        return (isinstance(func, Const) and func.value is len and isinstance(node.args[0], ast.Name)
                and isinstance(t.exprs.get(node.args[0]), Array))
    return (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
            and node.value.attr == "shape" and isinstance(node.value.value, ast.Name)
            and isinstance(t.exprs.get(node.value.value), Array) and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, int))


def _pure_index(t, node):
    """An index expression: integer names, constants, array sizes and + - * of them."""
    if _array_size(t, node):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _pure_index(t, node.operand)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int)
    if isinstance(node, ast.Name):
        return isinstance(t.exprs.get(node), Integer)
    if isinstance(node, ast.BinOp) and isinstance(node.op, _ARITHMETIC):
        return _pure_index(t, node.left) and _pure_index(t, node.right)
    return False


def _element(t, node):
    """`a[i, j]`: the indexes of one element of a numeric array named by a variable, or None."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)):
        return None
    ty = t.exprs.get(node.value)
    index = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    if not (isinstance(ty, Array) and isinstance(ty.dtype, Number) and len(index) == ty.ndim
            and all(_pure_index(t, e) for e in index)):
        return None
    return index


def _reads(t, node, reads):
    """Is `value` pure arithmetic on scalars and array elements? Collects the arrays it reads."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float, complex)) and not isinstance(node.value, bool)
    if not isinstance(t.exprs.get(node), Number):
        return False
    if isinstance(node, ast.Name):
        return True
    if isinstance(node, ast.Subscript):
        if _element(t, node) is None:
            return False
        reads[node.value.id] = t.exprs[node.value]
        return True
    if isinstance(node, ast.BinOp):
        return isinstance(node.op, _ARITHMETIC) and _reads(t, node.left, reads) and _reads(t, node.right, reads)
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, (ast.USub, ast.UAdd)) and _reads(t, node.operand, reads)
    return False


def _range_ok(t, loop, loop_vars):
    """A range loop whose bounds the nest does not change and whose step is a constant."""
    spec = t.iters.get(loop)
    if spec is None or spec.kind != "range" or spec.parallel or loop.orelse or not isinstance(loop.target, ast.Name):
        return False
    args = loop.iter.args
    if len(args) == 3 and not isinstance(t.consts.get(args[2]), int):
        return False
    return all(_pure_index(t, a) and not (_names(a) & loop_vars) for a in args)


def plan(low, node):
    """(the reordered nest's loops, the statement, A's name and type, the arrays read) when `node`
    starts a nest this module reorders, else None."""
    t = low.t
    loops, stmt = _perfect_nest(node)
    if node in _AS_WRITTEN or low.boundscheck or len(loops) < 2 or not isinstance(stmt, ast.AugAssign) \
            or not isinstance(stmt.op, _ARITHMETIC) or ("augset", stmt) in t.impls \
            or not isinstance(t.exprs.get(stmt.target), Number) \
            or not all(isinstance(loop.target, ast.Name) for loop in loops):
        return None
    index = _element(t, stmt.target)
    if index is None:
        return None
    axis = 0 if t.exprs[stmt.target.value].layout == "F" else len(index) - 1     # the contiguous one
    p = index[axis].id if isinstance(index[axis], ast.Name) else None
    k = next((k for k, loop in enumerate(loops) if loop.target.id == p), len(loops) - 1)
    if k == len(loops) - 1 or any(p in _names(e) for e in index[:axis] + index[axis + 1:]):
        return None                            # no such loop, or already innermost
    loop_vars = {loop.target.id for loop in loops}
    if len(loop_vars) != len(loops) or not all(_range_ok(t, loop, loop_vars) for loop in loops):
        return None
    moved = loops[k]
    args = moved.iter.args
    if t.iters[moved].item_type != int64:
        return None
    if len(args) == 3 and t.consts.get(args[2]) != 1 or len(args) > 1 and not (
            isinstance(t.consts.get(args[0]), int) and t.consts[args[0]] >= 0):
        return None
    reads = {}
    array = stmt.target.value.id
    if not _reads(t, stmt.value, reads) or array in _names(stmt.value) or array in loop_vars \
            or loop_vars & set(reads):
        return None
    inside = set(map(id, ast.walk(node)))
    if any(isinstance(n, ast.Name) and n.id in loop_vars and id(n) not in inside for n in ast.walk(low.src.tree)):
        return None                           # a loop variable read after the nest
    return loops[:k] + loops[k + 1:] + [moved], stmt, (array, t.exprs[stmt.target.value], axis), reads


def _rebuilt(t, loops, stmt, moved_iter):
    """The nest `loops` (outermost first) around `stmt`, as new For nodes sharing the typed parts;
    the innermost (the moved loop) iterates over `moved_iter`."""
    body = [stmt]
    for loop in reversed(loops):
        new = ast.For(target=loop.target, iter=moved_iter if loop is loops[-1] else loop.iter, body=body, orelse=[])
        t.iters[ast.copy_location(new, loop)] = t.iters[loop]
        body = [new]
    return body


@contextlib.contextmanager
def _members(loops, *sets):
    """`loops` belong to each of `sets` while the block runs (compiles hold the compiler lock)."""
    for s in sets:
        s.update(loops)
    try:
        yield
    finally:
        for s in sets:
            s.difference_update(loops)


def _blocked(low, loops, stmt, enclosing):
    """The reordered nest, run for blocks of BLOCK iterations of the moved loop at a time (what they
    write stays in cache while the other loops run): `for p in range(lo, hi)` innermost, where lo
    and hi are two hidden variables set per block.  The `enclosing` outermost loops (those around
    the moved loop in the source) are not cloned: unswitching them copied the whole nest, costing
    a third of the compile time for no measured speed."""
    b, fn, t = low.builder, low.fn, low.t
    moved = loops[-1]
    ity = t.iters[moved].item_type
    args = moved.iter.args
    stop_arg = args[0] if len(args) == 1 else args[1]
    start = ir.Constant(ity.llvm(), t.consts[args[0]] if len(args) > 1 else 0)
    stop = low.ctx.cast(b, low.expr(stop_arg), t.exprs[stop_arg], ity)
    bounds = []
    for part in ("lo", "hi"):
        name = f"{moved.target.id}$block.{part}.{len(low.vars)}"
        low.vars[name] = low.ctx.alloca(b, ity.llvm(), name=name)
        bounds.append(ast.Name(id=name, ctx=ast.Load()))
        t.exprs[bounds[-1]] = ity
    nest = _rebuilt(t, loops, stmt, ast.Call(func=moved.iter.func, args=bounds, keywords=[]))
    pre = b.block
    head, end = fn.append_basic_block("nest.block"), fn.append_basic_block("nest.block.end")
    b.cbranch(b.icmp_signed("<", start, stop), head, end)
    b.position_at_end(head)
    lo = b.phi(start.type, name="block.lo")
    lo.add_incoming(start, pre)
    left = b.sub(stop, lo)                          # > 0
    more = b.icmp_signed(">", left, ir.Constant(start.type, BLOCK))
    b.store(lo, low.vars[bounds[0].id])
    b.store(b.select(more, b.add(lo, ir.Constant(start.type, BLOCK)), stop), low.vars[bounds[1].id])
    with _members(_perfect_nest(nest[0])[0][:enclosing], NO_CLONE):
        low.block(nest)
    next_lo = b.add(lo, ir.Constant(start.type, BLOCK))    # < stop when `more`: no overflow
    lo.add_incoming(next_lo, b.block)
    b.cbranch(more, head, end)
    b.position_at_end(end)


def lower_for(low, node, the_plan, lower_plain):
    """Lower the nest twice: reordered where A overlaps nothing it reads, else as written."""
    from ..intrinsics.arrayexpr import may_overlap
    from ..intrinsics.arrays import array_strides
    loops, stmt, (array, array_ty, axis), reads = the_plan
    b, fn = low.builder, low.fn
    overlap, bound = ir.Constant(I1, 0), ir.Constant(I1, 1)
    for name in (array, *reads):            # an unbound one raises in the nest, where Python raises
        if name in low.defined:
            bound = b.and_(bound, b.load(low.defined[name]))
    target = b.load(low.vars[array])
    for name, ty in reads.items():
        overlap = b.or_(overlap, may_overlap(low, target, array_ty, b.load(low.vars[name]), ty))
    stride = array_strides(b, target, array_ty)[axis]      # 0 (as_strided): every p writes one element
    overlap = b.or_(overlap, b.icmp_signed("==", stride, ir.Constant(stride.type, 0)))
    overlap = b.select(bound, overlap, ir.Constant(I1, 1))
    plain, reordered, end = (fn.append_basic_block("nest" + s) for s in (".plain", ".reordered", ".end"))
    b.cbranch(overlap, plain, reordered)
    b.position_at_end(reordered)
    _blocked(low, loops, stmt, _perfect_nest(node)[0].index(loops[-1]))
    b.branch(end)
    b.position_at_end(plain)
    with _members(loops, _AS_WRITTEN, NO_CLONE):
        lower_plain(low, node)
    if not b.block.is_terminated:
        b.branch(end)
    b.position_at_end(end)
