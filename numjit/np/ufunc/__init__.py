"""numba.np.ufunc: vectorize, guvectorize, and the classes their lazy forms are.

    >>> import numjit
    >>> @numjit.vectorize
    ... def twice(x):
    ...     return 2 * x
    >>> isinstance(twice, DUFunc)
    True
"""
from ...ufunc import vectorize, guvectorize  # noqa: F401
from ...ufunc.vectorize import DUFunc  # noqa: F401
from ...ufunc.guvectorize import GUFunc  # noqa: F401
from ...threads import get_num_threads, set_num_threads, get_thread_id  # noqa: F401
