"""Types of Python constants in compiled code: literals, globals, default arguments, and
integer arithmetic on constants folded at compile time (as CPython folds `2**70` before numba sees it).

Integers follow numba: int64, or uint64 for [2**63, 2**64); anything wider cannot be
represented in 64 bits and is a TypingError at the constant, never a silently wrapped value.

    >>> literal_type(3), literal_type(2**63), literal_type((1, 2.0)), literal_type(("a", 1))
    (int64, uint64, (int64, float64), (const('a'), int64))
    >>> literal_type(2**70)
    Traceback (most recent call last):
    numjit.errors.TypingError: integer 1180591620717411303424 (2**70) does not fit in 64 bits (int64 or uint64)
    >>> import ast, operator
    >>> fold_tree(ast.parse("2**64 - 1", mode="eval").body), fold_tree(ast.parse("2**n", mode="eval").body)
    (18446744073709551615, None)
    >>> fold_int(operator.pow, 10, 3), fold_int(operator.pow, 2, -1), fold_int(operator.floordiv, 1, 0)
    (1000, 0.5, None)
"""
import ast
import enum
import operator

import numpy as np

from .. import types
from ..errors import TypingError
from ..types import Tuple, Number
from ..types.scalars import boolean, int64, uint64, float64, complex128, none, strong

INT64_MIN, UINT64_END = -(1 << 63), 1 << 64


def _shown(value):
    if value > 0 and value & (value - 1) == 0:
        return f"{value} (2**{value.bit_length() - 1})"
    return str(value)


def literal_type(value):
    if isinstance(value, enum.Enum) and not isinstance(value, int):   # Color.RED in the code (an IntEnum
        from ..types.enums import typeof_enum_member                   # member written there is its int)
        return typeof_enum_member(value)
    if isinstance(value, np.generic):         # a global np.float64(2) (a float too): strong, as an argument
        return strong(types.from_dtype(value.dtype))
    if isinstance(value, bool):
        return boolean
    if isinstance(value, int):
        if not INT64_MIN <= value < UINT64_END:
            raise TypingError(f"integer {_shown(value)} does not fit in 64 bits (int64 or uint64)")
        return int64 if value < (1 << 63) else uint64
    if isinstance(value, float):
        return float64
    if isinstance(value, complex):
        return complex128
    if value is None:
        return none
    if isinstance(value, tuple):
        items = [_item_type(v) for v in value]
        if all(isinstance(t, (Number, Tuple, types.Const, types.Array)) or t == none for t in items):
            return Tuple(items)
    return None


def _item_type(value):
    """A tuple item's type: strings, numjit types, classes and functions in it stay compile-time
    values, as in a tuple written in the code (`Dict.empty(*KV_TYPES)`, `rec[FIELDS[0]]`); arrays
    are frozen into the code, read-only, as global arrays are."""
    ty = literal_type(value)
    if ty is None and (isinstance(value, (str, bytes, types.Type)) or callable(value)):
        return types.Const(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "biufc" and value.dtype.fields is None:
        return types.Array(types.from_dtype(value.dtype), value.ndim, "C", readonly=True)  # frozen, as a global array
    return ty


# integer operators folded on constants (Python's exact result; literal_type then checks its range)
FOLDABLE = {operator.add, operator.sub, operator.mul, operator.floordiv, operator.mod, operator.pow,
            operator.lshift, operator.rshift, operator.and_, operator.or_, operator.xor}


def fold_int(op, a, b):
    """op(a, b) for two int constants (not bools), or None where it is left to run time:
    division by zero, or an absurdly large result. `2 ** -1` folds to 0.5 as in Python (and numba,
    which sees CPython's folded constant)."""
    if op not in FOLDABLE or type(a) is not int or type(b) is not int:
        return None
    if op is operator.pow and (a == 0 and b < 0 or a.bit_length() * b > 4096):
        return None
    if op in (operator.floordiv, operator.mod) and b == 0:
        return None
    if op in (operator.lshift, operator.rshift) and not 0 <= b <= 4096:
        return None
    return op(a, b)


def fold_tree(node, binops=None):
    """The exact value of an integer expression made only of int literals, unary minus and
    foldable operators (`2**64 - 1`), or None. Intermediates may exceed 64 bits; only the
    value the program uses is range-checked."""
    if binops is None:
        from .calls import BINOPS as binops
    if isinstance(node, ast.Constant):
        return node.value if type(node.value) is int else None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = fold_tree(node.operand, binops)
        return -value if type(value) is int else None
    if isinstance(node, ast.BinOp):
        a = fold_tree(node.left, binops)
        b = fold_tree(node.right, binops) if a is not None else None
        if type(a) is int and type(b) is int:
            return fold_int(binops[type(node.op)], a, b)
    return None
