"""`print(...)` inside CUDA kernels: one `vprintf` call, as numba-cuda lowers it.

The format string is built at compile time: integers as %lld/%llu (widened to 64 bits), floats
(float16/32/64) as %f of a double, bools as "True"/"False", None and constant strings written
into the format itself; `sep=` and `end=` (constant strings) as in Python. The values go into
one stack buffer of 8-byte slots whose address is vprintf's second argument. The driver
prints the buffered output at the next synchronisation (numba-cuda's behaviour).

    >>> from numjit.types import int32, float32, Const
    >>> print_format([int32, Const("x ="), float32], " ", "\\n")
    ('%lld x = %f\\n', [int32, float32])
"""
from llvmlite import ir

from ..types import Boolean, Const, Float, Integer, NoneType

I32, I64, PTR, DOUBLE = ir.IntType(32), ir.IntType(64), ir.PointerType(), ir.DoubleType()


def _item_format(ty):
    """(format piece, True when the piece takes a value) of one printed item; None if unprintable."""
    if isinstance(ty, Const) and isinstance(ty.value, str):
        return ty.value.replace("%", "%%"), False
    if isinstance(ty, NoneType) or isinstance(ty, Const) and ty.value is None:
        return "None", False
    if isinstance(ty, Boolean):
        return "%s", True
    if isinstance(ty, Integer):
        return ("%lld" if ty.signed else "%llu"), True
    if isinstance(ty, Float):
        return "%f", True
    return None


def printable(ty):
    return _item_format(ty) is not None


def print_format(argtypes, sep, end):
    """The vprintf format of printing values of `argtypes`, and the types of the values it reads."""
    pieces, read = [], []
    for ty in argtypes:
        piece, takes = _item_format(ty)
        pieces.append(piece)
        if takes:
            read.append(ty)
    return sep.replace("%", "%%").join(pieces) + end.replace("%", "%%"), read


def emit_vprintf(low, items, keywords):
    """vprintf(format, buffer) for `items` [(value, type)]: what `print(*values)` does in a kernel."""
    b, ctx = low.builder, low.ctx
    fmt, read = print_format([t for _, t in items], keywords.get("sep", " "), keywords.get("end", "\n"))
    slots = []
    for value, ty in items:
        if not _item_format(ty)[1]:                  # written into the format
            continue
        if isinstance(ty, Boolean):
            words = [b.ptrtoint(ctx.cstring(w), I64) for w in ("True", "False")]
            slots.append(b.inttoptr(b.select(value, *words), PTR))
        elif isinstance(ty, Integer):
            slots.append(value if ty.bits == 64 else (b.sext if ty.signed else b.zext)(value, I64))
        else:
            slots.append(value if ty.bits == 64 else b.fpext(value, DOUBLE))
    vprintf = ctx.declare("vprintf", I32, [PTR, PTR])
    if not slots:
        b.call(vprintf, [ctx.cstring(fmt), ir.Constant(PTR, None)])
        return
    struct = ir.LiteralStructType([s.type for s in slots])
    buffer = ctx.alloca(b, struct)
    for i, s in enumerate(slots):
        b.store(s, b.gep(buffer, [ir.Constant(I32, 0), ir.Constant(I32, i)]))
    b.call(vprintf, [ctx.cstring(fmt), buffer])
