"""Views that change an array's shape: reshape, transpose/.T, and the small primitives the
library (numjit/lib/) builds axis-wise and C-order loops from.

Each primitive only rearranges the array struct (shape, strides, data pointer); the
buffer is shared, so the result is a view like the results of basic indexing.

    >>> from numjit.types import float64, int64, Tuple
    >>> from numjit.typing.registry import resolve
    >>> resolve("array.reshape", (float64[:, ::1], Tuple((int64,)))).signature.return_type
    float64[::1]
    >>> resolve("array.T", (float64[:, ::1],)).signature.return_type
    float64[::1, :]

`reshape` of an array that is not C-contiguous at run time returns a C-order copy, as NumPy
does when no view can give the new shape (NumPy still finds views in a few more cases, e.g.
when only the merged axes are contiguous; numjit copies there).

Primitives for library code (each also has a plain-Python meaning, given by its stub):

* `axis_last(a, axis)`   — view of `a` with axis `axis` (negative counts from the end) moved last;
* `axis_first(a, axis)`  — the same, moved first;
* `axis_slice(a, axis, start, stop)` — view of a[start:stop] along a run-time axis (bounds trusted);
* `lane_count(a)`        — number of 1-D lanes along the last axis (prod of shape[:-1]; 1 for 0-d);
* `lane(a, k)`           — the k-th of them, in C order of the other axes (a 1-D view);
* `contiguous_lane(a, k)` — the same, typed C-contiguous (for when a.strides[-1] == a.itemsize);
* `tuple_setitem(t, i, v)`, `tuple_insert(t, i, v)` — a uniform int tuple with item i replaced/inserted;
* `strided_view(a, shape, strides, offset)` — the view of a's memory from byte `offset` on with the
  given shape and byte strides (trusted: the caller checks they stay inside the buffer), read-only;
  `writeable_strided_view` the same, writeable when `a` is.
"""
import numpy as np
from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Array, Tuple
from ..types.arrayexpr import ArrayExpr
from ..types.arrays import MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES
from ..types.scalars import int64, is_intlike
from ..typing.registry import intrinsic
from .arrays import array_shape, array_strides
from .arrayexpr import materialize

I1, I8, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(64)


# -- stubs: the keys library code calls (their Python meaning documents the primitive) ---------

def axis_last(a, axis):
    """np.moveaxis(a, axis, -1)"""
    return np.moveaxis(a, axis, -1)


def axis_first(a, axis):
    """np.moveaxis(a, axis, 0)"""
    return np.moveaxis(a, axis, 0)


def axis_slice(a, axis, start, stop):
    """a[(slice(None),) * axis + (slice(start, stop),)]: a view, for 0 <= start <= stop <= a.shape[axis]."""
    return a[(slice(None),) * axis + (slice(start, stop),)]


def lane_count(a):
    """Number of lanes along the last axis."""
    return int(np.prod(a.shape[:-1])) if a.ndim else 1


def lane(a, k):
    """a.reshape(-1, a.shape[-1])[k] without copying (any layout)."""
    a = a.reshape(1) if a.ndim == 0 else a
    return a[np.unravel_index(k, a.shape[:-1])] if a.ndim > 1 else a


def contiguous_lane(a, k):
    """lane(a, k), typed C-contiguous: only for arrays whose last stride is their itemsize."""
    return lane(a, k)


def tuple_setitem(t, i, v):
    return t[:i] + (v,) + t[i + 1:]


def tuple_insert(t, i, v):
    return t[:i] + (v,) + t[i:]


def strided_view(a, shape, strides, offset):
    """A read-only view of a's buffer (np.lib.stride_tricks.as_strided from a's data + offset)."""
    base = a.reshape(-1)[offset // a.itemsize:]
    return np.lib.stride_tricks.as_strided(base, shape, strides, writeable=False)


def writeable_strided_view(a, shape, strides, offset):
    """strided_view, writeable when a is."""
    return np.lib.stride_tricks.as_strided(a.reshape(-1)[offset // a.itemsize:], shape, strides)


# -- helpers ------------------------------------------------------------------------------------

def _view(b, arr, result_ty, dims, strides, data=None, nitems=None):
    """An array struct sharing arr's buffer, with the given shape, strides and data pointer."""
    out = ir.Constant(result_ty.llvm(), ir.Undefined)
    out = b.insert_value(out, b.extract_value(arr, MEMINFO), MEMINFO)
    out = b.insert_value(out, b.extract_value(arr, PARENT), PARENT)
    out = b.insert_value(out, nitems if nitems is not None else b.extract_value(arr, NITEMS), NITEMS)
    out = b.insert_value(out, b.extract_value(arr, ITEMSIZE), ITEMSIZE)
    out = b.insert_value(out, data if data is not None else b.extract_value(arr, DATA), DATA)
    for i, (d, s) in enumerate(zip(dims, strides)):
        out = b.insert_value(out, d, [SHAPE, i])
        out = b.insert_value(out, s, [STRIDES, i])
    return out


def _pick(b, values, index):
    """values[index] for a run-time index (a chain of selects; index assumed in range)."""
    out = values[0]
    for i in range(1, len(values)):
        out = b.select(b.icmp_signed("==", index, ir.Constant(I64, i)), values[i], out)
    return out


def normalize_axis(low, axis, axis_ty, ndim):
    """axis (negative counts from the end) as an int64 in [0, ndim); AxisError otherwise."""
    b = low.builder
    given = low.ctx.cast(b, axis, axis_ty, int64)
    axis = b.select(b.icmp_signed("<", given, ir.Constant(I64, 0)), b.add(given, ir.Constant(I64, ndim)), given)
    bad = b.icmp_unsigned(">=", axis, ir.Constant(I64, ndim))
    if getattr(low.ctx, "is_cuda", False) or getattr(low, "fast_loop", None) is not None:
        low.guard(bad, np.exceptions.AxisError, f"axis is out of bounds for array of dimension {ndim}")
        return axis
    from .pyobjects import raise_values                 # NumPy's message: AxisError(axis, ndim)
    with b.if_then(bad, likely=False):
        raise_values(low, np.exceptions.AxisError, [(given, int64), (ir.Constant(I64, ndim), int64)])
    return axis


def _c_strides(b, dims, itemsize):
    strides = [None] * len(dims)
    acc = ir.Constant(I64, itemsize)
    for i in range(len(dims) - 1, -1, -1):
        strides[i] = acc
        acc = b.mul(acc, dims[i])
    return strides


def is_c_contiguous(b, arr, ty):
    """Run-time test (NumPy's rule: axes of length 1 don't count; empty arrays are contiguous)."""
    if ty.layout == "C" or ty.ndim <= 1 and ty.layout != "A":
        return ir.Constant(I1, 1)
    dims = [array_shape(b, arr, i) for i in range(ty.ndim)]
    strides = array_strides(b, arr, ty)
    ok = ir.Constant(I1, 1)
    empty = ir.Constant(I1, 0)
    expected = ir.Constant(I64, ty.dtype.dtype.itemsize)
    one = ir.Constant(I64, 1)
    for i in range(ty.ndim - 1, -1, -1):
        unit = b.icmp_signed("==", dims[i], one)
        ok = b.and_(ok, b.or_(unit, b.icmp_signed("==", strides[i], expected)))
        empty = b.or_(empty, b.icmp_signed("==", dims[i], ir.Constant(I64, 0)))
        expected = b.mul(expected, dims[i])
    return b.or_(ok, empty)


# -- reshape ------------------------------------------------------------------------------------

def _shape_items(args):
    """Types of the new shape given as ints or one tuple of ints; None if it is neither."""
    if len(args) == 1 and isinstance(args[0], Tuple):
        items = args[0].items
        return list(items) if all(is_intlike(t) for t in items) else None
    if args and all(is_intlike(t) for t in args):
        return list(args)
    return None


def _shape_values(low, args, argtys):
    b = low.builder
    if len(argtys) == 1 and isinstance(argtys[0], Tuple):
        return [low.ctx.cast(b, b.extract_value(args[0], i), t, int64) for i, t in enumerate(argtys[0].items)]
    return [low.ctx.cast(b, v, t, int64) for v, t in zip(args, argtys)]


def _reshape_dims(low, arr, dims):
    """The new int64 dims with the unknown one (-1) filled in; errors like NumPy for bad shapes."""
    b = low.builder
    zero, one = ir.Constant(I64, 0), ir.Constant(I64, 1)
    known = one
    unknowns = zero
    overflow = ir.Constant(ir.IntType(1), 0)   # a product past int64 can match no size
    for d in dims:                          # NumPy takes any negative dimension as the unknown one
        is_unknown = b.icmp_signed("<", d, zero)
        unknowns = b.add(unknowns, b.zext(is_unknown, I64))
        product = b.smul_with_overflow(known, b.select(is_unknown, one, d))
        known, overflow = b.extract_value(product, 0), b.or_(overflow, b.extract_value(product, 1))
    low.guard(b.icmp_signed(">", unknowns, one), ValueError, "can only specify one unknown dimension")
    size = b.extract_value(arr, NITEMS)
    has_unknown = b.icmp_signed("==", unknowns, one)
    safe_known = b.select(b.icmp_signed("==", known, zero), one, known)
    inferred = b.sdiv(size, safe_known)
    bad_unknown = b.and_(has_unknown, b.or_(b.icmp_signed("==", known, zero),
                                            b.icmp_signed("!=", b.mul(inferred, known), size)))
    bad_total = b.and_(b.not_(has_unknown), b.icmp_signed("!=", known, size))
    low.guard(b.or_(overflow, b.or_(bad_unknown, bad_total)), ValueError,
              "cannot reshape array: the new shape must have the same number of elements")
    return [b.select(b.icmp_signed("<", d, zero), inferred, d) for d in dims]


def reshape_view(low, arr, ty, dims, result_ty):
    """View of the C-contiguous arr with the given int64 dims (one may be -1)."""
    dims = _reshape_dims(low, arr, dims)
    return _view(low.builder, arr, result_ty, dims, _c_strides(low.builder, dims, ty.dtype.dtype.itemsize))


def reshape_any(low, arr, ty, dims, result_ty):
    """arr reshaped: a view when arr is C-contiguous at run time, else a C-order copy (as NumPy
    does when no view can express the new shape). Returns a new reference either way."""
    from .arrayexpr import materialize
    from ..lowering.refcount import incref
    b = low.builder
    dims = _reshape_dims(low, arr, dims)
    strides = _c_strides(b, dims, ty.dtype.dtype.itemsize)
    with b.if_else(is_c_contiguous(b, arr, ty)) as (contiguous, scattered):
        with contiguous:
            view = _view(b, arr, result_ty, dims, strides)
            incref(low.ctx, b, view, result_ty)
            view_block = b.block
        with scattered:
            low.temps.append([])                    # the copy lives on only through the result
            copy = materialize(low, arr, ty)
            copied = _view(b, copy, result_ty, dims, strides)
            incref(low.ctx, b, copied, result_ty)
            low.release_temps()
            low.temps.pop()
            copy_block = b.block
    out = b.phi(result_ty.llvm())
    out.add_incoming(view, view_block)
    out.add_incoming(copied, copy_block)
    return out


def _reshape_typer(arr, *shape):
    if not isinstance(arr, Array):
        return None
    items = _shape_items(shape)
    if items is None:
        return None
    result = Array(arr.dtype, len(items), "C", arr.readonly)
    always_view = arr.layout == "C" or arr.ndim <= 1 and arr.layout != "A"

    def view(low, sig, args):
        return reshape_view(low, args[0], arr, _shape_values(low, args[1:], shape), result)

    def view_or_copy(low, sig, args):
        return reshape_any(low, args[0], arr, _shape_values(low, args[1:], shape), result)
    view_or_copy.new_ref = True
    return Signature(result, (arr,) + tuple(shape)), view if always_view else view_or_copy


intrinsic("array.reshape")(_reshape_typer)


@intrinsic(np.reshape)
def np_reshape(arr, shape=None, **kws):
    shape = kws.pop("newshape", kws.pop("shape", shape))
    if kws or shape is None:
        return None
    return _reshape_typer(arr, shape)


# -- transpose ----------------------------------------------------------------------------------

_SWAPPED = {"C": "F", "F": "C", "A": "A"}


def _transpose_typer(arr, *axes):
    if not isinstance(arr, Array):
        return None
    if not axes or (arr.ndim == 0 and axes == (Tuple(()),)):
        result = arr.copy(layout=_SWAPPED[arr.layout])

        def reverse(low, sig, args):
            b = low.builder
            dims = [array_shape(b, args[0], i) for i in range(arr.ndim)][::-1]
            strides = array_strides(b, args[0], arr)[::-1]
            return _view(b, args[0], result, dims, strides)
        return Signature(result, (arr,) + tuple(axes)), reverse
    items = _shape_items(axes)
    if items is None or (len(axes) == 1 and not isinstance(axes[0], Tuple) and arr.ndim != 1):
        return None
    if len(items) != arr.ndim:
        raise TypingError(f"transpose(): axes don't match array ({len(items)} axes for {arr})")
    result = arr.copy(layout="A")

    def permute(low, sig, args):
        b = low.builder
        perm = [normalize_axis(low, v, int64, arr.ndim) for v in _shape_values(low, args[1:], axes)]
        seen = ir.Constant(I64, 0)
        for p in perm:
            seen = b.or_(seen, b.shl(ir.Constant(I64, 1), p))
        low.guard(b.icmp_unsigned("!=", seen, ir.Constant(I64, (1 << arr.ndim) - 1)), ValueError,
                  "repeated axis in transpose")
        dims = [array_shape(b, args[0], i) for i in range(arr.ndim)]
        strides = array_strides(b, args[0], arr)
        return _view(b, args[0], result, [_pick(b, dims, p) for p in perm], [_pick(b, strides, p) for p in perm])
    return Signature(result, (arr,) + tuple(axes)), permute


intrinsic("array.T")(_transpose_typer)
intrinsic("array.transpose")(_transpose_typer)


@intrinsic(np.transpose)
def np_transpose(arr, axes=None, **kws):
    axes = kws.pop("axes", axes)
    if kws:
        return None
    return _transpose_typer(arr) if axes is None else _transpose_typer(arr, axes)


# -- the same views of array expressions (materialised first) -----------------------------------

def _on_expression(array_typer):
    """A typer for `expr.reshape(...)`-style calls: materialise the expression, then the array view."""
    def typer(expr, *rest, **kws):
        if not isinstance(expr, ArrayExpr):
            return None
        found = array_typer(expr.as_array(), *rest, **kws)
        if found is None:
            return None
        sig, array_codegen = found

        def codegen(low, _sig, args):
            arr = materialize(low, args[0], expr)       # owned by the statement, like any temporary
            return array_codegen(low, sig, [arr] + list(args[1:]))
        return Signature(sig.return_type, (expr,) + sig.args[1:]), codegen
    return typer


intrinsic("arrayexpr.reshape")(_on_expression(_reshape_typer))
intrinsic(np.reshape)(_on_expression(np_reshape))
intrinsic("arrayexpr.T", "arrayexpr.transpose")(_on_expression(_transpose_typer))
intrinsic(np.transpose)(_on_expression(np_transpose))


# -- primitives for library code ----------------------------------------------------------------

@intrinsic(axis_last)
def axis_last_typer(arr, axis):
    return _move_axis_typer(arr, axis, to_front=False)


@intrinsic(axis_first)
def axis_first_typer(arr, axis):
    return _move_axis_typer(arr, axis, to_front=True)


def _move_axis_typer(arr, axis, to_front):
    if not isinstance(arr, Array) or not is_intlike(axis):
        return None
    if arr.ndim == 0:
        raise TypingError(f"an axis was given for the 0-d array {arr}")
    result = arr if arr.ndim == 1 else arr.copy(layout="A")

    def codegen(low, sig, args):
        b = low.builder
        ax = normalize_axis(low, args[1], axis, arr.ndim)
        dims = [array_shape(b, args[0], i) for i in range(arr.ndim)]
        strides = array_strides(b, args[0], arr)
        new_dims, new_strides = [], []
        for o in range(arr.ndim - 1):           # the other axes, in order
            src = b.select(b.icmp_signed("<", ir.Constant(I64, o), ax), ir.Constant(I64, o), ir.Constant(I64, o + 1))
            new_dims.append(_pick(b, dims, src))
            new_strides.append(_pick(b, strides, src))
        at = 0 if to_front else arr.ndim - 1
        new_dims.insert(at, _pick(b, dims, ax))
        new_strides.insert(at, _pick(b, strides, ax))
        return _view(b, args[0], result, new_dims, new_strides)
    return Signature(result, (arr, axis)), codegen


@intrinsic(axis_slice)
def axis_slice_typer(arr, axis, start, stop):
    if not (isinstance(arr, Array) and arr.ndim > 0 and all(is_intlike(t) for t in (axis, start, stop))):
        return None
    result = arr.copy(layout="A") if arr.ndim > 1 else arr

    def codegen(low, sig, args):
        b = low.builder
        ax = normalize_axis(low, args[1], axis, arr.ndim)
        lo = low.ctx.cast(b, args[2], start, int64)
        hi = low.ctx.cast(b, args[3], stop, int64)
        dims = [array_shape(b, args[0], i) for i in range(arr.ndim)]
        strides = array_strides(b, args[0], arr)
        length = b.sub(hi, lo)
        new_dims = [b.select(b.icmp_signed("==", ax, ir.Constant(I64, i)), length, d) for i, d in enumerate(dims)]
        nitems = ir.Constant(I64, 1)
        for d in new_dims:
            nitems = b.mul(nitems, d)
        data = b.gep(b.extract_value(args[0], DATA), [b.mul(lo, _pick(b, strides, ax))], source_etype=I8)
        return _view(b, args[0], result, new_dims, strides, data=data, nitems=nitems)
    return Signature(result, (arr, axis, start, stop)), codegen


@intrinsic(lane_count)
def lane_count_typer(arr):
    if not isinstance(arr, Array):
        return None

    def codegen(low, sig, args):
        b = low.builder
        n = ir.Constant(I64, 1)
        for i in range(arr.ndim - 1):
            n = b.mul(n, array_shape(b, args[0], i))
        return n
    return Signature(int64, (arr,)), codegen


@intrinsic(lane)
def lane_typer(arr, k):
    return _lane_typer(arr, k, contiguous=False)


@intrinsic(contiguous_lane)
def contiguous_lane_typer(arr, k):
    return _lane_typer(arr, k, contiguous=True)


def _lane_typer(arr, k, contiguous):
    if not isinstance(arr, Array) or not is_intlike(k):
        return None
    layout = "C" if arr.layout == "C" or arr.ndim == 0 or contiguous else "A"
    result = Array(arr.dtype, 1, layout, arr.readonly)

    def codegen(low, sig, args):
        b = low.builder
        a = args[0]
        if arr.ndim == 0:
            size = ir.Constant(I64, arr.dtype.dtype.itemsize)
            return _view(b, a, result, [ir.Constant(I64, 1)], [size], nitems=ir.Constant(I64, 1))
        rest = low.ctx.cast(b, args[1], k, int64)
        strides = array_strides(b, a, arr)
        offset = ir.Constant(I64, 0)
        for axis in range(arr.ndim - 2, -1, -1):        # unravel k over the leading axes, C order
            dim = array_shape(b, a, axis)
            safe = b.select(b.icmp_signed("==", dim, ir.Constant(I64, 0)), ir.Constant(I64, 1), dim)
            offset = b.add(offset, b.mul(b.srem(rest, safe), strides[axis]))
            rest = b.sdiv(rest, safe)
        data = b.gep(b.extract_value(a, DATA), [offset], source_etype=I8)
        last = array_shape(b, a, arr.ndim - 1)
        return _view(b, a, result, [last], [strides[-1]], data=data, nitems=last)
    return Signature(result, (arr, k)), codegen


def _uniform_ints(t):
    return isinstance(t, Tuple) and all(x == int64 for x in t.items)


@intrinsic(tuple_setitem)
def tuple_setitem_typer(t, i, v):
    if not (_uniform_ints(t) and is_intlike(i) and is_intlike(v)):
        return None

    def codegen(low, sig, args):
        b = low.builder
        idx = low.ctx.cast(b, args[1], i, int64)
        value = low.ctx.cast(b, args[2], v, int64)
        out = args[0]
        for j in range(len(t)):
            old = b.extract_value(out, j)
            out = b.insert_value(out, b.select(b.icmp_signed("==", idx, ir.Constant(I64, j)), value, old), j)
        return out
    return Signature(t, (t, i, v)), codegen


@intrinsic(tuple_insert)
def tuple_insert_typer(t, i, v):
    if not (_uniform_ints(t) and is_intlike(i) and is_intlike(v)):
        return None
    result = Tuple([int64] * (len(t) + 1))

    def codegen(low, sig, args):
        b = low.builder
        idx = low.ctx.cast(b, args[1], i, int64)
        value = low.ctx.cast(b, args[2], v, int64)
        items = [b.extract_value(args[0], j) for j in range(len(t))]
        out = ir.Constant(result.llvm(), ir.Undefined)
        for j in range(len(t) + 1):
            here = ir.Constant(I64, j)
            item = value
            if j < len(t):
                item = b.select(b.icmp_signed("<", here, idx), items[j], item)
            if j > 0:
                item = b.select(b.icmp_signed(">", here, idx), items[j - 1], item)
            out = b.insert_value(out, item, j)
        return out
    return Signature(result, (t, i, v)), codegen


def _strided_view_typer(writeable):
    def typer(arr, shape, strides, offset):
        if not (isinstance(arr, Array) and is_intlike(offset) and all(
                isinstance(t, Tuple) and all(is_intlike(x) for x in t.items) for t in (shape, strides))):
            return None
        ndim = len(shape.items)
        if len(strides.items) != ndim:
            return None
        result = Array(arr.dtype, ndim, "A", readonly=arr.readonly or not writeable)

        def codegen(low, sig, args):
            b, cast = low.builder, low.ctx.cast
            dims = [cast(b, b.extract_value(args[1], i), t, int64) for i, t in enumerate(shape.items)]
            steps = [cast(b, b.extract_value(args[2], i), t, int64) for i, t in enumerate(strides.items)]
            data = b.gep(b.extract_value(args[0], DATA), [cast(b, args[3], offset, int64)], source_etype=I8)
            nitems = ir.Constant(I64, 1)
            for d in dims:
                nitems = b.mul(nitems, d)
            return _view(b, args[0], result, dims, steps, data=data, nitems=nitems)
        return Signature(result, (arr, shape, strides, offset)), codegen
    return typer


intrinsic(strided_view)(_strided_view_typer(False))
intrinsic(writeable_strided_view)(_strided_view_typer(True))
