"""`cuda.fp16`: half-precision arithmetic, comparisons and math (numba-cuda's names).

In a compiled kernel each function is one PTX f16 instruction where PTX has one (add.f16,
mul.f16, fma.rn.f16, neg.f16, abs.f16, setp.*.f16, min/max.f16, cvt.rmi.f16.f16 ...) and
otherwise the float32 operation rounded to half (division, sqrt, exp, log, sin, cos), as
CUDA's own cuda_fp16.h does (numjit/cuda/intrinsics.py). Called as Python — in the
simulator — they compute on NumPy float16 values with the same rounding.

    >>> import numpy as np
    >>> hadd(np.float16(1.5), np.float16(2.25)), hfma(2, 3, 1), hlt(1, 2)
    (np.float16(3.75), np.float16(7.0), True)
"""
import numpy as np

_H = np.float16


def _half(x):
    return _H(x)


def _binary(op):
    return lambda a, b: _H(op(np.float32(_half(a)), np.float32(_half(b))))


def _compare(op):          # ordered, as PTX's setp: any NaN gives False (hne too)
    return lambda a, b: bool(op(_half(a), _half(b))) and not (np.isnan(_half(a)) or np.isnan(_half(b)))


def _through_float32(fn):
    def unary(x):
        with np.errstate(all="ignore"):
            return _H(fn(np.float32(_half(x))))
    return unary


# name -> Python behaviour; the compiled form of each is chosen by name in intrinsics.py
ARITHMETIC = {
    "hadd": _binary(lambda a, b: a + b),
    "hsub": _binary(lambda a, b: a - b),
    "hmul": _binary(lambda a, b: a * b),
    "hdiv": _binary(lambda a, b: np.divide(a, b)),
    "hmax": _binary(lambda a, b: np.fmax(a, b)),
    "hmin": _binary(lambda a, b: np.fmin(a, b)),
}
COMPARISONS = {
    "heq": _compare(lambda a, b: a == b), "hne": _compare(lambda a, b: a != b),
    "hgt": _compare(lambda a, b: a > b), "hge": _compare(lambda a, b: a >= b),
    "hlt": _compare(lambda a, b: a < b), "hle": _compare(lambda a, b: a <= b),
}
UNARY = {
    "hneg": lambda x: -_half(x),
    "habs": lambda x: abs(_half(x)),
    "hsqrt": _through_float32(np.sqrt),
    "hrsqrt": _through_float32(lambda x: np.float32(1) / np.sqrt(x)),
    "hrcp": _through_float32(lambda x: np.float32(1) / x),
    "hexp": _through_float32(np.exp),
    "hexp2": _through_float32(np.exp2),
    "hexp10": _through_float32(lambda x: np.power(np.float32(10), x)),
    "hlog": _through_float32(np.log),
    "hlog2": _through_float32(np.log2),
    "hlog10": _through_float32(np.log10),
    "hsin": _through_float32(np.sin),
    "hcos": _through_float32(np.cos),
    "hfloor": lambda x: np.floor(_half(x)),
    "hceil": lambda x: np.ceil(_half(x)),
    "htrunc": lambda x: np.trunc(_half(x)),
    "hrint": lambda x: np.rint(_half(x)),
}


def hfma(a, b, c):
    """a * b + c rounded once (the product of two halves is exact in float64)."""
    return _H(np.float64(_half(a)) * np.float64(_half(b)) + np.float64(_half(c)))


def _publish(table):
    for name, fn in table.items():
        fn.__name__ = fn.__qualname__ = name
        globals()[name] = fn


for _table in (ARITHMETIC, COMPARISONS, UNARY):
    _publish(_table)
FUNCTIONS = {**ARITHMETIC, **COMPARISONS, **UNARY, "hfma": hfma}
ARITY = {name: 3 if name == "hfma" else 1 if name in UNARY else 2 for name in FUNCTIONS}
