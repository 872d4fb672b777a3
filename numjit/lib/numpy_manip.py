"""Array creation and manipulation written as plain Python: np.atleast_1d/2d/3d (of scalars, of
several arguments), np.expand_dims (an axis or a tuple), np.squeeze (axis= an int or a tuple), np.swapaxes,
np.moveaxis (axes or tuples), np.eye, np.identity, np.diag, np.diagflat, np.tri, np.triu, np.tril
(n-d stacks, 1-d rows), np.tril_indices / np.triu_indices (and _from), np.vander, np.round / np.around (decimals=; complex: each part), np.isclose, np.allclose (complex too),
np.array_equal, np.array_equiv, np.select, np.copyto (where=).

Views stay views where NumPy's are (atleast_*, squeeze, swapaxes, moveaxis); np.expand_dims of
a non-contiguous array copies. np.flip / fliplr / flipud / rot90 / roll: numpy_flips.py.

    >>> from numjit.types import float64, int64
    >>> atleast_2d(float64[:]).__name__, atleast_3d(int64[:, :]).__name__
    ('atleast_2d_1', 'atleast_3d_2')
"""
import math

import numpy as np

from ..errors import TypingError
from ..intrinsics.creation import dtype_from_const
from ..intrinsics.shapes import axis_last, lane, lane_count, tuple_insert, tuple_setitem
from ..types import Array, Boolean, Complex, Float, Number, Tuple
from ..types.scalars import float64, int64
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, result_dtype, scalar_class, specialized, tuple_of_arrays
from .numpy_joining import _normalize_axis, _normalize_named_axis


def _same(a):
    return a


def _0d_to_1(a):
    return a.reshape(1)


def _0d_to_11(a):
    return a.reshape(1, 1)


def _0d_to_111(a):
    return a.reshape(1, 1, 1)


def atleast_2d_1(a):
    return a[None, :]


def atleast_3d_1(a):
    return a[None, :, None]


def atleast_3d_2(a):
    return a[:, :, None]


ATLEAST = {
    1: {0: _0d_to_1},
    2: {0: _0d_to_11, 1: atleast_2d_1},
    3: {0: _0d_to_111, 1: atleast_3d_1, 2: atleast_3d_2},
}


def _scalar_1(a):
    return np.full(1, a)


def _scalar_11(a):
    return np.full((1, 1), a)


def _scalar_111(a):
    return np.full((1, 1, 1), a)


SCALAR_TO = {1: _scalar_1, 2: _scalar_11, 3: _scalar_111}


@specialized
def _atleast_each(rank):
    """np.atleast_Nd(a, b, ...): the tuple of each one's (2 to 4 arguments)."""
    f = {1: np.atleast_1d, 2: np.atleast_2d, 3: np.atleast_3d}[rank]

    def atleast_each_2(a, b):
        return f(a), f(b)

    def atleast_each_3(a, b, c):
        return f(a), f(b), f(c)

    def atleast_each_4(a, b, c, d):
        return f(a), f(b), f(c), f(d)
    return {2: atleast_each_2, 3: atleast_each_3, 4: atleast_each_4}


def _atleast(rank):
    def typer(*arys):
        if len(arys) != 1:
            if not all(array_of(t) is not None or isinstance(t, Number) for t in arys):
                return None
            if len(arys) not in _atleast_each(rank):
                raise TypingError(f"np.atleast_{rank}d() takes 1 to 4 arguments in compiled code")
            return _atleast_each(rank)[len(arys)]
        arr = array_of(arys[0])
        if arr is None:
            return SCALAR_TO[rank] if isinstance(arys[0], Number) else None
        return ATLEAST[rank].get(arr.ndim, _same)
    typer.__name__ = f"atleast_{rank}d"
    return typer


atleast_1d = _atleast(1)
atleast_2d = _atleast(2)
atleast_3d = _atleast(3)
overload(np.atleast_1d)(atleast_1d)
overload(np.atleast_2d)(atleast_2d)
overload(np.atleast_3d)(atleast_3d)


# -- axes: expand_dims, swapaxes, moveaxis --------------------------------------------------------------

def expand_dims_impl(a, axis):
    return a.reshape(tuple_insert(a.shape, _normalize_axis(axis, a.ndim + 1), 1))


def expand_dims_axes(a, axis):
    ndim = a.ndim + len(axis)
    new = np.zeros(ndim, np.bool_)
    for ax in axis:
        d = _normalize_axis(ax, ndim)
        if new[d]:
            raise ValueError("repeated axis")
        new[d] = True
    shape = a.shape + axis                      # (the length: each item is set below)
    k = 0
    for d in range(ndim):
        if new[d]:
            shape = tuple_setitem(shape, d, 1)
        else:
            shape = tuple_setitem(shape, d, a.shape[k])
            k += 1
    return a.reshape(shape)


def _int_tuple(t):
    return isinstance(t, Tuple) and all(is_int(x) for x in t.items) and len(set(t.items)) <= 1


@overload(np.expand_dims)
def expand_dims(a, axis):
    arr = array_of(a)
    if arr is None:
        return None
    if is_int(axis):
        return expand_dims_impl
    return expand_dims_axes if _int_tuple(axis) and (arr.ndim == 0 or axis.items[0] == int64) else None


def _identity_order(a):
    order = a.shape
    for d in range(a.ndim):
        order = tuple_setitem(order, d, d)
    return order


def swapaxes_impl(a, axis1, axis2):
    i = _normalize_named_axis(axis1, a.ndim, "axis1: ")
    j = _normalize_named_axis(axis2, a.ndim, "axis2: ")
    order = _identity_order(a)
    return np.transpose(a, tuple_setitem(tuple_setitem(order, i, j), j, i))


def moveaxis_impl(a, source, destination):
    src = _normalize_named_axis(source, a.ndim, "source: ")
    dst = _normalize_named_axis(destination, a.ndim, "destination: ")
    order = _identity_order(a)
    k = 0
    for d in range(a.ndim):                       # the other axes in order, `src` placed at `dst`
        if k == dst:
            k += 1
        if d != src:
            order = tuple_setitem(order, k, d)
            k += 1
    return np.transpose(a, tuple_setitem(order, dst, src))


def moveaxis_axes(a, source, destination):
    order = _identity_order(a)
    moved = np.zeros(a.ndim, np.bool_)
    placed = np.zeros(a.ndim, np.bool_)
    for i in range(len(source)):
        src = _normalize_axis(source[i], a.ndim)
        dst = _normalize_axis(destination[i], a.ndim)
        if moved[src]:
            raise ValueError("repeated axis in `source` argument")
        if placed[dst]:
            raise ValueError("repeated axis in `destination` argument")
        moved[src] = True
        placed[dst] = True
        order = tuple_setitem(order, dst, src)
    k = 0
    for d in range(a.ndim):                       # the other axes, in order, in the free places
        if not placed[d]:
            while moved[k]:
                k += 1
            order = tuple_setitem(order, d, k)
            k += 1
    return np.transpose(a, order)


@overload(np.swapaxes, "array.swapaxes")
def swapaxes(a, axis1, axis2):
    arr = array_of(a)
    return swapaxes_impl if arr is not None and arr.ndim > 0 and is_int(axis1) and is_int(axis2) else None


@overload(np.moveaxis)
def moveaxis(a, source, destination):
    arr = array_of(a)
    if arr is None or arr.ndim == 0:
        return None
    if is_int(source) and is_int(destination):
        return moveaxis_impl
    if not (_int_tuple(source) and _int_tuple(destination)):
        return None
    if len(source.items) != len(destination.items):
        raise TypingError("np.moveaxis(): `source` and `destination` arguments must have the same number "
                          "of elements")
    return moveaxis_axes


# -- creation: eye, identity, tri, diag, diagflat, vander ----------------------------------------------

def _dtype_class(dtype, default=float64):
    return scalar_class(default if dtype is None or is_none(dtype) else dtype_from_const(dtype))


@specialized
def _eye_impl(cls):
    def eye_impl(N, M=None, k=0, dtype=None):
        cols = N if M is None else M
        out = np.zeros((N, cols), cls)
        for i in range(N):
            if 0 <= i + k < cols:
                out[i, i + k] = 1
        return out

    def identity_impl(n, dtype=None):
        return eye_impl(n, n)

    def tri_impl(N, M=None, k=0, dtype=None):
        cols = N if M is None else M
        out = np.zeros((N, cols), cls)
        for i in range(N):
            for j in range(min(max(i + k + 1, 0), cols)):
                out[i, j] = 1
        return out
    return eye_impl, identity_impl, tri_impl


@overload(np.eye)
def eye(N, M=None, k=None, dtype=None):
    if not (is_int(N) and (M is None or is_none(M) or is_int(M)) and (k is None or is_int(k))):
        return None
    return _eye_impl(_dtype_class(dtype))[0]


@overload(np.identity)
def identity(n, dtype=None):
    return _eye_impl(_dtype_class(dtype))[1] if is_int(n) else None


@overload(np.tri)
def tri(N, M=None, k=None, dtype=None):
    if not (is_int(N) and (M is None or is_none(M) or is_int(M)) and (k is None or is_int(k))):
        return None
    return _eye_impl(_dtype_class(dtype))[2]


def _triangle(keep_upper):
    def zero_outside(out, k):
        """Zero the items outside the triangle in each matrix of a fresh C-ordered stack."""
        rows, cols = out.shape[-2], out.shape[-1]
        stack = out.reshape((out.size // (rows * cols) if rows * cols else 0, rows, cols))
        for s in range(stack.shape[0]):
            for i in range(rows):
                for j in range(cols):
                    if (j < i + k) if keep_upper else (j > i + k):
                        stack[s, i, j] = 0

    def triangle(m, k=0):
        out = m.copy()
        zero_outside(out, k)
        return out

    def triangle_1d(m, k=0):                      # NumPy: each row of an n x n matrix is m
        out = np.empty((len(m), len(m)), m.dtype)
        out[...] = m
        zero_outside(out, k)
        return out
    return triangle, triangle_1d


triu_impl, triu_1d = _triangle(True)
tril_impl, tril_1d = _triangle(False)


def _triangle_typer(impl, impl_1d):
    def typer(m, k=None):
        arr = array_of(m)
        if arr is None or not (k is None or is_int(k)):
            return None
        if arr.ndim == 0:
            raise TypingError("np.triu()/np.tril() of a 0-d array (NumPy raises ValueError)")
        return impl_1d if arr.ndim == 1 else impl
    return typer


triu = overload(np.triu)(_triangle_typer(triu_impl, triu_1d))
tril = overload(np.tril)(_triangle_typer(tril_impl, tril_1d))


def _tri_indices(lower):
    def tri_indices(n, k=0, m=None):
        cols = n if m is None else m
        count = 0
        for i in range(n):
            for j in range(cols):
                if (j <= i + k) if lower else (j >= i + k):
                    count += 1
        rows_out = np.empty(count, np.int64)
        cols_out = np.empty(count, np.int64)
        p = 0
        for i in range(n):
            for j in range(cols):
                if (j <= i + k) if lower else (j >= i + k):
                    rows_out[p] = i
                    cols_out[p] = j
                    p += 1
        return rows_out, cols_out

    def tri_indices_from(arr, k=0):
        return tri_indices(arr.shape[0], k, arr.shape[1])
    return tri_indices, tri_indices_from


tril_indices_impl, tril_indices_from_impl = _tri_indices(True)
triu_indices_impl, triu_indices_from_impl = _tri_indices(False)


def _tri_indices_typer(impl):
    def typer(n, k=None, m=None):
        ok = is_int(n) and (k is None or is_int(k)) and (m is None or is_none(m) or is_int(m))
        return impl if ok else None
    return typer


def _tri_indices_from_typer(impl):
    def typer(arr, k=None):
        a = array_of(arr)
        if a is None or not (k is None or is_int(k)):
            return None
        if a.ndim != 2:
            raise TypingError("np.tril_indices_from()/np.triu_indices_from(): input array must be 2-d")
        return impl
    return typer


overload(np.tril_indices)(_tri_indices_typer(tril_indices_impl))
overload(np.triu_indices)(_tri_indices_typer(triu_indices_impl))
overload(np.tril_indices_from)(_tri_indices_from_typer(tril_indices_from_impl))
overload(np.triu_indices_from)(_tri_indices_from_typer(triu_indices_from_impl))


def diag_from_1d(v, k=0):
    n = len(v) + abs(k)
    out = np.zeros((n, n), v.dtype)
    for i in range(len(v)):
        if k >= 0:
            out[i, i + k] = v[i]
        else:
            out[i - k, i] = v[i]
    return out


def diag_of_2d(v, k=0):
    rows, cols = v.shape
    if k >= 0:
        n = max(min(rows, cols - k), 0)
    else:
        n = max(min(rows + k, cols), 0)
    out = np.empty(n, v.dtype)
    for i in range(n):
        out[i] = v[i, i + k] if k >= 0 else v[i - k, i]
    return out


@overload(np.diag)
def diag(v, k=None):
    arr = array_of(v)
    if arr is None or not (k is None or is_int(k)):
        return None
    if arr.ndim not in (1, 2):
        raise TypingError("np.diag(): input must be 1- or 2-d")
    return diag_from_1d if arr.ndim == 1 else diag_of_2d


def diagflat_impl(v, k=0):
    return diag_from_1d(np.ravel(v), k)


@overload(np.diagflat)
def diagflat(v, k=None):
    return diagflat_impl if array_of(v) is not None and (k is None or is_int(k)) else None


@specialized
def _vander_impl(cls):
    def vander_impl(x, N=None, increasing=False):
        cols = len(x) if N is None else N
        out = np.empty((len(x), cols), cls)
        for i in range(len(x)):
            p = cls(1)
            for j in range(cols):                   # powers by repeated products, as NumPy
                if increasing:
                    out[i, j] = p
                else:
                    out[i, cols - 1 - j] = p
                p = cls(p * x[i])
        return out
    return vander_impl


@overload(np.vander)
def vander(x, N=None, increasing=None):
    arr = array_of(x)
    if arr is None or arr.ndim != 1 or isinstance(arr.dtype, Complex):
        return None
    if arr.ndim != 1:
        raise TypingError("np.vander(): x must be a one-dimensional array or sequence.")
    return _vander_impl(scalar_class(result_dtype(arr.dtype, int64)))


# -- squeeze (axis= an int or a tuple) ---------------------------------------------------------------------

def squeeze_axis(a, axis=None):
    ax = _normalize_axis(axis, a.ndim)
    if a.shape[ax] != 1:
        raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    return axis_last(a, ax)[..., 0]


def squeeze_0d(a, axis=None):                    # NumPy lets axis 0 / -1 name a 0-d array's no axis
    if axis != 0 and axis != -1:
        raise np.exceptions.AxisError(f"axis {axis} is out of bounds for array of dimension 0")
    return a[...]


@specialized
def _drop_last(count):
    """f(v) -> v[..., 0] taken `count` times (a view)."""
    if count == 1:
        return lambda v: v[..., 0]
    inner = _drop_last(count - 1)
    return lambda v: inner(v[..., 0])


def squeeze_none(a, axis=None):                  # axis=(): a view of the whole array
    return a[...]


@specialized
def _squeeze_axes(count):
    drop = _drop_last(count)

    def squeeze_axes(a, axis=None):
        n = a.ndim
        chosen = np.zeros(n + 1, np.bool_)
        for given in axis:
            ax = _normalize_axis(given, n)
            if chosen[ax]:
                raise ValueError("duplicate value in 'axis'")
            chosen[ax] = True
            if a.shape[ax] != 1:
                raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
        order = a.shape                             # the kept axes first, the squeezed ones last
        k = 0
        for last in (False, True):
            for i in range(n):
                if chosen[i] == last:
                    order = tuple_setitem(order, k, i)
                    k += 1
        return drop(np.transpose(a, order))
    return squeeze_axes


@overload(np.squeeze, "array.squeeze")
def squeeze(a, axis=None):
    arr = array_of(a)
    if arr is None:
        return None
    if axis is None or is_none(axis):
        raise TypingError("np.squeeze() needs axis= in compiled code (the result's dimensions "
                          "would depend on the run-time shape)")
    if is_int(axis):
        return squeeze_axis if arr.ndim > 0 else squeeze_0d
    if isinstance(axis, Tuple) and all(is_int(t) for t in axis.items):
        if len(axis.items) > arr.ndim:
            raise TypingError(f"np.squeeze(): {len(axis.items)} axes given for a {arr.ndim}-d array")
        return _squeeze_axes(len(axis.items)) if axis.items else squeeze_none
    return None


# -- round / around -------------------------------------------------------------------------------------------

def _rint(y):
    """Round half to even (C's rint)."""
    if not abs(y) < 4503599627370496.0:            # 2**52: already integral (or inf / nan)
        return y
    f = float(math.floor(y))
    d = y - f
    if d > 0.5 or (d == 0.5 and f % 2 != 0):
        f += 1.0
    return f


@specialized
def _round_impl(cls, is_float, array, part_cls=None):
    """cls is the dtype's scalar class; for a complex dtype part_cls is its parts' (each rounded)."""
    def one_real(x, decimals):                  # NumPy: rint(x * 10**d) / 10**d in the dtype
        c = part_cls if part_cls is not None else cls
        if decimals >= 0:
            f = c(10.0 ** decimals)
            return c(c(_rint(c(x * f))) / f)
        f = c(10.0 ** -decimals)
        return c(c(_rint(c(x / f))) * f)

    def one_complex(x, decimals):
        return cls(complex(one_real(x.real, decimals), one_real(x.imag, decimals)))
    one_float = one_complex if part_cls is not None else one_real

    def one_int(x, decimals):
        if decimals >= 0:
            return x
        f = 10.0 ** -decimals
        return cls(_rint(x / f) * f)
    one = one_float if is_float else one_int

    def round_array(a, decimals=0):
        out = np.empty(a.shape, cls)
        flat = out.reshape(-1)
        k = 0
        for x in np.ravel(a):
            flat[k] = one(x, decimals)
            k += 1
        return out

    def round_scalar(a, decimals=0):
        return one(cls(a), decimals)
    return round_array if array else round_scalar


@overload(np.round, np.around, "array.round", "arrayexpr.round")
def round_(a, decimals=None):
    arr = array_of(a)
    dtype = arr.dtype if arr is not None else a if isinstance(a, Number) else None
    if dtype is None or not (decimals is None or is_int(decimals)):
        return None
    if isinstance(dtype, Complex):
        return _round_impl(scalar_class(dtype), True, arr is not None, scalar_class(dtype.underlying))
    return _round_impl(scalar_class(dtype), isinstance(dtype, Float), arr is not None)


# -- isclose, allclose, array_equal -------------------------------------------------------------------------------

def _close(x, y, rtol, atol, equal_nan):
    close = ((np.abs(x - y) <= atol + rtol * np.abs(y)) & np.isfinite(y)) | (x == y)
    if equal_nan:
        close = close | (np.isnan(x) & np.isnan(y))
    return close


def isclose_impl(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    return _close(a * 1.0, b * 1.0, rtol, atol, equal_nan)        # integers compare as floats


def isclose_complex_impl(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    return _close(a, b, rtol, atol, equal_nan)                    # (inf - 1j) * 1.0 would have a nan part


def allclose_impl(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    return bool(np.all(np.isclose(a, b, rtol, atol, equal_nan)))


def _numeric(t, complex_ok=False):
    arr = array_of(t)
    dtype = arr.dtype if arr is not None else t if isinstance(t, Number) else None
    return dtype is not None and (complex_ok or not isinstance(dtype, Complex))


@overload(np.isclose)
def isclose(a, b, rtol=None, atol=None, equal_nan=None):
    if not (_numeric(a, True) and _numeric(b, True)):
        return None
    return isclose_impl if _numeric(a) and _numeric(b) else isclose_complex_impl


@overload(np.allclose)
def allclose(a, b, rtol=None, atol=None, equal_nan=None):
    return allclose_impl if _numeric(a, True) and _numeric(b, True) else None


def array_equal_impl(a1, a2, equal_nan=False):
    if a1.shape != a2.shape:
        return False
    for x, y in zip(np.ravel(a1), np.ravel(a2)):
        if not (x == y or (equal_nan and x != x and y != y)):
            return False
    return True


def _never_equal(a1, a2, equal_nan=False):
    return False


@overload(np.array_equal)
def array_equal(a1, a2, equal_nan=None):
    x, y = array_of(a1), array_of(a2)
    if x is None or y is None:
        return None
    return array_equal_impl if x.ndim == y.ndim else _never_equal


def _broadcastable(s, t):
    for i in range(1, min(len(s), len(t)) + 1):
        if s[-i] != t[-i] and s[-i] != 1 and t[-i] != 1:
            return False
    return True


def array_equiv_impl(a1, a2):
    return _broadcastable(a1.shape, a2.shape) and bool(np.all(a1 == a2))


def array_equiv_0d(a1, a2):
    return bool(np.all(a1 == a2))


@overload(np.array_equiv)
def array_equiv(a1, a2):
    x, y = array_of(a1), array_of(a2)
    if not all(arr is not None or isinstance(t, Number) for arr, t in ((x, a1), (y, a2))):
        return None
    return array_equiv_impl if x is not None and y is not None and x.ndim and y.ndim else array_equiv_0d


# -- select, copyto ------------------------------------------------------------------------------------------------

@specialized
def _select_impl(cls):
    def select_impl(condlist, choicelist, default=0):
        if len(condlist) != len(choicelist):
            raise ValueError("list of cases must be same length as list of conditions")
        if len(choicelist) == 0:
            raise ValueError("select with an empty condition list is not possible")
        shape = choicelist[0].shape
        out = np.full(shape, default, cls)
        flat = out.reshape(-1)
        for k in range(len(condlist) - 1, -1, -1):       # the first true condition wins
            cond = condlist[k]
            choice = choicelist[k]
            if cond.shape != shape or choice.shape != shape:
                raise ValueError("select() in compiled code needs conditions and choices of one shape")
            i = 0
            for c, v in zip(np.ravel(cond), np.ravel(choice)):
                if c:
                    flat[i] = v
                i += 1
        return out

    def select_tuples(condlist, choicelist, default=0):
        if len(condlist) != len(choicelist):
            raise ValueError("list of cases must be same length as list of conditions")
        return select_impl(np.stack(condlist), np.stack(choicelist), default)
    return select_impl, select_tuples


def _items(t):
    """The array type of the items of a list, or of a tuple of arrays of one dtype and ndim."""
    if isinstance(t, Tuple):
        items = tuple_of_arrays(t)
        if not items or any((x.dtype, x.ndim) != (items[0].dtype, items[0].ndim) for x in items):
            return None
        return items[0]
    return array_of(getattr(t, "dtype", None)) if type(t).__name__ == "List" else None


@overload(np.select)
def select(condlist, choicelist, default=None):
    cond_arr, choice_arr = _items(condlist), _items(choicelist)
    if cond_arr is None or choice_arr is None or not isinstance(cond_arr.dtype, Boolean):
        return None
    if isinstance(condlist, Tuple) != isinstance(choicelist, Tuple):
        return None
    dtype = choice_arr.dtype
    if isinstance(default, Float) and not isinstance(dtype, (Float, Complex)):
        dtype = float64
    return _select_impl(scalar_class(dtype))[isinstance(condlist, Tuple)]


def copyto_impl(dst, src, where=None):
    dst[...] = src


def copyto_where(dst, src, where=None):
    tmp = np.empty(dst.shape, dst.dtype)
    tmp[...] = src
    mask = np.empty(dst.shape, np.bool_)
    mask[...] = where
    flat = tmp.reshape(-1)
    keep = mask.reshape(-1)
    i = 0
    for k in range(lane_count(dst)):
        row = lane(dst, k)
        for j in range(len(row)):
            if keep[i]:
                row[j] = flat[i]
            i += 1


@overload(np.copyto)
def copyto(dst, src, where=None):
    arr = array_of(dst)
    if arr is None or not isinstance(dst, Array) or arr.readonly or not _numeric(src):
        return None
    if where is None or is_none(where):
        return copyto_impl
    return copyto_where if array_of(where) is not None else None
