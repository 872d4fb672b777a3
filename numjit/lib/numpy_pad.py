"""np.pad in compiled code: modes constant (constant_values), edge, wrap, reflect and symmetric
(reflect_type 'even' or 'odd'), linear_ramp (end_values), maximum, minimum, mean, median
(stat_length) and empty; pad_width, constant_values, stat_length and end_values an int (a
number), (before, after), ((before, after),) or one (before, after) pair per axis.

The padded array starts as the constant (0 for the other modes) with `a` copied into its
middle; then, axis after axis, each padded hyperplane is copied from the hyperplane of the
middle that the mode maps it to, or filled with a statistic of (or a ramp to) the middle's
hyperplanes next to it (over the whole extent of the axes already padded, as NumPy pads:
corners come out as NumPy's). Integer statistics are rounded half to even, ramps floored, as
NumPy's.

    >>> from numjit.types import float64, int64, Tuple, Const
    >>> pad(float64[:, :], int64).__name__, pad(float64[:], Tuple([int64, int64]), Const("edge")).__name__
    ('pad_constant', 'pad_edge')
    >>> pad(float64[:], int64, Const("mean")).__name__, pad(int64[:], int64, Const("linear_ramp")).__name__
    ('pad_mean', 'pad_linear_ramp')"""
import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import axis_slice, tuple_setitem
from ..misc.special import literal_unroll
from ..types import Boolean, Complex, Const, Integer, Tuple
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, is_number, scalar_class, specialized

COPYING = ("edge", "wrap", "reflect", "symmetric")
STATISTICS = {"maximum": np.max, "minimum": np.min, "mean": np.mean, "median": np.median}
MODES = ("constant", "empty") + COPYING + ("linear_ramp",) + tuple(STATISTICS)


@specialized
def _pairs(form, cls):
    """A pad_width / stat_length / end_values argument spelled `form` → an (ndim, 2) array of cls."""
    def from_scalar(v, ndim):
        w = np.empty((ndim, 2), cls)
        for i in range(ndim):
            w[i, 0] = v
            w[i, 1] = v
        return w

    def from_pair(v, ndim):
        w = np.empty((ndim, 2), cls)
        for i in range(ndim):
            w[i, 0] = v[0]
            w[i, 1] = v[-1]
        return w

    def from_pairs(v, ndim):
        if len(v) != ndim and len(v) != 1:
            raise ValueError("operands could not be broadcast together with remapped shapes")
        w = np.empty((ndim, 2), cls)
        i = 0
        for pair in literal_unroll(v):              # the pairs may mix ints and floats
            w[i, 0] = pair[0]
            w[i, 1] = pair[-1]
            i += 1
        for i in range(1, ndim):
            if len(v) == 1:
                w[i] = w[0]
        return w
    return {"scalar": from_scalar, "pair": from_pair, "pairs": from_pairs}[form]


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


def _mirrored(out, ax, dst, edge, src):
    """out's hyperplane dst along ax := 2 * its hyperplane edge - its hyperplane src."""
    target = axis_slice(out, ax, dst, dst + 1)
    target[...] = 2 * axis_slice(out, ax, edge, edge + 1) - axis_slice(out, ax, src, src + 1)


def _reflect_odd(out, ax, left, right, n, include_edge):
    """reflect_type='odd' along ax: NumPy's loop of chunks, each the mirror image of the values
    next to the current edge, negated about that edge (2 * edge - value); a wide pad repeats it
    from the new edge outwards."""
    eo = 1 if include_edge else 0
    while left > 0 or right > 0:
        m = out.shape[ax] - left - right
        period = m // n * n if include_edge else (m - 1) // (n - 1) * (n - 1)
        if left > 0:
            chunk = min(period, left)
            for k in range(chunk):
                _mirrored(out, ax, left - chunk + k, left, left - eo + chunk - k)
            left -= chunk
        if right > 0:
            chunk = min(period, right)
            end = out.shape[ax] - right
            for k in range(chunk):
                _mirrored(out, ax, end + k, end - 1, end + eo - 2 - k)
            right -= chunk


def _checked_axis(n, w, ax):
    if n == 0 and w[ax, 0] + w[ax, 1] > 0:
        raise ValueError("can't extend empty axis using modes other than 'constant' or 'empty'")


@specialized
def _ramp(is_int):
    """out's hyperplanes first + direction * k := the k-th of np.linspace(end, edge, width,
    endpoint=False), computed as NumPy's linspace does (k / width scales delta where a step is
    0), floored for an integer array."""
    def store(target, y):
        target[...] = y

    def store_floor(target, y):
        target[...] = np.floor(y)
    put = store_floor if is_int else store

    def ramp(out, ax, first, direction, edge, end, width):
        delta = edge.astype(np.float64) - end
        step = delta / width
        exact = np.any(step == 0.0)
        for k in range(width):
            i = first + direction * k
            if exact:
                put(axis_slice(out, ax, i, i + 1), (k / width) * delta + end)
            else:
                put(axis_slice(out, ax, i, i + 1), k * step + end)
    return ramp


@specialized
def _statistic(stat, is_int):
    """stat of out's hyperplanes lo:hi along ax, kept as one hyperplane (rounded for an integer array)."""
    def statistic(out, ax, lo, hi):
        if hi == lo:
            raise ValueError("stat_length of 0 yields no value for padding")
        return np.asarray(stat(axis_slice(out, ax, lo, hi), axis=ax)).reshape(axis_slice(out, ax, 0, 1).shape)

    def rounded(out, ax, lo, hi):
        return np.rint(statistic(out, ax, lo, hi))
    return rounded if is_int else statistic


@specialized
def _pad_impl(widths, mode, extra, is_int, odd=False):
    """The implementation of np.pad for one mode; `extra` reads stat_length / end_values; `odd`:
    reflect_type='odd'."""
    statistic = _statistic(STATISTICS[mode], is_int) if mode in STATISTICS else None
    ramp = _ramp(is_int)

    def pad_constant(array, pad_width, mode=None, constant_values=0):
        return _padded(array, widths(pad_width, array.ndim), constant_values)

    def pad_constant_pairs(array, pad_width, mode=None, constant_values=0):
        w = widths(pad_width, array.ndim)
        values = extra(constant_values, array.ndim)
        out = _padded(array, w, 0)
        for ax in range(array.ndim):                  # later axes overwrite the corners, as NumPy's
            axis_slice(out, ax, 0, w[ax, 0])[...] = values[ax, 0]
            axis_slice(out, ax, out.shape[ax] - w[ax, 1], out.shape[ax])[...] = values[ax, 1]
        return out

    def pad_copying(array, pad_width, mode=None, reflect_type=None):
        w = widths(pad_width, array.ndim)
        out = _padded(array, w, 0)
        for ax in range(array.ndim):
            n = array.shape[ax]
            start = w[ax, 0]
            _checked_axis(n, w, ax)
            if odd and n > 1:                          # (one item: edge padding, as NumPy's)
                _reflect_odd(out, ax, w[ax, 0], w[ax, 1], n, mode == "symmetric")
                continue
            for i in range(out.shape[ax]):
                if start <= i < start + n:
                    continue
                src = start + _source(mode, i - start, n)
                target = axis_slice(out, ax, i, i + 1)
                target[...] = axis_slice(out, ax, src, src + 1)
        return out

    def pad_linear_ramp(array, pad_width, mode=None, end_values=0):
        w = widths(pad_width, array.ndim)
        ends = extra(end_values, array.ndim)
        out = _padded(array, w, 0)
        for ax in range(array.ndim):
            n, lo, hi = array.shape[ax], w[ax, 0], w[ax, 1]
            _checked_axis(n, w, ax)
            if lo > 0:
                ramp(out, ax, 0, 1, axis_slice(out, ax, lo, lo + 1), ends[ax, 0], lo)
            if hi > 0:
                ramp(out, ax, out.shape[ax] - 1, -1, axis_slice(out, ax, lo + n - 1, lo + n), ends[ax, 1], hi)
        return out

    def pad_statistic(array, pad_width, mode=None, stat_length=None):
        w = widths(pad_width, array.ndim)
        lengths = extra(stat_length, array.ndim)
        out = _padded(array, w, 0)
        for ax in range(array.ndim):
            n, lo, hi = array.shape[ax], w[ax, 0], w[ax, 1]
            _checked_axis(n, w, ax)
            if lengths[ax, 0] < 0 or lengths[ax, 1] < 0:
                raise ValueError("index can't contain negative values")
            if lo > 0:
                s = statistic(out, ax, lo, lo + min(lengths[ax, 0], n))
                axis_slice(out, ax, 0, lo)[...] = s
            if hi > 0:
                s = statistic(out, ax, lo + n - min(lengths[ax, 1], n), lo + n)
                axis_slice(out, ax, lo + n, lo + n + hi)[...] = s
        return out
    if mode == "constant" and extra is not None:
        return pad_constant_pairs
    if mode == "constant" or mode == "empty":
        return pad_constant
    if mode == "linear_ramp":
        return pad_linear_ramp
    impl = pad_statistic if mode in STATISTICS else pad_copying
    impl.__name__ = "pad_" + mode + ("_odd" if odd else "")
    return impl


def _no_stat_length(v, ndim):
    return np.full((ndim, 2), 1 << 62, np.int64)


def _zero_ends(v, ndim):
    return np.zeros((ndim, 2), np.float64)


def _form_of(t, item_ok):
    """'scalar', 'pair' or 'pairs': how a pad_width-like argument is spelled, else None."""
    if item_ok(t):
        return "scalar"
    if isinstance(t, Tuple) and t.items and all(item_ok(x) for x in t.items) and len(t.items) <= 2:
        return "pair"
    if (isinstance(t, Tuple) and t.items and all(isinstance(x, Tuple) and 1 <= len(x.items) <= 2
                                                 and all(item_ok(y) for y in x.items) for x in t.items)
            and len({len(x.items) for x in t.items}) == 1):
        return "pairs"
    return None


def _extra_reader(name, arr, constant_values, stat_length, end_values):
    """How the implementation reads its mode's extra argument (constant_values given as pairs,
    stat_length, end_values); None where it has none."""
    if name == "constant":
        if is_none(constant_values) or is_number(constant_values):
            return None                               # one value: np.full's
        form = _form_of(constant_values, is_number)
        if form is None:
            raise TypingError(f"np.pad(): constant_values must be a number or (tuples of) numbers, not "
                              f"{constant_values}")
        return _pairs(form, scalar_class(arr.dtype))
    if name in STATISTICS:
        if is_none(stat_length):
            return _no_stat_length
        form = _form_of(stat_length, is_int)
        if form is None:
            raise TypingError(f"np.pad(): stat_length must be an int or (tuples of) ints, not {stat_length}")
        return _pairs(form, np.int64)
    if name == "linear_ramp":
        if is_none(end_values):
            return _zero_ends
        form = _form_of(end_values, lambda t: is_number(t) and not isinstance(t, Complex))
        if form is None:
            raise TypingError(f"np.pad(): end_values must be a real number or (tuples of) them, not {end_values}")
        return _pairs(form, np.float64)
    return None


@overload(np.pad)
def pad(array, pad_width, mode=None, constant_values=None, stat_length=None, end_values=None, reflect_type=None):
    arr = array_of(array)
    if arr is None:
        return None
    if arr.ndim == 0:
        raise TypingError("np.pad() of a 0-d array is not supported in compiled code")
    form = _form_of(pad_width, is_int)
    if form is None:
        raise TypingError(f"np.pad(): pad_width must be an int or (tuples of) ints, not {pad_width}")
    if is_none(mode):
        name = "constant"
    elif isinstance(mode, Const) and mode.value in MODES:
        name = mode.value
    else:
        raise TypingError(f"np.pad(): mode must be a constant, one of {MODES}, not {mode}")
    for keyword, value, modes in (("constant_values", constant_values, ("constant",)),
                                  ("stat_length", stat_length, tuple(STATISTICS)),
                                  ("end_values", end_values, ("linear_ramp",)),
                                  ("reflect_type", reflect_type, ("reflect", "symmetric"))):
        if name not in modes and not is_none(value):
            raise TypingError(f"np.pad(): {keyword} is only for mode {' / '.join(map(repr, modes))}, not {name!r}")
    if isinstance(arr.dtype, (Boolean, Complex)) and name in ("linear_ramp", "mean", "median"):
        raise TypingError(f"np.pad(mode={name!r}) of a {arr.dtype} array is not supported in compiled code")
    if not (is_none(reflect_type) or isinstance(reflect_type, Const) and reflect_type.value in ("even", "odd")):
        raise TypingError(f"np.pad(): reflect_type must be a constant, 'even' or 'odd', not {reflect_type}")
    extra = _extra_reader(name, arr, constant_values, stat_length, end_values)
    odd = isinstance(reflect_type, Const) and reflect_type.value == "odd"
    return _pad_impl(_pairs(form, np.int64), name, extra, isinstance(arr.dtype, Integer), odd)
