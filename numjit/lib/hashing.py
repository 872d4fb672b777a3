"""`hash()` of numbers, as CPython computes it (tuples: numjit/intrinsics/hashing.py).

Equal numbers hash alike whatever their type (hash(1) == hash(1.0) == hash(True)), so a
dict of int keys can be searched with a float; the values are CPython's own, reduced
modulo 2**61 - 1, and never -1 (dicts mark deleted entries with it).

    >>> from numjit.types import float64, boolean
    >>> hash_(float64).__name__, hash_(boolean).__name__
    ('hash_float', 'hash_int')

NaN hashes to 0 (CPython 3.10+ hashes each NaN object by its address).
"""
import math

import numpy as np

from ..types import Integer, Float, Complex, Boolean
from ..typing.registry import overload

MODULUS = (1 << 61) - 1
INF_HASH = 314159
LOW_63 = (1 << 63) - 1


def hash_int(x):
    v = int(x)
    if v >= 0:
        return v % MODULUS
    if v == -9223372036854775807 - 1:
        return -4                       # -(2**63 mod MODULUS)
    h = -((-v) % MODULUS)
    return -2 if h == -1 else h


def hash_uint64(x):
    v = np.int64(x)                     # the same bits: x - 2**64 when x >= 2**63
    if v >= 0:
        return v % MODULUS
    return (4 + (v & LOW_63) % MODULUS) % MODULUS          # 2**63 mod MODULUS is 4


def hash_float(x):
    v = float(x)
    if math.isinf(v):
        return INF_HASH if v > 0 else -INF_HASH
    if math.isnan(v):
        return 0
    m, e = math.frexp(v)
    sign = 1
    if m < 0:
        sign = -1
        m = -m
    h = 0
    while m != 0.0:                     # 28 bits of the mantissa at a time
        h = ((h << 28) & MODULUS) | (h >> 33)
        m *= 268435456.0
        e -= 28
        y = int(m)
        m -= y
        h += y
        if h >= MODULUS:
            h -= MODULUS
    e = e % 61 if e >= 0 else 60 - ((-1 - e) % 61)
    h = ((h << e) & MODULUS) | (h >> (61 - e))
    h *= sign
    return -2 if h == -1 else h


def hash_complex(z):
    h = hash_float(z.real) + 1000003 * hash_float(z.imag)
    return -2 if h == -1 else h


@overload(hash)
def hash_(x):
    if isinstance(x, Boolean) or (isinstance(x, Integer) and (x.signed or x.bits < 64)):
        return hash_int
    if isinstance(x, Integer):
        return hash_uint64
    if isinstance(x, Float):
        return hash_float
    if isinstance(x, Complex):
        return hash_complex
    return None
