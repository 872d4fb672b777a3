"""Output arrays of NumPy ufuncs: np.add(a, b, c), np.add(a, b, out=c), np.sin(a, out=(a,)).

The result is computed as without `out` (the same loop, NumPy's dtypes), then stored into `out`
as `out[...] = result` stores: the inputs broadcast to out's shape (out itself never broadcasts;
a mismatch is NumPy's ValueError), an input overlapping out is read before it is written, and
the values are cast to out's dtype where NumPy's 'same_kind' rule allows it (a TypingError
naming the cast otherwise, where NumPy raises UFuncTypeError). The call returns `out`. numjit's
own ufuncs (vectorize) take `out` the same way (typing/calls.py).

    >>> import numpy as np
    >>> from numjit.types import float64, int64
    >>> from numjit.typing.registry import resolve
    >>> resolve(np.add, (float64[:], float64, float64[:, :])).signature.return_type
    float64[:, :]
    >>> resolve(np.sqrt, (int64[:],), {"out": float64[::1]}).signature
    float64[::1](int64[:], float64[::1])
"""
import numpy as np

from ..errors import TypingError
from ..types import Signature, Array, Tuple
from ..types.arrayexpr import ArrayExpr
from ..typing import registry
from ..typing.registry import intrinsic
from .arrayexpr import UFUNC_SCALAR, assign


def _out_array(name, out):
    """The array an `out` argument names (an array or a 1-tuple of one), checked writable."""
    if isinstance(out, Tuple) and len(out.items) == 1:
        out = out.items[0]
    if not isinstance(out, Array):
        raise TypingError(f"{name}(): out must be an array or a tuple of one array, not {out}")
    if out.readonly:
        raise TypingError(f"{name}(): the output array is read-only ({out})")
    return out


def with_out(name, impl, args, out):
    """(Signature, codegen) of the ufunc `name` whose result without out is `impl` on `args`,
    stored into `out` (an array, or a 1-tuple of one) and returned; also for numjit's own ufuncs."""
    dest = _out_array(name, out)
    result = impl.signature.return_type
    elem = result.dtype if isinstance(result, (Array, ArrayExpr)) else result
    if not np.can_cast(elem.dtype, dest.dtype.dtype, "same_kind"):
        raise TypingError(f"Cannot cast ufunc {name.split('.')[-1]!r} output from {elem.dtype!r} to "
                          f"{dest.dtype.dtype!r} with casting rule 'same_kind'")
    if getattr(result, "ndim", 0) > dest.ndim:
        raise TypingError(f"{name}(): a {result.ndim}-d result does not fit the {dest.ndim}-d output array "
                          "(NumPy: non-broadcastable output operand)")

    def codegen(low, sig, values):
        b = low.builder
        target = values[-1] if isinstance(out, Array) else b.extract_value(values[-1], 0)
        value = low.apply(impl, list(values[:-1]), list(args))
        assign(low, target, dest, value, result)
        return target
    return Signature(dest, tuple(args) + (out,)), codegen


def _out_typer(ufunc):
    def typer(*args, out=None):
        if out is None:
            if len(args) != ufunc.nin + 1:
                return None
            args, out = args[:-1], args[-1]
        elif len(args) != ufunc.nin:
            return None
        impl = registry.resolve(ufunc, tuple(args))
        if not isinstance(impl, registry.IntrinsicImpl):
            return None
        return with_out(f"np.{ufunc.__name__}", impl, args, out)
    return typer


for _f in UFUNC_SCALAR:
    if isinstance(_f, np.ufunc) and _f.nout == 1:
        intrinsic(_f)(_out_typer(_f))
