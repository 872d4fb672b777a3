"""np.random's legacy distributions beyond the uniform and the normal, number for number NumPy's
RandomState: exponential, standard_exponential, gamma, standard_gamma, beta, chisquare,
noncentral_chisquare, f, standard_t, standard_cauchy, pareto, weibull, power, rayleigh, wald, lognormal, laplace,
logistic, gumbel, triangular, vonmises, binomial, negative_binomial, poisson, geometric,
logseries, zipf.

Each is a one-value draw (NumPy's C function, legacy-distributions.c or distributions.c,
transcribed) and two implementations with NumPy's parameter names: one value for size=None, an
array otherwise. Parameters are numbers (NumPy's array parameters are not supported).

    >>> from numjit.types import float64, int64
    >>> gamma(float64).__name__, binomial(int64, float64, int64).__name__
    ('gamma_impl', 'binomial_fill')
"""
import math

import numpy as np

from ..intrinsics.randomstate import libm_pow
from ..typing.registry import overload
from .numpy_random import fill, gauss, next_double, sampler


def _positive(x, message):
    if not x > 0:
        raise ValueError(message)


def _non_negative(x, message):
    if not x >= 0:
        raise ValueError(message)


def _probability(p):
    if not (p >= 0 and p <= 1):
        raise ValueError("p < 0, p > 1 or p is NaN")


# -- continuous -----------------------------------------------------------------------------------

def standard_exponential_draw():
    return -math.log(1.0 - next_double())


def standard_gamma_draw(shape):
    if shape == 1.0:
        return standard_exponential_draw()
    if shape == 0.0:
        return 0.0
    if shape < 1.0:
        while True:
            u = next_double()
            v = standard_exponential_draw()
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
            x = gauss()
            v = 1.0 + c * x
            if v > 0.0:
                break
        v = v * v * v
        u = next_double()
        if u < 1.0 - 0.0331 * (x * x) * (x * x):
            return b * v
        if math.log(u) < 0.5 * x * x + b * (1.0 - v + math.log(v)):
            return b * v


def _exponential(scale):
    _non_negative(scale, "scale < 0")
    return scale * standard_exponential_draw()


def _standard_gamma(shape):
    _non_negative(shape, "shape < 0")
    return standard_gamma_draw(shape)


def _gamma(shape, scale):
    _non_negative(shape, "shape < 0")
    _non_negative(scale, "scale < 0")
    return scale * standard_gamma_draw(shape)


def _beta(a, b):
    _positive(a, "a <= 0")
    _positive(b, "b <= 0")
    if a <= 1.0 and b <= 1.0:
        while True:
            u = next_double()
            v = next_double()
            x = libm_pow(u, 1.0 / a)
            y = libm_pow(v, 1.0 / b)
            if x + y <= 1.0:
                if x + y > 0:
                    return x / (x + y)
                log_x = math.log(u) / a
                log_y = math.log(v) / b
                log_m = log_x if log_x > log_y else log_y
                log_x -= log_m
                log_y -= log_m
                return math.exp(log_x - math.log(math.exp(log_x) + math.exp(log_y)))
    ga = standard_gamma_draw(a)
    gb = standard_gamma_draw(b)
    return ga / (ga + gb)


def _chisquare(df):
    _positive(df, "df <= 0")
    return 2.0 * standard_gamma_draw(df / 2.0)


def _noncentral_chisquare(df, nonc):
    if df <= 0:                                   # NaN passes, as in NumPy
        raise ValueError("df <= 0")
    if nonc < 0:
        raise ValueError("nonc < 0")
    if nonc == 0:
        return 2.0 * standard_gamma_draw(df / 2.0)
    if 1 < df:
        chi2 = 2.0 * standard_gamma_draw((df - 1) / 2.0)
        n = gauss() + math.sqrt(nonc)
        return chi2 + n * n
    i = poisson_draw(nonc / 2.0)
    out = 2.0 * standard_gamma_draw((df + 2 * i) / 2.0)
    return math.nan if math.isnan(nonc) else out  # after the draw: the stream as NumPy's


def _f(dfnum, dfden):
    _positive(dfnum, "dfnum <= 0")
    _positive(dfden, "dfden <= 0")
    return (2.0 * standard_gamma_draw(dfnum / 2.0) * dfden) / (2.0 * standard_gamma_draw(dfden / 2.0) * dfnum)


def _standard_t(df):
    _positive(df, "df <= 0")
    num = gauss()
    denom = standard_gamma_draw(df / 2)
    return math.sqrt(df / 2) * num / math.sqrt(denom)


def _standard_cauchy():
    return gauss() / gauss()


def _pareto(a):
    _positive(a, "a <= 0")
    return math.exp(standard_exponential_draw() / a) - 1


def _weibull(a):
    _non_negative(a, "a < 0")
    if a == 0.0:
        return 0.0
    return libm_pow(standard_exponential_draw(), 1.0 / a)


def _power(a):
    _positive(a, "a <= 0")
    return libm_pow(1 - math.exp(-standard_exponential_draw()), 1.0 / a)


def _rayleigh(scale):
    _non_negative(scale, "scale < 0")
    return scale * math.sqrt(-2.0 * math.log1p(-next_double()))


def _wald(mean, scale):
    _positive(mean, "mean <= 0")
    _positive(scale, "scale <= 0")
    mu_2l = mean / (2 * scale)
    y = gauss()
    y = mean * y * y
    x = mean + mu_2l * (y - math.sqrt(4 * scale * y + y * y))
    if next_double() <= mean / (mean + x):
        return x
    return mean * mean / x


def _lognormal(mean, sigma):
    _non_negative(sigma, "sigma < 0")
    return math.exp(mean + sigma * gauss())


def _laplace(loc, scale):
    _non_negative(scale, "scale < 0")
    while True:
        u = next_double()
        if u >= 0.5:
            return loc - scale * math.log(2.0 - u - u)
        if u > 0.0:
            return loc + scale * math.log(u + u)


def _logistic(loc, scale):
    _non_negative(scale, "scale < 0")
    while True:
        u = next_double()
        if u > 0.0:
            return loc + scale * math.log(u / (1.0 - u))


def _gumbel(loc, scale):
    _non_negative(scale, "scale < 0")
    while True:
        u = 1.0 - next_double()
        if u < 1.0:
            return loc - scale * math.log(-math.log(u))


def _triangular(left, mode, right):
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
    u = next_double()
    if u <= ratio:
        return left + math.sqrt(u * leftprod)
    return right - math.sqrt((1.0 - u) * rightprod)


def _vonmises(mu, kappa):
    _non_negative(kappa, "kappa < 0")
    if kappa < 1e-8:
        return math.pi * (2 * next_double() - 1)
    if kappa < 1e-5:
        s = 1.0 / kappa + kappa
    else:
        r = 1 + math.sqrt(1 + 4 * kappa * kappa)
        rho = (r - math.sqrt(2 * r)) / (2 * kappa)
        s = (1 + rho * rho) / (2 * rho)
    while True:
        u = next_double()
        z = math.cos(math.pi * u)
        w = (1 + s * z) / (s + z)
        y = kappa * (s - w)
        v = next_double()
        if y * (2 - y) - v >= 0 or math.log(y / v) + 1 - y >= 0:
            break
    u = next_double()
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


def poisson_draw(lam):
    if lam >= 10:
        slam = math.sqrt(lam)
        loglam = math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = next_double() - 0.5
            v = next_double()
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
        prod *= next_double()
        if prod > enlam:
            x += 1
        else:
            return x


def _poisson(lam):
    if not lam >= 0:
        raise ValueError("lam < 0 or lam is NaN")
    if lam > 9.223372006484771e+18:
        raise ValueError("lam value too large")
    return poisson_draw(lam)


def _binomial_inversion(n, p):
    q = 1.0 - p
    qn = math.exp(n * math.log(q))
    np_ = n * p
    bound = np.int64(min(n, np_ + 10.0 * math.sqrt(np_ * q + 1)))
    x = np.int64(0)
    px = qn
    u = next_double()
    while u > px:
        x += 1
        if x > bound:
            x = np.int64(0)
            px = qn
            u = next_double()
        else:
            u -= px
            px = ((n - x + 1) * p * px) / (x * q)
    return x


def _stirling(f1, x):
    x2 = x * x
    return (13680. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / f1 / 166320.


def _binomial_btpe(n, p):
    """legacy_random_binomial_btpe, its goto steps as a loop (the legacy error terms kept)."""
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
        u = next_double() * p4
        v = next_double()
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


def binomial_draw(n, p):
    if p <= 0.5:                           # the legacy code draws even for n == 0 or p == 0
        if p * n <= 30.0:
            return _binomial_inversion(n, p)
        return _binomial_btpe(n, p)
    q = 1.0 - p
    if q * n <= 30.0:
        return n - _binomial_inversion(n, q)
    return n - _binomial_btpe(n, q)


def _binomial(n, p):
    _probability(p)
    _non_negative(n, "n < 0")
    return binomial_draw(n, p)


def _negative_binomial(n, p):
    _positive(n, "n <= 0")
    if not (p > 0 and p <= 1):
        raise ValueError("p <= 0, p > 1 or p contains NaNs")
    return poisson_draw(scale_gamma(n, (1 - p) / p))


def scale_gamma(shape, scale):
    return scale * standard_gamma_draw(shape)


def _geometric(p):
    if not (p > 0 and p <= 1):
        raise ValueError("p <= 0, p > 1 or p contains NaNs")
    if p >= 0.333333333333333333333333:
        x = np.int64(1)
        total = p
        prod = p
        q = 1.0 - p
        u = next_double()
        while u > total:
            prod *= q
            total += prod
            x += 1
        return x
    return np.int64(math.ceil(math.log1p(-next_double()) / math.log(1 - p)))


def _logseries(p):
    if not (p >= 0 and p < 1):
        raise ValueError("p < 0, p >= 1 or p is NaN")
    r = math.log(1.0 - p)
    while True:
        v = next_double()
        if v >= p:
            return np.int64(1)
        u = next_double()
        q = 1.0 - math.exp(r * u)
        if v <= q * q:
            result = np.int64(math.floor(1 + math.log(v) / math.log(q)))
            if result < 1 or v == 0.0:
                continue
            return result
        if v >= q:
            return np.int64(1)
        return np.int64(2)


def _zipf(a):
    if not a > 1:
        raise ValueError("a <= 1 or a is NaN")
    am1 = a - 1.0
    b = libm_pow(2.0, am1)
    while True:
        u = 1.0 - next_double()
        v = next_double()
        x = math.floor(libm_pow(u, -1.0 / am1))
        if x > 9.223372036854775807e18 or x < 1.0:
            continue
        t = libm_pow(1.0 + 1.0 / x, am1)
        if v * x * (t - 1.0) / (b - 1.0) <= t / b:
            return np.int64(x)


# -- the implementations: NumPy's parameter names, one value or an array ----------------------------

def standard_exponential_impl(size=None):
    return standard_exponential_draw()


def standard_exponential_fill(size=None):
    return fill(size, np.float64, standard_exponential_draw)


def exponential_impl(scale=1.0, size=None):
    return _exponential(float(scale))


def exponential_fill(scale=1.0, size=None):
    return fill(size, np.float64, _exponential, float(scale))


def standard_gamma_impl(shape, size=None):
    return _standard_gamma(float(shape))


def standard_gamma_fill(shape, size=None):
    return fill(size, np.float64, _standard_gamma, float(shape))


def gamma_impl(shape, scale=1.0, size=None):
    return _gamma(float(shape), float(scale))


def gamma_fill(shape, scale=1.0, size=None):
    return fill(size, np.float64, _gamma, float(shape), float(scale))


def beta_impl(a, b, size=None):
    return _beta(float(a), float(b))


def beta_fill(a, b, size=None):
    return fill(size, np.float64, _beta, float(a), float(b))


def chisquare_impl(df, size=None):
    return _chisquare(float(df))


def chisquare_fill(df, size=None):
    return fill(size, np.float64, _chisquare, float(df))


def noncentral_chisquare_impl(df, nonc, size=None):
    return _noncentral_chisquare(float(df), float(nonc))


def noncentral_chisquare_fill(df, nonc, size=None):
    return fill(size, np.float64, _noncentral_chisquare, float(df), float(nonc))


def f_impl(dfnum, dfden, size=None):
    return _f(float(dfnum), float(dfden))


def f_fill(dfnum, dfden, size=None):
    return fill(size, np.float64, _f, float(dfnum), float(dfden))


def standard_t_impl(df, size=None):
    return _standard_t(float(df))


def standard_t_fill(df, size=None):
    return fill(size, np.float64, _standard_t, float(df))


def standard_cauchy_impl(size=None):
    return _standard_cauchy()


def standard_cauchy_fill(size=None):
    return fill(size, np.float64, _standard_cauchy)


def pareto_impl(a, size=None):
    return _pareto(float(a))


def pareto_fill(a, size=None):
    return fill(size, np.float64, _pareto, float(a))


def weibull_impl(a, size=None):
    return _weibull(float(a))


def weibull_fill(a, size=None):
    return fill(size, np.float64, _weibull, float(a))


def power_impl(a, size=None):
    return _power(float(a))


def power_fill(a, size=None):
    return fill(size, np.float64, _power, float(a))


def rayleigh_impl(scale=1.0, size=None):
    return _rayleigh(float(scale))


def rayleigh_fill(scale=1.0, size=None):
    return fill(size, np.float64, _rayleigh, float(scale))


def wald_impl(mean, scale, size=None):
    return _wald(float(mean), float(scale))


def wald_fill(mean, scale, size=None):
    return fill(size, np.float64, _wald, float(mean), float(scale))


def lognormal_impl(mean=0.0, sigma=1.0, size=None):
    return _lognormal(float(mean), float(sigma))


def lognormal_fill(mean=0.0, sigma=1.0, size=None):
    return fill(size, np.float64, _lognormal, float(mean), float(sigma))


def laplace_impl(loc=0.0, scale=1.0, size=None):
    return _laplace(float(loc), float(scale))


def laplace_fill(loc=0.0, scale=1.0, size=None):
    return fill(size, np.float64, _laplace, float(loc), float(scale))


def logistic_impl(loc=0.0, scale=1.0, size=None):
    return _logistic(float(loc), float(scale))


def logistic_fill(loc=0.0, scale=1.0, size=None):
    return fill(size, np.float64, _logistic, float(loc), float(scale))


def gumbel_impl(loc=0.0, scale=1.0, size=None):
    return _gumbel(float(loc), float(scale))


def gumbel_fill(loc=0.0, scale=1.0, size=None):
    return fill(size, np.float64, _gumbel, float(loc), float(scale))


def triangular_impl(left, mode, right, size=None):
    return _triangular(float(left), float(mode), float(right))


def triangular_fill(left, mode, right, size=None):
    return fill(size, np.float64, _triangular, float(left), float(mode), float(right))


def vonmises_impl(mu, kappa, size=None):
    return _vonmises(float(mu), float(kappa))


def vonmises_fill(mu, kappa, size=None):
    return fill(size, np.float64, _vonmises, float(mu), float(kappa))


def binomial_impl(n, p, size=None):
    return _binomial(np.int64(n), float(p))


def binomial_fill(n, p, size=None):
    return fill(size, np.int64, _binomial, np.int64(n), float(p))


def negative_binomial_impl(n, p, size=None):
    return _negative_binomial(float(n), float(p))


def negative_binomial_fill(n, p, size=None):
    return fill(size, np.int64, _negative_binomial, float(n), float(p))


def poisson_impl(lam=1.0, size=None):
    return _poisson(float(lam))


def poisson_fill(lam=1.0, size=None):
    return fill(size, np.int64, _poisson, float(lam))


def geometric_impl(p, size=None):
    return _geometric(float(p))


def geometric_fill(p, size=None):
    return fill(size, np.int64, _geometric, float(p))


def logseries_impl(p, size=None):
    return _logseries(float(p))


def logseries_fill(p, size=None):
    return fill(size, np.int64, _logseries, float(p))


def zipf_impl(a, size=None):
    return _zipf(float(a))


def zipf_fill(a, size=None):
    return fill(size, np.int64, _zipf, float(a))


standard_exponential = sampler(standard_exponential_impl, standard_exponential_fill)
exponential = sampler(exponential_impl, exponential_fill)
standard_gamma = sampler(standard_gamma_impl, standard_gamma_fill)
gamma = sampler(gamma_impl, gamma_fill)
binomial = sampler(binomial_impl, binomial_fill)

TABLE = {
    np.random.standard_exponential: standard_exponential,
    np.random.exponential: exponential,
    np.random.standard_gamma: standard_gamma,
    np.random.gamma: gamma,
    np.random.binomial: binomial,
    np.random.beta: sampler(beta_impl, beta_fill),
    np.random.chisquare: sampler(chisquare_impl, chisquare_fill),
    np.random.noncentral_chisquare: sampler(noncentral_chisquare_impl, noncentral_chisquare_fill),
    np.random.f: sampler(f_impl, f_fill),
    np.random.standard_t: sampler(standard_t_impl, standard_t_fill),
    np.random.standard_cauchy: sampler(standard_cauchy_impl, standard_cauchy_fill),
    np.random.pareto: sampler(pareto_impl, pareto_fill),
    np.random.weibull: sampler(weibull_impl, weibull_fill),
    np.random.power: sampler(power_impl, power_fill),
    np.random.rayleigh: sampler(rayleigh_impl, rayleigh_fill),
    np.random.wald: sampler(wald_impl, wald_fill),
    np.random.lognormal: sampler(lognormal_impl, lognormal_fill),
    np.random.laplace: sampler(laplace_impl, laplace_fill),
    np.random.logistic: sampler(logistic_impl, logistic_fill),
    np.random.gumbel: sampler(gumbel_impl, gumbel_fill),
    np.random.triangular: sampler(triangular_impl, triangular_fill),
    np.random.vonmises: sampler(vonmises_impl, vonmises_fill),
    np.random.negative_binomial: sampler(negative_binomial_impl, negative_binomial_fill),
    np.random.poisson: sampler(poisson_impl, poisson_fill),
    np.random.geometric: sampler(geometric_impl, geometric_fill),
    np.random.logseries: sampler(logseries_impl, logseries_fill),
    np.random.zipf: sampler(zipf_impl, zipf_fill),
}
for _key, _typer in TABLE.items():
    overload(_key)(_typer)
