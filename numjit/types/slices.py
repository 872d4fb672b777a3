"""Slices used as indexes: `a[1:n:2]`; None start/stop are resolved against the axis length.

    >>> SliceType(unit_step=True), str(SliceType(unit_step=True).llvm())
    (slice(step=1), '{i64, i64, i64, i1, i1}')

Data model: {i64 start, i64 stop, i64 step, i1 start_is_none, i1 stop_is_none}.
`unit_step` records a step that is omitted (so 1 at compile time), which keeps layouts.
"""
from llvmlite import ir

from .base import Type


class SliceType(Type):
    kind = "slice"

    def __init__(self, unit_step):
        self.unit_step = unit_step
        super().__init__("slice(step=1)" if unit_step else "slice")

    def llvm(self):
        i64, i1 = ir.IntType(64), ir.IntType(1)
        return ir.LiteralStructType([i64, i64, i64, i1, i1])


class RangeType(Type):
    """A `range(...)` object used as a value (len, iteration); data model {i64 start, i64 stop, i64 step}."""
    kind = "range"

    def __init__(self):
        super().__init__("range")

    def llvm(self):
        i64 = ir.IntType(64)
        return ir.LiteralStructType([i64, i64, i64])
