"""Stacking, splitting and repeating written as plain Python: np.vstack / row_stack, hstack,
dstack, column_stack (tuples or lists of arrays of one ndim), np.split / array_split / hsplit /
vsplit / dsplit (a number of sections, or an array, list or tuple of indexes; a list of views),
np.repeat / a.repeat (axis=), np.tile (reps of any length), np.meshgrid (indexing='xy'/'ij',
sparse=, two or three vectors).

    >>> from numjit.types import float64, int64, Tuple
    >>> vstack(Tuple((float64[:], float64[:]))).__name__, split(float64[:, :], int64).__name__
    ('stack_rows', 'split_impl')
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_last, axis_slice, lane, lane_count, tuple_setitem
from ..types import Boolean, Const, Tuple
from ..types.lists import List
from ..typing.registry import overload
from .guards import array_of, is_int, is_none
from .numpy_joining import _normalize_axis, items_of


# -- vstack, hstack, dstack, column_stack -------------------------------------------------------------

def stack_rows(tup):
    return np.stack(tup)


def concat_0(tup):
    return np.concatenate(tup, axis=0)


def concat_1(tup):
    return np.concatenate(tup, axis=1)


def concat_2(tup):
    return np.concatenate(tup, axis=2)


def stack_columns(tup):
    return np.stack(tup, axis=1)


def dstack_1(tup):
    return np.stack(tup, axis=1)[None, :, :]


def dstack_2(tup):
    return np.stack(tup, axis=2)


# name -> {ndim of the items (>= the key, the last key is the rest): implementation}
STACKERS = {
    "vstack": {1: stack_rows, 2: concat_0},
    "hstack": {1: concat_0, 2: concat_1},
    "dstack": {1: dstack_1, 2: dstack_2, 3: concat_2},
    "column_stack": {1: stack_columns, 2: concat_1},
}


def _stack_typer(name):
    table = STACKERS[name]

    def typer(tup):
        items = items_of(tup)
        if items is None:
            return None
        ndims = {a.ndim for a in items}
        if len(ndims) != 1 or 0 in ndims:
            raise TypingError(f"np.{name}() in compiled code takes arrays of one ndim (at least 1), "
                              f"not {tup}")
        ndim = ndims.pop()
        return table[min(ndim, max(table))]
    typer.__name__ = name
    return typer


vstack = _stack_typer("vstack")
overload(np.vstack, np.row_stack)(vstack)
overload(np.hstack)(_stack_typer("hstack"))
overload(np.dstack)(_stack_typer("dstack"))
overload(np.column_stack)(_stack_typer("column_stack"))


# -- split family ---------------------------------------------------------------------------------------

def _clip(j, n):
    """j as a slice bound over n items (negative counts from the end)."""
    if j < 0:
        j += n
    return min(max(j, 0), n)


def _pieces(a, bounds, axis):
    """a[bounds[i]:bounds[i + 1]] along axis, with Python's slice rules (NumPy's pieces)."""
    n = a.shape[axis]
    out = []
    for i in range(len(bounds) - 1):
        start = _clip(bounds[i], n)
        stop = max(_clip(bounds[i + 1], n), start)
        out.append(axis_slice(a, axis, start, stop))
    return out


def _equal_sections(n, sections):
    if sections > 0 and n % sections != 0:
        raise ValueError("array split does not result in an equal division")
    return _section_bounds(n, sections)


def _section_bounds(n, sections):
    if sections <= 0:
        raise ValueError("number sections must be larger than 0.")
    each = n // sections
    extra = n % sections
    bounds = np.empty(sections + 1, np.int64)
    bounds[0] = 0
    for i in range(sections):
        bounds[i + 1] = bounds[i] + each + (1 if i < extra else 0)
    return bounds


def _index_bounds(n, indexes):
    bounds = np.empty(len(indexes) + 2, np.int64)
    bounds[0] = 0
    for i in range(len(indexes)):
        bounds[i + 1] = indexes[i]
    bounds[len(indexes) + 1] = n
    return bounds


def _split_impl(exact, by_index, fixed_axis):
    bounds_of = _index_bounds if by_index else _equal_sections if exact else _section_bounds

    def split_impl(ary, indices_or_sections, axis=0):
        ax = _normalize_axis(fixed_axis if fixed_axis >= 0 else axis, ary.ndim)
        return _pieces(ary, bounds_of(ary.shape[ax], indices_or_sections), ax)
    return split_impl


SPLITS = {(exact, by_index, axis): _split_impl(exact, by_index, axis)
          for exact in (True, False) for by_index in (True, False) for axis in (-1, 0, 1, 2)}


def _indexes(t):
    """Whether t is a sequence of indexes: an array, or a list or tuple of ints."""
    if array_of(t) is not None:
        return True
    if isinstance(t, List):
        return is_int(t.dtype)
    return isinstance(t, Tuple) and len(t.items) > 0 and all(is_int(x) for x in t.items)


def _split_typer(exact, fixed_axis, name):
    def typer(ary, indices_or_sections, axis=None):
        arr = array_of(ary)
        if arr is None or arr.ndim == 0 or not (axis is None or is_int(axis)):
            return None
        if fixed_axis >= 0 and axis is not None:
            return None
        if fixed_axis >= arr.ndim:
            raise TypingError(f"np.{name}() only works on arrays of {fixed_axis + 1} or more dimensions")
        index = _indexes(indices_or_sections)
        if not index and not is_int(indices_or_sections):
            return None
        return SPLITS[exact, index, fixed_axis]
    typer.__name__ = name
    return typer


split = _split_typer(True, -1, "split")
overload(np.split)(split)
overload(np.array_split)(_split_typer(False, -1, "array_split"))
overload(np.vsplit)(_split_typer(True, 0, "vsplit"))
overload(np.dsplit)(_split_typer(True, 2, "dsplit"))


@overload(np.hsplit)
def hsplit(ary, indices_or_sections):
    arr = array_of(ary)
    if arr is None or arr.ndim == 0:
        return None
    index = _indexes(indices_or_sections)
    if not index and not is_int(indices_or_sections):
        return None
    return SPLITS[True, index, 0 if arr.ndim == 1 else 1]


# -- repeat, tile -----------------------------------------------------------------------------------------

def repeat_flat(a, repeats, axis=None):
    flat = np.ravel(a)
    counts = _repeat_counts(repeats, len(flat))
    out = np.empty(counts.sum(), a.dtype)
    k = 0
    for i in range(len(flat)):
        for _ in range(counts[i]):
            out[k] = flat[i]
            k += 1
    return out


def repeat_axis(a, repeats, axis=None):
    ax = _normalize_axis(axis, a.ndim)
    counts = _repeat_counts(repeats, a.shape[ax])
    out = np.empty(tuple_setitem(a.shape, ax, counts.sum()), a.dtype)
    v = axis_last(a, ax)
    w = axis_last(out, ax)
    for k in range(lane_count(v)):
        src = lane(v, k)
        dst = lane(w, k)
        j = 0
        for i in range(len(src)):
            for _ in range(counts[i]):
                dst[j] = src[i]
                j += 1
    return out


def _repeat_counts(repeats, n):
    """repeats (an int, or an array of n ints or of one) as n non-negative counts."""


def _counts_int(repeats, n):
    if repeats < 0:
        raise ValueError("repeats may not contain negative values.")
    return np.full(n, repeats, np.int64)


def _counts_array(repeats, n):
    if len(repeats) != n and len(repeats) != 1:
        raise ValueError("operands could not be broadcast together")
    counts = np.empty(n, np.int64)
    for i in range(n):
        counts[i] = repeats[i] if len(repeats) == n else repeats[0]
        if counts[i] < 0:
            raise ValueError("repeats may not contain negative values.")
    return counts


@overload(_repeat_counts)
def _repeat_counts_typer(repeats, n):
    if is_int(repeats):
        return _counts_int
    arr = array_of(repeats)
    return _counts_array if arr is not None and arr.ndim == 1 and is_int(arr.dtype) else None


@overload(np.repeat, "array.repeat", "arrayexpr.repeat")
def repeat(a, repeats, axis=None):
    arr = array_of(a)
    if arr is None or _repeat_counts_typer(repeats, None) is None:
        return None
    if axis is None or is_none(axis):
        return repeat_flat
    return repeat_axis if is_int(axis) and arr.ndim > 0 else None


def tile_int(A, reps):
    if reps < 0:
        raise ValueError("negative dimensions are not allowed")
    src = np.ascontiguousarray(A)
    n = src.shape[-1]
    out = np.empty(tuple_setitem(src.shape, src.ndim - 1, n * reps), A.dtype)
    for k in range(lane_count(src)):
        s = lane(src, k)
        d = lane(out, k)
        for r in range(reps):
            for j in range(n):
                d[r * n + j] = s[j]
    return out


def tile_0d(A, reps):
    return np.full(reps, A[()], A.dtype)


def tile_tuple(A, reps):
    shape = A.shape
    for d in range(A.ndim):
        if reps[d] < 0:
            raise ValueError("negative dimensions are not allowed")
        shape = tuple_setitem(shape, d, A.shape[d] * reps[d])
    out = np.empty(shape, A.dtype)
    flat = out.reshape(-1)
    src = np.ascontiguousarray(A).reshape(-1)
    for i in range(flat.size):
        rest = i
        offset = 0
        step = 1
        for d in range(A.ndim - 1, -1, -1):        # out's index along d, wrapped onto A
            offset += ((rest % shape[d]) % A.shape[d]) * step
            rest //= shape[d]
            step *= A.shape[d]
        flat[i] = src[offset]
    return out


def tile_more(A, reps):
    """reps longer than A.ndim: A gets leading 1s."""
    shape = reps
    for i in range(len(reps)):
        j = i - (len(reps) - A.ndim)
        shape = tuple_setitem(shape, i, A.shape[j] if j >= 0 else 1)
    return tile_tuple(A.reshape(shape), reps)


def tile_fewer(A, reps):
    """reps shorter than A.ndim: reps gets leading 1s."""
    full = A.shape
    for i in range(A.ndim):
        j = i - (A.ndim - len(reps))
        full = tuple_setitem(full, i, reps[j] if j >= 0 else 1)
    return tile_tuple(A, full)


@overload(np.tile)
def tile(A, reps):
    arr = array_of(A)
    if arr is None:
        return None
    if is_int(reps):
        return tile_0d if arr.ndim == 0 else tile_int
    if isinstance(reps, Tuple) and reps.items and all(t == reps.items[0] and is_int(t) for t in reps.items):
        if arr.ndim == 0:
            return tile_0d
        n = len(reps.items)
        return tile_more if n > arr.ndim else tile_fewer if n < arr.ndim else tile_tuple
    return None


# -- meshgrid -----------------------------------------------------------------------------------------

def _grid_2(x, y, ij):
    nx, ny = x.size, y.size
    shape = (nx, ny) if ij else (ny, nx)
    gx = np.empty(shape, x.dtype)
    gy = np.empty(shape, y.dtype)
    fx = np.ravel(x)
    fy = np.ravel(y)
    for i in range(shape[0]):
        for j in range(shape[1]):
            gx[i, j] = fx[i] if ij else fx[j]
            gy[i, j] = fy[j] if ij else fy[i]
    return gx, gy


def _grid_3(x, y, z, ij):
    nx, ny, nz = x.size, y.size, z.size
    shape = (nx, ny, nz) if ij else (ny, nx, nz)
    gx = np.empty(shape, x.dtype)
    gy = np.empty(shape, y.dtype)
    gz = np.empty(shape, z.dtype)
    fx, fy, fz = np.ravel(x), np.ravel(y), np.ravel(z)
    for i in range(shape[0]):
        for j in range(shape[1]):
            for k in range(shape[2]):
                gx[i, j, k] = fx[i] if ij else fx[j]
                gy[i, j, k] = fy[j] if ij else fy[i]
                gz[i, j, k] = fz[k]
    return gx, gy, gz


def _sparse_2(x, y, ij):
    fx, fy = np.ravel(x).copy(), np.ravel(y).copy()
    if ij:
        return fx.reshape(fx.size, 1), fy.reshape(1, fy.size)
    return fx.reshape(1, fx.size), fy.reshape(fy.size, 1)


def _sparse_3(x, y, z, ij):
    fx, fy, fz = np.ravel(x).copy(), np.ravel(y).copy(), np.ravel(z).copy()
    if ij:
        return fx.reshape(fx.size, 1, 1), fy.reshape(1, fy.size, 1), fz.reshape(1, 1, fz.size)
    return fx.reshape(1, fx.size, 1), fy.reshape(fy.size, 1, 1), fz.reshape(1, 1, fz.size)


def _meshgrid_impl(grid, n, ij):
    """np.meshgrid of n arrays with a constant indexing (ij) as `grid` (dense or sparse) builds it."""
    if n == 2:
        def meshgrid_impl(x, y, indexing=None, sparse=False):
            return grid(x, y, ij)
    else:
        def meshgrid_impl(x, y, z, indexing=None, sparse=False):
            return grid(x, y, z, ij)
    return meshgrid_impl


MESHGRID = {(n, ij): _meshgrid_impl(grid, n, ij) for n, grid in ((2, _grid_2), (3, _grid_3)) for ij in (False, True)}
SPARSE_MESHGRID = {(n, ij): _meshgrid_impl(grid, n, ij)
                   for n, grid in ((2, _sparse_2), (3, _sparse_3)) for ij in (False, True)}


@overload(np.meshgrid)
def meshgrid(*xi, indexing=None, sparse=None):
    if len(xi) not in (2, 3) or any(array_of(t) is None for t in xi):
        return None
    if is_none(indexing):
        ij = False
    elif isinstance(indexing, Const) and indexing.value in ("xy", "ij"):
        ij = indexing.value == "ij"
    else:
        raise TypingError("np.meshgrid(): Valid values for `indexing` are 'xy' and 'ij'.")
    if sparse is None:
        return MESHGRID[len(xi), ij]
    if isinstance(sparse, Boolean):
        return None                                # a run-time bool: retried with the literal
    if not (isinstance(sparse, Const) and isinstance(sparse.value, bool)):
        raise TypingError("np.meshgrid(): sparse= must be a constant True or False in compiled code")
    return (SPARSE_MESHGRID if sparse.value else MESHGRID)[len(xi), ij]

