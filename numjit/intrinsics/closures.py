"""Functions as values: lambdas and inner `def`s (closures), called, passed and stored.

A lambda or inner def made in compiled code is compiled as a function of its captured
variables followed by its own parameters; its value is the tuple of the captured values, taken
when it is made (so a variable assigned after a closure captured it is a compile-time error,
frontend/versions.py). Calling it passes the captures first (keyword arguments bind by name, constant
defaults fill the rest). Its type (types/closures.py)
names the function, so calls are direct and each closure value costs only its captures. A
lambda inside a comprehension may read the comprehension's variables only where it cannot outlive
its iteration: called where it is made, or the key= of sorted/min/max (Python's would see the
variable's last value).

    >>> from numjit import njit
    >>> @njit
    ... def scaled_sum(a, k):
    ...     scale = lambda x: x * k
    ...     def twice(f, x):
    ...         return f(f(x))
    ...     return twice(scale, a) + scale(1)
    >>> scaled_sum(3, 2)
    14
"""
import ast
import inspect
import types as pytypes

from llvmlite import ir

from ..errors import UnsupportedError
from ..frontend.source import FunctionSource, _lambda_as_def
from ..frontend.versions import MakeFunction, version_variables
from ..types import Const, Signature, undefined, unify
from ..types.arrayexpr import concrete
from ..types.closures import Closure, FunctionChoice
from ..typing.registry import IntrinsicImpl

_made = {}       # id(lambda or MakeFunction node) -> (node, compiled-as pyfunc)


def inner_function(outer, node):
    """The Python function (a parameterless stub whose source is the inner def's AST with the
    captures as leading parameters) that `node` is compiled as."""
    found = _made.get(id(node))
    if found is not None and found[0] is node:
        return found[1]
    fdef = node.function if isinstance(node, MakeFunction) else _lambda_as_def(node)
    args = fdef.args
    if args.kwonlyargs or args.kwarg or args.posonlyargs:
        raise UnsupportedError("keyword-only, **kwargs and positional-only parameters are not supported",
                               outer.loc(node))
    defaults = []
    for d in args.defaults:
        try:
            defaults.append(ast.literal_eval(d))
        except ValueError:
            raise UnsupportedError("default values of inner functions must be constants", outer.loc(d)) from None
    captures = [name for name, _ in node.numjit_captures]
    params = captures + [a.arg for a in args.args]
    ident = fdef.name if fdef.name.isidentifier() else "lambda_"
    star = [f"*{args.vararg.arg}"] if args.vararg else []
    stub = f"def {ident}({', '.join(params + star)}): return {len(_made)}"     # (equal code objects are one key)
    code = compile(stub, outer.filename, "exec").co_consts[0].replace(co_firstlineno=fdef.lineno)
    pyfunc = pytypes.FunctionType(code, outer.globals, ident, tuple(defaults) or None)
    pyfunc.__qualname__ = f"{outer.pyfunc.__qualname__}.<locals>.{fdef.name}"
    tree = ast.FunctionDef(
        name=ident, body=fdef.body, decorator_list=[], returns=None,
        args=ast.arguments(posonlyargs=[], args=[ast.arg(c) for c in captures] + args.args, vararg=args.vararg,
                           kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=args.defaults),
        **({"type_params": []} if "type_params" in ast.FunctionDef._fields else {}))
    raw = ast.copy_location(tree, fdef)
    src = FunctionSource(pyfunc, version_variables(raw), outer.filename, outer.first_line, outer.indent, raw)
    src.name, src.freevars = fdef.name, outer.freevars
    FunctionSource._cache[code] = src
    _made[id(node)] = (node, pyfunc)
    return pyfunc


# -- making one -------------------------------------------------------------------------------

def type_function_value(inf, node):
    captured = [inf.t.vars.get(version, undefined) for _, version in node.numjit_captures]
    if undefined in captured:
        return undefined
    return Closure(inner_function(inf.src, node), captured)


def lower_function_value(low, node):
    ty = low.t.exprs[node]
    out = ir.Constant(ty.llvm(), ir.Undefined)
    for i, (_, version) in enumerate(node.numjit_captures):
        value = low.cast(low.load_var(version), low.t.vars[version], ty.items[i])
        out = low.builder.insert_value(out, value, i)
    return out


# -- calling one ------------------------------------------------------------------------------

def resolve_value_call(inf, node, fn, args, kws):
    """The implementation of `f(args)` for a function value `f` (None: not a function value)."""
    if isinstance(fn, FunctionChoice):
        return _choice_call(inf, node, fn, args, kws)
    if not isinstance(fn, Closure):
        return None
    params = list(inspect.signature(fn.pyfunc).parameters.values())
    kwnames = [k.arg for k in node.keywords]       # the lowering passes their values after the arguments
    if kws and (None in kwnames or any(p.kind == p.VAR_POSITIONAL for p in params)):
        raise inf.error(node, "**kwargs, and keyword arguments with *args, in calls of inner functions and "
                              "lambdas are not supported", UnsupportedError)
    flags = {k: v for k, v in inf.t.flags.items() if k != "locals"}
    kws = {k: concrete(t) for k, t in kws.items()}                 # (array expressions: made)
    target = inf.user_call(node, fn.pyfunc, list(fn.items) + list(args), dict(kws), flags)
    rest = params[len(fn.items) + len(args):]      # given by keyword, or their defaults
    func_node = node.func

    def codegen(low, sig, values):
        closure = low.expr(func_node)
        captured = [low.builder.extract_value(closure, i) for i in range(len(fn.items))]
        given = values[:len(args)]
        extra = [values[len(args) + kwnames.index(p.name)] if p.name in kwnames else low.ctx.constant(t, p.default)
                 for t, p in zip(target.argtypes[len(fn.items) + len(args):], rest)]
        return low.apply(target, captured + list(given) + extra, list(target.argtypes))
    given = tuple(concrete(t) for t in args) + tuple(kws[k] for k in kwnames)
    return IntrinsicImpl(Signature(target.signature.return_type, given), codegen)


def _choice_call(inf, node, fn, args, kws):
    """Each function typed for these arguments; the call switches on the index to direct calls."""
    impls = [inf.resolve_callable(node, f, args, kws) for f in fn.options]
    ret = impls[0].signature.return_type
    for impl in impls[1:]:
        ret = unify(ret, impl.signature.return_type)
        if ret is None:
            raise inf.error(node, f"the functions {fn} return different types ("
                                  f"{', '.join(str(i.signature.return_type) for i in impls)}) for these arguments")
    func_node = node.func

    def codegen(low, sig, values):
        b = low.builder
        index = low.expr(func_node)
        end = low.fn.append_basic_block("choice.end")
        switch = b.switch(index, end)
        results = []
        for i, impl in enumerate(impls):
            block = low.fn.append_basic_block(f"choice.{i}")
            switch.add_case(ir.Constant(index.type, i), block)
            b.position_at_end(block)
            results.append((low.branch_call(impl, values, list(sig.args), ret), b.block))
            b.branch(end)
        b.position_at_end(end)
        phi = b.phi(ret.llvm())
        for value, block in results:
            phi.add_incoming(value, block)
        for block in (switch.parent,):          # the default (never taken) gives undef
            phi.add_incoming(ir.Constant(ret.llvm(), ir.Undefined), block)
        return low.own(phi, ret)
    return IntrinsicImpl(Signature(ret, tuple(args)), codegen)


def call_result(fn, args):
    """Result type of calling a function value or a compile-time function (a sort key)."""
    from ..typing.infer import return_type_of
    if isinstance(fn, Closure):
        return return_type_of(fn.pyfunc, tuple(fn.items) + tuple(args), {})
    if isinstance(fn, Const):
        pyfunc = getattr(fn.value, "py_func", fn.value)
        if not hasattr(pyfunc, "__code__"):        # a builtin (abs, len): typed where it is called
            return None
        return return_type_of(pyfunc, tuple(args), getattr(fn.value, "flags", None))
    return None
