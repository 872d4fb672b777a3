"""NumPy 2's array-API unique functions written as plain Python: np.unique_values,
np.unique_counts, np.unique_inverse and np.unique_all, with NumPy's namedtuple results
(UniqueCountsResult(values, counts), UniqueInverseResult(values, inverse_indices),
UniqueAllResult(values, indices, inverse_indices, counts)): their fields are read by name in
compiled code, and they come back to Python as instances of NumPy's own classes.

As in NumPy, NaNs are not collapsed (equal_nan=False: each NaN is a value of its own) and the
inverse has the input's shape. The values are sorted: NumPy 2.3+ documents unique_values'
order as unspecified (its hash-based version returns integers unsorted) and returns the other
three sorted.

    >>> from numjit.types import float64, int64
    >>> unique_counts(int64[:]).__name__, unique_all(float64[:, :]).__name__
    ('unique_counts_impl', 'unique_all_impl')
"""
import numpy as np

from ..typing.registry import overload
from .guards import array_of
from .numpy_sets import _unique_parts

_probe = np.zeros(1)
UniqueAllResult = type(np.unique_all(_probe))             # NumPy's classes (not public names)
UniqueCountsResult = type(np.unique_counts(_probe))
UniqueInverseResult = type(np.unique_inverse(_probe))


def unique_values_impl(x):
    return _unique_parts(x, False)[0]


def unique_counts_impl(x):
    values, _, _, counts = _unique_parts(x, False)
    return UniqueCountsResult(values, counts)


def unique_inverse_impl(x):
    values, _, inverse, _ = _unique_parts(x, False)
    return UniqueInverseResult(values, inverse)


def unique_all_impl(x):
    values, first, inverse, counts = _unique_parts(x, False)
    return UniqueAllResult(values, first, inverse, counts)


def _typer(impl):
    def typer(x):
        arr = array_of(x)
        return None if arr is None else impl
    typer.__name__ = impl.__name__[:-len("_impl")]
    return typer


unique_values = overload(np.unique_values)(_typer(unique_values_impl))
unique_counts = overload(np.unique_counts)(_typer(unique_counts_impl))
unique_inverse = overload(np.unique_inverse)(_typer(unique_inverse_impl))
unique_all = overload(np.unique_all)(_typer(unique_all_impl))
