"""Reliability: arrays made in the part of `and`/`or` or of a chained comparison that may be
skipped; compiled vs. interpreted (the leak check of conftest.py counts allocations and frees).

Such a temporary must be released on the path that made it, before the paths join: releasing
it at the end of the statement produced IR that LLVM's verifier rejects ("Instruction does not
dominate all uses").
"""
import numpy as np

from helpers import assert_same
from impl import njit


def short_circuit(x, a):
    return (x > 0 and np.ones(2).sum() > 0,
            bool(x or np.ones(1).sum()),
            0 < x < np.ones(2).sum(),
            x > 0 and a[a > 1.0].sum() > 0,
            0 < np.ones(3).sum() < x < np.zeros(4).sum() + 10 < np.ones(5).sum() * 3,
            x < 0 or x > 5 or np.arange(3.0).sum() == x)


def in_control_flow(x, a):
    i = 0
    while i < np.ones(3).sum() and x > 0:
        i += 1
    kept = [v for v in a if v > 0 and v < np.ones(2).sum()]
    if x > 0 and (np.ones(2).sum() if x > 1 else np.zeros(1).sum()) > 0:
        i += 10
    s = 0.0
    for k in range(3):
        s += k if k < x < np.ones(3).sum() or np.zeros(2).sum() > x else -1
    return i, len(kept), s


def test_temporaries_in_skipped_operands():
    a = np.arange(-2.0, 4.0)
    f, g = njit(short_circuit), njit(in_control_flow)
    for x in (-1.0, 0.0, 1.0, 2.0, 3.0, 7.0, 20.0):
        got = f(x, a)
        assert_same(tuple(bool(v) for v in got), tuple(bool(v) for v in short_circuit(x, a)), msg=f"x={x}")
        assert_same(g(x, a), in_control_flow(x, a), msg=f"x={x}")
    empty = np.zeros(0)
    assert_same(tuple(bool(v) for v in f(1.0, empty)), tuple(bool(v) for v in short_circuit(1.0, empty)))
