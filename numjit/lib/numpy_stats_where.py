"""`where=` on np.mean, np.var, np.std, np.nanmean, np.nanvar, np.nanstd and the mean/var/std
methods, with every other keyword: axis= (None, int or tuple), dtype=, out=, ddof=, keepdims=.

NumPy's own formulas (numpy/_core/_methods.py, numpy/lib/_nanfunctions_impl.py) over where=
sums (np.add.reduce): the mean is the sum of the selected items over their count, in dtype= or
float64 for integer arrays; the variance sums the squared deviations from that mean (|x|² for
complex) over the selected items and divides by the count less ddof (inf/nan when that is not
positive; the nan* forms give NaN there). The nan* forms leave NaN items out of the selection
(integer arrays have none). Results take NumPy's dtype, found at compile time by running NumPy's
function on a sample of the array's dtype; `out=` receives the result and is returned.

    >>> from numjit.types import float64, boolean
    >>> _stats_typer(np.nanvar)(float64[:, :], where=boolean[:, :]).__name__
    'stats_where'
    >>> _stats_typer(np.mean)(float64[:], where=boolean[:]).__name__
    'mean_where'
"""
import numpy as np

from ..typing.registry import overload
from ..types import Complex, Float, Tuple
from .guards import array_of, is_none, scalar_class, specialized
from .numpy_creation import _dtype_arg
from .numpy_linalg_lapack import literal_flag

# function → (what it computes, whether NaN items are left out)
FUNCTIONS = {np.mean: ("mean", False), np.nanmean: ("mean", True), np.var: ("var", False),
             np.std: ("std", False), np.nanvar: ("var", True), np.nanstd: ("std", True)}
KEYWORDS = {"mean": ("axis", "dtype", "out", "keepdims", "where"),
            "var": ("axis", "dtype", "out", "ddof", "keepdims", "where"),
            "std": ("axis", "dtype", "out", "ddof", "keepdims", "where")}
METHODS = ("mean", "var", "std")


def _sum_kept(x, axis, dtype, where):
    return np.add.reduce(x, axis=axis, dtype=dtype, keepdims=True, where=where)


def _sum(x, axis, dtype, where):
    return np.add.reduce(x, axis=axis, dtype=dtype, where=where)


def _square(x):
    return x * x


def _abs_square(x):
    return x.real * x.real + x.imag * x.imag


@specialized
def _stats_impl(kind, nan, keep, acc, total_acc, mean_cls, deviation_cls, cls, scalar, with_out):
    """acc: the dtype the variance's mean is summed in (None: the array's); total_acc: the dtype
    of the final sum (out='s when given, as NumPy's reductions); mean_cls, deviation_cls: the
    classes of the mean and of the deviations from it inside the variance; cls: the result's
    class; scalar: the result is a scalar."""
    is_mean, is_std = kind == "mean", kind == "std"
    square = _abs_square if issubclass(deviation_cls, np.complexfloating) else _square

    def reduce(x, selected, axis, ddof, out):
        if keep:
            total, count = _sum_kept(x, axis, total_acc, selected), _sum_kept(selected, axis, np.intp, True)
        else:
            total, count = _sum(x, axis, total_acc, selected), _sum(selected, axis, np.intp, True)
        if not is_mean:
            count = np.maximum(count - ddof, 0)
        result = np.true_divide(total, count)
        if nan and not is_mean:
            if not scalar:
                result = np.where(count > 0, result, np.nan)
            elif count <= 0:
                result = np.nan
        if is_std:
            result = np.sqrt(result)
        if with_out:
            out[...] = result
            return out
        if scalar:
            return cls(result)
        return result.astype(cls)

    def spread(x, selected, axis, ddof, out):
        """reduce() of the squared deviations from the mean of the selected items."""
        mean = _sum_kept(x, axis, acc, selected) / _sum_kept(selected, axis, np.intp, True)
        deviation = (x - mean.astype(mean_cls)).astype(deviation_cls)
        return reduce(square(deviation), selected, axis, ddof, out)

    def stats_where(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=True):
        selected = np.broadcast_to(where, a.shape)
        if nan:
            known = a == a
            if is_mean:
                return reduce(np.where(known, a, 0), np.logical_and(selected, known), axis, ddof, out)
            return spread(np.where(known, a, 0), np.logical_and(selected, known), axis, ddof, out)
        if is_mean:
            return reduce(a, selected, axis, ddof, out)
        return spread(a, selected, axis, ddof, out)

    def mean_where(a, axis=None, dtype=None, out=None, keepdims=False, where=True):
        return stats_where(a, axis, dtype, out, 0, keepdims, where)
    return mean_where if is_mean else stats_where


def _stats_typer(fn):
    kind, skips_nan = FUNCTIONS[fn]
    names = KEYWORDS[kind]

    def typer(a, *args, **kws):
        arr = array_of(a)
        if arr is None or len(args) > len(names) or any(k not in names for k in kws):
            return None
        given = dict(zip(names, args), **kws)
        if is_none(given.get("where")):
            return None                             # the forms without where= (numpy_keepdims, ...)
        keep = literal_flag(given.get("keepdims"), False, f"np.{fn.__name__}(): keepdims")
        if keep is None:
            return None
        dtype = given.get("dtype")
        user = None if is_none(dtype) else scalar_class(_dtype_arg(dtype, None))
        inexact = isinstance(arr.dtype, (Float, Complex))
        acc = user if user is not None or inexact else np.float64
        sample = np.ones(2, arr.dtype.dtype)
        nan = skips_nan and inexact
        try:
            cls = fn(sample, dtype=user).dtype.type
            mean_cls = np.add.reduce(sample, dtype=acc).dtype.type
        except TypeError:
            return None                             # (a dtype= NumPy cannot reduce in: declined)
        # NumPy's nanvar subtracts the mean in place (the array's dtype); var promotes
        deviation_cls = arr.dtype.dtype.type if nan else np.result_type(arr.dtype.dtype, mean_cls).type
        axis = given.get("axis")
        reduced = arr.ndim if is_none(axis) else len(axis.items) if isinstance(axis, Tuple) else 1
        scalar = not keep and reduced == arr.ndim
        out = array_of(given.get("out"))
        if out is None and not is_none(given.get("out")):
            return None
        total_acc = scalar_class(out.dtype) if acc is None and out is not None else acc
        return _stats_impl(kind, nan, keep, acc, total_acc, mean_cls, deviation_cls, cls, scalar, out is not None)
    typer.__name__ = f"{fn.__name__}_where"
    return typer


for _fn in FUNCTIONS:
    overload(_fn)(_stats_typer(_fn))
for _name in METHODS:
    overload(f"array.{_name}", f"arrayexpr.{_name}")(_stats_typer(getattr(np, _name)))
