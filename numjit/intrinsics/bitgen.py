"""Draws from a NumPy bit generator (a np.random.Generator's `bitgen_t`, numjit/types/rng.py):
`next_uint64(g)`, `next_uint32(g)`, `next_double(g)` call the bit generator's own C functions
through the struct's pointers {state, next_uint64, next_uint32, next_double, next_raw}, so the
stream and the Python-side state are NumPy's. `mulhi64(a, b)` is the high word of the 128-bit
product of two uint64s (Lemire's bounded integers).

`pcg64_generator(seed_hi, seed_lo, inc_hi, inc_lo)` makes a Generator in compiled code: a
reference-counted block holding a bitgen_t whose functions are PCG64 written here in IR
(NumPy's pcg64.c: a 128-bit LCG, XSL-RR output, 32-bit draws from buffered halves), seeded as
NumPy's pcg64_set_seed (numjit/lib/numpy_generator.py derives the words as SeedSequence does).

    >>> from numjit.types.rng import numpy_generator
    >>> from numjit.types import uint64
    >>> from numjit.typing.registry import resolve
    >>> resolve(next_double, (numpy_generator,)).signature, resolve(mulhi64, (uint64, uint64)).signature
    (float64(NumPyRandomGeneratorType), uint64(uint64, uint64))
"""
from llvmlite import ir

from ..types import Signature
from ..types.rng import NumPyRandomGeneratorType, numpy_generator
from ..types.scalars import uint32, uint64, float64
from ..typing.registry import intrinsic

I8, I32, I64, I128 = ir.IntType(8), ir.IntType(32), ir.IntType(64), ir.IntType(128)
PTR = ir.PointerType()


def next_uint64(g):
    """The bit generator's next 64 random bits."""


def next_uint32(g):
    """The bit generator's next 32 random bits (half of a buffered 64-bit draw for PCG64)."""


def next_double(g):
    """The bit generator's next double in [0, 1)."""


def mulhi64(a, b):
    """(a * b) >> 64 for uint64 a, b."""


def _draw(offset, result):
    def typer(g):
        if not isinstance(g, NumPyRandomGeneratorType):
            return None

        def codegen(low, sig, args):
            b = low.builder
            bitgen = b.extract_value(args[0], 1)
            state = b.load(bitgen, typ=PTR)
            fnty = ir.FunctionType(result.llvm(), [PTR])
            fn = b.load(b.gep(bitgen, [ir.Constant(I64, offset)], source_etype=I8), typ=fnty.as_pointer())
            return b.call(fn, [state])
        return Signature(result, (g,)), codegen
    return typer


intrinsic(next_uint64)(_draw(8, uint64))
intrinsic(next_uint32)(_draw(16, uint32))
intrinsic(next_double)(_draw(24, float64))


@intrinsic(mulhi64)
def mulhi64_typer(a, b):
    if a != uint64 or b != uint64:
        return None

    def codegen(low, sig, args):
        bld = low.builder
        wide = bld.mul(bld.zext(args[0], I128), bld.zext(args[1], I128))
        return bld.trunc(bld.lshr(wide, ir.Constant(I128, 64)), I64)
    return Signature(uint64, (uint64, uint64)), codegen


# -- PCG64 made in compiled code -------------------------------------------------------------------

def pcg64_generator(seed_hi, seed_lo, inc_hi, inc_lo):
    """A Generator on a fresh PCG64 seeded with the 128-bit seed and increment words."""


MULTIPLIER = (2549297995355413924 << 64) + 4865540595714422341
STATE, INC, HAS32, HALF = 64, 80, 96, 100          # offsets in the block, after the bitgen_t
BLOCK_BYTES = 112


def _pcg64_functions(ctx):
    """The three draw functions (state pointer → draw), defined once per module."""
    names = ("numjit.pcg64.next64", "numjit.pcg64.next32", "numjit.pcg64.double")
    if names[0] in ctx.module.globals:
        return [ctx.module.globals[n] for n in names]
    next64 = ir.Function(ctx.module, ir.FunctionType(I64, [PTR]), names[0])
    b = ir.IRBuilder(next64.append_basic_block())
    st = next64.args[0]
    state = b.load(st, typ=I128)
    inc = b.load(b.gep(st, [ir.Constant(I64, INC - STATE)], source_etype=I8), typ=I128)
    state = b.add(b.mul(state, ir.Constant(I128, MULTIPLIER)), inc)
    b.store(state, st)
    high = b.trunc(b.lshr(state, ir.Constant(I128, 64)), I64)
    mixed = b.xor(high, b.trunc(state, I64))
    rot = b.trunc(b.lshr(state, ir.Constant(I128, 122)), I64)
    left = b.and_(b.sub(ir.Constant(I64, 0), rot), ir.Constant(I64, 63))
    b.ret(b.or_(b.lshr(mixed, rot), b.shl(mixed, left)))

    next32 = ir.Function(ctx.module, ir.FunctionType(I32, [PTR]), names[1])
    b = ir.IRBuilder(next32.append_basic_block())
    st = next32.args[0]
    has = b.gep(st, [ir.Constant(I64, HAS32 - STATE)], source_etype=I8)
    half = b.gep(st, [ir.Constant(I64, HALF - STATE)], source_etype=I8)
    with b.if_else(b.icmp_signed("!=", b.load(has, typ=I32), ir.Constant(I32, 0))) as (buffered, fresh):
        with buffered:
            b.store(ir.Constant(I32, 0), has)
            first = b.load(half, typ=I32)
            first_block = b.block
        with fresh:
            draw = b.call(next64, [st])
            b.store(ir.Constant(I32, 1), has)
            b.store(b.trunc(b.lshr(draw, ir.Constant(I64, 32)), I32), half)
            second = b.trunc(draw, I32)
            second_block = b.block
    out = b.phi(I32)
    out.add_incoming(first, first_block)
    out.add_incoming(second, second_block)
    b.ret(out)

    double = ir.Function(ctx.module, ir.FunctionType(ir.DoubleType(), [PTR]), names[2])
    b = ir.IRBuilder(double.append_basic_block())
    bits = b.lshr(b.call(next64, [double.args[0]]), ir.Constant(I64, 11))
    b.ret(b.fmul(b.uitofp(bits, ir.DoubleType()), ir.Constant(ir.DoubleType(), 1.0 / 9007199254740992.0)))
    for fn in (next64, next32, double):
        fn.linkage = "internal"
    return next64, next32, double


@intrinsic(pcg64_generator)
def pcg64_generator_typer(seed_hi, seed_lo, inc_hi, inc_lo):
    if any(t != uint64 for t in (seed_hi, seed_lo, inc_hi, inc_lo)):
        return None

    def codegen(low, sig, args):
        ctx, b = low.ctx, low.builder
        meminfo = b.call(ctx.declare("numjit_meminfo_alloc", PTR, [I64]), [ir.Constant(I64, BLOCK_BYTES)])
        with b.if_then(b.icmp_unsigned("==", meminfo, ir.Constant(PTR, None)), likely=False):
            low.raise_error(MemoryError, "cannot allocate a random generator")
        block = b.load(b.gep(meminfo, [ir.Constant(I64, 8)], source_etype=I8), typ=PTR)
        state = b.gep(block, [ir.Constant(I64, STATE)], source_etype=I8)
        next64, next32, double = _pcg64_functions(ctx)
        for offset, value in ((0, state), (8, next64), (16, next32), (24, double), (32, next64)):
            b.store(value, b.gep(block, [ir.Constant(I64, offset)], source_etype=I8))

        def wide(hi, lo):
            return b.or_(b.shl(b.zext(hi, I128), ir.Constant(I128, 64)), b.zext(lo, I128))
        mult = ir.Constant(I128, MULTIPLIER)
        inc = b.or_(b.shl(wide(args[2], args[3]), ir.Constant(I128, 1)), ir.Constant(I128, 1))
        value = b.add(b.add(inc, wide(args[0], args[1])), ir.Constant(I128, 0))   # (0 * mult + inc) + seed
        value = b.add(b.mul(value, mult), inc)
        b.store(value, state)
        b.store(inc, b.gep(block, [ir.Constant(I64, INC)], source_etype=I8))
        b.store(ir.Constant(I32, 0), b.gep(block, [ir.Constant(I64, HAS32)], source_etype=I8))
        b.store(ir.Constant(I32, 0), b.gep(block, [ir.Constant(I64, HALF)], source_etype=I8))
        out = b.insert_value(ir.Constant(numpy_generator.llvm(), [ir.Constant(PTR, None)] * 3), meminfo, 0)
        return b.insert_value(out, block, 1)
    codegen.new_ref = True
    return Signature(numpy_generator, (uint64,) * 4), codegen
