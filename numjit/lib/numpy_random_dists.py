"""np.random's legacy distributions, number for number NumPy's RandomState: standard_normal,
normal, uniform, standard_exponential, exponential, standard_gamma, gamma, beta, chisquare,
noncentral_chisquare, f, noncentral_f, standard_t, standard_cauchy, lognormal, laplace, logistic,
gumbel, pareto, power, rayleigh, weibull, wald, triangular, vonmises, binomial,
negative_binomial, poisson, geometric, logseries, zipf, hypergeometric. Each is the shared method of
numpy_random_methods.py (NumPy's checks; number or array parameters, broadcast; `size=`) drawing
from LEGACY, the calling thread's MT19937 (numpy_random.py).

    >>> from numjit.types import float64, int64
    >>> from numjit.typing.registry import resolve
    >>> resolve(np.random.gamma, (float64,)).pyfunc.__name__, resolve(np.random.binomial, (int64, float64, int64)).pyfunc.__name__
    ('gamma', 'binomial')
"""
import numpy as np

from ..typing.registry import overload
from . import numpy_random_methods as m, numpy_random_multi
from .numpy_random_draws import LEGACY


def standard_normal(size=None):
    return m.standard_normal(LEGACY, size)


def standard_exponential(size=None):
    return m.standard_exponential(LEGACY, size)


def exponential(scale=1.0, size=None):
    return m.exponential(LEGACY, scale, size)


def normal(loc=0.0, scale=1.0, size=None):
    return m.normal(LEGACY, loc, scale, size)


def uniform(low=0.0, high=1.0, size=None):
    return m.uniform(LEGACY, low, high, size)


def standard_gamma(shape, size=None):
    return m.standard_gamma(LEGACY, shape, size)


def gamma(shape, scale=1.0, size=None):
    return m.gamma(LEGACY, shape, scale, size)


def beta(a, b, size=None):
    return m.beta(LEGACY, a, b, size)


def chisquare(df, size=None):
    return m.chisquare(LEGACY, df, size)


def noncentral_chisquare(df, nonc, size=None):
    return m.noncentral_chisquare(LEGACY, df, nonc, size)


def f(dfnum, dfden, size=None):
    return m.f(LEGACY, dfnum, dfden, size)


def noncentral_f(dfnum, dfden, nonc, size=None):
    return m.noncentral_f(LEGACY, dfnum, dfden, nonc, size)


def standard_t(df, size=None):
    return m.standard_t(LEGACY, df, size)


def standard_cauchy(size=None):
    return m.standard_cauchy(LEGACY, size)


def lognormal(mean=0.0, sigma=1.0, size=None):
    return m.lognormal(LEGACY, mean, sigma, size)


def laplace(loc=0.0, scale=1.0, size=None):
    return m.laplace(LEGACY, loc, scale, size)


def logistic(loc=0.0, scale=1.0, size=None):
    return m.logistic(LEGACY, loc, scale, size)


def gumbel(loc=0.0, scale=1.0, size=None):
    return m.gumbel(LEGACY, loc, scale, size)


def pareto(a, size=None):
    return m.pareto(LEGACY, a, size)


def power(a, size=None):
    return m.power(LEGACY, a, size)


def rayleigh(scale=1.0, size=None):
    return m.rayleigh(LEGACY, scale, size)


def weibull(a, size=None):
    return m.weibull(LEGACY, a, size)


def wald(mean, scale, size=None):
    return m.wald(LEGACY, mean, scale, size)


def triangular(left, mode, right, size=None):
    return m.triangular(LEGACY, left, mode, right, size)


def vonmises(mu, kappa, size=None):
    return m.vonmises(LEGACY, mu, kappa, size)


def binomial(n, p, size=None):
    return m.binomial(LEGACY, n, p, size)


def negative_binomial(n, p, size=None):
    return m.negative_binomial(LEGACY, n, p, size)


def poisson(lam=1.0, size=None):
    return m.poisson(LEGACY, lam, size)


def geometric(p, size=None):
    return m.geometric(LEGACY, p, size)


def logseries(p, size=None):
    return m.logseries(LEGACY, p, size)


def zipf(a, size=None):
    return m.zipf(LEGACY, a, size)


def hypergeometric(ngood, nbad, nsample, size=None):
    return numpy_random_multi.hypergeometric(LEGACY, ngood, nbad, nsample, size)


for _impl in (standard_normal, standard_exponential, exponential, normal, uniform, standard_gamma, gamma, beta,
              chisquare, noncentral_chisquare, f, noncentral_f, standard_t, standard_cauchy, lognormal, laplace,
              logistic, gumbel, pareto, power, rayleigh, weibull, wald, triangular, vonmises, binomial,
              negative_binomial, poisson, geometric, logseries, zipf, hypergeometric):
    overload(getattr(np.random, _impl.__name__))(m.method_typer(_impl, with_source=False))
