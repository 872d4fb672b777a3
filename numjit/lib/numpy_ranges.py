"""np.logspace (real or complex start/stop/base; num=, endpoint=, base=) and np.geomspace (real or
complex start/stop; num=, endpoint=), written as plain Python over np.linspace the way NumPy
computes them, so the values are NumPy's.

    >>> from numjit.types import float64, int64
    >>> logspace(float64, int64).__name__, geomspace(int64, float64).__name__
    ('logspace_impl', 'geomspace_impl')
"""
import numpy as np

from ..types import Boolean, Complex
from ..typing.registry import overload
from .guards import is_int, is_none, is_number


def logspace_impl(start, stop, num=50, endpoint=True, base=10.0):
    return np.power(float(base), np.linspace(start, stop, num, endpoint))


def complex_logspace_impl(start, stop, num=50, endpoint=True, base=10.0):
    return np.power(complex(base), np.linspace(complex(start), complex(stop), num, endpoint))


def geomspace_impl(start, stop, num=50, endpoint=True):
    if start == 0 or stop == 0:
        raise ValueError("Geometric sequence cannot include zero")
    sign = np.sign(float(start))
    first = float(start) / sign
    last = float(stop) / sign
    out = np.power(10.0, np.linspace(np.log10(first), np.log10(last), num, endpoint))
    if num > 0:
        out[0] = first
        if num > 1 and endpoint:
            out[num - 1] = last
    return out * sign


def complex_geomspace_impl(start, stop, num=50, endpoint=True):
    if start == 0 or stop == 0:
        raise ValueError("Geometric sequence cannot include zero")
    sign = np.sign(complex(start))                   # rotate start onto the positive reals, as NumPy
    first = complex(start) / sign
    last = complex(stop) / sign
    out = complex_logspace_impl(np.log10(first), np.log10(last), num, endpoint)
    if num > 0:
        out[0] = first
        if num > 1 and endpoint:
            out[num - 1] = last
    return out * sign


def _real(*ts):
    return all(is_number(t) for t in ts)


def _check(start, stop, num, endpoint, base=None):
    return (_real(start, stop) and (is_none(num) or is_int(num))
            and (is_none(endpoint) or isinstance(endpoint, Boolean)) and (is_none(base) or _real(base)))


@overload(np.logspace)
def logspace(start, stop, num=None, endpoint=None, base=None):
    if any(isinstance(t, Complex) for t in (start, stop, base) if t is not None):
        return complex_logspace_impl if _check(start, stop, num, endpoint, base) else None
    return logspace_impl if _check(start, stop, num, endpoint, base) else None


@overload(np.geomspace)
def geomspace(start, stop, num=None, endpoint=None):
    if not _check(start, stop, num, endpoint):
        return None
    return complex_geomspace_impl if isinstance(start, Complex) or isinstance(stop, Complex) else geomspace_impl
