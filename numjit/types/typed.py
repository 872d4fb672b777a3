"""The types of `numjit.typed.List`, `Dict` and `Set` (numba's `ListType`, `DictType`, `SetType`).

    >>> from numjit.types import float64, int64
    >>> ListType(float64), DictType(int64, ListType(float64)), SetType(int64)
    (ListType[float64], DictType[int64,ListType[float64]], SetType[int64])
    >>> ListType(float64) == List(float64)
    False

A typed container is the same native structure as a list or dict made in compiled
code (numjit/types/lists.py, numjit/types/dicts.py), so every list, dict or set operation
works on it; it differs at the Python boundary: it is passed in without a copy (the
Python object holds the native structure, numjit/typed.py) and returned as a
`typed.List` / `typed.Dict` / `typed.Set`, never a Python list, dict or set.
"""
from .dicts import DictType as _Dict, SetType as _Set
from .lists import List
from .misc import undefined


class TypedListType(List):
    outlives_call = True        # an array borrowed from Python, stored, keeps its Python object alive (intrinsics/arrays.py)

    def __init__(self, dtype):
        super().__init__(dtype)
        self.name = f"ListType[{dtype}]"

    @property
    def key(self):
        return (TypedListType, self.dtype)


class TypedDictType(_Dict):
    outlives_call = True

    def __init__(self, key, value):
        super().__init__(key, value)
        self.name = f"DictType[{key},{value}]"

    @property
    def key(self):
        return (TypedDictType, self.key_type, self.value_type)


class TypedSetType(_Set):
    outlives_call = True

    def __init__(self, key):
        super().__init__(key)
        self.name = f"SetType[{key}]"

    @property
    def key(self):
        return (TypedSetType, self.key_type)


def ListType(item_type):
    """numba's `types.ListType(item_type)`: the type of a typed.List of `item_type`."""
    return TypedListType(as_type(item_type))


def DictType(key_type, value_type):
    """numba's `types.DictType(key_type, value_type)`."""
    return TypedDictType(as_type(key_type), as_type(value_type))


def SetType(key_type):
    """numba's `types.SetType(key_type)`: the type of a typed.Set (numba's `types.Set` is a Python set's)."""
    return TypedSetType(as_type(key_type))


def as_type(t):
    """A numjit type from a type or a Python/NumPy scalar class (float → float64)."""
    from .base import Type
    from .scalars import from_dtype
    import numpy as np
    if isinstance(t, Type):
        return t
    if t in (int, float, complex, bool) or (isinstance(t, type) and issubclass(t, np.generic)):
        return from_dtype(np.dtype(t))
    raise TypeError(f"{t!r} is not a numjit type")


incomplete_list = TypedListType(undefined)
incomplete_dict = TypedDictType(undefined, undefined)
incomplete_set = TypedSetType(undefined)
