"""Array primitives: attributes, integer indexing (element or sub-array view), item assignment.

C- and F-contiguous arrays compute their strides from the shape so LLVM sees the
unit stride and vectorises; 'A' arrays read the strides field.

    >>> import operator
    >>> from numjit.types import float64, int64, Tuple
    >>> from numjit.typing.registry import resolve
    >>> resolve(operator.getitem, (float64[:, ::1], Tuple((int64, int64)))).signature.return_type
    float64
    >>> resolve(operator.getitem, (float64[:, ::1], int64)).signature.return_type
    float64[::1]
"""
import operator

import numpy as np
from llvmlite import ir

from .. import config
from ..errors import TypingError
from ..types import Signature, Array, Tuple, Const, Integer, Boolean, Number
from ..types.arrays import MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES
from ..types.scalars import int64, boolean, is_intlike
from ..types.records import element_type
from ..types.charseq import CharSeq
from ..types.strings import text_type
from ..lowering.refcount import decref
from ..typing.registry import intrinsic

I64 = ir.IntType(64)
PTR = ir.PointerType()
I8 = ir.IntType(8)


def array_shape(b, arr, axis):
    return b.extract_value(arr, [SHAPE, axis])


def array_strides(b, arr, ty):
    """Byte strides as LLVM values; derived from the shape for C/F layouts."""
    if ty.layout == "A" or ty.ndim == 0:
        return [b.extract_value(arr, [STRIDES, i]) for i in range(ty.ndim)]
    itemsize = ir.Constant(I64, ty.dtype.dtype.itemsize)
    strides = [None] * ty.ndim
    acc = itemsize
    order = range(ty.ndim - 1, -1, -1) if ty.layout == "C" else range(ty.ndim)
    for i in order:
        strides[i] = acc
        acc = b.mul(acc, array_shape(b, arr, i), flags=["nsw"])
    return strides


def hold_parent(low, value, ty):
    """A new reference to the array `value` that may outlive the call (stored in a typed container
    or a jitclass field): an array borrowed from Python (no meminfo) gets one holding a reference
    to its Python object, released (with the GIL) when the last reference goes, so the stored
    array is the caller's, not a copy; others are incref-ed."""
    from ..lowering.refcount import incref
    from ..runtime import memory
    memory.register()
    b, ctx = low.builder, low.ctx
    void = ir.VoidType()
    slot = ctx.alloca(b, value.type)
    b.store(value, slot)
    parent = b.extract_value(value, PARENT)
    borrowed = b.and_(b.icmp_unsigned("==", b.extract_value(value, MEMINFO), ir.Constant(PTR, None)),
                      b.icmp_unsigned("!=", parent, ir.Constant(PTR, None)))
    with b.if_else(borrowed) as (adopt, shared):
        with adopt:
            mi = b.call(ctx.declare("numjit_meminfo_alloc", PTR, [I64]), [ir.Constant(I64, 8)])
            low.guard(b.icmp_unsigned("==", mi, ir.Constant(PTR, None)), MemoryError, "out of memory")
            b.store(parent, b.gep(mi, [ir.Constant(I64, memory.HEADER)], source_etype=ir.IntType(8)))
            state = b.call(ctx.declare("PyGILState_Ensure", ir.IntType(32), []), [])   # (nogil code too)
            b.call(ctx.declare("Py_IncRef", void, [PTR]), [parent])
            b.call(ctx.declare("PyGILState_Release", void, [ir.IntType(32)]), [state])
            b.store(_release_parent(ctx), b.gep(mi, [ir.Constant(I64, 8 * memory.DTOR_FIELD)],
                                                source_etype=ir.IntType(8)))
            b.store(b.insert_value(value, mi, MEMINFO), slot)
        with shared:
            incref(ctx, b, value, ty)
    return b.load(slot)


def _release_parent(ctx):
    """The destructor of a meminfo holding a Python object (see hold_parent)."""
    fn = ctx.module.globals.get("numjit.arrays.release_parent")
    if fn is None:
        from ..runtime import memory
        fn = ir.Function(ctx.module, ir.FunctionType(ir.VoidType(), [PTR]), "numjit.arrays.release_parent")
        fn.linkage = "internal"
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        state = b.call(ctx.declare("PyGILState_Ensure", ir.IntType(32), []), [])
        obj = b.load(b.gep(fn.args[0], [ir.Constant(I64, memory.HEADER)], source_etype=ir.IntType(8)), typ=PTR)
        b.call(ctx.declare("Py_DecRef", ir.VoidType(), [PTR]), [obj])
        b.call(ctx.declare("PyGILState_Release", ir.VoidType(), [ir.IntType(32)]), [state])
        b.ret_void()
    return fn


def wrap_index(low, idx, idx_ty, dim, wrap=True):
    """Negative indexes count from the end; bounds are checked when asked to. A wrapped index
    `idx + (dim if idx < 0 else 0)` keeps its two terms in `wrap_terms`: element_pointer offsets
    the pointer by each separately, which lets LLVM put the wrap into the address (x86: one `lea`
    and the addressing mode, as numba's code has; the histogram kernel: 1.13 -> 0.99 ms)."""
    b = low.builder
    idx = low.ctx.cast(b, idx, idx_ty, int64) if idx_ty != int64 else idx
    if wrap and not (isinstance(idx_ty, Integer) and not idx_ty.signed) and not isinstance(idx_ty, Boolean):
        zero = ir.Constant(I64, 0)
        terms = (idx, b.select(b.icmp_signed("<", idx, zero), dim, zero))
        idx = b.add(*terms, flags=["nsw"])
        idx.wrap_terms = terms
    if low.boundscheck or config.BOUNDSCHECK:
        bad = b.icmp_unsigned(">=", idx, dim)
        low.guard(bad, IndexError, "index is out of bounds")
    return idx


def element_pointer(low, arr, ty, indices):
    """Pointer to arr[indices] (already wrapped int64 values, one per leading axis). A wrapped
    index's end offset (wrap_index's `wrap_terms`) is a second step from the first pointer, which
    may lie outside the array: neither step is `inbounds` then."""
    b = low.builder
    strides = array_strides(b, arr, ty)
    data = b.extract_value(arr, DATA)
    offset = None
    wraps = []
    for idx, stride in zip(indices, strides):
        terms = getattr(idx, "wrap_terms", None)
        if terms is not None:
            idx = terms[0]
            wraps.append(b.mul(terms[1], stride, flags=["nsw"]))
        term = b.mul(idx, stride, flags=["nsw"])
        offset = term if offset is None else b.add(offset, term, flags=["nsw"])
    if offset is None:
        return data
    ptr = b.gep(data, [offset], inbounds=not wraps, source_etype=I8)
    for wrap in wraps:
        ptr = b.gep(ptr, [wrap], source_etype=I8)
    return ptr


def load_element(low, ptr, dtype, owner=None):
    """The element at ptr; a record is a reference into the array, holding `owner`'s buffer; fixed-width
    text a new str (bytes), held by a variable of its own until the next read here (a value read
    from an array is borrowed, as a number or record is)."""
    if isinstance(dtype, CharSeq):
        from .records import load_text
        text = load_text(low, ptr, dtype.text, dtype.dtype.itemsize)
        low.store_slot(low.new_slot(dtype.text, "text.item"), text, dtype.text)
        decref(low.ctx, low.builder, text, dtype.text)
        return text
    if getattr(dtype, "by_reference", False):
        if owner is None:
            return dtype.make(low.builder, ptr)
        b = low.builder
        return dtype.make(b, ptr, b.extract_value(owner, MEMINFO), b.extract_value(owner, PARENT))
    value = low.builder.load(ptr, typ=dtype.llvm_mem())
    return low.ctx.from_mem(low.builder, value, dtype)


def store_element(low, ptr, value, dtype):
    if isinstance(dtype, CharSeq):                      # text: cut to the width, NUL-padded
        from .records import store_text
        return store_text(low, ptr, value, dtype.text, dtype.dtype.itemsize)
    if getattr(dtype, "by_reference", False):         # a record: copy its bytes
        from ..runtime.lists import memcpy
        memcpy(low.ctx.module, low.builder, ptr, dtype.data_of(low.builder, value),
               ir.Constant(I64, dtype.dtype.itemsize))
        return
    if getattr(low, "fast_loop", None) is not None:        # a fast loop logs the old value (lowering/speculate.py)
        low.fast_loop.log(ptr, dtype.llvm_mem())
    low.builder.store(low.ctx.to_mem(low.builder, value, dtype), ptr)


def subarray(low, arr, ty, indices, result_ty):
    """View of arr[indices] for fewer indices than dimensions."""
    b = low.builder
    k = len(indices)
    ptr = element_pointer(low, arr, ty, indices)
    strides = array_strides(b, arr, ty)
    out = ir.Constant(result_ty.llvm(), ir.Undefined)
    out = b.insert_value(out, b.extract_value(arr, MEMINFO), MEMINFO)
    out = b.insert_value(out, b.extract_value(arr, PARENT), PARENT)
    nitems = ir.Constant(I64, 1)
    for i in range(k, ty.ndim):
        dim = array_shape(b, arr, i)
        out = b.insert_value(out, dim, [SHAPE, i - k])
        out = b.insert_value(out, strides[i], [STRIDES, i - k])
        nitems = b.mul(nitems, dim)
    out = b.insert_value(out, nitems, NITEMS)
    out = b.insert_value(out, b.extract_value(arr, ITEMSIZE), ITEMSIZE)
    return b.insert_value(out, ptr, DATA)


def array_item(low, arr, ty, k, wrap=True):
    """(value, type) of arr[k] along the first axis: an element, or a view of one less dimension."""
    dim = array_shape(low.builder, arr, 0)
    k = wrap_index(low, k, int64, dim, wrap)
    if ty.ndim == 1:
        return load_element(low, element_pointer(low, arr, ty, [k]), ty.dtype, arr), ty.dtype
    item_ty = ty.copy(ndim=ty.ndim - 1, layout="C" if ty.layout == "C" else "A")
    return subarray(low, arr, ty, [k], item_ty), item_ty


def _int_indices(index):
    if is_intlike(index):
        return [index]
    if isinstance(index, Tuple) and all(is_intlike(t) for t in index.items):
        return list(index.items)
    return None


def _unpack_indices(low, index, index_ty, arr, ty):
    b = low.builder
    if isinstance(index_ty, Tuple):
        values = [b.extract_value(index, i) for i in range(len(index_ty))]
        types_ = index_ty.items
    else:
        values, types_ = [index], [index_ty]
    return [wrap_index(low, v, t, array_shape(b, arr, i)) for i, (v, t) in enumerate(zip(values, types_))]


@intrinsic(operator.getitem)
def getitem_int(arr, index):
    if not isinstance(arr, Array):
        return None
    idx = _int_indices(index)
    if idx is None:
        return None
    if len(idx) > arr.ndim:
        raise TypingError(f"too many indices for {arr}: {len(idx)} given")
    if len(idx) == arr.ndim:
        def load(low, sig, a):
            indices = _unpack_indices(low, a[1], index, a[0], arr)
            return load_element(low, element_pointer(low, a[0], arr, indices), arr.dtype, a[0])
        return Signature(element_type(arr), (arr, index)), load
    result = arr.copy(ndim=arr.ndim - len(idx), layout="C" if arr.layout == "C" else "A")

    def view(low, sig, a):
        indices = _unpack_indices(low, a[1], index, a[0], arr)
        return subarray(low, a[0], arr, indices, result)
    return Signature(result, (arr, index)), view


def storable(value, dtype):
    """Can a scalar typed `value` be stored in an array of `dtype`? Numbers into numbers (cast as
    NumPy's setitem casts); datetimes into datetimes (floored to a coarser unit, as NumPy does)."""
    if isinstance(dtype, Number):
        return isinstance(value, Number)
    if isinstance(dtype, CharSeq):
        return text_type(value) == dtype.text
    if getattr(dtype, "by_reference", False):         # records: of the same dtype
        return dtype.same_layout(value)
    return type(value) is type(dtype) and np.can_cast(value.dtype, dtype.dtype, "same_kind")


@intrinsic(operator.setitem)
def setitem_int(arr, index, value):
    if not isinstance(arr, Array):
        return None
    idx = _int_indices(index)
    if idx is None or len(idx) != arr.ndim or not storable(value, arr.dtype):
        return None
    if arr.readonly:
        raise TypingError(f"cannot assign to an element of a read-only array ({arr})")

    def store(low, sig, a):
        indices = _unpack_indices(low, a[1], index, a[0], arr)
        store_element(low, element_pointer(low, a[0], arr, indices), a[2], arr.dtype)
        return None
    value_type = arr.dtype.text if isinstance(arr.dtype, CharSeq) else arr.dtype
    return Signature(arr.dtype, (arr, index, value_type)), store


# -- attributes -------------------------------------------------------------------------------

def _tuple_of(b, arr, field, n):
    out = ir.Constant(Tuple([int64] * n).llvm(), ir.Undefined)
    for i in range(n):
        out = b.insert_value(out, b.extract_value(arr, [field, i]), i)
    return out


@intrinsic("array.shape")
def shape(arr):
    return (Signature(Tuple([int64] * arr.ndim), (arr,)),
            lambda low, sig, a: _tuple_of(low.builder, a[0], SHAPE, arr.ndim))


@intrinsic("array.strides")
def strides(arr):
    return (Signature(Tuple([int64] * arr.ndim), (arr,)),
            lambda low, sig, a: _tuple_of(low.builder, a[0], STRIDES, arr.ndim))


@intrinsic("array.ndim")
def ndim(arr):
    return Signature(int64, (arr,)), lambda low, sig, a: ir.Constant(I64, arr.ndim)


@intrinsic("array.size")
def size(arr):
    return Signature(int64, (arr,)), lambda low, sig, a: low.builder.extract_value(a[0], NITEMS)


@intrinsic("array.itemsize")
def itemsize(arr):
    return Signature(int64, (arr,)), lambda low, sig, a: ir.Constant(I64, arr.dtype.dtype.itemsize)


@intrinsic("array.nbytes")
def nbytes(arr):
    def codegen(low, sig, a):
        return low.builder.mul(low.builder.extract_value(a[0], NITEMS), ir.Constant(I64, arr.dtype.dtype.itemsize))
    return Signature(int64, (arr,)), codegen


@intrinsic("array.dtype")
def dtype(arr):
    return Signature(Const(arr.dtype.dtype), (arr,)), lambda low, sig, a: ir.Constant(I8, 0)


def _constants_equal(a, b):
    try:
        return bool(a.value == b.value)
    except Exception:
        return a.value is b.value


def _const_compare(negate):
    """Compile-time comparison of constants, e.g. `a.dtype == np.float32`."""
    def typer(a, b):
        if not (isinstance(a, Const) and isinstance(b, Const)):
            return None
        result = _constants_equal(a, b) != negate
        return Signature(boolean, (a, b)), lambda low, sig, args: ir.Constant(ir.IntType(1), int(result))
    return typer


intrinsic(operator.eq)(_const_compare(False))
intrinsic(operator.ne)(_const_compare(True))
