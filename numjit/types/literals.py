"""Literal arguments (numba's literal dispatch): the type of an int, bool or str argument whose
value a dispatcher compiled a specialisation for, because the code asked for it with
`literally(x)` (numjit/typing/literal_dispatch.py). The type, its data model and its unboxing.

    >>> LiteralArg(3), LiteralArg("a"), LiteralArg(True)
    (Literal[int](3), Literal[str](a), Literal[bool](True))
    >>> LiteralArg(3).body_type(), LiteralArg("a").body_type(), LiteralArg(3) == Const(3)
    (int64, const('a'), False)

A `LiteralArg` is a `Const` (`isinstance(t, types.IntegerLiteral)`, `t.literal_value` in an
overload's typer), with no run-time data. Inside the function that receives it, the parameter is
a variable of its body type (int64, bool, or the string constant) whose value the compiler knows.
A specialisation takes only arguments of the value's exact type and an equal value: the native
dispatch compares them (`unbox_literal`), so `f(2)` and `f(3)` each call their own code.
"""
from llvmlite import ir

from .misc import Const

PTR, I8, I32 = ir.PointerType(), ir.IntType(8), ir.IntType(32)
PY_EQ = 2
LITERAL_VALUE_TYPES = (bool, int, str)


class LiteralArg(Const):
    """The value of an argument as its type (numba's IntegerLiteral, BooleanLiteral, StringLiteral)."""

    def __init__(self, value):
        super().__init__(value)
        self.name = f"Literal[{type(value).__name__}]({value})"

    @property
    def key(self):
        return (LiteralArg, type(self.value), self.value)

    def body_type(self):
        """The parameter's type inside the function: a number type whose value is known (int64,
        bool), or the string constant."""
        from ..typing.constants import literal_type
        return Const(self.value) if isinstance(self.value, str) else literal_type(self.value)


def literal_arg(value):
    """The LiteralArg of an argument value, or None for values that have none (floats, arrays...)."""
    if type(value) is str or type(value) in LITERAL_VALUE_TYPES and -(1 << 63) <= value < (1 << 64):
        return LiteralArg(value)
    return None


def unbox_literal(ctx, b, obj, ty, fail):
    """Match only an object of the value's exact type (True is not 1) that equals the value; the
    value object is held by the type, which the dispatcher's signatures keep alive."""
    from ..runtime.boxing import type_of, _branch_unless
    exact_type = ir.Constant(ir.IntType(64), id(type(ty.value))).inttoptr(PTR)
    _branch_unless(b, b.icmp_unsigned("==", type_of(b, obj), exact_type), fail)
    expected = ir.Constant(ir.IntType(64), id(ty.value)).inttoptr(PTR)
    equal = b.call(ctx.declare("PyObject_RichCompareBool", I32, [PTR, PTR, I32]),
                   [obj, expected, ir.Constant(I32, PY_EQ)])
    _branch_unless(b, b.icmp_signed("==", equal, ir.Constant(I32, 1)), fail)
    return ir.Constant(I8, 0)
