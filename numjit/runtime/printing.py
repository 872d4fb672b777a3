"""print() in compiled code: box the values and call Python's own print, under the GIL.

Output therefore interleaves correctly with Python's prints and goes wherever
sys.stdout points.

    >>> callable(emit_print)
    True
"""
import builtins

from llvmlite import ir

from ..types import Const
from .boxing import box, PTR, I32, I64
from ..backend import jit
from .cpython import global_object_symbol

_PRINT = None


def _define_print():
    global _PRINT
    if _PRINT is None:
        _PRINT = global_object_symbol("numjit_builtin_print", builtins.print)


jit.provide(["numjit_builtin_print"], _define_print)


def emit_print(low, values):
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
            obj = box(ctx, b, value, ty)
        b.call(set_item, [tup, ir.Constant(I64, i), obj])
    printer = b.load(ctx.global_var(_PRINT, PTR), typ=PTR)
    result = b.call(ctx.declare("PyObject_CallObject", PTR, [PTR, PTR]), [printer, tup])
    decref = ctx.declare("Py_DecRef", ir.VoidType(), [PTR])
    b.call(decref, [tup])
    with b.if_then(b.icmp_unsigned("!=", result, ir.Constant(PTR, None))):
        b.call(decref, [result])
    b.call(ctx.declare("PyGILState_Release", ir.VoidType(), [I32]), [gil])
