"""x ** n with a compile-time exponent: multiplication chains and square roots.

The rewrites (a chain of multiplies for an integer exponent, sqrt for 0.5) must give Python's
answer within the few ulps numba's chains differ by, and exactly Python's at the special values
(-0.0, inf, -inf, nan, 0.0 to a negative power).
"""
import math

import numpy as np
import pytest

from impl import njit


SPECIAL = [0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 1e-3, 7.0, 1e10, -1e-5, math.inf, -math.inf, math.nan]


def powers(x):
    return (x ** 0, x ** 1, x ** 2, x ** 3, x ** 6, x ** 7, x ** 12, x ** 31, (1.0 / x if x else 1.0) ** 6,
            x ** 2.0, x ** 0.5)


def negative_powers(x):
    return x ** -1, x ** -2, x ** -3, x ** -6


def _python(fn, x):
    try:
        return tuple(fn(x)), None
    except (ZeroDivisionError, OverflowError) as exc:
        return None, type(exc)


def _same(got, want):
    for g, w in zip(got, want):
        if isinstance(w, complex):         # Python: a negative float to a fractional power is complex
            assert math.isnan(g)
        elif math.isnan(w) or math.isinf(w) or w == 0.0:
            assert (math.isnan(g) and math.isnan(w)) or (g == w and math.copysign(1, g) == math.copysign(1, w)), (g, w)
        else:
            assert math.isclose(g, w, rel_tol=1e-14), (g, w)


@pytest.mark.parametrize("fn", [powers, negative_powers])
def test_constant_powers_match_python(fn):
    compiled = njit(fn)
    for x in SPECIAL + list(np.random.default_rng(5).normal(size=20) * 3):
        want, error = _python(fn, float(x))
        if error is not None:
            with pytest.raises(error):
                compiled(float(x))
        else:
            _same(compiled(float(x)), want)


def test_float32_base_keeps_its_type():
    compiled = njit(lambda x: x ** 3)
    x = np.float32(1.1)
    assert compiled(x) == float(x * x * x)      # rounded to float32 after each multiply


def test_runtime_exponent_calls_pow():
    compiled = njit(lambda x, n: x ** n)
    for x, n in [(1.5, 7), (2.0, -3), (-0.5, 5), (10.0, 300), (1.0000001, 100000)]:
        assert compiled(x, n) == x ** n
    for x, n in [(10.0, 400), (0.0, -2)]:            # Python's OverflowError and ZeroDivisionError
        with pytest.raises(OverflowError if x else ZeroDivisionError):
            x ** n
        with pytest.raises(OverflowError if x else ZeroDivisionError):
            compiled(x, n)


def test_inplace_power_and_large_constant():
    def f(x):
        y = x
        y **= 5
        return y, x ** 70000
    got, want = njit(f)(1.0001), f(1.0001)
    assert math.isclose(got[0], want[0], rel_tol=1e-14) and math.isclose(got[1], want[1], rel_tol=1e-12)
