"""`for i in prange(...)` in a `parallel=True` function: the loop body runs on the thread pool.

The body is outlined into a chunk function that runs iterations [k0, k1) and is handed to
`numjit_parallel_for` (runtime/threadpool.py). Variables of the enclosing function reach it
through a context: an array of pointers to the enclosing function's slots.

    read in the body only        captured: copied into the chunk (arrays shared, by reference)
    written in the body only     private: each chunk has its own; also one written before the
                                 loop that every iteration assigns before reading it (an
                                 inner loop's target included), when the value the loop
                                 leaves is never read (numba's rule: not live after the loop)
    written before and in it     a reduction: `s += e`, `s -= e`, `s *= e`, `s /= e`,
                                 `s = s + e` (`-`, `*`, `/`), `s = min(s, e)` / `max`; each
                                 chunk reduces into its own copy (a `/=` chunk multiplies 1 by
                                 1 / e), then combines it into the variable under a lock; an
                                 array `a += e` / `-=` / `*=` / `/=` (in place, as numba's
                                 array reductions): each chunk fills its own zeros/ones array,
                                 then adds (multiplies) it into `a` under the lock

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

import numpy as np
from llvmlite import ir

from ..errors import UnsupportedError
from ..types.arrays import Array
from ..types.lists import List
from ..types.scalars import Float, Integer
from .context import I1, I32, I64, PTR
from ..typing.calls import return_type_of
from .lower import get_function
from .loops import make_iter
from .outline import OutlinedLowerer, run_on_pool

_LIST_MUTATORS = ("append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse")
_REDUCTION_OPS = {ast.Add: "+", ast.Sub: "+", ast.Mult: "*", ast.Div: "*"}   # s -= e: the chunk sums -e;
_ONE_SIDED = (ast.Sub, ast.Div)               # s /= e: it multiplies 1 / e (s - e, s / e: s on the left)


def _names(nodes, ctx_type):
    return {n.id for tree in nodes for n in ast.walk(tree)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ctx_type)}


def _outside_writes(func_tree, loop):
    """Names stored anywhere in the function except inside `loop`'s body."""
    inside = {id(n) for stmt in loop.body for n in ast.walk(stmt)}
    return {n.id for n in ast.walk(func_tree)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and id(n) not in inside}


def _fate(stmts, name, dead_copy):
    """What happens to `name` first on the paths through `stmts`: "read" (on some path it is read
    before being assigned), "assigned" (every path assigns it before any read), or "open"
    (some path neither reads nor assigns it). A merge copy of it into a variable nobody reads
    (`dead_copy`) is no read."""
    for stmt in stmts:
        if name not in _names([stmt], ast.Load) | _names([stmt], ast.Store) or dead_copy(stmt, name):
            continue
        if isinstance(stmt, (ast.For, ast.While, ast.If)):
            head = [stmt.iter] if isinstance(stmt, ast.For) else [stmt.test]
            if name in _names(head, ast.Load):
                return "read"
            if isinstance(stmt, ast.For) and _is_name(stmt.target, name):
                fates = [_fate(stmt.orelse, name, dead_copy)]     # each iteration assigns it first
            elif isinstance(stmt, ast.For) and name in _names([stmt.target], ast.Store):
                return "read"                                 # unpacked into a tuple target: be cautious
            else:
                fates = [_fate(stmt.body, name, dead_copy), _fate(stmt.orelse, name, dead_copy)]
            if "read" in fates:
                return "read"
            if isinstance(stmt, ast.If) and fates == ["assigned", "assigned"]:
                return "assigned"
            continue                                          # a loop's body may not run
        if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and name not in _names([stmt], ast.Load)
                and isinstance(stmt.targets[0], (ast.Name, ast.Tuple, ast.List))):
            return "assigned"                                 # x = ..., or unpacked: x, y = ...
        return "read"
    return "open"


def _is_name(node, name):
    return isinstance(node, ast.Name) and node.id == name


def _parents(func_tree):
    """id(statement) -> (the node holding it, its field, its index), made once per function."""
    parents = getattr(func_tree, "numjit_parents", None)
    if parents is None:
        parents = {}
        for node in ast.walk(func_tree):
            for field in ("body", "orelse", "finalbody"):
                for i, child in enumerate(getattr(node, field, None) or ()):
                    if isinstance(child, ast.stmt):
                        parents[id(child)] = (node, field, i)
        func_tree.numjit_parents = parents
    return parents


def _read_after(func_tree, stmt, name, seen=frozenset()):
    """Whether the value `name` has after statement `stmt` may be read: after it in its block, on
    the next round of an enclosing loop, or after the enclosing statements (liveness, on the AST;
    frontend/versions.py's merge copies into variables nobody reads do not count)."""
    def dead_copy(copy, source):
        if not (getattr(copy, "numjit_copy", False) and _is_name(copy.value, source)
                and len(copy.targets) == 1 and isinstance(copy.targets[0], ast.Name)):
            return False
        key = (id(copy), copy.targets[0].id)
        return key not in seen and not _read_after(func_tree, copy, copy.targets[0].id, seen | {key})
    parents = _parents(func_tree)
    node = stmt
    while id(node) in parents:
        parent, field, i = parents[id(node)]
        fate = _fate(getattr(parent, field)[i + 1:], name, dead_copy)
        if fate != "open":
            return fate == "read"
        if isinstance(parent, (ast.For, ast.While)) and field == "body":
            head = [parent.iter] if isinstance(parent, ast.For) else [parent.test]
            if name in _names(head, ast.Load):
                return True
            if not (isinstance(parent, ast.For) and _is_name(parent.target, name)) and \
                    _fate(parent.body, name, dead_copy) == "read":    # the next round, from the body's start
                return True
            if _fate(parent.orelse, name, dead_copy) == "read":
                return True
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        node = parent
    return False


def _private_in_each_iteration(func_tree, loop, name):
    """A variable also assigned outside the loop that each iteration assigns before reading it,
    and whose value after the loop nothing reads: private to the iteration, as numba makes it."""
    def never_dead(stmt, source):
        return False
    return _fate(loop.body, name, never_dead) != "read" and not _read_after(func_tree, loop, name)


def _reduction_of(stmt, name, is_builtin):
    """The reduction kind ('+', '*', 'min', 'max') that `stmt` applies to `name`, or None;
    also the node of its operand `name` (the one read that is allowed)."""
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name:
        return _REDUCTION_OPS.get(type(stmt.op)), None
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id == name):
        return None, None
    value = stmt.value
    if isinstance(value, ast.BinOp) and type(value.op) in _REDUCTION_OPS:
        sides = ((value.left, value.right), (value.right, value.left))
        for mine, other in sides[:1] if isinstance(value.op, _ONE_SIDED) else sides:
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
        carried = {name for name in writes & _outside_writes(low.src.tree, node)
                   if not _private_in_each_iteration(low.src.tree, node, name)}

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
            kind = kinds.pop()
            if isinstance(t.vars[name], Array) and kind in _ARRAY_REDUCTIONS:
                rebinding = [n for n in ast.walk(ast.Module(body=node.body, type_ignores=[]))
                             if isinstance(n, ast.Assign) and name in _names(n.targets, ast.Store)]
                if rebinding:
                    raise error(rebinding[0], f"an array reduction in a prange loop updates the array in "
                                              f"place: write '{_plain(name)} += ...' (or -=, *=, /=)")
            elif not isinstance(t.vars[name], (Integer, Float)):
                raise error(node, f"reductions in prange loops are on integers, floats and arrays "
                                  f"(+=, -=, *=, /=), not {t.vars[name]} ('{_plain(name)}')")
            self.reductions[name] = kind
        self.captured = sorted(n for n in reads - writes if n in t.vars)
        for stmt in node.body:                 # a list's storage moves when it grows: not in parallel
            for n in ast.walk(stmt):
                if (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                        and isinstance(n.func.value, ast.Name) and n.func.value.id in self.captured
                        and isinstance(t.vars[n.func.value.id], List) and n.func.attr in _LIST_MUTATORS):
                    raise error(n, f"'{_plain(n.func.value.id)}.{n.func.attr}()' changes a list shared by "
                                   "the iterations of a prange loop (a race): build it after the loop, "
                                   "or fill a preallocated array")
        self.slots = {n: i for i, n in enumerate(self.captured + sorted(self.reductions))}


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


# the enclosing function's pointers the body reads (OutlinedLowerer.pointer): start, step, the
# reductions' lock, then per variable of the plan its slot and its "assigned?" flag (or null)
_START, _STEP, _LOCK, _VARS = 0, 1, 2, 3


def lower_prange(low, node, spec):
    plan = Plan(low, node)
    b, ctx = low.builder, low.ctx
    it = make_iter(low, node.iter, spec)
    n = b.sext(it.n, I64) if it.n.type.width < 64 else it.n
    start = it.item(ir.Constant(it.n.type, 0))
    step = b.sub(it.item(ir.Constant(it.n.type, 1)), start)
    pointers = [ctx.alloca(b, start.type), ctx.alloca(b, start.type), ctx.alloca(b, I32)]
    for pointer, value in zip(pointers, (start, step, ir.Constant(I32, 0))):
        b.store(value, pointer)
    for name in plan.slots:
        pointers += [low.vars[name], low.defined.get(name, ir.Constant(PTR, None))]
    args = node.iter.args                      # compile-time start and step fold into the body's index
    known = {"start": 0 if len(args) == 1 else low.t.consts.get(args[0]),
             "step": 1 if len(args) < 3 else low.t.consts.get(args[2])}
    run_on_pool(low, n, pointers, lambda parent, fn: ChunkLowerer(parent, fn, node, spec, plan, known))


class ChunkLowerer(OutlinedLowerer):
    """Lowers a prange loop's body as a function of its own (see the module docstring)."""

    def __init__(self, parent, fn, node, spec, plan, known):
        super().__init__(parent, fn)
        self.node, self.spec, self.plan, self.known = node, spec, plan, known

    def var_pointers(self, name):
        i = _VARS + 2 * self.plan.slots[name]
        return self.pointer(i), self.pointer(i + 1)

    def shared_value(self, name):
        return self.builder.load(self.var_pointers(name)[0], typ=self.t.vars[name].llvm())

    def call_helper(self, pyfunc, ty, *values):
        """pyfunc(*values), all of type `ty`, compiled into this module; (its result, its type)."""
        argtypes = (ty,) * len(values)
        fn = get_function(self.ctx, pyfunc, argtypes, {})
        ret = return_type_of(pyfunc, argtypes)
        result = self.ctx.call(self.builder, fn, list(values), ret, self.excinfo, self.call_failed(fn, pyfunc))
        return self.own(result, ret), ret

    def emit_body(self, k0, k1):
        b = self.builder
        for name in self.plan.captured:                      # copies of the enclosing values
            ty = self.t.vars[name]
            slot, outer_flag = self.var_pointers(name)
            self.store_var(name, b.load(slot, typ=ty.llvm()), ty)
            known = b.icmp_unsigned("==", outer_flag, ir.Constant(PTR, None))
            with b.if_else(known) as (yes, no):
                with yes:
                    b.store(ir.Constant(I1, 1), self.defined[name])
                with no:
                    b.store(b.load(outer_flag, typ=I1), self.defined[name])
        for name, kind in self.plan.reductions.items():      # each chunk reduces into its own copy
            ty = self.t.vars[name]
            if isinstance(ty, Array):                          # zeros (ones) shaped like the array
                init, made = self.call_helper(_ARRAY_REDUCTIONS[kind][0], ty, self.shared_value(name))
                self.store_var(name, init, made)
                self.release_temps()                           # here, not in the loop's first statement
                continue
            if kind in ("min", "max"):
                init = b.load(self.var_pointers(name)[0], typ=ty.llvm())
            else:
                init = ir.Constant(ty.llvm(), 0 if kind == "+" else 1)
            self.store_var(name, init, ty)
        ity = self.spec.item_type.llvm()
        start, step = (ir.Constant(ity, self.known[name]) if self.known[name] is not None
                       else b.load(self.pointer(i), typ=ity) for i, name in ((_START, "start"), (_STEP, "step")))

        def iteration(k):
            kk = b.trunc(k, start.type) if start.type.width < 64 else k
            self.assign(self.node.target, b.add(start, b.mul(kk, step, flags=["nsw"]), flags=["nsw"]),
                        self.spec.item_type)
            self.block(self.node.body)
        self.counted_loop(k0, k1, iteration)
        self._combine()

    def _combine(self):
        if not self.plan.reductions:
            return
        b = self.builder

        def combine_all():
            for name, kind in self.plan.reductions.items():
                ty = self.t.vars[name]
                if isinstance(ty, Array):                      # shared op= private, in place
                    self.call_helper(_ARRAY_REDUCTIONS[kind][1], ty, self.shared_value(name),
                                     self.load_var(name))
                    continue
                shared = self.var_pointers(name)[0]
                b.store(_combine_values(b, kind, ty, b.load(shared, typ=ty.llvm()), b.load(self.vars[name])),
                        shared)
        self.locked(self.pointer(_LOCK), combine_all)


def _zeros_like(a):
    return np.zeros_like(a)


def _ones_like(a):
    return np.ones_like(a)


def _add_into(total, part):
    total += part


def _multiply_into(total, part):
    total *= part


_ARRAY_REDUCTIONS = {"+": (_zeros_like, _add_into), "*": (_ones_like, _multiply_into)}  # (start, combine)


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

