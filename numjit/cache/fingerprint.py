"""What a cached compilation depends on, as hashable text: the function's source, every global
and closure value it names (functions recursively), the compiler's own sources, the platform.

    >>> LIMIT = 3
    >>> def f(x):
    ...     return x * LIMIT
    >>> a = function_fingerprint(f); LIMIT = 4; a != function_fingerprint(f)
    True

Values that cannot be fingerprinted make the function uncacheable (`Uncacheable`):
compiled code bakes globals in as constants, so a value we cannot compare is a value
whose change we could not notice.
"""
import ast
import builtins
import hashlib
import platform
import sys
import types
from pathlib import Path

import numpy as np

from ..frontend.source import FunctionSource

_PLAIN = (type(None), bool, int, float, complex, str, bytes)


class Uncacheable(Exception):
    """The reason a function's compilation cannot be cached."""


def _sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


_compiler = []


def compiler_fingerprint():
    """numjit's own sources, llvmlite/LLVM, Python, NumPy and the host CPU: any change rebuilds."""
    if not _compiler:
        import llvmlite
        import llvmlite.binding as llvm
        root = Path(__file__).resolve().parents[1]
        h = hashlib.sha256()
        for path in sorted(root.rglob("*.py")):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
        h.update(f"{llvmlite.__version__} {llvm.llvm_version_info} {sys.version} {np.__version__} "
                 f"{platform.machine()} {llvm.get_process_triple()} {llvm.get_host_cpu_name()} "
                 f"{llvm.get_host_cpu_features().flatten()}".encode())
        _compiler.append(h.hexdigest())
    return _compiler[0]


def value_fingerprint(value, seen):
    """Text that changes whenever `value`, as compiled code would bake it in, changes."""
    if isinstance(value, _PLAIN):
        return f"{type(value).__name__}:{value!r}"
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__}({','.join(value_fingerprint(v, seen) for v in value)})"
    if isinstance(value, np.ndarray):
        data = np.ascontiguousarray(value)
        return f"ndarray:{value.dtype.str}:{value.shape}:{hashlib.sha256(data.tobytes()).hexdigest()}"
    if isinstance(value, (np.generic, np.dtype)):
        return f"{type(value).__name__}:{value!r}"
    if isinstance(value, types.ModuleType):
        return f"module:{value.__name__}"
    info = getattr(value, "class_type", None) if isinstance(value, type) else None
    if info is not None and hasattr(info, "fingerprint"):      # a jitclass: its fields and methods' code
        return f"jitclass:{info.fingerprint(seen)}"
    if isinstance(value, type):
        return f"class:{value.__module__}.{value.__qualname__}"
    from ..ccallback import CFunc
    if isinstance(value, CFunc):
        raise Uncacheable("a cfunc (compiled code calls it at its address in this process)")
    py_func = getattr(value, "py_func", None)          # Dispatcher, DUFunc, GUFunc
    if isinstance(value, np.ufunc):                    # one numjit.vectorize built: its kernel
        from ..ufunc.pickling import recipe_of
        recipe = recipe_of(value)
        py_func = recipe.py_func if recipe is not None else None
    if isinstance(py_func, types.FunctionType):
        value = py_func
    if isinstance(value, types.FunctionType):
        return function_fingerprint(value, seen)
    if isinstance(value, (types.BuiltinFunctionType, np.ufunc)):
        return f"builtin:{getattr(value, '__module__', '')}.{value.__name__}"
    if _is_numjit_type(value):
        return f"numjit-type:{value!r}"
    raise Uncacheable(f"a global of type {type(value).__name__} ({value!r:.60})")


def _is_numjit_type(value):
    from ..types.base import Type
    return isinstance(value, Type)


def function_fingerprint(func, seen=None):
    """The function's source and location, and the fingerprint of every free name it reads."""
    seen = set() if seen is None else seen
    if func.__code__ in seen:                 # recursion: the source above already covers it
        return f"recursive:{func.__qualname__}"
    seen.add(func.__code__)
    try:
        src = FunctionSource.of(func)
    except Exception as exc:
        raise Uncacheable(f"no source for {func.__qualname__}: {exc}") from None
    parts = [f"function:{func.__module__}.{func.__qualname__}@{src.filename}",
             _sha(ast.dump(src.tree, include_attributes=True))]     # the code and its line numbers
    for name in sorted(_free_names(src.tree)):
        found, value = src.lookup_global(name)
        if found and value is not getattr(builtins, name, object()):
            parts.append(f"{name}={value_fingerprint(value, seen)}")
        for chain in _attribute_chains(src.tree, name):      # mymodule.CONSTANT
            parts.append(f"{chain}={_chain_fingerprint(value, chain, seen)}")
    return _sha("\n".join(parts))


def _free_names(tree):
    assigned = {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
    assigned |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return {name.split("$")[0] for name in loaded} - {name.split("$")[0] for name in assigned}


def _attribute_chains(tree, root):
    """Dotted names `root.a.b` read in the tree, longest first."""
    chains = set()
    for node in ast.walk(tree):
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if parts and isinstance(node, ast.Name) and node.id.split("$")[0] == root:
            chains.add(".".join([root] + parts[::-1]))
    return sorted(chains)


_LIBRARIES = ("numpy", "math", "cmath", "numjit", "numba", "builtins", "operator")


def _chain_fingerprint(value, chain, seen):
    """The value at the end of `chain` when its root is a user module; library modules are
    covered by the versions in the compiler fingerprint."""
    if not isinstance(value, types.ModuleType) or value.__name__.split(".")[0] in _LIBRARIES:
        return "library"
    for attr in chain.split(".")[1:]:
        value = getattr(value, attr, None)
        if isinstance(value, types.ModuleType) and value.__name__.split(".")[0] in _LIBRARIES:
            return "library"
    if isinstance(value, types.ModuleType):
        return f"module:{value.__name__}"
    return value_fingerprint(value, seen)
