"""`for i in prange(...)` in a `parallel=True` function: the loop body runs on the thread pool.

The body is outlined into a chunk function that runs iterations [k0, k1) and is handed to
`numjit_parallel_for` (runtime/threadpool.py). Variables of the enclosing function reach it
through a context: an array of pointers to the enclosing function's slots.

    read in the body only        captured: copied into the chunk (arrays shared, by reference)
    written in the body only     private: each chunk has its own
    written before and in it     a reduction: `s += e`, `s -= e`, `s *= e`, `s = s + e`,
                                 `s = min(s, e)` / `max`; each chunk reduces into its own
                                 copy, then combines it into the variable under a lock

Anything else that writes a variable of the enclosing function (a race), `return` or `break`
out of the parallel loop, or an `else:` on it is an UnsupportedError at its line. An exception
raised in an iteration stops that chunk; the other chunks finish, then the loop raises it. The
GIL is released while the pool runs (a chunk that prints takes it back).

    >>> import numpy as np
    >>> from numjit import njit, prange
    >>> @njit(parallel=True)
    ... def total(a):
    ...     s = 0.0
    ...     for i in prange(a.shape[0]):
    ...         s += a[i]
    ...     return s
    >>> total(np.arange(100_000.0))          # exact: every partial sum is an integer
    4999950000.0
"""
import ast
import builtins

from llvmlite import ir

from ..errors import UnsupportedError
from ..types.lists import List
from ..types.scalars import Float, Integer
from .context import I1, I32, I64, PTR, STATUS_OK
from .loops import make_iter
from .lower import FunctionLowerer

_LIST_MUTATORS = ("append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse")
_HEADER = ("start", "step", "excinfo", "failed", "lock")     # the context's first slots
_REDUCTION_OPS = {ast.Add: "+", ast.Sub: "+", ast.Mult: "*"}   # s -= e: the chunk sums -e


def _names(nodes, ctx_type):
    return {n.id for tree in nodes for n in ast.walk(tree)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ctx_type)}


def _outside_writes(func_tree, loop):
    """Names stored anywhere in the function except inside `loop`'s body."""
    inside = {id(n) for stmt in loop.body for n in ast.walk(stmt)}
    return {n.id for n in ast.walk(func_tree)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and id(n) not in inside}


def _reduction_of(stmt, name, is_builtin):
    """The reduction kind ('+', '*', 'min', 'max') that `stmt` applies to `name`, or None;
    also the node of its operand `name` (the one read that is allowed)."""
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name:
        return _REDUCTION_OPS.get(type(stmt.op)), None
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id == name):
        return None, None
    value = stmt.value
    if isinstance(value, ast.BinOp) and type(value.op) in (ast.Add, ast.Mult):
        for mine, other in ((value.left, value.right), (value.right, value.left)):
            if isinstance(mine, ast.Name) and mine.id == name and name not in _names([other], ast.Load):
                return _REDUCTION_OPS[type(value.op)], mine
    if (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and len(value.args) == 2
            and not value.keywords and is_builtin(value.func.id) in ("min", "max")):
        for mine, other in ((value.args[0], value.args[1]), (value.args[1], value.args[0])):
            if isinstance(mine, ast.Name) and mine.id == name and name not in _names([other], ast.Load):
                return is_builtin(value.func.id), mine
    return None, None


class Plan:
    """How the enclosing function's variables reach the parallel body."""

    def __init__(self, low, node):
        def error(at, message):
            return UnsupportedError(message, low.loc(at))
        if node.orelse:
            raise error(node, "a prange loop cannot have an else: clause")
        for stmt in node.body:
            for n in ast.walk(stmt):
                if isinstance(n, ast.Return):
                    raise error(n, "return inside a prange loop is not supported")
            for n in _walk_same_loop(stmt):
                if isinstance(n, ast.Break):
                    raise error(n, "break out of a prange loop is not supported")
        t = low.t
        reads, writes = _names(node.body, ast.Load), _names(node.body, ast.Store)
        carried = writes & _outside_writes(low.src.tree, node)

        def is_builtin(fname):
            found, value = low.src.lookup_global(fname)
            return fname if found and value is getattr(builtins, fname, None) else None
        self.reductions = {}                  # name -> '+', '*', 'min' or 'max'
        for name in sorted(carried):
            kinds, allowed = set(), set()
            for stmt in node.body:
                for n in ast.walk(stmt):
                    if isinstance(n, (ast.Assign, ast.AugAssign)) and name in _names(
                            n.targets if isinstance(n, ast.Assign) else [n.target], ast.Store):
                        kind, operand = _reduction_of(n, name, is_builtin)
                        if kind is None:
                            raise error(n, f"'{_plain(name)}' is assigned in a prange loop and "
                                           "outside it: only reductions (s += x, s *= x, "
                                           "s = min(s, x), ...) may do that")
                        kinds.add(kind)
                        allowed.add(id(operand))
            stray = [n for n in ast.walk(ast.Module(body=node.body, type_ignores=[]))
                     if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
                     and id(n) not in allowed]
            if stray:
                raise error(stray[0], f"the reduction variable '{_plain(name)}' cannot be read "
                                      "inside its prange loop")
            if len(kinds) != 1:
                raise error(node, f"'{_plain(name)}' mixes reductions ({', '.join(sorted(kinds))}) "
                                  "in one prange loop")
            if not isinstance(t.vars[name], (Integer, Float)):
                raise error(node, f"reductions in prange loops are on integers and floats, "
                                  f"not {t.vars[name]} ('{_plain(name)}')")
            self.reductions[name] = kinds.pop()
        self.captured = sorted(n for n in reads - writes if n in t.vars)
        for stmt in node.body:                 # a list's storage moves when it grows: not in parallel
            for n in ast.walk(stmt):
                if (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                        and isinstance(n.func.value, ast.Name) and n.func.value.id in self.captured
                        and isinstance(t.vars[n.func.value.id], List) and n.func.attr in _LIST_MUTATORS):
                    raise error(n, f"'{_plain(n.func.value.id)}.{n.func.attr}()' changes a list shared by "
                                   "the iterations of a prange loop (a race): build it after the loop, "
                                   "or fill a preallocated array")
        self.slots = {n: len(_HEADER) + 2 * i for i, n in enumerate(self.captured + sorted(self.reductions))}


def _plain(name):
    return name.split("$")[0]


def _walk_same_loop(node):
    """Nodes of `node` that belong to this loop level (not inside nested loops or functions)."""
    yield node
    if isinstance(node, (ast.For, ast.While)):
        for n in node.orelse:
            yield from _walk_same_loop(n)
        return
    for child in ast.iter_child_nodes(node):
        yield from _walk_same_loop(child)


def lower_prange(low, node, spec):
    plan = Plan(low, node)
    b, ctx = low.builder, low.ctx
    it = make_iter(low, node.iter, spec)
    n = b.sext(it.n, I64) if it.n.type.width < 64 else it.n
    start = it.item(ir.Constant(it.n.type, 0))
    step = b.sub(it.item(ir.Constant(it.n.type, 1)), start)
    slots = [ctx.alloca(b, start.type), ctx.alloca(b, start.type), None,
             ctx.alloca(b, I32), ctx.alloca(b, I32)]
    b.store(start, slots[0])
    b.store(step, slots[1])
    b.store(ir.Constant(I32, 0), slots[3])
    b.store(ir.Constant(I32, 0), slots[4])
    array = ctx.alloca(b, ir.ArrayType(PTR, len(_HEADER) + 2 * len(plan.slots)))

    def put(i, pointer):
        b.store(pointer, b.gep(array, [ir.Constant(I32, 0), ir.Constant(I32, i)]))
    for i, slot in enumerate(slots):
        put(i, low.excinfo if i == 2 else slot)
    for name, i in plan.slots.items():
        put(i, low.vars[name])
        put(i + 1, low.defined.get(name, ir.Constant(PTR, None)))

    args = node.iter.args                      # compile-time start and step fold into the body's index
    known = {"start": 0 if len(args) == 1 else low.t.consts.get(args[0]),
             "step": 1 if len(args) < 3 else low.t.consts.get(args[2])}
    chunk = _chunk_function(low, node, spec, plan, known)
    pool_fn = ctx.declare(_pool_symbol(), ir.VoidType(), [PTR, PTR, I64, I64])
    held = b.call(ctx.declare("PyGILState_Check", I32, []), [])
    held = b.icmp_signed("!=", held, ir.Constant(I32, 0))
    with b.if_then(held):
        state_slot = ctx.alloca(b, PTR)
        b.store(b.call(ctx.declare("PyEval_SaveThread", PTR, []), []), state_slot)
    b.call(pool_fn, [chunk, array, n, ir.Constant(I64, 1)])
    with b.if_then(held):
        b.call(ctx.declare("PyEval_RestoreThread", ir.VoidType(), [PTR]), [b.load(state_slot)])
    failed = b.icmp_signed("!=", b.load(slots[3]), ir.Constant(I32, 0))
    with b.if_then(failed, likely=False):
        low.propagate()                        # the chunk stored the exception


def _pool_symbol():
    from ..runtime import threadpool
    return threadpool.parallel_for_symbol()


def _chunk_function(low, node, spec, plan, known):
    """`void chunk(ptr ctx, i64 k0, i64 k1)`: the body for iterations k0..k1-1."""
    ctx = low.ctx
    body_fn = ir.Function(ctx.module, ir.FunctionType(I32, [PTR, I64, I64]), ctx.unique(low.fn.name + ".prange"))
    body_fn.linkage = "internal"
    ChunkLowerer(low, node, spec, plan, body_fn, known).lower()
    chunk = ir.Function(ctx.module, ir.FunctionType(ir.VoidType(), [PTR, I64, I64]),
                        ctx.unique(low.fn.name + ".chunk"))
    chunk.linkage = "internal"
    b = ir.IRBuilder(chunk.append_basic_block())
    status = b.call(body_fn, list(chunk.args))
    with b.if_then(b.icmp_signed("!=", status, STATUS_OK), likely=False):
        failed = b.load(b.gep(chunk.args[0], [ir.Constant(I32, 3)], source_etype=PTR), typ=PTR)
        b.atomic_rmw("xchg", failed, ir.Constant(I32, 1), "release")
    b.ret_void()
    return chunk


class ChunkLowerer(FunctionLowerer):
    """Lowers a prange loop's body as a function of its own (see the module docstring)."""

    def __init__(self, parent, node, spec, plan, fn, known):
        super().__init__(parent.ctx, parent.t, fn)
        self.node, self.spec, self.plan, self.known = node, spec, plan, known
        self.retptr = None

    def slot_pointer(self, i):
        b = self.builder
        return b.load(b.gep(self.fn.args[0], [ir.Constant(I32, i)], source_etype=PTR), typ=PTR)

    def lower(self):
        self.builder = b = ir.IRBuilder(self.fn.append_basic_block("entry"))
        for name, ty in self.t.vars.items():
            self.vars[name] = self.new_slot(ty, name)
        self.excinfo = self.slot_pointer(2)
        for name in self.t.vars:
            flag = self.ctx.alloca(b, I1, name=name + ".defined")
            b.store(ir.Constant(I1, 0), flag)
            self.defined[name] = flag
        for name in self.plan.captured:                      # copies of the enclosing values
            i = self.plan.slots[name]
            ty = self.t.vars[name]
            self.store_var(name, b.load(self.slot_pointer(i), typ=ty.llvm()), ty)
            outer_flag = self.slot_pointer(i + 1)
            known = b.icmp_unsigned("==", outer_flag, ir.Constant(PTR, None))
            with b.if_else(known) as (yes, no):
                with yes:
                    b.store(ir.Constant(I1, 1), self.defined[name])
                with no:
                    b.store(b.load(outer_flag, typ=I1), self.defined[name])
        for name, kind in self.plan.reductions.items():      # each chunk reduces into its own copy
            ty = self.t.vars[name]
            if kind in ("min", "max"):
                init = b.load(self.slot_pointer(self.plan.slots[name]), typ=ty.llvm())
            else:
                init = ir.Constant(ty.llvm(), 0 if kind == "+" else 1)
            self.store_var(name, init, ty)
        ity = self.spec.item_type.llvm()
        start, step = (ir.Constant(ity, self.known[name]) if self.known[name] is not None
                       else b.load(self.slot_pointer(i), typ=ity) for i, name in enumerate(("start", "step")))
        self._loop(start, step)
        self._combine()
        self.release_all()
        b.ret(STATUS_OK)

    def _loop(self, start, step):
        b, fn = self.builder, self.fn
        k0, k1 = fn.args[1], fn.args[2]
        assume = self.ctx.declare("llvm.assume", ir.VoidType(), [I1])
        b.call(assume, [b.icmp_signed(">=", k0, ir.Constant(I64, 0))])   # the pool's chunks: 0 <= k0 <= k1
        b.call(assume, [b.icmp_signed("<=", k0, k1)])
        counter = self.ctx.alloca(b, I64, name="prange.k")
        b.store(k0, counter)
        test, body, nxt, end = (fn.append_basic_block(x) for x in ("test", "body", "next", "end"))
        b.branch(test)
        b.position_at_end(test)
        k = b.load(counter)
        b.cbranch(b.icmp_signed("<", k, k1), body, end)
        b.position_at_end(body)
        kk = b.trunc(k, start.type) if start.type.width < 64 else k
        self.assign(self.node.target, b.add(start, b.mul(kk, step, flags=["nsw"]), flags=["nsw"]),
                    self.spec.item_type)
        self.loops.append((nxt, None))
        self.block(self.node.body)
        self.loops.pop()
        if not b.block.is_terminated:
            b.branch(nxt)
        b.position_at_end(nxt)
        b.store(b.add(b.load(counter), ir.Constant(I64, 1)), counter)
        b.branch(test)
        b.position_at_end(end)

    def _combine(self):
        if not self.plan.reductions:
            return
        b = self.builder
        lock = self.slot_pointer(4)
        spin, locked = self.fn.append_basic_block("lock"), self.fn.append_basic_block("locked")
        b.branch(spin)
        b.position_at_end(spin)
        got = b.cmpxchg(lock, ir.Constant(I32, 0), ir.Constant(I32, 1), "acquire", "monotonic")
        b.cbranch(b.extract_value(got, 1), locked, spin)
        b.position_at_end(locked)
        for name, kind in self.plan.reductions.items():
            ty = self.t.vars[name]
            shared = self.slot_pointer(self.plan.slots[name])
            b.store(_combine_values(b, kind, ty, b.load(shared, typ=ty.llvm()), b.load(self.vars[name])), shared)
        b.atomic_rmw("xchg", lock, ir.Constant(I32, 0), "release")


def _combine_values(b, kind, ty, total, part):
    is_float = isinstance(ty, Float)
    if kind == "+":
        return b.fadd(total, part) if is_float else b.add(total, part)
    if kind == "*":
        return b.fmul(total, part) if is_float else b.mul(total, part)
    op = "<" if kind == "min" else ">"            # Python's min(a, b): b if b < a else a
    if is_float:
        better = b.fcmp_ordered(op, part, total)
    else:
        better = (b.icmp_signed if ty.signed else b.icmp_unsigned)(op, part, total)
    return b.select(better, part, total)

