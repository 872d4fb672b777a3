"""Typed AST → LLVM IR for one function, following the calling convention in context.py.

Every variable lives in an entry-block alloca (mem2reg turns them into SSA);
every loop is a counted loop `for k in [0, n)` whose item is computed from k
(a range of step ±1 counts its items), which LLVM's loop passes handle best.

    >>> from numjit.types import float64
    >>> from numjit.typing.infer import infer
    >>> def f(x):
    ...     return x * 2.0
    >>> ctx = ModuleContext("demo")
    >>> fn = lower_function(ctx, infer(f, (float64,)))
    >>> "fmul double" in str(ctx.module)
    True
"""
import ast

from llvmlite import ir

from .. import config
from ..backend import jit
from ..errors import InternalError, NumjitError
from ..types import Array, Tuple, Const, Integer, Number, NPDatetime, NPTimedelta, none
from ..types.lists import List
from ..types.strings import is_str
from ..types.arrayexpr import ArrayExpr
from ..types.optionals import Optional, cast_optional
from ..types.scalars import int64, argkey
from ..types.closures import function_choice_of
from ..types.enums import EnumMember
from ..typing.infer import infer
from ..frontend.versions import original_name
from ..options import llvm_fastmath
from ..typing.registry import IntrinsicImpl, PythonImpl
from .context import ModuleContext, I1, I8, I64, STATUS_OK, STATUS_ERROR  # ModuleContext: used by the module doctest
from .refcount import needs_refcount, incref, decref
from .branching import BranchLowering

STACK_BUDGET = 1 << 22      # bytes of stack a recursion may take below its entry (threads have 8 MiB)


def _unbound_message():
    def probe():
        if False:
            x = 1
        return x  # noqa: F821
    try:
        probe()
    except UnboundLocalError as exc:
        return str(exc).replace("'x'", "'{name}'")
    return "local variable '{name}' referenced before assignment"


UNBOUND_MESSAGE = _unbound_message()


def function_symbol(typed):
    return jit.unique_name(f"numjit.{typed.source.pyfunc.__module__}.{typed.source.pyfunc.__qualname__}")


def get_function(ctx, pyfunc, argtypes, flags):
    """The ir.Function for pyfunc(argtypes) in ctx's module, lowering it on first use."""
    key = (pyfunc, argkey(argtypes), tuple(sorted(flags.items())))
    fn = ctx.functions.get(key)
    if fn is None:
        typed = infer(pyfunc, argtypes, flags)
        fn = ir.Function(ctx.module, ctx.function_type(_sig(typed)), function_symbol(typed))
        fn.linkage = "internal"
        ctx.functions[key] = fn
        FunctionLowerer(ctx, typed, fn).lower()
    return fn


def lower_function(ctx, typed, name=None):
    """Lower the entry function of a compilation (external linkage)."""
    fn = ir.Function(ctx.module, ctx.function_type(_sig(typed)), name or function_symbol(typed))
    key = (typed.source.pyfunc, argkey(typed.argtypes), tuple(sorted(typed.flags.items())))
    ctx.functions[key] = fn
    FunctionLowerer(ctx, typed, fn).lower()
    return fn


def _is_library(pyfunc):
    return (getattr(pyfunc, "__module__", None) or "").startswith("numjit.")


def _sig(typed):
    from ..types import Signature
    return Signature(typed.return_type, typed.argtypes)


class FunctionLowerer(BranchLowering):
    def __init__(self, ctx, typed, fn):
        self.ctx = ctx
        self.t = typed
        self.fn = fn
        self.src = typed.source
        self.retptr, self.excinfo = fn.args[0], fn.args[1]
        self.builder = None
        self.loops = []          # (continue_block, break_block)
        self.try_stack = []      # active try regions (lowering/exceptions.py)
        self.caught = []         # slots of the exceptions being handled, innermost last
        self.vars = {}
        self.temps = [[]]        # stack of lists of owned temporaries (value, type)
        self.owned_vars = []     # (slot, type) of variables holding references
        self.exits = []          # blocks that leave the function, each ending in release_all + ret
        self.defined = {}        # variable -> i1 slot: has it been assigned on this path?
        self.boundscheck = bool(typed.flags.get("boundscheck"))
        self.error_model = typed.flags.get("error_model", "python")
        self.fastmath = llvm_fastmath(typed.flags.get("fastmath"))   # the LLVM flags, () when off
        self.index_arith = set()  # +, -, * nodes computing an array index (see `index`)
        self.no_signed_wrap = False   # read by the integer emitters: emitting one of index_arith
        self.fast_loop = None    # the fast loop of a checked loop being lowered (lowering/speculate.py)

    # -- driver -------------------------------------------------------------------------
    def lower(self):
        if getattr(self.t, "generator_body", None) is not None:     # a generator function's call
            from .coroutines import lower_generator_ramp
            return lower_generator_ramp(self)
        entry = self.fn.append_basic_block("entry")
        self.builder = b = ir.IRBuilder(entry)
        stored = {n.id for n in ast.walk(self.src.tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        borrowed = set(self.t.argnames) - stored      # never reassigned: the caller's reference suffices
        for name, ty in self.t.vars.items():
            self.vars[name] = self.new_slot(ty, name, owned=name not in borrowed)
        params = set(self.t.argnames) | {self.t.vararg}
        for name in self.t.vars:                 # "assigned yet?" flags; mem2reg folds the sure ones
            if name not in params:
                flag = self.ctx.alloca(b, I1, name=name + ".defined")
                with b.goto_entry_block():
                    b.store(ir.Constant(I1, 0), flag)
                self.defined[name] = flag
        args = self.fn.args[2:]
        nparams = len(self.t.argnames)
        for name, ty, value in zip(self.t.argnames, self.t.argtypes, args):
            if name in borrowed:
                b.store(self.cast(value, ty, self.t.vars[name]), self.vars[name])
            else:
                self.store_var(name, value, ty)
        if self.t.vararg is not None:
            extra = self.t.argtypes[nparams:]
            tup = ir.Constant(Tuple(extra).llvm(), ir.Undefined)
            for i, value in enumerate(args[nparams:]):
                tup = b.insert_value(tup, value, i)
            self.store_var(self.t.vararg, tup, Tuple(extra))
        if self.t.recursive:
            self.stack_guard()
        try:
            self.block(self.src.tree.body)
        except NumjitError:
            raise
        except Exception as exc:        # a compiler bug: say so, at the user's line
            raise InternalError(f"{type(exc).__name__}: {exc}", getattr(self, "_loc", None)) from exc
        if not self.builder.block.is_terminated:
            if self.t.return_type == none:
                self.return_value(ir.Constant(I8, 0), none)
            else:
                self.builder.unreachable()

    def loc(self, node):
        return self.src.loc(node)

    def new_slot(self, ty, name="", owned=True):
        """A variable slot; one holding references starts empty (null) and is released at exit."""
        slot = self.ctx.alloca(self.builder, ty.llvm(), name=name)
        if owned and needs_refcount(ty):
            with self.builder.goto_entry_block():
                self.builder.store(ir.Constant(ty.llvm(), None), slot)
            self.owned_vars.append((slot, ty))
            for block in self.exits:     # exits lowered before this slot existed release it too
                early = ir.IRBuilder(block)
                early.position_before(block.terminator)
                decref(self.ctx, early, early.load(slot), ty)
        return slot

    def store_slot(self, slot, value, ty):
        b = self.builder
        if needs_refcount(ty):
            old = b.load(slot)
            incref(self.ctx, b, value, ty)
            b.store(value, slot)
            decref(self.ctx, b, old, ty)
        else:
            b.store(value, slot)

    def store_var(self, name, value, ty):
        var_ty = self.t.vars[name]
        self.store_slot(self.vars[name], self.cast(value, ty, var_ty), var_ty)
        if name in self.defined:
            self.builder.store(ir.Constant(I1, 1), self.defined[name])

    def load_var(self, name):
        """A variable's value; reading it before any assignment raises UnboundLocalError, as in Python."""
        flag = self.defined.get(name)
        if flag is not None:
            self.guard(self.builder.not_(self.builder.load(flag)), UnboundLocalError,
                       UNBOUND_MESSAGE.format(name=original_name(name)))
        return self.builder.load(self.vars[name])

    def cast(self, value, src, dst):
        """Convert a value between types; array expressions are materialised into arrays here."""
        if src == dst:
            return value
        if isinstance(src, ArrayExpr):
            from ..intrinsics.arrayexpr import materialize
            return self.cast(materialize(self, value, src), src.as_array(), dst)
        if isinstance(src, Tuple) and isinstance(dst, Tuple):
            b = self.builder
            out = ir.Constant(dst.llvm(), ir.Undefined)
            for i, (s_, d_) in enumerate(zip(src.items, dst.items)):
                out = b.insert_value(out, self.cast(b.extract_value(value, i), s_, d_), i)
            return out
        if isinstance(src, Optional) or isinstance(dst, Optional):     # wrap, or check not None
            return cast_optional(self, value, src, dst)
        return self.ctx.cast(self.builder, value, src, dst)

    def own(self, value, ty):
        """Register a new reference as a temporary of the current statement."""
        if needs_refcount(ty):
            self.temps[-1].append((value, ty))
        return value

    def release_temps(self, level=-1):
        for value, ty in self.temps[level]:
            decref(self.ctx, self.builder, value, ty)
        self.temps[level] = []

    def release_temps_here(self, temps):
        """Release `temps` on the current path only (a branch leaving their scope early)."""
        for value, ty in temps:
            decref(self.ctx, self.builder, value, ty)

    def release_all(self, builder=None):
        """Before leaving the function: drop every temporary and every variable's reference."""
        b = builder or self.builder
        self.exits.append(b.block)
        for temps in self.temps:
            for value, ty in temps:
                decref(self.ctx, b, value, ty)
        for slot, ty in self.owned_vars:
            decref(self.ctx, b, b.load(slot), ty)

    def return_value(self, value, ty):
        b = self.builder
        value = self.cast(value, ty, self.t.return_type)
        if needs_refcount(self.t.return_type):
            incref(self.ctx, b, value, self.t.return_type)
        self.release_all()
        b.store(value, self.retptr)
        b.ret(STATUS_OK)

    def raise_error(self, cls, message=None):
        """Store the exception for `cls(message)` and return the error status (ends the block)."""
        b = self.builder
        info = self.ctx.excinfo_constant(cls, message, getattr(self, "_loc", None))
        self.ctx.note_raises(self.fn, {info: (cls, message)})
        b.store(info, self.excinfo)
        self.propagate()

    def call_failed(self, callee, pyfunc):
        """The error path of a call: when this is the user's code, an exception raised in numjit's
        library moves to this line, one raised by another user function gets this line as its
        caller's frame (runtime/tracebacks.py shows them); else it passes on unchanged."""
        if not _is_library(self.src.pyfunc) and self.ctx.raises.get(callee) and getattr(self, "_loc", None):
            def relocate(builder):
                self.ctx.note_raises(self.fn, self.ctx.relocate(builder, self.excinfo, callee, self._loc,
                                                                stack=not _is_library(pyfunc)))
                self.propagate(builder)
            return relocate
        self.ctx.note_raises(self.fn, self.ctx.raises.get(callee, {}))
        return self.propagate

    def propagate(self, builder=None):
        """The exception in the excinfo slot goes to the innermost try, else out of the function."""
        if self.fast_loop is not None:               # a fast loop: drop it, undo the block, run it checked
            return self.fast_loop.bail(builder or self.builder, raised=True)
        if self.try_stack:
            from .exceptions import to_handler
            return to_handler(self, builder or self.builder)
        self.leave_raising(builder)

    def leave_raising(self, builder=None):
        self.release_all(builder)
        (builder or self.builder).ret(STATUS_ERROR)

    def stack_guard(self):
        """RecursionError, not a crash, once a recursive function's frames fill STACK_BUDGET bytes
        of the thread's stack: the excinfo slot lives in the frame that entered compiled code on
        this thread (the native wrapper, a ufunc loop, a pool chunk), so its distance from this
        frame is the depth so far."""
        b = self.builder
        frame = self.ctx.alloca(b, I8, name="stack.mark")        # an address in this frame
        depth = b.sub(b.ptrtoint(self.excinfo, I64), b.ptrtoint(frame, I64))
        self.guard(b.icmp_unsigned(">", depth, ir.Constant(I64, STACK_BUDGET)), RecursionError,
                   "maximum recursion depth exceeded in compiled code")

    def guard(self, cond, cls, message, speculable=False):
        """if cond: raise cls(message). In a fast loop (lowering/speculate.py) a `speculable` check
        (nothing after it can trap when it fails) only records the failure; any other leaves the loop."""
        if self.fast_loop is not None:
            if speculable:
                return self.fast_loop.fail(cond)
            with self.builder.if_then(cond, likely=False):
                return self.fast_loop.bail(self.builder)
        with self.builder.if_then(cond, likely=False):
            self.raise_error(cls, message)

    # -- statements -----------------------------------------------------------------------
    def block(self, body):
        for stmt in body:
            if self.builder.block.is_terminated:
                return                                    # code after return/break is dead
            self._loc = self.loc(stmt)
            getattr(self, "stmt_" + type(stmt).__name__)(stmt)
            if not self.builder.block.is_terminated:
                self.release_temps()
            else:
                self.temps[-1] = []

    def stmt_Expr(self, node):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return
        self.expr(node.value)

    def stmt_Pass(self, node):
        pass

    def stmt_With(self, node):
        from .objmode import lower_objmode             # `with objmode(...)`, the only with compiled
        lower_objmode(self, node)

    def stmt_Return(self, node):
        if self.try_stack:
            from .exceptions import lower_return
            return lower_return(self, node)
        if node.value is None:
            self.return_value(ir.Constant(I8, 0), none)
        else:
            self.return_value(self.expr(node.value), self.t.exprs[node.value])

    def stmt_Assign(self, node):
        if getattr(node, "numjit_copy", False):       # version merge: copy value and "assigned?" flag
            src, dst = node.value.id, node.targets[0].id
            b = self.builder
            if src not in self.t.vars:                # assigned only in code pruned away: stays unassigned
                if dst in self.defined:
                    b.store(ir.Constant(I1, 0), self.defined[dst])
                return
            self.store_var(dst, b.load(self.vars[src]), self.t.vars[src])
            if dst in self.defined:
                flag = b.load(self.defined[src]) if src in self.defined else ir.Constant(I1, 1)
                b.store(flag, self.defined[dst])
            return
        value = self.expr(node.value)
        ty = self.t.exprs[node.value]
        for target in node.targets:
            self.assign(target, value, ty)

    def stmt_AnnAssign(self, node):
        if node.value is not None:
            self.assign(node.target, self.expr(node.value), self.t.exprs[node.value])

    def stmt_AugAssign(self, node):
        target = node.target
        if ("augset", node) in self.t.impls:           # a[mask] += v: a[mask] = a[mask] + v
            return self.aug_assign_advanced(node)
        if isinstance(target, ast.Name):
            current, cur_ty = self.load_var(target.id), self.t.vars[target.id]
        else:
            current, cur_ty = self.expr(target), self.t.exprs[target]
        value = self.expr(node.value)
        impl = self.t.impls[node]
        result = self.apply(impl, [current, value], [cur_ty, self.t.exprs[node.value]])
        result_ty = impl.signature.return_type
        if isinstance(cur_ty, Array) and isinstance(result_ty, (Array, ArrayExpr)):
            from ..intrinsics.arrayexpr import assign
            assign(self, current, cur_ty, result, result_ty)      # a += b writes into a
            return
        self.assign(target, result, result_ty)

    def aug_assign_advanced(self, node):
        """`a[idx] op= v` with an index array: read a[idx] (a copy), combine, write back (each once)."""
        target = node.target
        base, base_ty = self.expr(target.value), self.t.exprs[target.value]
        index, index_ty = self.index(target.slice), self.t.exprs[target.slice]
        if isinstance(index_ty, ArrayExpr):                 # evaluate a mask expression once
            index, index_ty = self.cast(index, index_ty, index_ty.as_array()), index_ty.as_array()
        current = self.apply(self.t.impls[target], [base, index], [base_ty, index_ty])
        impl = self.t.impls[node]
        result = self.apply(impl, [current, self.expr(node.value)], [self.t.exprs[target], self.t.exprs[node.value]])
        self.apply(self.t.impls[("augset", node)], [base, index, result],
                   [base_ty, index_ty, impl.signature.return_type])

    def assign(self, target, value, ty):
        if isinstance(target, ast.Name):
            self.store_var(target.id, value, ty)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(ty, Optional):
                value, ty = self.cast(value, ty, ty.type), ty.type
            if needs_refcount(ty):          # keep the right-hand values alive while targets change
                incref(self.ctx, self.builder, value, ty)
                self.own(value, ty)
            if isinstance(ty, (List, Array)):
                from ..intrinsics.lists import check_unpack_length
                check_unpack_length(self, value, ty, len(target.elts))
            for i, elt in enumerate(target.elts):
                item, item_ty = self.unpack_item(value, ty, i)
                self.assign(elt, item, item_ty)
        elif isinstance(target, ast.Subscript):
            base = self.expr(target.value)
            index = self.index(target.slice, self.t.exprs[target.value])
            impl = self.t.impls[("set", target)]
            self.apply(impl, [base, index, value],
                       [self.t.exprs[target.value], self.t.exprs[target.slice], ty])
        elif isinstance(target, ast.Attribute):         # a jitclass field or property setter; record.x = v
            impl = self.t.impls[("set", target)]
            if len(impl.signature.args) == 3:              # a field named by data: (obj, Const(name), value)
                self.apply(impl, [self.expr(target.value), ir.Constant(I8, 0), value],
                           [self.t.exprs[target.value], Const(target.attr), ty])
            else:
                self.apply(impl, [self.expr(target.value), value], [self.t.exprs[target.value], ty])
        else:
            raise InternalError(f"cannot assign to {type(target).__name__}", self.loc(target))

    def unpack_item(self, value, ty, i):
        if isinstance(ty, Tuple):
            return self.builder.extract_value(value, i), ty.items[i]
        if isinstance(ty, Array):
            from ..intrinsics.arrays import array_item
            return array_item(self, value, ty, ir.Constant(I64, i))
        if isinstance(ty, List):
            from ..runtime.lists import items_of, load_item
            return load_item(self.builder, items_of(self.builder, value), ty.dtype, ir.Constant(I64, i)), ty.dtype
        raise InternalError(f"cannot unpack {ty}")

    def stmt_Delete(self, node):
        for target in node.targets:                     # `del x` (unbound after) or `del lst[i]`
            if isinstance(target, ast.Name):
                ty = self.t.vars[target.id]
                value = self.load_var(target.id)        # UnboundLocalError if it is not bound
                if needs_refcount(ty):
                    decref(self.ctx, self.builder, value, ty)
                    self.builder.store(ir.Constant(ty.llvm(), None), self.vars[target.id])
                self.builder.store(ir.Constant(I1, 0), self.defined[target.id])
                continue
            self.apply(self.t.impls[("del", target)], [self.expr(target.value), self.index(target.slice)],
                       [self.t.exprs[target.value], self.t.exprs[target.slice]])

    def stmt_If(self, node):
        known = self.t.pruned.get(node)
        if known is not None:                 # decided by the types (typing/pruning.py): one branch
            self.block(node.body if known else node.orelse)
            return
        cond = self.cond(node.test)
        self.release_temps()
        b = self.builder
        if node.orelse:
            with b.if_else(cond) as (then, otherwise):
                with then:
                    self.block(node.body)
                with otherwise:
                    self.block(node.orelse)
        else:
            with b.if_then(cond):
                self.block(node.body)

    def stmt_While(self, node):
        known = self.t.pruned.get(node)
        if known is False:                    # `while False:` (typing/pruning.py): its else only
            self.block(node.orelse)
            return
        b = self.builder
        test = self.fn.append_basic_block("while.test")
        body = self.fn.append_basic_block("while.body")
        orelse = self.fn.append_basic_block("while.else")
        end = self.fn.append_basic_block("while.end")
        b.branch(test)
        b.position_at_end(test)
        if known:                             # `while True:`: no test, and its else never runs
            b.branch(body)
        else:
            cond = self.cond(node.test)
            self.release_temps()
            b.cbranch(cond, body, orelse)
        b.position_at_end(body)
        self.loops.append((test, end))
        self.block(node.body)
        self.loops.pop()
        if not b.block.is_terminated:
            b.branch(test)
        b.position_at_end(orelse)
        if not known:
            self.block(node.orelse)
        if not b.block.is_terminated:
            b.branch(end)
        b.position_at_end(end)

    def stmt_For(self, node):
        from .loops import lower_for
        lower_for(self, node)

    def stmt_Break(self, node):
        self.jump(self.loops[-1][1])

    def stmt_Continue(self, node):
        self.jump(self.loops[-1][0])

    def jump(self, target):
        if self.try_stack:                      # finally bodies run first
            from .exceptions import lower_jump
            return lower_jump(self, target)
        self.builder.branch(target)

    def stmt_Try(self, node):
        from .exceptions import lower_try
        lower_try(self, node)

    def stmt_Assert(self, node):
        cls, message = self.t.raises[node]
        cond = self.cond(node.test)
        self.release_temps()
        if isinstance(message, tuple):              # a message made at run time
            with self.builder.if_then(self.builder.not_(cond), likely=False):
                self.stmt_Raise(node)
            return
        self.guard(self.builder.not_(cond), cls, message)

    def stmt_Raise(self, node):
        cls, message = self.t.raises[node]
        if isinstance(cls, str):                # re-raising: lowering/exceptions.py
            from .exceptions import lower_raise
            return lower_raise(self, node, cls)
        if getattr(node, "cause", None) is not None:     # (an Assert with a run-time message has none)
            from .exceptions import lower_raise_from
            return lower_raise_from(self, node, cls, message)
        if isinstance(message, tuple):              # arguments made at run time
            from ..intrinsics.pyobjects import raise_with_values
            return raise_with_values(self, cls, message)
        self.raise_error(cls, message)

    # -- expressions ---------------------------------------------------------------------
    def expr(self, node):
        ty = self.t.exprs[node]
        if node in self.t.consts and (isinstance(ty, (Number, Tuple, Array, NPDatetime, NPTimedelta, EnumMember))
                                      or ty == none):
            return self.ctx.constant(ty, self.t.consts[node])
        if isinstance(ty, Const) and node not in self.t.impls:
            return ir.Constant(I8, 0)
        if node in self.t.consts and getattr(ty, "has_lower_constant", False):
            from ..lowlevel_lowerings import lower_user_constant        # numba's lower_constant
            return lower_user_constant(self, ty, self.t.consts[node])
        return getattr(self, "expr_" + type(node).__name__)(node)

    def cond(self, node):
        return self.truth(node, self.expr(node))

    def truth(self, node, value):
        """i1 truth of `node`'s value: the type's own rule, or its bool() (a jitclass's __bool__)."""
        impl = self.t.impls.get(("truth", node))
        if impl is None:
            return self.ctx.truth(self.builder, value, self.t.exprs[node])
        return self.ctx.truth(self.builder, self.apply(impl, [value], [self.t.exprs[node]]), impl.signature.return_type)

    def expr_Constant(self, node):
        return self.ctx.constant(self.t.exprs[node], node.value)

    def expr_Name(self, node):
        return self.load_var(node.id)

    def expr_NamedExpr(self, node):
        from .namedexpr import lower_named_expr
        return lower_named_expr(self, node)

    def expr_GeneratorExp(self, node):
        from ..intrinsics.generators import lower_generator_expression
        return lower_generator_expression(self, node)

    def expr_Lambda(self, node):
        from ..intrinsics.closures import lower_function_value
        return lower_function_value(self, node)

    expr_MakeFunction = expr_Lambda

    def expr_CaughtException(self, node):
        from .exceptions import lower_caught
        return lower_caught(self, node)

    def expr_Tuple(self, node):
        if any(isinstance(e, ast.Starred) for e in node.elts):
            from ..intrinsics.namedtuples import lower_starred_display
            return lower_starred_display(self, node)
        ty = self.t.exprs[node]
        out = ir.Constant(ty.llvm(), ir.Undefined)
        for i, elt in enumerate(node.elts):
            out = self.builder.insert_value(out, self.expr(elt), i)
        return out

    def expr_List(self, node):
        from ..intrinsics.listexpr import lower_list_display
        return lower_list_display(self, node)

    def expr_ListComp(self, node):
        from ..intrinsics.listexpr import lower_list_comprehension
        return lower_list_comprehension(self, node)

    def expr_Dict(self, node):
        from ..intrinsics.dictexpr import lower_dict_display
        return lower_dict_display(self, node)

    def expr_Set(self, node):
        from ..intrinsics.dictexpr import lower_set_display
        return lower_set_display(self, node)

    def expr_DictComp(self, node):
        from ..intrinsics.dictexpr import lower_comprehension
        return lower_comprehension(self, node)

    expr_SetComp = expr_DictComp

    def expr_JoinedStr(self, node):
        from ..intrinsics.strformat import lower_fstring
        return lower_fstring(self, node)

    def expr_Attribute(self, node):
        impl = self.t.impls[node]
        return self.apply(impl, [self.expr(node.value)], [self.t.exprs[node.value]])

    def expr_BinOp(self, node):
        left, right = self.expr(node.left), self.expr(node.right)
        self.no_signed_wrap = node in self.index_arith
        try:
            return self.apply(self.t.impls[node], [left, right],
                              [self.t.exprs[node.left], self.t.exprs[node.right]])
        finally:
            self.no_signed_wrap = False

    def expr_UnaryOp(self, node):
        return self.apply(self.t.impls[node], [self.expr(node.operand)], [self.t.exprs[node.operand]])

    def expr_Subscript(self, node):
        base_ty = self.t.exprs[node.value]
        base = self.expr(node.value)
        if isinstance(base_ty, Tuple) and base_ty.kind != "nditer":
            impl = self.t.impls.get(node)
            if impl == "tuple_dynamic_getitem":
                index = self.expr(node.slice)
                return self.tuple_dynamic_getitem(base, base_ty, index, self.t.exprs[node.slice])
            if isinstance(node.slice, ast.Slice):
                parts = [self.t.consts.get(p) if p is not None else None
                         for p in (node.slice.lower, node.slice.upper, node.slice.step)]
                indices = range(len(base_ty))[slice(*parts)]
                ty = self.t.exprs[node]
                out = ir.Constant(ty.llvm(), ir.Undefined)
                for j, i in enumerate(indices):
                    out = self.builder.insert_value(out, self.builder.extract_value(base, i), j)
                return out
            return self.builder.extract_value(base, self.t.consts[node.slice])
        index = self.index(node.slice, base_ty)
        return self.apply(self.t.impls[node], [base, index], [base_ty, self.t.exprs[node.slice]])

    def tuple_dynamic_getitem(self, base, base_ty, index, index_ty):
        b = self.builder
        n = len(base_ty)
        item_ty = base_ty.items[0] if base_ty.is_uniform else function_choice_of(base_ty.items)
        arr = self.ctx.alloca(b, ir.ArrayType(item_ty.llvm(), n))
        for i in range(n):
            item = self.cast(b.extract_value(base, i), base_ty.items[i], item_ty)
            b.store(item, b.gep(arr, [ir.Constant(I64, 0), ir.Constant(I64, i)]))
        idx = self.ctx.cast(b, index, index_ty, int64)
        idx = b.select(b.icmp_signed("<", idx, ir.Constant(I64, 0)), b.add(idx, ir.Constant(I64, n)), idx)
        bad = b.icmp_unsigned(">=", idx, ir.Constant(I64, n))
        self.guard(bad, IndexError, "tuple index out of range")
        return b.load(b.gep(arr, [ir.Constant(I64, 0), idx]), typ=item_ty.llvm())

    def index(self, node, base_ty=None):
        """An index expression's value: slices become {start, stop, step, flags} structs.

        The integer +, -, * that compute an array index (`a[i + 1, j * n - k]`) assume no signed
        overflow, as numba assumes for all integer arithmetic: LLVM then knows `i + 1 >= 0` for
        `i >= 0` and drops the negative-index wrap. An index that overflows int64 is out of
        bounds in Python anyway; under boundscheck the check must see the wrapped value, so
        there the arithmetic wraps.
        """
        if isinstance(node, ast.Slice):
            from ..intrinsics.slices import lower_slice
            return lower_slice(self, node)
        if isinstance(node, ast.Tuple):
            ty = self.t.exprs[node]
            out = ir.Constant(ty.llvm(), ir.Undefined)
            for i, elt in enumerate(node.elts):
                value = self.cast(self.index(elt, base_ty), self.t.exprs[elt], ty.items[i])
                out = self.builder.insert_value(out, value, i)
            return out
        if isinstance(base_ty, Array) and not (self.boundscheck or config.BOUNDSCHECK):
            self._mark_index_arith(node)
        return self.expr(node)

    def _mark_index_arith(self, node):
        if (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult))
                and isinstance(self.t.exprs[node], Integer)):
            self.index_arith.add(node)
            self._mark_index_arith(node.left)
            self._mark_index_arith(node.right)

    def expr_Call(self, node):
        if hasattr(node, "numjit_attribute"):           # getattr(obj, "name") (typing/calls.py)
            return self.expr(node.numjit_attribute)
        impl = self.t.impls[node]
        func = node.func
        args, argtys = [], []
        if isinstance(func, ast.Attribute) and (not isinstance(self.t.exprs[func.value], Const)
                                                or is_str(self.t.exprs[func.value])):
            args.append(self.expr(func.value))
            argtys.append(self.t.exprs[func.value])
        elif getattr(impl, "callee_first", False):      # obj(...) on a jitclass instance: obj is the first argument
            args.append(self.expr(func))
            argtys.append(self.t.exprs[func])
        for a in node.args:
            if isinstance(a, ast.Starred):
                tup, tup_ty = self.expr(a.value), self.t.exprs[a.value]
                for i, item_ty in enumerate(tup_ty.items):
                    args.append(self.builder.extract_value(tup, i))
                    argtys.append(item_ty)
            else:
                args.append(self.expr(a))
                argtys.append(self.t.exprs[a])
        if node.keywords:
            if isinstance(impl, PythonImpl) and not getattr(impl, "kw_by_typer", False):
                args, argtys = self.bind_keywords(node, impl, args, argtys)
            else:
                for k in node.keywords:
                    args.append(self.expr(k.value))
                    argtys.append(self.t.exprs[k.value])
        elif isinstance(impl, PythonImpl) and len(args) < len(impl.argtypes):
            args, argtys = self.bind_keywords(node, impl, args, argtys)
        return self.apply(impl, args, argtys)

    def bind_keywords(self, node, impl, args, argtys):
        import inspect
        params = list(inspect.signature(impl.pyfunc).parameters.values())
        kwvalues = {k.arg: (self.expr(k.value), self.t.exprs[k.value]) for k in node.keywords}
        for p in params[len(args):]:
            if p.name in kwvalues:
                v, t = kwvalues[p.name]
            else:
                t = impl.argtypes[len(args)]
                v = self.ctx.constant(t, p.default)
            args.append(v)
            argtys.append(t)
        return args, argtys

    def apply(self, impl, args, argtys):
        """Cast arguments to the implementation's signature and emit it."""
        b = self.builder
        sig = impl.signature
        cast = [self.cast(v, s, d) for v, s, d in zip(args, argtys, sig.args)]
        if isinstance(impl, IntrinsicImpl):
            result = impl.codegen(self, sig, cast)
            if getattr(impl.codegen, "new_ref", False):
                self.own(result, sig.return_type)
            return result
        if isinstance(impl, PythonImpl):
            fn = get_function(self.ctx, impl.pyfunc, impl.argtypes, getattr(impl, "flags", {}))
            ret = getattr(impl, "compiled_return", sig.return_type)    # differs: an explicit signature's
            result = self.own(self.ctx.call(b, fn, cast, ret, self.excinfo, self.call_failed(fn, impl.pyfunc)), ret)
            return self.cast(result, ret, sig.return_type)
        raise InternalError(f"unknown implementation {impl!r}")

