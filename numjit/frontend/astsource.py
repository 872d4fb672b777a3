"""Functions made by `exec` of code compiled from an AST (numbagg rewrites its reductions that
way) have no source text for numjit to read; numba compiles bytecode and never needs one. While
`remember_compiled_trees()` is on (numjit.run / install_as_numba turns it on), `compile` of an
`ast.Module` records the FunctionDef of each function code object it makes, and `tree_of` gives
it back for the function made from that code (`_compile_remembering` is that `compile`):

    >>> tree = ast.parse("def double(x):\\n    return 2 * x")
    >>> scope = {}
    >>> exec(_compile_remembering(tree, "<ast>", "exec"), scope)
    >>> ast.unparse(tree_of(scope["double"]).body[0])
    'return 2 * x'
"""
import ast
import builtins
import copy
import types
import weakref

_builtin_compile = builtins.compile
_trees = weakref.WeakKeyDictionary()        # function code object → its FunctionDef


def _compile_remembering(source, filename, mode, *args, **kwargs):
    code = _builtin_compile(source, filename, mode, *args, **kwargs)
    if isinstance(source, ast.Module) and isinstance(code, types.CodeType) and not _rewritten_by_pytest(source):
        defs = {}
        for node in ast.walk(source):
            if isinstance(node, ast.FunctionDef):
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                defs.setdefault((node.name, first), []).append(node)
        _record(code, defs)
    return code


def _rewritten_by_pytest(module):
    """pytest compiles test modules from an AST too, with its asserts rewritten (they call into
    `@pytest_ar`, names no source can spell): their functions' own text is in their files."""
    return any(isinstance(node, ast.Import) and any((a.asname or "").startswith("@py") for a in node.names)
               for node in module.body)


def _record(code, defs):
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found = defs.get((const.co_name, const.co_firstlineno), ())
            if len(found) == 1:                  # two on one line: ambiguous, left unrecorded
                _trees[const] = copy.deepcopy(found[0])
            _record(const, defs)


def tree_of(pyfunc):
    """The FunctionDef that `pyfunc`'s code was compiled from, or None."""
    return _trees.get(pyfunc.__code__)


def remember_compiled_trees():
    builtins.compile = _compile_remembering


def forget_compiled_trees():
    builtins.compile = _builtin_compile
