"""numba.np.ufunc.parallel: the threading functions, where some numba code imports them from.

    >>> get_num_threads() >= 1
    True
"""
from ...threads import (get_num_threads, set_num_threads, get_thread_id, threading_layer,  # noqa: F401
                        set_parallel_chunksize, get_parallel_chunksize)
from ...threads import get_thread_id as _get_thread_id  # noqa: F401
