"""np.random.Generator's methods beyond numpy_generator.py, number for number NumPy's: the
distributions of numpy_random_methods.py drawing from the Generator (standard_gamma, gamma, beta,
chisquare, f, noncentral_chisquare, noncentral_f, standard_t, standard_cauchy, lognormal,
laplace, logistic, gumbel, pareto, power, rayleigh, weibull, wald, triangular, vonmises,
binomial, poisson, negative_binomial, geometric, logseries, zipf, normal, uniform, exponential;
number or array parameters, broadcast as NumPy's), standard_gamma also with dtype=np.float32
(NumPy's float32 algorithm); shuffle / permutation (arrays along `axis`, or an int for
permutation); choice of an int or an array (along `axis`), with or without replacement, with or
without p, shuffle= as NumPy's; integers() with integer-array (or 0-d) low/high, broadcast as
NumPy's _rand_<dtype>_broadcast draws them.

    >>> from numjit.types.rng import numpy_generator as g
    >>> from numjit.types import float64, int64
    >>> from numjit.typing.registry import resolve
    >>> resolve("generator.gamma", (g, float64)).pyfunc.__name__
    'gamma'
    >>> resolve("generator.poisson", (g, float64, int64)).pyfunc.__name__
    'poisson'
"""
import math

import numpy as np

from ..errors import TypingError
from ..intrinsics.bitgen import next_uint32, next_uint64
from ..types import Boolean, Const
from ..types.scalars import float32
from ..types.rng import NumPyRandomGeneratorType
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, specialized
from .numpy_generator import (INT_DTYPES, _bounded, _float_bits, _int_dtype, _integers, _ziggurats, integer_bounds,
                              integer_draw)
from . import numpy_random_draws as d
from .numpy_random import bit_mask, is_size
from . import numpy_random_methods as m

P_TOLERANCE = math.sqrt(np.finfo(np.float64).eps)      # how far choice's p may sum from 1
P_TOLERANCE32 = math.sqrt(np.finfo(np.float32).eps)

for _method in m.METHODS:
    if _method.__name__ not in ("standard_normal", "standard_exponential"):    # numpy_generator.py: dtype=
        overload(f"generator.{_method.__name__}")(m.method_typer(_method, with_source=True))


@specialized
def _standard_gamma_of(bits):
    draw, cls = (_ziggurats()[4], np.float32) if bits == 32 else (d.standard_gamma_draw, np.float64)

    def standard_gamma_dtype(g, shape, size=None, dtype=None, out=None):
        return m.sample(g, draw, cls, size, m.checked(shape, m.negative, "shape < 0"))
    return standard_gamma_dtype


@overload("generator.standard_gamma")
def standard_gamma_dtype(g, *args, **kws):
    """standard_gamma with dtype= (float64 or float32)."""
    names = ("shape", "size", "dtype", "out")
    if not isinstance(g, NumPyRandomGeneratorType) or len(args) > 4 or any(k not in names for k in kws):
        return None
    bound = dict(zip(names, args))
    bound.update(kws)
    bits, size = _float_bits(bound.get("dtype")), bound.get("size")
    if bits is None or not is_none(bound.get("out")) or not (is_none(size) or is_size(size)):
        return None
    return _standard_gamma_of(bits) if m.method_typer(m.standard_gamma, True)(g, bound.get("shape")) else None


# -- shuffle / permutation ------------------------------------------------------------------------

def interval(g, top):
    """random_interval: a uniform integer in [0, top] by masked rejection (32-bit draws when top
    fits in 32 bits)."""
    if top == 0:
        return np.int64(0)
    top = np.uint64(top)
    mask = bit_mask(top)
    if top <= np.uint64(0xFFFFFFFF):
        while True:
            value = np.uint64(next_uint32(g)) & mask
            if value <= top:
                return np.int64(value)
    while True:
        value = next_uint64(g) & mask
        if value <= top:
            return np.int64(value)


def _axis_of(axis, ndim):
    if axis < -ndim or axis >= ndim:
        raise np.exceptions.AxisError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return axis + ndim if axis < 0 else axis


def shuffle_1d(g, x):
    for i in range(len(x) - 1, 0, -1):
        j = interval(g, i)
        t = x[i]
        x[i] = x[j]
        x[j] = t


def shuffle_impl(g, x, axis=0):
    _axis_of(axis, 1)
    shuffle_1d(g, x)


def shuffle_rows(g, x, axis=0):
    """NumPy's n-d shuffle: the subarrays along `axis` swapped through a buffer."""
    z = np.swapaxes(x, 0, _axis_of(axis, x.ndim))
    if x.size == 0:
        return
    for i in range(len(z) - 1, 0, -1):
        j = interval(g, i)
        if i != j:
            t = z[j].copy()
            z[j] = z[i]
            z[i] = t


def permutation_int(g, x, axis=0):
    out = np.arange(x)
    shuffle_1d(g, out)
    return out


def permutation_array(g, x, axis=0):
    out = x.copy()
    shuffle_impl(g, out, axis)
    return out


def permutation_rows(g, x, axis=0):
    """NumPy's n-d permutation: a shuffled index along `axis`, taken."""
    axis = _axis_of(axis, x.ndim)
    idx = np.arange(x.shape[axis])
    shuffle_1d(g, idx)
    return np.take(x, idx, axis=axis)


@overload("generator.shuffle")
def shuffle(g, x, axis=None):
    arr = array_of(x)
    if not isinstance(g, NumPyRandomGeneratorType) or arr is None or arr.ndim == 0 or not (axis is None or is_int(axis)):
        return None
    if arr.readonly:
        raise TypingError("Generator.shuffle() of a read-only array")
    return shuffle_impl if arr.ndim == 1 else shuffle_rows


@overload("generator.permutation")
def permutation(g, x, axis=None):
    if not isinstance(g, NumPyRandomGeneratorType) or not (axis is None or is_int(axis)):
        return None
    if is_int(x):
        return permutation_int
    arr = array_of(x)
    if arr is None or arr.ndim == 0:
        return None
    return permutation_array if arr.ndim == 1 else permutation_rows


# -- choice ---------------------------------------------------------------------------------------

def _kahan_sum(p):
    total = 0.0
    c = 0.0
    for x in p:
        y = x - c
        t = total + y
        c = (t - total) - y
        total = t
    return total


def _checked_p(p, n, tolerance):
    """p as float64, after NumPy's checks."""
    if len(p) != n:
        raise ValueError("a and p must have same size")
    q = p.astype(np.float64)
    total = _kahan_sum(q)
    if total != total:
        raise ValueError("Probabilities contain NaN")
    for x in q:
        if x < 0:
            raise ValueError("Probabilities are not non-negative")
    if abs(total - 1.0) > tolerance:
        raise ValueError("Probabilities do not sum to 1. See Notes section of docstring for more information.")
    return q


def _cdf(p):
    cdf = np.cumsum(p)
    return cdf / cdf[-1]


def _shuffle_int(g, n, first, data):
    """NumPy's _shuffle_int: data[first:n] shuffled from the end, Lemire-bounded draws."""
    for i in range(n - 1, first - 1, -1):
        j = _bounded(g, np.int64(0), np.uint64(i))
        t = data[j]
        data[j] = data[i]
        data[i] = t


def _floyd(g, pop, count):
    """count distinct indexes of range(pop) by Floyd's algorithm over NumPy's open-addressing set."""
    idx = np.empty(count, np.int64)
    mask = np.int64(bit_mask(np.uint64(1.2 * count)))
    empty = np.int64(-1)
    table = np.full(mask + 1, empty, np.int64)
    for j in range(pop - count, pop):
        val = _bounded(g, np.int64(0), np.uint64(j))
        loc = val & mask
        while table[loc] != empty and table[loc] != val:
            loc = (loc + 1) & mask
        if table[loc] == empty:
            table[loc] = val
            idx[j - pop + count] = val
        else:
            loc = j & mask
            while table[loc] != empty:
                loc = (loc + 1) & mask
            table[loc] = j
            idx[j - pop + count] = j
    return idx


def _without_replacement(g, pop, count, shuffle):
    if pop > 10000 and count > pop // (50 if shuffle else 20):
        every = np.arange(pop)
        _shuffle_int(g, pop, max(pop - count, 1), every)
        return every[pop - count:].copy()
    idx = _floyd(g, pop, count)
    if shuffle:
        _shuffle_int(g, count, 1, idx)
    return idx


def _weighted_without_replacement(g, p, count):
    """NumPy's loop: draw, keep the first of each new index, zero the found ones' weights."""
    weights = p.copy()
    found = np.zeros(count, np.int64)
    seen = np.zeros(len(p), np.bool_)
    n_uniq = 0
    while n_uniq < count:
        x = g.random(count - n_uniq)
        for k in range(n_uniq):
            weights[found[k]] = 0.0
        new = np.searchsorted(_cdf(weights), x, side="right")
        for v in new:
            if not seen[v]:
                seen[v] = True
                found[n_uniq] = v
                n_uniq += 1
    return found


@specialized
def _choice_impl(of_int, with_p, with_size, ndim, tolerance):
    """choice for a population given as an int (of_int) or an array of `ndim` dimensions."""
    def population(a, axis):
        if of_int:
            return np.int64(a)
        return np.int64(a.shape[axis])

    def indexes(g, pop, count, shape, replace, p, shuffle):
        if replace:
            if with_p:
                return np.searchsorted(_cdf(p), g.random(shape), side="right")
            return g.integers(0, pop, shape)
        if count > pop:
            raise ValueError("Cannot take a larger sample than population when replace is False")
        if with_p:
            nonzero = 0
            for x in p:
                if x > 0:
                    nonzero += 1
            if nonzero < count:
                raise ValueError("Fewer non-zero entries in p than size")
            return _weighted_without_replacement(g, p, count).reshape(shape)
        return _without_replacement(g, pop, count, shuffle).reshape(shape)

    def gather(a, idx, axis):
        if of_int:
            return idx
        if ndim == 1:
            return a[idx]
        return np.take(a, idx, axis=axis)

    def choice_impl(g, a, size=None, replace=True, p=None, axis=0, shuffle=True):
        pop = population(a, axis)
        shape = m.as_shape(size) if with_size else (1,)
        count = 1
        for k in shape:
            count *= k
        if pop <= 0 and count != 0:
            if of_int:
                raise ValueError("a must be a positive integer unless no samples are taken")
            if pop == 0:
                raise ValueError("a cannot be empty unless no samples are taken")
        if with_p:
            p = _checked_p(p, pop, tolerance)
        idx = indexes(g, pop, count, shape, replace, p, shuffle)
        if not with_size:
            return gather(a, idx[0], axis)
        return gather(a, idx, axis)
    return choice_impl


def _flag(t):
    """A bool argument: a literal, a run-time bool, or omitted."""
    return is_none(t) or isinstance(t, Boolean) or isinstance(t, Const) and isinstance(t.value, bool)


@overload("generator.choice")
def choice(g, a, size=None, replace=None, p=None, axis=None, shuffle=None):
    if not isinstance(g, NumPyRandomGeneratorType):
        return None
    arr = array_of(a)
    if not is_int(a) and (arr is None or arr.ndim == 0):
        return None
    if not (_flag(replace) and _flag(shuffle) and (is_none(axis) or is_int(axis))):
        return None
    with_p = not is_none(p)
    if with_p and (array_of(p) is None or array_of(p).ndim != 1):
        raise TypingError("Generator.choice(): p must be a 1-d array")
    if not (is_none(size) or is_size(size)):
        return None
    tolerance = P_TOLERANCE32 if with_p and array_of(p).dtype == float32 else P_TOLERANCE
    return _choice_impl(arr is None, with_p, not is_none(size), 0 if arr is None else arr.ndim, tolerance)


# -- integers with array bounds (NumPy's _rand_<dtype>_broadcast) -----------------------------------

def low_high(low, high):
    """(low, high) of integers(): (0, low) when high is omitted."""


@overload(low_high)
def _low_high(low, high):
    return (lambda low, high: (0, low)) if is_none(high) else (lambda low, high: (low, high))


def as_int64(x):
    """A bound as int64: a number, or an int64 copy of an array (a 0-d array is its number)."""


@overload(as_int64)
def _as_int64(x):
    arr = array_of(x)
    if arr is None:
        return lambda x: np.int64(x)
    return (lambda x: np.int64(x[()])) if arr.ndim == 0 else (lambda x: x.astype(np.int64))


@specialized
def _integers_broadcast(cls, bits, with_size):
    draw, check = integer_draw(cls, bits), integer_bounds(cls, bits)

    def integers_arrays(g, low, high=None, size=None, dtype=None, endpoint=False):
        lo, hi = low_high(low, high)
        lo, hi = as_int64(lo), as_int64(hi)
        shape = np.broadcast_shapes(m._shape_of(lo), m._shape_of(hi))
        if with_size:
            wanted = m.as_shape(size)
            out = np.empty(wanted, cls)
            if out.size == 0:
                return out
            if np.broadcast_shapes(wanted, shape) != wanted:
                raise ValueError("shape mismatch: objects cannot be broadcast to a single shape.")
        else:
            out = np.empty(shape, cls)
        top = hi - (0 if endpoint else 1)
        check(lo, top, endpoint)
        flat, lv, tv = out.reshape(-1), m._spread(lo, out.shape), m._spread(top, out.shape)
        state = np.zeros(2, np.int64)
        for i in range(flat.size):
            off = m._at(lv, i)
            flat[i] = draw(g, state, off, m._at(tv, i) - off)
        return out
    return integers_arrays


@specialized
def _integers_0d(cls, bits, with_size):
    """integers() of 0-d array bounds: NumPy reads them as numbers."""
    impl = _integers(cls, bits)[with_size]

    def integers_0d(g, low, high=None, size=None, dtype=None, endpoint=False):
        lo, hi = low_high(low, high)
        return impl(g, as_int64(lo), as_int64(hi), size, dtype, endpoint)
    return integers_0d


@overload("generator.integers")
def integers_of_arrays(g, *args, **kws):
    """integers() whose low or high is an integer array (0-d included), broadcast as NumPy's."""
    names = ("low", "high", "size", "dtype", "endpoint")
    if not isinstance(g, NumPyRandomGeneratorType) or len(args) > 5 or any(k not in names for k in kws):
        return None
    bound = dict(zip(names, args))
    bound.update(kws)
    given = [t for t in (bound.get("low"), bound.get("high")) if t is not None and not is_none(t)]
    arrays = [array_of(t) for t in given]
    if all(a is None for a in arrays):                     # numbers: numpy_generator.py
        return None
    if not all(is_int(t) if a is None else is_int(a.dtype) for t, a in zip(given, arrays)):
        return None
    cls, size = _int_dtype(bound.get("dtype")), bound.get("size")
    if cls is None or not (is_none(size) or is_size(size)) or not _flag(bound.get("endpoint")):
        return None
    with_size = not is_none(size)
    if all(a is None or a.ndim == 0 for a in arrays):
        return _integers_0d(cls, INT_DTYPES[cls], with_size)
    return _integers_broadcast(cls, INT_DTYPES[cls], with_size)
