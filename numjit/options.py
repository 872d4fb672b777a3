"""Per-function flags accepted by `jit`, with numba's names and defaults.

    >>> normalize_flags(dict(nogil=True, fastmath=False))["nogil"]
    True
"""

DEFAULTS = {
    "nopython": True, "nogil": False, "cache": False, "parallel": False, "fastmath": False,
    "boundscheck": False, "error_model": "python", "locals": None, "inline": "never",
    "forceobj": False, "looplift": True, "debug": False, "no_cpython_wrapper": False,
    "no_cfunc_wrapper": False, "target": "cpu",
}
# flags that change generated code (and so are part of a compilation's identity)
CODEGEN_FLAGS = ("fastmath", "boundscheck", "error_model", "parallel")


def normalize_flags(options):
    unknown = set(options) - set(DEFAULTS)
    if unknown:
        raise TypeError(f"jit() got unexpected options: {', '.join(sorted(unknown))}")
    flags = {k: options[k] for k in CODEGEN_FLAGS if k in options and options[k] != DEFAULTS[k]}
    if "fastmath" in flags:
        flags["fastmath"] = fastmath_option(flags["fastmath"])
        if not flags["fastmath"]:
            del flags["fastmath"]
    if options.get("error_model", "python") not in ("python", "numpy"):
        raise ValueError("error_model must be 'python' or 'numpy'")
    if options.get("boundscheck") is None:
        flags.pop("boundscheck", None)
    result = dict(flags)
    result["nogil"] = bool(options.get("nogil", False))
    result["_nopython"] = bool(options.get("nopython", True)) and not options.get("forceobj", False)
    if options.get("cache"):
        result["cache"] = True
    if options.get("locals"):
        result["locals"] = declared_locals(options["locals"])
    return result


FASTMATH_FLAGS = frozenset({"fast", "nnan", "ninf", "nsz", "arcp", "contract", "afn", "reassoc"})


def fastmath_option(value):
    """fastmath=True/False, or a set of LLVM fast-math flags (as numba accepts) as a sorted tuple.

    >>> fastmath_option({"reassoc", "nsz"}), fastmath_option(True), fastmath_option(False)
    (('nsz', 'reassoc'), True, False)
    """
    if isinstance(value, (bool, int)) or value is None:
        return bool(value)
    if isinstance(value, str):
        value = {value}
    try:
        chosen = set(value)
    except TypeError:
        raise TypeError(f"fastmath must be True, False or a set of LLVM flags, not {value!r}") from None
    unknown = chosen - FASTMATH_FLAGS
    if unknown or not all(isinstance(f, str) for f in chosen):
        raise ValueError(f"fastmath: unknown flag(s) {sorted(map(str, unknown))}; "
                         f"the LLVM fast-math flags are {', '.join(sorted(FASTMATH_FLAGS))}")
    return tuple(sorted(chosen))


def llvm_fastmath(value):
    """The flags to put on floating-point instructions for a normalised fastmath option."""
    if value is True:
        return ("fast",)
    return tuple(value) if value else ()


def declared_locals(mapping):
    """jit(locals={'z': float32}) as a hashable, sorted tuple of (name, numjit type).

    >>> from numjit.types import float32
    >>> declared_locals({"z": float32, "a": "int64"})
    (('a', int64), ('z', float32))
    """
    from .types.base import Type
    from .types.signature import parse_type
    out = []
    for name, ty in mapping.items():
        if isinstance(ty, str):
            ty = parse_type(ty)
        if not isinstance(name, str) or not isinstance(ty, Type):
            raise TypeError(f"jit(locals=...) maps variable names to numjit types, not {name!r}: {ty!r}")
        out.append((name, ty))
    return tuple(sorted(out, key=lambda item: item[0]))
