"""Branches decided by types at compile time (numba's dead-branch pruning).

`x is None` is a compile-time constant once x's type is known: True when x is typed `none`
(an argument left to its default `None`), False for any other type (numjit has no optional
types). An `if` or conditional expression whose test is such a constant is typed and lowered
on its live branch only, so the dead one may hold code that would not type, as in

    def f(a, b=None):
        if b is None:
            return a
        return a + b          # typed only when b is given

Tests made of `is None` / `is not None` on names, bool/int/None literals, `not` and
short-circuiting `and` / `or` of those are decided; anything else is left to run time (None).

    >>> import ast
    >>> from numjit.types.scalars import int64, none
    >>> types = {"a": int64, "b": none}
    >>> def decide(src):
    ...     return static_condition(ast.parse(src, mode="eval").body, lambda n: types[n.id])
    >>> decide("b is None"), decide("a is None"), decide("not (a is not None)"), decide("a > 0")
    (True, False, False, None)
    >>> decide("b is not None and a > 0"), decide("b is None or a > 0"), decide("a is not None and a > 0")
    (False, True, None)
"""
import ast

from ..types import undefined
from ..types.scalars import none


def static_condition(test, type_of):
    """True/False when `test`'s truth follows from the types alone, else None.

    `type_of(name_node)` gives a name's current type (undefined while not yet inferred).
    """
    rule = _RULES.get(type(test))
    return rule(test, type_of) if rule is not None else None


def _constant(node, type_of):
    value = node.value
    if value is None or isinstance(value, (bool, int)):
        return bool(value)
    return None


def _not(node, type_of):
    if not isinstance(node.op, ast.Not):
        return None
    inner = static_condition(node.operand, type_of)
    return None if inner is None else not inner


def _boolop(node, type_of):
    """Short-circuiting: decided once an operand decides it, if every operand before it is known."""
    stop = isinstance(node.op, ast.Or)          # `or` stops at the first true operand, `and` at a false
    for value in node.values:
        known = static_condition(value, type_of)
        if known is None:
            return None
        if known is stop:
            return stop
    return not stop


def _identity(node, type_of):
    if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Is, ast.IsNot)):
        return None
    left, right = node.left, node.comparators[0]
    if _is_none_literal(left):
        left, right = right, left
    if not _is_none_literal(right):
        return None
    if _is_none_literal(left):
        is_none = True
    elif isinstance(left, ast.Name):
        ty = type_of(left)
        if ty is undefined or ty is None or getattr(ty, "nullable", False):     # optional: at run time
            return None
        is_none = ty == none
    else:
        return None
    return is_none if isinstance(node.ops[0], ast.Is) else not is_none


def _is_none_literal(node):
    return isinstance(node, ast.Constant) and node.value is None


_RULES = {ast.Constant: _constant, ast.UnaryOp: _not, ast.BoolOp: _boolop, ast.Compare: _identity}
