"""Calls into explicit signatures: which declared signature fits the arguments, and the conversions.

numba's rules (numba/core/typeconv/rules.py), as a dispatcher that may not compile applies
them: an argument converts to a parameter's type when the conversion is exact, a promotion
(same kind, wider), safe (another kind that holds every value: bool → int, int16 → float32,
int32 → float64, float → complex; and, as numba decides, int64/uint64 → float64) or unsafe
(narrowing, float → int, int32 → float32, int64 → float32, anything → bool). Nothing real comes from a complex. The signature with the fewest unsafe,
then safe, then promoting conversions wins; the first declared breaks ties. A tuple converts item
by item (its worst conversion counts: arrays of any layout into a tuple of 'A' arrays), a jitted
function to a FunctionType it may be compiled for (types/function_type.py).

    >>> from numjit.types import int32, int64, float32, float64, complex128
    >>> [conversion(h, w) for h, w in [(int32, int32), (int32, int64), (int32, float64), (float64, float32),
    ...                                (int64, float64), (int64, float32), (complex128, float64)]]
    ['exact', 'promote', 'safe', 'unsafe', 'safe', 'unsafe', None]
    >>> from numjit.types import Tuple
    >>> conversion(Tuple((int64, float64[::1])), Tuple((float64, float64[:])))
    'safe'
    >>> best_signature([(float32,), (float64,)], (int64,))     # numba's choice too
    (float64,)
    >>> best_signature([(float32,), (int64,)], (float64,))
    (float32,)
    >>> convert(1.5, float32), convert(7, float64)
    (np.float32(1.5), 7.0)
"""
import warnings

import numpy as np

from ..types import Array
from ..types.function_type import accepts_function, address_of
from ..types.scalars import Number, Boolean, Integer, Float, Complex, float64, int64, boolean, complex128, none

_RANK = {"exact": None, "promote": 2, "safe": 1, "unsafe": 0}     # index into the cost tuple
_SEVERITY = ("exact", "promote", "safe", "unsafe")
_MANTISSA = {32: 24, 64: 53}                                       # bits a float holds exactly


def _int_fits_float(have, bits):
    return have.bits < _MANTISSA[bits]


def conversion(have, want):
    """How a value of type `have` converts to `want`: 'exact', 'promote', 'safe', 'unsafe' or None."""
    if have == want:
        return "exact"
    if want.kind == "optional":                    # None, or what converts to the value type
        return "promote" if have == none else conversion(getattr(have, "type", have), want.type)
    if isinstance(want, Array):
        return "promote" if want.accepts(have) else None
    if want.kind == "function type":               # a jitted function that can be compiled for it
        return "promote" if accepts_function(have, want) else None
    if want.kind == have.kind == "tuple":          # item by item; the worst conversion counts
        kinds = [conversion(h, w) for h, w in zip(have.items, want.items)] if len(have) == len(want) else [None]
        return None if None in kinds else max(kinds, key=_SEVERITY.index, default="exact")
    if not (isinstance(have, Number) and isinstance(want, Number)):
        return None
    if isinstance(have, Complex) and not isinstance(want, Complex):
        return None
    if isinstance(want, Boolean):
        return "unsafe"
    if isinstance(have, Boolean):
        return "safe"
    if type(have) is type(want):
        if isinstance(have, Integer) and have.signed != want.signed:
            return "safe" if not have.signed and want.signed and want.bits > have.bits else "unsafe"
        return "promote" if want.bits > have.bits else "unsafe"
    if isinstance(have, Integer):                  # int → float or complex
        bits = want.bits if isinstance(want, Float) else want.bits // 2
        return "safe" if _int_fits_float(have, bits) or have.bits == bits == 64 else "unsafe"
    if isinstance(have, Float):                    # float → int (unsafe) or complex
        if isinstance(want, Integer):
            return "unsafe"
        return "safe" if want.bits // 2 >= have.bits else "unsafe"
    return None


def signature_cost(params, argtypes):
    """(unsafe, safe, promote) counts of passing `argtypes` to `params`, or None when one can't convert."""
    if len(params) != len(argtypes):
        return None
    cost = [0, 0, 0]
    for want, have in zip(params, argtypes):
        kind = conversion(have, want)
        if kind is None:
            return None
        if _RANK[kind] is not None:
            cost[_RANK[kind]] += 1
    return tuple(cost)


def best_signature(signatures, argtypes):
    """The declared parameter tuple the arguments convert to most cheaply, or None."""
    best, best_cost = None, None
    for params in signatures:
        cost = signature_cost(params, argtypes)
        if cost is not None and (best_cost is None or cost < best_cost):
            best, best_cost = params, cost
    return best


_PYTHON_SCALARS = (float64, int64, boolean, complex128)    # passed as the Python builtins


def convert(value, ty):
    """A Python or NumPy value converted to the scalar object the native code of `ty` takes
    (C casting: a float truncates towards zero, an int wraps as NumPy's astype does)."""
    if ty.kind == "optional":
        return None if value is None else convert(value, ty.type)
    if ty.kind == "tuple":
        return tuple(convert(v, t) for v, t in zip(value, ty.items))
    if ty.kind == "function type":
        address_of(value, ty)                      # compiled now, or a TypeError saying why not
        return value
    if not isinstance(ty, Number):
        return value
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)            # inf/NaN to int, as numba
        converted = np.asarray(value).astype(ty.dtype)[()]
    return converted.item() if ty in _PYTHON_SCALARS else converted
