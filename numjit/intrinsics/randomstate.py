"""Views of the calling thread's random state block (numjit/runtime/randomstate.py) as arrays:
`rng_words()` the 624 MT19937 words (uint32), `rng_ints()` pos / has_gauss / entropy seed,
`rng_gauss()` the cached normal (NumPy's legacy stream); `py_words()`, `py_ints()`, `py_gauss()`
the same for Python's `random` module. The block is created zeroed on a thread's first use, with
pos = -1 and a seed from getentropy() for each stream, so numjit/lib/numpy_random.py (pyrandom.py)
seeds it on first draw
(a failed 5 KiB calloc aborts). The views own nothing (null meminfo).
`libm_pow(x, y)` is C's pow as NumPy's generators call it: never rewritten by LLVM (a constant
y = 0.5 would otherwise become sqrt, which rounds differently from libm in the last bit);
`libm_log1pf(x)`, `libm_logf(x)`, `libm_expf(x)`, `libm_powf(x, y)` likewise, for the float32
draws.

    >>> from numjit.typing.registry import resolve
    >>> resolve(rng_words, ()).signature.return_type, resolve(rng_gauss, ()).signature.return_type
    (uint32[::1], float64[::1])
"""
from llvmlite import ir

from ..runtime import randomstate as rs
from ..types import Signature, Array, Float
from ..types.arrays import MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES
from ..types.scalars import uint32, int64, float32, float64
from ..typing.registry import intrinsic

I8, I32, I64, PTR = ir.IntType(8), ir.IntType(32), ir.IntType(64), ir.PointerType()


def rng_words():
    """The MT19937 state of the calling thread (uint32[::1] of 624)."""


def rng_ints():
    """pos, has_gauss, entropy seed, spare (int64[::1] of 4)."""


def rng_gauss():
    """The cached gaussian (float64[::1] of 1)."""


def py_words():
    """The MT19937 state of the calling thread's Python `random` stream (uint32[::1] of 624)."""


def py_ints():
    """pos, has_gauss, entropy seed, spare of the Python `random` stream (int64[::1] of 4)."""


def py_gauss():
    """The Python `random` stream's gauss_next (float64[::1] of 1)."""


BLOCK_FN = "numjit.random_block"


def _block(low):
    """The thread's block, from one small function per module that pthread_getspecific's it and
    creates it on first use. The function is declared readnone: on one thread it always returns
    the same block, so LLVM may merge calls and hoist them out of loops (one lookup per loop
    instead of one per draw)."""
    ctx = low.ctx
    fn = ctx.module.globals.get(BLOCK_FN)
    if fn is None:
        fn = ir.Function(ctx.module, ir.FunctionType(PTR, []), BLOCK_FN)
        fn.linkage = "internal"
        for attr in ("readnone", "nounwind", "noinline"):
            fn.attributes.add(attr)
        _define_block(ctx, fn)
    return low.builder.call(fn, [])


def _define_block(ctx, fn):
    rs.register()
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    key = b.load(ctx.global_var(rs.SYMBOL, I32))
    block = b.call(ctx.declare("pthread_getspecific", PTR, [I32]), [key])
    create = fn.append_basic_block("create")
    done = fn.append_basic_block("done")
    b.cbranch(b.icmp_unsigned("==", block, ir.Constant(PTR, None)), create, done)
    b.position_at_end(create)
    fresh = b.call(ctx.declare("calloc", PTR, [I64, I64]), [ir.Constant(I64, 1), ir.Constant(I64, rs.BLOCK_BYTES)])
    failed = fn.append_basic_block("failed")
    ready = fn.append_basic_block("ready")
    b.cbranch(b.icmp_unsigned("==", fresh, ir.Constant(PTR, None)), failed, ready)
    b.position_at_end(failed)                          # 5 KiB not available: nothing sensible left
    b.call(ctx.declare("abort", ir.VoidType(), []), [])
    b.unreachable()
    b.position_at_end(ready)
    for base in (0, rs.PY_OFFSET):                     # each stream: not seeded, an entropy seed
        b.store(ir.Constant(I64, -1), b.gep(fresh, [ir.Constant(I64, base + rs.INTS_OFFSET)], source_etype=I8))
        seed = b.gep(fresh, [ir.Constant(I64, base + rs.INTS_OFFSET + 16)], source_etype=I8)
        b.call(ctx.declare("getentropy", I32, [PTR, I64]), [seed, ir.Constant(I64, 4)])
    b.call(ctx.declare("pthread_setspecific", I32, [I32, PTR]), [key, fresh])
    b.branch(done)
    b.position_at_end(done)
    result = b.phi(PTR)
    result.add_incoming(block, fn.basic_blocks[0])
    result.add_incoming(fresh, ready)
    b.ret(result)


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
intrinsic(py_words)(_view_typer(uint32, rs.WORDS, rs.PY_OFFSET + rs.WORDS_OFFSET))
intrinsic(py_ints)(_view_typer(int64, rs.INTS, rs.PY_OFFSET + rs.INTS_OFFSET))
intrinsic(py_gauss)(_view_typer(float64, rs.GAUSS, rs.PY_OFFSET + rs.GAUSS_OFFSET))


def entropy32():
    """Four fresh bytes from getentropy() as a non-negative int64 (random.seed() without a seed)."""


@intrinsic(entropy32)
def entropy32_typer():
    def codegen(low, sig, args):
        b = low.builder
        slot = low.ctx.alloca(b, I64)
        b.store(ir.Constant(I64, 0), slot)
        b.call(low.ctx.declare("getentropy", I32, [PTR, I64]), [slot, ir.Constant(I64, 4)])
        return b.load(slot)
    return Signature(int64, ()), codegen


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


def libm_log1pf(x):
    """log1pf(x) of a float32 through libm."""


def libm_logf(x):
    """logf(x) of a float32 through libm."""


def libm_expf(x):
    """expf(x) of a float32 through libm."""


def libm_powf(x, y):
    """powf(x, y) of float32s through libm."""


def _libm_float_typer(symbol, arity):
    def typer(*args):
        if len(args) != arity or any(t != float32 for t in args):
            return None

        def codegen(low, sig, values):
            rs.register()
            fn = low.ctx.declare(symbol, ir.FloatType(), [ir.FloatType()] * len(values))
            return low.builder.call(fn, values)
        return Signature(float32, tuple(args)), codegen
    return typer


for _fn in (libm_log1pf, libm_logf, libm_expf, libm_powf):
    intrinsic(_fn)(_libm_float_typer(f"numjit_{_fn.__name__}", _fn.__code__.co_argcount))
