"""Window functions and phase unwrapping written as plain Python: np.bartlett, np.blackman,
np.hamming, np.hanning, np.kaiser (with np.i0, NumPy's Chebyshev series for the Bessel function I0),
and np.unwrap (discont=, axis=, period=). The windows follow NumPy's formulas term for term.

    >>> from numjit.types import int64, float64
    >>> hanning(int64).__name__, kaiser(int64, float64).__name__, unwrap(float64[:, :]).__name__
    ('hanning_impl', 'kaiser_impl', 'unwrap_impl')
"""
import math

import numpy as np

from ..intrinsics.shapes import axis_last, lane, lane_count
from ..types import Complex, Float
from ..types.scalars import float64
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, is_number, result_dtype, scalar_class, specialized

# NumPy's (Cephes') Chebyshev coefficients of exp(-x) I0(x) on [0, 8] and exp(-x) sqrt(x) I0(x) on (8, inf)
_I0A = (-4.4153416464793395e-18, 3.3307945188222384e-17, -2.431279846547955e-16, 1.715391285555133e-15,
        -1.1685332877993451e-14, 7.676185498604936e-14, -4.856446783111929e-13, 2.95505266312964e-12,
        -1.726826291441556e-11, 9.675809035373237e-11, -5.189795601635263e-10, 2.6598237246823866e-09,
        -1.300025009986248e-08, 6.046995022541919e-08, -2.670793853940612e-07, 1.1173875391201037e-06,
        -4.4167383584587505e-06, 1.6448448070728896e-05, -5.754195010082104e-05, 0.00018850288509584165,
        -0.0005763755745385824, 0.0016394756169413357, -0.004324309995050576, 0.010546460394594998,
        -0.02373741480589947, 0.04930528423967071, -0.09490109704804764, 0.17162090152220877,
        -0.3046826723431984, 0.6767952744094761)
_I0B = (-7.233180487874754e-18, -4.830504485944182e-18, 4.46562142029676e-17, 3.461222867697461e-17,
        -2.8276239805165836e-16, -3.425485619677219e-16, 1.7725601330565263e-15, 3.8116806693526224e-15,
        -9.554846698828307e-15, -4.150569347287222e-14, 1.54008621752141e-14, 3.8527783827421426e-13,
        7.180124451383666e-13, -1.7941785315068062e-12, -1.3215811840447713e-11, -3.1499165279632416e-11,
        1.1889147107846439e-11, 4.94060238822497e-10, 3.3962320257083865e-09, 2.266668990498178e-08,
        2.0489185894690638e-07, 2.8913705208347567e-06, 6.889758346916825e-05, 0.0033691164782556943,
        0.8044904110141088)


def _chbevl(x, coefficients):
    b0 = coefficients[0]
    b1 = 0.0
    b2 = 0.0
    for c in coefficients[1:]:
        b2 = b1
        b1 = b0
        b0 = x * b1 - b2 + c
    return 0.5 * (b0 - b2)


def _i0(x):
    x = abs(x)
    if x <= 8.0:
        return math.exp(x) * _chbevl(x / 2.0 - 2, _I0A)
    return math.exp(x) * _chbevl(32.0 / x - 2.0, _I0B) / math.sqrt(x)


def i0_scalar(x):
    return _i0(float(x))


def i0_array(x):
    out = np.empty(x.shape, np.float64)
    flat = out.reshape(-1)
    k = 0
    for v in np.ravel(x):
        flat[k] = _i0(float(v))
        k += 1
    return out


@overload(np.i0)
def i0(x):
    arr = array_of(x)
    dtype = arr.dtype if arr is not None else x if is_number(x) else None
    if dtype is None or isinstance(dtype, Complex) or (arr is not None and dtype != float64 and
                                                       isinstance(dtype, Float)):
        return None                                 # (float32 arrays: NumPy keeps float32)
    return i0_array if arr is not None else i0_scalar


# -- windows ---------------------------------------------------------------------------------------------------

@specialized
def _window_impl(kind):
    def term(n, m):
        if kind == "bartlett":
            return 1 + n / (m - 1) if n <= 0 else 1 - n / (m - 1)
        if kind == "blackman":
            return 0.42 + 0.5 * math.cos(math.pi * n / (m - 1)) + 0.08 * math.cos(2.0 * math.pi * n / (m - 1))
        if kind == "hamming":
            return 0.54 + 0.46 * math.cos(math.pi * n / (m - 1))
        return 0.5 + 0.5 * math.cos(math.pi * n / (m - 1))

    def window(M):
        m = float(M)
        if m < 1:
            return np.empty(0, np.float64)
        if m == 1:
            return np.ones(1, np.float64)
        count = int(math.ceil(m - 0.5))            # len(np.arange(1 - M, M, 2))
        out = np.empty(count, np.float64)
        for i in range(count):
            out[i] = term(1 - m + 2.0 * i, m)
        return out
    window.__name__ = f"{kind}_impl"
    return window


def _window_typer(kind):
    def typer(M):
        return _window_impl(kind) if is_number(M) and not isinstance(M, Complex) else None
    typer.__name__ = kind
    return typer


bartlett = overload(np.bartlett)(_window_typer("bartlett"))
blackman = overload(np.blackman)(_window_typer("blackman"))
hamming = overload(np.hamming)(_window_typer("hamming"))
hanning = overload(np.hanning)(_window_typer("hanning"))


def kaiser_impl(M, beta):
    m = float(M)
    b = float(beta)
    if m == 1:
        return np.ones(1, np.float64)
    count = max(int(math.ceil(m)), 0)
    out = np.empty(count, np.float64)
    alpha = (m - 1) / 2.0
    for i in range(count):
        r = (i - alpha) / alpha
        out[i] = _i0(b * math.sqrt(1 - r ** 2.0)) / _i0(b)
    return out


@overload(np.kaiser)
def kaiser(M, beta):
    ok = all(is_number(t) and not isinstance(t, Complex) for t in (M, beta))
    return kaiser_impl if ok else None


# -- unwrap -----------------------------------------------------------------------------------------------------

@specialized
def _unwrap_impl(cls, integer):
    def unwrap_impl(p, discont=None, axis=-1, period=2 * math.pi):
        if integer:
            high = cls(period // 2)
            ambiguous = period % 2 == 0
        else:
            high = cls(period / 2)
            ambiguous = True
        low = -high
        limit = cls(period / 2) if discont is None else discont
        out = np.empty(p.shape, cls)
        src = axis_last(p, axis)
        dst = axis_last(out, axis)
        for k in range(lane_count(src)):
            row = lane(src, k)
            res = lane(dst, k)
            total = cls(0)
            for j in range(len(row)):
                if j > 0:
                    dd = cls(row[j] - row[j - 1])
                    mod = cls(cls(dd - low) % cls(period) + low)
                    if ambiguous and mod == low and dd > 0:
                        mod = high
                    if not abs(dd) < limit:
                        total = cls(total + cls(mod - dd))
                res[j] = cls(row[j] + total)
        return out
    return unwrap_impl


@overload(np.unwrap)
def unwrap(p, discont=None, axis=None, period=None):
    arr = array_of(p)
    if arr is None or arr.ndim == 0 or isinstance(arr.dtype, Complex):
        return None
    if not all(t is None or is_none(t) or is_number(t) and not isinstance(t, Complex) for t in (discont, period)):
        return None
    if not (axis is None or is_int(axis)):
        return None
    dtype = result_dtype(arr.dtype, float64 if period is None else period)
    if isinstance(arr.dtype, Float) and (period is None or not isinstance(period, Float)):
        dtype = arr.dtype                       # a Python float period is weak: float32 stays float32
    return _unwrap_impl(scalar_class(dtype), not isinstance(dtype, Float))
