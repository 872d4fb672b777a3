"""range objects as values: `r = range(a, b, c)`, `len(r)`, `for i in r` (loops over range(...) calls
directly are lowered without an object, see lowering/loops.py).

    >>> from numjit.types import int64
    >>> from numjit.typing.registry import resolve
    >>> resolve(range, (int64, int64)).signature.return_type
    range
"""
from llvmlite import ir

from ..types import Signature
from ..types.scalars import int64, is_intlike
from ..types.slices import RangeType
from ..typing.registry import intrinsic

I64 = ir.IntType(64)
range_type = RangeType()


@intrinsic(range)
def make_range(*args):
    if not 1 <= len(args) <= 3 or not all(is_intlike(a) for a in args):
        return None

    def codegen(low, sig, values):
        b = low.builder
        zero, one = ir.Constant(I64, 0), ir.Constant(I64, 1)
        start, stop, step = (zero, values[0], one) if len(values) == 1 else (
            values[0], values[1], values[2] if len(values) == 3 else one)
        low.guard(b.icmp_signed("==", step, zero), ValueError, "range() arg 3 must not be zero")
        out = ir.Constant(range_type.llvm(), ir.Undefined)
        for i, v in enumerate((start, stop, step)):
            out = b.insert_value(out, v, i)
        return out
    return Signature(range_type, (int64,) * len(args)), codegen


def range_length(b, r):
    start, stop, step = (b.extract_value(r, i) for i in range(3))
    zero, one = ir.Constant(I64, 0), ir.Constant(I64, 1)
    up = b.select(b.icmp_signed(">", stop, start),
                  b.sdiv(b.add(b.sub(stop, start), b.sub(step, one)), step), zero)
    neg = b.neg(step)
    down = b.select(b.icmp_signed(">", start, stop),
                    b.sdiv(b.add(b.sub(start, stop), b.sub(neg, one)), neg), zero)
    return b.select(b.icmp_signed(">", step, zero), up, down)


@intrinsic(len)
def range_len(r):
    if not isinstance(r, RangeType):
        return None
    return Signature(int64, (r,)), lambda low, sig, a: range_length(low.builder, a[0])


@intrinsic("iter")
def range_iter(r):
    if not isinstance(r, RangeType):
        return None

    def codegen(low, sig, a):
        from ..lowering.loops import _Iter
        b = low.builder
        value = a[0]
        start, step = b.extract_value(value, 0), b.extract_value(value, 2)
        return _Iter(range_length(b, value), lambda k: b.add(start, b.mul(k, step)), int64)
    return Signature(int64, (r,)), codegen
