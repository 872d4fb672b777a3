"""The keywords every NumPy reduction shares, added once for all of them: `keepdims=True`, a
tuple `axis=` and `dtype=` (sum ... std, median, quantile, percentile and their nan* forms, and
the methods). The reductions themselves (numpy_reductions, numpy_stats, numpy_nan)
take an int axis or none; this typer, registered under the same keys, accepts NumPy's full
parameter list and wraps the plain reduction:

* `dtype=` reduces `a.astype(dtype)` and gives that dtype;
* a tuple axis moves the reduced axes last, copies that view into a C (kept, reduced) matrix and
  reduces its rows (axes checked as NumPy does: AxisError, "duplicate value in 'axis'");
* `keepdims=True` reshapes the result with the reduced axes kept with length one.

    >>> import numpy as np
    >>> from numjit.types import float64, int64, Const, UniTuple
    >>> _reduction_typer(np.sum, "acc")(float64[:, :], UniTuple(int64, 2), keepdims=Const(True)).__name__
    'acc_keywords'

A 0-d array with keepdims=True or axis=() reduces whole, to a scalar as NumPy's (median and
quantile with keepdims=True: a 0-d array, as NumPy's). Declined (the
typer returns None): `out=`, an int axis or argmin/argmax of 0-d arrays, an array of q with
keepdims=/tuple axis, and a tuple axis on argmin/argmax (NumPy refuses it too).
"""
import numpy as np

from ..intrinsics.shapes import tuple_setitem
from ..types import Const, Tuple
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, is_number, scalar_class, specialized
from .numpy_creation import _dtype_arg
from .numpy_linalg_lapack import literal_flag

# NumPy's positional parameters after the array, per family of reductions
FAMILIES = {
    "acc": ("axis", "dtype", "out", "keepdims"),
    "ext": ("axis", "out", "keepdims"),
    "arg": ("axis", "out", "keepdims"),
    "var": ("axis", "dtype", "out", "ddof", "keepdims"),
    "med": ("axis", "out", "overwrite_input", "keepdims"),
    "qnt": ("q", "axis", "out", "overwrite_input", "method", "keepdims"),
}
REDUCTIONS = {
    "acc": (np.sum, np.prod, np.mean, np.nansum, np.nanprod, np.nanmean),
    "ext": (np.min, np.max, np.amin, np.amax, np.all, np.any, np.ptp, np.nanmin, np.nanmax),
    "arg": (np.argmin, np.argmax, np.nanargmin, np.nanargmax),
    "var": (np.var, np.std, np.nanvar, np.nanstd),
    "med": (np.median, np.nanmedian),
    "qnt": (np.quantile, np.percentile, np.nanquantile, np.nanpercentile),
}
METHODS = ("sum", "prod", "mean", "min", "max", "all", "any", "argmin", "argmax", "var", "std")


def _axes(x, axis):
    """The reduced axes of x as a mask, checked as NumPy checks them."""
    n = x.ndim
    mask = np.zeros(n, np.bool_)
    for ax in axis:
        if ax < -n or ax >= n:
            raise np.exceptions.AxisError(f"axis {ax} is out of bounds for array of dimension {n}")
        k = ax + n if ax < 0 else ax
        if mask[k]:
            raise ValueError("duplicate value in 'axis'")
        mask[k] = True
    return mask


def _gather(x, axis, kept):
    """x with the axes in `axis` moved last and merged: a C (rows, reduced) matrix; with the
    shape of the kept axes (`kept` is a template of their count) and the keepdims shape."""
    mask = _axes(x, axis)
    perm = x.shape
    wide = x.shape
    p = 0
    q = len(kept)
    rows = 1
    for i in range(x.ndim):
        if mask[i]:
            perm = tuple_setitem(perm, q, i)
            wide = tuple_setitem(wide, i, 1)
            q += 1
        else:
            perm = tuple_setitem(perm, p, i)
            kept = tuple_setitem(kept, p, x.shape[i])
            rows *= x.shape[i]
            p += 1
    v = np.ascontiguousarray(np.transpose(x, perm))
    return v.reshape(rows, v.size // rows if rows else 0), kept, wide


@specialized
def _wrapper(fn, family, mode, ndim, count, keep, cls, method):
    """The implementation: `mode` is "none", "int" or "tuple" (`count` reduced axes); `cls` the
    dtype= class or None; `extra` below is ddof (var, std) or q (quantile, percentile)."""
    ones = (1,) * ndim
    kept0 = (0,) * (ndim - count)

    def convert(a):
        return a if cls is None else a.astype(cls)

    def finish(r):
        return r if cls is None else r.astype(cls)

    def finish_scalar(r):
        r = r if cls is None else cls(r)
        return np.full(ones, r) if keep else r

    if family == "var":
        def reduce(x, axis, extra):
            return fn(x, axis, ddof=extra)

        def whole(x, extra):
            return fn(x, ddof=extra)
    elif family == "qnt" and method is not None:
        def reduce(x, axis, extra):
            return fn(x, extra, axis, method=method)

        def whole(x, extra):
            return fn(x, extra, method=method)
    elif family == "qnt":
        def reduce(x, axis, extra):
            return fn(x, extra, axis)

        def whole(x, extra):
            return fn(x, extra)
    else:
        def reduce(x, axis, extra):
            return fn(x, axis)

        def whole(x, extra):
            return fn(x)

    def none_axis(a, axis, ddof):
        return finish_scalar(whole(convert(a), ddof))

    def int_axis(a, axis, ddof):
        x = convert(a)
        if ndim == 1:
            return finish_scalar(reduce(x, axis, ddof))
        r = finish(reduce(x, axis, ddof))
        return r.reshape(tuple_setitem(x.shape, axis + ndim if axis < 0 else axis, 1)) if keep else r

    def tuple_axis(a, axis, ddof):
        v, kept, wide = _gather(convert(a), axis, kept0)
        if count == ndim:
            return finish_scalar(whole(v[0], ddof))
        r = finish(reduce(v, 1, ddof))
        return r.reshape(wide) if keep else r.reshape(kept)
    body = {"none": none_axis, "int": int_axis, "tuple": tuple_axis}[mode]

    # one entry per family: NumPy's parameter order
    def acc_keywords(a, axis=None, dtype=None, out=None, keepdims=False):
        return body(a, axis, 0)

    def ext_keywords(a, axis=None, out=None, keepdims=False):
        return body(a, axis, 0)

    def var_keywords(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
        return body(a, axis, ddof)

    def med_keywords(a, axis=None, out=None, overwrite_input=False, keepdims=False):
        return body(a, axis, 0)

    def qnt_keywords(a, q, axis=None, out=None, overwrite_input=False, method=None, keepdims=False):
        return body(a, axis, q)
    return {"acc": acc_keywords, "ext": ext_keywords, "arg": ext_keywords, "var": var_keywords,
            "med": med_keywords, "qnt": qnt_keywords}[family]


def _reduction_typer(fn, family):
    names = FAMILIES[family]

    def typer(a, *args, **kws):
        arr = array_of(a)
        if arr is None or len(args) > len(names) or any(k not in names for k in kws):
            return None
        given = dict(zip(names, args), **kws)
        axis, dtype = given.get("axis"), given.get("dtype")
        keep = literal_flag(given.get("keepdims"), False, f"np.{fn.__name__}(): keepdims")
        tuple_axis = isinstance(axis, Tuple) and family != "arg"
        if keep is None or not is_none(given.get("out")) or not (keep or tuple_axis or not is_none(dtype)):
            return None                          # the plain reduction's forms (or out=, declined)
        ddof, method = given.get("ddof"), given.get("method")
        if not (is_none(ddof) or is_int(ddof)) or "q" in names and not is_number(given.get("q")):
            return None                          # (an array of q: not with keepdims=)
        if arr.ndim == 0:                        # a 0-d array reduces whole: a scalar, as NumPy's (a 0-d
            if family == "arg" or not (is_none(axis) or tuple_axis and not axis.items):    # array for median
                return None                                                     # and quantile with keepdims)
            axis, keep = None, keep and family in ("med", "qnt")
        if not (is_none(method) or isinstance(method, Const) and isinstance(method.value, str)):
            return None
        if is_none(axis):
            mode, count = "none", 0
        elif is_int(axis) or isinstance(axis, Const) and isinstance(axis.value, int):
            mode, count = "int", 1
        elif tuple_axis and axis.items and all(is_int(t) for t in axis.items) and len(axis.items) <= arr.ndim:
            mode, count = "tuple", len(axis.items)
        else:
            return None
        cls = None if is_none(dtype) else scalar_class(_dtype_arg(dtype, None))
        method = None if is_none(method) else method.value
        return _wrapper(fn, family, mode, arr.ndim, count, keep, cls, method)
    typer.__name__ = f"{fn.__name__}_keywords"
    return typer


for _family, _fns in REDUCTIONS.items():
    for _fn in _fns:
        overload(_fn)(_reduction_typer(_fn, _family))
for _name in METHODS:
    _fn = getattr(np, _name)
    _family = next(f for f, fns in REDUCTIONS.items() if _fn in fns)
    overload(f"array.{_name}", f"arrayexpr.{_name}")(_reduction_typer(_fn, _family))
