"""numba.np.ufunc.dufunc: the class of a lazy `vectorize` (no signatures).

    >>> DUFunc.__name__
    'DUFunc'
"""
from ...ufunc.vectorize import DUFunc  # noqa: F401
