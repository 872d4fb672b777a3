"""Options of `vectorize` and `guvectorize`: which are accepted and the compile flags they give.

Kernels follow NumPy's error model unless asked otherwise, as numba compiles
them: ``x / 0.0`` gives inf or nan and integer ``//`` or ``%`` by zero gives 0,
with no exception.  ``error_model="python"`` makes them raise ZeroDivisionError.

    >>> ufunc_flags("vectorize", {"fastmath": True})
    {'error_model': 'numpy', 'fastmath': True}
    >>> ufunc_flags("vectorize", {"fastmat": True})
    Traceback (most recent call last):
    TypeError: vectorize() got an unexpected option 'fastmat'; known options: boundscheck, cache, error_model, fastmath, forceobj, nogil, nopython, target_backend
"""

from ..options import fastmath_option

# option -> the compile flag it sets (None: accepted, changes nothing in the generated code)
_VECTORIZE_OPTIONS = {
    "nopython": None, "forceobj": None, "nogil": None, "cache": None, "target_backend": None,
    "fastmath": "fastmath", "boundscheck": "boundscheck", "error_model": "error_model",
}
KNOWN_OPTIONS = {
    "vectorize": _VECTORIZE_OPTIONS,
    "guvectorize": {**_VECTORIZE_OPTIONS, "writable_args": None},
}
ERROR_MODELS = ("numpy", "python")


def ufunc_flags(kind, options):
    """The compile flags for `kind` ("vectorize" or "guvectorize") called with `options`."""
    known = KNOWN_OPTIONS[kind]
    for name in options:
        if name not in known:
            raise TypeError(f"{kind}() got an unexpected option {name!r}; known options: "
                            f"{', '.join(sorted(known))}")
    error_model = options.get("error_model") or "numpy"
    if error_model not in ERROR_MODELS:
        raise ValueError(f"{kind}(): error_model must be one of {ERROR_MODELS}, "
                         f"not {error_model!r}")
    flags = {"error_model": error_model}
    for name, flag in known.items():
        if flag is not None and flag != "error_model" and options.get(name):
            flags[flag] = fastmath_option(options[name]) if flag == "fastmath" else True
    return flags
