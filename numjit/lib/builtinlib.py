"""Python builtins written as plain Python, compiled by numjit like user code.

any()/all() of a list, a 1-d array, a tuple (its items may differ in type), a set or a str stop
at the first true (false) item, as Python's (generators: numjit/intrinsics/generators.py).

pow(base, exp, mod) on integers follows Python exactly: the result has the sign of `mod`, a
negative exponent takes the modular inverse (ValueError where there is none), mod == 0 is a
ValueError. Products are reduced without overflowing int64, so any int64 modulus works.

    >>> from numjit.types import int64, float64, List, Array
    >>> pow_(int64, int64, int64).__name__, pow_(float64, int64, int64)
    ('pow_mod_impl', None)
    >>> any_(List(int64)).__name__, all_(Array(float64, 2, "C"))
    ('any_impl', None)
"""
from ..misc.special import literal_unroll
from ..types import Integer, Boolean, Array, List, Tuple, UnicodeType
from ..typing.registry import overload

SQRT_INT64_MAX = 3037000499          # a, b below it: a * b fits in int64


def _mulmod(a, b, m):
    """a * b % m for 0 <= a, b < m, without overflow (doubling when the product is too big)."""
    if a < SQRT_INT64_MAX and b < SQRT_INT64_MAX:
        return a * b % m
    result = 0
    while b > 0:
        if b & 1:
            result = result - (m - a) if result >= m - a else result + a
        a = a - (m - a) if a >= m - a else a + a
        b >>= 1
    return result


def _inverse(a, m):
    """x with a * x % m == 1, for 0 <= a < m (extended Euclid)."""
    t, new_t, r, new_r = 0, 1, m, a
    while new_r != 0:
        q = r // new_r
        t, new_t = new_t, t - q * new_t
        r, new_r = new_r, r - q * new_r
    if r != 1:
        raise ValueError("base is not invertible for the given modulus")
    return t + m if t < 0 else t


def pow_mod_impl(base, exp, mod):
    if mod == 0:
        raise ValueError("pow() 3rd argument cannot be 0")
    m = -mod if mod < 0 else mod
    if m < 0:                                  # -(-2**63) wraps
        raise OverflowError("pow() modulus -2**63 does not fit int64 once negated")
    b = base % m
    e = exp
    if e < 0:
        b = _inverse(b, m)
        e = -e
    result = 1 % m
    while e > 0:
        if e & 1:
            result = _mulmod(result, b, m)
        b = _mulmod(b, b, m)
        e >>= 1
    if mod < 0 and result != 0:
        result += mod
    return result


def _signed_ints(*ts):
    """Integers that int64 holds exactly (uint64 does not)."""
    return all(isinstance(t, Boolean) or isinstance(t, Integer) and (t.signed or t.bits < 64) for t in ts)


@overload(pow)
def pow_(base, exp, mod):
    if not _signed_ints(base, exp, mod):
        return None
    return pow_mod_impl


def any_impl(items):
    for x in items:
        if x:
            return True
    return False


def all_impl(items):
    for x in items:
        if not x:
            return False
    return True


def any_of_tuple_impl(items):
    for x in literal_unroll(items):
        if x:
            return True
    return False


def all_of_tuple_impl(items):
    for x in literal_unroll(items):
        if not x:
            return False
    return True


def _truth_loop(items, loop, tuple_loop):
    """The implementation for what any()/all() can iterate, else None."""
    if isinstance(items, Tuple) and items.kind == "tuple":
        return tuple_loop
    if (isinstance(items, (List, UnicodeType)) or items.kind == "set"
            or isinstance(items, Array) and items.ndim == 1):
        return loop
    return None


@overload(any)
def any_(items):
    return _truth_loop(items, any_impl, any_of_tuple_impl)


@overload(all)
def all_(items):
    return _truth_loop(items, all_impl, all_of_tuple_impl)
