"""The rest of `cmath`, and NumPy's complex loops that are formulas over cmath's kernels.

cmath.exp, log, sqrt, sin, ... are C99 calls (intrinsics/complexmath.py); here are the
functions built from them: cmath.log with a base, log10, phase, polar, rect, isnan, isinf,
isfinite, isclose, and NumPy's complex log2, log10, exp2, expm1, log1p, sign, sinc, reciprocal
and rint, written as NumPy writes them (np.log10(z) is log(z) * log10(e); cmath.log10(z) is
log(z) / log(10); their divisions are np.divide's, inf/nan rather than ZeroDivisionError), and
NumPy's order of complex numbers (np.less, np.maximum, ...: by real part, then imaginary part;
a NaN part compares false and wins np.maximum / np.minimum), with np.max / min / argmax / argmin
of whole complex arrays in that order.
Outside their domain the cmath ones raise what CPython raises (ValueError, OverflowError).

    >>> from numjit.types import complex128, float64
    >>> polar(complex128).__name__, rect(float64, float64).__name__
    ('polar_impl', 'rect_impl')
"""
import cmath
import math

import numpy as np

from ..types import Complex, Float, Integer, Boolean
from ..typing.registry import overload
from ..intrinsics.complexmath import complex_operand
from ..intrinsics.mathdomain import DOMAIN_ERROR, RANGE_ERROR
from .guards import array_of, is_none, scalar_class, specialized

# npy_math.h's constants (1 / math.log(10) is one ulp off NPY_LOG10E)
LOG2E, LOG10E, LN2 = 1.442695040888963407359924681001892137, 0.434294481903251827651128918916605082, math.log(2.0)
LN10 = math.log(10.0)


def _real(t):
    return isinstance(t, (Integer, Float, Boolean))


def _quotient(a, b):
    """a / b as CPython's cmath divides (Smith's algorithm, _Py_c_quot)."""
    if abs(b.real) >= abs(b.imag):
        if b.real == 0.0:
            return complex(0.0, 0.0)
        ratio = b.imag / b.real
        denom = b.real + b.imag * ratio
        return complex((a.real + a.imag * ratio) / denom, (a.imag - a.real * ratio) / denom)
    if abs(b.imag) >= abs(b.real):
        ratio = b.real / b.imag
        denom = b.real * ratio + b.imag
        return complex((a.real * ratio + a.imag) / denom, (a.imag * ratio - a.real) / denom)
    return complex(math.nan, math.nan)


@overload(cmath.log)
def log_base(z, base):
    if complex_operand(z) is None or complex_operand(base) is None:
        return None

    def log_base_impl(z, base):
        w = cmath.log(base)     # CPython forgets log(z)'s error; base 0 and log(base) == 0 raise
        if base == 0 or w == 0:
            raise ValueError(DOMAIN_ERROR)
        return _quotient(cmath.log(z), w)
    return log_base_impl


@overload(cmath.log10)
def log10(z):
    if complex_operand(z) is None:
        return None

    def log10_impl(z):
        if z == 0:
            raise ValueError(DOMAIN_ERROR)
        w = cmath.log(z)
        return complex(w.real / LN10, w.imag / LN10)
    return log10_impl


@overload(cmath.phase)
def phase(z):
    if complex_operand(z) is None:
        return None

    def phase_impl(z):
        return math.atan2(z.imag, z.real)
    return phase_impl


@overload(cmath.polar)
def polar(z):
    if complex_operand(z) is None:
        return None

    def polar_impl(z):
        r = math.hypot(z.real, z.imag)
        if math.isinf(r) and math.isfinite(z.real) and math.isfinite(z.imag):
            raise OverflowError(RANGE_ERROR)
        return r, math.atan2(z.imag, z.real)
    return polar_impl


@overload(cmath.rect)
def rect(r, phi):
    if not (_real(r) and _real(phi)):
        return None

    def rect_impl(r, phi):
        r, phi = float(r), float(phi)
        if r != 0.0 and not math.isnan(r) and math.isinf(phi):
            raise ValueError(DOMAIN_ERROR)
        if math.isfinite(r) and math.isfinite(phi):
            if phi == 0.0:                  # CPython's rule: the imaginary part keeps phi's sign
                return complex(r, r * phi)
            return complex(r * math.cos(phi), r * math.sin(phi))
        if math.isinf(r) and math.isfinite(phi) and phi != 0.0:
            s = 1.0 if r > 0 else -1.0
            return complex(s * math.copysign(math.inf, math.cos(phi)), s * math.copysign(math.inf, math.sin(phi)))
        # CPython's table of special values
        if r == 0.0:
            return complex(0.0, 0.0)
        if math.isinf(r) and phi == 0.0:
            return complex(r, -phi if r < 0 else phi)
        if math.isinf(r) and math.isnan(phi):
            return complex(math.inf, math.nan)
        if math.isnan(r) and phi == 0.0:
            return complex(math.nan, 0.0)
        return complex(math.nan, math.nan)
    return rect_impl


def _classify(real_test, combine_all):
    def typer(z):
        if complex_operand(z) is None:
            return None
        if not isinstance(z, Complex):
            def real_impl(z):
                return real_test(float(z))
            return real_impl
        if combine_all:
            def all_impl(z):
                return real_test(z.real) and real_test(z.imag)
            return all_impl

        def any_impl(z):
            return real_test(z.real) or real_test(z.imag)
        return any_impl
    return typer


overload(cmath.isnan)(_classify(math.isnan, False))
overload(cmath.isinf)(_classify(math.isinf, False))
overload(cmath.isfinite)(_classify(math.isfinite, True))


@overload(cmath.isclose)
def isclose(a, b, rel_tol=None, abs_tol=None):
    if complex_operand(a) is None or complex_operand(b) is None:
        return None

    def isclose_impl(a, b, rel_tol=1e-09, abs_tol=0.0):
        if rel_tol < 0.0 or abs_tol < 0.0:
            raise ValueError("tolerances must be non-negative")
        if a == b:
            return True
        if cmath.isinf(a) or cmath.isinf(b):
            return False
        diff = abs(a - b)
        return diff <= rel_tol * abs(b) or diff <= rel_tol * abs(a) or diff <= abs_tol
    return isclose_impl


# -- NumPy's complex loops that are formulas (numpy/_core/src/umath/funcs.inc.src) -------------
# They compute in the parts' float type, as NumPy's complex64 loops do in float32.

@specialized
def _numpy_formulas(real):
    """The formula implementations for complex numbers whose parts have NumPy scalar type `real`."""
    cplx = np.complex64 if real is np.float32 else np.complex128
    log2e, log10e, ln2, one, two, pi = real(LOG2E), real(LOG10E), real(LN2), real(1.0), real(2.0), real(math.pi)

    def np_log10(z):
        w = cmath.log(z)
        return complex(w.real * log10e, w.imag * log10e)

    def np_log2(z):
        w = cmath.log(z)
        return complex(w.real * log2e, w.imag * log2e)

    def np_exp2(z):
        return cmath.exp(complex(z.real * ln2, z.imag * ln2))

    def np_expm1(z):
        x, y = z.real, z.imag
        a = math.sin(y / two)
        return complex(math.expm1(x) * math.cos(y) - two * a * a, math.exp(x) * math.sin(y))

    def np_log1p(z):
        x, y = z.real + one, z.imag
        return complex(math.log(math.hypot(x, y)), math.atan2(y, x))

    def np_sign(z):
        magnitude = abs(z)
        if magnitude == 0.0:
            return complex(0.0, 0.0)
        if math.isinf(magnitude):           # the infinite parts' signs; both infinite: nan
            if math.isinf(z.real) and math.isinf(z.imag):
                return complex(math.nan, math.nan)
            return complex(math.copysign(1.0, z.real) if math.isinf(z.real) else 0.0,
                           math.copysign(1.0, z.imag) if math.isinf(z.imag) else 0.0)
        return complex(z.real / magnitude, z.imag / magnitude)

    def np_reciprocal(z):                  # NumPy's loop: Smith's algorithm for 1 / z
        x, y = z.real, z.imag
        if abs(y) <= abs(x):
            r = np.divide(y, x)
            d = x + y * r
            return complex(np.divide(one, d), np.divide(-r, d))
        r = np.divide(x, y)
        d = x * r + y
        return complex(np.divide(r, d), np.divide(-one, d))

    def np_rint(z):
        return complex(np.rint(z.real), np.rint(z.imag))

    def np_sinc(z):
        y = pi * (cplx(1e-20) if z == 0 else z)           # in z's precision, as NumPy
        return np.divide(cmath.sin(y), y)
    return {"np.log10.complex": np_log10, "np.log2.complex": np_log2, "np.exp2.complex": np_exp2,
            "np.expm1.complex": np_expm1, "np.log1p.complex": np_log1p, "np.sign.complex": np_sign,
            "np.sinc.complex": np_sinc, "np.reciprocal.complex": np_reciprocal, "np.rint.complex": np_rint}


def _numpy_formula(key):
    def typer(z):
        if not isinstance(z, Complex):
            return None
        return _numpy_formulas(scalar_class(z.underlying))[key]
    return typer


for _key in _numpy_formulas(np.float64):
    overload(_key)(_numpy_formula(_key))


# -- NumPy's order of complex numbers: lexicographic, NaN parts excluded (npy_math's CLT / CLE) --

def complex_less(x, y):
    return ((x.real < y.real and not math.isnan(x.imag) and not math.isnan(y.imag))
            or (x.real == y.real and x.imag < y.imag))


def complex_less_equal(x, y):
    return ((x.real < y.real and not math.isnan(x.imag) and not math.isnan(y.imag))
            or (x.real == y.real and x.imag <= y.imag))


def _has_nan(z):
    return math.isnan(z.real) or math.isnan(z.imag)


def complex_maximum(x, y):
    return x if _has_nan(x) or complex_less_equal(y, x) else y


def complex_minimum(x, y):
    return x if _has_nan(x) or complex_less_equal(x, y) else y


def complex_fmax(x, y):
    return x if _has_nan(y) or complex_less_equal(y, x) else y


def complex_fmin(x, y):
    return x if _has_nan(y) or complex_less_equal(x, y) else y


def _greater(x, y):
    return complex_less(y, x)


def _greater_equal(x, y):
    return complex_less_equal(y, x)


def _complex_pair(body):
    def typer(x, y):
        return body if isinstance(x, Complex) and isinstance(y, Complex) else None
    return typer


for _key, _body in (("np.less.complex", complex_less), ("np.less_equal.complex", complex_less_equal),
                    ("np.greater.complex", _greater), ("np.greater_equal.complex", _greater_equal),
                    ("np.maximum.complex", complex_maximum), ("np.minimum.complex", complex_minimum),
                    ("np.fmax.complex", complex_fmax), ("np.fmin.complex", complex_fmin)):
    overload(_key)(_complex_pair(_body))


# -- max / min / argmax / argmin of complex arrays in that order (the first NaN wins, as NumPy's) --

def _extreme(pick, name):
    def extreme(a, axis=None):
        flat = a.ravel()
        if flat.size == 0:
            raise ValueError("zero-size array to reduction operation " + name + " which has no identity")
        best = flat[0]
        for i in range(1, flat.size):
            best = pick(best, flat[i])
        return best
    return extreme


def _beats_max(x, best):
    return x.real > best.real or (x.real == best.real and x.imag > best.imag)


def _beats_min(x, best):
    return x.real < best.real or (x.real == best.real and x.imag < best.imag)


def _arg_extreme(beats, name):
    def arg_extreme(a, axis=None):
        flat = a.ravel()
        if flat.size == 0:
            raise ValueError("attempt to get " + name + " of an empty sequence")
        best, where = flat[0], 0
        if _has_nan(best):
            return 0
        for i in range(1, flat.size):
            x = flat[i]
            if beats(x, best) or _has_nan(x):
                best, where = x, i
                if _has_nan(x):
                    break
        return where
    return arg_extreme


def complex_better_max(x, best):
    """Whether x replaces best in an argmax along an axis (a first NaN is kept)."""
    return not _has_nan(best) and (_has_nan(x) or _beats_max(x, best))


def complex_better_min(x, best):
    return not _has_nan(best) and (_has_nan(x) or _beats_min(x, best))


def _whole_complex(impl):
    def typer(a, axis=None):
        arr = array_of(a)
        if arr is None or not isinstance(arr.dtype, Complex) or not (axis is None or is_none(axis)):
            return None
        return impl
    return typer


overload(np.max, np.amax, "array.max", "arrayexpr.max")(_whole_complex(_extreme(complex_maximum, "maximum")))
overload(np.min, np.amin, "array.min", "arrayexpr.min")(_whole_complex(_extreme(complex_minimum, "minimum")))
overload(np.argmax, "array.argmax", "arrayexpr.argmax")(_whole_complex(_arg_extreme(_beats_max, "argmax")))
overload(np.argmin, "array.argmin", "arrayexpr.argmin")(_whole_complex(_arg_extreme(_beats_min, "argmin")))
