"""NumPy array creation and copies, written as plain Python and compiled by numjit:
np.arange, np.linspace, np.array/np.asarray (of tuples, nested tuples, numbers, arrays and lists of arrays),
np.full with an array fill value, np.copy/.copy(), .astype(), .ravel()/np.ravel, .flatten(), np.ascontiguousarray, .fill().

Shape views (reshape, transpose, .T) are primitives in numjit/intrinsics/shapes.py.

    >>> import numpy as np
    >>> from numjit.types import int64, float64
    >>> arange(int64).__name__, arange(int64, int64, float64).__name__
    ('arange_impl1', 'arange3')

Each typer checks the argument types and returns an implementation; NumPy's
result dtypes are decided here, at typing time, from the argument types.
"""
import math

import numpy as np

from ..errors import TypingError
from ..intrinsics.creation import dtype_from_const, shape_rank
from ..intrinsics.shapes import contiguous_lane, lane, lane_count
from ..types import Array, Tuple, Const, Boolean, Float, Complex, Number
from ..types.lists import List
from ..types.scalars import float64, int64
from ..typing.registry import overload
from .guards import array_of, is_int, is_number, is_none, scalar_class, result_dtype, specialized


def _dtype_arg(dtype, default):
    """The numjit dtype a `dtype=` argument names (default when absent)."""
    return default if is_none(dtype) else dtype_from_const(dtype)


# -- np.arange ----------------------------------------------------------------------------------

def _length_float(start, stop, step):
    """NumPy's length of arange for float arguments: ceil((stop - start) / step)."""
    delta = float(stop) - float(start)
    ratio = delta / float(step)
    if ratio != ratio:
        raise ValueError("arange: cannot compute length")
    if ratio > 0:
        return math.ceil(ratio)
    if ratio == 0.0 and delta != 0.0 and (delta > 0) == (step > 0):
        return 1                                    # the ratio underflowed to zero
    return 0


def _length_int(start, stop, step):
    n = -((start - stop) // step)
    return n if n > 0 else 0


@specialized
def _arange_impl(cls, float_length, nargs, with_dtype):
    length = _length_float if float_length else _length_int

    def arange3(start, stop, step):
        if step == 0:
            raise ZeroDivisionError("division by zero")
        n = length(start, stop, step)
        out = np.empty(n, cls)
        if n > 0:
            out[0] = start
        if n > 1:
            out[1] = start + step
        if n > 2:
            first = out[0]
            delta = out[1] - out[0]                 # NumPy fills start + i*delta in the dtype
            for i in range(2, n):
                out[i] = first + cls(i) * delta
        return out

    def arange_impl1(stop):
        return arange3(0, stop, 1)

    def arange_impl2(start, stop):
        return arange3(start, stop, 1)

    def arange_impl1_dtype(stop, dtype):
        return arange3(0, stop, 1)

    def arange_impl2_dtype(start, stop, dtype):
        return arange3(start, stop, 1)

    def arange_impl3_dtype(start, stop, step, dtype):
        return arange3(start, stop, step)
    if with_dtype:
        return {1: arange_impl1_dtype, 2: arange_impl2_dtype, 3: arange_impl3_dtype}[nargs]
    return {1: arange_impl1, 2: arange_impl2, 3: arange3}[nargs]


@overload(np.arange)
def arange(start, stop=None, step=None, dtype=None):
    """np.arange(stop), (start, stop), (start, stop, step), each with an optional dtype."""
    given = [t for t in (start, stop, step) if not is_none(t)]
    if len(given) != (1 if is_none(stop) else 2 if is_none(step) else 3):
        return None
    if not all(is_number(t) and not isinstance(t, (Boolean, Complex)) for t in given):
        return None
    float_length = any(isinstance(t, Float) for t in given)
    elt = _dtype_arg(dtype, float64 if float_length else int64)      # NumPy's default, whatever the widths
    if isinstance(elt, (Boolean, Complex)):
        raise TypingError(f"np.arange() of dtype {elt} is not supported in compiled code")
    return _arange_impl(scalar_class(elt), float_length, len(given), not is_none(dtype))


# -- np.linspace --------------------------------------------------------------------------------

@specialized
def _linspace_impl(cls):
    def linspace_impl(start, stop, num=50, endpoint=True):
        if num < 0:
            raise ValueError("Number of samples must be non-negative.")
        div = num - 1 if endpoint else num
        out = np.empty(num, cls)
        lo = cls(start)
        delta = cls(stop) - lo
        step = delta / div if div > 0 else cls(0.0)
        for i in range(num):                # NumPy's formulas: i*step + start, or (i/div)*delta + start
            if div <= 0:
                out[i] = i * delta + lo
            elif step == 0:
                out[i] = (i / div) * delta + lo
            else:
                out[i] = i * step + lo
        if endpoint and num > 1:
            out[num - 1] = stop
        return out
    return linspace_impl


@overload(np.linspace)
def linspace(start, stop, num=None, endpoint=None):
    """np.linspace(start, stop, num=50, endpoint=True), float64 like NumPy's default (complex128 for
    complex start or stop)."""
    if not all(is_number(t) for t in (start, stop)):
        return None
    if not (is_none(num) or is_int(num)):
        return None
    if not (is_none(endpoint) or isinstance(endpoint, Boolean)):
        return None
    return _linspace_impl(np.complex128 if isinstance(start, Complex) or isinstance(stop, Complex) else np.float64)


# -- np.array / np.asarray ----------------------------------------------------------------------

def _tuple_shape(t):
    """(shape, leaf scalar types) of nested tuples of numbers; None if something else is inside;
    TypingError when ragged or mixed."""
    if is_number(t):
        return (), [t]
    if not isinstance(t, Tuple):
        return None
    if not t.items:
        return (0,), []
    parts = [_tuple_shape(x) for x in t.items]
    if None in parts:
        return None
    inner = {shape for shape, _ in parts}
    if len(inner) != 1:
        raise TypingError(f"np.array() of the ragged or mixed nested tuple {t}: every item must have "
                          "the same shape")
    leaves = [leaf for _, ls in parts for leaf in ls]
    return (len(t.items),) + inner.pop(), leaves


def _fill1(out, obj):
    i = 0
    for x in obj:
        out[i] = x
        i += 1


def _fill2(out, obj):
    i = 0
    for row in obj:
        j = 0
        for x in row:
            out[i, j] = x
            j += 1
        i += 1


def _fill3(out, obj):
    i = 0
    for plane in obj:
        _fill2(out[i], plane)
        i += 1


@specialized
def _from_tuple_impl(shape, cls, with_dtype):
    depth = len(shape)
    if depth == 0:
        def array_impl(obj):                  # a 0-d array from a number
            out = np.empty((), cls)
            out[()] = obj
            return out
    elif 0 in shape:
        def array_impl(obj):
            return np.empty(shape, cls)
    else:
        fill = {1: _fill1, 2: _fill2, 3: _fill3}.get(depth)
        if fill is None:
            raise TypingError(f"np.array() of tuples nested {depth} deep is not supported (at most 3)")

        def array_impl(obj):
            out = np.empty(shape, cls)
            fill(out, obj)
            return out

    def array_impl_dtype(obj, dtype):
        return array_impl(obj)
    return array_impl_dtype if with_dtype else array_impl


@specialized
def _from_array_impl(cls, copy, with_dtype):
    def array_copy(obj):
        return obj.astype(cls)

    def array_copy_dtype(obj, dtype):
        return obj.astype(cls)

    def array_same_dtype(obj, dtype):
        return obj
    if copy:
        return array_copy_dtype if with_dtype else array_copy
    return array_same_dtype if with_dtype else _as_is


@specialized
def _from_stack(cls, with_dtype):
    def array_impl(obj):
        return np.stack(obj).astype(cls)

    def array_impl_dtype(obj, dtype):
        return np.stack(obj).astype(cls)
    return array_impl_dtype if with_dtype else array_impl


def _array_typer(copy):
    def typer(obj, dtype=None):
        arr = array_of(obj)
        with_dtype = not is_none(dtype)
        if arr is not None:
            elt = _dtype_arg(dtype, arr.dtype)
            needs_copy = copy or elt != arr.dtype
            return _from_array_impl(scalar_class(elt), needs_copy, with_dtype)
        if isinstance(obj, Tuple) and obj.items and all(array_of(x) is not None for x in obj.items):
            elt = _dtype_arg(dtype, result_dtype(*[array_of(x).dtype for x in obj.items]))
            return None if elt is None else _from_stack(scalar_class(elt), with_dtype)   # None: no common dtype
        if isinstance(obj, List) and isinstance(obj.dtype, Array):          # [a, b]: stacked
            return _from_stack(scalar_class(_dtype_arg(dtype, obj.dtype.dtype)), with_dtype)
        if not (is_number(obj) or isinstance(obj, Tuple)):
            return None
        found = _tuple_shape(obj)
        if found is None:
            return None
        shape, leaves = found
        default = result_dtype(*leaves) if leaves else float64
        elt = _dtype_arg(dtype, default)
        return _from_tuple_impl(shape, scalar_class(elt), with_dtype)
    return typer


overload(np.array)(_array_typer(copy=True))
overload(np.asarray)(_array_typer(copy=False))


# -- np.full with an array fill value (numbers: numjit/intrinsics/creation.py) --------------------

@specialized
def _full_array_impl(cls, with_dtype):
    def full_array(shape, fill_value):
        out = np.empty(shape, cls)
        out[...] = fill_value                 # broadcast, as NumPy's copyto
        return out

    def full_array_dtype(shape, fill_value, dtype):
        return full_array(shape, fill_value)
    return full_array_dtype if with_dtype else full_array


@overload(np.full)
def full(shape, fill_value, dtype=None):
    arr = array_of(fill_value)
    if arr is None or shape_rank(shape) is None:
        return None
    return _full_array_impl(scalar_class(_dtype_arg(dtype, arr.dtype)), not is_none(dtype))


# -- copies -------------------------------------------------------------------------------------

def copy_into(dst, src):
    """dst[...] = src for arrays of one shape, lane by lane in C order (see _copy_into_typer)."""


def copy_lanes(dst, src):
    """copy_into without the run-time check for unit strides (less code, for small copies)."""
    for k in range(lane_count(src)):
        s = lane(src, k)
        d = lane(dst, k)
        for j in range(len(s)):
            d[j] = s[j]


def _copy_lanes_checked(dst, src):
    if dst.strides[-1] == dst.itemsize and src.strides[-1] == src.itemsize:
        for k in range(lane_count(src)):           # unit-stride lanes: a loop LLVM vectorises
            s = contiguous_lane(src, k)
            d = contiguous_lane(dst, k)
            for j in range(len(s)):
                d[j] = s[j]
    else:
        copy_lanes(dst, src)


def _copy_0d(dst, src):
    dst[()] = src[()]


@overload(copy_into)
def _copy_into_typer(dst, src):
    if not (isinstance(dst, Array) and isinstance(src, Array)) or dst.ndim != src.ndim:
        return None
    if dst.ndim == 0:
        return _copy_0d
    if dst.layout == "C" and src.layout == "C":
        return copy_lanes                              # lanes are typed contiguous already
    return _copy_lanes_checked


def _copy_impl(a):
    out = np.empty(a.shape, a.dtype)
    copy_into(out, a)
    return out


def _copy_keep_fortran(a):
    return a.T.copy().T


@overload("array.copy", "arrayexpr.copy")
def copy_method(a):
    if array_of(a) is None:
        return None
    return _copy_impl


@overload(np.copy)
def copy(a):
    """np.copy keeps a Fortran array Fortran-ordered (order='K'); .copy() makes C order."""
    arr = array_of(a)
    if arr is None:
        return None
    return _copy_keep_fortran if arr.layout == "F" and isinstance(a, Array) else _copy_impl


@specialized
def _astype_impl(cls):
    def astype_impl(a, dtype):
        out = np.empty(a.shape, cls)
        copy_into(out, a)
        return out
    return astype_impl


@specialized
def _astype_fortran(cls):
    def astype_fortran_impl(a, dtype):
        return a.T.astype(cls).T
    return astype_fortran_impl


@overload("array.astype", "arrayexpr.astype")
def astype(a, dtype):
    """A new array of that dtype, in the input's order (order='K': Fortran stays Fortran)."""
    arr = array_of(a)
    if arr is None or not isinstance(dtype, Const):
        return None
    cls = scalar_class(dtype_from_const(dtype))
    return _astype_fortran(cls) if arr.layout == "F" and isinstance(a, Array) else _astype_impl(cls)


def _ravel_impl(a):
    return a.reshape(-1)               # a view when a is C-contiguous (at run time), else a copy


def _ravel_copy(a):
    return a.copy().reshape(-1)


@overload(np.ravel, "array.ravel", "arrayexpr.ravel")
def ravel(a):
    arr = array_of(a)
    if arr is None:
        return None
    return _ravel_impl                                  # (an expression arrives materialised)


@overload("array.flatten", "arrayexpr.flatten")
def flatten(a):
    if array_of(a) is None:
        return None
    return _ravel_copy


def _as_is(a):
    return a


def _contiguous_0d(a):
    return a.reshape(1)


@overload(np.ascontiguousarray)
def ascontiguousarray(a):
    arr = array_of(a)
    if arr is None:
        return None
    if arr.ndim == 0:
        return _contiguous_0d
    return _as_is if arr.layout == "C" else _copy_impl
