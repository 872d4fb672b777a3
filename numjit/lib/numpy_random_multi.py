"""hypergeometric, multinomial and dirichlet for both of NumPy's streams, number for number:
np.random's legacy functions as RandomState (legacy-distributions.c and mtrand.pyx transcribed)
and np.random.Generator's methods (random_hypergeometric.c, its own hypergeometric algorithms
and checks; dirichlet's stick-breaking with beta draws when every alpha < 0.1; multinomial the
same loop over the Generator's binomial). hypergeometric's parameters are numbers or arrays,
broadcast as NumPy's (numpy_random_methods.sample).

multinomial and dirichlet draw vectors: size=None gives one vector (d,), size=n gives (n, d),
a tuple size gives size + (d,).

    >>> from numjit.types import int64, float64, Tuple
    >>> multinomial(int64, float64[:]).__name__, dirichlet(float64[::1], Tuple((int64, int64))).__name__
    ('multinomial_impl', 'dirichlet_impl')
"""
import math

import numpy as np

from ..intrinsics.shapes import tuple_insert
from ..types import Tuple
from ..types.rng import NumPyRandomGeneratorType
from ..typing.registry import overload
from .guards import array_of, is_int, is_none
from .numpy_generator_dists import interval
from .numpy_random import is_size, next_double
from .numpy_random_draws import LEGACY, beta_draw, binomial_draw, loggam, standard_gamma_draw
from . import numpy_random_draws as d, numpy_random_methods as m


# -- hypergeometric ------------------------------------------------------------------------------------

def _hypergeometric_hyp(good, bad, sample):
    d1 = bad + good - sample
    d2 = float(min(bad, good))
    y = d2
    k = sample
    while y > 0.0:
        u = next_double()
        y -= np.int64(math.floor(u + y / (d1 + k)))
        k -= 1
        if k == 0:
            break
    z = np.int64(d2 - y)
    if good > bad:
        z = sample - z
    return z


D1 = 1.7155277699214135
D2 = 0.8989161620588988


def _hypergeometric_hrua(good, bad, sample):
    mingoodbad = min(good, bad)
    popsize = good + bad
    maxgoodbad = max(good, bad)
    m = min(sample, popsize - sample)
    d4 = float(mingoodbad) / popsize
    d5 = 1.0 - d4
    d6 = m * d4 + 0.5
    d7 = math.sqrt(float(popsize - m) * sample * d4 * d5 / (popsize - 1) + 0.5)
    d8 = D1 * d7 + D2
    d9 = np.int64(math.floor(float(m + 1) * (mingoodbad + 1) / (popsize + 2)))
    d10 = (loggam(d9 + 1.0) + loggam(mingoodbad - d9 + 1.0) + loggam(m - d9 + 1.0)
           + loggam(maxgoodbad - m + d9 + 1.0))
    d11 = min(min(m, mingoodbad) + 1.0, math.floor(d6 + 16 * d7))
    while True:
        x = next_double()
        y = next_double()
        w = d6 + d8 * (y - 0.5) / x
        if w < 0.0 or w >= d11:
            continue
        z = np.int64(math.floor(w))
        t = d10 - (loggam(z + 1.0) + loggam(mingoodbad - z + 1.0) + loggam(m - z + 1.0)
                   + loggam(maxgoodbad - m + z + 1.0))
        if x * (4.0 - x) - 3.0 <= t:
            break
        if x * (x - t) >= 1:
            continue
        if 2.0 * math.log(x) <= t:
            break
    if good > bad:
        z = m - z
    if m < sample:
        z = good - z
    return z


def _logfactorials(count):
    """log(k!) for k < count, correctly rounded: NumPy's table (logfactorial.c)."""
    from decimal import Decimal, localcontext
    with localcontext() as context:
        context.prec = 40
        return np.array([float(Decimal(math.factorial(k)).ln()) for k in range(count)])


LOGFACT = _logfactorials(126)
HALF_LN_2PI = 0.9189385332046728
HYPERGEOM_MAX = 1000000000


def logfactorial(k):
    if k < 126:
        return LOGFACT[k]
    return (k + 0.5) * math.log(k) - k + (HALF_LN_2PI + (1.0 / k) * (1 / 12.0 - 1 / (360.0 * k * k)))


def _hypergeometric_sample(g, good, bad, sample):
    """The Generator's urn simulation (random_interval draws) for small or near-total samples."""
    total = good + bad
    computed = total - sample if sample > total // 2 else sample
    remaining_total = total
    remaining_good = good
    while computed > 0 and remaining_good > 0 and remaining_total > remaining_good:
        remaining_total -= 1
        if interval(g, remaining_total) < remaining_good:
            remaining_good -= 1
        computed -= 1
    if remaining_total == remaining_good:
        remaining_good -= computed
    return remaining_good if sample > total // 2 else good - remaining_good


def _hypergeometric_hrua_generator(g, good, bad, sample):
    """The Generator's ratio of uniforms (Stadlober's HRUA, with logfactorial)."""
    popsize = good + bad
    computed = min(sample, popsize - sample)
    mingoodbad = min(good, bad)
    maxgoodbad = max(good, bad)
    p = float(mingoodbad) / popsize
    q = float(maxgoodbad) / popsize
    a = computed * p + 0.5
    c = math.sqrt(float(popsize - computed) * computed * p * q / (popsize - 1) + 0.5)
    h = D1 * c + D2
    mode = np.int64(math.floor(float(computed + 1) * (mingoodbad + 1) / (popsize + 2)))
    top = (logfactorial(mode) + logfactorial(mingoodbad - mode) + logfactorial(computed - mode)
           + logfactorial(maxgoodbad - computed + mode))
    b = min(min(computed, mingoodbad) + 1.0, math.floor(a + 16 * c))
    while True:
        u = d.uniform01(g)
        v = d.uniform01(g)
        x = a + h * (v - 0.5) / u
        if x < 0.0 or x >= b:
            continue
        k = np.int64(math.floor(x))
        t = top - (logfactorial(k) + logfactorial(mingoodbad - k) + logfactorial(computed - k)
                   + logfactorial(maxgoodbad - computed + k))
        if u * (4.0 - u) - 3.0 <= t:
            break
        if u * (u - t) >= 1:
            continue
        if 2.0 * math.log(u) <= t:
            break
    if good > bad:
        k = computed - k
    if computed < sample:
        k = good - k
    return k


def hypergeometric_draw(src, good, bad, sample):
    if src is None:
        if sample > 10:
            return _hypergeometric_hrua(good, bad, sample)
        return _hypergeometric_hyp(good, bad, sample)
    if sample >= 10 and sample <= good + bad - 10:
        return _hypergeometric_hrua_generator(src, good, bad, sample)
    return _hypergeometric_sample(src, good, bad, sample)


def below_1(v):
    return not v >= 1


def hypergeometric(src, ngood, nbad, nsample, size=None):
    """NumPy's checks in its order (the Generator's bound first; the sum before the signs; the
    legacy nsample >= 1), then the draws."""
    good = m.checked_int(ngood, m.unconstrained, "")
    bad = m.checked_int(nbad, m.unconstrained, "")
    count = m.checked_int(nsample, m.unconstrained, "")
    if src is not None and (np.any(np.asarray(good) >= HYPERGEOM_MAX) or np.any(np.asarray(bad) >= HYPERGEOM_MAX)):
        raise ValueError("both ngood and nbad must be less than 1000000000")
    if np.any(np.asarray(good + bad) < np.asarray(count)):
        raise ValueError("ngood + nbad < nsample")
    m.checked_int(good, m.negative, "ngood < 0")
    m.checked_int(bad, m.negative, "nbad < 0")
    if src is None:
        m.checked_int(count, below_1, "nsample < 1 or nsample is NaN")
    else:
        m.checked_int(count, m.negative, "nsample < 0")
    return m.sample(src, hypergeometric_draw, np.int64, size, good, bad, count)


overload("generator.hypergeometric")(m.method_typer(hypergeometric, with_source=True))


# -- multinomial, dirichlet: one vector per draw -----------------------------------------------------------

def _multinomial_into(out, src, n, p):
    """random_multinomial (legacy_random_multinomial for LEGACY) into the zeroed int64 vector out."""
    d = len(p)
    remaining = 1.0
    dn = n
    for j in range(d - 1):
        out[j] = binomial_draw(src, dn, p[j] / remaining)
        dn -= out[j]
        if dn <= 0:
            break
        remaining -= p[j]
    if dn > 0:
        out[d - 1] = dn


def _check_pvals(n, pvals):
    total = 0.0
    compensation = 0.0
    for j in range(len(pvals)):
        x = pvals[j]
        if not (x >= 0 and x <= 1):
            raise ValueError("pvals < 0, pvals > 1 or pvals contains NaNs")
        if j < len(pvals) - 1:                      # kahan_sum(pvals[:-1])
            y = x - compensation
            t = total + y
            compensation = (t - total) - y
            total = t
    if total > 1.0 + 1e-12:
        raise ValueError("sum(pvals[:-1]) > 1.0")
    if n < 0:
        raise ValueError("n < 0")


def _dirichlet_into(out, src, alpha):
    acc = 0.0
    for j in range(len(alpha)):
        out[j] = standard_gamma_draw(src, alpha[j])
        acc = acc + out[j]
    inv = 1 / acc
    for j in range(len(alpha)):
        out[j] = out[j] * inv


def _sticks_into(out, src, alpha, tails):
    """The Generator's stick-breaking (every alpha < 0.1): tails[j] = sum(alpha[j:])."""
    acc = 1.0
    k = len(alpha)
    for j in range(k - 1):
        v = beta_draw(src, alpha[j], tails[j + 1])
        out[j] = acc * v
        acc *= 1.0 - v
        if tails[j + 1] == 0:
            break
    out[k - 1] = acc


def _check_alpha(alpha):
    for a in alpha:
        if a <= 0:
            raise ValueError("alpha <= 0")


def _vectors(shape, d, cls, into, *params):
    out = np.zeros(shape, cls)
    rows = out.reshape(-1, d) if d > 0 else out.reshape(0, 0)
    for i in range(len(rows)):
        into(rows[i], *params)
    return out


def vector_shape(size, d):
    """size + (d,): the shape of `size` draws of d-vectors."""


@overload(vector_shape)
def _vector_shape(size, d):
    if is_none(size):
        return lambda size, d: (d,)
    if is_int(size):
        return lambda size, d: (size, d)
    if isinstance(size, Tuple) and all(is_int(t) for t in size.items):
        return lambda size, d: tuple_insert(size, len(size), d)
    return None


def multinomial_of(src, n, pvals, size):
    p = pvals.astype(np.float64)
    _check_pvals(n, p)
    return _vectors(vector_shape(size, len(p)), len(p), np.int64, _multinomial_into, src, n, p)


def multinomial_impl(n, pvals, size=None):
    return multinomial_of(LEGACY, n, pvals, size)


def multinomial_generator(g, n, pvals, size=None):
    return multinomial_of(g, n, pvals, size)


def dirichlet_impl(alpha, size=None):
    a = alpha.astype(np.float64)
    _check_alpha(a)
    return _vectors(vector_shape(size, len(a)), len(a), np.float64, _dirichlet_into, LEGACY, a)


def dirichlet_generator(g, alpha, size=None):
    a = alpha.astype(np.float64)
    for v in a:
        if v < 0:
            raise ValueError("alpha < 0")
    shape = vector_shape(size, len(a))
    if len(a) == 0 or not a.max() < 0.1:
        return _vectors(shape, len(a), np.float64, _dirichlet_into, g, a)
    tails = np.empty_like(a)
    total = 0.0
    for j in range(len(a) - 1, -1, -1):
        total += a[j]
        tails[j] = total
    if total > 0:
        return _vectors(shape, len(a), np.float64, _sticks_into, g, a, tails)
    return np.zeros(shape, np.float64)


def _multinomial_args(n, pvals, size):
    p = array_of(pvals)
    return is_int(n) and p is not None and p.ndim == 1 and (size is None or is_none(size) or is_size(size))


@overload(np.random.multinomial)
def multinomial(n, pvals, size=None):
    return multinomial_impl if _multinomial_args(n, pvals, size) else None


@overload("generator.multinomial")
def generator_multinomial(g, n, pvals, size=None):
    ok = isinstance(g, NumPyRandomGeneratorType) and _multinomial_args(n, pvals, size)
    return multinomial_generator if ok else None


def _dirichlet_args(alpha, size):
    a = array_of(alpha)
    return a is not None and a.ndim == 1 and (size is None or is_none(size) or is_size(size))


@overload(np.random.dirichlet)
def dirichlet(alpha, size=None):
    return dirichlet_impl if _dirichlet_args(alpha, size) else None


@overload("generator.dirichlet")
def generator_dirichlet(g, alpha, size=None):
    return dirichlet_generator if isinstance(g, NumPyRandomGeneratorType) and _dirichlet_args(alpha, size) else None
