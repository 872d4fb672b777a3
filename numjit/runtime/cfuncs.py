"""Link-time symbols for C functions found at run time: LAPACK and BLAS routines of scipy's
Cython modules (`__pyx_capi__` capsules, as numba finds them).

Generated code calls `numjit_cfunc.<library>.<routine>` (numjit/intrinsics/cfunc.py, call_c); the
symbol gets its address the first time code needs it, so the address never enters object code
and cached code links in a new process (numjit/cache imports this module before loading).

    >>> symbol("lapack", "dgesv")
    'numjit_cfunc.lapack.dgesv'
"""
import ctypes
import importlib

from ..backend import jit

MODULES = {"lapack": "scipy.linalg.cython_lapack", "blas": "scipy.linalg.cython_blas"}
# The routines lib/ calls, per library, without their s/d/c/z prefix
ROUTINES = {
    "lapack": ("getrf", "gesv", "potrf", "syevd", "heevd", "geev", "gesdd", "geqrf", "orgqr", "ungqr",
               "gelsd"),
    "blas": ("gemm", "gemv"),
}


def symbol(library, name):
    return f"numjit_cfunc.{library}.{name}"


def routine_address(library, name):
    """The address of routine `name` of scipy's Cython LAPACK/BLAS (ImportError without scipy,
    KeyError for an unknown routine)."""
    capsule = importlib.import_module(MODULES[library]).__pyx_capi__[name]
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.restype, get_name.argtypes = ctypes.c_char_p, [ctypes.py_object]
    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype, get_pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    return get_pointer(capsule, get_name(capsule))


def provide(library, name):
    """Define symbol(library, name) on demand (left unresolved without scipy: the cache then
    recompiles, and typing explains what to install)."""
    def define():
        try:
            jit.add_symbol(symbol(library, name), routine_address(library, name))
        except (ImportError, KeyError):
            pass
    jit.provide([symbol(library, name)], define)


for _library, _names in ROUTINES.items():
    for _base in _names:
        for _prefix in "sdcz":
            provide(_library, _prefix + _base)
