"""Draws from a NumPy bit generator (a np.random.Generator's `bitgen_t`, numjit/types/rng.py):
`next_uint64(g)`, `next_uint32(g)`, `next_double(g)` call the bit generator's own C functions
through the struct's pointers {state, next_uint64, next_uint32, next_double, next_raw}, so the
stream and the Python-side state are NumPy's. `mulhi64(a, b)` is the high word of the 128-bit
product of two uint64s (Lemire's bounded integers).

    >>> from numjit.types.rng import numpy_generator
    >>> from numjit.types import uint64
    >>> from numjit.typing.registry import resolve
    >>> resolve(next_double, (numpy_generator,)).signature, resolve(mulhi64, (uint64, uint64)).signature
    (float64(NumPyRandomGeneratorType), uint64(uint64, uint64))
"""
from llvmlite import ir

from ..types import Signature
from ..types.rng import NumPyRandomGeneratorType
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
            state = b.load(args[0], typ=PTR)
            fnty = ir.FunctionType(result.llvm(), [PTR])
            fn = b.load(b.gep(args[0], [ir.Constant(I64, offset)], source_etype=I8), typ=fnty.as_pointer())
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
