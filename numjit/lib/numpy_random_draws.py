"""One draw of each NumPy distribution, written once for both of NumPy's streams: every draw takes
its bit source `src` first, either `LEGACY` (None: np.random's legacy functions, the calling
thread's MT19937 as RandomState draws from it) or a np.random.Generator (numjit/types/rng.py).
`src is None` is known when a draw compiles, so each source's code holds only its own branch.

The algorithms are NumPy's C functions transcribed (numpy/random/src/distributions/
distributions.c for the Generator, legacy-distributions.c where RandomState kept an older one:
those places are marked `if src is None`); underneath, a source gives uniform doubles,
standard normals (RandomState: the polar method; Generator: the ziggurat) and standard
exponentials (RandomState: -log(1 - u); Generator: the ziggurat).

    >>> bool(abs(loggam(4.5) - math.lgamma(4.5)) < 1e-12)      # a helper that needs no source, as Python
    True
"""
import math

import numpy as np

from ..intrinsics.randomstate import libm_pow
from ..types.rng import NumPyRandomGeneratorType
from ..typing.registry import overload
from .guards import is_none
from .numpy_generator import _random as random_draw, _ziggurats as ziggurats
from .numpy_random import gauss, next_double as legacy_double

LEGACY = None                 # the source of np.random's legacy functions
BETA_TINY_THRESHOLD = 3e-103  # the Generator's beta: below it for a and b, one uniform decides 0 or 1
INT64_MAX = 9223372036854775807


# -- what a source gives --------------------------------------------------------------------------

def uniform01(src):
    """A double in [0, 1)."""


def gaussian(src):
    """A standard normal."""


def exponential01(src):
    """A standard exponential."""


def _legacy_uniform(src):
    return legacy_double()


def _legacy_gaussian(src):
    return gauss()


def _legacy_exponential(src):
    return -math.log(1.0 - legacy_double())


def _source(legacy, generator):
    """The typer of a source primitive: the legacy draw, or the Generator's own (no wrapper
    between it and the loops that call it)."""
    def typer(src):
        if is_none(src):
            return legacy
        return generator() if isinstance(src, NumPyRandomGeneratorType) else None
    return typer


overload(uniform01)(_source(_legacy_uniform, lambda: random_draw))
overload(gaussian)(_source(_legacy_gaussian, lambda: ziggurats()[0]))
overload(exponential01)(_source(_legacy_exponential, lambda: ziggurats()[1]))


# -- continuous -----------------------------------------------------------------------------------

def normal_draw_of(src, loc, scale):
    return loc + scale * gaussian(src)


def uniform_draw(src, low, span):
    return low + span * uniform01(src)


def exponential_scaled_draw(src, scale):
    return scale * exponential01(src)


def standard_gamma_draw(src, shape):
    if shape == 1.0:
        return exponential01(src)
    if shape == 0.0:
        return 0.0
    if shape < 1.0:
        while True:
            u = uniform01(src)
            v = exponential01(src)
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
            x = gaussian(src)
            v = 1.0 + c * x
            if not v <= 0.0:                     # do ... while (V <= 0.0): NaN leaves
                break
        v = v * v * v
        u = uniform01(src)
        if u < 1.0 - 0.0331 * (x * x) * (x * x):
            return b * v
        if math.log(u) < 0.5 * x * x + b * (1.0 - v + math.log(v)):
            return b * v


def gamma_draw(src, shape, scale):
    return scale * standard_gamma_draw(src, shape)


def c_divide(x, y):
    """x / y as C computes it: inf or nan for y == 0 (the Generator's dirichlet draws beta(a, 0)
    and beta(0, b))."""
    if y == 0.0:
        if x != x or x == 0.0:
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)
    return x / y


def beta_draw(src, a, b):
    """Johnk's algorithm for a, b <= 1 (the Generator: one uniform for two tiny parameters, its
    own underflow branch), else two gammas."""
    if a <= 1.0 and b <= 1.0:
        if src is not None and a < BETA_TINY_THRESHOLD and b < BETA_TINY_THRESHOLD:
            return 1.0 if (a + b) * uniform01(src) < a else 0.0
        while True:
            u = uniform01(src)
            v = uniform01(src)
            x = libm_pow(u, c_divide(1.0, a))
            y = libm_pow(v, c_divide(1.0, b))
            total = x + y
            if total <= 1.0 and (src is None or u + v > 0.0):
                if (total > 0) if src is None else (x > 0 and y > 0):
                    return x / total
                log_x = c_divide(math.log(u), a)
                log_y = c_divide(math.log(v), b)
                if src is not None:
                    delta = log_x - log_y
                    if delta > 0:
                        return math.exp(-math.log1p(math.exp(-delta)))
                    return math.exp(delta - math.log1p(math.exp(delta)))
                log_m = log_x if log_x > log_y else log_y
                log_x -= log_m
                log_y -= log_m
                return math.exp(log_x - math.log(math.exp(log_x) + math.exp(log_y)))
    ga = standard_gamma_draw(src, a)
    gb = standard_gamma_draw(src, b)
    return ga / (ga + gb)


def chisquare_draw(src, df):
    return 2.0 * standard_gamma_draw(src, df / 2.0)


def f_draw(src, dfnum, dfden):
    return (chisquare_draw(src, dfnum) * dfden) / (chisquare_draw(src, dfden) * dfnum)


def noncentral_chisquare_draw(src, df, nonc):
    if src is not None and nonc != nonc:
        return math.nan
    if nonc == 0:
        return chisquare_draw(src, df)
    if 1 < df:
        chi2 = chisquare_draw(src, df - 1)
        n = gaussian(src) + math.sqrt(nonc)
        return chi2 + n * n
    i = poisson_draw(src, nonc / 2.0)
    out = chisquare_draw(src, df + 2 * i)
    return math.nan if nonc != nonc else out        # RandomState: NaN after the draws


def noncentral_f_draw(src, dfnum, dfden, nonc):
    t = noncentral_chisquare_draw(src, dfnum, nonc) * dfden
    return t / (chisquare_draw(src, dfden) * dfnum)


def standard_t_draw(src, df):
    num = gaussian(src)
    denom = standard_gamma_draw(src, df / 2)
    return math.sqrt(df / 2) * num / math.sqrt(denom)


def standard_cauchy_draw(src):
    return gaussian(src) / gaussian(src)


def lognormal_draw(src, mean, sigma):
    return math.exp(mean + sigma * gaussian(src))


def laplace_draw(src, loc, scale):
    while True:
        u = uniform01(src)
        if u >= 0.5:
            return loc - scale * math.log(2.0 - u - u)
        if u > 0.0:
            return loc + scale * math.log(u + u)


def logistic_draw(src, loc, scale):
    while True:
        u = uniform01(src)
        if u > 0.0:
            return loc + scale * math.log(u / (1.0 - u))


def gumbel_draw(src, loc, scale):
    while True:
        u = 1.0 - uniform01(src)
        if u < 1.0:
            return loc - scale * math.log(-math.log(u))


def pareto_draw(src, a):
    if src is None:
        return math.exp(exponential01(src) / a) - 1
    return math.expm1(exponential01(src) / a)


def power_draw(src, a):
    if src is None:
        return libm_pow(1 - math.exp(-exponential01(src)), 1.0 / a)
    return libm_pow(-math.expm1(-exponential01(src)), 1.0 / a)


def rayleigh_draw(src, scale):
    if src is None:
        return scale * math.sqrt(-2.0 * math.log1p(-uniform01(src)))
    return scale * math.sqrt(2.0 * exponential01(src))


def weibull_draw(src, a):
    if a == 0.0:
        return 0.0
    return libm_pow(exponential01(src), 1.0 / a)


def wald_draw(src, mean, scale):
    y = gaussian(src)
    y = mean * y * y
    if src is None:
        x = mean + mean / (2 * scale) * (y - math.sqrt(4 * scale * y + y * y))
    else:
        x = mean * (1 - 2 / (1 + math.sqrt(1 + 4 * scale / y)))  # NumPy 2's cancellation-free form
    if uniform01(src) <= mean / (mean + x):
        return x
    return mean * mean / x


def triangular_draw(src, left, mode, right):
    base = right - left
    leftbase = mode - left
    ratio = leftbase / base
    leftprod = leftbase * base
    rightprod = (right - mode) * base
    u = uniform01(src)
    if u <= ratio:
        return left + math.sqrt(u * leftprod)
    return right - math.sqrt((1.0 - u) * rightprod)


def vonmises_draw(src, mu, kappa):
    if src is not None and kappa != kappa:
        return math.nan
    if kappa < 1e-8:
        return math.pi * (2 * uniform01(src) - 1)
    if kappa < 1e-5:
        s = 1.0 / kappa + kappa
    elif src is not None and kappa > 1e6:        # the Generator's wrapped normal
        result = mu + math.sqrt(1.0 / kappa) * gaussian(src)
        if result < -math.pi:
            result += 2 * math.pi
        if result > math.pi:
            result -= 2 * math.pi
        return result
    else:
        r = 1 + math.sqrt(1 + 4 * kappa * kappa)
        rho = (r - math.sqrt(2 * r)) / (2 * kappa)
        s = (1 + rho * rho) / (2 * rho)
    while True:
        u = uniform01(src)
        z = math.cos(math.pi * u)
        w = (1 + s * z) / (s + z)
        y = kappa * (s - w)
        v = uniform01(src)
        if y * (2 - y) - v >= 0 or math.log(y / v) + 1 - y >= 0:
            break
    u = uniform01(src)
    result = math.acos(w)
    if u < 0.5:
        result = -result
    result += mu
    neg = result < 0
    mod = math.fmod(abs(result) + math.pi, 2 * math.pi) - math.pi
    return -mod if neg else mod


# -- discrete -------------------------------------------------------------------------------------

def loggam(x):
    """random_loggam: log(gamma(x)) as NumPy's generators compute it."""
    if x == 1.0 or x == 2.0:
        return 0.0
    n = np.int64(7 - x) if x < 7.0 else np.int64(0)
    x0 = x + n
    x2 = (1.0 / x0) * (1.0 / x0)
    gl0 = -1.39243221690590e+00
    for c in (1.796443723688307e-01, -2.955065359477124e-02, 6.410256410256410e-03,
              -1.917526917526918e-03, 8.417508417508418e-04, -5.952380952380952e-04,
              7.936507936507937e-04, -2.777777777777778e-03, 8.333333333333333e-02):
        gl0 *= x2
        gl0 += c
    gl = gl0 / x0 + 0.5 * 1.8378770664093453e+00 + (x0 - 0.5) * math.log(x0) - x0
    if x < 7.0:
        for k in range(n):
            gl -= math.log(x0 - 1.0)
            x0 -= 1.0
    return gl


def poisson_draw(src, lam):
    if lam >= 10:
        slam = math.sqrt(lam)
        loglam = math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = uniform01(src) - 0.5
            v = uniform01(src)
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
        prod *= uniform01(src)
        if prod > enlam:
            x += 1
        else:
            return x


def _binomial_inversion(src, n, p):
    q = 1.0 - p
    qn = math.exp(n * math.log(q))
    np_ = n * p
    bound = np.int64(min(n, np_ + 10.0 * math.sqrt(np_ * q + 1)))
    x = np.int64(0)
    px = qn
    u = uniform01(src)
    while u > px:
        x += 1
        if x > bound:
            x = np.int64(0)
            px = qn
            u = uniform01(src)
        else:
            u -= px
            px = ((n - x + 1) * p * px) / (x * q)
    return x


def _stirling(f1, x):
    x2 = x * x
    return (13680. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / f1 / 166320.


def _binomial_btpe(src, n, p):
    """random_binomial_btpe, its goto steps as a loop (NumPy < 2.5's squeeze terms)."""
    r = min(p, 1.0 - p)
    q = 1.0 - r
    fm = n * r + r
    m = np.int64(math.floor(fm))
    p1 = math.floor(2.195 * math.sqrt(n * r * q) - 4.6 * q) + 0.5
    xm = m + 0.5
    xl = xm - p1
    xr = xm + p1
    c = 0.134 + 20.5 / (15.3 + m)
    a = (fm - xl) / (fm - xl * r)
    laml = a * (1.0 + a / 2.0)
    a = (xr - fm) / (xr * q)
    lamr = a * (1.0 + a / 2.0)
    p2 = p1 * (1.0 + 2.0 * c)
    p3 = p2 + c / laml
    p4 = p3 + c / lamr
    nrq = n * r * q
    while True:
        u = uniform01(src) * p4
        v = uniform01(src)
        if u <= p1:
            return np.int64(math.floor(xm - p1 * v + u))
        if u <= p2:
            x = xl + (u - p1) / c
            v = v * c + 1.0 - abs(m - x + 0.5) / p1
            if v > 1.0:
                continue
            y = np.int64(math.floor(x))
        elif u <= p3:
            y = np.int64(math.floor(xl + math.log(v) / laml))
            if y < 0 or v == 0.0:
                continue
            v = v * (u - p2) * laml
        else:
            y = np.int64(math.floor(xr - math.log(v) / lamr))
            if y > n or v == 0.0:
                continue
            v = v * (u - p3) * lamr
        k = abs(y - m)
        if not (k > 20 and k < nrq / 2.0 - 1):
            s = r / q
            a = s * (n + 1)
            f = 1.0
            if m < y:
                for i in range(m + 1, y + 1):
                    f *= a / i - s
            elif m > y:
                for i in range(y + 1, m + 1):
                    f /= a / i - s
            if v > f:
                continue
            return y
        rho = (k / nrq) * ((k * (k / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5)
        t = -k * k / (2 * nrq)
        big_a = math.log(v)
        if big_a < t - rho:
            return y
        if big_a > t + rho:
            continue
        x1 = y + 1.0
        f1 = m + 1.0
        z = n + 1.0 - m
        w = n - y + 1.0
        if big_a > (xm * math.log(f1 / x1) + (n - m + 0.5) * math.log(z / w)
                    + (y - m) * math.log(w * r / (x1 * q)) + _stirling(f1, f1) + _stirling(z, z)
                    + _stirling(x1, x1) + _stirling(w, w)):
            continue
        return y


def binomial_draw(src, n, p):
    if src is not None and (n == 0 or p == 0.0):   # RandomState draws even then
        return np.int64(0)
    if p <= 0.5:
        if p * n <= 30.0:
            return _binomial_inversion(src, n, p)
        return _binomial_btpe(src, n, p)
    q = 1.0 - p
    if q * n <= 30.0:
        return n - _binomial_inversion(src, n, q)
    return n - _binomial_btpe(src, n, q)


def negative_binomial_draw(src, n, p):
    return poisson_draw(src, ((1 - p) / p) * standard_gamma_draw(src, n))


def geometric_draw(src, p):
    if p >= 0.333333333333333333333333:
        x = np.int64(1)
        total = p
        prod = p
        q = 1.0 - p
        u = uniform01(src)
        while u > total:
            prod *= q
            total += prod
            x += 1
        return x
    if src is None:
        return np.int64(math.ceil(math.log1p(-uniform01(src)) / math.log(1 - p)))
    z = math.ceil(-exponential01(src) / math.log1p(-p))
    if z >= 9.223372036854776e+18:
        return np.int64(INT64_MAX)
    return np.int64(z)


def logseries_draw(src, p):
    r = math.log(1.0 - p) if src is None else math.log1p(-p)
    while True:
        v = uniform01(src)
        if v >= p:
            return np.int64(1)
        u = uniform01(src)
        q = 1.0 - math.exp(r * u) if src is None else -math.expm1(r * u)
        if v <= q * q:
            result = np.int64(math.floor(1 + math.log(v) / math.log(q)))
            if result < 1 or v == 0.0:
                continue
            return result
        if v >= q:
            return np.int64(1)
        return np.int64(2)


def zipf_draw(src, a):
    if src is not None and a >= 1025:
        return np.int64(1)
    am1 = a - 1.0
    b = libm_pow(2.0, am1)
    umin = 0.0 if src is None else libm_pow(float(INT64_MAX), -am1)
    while True:
        u01 = uniform01(src)
        u = 1.0 - u01 if src is None else u01 * umin + (1 - u01)
        v = uniform01(src)
        x = math.floor(libm_pow(u, -1.0 / am1))
        if x > float(INT64_MAX) or x < 1.0:
            continue
        t = libm_pow(1.0 + 1.0 / x, am1)
        if v * x * (t - 1.0) / (b - 1.0) <= t / b:
            return np.int64(x)
