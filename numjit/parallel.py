"""`prange`: a `range` whose iterations may run in parallel, in functions compiled with
`parallel=True` (numjit/lowering/prange.py); everywhere else it is `range`.

    >>> list(prange(2, 8, 3))
    [2, 5]
"""


def prange(*args):
    """range(*args); inside @njit(parallel=True) the loop runs on numjit's thread pool."""
    return range(*args)
