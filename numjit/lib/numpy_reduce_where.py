"""`where=` and `initial=` on np.sum, np.prod, np.min, np.max, np.amin, np.amax (initial= and
where=), np.all, np.any (where=) and the array methods: as NumPy does, these are the ufunc's
reduce (np.add.reduce ... np.logical_or.reduce, numpy_ufunc_methods) with the same axis (None,
int or tuple), dtype=, out=, keepdims=; min/max with where= and no initial= raise NumPy's
ValueError, an empty selection gives the initial value (or the identity).

    >>> from numjit.types import float64, Const
    >>> _where_typer(np.sum)(float64[:, :], initial=Const(1.5)).__name__
    'sum_where'
"""
import numpy as np

from ..typing.registry import overload
from .guards import array_of, is_none, specialized
from .numpy_linalg_lapack import literal_flag

UFUNCS = {np.sum: np.add, np.prod: np.multiply, np.min: np.minimum, np.max: np.maximum, np.amin: np.minimum,
          np.amax: np.maximum, np.all: np.logical_and, np.any: np.logical_or}
NAMES = {np.sum: ("axis", "dtype", "out", "keepdims", "initial", "where"),
         np.prod: ("axis", "dtype", "out", "keepdims", "initial", "where"),
         np.all: ("axis", "out", "keepdims", "where"), np.any: ("axis", "out", "keepdims", "where")}
EXTREMES = ("axis", "out", "keepdims", "initial", "where")
METHODS = ("sum", "prod", "min", "max", "all", "any")


@specialized
def _where_impl(fn, keep):
    ufunc = UFUNCS[fn]

    def sum_where(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
        if keep:
            return ufunc.reduce(a, axis=axis, dtype=dtype, out=out, keepdims=True, initial=initial, where=where)
        return ufunc.reduce(a, axis=axis, dtype=dtype, out=out, initial=initial, where=where)

    def min_where(a, axis=None, out=None, keepdims=False, initial=None, where=True):
        return sum_where(a, axis, None, out, keepdims, initial, where)

    def all_where(a, axis=None, out=None, keepdims=False, where=True):
        return sum_where(a, axis, None, out, keepdims, None, where)
    if fn in (np.sum, np.prod):
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
        return None if keep is None else _where_impl(fn, keep)
    typer.__name__ = f"{fn.__name__}_where"
    return typer


for _fn in UFUNCS:
    overload(_fn)(_where_typer(_fn))
for _name in METHODS:
    overload(f"array.{_name}", f"arrayexpr.{_name}")(_where_typer(getattr(np, _name)))
