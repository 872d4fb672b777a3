"""Pickling numjit ufuncs, gufuncs and their lazy forms by rebuilding them from the Python function.

A pickle holds where the kernel lives (module and qualified name) and how it
was built (a *recipe*: signatures, layout, target, identity, flags), never
machine code.  Unpickling imports the module: if the name there is the numjit
object itself (the usual ``@vectorize`` decoration) that object is returned;
if it is the plain function (``fast = vectorize(sigs)(slow)``), the ufunc is
rebuilt from it once per process.

    >>> import pickle, numpy as np
    >>> pickle.loads(pickle.dumps(np.add)) is np.add     # NumPy's own ufuncs are unaffected
    True

``numpy.ufunc`` pickles through ``copyreg``; :func:`install` wraps NumPy's
reducer so that only ufuncs made by numjit (those carrying a recipe, see
``ufuncobj.get_owner``) take this path.
"""
import copyreg
import importlib
import pickle
import threading

import numpy as np

from .ufuncobj import get_owner

_rebuilt = {}
_lock = threading.RLock()


class Recipe:
    """How to rebuild a numjit ufunc: `kind` is "ufunc", "gufunc", "dufunc" or "lazy_gufunc";
    `options` a dict of the builder's keyword arguments (signatures, layout, target, ...)."""

    def __init__(self, kind, py_func, **options):
        self.kind, self.py_func, self.options = kind, py_func, options

    def reduce(self, obj):
        module = getattr(self.py_func, "__module__", None)
        qualname = getattr(self.py_func, "__qualname__", "")
        if not module or "<locals>" in qualname or "<lambda>" in qualname:
            raise pickle.PicklingError(
                f"cannot pickle {obj!r}: its function {qualname or self.py_func!r} is not defined "
                f"at module level, so another process could not find it")
        return (rebuild, (self.kind, module, qualname, self.options))


def recipe_of(obj):
    """The Recipe of a numjit ufunc or lazy ufunc, else None."""
    if isinstance(obj, np.ufunc):
        owner = get_owner(obj)
        extra = getattr(owner, "extra", None)
        return extra[-1] if isinstance(extra, tuple) and extra and isinstance(extra[-1], Recipe) else None
    return getattr(obj, "recipe", None)


def _lookup(module, qualname):
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _same(obj, kind, options):
    recipe = recipe_of(obj)
    return recipe is not None and recipe.kind == kind and recipe.options == options


def rebuild(kind, module, qualname, options):
    """Unpickle: the numjit object named by module/qualname, or one rebuilt from that function."""
    found = _lookup(module, qualname)
    if _same(found, kind, options):
        return found
    key = (kind, module, qualname, repr(sorted(options.items())))
    with _lock:
        cached = _rebuilt.get(key)
        if cached is not None:
            return cached
        py_func = found
        while not hasattr(py_func, "__code__") and hasattr(py_func, "__wrapped__"):
            py_func = py_func.__wrapped__
        if not hasattr(py_func, "__code__"):
            py_func = getattr(found, "py_func", found)
        obj = _BUILDERS[kind](py_func, options)
        _rebuilt[key] = obj
        return obj


def _build_ufunc(py_func, o):
    from .vectorize import build_ufunc
    return build_ufunc(py_func, o["signatures"], o["target"], o["identity"], dict(o["flags"]))


def _build_dufunc(py_func, o):
    from .vectorize import DUFunc
    return DUFunc(py_func, o["target"], o["identity"], dict(o["flags"]))


def _build_gufunc(py_func, o):
    from .guvectorize import build_gufunc
    return build_gufunc(py_func, o["signatures"], o["layout"], o["target"], o["identity"],
                        dict(o["flags"]), o.get("writable", ()))


def _build_lazy_gufunc(py_func, o):
    from .guvectorize import GUFunc
    return GUFunc(py_func, o["layout"], o["target"], o["identity"], dict(o["flags"]), o.get("writable", ()))


_BUILDERS = {"ufunc": _build_ufunc, "dufunc": _build_dufunc, "gufunc": _build_gufunc,
             "lazy_gufunc": _build_lazy_gufunc}

_numpy_reduce = None


def _reduce_ufunc(uf):
    recipe = recipe_of(uf)
    if recipe is not None:
        return recipe.reduce(uf)
    if _numpy_reduce is not None:
        return _numpy_reduce(uf)
    return uf.__reduce__()


def install():
    """Route ``numpy.ufunc`` pickling through :func:`_reduce_ufunc` (idempotent)."""
    global _numpy_reduce
    with _lock:
        current = copyreg.dispatch_table.get(np.ufunc)
        if current is _reduce_ufunc:
            return
        _numpy_reduce = current
        copyreg.pickle(np.ufunc, _reduce_ufunc)


install()
