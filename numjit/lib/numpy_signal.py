"""Differences, convolution, interpolation and covariance written as plain Python: np.diff (n=,
axis=, prepend=, append=; datetime64 gives timedelta64), np.ediff1d (to_begin=, to_end=), np.convolve / np.correlate
(mode='full'/'same'/'valid'), np.interp (left=, right=, period=), np.cov (y=, rowvar=, bias=,
ddof=, fweights=, aweights=), np.corrcoef, np.trapezoid (x=, dx=, axis=).

Formulas are NumPy's own (interp's slope and its NaN fallback, cov's multiplication by 1/fact);
sums run in index order where NumPy may use BLAS or pairwise sums, so those results agree to
rounding, not always to the last bit.

    >>> from numjit.types import float64, int64, boolean, Const
    >>> diff(int64[:, :]).__name__, diff(boolean[:]).__name__, convolve(float64[:], float64[:]).__name__
    ('diff_impl', 'diff_impl', 'convolve_full')
"""
import math

import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_last, axis_slice, lane, lane_count, tuple_setitem
from ..types import Boolean, Complex, Const
from ..types.datetimes import NPDatetime, NPTimedelta
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, is_number, result_dtype, scalar_class, specialized
from .numpy_joining import _normalize_axis
from .numpy_stats import float_class


def _real_array(t):
    arr = array_of(t)
    if arr is None or isinstance(arr.dtype, Complex):
        return None
    return arr


def _subtract(x, y):
    return x - y


def _not_equal(x, y):
    return x != y


# -- diff, ediff1d ----------------------------------------------------------------------------------

@specialized
def _diff_impl(step):
    def diff_impl(a, n=1, axis=-1):
        if n < 0:
            raise ValueError("order must be non-negative")
        ax = _normalize_axis(axis, a.ndim)
        m = a.shape[ax]
        keep = m - n if m > n else 0
        out = np.empty(tuple_setitem(a.shape, ax, keep), a.dtype)
        v = axis_last(a, ax)
        w = axis_last(out, ax)
        buf = np.empty(m, a.dtype)
        for k in range(lane_count(v)):
            src = lane(v, k)
            for j in range(m):
                buf[j] = src[j]
            for r in range(1, n + 1):
                for j in range(m - r):
                    buf[j] = step(buf[j + 1], buf[j])
            dst = lane(w, k)
            for j in range(keep):
                dst[j] = buf[j]
        return out
    return diff_impl


def datetime_diff_impl(a, n=1, axis=-1):
    """The first difference gives timedelta64 in the array's unit; the others difference those."""
    if n < 1:                                      # NumPy returns the datetime64 array itself for n=0
        raise ValueError("np.diff() of datetime64 needs n >= 1 in compiled code")
    ax = _normalize_axis(axis, a.ndim)
    m = a.shape[ax]
    deltas = axis_slice(a, ax, min(m, 1), m) - axis_slice(a, ax, 0, max(m - 1, 0))
    return np.diff(deltas, n - 1, ax)


def _no_end(x, a, ax):
    return np.empty(tuple_setitem(a.shape, ax, 0), a.dtype)


def _scalar_end(x, a, ax):
    return np.full(tuple_setitem(a.shape, ax, 1), x)


def _array_end(x, a, ax):
    return x


def _end_part(t, ndim):
    """How prepend= / append= (or to_begin= / to_end=, ndim None) joins the array."""
    if t is None or is_none(t):
        return _no_end
    if is_number(t) or isinstance(t, (NPDatetime, NPTimedelta)):
        return _scalar_end
    arr = array_of(t)
    if arr is not None and (ndim is None or arr.ndim == ndim):
        return _array_end
    return None


@specialized
def _diff_ends(first, last):
    def diff_ends(a, n=1, axis=-1, prepend=None, append=None):
        ax = _normalize_axis(axis, a.ndim)
        return np.diff(np.concatenate((first(prepend, a, ax), a, last(append, a, ax)), axis=ax), n, ax)
    return diff_ends


@overload(np.diff)
def diff(a, n=None, axis=None, prepend=None, append=None):
    arr = array_of(a)
    if arr is None:
        return None
    if arr.ndim == 0:
        raise TypingError("np.diff() requires input that is at least one dimensional")
    ends = not all(t is None or is_none(t) for t in (prepend, append))
    if not all(t is None or is_int(t) for t in (n, axis)):
        return None
    first, last = _end_part(prepend, arr.ndim), _end_part(append, arr.ndim)
    if first is None or last is None:
        return None
    if first is not _no_end or last is not _no_end:
        return _diff_ends(first, last)
    if isinstance(arr.dtype, NPDatetime):
        return datetime_diff_impl
    return _diff_impl(_not_equal if isinstance(arr.dtype, Boolean) else _subtract)


@specialized
def _ediff1d_impl(first, last):
    def ediff1d_impl(ary, to_end=None, to_begin=None):
        flat = np.ravel(ary)
        return np.concatenate((first(to_begin, flat), np.diff(flat), last(to_end, flat)))
    return ediff1d_impl


def _no_flat_end(x, flat):
    return np.empty(0, flat.dtype)


def _flat_scalar_end(x, flat):
    return np.full(1, x, flat.dtype)


def _flat_array_end(x, flat):
    return np.ravel(x).astype(flat.dtype)


FLAT_ENDS = {_no_end: _no_flat_end, _scalar_end: _flat_scalar_end, _array_end: _flat_array_end}


@overload(np.ediff1d)
def ediff1d(ary, to_end=None, to_begin=None):
    arr = array_of(ary)
    if arr is None or isinstance(arr.dtype, Boolean):
        return None
    for name, t in (("to_begin", to_begin), ("to_end", to_end)):
        dtype = getattr(array_of(t), "dtype", t)
        if hasattr(dtype, "dtype") and not np.can_cast(dtype.dtype, arr.dtype.dtype, "same_kind"):
            raise TypingError(f"dtype of `{name}` must be compatible with input `ary` under the `same_kind` rule.")
    ends = [FLAT_ENDS.get(_end_part(t, None)) for t in (to_begin, to_end)]
    return None if None in ends else _ediff1d_impl(*ends)


# -- convolve, correlate ------------------------------------------------------------------------------

def _correlate_long(a, v, mode, cls):
    """NumPy's _pyarray_correlate for len(a) >= len(v): c[k] = sum a[k + j] * v[j]."""
    n1 = len(a)
    n = len(v)
    if mode == 2:
        left, right = n - 1, n - 1
    elif mode == 1:
        left = n // 2
        right = n - left - 1
    else:
        left, right = 0, 0
    out = np.empty(n1 - n + 1 + left + right, cls)
    for i in range(len(out)):
        k = i - left                                    # a's offset of v[0]
        total = cls(0)
        for j in range(n):
            if 0 <= k + j < n1:
                total += a[k + j] * v[j]
        out[i] = total
    return out


def _check_empty(a, v):
    if len(a) == 0:
        raise ValueError("a cannot be empty")
    if len(v) == 0:
        raise ValueError("v cannot be empty")


def _correlate(a, v, mode, cls):
    _check_empty(a, v)
    if len(a) >= len(v):
        return _correlate_long(a, v, mode, cls)
    return _correlate_long(v, a, mode, cls)[::-1].copy()


MODES = {"valid": 0, "same": 1, "full": 2}


@specialized
def _convolve_impl(cls, mode, convolve):
    def convolve_impl(a, v, mode=None):
        _check_empty(a, v)
        if len(v) > len(a):
            return _correlate(v, a[::-1], code, cls)
        return _correlate(a, v[::-1], code, cls)

    def correlate_impl(a, v, mode=None):
        return _correlate(a, v, code, cls)
    code = MODES[mode]
    impl = convolve_impl if convolve else correlate_impl
    impl.__name__ = f"{'convolve' if convolve else 'correlate'}_{mode}"
    return impl


def _convolve_typer(convolve, default):
    def typer(a, v, mode=None):
        x, y = _real_array(a), _real_array(v)
        if x is None or y is None or x.ndim != 1 or y.ndim != 1:
            return None
        if is_none(mode):
            name = default
        elif isinstance(mode, Const) and mode.value in MODES:
            name = mode.value
        else:
            raise TypingError(f"mode must be one of {tuple(MODES)}, not {mode}")
        cls = scalar_class(result_dtype(x.dtype, y.dtype))
        return _convolve_impl(cls, name, convolve)
    return typer


convolve = _convolve_typer(True, "full")
overload(np.convolve)(convolve)
overload(np.correlate)(_convolve_typer(False, "valid"))


# -- interp -----------------------------------------------------------------------------------------

def _interp_one(x, xp, fp, lval, rval):
    n = len(xp)
    if n == 1:
        return lval if x < xp[0] else (rval if x > xp[0] else fp[0])
    if x != x:
        return x
    if x > xp[n - 1]:
        return rval
    if x < xp[0]:
        return lval
    lo = 0
    hi = n
    while lo < hi:                                  # the last j with xp[j] <= x
        mid = (lo + hi) >> 1
        if x >= xp[mid]:
            lo = mid + 1
        else:
            hi = mid
    j = lo - 1
    if j == n - 1 or xp[j] == x:
        return fp[j]
    slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
    result = slope * (x - xp[j]) + fp[j]
    if result != result:
        result = slope * (x - xp[j + 1]) + fp[j + 1]
        if result != result and fp[j] == fp[j + 1]:
            result = fp[j]
    return result


def _interp_setup(xp, fp, left, right):
    if len(xp) == 0:
        raise ValueError("array of sample points is empty")
    if len(xp) != len(fp):
        raise ValueError("fp and xp are not of the same length.")
    lval = float(fp[0]) if left is None else float(left)
    rval = float(fp[len(fp) - 1]) if right is None else float(right)
    return xp.astype(np.float64), fp.astype(np.float64), lval, rval


def interp_one(x, xp, fp, left=None, right=None, period=None):
    dx, dy, lval, rval = _interp_setup(xp, fp, left, right)
    return _interp_one(float(x), dx, dy, lval, rval)


def interp_many(x, xp, fp, left=None, right=None, period=None):
    dx, dy, lval, rval = _interp_setup(xp, fp, left, right)
    out = np.empty(x.shape, np.float64)
    flat = out.reshape(-1)
    k = 0
    for v in np.ravel(x):
        flat[k] = _interp_one(float(v), dx, dy, lval, rval)
        k += 1
    return out


@specialized
def _interp_periodic(inner):
    """period=: NumPy's recipe, x and xp taken modulo the period, xp sorted and wrapped around
    by one point at each end (left= and right= are ignored)."""
    def interp_periodic(x, xp, fp, left=None, right=None, period=None):
        if period == 0:
            raise ValueError("period must be a non-zero value")
        p = abs(float(period))
        if len(xp) != len(fp):
            raise ValueError("fp and xp are not of the same length.")
        xs = xp.astype(np.float64) % p
        order = np.argsort(xs)
        xs = xs[order]
        fs = fp.astype(np.float64)[order]
        xs = np.concatenate((xs[-1:] - p, xs, xs[0:1] + p))
        fs = np.concatenate((fs[-1:], fs, fs[0:1]))
        return inner(x % p, xs, fs, None, None, None)
    return interp_periodic


@overload(np.interp)
def interp(x, xp, fp, left=None, right=None, period=None):
    a, b = _real_array(xp), _real_array(fp)
    if a is None or b is None or a.ndim != 1 or b.ndim != 1:
        return None
    if not all(t is None or is_none(t) or is_number(t) for t in (left, right, period)):
        return None
    if is_number(x) and not isinstance(x, Complex):
        inner = interp_one
    elif _real_array(x) is not None:
        inner = interp_many
    else:
        return None
    return inner if period is None or is_none(period) else _interp_periodic(inner)


# -- cov, corrcoef ------------------------------------------------------------------------------------

def _rows(m, rowvar):
    x = np.atleast_2d(m).astype(np.float64)
    if not rowvar and x.shape[0] != 1:
        x = x.T.copy()
    return x


def _covariance(x, bias, ddof):
    n = x.shape[1]
    if ddof is None:
        d = 0 if bias else 1
    else:
        d = ddof
    fact = n - d
    if fact <= 0:
        fact = 0.0
    rows = x.shape[0]
    centred = np.empty((rows, n))
    for i in range(rows):
        mean = np.mean(x[i])
        for j in range(n):
            centred[i, j] = x[i, j] - mean
    c = np.empty((rows, rows))
    scale = np.inf if fact == 0 else 1.0 / fact          # NumPy: c *= true_divide(1, fact)
    for i in range(rows):
        for k in range(rows):
            total = 0.0
            for j in range(n):
                total += centred[i, j] * centred[k, j]
            c[i, k] = total * scale
    return c


def cov_2d(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None):
    return _covariance(_rows(m, rowvar), bias, ddof)


def cov_pair(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None):
    return _covariance(np.concatenate((_rows(m, rowvar), _rows(y, rowvar))), bias, ddof)


def cov_1d(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None):
    return _covariance(_rows(m, rowvar), bias, ddof).reshape(())


def _no_weights(weights, n, name):
    return np.ones(n)


def _sample_weights(weights, n, name):
    """fweights= / aweights= checked as NumPy checks them, as float64."""
    w = weights.astype(np.float64)
    if len(w) != n:
        raise RuntimeError(f"incompatible numbers of samples and {name}")
    for v in w:
        if name == "fweights" and v != np.round(v):
            raise TypeError("fweights must be integer")
        if v < 0:
            raise ValueError(f"{name} cannot be negative")
    return w


def _weighted_covariance(x, bias, ddof, fw, aw, with_aweights):
    """NumPy's weighted covariance: the weights w = fweights * aweights, its `fact` formula."""
    n = x.shape[1]
    w = fw * aw
    w_sum = np.sum(w)
    if w_sum == 0:
        raise ZeroDivisionError("Weights sum to zero, can't be normalized")
    if ddof is None:
        d = 0 if bias else 1
    else:
        d = ddof
    if d == 0:
        fact = w_sum
    elif not with_aweights:
        fact = w_sum - d
    else:
        fact = w_sum - d * np.sum(w * aw) / w_sum
    if fact <= 0:
        fact = 0.0
    rows = x.shape[0]
    centred = np.empty((rows, n))
    for i in range(rows):
        mean = np.sum(x[i] * w) / w_sum
        for j in range(n):
            centred[i, j] = x[i, j] - mean
    c = np.empty((rows, rows))
    scale = np.inf if fact == 0 else 1.0 / fact
    for i in range(rows):
        for k in range(rows):
            total = 0.0
            for j in range(n):
                total += centred[i, j] * (centred[k, j] * w[j])
            c[i, k] = total * scale
    return c


@specialized
def _cov_weighted(kind, f_of, a_of, with_aweights):
    def cov_weighted(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None):
        x = _rows(m, rowvar) if kind != "pair" else np.concatenate((_rows(m, rowvar), _rows(y, rowvar)))
        n = x.shape[1]
        c = _weighted_covariance(x, bias, ddof, f_of(fweights, n, "fweights"), a_of(aweights, n, "aweights"),
                                 with_aweights)
        return c.reshape(()) if kind == "1d" else c
    return cov_weighted


def _weights_reader(t, name):
    if t is None or is_none(t):
        return _no_weights
    arr = _real_array(t)
    if arr is None:
        return None
    if arr.ndim != 1:
        raise TypingError(f"np.cov(): cannot handle multidimensional {name}")
    return _sample_weights


def _cov_args(m, y):
    x = _real_array(m)
    if x is None or x.ndim > 2:
        return None
    if is_none(y) or y is None:
        return "1d" if x.ndim == 1 else "2d"
    other = _real_array(y)
    return "pair" if other is not None and other.ndim <= 2 else None


COV = {"1d": cov_1d, "2d": cov_2d, "pair": cov_pair}


@overload(np.cov)
def cov(m, y=None, rowvar=None, bias=None, ddof=None, fweights=None, aweights=None):
    kind = _cov_args(m, y)
    if kind is None or not (ddof is None or is_none(ddof) or is_int(ddof)):
        return None
    f_of, a_of = _weights_reader(fweights, "fweights"), _weights_reader(aweights, "aweights")
    if f_of is None or a_of is None:
        return None
    if f_of is _no_weights and a_of is _no_weights:
        return COV[kind]
    return _cov_weighted(kind, f_of, a_of, a_of is not _no_weights)


def _normalise(c):
    n = c.shape[0]
    std = np.empty(n)
    for i in range(n):
        std[i] = math.sqrt(c[i, i])
    for i in range(n):
        for k in range(n):
            r = c[i, k] / std[i] / std[k]
            c[i, k] = min(max(r, -1.0), 1.0) if r == r else r
    return c


def corrcoef_2d(x, y=None, rowvar=True):
    return _normalise(cov_2d(x, y, rowvar))


def corrcoef_pair(x, y=None, rowvar=True):
    return _normalise(cov_pair(x, y, rowvar))


def corrcoef_1d(x, y=None, rowvar=True):
    c = cov_1d(x, y, rowvar)
    return c / c


@overload(np.corrcoef)
def corrcoef(x, y=None, rowvar=None):
    kind = _cov_args(x, y)
    if kind is None:
        return None
    return {"1d": corrcoef_1d, "2d": corrcoef_2d, "pair": corrcoef_pair}[kind]


# -- trapezoid ----------------------------------------------------------------------------------------

def _width_x(x, j, dx):
    return x[j + 1] - x[j]


def _width_dx(x, j, dx):
    return dx


def _check_x(x, n):
    if len(x) != n:
        raise ValueError("x and y must have the same length along axis")


def _no_check(x, n):
    pass


@specialized
def _trapezoid_impl(cls, with_x, ndim):
    width, check = (_width_x, _check_x) if with_x else (_width_dx, _no_check)

    def lane_sum(v, x, dx):
        total = cls(0)
        for j in range(len(v) - 1):
            total += width(x, j, dx) * (v[j + 1] + v[j]) / 2.0
        return total

    def trapezoid_1d(y, x=None, dx=1.0, axis=-1):
        _normalize_axis(axis, 1)
        check(x, len(y))
        return lane_sum(y, x, dx)

    def trapezoid_axis(y, x=None, dx=1.0, axis=-1):
        v = axis_last(y, axis)
        check(x, v.shape[-1])
        out = np.empty(v.shape[:-1], cls)
        flat = out.reshape(-1)
        for k in range(lane_count(v)):
            flat[k] = lane_sum(lane(v, k), x, dx)
        return out
    return trapezoid_1d if ndim == 1 else trapezoid_axis


def _trapezoid_typer(y, x=None, dx=None, axis=None):
    arr = _real_array(y)
    if arr is None or arr.ndim == 0:
        return None
    with_x = x is not None and not is_none(x)
    if with_x:
        xa = _real_array(x)
        if xa is None or xa.ndim != 1:
            return None
    if not (dx is None or is_number(dx)) or not (axis is None or is_int(axis)):
        return None
    return _trapezoid_impl(float_class(arr.dtype), with_x, arr.ndim)


overload(np.trapezoid)(_trapezoid_typer)
