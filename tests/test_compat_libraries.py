"""Patterns met in third-party libraries written for numba (benchmarks/compat.py runs their own
test suites), each reduced to a small differential test against plain Python/NumPy.
"""
import numpy as np
import pytest

from impl import impl_module

guvectorize = impl_module.guvectorize


def _scaled_sum(x, scale, out):
    # resampy's kernel: a Python float operand beside a complex array is an index step here
    step = int(scale * 2)
    acc = x[0] * 0
    for i in range(0, x.shape[0], step):
        acc += x[i] * scale
    out[0] = acc


def test_lazy_guvectorize_keeps_a_python_float_beside_complex_arrays():
    g = guvectorize("(n),()->(n)")(_scaled_sum)
    rng = np.random.default_rng(0)
    for dtype in (np.complex64, np.complex128):
        x = (rng.standard_normal((3, 7)) + 1j * rng.standard_normal((3, 7))).astype(dtype)
        want = np.zeros_like(x)
        for row, w in zip(x, want):
            _scaled_sum(row, 1.5, w)
        got = np.zeros_like(x)
        g(x, 1.5, got)                      # the output given, as resampy does
        np.testing.assert_allclose(got[:, 0], want[:, 0], rtol=1e-5)
