"""cmath in CUDA kernels: numjit/cuda/complexmath.py's formulas, compiled here for the CPU (the
same Python compiles for the GPU over libdevice), against NumPy's complex functions — finite
values over a wide range, and C99's zeros, infinities and NaNs. The kernels themselves:
test_ptx.py (PTX through ptxas), test_simulator.py and test_gpu_kernels.py
(kernel_checks.check_complex_math)."""
import math

import numpy as np

from numjit import njit
from numjit.cuda.complexmath import cexp, clog, csqrt, csin, ccos, ctan, csinh, ccosh, ctanh, casin, cacos, \
    catan, casinh, cacosh, catanh

NUMPY = (np.exp, np.log, np.sqrt, np.sin, np.cos, np.tan, np.sinh, np.cosh, np.tanh, np.arcsin, np.arccos, np.arctan,
         np.arcsinh, np.arccosh, np.arctanh)


@njit
def every_formula(z, out):
    for i in range(z.size):
        w = z[i]
        out[i, 0], out[i, 1], out[i, 2], out[i, 3], out[i, 4] = cexp(w), clog(w), csqrt(w), csin(w), ccos(w)
        out[i, 5], out[i, 6], out[i, 7], out[i, 8], out[i, 9] = ctan(w), csinh(w), ccosh(w), ctanh(w), casin(w)
        out[i, 10], out[i, 11], out[i, 12], out[i, 13], out[i, 14] = cacos(w), catan(w), casinh(w), cacosh(w), \
            catanh(w)


def same(got, ref):
    """Equal parts (zeros with their sign, NaN where NumPy has NaN), else within 4e-15 relative."""
    for g, r in ((got.real, ref.real), (got.imag, ref.imag)):
        if math.isnan(r) or not math.isfinite(r) or r == 0.0:
            if not (math.isnan(g) and math.isnan(r) or g == r and math.copysign(1, g) == math.copysign(1, r)):
                return False
        elif abs(g - r) > 4e-15 * max(abs(r), abs(ref)):
            return False
    return True


def test_formulas_against_numpy():
    rng = np.random.default_rng(7)
    scales = rng.choice([1e-8, 0.3, 1.0, 3.0, 30.0, 1e5, 1e160, 1e300], (400, 2))
    finite = (rng.normal(size=(400, 2)) * scales) @ np.array([1, 1j])
    axes = np.array([complex(a, b) for a in (-3.0, -1.0, -0.0, 0.0, 0.5, 1.0, 2.0) for b in (-0.0, 0.0, 1e-20, -2.0)])
    edges = (-math.inf, -800.0, -1.0, -0.0, 0.0, 0.75, 715.0, math.inf, math.nan)
    special = np.array([complex(a, b) for a in edges for b in edges])
    z = np.concatenate([finite, axes, special])
    out = np.empty((z.size, 15), np.complex128)
    every_formula(z, out)
    with np.errstate(all="ignore"):
        ref = np.stack([f(z) for f in NUMPY], axis=1)
    bad = [(NUMPY[k].__name__, z[i], out[i, k], ref[i, k]) for i in range(z.size) for k in range(15)
           if not same(out[i, k], ref[i, k])]
    assert not bad, bad[:10]
