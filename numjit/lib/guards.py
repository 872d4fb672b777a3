"""Type guards shared by the NumPy overloads in lib/: what an argument type is, and which
NumPy scalar class stands for a numjit dtype inside an implementation.

    >>> from numjit.types import float32, int32
    >>> array_of(float32[:, :]).ndim, scalar_class(int32).__name__
    (2, 'int32')
    >>> result_dtype(int32, float32)
    float64

An implementation closes over `scalar_class(t)` (e.g. `np.float32`) to allocate
(`np.empty(n, cls)`) or convert (`cls(x)`) in that dtype; `specialized` caches one
implementation per key so a typer called repeatedly during inference returns the same function.
"""
import functools

import numpy as np

from ..types import Array, List, Number, Boolean, Tuple
from ..types.arrayexpr import ArrayExpr, concrete
from ..types.charseq import CharSeq
from ..types.scalars import from_dtype, is_intlike, NoneType

specialized = functools.lru_cache(maxsize=None)


def array_of(t):
    """The array type an argument stands for (array expressions count: they are materialised); not
    an array of text (types/charseq.py), whose elements are not numbers: NumPy functions refuse it."""
    if isinstance(t, (Array, ArrayExpr)) and not isinstance(t.dtype, CharSeq):
        return concrete(t)
    return None


def is_number(t):
    return isinstance(t, Number)


def list_item(t):
    """The innermost item type of a (nested) list, else None: `[[0, 1], [1, 2]]` gives int64, an
    array_like NumPy converts (list_of_numbers: one of numbers)."""
    if not isinstance(t, List):
        return None
    while isinstance(t, List):
        t = t.dtype
    return t


def list_of_numbers(t):
    return isinstance(list_item(t), Number)


def _itself(x):
    return x


def array_like(t):
    """How an implementation takes an array_like argument of type t: np.asarray for a list of
    numbers, else as it is."""
    return np.asarray if list_of_numbers(t) else _itself


def is_int(t):
    return is_intlike(t) and not isinstance(t, Boolean)


def is_none(t):
    return t is None or isinstance(t, NoneType)


def scalar_class(t):
    """The NumPy scalar class of a numjit scalar type (np.float32 for float32); for datetime64 and
    timedelta64, whose class has no unit, the dtype itself (np.dtype('M8[D]'))."""
    return t.dtype if getattr(t, "kind", None) in ("datetime", "timedelta") else t.dtype.type


def result_dtype(*ts):
    """np.result_type of numjit scalar types, as a numjit type (None if NumPy has none)."""
    try:
        return from_dtype(np.result_type(*[t.dtype for t in ts]))
    except (TypeError, AttributeError):
        return None


def tuple_of_arrays(t):
    """The item array types of a non-empty tuple of arrays with one ndim, or None."""
    if not isinstance(t, Tuple) or not t.items:
        return None
    items = [array_of(x) for x in t.items]
    if any(x is None for x in items):
        return None
    return items
