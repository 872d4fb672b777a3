"""Checked loops lowered speculatively (numjit/lowering/speculate.py), compiled vs. interpreted.

A loop with a float division runs a block of iterations without the ZeroDivisionError check,
undoes the block's writes when a divisor was zero and runs the block again with the checks.
The results, the exception (type, message) and everything written before it must be what
plain Python gives: zeros at the first, last and block-boundary elements, -0.0, nan and inf
divisors, writes that overlap the reads, scalar variables seen by an `except`, other checks
(integer division, a math domain error) inside the fast loop.
"""
import math

import numpy as np
import pytest

from impl import IS_NUMBA, njit

if IS_NUMBA:
    BLOCK = 1024
else:
    from numjit.lowering.speculate import BLOCK     # the tests put zeros around its edges


class Floats:
    """A NumPy array read as Python scalars, so plain Python divides as Python does
    (a NumPy float64 scalar divided by zero gives inf, not ZeroDivisionError)."""

    def __init__(self, a):
        self.a = a
        self.shape = a.shape

    def __getitem__(self, index):
        value = self.a[index]
        return Floats(value) if isinstance(value, np.ndarray) else value.item()

    def __setitem__(self, index, value):
        self.a[index] = value

    def __len__(self):
        return len(self.a)


def outcome(fn, *args, python=False):
    """(exception type and message or None, return value, the arrays after the call)."""
    args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    try:
        ret = fn(*[Floats(a) if python and isinstance(a, np.ndarray) else a for a in args])
        exc = None
    except Exception as e:           # the exception is part of the outcome
        ret, exc = None, (type(e), str(e))
    return exc, ret, [a for a in args if isinstance(a, np.ndarray)]


def check_same(pyfunc, cfunc, *args, message=True):
    want, got = outcome(pyfunc, *args, python=True), outcome(cfunc, *args)
    assert got[0] == want[0] if message else (got[0] and got[0][0]) == (want[0] and want[0][0])
    if isinstance(want[1], float):
        assert got[1] == want[1] or (math.isnan(got[1]) and math.isnan(want[1]))
    else:
        assert got[1] == want[1]
    for g, w in zip(got[2], want[2]):
        np.testing.assert_array_equal(g, w)      # equal bits where values are equal; nan == nan
        np.testing.assert_array_equal(np.signbit(g), np.signbit(w))      # -0.0 stays -0.0
    if not IS_NUMBA:                             # the loop under test is the speculative one
        assert all("spec.fast" in cfunc.inspect_llvm(sig) for sig in cfunc.signatures)


def divide(result, a, b):
    for i in range(len(result)):
        result[i] = a[i] / (b[i] - 1.0)


def zero_positions(n):
    return [[], [0], [1], [BLOCK - 1], [BLOCK], [BLOCK + 1], [n - 1], [3, 700], [2 * BLOCK - 1, 5]]


def test_divide_raises_at_the_first_zero_like_python():
    cfunc = njit(divide)
    rng = np.random.default_rng(0)
    n = 3 * BLOCK + 17
    a = rng.standard_normal(n)
    for zeros in zero_positions(n):
        b = rng.random(n) + 1.5
        b[zeros] = 1.0
        check_same(divide, cfunc, np.full(n, 7.0), a, b)
    for n in (0, 1, 5):                          # empty and shorter than a block
        check_same(divide, cfunc, np.zeros(n), np.ones(n), np.full(n, 3.0))
        check_same(divide, cfunc, np.zeros(n), np.ones(n), np.ones(n))


def test_special_divisors():
    """-0.0 raises as 0.0 does; nan and inf divisors do not raise; signs of zero results kept."""
    cfunc = njit(divide)
    n = BLOCK + 3
    a = np.linspace(-3, 3, n)
    a[:4] = [0.0, -0.0, np.inf, np.nan]
    for special in (np.nan, np.inf, -np.inf, 1.0 - 0.0, 1.0 + 5e-324):
        b = np.full(n, 2.5)
        b[[0, 9, BLOCK]] = special
        check_same(divide, cfunc, np.zeros(n), a, b)
    b = np.full(n, 2.5)
    b[10] = 1.0
    check_same(divide, cfunc, np.zeros(n), -a, b)
    c = np.full(n, 1.0)                          # every divisor is 0.0 - 0.0 ... or -0.0
    check_same(divide, cfunc, np.zeros(n), a, c)


def float32_sigmoid(result, a, b):
    for i in range(len(result)):
        result[i] = 1 / (a[i] + math.exp(-b[i]))


def test_seed_kernel_float32():
    """The seed's nogil kernel: same values as the unchecked loop, ZeroDivisionError where a + exp(-b) == 0."""
    cfunc = njit(nogil=True)(float32_sigmoid)
    unchecked = njit(nogil=True, error_model="numpy")(float32_sigmoid)
    rng = np.random.default_rng(1)
    n = 2 * BLOCK + 100
    a = rng.random(n).astype(np.float32)
    b = rng.random(n).astype(np.float32)
    r1, r2 = np.empty(n, np.float32), np.empty(n, np.float32)
    cfunc(r1, a, b)
    unchecked(r2, a, b)
    np.testing.assert_array_equal(r1, r2)
    np.testing.assert_allclose(r1, 1 / (a + np.exp(-b)), rtol=2e-6)
    for at in (0, BLOCK + 7, n - 1):
        a2, b2 = a.copy(), b.copy()
        a2[at], b2[at] = -1.0, 0.0                # -1 + exp(0) == 0
        r = np.full(n, 5.0, np.float32)
        with pytest.raises(ZeroDivisionError):
            cfunc(r, a2, b2)
        np.testing.assert_array_equal(r[:at], r2[:at])     # float32 exp: same bits scalar and vector
        assert (r[at:] == 5.0).all()


def recurrence(a, b):
    for i in range(len(a) - 1):
        a[i + 1] = a[i] / b[i] + 1.0
    return a[-1]


def overlap_views(x, b):
    out, src = x[1:], x[:-1]
    for i in range(len(out)):
        out[i] = src[i] / b[i] - 0.5


def test_writes_that_overlap_reads():
    """In-place recurrences and overlapping views: undone in reverse order, rerun in Python's order."""
    c_rec, c_views = njit(recurrence), njit(overlap_views)
    rng = np.random.default_rng(2)
    n = 2 * BLOCK + 40
    for zeros in ([], [0], [BLOCK - 1], [BLOCK + 3], [n - 2]):
        b = rng.random(n) + 0.5
        b[zeros] = 0.0
        check_same(recurrence, c_rec, rng.random(n), b)
        check_same(overlap_views, c_views, rng.random(n + 1), b)


def scatter_add(r, idx, a, b):
    for i in range(len(idx)):
        j = idx[i]
        r[j] = r[j] + a[i] / b[i]
        r[-1 - j] -= 1.0


def test_repeated_scattered_writes():
    """Addresses the undo cannot recompute are logged; the same element written many times in
    one block gets its value from before the block back."""
    cfunc = njit(scatter_add)
    rng = np.random.default_rng(5)
    n = 2 * BLOCK + 11
    for zeros in ([], [0], [BLOCK - 1], [BLOCK + 5], [n - 1]):
        b = rng.random(n) + 0.5
        b[zeros] = 0.0
        check_same(scatter_add, cfunc, rng.random(60), rng.integers(-60, 60, n), rng.random(n), b)


def same_and_reversed(r, a, b, n):
    for i in range(n):
        r[0] = r[0] + a[i] / b[i]
        r[n - i] = r[n - 1 - i] * 0.5 + 1.0 / b[i]


def test_snapshot_of_recomputable_writes():
    """Writes whose addresses the undo recomputes (r[0] every iteration, r[n - i] backwards over
    elements read one iteration later) take their old values from a copy made before the block:
    a failed block still leaves every element as it was before the block."""
    cfunc = njit(same_and_reversed)
    rng = np.random.default_rng(6)
    n = 2 * BLOCK + 21
    for zeros in ([], [0], [BLOCK - 1], [BLOCK + 7], [n - 1]):
        b = rng.random(n) + 0.5
        b[zeros] = 0.0
        check_same(same_and_reversed, cfunc, rng.random(n + 1), rng.random(n), b, n)


def reduce_and_catch(a, b):
    s = 0.0
    m = -1.0
    i = -1
    try:
        for i in range(len(a)):
            t = a[i] / b[i]
            s += t
            if t > m:
                m = t
            a[i] = s
    except ZeroDivisionError:
        return s, m, i, -1.0
    return s, m, i, a[0]


def test_scalars_seen_by_except():
    """The loop variable, a sum and a conditional maximum are those of the failing iteration."""
    cfunc = njit(reduce_and_catch)
    rng = np.random.default_rng(3)
    n = 2 * BLOCK + 9
    for zeros in ([], [0], [BLOCK - 2], [BLOCK], [n - 1]):
        b = rng.random(n) + 0.25
        b[zeros] = -0.0
        check_same(reduce_and_catch, cfunc, rng.standard_normal(n), b)


def mixed_checks(r, a, b, k, d):
    for i in range(len(r)):
        r[i] = a[i] / b[i] + k[i] // d[i]


def call_raises(r, a, b, k):
    for i in range(len(r)):
        r[i] = a[i] / b[i] + math.factorial(k[i])


def bounds_checked(r, q, a, b, idx):
    for i in range(len(r)):
        r[i] = a[i] / b[i]
        q[i] = a[idx[i]] + 1.0


@pytest.mark.numjit_only
def test_other_checks_in_the_fast_loop():
    """An integer division by zero, a call that raises, an index out of bounds (boundscheck)
    in the block: the exception Python raises first, with the writes before it."""
    c_mixed, c_call = njit(mixed_checks), njit(call_raises)
    c_bounds = njit(boundscheck=True)(bounds_checked)
    n = 2 * BLOCK + 5
    a, k = np.arange(n, dtype=np.float64), np.arange(n, dtype=np.int64)
    for fzero, izero in ((None, 3), (BLOCK + 1, BLOCK + 4), (BLOCK + 4, BLOCK + 1), (7, None), (None, None)):
        b, d = np.full(n, 2.0), np.full(n, 3, np.int64)
        if fzero is not None:
            b[fzero] = 0.0
        if izero is not None:
            d[izero] = 0
        check_same(mixed_checks, c_mixed, np.zeros(n), a, b, k, d)
    for neg, zero in ((5, None), (BLOCK + 2, BLOCK), (BLOCK, BLOCK + 2), (None, n - 1), (6, 6)):
        k, b = np.arange(n, dtype=np.int64) % 5, np.full(n, 2.0)
        if neg is not None:
            k[neg] = -1
        if zero is not None:
            b[zero] = 0.0
        check_same(call_raises, c_call, np.zeros(n), a, b, k)
        idx = np.arange(n) % 7
        if neg is not None:
            idx[neg] = n + 2
        check_same(bounds_checked, c_bounds, np.zeros(n), np.zeros(n), a, b, idx, message=False)   # NumPy's wording differs


def grid(r, a, lo, hi):
    total = 0.0
    for i in range(r.shape[0]):
        for j in range(lo, hi):
            r[i, j] = a[i, j] / a[j % 3, i] + total
            total += 0.5
        else:
            total -= 1.0
    return total


def test_2d_negative_indexes_and_else():
    """Tuple indexes, a range starting below zero (negative indexes wrap), the for-else clause."""
    cfunc = njit(grid)
    rng = np.random.default_rng(4)
    a = rng.random((6, 700)) + 0.1
    a[1, 3] = 0.0
    for lo, hi in ((0, 700), (-600, 600), (5, 5), (-3, 2)):
        check_same(grid, cfunc, np.zeros((6, 700)), a, lo, hi)
        check_same(grid, cfunc, np.zeros((6, 700)), a + 1.0, lo, hi)
    check_same(grid, cfunc, np.zeros((6, 700)), a[:, ::-1], -700, 0)


@pytest.mark.numjit_only
def test_the_fast_loop_vectorises():
    """The seed kernel's checked loop is lowered speculatively and its fast loop is vectorised."""
    from numjit.backend import jit, loophints, vecmath
    cfunc = njit(nogil=True)(float32_sigmoid)
    r = np.ones(4, np.float32)
    cfunc(r, r, r)
    text = cfunc.inspect_llvm(cfunc.signatures[0])
    assert "spec.fast" in text
    optimized = str(jit.optimize(jit.parse(loophints.annotate(vecmath.annotate(text))), 3))
    assert "fdiv <" in optimized and "fcmp oeq <" in optimized
