"""Assignment expressions (`x := v`): typed as an assignment of v to x (its version unifies with
the others' types, as any assignment's), lowered as the store; the expression's value is v.
frontend/walrus.py and frontend/versions.py decide which version of x each `:=` stores.

    >>> from numjit import njit
    >>> @njit
    ... def halvings(n):
    ...     steps = 0
    ...     while (n := n // 2) > 0:
    ...         steps += 1
    ...     return steps, [y for x in range(6) if (y := x * x) % 2], y
    >>> halvings(40)
    (5, [1, 9, 25], 25)
"""
from ..types.arrayexpr import concrete
from ..types import undefined

NAMED = "named_expr"       # its entry in `impls`: lowered even when v is a compile-time object


def type_named_expr(inf, node):
    ty = inf.expr(node.value)
    inf.set_var(node.target.id, ty, node)
    inf.t.impls[node] = NAMED
    return ty if ty is undefined else concrete(ty)


def lower_named_expr(low, node):
    ty = low.t.exprs[node]
    value = low.cast(low.expr(node.value), low.t.exprs[node.value], ty)
    low.store_var(node.target.id, value, ty)
    return value
