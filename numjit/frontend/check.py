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
    ast.Try: "try/except", ast.ClassDef: "class definitions", ast.Global: "'global' declarations",
    ast.Nonlocal: "'nonlocal' declarations",
    ast.Yield: "generators (yield)", ast.YieldFrom: "generators (yield from)",
    ast.Await: "await", ast.AsyncFunctionDef: "async functions", ast.AsyncFor: "async for",
    ast.Lambda: "lambda expressions", ast.GeneratorExp: "generator expressions",
    ast.SetComp: "set comprehensions", ast.DictComp: "dict comprehensions",
    ast.Set: "set displays", ast.Dict: "dict displays",
    ast.Import: "import statements", ast.ImportFrom: "import statements",
    ast.Starred: None, ast.NamedExpr: "assignment expressions (:=)",
    ast.FunctionDef: "nested function definitions", ast.Match: "match statements",
}
if hasattr(ast, "TryStar"):
    UNSUPPORTED[ast.TryStar] = "try/except*"


def check_supported(source):
    root = source.tree
    for node in ast.walk(root):
        if node is root:
            continue
        what = UNSUPPORTED.get(type(node), False)
        if what is None or what is False:
            continue
        raise UnsupportedError(f"{what} are not supported in compiled code", source.loc(node))
    args = root.args
    if args.kwonlyargs or args.kwarg or args.posonlyargs:
        raise UnsupportedError("keyword-only, **kwargs and positional-only parameters are not supported",
                               source.loc(root))
