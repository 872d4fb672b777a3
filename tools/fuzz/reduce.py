"""A delta reducer: shrink a failing program while it keeps failing the same way.

`reduce(text, still_fails)` tries, greedily and in this order, to drop a helper function, drop a
statement, replace an `if`/loop by one of its bodies, and replace an expression by one of its
sub-expressions; every candidate that `still_fails` (same outcome and message, checked by the
caller, usually in the fuzz worker) is kept and the search starts again on it.

    >>> text = "def f(x):\\n    y = x + 1\\n    z = (x * 2) - 3\\n    return x\\n\\ndef args():\\n    return (1,)\\n"
    >>> print(reduce(text, lambda t: "return x" in t and "def args" in t))
    def f(x):
        return x
    <BLANKLINE>
    def args():
        return (1,)
    <BLANKLINE>
"""
import ast
import re


def failure_key(result):
    """What must stay the same while reducing: the outcome, and its message with numbers, SSA
    suffixes and argument types blurred (`'y$2'` and `'v$7'` are the same failure).

    >>> failure_key({"outcome": "internal", "message": "stage 'typed' failed on f(int64[::1],): KeyError: 'y$2'"})
    ('internal', "stage 'typed' failed on F(...): KeyError: 'VAR'")
    """
    outcome = result["outcome"]
    if outcome in ("wrong", "crash", "timeout"):
        return outcome
    message = re.sub(r"\b[A-Za-z_]\w*\$\d+", "VAR", result.get("message", ""))
    message = re.sub(r"failed on \w+\(.*?\):", "failed on F(...):", message)
    return outcome, re.sub(r"\d+", "N", message)


def _statement_lists(tree):
    """Every list of statements inside the program's functions except `args`, in source order."""
    for fn in tree.body:
        if not isinstance(fn, ast.FunctionDef) or fn.name == "args":
            continue
        for node in ast.walk(fn):
            for field in ("body", "orelse"):
                stmts = getattr(node, field, None)
                if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
                    yield stmts


def _edits(tree):
    """Candidate edits of `tree`, each a function that applies itself to a fresh parse and
    returns True when it changed something (indices are stable between parses of one text)."""
    names = [fn.name for fn in tree.body if isinstance(fn, ast.FunctionDef) and fn.name not in ("f", "args")]
    for name in names:
        yield lambda t, name=name: _drop_function(t, name)
    lists = list(_statement_lists(tree))
    for li, stmts in enumerate(lists):
        for si in reversed(range(len(stmts))):
            yield lambda t, li=li, si=si: _edit_statement(t, li, si, None)
            if isinstance(stmts[si], (ast.If, ast.For, ast.While)):
                for which in ("body", "orelse"):
                    yield lambda t, li=li, si=si, w=which: _edit_statement(t, li, si, w)
    count = sum(1 for _ in _expression_sites(tree))
    for k in range(count):
        for child in range(3):
            yield lambda t, k=k, c=child: _edit_expression(t, k, c)


def _drop_function(tree, name):
    tree.body = [n for n in tree.body if not (isinstance(n, ast.FunctionDef) and n.name == name)]
    return True


def _edit_statement(tree, li, si, which):
    stmts = list(_statement_lists(tree))[li]
    old = stmts[si]
    replacement = [] if which is None else getattr(old, which, [])
    if which is not None and not replacement:
        return False
    stmts[si:si + 1] = replacement
    if not stmts:
        stmts.append(ast.Pass())
    return True


def _expression_sites(tree):
    for fn in tree.body:
        if isinstance(fn, ast.FunctionDef) and fn.name != "args":
            for node in ast.walk(fn):
                for field, value in ast.iter_fields(node):
                    if isinstance(value, ast.expr) and _children(value):
                        yield node, field, value


def _children(expr):
    """The sub-expressions `expr` may be replaced by (a call's arguments, not its callee)."""
    if isinstance(expr, ast.Call):
        return expr.args[:3]
    if isinstance(expr, (ast.Name, ast.Constant, ast.Attribute, ast.Subscript)):
        return []
    return [c for c in ast.iter_child_nodes(expr) if isinstance(c, ast.expr)][:3]


def _edit_expression(tree, k, child):
    for i, (node, field, value) in enumerate(_expression_sites(tree)):
        if i == k:
            kids = _children(value)
            if child >= len(kids):
                return False
            setattr(node, field, kids[child])
            return True
    return False


def reduce(text, still_fails, max_checks=200):
    """The smallest variant of `text` found for which `still_fails(variant)` holds (`text` itself
    when it does not parse: a generator bug, outcome invalid)."""
    try:
        ast.parse(text)
    except SyntaxError:
        return text
    checks = 0
    progress = True
    while progress and checks < max_checks:
        progress = False
        for edit in _edits(ast.parse(text)):
            tree = ast.parse(text)
            if not edit(tree):
                continue
            try:
                candidate = ast.unparse(ast.fix_missing_locations(tree)) + "\n"
                ast.parse(candidate)        # (an f-string's part alone unparses to invalid code)
            except Exception:
                continue
            if candidate == text:
                continue
            checks += 1
            if still_fails(candidate):
                text, progress = candidate, True
                break
            if checks >= max_checks:
                break
    return text
