"""How calls type: arguments (with *args), keywords and defaults bound to parameters, and the
callee resolved to an implementation key — a user function (typed recursively), a registered
intrinsic or overload, or a numjit ufunc's kernel. A mixin of the Inferrer (typing/infer.py).

    >>> import math
    >>> from numjit.types import int64
    >>> from numjit.typing.infer import infer
    >>> def f(n):
    ...     return math.gcd(n, 6)
    >>> infer(f, (int64,)).return_type
    int64
"""
import ast
import inspect
import operator
import types as pytypes

import numpy as np
from llvmlite import ir

from .. import types
from ..errors import UnsupportedError, NumjitError, TypingError
from ..frontend.versions import param_count
from ..types import Tuple, Const, Number, undefined
from ..types.arrayexpr import concrete
from ..types.lists import is_undecided
from ..types.strings import is_str
from . import registry
from .constants import literal_type
from .literal_dispatch import ForceLiteralArg, answer
from .registry import PythonImpl
from ..types.namedtuples import is_namedtuple_class
from ..types.scalars import NoReturn, noreturn, strong, weak, numpy_result


BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
          ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
          ast.Pow: operator.pow, ast.LShift: operator.lshift, ast.RShift: operator.rshift,
          ast.BitAnd: operator.and_, ast.BitOr: operator.or_, ast.BitXor: operator.xor,
          ast.MatMult: operator.matmul}
INPLACE = {ast.Add: operator.iadd, ast.Sub: operator.isub, ast.Mult: operator.imul,
           ast.Div: operator.itruediv, ast.FloorDiv: operator.ifloordiv, ast.Mod: operator.imod,
           ast.Pow: operator.ipow, ast.LShift: operator.ilshift, ast.RShift: operator.irshift,
           ast.BitAnd: operator.iand, ast.BitOr: operator.ior, ast.BitXor: operator.ixor,
           ast.MatMult: operator.imatmul}
UNARYOPS = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert,
            ast.Not: operator.not_}
CMPOPS = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
          ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Is: operator.is_, ast.IsNot: operator.is_not,
          ast.In: operator.contains, ast.NotIn: "not in"}
OPSYMBOL = {operator.add: "+", operator.sub: "-", operator.mul: "*", operator.truediv: "/",
            operator.floordiv: "//", operator.mod: "%", operator.pow: "**", operator.lshift: "<<",
            operator.rshift: ">>", operator.and_: "&", operator.or_: "|", operator.xor: "^",
            operator.matmul: "@", operator.neg: "-", operator.pos: "+", operator.invert: "~",
            operator.not_: "not", operator.eq: "==", operator.ne: "!=", operator.lt: "<",
            operator.le: "<=", operator.gt: ">", operator.ge: ">=", operator.getitem: "[]",
            operator.setitem: "[]=", operator.is_: "is", operator.is_not: "is not",
            operator.contains: "in", "not in": "not in"}


def return_type_of(pyfunc, argtypes, flags=None):
    from .infer import return_type_of as typed_return
    return typed_return(pyfunc, argtypes, flags)


UFUNC_METHODS = ("reduce", "accumulate", "reduceat", "outer", "at")


def _gufunc_kind(fn):
    """Whether fn is a gufunc made by numjit.guvectorize (signatures or lazy)."""
    from ..ufunc.pickling import recipe_of
    recipe = recipe_of(fn) if isinstance(fn, np.ufunc) or type(fn).__name__ == "GUFunc" else None
    return recipe is not None and recipe.kind in ("gufunc", "lazy_gufunc") and \
        recipe.options.get("target", "cpu") in ("cpu", "parallel")


def _vectorize_kernel(fn):
    """The Python function behind a ufunc made by numjit.vectorize (signatures or lazy), else None."""
    if not (isinstance(fn, np.ufunc) or type(fn).__name__ == "DUFunc"):
        return None
    from ..ufunc.pickling import recipe_of
    recipe = recipe_of(fn)
    return recipe.py_func if recipe is not None and recipe.kind in ("ufunc", "dufunc") else None



def _library_module(fn):
    """Is `fn` a Python function of NumPy (compiling its source would fail inside NumPy)?"""
    return (getattr(fn, "__module__", None) or "").split(".")[0] == "numpy"


def _int_literal(node):
    """A bool or int constant written in the source, or a tuple of them."""
    if isinstance(node, ast.Tuple):
        return bool(node.elts) and all(_int_literal(e) for e in node.elts)
    return isinstance(node, ast.Constant) and type(node.value) in (bool, int)


def _constant_attribute(node, args, kws):
    """Is `node` getattr(obj, name) with a str `name` known when compiling? Then it is typed and
    lowered as the attribute node `node.numjit_attribute` (obj.name), as numba does."""
    if len(args) != 2 or kws or not (isinstance(args[1], Const) and isinstance(args[1].value, str)):
        return False
    if getattr(node, "numjit_attribute", None) is None:
        node.numjit_attribute = ast.copy_location(ast.Attribute(node.args[0], args[1].value, ast.Load()), node)
    return True


class CallTyping:
    """The call rules of the Inferrer (it provides expr, error, set_var and the typed function t)."""

    def expr_Call(self, node):
        if node.keywords and any(k.arg is None for k in node.keywords):
            raise self.error(node, "**kwargs in calls is not supported", UnsupportedError)
        func = node.func
        if isinstance(func, ast.Attribute):
            base = self.expr(func.value)
            if base is undefined:
                for a in node.args:
                    self.expr(a)
                return undefined
            if not isinstance(base, Const) or is_str(base):          # "-".join(words): a str method
                args = [base] + self.call_args(node)
                if undefined in args:
                    return undefined
                if _never_returns(args, self.call_kws(node)):
                    return self.never(node, args)
                kind = "str" if is_str(base) else base.kind
                if func.attr in ("append", "insert") and isinstance(func.value, ast.Name) and kind == "list":
                    from ..intrinsics.listexpr import widen_to_optionals
                    if widen_to_optionals(self, func.value.id, base, args[-1]):
                        return undefined                # (typed again as a list of optionals)
                if func.attr in ("append", "insert", "extend") and kind == "list" and node.args:   # rows.append([7])
                    from ..intrinsics.listexpr import widen_display
                    args[-1] = widen_display(self, node.args[-1], base, args[-1], func.attr == "extend")
                impl = self.resolve(node, f"{kind}.{func.attr}", args, self.call_kws(node),
                                    what=f"method {func.attr}() of {base}")
                self.t.impls[node] = impl
                if isinstance(func.value, ast.Name) and getattr(base, "incomplete", False):
                    self.set_var(func.value.id, impl.signature.args[0], node)  # `xs = []` typed by xs.append(v)
                if kind in ("array", "arrayexpr"):        # a.sum(): a NumPy scalar; a.item(): a Python one
                    return (weak if func.attr == "item" else strong)(impl.signature.return_type)
                return impl.signature.return_type
        fn = self.expr(func)
        args = self.call_args(node)
        kws = self.call_kws(node)
        if fn is undefined or undefined in args or undefined in kws.values():
            return undefined
        if isinstance(fn, Const) and fn.value is getattr and _constant_attribute(node, args, kws):
            return self.expr(node.numjit_attribute)         # getattr(v, "name"): v.name
        if _never_returns(args, kws):
            return self.never(node, args)
        if not isinstance(fn, Const):
            if registry.resolve("call", (fn, *args)) is not None:      # a jitclass instance's __call__
                impl = self.resolve(node, "call", [fn] + args, kws)
                impl.callee_first = True                             # lowering passes obj itself first
            else:
                from ..intrinsics.closures import resolve_value_call
                impl = resolve_value_call(self, node, fn, args, kws)     # a lambda, inner def, ...
                if impl is None:
                    raise self.error(func, f"{fn} is not callable in compiled code")
        else:
            try:
                impl = self.resolve_callable(node, fn.value, args, kws)
            except TypingError:
                if any(is_undecided(a) for a in args):   # `np.array(xs)` typed before the append that types
                    return undefined                     # xs (later in the code): the next pass
                raise
            self.t.impls[node] = impl
            return numpy_result(fn.value, impl.signature.return_type)     # np.sqrt(2.0): strong
        self.t.impls[node] = impl
        return impl.signature.return_type

    def call_args(self, node):
        out = []
        for a in node.args:
            if isinstance(a, ast.Starred):
                ty = self.expr(a.value)
                if ty is undefined:
                    out.append(undefined)
                elif isinstance(ty, Tuple):
                    out.extend(ty.items)
                else:
                    raise self.error(a, f"*args in a call must be a tuple, not {ty}")
            else:
                out.append(self.expr(a))
        return out

    def literal_of(self, node, ty):
        """Const(value) of an argument written as a constant (or a tuple of them), else its type."""
        if node in self.t.consts:
            return Const(self.t.consts[node])
        if isinstance(node, ast.Tuple):
            items = [self.literal_of(e, self.t.exprs.get(e)) for e in node.elts]
            if all(isinstance(i, Const) for i in items):
                return Const(tuple(i.value for i in items))
        return ty

    def call_kws(self, node):
        return {k.arg: self.expr(k.value) for k in node.keywords}

    def resolve_callable(self, node, fn, args, kws):
        from ..dispatch.dispatcher import Dispatcher
        if isinstance(fn, Dispatcher):
            if fn.declared_signatures() and getattr(fn, "inline", None) != "always":   # numba inlines those
                return self.declared_call(node, fn, args, kws)              # before typing: caller's types
            return self.user_call(node, fn.py_func, args, kws, fn.flags)
        if registry.has_key(fn):
            if getattr(fn, "literal_arguments", False):     # cuda.grid(1): the values decide the type
                args = [self.literal_of(a, t) for a, t in zip(node.args, args)]
                kws = {k.arg: self.literal_of(k.value, kws[k.arg]) for k in node.keywords}
            return self.resolve(node, fn, args, kws, what=f"{name_of(fn)}()")
        if isinstance(fn, Number):                 # numjit.float32(x): the NumPy scalar type's conversion
            return self.resolve(node, fn.dtype.type, args, kws, what=f"{fn}()")
        if isinstance(fn, pytypes.FunctionType) and _library_module(fn):    # np.identity: not numjit's
            raise self.error(node, f"{fn.__module__.split('.')[0]}.{fn.__name__}() is not supported in "
                                   "compiled code (numjit does not implement it)", UnsupportedError)
        if isinstance(fn, pytypes.FunctionType):
            from ..lowering.generators import AS_GENERATOR          # (a generator's body: not its callees')
            flags = {k: v for k, v in self.t.flags.items() if k not in ("locals", AS_GENERATOR)}   # the caller's own
            return self.user_call(node, fn, args, kws, flags)
        if is_namedtuple_class(fn):
            from ..intrinsics.namedtuples import namedtuple_constructor
            return namedtuple_constructor(self, node, fn, args, kws)
        if isinstance(fn, type) and issubclass(fn, BaseException):
            raise self.error(node, "exceptions can only be raised, not created, in compiled code",
                             UnsupportedError)
        owner = getattr(fn, "__self__", None)
        if _vectorize_kernel(owner) is not None and getattr(fn, "__name__", "") in UFUNC_METHODS:
            from ..lib.numpy_ufunc_methods import register_methods      # myufunc.reduce(a, axis=0)
            register_methods(owner)
            return self.resolve(node, fn, args, kws, what=f"{name_of(fn)}()")
        if _gufunc_kind(fn):
            from ..lib.gufunc_calls import register_gufunc             # a guvectorize object
            register_gufunc(fn)
            return self.resolve(node, fn, args, kws, what=f"{name_of(fn)}()")
        kernel = _vectorize_kernel(fn)
        if kernel is not None and (set(kws) == {"out"} or not kws and len(args) == kernel.__code__.co_argcount + 1):
            from ..intrinsics.ufunc_out import with_out          # myufunc(a, b, out) / out=out: into an array
            inputs, out = (list(args), kws["out"]) if kws else (list(args[:-1]), args[-1])
            sig, codegen = with_out(name_of(fn), self.vectorize_call(node, fn, kernel, inputs), inputs, out)
            return registry.IntrinsicImpl(sig, codegen)
        if kernel is not None and not kws:
            return self.vectorize_call(node, fn, kernel, args)
        from ..intrinsics.cfunc import external_call
        external = external_call(fn, args)         # a C function pointer (ctypes, cfunc, WrapperAddressProtocol)
        if external is not None and not kws:
            return external
        raise self.error(node, f"{name_of(fn)} is not supported in compiled code", UnsupportedError)

    def vectorize_call(self, node, fn, kernel, args):
        """A numjit ufunc called in compiled code: its Python kernel, compiled in (over arrays, an
        array expression of it)."""
        if all(isinstance(a, Number) for a in args):
            return self.user_call(node, kernel, args, {}, {})
        from ..intrinsics.arrayexpr import build_kernel, pack_leaves
        expr = build_kernel(fn, kernel, tuple(args), return_type_of)
        if expr is not None:
            operands = tuple(args)
            return registry.IntrinsicImpl(types.Signature(expr, operands),
                                          lambda low, sig, values: pack_leaves(low, values, operands, expr))
        raise self.error(node, f"the ufunc {name_of(fn)} cannot be applied to "
                               f"({', '.join(map(str, args))}) in compiled code", UnsupportedError)

    def user_call(self, node, pyfunc, args, kws, flags):
        if any(getattr(a, "local_only", False) for a in list(args) + list(kws.values())):
            raise self.error(node, "a generator expression cannot be passed to a function in compiled code; "
                                   "sum, any, all, min, max, list, sorted and tuple consume one")
        args = [concrete(a) for a in args]
        if kws or len(args) < param_count(pyfunc):
            args = self.bind_keywords(node, pyfunc, args, dict(kws))
        try:
            ret = return_type_of(pyfunc, tuple(args), flags)
        except ForceLiteralArg as request:          # the callee asks for argument values (literally)
            return answer(self, node, request, args, {}, lambda a, k: self.user_call(node, pyfunc, a, {}, flags))
        except NumjitError as exc:
            exc.add_note_line(f"called from {self.src.loc(node).filename}:{node.lineno} "
                              f"with ({', '.join(map(repr, args))})")
            raise
        impl = PythonImpl(pyfunc, tuple(args), types.Signature(ret, tuple(args)))
        impl.flags = flags
        return impl

    def declared_call(self, node, dispatcher, args, kws):
        """A call to a dispatcher with explicit signatures goes through the best-matching one (as
        numba): the arguments convert to its parameters, the result has its declared type."""
        from ..dispatch.conversions import best_signature
        pyfunc = dispatcher.py_func
        args = [concrete(a) for a in args]
        if kws or len(args) < param_count(pyfunc):
            args = self.bind_keywords(node, pyfunc, args, dict(kws))
        declared = dispatcher.declared_signatures()
        params = best_signature(list(declared), tuple(args))
        if params is None:
            expected = " or ".join(f"({', '.join(map(str, sig))})" for sig in declared)
            raise self.error(node, f"{dispatcher.__name__}() is compiled for {expected}, which cannot take "
                                   f"arguments of types ({', '.join(map(str, args))})")
        impl = self.user_call(node, pyfunc, list(params), {}, dispatcher.flags)
        ret = declared[params]
        if ret is not None and ret != impl.signature.return_type:
            impl.compiled_return = impl.signature.return_type
            impl.signature = types.Signature(ret, params)
        return impl

    def bind_keywords(self, node, pyfunc, args, kws):
        params = list(inspect.signature(pyfunc).parameters.values())
        out = list(args)
        for p in params[len(args):]:
            if p.name in kws:
                out.append(kws.pop(p.name))
            elif p.default is not inspect.Parameter.empty:
                ty = literal_type(p.default)
                if ty is None and isinstance(p.default, str):
                    ty = Const(p.default)           # a str default: the callee sees the literal (numba's)
                if ty is None:
                    raise self.error(node, f"default value of {p.name!r} is not supported")
                out.append(ty)
                self.t.consts.setdefault(("default", node, p.name), p.default)
            else:
                raise self.error(node, f"missing argument {p.name!r}")
        if kws:
            raise self.error(node, f"unexpected keyword arguments {sorted(kws)}")
        return out

    def never(self, node, args, record_on=None):
        """A call or operation with an operand whose evaluation always raises: it is never made
        (the operands are evaluated, the raising one leaves), so its type is `noreturn`."""
        self.t.impls[record_on or node] = _never_impl(args)
        return noreturn

    def resolve_op(self, node, op, args, fallback=None, record_on=None):
        if undefined in args:
            return undefined
        if _never_returns(args, {}):
            return self.never(node, args, record_on)
        impl = registry.resolve(op, args)
        if impl is None and fallback is not None:
            impl = registry.resolve(fallback, args)
        if impl is None:
            sym = OPSYMBOL.get(op if fallback is None else fallback, str(op))
            shown = f"{args[0]} {sym} {args[1]}" if len(args) == 2 else f"{sym} {args[0]}"
            if op in (operator.contains, "not in"):          # typed as contains(container, item)
                shown = f"{args[1]} {sym} {args[0]}"
            raise self.error(node, f"operator {sym} is not defined for {', '.join(map(repr, args))} "
                                   f"(in '{shown}')")
        self.finish_impl(node, impl)
        self.t.impls[record_on or node] = impl
        return impl.signature.return_type

    def resolve(self, node, key, args, kws=None, what=None):
        if _never_returns(args, kws or {}):
            return _never_impl(args)
        try:
            return self.resolve_types(node, key, args, kws, what)
        except ForceLiteralArg as request:          # the implementation asks for argument values (literally)
            return answer(self, node, request, args, kws or {},
                          lambda a, k: self.resolve_types(node, key, a, k, what))

    def resolve_types(self, node, key, args, kws, what):
        impl = registry.resolve(key, tuple(args), kws or None)
        if impl is None:
            impl, args, kws = self.resolve_literal_bools(node, key, args, kws)
        if impl is None:
            what = what or OPSYMBOL.get(key, str(key))
            arglist = ", ".join(map(repr, args))
            if kws:
                arglist += ", " + ", ".join(f"{k}={v}" for k, v in kws.items())
                rejected = [k for k in kws if _resolves({n: t for n, t in kws.items() if n != k}, key, args)]
                if rejected:
                    raise self.error(node, f"{what} does not support the keyword argument {rejected[0]!r} in "
                                           f"compiled code (argument types ({arglist}))")
            raise self.error(node, f"no implementation of {what} for argument types ({arglist})")
        self.finish_impl(node, impl, kws)
        return impl

    def resolve_literal_bools(self, node, key, args, kws):
        """Retry a call that did not resolve with its constant True/False arguments as Const
        types (numba's literal dispatch: `np.unique(a, return_counts=True)` returns a tuple),
        then with its int constants (and tuples of them) too (`np.tensordot(a, b, 1)`)."""
        if not isinstance(node, ast.Call) or any(isinstance(a, ast.Starred) for a in node.args):
            return None, args, kws
        offset = len(args) - len(node.args)
        pairs = [(offset + i, a) for i, a in enumerate(node.args)] + [(k.arg, k.value) for k in node.keywords]
        bools = [(where, a) for where, a in pairs if isinstance(a, ast.Constant) and isinstance(a.value, bool)]
        ints = [(where, a) for where, a in pairs if _int_literal(a)]
        if offset < 0:
            return None, args, kws
        for literal in (bools, ints) if len(ints) > len(bools) else (bools,):
            if not literal:
                continue
            new_args, new_kws = list(args), dict(kws or {})
            for where, a in literal:
                if isinstance(where, int):
                    new_args[where] = Const(ast.literal_eval(a))
                else:
                    new_kws[where] = Const(ast.literal_eval(a))
            impl = registry.resolve(key, tuple(new_args), new_kws or None)
            if impl is not None:
                for _, a in literal:
                    self.t.exprs[a] = Const(ast.literal_eval(a))
                return impl, new_args, new_kws
        return None, args, kws

    def finish_impl(self, node, impl, kws=None):
        if isinstance(impl, PythonImpl) and impl.signature is None:
            if kws or len(impl.argtypes) < param_count(impl.pyfunc):
                impl.argtypes = tuple(self.bind_keywords(node, impl.pyfunc, list(impl.argtypes), dict(kws or {})))
            flags = getattr(impl.pyfunc, "__numjit_flags__", None)       # extending.overload's jit_options
            if flags is None and getattr(impl.pyfunc, "__numjit_caller_flags__", False):
                flags = {k: v for k, v in self.t.flags.items() if k != "locals"}    # compiled as the caller's code
            ret = return_type_of(impl.pyfunc, impl.argtypes, flags or {})
            impl.signature = types.Signature(ret, impl.argtypes)
            impl.flags = flags or {}


def _resolves(kws, key, args):
    """Would the call resolve with these keywords? (to name the keyword that makes it fail)"""
    try:
        return registry.resolve(key, tuple(args), kws or None) is not None
    except NumjitError:
        return False


def pos_of(node):
    return {k: getattr(node, k) for k in ("lineno", "col_offset", "end_lineno", "end_col_offset")}


def name_of(fn):
    mod = getattr(fn, "__module__", None) or ""
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)
    if mod in ("builtins", "") or not isinstance(mod, str):
        return name
    if mod.startswith("numpy"):
        public = [p for p in mod.split(".") if not p.startswith("_")]
        mod = ".".join(["np"] + public[1:])
    return f"{mod}.{name}"


def _never_returns(args, kws):
    return any(isinstance(t, NoReturn) for t in list(args) + list(kws.values()))


def _never_impl(args):
    return registry.IntrinsicImpl(types.Signature(noreturn, tuple(args)),
                                  lambda low, sig, values: ir.Constant(ir.IntType(8), ir.Undefined))
