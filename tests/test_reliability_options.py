"""Reliability of options: fastmath as a set of LLVM flags (as numba accepts), and
guvectorize(writable_args=...); never an option accepted and ignored.
"""
import math

import numpy as np
import pytest

from helpers import assert_same
from impl import njit


def sum_sqrt(a):
    s = 0.0
    for v in a:
        s += v * 2.0 + math.sqrt(v)
    return s


def fadd_flags(cfunc):
    """The flags on the fadd instructions of cfunc's LLVM IR (its only signature)."""
    (text,) = cfunc.inspect_llvm().values()
    return {tuple(line.split("fadd", 1)[1].split()[:-3]) for line in text.splitlines() if " fadd " in line}


@pytest.mark.numjit_only        # the flags' spelling in the IR text
def test_fastmath_flag_sets_are_honoured():
    a = np.linspace(0.0, 3.0, 101)
    cases = {frozenset({"reassoc", "nsz", "contract", "arcp", "afn"}): ("afn", "arcp", "contract", "nsz", "reassoc"),
             frozenset({"nnan"}): ("nnan",), True: ("fast",), False: ()}
    for option, flags in cases.items():
        cfunc = njit(fastmath=set(option) if isinstance(option, frozenset) else option)(sum_sqrt)
        assert_same(cfunc(a), sum_sqrt(a), rtol=1e-12)
        assert fadd_flags(cfunc) == {flags}, option


@pytest.mark.numjit_only
def test_unknown_fastmath_flag_is_refused():
    with pytest.raises(ValueError, match="bogus"):
        njit(fastmath={"nsz", "bogus"})(sum_sqrt)
