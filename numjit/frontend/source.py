"""A Python function's source, AST, globals and closure, with locations in the user's file.

    >>> def f(x):
    ...     return x + 1
    >>> src = FunctionSource.of(f)
    >>> src.name, type(src.tree).__name__, src.loc(src.tree.body[0]).line > 0
    ('f', 'FunctionDef', True)
"""
import ast
import inspect
import linecache
import textwrap

from ..errors import Loc, UnsupportedError
from .versions import version_variables


class FunctionSource:
    def __init__(self, pyfunc, tree, filename, first_line, indent):
        self.pyfunc = pyfunc
        self.tree = tree
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
        filename = pyfunc.__code__.co_filename
        try:
            lines, first_line = inspect.getsourcelines(pyfunc)
        except (OSError, TypeError):
            raise UnsupportedError(
                f"cannot compile {pyfunc.__qualname__}: its source code is not available "
                "(defined in an interactive session without a file, or by exec?)") from None
        text = "".join(lines)
        dedented = textwrap.dedent(text)
        indent = len(lines[0]) - len(dedented.splitlines(True)[0]) if lines else 0
        module = ast.parse(dedented)
        tree = next((n for n in module.body if isinstance(n, (ast.FunctionDef, ast.Lambda, ast.Expr))), None)
        if isinstance(tree, ast.Expr):            # a lambda assigned somewhere: find it
            tree = next((n for n in ast.walk(module) if isinstance(n, ast.Lambda)), None)
        if tree is None:
            for node in ast.walk(module):
                if isinstance(node, ast.Lambda):
                    tree = node
                    break
        if tree is None:
            raise UnsupportedError(f"cannot find the source of {pyfunc.__qualname__}")
        ast.increment_lineno(module, first_line - 1)
        if isinstance(tree, ast.FunctionDef):
            tree.decorator_list = []
            tree = version_variables(tree)
        return cls(pyfunc, tree, filename, first_line, indent)

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
        return False, None
