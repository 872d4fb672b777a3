"""NumPy's element-wise functions that are not one-output ufuncs, written as plain Python:
np.divmod, np.frexp, np.modf (two results), np.real / np.imag (views of a complex array's parts,
as NumPy gives), np.iscomplex / np.isreal (per element), np.iscomplexobj / np.isrealobj /
np.isscalar (decided by the type alone), and np.angle's `deg=` keyword.

    >>> from numjit.types import complex128, float64
    >>> iscomplexobj(complex128[:]).__name__, isscalar(float64).__name__
    ('yes', 'yes')
"""
import math

import numpy as np

from ..types import Complex, Float, Integer, Boolean, Number, NPDatetime, NPTimedelta, UnicodeType, BytesType
from ..typing.registry import overload
from .guards import array_of


def yes(x):
    return True


def no(x):
    return False


def _dtype(x):
    """The element type of an array or the type of a number (None for anything else)."""
    a = array_of(x)
    if a is not None:
        return a.dtype
    return x if isinstance(x, Number) else None


@overload(np.iscomplexobj)
def iscomplexobj(x):
    t = _dtype(x)
    if t is None:
        return None
    return yes if isinstance(t, Complex) else no


@overload(np.isrealobj)
def isrealobj(x):
    t = _dtype(x)
    if t is None:
        return None
    return no if isinstance(t, Complex) else yes


@overload(np.isscalar)
def isscalar(x):
    """True for numbers, strings, bytes and datetimes; False for arrays and everything else."""
    return yes if isinstance(x, (Number, UnicodeType, BytesType, NPDatetime, NPTimedelta)) else no


@overload(np.real)
def real(x):
    if _dtype(x) is None:
        return None

    def real_impl(x):
        return x.real
    return real_impl


@overload(np.imag)
def imag(x):
    if _dtype(x) is None:
        return None

    def imag_impl(x):
        return x.imag
    return imag_impl


def _nonzero_imag(x):
    return x.imag != 0


def _zero_imag(x):
    return x.imag == 0


def _falses(x):
    return np.zeros(x.shape, np.bool_)


def _trues(x):
    return np.ones(x.shape, np.bool_)


@overload(np.iscomplex)
def iscomplex(x):
    """Per element: is the imaginary part nonzero (always False for real input)."""
    t = _dtype(x)
    if t is None:
        return None
    if isinstance(t, Complex):
        return _nonzero_imag
    return _falses if array_of(x) is not None else no


@overload(np.isreal)
def isreal(x):
    """Per element: is the imaginary part zero (always True for real input)."""
    t = _dtype(x)
    if t is None:
        return None
    if isinstance(t, Complex):
        return _zero_imag
    return _trues if array_of(x) is not None else yes


@overload(np.divmod)
def divmod_(x, y):
    """(np.floor_divide(x, y), np.remainder(x, y)): NumPy's divmod gives the same two results."""
    if _dtype(x) is None or _dtype(y) is None:
        return None

    def divmod_impl(x, y):
        return np.floor_divide(x, y), np.remainder(x, y)
    return divmod_impl


@overload(np.angle)
def angle(z, deg=False):
    """np.angle(z, deg=True): the keyword form of the element-wise np.angle(z, deg)."""
    if _dtype(z) is None:
        return None

    def angle_impl(z, deg=False):
        return np.angle(z, deg)
    return angle_impl


def _split(ufunc, math_split, second_dtype):
    """np.frexp / np.modf: math.frexp / math.modf on a number, element by element on an array
    (two new arrays, the second of `second_dtype`, or the first's dtype when None)."""
    def typer(x):
        a = array_of(x)
        t = a.dtype if a is not None else x
        if not isinstance(t, (Float, Integer, Boolean)):
            return None
        cls = ufunc.resolve_dtypes((t.dtype, None, None))[1].type
        if cls is np.float16:                      # NumPy's float16 loop: float32, as numba
            cls = np.float32
        other = second_dtype or cls

        if a is None:
            def split_scalar(x):
                first, second = math_split(cls(x))
                return first, other(second)
            return split_scalar

        def split_array(x):
            flat = x.ravel()
            first, second = np.empty(flat.size, cls), np.empty(flat.size, other)
            for i in range(flat.size):
                first[i], second[i] = math_split(cls(flat[i]))
            return first.reshape(x.shape), second.reshape(x.shape)
        return split_array
    return typer


overload(np.frexp)(_split(np.frexp, math.frexp, np.int32))
overload(np.modf)(_split(np.modf, math.modf, None))
