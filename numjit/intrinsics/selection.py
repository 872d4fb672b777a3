"""np.where(cond, x, y) and np.clip(a, lo, hi) on arrays: elements of the fused array expression.

Each is a tiny Python element function compiled into the expression's loop (as a numjit
ufunc's kernel is, arrayexpr.eval_tree), with NumPy's result dtype: np.result_type of x and y
(Python scalars weak, NEP 50) for where, the clip ufunc's own loop for clip. NaN in any clip
argument gives NaN, as in NumPy.

    >>> from numjit.types import float32, float64, int32, int64, boolean
    >>> sig, _ = where(boolean[:], float32[:], int64); sig.return_type.dtype
    float32
    >>> sig, _ = clip(int32[:], int64, float64); sig.return_type.dtype
    float64
"""
import numpy as np

from ..types import Array, Complex, Float, Integer, Number, Signature
from ..types.arrayexpr import ArrayExpr
from ..types.scalars import from_dtype, boolean, int64, uint64
from ..typing.registry import intrinsic
from .arrayexpr import _assemble, _elem, _numpy_arg, is_weak, pack_leaves, resolve_loop

_WEAK = {Integer: 0, Float: 0.0, Complex: 0j}       # Python scalars stand in as NEP 50 weak values


def _where_element(c, x, y):
    return x if c else y


def _clip_element(x, lo, hi):
    y = x if x != x or x > lo else lo                # NaN in x or lo stays NaN
    return y if y != y or y < hi else hi


def _operands_ok(operands):
    return (any(isinstance(t, (Array, ArrayExpr)) for t in operands)
            and all(isinstance(t, (Array, ArrayExpr, Number)) for t in operands))


def _expression(key, in_types, out_type, operands):
    if out_type is None:
        return None
    expr = _assemble(key, in_types, out_type, operands)
    return Signature(expr, tuple(operands)), lambda low, sig, args: pack_leaves(low, args, operands, expr)


def _weak(t):
    if isinstance(t, (Array, ArrayExpr)):
        return _elem(t).dtype
    return _WEAK[type(t)] if is_weak(t) else t.dtype


@intrinsic(np.where)
def where(cond, x=None, y=None):
    """np.where(cond, x, y): x where cond is true, else y, broadcast together."""
    operands = (cond, x, y)
    if x is None or y is None or not _operands_ok(operands):
        return None
    try:
        out = from_dtype(np.result_type(_weak(x), _weak(y)))
    except TypeError:
        return None
    return _expression(_where_element, (boolean, out, out), out, operands)


_CLIP = getattr(np, "_core", getattr(np, "core", None)).umath.clip


@intrinsic(np.clip)
def clip(a, lo, hi):
    """np.clip(a, lo, hi) elementwise (both bounds given)."""
    operands = (a, lo, hi)
    if not _operands_ok(operands):
        return None
    strong = a.dtype if isinstance(a, Number) else _numpy_arg(a)     # np.clip makes a number `a` an array
    loop = resolve_loop(_CLIP, [strong, _numpy_arg(lo), _numpy_arg(hi)])
    if loop is None:
        return None
    in_types, out_type = loop
    if isinstance(out_type, Integer) and out_type != uint64 and any(isinstance(t, Integer) for t in (lo, hi)):
        in_types = [int64] * 3          # Python-int bounds outside the dtype clip by value, as NumPy
    return _expression(_clip_element, in_types, out_type, operands)
