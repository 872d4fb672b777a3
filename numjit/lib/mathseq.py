"""`math` functions of several numbers or of a sequence, as plain Python compiled by numjit:
hypot/gcd/lcm of any number of arguments, perm(n), ulp, dist, fsum (exact, CPython's
algorithm), prod. Sequences are lists, 1-d arrays or tuples of one item type.

    >>> from numjit.types import float64, int64, List
    >>> fsum(List(float64)).__name__, hypot(float64, float64, float64).__name__
    ('fsum_impl', 'hypot_impl')
"""
import math

from ..types import Array, Tuple
from ..types.lists import List
from ..typing.registry import overload
from .mathlib import _ints as _int, _reals as _real


def _sequence(t):
    """A list, 1-d array or uniform tuple of numbers."""
    if isinstance(t, List):
        return _real(t.dtype)
    if isinstance(t, Array):
        return t.ndim == 1 and _real(t.dtype)
    return isinstance(t, Tuple) and all(_real(item) for item in t.items)


def _constant(value):
    def no_arguments():
        return value
    return no_arguments


def _scaled_norm(xs):
    """sqrt(sum x*x) without overflow or underflow, inf before nan (CPython's vector_norm)."""
    largest = 0.0
    found_nan = False
    for v in xs:
        a = abs(float(v))
        if a != a:
            found_nan = True
        elif a > largest:
            largest = a
    if largest == math.inf:
        return math.inf
    if found_nan:
        return math.nan
    if largest == 0.0:
        return 0.0
    total = 0.0
    for v in xs:
        r = float(v) / largest
        total += r * r
    return largest * math.sqrt(total)


@overload(math.hypot)
def hypot(*args):
    if len(args) == 2 or not all(_real(t) for t in args):
        return None                        # two floats: libm's hypot (intrinsics/mathfuncs.py)
    if not args:
        return _constant(0.0)

    def hypot_impl(*xs):
        return _scaled_norm(xs)
    return hypot_impl


@overload(math.dist)
def dist(p, q):
    if not (_sequence(p) and _sequence(q)):
        return None

    def dist_impl(p, q):
        if len(p) != len(q):
            raise ValueError("both points must have the same number of dimensions")
        return _scaled_norm([float(p[i]) - float(q[i]) for i in range(len(p))])
    return dist_impl


def _fold_ints(func, empty):
    """func(a, b, c, ...) as func(func(func(empty, a), b), c)...: math.gcd, math.lcm."""
    def typer(*args):
        if len(args) == 2 or not all(_int(t) for t in args):
            return None                    # two ints: the two-argument version in mathlib.py
        if not args:
            return _constant(empty)

        def fold_impl(*xs):
            acc = empty
            for x in xs:
                acc = func(acc, x)
            return acc
        return fold_impl
    overload(func)(typer)
    return typer


gcd = _fold_ints(math.gcd, 0)
lcm = _fold_ints(math.lcm, 1)


@overload(math.perm)
def perm(n, k=None):
    if not (_int(n) and k is None):
        return None

    def perm_impl(n):
        return math.factorial(n)
    return perm_impl


@overload(math.ulp)
def ulp(x):
    if not _real(x):
        return None

    def ulp_impl(x):
        x = abs(float(x))
        if x != x or x == math.inf:
            return x
        up = math.nextafter(x, math.inf)
        if up == math.inf:
            return x - math.nextafter(x, -math.inf)
        return up - x
    return ulp_impl


@overload(math.prod)
def prod(xs, start=None):
    if not _sequence(xs) or not (start is None or _real(start)):
        return None

    def prod_impl(xs, start=1):
        result = start
        for v in xs:
            result = result * v
        return result
    return prod_impl


@overload(math.fsum)
def fsum(xs):
    if not _sequence(xs):
        return None

    def fsum_impl(xs):
        partials = [0.0]                   # exact partial sums, non-overlapping, increasing
        del partials[0]
        special = 0.0
        infinities = 0.0
        for v in xs:
            x = float(v)
            original = x
            i = 0
            for j in range(len(partials)):
                y = partials[j]
                if abs(x) < abs(y):
                    x, y = y, x
                hi = x + y
                lo = y - (hi - x)
                if lo != 0.0:
                    partials[i] = lo
                    i += 1
                x = hi
            del partials[i:]
            if not math.isfinite(x):
                if math.isfinite(original):
                    raise OverflowError("intermediate overflow in fsum")
                if math.isinf(original):
                    infinities += original
                special += original
                del partials[:]
            else:
                partials.append(x)
        if special != 0.0:
            if infinities != infinities:
                raise ValueError("-inf + inf in fsum")
            return special
        n = len(partials)
        hi = 0.0
        if n > 0:
            n -= 1
            hi = partials[n]
            lo = 0.0
            while n > 0:
                x = hi
                n -= 1
                y = partials[n]
                hi = x + y
                lo = y - (hi - x)
                if lo != 0.0:
                    break
            if n > 0 and ((lo < 0.0 and partials[n - 1] < 0.0) or (lo > 0.0 and partials[n - 1] > 0.0)):
                y = lo * 2.0                # round half to even, as CPython's fsum
                x = hi + y
                if y == x - hi:
                    hi = x
        return hi
    return fsum_impl
