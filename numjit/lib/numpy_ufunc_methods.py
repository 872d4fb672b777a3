"""Methods of NumPy's ufuncs in compiled code: np.add.reduce(a, axis=0), np.maximum.accumulate(a),
np.multiply.outer(a, b), np.add.at(a, indices, b) — for every ufunc numjit compiles (numba 0.68
has none of them).

reduce and accumulate fold along one axis (0 by default, as NumPy's; reduce takes axis=None
too, for the ufuncs NumPy allows it) in NumPy's dtype: add and multiply widen small integers
and bools to int64 (uint64), the other ufuncs keep their loop's output dtype (np.divide.reduce
of ints is float64); an empty reduction gives the ufunc's identity, or NumPy's ValueError when
it has none. outer applies the ufunc to every pair (the result's shape is a.shape + b.shape).
at applies it in place, once per index, repeated indices accumulating (1-d arrays).

    >>> import numpy as np
    >>> from numjit.types import int32, float64, int64
    >>> reduce_dtype(np.add, np.dtype(np.int32)), reduce_dtype(np.divide, np.dtype(np.int64))
    (dtype('int64'), dtype('float64'))
    >>> _reduce_typer(np.maximum)(float64[:, :]).__name__, _at_typer(np.add)(float64[:], int64[:], float64).__name__
    ('reduce_axis', 'at_impl')
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.arrayexpr import UFUNC_SCALAR
from ..intrinsics.shapes import axis_last, lane, lane_count
from ..types import Array, Integer, Number
from ..types.scalars import from_dtype
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, scalar_class, specialized


def reduce_dtype(ufunc, dtype):
    """The dtype NumPy's ufunc.reduce / accumulate gives for an array of `dtype`, or None."""
    if ufunc in (np.add, np.multiply) and dtype.kind in "bui" and dtype.itemsize < 8:
        dtype = np.dtype(np.uint64 if dtype.kind == "u" else np.int64)
    try:
        out = ufunc.resolve_dtypes((dtype, dtype, None))[-1]
        if ufunc.resolve_dtypes((out, dtype, None))[-1] != out:
            return None
    except (TypeError, ValueError):
        return None
    return out if from_dtype(out) is not None else None


@specialized
def reorderable(ufunc):
    """Whether NumPy reduces `ufunc` over several axes at once (subtract, divide, ... it refuses)."""
    try:
        with np.errstate(all="ignore"):
            ufunc.reduce(np.ones((1, 1), np.dtype(ufunc.types[-1][0])), axis=None)
    except ValueError:
        return False
    return True


@specialized
def _folds(ufunc, cls):
    """fold(lane) → ufunc folded over a 1-d view from its first item, in dtype cls."""
    identity = ufunc.identity
    message = f"zero-size array to reduction operation {ufunc.__name__} which has no identity"

    def fold(v):
        if len(v) == 0:
            if identity is None:
                raise ValueError(message)
            return cls(identity)
        acc = cls(v[0])
        for j in range(1, len(v)):
            acc = cls(ufunc(acc, v[j]))
        return acc

    def scan(v, out):
        if len(v) == 0:
            return
        acc = cls(v[0])
        out[0] = acc
        for j in range(1, len(v)):
            acc = cls(ufunc(acc, v[j]))
            out[j] = acc
    return fold, scan


@specialized
def _reduce_impl(ufunc, cls, ndim, whole):
    fold = _folds(ufunc, cls)[0]

    def reduce_all(array, axis=0):
        return fold(array.ravel())

    def reduce_1d(array, axis=0):
        return fold(axis_last(array, axis))          # axis_last checks the axis

    def reduce_axis(array, axis=0):
        v = axis_last(array, axis)
        out = np.empty(v.shape[:-1], cls)
        flat = out.reshape(-1)
        for k in range(flat.size):
            flat[k] = fold(lane(v, k))
        return out
    if whole:
        return reduce_all
    return reduce_1d if ndim == 1 else reduce_axis


def _element_class(ufunc, arr):
    dtype = reduce_dtype(ufunc, arr.dtype.dtype)
    if dtype is None:
        raise TypingError(f"np.{ufunc.__name__}.reduce / accumulate: no loop for {arr.dtype}")
    return scalar_class(from_dtype(dtype))


def _reduce_typer(ufunc):
    def typer(array, axis=None):
        arr = array_of(array)
        if arr is None or not (axis is None or is_none(axis) or is_int(axis)):
            return None
        if arr.ndim == 0:
            raise TypingError(f"np.{ufunc.__name__}.reduce() of a 0-d array (NumPy: it cannot reduce)")
        whole = axis is not None and is_none(axis)
        if whole and arr.ndim > 1 and not reorderable(ufunc):
            raise TypingError(f"reduction operation {ufunc.__name__!r} is not reorderable, so at most one axis "
                              "may be specified")
        return _reduce_impl(ufunc, _element_class(ufunc, arr), arr.ndim, whole)
    return typer


@specialized
def _accumulate_impl(ufunc, cls):
    scan = _folds(ufunc, cls)[1]

    def accumulate(array, axis=0):
        out = np.empty(array.shape, cls)
        v, w = axis_last(array, axis), axis_last(out, axis)
        for k in range(lane_count(v)):
            scan(lane(v, k), lane(w, k))
        return out
    return accumulate


def _accumulate_typer(ufunc):
    def typer(array, axis=None):
        arr = array_of(array)
        if arr is None or not (axis is None or is_int(axis)):
            return None
        if arr.ndim == 0:
            raise TypingError(f"np.{ufunc.__name__}.accumulate() of a 0-d array (NumPy: it cannot accumulate)")
        return _accumulate_impl(ufunc, _element_class(ufunc, arr))
    return typer


@specialized
def _outer_impl(ufunc):
    def outer(a, b):
        x, y = np.asarray(a), np.asarray(b)
        pairs = ufunc(np.ravel(x).reshape((x.size, 1)), np.ravel(y))
        return pairs.reshape(x.shape + y.shape)
    return outer


def _outer_typer(ufunc):
    def typer(a, b):
        if not all(array_of(t) is not None or isinstance(t, Number) for t in (a, b)):
            return None
        return _outer_impl(ufunc)
    return typer


@specialized
def _at_impl(ufunc, binary, b_is_array):
    def operand(b, k):
        if b_is_array:
            return b[0] if b.size == 1 else b[k]
        return b

    def at_impl(a, indices, b=None):
        idx = np.asarray(indices).ravel()
        if b_is_array and b.size != 1 and b.size != idx.size:
            raise ValueError("operands could not be broadcast together")
        n = len(a)
        for k in range(idx.size):
            i = idx[k]
            if i < -n or i >= n:
                raise IndexError("index out of bounds for ufunc.at")
            a[i] = ufunc(a[i], operand(b, k)) if binary else ufunc(a[i])
    return at_impl


def _at_typer(ufunc):
    def typer(a, indices, b=None):
        if not isinstance(a, Array) or a.ndim != 1:
            raise TypingError(f"np.{ufunc.__name__}.at() takes a 1-d array in compiled code")
        idx = array_of(indices)
        if not ((idx is not None and isinstance(idx.dtype, Integer)) or is_int(indices)):
            raise TypingError(f"np.{ufunc.__name__}.at(): indices must be integers, not {indices}")
        binary = ufunc.nin == 2
        if binary == (b is None or is_none(b)):
            raise TypingError(f"np.{ufunc.__name__}.at() takes {'a' if binary else 'no'} second operand b")
        b_arr = array_of(b) if binary else None
        if b_arr is not None and b_arr.ndim != 1:
            raise TypingError(f"np.{ufunc.__name__}.at(): b must be a number or a 1-d array in compiled code")
        return _at_impl(ufunc, binary, b_arr is not None)
    return typer


for _f in UFUNC_SCALAR:
    if isinstance(_f, np.ufunc) and _f.nout == 1:
        overload(_f.at)(_at_typer(_f))
        if _f.nin == 2:
            overload(_f.reduce)(_reduce_typer(_f))
            overload(_f.accumulate)(_accumulate_typer(_f))
            overload(_f.outer)(_outer_typer(_f))
