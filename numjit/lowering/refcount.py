"""Reference counting of the buffers values point to (arrays made in compiled code).

The rule the lowerer follows: values are *borrowed*; ownership lives in
variables (each holds one reference) and in per-statement temporaries (new
arrays from allocations and calls), released when the statement ends, the
function returns or an exception leaves it.

    >>> from numjit.types import float64, Tuple, int64
    >>> needs_refcount(float64[:]), needs_refcount(Tuple((int64, float64[:]))), needs_refcount(int64)
    (True, True, False)
"""
from llvmlite import ir

from ..types import Array, Tuple
from ..types.arrays import MEMINFO

PTR = ir.PointerType()


def needs_refcount(ty):
    if isinstance(ty, Array):
        return True
    if isinstance(ty, Tuple):
        return any(needs_refcount(t) for t in ty.items)
    return getattr(ty, "refcounted", False)


def _meminfos(b, value, ty):
    if isinstance(ty, Array):
        yield b.extract_value(value, MEMINFO)
    elif isinstance(ty, Tuple):
        for i, item in enumerate(ty.items):
            if needs_refcount(item):
                yield from _meminfos(b, b.extract_value(value, i), item)
    elif getattr(ty, "refcounted", False):
        yield ty.meminfo_of(b, value)


def incref(ctx, b, value, ty):
    fn = ctx.declare("numjit_meminfo_incref", ir.VoidType(), [PTR])
    for mi in _meminfos(b, value, ty):
        b.call(fn, [mi])


def decref(ctx, b, value, ty):
    fn = ctx.declare("numjit_meminfo_decref", ir.VoidType(), [PTR])
    for mi in _meminfos(b, value, ty):
        b.call(fn, [mi])
