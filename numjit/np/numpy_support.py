"""NumPy dtypes ↔ numjit types, with numba's names.

    >>> import numpy as np
    >>> from numjit import types
    >>> from_dtype(np.int16), as_dtype(types.complex64), as_dtype(types.float64)
    (int16, dtype('complex64'), dtype('float64'))
    >>> from_dtype(np.dtype("U3"))
    Traceback (most recent call last):
    ...
    numjit.core.errors.NumbaNotImplementedError: dtype <U3 is not supported by numjit in compiled code
"""
import numpy as np

from ..core.errors import NumbaNotImplementedError
from ..types import from_dtype as _from_dtype

numpy_version = tuple(map(int, np.__version__.split(".")[:2]))      # numba's name: (major, minor)


def from_dtype(dtype):
    """The numjit type of a NumPy dtype (or scalar class)."""
    found = _from_dtype(dtype)
    if found is None:
        raise NumbaNotImplementedError(f"dtype {np.dtype(dtype).str if _is_dtype(dtype) else dtype} "
                                       "is not supported by numjit in compiled code")
    return found


def as_dtype(nbtype):
    """The NumPy dtype of a numjit scalar type."""
    dtype = getattr(nbtype, "dtype", None)
    if not isinstance(dtype, np.dtype):
        raise NumbaNotImplementedError(f"{nbtype} has no NumPy dtype")
    return dtype


def _is_dtype(value):
    try:
        np.dtype(value)
        return True
    except TypeError:
        return False


def is_array(value):
    return isinstance(value, np.ndarray)
