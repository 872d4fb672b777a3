"""np.pad in compiled code: modes constant (a scalar constant_values), edge, wrap, reflect,
symmetric; pad_width an int, (before, after), ((before, after),) or one (before, after) pair
per axis.

The padded array starts as the constant (0 for the other modes) with `a` copied into its
middle; then, axis after axis, each padded hyperplane is copied from the hyperplane of the
middle that the mode maps it to (over the whole extent of the axes already padded, as NumPy
pads: corners come out as NumPy's).

    >>> from numjit.types import float64, int64, Tuple, Const
    >>> pad(float64[:, :], int64).__name__, pad(float64[:], Tuple([int64, int64]), Const("edge")).__name__
    ('pad_constant', 'pad_edge')
"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_slice, tuple_setitem
from ..types import Const, Tuple
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, is_number, specialized

MODES = ("constant", "edge", "wrap", "reflect", "symmetric")


def _widths_int(pad_width, ndim):
    w = np.empty((ndim, 2), np.int64)
    for i in range(ndim):
        w[i, 0] = pad_width
        w[i, 1] = pad_width
    return w


def _widths_pair(pad_width, ndim):
    w = np.empty((ndim, 2), np.int64)
    for i in range(ndim):
        w[i, 0] = pad_width[0]
        w[i, 1] = pad_width[-1]
    return w


def _widths_pairs(pad_width, ndim):
    if len(pad_width) != ndim and len(pad_width) != 1:
        raise ValueError("operands could not be broadcast together with remapped shapes")
    w = np.empty((ndim, 2), np.int64)
    for i in range(ndim):
        pair = pad_width[i if len(pad_width) > 1 else 0]
        w[i, 0] = pair[0]
        w[i, 1] = pair[-1]
    return w


def _padded(a, w, fill):
    """The padded array of `fill` with `a` in its middle."""
    for i in range(a.ndim):
        if w[i, 0] < 0 or w[i, 1] < 0:
            raise ValueError("index can't contain negative values")
    shape = a.shape
    for i in range(a.ndim):
        shape = tuple_setitem(shape, i, shape[i] + w[i, 0] + w[i, 1])
    out = np.full(shape, fill, a.dtype)
    middle = axis_slice(out, 0, w[0, 0], w[0, 0] + a.shape[0])
    for ax in range(1, a.ndim):
        middle = axis_slice(middle, ax, w[ax, 0], w[ax, 0] + a.shape[ax])
    middle[...] = a
    return out


def _source(mode, k, n):
    """The index of the middle (0 <= result < n) that padded position k (relative to the
    middle's start) copies."""
    if mode == "edge":
        return 0 if k < 0 else n - 1
    if mode == "wrap":
        return k % n
    if mode == "reflect":
        if n == 1:
            return 0
        period = 2 * n - 2
        r = k % period
        return r if r < n else period - r
    r = k % (2 * n)                                    # symmetric
    return r if r < n else 2 * n - 1 - r


@specialized
def _pad_impl(widths, mode):
    def pad_constant(array, pad_width, mode=None, constant_values=0):
        return _padded(array, widths(pad_width, array.ndim), constant_values)

    def pad_copying(array, pad_width, mode=None, constant_values=0):
        w = widths(pad_width, array.ndim)
        out = _padded(array, w, 0)
        for ax in range(array.ndim):
            n = array.shape[ax]
            start = w[ax, 0]
            if n == 0 and w[ax, 0] + w[ax, 1] > 0:
                raise ValueError("can't extend empty axis using modes other than 'constant' or 'empty'")
            for i in range(out.shape[ax]):
                if start <= i < start + n:
                    continue
                src = start + _source(mode, i - start, n)
                target = axis_slice(out, ax, i, i + 1)
                target[...] = axis_slice(out, ax, src, src + 1)
        return out
    if mode == "constant":
        return pad_constant
    pad_copying.__name__ = "pad_" + mode
    return pad_copying


def _widths_of(t):
    if is_int(t):
        return _widths_int
    if isinstance(t, Tuple) and t.items and all(is_int(x) for x in t.items) and len(t.items) <= 2:
        return _widths_pair
    if (isinstance(t, Tuple) and t.items and all(isinstance(x, Tuple) and 1 <= len(x.items) <= 2
                                                 and all(is_int(y) for y in x.items) for x in t.items)
            and len({len(x.items) for x in t.items}) == 1):
        return _widths_pairs
    return None


@overload(np.pad)
def pad(array, pad_width, mode=None, constant_values=None):
    arr = array_of(array)
    if arr is None:
        return None
    if arr.ndim == 0:
        raise TypingError("np.pad() of a 0-d array is not supported in compiled code")
    widths = _widths_of(pad_width)
    if widths is None:
        raise TypingError(f"np.pad(): pad_width must be an int or (tuples of) ints, not {pad_width}")
    if is_none(mode):
        name = "constant"
    elif isinstance(mode, Const) and mode.value in MODES:
        name = mode.value
    else:
        raise TypingError(f"np.pad(): mode must be a constant, one of {MODES}, not {mode}")
    if not (is_none(constant_values) or is_number(constant_values)):
        raise TypingError("np.pad(): constant_values must be a number in compiled code")
    if name != "constant" and not is_none(constant_values):
        raise TypingError(f"np.pad(): constant_values is only for mode='constant', not {name!r}")
    return _pad_impl(widths, name)
