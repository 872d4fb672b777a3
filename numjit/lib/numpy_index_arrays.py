"""NumPy's integer-array indexing in full, as plain Python: any number of index arrays in a
subscript, with ints, slices, None and `...` between them; lists as indexes; np.ix_.

* `a[i, j]`, `a[i2, j1]` — the index arrays (any integer dtype, any ndim) broadcast together;
  the result has their broadcast shape, followed by the axes the slices leave;
* `a[:, i, j]` — index arrays side by side put their dims where they stand; `a[i, :, j]`
  (separated by a slice, None or `...`; ints count as index arrays) puts them first;
* a k-d boolean array among them stands for its k nonzero() arrays;
* `a[i, j] = v` and `a[i, j] += v` — v a scalar or an array broadcast to the selection;
  repeated positions are written once per occurrence, the last one wins (no accumulation);
* `a[[0, 2]]`, `a[:, [1, 3]]`, `a[[True, False, True]]`, `a[i, j] = [1.0, 2.0]`: lists are
  arrays, as in NumPy; nested lists are n-d arrays (`a[[[0, 1], [1, 2]]]` has shape (2, 2, ...));
* `np.ix_(i, j)` — the open mesh, a tuple of arrays shaped (len(i), 1), (1, len(j)).

Negative indexes count from the end; out-of-range indexes, masks of the wrong shape and index
arrays that do not broadcast raise IndexError with NumPy's messages.

    >>> from numjit.types import float64, int64, int8, Tuple
    >>> from numjit.intrinsics.slices import advanced_plan
    >>> plan = advanced_plan(float64[:, :, :], Tuple((int64[::1], int8[:, :])))
    >>> _result_ndim(plan), _gather(float64.dtype.type, plan).__name__
    (3, 'gather')
"""
import numpy as np

from ..intrinsics.shapes import tuple_setitem
from ..intrinsics.slices import basic_part
from ..types import Array, Boolean, List, Number, Tuple
from ..typing.registry import overload
from .guards import array_of, is_int, list_item, specialized


def _ndim(nd, is_mask):
    """How many broadcast dims an index array brings: a mask's nonzero() arrays are 1-D."""
    return 1 if is_mask else nd


def _broadcast_ndim(plan):
    return max(_ndim(nd, is_mask) for _, is_mask, nd in plan.arrays)


def _result_ndim(plan):
    return _broadcast_ndim(plan) + plan.ndim - len(plan.qs)


# -- errors: one signature for every plan, so a function with many subscripts formats them once ---

def _shape_text(shape, nd):
    """The last nd items of shape as NumPy's indexing messages write a shape: '(3,)', '(2,3)', '()'."""
    text = "("
    for d in range(len(shape) - nd, len(shape)):
        text += ("," if d > len(shape) - nd else "") + str(shape[d])
    return text + ("," if nd == 1 else "") + ")"


def _out_of_bounds(i, axis, n):
    raise IndexError(f"index {i} is out of bounds for axis {axis} with size {n}")


def _mask_mismatch(axis, n, m):
    raise IndexError(f"boolean index did not match indexed array along axis {axis}; size of axis is {n} "
                     f"but size of corresponding boolean axis is {m}")


def _arrays_mismatch(ps, nds):
    """ps: the index arrays with leading 1s added; nds: their own ndims."""
    text = ""
    for j in range(len(nds)):
        text += _shape_text(ps[j].shape, nds[j]) + " "
    raise IndexError("shape mismatch: indexing arrays could not be broadcast together with shapes " + text)


def _value_mismatch(value_shape, shape):
    raise ValueError(f"shape mismatch: value array of shape {_shape_text(value_shape, len(value_shape))} could "
                     f"not be broadcast to indexing result of shape {_shape_text(shape, len(shape))}")


# -- the index arrays as one homogeneous tuple of int64 arrays of D dims --------------------------

def _no_arrays(index, shape):
    return ()


@specialized
def _mask_items(nd, pad, t):
    """f(nz) -> nz[t:] (a mask's nonzero() arrays), each reshaped to pad + (count,)."""
    if t == nd:
        return lambda nz: ()
    rest = _mask_items(nd, pad, t + 1)

    def mask_items(nz):
        return (nz[t].reshape(pad + nz[t].shape),) + rest(nz)
    return mask_items


@specialized
def _index_arrays(arrays, qs, axes, D, k=0, j=0):
    """f(index, shape) -> the index arrays arrays[k:] of index (j counts the ones before, masks
    split), each as an int64 array of D dims (leading 1s added); shape is basic_part's shape."""
    if k == len(arrays):
        return _no_arrays
    p, is_mask, nd = arrays[k]
    rest = _index_arrays(arrays, qs, axes, D, k + 1, j + (nd if is_mask else 1))
    pad = (1,) * (D - _ndim(nd, is_mask))
    if not is_mask:
        def int_items(index, shape):
            idx = index[p]
            return (idx.astype(np.int64).reshape(pad + idx.shape),) + rest(index, shape)
        return int_items
    split = _mask_items(nd, pad, 0)
    q, axis = qs[j], axes[j]

    def mask_items(index, shape):
        mask = index[p]
        for d in range(nd):
            if mask.shape[d] != shape[q + d]:
                _mask_mismatch(axis + d, shape[q + d], mask.shape[d])
        return split(np.nonzero(mask)) + rest(index, shape)
    return mask_items


def _broadcast_shape(ps, nds):
    """The shape the index arrays ps (int64 arrays of one ndim; nds: their own ndims) broadcast
    to, and its size."""
    out = ps[0].shape
    for j in range(len(ps)):
        for d in range(len(out)):
            n = ps[j].shape[d]
            if n != out[d] and n != 1 and out[d] != 1:
                _arrays_mismatch(ps, nds)
            if out[d] == 1:
                out = tuple_setitem(out, d, n)
    count = 1
    for n in out:
        count *= n
    return out, count


def _fill_positions(P, j, p, out, n, axis):
    """P[j] = the items of p (C-contiguous) broadcast to the shape out, in C order, as positions
    into an axis of length n (wrapped, checked)."""
    src = p.ravel()
    D = len(out)
    step = np.empty(D, np.int64)
    size = 1
    for d in range(D - 1, -1, -1):
        step[d] = 0 if p.shape[d] == 1 else size
        size *= p.shape[d]
    at = np.zeros(D, np.int64)
    off = 0
    for k in range(P.shape[1]):
        i = src[off]
        if i < -n or i >= n:
            _out_of_bounds(i, axis, n)
        P[j, k] = i + n if i < 0 else i
        d = D - 1
        while d >= 0:                            # the next index of out, C order
            at[d] += 1
            off += step[d]
            if at[d] < out[d]:
                break
            off -= step[d] * out[d]
            at[d] = 0
            d -= 1


@specialized
def _positions(plan):
    """f(index, shape) -> (broadcast shape of the index arrays, P): P[j, k] is the j-th index
    array's k-th position (C order of the broadcast shape), wrapped and checked against shape."""
    D = max(_broadcast_ndim(plan), 1)             # 0-d index arrays only: shape (1,), dropped after
    nds = tuple(_ndim(nd, is_mask) for _, is_mask, nd in plan.arrays for _ in range(nd if is_mask else 1))
    qs, axes = plan.qs, plan.axes
    to_arrays = _index_arrays(plan.arrays, qs, axes, D)

    def positions(index, shape):
        ps = to_arrays(index, shape)
        out, count = _broadcast_shape(ps, nds)
        P = np.empty((len(ps), count), np.int64)
        for j in range(len(ps)):
            _fill_positions(P, j, ps[j], out, shape[qs[j]], axes[j])
        return out, P
    return positions


def _orders(plan):
    """(perm, back): perm puts basic_part's index-array axes first; back moves the broadcast dims
    of a (broadcast + rest) result to where NumPy puts them (None: they stay first)."""
    qs = plan.qs
    perm = qs + tuple(d for d in range(plan.ndim) if d not in qs)
    if plan.front or qs[0] == 0 or _broadcast_ndim(plan) == 0:
        return perm, None
    D, r = _broadcast_ndim(plan), plan.ndim - len(qs)
    before = qs[0]
    back = tuple(range(D, D + before)) + tuple(range(D)) + tuple(range(D + before, D + r))
    return perm, back


# -- reading ------------------------------------------------------------------------------------

@specialized
def _gather(cls, plan):
    positions = _positions(plan)
    perm, back = _orders(plan)
    m = len(plan.qs)
    dropped = _broadcast_ndim(plan) == 0

    def gather(a, index):
        v = basic_part(a, index)
        shape, P = positions(index, v.shape)
        w = np.transpose(v, perm)
        rest = w.shape[m:]
        out = np.empty(shape + rest, cls)
        flat = out.reshape((P.shape[1],) + rest)
        at = w.shape[:m]
        for k in range(P.shape[1]):
            for j in range(m):
                at = tuple_setitem(at, j, P[j, k])
            flat[k] = w[at]
        return out

    def gather_moved(a, index):
        return np.transpose(gather(a, index), back)

    def gather_dropped(a, index):
        return gather(a, index)[0]
    return gather_dropped if dropped else gather if back is None else gather_moved


# -- assignment ---------------------------------------------------------------------------------

def _permuted(shape, order):
    """np.transpose(x, order).shape for x of this shape."""
    out = shape
    for i in range(len(order)):
        out = tuple_setitem(out, i, shape[order[i]])
    return out


def _fit_value(value, shape):
    """value broadcast to the indexing result's shape, with NumPy's error when it does not fit."""
    off = len(shape) - value.ndim
    for d in range(value.ndim):
        if value.shape[d] != 1 and value.shape[d] != shape[off + d]:
            _value_mismatch(value.shape, shape)
    return np.broadcast_to(value, shape)


@specialized
def _scatter(plan, value_ndim):
    """The setter of a[index] = value for value a scalar (value_ndim None) or an array."""
    positions = _positions(plan)
    perm, back = _orders(plan)
    m = len(plan.qs)
    forth = None if back is None else tuple(int(i) for i in np.argsort(back))

    def scatter(a, index, value):
        v = basic_part(a, index)
        shape, P = positions(index, v.shape)
        w = np.transpose(v, perm)
        at = w.shape[:m]
        for k in range(P.shape[1]):
            for j in range(m):
                at = tuple_setitem(at, j, P[j, k])
            w[at] = value

    def scatter_array(a, index, value):
        v = basic_part(a, index)
        shape, P = positions(index, v.shape)
        w = np.transpose(v, perm)
        rest = w.shape[m:]
        if forth is None:
            fitted = _fit_value(value, shape + rest)
        else:
            fitted = np.transpose(_fit_value(value, _permuted(shape + rest, back)), forth)
        flat = np.ascontiguousarray(fitted).reshape((P.shape[1],) + rest)
        at = w.shape[:m]
        for k in range(P.shape[1]):
            for j in range(m):
                at = tuple_setitem(at, j, P[j, k])
            w[at] = flat[k]

    def scatter_0d(a, index, value):
        scatter(a, index, value[()])
    return scatter if value_ndim is None else scatter_0d if value_ndim == 0 else scatter_array


@specialized
def scatter_bare(plan, value_ndim):
    """a[i] = value for one bare n-d integer index array i: the setter of a[(i,)]."""
    scatter = _scatter(plan, value_ndim)

    def scatter_bare(a, index, value):
        scatter(a, (index,), value)
    return scatter_bare


# -- lists as indexes ---------------------------------------------------------------------------

def _is_list_index(t):
    return isinstance(t, List) and (is_int(list_item(t)) or isinstance(list_item(t), Boolean))


def _is_sequence_item(t):
    """A list, or a tuple of ints/bools inside an index tuple: NumPy makes both arrays."""
    if isinstance(t, Tuple) and t.kind == "tuple" and t.items:
        return all(is_int(x) for x in t.items) or all(isinstance(x, Boolean) for x in t.items)
    return _is_list_index(t)


@specialized
def _lists_to_arrays(kinds, k=0):
    """f(index) -> index (a tuple) with the items at which kinds[k:] is True made arrays."""
    if k == len(kinds):
        return lambda index: ()
    rest = _lists_to_arrays(kinds, k + 1)
    if kinds[k]:
        return lambda index: (np.asarray(index[k]),) + rest(index)
    return lambda index: (index[k],) + rest(index)


def list_index(index):
    """For getitem/setitem: the function making index's lists (and tuples inside it) arrays, or None."""
    if _is_list_index(index):
        return np.asarray
    if not isinstance(index, Tuple) or not any(_is_sequence_item(t) for t in index.items):
        return None
    return _lists_to_arrays(tuple(_is_sequence_item(t) for t in index.items))


def is_list_value(t):
    """A list or a tuple of numbers assigned into an array: NumPy makes it an array
    (`a[i, j] = [1.0, 2.0]`, `a[i, :2] = (lo, hi)`)."""
    if isinstance(t, Tuple) and t.kind == "tuple":
        return bool(t.items) and all(isinstance(item, Number) for item in t.items)
    return isinstance(t, List) and isinstance(t.dtype, Number)


def set_list_value(a, index, value):
    a[index] = np.asarray(value)


@specialized
def _via_arrays(convert):
    def get_via_arrays(a, index):
        return a[convert(index)]

    def set_via_arrays(a, index, value):
        a[convert(index)] = value
    return get_via_arrays, set_via_arrays


# -- np.ix_ -------------------------------------------------------------------------------------

@specialized
def _ix_items(kinds, k=0):
    n = len(kinds)
    if k == n:
        return lambda xs: ()
    rest = _ix_items(kinds, k + 1)
    before, after = (1,) * k, (1,) * (n - k - 1)

    def ix_item(xs):
        x = np.asarray(xs[k])
        return (x.reshape(before + x.shape + after),) + rest(xs)

    def ix_mask(xs):
        x = np.nonzero(np.asarray(xs[k]))[0]
        return (x.reshape(before + x.shape + after),) + rest(xs)
    return ix_mask if kinds[k] else ix_item


def _ix_kind(t):
    """For an np.ix_ argument: True (a boolean sequence), False (integers) or None (not allowed)."""
    if _is_sequence_item(t):
        return isinstance(list_item(t) if isinstance(t, List) else t.items[0], Boolean)
    arr = array_of(t)
    if arr is None or arr.ndim != 1 or not (is_int(arr.dtype) or isinstance(arr.dtype, Boolean)):
        return None
    return isinstance(arr.dtype, Boolean)


@overload(np.ix_)
def ix_(*args):
    kinds = tuple(_ix_kind(t) for t in args)
    if None in kinds:
        return None
    items = _ix_items(kinds)

    def ix_impl(*xs):
        return items(xs)
    return ix_impl
