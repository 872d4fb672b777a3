"""Python's `random` module in compiled code, number for number CPython's (Mersenne Twister):
seed, random, getrandbits, randrange, randint, choice, shuffle, uniform, triangular, gauss,
normalvariate, lognormvariate, expovariate, vonmisesvariate, gammavariate, betavariate,
paretovariate, weibullvariate.

The stream lives per OS thread beside NumPy's legacy stream (numjit/runtime/randomstate.py),
separate from the interpreter's `random` state, as in numba: `random.seed(s)` inside compiled code
seeds the calling thread's stream, which then gives exactly what `random.seed(s)` gives in Python
(CPython's init_by_array seeding of |s|'s 32-bit words, its 53-bit doubles, `_randbelow`'s
rejection sampling by `getrandbits`, `gauss`'s cached second value, each variate's formula from
Lib/random.py); seeding Python's `random` does not seed compiled code. An unseeded thread starts
from entropy.

    >>> from numjit.types import int64
    >>> randrange(int64).__name__, getrandbits(int64).__name__
    ('randrange_impl', 'getrandbits_impl')

Differences from Python: integers are int64 (`getrandbits(k)` takes k <= 63, and ranges
must fit an int64); `seed` takes an int or None; `shuffle` takes lists and 1-d arrays.
"""
import math
import random as stdlib

import numpy as np

from ..errors import TypingError
from ..intrinsics.randomstate import py_words, py_ints, py_gauss, entropy32
from ..types import Array, List, Float, Tuple
from ..types.strings import is_str, unicode_type
from ..typing.registry import overload
from .guards import is_int, is_none, is_number
from .numpy_random import N, MASK32, _seed_words, _next32_of, _double_of

NV_MAGICCONST = 4 * math.exp(-0.5) / math.sqrt(2.0)
LOG4 = math.log(4.0)
SG_MAGICCONST = 1.0 + math.log(4.5)
TWOPI = 2.0 * math.pi


# -- the generator: CPython's _randommodule.c -------------------------------------------------------

def _init_by_array(mt, ints, k0, k1, length):
    """init_by_array with the key (k0, k1)[:length], after init_genrand(19650218)."""
    _seed_words(mt, ints, py_gauss(), 19650218)
    i = 1
    j = 0
    for _ in range(N):                                  # max(N, length) == N
        prev = np.int64(mt[i - 1])
        key = k0 if j == 0 else k1
        mt[i] = ((np.int64(mt[i]) ^ ((prev ^ (prev >> 30)) * 1664525)) + key + j) & MASK32
        i += 1
        j += 1
        if i >= N:
            mt[0] = mt[N - 1]
            i = 1
        if j >= length:
            j = 0
    for _ in range(N - 1):
        prev = np.int64(mt[i - 1])
        mt[i] = ((np.int64(mt[i]) ^ ((prev ^ (prev >> 30)) * 1566083941)) - i) & MASK32
        i += 1
        if i >= N:
            mt[0] = mt[N - 1]
            i = 1
    mt[0] = 0x80000000


def _seed_int(a):
    """random_seed(int): the key is |a|'s 32-bit words, least significant first."""
    n = np.uint64(a) if a >= 0 else np.uint64(0) - np.uint64(a)
    k0 = np.int64(n & np.uint64(MASK32))
    k1 = np.int64(n >> np.uint64(32))
    _init_by_array(py_words(), py_ints(), k0, k1, 2 if k1 != 0 else 1)


def _state():
    """The thread's words and ints, seeded from entropy on first use."""
    mt = py_words()
    ints = py_ints()
    if ints[0] < 0:
        _init_by_array(mt, ints, ints[2], 0, 1)
    return mt, ints


def _next32():
    mt, ints = _state()
    return _next32_of(mt, ints)


def _random():
    mt, ints = _state()
    return _double_of(mt, ints)


def _getrandbits(k):
    """k random bits as a Python int (the generator's words are NumPy scalars)."""
    if k <= 32:
        return int(_next32() >> (32 - k))
    low = _next32()
    return int(((_next32() >> (64 - k)) << 32) | low)


def _bit_length(n):
    k = 0
    while n:
        n >>= 1
        k += 1
    return k


def _randbelow(n):
    k = _bit_length(n)
    r = _getrandbits(k)
    while r >= n:
        r = _getrandbits(k)
    return r


# -- seed, random, getrandbits ------------------------------------------------------------------------

def seed_impl(a=None):
    _seed_int(a)
    py_ints()[1] = 0


def seed_entropy(a=None):
    _init_by_array(py_words(), py_ints(), entropy32(), 0, 1)


@overload(stdlib.seed)
def seed(a=None, version=None):
    if version is not None:
        return None
    if is_none(a):
        return seed_entropy
    return seed_impl if is_int(a) else None


def random_impl():
    return _random()


overload(stdlib.random)(lambda: random_impl)


def getrandbits_impl(k):
    if k < 0:
        raise ValueError("number of bits must be non-negative")
    if k > 63:
        raise OverflowError("getrandbits(k) for k > 63 does not fit an int64 in compiled code")
    if k == 0:
        return 0
    return _getrandbits(k)


@overload(stdlib.getrandbits)
def getrandbits(k):
    return getrandbits_impl if is_int(k) else None


# -- integers and sequences --------------------------------------------------------------------------

def randrange_impl(start, stop=None, step=1):
    if stop is None:
        if step != 1:
            raise TypeError("Missing a non-None stop argument")
        if start > 0:
            return _randbelow(start)
        raise ValueError("empty range for randrange()")
    width = stop - start
    if step == 1:
        if width > 0:
            return start + _randbelow(width)
        raise ValueError(f"empty range for randrange() ({start}, {stop}, {width})")
    if step > 0:
        n = (width + step - 1) // step
    elif step < 0:
        n = (width + step + 1) // step
    else:
        raise ValueError("zero step for randrange()")
    if n <= 0:
        raise ValueError("empty range for randrange()")
    return start + step * _randbelow(n)


@overload(stdlib.randrange)
def randrange(start, stop=None, step=None):
    if is_int(start) and (stop is None or is_none(stop) or is_int(stop)) and (step is None or is_int(step)):
        return randrange_impl
    return None


def randint_impl(a, b):
    return randrange_impl(a, b + 1)


@overload(stdlib.randint)
def randint(a, b):
    return randint_impl if is_int(a) and is_int(b) else None


def _sequence(seq):
    return isinstance(seq, List) or (isinstance(seq, Array) and seq.ndim >= 1) or \
        (isinstance(seq, Tuple) and len(seq) > 0 and all(t == seq.items[0] for t in seq.items))


def choice_impl(seq):
    n = len(seq)
    if n == 0:
        raise IndexError("Cannot choose from an empty sequence")
    return seq[_randbelow(n)]


@overload(stdlib.choice)
def choice(seq):
    if is_str(seq):
        return choice_impl, (unicode_type,)
    return choice_impl if _sequence(seq) else None


def shuffle_impl(x):
    for i in range(len(x) - 1, 0, -1):
        j = _randbelow(i + 1)
        t = x[i]
        x[i] = x[j]
        x[j] = t


@overload(stdlib.shuffle)
def shuffle(x):
    if isinstance(x, Array) and x.ndim != 1:
        raise TypingError("random.shuffle() of an array takes a 1-d array in compiled code (Python's "
                          "swaps of rows through views duplicate rows)")
    if isinstance(x, Array) and x.readonly:
        raise TypingError("random.shuffle() of a read-only array")
    return shuffle_impl if isinstance(x, (List, Array)) else None


# -- real-valued distributions: Lib/random.py's formulas ---------------------------------------------

def uniform_impl(a, b):
    return a + (b - a) * _random()


def triangular_impl(low=0.0, high=1.0, mode=None):
    u = _random()
    if mode is None:
        c = 0.5
    else:
        d = high - low
        if d == 0:
            return low + 0.0
        c = (mode - low) / d
    if u > c:
        u = 1.0 - u
        c = 1.0 - c
        low, high = high, low
    return low + (high - low) * math.sqrt(u * c)


def normalvariate_impl(mu=0.0, sigma=1.0):
    while True:
        u1 = _random()
        u2 = 1.0 - _random()
        z = NV_MAGICCONST * (u1 - 0.5) / u2
        zz = z * z / 4.0
        if zz <= -math.log(u2):
            break
    return mu + z * sigma


def gauss_impl(mu=0.0, sigma=1.0):
    ints = py_ints()
    g = py_gauss()
    if ints[1] != 0:
        ints[1] = 0
        z = g[0]
    else:
        x2pi = _random() * TWOPI
        g2rad = math.sqrt(-2.0 * math.log(1.0 - _random()))
        z = math.cos(x2pi) * g2rad
        g[0] = math.sin(x2pi) * g2rad
        ints[1] = 1
    return mu + z * sigma


def lognormvariate_impl(mu, sigma):
    return math.exp(normalvariate_impl(mu, sigma))


def expovariate_impl(lambd):
    return -math.log(1.0 - _random()) / lambd


def vonmisesvariate_impl(mu, kappa):
    if kappa <= 1e-6:
        return TWOPI * _random()
    s = 0.5 / kappa
    r = s + math.sqrt(1.0 + s * s)
    while True:
        u1 = _random()
        z = math.cos(math.pi * u1)
        d = z / (r + z)
        u2 = _random()
        if u2 < 1.0 - d * d or u2 <= (1.0 - d) * math.exp(d):
            break
    q = 1.0 / r
    f = (q + z) / (1.0 + q * z)
    if _random() > 0.5:
        return (mu + math.acos(f)) % TWOPI
    return (mu - math.acos(f)) % TWOPI


def gammavariate_impl(alpha, beta):
    if alpha <= 0.0 or beta <= 0.0:
        raise ValueError("gammavariate: alpha and beta must be > 0.0")
    if alpha > 1.0:
        ainv = math.sqrt(2.0 * alpha - 1.0)
        bbb = alpha - LOG4
        ccc = alpha + ainv
        while True:
            u1 = _random()
            if not 1e-7 < u1 < 0.9999999:
                continue
            u2 = 1.0 - _random()
            v = math.log(u1 / (1.0 - u1)) / ainv
            x = alpha * math.exp(v)
            z = u1 * u1 * u2
            r = bbb + ccc * v - x
            if r + SG_MAGICCONST - 4.5 * z >= 0.0 or r >= math.log(z):
                return x * beta
    if alpha == 1.0:
        return -math.log(1.0 - _random()) * beta
    while True:
        u = _random()
        b = (math.e + alpha) / math.e
        p = b * u
        if p <= 1.0:
            x = p ** (1.0 / alpha)
        else:
            x = -math.log((b - p) / alpha)
        u1 = _random()
        if p > 1.0:
            if u1 <= x ** (alpha - 1.0):
                break
        elif u1 <= math.exp(-x):
            break
    return x * beta


def betavariate_impl(alpha, beta):
    y = gammavariate_impl(alpha, 1.0)
    if y:
        return y / (y + gammavariate_impl(beta, 1.0))
    return 0.0


def paretovariate_impl(alpha):
    u = 1.0 - _random()
    return u ** (-1.0 / alpha)


def weibullvariate_impl(alpha, beta):
    u = 1.0 - _random()
    return alpha * (-math.log(u)) ** (1.0 / beta)


def _real(t):
    return t is None or (is_number(t) and (is_int(t) or isinstance(t, Float)))


def _variate(impl):
    """A typer taking real numbers for `impl`'s parameters (and None for triangular's `mode`)."""
    names = impl.__code__.co_varnames[:impl.__code__.co_argcount]

    def typer(*args, **kws):
        given = dict(zip(names, args), **kws)
        if len(args) > len(names) or not set(given) <= set(names):
            return None
        ok = all(_real(t) or (name == "mode" and is_none(t)) for name, t in given.items())
        return impl if ok else None
    return typer


for _impl in (uniform_impl, triangular_impl, normalvariate_impl, gauss_impl, lognormvariate_impl,
              expovariate_impl, vonmisesvariate_impl, gammavariate_impl, betavariate_impl,
              paretovariate_impl, weibullvariate_impl):
    overload(getattr(stdlib, _impl.__name__[:-len("_impl")]))(_variate(_impl))
