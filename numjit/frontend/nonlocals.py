"""`nonlocal` in inner functions: the variable becomes a cell, a one-item list shared by the
function that binds it and every inner function that uses it, as CPython's cells are.

    x = 0               x__cell = [0]
    def inc(k):         def inc(k):
        nonlocal x
        x += k              x__cell[0] += k
    inc(2)              inc(2)
    return x            return x__cell[0]

A closure captures the list (never reassigned), so writes on either side are seen by both; the
list is reference-counted like any other. The rewrite runs on the AST before variables are
versioned (frontend/versions.py).

    >>> import ast
    >>> tree = ast.parse('''
    ... def f(n):
    ...     x = 0
    ...     def inc(k):
    ...         nonlocal x
    ...         x += k
    ...     inc(n)
    ...     return x''').body[0]
    >>> rewrite_nonlocals(tree)
    []
    >>> print(ast.unparse(tree))
    def f(n):
        x__cell = [0]
    <BLANKLINE>
        def inc(k):
            x__cell[0] += k
        inc(n)
        return x__cell[0]

Limits (located errors): the variable is first assigned by a plain `x = ...` statement in the
body of its function (not in a branch or loop), or is a parameter, before any inner function uses
it; it is not a `for`, `with`, `except ... as` or comprehension variable, nor deleted.
"""
import ast

FUNCTIONS = (ast.FunctionDef, ast.Lambda)


def rewrite_nonlocals(tree):
    """Rewrite every `nonlocal` of the functions nested in `tree` (in place); the errors found, as
    (node, message) pairs (frontend/check.py reports the first)."""
    errors = []
    while True:
        found = _first_nonlocal(tree)
        if found is None:
            return errors
        declaring, stmt, name = found
        owner = _binding_scope(tree, declaring, name)
        if owner is None:
            errors.append((stmt, f"no binding for nonlocal {name!r} found in an enclosing compiled function"))
            return errors
        problem = _make_cell(owner, name)
        if problem is not None:
            errors.append(problem)
            return errors


def _first_nonlocal(tree):
    for fn in _functions(tree):
        if fn is tree:
            continue
        for stmt in _own_nodes(fn):
            if isinstance(stmt, ast.Nonlocal):
                return fn, stmt, stmt.names[0]
    return None


def _functions(tree):
    return [n for n in ast.walk(tree) if isinstance(n, FUNCTIONS)]


def _own_nodes(fn):
    """The nodes of fn's body, not those of the functions nested in it."""
    stack = list(fn.body) if isinstance(fn.body, list) else [fn.body]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, FUNCTIONS):
            stack.extend(ast.iter_child_nodes(node))
        elif isinstance(node, ast.FunctionDef):        # its defaults belong to this scope
            stack.extend(node.args.defaults)


def _params(fn):
    args = fn.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    return set(names) | {a.arg for a in (args.vararg, args.kwarg) if a is not None}


def _declares(fn, name):
    return any(isinstance(n, ast.Nonlocal) and name in n.names for n in _own_nodes(fn))


def _binds(fn, name):
    """Does `name` belong to fn's own scope (a parameter or assigned there, not declared nonlocal)?"""
    if _declares(fn, name):
        return False
    if name in _params(fn):
        return True
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, (ast.Store, ast.Del))
               or isinstance(n, ast.FunctionDef) and n.name == name for n in _own_nodes(fn))


def _binding_scope(tree, inner, name):
    """The function enclosing `inner` whose variable `name` is."""
    parents = {}
    for fn in _functions(tree):
        for node in _own_nodes(fn):
            if isinstance(node, FUNCTIONS):
                parents[id(node)] = fn
    scope = parents.get(id(inner))
    while scope is not None:
        if _binds(scope, name):
            return scope
        scope = parents.get(id(scope))
    return None


def _make_cell(owner, name):
    """Turn `name` of function `owner` into a cell; an (node, message) error when it cannot."""
    taken = {n.id for n in ast.walk(owner) if isinstance(n, ast.Name)} | {n.arg for n in ast.walk(owner)
                                                                          if isinstance(n, ast.arg)}
    cell = f"{name}__cell"
    while cell in taken:
        cell += "_"
    if name in _params(owner):
        start = ast.Assign(targets=[ast.Name(cell, ast.Store())], value=ast.List([ast.Name(name, ast.Load())],
                                                                                  ast.Load()))
        owner.body.insert(0, ast.copy_location(start, owner.body[0]))
        first = 1
    else:
        first = next((i for i, stmt in enumerate(owner.body) if _uses(stmt, name)), None)
        stmt = owner.body[first]
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                and stmt.targets[0].id == name and not _uses(stmt.value, name)):
            return stmt, (f"the variable {name!r}, nonlocal in an inner function, must first be assigned by a "
                          f"plain '{name} = ...' statement in the body of {_title(owner)}, before any use")
        stmt.targets = [ast.copy_location(ast.Name(cell, ast.Store()), stmt.targets[0])]
        stmt.value = ast.copy_location(ast.List([stmt.value], ast.Load()), stmt.value)
        first += 1
    rewriter = _CellAccess(name, cell)
    owner.body[first:] = [rewriter.visit(stmt) for stmt in owner.body[first:]]
    ast.fix_missing_locations(owner)
    return rewriter.error


def _uses(node, name):
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))


def _title(fn):
    return f"{fn.name}()" if isinstance(fn, ast.FunctionDef) else "the lambda"


class _CellAccess(ast.NodeTransformer):
    """`name` → `cell[0]` in the owner and the functions nested in it that do not bind it
    themselves; their `nonlocal name` declarations go."""

    def __init__(self, name, cell):
        self.name, self.cell, self.error = name, cell, None

    def _fail(self, node, what):
        if self.error is None:
            self.error = (node, f"the nonlocal variable {self.name!r} cannot be {what} in compiled code")
        return node

    def visit_Name(self, node):
        if node.id != self.name:
            return node
        if isinstance(node.ctx, ast.Del):
            return self._fail(node, "deleted")
        item = ast.Subscript(ast.copy_location(ast.Name(self.cell, ast.Load()), node),
                             ast.copy_location(ast.Constant(0), node), node.ctx)
        return ast.copy_location(item, node)

    def visit_Nonlocal(self, node):
        names = [n for n in node.names if n != self.name]
        if not names:
            return ast.copy_location(ast.Pass(), node)
        node.names = names
        return node

    def _scope(self, node):
        if isinstance(node, ast.FunctionDef):
            node.args.defaults = [self.visit(d) for d in node.args.defaults]
        if _binds(node, self.name):
            return node                      # its own variable of that name
        return self.generic_visit(node) if isinstance(node, ast.Lambda) else self._visit_def(node)

    def _visit_def(self, node):
        body = [self.visit(stmt) for stmt in node.body]
        node.body = [stmt for stmt in body if not isinstance(stmt, ast.Pass)] or body
        return node

    visit_FunctionDef = visit_Lambda = _scope

    def _target(self, node, what):
        if _uses(node.target, self.name):
            self._fail(node.target, what)
        return self.generic_visit(node)

    def visit_For(self, node):
        return self._target(node, "a 'for' loop variable")

    def visit_comprehension(self, node):
        return self._target(node, "a comprehension variable")

    def visit_With(self, node):
        if any(item.optional_vars is not None and _uses(item.optional_vars, self.name) for item in node.items):
            self._fail(node, "a 'with' variable")
        return self.generic_visit(node)

    def visit_ExceptHandler(self, node):
        if node.name == self.name:
            self._fail(node, "an 'except ... as' name")
        return self.generic_visit(node)

    def visit_NamedExpr(self, node):
        if node.target.id == self.name:
            self._fail(node, "assigned by ':='")
        return self.generic_visit(node)
