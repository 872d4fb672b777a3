"""np.random.Generator's distributions beyond numpy_generator.py, number for number NumPy's
(numpy/random/src/distributions/distributions.c, transcribed; the Generator's ziggurat normal
and exponential underneath): standard_gamma, gamma, beta, chisquare, f, noncentral_chisquare,
noncentral_f, standard_t, standard_cauchy, lognormal, laplace, logistic, pareto, power,
rayleigh, weibull, wald, triangular, poisson, negative_binomial, geometric, logseries, zipf;
shuffle / permutation (1-D arrays, or an int for permutation); choice with replacement (of an int
or a 1-D array, with or without p).

Parameters are numbers (NumPy's array parameters are not supported); `size=` as in
numpy_generator.py.

    >>> from numjit.types.rng import numpy_generator as g
    >>> from numjit.types import float64, int64
    >>> gamma(g, float64).__name__, poisson(g, float64, int64).__name__
    ('gamma_impl', 'poisson_fill')
"""
import math

import numpy as np

from ..errors import TypingError
from ..intrinsics.bitgen import next_double, next_uint32, next_uint64
from ..intrinsics.randomstate import libm_pow
from ..types import Boolean, Const
from ..types.rng import NumPyRandomGeneratorType
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, specialized
from .numpy_generator import normal_draw, exponential_draw, _method
from .numpy_random import fill, is_size
from .numpy_random_dists import loggam, _positive, _non_negative

INT64_MAX = 9223372036854775807
P_TOLERANCE = math.sqrt(np.finfo(np.float64).eps)      # how far choice's p may sum from 1


# -- one draw each --------------------------------------------------------------------------------

def standard_gamma_draw(g, shape):
    if shape == 1.0:
        return exponential_draw(g)
    if shape == 0.0:
        return 0.0
    if shape < 1.0:
        while True:
            u = next_double(g)
            v = exponential_draw(g)
            if u <= 1.0 - shape:
                x = libm_pow(u, 1.0 / shape)
                if x <= v:
                    return x
            else:
                y = -math.log((1 - u) / shape)
                x = libm_pow(1.0 - shape + shape * y, 1.0 / shape)
                if x <= v + y:
                    return x
    b = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9 * b)
    while True:
        while True:
            x = normal_draw(g)
            v = 1.0 + c * x
            if v > 0.0:
                break
        v = v * v * v
        u = next_double(g)
        if u < 1.0 - 0.0331 * (x * x) * (x * x):
            return b * v
        if math.log(u) < 0.5 * x * x + b * (1.0 - v + math.log(v)):
            return b * v


def _standard_gamma(g, shape):
    _non_negative(shape, "shape < 0")
    return standard_gamma_draw(g, shape)


def _gamma(g, shape, scale):
    _non_negative(shape, "shape < 0")
    _non_negative(scale, "scale < 0")
    return scale * standard_gamma_draw(g, shape)


def _beta(g, a, b):
    _positive(a, "a <= 0")
    _positive(b, "b <= 0")
    if a <= 1.0 and b <= 1.0:
        while True:
            u = next_double(g)
            v = next_double(g)
            x = libm_pow(u, 1.0 / a)
            y = libm_pow(v, 1.0 / b)
            total = x + y
            if total <= 1.0 and u + v > 0.0:
                if total > 0:
                    return x / total
                log_x = math.log(u) / a
                log_y = math.log(v) / b
                log_m = log_x if log_x > log_y else log_y
                log_x -= log_m
                log_y -= log_m
                return math.exp(log_x - math.log(math.exp(log_x) + math.exp(log_y)))
    ga = standard_gamma_draw(g, a)
    gb = standard_gamma_draw(g, b)
    return ga / (ga + gb)


def chisquare_draw(g, df):
    return 2.0 * standard_gamma_draw(g, df / 2.0)


def _chisquare(g, df):
    _positive(df, "df <= 0")
    return chisquare_draw(g, df)


def _f(g, dfnum, dfden):
    _positive(dfnum, "dfnum <= 0")
    _positive(dfden, "dfden <= 0")
    return (chisquare_draw(g, dfnum) * dfden) / (chisquare_draw(g, dfden) * dfnum)


def noncentral_chisquare_draw(g, df, nonc):
    if nonc != nonc:
        return math.nan
    if nonc == 0:
        return chisquare_draw(g, df)
    if 1 < df:
        chi2 = chisquare_draw(g, df - 1)
        n = normal_draw(g) + math.sqrt(nonc)
        return chi2 + n * n
    i = poisson_draw(g, nonc / 2.0)
    return chisquare_draw(g, df + 2 * i)


def _noncentral_chisquare(g, df, nonc):
    _positive(df, "df <= 0")
    _non_negative(nonc, "nonc < 0")
    return noncentral_chisquare_draw(g, df, nonc)


def _noncentral_f(g, dfnum, dfden, nonc):
    _positive(dfnum, "dfnum <= 0")
    _positive(dfden, "dfden <= 0")
    _non_negative(nonc, "nonc < 0")
    t = noncentral_chisquare_draw(g, dfnum, nonc) * dfden
    return t / (chisquare_draw(g, dfden) * dfnum)


def _standard_t(g, df):
    _positive(df, "df <= 0")
    num = normal_draw(g)
    denom = standard_gamma_draw(g, df / 2)
    return math.sqrt(df / 2) * num / math.sqrt(denom)


def _standard_cauchy(g):
    return normal_draw(g) / normal_draw(g)


def _lognormal(g, mean, sigma):
    _non_negative(sigma, "sigma < 0")
    return math.exp(mean + sigma * normal_draw(g))


def _laplace(g, loc, scale):
    _non_negative(scale, "scale < 0")
    while True:
        u = next_double(g)
        if u >= 0.5:
            return loc - scale * math.log(2.0 - u - u)
        if u > 0.0:
            return loc + scale * math.log(u + u)


def _logistic(g, loc, scale):
    _non_negative(scale, "scale < 0")
    while True:
        u = next_double(g)
        if u > 0.0:
            return loc + scale * math.log(u / (1.0 - u))


def _pareto(g, a):
    _positive(a, "a <= 0")
    return math.expm1(exponential_draw(g) / a)


def _power(g, a):
    _positive(a, "a <= 0")
    return libm_pow(-math.expm1(-exponential_draw(g)), 1.0 / a)


def _rayleigh(g, scale):
    _non_negative(scale, "scale < 0")
    return scale * math.sqrt(2.0 * exponential_draw(g))


def _weibull(g, a):
    _non_negative(a, "a < 0")
    if a == 0.0:
        return 0.0
    return libm_pow(exponential_draw(g), 1.0 / a)


def _wald(g, mean, scale):
    _positive(mean, "mean <= 0")
    _positive(scale, "scale <= 0")
    y = normal_draw(g)
    y = mean * y * y
    d = 1 + math.sqrt(1 + 4 * scale / y)        # NumPy 2's cancellation-free form
    x = mean * (1 - 2 / d)
    u = next_double(g)
    if u <= mean / (mean + x):
        return x
    return mean * mean / x


def _triangular(g, left, mode, right):
    if left > mode:
        raise ValueError("left > mode")
    if mode > right:
        raise ValueError("mode > right")
    if left == right:
        raise ValueError("left == right")
    base = right - left
    leftbase = mode - left
    ratio = leftbase / base
    leftprod = leftbase * base
    rightprod = (right - mode) * base
    u = next_double(g)
    if u <= ratio:
        return left + math.sqrt(u * leftprod)
    return right - math.sqrt((1.0 - u) * rightprod)


def poisson_draw(g, lam):
    if lam >= 10:
        slam = math.sqrt(lam)
        loglam = math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = next_double(g) - 0.5
            v = next_double(g)
            us = 0.5 - abs(u)
            k = np.int64(math.floor((2 * a / us + b) * u + lam + 0.43))
            if us >= 0.07 and v <= vr:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            if (math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)
                    <= -lam + k * loglam - loggam(k + 1.0)):
                return k
    if lam == 0:
        return np.int64(0)
    enlam = math.exp(-lam)
    x = np.int64(0)
    prod = 1.0
    while True:
        prod *= next_double(g)
        if prod > enlam:
            x += 1
        else:
            return x


def _poisson(g, lam):
    if not lam >= 0:
        raise ValueError("lam < 0 or lam is NaN")
    if lam > 9.223372006484771e+18:
        raise ValueError("lam value too large")
    return poisson_draw(g, lam)


def _negative_binomial(g, n, p):
    _positive(n, "n <= 0")
    if not (p > 0 and p <= 1):
        raise ValueError("p <= 0, p > 1 or p contains NaNs")
    return poisson_draw(g, ((1 - p) / p) * standard_gamma_draw(g, n))


def _geometric(g, p):
    if not (p > 0 and p <= 1):
        raise ValueError("p <= 0, p > 1 or p contains NaNs")
    if p >= 0.333333333333333333333333:
        x = np.int64(1)
        total = p
        prod = p
        q = 1.0 - p
        u = next_double(g)
        while u > total:
            prod *= q
            total += prod
            x += 1
        return x
    z = math.ceil(-exponential_draw(g) / math.log1p(-p))
    if z >= 9.223372036854776e+18:
        return np.int64(INT64_MAX)
    return np.int64(z)


def _logseries(g, p):
    if not (p >= 0 and p < 1):
        raise ValueError("p < 0, p >= 1 or p is NaN")
    r = math.log1p(-p)
    while True:
        v = next_double(g)
        if v >= p:
            return np.int64(1)
        u = next_double(g)
        q = -math.expm1(r * u)
        if v <= q * q:
            result = np.int64(math.floor(1 + math.log(v) / math.log(q)))
            if result < 1 or v == 0.0:
                continue
            return result
        if v >= q:
            return np.int64(1)
        return np.int64(2)


def _zipf(g, a):
    if not a > 1:
        raise ValueError("a <= 1 or a is NaN")
    if a >= 1025:
        return np.int64(1)
    am1 = a - 1.0
    b = libm_pow(2.0, am1)
    umin = libm_pow(float(INT64_MAX), -am1)
    while True:
        u01 = next_double(g)
        u = u01 * umin + (1 - u01)
        v = next_double(g)
        x = math.floor(libm_pow(u, -1.0 / am1))
        if x > float(INT64_MAX) or x < 1.0:
            continue
        t = libm_pow(1.0 + 1.0 / x, am1)
        if v * x * (t - 1.0) / (b - 1.0) <= t / b:
            return np.int64(x)


# -- the methods: one value (size None) or an array -----------------------------------------------

def standard_gamma_impl(g, shape, size=None):
    return _standard_gamma(g, float(shape))


def standard_gamma_fill(g, shape, size=None):
    return fill(size, np.float64, _standard_gamma, g, float(shape))


def gamma_impl(g, shape, scale=1.0, size=None):
    return _gamma(g, float(shape), float(scale))


def gamma_fill(g, shape, scale=1.0, size=None):
    return fill(size, np.float64, _gamma, g, float(shape), float(scale))


def beta_impl(g, a, b, size=None):
    return _beta(g, float(a), float(b))


def beta_fill(g, a, b, size=None):
    return fill(size, np.float64, _beta, g, float(a), float(b))


def chisquare_impl(g, df, size=None):
    return _chisquare(g, float(df))


def chisquare_fill(g, df, size=None):
    return fill(size, np.float64, _chisquare, g, float(df))


def f_impl(g, dfnum, dfden, size=None):
    return _f(g, float(dfnum), float(dfden))


def f_fill(g, dfnum, dfden, size=None):
    return fill(size, np.float64, _f, g, float(dfnum), float(dfden))


def noncentral_chisquare_impl(g, df, nonc, size=None):
    return _noncentral_chisquare(g, float(df), float(nonc))


def noncentral_chisquare_fill(g, df, nonc, size=None):
    return fill(size, np.float64, _noncentral_chisquare, g, float(df), float(nonc))


def noncentral_f_impl(g, dfnum, dfden, nonc, size=None):
    return _noncentral_f(g, float(dfnum), float(dfden), float(nonc))


def noncentral_f_fill(g, dfnum, dfden, nonc, size=None):
    return fill(size, np.float64, _noncentral_f, g, float(dfnum), float(dfden), float(nonc))


def standard_t_impl(g, df, size=None):
    return _standard_t(g, float(df))


def standard_t_fill(g, df, size=None):
    return fill(size, np.float64, _standard_t, g, float(df))


def standard_cauchy_impl(g, size=None):
    return _standard_cauchy(g)


def standard_cauchy_fill(g, size=None):
    return fill(size, np.float64, _standard_cauchy, g)


def lognormal_impl(g, mean=0.0, sigma=1.0, size=None):
    return _lognormal(g, float(mean), float(sigma))


def lognormal_fill(g, mean=0.0, sigma=1.0, size=None):
    return fill(size, np.float64, _lognormal, g, float(mean), float(sigma))


def laplace_impl(g, loc=0.0, scale=1.0, size=None):
    return _laplace(g, float(loc), float(scale))


def laplace_fill(g, loc=0.0, scale=1.0, size=None):
    return fill(size, np.float64, _laplace, g, float(loc), float(scale))


def logistic_impl(g, loc=0.0, scale=1.0, size=None):
    return _logistic(g, float(loc), float(scale))


def logistic_fill(g, loc=0.0, scale=1.0, size=None):
    return fill(size, np.float64, _logistic, g, float(loc), float(scale))


def pareto_impl(g, a, size=None):
    return _pareto(g, float(a))


def pareto_fill(g, a, size=None):
    return fill(size, np.float64, _pareto, g, float(a))


def power_impl(g, a, size=None):
    return _power(g, float(a))


def power_fill(g, a, size=None):
    return fill(size, np.float64, _power, g, float(a))


def rayleigh_impl(g, scale=1.0, size=None):
    return _rayleigh(g, float(scale))


def rayleigh_fill(g, scale=1.0, size=None):
    return fill(size, np.float64, _rayleigh, g, float(scale))


def weibull_impl(g, a, size=None):
    return _weibull(g, float(a))


def weibull_fill(g, a, size=None):
    return fill(size, np.float64, _weibull, g, float(a))


def wald_impl(g, mean, scale, size=None):
    return _wald(g, float(mean), float(scale))


def wald_fill(g, mean, scale, size=None):
    return fill(size, np.float64, _wald, g, float(mean), float(scale))


def triangular_impl(g, left, mode, right, size=None):
    return _triangular(g, float(left), float(mode), float(right))


def triangular_fill(g, left, mode, right, size=None):
    return fill(size, np.float64, _triangular, g, float(left), float(mode), float(right))


def poisson_impl(g, lam=1.0, size=None):
    return _poisson(g, float(lam))


def poisson_fill(g, lam=1.0, size=None):
    return fill(size, np.int64, _poisson, g, float(lam))


def negative_binomial_impl(g, n, p, size=None):
    return _negative_binomial(g, float(n), float(p))


def negative_binomial_fill(g, n, p, size=None):
    return fill(size, np.int64, _negative_binomial, g, float(n), float(p))


def geometric_impl(g, p, size=None):
    return _geometric(g, float(p))


def geometric_fill(g, p, size=None):
    return fill(size, np.int64, _geometric, g, float(p))


def logseries_impl(g, p, size=None):
    return _logseries(g, float(p))


def logseries_fill(g, p, size=None):
    return fill(size, np.int64, _logseries, g, float(p))


def zipf_impl(g, a, size=None):
    return _zipf(g, float(a))


def zipf_fill(g, a, size=None):
    return fill(size, np.int64, _zipf, g, float(a))


for _name in ("standard_gamma", "gamma", "beta", "chisquare", "f", "noncentral_chisquare", "noncentral_f",
              "standard_t", "standard_cauchy", "lognormal", "laplace", "logistic", "pareto", "power", "rayleigh",
              "weibull", "wald", "triangular", "poisson", "negative_binomial", "geometric", "logseries", "zipf"):
    globals()[_name] = overload(f"generator.{_name}")(_method(globals()[_name + "_impl"], globals()[_name + "_fill"]))


# -- shuffle / permutation ------------------------------------------------------------------------

def interval(g, top):
    """random_interval: a uniform integer in [0, top] by masked rejection (32-bit draws when top
    fits in 32 bits)."""
    if top == 0:
        return np.int64(0)
    top = np.uint64(top)
    mask = top
    for shift in (np.uint64(1), np.uint64(2), np.uint64(4), np.uint64(8), np.uint64(16), np.uint64(32)):
        mask |= mask >> shift
    if top <= np.uint64(0xFFFFFFFF):
        while True:
            value = np.uint64(next_uint32(g)) & mask
            if value <= top:
                return np.int64(value)
    while True:
        value = next_uint64(g) & mask
        if value <= top:
            return np.int64(value)


def shuffle_impl(g, x, axis=0):
    for i in range(len(x) - 1, 0, -1):
        j = interval(g, i)
        t = x[i]
        x[i] = x[j]
        x[j] = t


def permutation_int(g, x, axis=0):
    out = np.arange(x)
    shuffle_impl(g, out)
    return out


def permutation_array(g, x, axis=0):
    out = x.copy()
    shuffle_impl(g, out)
    return out


def _one_d(x, name):
    arr = array_of(x)
    if arr is None:
        return None
    if arr.ndim != 1:
        raise TypingError(f"Generator.{name}() of a {arr.ndim}-d array is not supported in compiled code (1-d only)")
    return arr


@overload("generator.shuffle")
def shuffle(g, x, axis=None):
    arr = _one_d(x, "shuffle")
    if not isinstance(g, NumPyRandomGeneratorType) or arr is None or not (axis is None or is_int(axis)):
        return None
    if arr.readonly:
        raise TypingError("Generator.shuffle() of a read-only array")
    return shuffle_impl


@overload("generator.permutation")
def permutation(g, x, axis=None):
    if not isinstance(g, NumPyRandomGeneratorType) or not (axis is None or is_int(axis)):
        return None
    if is_int(x):
        return permutation_int
    return None if _one_d(x, "permutation") is None else permutation_array


# -- choice (with replacement) --------------------------------------------------------------------

def _population(a):
    return a


def _population_of_int(a):
    if a < 0:
        raise ValueError("a must be a positive integer unless no samples are taken")
    return np.arange(a)


def _cdf(p, n):
    """NumPy's checks of p, then its normalised cumulative sum."""
    if len(p) != n:
        raise ValueError("'a' and 'p' must have same size")
    total = 0.0
    for x in p:
        if x != x:
            raise ValueError("probabilities contain NaN")
        if x < 0:
            raise ValueError("probabilities are not non-negative")
        total += x
    if abs(total - 1.0) > P_TOLERANCE:
        raise ValueError("probabilities do not sum to 1")
    cdf = np.cumsum(p.astype(np.float64))
    return cdf / cdf[-1]


@specialized
def _choice_impl(of_int, with_p, with_size):
    population = _population_of_int if of_int else _population

    def draw_indexes(g, n, p, size):
        if n == 0:
            raise ValueError("a cannot be empty unless no samples are taken")
        if with_p:
            return np.searchsorted(_cdf(p, n), g.random(size), side="right")
        return g.integers(0, n, size)

    def choice_impl(g, a, size=None, replace=True, p=None):
        pool = population(a)
        return pool[draw_indexes(g, len(pool), p, size)]
    return choice_impl


@overload("generator.choice")
def choice(g, a, size=None, replace=None, p=None):
    if not isinstance(g, NumPyRandomGeneratorType):
        return None
    of_int = is_int(a)
    if not of_int and _one_d(a, "choice") is None:
        return None
    if isinstance(replace, Boolean):
        return None                                    # retried with the literal, if any
    if not (is_none(replace) or isinstance(replace, Const) and replace.value is True):
        raise TypingError("Generator.choice(): only replace=True is supported in compiled code")
    with_p = not is_none(p)
    if with_p and (array_of(p) is None or array_of(p).ndim != 1):
        raise TypingError("Generator.choice(): p must be a 1-d array")
    if not (is_none(size) or is_size(size)):
        return None
    return _choice_impl(of_int, with_p, not is_none(size))
