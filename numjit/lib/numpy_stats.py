"""Statistics written as plain Python: np.histogram / histogram_bin_edges (int bins or an edge
array, range=, density=), np.bincount (weights=, minlength=), np.digitize (right=), np.median,
np.percentile, np.quantile (axis=, all 13 of NumPy's method= values), np.average (weights=, axis=), np.ptp,
np.all / np.any with axis=.

Each follows NumPy's own formulas, so results match to the last bit where NumPy's do not depend
on its summation order: quantiles use NumPy's virtual index (n - 1) * q and its two-sided
lerp; uniform histograms place values by (x - first) / (last - first) * bins, then correct by the
edges, as NumPy does.

    >>> from numjit.types import float64, int64, Const
    >>> histogram(float64[:]).__name__, histogram(float64[:], float64[::1]).__name__
    ('histogram_uniform', 'histogram_edges')
    >>> quantile(int64[:, :], float64, int64).__name__
    'quantile_axis'
"""
import math

import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_last, lane, lane_count, tuple_setitem
from ..types import Boolean, Complex, Const, Float, Integer, Tuple
from ..types.scalars import float64
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, is_number, scalar_class, specialized
from .numpy_joining import _normalize_axis
from .numpy_linalg_lapack import literal_flag
from .numpy_reductions import one_element
from .numpy_sorting import less, sort_1d


def float_class(dtype):
    """NumPy's float result class for a dtype: float32 stays, everything else is float64."""
    return scalar_class(dtype if isinstance(dtype, Float) else float64)


def _real_array(t):
    arr = array_of(t)
    if arr is None or isinstance(arr.dtype, Complex):
        return None
    return arr


# -- histogram --------------------------------------------------------------------------------------

def _range_of(a, rng):
    """(first, last) edges: range= or a's min and max, widened by 0.5 when equal."""
    if rng is None:
        if a.size == 0:
            first, last = 0.0, 1.0
        else:
            first, last = float(np.min(a)), float(np.max(a))
    else:
        first, last = float(rng[0]), float(rng[1])
    if first > last:
        raise ValueError("max must be larger than min in range parameter.")
    if not (math.isfinite(first) and math.isfinite(last)):
        raise ValueError("the histogram range is not finite")
    if first == last:
        first -= 0.5
        last += 0.5
    return first, last


def _linspace32(first, last, num):
    """NumPy's linspace of float32 ends (a float32 array's own min and max): float32 arithmetic."""
    lo, hi = np.float32(first), np.float32(last)
    step = (hi - lo) / np.float32(num - 1)
    out = np.empty(num, np.float32)
    for i in range(num):
        out[i] = np.float32(i) * step + lo
    out[num - 1] = hi
    return out


def _float64_edges(first, last, bins, range):
    """(edges, first, last) of uniform bins, float64 edges."""
    return np.linspace(first, last, bins + 1), first, last


def _float32_edges(first, last, bins, range):
    """As _float64_edges, for float32 data: float32 edges, computed in float32 from the data's own
    ends without range= (NumPy's linspace of two float32 numbers), else linspace's cast."""
    if range is None:
        edges = _linspace32(first, last, bins + 1)
        return edges, float(edges[0]), float(edges[bins])
    return np.linspace(first, last, bins + 1).astype(np.float32), first, last


def _check_increasing(edges, bins):
    """NumPy's error where rounding made two uniform edges equal (float32 data in a tiny range)."""
    for i in range(bins):
        if edges[i] >= edges[i + 1]:
            raise ValueError(f"Too many bins for data range. Cannot create {bins} finite-sized bins.")


def edge_bin(x, first, span, bins, edges):
    """NumPy's bin of an in-range x: its division, then the correction against the edges."""
    i = int((x - first) / span * bins)
    if i == bins:
        i -= 1
    if x < edges[i]:
        i -= 1
    elif i != bins - 1 and x >= edges[i + 1]:
        i += 1
    return i


def _uniform_counts(a, bins, first, last, edges, unit):
    """NumPy's counts: its guess int((x - first) / span * bins), corrected once by the edges.

    A value whose scaled position q = (x - first) * (bins / span) lies farther than a margin of
    64 * unit * bins * (1 + max(|first|, |last|) / span) bins from every bin boundary is in bin
    floor(q) both by the edges and by NumPy's guess: the two quotients and the linspace edges
    differ from the exact position by a few units of roundoff (`unit`: 2**-24 for float32 edges,
    2**-50 for float64), which the margin bounds with room to spare. Below the range, q < 0
    exactly when x < first (the subtraction keeps the sign); clear of the margin above bin
    bins - 1, x > last. Only values near a boundary take NumPy's own division and edge
    correction, so results are NumPy's to the count.

    Blocks of 128 values: a branch-free (vectorised) loop gives each value its slot (0: undecided,
    1: below or NaN, 2 + b: bin b, bins + 2: above; q clamped to [-0.5, bins + 0.5] first), a
    second loop counts the slots into two arrays by turns (so that neighbours in one bin do not
    wait on each other's store), and a block with an undecided value goes through them again the
    exact way.
    """
    counts = np.zeros(bins + 3, np.int64)
    odd = np.zeros(bins + 3, np.int64)
    span = last - first
    ratio = bins / span
    inner = 0.5 - 64.0 * unit * bins * (1.0 + max(abs(first), abs(last)) / span)
    if bins > 2 ** 30:
        inner = -1.0                        # slots are int32: every value the exact way
    top = bins + 0.5
    flat = np.ravel(a)
    n = flat.size
    slots = np.empty(128, np.int32)
    for start in range(0, n, 128):
        m = min(128, n - start)
        for k in range(m):
            q = (flat[start + k] - first) * ratio
            q = q if q > -0.5 else -0.5
            q = q if q < top else top
            b = np.floor(q)
            slots[k] = np.int32(b) + np.int32(2) if abs(q - b - 0.5) < inner else np.int32(0)
        undecided = counts[0] + odd[0]
        for k in range(0, m - 1, 2):
            counts[np.uint32(slots[k])] += 1
            odd[np.uint32(slots[k + 1])] += 1
        if m % 2:
            counts[np.uint32(slots[m - 1])] += 1
        if counts[0] + odd[0] != undecided:
            for k in range(m):
                x = flat[start + k]
                if slots[k] == 0 and x >= first and x <= last:
                    counts[edge_bin(x, first, span, bins, edges) + 2] += 1
    return counts[2:bins + 2] + odd[2:bins + 2]


def _edge_counts(a, edges):
    n = len(edges) - 1
    for i in range(n):
        if edges[i + 1] < edges[i]:
            raise ValueError("`bins` must increase monotonically, when an array")
    counts = np.zeros(max(n, 0), np.int64)
    for x in np.ravel(a):
        if n > 0 and x >= edges[0] and x <= edges[n]:
            lo = 0
            hi = n + 1
            while lo < hi:                              # first edge > x
                mid = (lo + hi) >> 1
                if x < edges[mid]:
                    hi = mid
                else:
                    lo = mid + 1
            i = lo - 1
            if i == n:
                i = n - 1
            counts[i] += 1
    return counts


def _as_counts(counts, edges):
    return counts


def _density(counts, edges):
    total = counts.sum()
    out = np.empty(len(counts), np.float64)
    for i in range(len(counts)):
        out[i] = counts[i] / (edges[i + 1] - edges[i]) / total
    return out


@specialized
def _histogram_impl(edge_cls, uniform, density):
    """density: None for histogram_bin_edges, else whether counts become a density."""
    finish = _density if density else _as_counts
    edges_of = _float32_edges if edge_cls is np.float32 else _float64_edges
    unit = 2.0 ** -24 if edge_cls is np.float32 else 2.0 ** -50      # the edges' roundoff

    def uniform_edges(a, bins, range):
        if bins < 1:
            raise ValueError("`bins` must be positive, when an integer")
        first, last = _range_of(a, range)
        edges, first, last = edges_of(first, last, bins, range)
        _check_increasing(edges, bins)
        return edges, first, last

    def histogram_uniform(a, bins=10, range=None, density=None):
        edges, first, last = uniform_edges(a, bins, range)
        return finish(_uniform_counts(a, bins, first, last, edges, unit), edges), edges

    def histogram_edges(a, bins=10, range=None, density=None):
        return finish(_edge_counts(a, bins), bins), bins.copy()

    def bin_edges_uniform(a, bins=10, range=None):
        return uniform_edges(a, bins, range)[0]

    def bin_edges_given(a, bins=10, range=None):
        return bins.copy()
    if density is None:
        return bin_edges_uniform if uniform else bin_edges_given
    return histogram_uniform if uniform else histogram_edges


def _histogram_args(a, bins, range):
    arr = _real_array(a)
    if arr is None:
        return None
    if not (is_none(range) or isinstance(range, Tuple) and len(range.items) == 2
            and all(is_number(t) for t in range.items)):
        return None
    if bins is None or is_int(bins):
        return float_class(arr.dtype), True
    edges = _real_array(bins)
    if edges is not None and edges.ndim == 1:
        return None, False
    return None


@overload(np.histogram)
def histogram(a, bins=None, range=None, density=None):
    found = _histogram_args(a, bins, range)
    if found is None:
        return None
    if is_none(density):
        density = Const(False)
    if not (isinstance(density, Const) and isinstance(density.value, bool)):
        return None                        # a run-time bool: retried with the literal, if any
    edge_cls, uniform = found
    return _histogram_impl(edge_cls, uniform, density.value)


@overload(np.histogram_bin_edges)
def histogram_bin_edges(a, bins=None, range=None):
    found = _histogram_args(a, bins, range)
    if found is None:
        return None
    edge_cls, uniform = found
    return _histogram_impl(edge_cls, uniform, None)


# -- bincount, digitize -------------------------------------------------------------------------------

def _bincount_size(x, minlength):
    if minlength < 0:
        raise ValueError("'minlength' must not be negative")
    top = -1
    for v in x:
        if v < 0:
            raise ValueError("'list' argument must have no negative elements")
        if v > top:
            top = v
    return max(top + 1, minlength)


def bincount_impl(x, weights=None, minlength=0):
    out = np.zeros(_bincount_size(x, minlength), np.int64)
    for v in x:
        out[v] += 1
    return out


def bincount_weights(x, weights=None, minlength=0):
    if len(weights) != len(x):
        raise ValueError("The weights and list don't have the same length.")
    out = np.zeros(_bincount_size(x, minlength), np.float64)
    for i in range(len(x)):
        out[x[i]] += weights[i]
    return out


@overload(np.bincount)
def bincount(x, weights=None, minlength=None):
    arr = array_of(x)
    if arr is None or arr.ndim != 1 or not is_int(arr.dtype):
        return None
    if not (is_none(minlength) or is_int(minlength)):
        return None
    if is_none(weights):
        return bincount_impl
    w = _real_array(weights)
    return bincount_weights if w is not None and w.ndim == 1 else None


def _digitize_one(x, bins, increasing, right):
    """np.searchsorted(bins (reversed when decreasing), x, side='left' if right else 'right')."""
    n = len(bins)
    lo = 0
    hi = n
    while lo < hi:
        mid = (lo + hi) >> 1
        e = bins[mid] if increasing else bins[n - 1 - mid]
        if less(e, x) if right else not less(x, e):
            lo = mid + 1
        else:
            hi = mid
    return lo if increasing else n - lo


def digitize_impl(x, bins, right=False):
    n = len(bins)
    up = True
    down = True
    for i in range(n - 1):
        if bins[i + 1] < bins[i]:
            up = False
        if bins[i + 1] > bins[i]:
            down = False
    if not (up or down):
        raise ValueError("bins must be monotonically increasing or decreasing")
    out = np.empty(x.shape, np.int64)
    flat = out.reshape(-1)
    k = 0
    for v in np.ravel(x):
        flat[k] = _digitize_one(v, bins, up, right)
        k += 1
    return out


@overload(np.digitize)
def digitize(x, bins, right=None):
    edges = _real_array(bins)
    if _real_array(x) is None or edges is None or edges.ndim != 1:
        return None
    return digitize_impl


# -- median, quantile, percentile -----------------------------------------------------------------

def _lerp(a, b, t):
    d = b - a
    return b - d * (1 - t) if t >= 0.5 else a + d * t


def _quantile_sorted(s, q):
    """NumPy's 'linear' quantile of the sorted 1-D s (NaNs last: NaN if s has one)."""
    n = len(s)
    if n == 0:
        return np.nan
    if s[n - 1] != s[n - 1]:
        return s[n - 1]
    virtual = (n - 1) * q
    below = math.floor(virtual)
    lower = int(below)
    upper = lower + 1
    if virtual >= n - 1:
        lower = n - 1
        upper = n - 1
    elif virtual < 0:
        lower = 0
        upper = 0
    return _lerp(s[lower], s[upper], virtual - below)


def _clamped(s, i):
    return s[min(max(i, 0), len(s) - 1)]


def _lower_sorted(s, q):
    """method='lower' (and 'higher', 'nearest', 'midpoint' below): NumPy's other quantile methods."""
    n = len(s)
    if n == 0 or s[n - 1] != s[n - 1]:
        return _quantile_sorted(s, q)
    return _clamped(s, int(math.floor((n - 1) * q)))


def _higher_sorted(s, q):
    n = len(s)
    if n == 0 or s[n - 1] != s[n - 1]:
        return _quantile_sorted(s, q)
    return _clamped(s, int(math.ceil((n - 1) * q)))


def _nearest_sorted(s, q):
    n = len(s)
    if n == 0 or s[n - 1] != s[n - 1]:
        return _quantile_sorted(s, q)
    return _clamped(s, int(np.round((n - 1) * q)))          # half to even, as NumPy's np.around


def _midpoint_sorted(s, q):
    n = len(s)
    if n == 0 or s[n - 1] != s[n - 1]:
        return _quantile_sorted(s, q)
    virtual = (n - 1) * q
    below = math.floor(virtual)
    return _lerp(_clamped(s, int(below)), _clamped(s, int(below) + 1), 0.5 if virtual != below else 0.0)


@specialized
def _hyndman_fan(alpha, beta, averaged):
    """The continuous methods of Hyndman and Fan: NumPy's virtual index n*q + (alpha + q*(1 - alpha -
    beta)) - 1, clamped, and its lerp (averaged_inverted_cdf: by 1, or 0.5 on an index)."""
    def hyndman_fan_sorted(s, q):
        n = len(s)
        if n == 0 or s[n - 1] != s[n - 1]:
            return _quantile_sorted(s, q)
        virtual = n * q + (alpha + q * (1 - alpha - beta)) - 1
        below = math.floor(virtual)
        gamma = virtual - below
        if averaged:
            gamma = 0.5 if gamma == 0 else 1.0
        lower = int(below)
        upper = lower + 1
        if virtual >= n - 1:
            lower = n - 1
            upper = n - 1
        elif virtual < 0:
            lower = 0
            upper = 0
        return _lerp(s[lower], s[upper], gamma)
    return hyndman_fan_sorted


@specialized
def _discrete_cdf(shift, odd):
    """inverted_cdf (shift 0) and closest_observation (shift 0.5, the nearest even order statistic):
    index n*q - 1 - shift, rounded up unless it is whole (and, with `odd`, its floor odd)."""
    def discrete_cdf_sorted(s, q):
        n = len(s)
        if n == 0 or s[n - 1] != s[n - 1]:
            return _quantile_sorted(s, q)
        index = n * q - 1 - shift
        below = math.floor(index)
        down = index - below == 0 and (not odd or below % 2 == 1)
        return _clamped(s, int(below) if down else int(below) + 1)
    return discrete_cdf_sorted


# method= → the quantile of a sorted lane; the discrete methods keep an integer array's dtype
METHODS = {"linear": _quantile_sorted, "lower": _lower_sorted, "higher": _higher_sorted,
           "nearest": _nearest_sorted, "midpoint": _midpoint_sorted,
           "inverted_cdf": _discrete_cdf(0.0, False), "closest_observation": _discrete_cdf(0.5, True),
           "averaged_inverted_cdf": _hyndman_fan(0.0, 1.0, True),
           "interpolated_inverted_cdf": _hyndman_fan(0.0, 1.0, False), "hazen": _hyndman_fan(0.5, 0.5, False),
           "weibull": _hyndman_fan(0.0, 0.0, False), "median_unbiased": _hyndman_fan(1 / 3.0, 1 / 3.0, False),
           "normal_unbiased": _hyndman_fan(3 / 8.0, 3 / 8.0, False)}
DISCRETE = ("lower", "higher", "nearest", "inverted_cdf", "closest_observation")


def _median_sorted(s, q):
    n = len(s)
    if n == 0:
        return np.nan
    if s[n - 1] != s[n - 1]:
        return s[n - 1]
    half = n // 2
    if n % 2 == 1:
        return s[half] + 0.0
    return (s[half - 1] + s[half]) / 2.0


def _check_q(q, percent):
    if not (q >= 0 and q <= 1):
        if percent:
            raise ValueError("Percentiles must be in the range [0, 100]")
        raise ValueError("Quantiles must be in the range [0, 1]")


@specialized
def _quantile_impl(cls, kind, with_axis, many, method="linear"):
    """kind: 'median', 'quantile' or 'percentile'; many: q is an array."""
    at = _median_sorted if kind == "median" else METHODS[method]
    scale = 100.0 if kind == "percentile" else 1.0
    percent = kind == "percentile"

    def fraction(q):
        f = q / scale
        _check_q(f, percent)
        return f

    def sorted_copy(v):
        s = np.empty(len(v), cls)
        for j in range(len(v)):
            s[j] = v[j]
        sort_1d(s)
        return s

    def one(a, q):
        return cls(at(sorted_copy(np.ravel(a)), fraction(q)))

    def each(a, q):
        s = sorted_copy(np.ravel(a))
        out = np.empty(q.shape, cls)
        flat = out.reshape(-1)
        k = 0
        for x in np.ravel(q):
            flat[k] = at(s, fraction(x))
            k += 1
        return out

    def along(a, q, axis):
        v = axis_last(a, axis)
        f = fraction(q)
        out = np.empty(v.shape[:-1], cls)
        flat = out.reshape(-1)
        for k in range(lane_count(v)):
            flat[k] = at(sorted_copy(lane(v, k)), f)
        return out

    def median(a, axis=None):
        return one(a, 0.5)

    def median_axis(a, axis=None):
        return along(a, 0.5, axis)

    def quantile(a, q, axis=None, out=None, overwrite_input=False, method=None):
        return one(a, q)

    def quantile_many(a, q, axis=None, out=None, overwrite_input=False, method=None):
        return each(a, q)

    def quantile_axis(a, q, axis=None, out=None, overwrite_input=False, method=None):
        return along(a, q, axis)
    if kind == "median":
        return median_axis if with_axis else median
    if with_axis:
        return quantile_axis
    return quantile_many if many else quantile


def _quantile_typer(kind):
    def typer(a, q, axis=None, out=None, overwrite_input=None, method=None):
        arr = _real_array(a)
        if arr is None or not is_none(out):
            return None
        if is_none(method):
            method = Const("linear")
        if not (isinstance(method, Const) and method.value in METHODS):
            raise TypingError(f"np.{kind}(): method must be a constant, one of {tuple(METHODS)}, not {method}")
        cls = float_class(arr.dtype)
        if method.value in DISCRETE and isinstance(arr.dtype, Integer):
            cls = scalar_class(arr.dtype)
        many = array_of(q) is not None
        if not (many or is_number(q)) or (many and not (axis is None or is_none(axis))):
            return None
        with_axis = axis is not None and not is_none(axis)
        if with_axis and not is_int(axis):
            return None
        return _quantile_impl(cls, kind, with_axis, many, method.value)
    typer.__name__ = kind
    return typer


quantile = _quantile_typer("quantile")
overload(np.quantile)(quantile)
overload(np.percentile)(_quantile_typer("percentile"))


@overload(np.median)
def median(a, axis=None):
    arr = _real_array(a)
    if arr is None:
        return None
    with_axis = axis is not None and not is_none(axis)
    if with_axis and not is_int(axis):
        return None
    return _quantile_impl(float_class(arr.dtype), "median", with_axis, False)


# -- average, ptp, all/any along an axis ----------------------------------------------------------------

def average_plain(a, axis=None, weights=None, returned=False, keepdims=False):
    return np.mean(a)


def average_plain_axis(a, axis=None, weights=None, returned=False, keepdims=False):
    return np.mean(a, axis=axis)


def _weighted(v, w):
    total = 0.0
    wsum = 0.0
    for j in range(len(v)):
        total += v[j] * w[j]
        wsum += w[j]
    if wsum == 0:
        raise ZeroDivisionError("Weights sum to zero, can't be normalized")
    return total / wsum


def average_weights(a, axis=None, weights=None, returned=False, keepdims=False):
    if a.shape != weights.shape:
        raise TypeError("Axis must be specified when shapes of a and weights differ.")
    return _weighted(np.ravel(a), np.ravel(weights))


def average_weights_axis(a, axis=None, weights=None, returned=False, keepdims=False):
    v = axis_last(a, axis)
    if weights.ndim == 1 and len(weights) != v.shape[-1]:
        raise ValueError("Shape of weights must be consistent with shape of a along specified axis.")
    out = np.empty(v.shape[:-1], np.float64)
    flat = out.reshape(-1)
    for k in range(lane_count(v)):
        flat[k] = _weighted(lane(v, k), weights)
    return out


@specialized
def _average_returned(average_of, cls, weighted, with_axis):
    """returned=True: (the average, the sum of the weights, or the count, in the average's shape)."""
    def average_returned(a, axis=None, weights=None, returned=False, keepdims=False):
        avg = average_of(a, axis, weights)
        if with_axis:
            scale = np.sum(weights) if weighted else a.shape[_normalize_axis(axis, a.ndim)]
            return avg, np.full(avg.shape, scale, cls)
        return avg, cls(np.sum(weights) if weighted else a.size)
    return average_returned


@specialized
def _average_kept(average_of, returned, ndim, with_axis):
    """keepdims=True: the average (and the weights' sum) with the reduced axes kept with length 1."""
    def kept(a, axis, r):
        if with_axis:
            return r.reshape(tuple_setitem(a.shape, _normalize_axis(axis, ndim), 1))
        return np.full((1,) * ndim, r)

    def average_kept(a, axis=None, weights=None, returned=False, keepdims=False):
        return kept(a, axis, average_of(a, axis, weights, returned))

    def average_kept_returned(a, axis=None, weights=None, returned=False, keepdims=False):
        r = average_of(a, axis, weights, returned)
        return kept(a, axis, r[0]), kept(a, axis, r[1])
    return average_kept_returned if returned else average_kept


@overload(np.average)
def average(a, axis=None, weights=None, returned=None, keepdims=None):
    arr = _real_array(a)
    if arr is None:
        return None
    with_axis = axis is not None and not is_none(axis)
    if with_axis and not is_int(axis):
        return None
    returned = literal_flag(returned, False, "np.average(): returned")
    keep = literal_flag(keepdims, False, "np.average(): keepdims")
    if returned is None or keep is None:
        return None
    if keep:
        plain = average(a, axis, weights, Const(returned))
        return _average_kept(plain, returned, arr.ndim, with_axis)
    weighted = not (weights is None or is_none(weights))
    if not weighted:
        impl = average_plain_axis if with_axis else average_plain
    else:
        w = _real_array(weights)
        if w is None:
            return None
        if with_axis and w.ndim != 1:
            raise TypingError("np.average(): with axis=, weights must be 1-D in compiled code")
        impl = average_weights_axis if with_axis else average_weights
    if returned:
        return _average_returned(impl, float_class(float64 if weighted else arr.dtype), weighted, with_axis)
    return impl


def ptp_impl(a, axis=None):
    return np.max(a) - np.min(a)


def ptp_axis(a, axis=None):
    return np.max(a, axis=axis) - np.min(a, axis=axis)


@overload(np.ptp)
def ptp(a, axis=None):
    arr = _real_array(a)
    if arr is None or isinstance(arr.dtype, Boolean):
        return None
    if axis is None or is_none(axis):
        return ptp_impl
    return ptp_axis if is_int(axis) else None


@specialized
def _logical_axis(want_all):
    def logical_axis(a, axis):
        v = axis_last(a, axis)
        out = np.empty(v.shape[:-1], np.bool_)
        flat = out.reshape(-1)
        for k in range(lane_count(v)):
            src = lane(v, k)
            result = want_all
            for j in range(len(src)):
                if (src[j] != 0) != want_all:
                    result = not want_all
                    break
            flat[k] = result
        return out

    def logical_axis_1d(a, axis):               # NumPy gives a scalar, not a 0-d array
        return logical_axis(a, axis).reshape(-1)[0]
    return logical_axis, logical_axis_1d


def _logical_typer(want_all):
    def typer(a, axis=None):
        arr = array_of(a)
        if arr is None or axis is None or not is_int(axis):
            return None                     # no axis: the whole-array intrinsic
        along = _logical_axis(want_all)[arr.ndim <= 1]
        return along if arr.ndim else one_element(along)
    return typer


overload(np.all, "array.all", "arrayexpr.all")(_logical_typer(True))
overload(np.any, "array.any", "arrayexpr.any")(_logical_typer(False))
