"""NumPy math functions on scalars: np.sin(x), np.sqrt(n), np.minimum(a, b), np.isnan(x) ...

Each resolves, as NumPy's ufunc does, the loop dtypes of its operands (`resolve_dtypes`:
np.sqrt(int64) → float64, np.abs(int64) → int64), then runs the same scalar implementation
that array expressions use element by element (arrayexpr.UFUNC_SCALAR), so scalar and array
results agree. Floating-point errors give inf/nan as in NumPy (no ZeroDivisionError).
The NumPy-only scalar operations (np.minimum, np.floor, np.sign, ...) are defined here too.

    >>> import numpy as np
    >>> from numjit.types import int64, float32
    >>> from numjit.typing.registry import resolve
    >>> resolve(np.sqrt, (int64,)).signature, resolve(np.abs, (int64,)).signature
    (float64(float64), int64(int64))
    >>> resolve(np.minimum, (float32, float32)).signature.return_type
    float32
"""
import numpy as np
from llvmlite import ir

from ..types import Signature, Number, Integer, Float, Boolean, Complex, Const
from ..types.scalars import boolean
from ..typing import registry
from ..typing.registry import intrinsic
from .arrayexpr import UFUNC_SCALAR, resolve_loop, apply_scalar
from .mathfuncs import call_float_function
from .creation import dtype_from_const
from .complexmath import complex_key
from ..errors import TypingError


def _scalar_typer(ufunc, key):
    def typer(*operands):
        if not operands or not all(isinstance(t, Number) for t in operands):
            return None
        loop = resolve_loop(ufunc, [t.dtype for t in operands])
        if loop is None:
            return None
        in_types, out_type = loop
        impl_key = complex_key(ufunc, key, in_types)
        if registry.resolve(impl_key, tuple(in_types)) is None:
            return None
        return Signature(out_type, tuple(in_types)), lambda low, sig, args: apply_scalar(low, impl_key, in_types,
                                                                                        out_type, args)
    return typer


# -- NumPy-only scalar operations ---------------------------------------------------------

def _same_kind(*ts):
    """The one real type of all operands, or None."""
    if len(set(ts)) != 1 or not isinstance(ts[0], (Integer, Float, Boolean)):
        return None
    return ts[0]


def _rounding(name):
    def typer(x):
        if isinstance(x, (Integer, Boolean)):
            return Signature(x, (x,)), lambda low, sig, a: a[0]
        if not isinstance(x, Float):
            return None
        return Signature(x, (x,)), lambda low, sig, a: call_float_function(low, "llvm", name, a, x)
    return typer


def _extremum(pick_greater, propagate_nan):
    """np.maximum/np.minimum (a NaN operand wins) and np.fmax/np.fmin (a NaN operand loses)."""
    def typer(x, y):
        t = _same_kind(x, y)
        if t is None:
            return None

        def codegen(low, sig, a):
            b = low.builder
            op = ">" if pick_greater else "<"
            if isinstance(t, Float):
                first = b.fcmp_unordered(op, a[0], a[1]) if propagate_nan else b.fcmp_ordered(op, a[0], a[1])
                pick = b.select(first, a[0], a[1])
                if propagate_nan:                   # NaN in x: x (the unordered test picked it); in y: y
                    return b.select(b.fcmp_unordered("uno", a[1], a[1]), a[1], pick)
                return b.select(b.fcmp_unordered("uno", a[1], a[1]), a[0], pick)
            cmp = b.icmp_signed if isinstance(t, Integer) and t.signed else b.icmp_unsigned
            return b.select(cmp(op, a[0], a[1]), a[0], a[1])
        return Signature(t, (t, t)), codegen
    return typer


def sign(x):
    if not isinstance(x, (Integer, Float)):
        return None

    def codegen(low, sig, a):
        b = low.builder
        v = a[0]
        if isinstance(x, Float):
            one, zero = ir.Constant(v.type, 1.0), ir.Constant(v.type, 0.0)
            s = b.select(b.fcmp_ordered(">", v, zero), one,
                         b.select(b.fcmp_ordered("<", v, zero), b.fneg(one), zero))
            return b.select(b.fcmp_unordered("uno", v, v), v, s)
        zero = ir.Constant(v.type, 0)
        gt = b.zext(b.icmp_signed(">", v, zero) if x.signed else b.icmp_unsigned(">", v, zero), v.type)
        lt = b.zext(b.icmp_signed("<", v, zero), v.type) if x.signed else zero
        return b.sub(gt, lt)
    return Signature(x, (x,)), codegen


def square(x):
    if not isinstance(x, (Integer, Float, Complex)):
        return None
    import operator
    mul = registry.resolve(operator.mul, (x, x))
    return Signature(x, (x,)), lambda low, sig, a: mul.codegen(low, mul.signature, [a[0], a[0]])


def reciprocal(x):
    if not isinstance(x, Float):
        return None
    return Signature(x, (x,)), lambda low, sig, a: low.builder.fdiv(ir.Constant(a[0].type, 1.0), a[0])


def _logical(combine):
    """np.logical_and/or/xor: the truth values of any numbers (complex too) combined."""
    def typer(x, y):
        if not all(isinstance(t, Number) for t in (x, y)):
            return None

        def codegen(low, sig, a):
            b = low.builder
            return getattr(b, combine)(low.ctx.truth(b, a[0], x), low.ctx.truth(b, a[1], y))
        return Signature(boolean, (x, y)), codegen
    return typer


NUMPY_ONLY = {
    "np.floor": _rounding("floor"), "np.ceil": _rounding("ceil"), "np.trunc": _rounding("trunc"),
    "np.rint": _rounding("roundeven"), "np.maximum": _extremum(True, True), "np.minimum": _extremum(False, True),
    "np.fmax": _extremum(True, False), "np.fmin": _extremum(False, False), "np.sign": sign,
    "np.square": square, "np.reciprocal": reciprocal, "np.logical_and": _logical("and_"),
    "np.logical_or": _logical("or_"), "np.logical_xor": _logical("xor"),
}

for _key, _typer in NUMPY_ONLY.items():
    intrinsic(_key)(_typer)
for _f, _key in UFUNC_SCALAR.items():
    intrinsic(_f)(_scalar_typer(_f, _key))


# -- np.iinfo / np.finfo: the limits of a dtype, compile-time constants -----------------------------

def _limits_typer(info):
    def typer(t):
        try:
            dtype = (t if isinstance(t, Number) else dtype_from_const(t)).dtype
            value = info(dtype)
        except (TypingError, ValueError, AttributeError):
            return None
        return Signature(Const(value), (t,)), lambda low, sig, args: ir.Constant(ir.IntType(8), 0)
    return typer


intrinsic(np.iinfo)(_limits_typer(np.iinfo))     # np.iinfo(np.intp).max, np.iinfo(x).min (x's type)
intrinsic(np.finfo)(_limits_typer(np.finfo))
