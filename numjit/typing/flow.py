"""Control flow facts the typing needs: does a block of statements ever fall through its end?

A function whose body always returns or raises needs no implicit `return None`; an `if` whose
branches all leave makes what follows it dead. Branches decided at compile time (typing/pruning.py)
count on their live side only.

    >>> import ast
    >>> body = ast.parse("if x:\\n    return 1\\nelse:\\n    raise ValueError").body
    >>> always_returns(body), always_returns(body[0].body[:0])
    (True, False)
    >>> loop = ast.parse("while True:\\n    if x:\\n        break").body
    >>> always_returns(loop)
    False
"""
import ast


def always_returns(body, pruned=None):
    """Does `body` never fall through its end (a statement in it returns or raises on every path;
    what follows such a statement is dead, even merge copies appended by frontend/versions.py)?"""
    return any(_leaves(stmt, pruned) for stmt in body)


def _leaves(stmt, pruned):
    if isinstance(stmt, (ast.Return, ast.Raise)):
        return True
    if isinstance(stmt, ast.If):
        known = (pruned or {}).get(stmt)
        if known is not None:                   # only the live branch runs
            return always_returns(stmt.body if known else stmt.orelse, pruned)
        return always_returns(stmt.body, pruned) and always_returns(stmt.orelse, pruned)
    if isinstance(stmt, ast.Try):
        return always_returns(stmt.finalbody, pruned) or (
            (always_returns(stmt.body, pruned) or always_returns(stmt.orelse, pruned))
            and all(always_returns(h.body, pruned) for h in stmt.handlers))
    if isinstance(stmt, ast.While) and (pruned or {}).get(stmt) is False:
        return always_returns(stmt.orelse, pruned)          # `while False:` runs its else only
    if isinstance(stmt, ast.While) and isinstance(stmt.test, ast.Constant) and stmt.test.value:
        return not _breaks(stmt.body)
    return False


def _breaks(body):
    """Does a `break` in `body` leave the loop owning it (not one in a nested loop)?"""
    for stmt in body:
        if isinstance(stmt, ast.Break):
            return True
        if isinstance(stmt, (ast.For, ast.While, ast.AsyncFor)):
            if _breaks(stmt.orelse):
                return True
            continue
        for field in ("body", "orelse", "finalbody", "handlers"):
            if _breaks(getattr(stmt, field, None) or []):
                return True
    return False
