"""`out=` on the reductions and accumulations: np.sum prod mean min max amin amax all any ptp
argmin argmax var std median quantile percentile, their nan* forms, cumsum cumprod nancumsum
nancumprod, and the array methods; the result is written into `out` (cast as NumPy casts) and
`out` is returned.

The reduction is computed with keepdims=True (numpy_keepdims), its shape checked against out's
(NumPy's "wrong number of dimensions" ValueError, or a wrong length), then stored. As in NumPy,
sums and products (and the means of inexact arrays, and accumulations) run in out's dtype when
dtype= is not given and the array casts safely to it (float32 into float64); otherwise the result
is cast into out (float sums into an int out truncate).
Outs NumPy refuses by dtype raise its TypeError text when called (argmin into a float out, std
into an int out); complex data into a real out warns ComplexWarning and stores the real part; a
wrong shape raises NumPy's iterator ValueErrors (checked in _check_shape).

    >>> from numjit.types import float64, int32, int64
    >>> _reduce_out_typer(np.sum, "acc")(float64[:, :], int64, out=int32[:]).__name__
    'acc_out'
"""
import warnings

import numpy as np

from ..intrinsics.creation import dtype_from_const
from ..intrinsics.shapes import tuple_setitem
from ..types import Complex, Const, Float, Tuple
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, scalar_class, specialized
from .numpy_joining import _normalize_axis
from .numpy_keepdims import FAMILIES, METHODS, REDUCTIONS, _axes
from .numpy_linalg_lapack import literal_flag
from .numpy_views import _shape_text

UFUNC = {np.sum: "add", np.prod: "multiply", np.mean: "add", np.min: "minimum", np.max: "maximum",
         np.amin: "minimum", np.amax: "maximum", np.all: "logical_and", np.any: "logical_or", np.nansum: "add",
         np.nanprod: "multiply", np.nanmean: "add", np.ptp: "maximum", np.nanmin: "fmin", np.nanmax: "fmax",
         np.var: "add", np.std: "add", np.nanvar: "add", np.nanstd: "add", np.median: "add"}
IN_OUT_DTYPE = (np.sum, np.prod, np.nansum, np.nanprod)   # computed in a wider out's dtype
INEXACT_ONLY = (np.mean, np.nanmean)                      # ... when the array is inexact
NAN_INEXACT = (np.nanmean, np.nanvar, np.nanstd)          # refuse a non-inexact out for inexact data


def _shape_matches(out, r, mask, keep):
    """Is out's shape r's (a keepdims result), without the axes in mask unless keep?"""
    if keep:
        return out.shape == r.shape
    k, padded = 0, out.shape + (0,)
    for i in range(r.ndim):
        if not mask[i]:
            if padded[k] != r.shape[i]:
                return False
            k += 1
    return True


def _first_text(shape, n):
    """The first n items of shape as NumPy's C code writes a shape: (2,4), (3,)."""
    text = "("
    for d in range(n):
        text += str(shape[d]) + ("," if d + 1 < n or n == 1 else "")
    return text + ")"


def _check_shape(out, shape, mask, keep):
    """NumPy's iterator errors when out (right ndim) does not fit a reduction of an array of shape
    `shape` over the axes in mask."""
    remapped, padded = shape, out.shape + (0,)
    k = 0
    for i in range(len(shape)):
        if keep or not mask[i]:
            remapped = tuple_setitem(remapped, i, padded[k])
            k += 1
        else:
            remapped = tuple_setitem(remapped, i, -1)
    for i in range(len(shape)):
        m, n = remapped[i], shape[i]
        if m >= 0 and m != n and m != 1 and n != 1:
            text = ""
            for j in range(len(shape)):
                if text != "" or remapped[j] >= 0:
                    text += ("," if text != "" else "") + ("newaxis" if remapped[j] < 0 else str(remapped[j]))
            original = _first_text(padded, len(out.shape))
            if keep:
                text = original[1:-1]
            raise ValueError("operands could not be broadcast together with remapped shapes [original->remapped]: "
                             + original + "->(" + text + ") " + _shape_text(shape) + " ")
    for i in range(len(shape) - 1, -1, -1):                  # (NumPy's iterator checks the last axis first)
        m, n = remapped[i], shape[i]
        if keep and mask[i] and m != 1:
            raise ValueError(f"operand was set up as a reduction along axis {i}, but the length of the axis is {m} "
                             "(it has to be 1)")
        if m == 1 and n != 1 and not mask[i]:
            k = 0
            for j in range(i):
                k += remapped[j] >= 0
            raise ValueError(f"output operand requires a reduction along dimension {k}, but the reduction is not "
                             "enabled. The dimension size of 1 does not match the expected output shape.")
        if m > 1 and n == 1:
            raise ValueError(f"non-broadcastable operand with shape {_shape_text(shape)} doesn't match the broadcast "
                             f"shape {_shape_text(remapped)}")


@specialized
def _reduce_out_impl(fn, family, mode, keep, cls, ndim_error, method, type_error, complex_to_real):
    """mode: how axis is given ("none", "int", "tuple"); cls: the class a is cast to first, or None;
    ndim_error: NumPy's message when out has the wrong number of dimensions, else None; method:
    quantile's method= (a constant) or None; type_error: NumPy's TypeError text when out's dtype is
    refused; complex_to_real: warn (ComplexWarning) and store the real part."""
    arg_error = f"output array does not match result of np.{fn.__name__.replace('nan', '')}."
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
        if mode == "none":
            return np.ones(r.ndim, np.bool_)
        if mode == "int":
            m = np.zeros(r.ndim, np.bool_)
            m[_normalize_axis(axis, r.ndim)] = True
            return m
        return _axes(r, axis)

    def store(out, a, axis, r):
        if type_error is not None:
            raise TypeError(type_error)
        if ndim_error is not None:
            raise ValueError(ndim_error)
        mask = mask_of(r, axis)
        if family == "arg":
            if not _shape_matches(out, r, mask, keep):
                raise ValueError(arg_error)
        else:
            _check_shape(out, a.shape, mask, keep)
        if complex_to_real:
            warnings.warn("Casting complex values to real discards the imaginary part", np.exceptions.ComplexWarning)
            r = r.real
        if keep:
            out[...] = r
        elif mode == "none" or out.ndim == 0:
            out[...] = r.ravel()[0]
        else:
            out[...] = r.reshape(out.shape)
        return out

    def acc_out(a, axis=None, dtype=None, out=None, keepdims=False):
        return store(out, a, axis, reduce(convert(a), axis, dtype, 0, 0))

    def ext_out(a, axis=None, out=None, keepdims=False):
        return store(out, a, axis, reduce(convert(a), axis, None, 0, 0))

    def var_out(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
        return store(out, a, axis, reduce(convert(a), axis, dtype, ddof, 0))

    def med_out(a, axis=None, out=None, overwrite_input=False, keepdims=False):
        return store(out, a, axis, reduce(convert(a), axis, None, 0, 0))

    def qnt_out(a, q, axis=None, out=None, overwrite_input=False, method=None, keepdims=False):
        return store(out, a, axis, reduce(convert(a), axis, None, 0, q))
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
        inexact = isinstance(arr.dtype, (Float, Complex))
        out_cls = scalar_class(out.dtype)
        type_error = None
        if family == "arg" and not np.can_cast(out_cls, np.intp, "safe"):
            type_error = (f"Cannot cast array data from {np.dtype(out_cls)!r} to {np.dtype(np.intp)!r} according "
                          "to the rule 'safe'")
        elif fn in NAN_INEXACT and inexact and not isinstance(out.dtype, (Float, Complex)):
            type_error = "If a is inexact, then out must be inexact"
        elif fn in (np.std, np.nanstd) and not isinstance(out.dtype, (Float, Complex)):
            root = np.sqrt(np.zeros(1, out_cls)).dtype
            type_error = (f"Cannot cast ufunc 'sqrt' output from {root!r} to {np.dtype(out_cls)!r} with casting "
                          "rule 'same_kind'")
        complex_to_real = isinstance(arr.dtype, Complex) and not isinstance(out.dtype, Complex) and family != "arg" \
            and fn not in (np.var, np.std, np.nanvar, np.nanstd, np.all, np.any)
        cls = None
        if is_none(given.get("dtype")) and (fn in IN_OUT_DTYPE or fn in INEXACT_ONLY and inexact) and \
                np.can_cast(scalar_class(arr.dtype), scalar_class(out.dtype), "safe"):
            cls = scalar_class(out.dtype)
        expected = arr.ndim if keep else arr.ndim - count
        ndim_error = None
        if out.ndim != expected and family == "arg":
            ndim_error = f"output array does not match result of np.{fn.__name__.replace('nan', '')}."
        elif out.ndim != expected:
            ndim_error = (f"output parameter for reduction operation {UFUNC.get(fn, fn.__name__)} has the wrong "
                          f"number of dimensions: Found {out.ndim} but expected {expected}"
                          + (" (must match the operand's when keepdims=True)" if keep else ""))
        method = None if method is None or is_none(method) else method.value
        return _reduce_out_impl(fn, family, mode, keep, cls, ndim_error, method, type_error, complex_to_real)
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

def _check_accumulation(out, shape, flat):
    """NumPy's errors when out (right ndim) does not have the accumulation's shape."""
    for i in range(0 if flat else len(shape)):
        m, n = out.shape[i], shape[i]
        if m != n and m != 1 and n != 1:
            text = _shape_text(out.shape) + "->" + _shape_text(out.shape) + " " + _shape_text(shape) + "->"
            raise ValueError("operands could not be broadcast together with remapped shapes [original->remapped]: "
                             + text + _shape_text(shape) + " ")
    for i in range(0 if flat else len(shape)):
        if out.shape[i] == 1 and shape[i] != 1:
            raise ValueError(f"non-broadcastable output operand with shape {_shape_text(out.shape)} [remapped to "
                             f"{_shape_text(out.shape[::-1])}] doesn't match the broadcast shape {_shape_text(shape)}")
    if out.shape != shape:
        raise ValueError("provided out is the wrong size for the accumulation.")


@specialized
def _cumulative_out_impl(fn, cls, ndim_error, complex_to_real, flat, with_dtype):
    def cumulative_out(a, axis=None, dtype=None, out=None):
        if ndim_error is not None:
            raise ValueError(ndim_error)
        if with_dtype:                  # accumulated in dtype, then cast into out (as NumPy)
            r = fn(a, axis, dtype)
        else:
            r = fn(a if cls is None else a.astype(cls), axis)
        _check_accumulation(out, r.shape, flat)
        if complex_to_real:
            warnings.warn("Casting complex values to real discards the imaginary part", np.exceptions.ComplexWarning)
            r = r.real
        out[...] = r
        return out
    return cumulative_out


def _cumulative_out_typer(fn):
    def typer(a, axis=None, dtype=None, out=None):
        arr, out = array_of(a), array_of(out)
        with_dtype = fn in (np.cumsum, np.cumprod) and not is_none(dtype)
        if arr is None or out is None or not (is_none(dtype) or with_dtype) \
                or not (axis is None or is_none(axis) or is_int(axis)):
            return None
        accumulated = dtype_from_const(dtype) if with_dtype else arr.dtype
        complex_to_real = isinstance(accumulated, Complex) and not isinstance(out.dtype, Complex)
        cls = scalar_class(out.dtype) if np.can_cast(scalar_class(arr.dtype), scalar_class(out.dtype), "safe") else None
        expected = 1 if axis is None or is_none(axis) else arr.ndim
        ndim_error = None if out.ndim == expected else "provided out is the wrong size for the accumulation."
        return _cumulative_out_impl(fn, cls, ndim_error, complex_to_real, expected == 1, with_dtype)
    typer.__name__ = f"{fn.__name__}_out"
    return typer


overload(np.cumsum, "array.cumsum", "arrayexpr.cumsum")(_cumulative_out_typer(np.cumsum))
overload(np.cumprod, "array.cumprod", "arrayexpr.cumprod")(_cumulative_out_typer(np.cumprod))
overload(np.nancumsum)(_cumulative_out_typer(np.nancumsum))
overload(np.nancumprod)(_cumulative_out_typer(np.nancumprod))
