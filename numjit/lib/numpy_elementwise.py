"""NumPy's element-wise functions that are not one-output ufuncs, written as plain Python:
np.divmod, np.frexp, np.modf (two results), np.real / np.imag (views of a complex array's parts,
as NumPy gives), np.iscomplex / np.isreal (per element), np.iscomplexobj / np.isrealobj /
np.isscalar (decided by the type alone), np.angle's `deg=` keyword, and np.clip / a.clip with a
None bound or NumPy 2's min= / max= names.

    >>> from numjit.types import complex128, float64
    >>> iscomplexobj(complex128[:]).__name__, isscalar(float64).__name__
    ('yes', 'yes')
"""
import math

import numpy as np

from ..types import Complex, Float, Integer, Boolean, Number, NPDatetime, NPTimedelta, UnicodeType, BytesType
from ..typing.registry import overload
from .guards import array_of, is_none


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


# -- np.clip / a.clip: None bounds and NumPy 2's min= / max= names (both bounds: intrinsics/selection.py) --

def either(x, y):
    """x unless it is None, else y (a bound given by position or by keyword)."""


@overload(either)
def _either(x, y):
    return (lambda x, y: y) if x is None or is_none(x) else (lambda x, y: x)


def clip_both(a, a_min=None, a_max=None, min=None, max=None):
    return np.clip(a, either(a_min, min), either(a_max, max))


def clip_below(a, a_min=None, a_max=None, min=None, max=None):
    return np.maximum(a, either(a_min, min))


def clip_above(a, a_min=None, a_max=None, min=None, max=None):
    return np.minimum(a, either(a_max, max))


def clip_neither(a, a_min=None, a_max=None, min=None, max=None):
    return np.positive(a)


def _clip_impl(a, a_min, a_max, min, max):
    """NumPy's _clip: maximum / minimum / positive where a bound is None."""
    def given(t):
        return t is not None and not is_none(t)
    if array_of(a) is None or given(a_min) and given(min) or given(a_max) and given(max):
        return None
    low, high = given(a_min) or given(min), given(a_max) or given(max)
    return {(True, True): clip_both, (True, False): clip_below, (False, True): clip_above,
            (False, False): clip_neither}[low, high]


@overload(np.clip)
def clip(a, a_min=None, a_max=None, min=None, max=None):
    if a_min is not None and a_max is not None and not is_none(a_min) and not is_none(a_max):
        return None                                    # np.clip(a, lo, hi): the intrinsic
    return _clip_impl(a, a_min, a_max, min, max)


@overload("array.clip", "arrayexpr.clip")
def clip_method(a, a_min=None, a_max=None, min=None, max=None):
    return _clip_impl(a, a_min, a_max, min, max)
