"""Reliability of allocation: sizes that overflow raise what NumPy/Python raise (never an
array claiming more elements than its buffer holds, never a crash), and a failed allocation
raises MemoryError; compiled vs. interpreted on the same sizes.
"""
import numpy as np
import pytest
from impl import njit


def creations(which, n):
    if which == 0:
        return np.empty(n).size
    if which == 1:
        return np.empty((n, 2)).size
    if which == 2:
        return np.zeros((n, n)).size
    if which == 3:
        return np.ones(n, np.int8).size
    if which == 4:
        return np.arange(n).size
    if which == 5:
        return np.full((n, 3), 2.0).size
    if which == 6:
        return np.empty((0, n, 4)).size
    return np.zeros((n, 0)).size


def reshaped(n):
    return np.zeros(0).reshape(n, 4).size


def lists(which, n):
    if which == 0:
        return len([1.0] * n)
    xs = [1.0] * n
    xs.append(2.0)
    return len(xs)


def outcome(fn, *args):
    try:
        return "ok", fn(*args)
    except (ValueError, MemoryError) as exc:
        return type(exc).__name__, str(exc).rstrip(".")


@pytest.mark.numjit_only      # numba does not check every size for overflow
def test_array_sizes_that_overflow():
    cfunc = njit(creations)
    for n, which in [(n, w) for n in (2**61, 2**62, 2**52, 5, 0) for w in range(8)] + [(2**32, 2)]:
        want = outcome(creations, which, n)
        if want[0] == "MemoryError":          # NumPy's message names the size; the type is what matters
            assert outcome(cfunc, which, n)[0] == "MemoryError", (which, n)
        else:
            assert outcome(cfunc, which, n) == want, (which, n)


def test_list_sizes_that_overflow():
    cfunc = njit(lists)
    for n in (2**61, 2**60, 2**52, -3, 0, 4):
        for which in (0, 1):
            want = outcome(lists, which, n)
            assert outcome(cfunc, which, n)[0] == want[0], (which, n)
            if want[0] == "ok":
                assert cfunc(which, n) == want[1]


def test_reshape_to_a_shape_that_overflows():
    cfunc = njit(reshaped)
    for n in (2**62, 2**61 + 1, 0):
        want = outcome(reshaped, n)
        assert outcome(cfunc, n)[0] == want[0], n
        if want[0] == "ok":
            assert cfunc(n) == want[1]
