"""typeof: the numjit type of a Python value passed to a compiled function.

    >>> import numpy as np
    >>> typeof(3), typeof(np.float32(1)), typeof(np.zeros((2, 3))), typeof(np.zeros((2, 3))[:, ::2])
    (int64, float32, float64[:, ::1], float64[:, :])

Returns None for values compiled code cannot take.
"""
import numpy as np

from .arrays import Array
from .containers import Tuple
from .lists import List, typeof_list
from .misc import Const
from .scalars import boolean, int64, uint64, float64, complex128, none, from_dtype


def _typeof_int(value):
    if -(1 << 63) <= value < (1 << 63):
        return int64
    if 0 <= value < (1 << 64):
        return uint64
    return None


def _typeof_array(value):
    dtype = from_dtype(value.dtype)
    if dtype is None:
        return None
    flags = value.flags
    layout = "C" if flags.c_contiguous else ("F" if flags.f_contiguous else "A")
    return Array(dtype, value.ndim, layout, readonly=not flags.writeable)


def _typeof_tuple(value):
    items = [typeof(v) for v in value]
    if any(t is None or isinstance(t, List) for t in items):       # lists are passed on their own
        return None
    return Tuple(items)


_EXACT = {
    bool: lambda v: boolean,
    int: _typeof_int,
    float: lambda v: float64,
    complex: lambda v: complex128,
    type(None): lambda v: none,
    np.ndarray: _typeof_array,
    tuple: _typeof_tuple,
    list: typeof_list,
}


def typeof(value):
    rule = _EXACT.get(type(value))
    if rule is not None:
        return rule(value)
    if isinstance(value, np.generic):
        return from_dtype(value.dtype)
    if isinstance(value, np.ndarray):
        return _typeof_array(value)
    if isinstance(value, tuple):
        return _typeof_tuple(value)
    from ..dispatch.dispatcher import Dispatcher
    if isinstance(value, Dispatcher):
        return Const(value)
    return None
