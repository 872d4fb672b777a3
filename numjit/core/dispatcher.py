"""numba.core.dispatcher: the class of what `jit` returns (for isinstance checks).

    >>> from numjit import njit
    >>> isinstance(njit(lambda x: x), Dispatcher)
    True
"""
from ..dispatch.dispatcher import Dispatcher  # noqa: F401
