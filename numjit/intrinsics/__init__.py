"""The hand-written core: each primitive's type rule and code generation in one function.

Modules register their typers when imported; this list is the one place that imports them
(loaded on the first call resolution, see numjit/typing/registry.py).

    >>> from numjit.typing.registry import has_key
    >>> import math; has_key(math.sqrt)
    True
"""
from . import operators, mathfuncs, builtins, arrays, slices, creation, arrayexpr, reductions, ranges  # noqa: F401
from . import shapes, selection, numpyfuncs, npmath  # noqa: F401
from . import complexmath, ufunc_out  # noqa: F401
from . import lists, complexparts, generators, iterators, namedtuples, hashing, dicts, typed  # noqa: F401
from ..cuda import intrinsics as cuda_intrinsics  # noqa: F401  (the cuda.* primitives)
from . import threads  # noqa: F401
from . import jitclass, optionals, structref  # noqa: F401
from . import randomstate, sortkeys, bitgen  # noqa: F401
from . import cfunc  # noqa: F401
from . import datetimes, records, buffers  # noqa: F401
from . import strings, pyobjects, strformat  # noqa: F401
