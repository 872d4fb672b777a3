"""Run code written for numba on numjit, unmodified: `import numba` and every `numba.*` submodule
resolve to numjit's modules, and the real numba is never imported.

    python -m numjit.run script.py args...        # a script
    python -m numjit.run -m pytest tests/ -x       # a module, as `python -m`

or, in code, `numjit.install_as_numba()` before the first `import numba`. What the finder it
installs gives (shown without installing it, which would change this process):

    >>> import numjit
    >>> finder = NumbaAliasFinder()
    >>> spec = finder.find_spec("numba.core.types")
    >>> spec.loader.create_module(spec) is numjit.types
    True
    >>> spec = finder.find_spec("numba")
    >>> numba = spec.loader.create_module(spec)
    >>> numba.njit is numjit.njit, numba.__version__ == NUMBA_API_VERSION
    (True, True)
    >>> context = importlib.metadata.DistributionFinder.Context(name="numba")
    >>> next(finder.find_distributions(context)).version == NUMBA_API_VERSION
    True

`numba.X.Y` is numjit's module `numjit.X.Y` (numjit/core/, numjit/np/, numjit/extending.py...),
the same object, so state is shared; `numba` itself is a small module that forwards every name
to `numjit` and reports the numba version whose API numjit follows (NUMBA_API_VERSION), both as
`numba.__version__` and to `importlib.metadata` (a distribution named numba). A numba module
numjit does not have raises ModuleNotFoundError naming it. Child processes started by the
program (pytest-xdist workers, multiprocessing) get the alias too: the runner puts a directory
holding a `sitecustomize` that installs it first on their PYTHONPATH.
"""
import importlib
import importlib.abc
import importlib.machinery
import importlib.metadata
import os
import runpy
import sys
import types as pytypes

from .frontend.astsource import forget_compiled_trees, remember_compiled_trees

NUMBA_API_VERSION = "0.61.0"

# numba modules whose names are spread over numjit.types (numba splits its types module in parts),
# numba.typed's submodules (numjit.typed is one module), and numba.errors
_RENAMED = {f"numba.core.types.{part}": "numjit.types"
            for part in ("abstract", "common", "containers", "functions", "function_type", "iterators",
                         "misc", "npytypes", "scalars")}
_RENAMED.update({f"numba.typed.{part}": "numjit.typed" for part in ("typedlist", "typeddict", "typedset")})
_RENAMED["numba.errors"] = "numjit.core.errors"        # numba's old home of numba.core.errors' names
_SITE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_numba_site")


def _numba_module():
    """The module `numba` names: numjit's names (module attribute lookups forwarded), numba's version."""
    import numjit
    module = pytypes.ModuleType("numba", numjit.__doc__)
    module.__dict__.update({k: v for k, v in vars(numjit).items()
                            if not (k.startswith("__") and k.endswith("__")) or k == "__all__"})
    module.__getattr__ = numjit.__getattr__
    module.__version__ = NUMBA_API_VERSION
    module.version_info = tuple(int(p) for p in NUMBA_API_VERSION.split("."))
    module.__path__ = []
    module.__numjit__ = numjit
    return module


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        self.own_spec = getattr(self.module, "__spec__", None)
        return self.module

    def exec_module(self, module):
        if self.own_spec is not None:      # numjit's module keeps its spec (importlib set numba's): its
            module.__spec__ = self.own_spec     # relative imports agree with __package__ (no ImportWarning)


class _NumbaDistribution(importlib.metadata.Distribution):
    """`importlib.metadata` sees numba installed at NUMBA_API_VERSION (numjit, standing in)."""

    def read_text(self, filename):
        if filename == "METADATA":
            return (f"Metadata-Version: 2.1\nName: numba\nVersion: {NUMBA_API_VERSION}\n"
                    "Summary: numjit standing in for numba (numjit.install_as_numba)\n")
        return None

    def locate_file(self, path):
        return os.path.join(os.path.dirname(_SITE_DIR), str(path))


class NumbaAliasFinder(importlib.abc.MetaPathFinder):
    """Meta-path finder: `numba[.X.Y]` → numjit's module `numjit[.X.Y]`."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "numba" and not fullname.startswith("numba."):
            return None
        if fullname == "numba":
            module = _numba_module()
        else:
            target_name = _RENAMED.get(fullname, "numjit" + fullname[len("numba"):])
            try:
                module = importlib.import_module(target_name)
            except ModuleNotFoundError as exc:
                if exc.name is None or not target_name.startswith(exc.name):
                    raise
                raise ModuleNotFoundError(f"No module named {fullname!r}: numjit, standing in for numba, "
                                          f"has no module {target_name}", name=fullname) from None
        is_package = hasattr(module, "__path__") or any(k.startswith(fullname + ".") for k in _RENAMED)
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(module), is_package=is_package)

    def find_distributions(self, context=importlib.metadata.DistributionFinder.Context()):
        name = context.name
        if name is None or name.lower().replace("-", "_") == "numba":
            return iter([_NumbaDistribution()])
        return iter(())


_finder = None


def _numba_names():
    return [name for name in sys.modules if name == "numba" or name.startswith("numba.")]


def install_as_numba():
    """Make `import numba` (and numba.*) give numjit from now on, in this process. Idempotent;
    returns the finder. RuntimeError when the real numba is already imported (two compilers would
    then share the name)."""
    global _finder
    real = [n for n in _numba_names() if not hasattr(sys.modules[n], "__numjit__")
            and not getattr(sys.modules[n], "__name__", "").startswith("numjit")]
    if real:
        raise RuntimeError("the real numba is already imported in this process; call "
                           "numjit.install_as_numba() (or use python -m numjit.run) before it is")
    if _finder is None:
        _finder = NumbaAliasFinder()
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    remember_compiled_trees()                 # numba's code may exec functions compiled from an AST
    from .types.numba_spelling import install
    install()                                 # str(numba.typeof(x)) is spelled as numba spells it
    return _finder


def uninstall_numba_alias():
    """Undo install_as_numba: numba's names leave sys.modules and the finder leaves sys.meta_path."""
    if _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    forget_compiled_trees()
    from .types.numba_spelling import uninstall
    uninstall()
    for name in _numba_names():
        del sys.modules[name]


USAGE = """usage: python -m numjit.run script.py [args...]
       python -m numjit.run -m module [args...]
       python -m numjit.run -c code [args...]
Runs a program written for numba on numjit: `import numba` gives numjit."""


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or (argv[0] in ("-m", "-c") and len(argv) < 2):
        print(USAGE, file=sys.stderr if not argv or argv[0] in ("-m", "-c") else sys.stdout)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    install_as_numba()
    paths = [_SITE_DIR, os.path.dirname(os.path.dirname(_SITE_DIR))]       # numjit importable there too
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    os.environ["PYTHONPATH"] = os.pathsep.join(paths)
    if argv[0] == "-c":
        sys.argv = ["-c"] + argv[2:]
        sys.path.insert(0, "")
        exec(compile(argv[1], "<string>", "exec"), {"__name__": "__main__", "__builtins__": __builtins__})
    elif argv[0] == "-m":
        sys.argv = argv[1:]
        sys.path.insert(0, os.getcwd())
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = argv
        sys.path.insert(0, os.path.dirname(os.path.abspath(argv[0])))
        runpy.run_path(argv[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
