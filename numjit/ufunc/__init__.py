"""vectorize and guvectorize: NumPy ufuncs and gufuncs from numjit-compiled kernels.

    >>> from numjit.ufunc import vectorize
    >>> callable(vectorize)
    True
"""
from .vectorize import vectorize, DUFunc  # noqa: F401
from .guvectorize import guvectorize, GUFunc  # noqa: F401
