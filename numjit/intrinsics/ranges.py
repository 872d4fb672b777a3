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


def range_count(b, start, stop, step, signed=True, step_sign=0):
    """len(range(start, stop, step)) without overflow: the span |stop - start| is exact as an
    unsigned number even where it passes 2**63 (range(-2**62, 2**62, 2**62) has 2 items), and
    ceil(span / |step|) = (span - 1) // |step| + 1 divides it unsigned. `step_sign`: +1 or -1
    when the step's sign is known at compile time, 0 to choose at run time."""
    one, zero = ir.Constant(start.type, 1), ir.Constant(start.type, 0)
    cmp = b.icmp_signed if signed else b.icmp_unsigned

    def count(low, high, size):
        n = b.add(b.udiv(b.sub(b.sub(high, low), one), size), one)
        return b.select(cmp(">", high, low), n, zero)
    if step_sign > 0:
        return count(start, stop, step)
    if step_sign < 0:
        return count(stop, start, b.neg(step))
    return b.select(b.icmp_signed(">", step, zero), count(start, stop, step), count(stop, start, b.neg(step)))


def range_length(b, r):
    start, stop, step = (b.extract_value(r, i) for i in range(3))
    return range_count(b, start, stop, step)


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
