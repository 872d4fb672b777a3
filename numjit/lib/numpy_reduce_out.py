"""`out=` on the reductions and accumulations: np.sum prod mean min max amin amax all any ptp
argmin argmax var std median quantile percentile, their nan* forms, cumsum cumprod nancumsum
nancumprod, and the array methods; the result is written into `out` (cast as NumPy casts) and
`out` is returned.

The reduction is computed with keepdims=True (numpy_keepdims), its shape checked against out's
(NumPy's "wrong number of dimensions" ValueError, or a wrong length), then stored. As in NumPy,
sums and products (and the means of inexact arrays, and accumulations) run in out's dtype when
dtype= is not given and the array casts safely to it (float32 into float64); otherwise the result
is cast into out (float sums into an int out truncate).

    >>> from numjit.types import float64, int32, int64
    >>> _reduce_out_typer(np.sum, "acc")(float64[:, :], int64, out=int32[:]).__name__
    'acc_out'
"""
import numpy as np

from ..errors import TypingError
from ..types import Complex, Const, Float, Integer, Tuple
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, scalar_class, specialized
from .numpy_joining import _normalize_axis
from .numpy_keepdims import FAMILIES, METHODS, REDUCTIONS, _axes
from .numpy_linalg_lapack import literal_flag

UFUNC = {np.sum: "add", np.prod: "multiply", np.mean: "add", np.min: "minimum", np.max: "maximum",
         np.amin: "minimum", np.amax: "maximum", np.all: "logical_and", np.any: "logical_or"}
IN_OUT_DTYPE = (np.sum, np.prod, np.nansum, np.nanprod)   # computed in a wider out's dtype
INEXACT_ONLY = (np.mean, np.nanmean)                      # ... when the array is inexact


def _shape_matches(out, r, mask):
    """Is out's shape r's (a keepdims result) without the axes in mask?"""
    k = 0
    for i in range(r.ndim):
        if not mask[i]:
            if out.shape[k] != r.shape[i]:
                return False
            k += 1
    return True


@specialized
def _reduce_out_impl(fn, family, mode, keep, cls, ndim_error, method):
    """mode: how axis is given ("none", "int", "tuple"); cls: the class a is cast to first, or None;
    ndim_error: NumPy's message when out has the wrong number of dimensions, else None; method:
    quantile's method= (a constant) or None."""
    def convert(a):
        return a if cls is None else a.astype(cls)

    if family == "qnt":
        def reduce(x, axis, dtype, ddof, q):
            return fn(x, q, axis=axis, method=method, keepdims=True)
    elif family == "var":
        def reduce(x, axis, dtype, ddof, q):
            return fn(x, axis=axis, dtype=dtype, ddof=ddof, keepdims=True)
    elif family == "acc":
        def reduce(x, axis, dtype, ddof, q):
            return fn(x, axis=axis, dtype=dtype, keepdims=True)
    else:
        def reduce(x, axis, dtype, ddof, q):
            return fn(x, axis=axis, keepdims=True)

    def mask_of(r, axis):
        if mode == "int":
            m = np.zeros(r.ndim, np.bool_)
            m[_normalize_axis(axis, r.ndim)] = True
            return m
        return _axes(r, axis)

    def store(out, axis, r):
        if ndim_error is not None:
            raise ValueError(ndim_error)
        if keep:
            if out.shape != r.shape:
                raise ValueError("out= has the wrong shape for the reduction's result")
            out[...] = r
        elif mode == "none" or out.ndim == 0:
            out[...] = r.ravel()[0]
        else:
            if not _shape_matches(out, r, mask_of(r, axis)):
                raise ValueError("out= has the wrong shape for the reduction's result")
            out[...] = r.reshape(out.shape)
        return out

    def acc_out(a, axis=None, dtype=None, out=None, keepdims=False):
        return store(out, axis, reduce(convert(a), axis, dtype, 0, 0))

    def ext_out(a, axis=None, out=None, keepdims=False):
        return store(out, axis, reduce(convert(a), axis, None, 0, 0))

    def var_out(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
        return store(out, axis, reduce(convert(a), axis, dtype, ddof, 0))

    def med_out(a, axis=None, out=None, overwrite_input=False, keepdims=False):
        return store(out, axis, reduce(convert(a), axis, None, 0, 0))

    def qnt_out(a, q, axis=None, out=None, overwrite_input=False, method=None, keepdims=False):
        return store(out, axis, reduce(convert(a), axis, None, 0, q))
    return {"acc": acc_out, "ext": ext_out, "arg": ext_out, "var": var_out, "med": med_out,
            "qnt": qnt_out}[family]


def _reduce_out_typer(fn, family):
    names = FAMILIES[family]
    what = f"np.{fn.__name__}()"

    def typer(a, *args, **kws):
        arr = array_of(a)
        if arr is None or arr.ndim == 0 or len(args) > len(names) or any(k not in names for k in kws):
            return None
        given = dict(zip(names, args), **kws)
        out = array_of(given.get("out"))
        if out is None:
            return None                              # no out=: the other forms
        keep = literal_flag(given.get("keepdims"), False, f"{what}: keepdims")
        if keep is None:
            return None
        axis, method = given.get("axis"), given.get("method")
        if axis is None or is_none(axis):
            mode, count = "none", arr.ndim
        elif is_int(axis) or isinstance(axis, Const) and isinstance(axis.value, int):
            mode, count = "int", 1
        elif isinstance(axis, Tuple) and family != "arg" and axis.items and all(is_int(t) for t in axis.items):
            mode, count = "tuple", len(axis.items)
        else:
            return None
        if not (method is None or is_none(method) or isinstance(method, Const) and isinstance(method.value, str)):
            return None
        if isinstance(arr.dtype, Complex) and not isinstance(out.dtype, Complex):
            raise TypingError(f"{what}: out= of {out.dtype} for a complex result (NumPy discards the imaginary part)")
        if family == "arg" and not isinstance(out.dtype, Integer):
            raise TypingError(f"{what}: out= must be an integer array, not {out.dtype}")
        if fn in (np.std, np.nanstd) and not isinstance(out.dtype, (Float, Complex)):
            raise TypingError(f"{what}: out= must be inexact, not {out.dtype} (NumPy cannot cast sqrt's result)")
        inexact = isinstance(arr.dtype, (Float, Complex))
        if fn is np.nanmean and inexact and not isinstance(out.dtype, (Float, Complex)):
            raise TypingError(f"{what}: If a is inexact, then out must be inexact")
        cls = None
        if is_none(given.get("dtype")) and (fn in IN_OUT_DTYPE or fn in INEXACT_ONLY and inexact) and \
                np.can_cast(scalar_class(arr.dtype), scalar_class(out.dtype), "safe"):
            cls = scalar_class(out.dtype)
        expected = arr.ndim if keep else arr.ndim - count
        ndim_error = None
        if out.ndim != expected:
            ndim_error = (f"output parameter for reduction operation {UFUNC.get(fn, fn.__name__)} has the wrong "
                          f"number of dimensions: Found {out.ndim} but expected {expected}")
        method = None if method is None or is_none(method) else method.value
        return _reduce_out_impl(fn, family, mode, keep, cls, ndim_error, method)
    typer.__name__ = f"{fn.__name__}_out"
    return typer


for _family, _fns in REDUCTIONS.items():
    for _fn in _fns:
        overload(_fn)(_reduce_out_typer(_fn, _family))
for _name in METHODS:
    _fn = getattr(np, _name)
    _family = next(f for f, fns in REDUCTIONS.items() if _fn in fns)
    overload(f"array.{_name}", f"arrayexpr.{_name}")(_reduce_out_typer(_fn, _family))


# -- accumulations -----------------------------------------------------------------------------------

@specialized
def _cumulative_out_impl(fn, cls, ndim_error):
    def cumulative_out(a, axis=None, dtype=None, out=None):
        if ndim_error is not None:
            raise ValueError(ndim_error)
        r = fn(a if cls is None else a.astype(cls), axis)
        if out.shape != r.shape:
            raise ValueError("provided out is the wrong size for the accumulation.")
        out[...] = r
        return out
    return cumulative_out


def _cumulative_out_typer(fn):
    def typer(a, axis=None, dtype=None, out=None):
        arr, out = array_of(a), array_of(out)
        if arr is None or out is None or not is_none(dtype) or not (axis is None or is_none(axis) or is_int(axis)):
            return None
        if isinstance(arr.dtype, Complex) and not isinstance(out.dtype, Complex):
            raise TypingError(f"np.{fn.__name__}(): out= of {out.dtype} for a complex result")
        cls = scalar_class(out.dtype) if np.can_cast(scalar_class(arr.dtype), scalar_class(out.dtype), "safe") else None
        expected = 1 if axis is None or is_none(axis) else arr.ndim
        ndim_error = None if out.ndim == expected else "provided out is the wrong size for the accumulation."
        return _cumulative_out_impl(fn, cls, ndim_error)
    typer.__name__ = f"{fn.__name__}_out"
    return typer


overload(np.cumsum, "array.cumsum", "arrayexpr.cumsum")(_cumulative_out_typer(np.cumsum))
overload(np.cumprod, "array.cumprod", "arrayexpr.cumprod")(_cumulative_out_typer(np.cumprod))
overload(np.nancumsum)(_cumulative_out_typer(np.nancumsum))
overload(np.nancumprod)(_cumulative_out_typer(np.nancumprod))
