"""Compile-time values: modules, functions, classes, strings, dtypes — typed as `Const`.

    >>> import math
    >>> Const(math), Const(math).value is math
    (const(module math), True)

A `Const` has no run-time state (an i8 placeholder); the compiler reads its
`value` while typing (e.g. `math.exp` resolves to an intrinsic).
"""
import types as pytypes

from llvmlite import ir

from .base import Type


def _describe(value):
    if isinstance(value, pytypes.ModuleType):
        return f"module {value.__name__}"
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if name is not None and not isinstance(value, str):
        kind = "jitted function" if hasattr(value, "py_func") else type(value).__name__
        return f"{kind} {name}"
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "..."


class Const(Type):
    kind = "const"

    def __init__(self, value):
        self.value = value
        super().__init__(f"const({_describe(value)})")

    @property
    def key(self):
        try:
            hash(self.value)
            return (Const, type(self.value), self.value)
        except TypeError:
            return (Const, id(self.value))

    @property
    def literal_value(self):
        """numba's name for the value of a literal type."""
        return self.value

    def llvm(self):
        return ir.IntType(8)

    def unify(self, other):
        """Two string literals (or a literal and a str) make a str (bytes: bytes); two different
        functions unify to the choice of them (types/closures.py)."""
        from .strings import text_type
        mine = text_type(self)
        if mine is not None:
            return mine if text_type(other) == mine else None
        from .closures import function_choice
        return function_choice(self, other)


class Undefined(Type):
    """The type of a value not known yet (a recursive call still being typed)."""
    kind = "undefined"

    def __init__(self):
        super().__init__("undefined")


undefined = Undefined()
