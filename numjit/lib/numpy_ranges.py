"""np.logspace (real or complex start/stop/base) and np.geomspace (real start/stop; num=, endpoint=,
base=), written as plain Python
over np.linspace the way NumPy computes them, so the values are NumPy's.

    >>> from numjit.types import float64, int64
    >>> logspace(float64, int64).__name__, geomspace(int64, float64).__name__
    ('logspace_impl', 'geomspace_impl')
"""
import numpy as np

from ..errors import TypingError
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


def _real(*ts):
    return all(is_number(t) for t in ts)


def _check(name, start, stop, num, endpoint, base=None, complex_ok=False):
    if not (_real(start, stop) and (is_none(num) or is_int(num))
            and (is_none(endpoint) or isinstance(endpoint, Boolean)) and (is_none(base) or _real(base))):
        return False
    if not complex_ok and any(isinstance(t, Complex) for t in (start, stop, base) if not is_none(t)):
        raise TypingError(f"np.{name}() of complex numbers is not supported in compiled code")
    return True


@overload(np.logspace)
def logspace(start, stop, num=None, endpoint=None, base=None):
    if any(isinstance(t, Complex) for t in (start, stop, base) if t is not None):
        return complex_logspace_impl if _check("logspace", start, stop, num, endpoint, base, True) else None
    return logspace_impl if _check("logspace", start, stop, num, endpoint, base) else None


@overload(np.geomspace)
def geomspace(start, stop, num=None, endpoint=None):
    return geomspace_impl if _check("geomspace", start, stop, num, endpoint) else None
