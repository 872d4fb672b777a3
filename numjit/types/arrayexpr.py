"""Array expressions: `np.exp(-a) / (1.0 + b)` typed as one lazy tree, evaluated in one fused loop.

An ArrayExpr is materialised (one allocation, one loop) where an array is needed —
stored in a variable, passed to a function, returned — and never materialised
when a reduction consumes it (`np.sum(w[q] * window)` allocates nothing).

    >>> import operator
    >>> from numjit.types import float32, float64
    >>> e = ArrayExpr(float32, 2, ("op", operator.mul, (float32, float32), float32, (("leaf", 0), ("leaf", 1))),
    ...               (float32[:, ::1], float32[:, :]))
    >>> e, e.as_array()
    (arrayexpr(float32, 2d), float32[:, ::1])

Data model: a struct of the leaves' values (arrays and scalars), in leaf order.
"""
from llvmlite import ir

from .arrays import Array
from .base import Type
from .containers import Tuple


class ArrayExpr(Type):
    kind = "arrayexpr"

    def __init__(self, dtype, ndim, tree, leaves):
        self.dtype, self.ndim, self.tree, self.leaves = dtype, ndim, tree, tuple(leaves)
        super().__init__(f"arrayexpr({dtype}, {ndim}d)")

    @property
    def key(self):
        return (ArrayExpr, self.dtype, self.ndim, self.tree, self.leaves)

    def llvm(self):
        return ir.LiteralStructType([t.llvm() for t in self.leaves])

    def as_array(self):
        return Array(self.dtype, self.ndim, "C")

    def unify(self, other):
        return self.as_array().unify(concrete(other))


def concrete(ty):
    """The type a value is stored as: array expressions become arrays (also inside tuples)."""
    if isinstance(ty, ArrayExpr):
        return ty.as_array()
    if type(ty) is Tuple and any(isinstance(t, (ArrayExpr, Tuple)) for t in ty.items):
        return Tuple([concrete(t) for t in ty.items])
    return ty
