"""`where=` and `initial=` on np.sum, np.prod, np.min, np.max, np.amin, np.amax, np.nansum,
np.nanprod, np.nanmin, np.nanmax (initial= and where=), np.all, np.any and the array methods: as
NumPy does, these are the ufunc's reduce (np.add.reduce ... np.fmin.reduce, numpy_ufunc_methods)
with the same axis (None, int or tuple), dtype=, out=, keepdims= (nansum and nanprod replace NaN
by 0 / 1 first); min/max with where= and no initial= raise NumPy's ValueError, an empty selection
gives the initial value (or the identity). where= on mean, var, std and their nan* forms:
numpy_stats_where.

    >>> from numjit.types import float64, Const
    >>> _where_typer(np.sum)(float64[:, :], initial=Const(1.5)).__name__
    'sum_where'
"""
import numpy as np

from ..typing.registry import overload
from ..types import Complex, Float
from .guards import array_of, is_none, specialized
from .numpy_linalg_lapack import literal_flag

UFUNCS = {np.sum: np.add, np.prod: np.multiply, np.min: np.minimum, np.max: np.maximum, np.amin: np.minimum,
          np.amax: np.maximum, np.all: np.logical_and, np.any: np.logical_or, np.nansum: np.add,
          np.nanprod: np.multiply, np.nanmin: np.fmin, np.nanmax: np.fmax}
SUMS = ("axis", "dtype", "out", "keepdims", "initial", "where")
NAMES = {np.sum: SUMS, np.prod: SUMS, np.nansum: SUMS, np.nanprod: SUMS,
         np.all: ("axis", "out", "keepdims", "where"), np.any: ("axis", "out", "keepdims", "where")}
NAN_FILL = {np.nansum: 0, np.nanprod: 1}         # NaN replaced by the identity first
EXTREMES = ("axis", "out", "keepdims", "initial", "where")
METHODS = ("sum", "prod", "min", "max", "all", "any")


@specialized
def _where_impl(fn, keep, fill):
    """fill: the value NaNs are replaced with first, or None."""
    ufunc = UFUNCS[fn]

    def sum_where(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
        if fill is not None:
            a = np.where(np.isnan(a), fill, a)
        if keep:
            return ufunc.reduce(a, axis=axis, dtype=dtype, out=out, keepdims=True, initial=initial, where=where)
        return ufunc.reduce(a, axis=axis, dtype=dtype, out=out, initial=initial, where=where)

    def min_where(a, axis=None, out=None, keepdims=False, initial=None, where=True):
        return sum_where(a, axis, None, out, keepdims, initial, where)

    def all_where(a, axis=None, out=None, keepdims=False, where=True):
        return sum_where(a, axis, None, out, keepdims, None, where)
    if fn in NAMES and fn not in (np.all, np.any):
        return sum_where
    return all_where if fn in (np.all, np.any) else min_where


def _where_typer(fn):
    names = NAMES.get(fn, EXTREMES)

    def typer(a, *args, **kws):
        if array_of(a) is None or len(args) > len(names) or any(k not in names for k in kws):
            return None
        given = dict(zip(names, args), **kws)
        if all(given.get(k) is None or is_none(given[k]) for k in ("initial", "where")):
            return None                             # the plain forms
        keep = literal_flag(given.get("keepdims"), False, f"np.{fn.__name__}(): keepdims")
        if keep is None:
            return None
        inexact = isinstance(array_of(a).dtype, (Float, Complex))
        return _where_impl(fn, keep, NAN_FILL.get(fn) if inexact else None)
    typer.__name__ = f"{fn.__name__}_where"
    return typer


for _fn in UFUNCS:
    overload(_fn)(_where_typer(_fn))
for _name in METHODS:
    overload(f"array.{_name}", f"arrayexpr.{_name}")(_where_typer(getattr(np, _name)))
