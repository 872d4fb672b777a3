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


def meminfos(b, value, ty):
    """The meminfo pointers a value of `ty` holds (null ones included)."""
    if isinstance(ty, Array):
        yield b.extract_value(value, MEMINFO)
    elif isinstance(ty, Tuple):
        for i, item in enumerate(ty.items):
            if needs_refcount(item):
                yield from meminfos(b, b.extract_value(value, i), item)
    elif ty.kind == "optional":             # a None holds a zeroed value: null meminfos
        yield from meminfos(b, b.extract_value(value, 0), ty.type)
    elif getattr(ty, "refcounted", False):
        several = getattr(ty, "meminfos_of", None)          # a user's data model (numjit/lowlevel.py)
        yield from several(b, value) if several is not None else (ty.meminfo_of(b, value),)


def _helper(ctx, name):
    """An internal, always-inlined incref/decref in this module: the null check folds away
    for arrays borrowed from Python, and only the last decref calls into the runtime."""
    fn = ctx.module.globals.get(name)
    if fn is not None:
        return fn
    fn = ir.Function(ctx.module, ir.FunctionType(ir.VoidType(), [PTR]), name)
    fn.linkage = "internal"
    fn.attributes.add("alwaysinline")
    b = ir.IRBuilder(fn.append_basic_block())
    mi = fn.args[0]
    i64 = ir.IntType(64)
    with b.if_then(b.icmp_unsigned("!=", mi, ir.Constant(PTR, None))):
        if name.endswith("incref"):
            b.atomic_rmw("add", mi, ir.Constant(i64, 1), "monotonic")
        else:
            old = b.atomic_rmw("sub", mi, ir.Constant(i64, 1), "acq_rel")
            with b.if_then(b.icmp_signed("==", old, ir.Constant(i64, 1))):
                free = ctx.declare("numjit_meminfo_free", ir.VoidType(), [PTR])
                b.call(free, [mi])
    b.ret_void()
    return fn


def incref(ctx, b, value, ty):
    fn = _helper(ctx, "numjit.incref")
    for mi in meminfos(b, value, ty):
        b.call(fn, [mi])


def decref(ctx, b, value, ty):
    fn = _helper(ctx, "numjit.decref")
    for mi in meminfos(b, value, ty):
        b.call(fn, [mi])
