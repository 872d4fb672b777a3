"""Assignment expressions (`x := v`) in the frontend: where a statement evaluates them, and
which of them it may skip. frontend/versions.py gives each target its version from these;
lowering/namedexpr.py types and lowers the store.

    >>> import ast
    >>> test = ast.parse("(n := len(a)) > 0 and (m := n // 2) > 1", mode="eval").body
    >>> [(node.target.id, skippable) for node, skippable in walrus_sites(test)]
    [('n', False), ('m', True)]

A `:=` is skippable when the statement may finish without running it: after the first operand
of `and`/`or`, in the branches of a conditional expression, past the first comparison of a
chain, in a comprehension (but for its first iterable) and in an assert's message. Python binds
the target of a `:=` inside a comprehension in the enclosing function, and so does numjit.
"""
import ast

from .check import objmode_call

_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def walrus_parts(stmt):
    """The expressions of `stmt` evaluated as the statement itself runs (an `if`'s test; not the
    blocks inside; loops version their heads themselves)."""
    if isinstance(stmt, ast.If):
        return [stmt.test]
    if isinstance(stmt, (ast.For, ast.While, ast.Try, ast.With)):
        return []
    return [stmt]


def _children(node):
    """(child, whether evaluating `node` may skip it) for each child expression of `node`."""
    if isinstance(node, ast.BoolOp):
        return [(v, i > 0) for i, v in enumerate(node.values)]
    if isinstance(node, ast.IfExp):
        return [(node.test, False), (node.body, True), (node.orelse, True)]
    if isinstance(node, ast.Compare):
        return [(node.left, False)] + [(c, i > 0) for i, c in enumerate(node.comparators)]
    if isinstance(node, _COMPREHENSIONS):
        first = node.generators[0].iter
        return [(first, False)] + [(n, True) for n in ast.iter_child_nodes(node) if n is not node.generators[0]] + \
            [(n, True) for n in ast.iter_child_nodes(node.generators[0]) if n is not first]
    if isinstance(node, ast.Assert):
        return [(node.test, False)] + ([(node.msg, True)] if node.msg is not None else [])
    return [(n, False) for n in ast.iter_child_nodes(node)]


def walrus_sites(node, skippable=False):
    """(NamedExpr, skippable) for each `:=` that evaluating `node` may run (not those inside
    lambdas: they bind in the lambda)."""
    if isinstance(node, ast.Lambda):
        return
    if isinstance(node, ast.NamedExpr):
        yield node, skippable
    for child, skip in _children(node):
        yield from walrus_sites(child, skippable or skip)


def unversioned_walrus(tree):
    """(node, message) for each `:=` the versioning did not reach (an except clause's type, ...)."""
    errors, stack = [], [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.NamedExpr) and not getattr(node, "numjit_versioned", False):
            errors.append((node, "an assignment expression (:=) is not supported here in compiled code "
                                 "(it is supported in statements, if/while tests, for iterables and comprehensions)"))
        if isinstance(node, ast.Lambda):
            continue
        stack.extend(node.items if objmode_call(node) is not None else ast.iter_child_nodes(node))
    return errors
