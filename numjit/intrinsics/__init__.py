"""The hand-written core: each primitive's type rule and code generation in one function.

Modules register their typers when imported; MODULES below is the one list of them
(each imported when typing first meets a key it registers, see numjit/typing/providers.py).

    >>> from numjit.typing.registry import has_key
    >>> import math; has_key(math.sqrt)
    True
"""
# the explicit import list: numjit/typing/providers.py imports a module when typing first meets a
# key it registers, and every one of them, in this order, to generate its table
MODULES = (
    "operators", "mathfuncs", "builtins", "arrays", "slices", "creation", "arrayexpr", "reductions",
    "ranges", "shapes", "selection", "numpyfuncs", "npmath", "complexmath", "ufunc_out", "lists",
    "complexparts", "generators", "iterators", "namedtuples", "hashing", "dicts", "typed",
    "numjit.cuda.intrinsics", "threads", "jitclass", "optionals", "structref", "randomstate",
    "sortkeys", "bitgen", "cfunc", "datetimes", "records", "buffers", "strings", "pyobjects",
    "strformat", "enums", "literal_containers", "functioncalls",
)
