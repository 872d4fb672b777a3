"""Fields of records: `r.x`, `r["x"]` (read and write) and `a["x"]` (or `a.x`, as on an np.recarray),
a strided view of one field of a record array.

    >>> import numpy as np, operator
    >>> from numjit.types import typeof, float64
    >>> from numjit.types.misc import Const
    >>> from numjit.typing.registry import resolve
    >>> a = typeof(np.zeros(3, [("x", "f8"), ("y", "i2")]))
    >>> resolve(operator.getitem, (a, Const("y"))).signature.return_type
    int16[:]

A field of a nested record is itself a record (a reference to the same bytes). A text field
(`"U3"`, `"S4"`) reads as a new str (bytes) without its trailing NULs, as NumPy reads it, and a
str (bytes) stored in it is truncated to the field's size and padded with NULs.
"""
import operator

import numpy as np
from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Array, Const, none
from ..types.arrays import MEMINFO, PARENT, NITEMS, DATA, SHAPE, STRIDES, ITEMSIZE
from ..types.records import Record
from ..types.strings import unicode_type, bytes_type, text_type, length_of, chars_of, KIND, CHARS
from ..typing.registry import intrinsic
from .arrays import storable, store_element

I8, I32, I64 = ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()


def _field(rec, name):
    if not (isinstance(name, Const) and isinstance(name.value, str)):
        return None
    if name.value not in rec.fields:
        raise TypingError(f"{rec} has no field {name.value!r} (fields: {', '.join(rec.fields)})")
    return rec.fields[name.value]


def _pointer(low, data, offset):
    return low.builder.gep(data, [ir.Constant(I64, offset)], source_etype=I8)


def _view(b, ty, data, meminfo, parent, inner_shape, outer):
    """Array value of type ty over `data`: `outer` (shape, stride) value pairs, then the C-order
    axes of a subarray field of shape inner_shape."""
    out = ir.Constant(ty.llvm(), ir.Undefined)
    out = b.insert_value(b.insert_value(out, meminfo, MEMINFO), parent, PARENT)
    itemsize = ty.dtype.dtype.itemsize
    out = b.insert_value(b.insert_value(out, ir.Constant(I64, itemsize), ITEMSIZE), data, DATA)
    nitems = ir.Constant(I64, 1)
    inner_strides = [itemsize * int(np.prod(inner_shape[i + 1:])) for i in range(len(inner_shape))]
    axes = list(outer) + [(ir.Constant(I64, n), ir.Constant(I64, s)) for n, s in zip(inner_shape, inner_strides)]
    for i, (n, s) in enumerate(axes):
        out = b.insert_value(b.insert_value(out, n, [SHAPE, i]), s, [STRIDES, i])
        nitems = b.mul(nitems, n)
    return b.insert_value(out, nitems, NITEMS)


def _load(low, rec, rec_ty, name, ty, offset):
    b = low.builder
    ptr = _pointer(low, rec_ty.data_of(b, rec), offset)
    if isinstance(ty, Record):                    # a nested record: the same bytes, the same owner
        return ty.make(b, ptr, rec_ty.meminfo_of(b, rec), rec_ty.parent_of(b, rec))
    if isinstance(ty, Array):                     # a subarray: a C-contiguous view, the same owner
        shape = rec_ty.dtype.fields[name][0].shape
        return _view(b, ty, ptr, rec_ty.meminfo_of(b, rec), rec_ty.parent_of(b, rec), shape, [])
    if ty in (unicode_type, bytes_type):
        return load_text(low, ptr, ty, rec_ty.dtype.fields[name][0].itemsize)
    value = low.builder.load(ptr, typ=ty.llvm_mem(), align=1)     # packed records are unaligned
    return low.ctx.from_mem(low.builder, value, ty)


def _text_size(low, ptr, width, n):
    """How many characters of a text field of n characters of `width` bytes precede its trailing NULs."""
    from ..runtime.strings import for_range
    b = low.builder
    size = low.ctx.alloca(b, I64)
    b.store(ir.Constant(I64, 0), size)
    code_ty = ir.IntType(8 * width)
    with for_range(b, ir.Constant(I64, 0), ir.Constant(I64, n), "textsize") as i:
        code = b.load(b.gep(ptr, [i], source_etype=code_ty), typ=code_ty, align=1)
        with b.if_then(b.icmp_unsigned("!=", code, ir.Constant(code_ty, 0))):
            b.store(b.add(i, ir.Constant(I64, 1)), size)
    return b.load(size)


def load_text(low, ptr, ty, itemsize):
    """A new string from a "U" field (UCS4, through a kind-4 string header on the stack that
    numjit_str_slice narrows to the canonical kind) or a new bytes from an "S" field."""
    from ..runtime.lists import memcpy
    from ..runtime.strings import declare
    from .strings import checked, new_string
    b = low.builder
    if ty == bytes_type:
        size = _text_size(low, ptr, 1, itemsize)
        out = new_string(low, size, ir.Constant(I32, 1), ir.Constant(I32, 0))
        memcpy(low.ctx.module, b, chars_of(b, out), ptr, size)
        return out
    n = itemsize // 4
    header = low.ctx.alloca(b, ir.ArrayType(I64, (CHARS + itemsize + 7) // 8))
    header.type = PTR                         # (opaque: the header's fields are stored through it)
    b.store(ir.Constant(I32, 4), _pointer(low, header, KIND))
    b.store(ir.Constant(I32, 0), _pointer(low, header, KIND + 4))          # (not ascii: measured)
    memcpy(low.ctx.module, b, _pointer(low, header, CHARS), ptr, ir.Constant(I64, itemsize))
    size = _text_size(low, ptr, 4, n)
    return checked(low, b.call(declare(low.ctx, "numjit_str_slice"), [header, ir.Constant(I64, 0),
                                                                       ir.Constant(I64, 1), size]))


def store_text(low, ptr, s, ty, itemsize):
    """Field = s: its first characters (as many as fit), then NULs."""
    from ..runtime.strings import for_range, get_code
    b = low.builder
    width = 1 if ty == bytes_type else 4
    n = ir.Constant(I64, itemsize // width)
    length = length_of(b, s)
    fit = b.select(b.icmp_signed("<", length, n), length, n)
    code_ty = ir.IntType(8 * width)
    with for_range(b, ir.Constant(I64, 0), n, "textstore") as i:
        at = b.gep(ptr, [i], source_etype=code_ty)
        with b.if_else(b.icmp_signed("<", i, fit)) as (inside, after):
            with inside:
                code = (b.load(b.gep(chars_of(b, s), [i], source_etype=I8), typ=I8) if width == 1
                        else get_code(b, s, i))
                b.store(code, at, align=1)
            with after:
                b.store(ir.Constant(code_ty, 0), at, align=1)


def _read_typer(rec, name):
    if not isinstance(rec, Record):
        return None
    field = _field(rec, name)
    if field is None:
        return None
    ty, offset = field

    def codegen(low, sig, args):
        return _load(low, args[0], rec, name.value, ty, offset)
    codegen.new_ref = ty in (unicode_type, bytes_type)        # a text field reads as a new string
    return Signature(ty, (rec,)), codegen


def _write_typer(rec, name, value):
    if not isinstance(rec, Record):
        return None
    field = _field(rec, name)
    if field is None:
        return None
    ty, offset = field
    if rec.readonly:
        raise TypingError(f"cannot write field {name.value!r} of a record of a read-only array ({rec})")
    if not (storable(value, ty) if text_type(ty) is None else text_type(value) == ty):
        raise TypingError(f"cannot store {value} in field {name.value!r} ({ty}) of {rec}")

    def codegen(low, sig, args):
        ptr = _pointer(low, rec.data_of(low.builder, args[0]), offset)
        if isinstance(ty, Record):                 # a nested record: copy its bytes
            store_element(low, ptr, args[-1], ty)
        elif ty in (unicode_type, bytes_type):
            store_text(low, ptr, args[-1], ty, rec.dtype.fields[name.value][0].itemsize)
        else:
            low.builder.store(low.ctx.to_mem(low.builder, args[-1], ty), ptr, align=1)
        return None
    return Signature(none, (rec, name, ty)), codegen


intrinsic("record.*")(_read_typer)
intrinsic("record.*=")(_write_typer)
intrinsic(operator.getitem)(_read_typer)
intrinsic(operator.setitem)(_write_typer)


@intrinsic(operator.getitem, "array.*")
def field_view(arr, name):
    """a["x"]: the same shape and strides over the field's bytes (numba: a strided view); also
    `a.x`, as on an np.recarray (which is passed in as the record array it is)."""
    if not (isinstance(arr, Array) and isinstance(arr.dtype, Record)):
        return None
    field = _field(arr.dtype, name)
    if field is None:
        return None
    ty, offset = field
    if isinstance(ty, Record) or text_type(ty) is not None:
        raise TypingError(f"a view of the {'nested record' if isinstance(ty, Record) else 'text'} field "
                          f"{name.value!r} is not supported; read it element by element (a[i].{name.value})")
    inner_shape = arr.dtype.dtype.fields[name.value][0].shape      # () unless a subarray field
    elt = ty.dtype if isinstance(ty, Array) else ty
    result = Array(elt, arr.ndim + len(inner_shape), "A", arr.readonly)

    def codegen(low, sig, args):
        b = low.builder
        a = args[0]
        outer = [(b.extract_value(a, [SHAPE, i]), b.extract_value(a, [STRIDES, i])) for i in range(arr.ndim)]
        data = _pointer(low, b.extract_value(a, DATA), offset)
        return _view(b, result, data, b.extract_value(a, MEMINFO), b.extract_value(a, PARENT), inner_shape, outer)
    return Signature(result, (arr, name)), codegen
