"""Basic indexing that makes views: any mix of ints, slices, `...` and None/np.newaxis.

    >>> import operator
    >>> from numjit.types import float32, int64, Tuple, Const
    >>> from numjit.types.slices import SliceType
    >>> from numjit.typing.registry import resolve
    >>> s = SliceType(True)
    >>> resolve(operator.getitem, (float32[:, :, :, ::1], Tuple((int64, Const(...), s, s)))).signature.return_type
    float32[:, :, :]
    >>> resolve(operator.getitem, (float32[::1], Tuple((Const(...), int64)))).signature.return_type
    float32

`...` stands for as many full axes as the other items leave (zero or more), so `x[..., k]`
on a 1-D `x` is an element.

Slice bounds follow Python (PySlice_AdjustIndices): negative bounds count from
the end, out-of-range bounds clip, a zero step raises ValueError.
"""
import operator
from collections import namedtuple

import numpy as np
from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Array, Tuple, Const, Boolean
from ..types.arrays import MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES
from ..types.scalars import int64, is_intlike, NoneType
from ..types.slices import SliceType
from ..typing.registry import intrinsic
from .arrays import array_shape, array_strides, wrap_index, load_element

I64, I1 = ir.IntType(64), ir.IntType(1)


def lower_slice(low, node):
    """The {start, stop, step, start_none, stop_none} value of a slice expression."""
    b = low.builder
    out = ir.Constant(SliceType(True).llvm(), ir.Undefined)
    defaults = (0, 0, 1)
    for i, part in enumerate((node.lower, node.upper, node.step)):
        is_none = part is None or isinstance(low.t.exprs.get(part), NoneType)
        if is_none:
            value = ir.Constant(I64, defaults[i])
        else:
            value = low.ctx.cast(b, low.expr(part), low.t.exprs[part], int64)
        out = b.insert_value(out, value, i)
        if i < 2:
            out = b.insert_value(out, ir.Constant(I1, int(is_none)), 3 + i)
    return out


def slice_indices(low, sl, length):
    """(start, step, count) of slice value `sl` applied to an axis of `length` items."""
    b = low.builder
    zero, one, minus_one = ir.Constant(I64, 0), ir.Constant(I64, 1), ir.Constant(I64, -1)
    step = b.extract_value(sl, 2)
    low.guard(b.icmp_signed("==", step, zero), ValueError, "slice step cannot be zero")
    negative = b.icmp_signed("<", step, zero)

    def adjust(value, is_none, default_pos, default_neg):
        lower = b.select(negative, minus_one, zero)
        upper = b.select(negative, b.sub(length, one), length)
        v = b.select(b.icmp_signed("<", value, zero), b.add(value, length), value)
        v = b.select(b.icmp_signed("<", v, zero), lower, v)
        v = b.select(b.icmp_signed(">=", v, length), upper, v)
        return b.select(is_none, b.select(negative, default_neg, default_pos), v)

    start = adjust(b.extract_value(sl, 0), b.extract_value(sl, 3), zero, b.sub(length, one))
    stop = adjust(b.extract_value(sl, 1), b.extract_value(sl, 4), length, minus_one)
    span_pos = b.sub(stop, start)
    span_neg = b.sub(start, stop)
    count_pos = b.select(b.icmp_signed(">", span_pos, zero),
                         b.add(b.sdiv(b.sub(span_pos, one), step), one), zero)
    neg_step = b.neg(step)
    count_neg = b.select(b.icmp_signed(">", span_neg, zero),
                         b.add(b.sdiv(b.sub(span_neg, one), neg_step), one), zero)
    return start, step, b.select(negative, count_neg, count_pos)


def _items(index):
    return list(index.items) if isinstance(index, Tuple) else [index]


def _is_ellipsis(t):
    return isinstance(t, Const) and t.value is Ellipsis


def classify(arr, index):
    """The index's items as kinds ('int', 'slice', 'none', 'ellipsis'), or None if not basic."""
    kinds = []
    for t in _items(index):
        if is_intlike(t):
            kinds.append("int")
        elif isinstance(t, SliceType):
            kinds.append("slice")
        elif isinstance(t, NoneType):
            kinds.append("none")
        elif _is_ellipsis(t):
            kinds.append("ellipsis")
        else:
            return None
    if kinds.count("ellipsis") > 1:
        raise TypingError("an index can only have a single ellipsis ('...')")
    used = sum(k in ("int", "slice") for k in kinds)
    if used > arr.ndim:
        raise TypingError(f"too many indices for {arr}: {used} given")
    if "ellipsis" in kinds:
        at = kinds.index("ellipsis")
        kinds[at:at + 1] = ["full"] * (arr.ndim - used)
    else:
        kinds += ["full"] * (arr.ndim - used)
    return kinds


def _result_layout(arr, kinds, index):
    """C layout survives leading ints, then at most one unit-step slice, then untouched axes."""
    if arr.layout != "C":
        return "A"
    items = _items(index)
    pos = 0
    for k in kinds:
        if k == "int":
            pos += 1
            continue
        break
    rest = kinds[pos:]
    if rest and rest[0] == "slice":
        slice_ty = [t for t in items if isinstance(t, SliceType)][0]
        if not slice_ty.unit_step:
            return "A"
        rest = rest[1:]
    return "C" if all(k == "full" for k in rest) else "A"


def make_view(low, arr, ty, index, index_ty, kinds, result_ty):
    b = low.builder
    values = ([b.extract_value(index, i) for i in range(len(index_ty))]
              if isinstance(index_ty, Tuple) else [index])
    item_types = _items(index_ty)
    given = iter(zip(values, item_types))
    strides = array_strides(b, arr, ty)
    data = b.extract_value(arr, DATA)
    offset = ir.Constant(I64, 0)
    out = ir.Constant(result_ty.llvm(), ir.Undefined)
    out = b.insert_value(out, b.extract_value(arr, MEMINFO), MEMINFO)
    out = b.insert_value(out, b.extract_value(arr, PARENT), PARENT)
    out = b.insert_value(out, b.extract_value(arr, ITEMSIZE), ITEMSIZE)
    axis = o = 0
    nitems = ir.Constant(I64, 1)
    for kind in kinds:
        if kind == "full":
            dim = array_shape(b, arr, axis)
            out = b.insert_value(out, dim, [SHAPE, o])
            out = b.insert_value(out, strides[axis], [STRIDES, o])
            nitems = b.mul(nitems, dim)
            axis += 1
            o += 1
            continue
        value, vty = next(given)
        while _is_ellipsis(vty):
            value, vty = next(given)
        if kind == "int":
            i = wrap_index(low, value, vty, array_shape(b, arr, axis))
            offset = b.add(offset, b.mul(i, strides[axis]))
            axis += 1
        elif kind == "slice":
            start, step, count = slice_indices(low, value, array_shape(b, arr, axis))
            offset = b.add(offset, b.mul(start, strides[axis]))
            out = b.insert_value(out, count, [SHAPE, o])
            out = b.insert_value(out, b.mul(strides[axis], step), [STRIDES, o])
            nitems = b.mul(nitems, count)
            axis += 1
            o += 1
        elif kind == "none":
            out = b.insert_value(out, ir.Constant(I64, 1), [SHAPE, o])
            out = b.insert_value(out, ir.Constant(I64, 0), [STRIDES, o])
            o += 1
    out = b.insert_value(out, nitems, NITEMS)
    return b.insert_value(out, b.gep(data, [offset], source_etype=ir.IntType(8)), DATA)


@intrinsic(operator.getitem)
def getitem_view(arr, index):
    if not isinstance(arr, Array):
        return None
    kinds = classify(arr, index)
    if kinds is None:
        return None
    if kinds and all(k == "int" for k in kinds):     # a[...] of a 0-d array is a view, as in NumPy
        if not any(_is_ellipsis(t) for t in _items(index)):
            return None                          # plain ints: arrays.getitem_int
        scalar = Array(arr.dtype, 0, "C", arr.readonly)      # `x[..., k]` on a 1-D x: an element

        def element(low, sig, args):
            view = make_view(low, args[0], arr, args[1], index, kinds, scalar)
            return load_element(low, low.builder.extract_value(view, DATA), arr.dtype, view)
        return Signature(arr.dtype, (arr, index)), element
    ndim = sum(k in ("slice", "none", "full") for k in kinds)
    result = Array(arr.dtype, ndim, _result_layout(arr, kinds, index), arr.readonly)

    def codegen(low, sig, args):
        return make_view(low, args[0], arr, args[1], index, kinds, result)
    return Signature(result, (arr, index)), codegen


def view_of(low, arr, ty, index, index_ty):
    """For setitem and friends: (view value, view type) of arr[index]."""
    kinds = classify(ty, index_ty)
    ndim = sum(k in ("slice", "none", "full") for k in kinds)
    result = Array(ty.dtype, ndim, _result_layout(ty, kinds, index_ty), ty.readonly)
    return make_view(low, arr, ty, index, index_ty, kinds, result), result


# -- index arrays among basic items: `a[i, idx]`, `a[:, mask]`, `a[i_arr, :, j_arr]` ----------------

class AdvancedPlan(namedtuple("AdvancedPlan", "basic arrays qs axes ndim front")):
    """What an index tuple holding integer/boolean index arrays among ints, slices, None and `...`
    does, known from the types alone. basic: the index's item types with each array replaced by
    full slices (k of them for a k-d mask); arrays: (place in the tuple, is_mask, ndim) per array;
    qs: for each index array after masks are split into their k nonzero() arrays, the axis it
    selects along in basic_part(arr, index); axes: the same axis counted in arr (for messages);
    ndim: basic_part's ndim; front: whether the selection goes first in the result (NumPy's rule:
    ints count as index arrays, and index arrays not side by side put their axes first)."""


def advanced_plan(arr, index):
    """The AdvancedPlan of arr[index], or None when index holds no (valid) index array.

    >>> from numjit.types import float64, int64, boolean, Tuple
    >>> plan = advanced_plan(float64[:, :, :], Tuple((int64[::1], SliceType(True), int64[:, :])))
    >>> plan.arrays, plan.qs, plan.axes, plan.ndim, plan.front
    (((0, False, 1), (2, False, 2)), (0, 2), (0, 2), 3, True)
    >>> advanced_plan(float64[:, :, :], Tuple((SliceType(True), boolean[:, :]))).qs
    (1, 2)
    """
    if not isinstance(arr, Array) or not isinstance(index, Tuple):
        return None
    items = list(index.items)
    if not any(isinstance(t, Array) for t in items):
        return None
    basic, arrays, qs, axes = [], [], [], []
    used = sum(is_intlike(t) or isinstance(t, SliceType) for t in items)
    used += sum(t.ndim if isinstance(t.dtype, Boolean) else 1 for t in items if isinstance(t, Array))
    spanned = arr.ndim - used                     # axes that `...` stands for
    q = axis = 0
    for p, t in enumerate(items):
        if isinstance(t, Array):
            is_mask = isinstance(t.dtype, Boolean)
            if not (is_mask or is_intlike(t.dtype)) or (is_mask and t.ndim == 0):
                return None
            width = t.ndim if is_mask else 1
            arrays.append((p, is_mask, t.ndim))
            qs.extend(range(q, q + width))
            axes.extend(range(axis, axis + width))
            basic.extend([SliceType(True)] * width)
            q, axis = q + width, axis + width
            continue
        basic.append(t)
        if _is_ellipsis(t):
            q, axis = q + max(spanned, 0), axis + max(spanned, 0)
        elif isinstance(t, (SliceType, NoneType)):
            q += 1
        axis += is_intlike(t) or isinstance(t, SliceType)
    kinds = classify(arr, Tuple(basic))
    if kinds is None:
        return None
    advanced = [p for p, t in enumerate(items) if isinstance(t, Array) or is_intlike(t)]
    front = advanced[-1] - advanced[0] + 1 != len(advanced)
    ndim = sum(k in ("slice", "none", "full") for k in kinds)
    return AdvancedPlan(tuple(basic), tuple(arrays), tuple(qs), tuple(axes), ndim, front)


def basic_part(a, index):
    """a[index] with its index arrays replaced by `:` (k of them for a k-d mask): a view;
    numjit/lib/numpy_indexing.py then picks the arrays' positions along the axes those `:` left."""
    basic = []
    for i in index:
        if isinstance(i, np.ndarray):
            basic.extend([slice(None)] * (i.ndim if i.dtype == bool else 1))
        else:
            basic.append(i)
    return a[tuple(basic)]


def advanced_position(arr, index):
    """(p, q, ndim, front) for an index tuple holding one 1-D integer or boolean array among
    ints, slices, None and `...` (see AdvancedPlan): p is the array's place in the tuple, q the
    axis it selects along in basic_part(arr, index).

    >>> from numjit.types import float64, int64, boolean, Tuple
    >>> advanced_position(float64[:, :, :], Tuple((int64, SliceType(True), int64[::1])))
    (2, 1, 2, True)
    >>> advanced_position(float64[:, :, :], Tuple((SliceType(True), int64, int64[::1])))
    (2, 1, 2, False)
    """
    plan = advanced_plan(arr, index)
    if plan is None or len(plan.arrays) != 1 or plan.arrays[0][2] != 1:
        return None
    return plan.arrays[0][0], plan.qs[0], plan.ndim, plan.front


@intrinsic(basic_part)
def basic_part_typer(arr, index):
    plan = advanced_plan(arr, index)
    if plan is None:
        return None
    basic = Tuple(plan.basic)
    kinds = classify(arr, basic)
    result = Array(arr.dtype, plan.ndim, "A", arr.readonly)
    is_array = [isinstance(t, Array) for t in index.items]

    def codegen(low, sig, args):
        b = low.builder
        values = []
        for i, t in enumerate(index.items):
            if is_array[i]:
                values.extend([_full_slice()] * (t.ndim if isinstance(t.dtype, Boolean) else 1))
            else:
                values.append(b.extract_value(args[1], i))
        value = ir.Constant(basic.llvm(), ir.Undefined)
        for i, item in enumerate(values):
            value = b.insert_value(value, item, i)
        return make_view(low, args[0], arr, value, basic, kinds, result)
    return Signature(result, (arr, index)), codegen


def _full_slice():
    return ir.Constant(SliceType(True).llvm(), [ir.Constant(I64, 0), ir.Constant(I64, 0), ir.Constant(I64, 1),
                                                  ir.Constant(I1, 1), ir.Constant(I1, 1)])


# -- slice objects as values: slice(start, stop, step), resolved against a length -------------------

@intrinsic(slice)
def make_slice(*args):
    """slice(stop), slice(start, stop), slice(start, stop, step): ints or None."""
    if not 1 <= len(args) <= 3 or not all(is_intlike(t) or isinstance(t, NoneType) for t in args):
        return None
    parts = (None, args[0], None) if len(args) == 1 else (args[0], args[1], args[2] if len(args) == 3 else None)
    result = SliceType(unit_step=isinstance(parts[2], NoneType) or parts[2] is None)

    def codegen(low, sig, values):
        b = low.builder
        given = (None, values[0], None) if len(values) == 1 else (
            values[0], values[1], values[2] if len(values) == 3 else None)
        out = ir.Constant(result.llvm(), ir.Undefined)
        for i, (t, v) in enumerate(zip(parts, given)):
            absent = t is None or isinstance(t, NoneType)
            value = ir.Constant(I64, (0, 0, 1)[i]) if absent else low.ctx.cast(b, v, t, int64)
            out = b.insert_value(out, value, i)
            if i < 2:
                out = b.insert_value(out, ir.Constant(I1, int(absent)), 3 + i)
        return out
    return Signature(result, args), codegen


def slice_span(sl, length):
    """(start, step, count) of slice `sl` over `length` items (slice.indices, as a count)."""


@intrinsic(slice_span)
def slice_span_typer(sl, length):
    if not (isinstance(sl, SliceType) and is_intlike(length)):
        return None
    result = Tuple((int64, int64, int64))

    def codegen(low, sig, args):
        b = low.builder
        start, step, count = slice_indices(low, args[0], low.ctx.cast(b, args[1], length, int64))
        out = ir.Constant(result.llvm(), ir.Undefined)
        for i, v in enumerate((start, step, count)):
            out = b.insert_value(out, v, i)
        return out
    return Signature(result, (sl, length)), codegen
