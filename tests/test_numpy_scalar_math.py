"""NumPy math functions on scalars, compiled vs. NumPy on the same scalars: the value and the
result dtype (np.sqrt(int64) → float64, np.abs(int64) → int64, float32 stays float32)."""
import math
import warnings

import numpy as np
import pytest

from helpers import assert_same
from impl import njit

UNARY = [np.sin, np.cos, np.exp, np.log, np.sqrt, np.abs, np.floor, np.ceil, np.trunc, np.rint, np.log1p,
         np.expm1, np.tanh, np.arctan, np.isnan, np.isinf, np.isfinite, np.sign, np.square, np.negative]
BINARY = [np.minimum, np.maximum, np.fmin, np.fmax, np.add, np.multiply, np.arctan2, np.hypot, np.power,
          np.logical_and, np.logical_or]

VALUES = [np.float64(2.5), np.float64(-0.0), np.float64(float("nan")), np.float64(float("inf")),
          np.float32(1.5), np.float32(-3.25), np.int64(7), np.int64(-3), np.int32(0), np.uint8(5)]


def _unary(fn):
    def run(x):
        return fn(x)
    return run


def _binary(fn):
    def run(x, y):
        return fn(x, y)
    return run


def _check(compiled, got, want):
    """The value, and the result type NumPy gives (read from the compiled signature's return type)."""
    want = np.asarray(want)
    if want.dtype == np.float16:             # NumPy's float16 loop: numjit uses float32, as numba
        want = np.asarray(want, dtype=np.float32)
        assert next(iter(compiled.overloads.values())).signature.return_type.dtype == np.float32
        assert_same(float(got), float(want), rtol=1e-3)
        return
    result_type = next(iter(compiled.overloads.values())).signature.return_type
    assert np.dtype(result_type.dtype) == want.dtype, (result_type, want.dtype)
    if want.dtype.kind == "f":
        rtol = 1e-6 if want.dtype == np.float32 else 1e-13
        assert_same(float(got), float(want), rtol=rtol)
    else:
        assert got == want


@pytest.mark.parametrize("fn", UNARY, ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", VALUES, ids=repr)
def test_unary(fn, x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = fn(x)
    if want.dtype == np.float16:
        pytest.skip("NumPy's float16 loop; numjit computes in float32 as numba")
    compiled = njit(_unary(fn))
    _check(compiled, compiled(x), want)


@pytest.mark.parametrize("fn", BINARY, ids=lambda f: f.__name__)
@pytest.mark.parametrize("x, y", [(np.float64(1.5), np.float64(float("nan"))), (np.float64(float("nan")), np.float64(2.0)),
                                  (np.float64(-1.0), np.float64(2.0)), (np.float32(2.5), np.float32(-1.0)),
                                  (np.int64(3), np.int64(-4)), (np.int64(2), np.float64(0.5)),
                                  (np.uint8(3), np.uint8(2))], ids=repr)
def test_binary(fn, x, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            want = fn(x, y)
        except ValueError:                   # NumPy: integers to negative integer powers
            pytest.skip("NumPy raises")
    compiled = njit(_binary(fn))
    _check(compiled, compiled(x, y), want)


def small_int_sin(x):
    return np.sin(x)


def test_small_ints_compute_in_float32():
    got = njit(small_int_sin)(np.int8(3))
    assert math.isclose(got, math.sin(3), rel_tol=1e-6)
