"""np.clip with one bound (None for the other), NumPy 2's `min=`/`max=` keywords, and the
`a.clip(...)` method — all through the elementwise clip (numjit/intrinsics/selection.py), or
np.minimum/np.maximum when one bound is None, as NumPy computes them (a copy when both are).
On numbers alone (np.clip(2.5, 0, 1) is 1.0) the result has the dtype of NumPy's clip loop.

    >>> import numpy as np
    >>> from numjit import njit
    >>> @njit
    ... def caps(a):
    ...     return a.clip(max=2), np.clip(a, 1, None)
    >>> caps(np.arange(4))
    (array([0, 1, 2, 2]), array([1, 1, 2, 3]))
"""
import numpy as np

from ..errors import TypingError
from ..typing.registry import overload
from ..intrinsics.arrayexpr import _numpy_arg, resolve_loop
from ..intrinsics.selection import _CLIP
from .guards import array_of, is_none, is_number, scalar_class, specialized


def _bound(t):
    return t is None or is_none(t) or is_number(t) or array_of(t) is not None


@specialized
def _clip_impl(has_lo, has_hi):
    def clip_impl(a, a_min=None, a_max=None, out=None, min=None, max=None):
        lo = a_min if has_lo == 1 else min
        hi = a_max if has_hi == 1 else max
        if has_lo and has_hi:
            return np.clip(a, lo, hi)
        if has_hi:
            return np.minimum(a, hi)
        if has_lo:
            return np.maximum(a, lo)
        return np.copy(a)
    return clip_impl


@specialized
def _clip_numbers_impl(has_lo, has_hi, cls):
    def clip_numbers(a, a_min=None, a_max=None, out=None, min=None, max=None):
        lo = a_min if has_lo == 1 else min
        hi = a_max if has_hi == 1 else max
        above = np.maximum(a, lo) if has_lo else a          # np.maximum/np.minimum keep a NaN
        return cls(np.minimum(above, hi) if has_hi else above)
    return clip_numbers


def _numbers_class(a, bounds):
    """NumPy's result class of np.clip on numbers: NumPy makes `a` an array (its dtype strong);
    bounds that are Python numbers are weak (NEP 50)."""
    args = [a.dtype] + [a.dtype if is_none(t) else _numpy_arg(t) for t in bounds]
    loop = resolve_loop(_CLIP, args)
    return None if loop is None else scalar_class(loop[1])


def _which(positional, keyword, name):
    """1: the bound is the positional argument, 2: the keyword, 0: none."""
    given = [t is not None and not is_none(t) for t in (positional, keyword)]
    if all(given):
        raise TypingError("Passing `min` or `max` keyword argument when `a_min` and `a_max` are provided "
                          "is forbidden.")
    return 1 if given[0] else 2 if given[1] else 0


@overload(np.clip, "array.clip", "arrayexpr.clip")
def clip(a, a_min=None, a_max=None, out=None, min=None, max=None):
    if array_of(a) is None and not is_number(a):
        return None
    if out is not None or not all(_bound(t) for t in (a_min, a_max, min, max)):
        return None
    has_lo, has_hi = _which(a_min, min, "min"), _which(a_max, max, "max")
    if all(t is None or array_of(t) is None for t in (a, a_min, a_max, min, max)):
        cls = _numbers_class(a, (a_min if has_lo == 1 else min, a_max if has_hi == 1 else max))
        return None if cls is None else _clip_numbers_impl(has_lo, has_hi, cls)
    return _clip_impl(has_lo, has_hi)
