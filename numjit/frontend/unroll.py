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
their own (the copy's number added), so each copy unrolls over its own tuple.

`break` and `continue` keep their meaning. With a `break`, the copies (and the `else:`) sit in
a loop run once, `for unrolled_..._once in range(1):`, that the break leaves. With a `continue`,
each copy sits in a loop run once of its own. With both, a break sets a flag, leaves its copy,
and the flag stops the later copies:

    >>> tree = ast.parse("def f(t):\\n    for x in literal_unroll(t):\\n        if x: break\\n"
    ...                  "    else:\\n        s = 0").body[0]
    >>> key = loop_key(tree.body[0].iter)
    >>> print(ast.unparse(unroll_loops(tree, {key: 2})))
    def f(t):
        unrolled_2_13 = t
        for unrolled_2_13_once in range(1):
            x = unrolled_2_13[0]
            if x:
                break
            x = unrolled_2_13[1]
            if x:
                break
        else:
            s = 0
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
        kinds = {type(j) for stmt in node.body for j in _jumps_of_this_loop(stmt)}
        broke = name + "_broke" if kinds == {ast.Break, ast.Continue} else None
        out = [_at(node, f"{name} = 0", value=node.iter.args[0])]
        out += [_at(node, f"{broke} = False")] if broke else []
        copies = []
        for i in range(n):
            body = copy.deepcopy(node.body)
            for inner in (c for stmt in body for c in ast.walk(stmt)):
                if isinstance(inner, ast.For) and isinstance(inner.iter, ast.Call):
                    inner.iter.numjit_unroll_key = loop_key(inner.iter) + (i,)
            if broke:
                body = _JumpRewriter(broke).visit_all(body)
            item = ast.Subscript(ast.Name(name, ast.Load()), ast.Constant(i), ast.Load())
            copies.append(ast.copy_location(ast.Assign(targets=[copy.deepcopy(node.target)], value=item), node))
            body = self.visit_all(body)
            if ast.Continue in kinds:        # a copy of its own: `continue` goes on with the next copy
                body = [_once(node, name, body)] + ([_at(node, f"if {broke}: break")] if broke else [])
            copies += body
        orelse = self.visit_all(node.orelse)
        if ast.Break not in kinds:
            return out + copies + orelse
        return out + [_once(node, name, copies, orelse)]    # `break` leaves all copies and the else:

    def visit_all(self, stmts):
        out = []
        for stmt in stmts:
            new = self.visit(stmt)
            out += new if isinstance(new, list) else [new]
        return out


def check_unroll(inferrer, call):
    """Typing `for x in literal_unroll(t)`: raise UnrollRequest when t is a tuple (a uniform one
    too: its loop variable may have held another type before; an empty one: no copy, the else:
    runs); a list or an array stays a loop."""
    from ..types import Tuple
    if len(call.args) != 1 or call.keywords:
        return
    ty = inferrer.expr(call.args[0])
    if not (isinstance(ty, Tuple) and ty.kind in ("tuple", "namedtuple", "literallist")):
        return
    raise UnrollRequest(loop_key(call), len(ty.items))


def _jumps_of_this_loop(node):
    """The breaks and continues in `node` that would leave (or go on with) the enclosing loop."""
    if isinstance(node, (ast.Break, ast.Continue)):
        yield node
        return
    if isinstance(node, (ast.For, ast.While)):
        inner = node.orelse
    elif isinstance(node, (ast.FunctionDef, ast.Lambda)):
        return
    else:
        inner = ast.iter_child_nodes(node)
    for child in inner:
        yield from _jumps_of_this_loop(child)


class _JumpRewriter(ast.NodeTransformer):
    """In a copy that is a loop of its own: `break` sets the flag `broke`, then leaves the copy."""

    def __init__(self, broke):
        self.broke = broke

    visit_all = _Unroller.visit_all

    def visit_Break(self, node):
        return [_at(node, f"{self.broke} = True"), node]

    def generic_visit(self, node):
        if isinstance(node, (ast.For, ast.While)):     # only the else: of a nested loop is this loop's
            node.orelse = self.visit_all(node.orelse)
            return node
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):
            return node
        return super().generic_visit(node)


def _at(node, code, value=None):
    """The statement `code` placed at `node` (an assignment's value replaced by `value`)."""
    stmt = ast.parse(code).body[0]
    if value is not None:
        stmt.value = value
    for n in ast.walk(stmt):
        ast.copy_location(n, node)
    return stmt


def _once(node, name, body, orelse=()):
    """`for <name>_once in range(1): body else: orelse`, placed at `node`: a loop for break and
    continue to leave."""
    loop = _at(node, f"for {name}_once in range(1): pass")
    loop.body, loop.orelse = body, list(orelse)
    return loop
