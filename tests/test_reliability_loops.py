"""Reliability: `for` loops over the result of a method or an expression (`a.ravel()`,
`a.flatten()`, `a.T`, `a[1:]`, `a + 1`), in every loop form; compiled vs. interpreted on
C, F and non-contiguous arrays.
"""
import numpy as np
import pytest

from helpers import assert_same, make_array
from impl import njit


def loops_over_expressions(a):
    s = 0.0
    for v in a.ravel():
        s += v
    for v in a.flatten():
        s = s * 0.5 + v
    for row in a.T:
        for v in row:
            s += v * 2
    for row in a[1:]:
        s += row.sum()
    for row in a + 1:
        s += row[0]
    for v in a.ravel() * 2:
        s -= v
    for i, v in enumerate(a.ravel()):
        s += i * v
    for v, w in zip(a.ravel(), a.ravel() + 1):
        s += v * w
    for v in reversed(a.ravel()):
        s = s * 0.25 + v
    return s


def comprehensions_over_expressions(a):
    return [v * 2 for v in a.ravel()], [v for v in a.ravel() + 1], [r.sum() for r in a.T]


@pytest.mark.numjit_only      # numba has no reversed() over arrays
def test_iterate_over_method_and_expression_results():
    f, g = njit(loops_over_expressions), njit(comprehensions_over_expressions)
    for layout in ("C", "F", "strided"):
        a = make_array((3, 4), np.float64, layout)
        assert_same(f(a), loops_over_expressions(a), rtol=1e-12, msg=layout)
        for got, want in zip(g(a), comprehensions_over_expressions(a)):
            assert got == [float(v) for v in want]
    empty = np.zeros((0, 3))
    assert_same(f(empty), loops_over_expressions(empty))
