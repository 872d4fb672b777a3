"""Radix-sort keys: `sort_key(x)` maps a bool, integer or float to an int64 whose bits, read as
an unsigned number, order as NumPy sorts: equal values (0.0 and -0.0, every NaN) give equal
keys, NaN sorts after +inf. numjit/lib/numpy_radix.py sorts by these keys one byte at a time.

Floats: the IEEE bits with the sign bit flipped for positives and every bit flipped for
negatives; NaN is all ones. Signed integers narrower than 64 bits are offset by 2**(bits-1) so
that only their low bytes vary; int64 has its sign bit flipped.

    >>> from numjit.types import float32, int8, uint64
    >>> from numjit.typing.registry import resolve
    >>> resolve(sort_key, (float32,)).signature, key_bytes(int8), key_bytes(uint64)
    (int64(float32), 1, 8)
"""
from llvmlite import ir

from ..types import Signature, Boolean, Float, Integer
from ..types.scalars import int64
from ..typing.registry import intrinsic

I64 = ir.IntType(64)
MIN = -(1 << 63)


def sort_key(x):
    """An int64 whose unsigned order is NumPy's sort order of x (NaN last, -0.0 == 0.0)."""


def key_bytes(t):
    """How many low bytes of sort_key(x) can vary for a value of type t (None: no radix key)."""
    if isinstance(t, Boolean):
        return 1
    if isinstance(t, Integer) or isinstance(t, Float) and t.bits in (32, 64):
        return t.bits // 8
    return None


def _float_key(b, x, t):
    width = ir.IntType(t.bits)
    bits = b.bitcast(b.fadd(x, ir.Constant(x.type, 0.0)), width)     # -0.0 + 0.0 is +0.0
    flip = b.or_(b.ashr(bits, ir.Constant(width, t.bits - 1)), ir.Constant(width, 1 << (t.bits - 1)))
    key = b.xor(bits, flip)
    key = b.zext(key, I64) if t.bits < 64 else key
    nan = ir.Constant(I64, (1 << t.bits) - 1 if t.bits < 64 else -1)
    return b.select(b.fcmp_unordered("uno", x, x), nan, key)


def _int_key(b, x, t):
    if isinstance(t, Boolean) or not t.signed:
        return b.zext(x, I64) if t.bits < 64 else x
    if t.bits == 64:
        return b.xor(x, ir.Constant(I64, MIN))
    return b.add(b.sext(x, I64), ir.Constant(I64, 1 << (t.bits - 1)))


@intrinsic(sort_key)
def sort_key_typer(x):
    if key_bytes(x) is None:
        return None

    def codegen(low, sig, args):
        if isinstance(x, Float):
            return _float_key(low.builder, args[0], x)
        return _int_key(low.builder, args[0], x)
    return Signature(int64, (x,)), codegen
