"""np.histogram(a, bins, range=, density=, weights=) with weights, written as plain Python; the
unweighted histogram keeps its fast counting loop in numpy_stats.

NumPy's algorithms, so sums round as NumPy's do: uniform bins place each value by
(x - first) / span * bins corrected by the edges, and add its weight into a float64 partial sum
per block of 65536 values (NumPy's bincount; complex weights: a complex128 sum, as NumPy sums
the two parts), cast to the weights' dtype and added to the counts; bin arrays sort each block, take cumulative sums of its weights at the edges
(searchsorted, the last edge inclusive) and difference them. The counts have the weights'
dtype, float64 with density=True; bool weights give bool counts (a bin is True when one of its
weights is), and with a bin array NumPy's TypeError, as NumPy cannot add its int64 sums into bools.

    >>> from numjit.types import float64, int32, int64
    >>> histogram_weighted(float64[:], int64, weights=int32[:]).__name__
    'histogram_weighted_uniform'
    >>> histogram_weighted(float64[:], float64[:], weights=float64[:]).__name__
    'histogram_weighted_edges'
"""
import numpy as np

from ..types import Const
from ..typing.registry import overload
from .guards import array_of, is_none, scalar_class, specialized
from .numpy_stats import edge_bin, _check_increasing, _float32_edges, _float64_edges, _histogram_args, _range_of

BLOCK = 65536                                   # NumPy's block of values per bincount / sort


def _check_weights(a, weights):
    if a.shape != weights.shape:
        raise ValueError("weights should have the same shape as a.")


def _as_counts(counts, edges):
    return counts


def _density(counts, edges):
    """NumPy's n / db / n.sum(): array division, so empty bins or no data give inf / NaN."""
    widths = np.diff(edges).astype(np.float64)
    return counts / widths / counts.sum()


def _weighted_uniform(a, weights, bins, first, last, edges, cls, part_cls):
    counts = np.zeros(bins, cls)
    part = np.empty(bins, part_cls)
    flat = np.ravel(a)
    w = np.ravel(weights)
    span = last - first
    for start in range(0, flat.size, BLOCK):
        part[:] = 0
        for k in range(start, min(start + BLOCK, flat.size)):
            x = flat[k]
            if x >= first and x <= last:
                part[edge_bin(x, first, span, bins, edges)] += w[k]
        for i in range(bins):
            counts[i] += cls(part[i])
    return counts


def _weighted_edges(a, weights, edges, cls):
    n = len(edges) - 1
    for i in range(n):
        if edges[i + 1] < edges[i]:
            raise ValueError("`bins` must increase monotonically, when an array")
    total = np.zeros(len(edges), cls)              # the weights' cumulative sum at each edge
    flat = np.ravel(a)
    w = np.ravel(weights)
    for start in range(0, flat.size, BLOCK):
        block = flat[start:start + BLOCK]
        order = np.argsort(block)
        ordered = block[order]
        cumulative = np.cumsum(w[start:start + BLOCK][order])
        for j in range(n + 1):
            if j < n:
                k = np.searchsorted(ordered, edges[j], side="left")
            else:
                k = np.searchsorted(ordered, edges[j], side="right")
            if k > 0:
                total[j] += cls(cumulative[k - 1])
    return total[1:] - total[:-1]


@specialized
def _weighted_impl(edge_cls, uniform, density, cls):
    finish = _density if density else _as_counts
    part_cls = np.complex128 if cls is not None and issubclass(cls, np.complexfloating) else np.float64
    edges_of = _float32_edges if edge_cls is np.float32 else _float64_edges

    def histogram_weighted_uniform(a, bins=10, range=None, density=None, weights=None):
        _check_weights(a, weights)
        if bins < 1:
            raise ValueError("`bins` must be positive, when an integer")
        first, last = _range_of(a, range)
        edges, first, last = edges_of(first, last, bins, range)
        _check_increasing(edges, bins)
        return finish(_weighted_uniform(a, weights, bins, first, last, edges, cls, part_cls), edges), edges

    def histogram_weighted_edges(a, bins=10, range=None, density=None, weights=None):
        _check_weights(a, weights)
        return finish(_weighted_edges(a, weights, bins, cls), bins), bins.copy()

    def histogram_unweighted(a, bins=10, range=None, density=None, weights=None):
        return np.histogram(a, bins, range, density)

    def histogram_bool_edges(a, bins=10, range=None, density=None, weights=None):
        _check_weights(a, weights)
        raise TypeError("Cannot cast ufunc 'add' output from dtype('int64') to dtype('bool') with casting rule "
                        "'same_kind'")
        return _as_counts(bins, bins), bins
    if cls is None:
        return histogram_unweighted
    if cls is np.bool_ and not uniform:
        return histogram_bool_edges                # (NumPy's cumulative sum of bools is int64)
    return histogram_weighted_uniform if uniform else histogram_weighted_edges


@overload(np.histogram)
def histogram_weighted(a, bins=None, range=None, density=None, weights=None):
    found = _histogram_args(a, bins, range)
    if found is None:
        return None
    if is_none(density):
        density = Const(False)
    if not (isinstance(density, Const) and isinstance(density.value, bool)):
        return None
    edge_cls, uniform = found
    if weights is None or is_none(weights):
        return _weighted_impl(edge_cls, uniform, density.value, None)
    w = array_of(weights)
    if w is None:
        return None
    return _weighted_impl(edge_cls, uniform, density.value, scalar_class(w.dtype))
