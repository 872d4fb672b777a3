"""numba.core.registry: `CPUDispatcher`, the class of `jit`-compiled functions.

    >>> from numjit.core.dispatcher import Dispatcher
    >>> CPUDispatcher is Dispatcher
    True
"""
from ..dispatch.dispatcher import Dispatcher as CPUDispatcher  # noqa: F401
