"""numba.core.typing's `signature(return_type, *args)`, as intrinsics' typers use it.

    >>> from numjit import types
    >>> signature(types.float64, types.int64, types.float32)
    float64(int64, float32)
"""
from ...types import Signature


def signature(return_type, *args, recvr=None):
    return Signature(return_type, args)
