"""jit(locals={'name': type}): the variable has that type in every assignment (values convert
to it, as in numba). The reference is the Python function with the same conversions written out."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from impl import jit, njit, float32, int32, float64, TypingError


def twice(x):
    z = x * 2
    return z


def twice_ref(x):
    return float(np.float32(x * 2))


def mean3(a):
    acc = 0
    for i in range(a.shape[0]):
        acc += a[i] / 3
    return acc


def mean3_ref(a):
    acc = np.float32(0)
    for i in range(a.shape[0]):
        acc = np.float32(acc + a[i] / 3)
    return float(acc)


def plus_one(x):
    return x + 1


def plus_one_ref(x):
    return int(np.int64(np.int32(np.int64(x).astype(np.int32)))) + 1


def helper(z):
    z = z * 1.0
    return z


def calls_helper(x):
    z = x
    return helper(x) + z


def calls_helper_ref(x):
    return x * 1.0 + float(np.float32(x))


def holds_array(n):
    z = np.zeros(n)
    return z


declared_float32 = jit(nopython=True, locals={"z": float32})(twice)     # compiled once, for int and float


@settings(max_examples=50, deadline=None)
@given(st.floats(-1e30, 1e30, allow_nan=False) | st.integers(-2**40, 2**40))
def test_declared_float32(x):
    assert declared_float32(x) == twice_ref(x)


def test_declared_accumulator():
    compiled = njit(locals={"acc": float32})(mean3)
    for a in (np.arange(5.0), np.linspace(-1, 1, 7), np.zeros(0)):
        assert compiled(a) == mean3_ref(a)


def test_declared_argument_converts_on_entry():
    compiled = njit(locals={"x": int32})(plus_one)
    for x in (0, 5, -7, 2**31 - 1, 2**40 + 5, -2**40 - 3):
        assert compiled(x) == plus_one_ref(x), x


def test_locals_do_not_leak_into_callees():
    compiled = njit(locals={"z": float32})(calls_helper)
    for x in (1.1, -3.7, 1e10):
        assert compiled(x) == calls_helper_ref(x), x


def test_declared_type_that_cannot_hold_the_value():
    with pytest.raises(TypingError, match="declared float64"):
        njit(locals={"z": float64})(holds_array)(3)


def test_declared_as_string():
    assert njit(locals={"z": "float32"})(twice)(1.1) == twice_ref(1.1)
