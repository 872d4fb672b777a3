"""Branches decided at compile time (numba's dead-branch pruning).

A test whose value follows from the types and constants alone is decided when the function is
typed: an `if` or conditional expression with such a test is typed and lowered on its live
branch only, so the dead one may hold code that would not type (or would type differently), as in

    def f(a, b=None):
        if b is None:
            return a
        return a + b          # typed only when b is given

    def last_extent(a):
        if a.ndim == 2:
            return a.shape[1]  # typed only for 2-d arrays
        return a.shape[0]

Known at compile time: literals and global constants; `x is None` / `x is not None` (x is typed
`none` exactly when it is None; an optional is tested at run time); `a.ndim` of an array; `len(t)`
of a tuple; `isinstance(x, cls)`; and `not`, unary minus, comparisons, `and` / `or` of those.
Anything else is left to run time (None), and so is a test holding a `:=` (it must run).

    >>> import ast
    >>> from numjit.types import float64
    >>> from numjit.types.scalars import int64, none
    >>> types = {"a": int64, "b": none, "m": float64[:, :]}
    >>> def decide(src):
    ...     return static_condition(ast.parse(src, mode="eval").body, lambda n: types[n.id])
    >>> decide("b is None"), decide("a is None"), decide("not (a is not None)"), decide("a > 0")
    (True, False, False, None)
    >>> decide("b is not None and a > 0"), decide("b is None or a > 0"), decide("a is not None and a > 0")
    (False, True, None)
    >>> decide("m.ndim == 2"), decide("1 < m.ndim <= 1"), decide("m.ndim - 1")
    (True, False, None)
"""
import ast
import operator

from ..types import Const, Array, Tuple, undefined
from ..types.arrayexpr import ArrayExpr
from ..types.scalars import none

UNKNOWN = object()              # a value only known at run time


def static_condition(test, type_of, const_of=None):
    """True/False when `test`'s truth follows from the types and constants alone, else None.

    `type_of(node)` gives an expression's type (undefined while not yet inferred);
    `const_of(node)`, after type_of(node), the value of a global constant, or UNKNOWN.
    """
    if any(isinstance(n, ast.NamedExpr) for n in ast.walk(test)):
        return None                             # `(t := x).ndim == 2` stores t when it runs
    value = static_value(test, type_of, const_of or (lambda node: UNKNOWN))
    return None if value is UNKNOWN else bool(value)


def static_value(node, type_of, const_of):
    rule = _RULES.get(type(node))
    return rule(node, type_of, const_of) if rule is not None else UNKNOWN


def _constant(node, type_of, const_of):
    value = node.value
    return value if value is None or isinstance(value, (bool, int, float, str)) else UNKNOWN


def _name(node, type_of, const_of):
    ty = type_of(node)
    if ty is undefined or ty is None:
        return UNKNOWN
    if isinstance(ty, Const):
        return ty.value
    if ty == none:
        return None
    return const_of(node)


def _unary(node, type_of, const_of):
    inner = static_value(node.operand, type_of, const_of)
    op = _UNARY.get(type(node.op))
    if inner is UNKNOWN or op is None:
        return UNKNOWN
    return op(inner)


def _boolop(node, type_of, const_of):
    """Short-circuiting: decided once an operand decides it, if every operand before it is known."""
    stop = isinstance(node.op, ast.Or)          # `or` stops at the first true operand, `and` at a false
    for value in node.values:
        known = static_value(value, type_of, const_of)
        if known is UNKNOWN or bool(known) is stop:
            return known
    return known


def _compare(node, type_of, const_of):
    if len(node.ops) == 1 and isinstance(node.ops[0], (ast.Is, ast.IsNot)):
        return _identity(node, type_of)
    left = static_value(node.left, type_of, const_of)
    for op, comparator in zip(node.ops, node.comparators):
        fn = _COMPARE.get(type(op))
        right = static_value(comparator, type_of, const_of)
        if left is UNKNOWN or right is UNKNOWN or fn is None:
            return UNKNOWN
        try:
            holds = fn(left, right)
        except TypeError:                       # None < 1: left to run time (and its error)
            return UNKNOWN
        if not holds:
            return False
        left = right
    return True


def _identity(node, type_of):
    """`x is None` / `x is not None`: decided by x's type."""
    left, right = node.left, node.comparators[0]
    if _is_none_literal(left):
        left, right = right, left
    if not _is_none_literal(right):
        return UNKNOWN
    if _is_none_literal(left):
        is_none = True
    elif isinstance(left, ast.Name):
        ty = type_of(left)
        if ty is undefined or ty is None or getattr(ty, "nullable", False):     # optional: at run time
            return UNKNOWN
        is_none = ty == none
    else:
        return UNKNOWN
    return is_none if isinstance(node.ops[0], ast.Is) else not is_none


def _attribute(node, type_of, const_of):
    if node.attr == "ndim":
        base = type_of(node.value)
        return base.ndim if isinstance(base, (Array, ArrayExpr)) else UNKNOWN
    base = type_of(node.value)
    if isinstance(base, Const):                 # np.pi, module.FLAG
        return _name(node, type_of, const_of)
    return UNKNOWN


def _call(node, type_of, const_of):
    from ..intrinsics.builtins import static_isinstance
    if node.keywords or not isinstance(node.func, ast.Name):
        return UNKNOWN
    fn = type_of(node.func)
    if not isinstance(fn, Const):
        return UNKNOWN
    if fn.value is len and len(node.args) == 1:
        arg = type_of(node.args[0])
        return len(arg.items) if isinstance(arg, Tuple) else UNKNOWN
    if fn.value is isinstance and len(node.args) == 2:
        value, classes = type_of(node.args[0]), type_of(node.args[1])
        if value is undefined or classes is undefined:
            return UNKNOWN
        known = static_isinstance(value, classes)
        return UNKNOWN if known is None else known
    return UNKNOWN


def _is_none_literal(node):
    return isinstance(node, ast.Constant) and node.value is None


_UNARY = {ast.Not: operator.not_, ast.USub: operator.neg, ast.UAdd: operator.pos}
_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge}
_RULES = {ast.Constant: _constant, ast.Name: _name, ast.UnaryOp: _unary, ast.BoolOp: _boolop,
          ast.Compare: _compare, ast.Attribute: _attribute, ast.Call: _call}
