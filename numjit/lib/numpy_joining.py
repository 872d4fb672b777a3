"""np.concatenate (axis=None: the arrays flattened) and np.stack of a tuple or a list of arrays,
written as plain Python.

The tuple may mix dtypes and layouts (the result has NumPy's result dtype), so the
per-array work recurses over the tuple — `arrays[0]`, then `arrays[1:]` — which
unrolls at compile time (each tail is a different tuple type).

    >>> from numjit.types import float64, int32, Tuple
    >>> concatenate(Tuple((float64[:], int32[::1]))).__name__
    'concatenate_impl'
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_last, axis_slice, tuple_insert, tuple_setitem
from ..types import Array, List, Tuple
from ..types.scalars import is_intlike
from ..typing.registry import overload
from .numpy_creation import copy_into
from .guards import tuple_of_arrays, is_none, scalar_class, result_dtype, specialized


def _normalize_axis(axis, ndim):
    return _normalize_named_axis(axis, ndim, "")


def _normalize_named_axis(axis, ndim, prefix):
    """axis in [0, ndim); NumPy's AxisError otherwise, its message after `prefix` ("source: ")."""
    if axis < -ndim or axis >= ndim:
        raise np.exceptions.AxisError(f"{prefix}axis {axis} is out of bounds for array of dimension {ndim}")
    return axis + ndim if axis < 0 else axis


# -- recursive helpers over the tuple (keys; each typer returns the head or the end case) --------

def _concat_length(shape, arrays, axis):
    """Total length along `axis`; ValueError when another dimension differs from `shape`."""


def _concat_copy(dst, arrays, axis, offset):
    """Copy each array into dst (the result) from `offset` on along `axis`."""


def _stack_copy(dst, arrays, k):
    """dst[..., k + i] = arrays[i] for each array."""


def _flat_size(unused, arrays):
    """The arrays' total size (np.concatenate(axis=None))."""


def _flat_copy(dst, arrays, offset):
    """Copy each array, flattened, into the 1-d dst from `offset` on."""


def _zero(*args):
    return 0


def _flat_size_head(unused, arrays):
    return arrays[0].size + _flat_size(0, arrays[1:])


def _flat_copy_head(dst, arrays, offset):
    n = arrays[0].size
    dst[offset:offset + n] = arrays[0].ravel()
    return _flat_copy(dst, arrays[1:], offset + n)


def _concat_length_head(shape, arrays, axis):
    s = arrays[0].shape
    for i in range(len(shape)):
        if i != axis and s[i] != shape[i]:
            raise ValueError("all the input array dimensions except for the concatenation axis "
                             "must match exactly")
    return s[axis] + _concat_length(shape, arrays[1:], axis)


def _concat_copy_head(dst, arrays, axis, offset):
    src = arrays[0]
    n = src.shape[axis]
    copy_into(axis_slice(dst, axis, offset, offset + n), src)
    return _concat_copy(dst, arrays[1:], axis, offset + n)


def _stack_copy_head(dst, arrays, k):
    src = arrays[0]
    if src.shape != dst.shape[:-1]:
        raise ValueError("all input arrays must have the same shape")
    copy_into(dst[..., k], src)
    return _stack_copy(dst, arrays[1:], k + 1)


def _stack_copy_0d_head(dst, arrays, k):
    dst[k] = arrays[0][()]
    return _stack_copy(dst, arrays[1:], k + 1)


def _concat_length_list(shape, arrays, axis):
    total = 0
    for a in arrays:
        total += _concat_length(shape, (a,), axis)
    return total


def _concat_copy_list(dst, arrays, axis, offset):
    for a in arrays:
        _concat_copy(dst, (a,), axis, offset)
        offset += a.shape[axis]
    return 0


def _stack_copy_list(dst, arrays, k):
    for a in arrays:
        _stack_copy(dst, (a,), k)
        k += 1
    return 0


def _flat_size_list(unused, arrays):
    total = 0
    for a in arrays:
        total += a.size
    return total


def _flat_copy_list(dst, arrays, offset):
    for a in arrays:
        _flat_copy(dst, (a,), offset)
        offset += a.size
    return 0


def _recursion(head, loop, head_0d=None):
    """A tuple: its head (then the tail, recursively); a list of arrays: `loop`, which calls the
    tuple form on each array."""
    def typer(first, arrays, *rest):
        if isinstance(arrays, List):
            return loop
        if not isinstance(arrays, Tuple):
            return None
        if not arrays.items:
            return _zero
        return head_0d if head_0d is not None and arrays.items[0].ndim == 0 else head
    return typer


overload(_concat_length)(_recursion(_concat_length_head, _concat_length_list))
overload(_concat_copy)(_recursion(_concat_copy_head, _concat_copy_list))
overload(_stack_copy)(_recursion(_stack_copy_head, _stack_copy_list, _stack_copy_0d_head))
overload(_flat_size)(_recursion(_flat_size_head, _flat_size_list))
overload(_flat_copy)(_recursion(_flat_copy_head, _flat_copy_list))


def items_of(arrays):
    """The array types of a non-empty tuple of arrays, or [the item type] of a list of arrays;
    else None."""
    if isinstance(arrays, List):
        return [arrays.dtype] if isinstance(arrays.dtype, Array) else None
    return tuple_of_arrays(arrays)


def nonempty(arrays, what):
    """NumPy's ValueError for an empty list (a tuple's length is known when compiling)."""


@overload(nonempty)
def _nonempty(arrays, what):
    if isinstance(arrays, List):
        def check(arrays, what):
            if len(arrays) == 0:
                raise ValueError(f"need at least one array to {what}")
        return check
    return lambda arrays, what: None


# -- np.concatenate / np.stack -------------------------------------------------------------------

def _check(arrays, axis, what):
    items = items_of(arrays)
    if items is None:
        return None
    if not (is_none(axis) or is_intlike(axis)):
        return None
    ndims = {a.ndim for a in items}
    if len(ndims) != 1:
        raise TypingError(f"{what}(): all the input arrays must have the same number of dimensions "
                          f"(got {', '.join(map(str, items))})")
    elt = result_dtype(*[a.dtype for a in items])
    if elt is None:
        raise TypingError(f"{what}(): no common dtype for {', '.join(map(str, items))}")
    return ndims.pop(), elt


@specialized
def _concatenate_impl(cls, ndim):
    def concatenate_impl(arrays, axis=0):
        nonempty(arrays, "concatenate")
        ax = _normalize_axis(axis, ndim)
        shape = arrays[0].shape
        total = _concat_length(shape, arrays, ax)
        out = np.empty(tuple_setitem(shape, ax, total), cls)
        _concat_copy(out, arrays, ax, 0)
        return out
    return concatenate_impl


@specialized
def _concatenate_flat(cls):
    def concatenate_flat(arrays, axis=None):
        nonempty(arrays, "concatenate")
        out = np.empty(_flat_size(0, arrays), cls)
        _flat_copy(out, arrays, 0)
        return out
    return concatenate_flat


@overload(np.concatenate)
def concatenate(arrays, axis=None):
    if axis is not None and is_none(axis):               # axis=None given: the arrays flattened
        items = items_of(arrays)
        elt = None if items is None else result_dtype(*[a.dtype for a in items])
        return None if elt is None else _concatenate_flat(scalar_class(elt))
    checked = _check(arrays, axis, "np.concatenate")
    if checked is None:
        return None
    ndim, elt = checked
    if ndim == 0:
        raise TypingError("np.concatenate(): zero-dimensional arrays cannot be concatenated")
    return _concatenate_impl(scalar_class(elt), ndim)


@specialized
def _stack_impl(cls, ndim):
    def stack_impl(arrays, axis=0):
        nonempty(arrays, "stack")
        ax = _normalize_axis(axis, ndim + 1)
        shape = arrays[0].shape
        out = np.empty(tuple_insert(shape, ax, len(arrays)), cls)
        _stack_copy(axis_last(out, ax), arrays, 0)
        return out
    return stack_impl


@overload(np.stack)
def stack(arrays, axis=None):
    checked = _check(arrays, axis, "np.stack")
    if checked is None:
        return None
    ndim, elt = checked
    return _stack_impl(scalar_class(elt), ndim)
