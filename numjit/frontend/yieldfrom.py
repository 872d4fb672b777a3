"""`yield from it` as a statement, rewritten on the AST before variables are versioned into the
loop it means for a generator whose values are never sent: `for v in it: yield v` (v a hidden
variable). `it` may be anything a `for` iterates: a range, an array, a list, a tuple, a string,
another generator. The value of `yield from` (what the inner generator returns) is not kept, so
`x = yield from it` stays a located error (lowering/generators.py).

    >>> import ast
    >>> tree = ast.parse("def chain(a, b):\\n    yield from a\\n    yield from range(b)").body[0]
    >>> print(ast.unparse(rewrite_yield_from(tree)))
    def chain(a, b):
        for (yield from) in a:
            yield (yield from)
        for (yield from) in range(b):
            yield (yield from)
"""
import ast

ITEM = "(yield from)"          # the hidden loop variable: no Python name can spell it


class _Rewriter(ast.NodeTransformer):
    def visit_Expr(self, node):
        if not isinstance(node.value, ast.YieldFrom):
            return self.generic_visit(node)
        where = node.value
        item = ast.Expr(value=ast.Yield(value=ast.Name(ITEM, ast.Load())))
        loop = ast.For(target=ast.Name(ITEM, ast.Store()), iter=where.value, body=[item], orelse=[])
        for n in ast.walk(loop):
            if n is not where.value and not hasattr(n, "lineno") or isinstance(n, ast.Name) and n.id == ITEM:
                ast.copy_location(n, where)
        return self.generic_visit(loop)

    def visit_Lambda(self, node):          # (a lambda holds no statements)
        return node


def rewrite_yield_from(tree):
    """`tree` (a FunctionDef) with its `yield from` statements rewritten in place; returns it."""
    return _Rewriter().visit(tree)
