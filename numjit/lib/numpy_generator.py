"""np.random.Generator methods in compiled code, number for number NumPy's: a Generator passed
in (numjit/types/rng.py) draws through its own bit generator, so its Python-side state advances
as NumPy's methods would advance it; `np.random.default_rng(seed)` in compiled code makes a
PCG64 Generator seeded as NumPy seeds it (SeedSequence, computed here). Here: random,
integers (every integer dtype), standard_normal, standard_exponential (dtype float64 or
float32); `size=` None, an int or a tuple of ints. The distributions are in
numpy_generator_dists.py.

    >>> import numpy as np
    >>> from numjit.types.rng import numpy_generator as g
    >>> from numjit.types import int64, float64
    >>> standard_normal(g, size=int64).__name__, integers(g, int64).__name__
    ('float_fill', 'integers_impl')

The algorithms are NumPy's (numpy/random/src/distributions/distributions.c): doubles from the
bit generator's next_double; bounded integers by Lemire's multiply-and-reject (32-bit draws
when the range fits in 32 bits); normals and exponentials by 256-step ziggurats whose tables are
computed here as NumPy's generating script computes them.
"""
import math

import numpy as np

from ..intrinsics.bitgen import next_uint64, next_uint32, next_double, mulhi64, pcg64_generator
from ..intrinsics.randomstate import libm_expf, libm_log1pf, libm_logf, libm_powf
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


def _float_tables(ki, wi, fi, ke, we, fe):
    """The float32 tables (23-bit draws) from the double ones."""
    return (np.round(ki / 2.0 ** 29).astype(np.uint32), (wi * 2.0 ** 29).astype(np.float32), fi.astype(np.float32),
            np.round(ke / 2.0 ** 30).astype(np.uint32), (we * 2.0 ** 30).astype(np.float32), fe.astype(np.float32))


def _in_numpy(tables):
    """NumPy's own copies of the computed `tables`, read from the extension module that holds
    them (its constant data, aligned to the item size): the script's output was rounded on
    another machine, so a few entries of the computed tables are some ulps off. None where a
    table is not found exactly once (then the computed tables stand; streams may then differ in
    the last bits)."""
    import numpy.random._generator as module
    raw = np.fromfile(module.__file__, np.uint8)
    found = []
    for table in tables:
        size = table.dtype.itemsize
        usable = raw[:raw.size // size * size]
        words, floats = usable.view(np.dtype(f"u{size}")), usable.view(np.dtype(f"f{size}"))
        rtol = 1e-9 if size == 8 else 1e-6
        probe = float(table[128])
        hits = []
        with np.errstate(invalid="ignore", over="ignore"):
            values = (words if table.dtype.kind == "u" else floats).astype(np.float64)
            near = np.nonzero(np.abs(values - probe) <= abs(probe) * rtol)[0]
        for at in near:
            start = at - 128
            if 0 <= start <= len(values) - 256 and np.allclose(values[start + 1:start + 256], table[1:].astype(np.float64),
                                                               rtol=rtol, atol=0):
                hits.append(start)
        if len(hits) != 1:
            return None
        found.append((words if table.dtype.kind == "u" else floats)[hits[0]:hits[0] + 256].copy())
    return found


_TABLES = []


def ziggurat_tables():
    """(ki, wi, fi, ke, we, fe) and their float32 versions: NumPy's tables, computed once, on the
    first compilation."""
    if not _TABLES:
        computed = list(_normal_tables()) + list(_exponential_tables())
        computed += list(_float_tables(*computed))
        try:
            _TABLES.extend(_in_numpy(computed) or computed)
        except (OSError, ImportError, ValueError):
            _TABLES.extend(computed)
    return _TABLES


NOR_R, NOR_INV_R = 3.6541528853610087963519472518, 0.27366123732975827203338247596
EXP_R = 7.6971174701310497140446280481
NOR_R_F, NOR_INV_R_F, EXP_R_F = np.float32(NOR_R), np.float32(NOR_INV_R), np.float32(EXP_R)


# -- draws ----------------------------------------------------------------------------------------

def _random(g):
    return next_double(g)


@specialized
def _ziggurats():
    """The normal and exponential draws (float64, then float32) and the float32 gamma draw,
    closing over NumPy's tables."""
    KI, WI, FI, KE, WE, FE, KIF, WIF, FIF, KEF, WEF, FEF = (np.asarray(t) for t in ziggurat_tables())

    def standard_normal_draw(g):
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

    def standard_exponential_draw(g):
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

    def standard_normal_draw32(g):
        while True:
            r = np.int64(next_uint32(g))
            idx = r & 0xFF
            rabs = (r >> 9) & 0x7FFFFF
            x = np.float32(rabs) * WIF[idx]
            if (r >> 8) & 1:
                x = -x
            if rabs < KIF[idx]:
                return x
            if idx == 0:
                while True:
                    xx = -NOR_INV_R_F * libm_log1pf(-_random32(g))
                    yy = -libm_log1pf(-_random32(g))
                    if yy + yy > xx * xx:
                        return -(NOR_R_F + xx) if (rabs >> 8) & 1 else NOR_R_F + xx
            elif float((FIF[idx - 1] - FIF[idx]) * _random32(g) + FIF[idx]) < np.exp(-0.5 * float(x) * float(x)):
                return x           # NumPy compares with the double exp

    def standard_exponential_draw32(g):
        while True:
            ri = np.int64(next_uint32(g)) >> 1
            idx = ri & 0xFF
            bits = ri >> 8
            x = np.float32(bits) * WEF[idx]
            if bits < KEF[idx]:
                return x
            if idx == 0:
                return EXP_R_F - libm_log1pf(-_random32(g))
            if (FEF[idx - 1] - FEF[idx]) * _random32(g) + FEF[idx] < libm_expf(-x):
                return x

    def standard_gamma_draw32(g, shape):
        """NumPy's random_standard_gamma_f: float32 arithmetic, libm's powf and logf."""
        shape = np.float32(shape)
        one = np.float32(1.0)
        if shape == one:
            return standard_exponential_draw32(g)
        if shape == 0.0:
            return np.float32(0.0)
        if shape < one:
            while True:
                u = _random32(g)
                v = standard_exponential_draw32(g)
                if u <= one - shape:
                    x = libm_powf(u, one / shape)
                    if x <= v:
                        return x
                else:
                    y = -libm_logf((one - u) / shape)
                    x = libm_powf(one - shape + shape * y, one / shape)
                    if x <= v + y:
                        return x
        b = shape - one / np.float32(3.0)
        c = one / np.sqrt(np.float32(9.0) * b)
        while True:
            while True:
                x = standard_normal_draw32(g)
                v = one + c * x
                if not v <= 0.0:
                    break
            v = v * v * v
            u = _random32(g)
            if u < one - np.float32(0.0331) * (x * x) * (x * x):
                return b * v
            if libm_logf(u) < np.float32(0.5) * x * x + b * (one - v + libm_logf(v)):
                return b * v
    return (standard_normal_draw, standard_exponential_draw, standard_normal_draw32, standard_exponential_draw32,
            standard_gamma_draw32)


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


def _random32(g):
    """NumPy's next_float: 24 random bits of a 32-bit draw."""
    return np.float32(next_uint32(g) >> np.uint32(8)) * np.float32(1.0 / 16777216.0)


def _exponential_inv(g):
    return -np.log1p(-next_double(g))


def _exponential_inv32(g):
    return np.float32(-np.log1p(-float(_random32(g))))         # in double, as NumPy


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

@specialized
def _float_method(draw, cls):
    """random / standard_normal / standard_exponential of dtype cls, drawn by `draw`."""
    def float_impl(g, size=None, dtype=None, method=None, out=None):
        return draw(g)

    def float_fill(g, size=None, dtype=None, method=None, out=None):
        return fill(size, cls, draw, g)
    return float_impl, float_fill


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


def bounds_message(low, closed):
    """NumPy's format_bounds_error: 'high <= 0' where every low is 0 (the one-argument form)."""
    if not np.any(np.asarray(low)):
        return "high < 0" if closed else "high <= 0"
    return "low > high" if closed else "low >= high"


@specialized
def integer_draw(cls, bits):
    """draw(g, state, off, rng): off + a uniform integer in [0, rng] of dtype cls, as NumPy draws
    it for `bits` (state: the 8/16-bit and bool buffer, shared by one call's draws)."""
    def draw_bool(g, state, off, rng):
        return _bounded_bool(g, state, off, rng) != 0

    def draw_narrow(g, state, off, rng):
        return cls(_bounded_small(g, state, off, rng, bits))

    def draw_wide(g, state, off, rng):
        return cls(_bounded(g, off, np.uint64(rng)))
    return draw_bool if bits == 1 else (draw_narrow if bits < 32 else draw_wide)


@specialized
def integer_bounds(cls, bits):
    """check(low, top, closed): NumPy's errors for out-of-bounds or empty ranges (numbers or
    arrays; top is the inclusive upper bound)."""
    info = None if cls is np.bool_ else np.iinfo(cls)
    lowest, highest = (0, 1) if info is None else (int(info.min), int(info.max))
    name = np.dtype(cls).name
    low_message, high_message = f"low is out of bounds for {name}", f"high is out of bounds for {name}"

    def check(low, top, closed):
        if bits < 64 or cls is np.uint64:
            if np.any(np.asarray(low) < lowest):
                raise ValueError(low_message)
            if bits < 64 and np.any(np.asarray(top) > highest):
                raise ValueError(high_message)
        if np.any(np.asarray(low) > np.asarray(top)):
            raise ValueError(bounds_message(low, closed))
    return check


@specialized
def _integers(cls, bits):
    """integers(low, high, size, dtype=cls, endpoint) for a dtype of `bits` bits."""
    draw, check = integer_draw(cls, bits), integer_bounds(cls, bits)

    def span(low, high, endpoint):
        """(offset, inclusive range) of the draws; NumPy's errors for empty or out-of-bounds ranges."""
        top = high if endpoint else high - 1
        check(low, top, endpoint)
        return np.int64(low), np.int64(top) - np.int64(low)

    def fill_ints(g, flat, off, rng):
        state = np.zeros(2, np.int64)
        for i in range(len(flat)):
            flat[i] = draw(g, state, off, rng)

    def integers_impl(g, low, high=None, size=None, dtype=None, endpoint=False):
        if high is None:
            off, rng = span(0, low, endpoint)
        else:
            off, rng = span(low, high, endpoint)
        out = np.empty(1, cls)
        fill_ints(g, out, off, rng)
        return out[0]

    def integers_fill(g, low, high=None, size=None, dtype=None, endpoint=False):
        out = np.empty(size, cls)
        if out.size == 0:                         # NumPy: before any check
            return out
        if high is None:
            off, rng = span(0, low, endpoint)
        else:
            off, rng = span(low, high, endpoint)
        fill_ints(g, out.reshape(-1), off, rng)
        return out
    return integers_impl, integers_fill


# -- typing ---------------------------------------------------------------------------------------

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


def _int_checks(bound):
    from ..types import Boolean, Const
    endpoint = bound.get("endpoint")
    return (is_int(bound.get("low")) and (is_none(bound.get("high")) or is_int(bound.get("high")))
            and _int_dtype(bound.get("dtype")) is not None
            and (is_none(endpoint) or isinstance(endpoint, Boolean) or isinstance(endpoint, Const)
                 and isinstance(endpoint.value, bool)))


def _float_bits(t):
    """64 or 32 for a dtype= of float64 (or omitted) or float32; else None."""
    from ..types import Const
    if is_none(t):
        return 64
    if not isinstance(t, Const):
        return None
    try:
        return {np.float64: 64, np.float32: 32}.get(np.dtype(t.value).type)
    except TypeError:
        return None


def _method_name(t):
    from ..types import Const
    if is_none(t):
        return "zig"
    return t.value if isinstance(t, Const) and t.value in ("zig", "inv") else None


def _float_draws():
    """(method name, method=, bits) -> the draw."""
    normal, exponential, normal32, exponential32 = _ziggurats()[:4]
    return {("random", "zig", 64): _random, ("random", "zig", 32): _random32,
            ("standard_normal", "zig", 64): normal, ("standard_normal", "zig", 32): normal32,
            ("standard_exponential", "zig", 64): exponential, ("standard_exponential", "zig", 32): exponential32,
            ("standard_exponential", "inv", 64): _exponential_inv, ("standard_exponential", "inv", 32): _exponential_inv32}


def _float_typer(name, names):
    """The typer of random / standard_normal / standard_exponential (dtype float64 or float32)."""
    def typer(g, *args, **kws):
        if not isinstance(g, NumPyRandomGeneratorType) or len(args) > len(names) or any(k not in names for k in kws):
            return None
        bound = dict(zip(names, args))
        bound.update(kws)
        bits, method, size = _float_bits(bound.get("dtype")), _method_name(bound.get("method")), bound.get("size")
        if bits is None or method is None or not is_none(bound.get("out")):
            return None
        one, many = _float_method(_float_draws()[name, method, bits], np.float64 if bits == 64 else np.float32)
        if is_none(size):
            return one
        return many if is_size(size) else None
    return typer


random = overload("generator.random")(_float_typer("random", ("size", "dtype", "out")))
standard_normal = overload("generator.standard_normal")(_float_typer("standard_normal", ("size", "dtype", "out")))
standard_exponential = overload("generator.standard_exponential")(
    _float_typer("standard_exponential", ("size", "dtype", "method", "out")))


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
