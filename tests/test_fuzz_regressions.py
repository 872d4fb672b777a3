"""Regressions found by numjit's differential fuzzer (tools/fuzz), each minimised by its reducer.

Each test compares the compiled function with plain Python on the same inputs.
"""
import numpy as np

from impl import njit


def _same(a, b):
    assert type(a) is type(b) and len(a) == len(b)
    for x, y in zip(a, b):
        assert type(x) is type(y) or isinstance(x, (np.generic, float, int)), (x, y)
        np.testing.assert_allclose(x, y)


def array_expression_attributes(a, b):
    # len() / .shape / .size / .ndim / zeros_like of an array expression: it is materialised
    # (was: "no implementation of len() for argument types (arrayexpr(float64, 1d))")
    return (len(a + b), (a * 2).shape[0], (a - b).size, (a + b).ndim, float(np.zeros_like(a * 2).sum()),
            len(np.sqrt(np.abs(a))), (a > 1).shape[0])


def test_array_expression_attributes():
    for a in (np.arange(4.0), np.arange(6, dtype=np.int32)[::-2], np.empty(0)):
        _same(njit(array_expression_attributes)(a, a), array_expression_attributes(a, a))
