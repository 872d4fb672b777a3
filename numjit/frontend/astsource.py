"""Functions made by `exec` of code compiled from an AST (numbagg rewrites its reductions that
way) or of a string (numba-stats generates its overloads so) have no source text for numjit to
read; numba compiles bytecode and never needs one. While `remember_compiled_trees()` is on
(numjit.run / install_as_numba turns it on), `compile` of an `ast.Module`, and `exec` of a
string, record the FunctionDef of each function code object they make, and `tree_of` gives it
back for the function made from that code (`_compile_remembering` is that `compile`):

    >>> tree = ast.parse("def double(x):\\n    return 2 * x")
    >>> scope = {}
    >>> exec(_compile_remembering(tree, "<ast>", "exec"), scope)
    >>> ast.unparse(tree_of(scope["double"]).body[0])
    'return 2 * x'
"""
import __future__
import ast
import builtins
import copy
import sys
import types
import weakref

_builtin_compile, _builtin_exec = builtins.compile, builtins.exec
_FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag
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


def _exec_remembering(source, globals=None, locals=None, *args, **kwargs):
    """`exec`; a string is compiled from its tree (as `exec` compiles it: the caller's __future__
    flags, in the caller's namespaces when none are given), so its functions are remembered."""
    caller = sys._getframe(1)
    if isinstance(source, str):
        try:
            tree = ast.parse(source)
        except SyntaxError:
            pass                                 # exec raises it, as it would have
        else:
            source = _compile_remembering(tree, "<string>", "exec", caller.f_code.co_flags & _FUTURE_FLAGS, True)
    if globals is None:
        globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
    return _builtin_exec(source, globals, locals, *args, **kwargs)


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
    builtins.compile, builtins.exec = _compile_remembering, _exec_remembering


def forget_compiled_trees():
    builtins.compile, builtins.exec = _builtin_compile, _builtin_exec
