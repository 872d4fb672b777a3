"""Which library module provides which implementation key: the registry imports a module of
numjit/lib/ or numjit/intrinsics/ only when typing first needs its candidates for a key (a key's
modules in rank order, until a candidate accepts the arguments: `x + 1` on floats imports
intrinsics/operators.py, not the modules adding `+` for strings, lists or arrays).

Importing all of them costs ~30 ms, most of the first call of a small function. The table
(numjit/typing/_providers_table.py) is generated from an eager import of every module by
`python -m numjit.typing.providers`; tests/test_lazy_registry.py fails when it is stale. If the
library's files changed since it was generated (a size differs, a file came or went), or Python's
or NumPy's version differs (they decide which keys exist and how they are named), the table is not
trusted: everything is imported on first use, as before, and the process writes this machine's
table to $NUMJIT_CACHE_DIR/registry (or ~/.cache/numjit/registry) for later processes.

A key is looked up by its description, stable across processes:

    >>> import math, numpy as np
    >>> describe(math.sqrt), describe(np.add), describe(np.add.at), describe("array.shape")
    ('math:sqrt', 'ufunc:add', 'ufunc:add.at', 'array.shape')
    >>> providers_of(np.linalg.inv)
    ('numjit.lib.numpy_linalg_lapack', 'numjit.lib.numpy_linalg_stacked')
"""
import importlib
import math
import os
import sys

import numpy as np

from .. import config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))     # the numjit package
PACKAGES = ("intrinsics", "lib")                 # their MODULES lists, imported in this order
_state = {"table": None, "all": False}           # see _table; all: everything imported
_imported = set()                                # modules stages() has imported (completely)


def describe(key):
    """A string naming `key` the same way in every process (None if it cannot be named)."""
    if isinstance(key, str):
        return key
    try:
        if isinstance(key, tuple):
            return "(" + ",".join(str(describe(k)) for k in key) + ")"
        if isinstance(key, np.ufunc):
            return f"ufunc:{key.__name__}"
        owner = getattr(key, "__self__", None)
        if isinstance(owner, np.ufunc):          # np.add.at
            return f"ufunc:{owner.__name__}.{key.__name__}"
        module, name = getattr(key, "__module__", None), getattr(key, "__qualname__", None)
        if isinstance(module, str) and isinstance(name, str):
            return f"{module}:{name}"
        kind = type(key)
        return f"{kind.__module__}:{kind.__qualname__}()"      # an instance (a cuda register stub)
    except Exception:       # noqa: BLE001  (an object whose attributes raise: it names no key)
        return None


def library_modules():
    """Every module the eager import lists name, in their order."""
    names = []
    for package in PACKAGES:
        module = importlib.import_module(f"numjit.{package}")
        names += [name if name.startswith("numjit.") else f"numjit.{package}.{name}"
                  for name in module.MODULES]
    return names


def _path(relative):
    return os.path.join(ROOT, *relative.split("/"))


def file_sizes(modules):
    """{path under numjit/: size} of every .py file of lib/ and intrinsics/ and of `modules`."""
    paths = {"/".join(m.split(".")[1:]) + ".py" for m in modules}
    for package in PACKAGES:
        paths.update(f"{package}/{f}" for f in os.listdir(_path(package)) if f.endswith(".py"))
    return {p: os.path.getsize(_path(p)) for p in sorted(paths)}


def versions():
    """What else decides which keys exist and how they are named (`math.cbrt` is new in 3.11)."""
    return {"python": "%d.%d" % sys.version_info[:2], "numpy": np.__version__}


def _fresh(sizes, made_with):
    """Whether the library's files and the versions are those the table was generated from."""
    try:
        return (made_with == versions()
                and file_sizes(()) == {p: s for p, s in sizes.items() if p.split("/")[0] in PACKAGES}
                and all(os.path.getsize(_path(p)) == s for p, s in sizes.items()))
    except OSError:
        return False


def _table():
    """description -> the modules registering it; loaded once (ranks: module -> its place).
    The committed table, else one this machine wrote for its own versions (see _write_cached)."""
    if _state["table"] is None:
        try:
            from . import _providers_table as generated
            provides, fresh = generated.PROVIDES, _fresh(generated.SIZES, generated.VERSIONS)
        except (ImportError, AttributeError):      # not generated yet, or by an older numjit
            provides, fresh = {}, False
        if not fresh:
            provides = _read_cached()
            fresh = provides is not None
        table = {}
        for module, keys in (provides or {}).items():
            for key in keys:
                table[key] = table.get(key, ()) + (module,)
        _state.update(table=table, ranks={module: rank for rank, module in enumerate(provides or ())},
                      fresh=fresh)
    return _state["table"]


def providers_of(key):
    """The modules registering `key`, by the table."""
    return _table().get(describe(key), ())


def stages(key):
    """Import the modules registering `key` one at a time, in rank order, yielding after each the
    rank up to which the key's candidates are now all registered; last, a bound past them all
    (a user's overloads). A stale table imports everything first (and writes this machine's)."""
    _table()
    if not _state["fresh"] and not _state["all"]:
        # the order modules register in is the eager order only if none was imported before
        clean = not any(m.startswith(("numjit.lib.", "numjit.intrinsics.", "numjit.cuda.intrinsics"))
                        for m in sys.modules)
        import_all()
        if clean:
            _write_cached()
    if not _state["all"]:
        for module in providers_of(key):
            if module not in _imported:
                importlib.import_module(module)
                _imported.add(module)
            yield _state["ranks"][module]
    yield math.inf


def import_all():
    """Import the eager import lists, then every other module of lib/ and intrinsics/ (those a
    typer imports when it runs register too)."""
    _state["all"] = True
    for module in library_modules():
        importlib.import_module(module)
    for package in PACKAGES:
        for f in sorted(os.listdir(_path(package))):
            if f.endswith(".py") and f != "__init__.py":
                importlib.import_module(f"numjit.{package}.{f[:-3]}")


def rank(module):
    """Where `module`'s registrations go among a key's candidates (its place in the eager import
    order), or None for a module the table does not list (a user's overload)."""
    _table()
    return _state["ranks"].get(module)


def _collect():
    """{module: [descriptions of the keys it registers]}, modules in the order they first
    registered, from the registry once import_all() has run."""
    from . import registry
    library = set(library_modules())
    registrations = sorted([(order[1], module, key) for key, bucket in registry._TYPERS.items()
                            for order, _, _, module in bucket
                            if module in library or module.startswith(("numjit.lib.", "numjit.intrinsics."))],
                           key=lambda r: r[0])
    provides = {}
    for _, module, key in registrations:
        name = describe(key)
        if name is None:
            raise ValueError(f"{module} registers a key numjit cannot name: {key!r}")
        names = provides.setdefault(module, [])
        if name not in names:
            names.append(name)
    return provides


def _cached_path():
    import zlib
    made_with = versions()
    tag = zlib.crc32(repr(sorted(file_sizes(()).items())).encode())
    name = f"{made_with['python']}-{made_with['numpy']}-{tag:08x}.json"
    return os.path.join(config.cache_root(), "registry", name)


def _read_cached():
    import json
    try:
        with open(_cached_path()) as f:
            cached = json.load(f)
        return cached["provides"] if _fresh(cached["sizes"], cached["versions"]) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cached():
    """This machine's table, for later processes (when the committed one was made with another
    Python or NumPy). Any failure leaves it unwritten."""
    import json
    try:
        provides = _collect()
        record = {"provides": provides, "versions": versions(), "sizes": file_sizes(provides)}
        path = _cached_path()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w") as f:
            json.dump(record, f)
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass


def generate():
    """The table's source text, from an eager import of every library module (run in a fresh
    process: `python -m numjit.typing.providers`)."""
    from . import registry
    import_all()
    provides = _collect()
    stray = {entry[3] for bucket in registry._TYPERS.values() for entry in bucket} - set(provides)
    if stray:
        raise ValueError(f"{sorted(stray)} register implementations: list them in a MODULES list")
    lines = ['"""Generated by `python -m numjit.typing.providers` (do not edit): which library module',
             "registers which implementation keys (see numjit/typing/providers.py), in eager import order,",
             "and the versions and file sizes it was generated with.", "",
             '    >>> "math:sqrt" in PROVIDES["numjit.intrinsics.mathfuncs"]', "    True", '"""',
             "PROVIDES = {"]
    for module, names in provides.items():
        lines.append(f"    {module!r}: (")
        line = "       "
        for name in names:
            if len(line) + len(repr(name)) > 98:
                lines.append(line)
                line = "       "
            line += f" {name!r},"
        lines.append(line + "),")
    lines += ["}", f"VERSIONS = {versions()!r}", "SIZES = {"]
    lines += [f"    {p!r}: {s}," for p, s in file_sizes(provides).items()] + ["}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":          # the registry uses the imported module, not this __main__ copy
    from numjit.typing import providers
    text = providers.generate()
    with open(_path("typing/_providers_table.py"), "w") as out:
        out.write(text)
