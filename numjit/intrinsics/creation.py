"""Array creation: np.empty / zeros / ones / full (and *_like, full_like too): allocate a meminfo buffer.

    >>> import numpy as np
    >>> from numjit.types import int64, Tuple, Const
    >>> from numjit.typing.registry import resolve
    >>> resolve(np.zeros, (Tuple((int64, int64)), Const(np.float32))).signature.return_type
    float32[:, ::1]
"""
import numpy as np
from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Array, Tuple, Const, Number, NPDatetime, NPTimedelta, Record
from ..types.arrays import MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES
from ..types.scalars import float64, int64, from_dtype, is_intlike
from ..types.charseq import CharSeq
from ..typing.registry import intrinsic
from .arrays import storable

I64, PTR = ir.IntType(64), ir.PointerType()
TOO_BIG = "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size."   # NumPy's


def dtype_from_const(ty, default=float64):
    if ty is None:
        return default
    if isinstance(ty, Const):
        try:
            dt = from_dtype(ty.value if ty.value is not bool else np.bool_)
        except TypeError:
            dt = None
        if ty.value is float:
            dt = float64
        if ty.value is int:
            dt = from_dtype(np.int64)
        if dt is not None:
            return dt
    raise TypingError(f"unsupported dtype {ty}")


def shape_rank(shape):
    if is_intlike(shape):
        return 1
    if isinstance(shape, Tuple) and all(is_intlike(t) for t in shape.items):
        return len(shape)
    return None


def shape_values(low, value, ty):
    b = low.builder
    if isinstance(ty, Tuple):
        return [low.ctx.cast(b, b.extract_value(value, i), t, int64) for i, t in enumerate(ty.items)]
    return [low.ctx.cast(b, value, ty, int64)]


def allocate(low, result_ty, dims):
    """A new C-contiguous array with the given int64 dims (its reference is owned by the caller)."""
    b, ctx = low.builder, low.ctx
    itemsize = result_ty.dtype.dtype.itemsize
    nitems = ir.Constant(I64, 1)
    negative = overflow = ir.Constant(ir.IntType(1), 0)
    nbytes = ir.Constant(I64, itemsize)         # NumPy's check: itemsize times the non-zero dims fits intp
    for d in dims:
        negative = b.or_(negative, b.icmp_signed("<", d, ir.Constant(I64, 0)))
        nitems = b.mul(nitems, d)
        product = b.smul_with_overflow(nbytes, b.select(b.icmp_signed("==", d, ir.Constant(I64, 0)),
                                                        ir.Constant(I64, 1), d))
        nbytes = b.extract_value(product, 0)
        overflow = b.or_(overflow, b.extract_value(product, 1))
    low.guard(negative, ValueError, "negative dimensions are not allowed")
    low.guard(overflow, ValueError, TOO_BIG)
    alloc = ctx.declare("numjit_array_alloc", PTR, [I64])
    mi = b.call(alloc, [b.mul(nitems, ir.Constant(I64, itemsize))])
    low.guard(b.icmp_unsigned("==", mi, ir.Constant(PTR, None)), MemoryError, "cannot allocate array")
    data = b.load(b.gep(mi, [ir.Constant(I64, 8)], source_etype=ir.IntType(8)), typ=PTR)
    return contiguous_array(b, result_ty, mi, data, dims, nitems)


def contiguous_array(b, ty, meminfo, data, dims, nitems):
    """The value of a C-contiguous array of type `ty` over `data` with int64 `dims` (`nitems` their
    product), owned by `meminfo` (a null pointer: memory it does not own, as CUDA's shared arrays)."""
    itemsize = ty.dtype.dtype.itemsize
    out = ir.Constant(ty.llvm(), ir.Undefined)
    out = b.insert_value(out, meminfo, MEMINFO)
    out = b.insert_value(out, ir.Constant(PTR, None), PARENT)
    out = b.insert_value(out, nitems, NITEMS)
    out = b.insert_value(out, ir.Constant(I64, itemsize), ITEMSIZE)
    out = b.insert_value(out, data, DATA)
    stride = ir.Constant(I64, itemsize)
    for i in range(len(dims) - 1, -1, -1):
        out = b.insert_value(out, dims[i], [SHAPE, i])
        out = b.insert_value(out, stride, [STRIDES, i])
        stride = b.mul(stride, dims[i])
    return out


def fill(low, arr, ty, value):
    """arr.flat[:] = value for a fresh C-contiguous array (a loop LLVM turns into memset/vector stores)."""
    from .arrays import store_element
    b, fn = low.builder, low.fn
    n = b.extract_value(arr, NITEMS)
    data = b.extract_value(arr, DATA)
    test, body, end = (fn.append_basic_block(x) for x in ("fill.test", "fill.body", "fill.end"))
    counter = low.ctx.alloca(b, I64)
    b.store(ir.Constant(I64, 0), counter)
    b.branch(test)
    b.position_at_end(test)
    k = b.load(counter)
    b.cbranch(b.icmp_signed("<", k, n), body, end)
    b.position_at_end(body)
    ptr = b.gep(data, [k], inbounds=True, source_etype=ty.dtype.llvm_mem())
    store_element(low, ptr, value, ty.dtype)
    b.store(b.add(k, ir.Constant(I64, 1), flags=["nsw", "nuw"]), counter)
    b.branch(test)
    b.position_at_end(end)


def fill_constant(low, arr, ty, value):
    """arr[...] = value (0 or 1); records (only 0: np.zeros) are zero bytes, as in NumPy."""
    if not isinstance(ty.dtype, Record):
        fill(low, arr, ty, low.ctx.constant(ty.dtype, value))
        return
    b = low.builder
    memset = low.ctx.module.declare_intrinsic("llvm.memset", [ir.PointerType(), ir.IntType(64)])
    nbytes = b.mul(b.extract_value(arr, NITEMS), ir.Constant(I64, ty.dtype.dtype.itemsize))
    b.call(memset, [b.extract_value(arr, DATA), ir.Constant(ir.IntType(8), 0), nbytes,
                    ir.Constant(ir.IntType(1), 0)])


def _check_record_fill(elt, fill_value):
    if isinstance(elt, Record) and fill_value not in (None, 0):
        raise TypingError(f"np.ones/np.full of records ({elt}) is not supported in compiled code; "
                          "use np.zeros or np.empty and set the fields")


def _creator(fill_value):
    full = fill_value == "full"

    def typer(shape, *args, **kws):
        args = list(args)
        value_ty = (args.pop(0) if args else kws.pop("fill_value", None)) if full else None
        dtype = args.pop(0) if args else kws.pop("dtype", None)
        if args or kws or shape_rank(shape) is None:
            return None
        if full and not isinstance(value_ty, (Number, NPDatetime, NPTimedelta)):
            return None
        elt = dtype_from_const(dtype) if dtype is not None else (value_ty if full else float64)
        _check_record_fill(elt, fill_value)
        if full and not storable(value_ty, elt):
            return None
        result = Array(elt, shape_rank(shape), "C")

        def codegen(low, sig, args):
            arr = allocate(low, result, shape_values(low, args[0], shape))
            if full:
                fill(low, arr, result, low.ctx.cast(low.builder, args[1], value_ty, elt))
            elif fill_value is not None:
                fill_constant(low, arr, result, fill_value)
            return arr
        codegen.new_ref = True
        argtys = (shape,) + ((value_ty,) if full else ()) + ((dtype,) if dtype is not None else ())
        return Signature(result, argtys), codegen
    return typer


intrinsic(np.empty)(_creator(None))
intrinsic(np.zeros)(_creator(0))
intrinsic(np.ones)(_creator(1))
intrinsic(np.full)(_creator("full"))


def _like(fill_value):
    full = fill_value == "full"

    def typer(proto, *args, **kws):
        args = list(args)
        if not isinstance(proto, Array):
            return None
        value_ty = (args.pop(0) if args else kws.pop("fill_value", None)) if full else None
        dtype = args.pop(0) if args else kws.pop("dtype", None)
        if args or kws or (full and not isinstance(value_ty, Number)):
            return None
        elt = dtype_from_const(dtype, default=proto.dtype) if dtype is not None else proto.dtype
        if isinstance(elt, CharSeq):               # (text arrays are not made in compiled code)
            return None
        _check_record_fill(elt, fill_value)
        result = Array(elt, proto.ndim, "C")

        def codegen(low, sig, args):
            b = low.builder
            dims = [b.extract_value(args[0], [SHAPE, i]) for i in range(proto.ndim)]
            arr = allocate(low, result, dims)
            if full:
                fill(low, arr, result, low.ctx.cast(b, args[1], value_ty, elt))
            elif fill_value is not None:
                fill_constant(low, arr, result, fill_value)
            return arr
        codegen.new_ref = True
        argtys = (proto,) + ((value_ty,) if full else ()) + ((dtype,) if dtype is not None else ())
        return Signature(result, argtys), codegen
    return typer


intrinsic(np.empty_like)(_like(None))
intrinsic(np.zeros_like)(_like(0))
intrinsic(np.full_like)(_like("full"))
intrinsic(np.ones_like)(_like(1))


@intrinsic(np.dtype)
def np_dtype(spec):
    """np.dtype('f4'), np.dtype(np.float32): a compile-time constant, as a dtype passed in is."""
    if not isinstance(spec, Const):
        return None
    try:
        value = np.dtype(spec.value)
    except TypeError:
        raise TypingError(f"data type {spec.value!r} not understood (np.dtype)") from None
    if from_dtype(value) is None:
        return None

    def codegen(low, sig, args):
        return ir.Constant(ir.IntType(8), 0)
    return Signature(Const(value), (spec,)), codegen
