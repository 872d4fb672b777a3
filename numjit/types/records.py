"""Records: the elements of structured NumPy arrays (`np.dtype([("x", "f8"), ("y", "i4")])`).

    >>> import numpy as np
    >>> from numjit.types.records import record_from_dtype
    >>> r = record_from_dtype(np.dtype([("x", "f8"), ("y", "i4")], align=True))
    >>> r, r.fields["y"]
    (Record(x: float64 @0, y: int32 @8; 16 bytes, aligned), (int32, 8))

Data model: a record is a reference to its bytes, {ptr data, ptr meminfo, ptr parent}, as in
numba — `a[i]` of a record array points into the array, so `a[i].x = 1.0` writes to the array; the
meminfo of an array made in compiled code is reference-counted, so a record outlives the variable
that held its array; `parent` is the Python object (array or np.void) the bytes belong to, the
base of a subarray field's view returned to Python. Fields are read and written at their
offsets with alignment 1, so packed (unaligned) records work. A record passed from Python is an
`np.void` scalar of exactly this dtype (PyVoidScalarObject: data pointer at 24, descr at 32);
one returned to Python is a new `np.void` holding a copy of the bytes. Fields may be numbers,
datetimes, fixed-length text (`"U3"` read as str, `"S4"` as bytes), nested records and fixed-size
subarrays of numbers or datetimes (`("v", "f4", (3,))`, read as C-contiguous views); fields of
other kinds (objects, subarrays of text or records) make the dtype unsupported.
A record of a read-only array is a `readonly` record: writing its fields is a TypingError.
"""
import ctypes

import numpy as np
from llvmlite import ir

from .arrays import Array
from .base import Type

I8, I32, I64 = ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
VOID_OBVAL, VOID_DESCR = 24, 32
PY_EQ = 2


class Record(Type):
    kind = "record"
    by_reference = True          # array elements of this type are references into the array
    refcounted = True            # keeps the buffer of an array made in compiled code alive

    def __init__(self, dtype, fields, readonly=False):
        self.dtype, self.fields, self.readonly = dtype, fields, readonly
        shown = ", ".join(f"{n}: {t} @{off}" for n, (t, off) in fields.items())
        super().__init__(f"{'readonly ' if readonly else ''}Record({shown}; {dtype.itemsize} bytes"
                         f"{', aligned' if dtype.isalignedstruct else ''})")

    @property
    def key(self):
        return (Record, self.dtype, self.dtype.isalignedstruct, self.readonly)

    def as_readonly(self):
        """The record of a read-only array: its fields (nested records, subarray views) read-only too."""
        if self.readonly:
            return self
        fields = {name: (ty.as_readonly() if isinstance(ty, Record) else ty.copy(readonly=True)
                         if isinstance(ty, Array) else ty, offset) for name, (ty, offset) in self.fields.items()}
        return Record(self.dtype, fields, readonly=True)

    def same_layout(self, other):
        return isinstance(other, Record) and other.as_readonly() == self.as_readonly()

    def unify(self, other):
        """A record of a read-only array and one of a writable array: read-only."""
        return self.as_readonly() if self.same_layout(other) else None

    def convert_from(self, builder, value, src):
        """Read-only or not, the same reference (storing one into an array copies its bytes)."""
        if self.same_layout(src):
            return value
        raise TypeError(f"no conversion from {src} to {self}")

    def llvm(self):
        return ir.LiteralStructType([PTR, PTR, PTR])

    def make(self, b, data, meminfo=None, parent=None):
        value = b.insert_value(ir.Constant(self.llvm(), ir.Undefined), data, 0)
        value = b.insert_value(value, meminfo if meminfo is not None else ir.Constant(PTR, None), 1)
        return b.insert_value(value, parent if parent is not None else ir.Constant(PTR, None), 2)

    @staticmethod
    def data_of(b, value):
        return b.extract_value(value, 0)

    @staticmethod
    def meminfo_of(b, value):
        return b.extract_value(value, 1)

    @staticmethod
    def parent_of(b, value):
        return b.extract_value(value, 2)

    @property
    def descr_symbol(self):
        from ..runtime.cpython import dtype_symbol
        return dtype_symbol(f"numjit_dtype.record.{id(self.dtype):x}", self.dtype)      # the dtype is kept alive: ids stay unique


def element_type(arr):
    """The type of an element of array type `arr`: a record of a read-only array cannot be written;
    a number is a NumPy scalar (strong, types/scalars.py); fixed-width text is a str or bytes."""
    from .scalars import strong
    from .charseq import CharSeq
    if arr.readonly and isinstance(arr.dtype, Record):
        return arr.dtype.as_readonly()
    return arr.dtype.text if isinstance(arr.dtype, CharSeq) else strong(arr.dtype)


def record_from_dtype(dtype):
    """The Record type of a structured dtype, or None when a field's type is not supported."""
    from .scalars import from_dtype
    from .strings import unicode_type, bytes_type
    fields = {}
    for name in dtype.names:
        fdtype, offset = dtype.fields[name][:2]
        if fdtype.subdtype is not None:                     # a fixed-size subarray: a view
            base, shape = fdtype.subdtype
            ty = from_dtype(base)
            if ty is None or isinstance(ty, Record):
                return None
            fields[name] = (Array(ty, len(shape), "C"), offset)
            continue
        ty = from_dtype(fdtype) if fdtype.kind not in "US" else unicode_type if fdtype.kind == "U" else bytes_type
        if ty is None:
            return None
        fields[name] = (ty, offset)
    return Record(dtype, fields)


def _check_offsets():
    a = np.zeros(2, np.dtype([("x", "f8"), ("y", "i1")]))
    v = a[1]
    ok = (ctypes.c_void_p.from_address(id(v) + VOID_OBVAL).value == a.ctypes.data + a.itemsize
          and ctypes.c_void_p.from_address(id(v) + VOID_DESCR).value == id(a.dtype))
    if not ok:
        raise ImportError("numjit does not know this NumPy's np.void object layout")


_check_offsets()
_registered = False


def _register():
    global _registered
    if not _registered:
        from ..backend import jit
        from ..runtime.cpython import register_symbols
        register_symbols()
        jit.add_symbol("numjit_type.void", id(np.void))
        fn = ctypes.pythonapi.PyObject_RichCompareBool
        jit.add_symbol("PyObject_RichCompareBool", ctypes.cast(fn, ctypes.c_void_p).value)
        _registered = True


def _field(b, obj, offset, ty):
    return b.load(b.gep(obj, [ir.Constant(I64, offset)], source_etype=I8), typ=ty)


def descr_is(ctx, b, descr, ty):
    """i1: `descr` (a PyArray_Descr *) is ty's dtype, or one equal to it."""
    _register()
    expected = b.load(ctx.global_var(ty.descr_symbol, PTR), typ=PTR)
    result = ctx.alloca(b, ir.IntType(1))
    same = b.icmp_unsigned("==", descr, expected)
    b.store(same, result)
    with b.if_then(b.not_(same)):
        compare = ctx.declare("PyObject_RichCompareBool", I32, [PTR, PTR, I32])
        equal = b.call(compare, [descr, expected, ir.Constant(I32, PY_EQ)])
        b.store(b.icmp_signed("==", equal, ir.Constant(I32, 1)), result)     # -1 (an error): no
    with b.if_then(b.not_(b.load(result))):
        b.call(ctx.declare("PyErr_Clear", ir.VoidType(), []), [])
    return b.load(result)


def unbox_record(ctx, b, obj, ty, fail):
    _register()
    tp = _field(b, obj, 8, PTR)
    is_void = b.icmp_unsigned("==", tp, ctx.global_var("numjit_type.void", I8))
    check = b.append_basic_block("unbox.record")
    b.cbranch(is_void, check, fail)
    b.position_at_end(check)
    ok = b.append_basic_block("unbox.record.ok")
    b.cbranch(descr_is(ctx, b, _field(b, obj, VOID_DESCR, PTR), ty), ok, fail)
    b.position_at_end(ok)
    return ty.make(b, _field(b, obj, VOID_OBVAL, PTR), parent=obj)


def box_record(ctx, b, value, ty):
    """A new np.void with a copy of the record's bytes; the reference the value holds (on the
    buffer of an array made in compiled code) is released, as boxing an array hands it over."""
    from ..lowering.refcount import decref
    descr = b.load(ctx.global_var(ty.descr_symbol, PTR), typ=PTR)
    fn = ctx.declare("numjit_PyArray_Scalar", PTR, [PTR, PTR, PTR])
    obj = b.call(fn, [ty.data_of(b, value), descr, ir.Constant(PTR, None)])
    decref(ctx, b, value, ty)
    return obj
