"""numba.np.ufunc.gufunc: the class of a lazy `guvectorize` (layout, no signatures).

    >>> GUFunc.__name__
    'GUFunc'
"""
from ...ufunc.guvectorize import GUFunc  # noqa: F401
