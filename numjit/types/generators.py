"""The type of a generator expression written as a call's argument (`sum(x * x for x in a)`):
the consumer runs its loops where it is written, so the value itself is a placeholder.

    >>> import ast
    >>> from numjit.types import float64
    >>> node = ast.parse("(x for x in a)", mode="eval").body
    >>> GeneratorExprType(node, float64, None)
    generator(float64)
"""
from llvmlite import ir

from .base import Type


class GeneratorExprType(Type):
    kind = "generator"
    local_only = True          # cannot be passed to a function: its loops are the caller's code

    def __init__(self, node, item, length):
        self.node, self.item, self.length = node, item, length     # length: a compile-time count, or None
        super().__init__(f"generator({item})")

    @property
    def key(self):
        return (GeneratorExprType, id(self.node), self.item)

    def llvm(self):
        return ir.IntType(8)
