"""np.random's legacy hypergeometric, multinomial and dirichlet, number for number NumPy's
RandomState (legacy-distributions.c and mtrand.pyx transcribed), and np.random.Generator's
multinomial (the same loop over the Generator's binomial).

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
from .numpy_random import fill, is_size, next_double, sampler
from .numpy_random_draws import LEGACY, binomial_draw, loggam, standard_gamma_draw


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


def _hypergeometric(ngood, nbad, nsample):
    if ngood + nbad < nsample:
        raise ValueError("ngood + nbad < nsample")
    if ngood < 0:
        raise ValueError("ngood < 0")
    if nbad < 0:
        raise ValueError("nbad < 0")
    if nsample < 1:
        raise ValueError("nsample < 1")
    if nsample > 10:
        return _hypergeometric_hrua(ngood, nbad, nsample)
    return _hypergeometric_hyp(ngood, nbad, nsample)


def hypergeometric_impl(ngood, nbad, nsample, size=None):
    return _hypergeometric(np.int64(ngood), np.int64(nbad), np.int64(nsample))


def hypergeometric_fill(ngood, nbad, nsample, size=None):
    return fill(size, np.int64, _hypergeometric, np.int64(ngood), np.int64(nbad), np.int64(nsample))


overload(np.random.hypergeometric)(sampler(hypergeometric_impl, hypergeometric_fill))


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


@overload(np.random.dirichlet)
def dirichlet(alpha, size=None):
    a = array_of(alpha)
    if a is None or a.ndim != 1 or not (size is None or is_none(size) or is_size(size)):
        return None
    return dirichlet_impl
