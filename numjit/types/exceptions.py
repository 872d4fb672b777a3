"""The type of a caught exception (`except ValueError as e:`): the raise's excinfo record.

    >>> caught_exception, str(caught_exception.llvm())
    (exception, 'ptr')

Its value is the pointer a raise stored in the excinfo slot (lowering/context.py): a
constant `{exception class slot, message}` record or one holding the exception object a
run-time raise made (runtime/exceptions.py); the handler frees the latter when it ends, so
the value is used inside its handler only. `raise e` stores it back; boxing it (for str(e),
repr(e), print(e), f"{e}") gives the Python exception object.
"""
from llvmlite import ir

from .base import Type


class ExceptionValue(Type):
    kind = "exception"

    def llvm(self):
        return ir.PointerType()


caught_exception = ExceptionValue("exception")


def box_exception(ctx, b, value, ty):
    """The Python exception object a caught exception stands for (a new reference): the object a
    run-time raise made, or cls(message) made now from a constant record (cls() for no message).
    Needs the GIL (str(e), print(e), f"{e}" and exception arguments hold it)."""
    from ..runtime import exceptions as runtime
    i8, i64, ptr = ir.IntType(8), ir.IntType(64), ir.PointerType()
    slot = b.load(value, typ=ptr)
    second = b.load(b.gep(value, [ir.Constant(i64, 8)], source_etype=i8), typ=ptr)
    result = ctx.alloca(b, ptr)
    with b.if_else(b.icmp_unsigned("==", slot, runtime.marker(ctx))) as (made, constant):
        with made:
            b.call(ctx.declare("Py_IncRef", ir.VoidType(), [ptr]), [second])
            b.store(second, result)
        with constant:
            cls = b.load(slot, typ=ptr)
            empty = b.icmp_unsigned("==", b.load(second, typ=i8), ir.Constant(i8, 0))
            args = b.call(ctx.declare("PyTuple_New", ptr, [i64]), [b.select(empty, ir.Constant(i64, 0),
                                                                            ir.Constant(i64, 1))])
            with b.if_then(b.not_(empty)):
                text = b.call(ctx.declare("PyUnicode_FromString", ptr, [ptr]), [second])
                b.call(ctx.declare("PyTuple_SetItem", ir.IntType(32), [ptr, i64, ptr]), [args, ir.Constant(i64, 0), text])
            obj = b.call(ctx.declare("PyObject_Call", ptr, [ptr, ptr, ptr]), [cls, args, ir.Constant(ptr, None)])
            b.call(ctx.declare("Py_DecRef", ir.VoidType(), [ptr]), [args])
            b.store(obj, result)
    return b.load(result, typ=ptr)


def escapes(ty):
    """Does a value of type `ty` hold a caught exception? (It lives until its handler ends: it is
    not returned, and the variables holding it are unbound there, lowering/exceptions.py.)"""
    return isinstance(ty, ExceptionValue) or any(escapes(t) for t in getattr(ty, "items", ()))
