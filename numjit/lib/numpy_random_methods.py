"""NumPy's distributions as methods of a bit source, shared by np.random's legacy functions
(numpy_random_dists.py, src = LEGACY) and np.random.Generator's methods (numpy_generator_dists.py,
src = the Generator): NumPy's parameter checks (its CONS_* constraints, on every element of an
array parameter, before any draw), then one draw (size None, number parameters) or an array.

Parameters are numbers or arrays; arrays broadcast as NumPy's: with size None the result has
their broadcast shape, with a size the parameters must broadcast to it. Draws go in C order.

    >>> from numjit.types import float64, int64, NoneType
    >>> from numjit.typing.registry import resolve
    >>> impl = resolve(sample, (NoneType(), float64, float64, int64, float64))
    >>> impl.pyfunc.__name__
    'sample_fill'
"""
import math

import numpy as np

from ..types import Complex
from ..types.rng import NumPyRandomGeneratorType
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, is_number, specialized
from .numpy_random import fill, is_size
from . import numpy_random_draws as d

POISSON_LAM_MAX = 9.223372006484771e+18
# NumPy casts these to int64 (arrays only safely)
INTEGER_PARAMETERS = {"binomial": ("n",), "hypergeometric": ("ngood", "nbad", "nsample")}


# -- NumPy's constraints: the test that rejects a value ---------------------------------------------

def unconstrained(v):
    return False


def negative(v):
    """CONS_NON_NEGATIVE (-0.0 is rejected, NaN passes)."""
    return v == v and math.copysign(1.0, v) < 0


def not_positive(v):
    return v <= 0


def is_nan(v):
    return v != v


def outside_0_1(v):
    return not (v >= 0 and v <= 1)


def outside_gt_0_1(v):
    return not (v > 0 and v <= 1)


def outside_0_lt_1(v):
    return not (v >= 0 and v < 1)


def not_above_1(v):
    return not v > 1


def not_non_negative(v):
    return not v >= 0


def too_large_lam(v):
    return v > POISSON_LAM_MAX


def checked(x, bad, message):
    """x as float64 (a number) or a float64 array, after ValueError(message) where any value is
    `bad`."""


def checked_int(x, bad, message):
    """As checked, for an integer parameter (int64)."""


@specialized
def _checkers(cls):
    """checked's implementations for a number and for an array, the values made `cls`."""
    def checked_number(x, bad, message):
        v = cls(x)
        if bad(v):
            raise ValueError(message)
        return v

    def checked_array(x, bad, message):
        values = x.astype(cls)
        for v in values.ravel():
            if bad(v):
                raise ValueError(message)
        return values

    def checked_0d(x, bad, message):
        return checked_number(x[()], bad, message)
    return {"number": checked_number, "array": checked_array, "0-d": checked_0d}


def _real(t):
    return is_number(t) and not isinstance(t, Complex)


def _parameter(x):
    """'number', 'array' (of 1 or more dimensions), '0-d' (an array NumPy reads as a number) or
    None, for a real parameter."""
    if _real(x):
        return "number"
    arr = array_of(x)
    if arr is None or not _real(arr.dtype):
        return None
    return "array" if arr.ndim > 0 else "0-d"


@overload(checked)
def _checked(x, bad, message):
    kind = _parameter(x)
    return None if kind is None else _checkers(np.float64)[kind]


def _integer_parameter(x):
    """A number (a float is truncated, as NumPy's cast) or an array of integers."""
    kind = _parameter(x)
    return kind == "number" or kind is not None and is_int(array_of(x).dtype)


@overload(checked_int)
def _checked_int(x, bad, message):
    return _checkers(np.int64)[_parameter(x)] if _integer_parameter(x) else None


def method_typer(impl, with_source):
    """The typer of a method below (with_source: called on a Generator, which is `src`) or of a
    legacy function forwarding to one: its parameters numbers or arrays of numbers (of one
    dimension or more), `size` None, an int or a tuple of ints."""
    code = impl.__code__
    names = code.co_varnames[int(with_source):code.co_argcount]

    def typer(*args, **kws):
        if with_source:
            if not args or not isinstance(args[0], NumPyRandomGeneratorType):
                return None
            args = args[1:]
        if len(args) > len(names) or any(k not in names for k in kws):
            return None
        bound = dict(zip(names, args))
        bound.update(kws)
        size = bound.pop("size", None)
        if not all(is_none(t) or _parameter(t) is not None for t in bound.values()):
            return None
        if not all(_integer_parameter(bound[name]) for name in INTEGER_PARAMETERS.get(impl.__name__, ()) if name in bound):
            return None
        return impl if size is None or is_none(size) or is_size(size) else None
    return typer


# -- one value, or an array ----------------------------------------------------------------------

def sample(src, draw, cls, size, *params):
    """draw(src, *params) once (size None and number parameters) or for each item of an array of
    dtype cls, in C order, the parameters broadcast."""


def sample_one(src, draw, cls, size, *params):
    return draw(src, *params)


def sample_fill(src, draw, cls, size, *params):
    return fill(size, cls, draw, src, *params)


def _shape_of(x):
    """The shape a parameter broadcasts with: (1,) for a number."""


@overload(_shape_of)
def _shape_of_typer(x):
    return (lambda x: (1,)) if is_number(x) else (lambda x: x.shape)


def _spread(x, shape):
    """x's values broadcast to `shape`, flat in C order (a number stays a number)."""


@overload(_spread)
def _spread_typer(x, shape):
    if is_number(x):
        return lambda x, shape: x
    if array_of(x).ndim > len(shape.items):      # never reached: the shape was refused before
        return lambda x, shape: x.ravel()
    return _spread_array


def _spread_array(x, shape):
    """An odometer over `shape` (C order) that steps x's contiguous copy by x's C strides, 0 on
    the dimensions x broadcasts along (no broadcasting machinery: small to compile)."""
    xs = x.ravel()
    n, lead = len(shape), len(shape) - x.ndim
    dims, steps = np.empty(n, np.int64), np.zeros(n, np.int64)
    total = 1
    for d, s in enumerate(shape):
        dims[d] = s
        total *= s
    stride = 1
    for d in range(x.ndim - 1, -1, -1):
        if x.shape[d] != 1:
            steps[lead + d] = stride
        stride *= x.shape[d]
    out = np.empty(total, x.dtype)
    index = np.zeros(n, np.int64)
    at = 0
    for i in range(total):
        out[i] = xs[at]
        d = n - 1
        while d >= 0:
            index[d] += 1
            at += steps[d]
            if index[d] < dims[d]:
                break
            at -= steps[d] * dims[d]
            index[d] = 0
            d -= 1
    return out


def _at(x, i):
    """Item i of a spread parameter."""


@overload(_at)
def _at_typer(x, i):
    return (lambda x, i: x) if is_number(x) else (lambda x, i: x[i])


def as_shape(size):
    """size= as a tuple."""


@overload(as_shape)
def _as_shape_typer(size):
    return (lambda size: (size,)) if is_int(size) else (lambda size: size)


@specialized
def _broadcasting(arity, with_size):
    """The array path when some parameter is an array (1 to 3 parameters)."""
    def out_shape(size, shape):
        if not with_size:
            return shape
        wanted = as_shape(size)
        if np.broadcast_shapes(wanted, shape) != wanted:
            raise ValueError("Output size is not compatible with broadcast dimensions of inputs")
        return wanted

    def sample_broadcast1(src, draw, cls, size, a):
        shape = out_shape(size, _shape_of(a))
        out = np.empty(shape, cls)
        flat, av = out.reshape(-1), _spread(a, shape)
        for i in range(flat.size):
            flat[i] = draw(src, _at(av, i))
        return out

    def sample_broadcast2(src, draw, cls, size, a, b):
        shape = out_shape(size, np.broadcast_shapes(_shape_of(a), _shape_of(b)))
        out = np.empty(shape, cls)
        flat, av, bv = out.reshape(-1), _spread(a, shape), _spread(b, shape)
        for i in range(flat.size):
            flat[i] = draw(src, _at(av, i), _at(bv, i))
        return out

    def sample_broadcast3(src, draw, cls, size, a, b, c):
        shape = out_shape(size, np.broadcast_shapes(_shape_of(a), _shape_of(b), _shape_of(c)))
        out = np.empty(shape, cls)
        flat, av, bv, cv = out.reshape(-1), _spread(a, shape), _spread(b, shape), _spread(c, shape)
        for i in range(flat.size):
            flat[i] = draw(src, _at(av, i), _at(bv, i), _at(cv, i))
        return out
    return (sample_broadcast1, sample_broadcast2, sample_broadcast3)[arity - 1]


@overload(sample)
def _sample(src, draw, cls, size, *params):
    if not (is_none(size) or is_size(size)):
        return None
    if all(is_number(p) for p in params):
        return sample_one if is_none(size) else sample_fill
    return _broadcasting(len(params), not is_none(size))


# -- the methods: NumPy's parameter names and checks ------------------------------------------------

def _triangular_checked(left, mode, right):
    """triangular's checks, on the broadcast parameters; float64 parameters."""
    if np.any(np.asarray(left) > np.asarray(mode)):
        raise ValueError("left > mode")
    if np.any(np.asarray(mode) > np.asarray(right)):
        raise ValueError("mode > right")
    if np.any(np.asarray(left) == np.asarray(right)):
        raise ValueError("left == right")


def standard_normal(src, size=None):
    return sample(src, d.normal_draw_of, np.float64, size, 0.0, 1.0)


def standard_exponential(src, size=None):
    return sample(src, d.exponential_scaled_draw, np.float64, size, 1.0)


def exponential(src, scale=1.0, size=None):
    return sample(src, d.exponential_scaled_draw, np.float64, size, checked(scale, negative, "scale < 0"))


def normal(src, loc=0.0, scale=1.0, size=None):
    return sample(src, d.normal_draw_of, np.float64, size, checked(loc, unconstrained, ""),
                  checked(scale, negative, "scale < 0"))


def uniform(src, low=0.0, high=1.0, size=None):
    low, high = checked(low, unconstrained, ""), checked(high, unconstrained, "")
    span = high - low
    if not np.all(np.isfinite(np.asarray(span))):
        raise OverflowError("Range exceeds valid bounds")
    if src is not None:
        span = checked(span, negative, "high - low < 0")
    return sample(src, d.uniform_draw, np.float64, size, low, span)


def standard_gamma(src, shape, size=None):
    return sample(src, d.standard_gamma_draw, np.float64, size, checked(shape, negative, "shape < 0"))


def gamma(src, shape, scale=1.0, size=None):
    return sample(src, d.gamma_draw, np.float64, size, checked(shape, negative, "shape < 0"),
                  checked(scale, negative, "scale < 0"))


def beta(src, a, b, size=None):
    return sample(src, d.beta_draw, np.float64, size, checked(a, not_positive, "a <= 0"),
                  checked(b, not_positive, "b <= 0"))


def chisquare(src, df, size=None):
    return sample(src, d.chisquare_draw, np.float64, size, checked(df, not_positive, "df <= 0"))


def noncentral_chisquare(src, df, nonc, size=None):
    return sample(src, d.noncentral_chisquare_draw, np.float64, size, checked(df, not_positive, "df <= 0"),
                  checked(nonc, negative, "nonc < 0"))


def f(src, dfnum, dfden, size=None):
    return sample(src, d.f_draw, np.float64, size, checked(dfnum, not_positive, "dfnum <= 0"),
                  checked(dfden, not_positive, "dfden <= 0"))


def noncentral_f(src, dfnum, dfden, nonc, size=None):
    return sample(src, d.noncentral_f_draw, np.float64, size, checked(dfnum, not_positive, "dfnum <= 0"),
                  checked(dfden, not_positive, "dfden <= 0"), checked(nonc, negative, "nonc < 0"))


def standard_t(src, df, size=None):
    return sample(src, d.standard_t_draw, np.float64, size, checked(df, not_positive, "df <= 0"))


def standard_cauchy(src, size=None):
    return sample(src, d.standard_cauchy_draw, np.float64, size)


def lognormal(src, mean=0.0, sigma=1.0, size=None):
    return sample(src, d.lognormal_draw, np.float64, size, checked(mean, unconstrained, ""),
                  checked(sigma, negative, "sigma < 0"))


def laplace(src, loc=0.0, scale=1.0, size=None):
    return sample(src, d.laplace_draw, np.float64, size, checked(loc, unconstrained, ""),
                  checked(scale, negative, "scale < 0"))


def logistic(src, loc=0.0, scale=1.0, size=None):
    return sample(src, d.logistic_draw, np.float64, size, checked(loc, unconstrained, ""),
                  checked(scale, negative, "scale < 0"))


def gumbel(src, loc=0.0, scale=1.0, size=None):
    return sample(src, d.gumbel_draw, np.float64, size, checked(loc, unconstrained, ""),
                  checked(scale, negative, "scale < 0"))


def pareto(src, a, size=None):
    return sample(src, d.pareto_draw, np.float64, size, checked(a, not_positive, "a <= 0"))


def power(src, a, size=None):
    return sample(src, d.power_draw, np.float64, size, checked(a, not_positive, "a <= 0"))


def rayleigh(src, scale=1.0, size=None):
    return sample(src, d.rayleigh_draw, np.float64, size, checked(scale, negative, "scale < 0"))


def weibull(src, a, size=None):
    return sample(src, d.weibull_draw, np.float64, size, checked(a, negative, "a < 0"))


def wald(src, mean, scale, size=None):
    return sample(src, d.wald_draw, np.float64, size, checked(mean, not_positive, "mean <= 0"),
                  checked(scale, not_positive, "scale <= 0"))


def triangular(src, left, mode, right, size=None):
    left, mode = checked(left, unconstrained, ""), checked(mode, unconstrained, "")
    right = checked(right, unconstrained, "")
    _triangular_checked(left, mode, right)
    return sample(src, d.triangular_draw, np.float64, size, left, mode, right)


def vonmises(src, mu, kappa, size=None):
    return sample(src, d.vonmises_draw, np.float64, size, checked(mu, unconstrained, ""),
                  checked(kappa, negative, "kappa < 0"))


def binomial(src, n, p, size=None):
    p = checked(p, outside_0_1, "p < 0, p > 1 or p is NaN")
    return sample(src, d.binomial_draw, np.int64, size, checked_int(n, negative, "n < 0"), p)


def negative_binomial(src, n, p, size=None):
    if src is not None:
        checked(n, is_nan, "n must not be NaN")
    return sample(src, d.negative_binomial_draw, np.int64, size, checked(n, not_positive, "n <= 0"),
                  checked(p, outside_gt_0_1, "p <= 0, p > 1 or p contains NaNs"))


def poisson(src, lam=1.0, size=None):
    checked(lam, not_non_negative, "lam < 0 or lam is NaN")
    return sample(src, d.poisson_draw, np.int64, size, checked(lam, too_large_lam, "lam value too large"))


def geometric(src, p, size=None):
    return sample(src, d.geometric_draw, np.int64, size, checked(p, outside_gt_0_1, "p <= 0, p > 1 or p contains NaNs"))


def logseries(src, p, size=None):
    return sample(src, d.logseries_draw, np.int64, size, checked(p, outside_0_lt_1, "p < 0, p >= 1 or p is NaN"))


def zipf(src, a, size=None):
    return sample(src, d.zipf_draw, np.int64, size, checked(a, not_above_1, "a <= 1 or a is NaN"))


METHODS = (standard_normal, standard_exponential, exponential, normal, uniform, standard_gamma, gamma, beta,
           chisquare, noncentral_chisquare, f, noncentral_f, standard_t, standard_cauchy, lognormal, laplace,
           logistic, gumbel, pareto, power, rayleigh, weibull, wald, triangular, vonmises, binomial,
           negative_binomial, poisson, geometric, logseries, zipf)
