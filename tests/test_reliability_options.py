"""Reliability of options: fastmath as a set of LLVM flags (as numba accepts), and
guvectorize(writable_args=...); never an option accepted and ignored.
"""
import math

import numpy as np
import pytest

from helpers import assert_same
from impl import IS_NUMBA, njit


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


# --------------------------------------------------------------------------
# guvectorize(writable_args=...): an input updated in place, even through a cast copy

def init_values(invals, outvals):
    invals[0] = 6.5
    outvals[0] = 4.2


def shift_in_place(a, s, out):
    for i in range(a.shape[0]):
        a[i] += s[0]
        out[i] = a[i] * 2


def test_guvectorize_writable_args():
    from impl import float64, impl_module
    guvectorize = impl_module.guvectorize
    eager = guvectorize([(float64[:], float64[:])], "()->()", writable_args=("invals",))(init_values)
    lazy = guvectorize("()->()", writable_args=(0,))(init_values)
    for dtype in (np.float64, np.float32, np.int64):        # float32, int64: NumPy passes a cast copy
        invals = np.zeros((3, 3), dtype)
        outvals = eager(invals)
        np.testing.assert_array_equal(invals, np.full((3, 3), 6.5).astype(dtype))
        np.testing.assert_array_equal(outvals, np.full((3, 3), 4.2))
    if not IS_NUMBA:                        # numba types a writable () input of a lazy gufunc as a scalar
        invals, outvals = np.zeros(4, np.float32), np.zeros(4)
        lazy(invals, outvals)
        np.testing.assert_array_equal(invals, np.full(4, 6.5, np.float32))
        np.testing.assert_array_equal(outvals, np.full(4, 4.2))

    shift = guvectorize([(float64[:], float64[:], float64[:])], "(n),()->(n)", writable_args=("a",))(shift_in_place)
    for a in (np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(2, 3).T, np.arange(6).reshape(3, 2)):
        want_a = a + 1.5
        want_out = (a + 1.5) * 2
        out = shift(a, 1.5)
        np.testing.assert_array_equal(a, want_a.astype(a.dtype))
        np.testing.assert_array_equal(out, want_out)


@pytest.mark.numjit_only
def test_guvectorize_writable_args_must_name_an_input():
    from impl import float64, impl_module
    guvectorize = impl_module.guvectorize
    for bad in (("outvals",), ("nothing",), (2,)):
        with pytest.raises(ValueError, match="writable_args"):
            guvectorize([(float64[:], float64[:])], "()->()", writable_args=bad)(init_values)
