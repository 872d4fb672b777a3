"""numba.misc: the special functions compiled code recognises (numba.misc.special).

    >>> from numjit.misc import literally, literal_unroll
    >>> literally(3), literal_unroll((1, 2.0))
    (3, (1, 2.0))
"""
from .special import literally, literal_unroll, objmode, prange, typeof  # noqa: F401
