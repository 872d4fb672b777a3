"""math functions of several numbers or of a sequence, compiled vs. CPython's math: hypot, gcd,
lcm of any number of arguments, perm(n), ulp, dist, fsum (exact), prod; lists, arrays, tuples."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from helpers import assert_same
from impl import njit

pytestmark = pytest.mark.numjit_only      # numba lacks these forms


@njit
def hypots(a, b, c):
    return math.hypot(a, b, c), math.hypot(a), math.hypot()


@njit
def gcd_lcm(a, b, c):
    return math.gcd(a, b, c), math.lcm(a, b, c), math.gcd(), math.lcm(), math.gcd(a), math.lcm(a)


@njit
def ulp(x):
    return math.ulp(x)


@njit
def perm1(n):
    return math.perm(n)


@njit
def dist(p, q):
    return math.dist(p, q)


@njit
def fsum(xs):
    return math.fsum(xs)


@njit
def prods(xs):
    return math.prod(xs), math.prod(xs, start=3)


finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(finite, finite, finite)
def test_hypot_of_three(a, b, c):
    for g, w in zip(hypots(a, b, c), hypots.py_func(a, b, c)):
        assert_same(g, w, rtol=1e-15)


def test_hypot_special_values():
    for args in [(math.inf, math.nan, 1.0), (math.nan, 2.0, 3.0), (0.0, -0.0, 0.0), (1e308, 1e308, 1e308), (3, 4, 12)]:
        for g, w in zip(hypots(*args), hypots.py_func(*args)):
            assert_same(g, w, rtol=1e-15)


@settings(max_examples=60, deadline=None)
@given(st.integers(-10**6, 10**6), st.integers(-10**6, 10**6), st.integers(-10**6, 10**6))
def test_gcd_lcm_of_any_count(a, b, c):
    assert gcd_lcm(a, b, c) == gcd_lcm.py_func(a, b, c)


@pytest.mark.parametrize("x", [1.0, 0.0, -2.5, 1e308, math.inf, -math.inf, math.nan, 5e-324, 3, 2**52, True])
def test_ulp(x):
    assert_same(ulp(x), ulp.py_func(x))


def test_perm_of_one_argument():
    for n in range(0, 21):
        assert perm1(n) == math.perm(n)
    with pytest.raises(OverflowError):
        perm1(21)


def test_dist_of_tuples_and_arrays():
    for p, q in [((1.0, 2.0, 3.0), (4.0, 6.0, 3.0)), ((1e308, -1e308), (-1e308, 1e308)), ((0.0,), (-0.0,))]:
        assert_same(dist(p, q), math.dist(p, q), rtol=1e-15)
        assert_same(dist(np.array(p), np.array(q)), math.dist(p, q), rtol=1e-15)
    with pytest.raises(ValueError):
        dist(np.ones(2), np.ones(3))


@settings(max_examples=80, deadline=None)
@given(st.lists(finite, max_size=40))
def test_fsum_is_exact_like_cpython(xs):
    try:
        want = math.fsum(xs)
    except OverflowError:
        with pytest.raises(OverflowError):
            fsum(np.array(xs, dtype=np.float64))
        return
    assert_same(fsum(np.array(xs, dtype=np.float64)), want)
    if xs:
        assert_same(fsum(list(xs)), want)


def test_fsum_special_values():
    for xs in ([0.1] * 10, [1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50], [math.inf, 1.0], [-math.inf, 2.0],
               [math.nan, 1.0], [1.0, 2.0, 3.0]):
        assert_same(fsum(xs), math.fsum(xs))
    assert_same(fsum((0.5, 0.25, 1e-20)), math.fsum((0.5, 0.25, 1e-20)))
    with pytest.raises(ValueError):
        fsum([math.inf, -math.inf])
    with pytest.raises(OverflowError):
        fsum([1e308, 1e308, -1e308])


def test_prod_of_lists_arrays_tuples():
    for xs in ([1.5, 2.0, 3.0], np.arange(1, 6), (2, 3, 4)):
        got, want = prods(xs), prods.py_func(xs)
        for g, w in zip(got, want):
            assert g == w and type(g) is type(w.item() if isinstance(w, np.generic) else w)
    # empty: the start value, in the type the items give (compiled code has one result type)
    assert prods(np.zeros(0)) == prods.py_func(np.zeros(0)) == (1, 3)
