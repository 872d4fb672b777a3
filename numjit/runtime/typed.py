"""typed.List / typed.Dict at the Python boundary: the Python object holds the native structure.

A `numjit.typed.List` (or `Dict`) is a Python object with two slots: the address of
its native list's meminfo (a Python int) and its canonical numjit type. Unboxing
checks the object's class and that type by address and reads the meminfo: no copy,
no reflection (compiled code changes the very structure Python sees). Boxing wraps a
native structure made in compiled code in a new Python object, which takes over the
reference and releases it when collected.

    >>> from numjit import njit, typed
    >>> @njit
    ... def grow(xs):
    ...     xs.append(len(xs) * 1.5)
    ...     return xs
    >>> xs = typed.List([1.0])
    >>> grow(xs) is not None, list(xs)
    (True, [1.0, 1.5])
"""
import ctypes

from llvmlite import ir

from .cpython import global_object_symbol

I8, I64 = ir.IntType(8), ir.IntType(64)
PTR = ir.PointerType()
VOID = ir.VoidType()
_symbols = {}


def slot_offsets(cls):
    """Byte offsets of the `_meminfo` and `_numjit_type` slots in instances of `cls` (measured)."""
    probe = cls.__new__(cls)
    marks = (object(), object())
    probe._meminfo, probe._numjit_type = marks
    words = [ctypes.c_void_p.from_address(id(probe) + 8 * i).value for i in range(2, 8)]
    offsets = tuple(8 * (2 + words.index(id(m))) for m in marks)
    probe._meminfo = probe._numjit_type = None
    return offsets


def _object(ctx, b, obj):
    """A PyObject * held in a global cell (kept alive for the process)."""
    name = _symbols.get(id(obj))
    if name is None:
        name = global_object_symbol(f"numjit_typed.{id(obj):x}", obj)
        _symbols[id(obj)] = name
    return b.load(ctx.global_var(name, PTR), typ=PTR)


def unbox_typed(ctx, b, obj, ty, fail):
    from .. import typed
    from .boxing import type_of, field
    cls = typed.class_of(ty)
    meminfo_at, type_at = slot_offsets(cls)
    ok = b.icmp_unsigned("==", type_of(b, obj), _object(ctx, b, cls))
    good = b.append_basic_block("typed.class")
    b.cbranch(ok, good, fail)
    b.position_at_end(good)
    same = b.icmp_unsigned("==", field(b, obj, type_at, PTR), _object(ctx, b, typed.canonical(ty)))
    good = b.append_basic_block("typed.type")
    b.cbranch(same, good, fail)
    b.position_at_end(good)
    return b.call(ctx.declare("PyLong_AsVoidPtr", PTR, [PTR]), [field(b, obj, meminfo_at, PTR)])


def box_typed(ctx, b, value, ty):
    """A new typed.List / typed.Dict taking over `value`'s reference (released on failure)."""
    from .. import typed
    address = b.call(ctx.declare("PyLong_FromVoidPtr", PTR, [PTR]), [value])
    wrap = ctx.declare("PyObject_CallFunctionObjArgs", PTR, [PTR], var_arg=True)
    out = b.call(wrap, [_object(ctx, b, typed.class_of(ty)._wrap), address,
                        _object(ctx, b, typed.canonical(ty)), ir.Constant(PTR, None)])
    b.call(ctx.declare("Py_DecRef", VOID, [PTR]), [address])
    with b.if_then(b.icmp_unsigned("==", out, ir.Constant(PTR, None)), likely=False):
        b.call(ctx.declare("numjit_meminfo_decref", VOID, [PTR]), [value])
    return out
