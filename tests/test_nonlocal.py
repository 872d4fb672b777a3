"""`nonlocal` in inner functions (frontend/nonlocals.py), compared with Python: counters and
accumulators written by an inner function and read by the outer one (and the other way round),
lambdas reading a variable another inner function writes, nested functions, parameters as the
variable, arrays as its value, closures passed to other functions. Forms the rewrite cannot
express are located errors.
"""
import numpy as np
import pytest

from impl import COMPILE_ERRORS, njit

pytestmark = pytest.mark.numjit_only


def apply_each(f, a):
    for x in a:
        f(x)


def nonlocal_uses(a, k):
    count = 0
    best = -np.inf
    acc = np.zeros(2)

    def see(x):
        nonlocal count, best
        count += 1
        if x > best:
            best = x
        return count

    def add(v):
        nonlocal acc
        acc = acc + v                       # a new array each time: the cell holds it

    read_count = lambda: count * 10         # noqa: E731  (reads what see() writes)
    first = see(a[0]) if a.shape[0] else 0
    apply_each(see, a[1:])                  # the closure passed to another function
    count += k                              # the outer function writes it too
    add(1.5)
    add(best if a.shape[0] else 0.0)

    def outer():
        def inner():
            nonlocal count
            count += 100
        inner()
    outer()

    def bump_twice(n):                      # a parameter as the nonlocal variable
        def bump():
            nonlocal n
            n += 1
        bump()
        bump()
        return n
    return first, count, best, read_count(), acc, bump_twice(k)


def test_nonlocal_matches_python():
    cfunc = njit(nonlocal_uses)
    for a, k in [(np.array([3.0, -1.0, 7.5, 2.0]), 2), (np.array([np.nan, 1.0]), 0), (np.zeros(0), 5)]:
        got, want = cfunc(a, k), nonlocal_uses(a, k)
        assert got[:4] == want[:4] or (np.isnan(got[2]) and np.isnan(want[2]))
        np.testing.assert_array_equal(got[4], want[4])
        assert got[5] == want[5]


def assigned_in_a_branch(n):
    if n:
        c = 1
    else:
        c = 2

    def inc():
        nonlocal c
        c += 1
    inc()
    return c


def as_loop_variable(n):
    c = 0

    def inc():
        nonlocal c
        for c in range(n):
            pass
    inc()
    return c


@pytest.mark.parametrize("fn,words", [(assigned_in_a_branch, "plain 'c = ...' statement"),
                                      (as_loop_variable, "'for' loop variable")])
def test_unsupported_forms_are_located_errors(fn, words):
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(fn)(3)
    assert words in str(info.value) and "test_nonlocal.py" in str(info.value)
