"""The bytes of a buffer as an array, for np.frombuffer (numjit/lib/numpy_views.py):

* `buffer_bytes(buf)` — the bytes of a `bytes` object or of a C-contiguous array (the caller checks
  contiguity) as a 1-d uint8 view sharing its memory (read-only for bytes, as NumPy's);
* `view_as(a, dtype)` — a's memory seen as `dtype` (a.view(dtype)): same shape and strides when the
  item sizes agree, else the last axis rescaled (the caller checks it is contiguous and divisible);
* `bytes_of(a)` — a new `bytes` object holding a 1-d C-contiguous uint8 array's items (a.tobytes()).

    >>> from numjit.types import bytes_type, uint8, Const
    >>> import numpy as np
    >>> from numjit.typing.registry import resolve
    >>> resolve(buffer_bytes, (bytes_type,)).signature.return_type
    readonly uint8[::1]
    >>> resolve(view_as, (uint8[::1], Const(np.dtype("f8")))).signature.return_type
    float64[::1]
"""
import numpy as np
from llvmlite import ir

from ..types import Signature, Array, Const
from ..types.arrays import MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES
from ..types.scalars import uint8
from ..types.strings import BytesType, CHARS, LENGTH, bytes_type, chars_of
from ..typing.registry import intrinsic
from .creation import dtype_from_const
from .arrays import array_shape, array_strides
from .shapes import _view
from .strings import new_string
from ..runtime.lists import memcpy

I8, I64 = ir.IntType(8), ir.IntType(64)


def buffer_bytes(buf):
    """np.frombuffer(buf, np.uint8)"""
    return np.frombuffer(buf, np.uint8)


def bytes_of(a):
    """a.tobytes()"""
    return a.tobytes()


def view_as(a, dtype):
    """a.view(dtype), for an array whose last axis the caller checked can be reinterpreted."""
    return a.view(dtype)


def _new_array(b, ty, meminfo, data, n, itemsize):
    out = ir.Constant(ty.llvm(), ir.Undefined)
    out = b.insert_value(out, meminfo, MEMINFO)
    out = b.insert_value(out, ir.Constant(ir.PointerType(), None), PARENT)
    out = b.insert_value(out, n, NITEMS)
    out = b.insert_value(out, ir.Constant(I64, itemsize), ITEMSIZE)
    out = b.insert_value(out, data, DATA)
    out = b.insert_value(out, n, [SHAPE, 0])
    return b.insert_value(out, ir.Constant(I64, itemsize), [STRIDES, 0])


@intrinsic(buffer_bytes)
def buffer_bytes_typer(buf):
    if isinstance(buf, BytesType):
        result = Array(uint8, 1, "C", readonly=True)

        def codegen(low, sig, args):
            b = low.builder
            mi = args[0]
            length = b.load(b.gep(mi, [ir.Constant(I64, LENGTH)], source_etype=I8), typ=I64)
            data = b.gep(mi, [ir.Constant(I64, CHARS)], source_etype=I8)
            return _new_array(b, result, mi, data, length, 1)
        return Signature(result, (buf,)), codegen
    if isinstance(buf, Array):
        result = Array(uint8, 1, "C", readonly=buf.readonly)

        def view_codegen(low, sig, args):
            b = low.builder
            nbytes = b.mul(b.extract_value(args[0], NITEMS), b.extract_value(args[0], ITEMSIZE))
            out = _view(b, args[0], result, [nbytes], [ir.Constant(I64, 1)], nitems=nbytes)
            return b.insert_value(out, ir.Constant(I64, 1), ITEMSIZE)
        return Signature(result, (buf,)), view_codegen
    return None


@intrinsic(view_as)
def view_as_typer(arr, dtype):
    if not (isinstance(arr, Array) and isinstance(dtype, Const)):
        return None
    elt = dtype_from_const(dtype)
    old, size = arr.dtype.dtype.itemsize, elt.dtype.itemsize
    if arr.ndim == 0 and old != size:
        return None
    layout = arr.layout if old == size or arr.layout == "C" else "A"
    result = Array(elt, arr.ndim, layout, readonly=arr.readonly)

    def codegen(low, sig, args):
        b = low.builder
        a = args[0]
        dims = [array_shape(b, a, i) for i in range(arr.ndim)]
        strides = array_strides(b, a, arr)
        nitems = b.extract_value(a, NITEMS)
        if old != size:                         # the last axis is contiguous (checked by the caller)
            dims[-1] = b.sdiv(b.mul(dims[-1], ir.Constant(I64, old)), ir.Constant(I64, size))
            strides[-1] = ir.Constant(I64, size)
            nitems = b.sdiv(b.mul(nitems, ir.Constant(I64, old)), ir.Constant(I64, size))
        out = _view(b, a, result, dims, strides, nitems=nitems)
        return b.insert_value(out, ir.Constant(I64, size), ITEMSIZE)
    return Signature(result, (arr, dtype)), codegen


@intrinsic(bytes_of)
def bytes_of_typer(a):
    if not (isinstance(a, Array) and a.dtype == uint8 and a.ndim == 1 and a.layout == "C"):
        return None

    def codegen(low, sig, args):
        b = low.builder
        n = b.extract_value(args[0], NITEMS)
        s = new_string(low, n, ir.Constant(ir.IntType(32), 1), ir.Constant(ir.IntType(32), 0))
        memcpy(b.module, b, chars_of(b, s), b.extract_value(args[0], DATA), n)
        return s
    codegen.new_ref = True
    return Signature(bytes_type, (a,)), codegen
