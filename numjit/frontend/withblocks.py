"""`with parallel_chunksize(n):` in compiled code: the frontend writes it as a swap of the calling
thread's chunk size, restored when the block is left (numjit/threads.py).

    >>> import ast
    >>> tree = ast.parse("with numba.parallel_chunksize(8):\\n    run()")
    >>> print(ast.unparse(chunksize_block(tree.body[0])))
    chunksize_1_0 = numba.parallel_chunksize.swap(8)
    try:
        run()
    finally:
        numba.parallel_chunksize.swap(chunksize_1_0)

(`swap` is `set_parallel_chunksize`, which returns the previous size.) A `with` over anything
else, except `objmode`, stays an UnsupportedError (frontend/check.py).
"""
import ast


def chunksize_call(node):
    """The `parallel_chunksize(n)` call heading `with parallel_chunksize(n):`, else None (the name
    is resolved when typing: `.swap` of another object named so is a located error)."""
    if not isinstance(node, ast.With) or len(node.items) != 1 or node.items[0].optional_vars is not None:
        return None
    call = node.items[0].context_expr
    func = getattr(call, "func", None)
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    ok = isinstance(call, ast.Call) and name == "parallel_chunksize" and len(call.args) == 1 and not call.keywords
    return call if ok else None


def chunksize_block(node):
    """The statements standing for `with parallel_chunksize(n): body`."""
    call = chunksize_call(node)
    saved = f"chunksize_{node.lineno}_{node.col_offset}"

    def swap(value):
        return ast.Call(ast.Attribute(call.func, "swap", ast.Load()), [value], [])
    save = ast.Assign(targets=[ast.Name(saved, ast.Store())], value=swap(call.args[0]))
    restore = ast.Expr(swap(ast.Name(saved, ast.Load())))
    block = [save, ast.Try(body=node.body, handlers=[], orelse=[], finalbody=[restore])]
    for stmt in block:
        ast.copy_location(stmt, node)
    return [ast.fix_missing_locations(stmt) for stmt in block]
