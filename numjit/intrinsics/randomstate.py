"""Views of the calling thread's random state block (numjit/runtime/randomstate.py) as arrays:
`rng_words()` the 624 MT19937 words (uint32), `rng_ints()` pos / has_gauss / entropy seed,
`rng_gauss()` the cached normal. The block is created zeroed on a thread's first use, with
pos = -1 and a seed from getentropy(), so numjit/lib/numpy_random.py seeds it on first draw.
`libm_pow(x, y)` is C's pow as NumPy's generators call it: never rewritten by LLVM (a constant
y = 0.5 would otherwise become sqrt, which rounds differently from libm in the last bit).

    >>> from numjit.typing.registry import resolve
    >>> resolve(rng_words, ()).signature.return_type, resolve(rng_gauss, ()).signature.return_type
    (uint32[::1], float64[::1])
"""
from llvmlite import ir

from ..runtime import randomstate as rs
from ..types import Signature, Array
from ..types.arrays import MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES
from ..types.scalars import uint32, int64, float64
from ..types import Float
from ..typing.registry import intrinsic

I8, I32, I64, PTR = ir.IntType(8), ir.IntType(32), ir.IntType(64), ir.PointerType()


def rng_words():
    """The MT19937 state of the calling thread (uint32[::1] of 624)."""


def rng_ints():
    """pos, has_gauss, entropy seed, spare (int64[::1] of 4)."""


def rng_gauss():
    """The cached gaussian (float64[::1] of 1)."""


def _block(low):
    """The thread's block: pthread_getspecific(key), created on first use."""
    b, ctx, fn = low.builder, low.ctx, low.fn
    rs.register()
    key_var = ctx.global_var(rs.SYMBOL, I32)
    key = b.load(key_var)
    get = ctx.declare("pthread_getspecific", PTR, [I32])
    block = b.call(get, [key])
    slot = ctx.alloca(b, PTR)
    b.store(block, slot)
    with b.if_then(b.icmp_unsigned("==", block, ir.Constant(PTR, None)), likely=False):
        calloc = ctx.declare("calloc", PTR, [I64, I64])
        fresh = b.call(calloc, [ir.Constant(I64, 1), ir.Constant(I64, rs.BLOCK_BYTES)])
        low.guard(b.icmp_unsigned("==", fresh, ir.Constant(PTR, None)), MemoryError,
                  "cannot allocate the random state")
        ints = b.gep(fresh, [ir.Constant(I64, rs.INTS_OFFSET)], source_etype=I8)
        b.store(ir.Constant(I64, -1), ints)                              # pos: not seeded yet
        seed = b.gep(fresh, [ir.Constant(I64, rs.INTS_OFFSET + 16)], source_etype=I8)
        entropy = ctx.declare("getentropy", I32, [PTR, I64])
        b.call(entropy, [seed, ir.Constant(I64, 4)])
        setspecific = ctx.declare("pthread_setspecific", I32, [I32, PTR])
        b.call(setspecific, [key, fresh])
        b.store(fresh, slot)
    return b.load(slot)


def _view_typer(dtype, count, offset):
    result = Array(dtype, 1, "C")

    def codegen(low, sig, args):
        b = low.builder
        data = b.gep(_block(low), [ir.Constant(I64, offset)], source_etype=I8)
        size = dtype.dtype.itemsize
        out = ir.Constant(result.llvm(), ir.Undefined)
        for field, value in ((MEMINFO, ir.Constant(PTR, None)), (PARENT, ir.Constant(PTR, None)),
                             (NITEMS, ir.Constant(I64, count)), (ITEMSIZE, ir.Constant(I64, size)),
                             (DATA, data)):
            out = b.insert_value(out, value, field)
        out = b.insert_value(out, ir.Constant(I64, count), [SHAPE, 0])
        return b.insert_value(out, ir.Constant(I64, size), [STRIDES, 0])

    def typer():
        return Signature(result, ()), codegen
    return typer


intrinsic(rng_words)(_view_typer(uint32, rs.WORDS, rs.WORDS_OFFSET))
intrinsic(rng_ints)(_view_typer(int64, rs.INTS, rs.INTS_OFFSET))
intrinsic(rng_gauss)(_view_typer(float64, rs.GAUSS, rs.GAUSS_OFFSET))


def libm_pow(x, y):
    """pow(x, y) of float64s through libm, exactly as C code calls it."""


@intrinsic(libm_pow)
def libm_pow_typer(x, y):
    if not (isinstance(x, Float) and isinstance(y, Float) and x.bits == y.bits == 64):
        return None

    def codegen(low, sig, args):
        double = ir.DoubleType()
        rs.register()
        fn = low.ctx.declare(rs.POW_SYMBOL, double, [double, double])
        return low.builder.call(fn, args)
    return Signature(float64, (float64, float64)), codegen
