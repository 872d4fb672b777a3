"""`math` functions written as plain Python, compiled by numjit like user code.

Integer results that Python would give as big ints (factorial(21), comb(100, 50)) raise
OverflowError when they do not fit int64, never a wrapped value.

    >>> from numjit.types import int64
    >>> gcd(int64, int64).__name__
    'gcd_impl'
"""
import math

from ..types import Integer, Boolean, Float
from ..typing.registry import overload

INT64_MAX = 2**63 - 1


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
        if n > 20:
            raise OverflowError("factorial() result too large for int64")
        result = 1
        for i in range(2, n + 1):
            result *= i
        return result
    return factorial_impl


@overload(math.comb)
def comb(n, k):
    if not _ints(n, k):
        return None

    def comb_impl(n, k):
        if n < 0 or k < 0:
            raise ValueError("n and k must be non-negative integers")
        if k > n:
            return 0
        k = min(k, n - k)
        result = 1
        for i in range(1, k + 1):      # result = comb(n - k + i, i), growing: exact while it fits
            g = math.gcd(result, i)    # result * (n - k + i) // i without the wider product
            factor = (n - k + i) // (i // g)
            result = result // g
            if result > INT64_MAX // factor:
                raise OverflowError("comb() result too large for int64")
            result = result * factor
        return result
    return comb_impl


@overload(math.perm)
def perm(n, k):
    if not _ints(n, k):
        return None

    def perm_impl(n, k):
        if n < 0 or k < 0:
            raise ValueError("n and k must be non-negative integers")
        if k > n:
            return 0
        result = 1
        for i in range(n - k + 1, n + 1):
            if result > INT64_MAX // i:
                raise OverflowError("perm() result too large for int64")
            result *= i
        return result
    return perm_impl


@overload(math.isqrt)
def isqrt(n):
    if not _ints(n):
        return None

    def isqrt_impl(n):
        if n < 0:
            raise ValueError("isqrt() argument must be nonnegative")
        x = int(math.sqrt(n))
        while x * x > n:
            x -= 1
        while (x + 1) * (x + 1) <= n:
            x += 1
        return x
    return isqrt_impl


@overload(math.lcm)
def lcm(a, b):
    if not _ints(a, b):
        return None

    def lcm_impl(a, b):
        if a == 0 or b == 0:
            return 0
        return abs(a // math.gcd(a, b) * b)
    return lcm_impl


@overload(round)
def round_int_ndigits(x, ndigits):
    if not _ints(x, ndigits):
        return None

    def round_int_impl(x, ndigits):
        if ndigits >= 0:
            return x
        scale = 10 ** (-ndigits)
        q, r = divmod(x, scale)
        twice = 2 * r
        if twice > scale or (twice == scale and q % 2 == 1):
            q += 1
        return q * scale
    return round_int_impl
