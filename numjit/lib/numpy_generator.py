"""np.random.Generator methods in compiled code, number for number NumPy's: a Generator passed
in (numjit/types/rng.py) draws through its own bit generator, so its Python-side state advances
as NumPy's methods would advance it; `np.random.default_rng(seed)` in compiled code makes a
PCG64 Generator seeded as NumPy seeds it (SeedSequence, computed here). random, integers (int64), uniform, standard_normal, normal,
standard_exponential, exponential; `size=` None, an int or a tuple of ints.

    >>> import numpy as np
    >>> from numjit.types.rng import numpy_generator as g
    >>> from numjit.types import int64, float64
    >>> normal(g, float64, size=int64).__name__, integers(g, int64).__name__
    ('normal_fill', 'integers_impl')

The algorithms are NumPy's (numpy/random/src/distributions/distributions.c): doubles from the
bit generator's next_double; bounded integers by Lemire's multiply-and-reject (32-bit draws
when the range fits in 32 bits); normals and exponentials by 256-step ziggurats whose tables are
computed here as NumPy's generating script computes them.
"""
import math

import numpy as np

from ..intrinsics.bitgen import next_uint64, next_uint32, next_double, mulhi64, pcg64_generator
from ..types.rng import NumPyRandomGeneratorType
from ..typing.registry import overload
from .guards import is_int, is_none, is_number, specialized
from .numpy_random import fill, is_size

U32_MAX = np.uint64(0xFFFFFFFF)
U64_MAX = np.uint64(0xFFFFFFFFFFFFFFFF)
LOW_BITS = np.uint64(0xFFFFFFFF)
U1, U3, U8, U11, U32 = np.uint64(1), np.uint64(3), np.uint64(8), np.uint64(11), np.uint64(32)
MANTISSA = np.uint64(0x000FFFFFFFFFFFFF)
BYTE = np.uint64(0xFF)


# -- ziggurat tables (NumPy's ziggurat_constants.h, computed as its script does) ------------------

def _normal_tables():
    pdf = lambda x: math.exp(-0.5 * x * x)           # noqa: E731
    count, r, area = 256, 3.6541528853610087963519472518, 0.0049286732339746519
    x = np.zeros(count)
    x[0] = r
    for i in range(1, count - 1):
        x[i] = math.sqrt(-2 * math.log(pdf(x[i - 1]) + area / x[i - 1]))
    x = x[::-1]
    ki = np.zeros(count, np.uint64)
    ki[1:] = np.round(x[:-1] / x[1:] * 2.0 ** 52).astype(np.uint64)
    ki[0] = np.uint64(np.round(x.max() * pdf(x.max()) / area * 2.0 ** 52))
    wi = x.copy()
    wi[0] = area / pdf(x.max())
    return ki, wi / 2.0 ** 52, np.array([pdf(v) for v in x])


def _exponential_tables():
    count, r, area = 256, 7.6971174701310497140446280481, 0.0039496598225815571993
    x = np.zeros(count)
    x[0] = r
    for i in range(1, count - 1):
        x[i] = -math.log(math.exp(-x[i - 1]) + area / x[i - 1])
    x = x[::-1]
    ke = np.zeros(count, np.uint64)
    ke[1:] = np.round(x[:-1] / x[1:] * 2.0 ** 53).astype(np.uint64)
    ke[0] = np.uint64(np.round(x.max() * math.exp(-x.max()) / area * 2.0 ** 53))
    we = x.copy()
    we[0] = area / math.exp(-x.max())
    return ke, we / 2.0 ** 53, np.array([math.exp(-v) for v in x])


def _in_numpy(tables):
    """NumPy's own copies of the computed `tables`, read from the extension module that holds
    them (its constant data, 8-byte aligned): the script's output was rounded on another machine,
    so a few entries of the computed tables are some ulps off. None where a table is not found
    exactly once (then the computed tables stand; streams may then differ in the last bits)."""
    import numpy.random._generator as module
    raw = np.fromfile(module.__file__, np.uint8)
    raw = raw[:raw.size // 8 * 8]
    doubles, words = raw.view(np.float64), raw.view(np.uint64)
    found = []
    for table in tables:
        values = words.astype(np.float64) if table.dtype == np.uint64 else doubles
        probe = float(table[128])
        hits = []
        with np.errstate(invalid="ignore", over="ignore"):
            near = np.nonzero(np.abs(values - probe) <= abs(probe) * 1e-9)[0]
        for at in near:
            start = at - 128
            if 0 <= start <= len(values) - 256 and np.allclose(values[start + 1:start + 256], table[1:].astype(np.float64),
                                                               rtol=1e-9, atol=0):
                hits.append(start)
        if len(hits) != 1:
            return None
        found.append((words if table.dtype == np.uint64 else doubles)[hits[0]:hits[0] + 256].copy())
    return found


_TABLES = []


def ziggurat_tables():
    """(ki, wi, fi, ke, we, fe): NumPy's tables, computed once, on the first compilation."""
    if not _TABLES:
        computed = list(_normal_tables()) + list(_exponential_tables())
        try:
            _TABLES.extend(_in_numpy(computed) or computed)
        except (OSError, ImportError, ValueError):
            _TABLES.extend(computed)
    return _TABLES


NOR_R, NOR_INV_R = 3.6541528853610087963519472518, 0.27366123732975827203338247596
EXP_R = 7.6971174701310497140446280481


# -- draws ----------------------------------------------------------------------------------------

def _random(g):
    return next_double(g)


@specialized
def _ziggurats():
    """The normal and exponential draws, closing over NumPy's tables."""
    KI, WI, FI, KE, WE, FE = (np.asarray(t) for t in ziggurat_tables())

    def _standard_normal(g):
        while True:
            r = next_uint64(g)
            idx = np.int64(r & BYTE)
            r >>= U8
            rabs = (r >> U1) & MANTISSA
            x = float(rabs) * WI[idx]
            if r & U1:
                x = -x
            if rabs < KI[idx]:
                return x
            if idx == 0:
                while True:
                    xx = -NOR_INV_R * np.log1p(-next_double(g))
                    yy = -np.log1p(-next_double(g))
                    if yy + yy > xx * xx:
                        return -(NOR_R + xx) if (rabs >> U8) & U1 else NOR_R + xx
            elif (FI[idx - 1] - FI[idx]) * next_double(g) + FI[idx] < np.exp(-0.5 * x * x):
                return x

    def _standard_exponential(g):
        while True:
            ri = next_uint64(g) >> U3
            idx = np.int64(ri & BYTE)
            ri >>= U8
            x = float(ri) * WE[idx]
            if ri < KE[idx]:
                return x
            if idx == 0:
                return EXP_R - np.log1p(-next_double(g))
            if (FE[idx - 1] - FE[idx]) * next_double(g) + FE[idx] < np.exp(-x):
                return x
    return _standard_normal, _standard_exponential


def normal_draw(g):
    """One standard normal, by NumPy's ziggurat."""


def exponential_draw(g):
    """One standard exponential, by NumPy's ziggurat."""


@overload(normal_draw)
def _normal_draw(g):
    return _ziggurats()[0] if isinstance(g, NumPyRandomGeneratorType) else None


@overload(exponential_draw)
def _exponential_draw(g):
    return _ziggurats()[1] if isinstance(g, NumPyRandomGeneratorType) else None


def _standard_normal(g):
    return normal_draw(g)


def _standard_exponential(g):
    return exponential_draw(g)


def _normal(g, loc, scale):
    return loc + scale * _standard_normal(g)


def _exponential(g, scale):
    return scale * _standard_exponential(g)


def _uniform(g, low, span):
    return low + span * next_double(g)


def _bounded(g, off, rng):
    """off + a uniform integer in [0, rng] (rng an inclusive uint64 range), as NumPy's
    random_bounded_uint64_fill with Lemire's method."""
    if rng == 0:
        return off
    if rng <= U32_MAX:
        if rng == U32_MAX:
            return off + np.int64(next_uint32(g))
        excl = rng + U1
        m = np.uint64(next_uint32(g)) * excl
        leftover = m & LOW_BITS
        if leftover < excl:
            threshold = (U32_MAX - rng) % excl
            while leftover < threshold:
                m = np.uint64(next_uint32(g)) * excl
                leftover = m & LOW_BITS
        return off + np.int64(m >> U32)
    if rng == U64_MAX:
        return off + np.int64(next_uint64(g))
    excl = rng + U1
    r = next_uint64(g)
    leftover = r * excl
    if leftover < excl:
        threshold = (U64_MAX - rng) % excl
        while leftover < threshold:
            r = next_uint64(g)
            leftover = r * excl
    return off + np.int64(mulhi64(r, excl))


# -- the methods ----------------------------------------------------------------------------------

def random_impl(g, size=None, dtype=None, out=None):
    return next_double(g)


def random_fill(g, size=None, dtype=None, out=None):
    return fill(size, np.float64, _random, g)


def _random32(g):
    """NumPy's next_float: 24 random bits of a 32-bit draw."""
    return np.float32(next_uint32(g) >> np.uint32(8)) * np.float32(1.0 / 16777216.0)


def random32_impl(g, size=None, dtype=None, out=None):
    return _random32(g)


def random32_fill(g, size=None, dtype=None, out=None):
    return fill(size, np.float32, _random32, g)


def standard_normal_impl(g, size=None, dtype=None, out=None):
    return _standard_normal(g)


def standard_normal_fill(g, size=None, dtype=None, out=None):
    return fill(size, np.float64, _standard_normal, g)


def standard_exponential_impl(g, size=None, dtype=None, method=None, out=None):
    return _standard_exponential(g)


def standard_exponential_fill(g, size=None, dtype=None, method=None, out=None):
    return fill(size, np.float64, _standard_exponential, g)


def _check_scale(scale):
    if scale < 0:
        raise ValueError("scale < 0")
    return float(scale)


def normal_impl(g, loc=0.0, scale=1.0, size=None):
    return _normal(g, float(loc), _check_scale(scale))


def normal_fill(g, loc=0.0, scale=1.0, size=None):
    return fill(size, np.float64, _normal, g, float(loc), _check_scale(scale))


def exponential_impl(g, scale=1.0, size=None):
    return _exponential(g, _check_scale(scale))


def exponential_fill(g, scale=1.0, size=None):
    return fill(size, np.float64, _exponential, g, _check_scale(scale))


def _span(low, high):
    span = float(high) - float(low)
    if not (span - span == 0):                   # inf or nan
        raise OverflowError("Range exceeds valid bounds")
    return span


def uniform_impl(g, low=0.0, high=1.0, size=None):
    return _uniform(g, float(low), _span(low, high))


def uniform_fill(g, low=0.0, high=1.0, size=None):
    return fill(size, np.float64, _uniform, g, float(low), _span(low, high))


INT_DTYPES = {np.int64: 64, np.int32: 32, np.int16: 16, np.int8: 8,
              np.uint64: 64, np.uint32: 32, np.uint16: 16, np.uint8: 8, np.bool_: 1}


def _next_bits(g, state, bits):
    """The next `bits` (8 or 16) random bits, from 32-bit draws split as NumPy's buffered_uint8/16
    (state: [buffer, bits left in it] for one call's draws)."""
    if state[1] == 0:
        state[0] = np.int64(next_uint32(g))
        state[1] = 32 // bits - 1
    else:
        state[0] >>= bits
        state[1] -= 1
    return state[0] & ((1 << bits) - 1)


def _bounded_small(g, state, off, rng, bits):
    """off + a uniform integer in [0, rng] for 8- and 16-bit dtypes (Lemire, NumPy's buffered_bounded_lemire_uint8/16)."""
    mask = (1 << bits) - 1
    if rng == 0:
        return off
    if rng == mask:
        return off + _next_bits(g, state, bits)
    excl = rng + 1
    m = _next_bits(g, state, bits) * excl
    leftover = m & mask
    if leftover < excl:
        threshold = (mask - rng) % excl
        while leftover < threshold:
            m = _next_bits(g, state, bits) * excl
            leftover = m & mask
    return off + (m >> bits)


def _bounded_bool(g, state, off, rng):
    """NumPy's random_buffered_bounded_bool: one bit of a 32-bit draw per value."""
    if rng == 0:
        return off
    if state[1] == 0:
        state[0] = np.int64(next_uint32(g))
        state[1] = 31
    else:
        state[0] >>= 1
        state[1] -= 1
    return state[0] & 1


@specialized
def _integers(cls, bits):
    """integers(low, high, size, dtype=cls, endpoint) for a dtype of `bits` bits."""
    info = None if cls is np.bool_ else np.iinfo(cls)
    lowest, highest = (0, 1) if info is None else (int(info.min), int(info.max))
    name = np.dtype(cls).name
    low_message, high_message = f"low is out of bounds for {name}", f"high is out of bounds for {name}"

    def span(low, high, endpoint):
        """(offset, inclusive range) of the draws; NumPy's errors for empty or out-of-bounds ranges."""
        top = high if endpoint else high - 1
        if bits < 64 or cls is np.uint64:
            if low < lowest:
                raise ValueError(low_message)
            if bits < 64 and top > highest:
                raise ValueError(high_message)
        if endpoint:
            if low > high:
                raise ValueError("low > high")
        elif low >= high:
            raise ValueError("low >= high")
        return np.int64(low), np.int64(top) - np.int64(low)

    def fill_wide(g, flat, off, rng):
        for i in range(len(flat)):
            flat[i] = cls(_bounded(g, off, np.uint64(rng)))

    def fill_narrow(g, flat, off, rng):
        state = np.zeros(2, np.int64)
        for i in range(len(flat)):
            flat[i] = cls(_bounded_small(g, state, off, rng, bits))

    def fill_bool(g, flat, off, rng):
        state = np.zeros(2, np.int64)
        for i in range(len(flat)):
            flat[i] = _bounded_bool(g, state, off, rng) != 0
    fill_ints = fill_bool if bits == 1 else (fill_narrow if bits < 32 else fill_wide)

    def integers_impl(g, low, high=None, size=None, dtype=None, endpoint=False):
        if high is None:
            off, rng = span(0, low, endpoint)
        else:
            off, rng = span(low, high, endpoint)
        out = np.empty(1, cls)
        fill_ints(g, out, off, rng)
        return out[0]

    def integers_fill(g, low, high=None, size=None, dtype=None, endpoint=False):
        if high is None:
            off, rng = span(0, low, endpoint)
        else:
            off, rng = span(low, high, endpoint)
        out = np.empty(size, cls)
        fill_ints(g, out.reshape(-1), off, rng)
        return out
    return integers_impl, integers_fill


# -- typing ---------------------------------------------------------------------------------------

def _float64_dtype(t):
    from ..types import Const
    return is_none(t) or isinstance(t, Const) and t.value in (np.float64, float, "float64", "d")


def _int_dtype(t):
    """The NumPy integer class of an integers() dtype= (int64 by default), or None."""
    from ..types import Const
    if is_none(t):
        return np.int64
    if not isinstance(t, Const):
        return None
    value = {int: np.int64, bool: np.bool_}.get(t.value, t.value)
    try:
        value = np.dtype(value).type
    except TypeError:
        return None
    return value if value in INT_DTYPES else None


def _method(scalar_impl, array_impl, checks=None):
    """The typer of a Generator method: its number parameters, then `size`; keyword-only
    extras (dtype, out, endpoint...) are checked by `checks(bound)`."""
    code = scalar_impl.__code__
    names = code.co_varnames[1:code.co_argcount]
    size_at = names.index("size")

    def typer(g, *args, **kws):
        if not isinstance(g, NumPyRandomGeneratorType) or len(args) > len(names):
            return None
        if any(k not in names for k in kws):
            return None
        bound = dict(zip(names, args))
        bound.update(kws)
        params = [bound.get(n) for n in names[:size_at]]
        if not all(is_number(t) or is_none(t) for t in params):
            return None
        if checks is not None and not checks(bound):
            return None
        size = bound.get("size")
        if is_none(size):
            return scalar_impl
        return array_impl if is_size(size) else None
    return typer


def _float_checks(bound):
    return _float64_dtype(bound.get("dtype")) and is_none(bound.get("out")) and is_none(bound.get("method"))


def _int_checks(bound):
    from ..types import Boolean, Const
    endpoint = bound.get("endpoint")
    return (is_int(bound.get("low")) and (is_none(bound.get("high")) or is_int(bound.get("high")))
            and _int_dtype(bound.get("dtype")) is not None
            and (is_none(endpoint) or isinstance(endpoint, Boolean) or isinstance(endpoint, Const)
                 and isinstance(endpoint.value, bool)))


def _float32_checks(bound):
    from ..types import Const
    dtype = bound.get("dtype")
    return isinstance(dtype, Const) and dtype.value in (np.float32, "float32", "f") and is_none(bound.get("out"))


random = overload("generator.random")(_method(random_impl, random_fill, _float_checks))
overload("generator.random")(_method(random32_impl, random32_fill, _float32_checks))
standard_normal = overload("generator.standard_normal")(
    _method(standard_normal_impl, standard_normal_fill, _float_checks))
standard_exponential = overload("generator.standard_exponential")(
    _method(standard_exponential_impl, standard_exponential_fill, _float_checks))
normal = overload("generator.normal")(_method(normal_impl, normal_fill))
exponential = overload("generator.exponential")(_method(exponential_impl, exponential_fill))
uniform = overload("generator.uniform")(_method(uniform_impl, uniform_fill))
def _integers_typer(g, *args, **kws):
    bound = dict(zip(("low", "high", "size", "dtype", "endpoint"), args))
    bound.update(kws)
    cls = _int_dtype(bound.get("dtype"))
    if cls is None:
        return None
    scalar_impl, array_impl = _integers(cls, INT_DTYPES[cls])
    return _method(scalar_impl, array_impl, _int_checks)(g, *args, **kws)


integers = overload("generator.integers")(_integers_typer)


# -- np.random.default_rng(seed): NumPy's SeedSequence, then PCG64 ---------------------------------

MASK32 = 0xFFFFFFFF
INIT_A, MULT_A, INIT_B, MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
MIX_L, MIX_R = 0xCA01F9DD, 0x4973F715


def _hashmix(value, hash_const):
    """SeedSequence's hashmix on uint32 values held in int64 (hash_const: a 1-element array)."""
    value = (value ^ hash_const[0]) & MASK32
    hash_const[0] = (hash_const[0] * MULT_A) & MASK32
    value = (value * hash_const[0]) & MASK32
    return value ^ (value >> 16)


def _mix(x, y):
    result = (MIX_L * x - MIX_R * y) & MASK32
    return result ^ (result >> 16)


def _seed_state(seed):
    """SeedSequence(seed).generate_state(4, np.uint64) for a non-negative int64 seed."""
    entropy = np.zeros(2, np.int64)
    entropy[0] = seed & MASK32
    entropy[1] = seed >> 32
    words = 2 if entropy[1] else 1
    hash_const = np.full(1, INIT_A, np.int64)
    pool = np.empty(4, np.int64)
    for i in range(4):
        pool[i] = _hashmix(entropy[i] if i < words else 0, hash_const)
    for src in range(4):
        for dst in range(4):
            if src != dst:
                pool[dst] = _mix(pool[dst], _hashmix(pool[src], hash_const))
    state = np.empty(4, np.uint64)
    h = INIT_B
    for i in range(8):
        value = pool[i % 4] ^ h
        h = (h * MULT_B) & MASK32
        value = (value * h) & MASK32
        value ^= value >> 16
        if i % 2 == 0:
            state[i // 2] = np.uint64(value)
        else:
            state[i // 2] |= np.uint64(value) << U32
    return state


def default_rng_impl(seed=None):
    if seed < 0:
        raise ValueError("expected non-negative integer")
    s = _seed_state(seed)
    return pcg64_generator(s[0], s[1], s[2], s[3])


@overload(np.random.default_rng)
def default_rng(seed=None):
    return default_rng_impl if is_int(seed) else None
