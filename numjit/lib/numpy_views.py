"""Shapes and views written as plain Python: np.shape, np.size (axis=), np.ndim, np.broadcast_to (a
read-only view whose broadcast axes have stride 0, as NumPy's), np.broadcast_shapes,
np.broadcast_arrays, np.asfortranarray, np.asarray_chkfinite, np.frombuffer (bytes or a C-contiguous
array; dtype=, count=, offset=; a view, read-only for bytes), np.diagonal / a.diagonal (n-d,
offset=, axis1=, axis2=; a read-only view), np.lib.stride_tricks.as_strided (any layout; checked
to stay inside the array) and sliding_window_view (axis=; read-only views), a.view(dtype) (NumPy's
rules for other item sizes); scalars count as 0-d arrays. Errors are NumPy's, at run time.

    >>> from numjit.types import float64, int64, Tuple
    >>> broadcast_to(float64[:], Tuple((int64, int64))).__name__, shape(float64).__name__
    ('broadcast_to_impl', 'shape_of_scalar')
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.buffers import buffer_bytes, view_as
from ..intrinsics.creation import dtype_from_const
from ..intrinsics.shapes import strided_view, tuple_setitem, writeable_strided_view
from ..types import Array, BytesType, Complex, Const, Float, Number, Tuple
from ..types.scalars import float64
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, specialized
from .numpy_joining import _normalize_axis


def _is_shape(t):
    return is_int(t) or isinstance(t, Tuple) and all(is_int(x) for x in t.items)


# -- shape, size, ndim ----------------------------------------------------------------------------------

def shape_of_array(a):
    return a.shape


def shape_of_scalar(a):
    return ()


def size_of_array(a, axis=None):
    if axis is None:
        return a.size
    return a.shape[_normalize_axis(axis, a.ndim)]


def size_of_scalar(a, axis=None):
    return 1


def ndim_of_array(a):
    return a.ndim


def ndim_of_scalar(a):
    return 0


def _array_or_scalar(array_impl, scalar_impl):
    def typer(a, axis=None):
        if array_of(a) is not None:
            return array_impl if axis is None or is_none(axis) or is_int(axis) else None
        return scalar_impl if isinstance(a, Number) and (axis is None or is_none(axis)) else None
    typer.__name__ = scalar_impl.__name__.split("_")[0]
    return typer


shape = overload(np.shape)(_array_or_scalar(shape_of_array, shape_of_scalar))
size = overload(np.size)(_array_or_scalar(size_of_array, size_of_scalar))
ndim = overload(np.ndim)(_array_or_scalar(ndim_of_array, ndim_of_scalar))


# -- broadcast_to, broadcast_shapes ---------------------------------------------------------------------

def _shape_text(shape):
    """A shape as NumPy's C code writes it in errors: (2,4), (3,)."""
    text = "("
    for d in range(len(shape)):
        text += str(shape[d]) + ("," if d + 1 < len(shape) or len(shape) == 1 else "")
    return text + ")"


@specialized
def _broadcast_to_impl(scalar, int_shape, with_dims):
    def broadcast_to_impl(array, shape):
        target = (shape,) if int_shape else shape
        a = np.full((), array) if scalar else array
        for d in target:
            if d < 0:
                raise ValueError("all elements of broadcast shape must be non-negative")
        lead = len(target) - a.ndim
        if with_dims:
            for j in range(a.ndim):
                if a.shape[j] != 1 and a.shape[j] != target[lead + j]:
                    raise ValueError("operands could not be broadcast together with remapped shapes "
                                     "[original->remapped]: " + _shape_text(a.shape) + "  and requested shape "
                                     + _shape_text(target))
        strides = target
        for d in range(len(target)):
            strides = tuple_setitem(strides, d, 0)
            if with_dims:
                if d >= lead and a.shape[d - lead] != 1:
                    strides = tuple_setitem(strides, d, a.strides[d - lead])
        return strided_view(a, target, strides, 0)
    return broadcast_to_impl


@overload(np.broadcast_to)
def broadcast_to(array, shape):
    arr = array_of(array)
    if arr is None and not isinstance(array, Number) or not _is_shape(shape):
        return None
    rank = 1 if is_int(shape) else len(shape.items)
    if arr is not None and arr.ndim > rank:
        raise TypingError(f"np.broadcast_to(): input operand has more dimensions ({arr.ndim}) than allowed by "
                          f"the axis remapping ({rank}) (NumPy raises ValueError)")
    return _broadcast_to_impl(arr is None, is_int(shape), arr is not None and arr.ndim > 0)


def _merge_shapes(out, origin, texts, shapes, k):
    """Broadcast shapes[0], shapes[1], ... (arg k onwards) into `out`; origin[d] is the arg that set out[d],
    texts[i] the shape of arg i as NumPy's errors write it."""


def _merge_shapes_head(out, origin, texts, shapes, k):
    s = shapes[0]
    target = (s,) if isinstance(s, int) else s
    texts.append(f"{target}")
    lead = len(out) - len(target)
    for j in range(len(target)):
        d = lead + j
        if target[j] < 0:
            raise ValueError("negative dimensions are not allowed")
        if out[d] == 1:
            out = tuple_setitem(out, d, target[j])
            origin = tuple_setitem(origin, d, k)
        elif target[j] != 1 and target[j] != out[d]:
            raise ValueError(f"shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is "
                             f"between arg {origin[d]} with shape {texts[origin[d]]} and arg {k} with shape "
                             f"{texts[k]}.")
    return _merge_shapes(out, origin, texts, shapes[1:], k + 1)


def _merge_empty_head(out, origin, texts, shapes, k):
    texts.append("()")                             # a 0-d shape broadcasts to anything
    return _merge_shapes(out, origin, texts, shapes[1:], k + 1)


def _merged(out, origin, texts, shapes, k):
    return out


@overload(_merge_shapes)
def _merge_shapes_typer(out, origin, texts, shapes, k):
    if not isinstance(shapes, Tuple):
        return None
    if not shapes.items:
        return _merged
    head = shapes.items[0]
    return _merge_empty_head if isinstance(head, Tuple) and not head.items else _merge_shapes_head


@specialized
def _broadcast_shapes_impl(rank):
    def broadcast_shapes_impl(*args):
        ones = (1,) * rank
        texts = ["()"]                             # (a list of str: typed by its first item)
        texts.pop()
        return _merge_shapes(ones, ones, texts, args, 0)
    return broadcast_shapes_impl


@overload(np.broadcast_shapes)
def broadcast_shapes(*args):
    if not all(_is_shape(t) for t in args):
        return None
    return _broadcast_shapes_impl(max([1 if is_int(t) else len(t.items) for t in args], default=0))


def _shapes_of(arrays):
    """(arrays[0].shape, arrays[1].shape, ...)"""


def _broadcast_each(arrays, shape):
    """(np.broadcast_to(arrays[0], shape), np.broadcast_to(arrays[1], shape), ...)"""


def _shapes_of_head(arrays):
    return (arrays[0].shape,) + _shapes_of(arrays[1:])


def _broadcast_each_head(arrays, shape):
    return (np.broadcast_to(arrays[0], shape),) + _broadcast_each(arrays[1:], shape)


def _nothing(*args):
    return ()


def _over_arrays(head):
    def typer(arrays, *rest):
        if not isinstance(arrays, Tuple) or any(array_of(t) is None for t in arrays.items):
            return None
        return head if arrays.items else _nothing
    return typer


overload(_shapes_of)(_over_arrays(_shapes_of_head))
overload(_broadcast_each)(_over_arrays(_broadcast_each_head))


def broadcast_arrays_impl(*args):
    return _broadcast_each(args, np.broadcast_shapes(*_shapes_of(args)))


@overload(np.broadcast_arrays)
def broadcast_arrays(*args):
    return broadcast_arrays_impl if all(array_of(t) is not None for t in args) else None


# -- diagonal, as_strided, sliding_window_view (views of the same memory) ------------------------------

@specialized
def _diagonal_impl(ndim):
    """a.diagonal() of an ndim-d array: the other axes in order, then the diagonal (NumPy's layout)."""
    template = (0,) * (ndim - 1)

    def diagonal_impl(a, offset=0, axis1=0, axis2=1):
        ax1 = _normalize_axis(axis1, ndim)
        ax2 = _normalize_axis(axis2, ndim)
        if ax1 == ax2:
            raise ValueError("axis1 and axis2 cannot be the same")
        rows, cols = a.shape[ax1], a.shape[ax2]
        s1, s2 = a.strides[ax1], a.strides[ax2]
        if offset >= 0:
            n = max(min(rows, cols - offset), 0)
            start = offset * s2 if n > 0 else 0
        else:
            n = max(min(rows + offset, cols), 0)
            start = -offset * s1 if n > 0 else 0
        shape, strides = template, template
        j = 0
        for k in range(ndim):
            if k != ax1 and k != ax2:
                shape = tuple_setitem(shape, j, a.shape[k])
                strides = tuple_setitem(strides, j, a.strides[k])
                j += 1
        shape = tuple_setitem(shape, ndim - 2, n)
        strides = tuple_setitem(strides, ndim - 2, s1 + s2)
        return strided_view(a, shape, strides, start)
    return diagonal_impl


@overload(np.diagonal, "array.diagonal", "arrayexpr.diagonal")
def diagonal(a, offset=None, axis1=None, axis2=None):
    arr = array_of(a)
    if arr is None or not all(t is None or is_int(t) for t in (offset, axis1, axis2)):
        return None
    if arr.ndim < 2:
        raise TypingError(f"np.diagonal() of a {arr.ndim}-d array: diag requires an array of at least two "
                          "dimensions")
    return _diagonal_impl(arr.ndim)


def _extent(shape, strides):
    """The lowest and highest byte offset, from the first item, of the items of a view (shape and
    strides end with an axis of one item, so that a 0-d view has one to loop over)."""
    low = 0
    high = 0
    for n, step in zip(shape, strides):
        span = (n - 1) * step
        if span < 0:
            low += span
        else:
            high += span
    return low, high


def _check_strides(a, shape, strides):
    """NumPy's as_strided trusts its caller; compiled code refuses views reaching outside the memory
    between a's first and last items (any layout: strides count from a's first item, as NumPy's)."""
    dims = shape + (1,)
    if min(dims) < 0:
        raise ValueError("negative dimensions are not allowed")
    if min(dims) == 0:
        return
    low, high = _extent(dims, strides + (0,))
    a_low, a_high = _extent(a.shape + (1,), a.strides + (0,))
    if a.size == 0 or low < a_low or high > a_high:
        raise ValueError("as_strided(): the view would reach outside the array's memory")


def as_strided_impl(x, shape=None, strides=None, subok=False, writeable=True):
    _check_strides(x, shape, strides)
    return writeable_strided_view(x, shape, strides, 0)


@overload(np.lib.stride_tricks.as_strided)
def as_strided(x, shape=None, strides=None, subok=None, writeable=None):
    if not isinstance(x, Array) or not all(isinstance(t, Tuple) and all(is_int(i) for i in t.items)
                                           for t in (shape, strides)):
        return None
    if len(shape.items) != len(strides.items):
        raise TypingError("as_strided(): shape and strides must have the same length")
    if not (subok is None and writeable is None):
        raise TypingError("as_strided() takes x, shape and strides in compiled code")
    return as_strided_impl


@specialized
def _sliding_impl(with_axis):
    def sliding_window_view_impl(x, window_shape, axis=None, subok=False, writeable=False):
        window = (window_shape,) if isinstance(window_shape, int) else window_shape
        if with_axis:
            ax = _normalize_axis(axis, x.ndim)
            size = window[0]
            if size < 0:
                raise ValueError("`window_shape` cannot contain negative values")
            if x.shape[ax] < size:
                raise ValueError("window shape cannot be larger than input array shape")
            shape = tuple_setitem(x.shape, ax, x.shape[ax] - size + 1)
            return strided_view(x, shape + (size,), x.strides + (x.strides[ax],), 0)
        shape = x.shape
        for d in range(x.ndim):
            if window[d] < 0:
                raise ValueError("`window_shape` cannot contain negative values")
            if x.shape[d] < window[d]:
                raise ValueError("window shape cannot be larger than input array shape")
            shape = tuple_setitem(shape, d, x.shape[d] - window[d] + 1)
        return strided_view(x, shape + window, x.strides + x.strides, 0)
    return sliding_window_view_impl


@overload(np.lib.stride_tricks.sliding_window_view)
def sliding_window_view(x, window_shape, axis=None, subok=None, writeable=None):
    arr = array_of(x)
    if arr is None or not _is_shape(window_shape) or not (subok is None and writeable is None):
        return None
    count = 1 if is_int(window_shape) else len(window_shape.items)
    if axis is None or is_none(axis):
        if count != arr.ndim:
            raise TypingError(f"sliding_window_view(): since axis is `None`, must provide window_shape for all "
                              f"dimensions of `x`; got {count} window_shape elements and `x.ndim` is {arr.ndim}.")
        return _sliding_impl(False)
    if not is_int(axis) or count != 1:
        raise TypingError("sliding_window_view() in compiled code takes one int axis with one window length")
    return _sliding_impl(True)


# -- asfortranarray, asarray_chkfinite ------------------------------------------------------------------

def _as_is(a):
    return a


def _fortran_copy(a):
    return a.T.copy().T


def _fortran_0d(a):
    return np.full(1, a)


@overload(np.asfortranarray)
def asfortranarray(a):
    arr = array_of(a)
    if arr is None:
        return _fortran_0d if isinstance(a, Number) else None
    if arr.ndim == 0:
        return _fortran_0d
    return _as_is if arr.layout == "F" or arr.ndim == 1 and arr.layout == "C" else _fortran_copy


def chkfinite_impl(a, dtype=None, order=None):
    for x in np.ravel(a):
        if not np.isfinite(x):
            raise ValueError("array must not contain infs or NaNs")
    return a


def chkfinite_exact(a, dtype=None, order=None):
    return a


@overload(np.asarray_chkfinite)
def asarray_chkfinite(a, dtype=None, order=None):
    arr = array_of(a)
    if arr is None or not (dtype is None or is_none(dtype)) or not (order is None or is_none(order)):
        return None
    return chkfinite_impl if isinstance(arr.dtype, (Float, Complex)) else chkfinite_exact


# -- frombuffer -------------------------------------------------------------------------------------------

@specialized
def _frombuffer_impl(cls, size, array_buffer):
    def frombuffer_impl(buffer, dtype=None, count=-1, offset=0):
        if array_buffer and not _c_contiguous(buffer):
            raise ValueError("ndarray is not C-contiguous")
        raw = buffer_bytes(buffer)
        n = len(raw)
        if offset < 0 or offset > n:
            raise ValueError(f"offset must be non-negative and no greater than buffer length ({n})")
        available = n - offset
        if count < 0:
            if available % size != 0:
                raise ValueError("buffer size must be a multiple of element size")
            count = available // size
        elif available < count * size:
            raise ValueError("buffer is smaller than requested size")
        return view_as(raw[offset:offset + count * size], cls)
    return frombuffer_impl


def _c_contiguous(a):
    expected = a.itemsize
    for d in range(a.ndim - 1, -1, -1):
        if a.shape[d] != 1 and a.strides[d] != expected:
            return a.size == 0
        expected *= a.shape[d]
    return True


@overload(np.frombuffer)
def frombuffer(buffer, dtype=None, count=None, offset=None):
    if not (isinstance(buffer, Array) or isinstance(buffer, BytesType)):
        return None
    if not all(t is None or is_int(t) for t in (count, offset)):
        return None
    elt = float64 if dtype is None or is_none(dtype) else dtype_from_const(dtype)
    return _frombuffer_impl(np.dtype(elt.dtype), elt.dtype.itemsize, isinstance(buffer, Array))


# -- a.view(dtype) ----------------------------------------------------------------------------------------------

@specialized
def _view_impl(old, new, ndim):
    def view_impl(a, dtype):
        if old != new:
            n = a.shape[ndim - 1]
            if n != 1 and a.strides[ndim - 1] != old:
                raise ValueError("To change to a dtype of a different size, the last axis must be contiguous")
            if (n * old) % new != 0:
                if new > old:
                    raise ValueError("When changing to a larger dtype, its size must be a divisor of the total "
                                     "size in bytes of the last axis of the array.")
                raise ValueError("When changing to a smaller dtype, its size must be a divisor of the size of "
                                 "original dtype")
        return view_as(a, dtype)
    return view_impl


@overload("array.view")
def view(a, dtype):
    if not isinstance(a, Array) or not isinstance(dtype, Const) or a.dtype.dtype.kind not in "biufc":
        return None
    new = dtype_from_const(dtype).dtype.itemsize
    if a.ndim == 0 and new != a.dtype.dtype.itemsize:
        raise TypingError("a.view(): changing the dtype of a 0d array is only supported if the itemsize is "
                          "unchanged (NumPy raises ValueError)")
    return _view_impl(a.dtype.dtype.itemsize, new, a.ndim)
