"""The syntax numjit compiles, as one table; anything else is an UnsupportedError at its line.

    >>> def f(x):
    ...     with open(x) as fh:
    ...         return 1
    >>> from numjit.frontend.source import FunctionSource
    >>> try:
    ...     check_supported(FunctionSource.of(f))
    ... except Exception as e:
    ...     print(str(e).splitlines()[0])
    'with' statements are not supported in compiled code
"""
import ast

from ..errors import UnsupportedError

UNSUPPORTED = {
    ast.With: "'with' statements", ast.AsyncWith: "'async with' statements",
    ast.ClassDef: "class definitions", ast.Global: "'global' declarations",
    ast.Nonlocal: "'nonlocal' declarations",
    ast.Await: "await", ast.AsyncFunctionDef: "async functions", ast.AsyncFor: "async for",
    ast.Import: "import statements", ast.ImportFrom: "import statements",
    ast.Starred: None,
    ast.Match: "match statements",
}
if hasattr(ast, "TryStar"):
    UNSUPPORTED[ast.TryStar] = "try/except*"


def objmode_call(node):
    """The `objmode(...)` call of a `with objmode(y="float64"):` statement, else None (the name is
    checked again when typing: it must be numjit's objmode). Its body is Python, never compiled."""
    if not isinstance(node, ast.With) or len(node.items) != 1 or node.items[0].optional_vars is not None:
        return None
    call = node.items[0].context_expr
    func = getattr(call, "func", None)
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return call if isinstance(call, ast.Call) and name == "objmode" else None


def _compiled_nodes(root, loc):
    """Every node numjit compiles: all of them but the bodies of objmode blocks."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if objmode_call(node) is not None:
            stack.extend(node.items)
            for stmt in node.body:
                for inner in ast.walk(stmt):
                    if isinstance(inner, (ast.Return, ast.Yield, ast.YieldFrom)):
                        raise UnsupportedError("return and yield cannot leave an objmode block", loc(inner))
            continue
        stack.extend(ast.iter_child_nodes(node))


def _unpacked(target):
    """The names a target unpacks to, nested (`a, (b, *c)`); not what a subscript target reads."""
    if isinstance(target, (ast.Tuple, ast.List)):
        for elt in target.elts:
            yield elt
            yield from _unpacked(elt.value if isinstance(elt, ast.Starred) else elt)


def check_supported(source):
    root = source.tree
    for node, message in getattr(root, "numjit_errors", ()):
        raise UnsupportedError(message, source.loc(node))
    consumed = {id(a) for n in ast.walk(root) if isinstance(n, ast.Call) for a in n.args}
    for node in _compiled_nodes(root, source.loc):
        if node is root or objmode_call(node) is not None:
            continue
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, (ast.For, ast.comprehension)) else [])
        starred = next((n for t in targets for n in _unpacked(t) if isinstance(n, ast.Starred)), None)
        if starred is not None:
            raise UnsupportedError("starred assignment targets (first, *rest = ...) are not supported in "
                                   "compiled code: index or slice the tuple", source.loc(starred))
        if isinstance(node, ast.GeneratorExp) and id(node) not in consumed:
            raise UnsupportedError("a generator expression is supported as the argument of a call only "
                                   "(sum(x * x for x in a), any(...), tuple(...))", source.loc(node))
        what = UNSUPPORTED.get(type(node), False)
        if what is None or what is False:
            continue
        raise UnsupportedError(f"{what} are not supported in compiled code", source.loc(node))
    args = root.args
    if args.kwonlyargs or args.kwarg or args.posonlyargs:
        raise UnsupportedError("keyword-only, **kwargs and positional-only parameters are not supported",
                               source.loc(root))
