"""Complex elementary functions: cmath.exp, cmath.log, cmath.sqrt, cmath.sin, ... on one number.

Each is C99's function of the same name in the C library (cexp, clog, csqrt, csin, ..., whose
special values, branch cuts and signed zeros follow C99's Annex G, as NumPy's and CPython's
do), called with the complex passed as its two doubles. complex64 computes in double and rounds
once at the end. A real argument is first made complex128 (cmath's rule). Outside their domain
cmath's raise what CPython raises (mathdomain.py); NumPy's (keyed by the C name, "cexp") give
nan/inf. CUDA kernels compile formulas over real math instead (numjit/cuda/complexmath.py:
libdevice has no complex functions) and keep C's values.

NumPy's complex ufunc loops map onto these kernels (COMPLEX_UFUNCS): arrayexpr and numpyfuncs
look up the complex kernel of np.exp, np.sqrt, ... when NumPy's loop is complex, so np.exp on a
complex scalar and on a complex array compute the same thing.

    >>> import cmath
    >>> from numjit.types import complex64, int64
    >>> from numjit.typing.registry import resolve
    >>> resolve(cmath.exp, (complex64,)).signature, resolve(cmath.sqrt, (int64,)).signature
    (complex64(complex64), complex128(complex128))
"""
import cmath

import numpy as np
from llvmlite import ir

from ..types import Signature, Complex, Float, Integer, Boolean
from ..types.scalars import complex128
from ..typing.registry import intrinsic, PythonImpl
from .mathdomain import post_check

DOUBLE = ir.DoubleType()
PAIR = ir.LiteralStructType([DOUBLE, DOUBLE])

# cmath function -> the C99 function computing it on double complex
C99 = {
    cmath.exp: "cexp", cmath.log: "clog", cmath.sqrt: "csqrt", cmath.sin: "csin", cmath.cos: "ccos",
    cmath.tan: "ctan", cmath.sinh: "csinh", cmath.cosh: "ccosh", cmath.tanh: "ctanh",
    cmath.asin: "casin", cmath.acos: "cacos", cmath.atan: "catan", cmath.asinh: "casinh",
    cmath.acosh: "cacosh", cmath.atanh: "catanh",
}

# NumPy ufunc -> the scalar key of its complex loop (the real loops are arrayexpr.UFUNC_SCALAR's);
# the string keys are lib/complexlib.py's NumPy-only formulas
COMPLEX_UFUNCS = {
    np.exp: "cexp", np.log: "clog", np.sqrt: "csqrt", np.sin: "csin", np.cos: "ccos",
    np.tan: "ctan", np.sinh: "csinh", np.cosh: "ccosh", np.tanh: "ctanh",
    np.arcsin: "casin", np.arccos: "cacos", np.arctan: "catan", np.arcsinh: "casinh",
    np.arccosh: "cacosh", np.arctanh: "catanh", np.log10: "np.log10.complex",
    np.log2: "np.log2.complex", np.exp2: "np.exp2.complex", np.expm1: "np.expm1.complex",
    np.log1p: "np.log1p.complex", np.sign: "np.sign.complex", np.sinc: "np.sinc.complex",
    np.reciprocal: "np.reciprocal.complex", np.rint: "np.rint.complex",
    np.isnan: cmath.isnan, np.isinf: cmath.isinf, np.isfinite: cmath.isfinite,
    np.less: "np.less.complex", np.less_equal: "np.less_equal.complex", np.greater: "np.greater.complex",
    np.greater_equal: "np.greater_equal.complex", np.maximum: "np.maximum.complex",
    np.minimum: "np.minimum.complex", np.fmax: "np.fmax.complex", np.fmin: "np.fmin.complex",
}


def complex_key(ufunc, key, in_types):
    """The scalar implementation key of `ufunc`'s loop on `in_types`: its complex kernel where
    the loop is complex, else `key` (the real one)."""
    if in_types and isinstance(in_types[0], Complex):
        return COMPLEX_UFUNCS.get(ufunc, key)
    return key


def complex_operand(x):
    """The complex type a cmath function computes in for an argument of type x, or None."""
    if isinstance(x, Complex):
        return x
    return complex128 if isinstance(x, (Integer, Float, Boolean)) else None


def _c99(cname, func=None):
    """The C99 function `cname`; with `func` (the cmath function) CPython's errors too."""
    def typer(x):
        t = complex_operand(x)
        if t is None:
            return None

        def codegen(low, sig, args):
            if getattr(low.ctx, "is_cuda", False):         # libdevice has no complex functions: formulas
                from ..cuda.complexmath import FORMULAS
                impl = PythonImpl(FORMULAS[cname], (complex128,), Signature(complex128, (complex128,)))
                result = low.apply(impl, [low.cast(args[0], t, complex128)], (complex128,))
                return low.cast(result, complex128, t)
            b = low.builder
            parts = [b.extract_value(args[0], i) for i in range(2)]
            if t.bits == 64:
                parts = [b.fpext(p, DOUBLE) for p in parts]
            fn = low.ctx.declare(cname, PAIR, [DOUBLE, DOUBLE])
            fn.attributes.add("nounwind")
            result = b.call(fn, parts)
            post_check(low, func, parts, [b.extract_value(result, i) for i in range(2)])
            out = ir.Constant(t.llvm(), ir.Undefined)
            for i in range(2):
                part = b.extract_value(result, i)
                out = b.insert_value(out, b.fptrunc(part, t.underlying.llvm()) if t.bits == 64 else part, i)
            return out
        return Signature(t, (t,)), codegen
    return typer


for _func, _cname in C99.items():
    intrinsic(_func)(_c99(_cname, _func))
    intrinsic(_cname)(_c99(_cname))         # NumPy's loops: nan/inf, no exception
