"""vectorize and guvectorize: NumPy ufuncs and gufuncs from numjit-compiled kernels.

    >>> from numjit.ufunc import vectorize
    >>> callable(vectorize)
    True
"""
from .vectorize import vectorize, DUFunc  # noqa: F401
