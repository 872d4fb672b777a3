"""Reductions written as plain Python: `axis=` forms of sum, prod, min, max, mean, argmin,
argmax (functions and methods), np.var / np.std (axis=, ddof=), np.cumsum / np.cumprod.

The whole-array reductions are intrinsics (numjit/intrinsics/reductions.py); an axis
reduction applies one of them to each lane of the array along that axis, or, when that
axis is not the innermost in memory, folds the array slice by slice (NumPy's loop order):

    >>> from numjit.types import float32, int64
    >>> sum_axis(float32[:, :], int64).__name__, sum_axis(float32[:], int64).__name__
    ('reduce_axis_impl', 'reduce_1d_impl')

Result dtypes are NumPy's: sum/prod/cumsum widen small integers and bool to int64
(uint64 for unsigned), mean/var/std give float64 for integers, argmin/argmax int64.
A 1-D array reduced along its axis gives a scalar, as in NumPy and numba.
"""
import math

import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_last, lane, lane_count
from ..types import Float, Complex
from ..types.scalars import float64, int64, is_intlike
from ..typing.registry import overload
from ..types.scalars import accumulator
from ..intrinsics.creation import dtype_from_const
from .guards import array_of, is_none, scalar_class, specialized
from .numpy_creation import copy_lanes
from .complexlib import complex_better_max, complex_better_min, complex_maximum, complex_minimum

# name → the whole-array reduction an axis reduction applies lane by lane, and its result dtype
WHOLE = {
    "sum": (np.sum, accumulator),
    "prod": (np.prod, accumulator),
    "min": (np.min, lambda t: t),
    "max": (np.max, lambda t: t),
    "mean": (np.mean, lambda t: t if isinstance(t, (Float, Complex)) else float64),
    "argmin": (np.argmin, lambda t: int64),
    "argmax": (np.argmax, lambda t: int64),
}


# How one more element combines into a partial result, for reducing slice by slice
# (NaN propagates through min/max as in NumPy; argmin/argmax keep the first best, first NaN).

def _add(acc, x):
    return acc + x


def _mul(acc, x):
    return acc * x


def _smaller(acc, x):
    return x if x < acc or x != x else acc


def _larger(acc, x):
    return x if x > acc or x != x else acc


def _better_min(x, best):
    return x < best or (x != x and best == best)


def _better_max(x, best):
    return x > best or (x != x and best == best)


COMBINE = {"sum": _add, "prod": _mul, "min": _smaller, "max": _larger, "mean": _add}
BETTER = {"argmin": _better_min, "argmax": _better_max}
# complex items in NumPy's order (lib/complexlib.py)
COMPLEX_COMBINE = {"min": complex_minimum, "max": complex_maximum}
COMPLEX_BETTER = {"argmin": complex_better_min, "argmax": complex_better_max}


def _by_slices(v):
    """Reduce slice by slice when the reduced axis is not the innermost one in memory: the inner
    loops then run along contiguous memory, as NumPy's do."""
    return v.shape[-1] > 0 and abs(v.strides[-1]) > abs(v.strides[-2])


@specialized
def _reduce_impl(name, cls, ndim, complex_items=False):
    reduce_lane = WHOLE[name][0]
    if ndim == 1:
        def reduce_1d_impl(a, axis):
            return reduce_lane(axis_last(a, axis))           # axis_last checks the axis
        return reduce_1d_impl

    def by_lanes(v, out):
        flat = out.reshape(-1)
        for k in range(flat.size):
            flat[k] = reduce_lane(lane(v, k))

    combine = (COMPLEX_COMBINE if complex_items else COMBINE).get(name, COMBINE.get(name))
    better = (COMPLEX_BETTER if complex_items else BETTER).get(name)
    divide = name == "mean"

    def fold_slices(v, out):                              # out[...] = combine over v[..., i]
        copy_lanes(out, v[..., 0])
        for i in range(1, v.shape[-1]):
            part = v[..., i]
            for k in range(lane_count(out)):
                acc = lane(out, k)
                src = lane(part, k)
                for j in range(len(acc)):
                    acc[j] = combine(acc[j], src[j])
        if divide:
            n = v.shape[-1]
            for k in range(lane_count(out)):
                acc = lane(out, k)
                for j in range(len(acc)):
                    acc[j] = acc[j] / n

    def arg_slices(v, out):                               # out[...] = index of the best v[..., i]
        best = np.empty(out.shape, v.dtype)
        copy_lanes(best, v[..., 0])
        for k in range(lane_count(out)):
            lane(out, k)[:] = 0
        for i in range(1, v.shape[-1]):
            part = v[..., i]
            for k in range(lane_count(out)):
                top = lane(best, k)
                src = lane(part, k)
                where = lane(out, k)
                for j in range(len(top)):
                    if better(src[j], top[j]):
                        top[j] = src[j]
                        where[j] = i

    by_slices = arg_slices if better is not None else fold_slices

    def reduce_axis_impl(a, axis):
        v = axis_last(a, axis)
        out = np.empty(v.shape[:-1], cls)
        if _by_slices(v):
            by_slices(v, out)
        else:
            by_lanes(v, out)
        return out
    return reduce_axis_impl


@specialized
def one_element(impl, with_dtype=False):
    """`impl` (along an axis of a 1-d array) for a 0-d array: NumPy reduces it along axis 0 or -1
    as the 1-element 1-d array (sum, max, argmax, all, cumsum...; not mean, var, median)."""
    def zero_d_impl(a, axis):
        return impl(a.reshape(1), axis)

    def zero_d_dtype_impl(a, axis=None, dtype=None):
        return impl(a.reshape(1), axis, dtype)
    return zero_d_dtype_impl if with_dtype else zero_d_impl


def _whole_impl(name):
    reduce_all = WHOLE[name][0]

    def reduce_all_impl(a, axis):
        return reduce_all(a)
    return reduce_all_impl


_WHOLE_IMPLS = {name: _whole_impl(name) for name in WHOLE}


def _axis_typer(name):
    def typer(a, axis=None):
        arr = array_of(a)
        if arr is None or axis is None:
            return None                       # no axis: the whole-array intrinsic
        if is_none(axis):
            return _WHOLE_IMPLS[name]
        if not is_intlike(axis):
            return None
        if arr.ndim == 0 and name == "mean":
            raise TypingError("np.mean(): axis given for a 0-d array (NumPy raises AxisError)")
        along = _reduce_impl(name, scalar_class(WHOLE[name][1](arr.dtype)), max(arr.ndim, 1),
                             isinstance(arr.dtype, Complex))
        return along if arr.ndim else one_element(along)
    typer.__name__ = f"{name}_axis"
    return typer


sum_axis = _axis_typer("sum")
prod_axis = _axis_typer("prod")
min_axis = _axis_typer("min")
max_axis = _axis_typer("max")
mean_axis = _axis_typer("mean")
argmin_axis = _axis_typer("argmin")
argmax_axis = _axis_typer("argmax")
overload(np.sum, "array.sum", "arrayexpr.sum")(sum_axis)
overload(np.prod, "array.prod", "arrayexpr.prod")(prod_axis)
overload(np.min, np.amin, "array.min", "arrayexpr.min")(min_axis)
overload(np.max, np.amax, "array.max", "arrayexpr.max")(max_axis)
overload(np.mean, "array.mean", "arrayexpr.mean")(mean_axis)
overload(np.argmin, "array.argmin", "arrayexpr.argmin")(argmin_axis)
overload(np.argmax, "array.argmax", "arrayexpr.argmax")(argmax_axis)


# -- var / std ----------------------------------------------------------------------------------

def _squared_deviations(a, m):
    """The sum of |a - m|**2 (an overload: a complex deviation squares as NumPy's (d * conj(d)).real)."""


def _real_deviations(a, m):
    return np.sum((a - m) * (a - m))


@overload(_squared_deviations)
def _squared_deviations_typer(a, m):
    if not isinstance(m, Complex):
        return _real_deviations

    def complex_impl(a, m):
        s = 0.0
        for x in a.ravel():
            d = x - m
            s += d.real * d.real + d.imag * d.imag
        return s
    return complex_impl


@specialized
def _var_impl(cls, root, ndim, by_axis):
    def var_all(a, ddof):
        m = np.mean(a)
        s = _squared_deviations(a, m)
        n = a.size - ddof
        if n <= 0:                                    # NumPy warns and gives inf or nan
            result = cls(s) * cls(np.inf) if s != 0 else cls(np.nan)
        else:
            result = cls(s / n)
        if root:
            return cls(math.sqrt(result))
        return result

    def var_impl(a, axis=None, ddof=0):
        return var_all(a, ddof)

    def var_1d_impl(a, axis=None, ddof=0):
        return var_all(axis_last(a, axis), ddof)       # axis_last checks the axis

    def var_axis_impl(a, axis=None, ddof=0):          # lane by lane along the axis
        v = axis_last(a, axis)
        out = np.empty(v.shape[:-1], cls)
        flat = out.reshape(-1)
        for k in range(flat.size):
            flat[k] = var_all(lane(v, k), ddof)
        return out
    if not by_axis:
        return var_impl
    return var_1d_impl if ndim == 1 else var_axis_impl


def _var_typer(root):
    def typer(a, axis=None, ddof=None):
        arr = array_of(a)
        if arr is None or not (is_none(ddof) or is_intlike(ddof)):
            return None
        if not (axis is None or is_none(axis) or is_intlike(axis)):
            return None
        by_axis = axis is not None and not is_none(axis)
        if by_axis and arr.ndim == 0:
            raise TypingError(f"np.{'std' if root else 'var'}(): axis given for a 0-d array (NumPy raises AxisError)")
        out = arr.dtype.underlying if isinstance(arr.dtype, Complex) else (
            arr.dtype if isinstance(arr.dtype, Float) else float64)
        return _var_impl(scalar_class(out), root, arr.ndim, by_axis)
    return typer


overload(np.var, "array.var", "arrayexpr.var")(_var_typer(False))
overload(np.std, "array.std", "arrayexpr.std")(_var_typer(True))


# -- cumsum / cumprod ---------------------------------------------------------------------------

@specialized
def _cumulative_impl(cls, product, with_axis, cast_items=False):
    def item(x):
        return cls(x) if cast_items else x        # dtype=: each item cast first, as NumPy

    def combine(s, x):
        return cls(s * item(x)) if product else cls(s + item(x))
    start = 1 if product else 0

    def cumulative_impl(a):                       # flattened, in C order
        out = np.empty(a.size, cls)
        s = cls(start)
        i = 0
        for k in range(lane_count(a)):
            src = lane(a, k)
            for j in range(len(src)):
                s = combine(s, src[j])
                out[i] = s
                i += 1
        return out

    def cumulative_axis_impl(a, axis):
        out = np.empty(a.shape, cls)
        v = axis_last(a, axis)
        w = axis_last(out, axis)
        for k in range(lane_count(v)):
            src = lane(v, k)
            dst = lane(w, k)
            s = cls(start)
            for j in range(len(src)):
                s = combine(s, src[j])
                dst[j] = s
        return out
    return cumulative_axis_impl if with_axis else cumulative_impl


def _cumulative_typer(product):
    def typer(a, axis=None, dtype=None):
        arr = array_of(a)
        if arr is None:
            return None
        given = not is_none(dtype)
        cls = scalar_class(dtype_from_const(dtype) if given else accumulator(arr.dtype))
        if is_none(axis):
            if given:
                return _dtype_impl(cls, product, False)
            return _cumulative_impl(cls, product, False) if axis is None else _with_none_axis(cls, product)
        if not is_intlike(axis):
            return None
        along = _dtype_impl(cls, product, True) if given else _cumulative_impl(cls, product, True)
        return along if arr.ndim else one_element(along, given)
    return typer


@specialized
def _with_none_axis(cls, product):
    flat = _cumulative_impl(cls, product, False)

    def cumulative_none_impl(a, axis):
        return flat(a)
    return cumulative_none_impl


@specialized
def _dtype_impl(cls, product, with_axis):
    inner = _cumulative_impl(cls, product, with_axis, True)

    def cumulative_dtype_impl(a, axis=None, dtype=None):
        return inner(a, axis) if with_axis else inner(a)
    return cumulative_dtype_impl


overload(np.cumsum, "array.cumsum", "arrayexpr.cumsum")(_cumulative_typer(False))
overload(np.cumprod, "array.cumprod", "arrayexpr.cumprod")(_cumulative_typer(True))
