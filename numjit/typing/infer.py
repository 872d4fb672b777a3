"""Type inference over the function's AST: variable, expression and return types.

Each variable has one type: the unification of every value assigned to it
(numba's rule). Statements are walked in order, repeatedly, until no variable
type changes; calls resolve to implementation keys and nothing is compiled.

    >>> def f(n):
    ...     s = 0
    ...     for i in range(n):
    ...         s += i * 0.5
    ...     return s
    >>> from numjit.types import int64
    >>> t = infer(f, (int64,))
    >>> t.return_type, sorted(str(ty) for name, ty in t.vars.items() if name.startswith("s$"))
    (float64, ['float64', 'int64'])
"""
import ast
import types as pytypes
import operator
import threading

import numpy as np

from .. import types
from ..errors import TypingError, UnsupportedError, NumjitError, InternalError
from ..frontend.source import FunctionSource
from ..frontend.check import check_supported
from ..frontend.versions import original_name
from ..frontend.unroll import UnrollRequest
from ..types import Array, Tuple, Const, Number, Boolean, undefined
from ..types.literals import LiteralArg
from ..types.lists import List, is_incomplete, is_undecided
from ..types.typeof import user_rule
from ..types.strings import UnicodeType, BytesType
from ..types.slices import SliceType
from ..types.arrayexpr import ArrayExpr, concrete
from ..types.scalars import boolean, none, noreturn, NoReturn, unify, is_intlike, argkey, is_strong
from . import registry
from .calls import CallTyping, BINOPS, INPLACE, UNARYOPS, CMPOPS, OPSYMBOL, pos_of, name_of  # noqa: F401
from .constants import literal_type, fold_tree
from .pruning import static_condition, UNKNOWN
from .flow import always_returns
from .iteration import IterTyping
from ..types.closures import function_choice_of
from ..types.exceptions import escapes

class TypedFunction:
    recursive = False       # called again while being typed: lowering guards its stack depth

    def __init__(self, source, argtypes, flags):
        self.source = source
        self.argtypes = tuple(argtypes)
        self.flags = flags
        self.argnames = [a.arg for a in source.tree.args.args]
        self.vararg = source.tree.args.vararg.arg if source.tree.args.vararg else None
        self.vars = {}
        self.exprs = {}
        self.impls = {}
        self.iters = {}
        self.consts = {}
        self.raises = {}
        self.pruned = {}        # if / conditional expression node -> its test's compile-time truth
        self.return_type = None
        self.callees = []

    @property
    def name(self):
        return self.source.name

    def type_of(self, node):
        return self.exprs[node]

    def dump(self):
        lines = [f"{self.name}{self.argtypes} -> {self.return_type}"]
        lines += [f"  {k}: {v}" for k, v in sorted(self.vars.items())]
        return "\n".join(lines)


_in_progress = {}
_typed_cache = {}
_lock = threading.RLock()


def infer(pyfunc, argtypes, flags=None):
    """TypedFunction for `pyfunc` called with `argtypes` (memoised)."""
    flags = flags or {}
    key = (pyfunc, argkey(argtypes), tuple(sorted(flags.items())))
    with _lock:
        done = _typed_cache.get(key)
        if done is not None:
            return done
        source = FunctionSource.of(pyfunc)
        check_supported(source)
        from ..lowering.generators import check_generator_use, generator_object_function
        if check_generator_use(source, flags):           # called, not iterated: makes a generator object
            typed = _typed_cache[key] = generator_object_function(pyfunc, argtypes, flags)
            return typed
        unrolls = {}
        while True:
            typed = TypedFunction(source, argtypes, flags)
            _in_progress[key] = typed
            try:
                Inferrer(typed).run()
                break
            except UnrollRequest as request:     # a literal_unroll loop over a tuple (frontend/unroll.py)
                if request.key in unrolls:
                    raise InternalError(f"literal_unroll loop {request.key} was not unrolled") from None
                unrolls[request.key] = request.length
                source = FunctionSource.of(pyfunc).unrolled(unrolls)
                check_supported(source)
            finally:
                del _in_progress[key]
        _typed_cache[key] = typed
        return typed


def return_type_of(pyfunc, argtypes, flags=None):
    """Return type of a call; for a recursive call still being typed, what is known so far."""
    key = (pyfunc, argkey(argtypes), tuple(sorted((flags or {}).items())))
    typed = _in_progress.get(key)
    if typed is not None:
        typed.recursive = True
        return typed.return_type if typed.return_type is not None else undefined
    return infer(pyfunc, argtypes, flags).return_type


def _is_shape(node):
    return isinstance(node, ast.Attribute) and node.attr == "shape"


class Inferrer(CallTyping, IterTyping):
    def __init__(self, typed):
        self.t = typed
        self.src = typed.source
        self.locals = self._local_names()
        self.declared = dict(typed.flags.get("locals", ()))    # jit(locals={'z': float32})
        self.changed = False
        self.returns = False        # has a (live) return statement been typed?
        self.assigned = set(typed.argnames) | {typed.vararg}   # variables assigned in typed (live) code
        self.seen = set()            # expressions the current pass reached

    def error(self, node, message, cls=TypingError):
        return cls(message, self.src.loc(node))

    def _local_names(self):
        names = set(self.t.argnames)
        if self.t.vararg:
            names.add(self.t.vararg)
        for node in ast.walk(self.src.tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            if hasattr(node, "numjit_objmode"):          # the outputs of an objmode block
                names.update(node.numjit_objmode[1].values())
        return names

    # -- driver ----------------------------------------------------------------------
    def run(self):
        t = self.t
        nparams = len(t.argnames)
        if t.vararg is None and len(t.argtypes) != nparams:
            raise TypingError(f"{t.name}() takes {nparams} arguments but {len(t.argtypes)} were given",
                              self.src.loc(self.src.tree))
        self.literal_params = {name: ty.value for name, ty in zip(t.argnames, t.argtypes)   # literal dispatch:
                               if isinstance(ty, LiteralArg) and not isinstance(ty.value, str)}   # known values
        if self.literal_params:                  # (of parameters never assigned)
            for n in ast.walk(self.src.tree):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                    self.literal_params.pop(n.id, None)
        for name, ty in zip(t.argnames, t.argtypes):
            t.vars[name] = ty.body_type() if hasattr(ty, "body_type") else ty    # (types/literal_containers.py)
            if name in self.declared:
                self.set_var(name, ty, self.src.tree)      # the argument, converted on entry
        if t.vararg is not None:
            t.vars[t.vararg] = Tuple(t.argtypes[nparams:])
        for _ in range(50):
            self.changed = False
            self.seen = set()               # expressions this pass reached (not code found dead since)
            self.block(self.src.tree.body)
            if not always_returns(self.src.tree.body, t.pruned):
                self.set_return(none, self.src.tree)
            if not self.changed:
                break
        else:
            raise self.error(self.src.tree, "type inference did not converge")
        for name, ty in t.vars.items():
            if ty is undefined:
                raise self.error(self.src.tree, f"could not infer the type of variable {original_name(name)!r}")
            if is_undecided(ty) and name not in t.argnames:        # (an argument `[]` is empty)
                where = next((n for n in ast.walk(self.src.tree) if isinstance(n, ast.Name) and n.id == name),
                             self.src.tree)
                kind = (ty.type if ty.kind == "optional" else ty).kind
                if none in (getattr(ty, "dtype", None), getattr(ty, "value_type", None)):
                    raise self.error(where, f"the {kind} {original_name(name)!r} only ever holds None here: compiled "
                                            "code needs a value of the type it also holds (its items are optionals)")
                if kind in ("dict", "set"):
                    raise self.error(where, f"cannot infer the types of the empty {kind} {original_name(name)!r}: "
                                            "store an item in it (or use numjit.typed.Dict.empty(k, v))")
                raise self.error(where, f"cannot infer the item type of the empty list {original_name(name)!r}: append "
                                        "to it, or start it with a typed item (e.g. [0.0] * 0)")
        for node, ty in t.exprs.items():
            if (ty is undefined and isinstance(node, ast.Name) and node.id not in self.assigned
                    and not hasattr(node, "numjit_copy") and node in self.seen):
                raise self.error(node, f"variable {original_name(node.id)!r} is read here but assigned only in "
                                       "code that never runs (a branch decided at compile time)")
        if t.return_type is None and not self.returns:
            t.return_type = noreturn        # every path raises: it compiles, and raises when called
        if t.return_type is None or t.return_type is undefined:
            raise self.error(self.src.tree, "could not infer the return type (a recursive function "
                             "needs a branch that returns without recursing)")
        if is_undecided(t.return_type):
            raise self.error(self.src.tree, "cannot infer the item type of the empty list returned; "
                                            "append to it first, or start it with a typed item")
        self.final = True

    def set_var(self, name, ty, node):
        self.assigned.add(name)
        if ty is undefined:
            return
        ty = concrete(ty)
        declared = self.declared.get(original_name(name))
        if declared is not None:            # every version of the variable has the declared type
            if ty != declared and not (isinstance(ty, Number) and isinstance(declared, Number)):
                raise self.error(node, f"variable {original_name(name)!r} is declared {declared} in jit(locals=...) "
                                       f"and cannot hold {ty}")
            ty = declared
            if self.t.vars.get(name) is not None and self.t.vars[name] != declared:
                self.t.vars[name] = declared
                self.changed = True
        if isinstance(ty, Const) and name in self.t.vars and unify(self.t.vars[name], ty) is None:
            raise self.error(node, f"variable {name!r} is bound to different compile-time objects")
        old = self.t.vars.get(name)
        if old is None or old is undefined:
            new = ty
        else:
            new = unify(old, ty)
            if new is None:
                raise self.unify_error(name, old, ty, node)
        if new != old or is_strong(new) and not is_strong(old):     # (np.float64 wins: types/scalars.py)
            self.t.vars[name] = new
            self.changed = True

    def unify_error(self, name, old, ty, node):
        """A variable given two types: the error points at the assignment of the second (not at
        the `if` whose branches merge them) and names the line of one giving the first."""
        where = self.assignment_of(node.value.id) if getattr(node, "numjit_copy", False) else node
        other = next((site for version, vty in self.t.vars.items() if original_name(version) == original_name(name)
                      and vty == old for site in [self.assignment_of(version)] if site is not None
                      and site is not where), None)
        there = f" at line {other.lineno}" if other is not None else ""
        return self.error(where or node, f"cannot unify the types of variable {original_name(name)!r}: it holds "
                                         f"{old}{there} and here is assigned {ty}; give it one type in all assignments")

    def assignment_of(self, version):
        """The statement assigning `version` of a variable (through merge copies), or None."""
        for stmt in ast.walk(self.src.tree):
            targets = (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                       if isinstance(stmt, (ast.AugAssign, ast.AnnAssign, ast.For)) else [])
            if any(isinstance(n, ast.Name) and n.id == version for t in targets for n in ast.walk(t)):
                if getattr(stmt, "numjit_copy", False):
                    return self.assignment_of(stmt.value.id)
                return stmt
        return None

    def set_return(self, ty, node):
        if ty is undefined:
            return
        ty = concrete(ty)
        old = self.t.return_type
        new = ty if old is None else unify(old, ty)
        if new is None:
            raise self.error(node, f"cannot unify return types {old} and {ty}: every return "
                                   "must give the same type (a missing return gives None)")
        if new != old:
            self.t.return_type = new
            self.changed = True

    # -- statements -------------------------------------------------------------------
    def block(self, body):
        for stmt in body:
            try:
                getattr(self, "stmt_" + type(stmt).__name__)(stmt)
            except NumjitError as exc:      # a type rule's error without a location: this statement
                if exc.loc is None:
                    exc.loc = self.src.loc(stmt)
                raise
            if self.ends_pruned(stmt):
                return                      # `if b is None: return a` with b None: the rest is dead

    def ends_pruned(self, stmt):
        """Is `stmt` an if (or a `while False:`) decided at compile time whose live branch never
        falls through?"""
        known = self.t.pruned.get(stmt) if isinstance(stmt, (ast.If, ast.While)) else None
        if known is None or (known and isinstance(stmt, ast.While)):
            return False
        live = stmt.body if known else stmt.orelse
        return always_returns(live, self.t.pruned) or any(
            isinstance(s, (ast.Break, ast.Continue)) or self.ends_pruned(s) for s in live)

    def stmt_Expr(self, node):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return                                           # docstring
        self.expr(node.value)

    def stmt_Pass(self, node):
        pass

    stmt_Break = stmt_Continue = stmt_Pass

    def stmt_With(self, node):
        from ..lowering.objmode import type_objmode      # `with objmode(...)`, the only with compiled
        type_objmode(self, node)

    def stmt_Return(self, node):
        self.returns = True
        ty = none if node.value is None else self.expr(node.value)
        if isinstance(ty, Const) and not isinstance(ty.value, (np.dtype, str, type)):
            raise self.error(node.value, f"cannot return {ty} from compiled code")
        if escapes(ty):
            raise self.error(node.value, "a caught exception lives until its handler ends: it cannot be returned "
                                         "from compiled code (return str(e), or raise it)")
        self.set_return(ty, node)

    def stmt_Assign(self, node):
        if getattr(node, "numjit_copy", False) and node.value.id not in self.assigned:
            return                  # a merge copy of a version assigned only in pruned code
        ty = self.expr(node.value)
        if isinstance(node.value, ast.List):            # `xs = [1, 2]` given None later: optionals
            from ..intrinsics.listexpr import display_for
            ty = display_for(self, node, ty)
        for target in node.targets:
            self.assign(target, ty, node)
            if isinstance(node.value, ast.Name) and isinstance(target, ast.Name) and is_incomplete(ty):
                self.set_var(node.value.id, self.t.vars.get(target.id, ty), node)   # `b = a` types `a = []`

    def stmt_AnnAssign(self, node):
        if node.value is not None:
            self.assign(node.target, self.expr(node.value), node)

    def stmt_AugAssign(self, node):
        target = node.target
        if isinstance(target, ast.Name):
            current = self.expr(ast.Name(target.id, ast.Load(), **pos_of(target)), record=False)
        else:
            current = self.expr(target)
        value = self.expr(node.value)
        if isinstance(node.op, ast.Add) and isinstance(current, List):       # rows += [[7]] (floats)
            from ..intrinsics.listexpr import widen_display
            value = widen_display(self, node.value, current, value, True)
        if isinstance(node.op, ast.Pow) and undefined not in (current, value):    # n **= -2 too
            from ..intrinsics.operators import power_operands
            current, value = power_operands(current, value, self.t.consts.get(node.value))
        op = INPLACE[type(node.op)]
        ty = self.resolve_op(node, op, (current, value), fallback=BINOPS[type(node.op)])
        index = self.t.exprs.get(target.slice) if isinstance(target, ast.Subscript) else None
        if isinstance(index, (Array, ArrayExpr, List)) or (isinstance(index, Tuple) and any(
                isinstance(t, (Array, List, Tuple)) for t in index.items)):
            base = self.t.exprs[target.value]         # a[mask] += v reads a copy: write it back
            if ty is not undefined and isinstance(base, Array):
                self.t.impls[("augset", node)] = self.resolve(target, operator.setitem,
                                                              (base, self.t.exprs[target.slice], ty))
                return
        if isinstance(current, Array) and isinstance(ty, (Array, ArrayExpr)):
            if current.readonly:
                raise self.error(node, f"cannot modify a read-only array ({current}) in place")
            if not np.can_cast(ty.dtype.dtype, current.dtype.dtype, "same_kind"):
                raise self.error(node, f"cannot write {ty.dtype} results into a {current.dtype} array in "
                                       f"place (NumPy's same_kind casting rule); use .astype() or a new array")
            return                          # arrays are updated in place (lowering writes into them)
        if isinstance(target, ast.Name):
            self.set_var(target.id, ty, node)
        else:
            self.assign(target, ty, node)

    def assign(self, target, ty, node):
        if isinstance(target, ast.Name):
            self.set_var(target.id, ty, node)
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = self.unpack(ty, len(target.elts), node)
            for elt, item in zip(target.elts, items):
                self.assign(elt, item, node)
        elif isinstance(target, ast.Subscript):
            base = self.expr(target.value)
            index = self.index_type(target.slice)
            if ty is undefined or base is undefined or index is undefined:
                return
            self.check_array_index(target, base, index)
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and is_intlike(index):     # rows[i] = [7]
                from ..intrinsics.listexpr import widen_display
                ty = widen_display(self, node.value, base, ty)
            impl = self.resolve(target, operator.setitem, (base, index, ty))
            self.t.impls[("set", target)] = impl
            if isinstance(target.value, ast.Name) and getattr(base, "incomplete", False):
                self.set_var(target.value.id, impl.signature.args[0], node)     # `d = {}` typed by d[k] = v
        elif isinstance(target, ast.Attribute):
            base = self.expr(target.value)
            if ty is undefined or base is undefined:
                return
            impl = None if isinstance(base, Const) else registry.resolve(f"{base.kind}.{target.attr}=", (base, ty))
            if impl is None and not isinstance(base, Const):      # fields named by data: record.x = v
                impl = registry.resolve(f"{base.kind}.*=", (base, Const(target.attr), ty))
            if impl is None:
                raise self.error(target, f"cannot assign to attribute {target.attr!r} of {base}", UnsupportedError)
            self.t.impls[("set", target)] = impl
        else:
            raise self.error(target, f"cannot assign to {type(target).__name__}", UnsupportedError)

    def unpack(self, ty, n, node):
        if ty is undefined:
            return [undefined] * n
        if ty.kind == "optional":                       # checked not None when it runs
            ty = ty.type
        if isinstance(ty, Tuple) and ty.kind in ("tuple", "namedtuple"):
            if len(ty) != n:
                raise self.error(node, f"cannot unpack a tuple of {len(ty)} items into {n} targets")
            return list(ty.items)
        if isinstance(ty, Array) and ty.ndim >= 1:
            return [ty.dtype if ty.ndim == 1 else ty.copy(ndim=ty.ndim - 1)] * n
        if isinstance(ty, List) and ty.dtype is not undefined:     # its length is checked when it runs
            return [ty.dtype] * n
        raise self.error(node, f"cannot unpack {ty}")

    def stmt_Delete(self, node):
        for target in node.targets:
            if isinstance(target, ast.Name) and "$" in target.id:     # `del x`: x is unbound after it
                continue
            if not isinstance(target, ast.Subscript):
                raise self.error(target, "'del' of an argument or an attribute is not supported "
                                         "in compiled code (only 'del x' of a local variable and 'del lst[i]')",
                                 UnsupportedError)
            base = self.expr(target.value)
            index = self.index_type(target.slice)
            if base is undefined or index is undefined:
                continue
            self.t.impls[("del", target)] = self.resolve(target, operator.delitem, (base, index),
                                                         what="del x[...]")

    def stmt_If(self, node):
        known = self.static_test(node)
        if known is None:
            self.truth(node.test)
        if known is not False:
            self.block(node.body)
        if known is not True:
            self.block(node.orelse)

    def static_test(self, node):
        """The truth of `node.test` when the types decide it (`b is None`), recorded so that
        lowering emits the live branch only (typing/pruning.py); else None."""
        known = static_condition(node.test, self.expr, lambda name: self.t.consts.get(name, UNKNOWN))
        if known is not None:
            self.t.pruned[node] = known
        else:                   # a variable typed None on an earlier pass may have become optional
            self.t.pruned.pop(node, None)
        return known

    stmt_While = stmt_If            # `while False:` never runs its body, `while True:` its else

    def stmt_For(self, node):
        spec = self.iter_spec(node.iter)
        self.t.iters[node] = spec
        self.assign(node.target, spec.item_type, node)
        self.block(node.body)
        self.block(node.orelse)

    def stmt_Assert(self, node):
        self.truth(node.test)
        self.t.raises[node] = (AssertionError, self.exception_args(node, [node.msg] if node.msg else []))

    def stmt_Try(self, node):
        from ..lowering.exceptions import type_try
        type_try(self, node)

    def stmt_Raise(self, node):
        from ..lowering.exceptions import type_raise
        if type_raise(self, node):          # bare raise, raise e, raise ... from ...
            return
        exc = node.exc
        args = ()
        if isinstance(exc, ast.Call):
            args, exc = exc.args, exc.func
        cls = self.expr(exc)
        if not (isinstance(cls, Const) and isinstance(cls.value, type) and issubclass(cls.value, BaseException)):
            raise self.error(exc, "raise needs an exception class, e.g. raise ValueError('message')")
        self.t.raises[node] = (cls.value, self.exception_args(node, args))

    def exception_args(self, node, args):
        """A constant message (str, or None), or the argument nodes of an exception built at run
        time (intrinsics/pyobjects.py: raise_with_values)."""
        types_ = [self.expr(a) for a in args]
        if not args:
            return None
        if len(args) == 1 and isinstance(types_[0], Const) and isinstance(types_[0].value, str):
            return types_[0].value
        from ..intrinsics.pyobjects import check_boxable
        for a, ty in zip(args, types_):
            check_boxable(self, a, ty)
        return tuple(args)

    def truth(self, node):
        ty = self.expr(node)
        if ty is undefined or isinstance(ty, (Number, Const, NoReturn)) or ty == none:
            return ty                       # (noreturn: the call that made it raised; never tested)
        if isinstance(ty, (Tuple, List, UnicodeType, BytesType)) or ty.kind in ("dict", "set"):
            return ty
        if ty.kind == "optional":           # None is false, else the value's truth (types/optionals.py)
            self.truth_of_value(node, ty.type)
            return ty
        impl = registry.resolve(bool, (ty,))        # a type defining its truth (a jitclass's __bool__)
        if impl is not None:
            self.finish_impl(node, impl)
            self.t.impls[("truth", node)] = impl
            return ty
        raise self.error(node, f"the truth value of {ty} is not defined in compiled code")

    def truth_of_value(self, node, ty):
        if not (isinstance(ty, (Number, Const, Tuple, List, UnicodeType, BytesType)) or ty.kind in ("dict", "set")):
            raise self.error(node, f"the truth value of {ty} is not defined in compiled code")

    # -- expressions ----------------------------------------------------------------------
    def expr(self, node, record=True):
        try:
            ty = getattr(self, "expr_" + type(node).__name__, self.expr_unsupported)(node)
        except NumjitError as exc:          # a type rule's error without a location: this expression
            if exc.loc is None:
                exc.loc = self.src.loc(node)
            raise
        if record:
            self.t.exprs[node] = ty
            self.seen.add(node)
        return ty

    def expr_unsupported(self, node):
        raise self.error(node, f"{type(node).__name__} expressions are not supported in compiled code",
                         UnsupportedError)

    def expr_Constant(self, node):
        if isinstance(node.value, (str, bytes)) or node.value is Ellipsis:
            return Const(node.value)
        ty = literal_type(node.value)
        if ty is None:
            raise self.error(node, f"constant {node.value!r} is not supported", UnsupportedError)
        self.t.consts[node] = node.value
        return ty

    def expr_Yield(self, node):
        from ..lowering.generators import type_yield
        return type_yield(self, node)

    def expr_NamedExpr(self, node):
        from ..lowering.namedexpr import type_named_expr
        return type_named_expr(self, node)

    def expr_GeneratorExp(self, node):
        from ..intrinsics.generators import type_generator_expression
        return type_generator_expression(self, node)

    def expr_Lambda(self, node):
        from ..intrinsics.closures import type_function_value
        return type_function_value(self, node)

    expr_MakeFunction = expr_Lambda

    def expr_CaughtException(self, node):
        from ..lowering.exceptions import type_caught
        return type_caught(self, node)

    def expr_Name(self, node):
        name = node.id
        if name in self.locals:
            if name in self.literal_params:
                self.t.consts[node] = self.literal_params[name]
            return self.t.vars.get(name, undefined)
        if "$" in name:
            raise self.error(node, f"variable {original_name(name)!r} is read before it is assigned",
                             UnsupportedError)
        found, value = self.src.lookup_global(name)
        if not found:
            raise self.error(node, f"name {name!r} is not defined")
        return self.global_value(node, value, name)

    def global_value(self, node, value, name):
        ty = literal_type(value)
        if ty is not None:
            self.t.consts[node] = value
            return ty
        if registry.has_key(("global", value)):     # a value computed at run time (cuda.threadIdx.x)
            impl = self.t.impls[node] = registry.resolve(("global", value), ())
            return impl.signature.return_type
        if isinstance(value, np.ndarray):
            if value.dtype.kind not in "biufc" or value.dtype.fields is not None:
                raise self.error(node, f"global array {name!r} of dtype {value.dtype} cannot be a "
                                       "constant in compiled code; pass it as an argument", UnsupportedError)
            self.t.consts[node] = value          # frozen at compile time, read-only (as in numba)
            return Array(types.from_dtype(value.dtype), value.ndim, "C", readonly=True)
        if user_rule(type(value)) is not None:   # a user type's lower_constant (numjit/lowlevel_lowerings.py)
            from ..lowlevel_lowerings import constant_type
            ty = constant_type(value)
            if ty is not None:
                self.t.consts[node] = value
                return ty
        return Const(value)

    def expr_Attribute(self, node):
        base = self.expr(node.value)
        if base is undefined:
            return undefined
        if isinstance(base, Const):
            try:
                value = getattr(base.value, node.attr)
            except AttributeError:
                owner = name_of(base.value) if not isinstance(base.value, pytypes.ModuleType) else base.value.__name__
                raise self.error(node, f"{owner} has no attribute {node.attr!r}") from None
            return self.global_value(node, value, node.attr)
        if isinstance(base, NoReturn):      # its value never exists (see calls.never)
            return self.never(node, [base])
        if base.kind == "exception" and node.attr == "args":     # typed from the raises its clause catches
            from ..intrinsics.exceptionargs import type_exception_args
            impl = type_exception_args(self, node)
        else:
            impl = registry.resolve(f"{base.kind}.{node.attr}", (base,))
        if impl is None:                    # a type's own attribute names: a namedtuple's fields, a record's
            impl = registry.resolve(f"{base.kind}.*", (base, Const(node.attr)))
        if impl is None:
            raise self.error(node, f"{base} has no attribute {node.attr!r} in compiled code")
        self.finish_impl(node, impl)                 # an attribute written in Python (overload_attribute)
        self.t.impls[node] = impl
        return impl.signature.return_type

    def expr_Tuple(self, node):
        if any(isinstance(e, ast.Starred) for e in node.elts):
            from ..intrinsics.namedtuples import type_starred_display
            return type_starred_display(self, node)
        items = [self.expr(e) for e in node.elts]
        if undefined in items:
            return undefined
        return Tuple(items)

    def expr_List(self, node):
        from ..intrinsics.listexpr import type_list_display
        return type_list_display(self, node)

    def expr_ListComp(self, node):
        from ..intrinsics.listexpr import type_list_comprehension
        return type_list_comprehension(self, node)

    def expr_Dict(self, node):
        from ..intrinsics.dictexpr import type_dict_display
        return type_dict_display(self, node)

    def expr_Set(self, node):
        from ..intrinsics.dictexpr import type_set_display
        return type_set_display(self, node)

    def expr_DictComp(self, node):
        from ..intrinsics.dictexpr import type_dict_comprehension
        return type_dict_comprehension(self, node)

    def expr_SetComp(self, node):
        from ..intrinsics.dictexpr import type_set_comprehension
        return type_set_comprehension(self, node)

    def expr_JoinedStr(self, node):
        from ..intrinsics.strformat import type_fstring
        return type_fstring(self, node)

    def expr_BinOp(self, node):
        folded = fold_tree(node)
        if folded is not None:                  # `2**70`, `2**64 - 1`: exact, then range-checked
            ty = literal_type(folded)
            self.t.consts[node] = folded
            return ty
        left, right = self.expr(node.left), self.expr(node.right)
        if isinstance(node.op, ast.Add) and isinstance(left, List):          # rows + [[7]] (floats)
            from ..intrinsics.listexpr import widen_display
            right = widen_display(self, node.right, left, right, True)
        if isinstance(node.op, ast.Pow) and undefined not in (left, right):     # n ** -2 is a float
            from ..intrinsics.operators import power_operands
            left, right = power_operands(left, right, self.t.consts.get(node.right))
        if isinstance(node.op, ast.Mult) and {"tuple", "namedtuple"} & {left.kind, right.kind}:    # (0,) * 3
            from ..intrinsics.namedtuples import repeat_tuple
            repeated = repeat_tuple(self, node, left, right)
            if repeated is not None:
                return repeated
        return self.resolve_op(node, BINOPS[type(node.op)], (left, right))

    def expr_UnaryOp(self, node):
        folded = fold_tree(node)
        if folded is not None:                  # -(2**63) is int64, though 2**63 alone is uint64
            ty = literal_type(folded)
            self.t.consts[node] = folded
            return ty
        operand = self.expr(node.operand)
        if isinstance(node.op, ast.USub) and node.operand in self.t.consts:
            self.t.consts[node] = -self.t.consts[node.operand]
        return self.resolve_op(node, UNARYOPS[type(node.op)], (operand,))

    def expr_Compare(self, node):
        left = self.expr(node.left)
        result = boolean
        for i, (op, comparator) in enumerate(zip(node.ops, node.comparators)):
            right = self.expr(comparator)
            key = CMPOPS[type(op)]
            args = (right, left) if key in (operator.contains, "not in") else (left, right)
            ty = self.resolve_op(comparator, key, args, record_on=(node, i))
            result = ty if len(node.ops) == 1 else boolean
            left = right
        return result

    def expr_BoolOp(self, node):
        result = None
        for value in node.values:
            ty = self.truth(value)
            if ty is undefined:
                return undefined
            result = ty if result is None else unify(result, ty)
            if result is None:
                raise self.error(node, "the operands of and/or have incompatible types")
        return result

    def expr_IfExp(self, node):
        known = self.static_test(node)
        if known is not None:
            return self.expr(node.body if known else node.orelse)
        self.truth(node.test)
        a, b = self.expr(node.body), self.expr(node.orelse)
        if undefined in (a, b):             # a recursive call's branch: the other one types it first
            return b if a is undefined else a
        ty = unify(a, b)
        if ty is None:
            raise self.error(node, f"the branches of the conditional expression have incompatible types {a} and {b}")
        return ty

    def expr_Subscript(self, node):
        base = self.expr(node.value)
        index = self.index_type(node.slice)
        if base is undefined or index is undefined:
            return undefined
        if isinstance(base, Tuple) and base.kind != "nditer":      # np.nditer's it[k]: an overload
            if base.kind not in ("tuple", "namedtuple", "literaldict", "literallist"):   # a closure, an iterator
                raise self.error(node, f"{base} is not subscriptable")
            return self.tuple_getitem(node, base)
        if getattr(base, "kind", None) == "nditer" and node.slice in self.t.consts:
            index = Const(self.t.consts[node.slice])    # it[k]: its operands may differ in type
        if isinstance(base, ArrayExpr):             # (a * 2)[i]: the expression is materialised first
            base = base.as_array()
        self.check_array_index(node, base, index)
        impl = self.resolve(node, operator.getitem, (base, index))
        self.t.impls[node] = impl
        return impl.signature.return_type

    def tuple_getitem(self, node, base):
        if base.kind == "literaldict":                   # d["a"] (intrinsics/literal_containers.py)
            from ..intrinsics.literal_containers import position_in
            idx = position_in(self, node, base)
            if idx is not None:
                self.t.consts[node.slice] = idx
            return undefined if idx is None else base.items[idx]
        idx = self.t.consts.get(node.slice)
        if base.kind == "literallist" and not isinstance(idx, int):
            raise self.error(node, f"a literal list {base} must be indexed with a constant integer")
        if isinstance(idx, int) and not isinstance(idx, bool):
            n = len(base.items)
            if not -n <= idx < n:
                what = "the shape of a {}-d array".format(n) if _is_shape(node.value) else str(base)
                raise self.error(node, f"tuple index {idx} out of range for {what}")
            self.t.consts[node.slice] = idx % n
            return base.items[idx]
        if isinstance(node.slice, ast.Slice):
            parts = [self.const_value(p) if p is not None else None
                     for p in (node.slice.lower, node.slice.upper, node.slice.step)]
            items = base.items[slice(*parts)]
            return Tuple(items)
        if base.is_uniform and base.items and is_intlike(self.t.exprs.get(node.slice)):
            self.t.impls[node] = "tuple_dynamic_getitem"
            return base.items[0]
        choice = function_choice_of(base.items)           # a tuple of functions: types/closures.py
        if choice is not None and is_intlike(self.t.exprs.get(node.slice)):
            self.t.impls[node] = "tuple_dynamic_getitem"
            return choice
        raise self.error(node, f"a heterogeneous tuple {base} must be indexed with a constant")

    def check_array_index(self, node, base, index):
        """A bool scalar is no array index (NumPy reads a[True] as a[np.newaxis][[True]]; numba
        refuses it); bool arrays (masks) are."""
        if not isinstance(base, Array):
            return
        items = index.items if isinstance(index, Tuple) else (index,)
        nodes = node.slice.elts if isinstance(node.slice, ast.Tuple) else (node.slice,)
        for item, where in zip(items, nodes):
            if isinstance(item, Boolean):
                raise self.error(where, f"a bool scalar ({item}) cannot index an array in compiled code; "
                                        "use an integer, or a bool array as a mask")

    def const_value(self, node):
        if node in self.t.consts:
            return self.t.consts[node]
        raise self.error(node, "expected a compile-time constant here")

    def index_type(self, node):
        if isinstance(node, ast.Slice):
            parts = [self.expr(p) if p is not None else none for p in (node.lower, node.upper, node.step)]
            for p, ty in zip((node.lower, node.upper, node.step), parts):
                if p is not None and ty is not undefined and not is_intlike(ty) and ty != none:
                    raise self.error(p, f"slice indices must be integers, not {ty}")
            ty = SliceType(unit_step=node.step is None)
            self.t.exprs[node] = ty
            return ty
        if isinstance(node, ast.Tuple):           # a[:, m > 0]: an expression index is materialised
            items = [t.as_array() if isinstance(t, ArrayExpr) else t for t in map(self.index_type, node.elts)]
            ty = undefined if undefined in items else Tuple(items)
            self.t.exprs[node] = ty
            return ty
        return self.expr(node)

