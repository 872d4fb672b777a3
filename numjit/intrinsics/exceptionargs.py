"""`e.args` of a caught exception (`except ValueError as e:`): a tuple read from the exception
object under the GIL, typed from the raises the handler catches in its `try` body.

    >>> from numjit import njit
    >>> @njit
    ... def check(x):
    ...     try:
    ...         if x < 0:
    ...             raise ValueError("negative", x)
    ...         return 1.0 / x
    ...     except ValueError as e:
    ...         return float(len(e.args) + e.args[1])
    ...     except ZeroDivisionError as e:
    ...         return float(len(e.args[0]))
    >>> check(-5), check(0), check(4)
    (-3.0, 22.0, 0.25)

The types of `e.args` are those of the arguments of the `raise Cls(...)` statements the clause
catches, in the try body and in the functions it calls (unified position by position); when
there is none (the exception comes from numjit's own checks: ZeroDivisionError, IndexError...,
or from the interpreter: int("x")), `e.args` is `(message,)`, a str, as those exceptions are. An
exception whose args differ from those types at run time (int("x") in a try body that also
raises ValueError("x", 1)) raises TypeError there. Raises of different lengths or types caught by
one clause are a compile-time error at `e.args`.
"""
import ast

from llvmlite import ir

from ..lowering.refcount import decref
from ..runtime.boxing import box, unbox
from ..types import Signature, Tuple, Const, Number, Boolean, NoneType, unify
from ..types.arrayexpr import concrete
from ..types.exceptions import caught_exception
from ..types.strings import unicode_type, as_value
from ..typing.constants import literal_type
from ..typing.registry import IntrinsicImpl
from .pyobjects import gil

I32, I64 = ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
VOID = ir.VoidType()


# -- typing: from the raises the clause catches -------------------------------------------------------

def type_exception_args(inf, node):
    """The implementation of `e.args` (node: the Attribute) for a caught exception `e`."""
    items = _args_types(inf, _clause_of(inf.src.tree, node))
    if items == MIXED:
        raise inf.error(node, "e.args: the raises this 'except' clause catches give args of different "
                              "lengths or types")
    if not all(readable(t) for t in items):
        raise inf.error(node, f"e.args holds {Tuple(items)}: compiled code reads numbers, bools, None and str")
    ty = Tuple(items)
    return IntrinsicImpl(Signature(ty, (caught_exception,)), lambda low, sig, values: _read_args(low, values[0], ty))


MIXED = "mixed"


def _clause_of(tree, node):
    """The CaughtException that bound the `e` of `e.args`: the innermost clause around it binding
    that variable (None: `e` came some other way)."""
    found = None
    for handler in ast.walk(tree):
        if not isinstance(handler, ast.ExceptHandler) or not handler.body:
            continue
        bind = handler.body[0]
        if (isinstance(bind, ast.Assign) and type(bind.value).__name__ == "CaughtException"
                and isinstance(node.value, ast.Name) and bind.targets[0].id == node.value.id
                and any(n is node for n in ast.walk(handler))):
            found = bind.value                    # (ast.walk goes outer first: the last is innermost)
    return found


def _args_types(inf, caught):
    """The types of e.args: the raises the clause catches agree on them; (str,) when none is seen."""
    if caught is None or getattr(caught, "numjit_try", None) is None:
        return (unicode_type,)
    classes = inf.t.raises.get(caught.numjit_handler)
    lengths, items = set(), []
    for args in _raised_args(inf.t, _nodes(caught.numjit_try.body), classes, set(), CALL_DEPTH):
        lengths.add(len(args))
        for i, ty in enumerate(args):
            if i == len(items):
                items.append(ty)
            else:
                items[i] = unify(items[i], ty) if items[i] is not None else None
    if not lengths:
        return (unicode_type,)                    # numjit's own exceptions, a callee's: (message,)
    if len(lengths) > 1 or None in items:
        return MIXED
    return tuple(items)


CALL_DEPTH = 4          # how deep into the functions a try body calls its raises are looked for


def _nodes(body):
    """The nodes of a block (not those of functions defined in it)."""
    stack = list(body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def _raised_args(typed, nodes, classes, seen, depth):
    """The types of the args of each exception the clause (classes; None: all) catches among those
    raised by `nodes` of the typed function: its raise statements and the functions it calls."""
    from ..typing.registry import PythonImpl
    from ..typing.infer import _typed_cache
    for node in nodes:
        raised = typed.raises.get(node) if isinstance(node, (ast.Raise, ast.Assert)) else None
        if raised is not None and isinstance(raised[0], type):
            cls, message = raised
            if classes is None or issubclass(cls, classes):
                yield (() if message is None else (unicode_type,) if isinstance(message, str)
                       else tuple(_value_type(typed.exprs.get(a)) for a in message))
        callee = None
        impl = typed.impls.get(node) if isinstance(node, ast.Call) else None
        if isinstance(impl, PythonImpl) and (impl.pyfunc, impl.argtypes) not in seen:
            seen.add((impl.pyfunc, impl.argtypes))
            flags = tuple(sorted((getattr(impl, "flags", None) or {}).items()))
            callee = _typed_cache.get((impl.pyfunc, impl.argtypes, flags))     # (typed already: never again)
        spec = typed.iters.get(node) if isinstance(node, ast.For) else None
        if spec is not None and spec.kind == "generator":                       # a generator run in place
            callee = spec.parts[0]
        if callee is not None and depth:
            yield from _raised_args(callee, _nodes(callee.source.tree.body), classes, seen, depth - 1)


def _value_type(ty):
    if isinstance(ty, Const) and isinstance(ty.value, (bool, int, float, complex)) or ty == Const(None):
        return literal_type(ty.value)
    return as_value(concrete(ty)) if ty is not None else None


def readable(ty):
    return isinstance(ty, (Number, Boolean, NoneType)) or ty == unicode_type


# -- reading them -----------------------------------------------------------------------------------

def _read_args(low, exc, ty):
    """The exception object's args as `ty` (a new value, a temporary of the statement)."""
    b, ctx = low.builder, low.ctx
    message = f"the exception's args are not {ty}, the types compiled code expects from the raises in its try body"
    with gil(low) as state:
        obj = box(ctx, b, exc, caught_exception)
        args = b.call(ctx.declare("PyObject_GetAttrString", PTR, [PTR, PTR]), [obj, ctx.cstring("args")])
        decref = ctx.declare("Py_DecRef", VOID, [PTR])
        b.call(decref, [obj])
        size = b.call(ctx.declare("PyTuple_Size", I64, [PTR]), [args])
        out, done = ir.Constant(ty.llvm(), ir.Undefined), []

        def fail():
            for value, item in done:
                _release(low, value, item)
            b.call(decref, [args])
            b.call(ctx.declare("PyGILState_Release", VOID, [I32]), [state])
            low.raise_error(TypeError, message)
        with b.if_then(b.icmp_signed("!=", size, ir.Constant(I64, len(ty.items))), likely=False):
            fail()
        get = ctx.declare("PyTuple_GetItem", PTR, [PTR, I64])
        for i, item in enumerate(ty.items):
            bad = low.fn.append_basic_block("args.bad")
            value = unbox(ctx, b, b.call(get, [args, ir.Constant(I64, i)]), item, bad)
            with b.goto_block(bad):
                fail()
            done.append((value, item))
            out = b.insert_value(out, value, i)
        b.call(decref, [args])
    return low.own(out, ty)


def _release(low, value, ty):
    decref(low.ctx, low.builder, value, ty)
