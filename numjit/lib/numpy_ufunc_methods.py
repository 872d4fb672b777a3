"""Methods of NumPy's ufuncs in compiled code: np.add.reduce(a, axis=0), np.maximum.accumulate(a),
np.add.reduceat(a, indices), np.multiply.outer(a, b), np.add.at(a, indices, b) — for every ufunc
numjit compiles and for numjit's own vectorize objects (numba 0.68 has none of them).

reduce folds over one axis (0 by default), several (a tuple; several only for the ufuncs NumPy
allows it), all (None) or none (()), with dtype=, out=, keepdims=, initial= and where= as NumPy: it starts
from `initial`, else the ufunc's identity, else the first item (an empty reduction without either
is NumPy's ValueError, so is where= without either). The default dtype is NumPy's: add and
multiply widen small integers and bools to int64 (uint64), the other ufuncs keep their loop's
output dtype (np.divide.reduce of ints is float64). accumulate scans along one axis (dtype=,
out=); reduceat reduces a[indices[i]:indices[i + 1]] along the axis (a[indices[i]] where that
slice is empty). outer applies the ufunc to every pair (the result's shape is a.shape + b.shape).
at applies it in place at the points that an index (an int array or int) or a tuple of them picks
from the first axes, once per point, repeated points accumulating (unbuffered).

    >>> import numpy as np
    >>> from numjit.types import float64, int64, Tuple
    >>> reduce_dtype(np.add, np.dtype(np.int32)), reduce_dtype(np.divide, np.dtype(np.int64))
    (dtype('int64'), dtype('float64'))
    >>> _reduce_typer(np.maximum)(float64[:, :]).__name__
    'reduce_impl'
    >>> _at_typer(np.add)(float64[:, :], Tuple((int64[:], int64)), float64).__name__
    'at_impl'
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.arrayexpr import UFUNC_SCALAR
from ..intrinsics.creation import dtype_from_const
from ..misc.special import literal_unroll
from ..intrinsics.shapes import axis_last, lane, lane_count, tuple_setitem
from ..types import Array, Boolean, Const, Integer, Number, Tuple
from ..types.scalars import from_dtype
from ..typing.registry import overload
from ..ufunc.pickling import recipe_of
from .guards import array_like, array_of, is_int, is_none, list_of_numbers, scalar_class, specialized
from .numpy_linalg_lapack import literal_flag
from .numpy_index_arrays import list_index


def reduce_dtype(ufunc, dtype, widen=True):
    """The dtype NumPy's ufunc.reduce / accumulate gives for an array of `dtype`, or None (a numjit
    vectorize object without signatures: the array's own dtype)."""
    if widen and ufunc in (np.add, np.multiply) and dtype.kind in "bui" and dtype.itemsize < 8:
        dtype = np.dtype(np.uint64 if dtype.kind == "u" else np.int64)
    if not isinstance(ufunc, np.ufunc):
        return dtype
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
    recipe = recipe_of(ufunc)
    if recipe is not None:                        # numjit's vectorize: its identity= option says
        return recipe.options.get("identity") is not None
    try:
        with np.errstate(all="ignore"):
            ufunc.reduce(np.ones((1, 1), np.dtype(ufunc.types[-1][0])), axis=None)
    except ValueError:
        return False
    return True


@specialized
def _scan(ufunc, cls):
    """scan(v, out): out[j] = ufunc folded over v[:j + 1], in dtype cls (accumulate)."""
    def scan(v, out):
        if len(v) == 0:
            return
        acc = cls(v[0])
        out[0] = acc
        for j in range(1, len(v)):
            acc = cls(ufunc(acc, cls(v[j])))
            out[j] = acc
    return scan


def _no_value(t):
    return t is None or is_none(t)


def _normalize_axis(axis, ndim):
    if axis < -ndim or axis >= ndim:
        raise np.exceptions.AxisError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return axis + ndim if axis < 0 else axis


def _axes_int(axis, shape):
    return (_normalize_axis(axis, len(shape)),)


def _axes_all(axis, shape):
    axes = shape
    for d in range(len(shape)):
        axes = tuple_setitem(axes, d, d)
    return axes


def _axes_tuple(axis, shape):
    axes = axis
    for i in range(len(axis)):
        axes = tuple_setitem(axes, i, _normalize_axis(axis[i], len(shape)))
        for j in range(i):
            if axes[j] == axes[i]:
                raise ValueError("duplicate value in 'axis'")
    return axes


def _no_axes(axis, shape):
    return (-1,)                                  # axis=(): no axis is reduced (-1 matches none)


def _contains(axes, d):
    for i in range(len(axes)):
        if axes[i] == d:
            return True
    return False


def _reduced_last(shape, axes):
    """The permutation that puts the kept axes first and the reduced ones last (each in order)."""
    perm, j = shape, 0
    for d in range(len(shape)):
        if not _contains(axes, d):
            perm = tuple_setitem(perm, j, d)
            j += 1
    for d in range(len(shape)):
        if _contains(axes, d):
            perm = tuple_setitem(perm, j, d)
            j += 1
    return perm


def _kept_shape(shape, axes):
    """shape with the reduced axes of length one (keepdims=True)."""
    for i in range(len(axes)):
        if axes[i] >= 0:
            shape = tuple_setitem(shape, axes[i], 1)
    return shape


@specialized
def _fold(ufunc, cls, start, masked):
    """fold(v, m, initial) → ufunc folded over the 1-d view v (only where m, when masked) in dtype
    cls, from `initial` (start "initial"), the ufunc's identity ("identity") or v[0] ("first")."""
    identity = ufunc.identity
    empty = f"zero-size array to reduction operation {ufunc.__name__} which has no identity"

    def from_first(v, m, initial):
        if len(v) == 0:
            raise ValueError(empty)
        acc = cls(v[0])
        for j in range(1, len(v)):
            acc = cls(ufunc(acc, cls(v[j])))
        return acc

    def from_identity(v, m, initial):
        return from_value(v, m, cls(identity))

    def from_initial(v, m, initial):
        return from_value(v, m, cls(initial))

    def over_all(v, m, acc):
        for j in range(len(v)):
            acc = cls(ufunc(acc, cls(v[j])))
        return acc

    def over_masked(v, m, acc):
        for j in range(len(v)):
            if m[j]:
                acc = cls(ufunc(acc, cls(v[j])))
        return acc
    from_value = over_masked if masked else over_all
    return {"first": from_first, "identity": from_identity, "initial": from_initial}[start]


@specialized
def _reduce_impl(fold, cls, axes_of, nk, merged, masked, finish):
    """reduce along the axes `axes_of(axis, shape)` names: those moved last (merged into one when
    several), one fold per lane; nk axes are kept."""
    def lanes(v):
        if not merged:
            return v
        n = 1
        for d in range(nk, v.ndim):
            n *= v.shape[d]
        return v.reshape(v.shape[:nk] + (n,))

    def reduce_impl(array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=True):
        a = np.asarray(array)
        axes = axes_of(axis, a.shape)
        perm = _reduced_last(a.shape, axes)
        w = lanes(np.transpose(a, perm))
        m = lanes(np.transpose(np.broadcast_to(where, a.shape), perm)) if masked else w
        res = np.empty(w.shape[:-1], cls)
        flat = res.reshape(-1)
        for k in range(flat.size):
            flat[k] = fold(lane(w, k), lane(m, k), initial)
        return finish(res, out, _kept_shape(a.shape, axes))

    def reduce_to_scalar(array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=True):
        a = np.asarray(array)
        axes_of(axis, a.shape)                    # checks the axis
        v = a.ravel() if merged else a            # every axis is reduced: one lane, nothing allocated
        return fold(v, v, initial)
    return reduce_to_scalar if finish is _as_scalar and not masked else reduce_impl


def _as_is(res, out, kept):
    return res


def _as_scalar(res, out, kept):
    return res.reshape(-1)[0]


def _as_kept(res, out, kept):
    return res.reshape(kept)


def _into_out(res, out, kept):
    if out.shape != res.shape:
        raise ValueError("output parameter for reduction operation has the wrong shape")
    out[...] = res
    return out


def _into_out_kept(res, out, kept):
    return _into_out(res.reshape(kept), out, kept)


def _where_needs_initial(name):
    message = (f"reduction operation '{name}' does not have an identity, so to use a where mask one has "
               "to specify 'initial'")

    def reduce_where_error(array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=True):
        raise ValueError(message)
    return reduce_where_error


def _axes_kind(axis, ndim):
    """(axes_of, number of reduced axes) for an axis argument type, or None."""
    if axis is None or is_int(axis):
        return _axes_int, 1
    if is_none(axis):
        return _axes_all, ndim
    if isinstance(axis, Tuple) and all(is_int(t) for t in axis.items):
        return (_axes_tuple, len(axis.items)) if axis.items else (_no_axes, 0)
    return None


def _reduce_typer(ufunc):
    name = ufunc.__name__

    def typer(array, axis=None, dtype=None, out=None, keepdims=None, initial=None, where=None):
        arr = array_of(array)
        kind = _axes_kind(axis, arr.ndim) if arr is not None else None
        if kind is None:
            return None
        if arr.ndim == 0:
            raise TypingError(f"np.{name}.reduce() of a 0-d array (NumPy: it cannot reduce)")
        keep = literal_flag(keepdims, False, f"np.{name}.reduce(): keepdims")
        if keep is None:
            return None
        axes_of, naxes = kind
        if naxes > 1 and not reorderable(ufunc):
            raise TypingError(f"reduction operation {name!r} is not reorderable, so at most one axis "
                              "may be specified")
        cls = _element_class(ufunc, arr, dtype, "reduce")
        masked = not (_no_value(where) or isinstance(where, Const) and where.value is True)
        if masked and array_of(where) is None and not isinstance(where, Boolean):
            raise TypingError(f"np.{name}.reduce(): where= must be a bool or an array of bools, not {where}")
        start = "initial" if not _no_value(initial) else "first" if ufunc.identity is None else "identity"
        if masked and start == "first":
            return _where_needs_initial(name)
        nk = arr.ndim - naxes
        if _no_value(out):
            finish = _as_kept if keep else _as_scalar if nk == 0 else _as_is
        else:
            given = array_of(out)
            if given is None or given.ndim != (arr.ndim if keep else nk):
                raise TypingError(f"np.{name}.reduce(): out= must be an array of {arr.ndim if keep else nk} "
                                  f"dimensions, not {out}")
            finish = _into_out_kept if keep else _into_out
        return _reduce_impl(_fold(ufunc, cls, start, masked), cls, axes_of, nk, naxes != 1, masked, finish)
    return typer


def _element_class(ufunc, arr, dtype, method):
    """The NumPy scalar class a reduce / accumulate computes in (dtype= given or NumPy's default)."""
    if not _no_value(dtype):
        given = dtype_from_const(dtype)
        if reduce_dtype(ufunc, given.dtype, widen=False) != given.dtype or \
                not np.can_cast(arr.dtype.dtype, given.dtype, "same_kind"):
            raise TypingError(f"np.{ufunc.__name__}.{method}(): no loop for dtype={given} from {arr.dtype} "
                              "(NumPy: cannot cast with casting rule 'same_kind')")
        return scalar_class(given)
    found = reduce_dtype(ufunc, arr.dtype.dtype)
    if found is None:
        raise TypingError(f"np.{ufunc.__name__}.{method}: no loop for {arr.dtype}")
    return scalar_class(from_dtype(found))


@specialized
def _accumulate_impl(ufunc, cls, has_out):
    scan = _scan(ufunc, cls)

    def accumulate(array, axis=0, dtype=None, out=None):
        out = np.empty(array.shape, cls)
        v, w = axis_last(array, axis), axis_last(out, axis)
        for k in range(lane_count(v)):
            scan(lane(v, k), lane(w, k))
        return out

    def accumulate_into(array, axis=0, dtype=None, out=None):
        if out.shape != array.shape:
            raise ValueError(f"np.{ufunc.__name__}.accumulate(): out has the wrong shape")
        v, w = axis_last(array, axis), axis_last(out, axis)
        for k in range(lane_count(v)):
            scan(lane(v, k), lane(w, k))
        return out
    return accumulate_into if has_out else accumulate


def _accumulate_typer(ufunc):
    def typer(array, axis=None, dtype=None, out=None):
        arr = array_of(array)
        if arr is None or not (axis is None or is_int(axis)):
            return None
        if arr.ndim == 0:
            raise TypingError(f"np.{ufunc.__name__}.accumulate() of a 0-d array (NumPy: it cannot accumulate)")
        given = array_of(out)
        if not _no_value(out) and (given is None or given.ndim != arr.ndim):
            raise TypingError(f"np.{ufunc.__name__}.accumulate(): out= must be an array shaped like the input")
        return _accumulate_impl(ufunc, _element_class(ufunc, arr, dtype, "accumulate"), not _no_value(out))
    return typer


@specialized
def _reduceat_impl(ufunc, cls, has_out):
    fold = _fold(ufunc, cls, "first", False)
    name = ufunc.__name__

    def reduceat(array, indices, axis=0, dtype=None, out=None):
        a = np.asarray(array)
        idx = np.asarray(indices)
        ax = _normalize_axis(axis, a.ndim)
        n, m = a.shape[ax], len(idx)
        for i in range(m):
            if idx[i] < 0 or idx[i] >= n:
                raise IndexError(f"index {idx[i]} out-of-bounds in {name}.reduceat [0, {n})")
        shape = tuple_setitem(a.shape, ax, m)
        if has_out:
            if out.shape != shape:
                raise ValueError(f"{name}.reduceat(): out has the wrong shape")
            res = out
        else:
            res = np.empty(shape, cls)
        v, w = axis_last(a, ax), axis_last(res, ax)
        for k in range(lane_count(v)):
            src, dst = lane(v, k), lane(w, k)
            for i in range(m):
                stop = idx[i + 1] if i + 1 < m else n
                dst[i] = fold(src[idx[i]:stop], src, None) if idx[i] < stop else cls(src[idx[i]])
        return res
    return reduceat


def _reduceat_typer(ufunc):
    name = ufunc.__name__

    def typer(array, indices, axis=None, dtype=None, out=None):
        arr, idx = array_of(array), array_of(indices)
        if arr is None or not (axis is None or is_int(axis)):
            return None
        if arr.ndim == 0 or idx is None or idx.ndim != 1 or not isinstance(idx.dtype, Integer):
            raise TypingError(f"np.{name}.reduceat() takes an array of at least one dimension and a 1-d array "
                              f"of integer indices, not ({array}, {indices})")
        given = array_of(out)
        if not _no_value(out) and (given is None or given.ndim != arr.ndim):
            raise TypingError(f"np.{name}.reduceat(): out= must be an array of {arr.ndim} dimensions, not {out}")
        return _reduceat_impl(ufunc, _element_class(ufunc, arr, dtype, "reduceat"), not _no_value(out))
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


def _index_arrays(indices):
    """(np.atleast_1d(indices[0]), np.atleast_1d(indices[1]), ...) of a tuple of ints and int arrays"""


def _index_arrays_head(indices):
    return (np.atleast_1d(np.asarray(indices[0])),) + _index_arrays(indices[1:])


def _no_indices(indices):
    return ()


@overload(_index_arrays)
def _index_arrays_typer(indices):
    return _index_arrays_head if indices.items else _no_indices


def _as_index_tuple(indices):
    return _index_arrays(indices)


def _as_index_one(indices):
    return (np.atleast_1d(np.asarray(indices)),)


@specialized
def _at_impl(ufunc, binary, b_is_array, k, as_tuple):
    """ufunc.at: the index arrays (and ints) broadcast together pick len(index) points of a's first
    k axes; the ufunc updates a there (each point's sub-array over the other axes) in order, with
    repeated points applied again each time (unbuffered)."""
    def at_impl(a, indices, b=None):
        picked = np.broadcast_arrays(*as_tuple(indices))
        n = picked[0].size
        points = np.empty((k, n), np.int64)
        j = 0
        for ix in literal_unroll(picked):
            points[j] = ix.ravel()
            j += 1
        if b_is_array:
            bb = np.broadcast_to(b, picked[0].shape + a.shape[k:]).reshape((n,) + a.shape[k:])
        pos = a.shape[:k]
        for p in range(n):
            for d in range(k):
                i = points[d, p]
                if i < -a.shape[d] or i >= a.shape[d]:
                    raise IndexError(f"index {i} is out of bounds for axis {d} with size {a.shape[d]}")
                pos = tuple_setitem(pos, d, i + a.shape[d] if i < 0 else i)
            if not binary:
                a[pos] = ufunc(a[pos])
            elif b_is_array:
                a[pos] = ufunc(a[pos], bb[p])
            else:
                a[pos] = ufunc(a[pos], b)
    return at_impl


@specialized
def _at_of_lists(ufunc, take_indices, take_b):
    """ufunc.at with (nested) lists as indices or as b: NumPy's array_likes, made arrays first."""
    def at_of_lists(a, indices, b=None):
        ufunc.at(a, take_indices(indices), take_b(b))

    def unary_at_of_lists(a, indices, b=None):
        ufunc.at(a, take_indices(indices))
    return at_of_lists if ufunc.nin == 2 else unary_at_of_lists


def _at_typer(ufunc):
    name = ufunc.__name__

    def typer(a, indices, b=None):
        if not isinstance(a, Array) or a.ndim == 0:
            raise TypingError(f"np.{name}.at() takes an array of at least one dimension, not {a}")
        items = indices.items if isinstance(indices, Tuple) else (indices,)
        if any(list_of_numbers(t) for t in items) or list_of_numbers(b):     # np.add.at(a, [0, 0, 2], 1.0)
            take = list_index(indices) or array_like(indices)
            return _at_of_lists(ufunc, take, array_like(b))
        for t in items:
            idx = array_of(t)
            if not ((idx is not None and isinstance(idx.dtype, Integer)) or is_int(t)):
                raise TypingError(f"np.{name}.at(): indices must be integers or integer arrays (or a tuple of "
                                  f"them) in compiled code, not {indices}")
        if not 0 < len(items) <= a.ndim:
            raise TypingError(f"np.{name}.at(): {len(items)} indices for a {a.ndim}-d array")
        binary = ufunc.nin == 2
        if binary == (b is None or is_none(b)):
            raise TypingError(f"np.{name}.at() takes {'a' if binary else 'no'} second operand b")
        b_arr = array_of(b) if binary else None
        if b_arr is None and binary and not isinstance(b, Number):
            raise TypingError(f"np.{name}.at(): b must be a number or an array, not {b}")
        return _at_impl(ufunc, binary, b_arr is not None, len(items),
                        _as_index_tuple if isinstance(indices, Tuple) else _as_index_one)
    return typer


def register_methods(ufunc):
    """Register the methods of `ufunc` (a NumPy ufunc, or a numjit vectorize object met in compiled
    code) with the typing registry; idempotent."""
    if ufunc in _REGISTERED:
        return
    _REGISTERED.add(ufunc)
    overload(ufunc.at)(_at_typer(ufunc))
    if ufunc.nin == 2:
        overload(ufunc.reduce)(_reduce_typer(ufunc))
        overload(ufunc.accumulate)(_accumulate_typer(ufunc))
        overload(ufunc.reduceat)(_reduceat_typer(ufunc))
        overload(ufunc.outer)(_outer_typer(ufunc))


_REGISTERED = set()
for _f in UFUNC_SCALAR:
    if isinstance(_f, np.ufunc) and _f.nout == 1:
        register_methods(_f)
