"""NumPy arrays: the type, its data model, and its unboxing from a PyArrayObject.

    >>> from numjit.types import float64, int32
    >>> float64[:, ::1], float64[::1, :].layout, int32[:].layout
    (float64[:, ::1], 'F', 'A')

Data model (a struct passed by value, fields in this order):

    {ptr meminfo, ptr parent, i64 nitems, i64 itemsize, ptr data, [nd x i64] shape, [nd x i64] strides}

`meminfo` is null for arrays borrowed from Python; `parent` is the PyArrayObject
they came from (or null). Strides are in bytes, as in NumPy.
"""
from llvmlite import ir

from .base import Type
from .scalars import Number, Boolean
from .datetimes import NPDatetime, NPTimedelta

I64 = ir.IntType(64)
PTR = ir.PointerType()

MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES = range(7)


class Array(Type):
    kind = "array"

    def __init__(self, dtype, ndim, layout="A", readonly=False):
        assert layout in ("C", "F", "A"), layout
        if ndim <= 1 and layout == "F":
            layout = "C"
        self.dtype, self.ndim, self.layout, self.readonly = dtype, ndim, layout, readonly
        dims = ["::1" if (layout == "C" and i == ndim - 1) or (layout == "F" and i == 0) else ":"
                for i in range(ndim)]
        name = f"{dtype}[{', '.join(dims)}]"
        if ndim == 0:
            name = f"{dtype}[()]"
        super().__init__(("readonly " if readonly else "") + name)

    @property
    def key(self):
        return (Array, self.dtype, self.ndim, self.layout, self.readonly)

    mutable = property(lambda self: not self.readonly)        # numba's name

    def copy(self, dtype=None, ndim=None, layout=None, readonly=None):
        return Array(self.dtype if dtype is None else dtype, self.ndim if ndim is None else ndim,
                     self.layout if layout is None else layout,
                     self.readonly if readonly is None else readonly)

    def llvm(self):
        nd = ir.ArrayType(I64, self.ndim)
        return ir.LiteralStructType([PTR, PTR, I64, I64, PTR, nd, nd])

    def unify(self, other):
        if isinstance(other, Array) and other.dtype == self.dtype and other.ndim == self.ndim:
            layout = self.layout if self.layout == other.layout else "A"
            return Array(self.dtype, self.ndim, layout, self.readonly or other.readonly)
        return None

    def accepts(self, other):
        """Can an argument typed `other` be passed where `self` is expected?"""
        return (isinstance(other, Array) and other.dtype == self.dtype and other.ndim == self.ndim
                and (self.layout == "A" or self.layout == other.layout)
                and (self.readonly or not other.readonly))


def array_from_slices(dtype, spec):
    """float64[:, ::1] → Array(float64, 2, 'C'); the numba spelling of array types."""
    if not isinstance(dtype, (Number, Boolean, NPDatetime, NPTimedelta)):
        raise TypeError(f"cannot make an array of {dtype}")
    spec = spec if isinstance(spec, tuple) else (spec,)
    if not all(isinstance(s, slice) for s in spec):
        raise TypeError("array types are spelled with slices, e.g. float64[:, ::1]")
    unit = [i for i, s in enumerate(spec) if s.step == 1]
    if len(unit) > 1 or any(s.step not in (None, 1) for s in spec):
        raise TypeError(f"invalid array type spelling {spec!r}")
    layout = "A"
    if unit:
        layout = "C" if unit[0] == len(spec) - 1 else ("F" if unit[0] == 0 else None)
        if layout is None:
            raise TypeError("::1 must be on the first (F) or last (C) axis")
    return Array(dtype, len(spec), layout)
