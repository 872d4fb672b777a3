"""NaN-ignoring reductions written as plain Python, whole-array or with axis=: np.nansum,
nanprod, nanmean, nanvar / nanstd (ddof=), nanmin, nanmax, nanargmin, nanargmax, nanmedian,
nanpercentile, nanquantile, nancumsum, nancumprod; and np.nan_to_num (nan=, posinf=, neginf=).

Each reduction is one function over a 1-D lane; the whole-array form applies it to the
flattened array, the axis= form to every lane along that axis. Result dtypes are NumPy's
(sums of small ints widen to int64, means and variances of ints are float64). All-NaN lanes
give NaN (nanmin/nanmax/nanmean/nanmedian, as NumPy does with a RuntimeWarning) or raise
ValueError (nanargmin/nanargmax), as in NumPy.

    >>> from numjit.types import float64, int32, int64
    >>> nansum(float64[:, :]).__name__, nanmean(int32[:, :], int64).__name__
    ('nan_whole', 'nan_along')
"""
import math

import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_last, lane, lane_count
from ..types import Complex, Const, Float
from ..types.scalars import accumulator, float64, int64
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, is_number, result_dtype, scalar_class, specialized
from .numpy_joining import _normalize_axis
from .numpy_reductions import one_element
from .numpy_sorting import sort_1d
from .numpy_stats import DISCRETE, METHODS, _check_q, _median_sorted, _quantile_sorted


# -- one lane at a time -------------------------------------------------------------------------------

def _lane_sum(v, cls):
    total = cls(0)
    for x in v:
        if x == x:
            total += x
    return total


def _lane_prod(v, cls):
    total = cls(1)
    for x in v:
        if x == x:
            total *= x
    return total


def _lane_mean(v, cls):
    total = cls(0)
    count = 0
    for x in v:
        if x == x:
            total += x
            count += 1
    return cls(total / count) if count > 0 else cls(np.nan)


def _lane_var(v, cls, ddof):
    mean = _lane_mean(v, cls)
    total = cls(0)
    count = 0
    for x in v:
        if x == x:
            d = x - mean
            total += d * d
            count += 1
    return cls(total / (count - ddof)) if count - ddof > 0 else cls(np.nan)


def _lane_std(v, cls, ddof):
    return cls(math.sqrt(_lane_var(v, cls, ddof)))


def _lane_min(v, cls):
    if len(v) == 0:
        raise ValueError("zero-size array to reduction operation fmin which has no identity")
    best = v[0]
    for x in v:
        if x < best or best != best:
            best = x
    return best


def _lane_max(v, cls):
    if len(v) == 0:
        raise ValueError("zero-size array to reduction operation fmax which has no identity")
    best = v[0]
    for x in v:
        if x > best or best != best:
            best = x
    return best


def _lane_argmin(v, cls):
    best = -1
    for j in range(len(v)):
        if v[j] == v[j] and (best < 0 or v[j] < v[best]):
            best = j
    if best < 0:
        raise ValueError("All-NaN slice encountered")
    return best


def _lane_argmax(v, cls):
    best = -1
    for j in range(len(v)):
        if v[j] == v[j] and (best < 0 or v[j] > v[best]):
            best = j
    if best < 0:
        raise ValueError("All-NaN slice encountered")
    return best


def _sorted_numbers(v, cls):
    """The non-NaN items of v, sorted, as cls."""
    s = np.empty(len(v), cls)
    for j in range(len(v)):
        s[j] = v[j]
    sort_1d(s)
    k = len(s)
    while k > 0 and s[k - 1] != s[k - 1]:
        k -= 1
    return s[:k]


def _lane_median(v, cls):
    return cls(_median_sorted(_sorted_numbers(v, cls), 0.5))


def _lane_quantile(v, cls, q):
    return cls(_quantile_sorted(_sorted_numbers(v, cls), q))


@specialized
def _lane_quantile_by(method):
    """The lane quantile of nanquantile(method=...): numpy_stats' METHODS on the sorted numbers."""
    at = METHODS[method]

    def lane_quantile(v, cls, q):
        return cls(at(_sorted_numbers(v, cls), q))
    return lane_quantile


# -- whole array / along an axis ----------------------------------------------------------------------

@specialized
def _reducer(lane_fn, cls, with_axis, extra, many=False):
    """extra: '' (no parameter), 'ddof', or 'q' / 'percent' (a quantile, checked; `many`: an array of them)."""
    def nan_whole(a, axis=None):
        if axis is not None:                      # a 1-D array along its axis: a scalar
            _normalize_axis(axis, 1)
        return lane_fn(np.ravel(a), cls)

    def nan_along(a, axis=None):
        v = axis_last(a, axis)
        out = np.empty(v.shape[:-1], cls)
        flat = out.reshape(-1)
        for k in range(lane_count(v)):
            flat[k] = lane_fn(lane(v, k), cls)
        return out

    def nan_whole_ddof(a, axis=None, ddof=0):
        if axis is not None:
            _normalize_axis(axis, 1)
        return lane_fn(np.ravel(a), cls, ddof)

    def nan_along_ddof(a, axis=None, ddof=0):
        v = axis_last(a, axis)
        out = np.empty(v.shape[:-1], cls)
        flat = out.reshape(-1)
        for k in range(lane_count(v)):
            flat[k] = lane_fn(lane(v, k), cls, ddof)
        return out

    scale = 100.0 if extra == "percent" else 1.0
    percent = extra == "percent"

    def nan_whole_q(a, q, axis=None, method=None):
        if axis is not None:
            _normalize_axis(axis, 1)
        f = q / scale
        _check_q(f, percent)
        return lane_fn(np.ravel(a), cls, f)

    def nan_along_q(a, q, axis=None, method=None):
        f = q / scale
        _check_q(f, percent)
        v = axis_last(a, axis)
        out = np.empty(v.shape[:-1], cls)
        flat = out.reshape(-1)
        for k in range(lane_count(v)):
            flat[k] = lane_fn(lane(v, k), cls, f)
        return out
    def nan_whole_many(a, q, axis=None, method=None):
        flat = np.ravel(a)
        out = np.empty(q.shape, cls)
        dst = out.reshape(-1)
        k = 0
        for x in np.ravel(q):
            f = x / scale
            _check_q(f, percent)
            dst[k] = lane_fn(flat, cls, f)
            k += 1
        return out
    if many:
        return nan_whole_many
    table = {"": (nan_whole, nan_along), "ddof": (nan_whole_ddof, nan_along_ddof),
             "q": (nan_whole_q, nan_along_q), "percent": (nan_whole_q, nan_along_q)}
    return table[extra][1 if with_axis else 0]


def _result(kind, dtype):
    if kind == "acc":
        return accumulator(dtype)
    if kind == "float":
        return dtype if isinstance(dtype, Float) else float64
    if kind == "index":
        return int64
    return dtype


def _nan_typer(name, lane_fn, kind, extra=""):
    positional = ("q", "axis") if extra in ("q", "percent") else ("axis",)   # ddof, method: keyword-only here
    allowed = positional + {"ddof": ("ddof",), "q": ("method",), "percent": ("method",)}.get(extra, ())

    def typer(a, *args, **kws):
        arr = array_of(a)
        if arr is None or isinstance(arr.dtype, Complex) or len(args) > len(positional):
            return None
        if any(k not in allowed for k in kws):
            return None
        given = dict(zip(positional, args), **kws)
        q = given.get("q", int64)
        many = extra in ("q", "percent") and array_of(q) is not None and not isinstance(array_of(q).dtype, Complex)
        if extra in ("q", "percent") and not (is_number(q) or many):
            return None
        if not (given.get("ddof") is None or is_int(given["ddof"])):
            return None
        axis = given.get("axis")
        with_axis = axis is not None and not is_none(axis)
        if with_axis and not is_int(axis) or with_axis and many:
            return None
        if with_axis and arr.ndim == 0 and (extra in ("q", "percent") or name == "nanmedian"):
            raise TypingError(f"np.{name}(): axis given for a 0-d array (NumPy raises AxisError)")
        dtype = _result(kind, arr.dtype)
        if many:                                  # an array of q is a strong operand: float32 a gives float64
            dtype = _result(kind, result_dtype(dtype, array_of(q).dtype))
        lane_of = lane_fn
        method = given.get("method")
        if not (method is None or is_none(method) or isinstance(method, Const) and method.value in METHODS):
            raise TypingError(f"np.{name}(): method must be a constant, one of {tuple(METHODS)}, not {method}")
        if isinstance(method, Const) and method.value != "linear":
            lane_of = _lane_quantile_by(method.value)
            if method.value in DISCRETE and not isinstance(arr.dtype, Float):
                dtype = arr.dtype                 # the discrete methods keep an integer array's dtype
        return _reducer(lane_of, scalar_class(dtype), with_axis and arr.ndim > 1, extra, many)
    typer.__name__ = name
    return typer


nansum = _nan_typer("nansum", _lane_sum, "acc")
nanmean = _nan_typer("nanmean", _lane_mean, "float")
TABLE = {
    np.nansum: nansum,
    np.nanprod: _nan_typer("nanprod", _lane_prod, "acc"),
    np.nanmean: nanmean,
    np.nanvar: _nan_typer("nanvar", _lane_var, "float", "ddof"),
    np.nanstd: _nan_typer("nanstd", _lane_std, "float", "ddof"),
    np.nanmin: _nan_typer("nanmin", _lane_min, "same"),
    np.nanmax: _nan_typer("nanmax", _lane_max, "same"),
    np.nanargmin: _nan_typer("nanargmin", _lane_argmin, "index"),
    np.nanargmax: _nan_typer("nanargmax", _lane_argmax, "index"),
    np.nanmedian: _nan_typer("nanmedian", _lane_median, "float"),
    np.nanquantile: _nan_typer("nanquantile", _lane_quantile, "float", "q"),
    np.nanpercentile: _nan_typer("nanpercentile", _lane_quantile, "float", "percent"),
}
for _key, _typer in TABLE.items():
    overload(_key)(_typer)


# -- nancumsum / nancumprod ---------------------------------------------------------------------------

def _skip_nan_add(s, x):
    return s + x if x == x else s


def _skip_nan_mul(s, x):
    return s * x if x == x else s


@specialized
def _nan_cumulative(cls, combine, start, with_axis):
    def run(src, dst):
        s = cls(start)
        for j in range(len(src)):
            s = cls(combine(s, src[j]))
            dst[j] = s

    def nancum_flat(a, axis=None):
        out = np.empty(a.size, cls)
        run(np.ravel(a), out)
        return out

    def nancum_axis(a, axis=None):
        out = np.empty(a.shape, cls)
        v = axis_last(a, axis)
        w = axis_last(out, axis)
        for k in range(lane_count(v)):
            run(lane(v, k), lane(w, k))
        return out
    return nancum_axis if with_axis else nancum_flat


def _nancum_typer(combine, start):
    def typer(a, axis=None):
        arr = array_of(a)
        if arr is None or isinstance(arr.dtype, Complex):
            return None
        with_axis = axis is not None and not is_none(axis)
        if with_axis and not is_int(axis):
            return None
        impl = _nan_cumulative(scalar_class(accumulator(arr.dtype)), combine, start, with_axis)
        return one_element(impl) if with_axis and arr.ndim == 0 else impl
    return typer


overload(np.nancumsum)(_nancum_typer(_skip_nan_add, 0))
overload(np.nancumprod)(_nancum_typer(_skip_nan_mul, 1))


# -- nan_to_num -----------------------------------------------------------------------------------------

def _replace(x, nan, posinf, neginf):
    if x != x:
        return nan
    if x == np.inf:
        return posinf
    if x == -np.inf:
        return neginf
    return x


@specialized
def _nan_to_num_impl(cls, array):
    big = np.finfo(cls).max

    def limits(nan, posinf, neginf):
        top = big if posinf is None else posinf
        bottom = -big if neginf is None else neginf
        return cls(nan), cls(top), cls(bottom)

    def nan_to_num_array(x, copy=True, nan=0.0, posinf=None, neginf=None):
        n, p, m = limits(nan, posinf, neginf)
        out = np.empty(x.shape, cls)
        flat = out.reshape(-1)
        k = 0
        for v in np.ravel(x):
            flat[k] = _replace(v, n, p, m)
            k += 1
        return out

    def nan_to_num_scalar(x, copy=True, nan=0.0, posinf=None, neginf=None):
        n, p, m = limits(nan, posinf, neginf)
        return _replace(cls(x), n, p, m)
    return nan_to_num_array if array else nan_to_num_scalar


def _copy_as_is(x, copy=True, nan=0.0, posinf=None, neginf=None):
    return x.copy()


def _scalar_as_is(x, copy=True, nan=0.0, posinf=None, neginf=None):
    return x


@overload(np.nan_to_num)
def nan_to_num(x, copy=None, nan=None, posinf=None, neginf=None):
    arr = array_of(x)
    dtype = arr.dtype if arr is not None else (x if is_number(x) else None)
    if dtype is None or isinstance(dtype, Complex):
        return None
    if not isinstance(dtype, Float):
        return _copy_as_is if arr is not None else _scalar_as_is
    return _nan_to_num_impl(scalar_class(dtype), arr is not None)
