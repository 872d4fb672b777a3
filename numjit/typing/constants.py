"""Types of Python constants in compiled code: literals, globals, default arguments.

    >>> literal_type(3), literal_type(2**63), literal_type((1, 2.0))
    (int64, uint64, Tuple(int64, float64))
"""
import numpy as np

from .. import types
from ..types import Tuple, Number
from ..types.scalars import boolean, int64, uint64, float64, complex128, none


def literal_type(value):
    if isinstance(value, bool):
        return boolean
    if isinstance(value, int):
        return int64 if -(1 << 63) <= value < (1 << 63) else uint64
    if isinstance(value, float):
        return float64
    if isinstance(value, complex):
        return complex128
    if value is None:
        return none
    if isinstance(value, np.generic):
        return types.from_dtype(value.dtype)
    if isinstance(value, tuple):
        items = [literal_type(v) for v in value]
        if all(isinstance(t, (Number, Tuple)) or t == none for t in items):
            return Tuple(items)
    return None

