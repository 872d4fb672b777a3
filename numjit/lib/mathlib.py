"""`math` functions written as plain Python, compiled by numjit like user code.

    >>> from numjit.types import int64
    >>> gcd(int64, int64).__name__
    'gcd_impl'
"""
import math

from ..types import Integer, Boolean, Float, Number
from ..typing.registry import overload


def _ints(*ts):
    return all(isinstance(t, (Integer, Boolean)) for t in ts)


def _reals(*ts):
    return all(isinstance(t, (Integer, Boolean, Float)) for t in ts)


@overload(math.gcd)
def gcd(a, b):
    if not _ints(a, b):
        return None

    def gcd_impl(a, b):
        a, b = abs(a), abs(b)
        while b:
            a, b = b, a % b
        return a
    return gcd_impl


@overload(math.degrees)
def degrees(x):
    if not _reals(x):
        return None

    def degrees_impl(x):
        return x * (180.0 / math.pi)
    return degrees_impl


@overload(math.radians)
def radians(x):
    if not _reals(x):
        return None

    def radians_impl(x):
        return x * (math.pi / 180.0)
    return radians_impl


@overload(math.isclose)
def isclose(a, b, rel_tol=None, abs_tol=None):
    if not _reals(a, b):
        return None

    def isclose_impl(a, b, rel_tol=1e-09, abs_tol=0.0):
        if a == b:
            return True
        if math.isinf(a) or math.isinf(b):
            return False
        diff = abs(b - a)
        return diff <= abs(rel_tol * b) or diff <= abs(rel_tol * a) or diff <= abs_tol
    return isclose_impl


@overload(math.factorial)
def factorial(n):
    if not _ints(n):
        return None

    def factorial_impl(n):
        if n < 0:
            raise ValueError("factorial() not defined for negative values")
        result = 1
        for i in range(2, n + 1):
            result *= i
        return result
    return factorial_impl
