"""print() in compiled code: box the values and call Python's own print, under the GIL.

Output therefore interleaves correctly with Python's prints and goes wherever
sys.stdout points.

    >>> callable(emit_print)
    True
"""
import builtins

from llvmlite import ir

from ..types import Const, Float, Complex
from .boxing import box, PTR, I32, I64
from ..backend import jit
from .cpython import global_object_symbol, scalar_type_symbol

_PRINT = None


def _define_print():
    global _PRINT
    if _PRINT is None:
        _PRINT = global_object_symbol("numjit_builtin_print", builtins.print)


jit.provide(["numjit_builtin_print"], _define_print)

SHORTEST = ("float32", "complex64")


def box_shown(ctx, b, value, ty):
    """`value` boxed for str() and print(): a float32 or complex64 as its NumPy scalar, whose str()
    is the shortest digits of its type ('0.1'; as a float: '0.10000000149011612'). Consumes a
    reference, as box() does."""
    obj = box(ctx, b, value, ty)
    if not (isinstance(ty, (Float, Complex)) and ty.dtype.name in SHORTEST):
        return obj
    cls = ctx.global_var(scalar_type_symbol(ty.dtype.name), ir.IntType(8))
    scalar = b.call(ctx.declare("PyObject_CallFunctionObjArgs", PTR, [PTR], var_arg=True),
                    [cls, obj, ir.Constant(PTR, None)])
    b.call(ctx.declare("Py_DecRef", ir.VoidType(), [PTR]), [obj])
    return scalar


def emit_print(low, values, keywords=None):
    """print(*values, **keywords); keywords maps 'sep' / 'end' to constant strings."""
    _define_print()
    b, ctx = low.builder, low.ctx
    gil = b.call(ctx.declare("PyGILState_Ensure", I32, []), [])
    tup = b.call(ctx.declare("PyTuple_New", PTR, [I64]), [ir.Constant(I64, len(values))])
    set_item = ctx.declare("PyTuple_SetItem", I32, [PTR, I64, PTR])
    for i, (value, ty) in enumerate(values):
        if isinstance(ty, Const):
            text = ctx.cstring(ty.value)
            obj = b.call(ctx.declare("PyUnicode_FromString", PTR, [PTR]), [text])
        else:
            obj = box_shown(ctx, b, value, ty)
        b.call(set_item, [tup, ir.Constant(I64, i), obj])
    printer = b.load(ctx.global_var(_PRINT, PTR), typ=PTR)
    decref = ctx.declare("Py_DecRef", ir.VoidType(), [PTR])
    kwargs = ir.Constant(PTR, None)
    if keywords:
        kwargs = b.call(ctx.declare("PyDict_New", PTR, []), [])
        for name, text in keywords.items():
            obj = b.call(ctx.declare("PyUnicode_FromString", PTR, [PTR]), [ctx.cstring(text)])
            b.call(ctx.declare("PyDict_SetItemString", I32, [PTR, PTR, PTR]), [kwargs, ctx.cstring(name), obj])
            b.call(decref, [obj])
    result = b.call(ctx.declare("PyObject_Call", PTR, [PTR, PTR, PTR]), [printer, tup, kwargs])
    b.call(decref, [tup])
    if keywords:
        b.call(decref, [kwargs])
    with b.if_then(b.icmp_unsigned("!=", result, ir.Constant(PTR, None))):
        b.call(decref, [result])
    b.call(ctx.declare("PyGILState_Release", ir.VoidType(), [I32]), [gil])
