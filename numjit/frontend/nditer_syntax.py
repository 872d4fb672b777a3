"""np.nditer's call syntax, rewritten on the AST before variables are versioned: the list displays
in an `np.nditer(...)` call (operands, flags, op_flags) become tuple displays, so that their
operands may differ in type and their flags stay constants; and `with np.nditer(...) as it:`
becomes `it = np.nditer(...)` followed by the body (compiled views write through: there is
nothing to write back when the block ends). A call is np.nditer's when its function is a name
or attribute spelled `nditer`.

    >>> import ast
    >>> tree = ast.parse('''
    ... def f(a, b):
    ...     with np.nditer([a, b], op_flags=[['readwrite'], ['readonly']]) as it:
    ...         for x, y in it:
    ...             x[...] = y''').body[0]
    >>> print(ast.unparse(rewrite_nditer(tree)))
    def f(a, b):
        it = np.nditer((a, b), op_flags=(('readwrite',), ('readonly',)))
        for x, y in it:
            x[...] = y
"""
import ast


def _is_nditer(node):
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return (isinstance(f, ast.Name) and f.id == "nditer") or (isinstance(f, ast.Attribute) and f.attr == "nditer")


def _as_tuple(node):
    """A list display (nested ones too) as the tuple display of the same items."""
    if not isinstance(node, ast.List):
        return node
    return ast.copy_location(ast.Tuple(elts=[_as_tuple(e) for e in node.elts], ctx=ast.Load()), node)


class _Rewriter(ast.NodeTransformer):
    def visit_Call(self, node):
        self.generic_visit(node)
        if _is_nditer(node):
            node.args = [_as_tuple(a) for a in node.args]
            for k in node.keywords:
                k.value = _as_tuple(k.value)
        return node

    def visit_With(self, node):
        self.generic_visit(node)
        if len(node.items) != 1 or not _is_nditer(node.items[0].context_expr):
            return node
        item = node.items[0]
        if item.optional_vars is None:
            return [ast.copy_location(ast.Expr(value=item.context_expr), node)] + node.body
        bind = ast.Assign(targets=[item.optional_vars], value=item.context_expr)
        return [ast.copy_location(bind, node)] + node.body


def rewrite_nditer(tree):
    """`tree` (a FunctionDef) with np.nditer's syntax rewritten in place; returns it."""
    return ast.fix_missing_locations(_Rewriter().visit(tree))
