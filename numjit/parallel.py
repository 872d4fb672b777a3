"""`prange`: a `range` whose iterations may run in parallel, in functions compiled with
`parallel=True` (numjit/lowering/prange.py); everywhere else it is `range`. `pndindex`: numba's
parallel `np.ndindex`; in numjit it is `np.ndindex` everywhere (its loops run on one thread).

    >>> list(prange(2, 8, 3))
    [2, 5]
    >>> list(pndindex((2, 2))) == list(pndindex(2, 2)) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    True
"""
import numpy as np


def prange(*args):
    """range(*args); inside @njit(parallel=True) the loop runs on numjit's thread pool."""
    return range(*args)


def pndindex(*shape):
    """np.ndindex(*shape) (compiled code: lib/numpy_iteration.py)."""
    return np.ndindex(*shape)
