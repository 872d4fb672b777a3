"""`for x in literal_unroll(tup):` over a heterogeneous tuple: the body is copied once per item,
each copy with its own types (numba's literal_unroll).

Typing meets the loop (typing/infer.py `iter_spec`); over a tuple (whose items may differ in type,
or be different literals such as record field names) it raises `UnrollRequest` with the loop's key
and the tuple's length, and `infer` types the function again from a source whose loop is
rewritten here, before variables are versioned:

    >>> import ast
    >>> tree = ast.parse("def f(t):\\n    for x in literal_unroll(t):\\n        s = x").body[0]
    >>> key = loop_key(tree.body[0].iter)
    >>> print(ast.unparse(unroll_loops(tree, {key: 2})))
    def f(t):
        unrolled_2_13 = t
        x = unrolled_2_13[0]
        s = x
        x = unrolled_2_13[1]
        s = x

The tuple is evaluated once; each copy assigns the loop variable its item (a constant index) then
runs the body, so every item may have its own type. Loops nested in a copied body get keys of
their own (the copy's number added), so each copy unrolls over its own tuple. `break` and
`continue` in an unrolled body are an UnsupportedError (typing checks it, with the location).
"""
import ast
import copy


class UnrollRequest(Exception):
    """Raised while typing: type the function again with the loop `key` unrolled `length` times."""

    def __init__(self, key, length):
        super().__init__(f"unroll {key} x{length}")
        self.key, self.length = key, length


def loop_key(call):
    """The key of a `literal_unroll(...)` call heading a loop: its position in the file, or the
    position given to a copy of it (a loop inside an unrolled body)."""
    return getattr(call, "numjit_unroll_key", (call.lineno, call.col_offset))


def unroll_loops(tree, lengths):
    """A copy of the FunctionDef `tree` with each loop whose key is in `lengths` unrolled."""
    tree = copy.deepcopy(tree)
    _Unroller(lengths).visit(tree)
    return ast.fix_missing_locations(tree)


class _Unroller(ast.NodeTransformer):
    def __init__(self, lengths):
        self.lengths = lengths

    def visit_For(self, node):
        if not isinstance(node.iter, ast.Call):
            return self.generic_visit(node)
        key = loop_key(node.iter)
        n = self.lengths.get(key)
        if n is None:
            return self.generic_visit(node)
        name = "unrolled_" + "_".join(map(str, key))
        out = [ast.copy_location(ast.Assign(targets=[ast.Name(name, ast.Store())], value=node.iter.args[0]), node)]
        for i in range(n):
            body = copy.deepcopy(node.body)
            for inner in (c for stmt in body for c in ast.walk(stmt)):
                if isinstance(inner, ast.For) and isinstance(inner.iter, ast.Call):
                    inner.iter.numjit_unroll_key = loop_key(inner.iter) + (i,)
            item = ast.Subscript(ast.Name(name, ast.Load()), ast.Constant(i), ast.Load())
            out.append(ast.copy_location(ast.Assign(targets=[copy.deepcopy(node.target)], value=item), node))
            out += self.visit_all(body)
        return out + self.visit_all(node.orelse)

    def visit_all(self, stmts):
        out = []
        for stmt in stmts:
            new = self.visit(stmt)
            out += new if isinstance(new, list) else [new]
        return out


def check_unroll(inferrer, call):
    """Typing `for x in literal_unroll(t)`: raise UnrollRequest when t is a non-empty tuple (a
    uniform one too: its loop variable may have held another type before); a list or an array
    stays a loop."""
    from ..errors import UnsupportedError
    from ..types import Tuple
    if len(call.args) != 1 or call.keywords:
        return
    ty = inferrer.expr(call.args[0])
    if not (isinstance(ty, Tuple) and ty.kind in ("tuple", "namedtuple", "literallist") and ty.items):
        return
    loop = next(n for n in ast.walk(inferrer.src.tree) if isinstance(n, ast.For) and n.iter is call)
    for stmt in loop.body:
        jump = _jump_of_this_loop(stmt)
        if jump is not None:
            raise inferrer.error(jump, f"{type(jump).__name__.lower()} in a literal_unroll loop (over the "
                                       f"tuple {ty}) is not supported", UnsupportedError)
    raise UnrollRequest(loop_key(call), len(ty.items))


def _jump_of_this_loop(node):
    """A break or continue in `node` that would leave the enclosing loop, or None."""
    if isinstance(node, (ast.Break, ast.Continue)):
        return node
    if isinstance(node, (ast.For, ast.While)):
        inner = node.orelse
    elif isinstance(node, (ast.FunctionDef, ast.Lambda)):
        return None
    else:
        inner = ast.iter_child_nodes(node)
    return next((j for j in map(_jump_of_this_loop, inner) if j is not None), None)
