"""The library written in Python and compiled by numjit (type guard first, plain loop second).

    >>> import math
    >>> from numjit.typing.registry import has_key
    >>> has_key(math.gcd)
    True
"""
from . import mathlib, mathseq  # noqa: F401
from . import numpy_creation, numpy_joining, numpy_reductions, numpy_linalg, numpy_indexing  # noqa: F401
from . import listlib, builtinlib, strlib  # noqa: F401
