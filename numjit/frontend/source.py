"""A Python function's source, AST, globals and closure, with locations in the user's file.

    >>> def f(x):
    ...     return x + 1
    >>> src = FunctionSource.of(f)
    >>> src.name, type(src.tree).__name__, src.loc(src.tree.body[0]).line > 0
    ('f', 'FunctionDef', True)
"""
import ast
import copy
import inspect
import linecache
import textwrap

from ..errors import Loc, UnsupportedError
from .astsource import tree_of
from .versions import version_variables


class FunctionSource:
    def __init__(self, pyfunc, tree, filename, first_line, indent, raw_tree=None):
        self.pyfunc = pyfunc
        self.tree = tree
        self.raw_tree = raw_tree if raw_tree is not None else tree    # before versioning (see unrolled)
        self.filename = filename
        self.first_line = first_line
        self.indent = indent
        self.name = pyfunc.__name__
        self.globals = pyfunc.__globals__
        closure = pyfunc.__closure__ or ()
        self.freevars = {}
        for name, cell in zip(pyfunc.__code__.co_freevars, closure):
            try:
                self.freevars[name] = cell.cell_contents
            except ValueError:        # an empty cell: a name bound after the function was made
                pass

    _cache = {}

    @classmethod
    def of(cls, pyfunc):
        key = pyfunc.__code__
        src = cls._cache.get(key)
        if src is None or src.pyfunc is not pyfunc:
            src = cls._cache[key] = cls._parse(pyfunc)
        return src

    @classmethod
    def _parse(cls, pyfunc):
        code = pyfunc.__code__
        found = tree_of(pyfunc) or _from_file(pyfunc)
        if found is not None:
            tree, indent = found, 0
        else:
            tree, indent = _from_inspect(pyfunc)
        if isinstance(tree, ast.Lambda):
            tree = _lambda_as_def(tree)
        raw = tree
        if isinstance(tree, ast.FunctionDef):
            tree = raw = copy.copy(tree)           # the file's tree is shared: never mutate it
            tree.decorator_list = []
            tree = version_variables(tree)
        return cls(pyfunc, tree, code.co_filename, code.co_firstlineno, indent, raw)

    def unrolled(self, lengths):
        """This source with the `literal_unroll` loops of `lengths` unrolled (frontend/unroll.py)."""
        from .unroll import unroll_loops
        src = copy.copy(self)
        src.tree = version_variables(unroll_loops(self.raw_tree, lengths))
        return src

    def loc(self, node):
        line = getattr(node, "lineno", self.first_line)
        col = getattr(node, "col_offset", 0) + self.indent
        end_line = getattr(node, "end_lineno", line)
        end_col = (getattr(node, "end_col_offset", None) or 0) + self.indent
        if end_line != line:
            end_col = 0
        text = linecache.getline(self.filename, line)
        return Loc(self.filename, line, col, end_col, text, self.name)

    def lookup_global(self, name):
        """(found, value) for a free name: closure cell, module global, builtin."""
        if name in self.freevars:
            return True, self.freevars[name]
        if name in self.globals:
            return True, self.globals[name]
        builtins = self.globals.get("__builtins__", __builtins__)
        if isinstance(builtins, dict):
            if name in builtins:
                return True, builtins[name]
        elif hasattr(builtins, name):
            return True, getattr(builtins, name)
        if name == self.pyfunc.__name__ and name in self.pyfunc.__code__.co_names:
            return True, self.pyfunc       # itself, compiled by a decorator before its name is bound
        return False, None


_file_trees = {}     # filename → (the lines linecache gave, {first line: [nodes]}, the module or None)


def _from_file(pyfunc):
    """The function's node in its whole file's AST (parsed once per file), or None.

    Cheaper than inspect.getsourcelines (no tokenizer) and the locations are the file's own. The
    index first holds the `def`s, found through statements only; a lambda's line (not there)
    indexes the lambdas of the whole tree once.
    """
    code = pyfunc.__code__
    lines = linecache.getlines(code.co_filename, pyfunc.__globals__)
    if not lines:
        return None
    cached = _file_trees.get(code.co_filename)
    if cached is None or cached[0] is not lines:
        try:
            module = ast.parse("".join(lines))
        except (SyntaxError, ValueError):
            return None
        cached = _file_trees[code.co_filename] = (lines, _index(_defs(module.body)), module)
    found = _pick(pyfunc, cached[1].get(code.co_firstlineno, ()), 0)
    if found is None and cached[2] is not None:         # a lambda: index them all, once
        for first, nodes in _index(n for n in ast.walk(cached[2]) if isinstance(n, ast.Lambda)).items():
            cached[1].setdefault(first, []).extend(nodes)
        _file_trees[code.co_filename] = cached[:2] + (None,)
        found = _pick(pyfunc, cached[1].get(code.co_firstlineno, ()), 0)
    return found


def _defs(body):
    """The `def` statements in `body` and in the statements nested in it."""
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef):
            yield stmt
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list):
                yield from _defs(inner)


def _index(nodes):
    index = {}
    for node in nodes:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
        index.setdefault(first, []).append(node)
    return index


def _signature_matches(node, code):
    name = node.name if isinstance(node, ast.FunctionDef) else "<lambda>"
    args = node.args
    params = list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
    return name == code.co_name and [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs] == params


def _pick(pyfunc, nodes, indent):
    """The node among `nodes` (those starting on the code's first line) that compiled to `pyfunc`.

    Name and parameters narrow the choice; when several remain (two lambdas on one line), the
    column spans of the code's instructions (Python 3.11+) pick the node that holds them all.
    Never guesses: still ambiguous raises UnsupportedError; None when no node matches.
    """
    code = pyfunc.__code__
    candidates = [n for n in nodes if _signature_matches(n, code)]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    spans = _instruction_spans(code, indent)
    if spans:
        holding = [n for n in candidates if all(_holds(n, span) for span in spans)]
        if holding:                        # nested candidates all hold an inner one's span: take the innermost
            inner = [n for n in holding if not any(m is not n and _holds(n, _node_span(m)) for m in holding)]
            if len(inner) == 1:
                return inner[0]
    raise UnsupportedError(
        f"several functions on line {code.co_firstlineno} of {code.co_filename} named {code.co_name}: "
        f"cannot tell which to compile; define {pyfunc.__qualname__} on a line of its own")


def _instruction_spans(code, indent):
    """(line, col, end line, end col) of each instruction with a non-empty span, in the parsed text's
    columns; empty when the interpreter has no column table (Python 3.10, -X no_debug_ranges)."""
    positions = getattr(code, "co_positions", None)
    if positions is None:
        return []
    spans = []
    for line, end_line, col, end_col in positions():
        if None in (line, end_line, col, end_col) or (line, col) == (end_line, end_col):
            continue
        spans.append((line, col - indent, end_line, end_col - indent))
    return spans


def _node_span(node):
    return node.lineno, node.col_offset, node.end_lineno, node.end_col_offset


def _holds(node, span):
    line, col, end_line, end_col = span
    n_line, n_col, n_end_line, n_end_col = _node_span(node)
    return (n_line, n_col) <= (line, col) and (end_line, end_col) <= (n_end_line, n_end_col)


def _lambda_as_def(node):
    """`lambda args: expr` as `def <lambda>(args): return expr`, with the lambda's locations."""
    ret = ast.copy_location(ast.Return(value=node.body), node.body)
    fields = {"type_params": []} if "type_params" in ast.FunctionDef._fields else {}
    fdef = ast.FunctionDef(name="<lambda>", args=node.args, body=[ret], decorator_list=[], returns=None,
                           **fields)
    return ast.copy_location(fdef, node)


def _from_inspect(pyfunc):
    """Fallback: the source lines inspect finds, dedented and parsed alone; (tree, indent)."""
    try:
        lines, first_line = inspect.getsourcelines(pyfunc)
    except (OSError, TypeError):
        raise UnsupportedError(
            f"cannot compile {pyfunc.__qualname__}: its source code is not available "
            "(defined in an interactive session without a file, or by exec?)") from None
    text = "".join(lines)
    dedented = textwrap.dedent(text)
    indent = len(lines[0]) - len(dedented.splitlines(True)[0]) if lines else 0
    try:
        module = ast.parse(dedented)
    except SyntaxError:
        module = None
    if module is None:
        raise UnsupportedError(f"cannot find the source of {pyfunc.__qualname__}")
    ast.increment_lineno(module, first_line - 1)
    first = [n for n in ast.walk(module) if isinstance(n, (ast.FunctionDef, ast.Lambda))
             and min([n.lineno] + [d.lineno for d in getattr(n, "decorator_list", ())]) == first_line]
    tree = _pick(pyfunc, first, indent)
    if tree is None:                       # renamed code (co_name differs): the first function found
        tree = next((n for n in ast.walk(module) if isinstance(n, (ast.FunctionDef, ast.Lambda))), None)
    if tree is None:
        raise UnsupportedError(f"cannot find the source of {pyfunc.__qualname__}")
    return tree, indent
