"""NumPy's element-wise functions that are not one-output ufuncs, written as plain Python:
np.divmod, np.frexp, np.modf (two results; out=(o1, o2) too), np.real / np.imag (views of a complex array's parts,
as NumPy gives), np.iscomplex / np.isreal (per element), np.iscomplexobj / np.isrealobj /
np.isscalar (decided by the type alone), and np.angle's `deg=` keyword.

    >>> from numjit.types import complex128, float64
    >>> iscomplexobj(complex128[:]).__name__, isscalar(float64).__name__
    ('yes', 'yes')
"""
import math

import numpy as np

from ..types import Complex, Float, Integer, Boolean, Number, NPDatetime, NPTimedelta, UnicodeType, BytesType
from ..errors import TypingError
from ..typing.registry import overload
from .guards import array_of, is_none, tuple_of_arrays


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


def _two_outs(name, out, results):
    """Check out=(o1, o2) of a two-result ufunc against its result dtypes (NumPy's same_kind rule)."""
    outs = tuple_of_arrays(out)
    if outs is None or len(outs) != 2:
        raise TypingError(f"np.{name}(): out= must be a tuple of two arrays in compiled code, not {out}")
    for o, r in zip(outs, results):
        if not np.can_cast(r, o.dtype.dtype, "same_kind"):
            raise TypingError(f"np.{name}(): cannot cast the result {r} to out's {o.dtype} "
                              "with casting rule 'same_kind'")


def _store_two(results, out):
    out[0][...] = results[0]
    out[1][...] = results[1]
    return out


def divmod_impl(x, y, out=None):
    return np.floor_divide(x, y), np.remainder(x, y)


def divmod_into(x, y, out=None):
    return _store_two((np.floor_divide(x, y), np.remainder(x, y)), out)


@overload(np.divmod)
def divmod_(x, y, out=None):
    """(np.floor_divide(x, y), np.remainder(x, y)): NumPy's divmod gives the same two results;
    out=(o1, o2) stores them there (broadcast, cast) and returns (o1, o2)."""
    tx, ty = _dtype(x), _dtype(y)
    if tx is None or ty is None:
        return None
    if out is None or is_none(out):
        return divmod_impl
    result = np.floor_divide.resolve_dtypes((tx.dtype, ty.dtype, None))[-1]
    _two_outs("divmod", out, (result, result))
    return divmod_into


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
    (two new arrays, the second of `second_dtype`, or the first's dtype when None); out=(o1, o2)
    stores them there."""
    def typer(x, out=None):
        a = array_of(x)
        t = a.dtype if a is not None else x
        if not isinstance(t, (Float, Integer, Boolean)):
            return None
        cls = ufunc.resolve_dtypes((t.dtype, None, None))[1].type
        if cls is np.float16:                      # NumPy's float16 loop: float32, as numba
            cls = np.float32
        other = second_dtype or cls

        def split_scalar(x, out=None):
            first, second = math_split(cls(x))
            return first, other(second)

        def split_array(x, out=None):
            flat = x.ravel()
            first, second = np.empty(flat.size, cls), np.empty(flat.size, other)
            for i in range(flat.size):
                first[i], second[i] = math_split(cls(flat[i]))
            return first.reshape(x.shape), second.reshape(x.shape)
        split = split_scalar if a is None else split_array
        if out is None or is_none(out):
            return split
        _two_outs(ufunc.__name__, out, (np.dtype(cls), np.dtype(other)))

        def split_into(x, out=None):
            return _store_two(split(x), out)
        return split_into
    return typer


overload(np.frexp)(_split(np.frexp, math.frexp, np.int32))
overload(np.modf)(_split(np.modf, math.modf, None))
