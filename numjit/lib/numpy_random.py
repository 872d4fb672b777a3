"""np.random's legacy API in compiled code, number for number NumPy's RandomState (MT19937):
seed, random/random_sample/sample/ranf/rand, randn, randint, random_integers, choice, shuffle,
permutation; the distributions (normal, uniform, ...) are in numpy_random_dists.py.

The state lives per OS thread (numjit/intrinsics/randomstate.py), separate from NumPy's global
state, as in numba: `np.random.seed(s)` inside compiled code seeds the calling thread's stream,
which then equals `np.random.RandomState(s)`'s; an unseeded thread, and `np.random.seed()`,
start from entropy (NumPy's seed() takes 624 words of it; numjit one).

    >>> import numpy as np
    >>> from numjit.types import int64, float64
    >>> random_sample().__name__, random_sample(int64).__name__, randint(int64, int64).__name__
    ('draw_impl', 'fill_impl', 'randint_impl')

The generator follows NumPy's C code (mt19937.c, distributions.c, legacy-distributions.c):
MT19937 words computed in int64 and masked to 32 bits; doubles from two words (a >> 5,
b >> 6); normals by the polar method keeping the second value; bounded integers by masked
rejection (32-bit draws when the range fits 32 bits, 64-bit draws otherwise).
"""
import math

import numpy as np

from ..errors import TypingError
from ..intrinsics.randomstate import entropy32, rng_words, rng_ints, rng_gauss
from ..types import Tuple
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, is_number, specialized

N, M = 624, 397
MATRIX_A, UPPER, LOWER, MASK32 = 0x9908B0DF, 0x80000000, 0x7FFFFFFF, 0xFFFFFFFF
U32 = np.uint64(32)
SHIFTS = (np.uint64(1), np.uint64(2), np.uint64(4), np.uint64(8), np.uint64(16), np.uint64(32))


# -- MT19937 ------------------------------------------------------------------------------------

def _seed_words(mt, ints, g, s):
    """NumPy's mt19937_seed (RandomState(int)): Knuth's initialisation from one 32-bit word."""
    x = np.int64(s) & MASK32
    for i in range(N):
        mt[i] = x
        x = (1812433253 * (x ^ (x >> 30)) + i + 1) & MASK32
    ints[0] = N
    ints[1] = 0
    g[0] = 0.0


def _twist_word(mt, i, j, k):
    """mt[i] from mt[i], mt[j] = its successor and mt[k] = the word M places on (cyclically)."""
    y = (np.int64(mt[i]) & UPPER) | (np.int64(mt[j]) & LOWER)
    mt[i] = np.int64(mt[k]) ^ (y >> 1) ^ (-(y & 1) & MATRIX_A)


def _twist(mt):
    """NumPy's mt19937_gen in its three pieces, without a modulo, so that the two loops vectorise
    (each reads the next word and one M places ahead, not yet rewritten, or N - M places behind,
    already rewritten, as the cyclic order wants)."""
    for i in range(N - M):
        _twist_word(mt, i, i + 1, i + M)
    for i in range(N - M, N - 1):
        _twist_word(mt, i, i + 1, i + M - N)
    _twist_word(mt, N - 1, 0, M - 1)


def _temper(y):
    y ^= y >> 11
    y ^= (y << 7) & 0x9D2C5680
    y ^= (y << 15) & 0xEFC60000
    return y ^ (y >> 18)


def _next32_of(mt, ints):
    """The next 32-bit output of the MT19937 state (mt, ints) (as an int64)."""
    pos = ints[0]
    if pos < 0:                                   # first use on this thread: seed from entropy
        _seed_words(mt, ints, rng_gauss(), ints[2])
        pos = N
    if pos >= N:
        _twist(mt)
        pos = 0
    ints[0] = pos + 1
    return _temper(np.int64(mt[pos]))


def _double_of(mt, ints):
    """Two outputs a, b as NumPy's double (a >> 5, b >> 6); the common case without a twist is
    kept small so that it inlines into the callers' loops."""
    pos = ints[0]
    if pos >= 0 and pos <= N - 2:
        a = _temper(np.int64(mt[pos])) >> 5
        b = _temper(np.int64(mt[pos + 1])) >> 6
        ints[0] = pos + 2
    else:
        a = _next32_of(mt, ints) >> 5
        b = _next32_of(mt, ints) >> 6
    return (a * 67108864.0 + b) / 9007199254740992.0


def _next32():
    """The next 32-bit output of the calling thread's MT19937."""
    return _next32_of(rng_words(), rng_ints())


def _next64():
    mt = rng_words()
    ints = rng_ints()
    hi = np.uint64(_next32_of(mt, ints))
    return (hi << U32) | np.uint64(_next32_of(mt, ints))


def next_double():
    return _double_of(rng_words(), rng_ints())


def gauss():
    """legacy_gauss: the polar method; the second value is kept for the next call."""
    ints = rng_ints()
    g = rng_gauss()
    if ints[1] != 0:
        ints[1] = 0
        value = g[0]
        g[0] = 0.0
        return value
    mt = rng_words()
    while True:
        x1 = 2.0 * _double_of(mt, ints) - 1.0
        x2 = 2.0 * _double_of(mt, ints) - 1.0
        r2 = x1 * x1 + x2 * x2
        if r2 < 1.0 and r2 != 0.0:
            break
    f = math.sqrt(-2.0 * math.log(r2) / r2)
    g[0] = f * x1
    ints[1] = 1
    return f * x2


def bit_mask(rng):
    """The smallest all-ones bit mask >= rng (a uint64)."""
    m = np.uint64(rng)
    for s in SHIFTS:
        m |= m >> s
    return m


def bounded(off, rng):
    """off + a uniform integer in [0, rng] (rng a uint64), NumPy's masked rejection."""
    if rng == 0:
        return off
    if rng <= MASK32:
        if rng == MASK32:
            return off + np.int64(_next32())
        mask32 = np.int64(bit_mask(rng))
        r = np.int64(rng)
        while True:
            small = _next32() & mask32
            if small <= r:
                return off + small
    mask = bit_mask(rng)
    while True:
        big = _next64() & mask
        if big <= rng:
            return np.int64(np.uint64(off) + big)


def interval(top):
    """random_interval: a uniform integer in [0, top] (used by shuffle)."""
    if top == 0:
        return np.int64(0)
    return bounded(np.int64(0), np.uint64(top))


# -- filling: one draw per item, in C order ------------------------------------------------------

def fill(size, cls, draw, *params):
    out = np.empty(size, cls)
    flat = out.reshape(-1)
    for i in range(flat.size):
        flat[i] = draw(*params)
    return out


def is_size(t):
    """A `size=` argument numjit supports: an int or a tuple of ints."""
    return is_int(t) or (isinstance(t, Tuple) and all(is_int(x) for x in t.items))


def sampler(scalar_impl, array_impl):
    """The typer of a distribution: its implementations take NumPy's parameters (numbers) and
    then `size`; `scalar_impl` draws one value (size None), `array_impl` fills an array."""
    nparams = scalar_impl.__code__.co_argcount - 1
    names = scalar_impl.__code__.co_varnames[:nparams]

    def typer(*args, **kws):
        if len(args) > nparams + 1 or any(k not in names + ("size",) for k in kws):
            return None
        params = list(args[:nparams]) + [kws[k] for k in names if k in kws]
        if not all(is_number(t) or is_none(t) for t in params):
            return None
        size = args[nparams] if len(args) > nparams else kws.get("size")
        if is_none(size):
            return scalar_impl
        return array_impl if is_size(size) else None
    return typer


# -- seed, uniform doubles, normals ---------------------------------------------------------------

def _seed_impl(seed):
    if seed < 0 or seed > MASK32:
        raise ValueError("Seed must be between 0 and 2**32 - 1")
    _seed_words(rng_words(), rng_ints(), rng_gauss(), seed)


def _seed_entropy(seed=None):
    _seed_words(rng_words(), rng_ints(), rng_gauss(), entropy32())


@overload(np.random.seed)
def seed(seed=None):
    """np.random.seed(s), or np.random.seed(): a fresh 32-bit seed from the OS."""
    if is_none(seed):
        return _seed_entropy
    if not is_int(seed):
        return None
    return _seed_impl


def draw_impl(size=None):
    return next_double()


def fill_impl(size=None):
    return fill(size, np.float64, next_double)


random_sample = sampler(draw_impl, fill_impl)
overload(np.random.random_sample, np.random.random, np.random.sample, np.random.ranf)(random_sample)


def rand_impl(*dims):
    return fill(dims, np.float64, next_double)


def randn_impl(*dims):
    return fill(dims, np.float64, gauss)


def _no_dims():
    return next_double()


def _no_dims_normal():
    return gauss()


@overload(np.random.rand)
def rand(*dims):
    if not dims:
        return _no_dims
    return rand_impl if all(is_int(d) for d in dims) else None


@overload(np.random.randn)
def randn(*dims):
    if not dims:
        return _no_dims_normal
    return randn_impl if all(is_int(d) for d in dims) else None


# -- integers -----------------------------------------------------------------------------------

def _span(low, high):
    """(offset, inclusive range as uint64) of randint(low, high); NumPy's ValueError when empty."""
    if low >= high:
        raise ValueError("high <= 0" if low == 0 else "low >= high")
    return np.int64(low), np.uint64(np.int64(high) - 1 - np.int64(low))


def randint_impl(low, high=None, size=None):
    if high is None:
        off, rng = _span(0, low)
    else:
        off, rng = _span(low, high)
    return int(bounded(off, rng))               # a Python int, as NumPy's (random_integers: np.int64)


def randint_fill(low, high=None, size=None):
    if high is None:
        off, rng = _span(0, low)
    else:
        off, rng = _span(low, high)
    return fill(size, np.int64, bounded, off, rng)


@overload(np.random.randint)
def randint(low, high=None, size=None):
    """randint of the default dtype (int64), from ints."""
    if not is_int(low) or not (is_none(high) or is_int(high)):
        return None
    if is_none(size):
        return randint_impl
    return randint_fill if is_size(size) else None


def random_integers_impl(low, high=None, size=None):
    if high is None:
        return np.int64(randint_impl(1, low + 1))
    return np.int64(randint_impl(low, high + 1))


def random_integers_fill(low, high=None, size=None):
    if high is None:
        return randint_fill(1, low + 1, size)
    return randint_fill(low, high + 1, size)


@overload(np.random.random_integers)
def random_integers(low, high=None, size=None):
    """The deprecated random_integers: randint(low, high + 1), or randint(1, low + 1) (no warning)."""
    if not is_int(low) or not (is_none(high) or is_int(high)):
        return None
    if is_none(size):
        return random_integers_impl
    return random_integers_fill if is_size(size) else None


# -- shuffle, permutation, choice ---------------------------------------------------------------

def shuffle_1d(x):
    for i in range(len(x) - 1, 0, -1):
        j = interval(i)
        t = x[j]
        x[j] = x[i]
        x[i] = t


def shuffle_rows(x):
    for i in range(len(x) - 1, 0, -1):
        j = interval(i)
        if i != j:
            t = x[j].copy()
            x[j] = x[i]
            x[i] = t


@overload(np.random.shuffle)
def shuffle(x):
    arr = array_of(x)
    if arr is None or arr.ndim == 0:
        return None
    if arr.readonly:
        raise TypingError("np.random.shuffle() of a read-only array")
    return shuffle_1d if arr.ndim == 1 else shuffle_rows


def permutation_int(x):
    out = np.arange(x)
    shuffle_1d(out)
    return out


def permutation_1d(x):
    out = x.copy()
    shuffle_1d(out)
    return out


def permutation_rows(x):
    out = x.copy()
    shuffle_rows(out)
    return out


@overload(np.random.permutation)
def permutation(x):
    if is_int(x):
        return permutation_int
    arr = array_of(x)
    if arr is None or arr.ndim == 0:
        return None
    return permutation_1d if arr.ndim == 1 else permutation_rows


@specialized
def _choice_impl(from_array, with_p, with_size):
    population, pick, gather = ((_population_array, _pick_array, _gather_array) if from_array
                                else (_population_int, _pick_int, _gather_int))
    one_index, indexes = (_one_index_p, _indexes_p) if with_p else (_one_index, _indexes)

    def choice_scalar(a, size=None, replace=True, p=None):
        n = population(a)
        if n <= 0:
            raise ValueError("a must be greater than 0 unless no samples are taken")
        return pick(a, one_index(n, replace, p))

    def choice_array(a, size=None, replace=True, p=None):
        n = population(a)
        shape = np.empty(size, np.int8).shape
        count = 1
        for d in shape:
            count *= d
        if n <= 0 and count != 0:
            raise ValueError("a must be greater than 0 unless no samples are taken")
        if not replace and count > n:
            raise ValueError("Cannot take a larger sample than population when 'replace=False'")
        return gather(a, indexes(n, shape, count, replace, p))
    return choice_array if with_size else choice_scalar


def _one_index(n, replace, p):
    if replace:
        return bounded(np.int64(0), np.uint64(n - 1))
    return permutation_int(n)[0]


def _indexes(n, shape, count, replace, p):
    if replace:
        return fill(shape, np.int64, bounded, np.int64(0), np.uint64(n - 1))
    return permutation_int(n)[:count].reshape(shape)


def _cdf(p, n):
    _check_p(p, n)
    cdf = np.cumsum(p.astype(np.float64))
    cdf /= cdf[-1]
    return cdf


def _one_index_p(n, replace, p):
    return np.int64(np.searchsorted(_cdf(p, n), next_double(), side="right"))


def _indexes_p(n, shape, count, replace, p):
    if not replace:
        raise ValueError("np.random.choice(replace=False, p=...) with a size is not supported in compiled code")
    cdf = _cdf(p, n)
    return np.searchsorted(cdf, fill(shape, np.float64, next_double), side="right").astype(np.int64)


def _population_array(a):
    if a.ndim != 1:
        raise ValueError("a must be 1-dimensional")
    return len(a)


def _population_int(a):
    return a


def _pick_array(a, i):
    return a[i]


def _pick_int(a, i):
    return i


def _gather_array(a, idx):
    out = np.empty(idx.shape, a.dtype)
    flat_out = out.reshape(-1)
    flat_idx = idx.reshape(-1)
    for k in range(flat_idx.size):
        flat_out[k] = a[flat_idx[k]]
    return out


def _gather_int(a, idx):
    return idx


def _check_p(p, n):
    if p.ndim != 1:
        raise ValueError("'p' must be 1-dimensional")
    if len(p) != n:
        raise ValueError("'a' and 'p' must have same size")
    total = 0.0
    for x in p:
        if x < 0:
            raise ValueError("probabilities are not non-negative")
        total += x
    if total != total:
        raise ValueError("probabilities contain NaN")
    if abs(total - 1.0) > 1.4901161193847656e-08:
        raise ValueError("probabilities do not sum to 1")


@overload(np.random.choice)
def choice(a, size=None, replace=None, p=None):
    arr = array_of(a)
    if arr is None and not is_int(a):
        return None
    if not (is_none(size) or is_size(size)):
        return None
    if not (is_none(p) or array_of(p) is not None):
        return None
    return _choice_impl(arr is not None, not is_none(p), not is_none(size))
