"""Tuples: heterogeneous (Tuple) or homogeneous (UniTuple is a Tuple whose items agree).

    >>> from numjit.types import int64, float64
    >>> Tuple((int64, float64)), Tuple((int64, int64)).is_uniform
    ((int64, float64), True)

Data model: a literal struct of the items' value types.
"""
from llvmlite import ir

from .base import Type


class Tuple(Type):
    kind = "tuple"

    def __init__(self, items):
        self.items = tuple(items)
        inner = ", ".join(map(repr, self.items))
        super().__init__(f"({inner},)" if len(self.items) == 1 else f"({inner})")

    @property
    def key(self):
        return (Tuple, self.items)

    @property
    def is_uniform(self):
        return len(set(self.items)) <= 1

    # numba's names: a Tuple's `types`; a uniform one's `dtype` and `count` (its UniTuple view)
    types = property(lambda self: self.items)
    count = property(lambda self: len(self.items))
    dtype = property(lambda self: self.items[0] if self.items and self.is_uniform else None)

    def __len__(self):
        return len(self.items)

    def llvm(self):
        return ir.LiteralStructType([t.llvm() for t in self.items])

    def unify(self, other):
        from .scalars import unify
        if isinstance(other, Tuple) and len(other.items) == len(self.items):
            items = [unify(a, b) for a, b in zip(self.items, other.items)]
            if all(t is not None for t in items):
                return Tuple(items)
        return None
