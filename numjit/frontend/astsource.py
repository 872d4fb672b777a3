"""Functions made by `exec` of code compiled from an AST (numbagg rewrites its reductions that
way) or of a string (vector builds a function calling each of its constructors) have no source
text for numjit to read; numba compiles bytecode and never needs one. While
`remember_compiled_trees()` is on (numjit.run / install_as_numba turns it on), `compile` of an
`ast.Module` records the FunctionDef of each function code object it makes, `exec` of a string
records the string (parsed when one of its functions is compiled), and `tree_of` gives the
FunctionDef back for the function made from that code (`_compile_remembering` and
`_exec_remembering` are that `compile` and `exec`):

    >>> tree = ast.parse("def double(x):\\n    return 2 * x")
    >>> scope = {}
    >>> exec(_compile_remembering(tree, "<ast>", "exec"), scope)
    >>> ast.unparse(tree_of(scope["double"]).body[0])
    'return 2 * x'
    >>> _exec_remembering("def triple(x):\\n    return 3 * x", scope)
    >>> ast.unparse(tree_of(scope["triple"]).body[0])
    'return 3 * x'
"""
import __future__
import ast
import builtins
import copy
import sys
import types
import weakref

_builtin_compile, _builtin_exec = builtins.compile, builtins.exec
_FUTURE_FLAGS = sum(getattr(__future__, name).compiler_flag for name in __future__.all_feature_names)
_trees = weakref.WeakKeyDictionary()        # function code object → its FunctionDef
_texts = weakref.WeakKeyDictionary()        # function code object → the exec'd string it came from


def _function_defs(module):
    defs = {}
    for node in ast.walk(module):
        if isinstance(node, ast.FunctionDef):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            defs.setdefault((node.name, first), []).append(node)
    return defs


def _compile_remembering(source, filename, mode, *args, **kwargs):
    code = _builtin_compile(source, filename, mode, *args, **kwargs)
    if isinstance(source, ast.Module) and isinstance(code, types.CodeType) and not _rewritten_by_pytest(source):
        _record(code, _function_defs(source))
    return code


def _exec_remembering(source, globals=None, locals=None, **kwargs):
    """exec: a string's functions remember it (parsed only if one is compiled: tree_of); the code
    gets the caller's `from __future__` flags and, without namespaces given, the caller's, as
    exec's own."""
    caller = sys._getframe(1)
    if globals is None:
        globals = caller.f_globals
        if locals is None:
            locals = caller.f_locals
    if isinstance(source, str):
        text = source
        source = _builtin_compile(text, "<string>", "exec", flags=caller.f_code.co_flags & _FUTURE_FLAGS,
                                  dont_inherit=True)
        _record_text(source, text)
    return _builtin_exec(source, globals, locals, **kwargs)


def _record_text(code, text):
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _texts[const] = text
            _record_text(const, text)


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
    code = pyfunc.__code__
    if code not in _trees and code in _texts:          # made by exec of a string: parsed now
        found = _function_defs(ast.parse(_texts[code])).get((code.co_name, code.co_firstlineno), ())
        if len(found) == 1:
            _trees[code] = found[0]
    return _trees.get(pyfunc.__code__)


def remember_compiled_trees():
    builtins.compile, builtins.exec = _compile_remembering, _exec_remembering


def forget_compiled_trees():
    builtins.compile, builtins.exec = _builtin_compile, _builtin_exec
