"""Fields of records: `r.x`, `r["x"]` (read and write) and `a["x"]` (or `a.x`, as on an np.recarray),
a strided view of one field of a record array.

    >>> import numpy as np, operator
    >>> from numjit.types import typeof, float64
    >>> from numjit.types.misc import Const
    >>> from numjit.typing.registry import resolve
    >>> a = typeof(np.zeros(3, [("x", "f8"), ("y", "i2")]))
    >>> resolve(operator.getitem, (a, Const("y"))).signature.return_type
    int16[:]

A field of a nested record is itself a record (a reference to the same bytes).
"""
import operator

import numpy as np
from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Array, Const, none
from ..types.arrays import MEMINFO, PARENT, NITEMS, DATA, SHAPE, STRIDES, ITEMSIZE
from ..types.records import Record
from ..typing.registry import intrinsic
from .arrays import storable, store_element

I8, I64 = ir.IntType(8), ir.IntType(64)


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
    value = low.builder.load(ptr, typ=ty.llvm_mem(), align=1)     # packed records are unaligned
    return low.ctx.from_mem(low.builder, value, ty)


def _read_typer(rec, name):
    if not isinstance(rec, Record):
        return None
    field = _field(rec, name)
    if field is None:
        return None
    ty, offset = field
    return Signature(ty, (rec,)), lambda low, sig, args: _load(low, args[0], rec, name.value, ty, offset)


def _write_typer(rec, name, value):
    if not isinstance(rec, Record):
        return None
    field = _field(rec, name)
    if field is None:
        return None
    ty, offset = field
    if rec.readonly:
        raise TypingError(f"cannot write field {name.value!r} of a record of a read-only array ({rec})")
    if not storable(value, ty):
        raise TypingError(f"cannot store {value} in field {name.value!r} ({ty}) of {rec}")

    def codegen(low, sig, args):
        ptr = _pointer(low, rec.data_of(low.builder, args[0]), offset)
        if isinstance(ty, Record):                 # a nested record: copy its bytes
            store_element(low, ptr, args[-1], ty)
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
    if isinstance(ty, Record):
        raise TypingError(f"a view of the nested record field {name.value!r} is not supported; "
                          "read it element by element (a[i].{name.value})")
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
