"""np.concatenate and np.stack of a tuple of arrays, written as plain Python.

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
from ..types import Tuple
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


def _zero(*args):
    return 0


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


def _recursion(head, head_0d=None):
    def typer(first, arrays, *rest):
        if not isinstance(arrays, Tuple):
            return None
        if not arrays.items:
            return _zero
        return head_0d if head_0d is not None and arrays.items[0].ndim == 0 else head
    return typer


overload(_concat_length)(_recursion(_concat_length_head))
overload(_concat_copy)(_recursion(_concat_copy_head))
overload(_stack_copy)(_recursion(_stack_copy_head, _stack_copy_0d_head))


# -- np.concatenate / np.stack -------------------------------------------------------------------

def _check(arrays, axis, what):
    items = tuple_of_arrays(arrays)
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
        ax = _normalize_axis(axis, ndim)
        shape = arrays[0].shape
        total = _concat_length(shape, arrays, ax)
        out = np.empty(tuple_setitem(shape, ax, total), cls)
        _concat_copy(out, arrays, ax, 0)
        return out
    return concatenate_impl


@overload(np.concatenate)
def concatenate(arrays, axis=None):
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
