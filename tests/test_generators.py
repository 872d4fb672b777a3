"""Generator functions (`yield`) iterated by `for` loops in compiled code, compared with Python:
early break, continue, for/else, return inside the generator, nested and chained generators,
arrays made in the generator (leak check), exceptions raised inside it; bad uses are located errors.
"""
import numpy as np
import pytest

from impl import COMPILE_ERRORS, impl_module, njit

prange = impl_module.prange

# numba compiles few of these forms (typed except clauses, finally, closures over arrays, ...)
pytestmark = pytest.mark.numjit_only


def countdown(n):
    while n > 0:
        yield n
        n -= 1


def evens_upto(n, stop_at):
    for i in range(n):
        if i == stop_at:
            return
        if i % 2 == 0:
            yield i


def windows(a, k):
    for i in range(a.shape[0] - k + 1):
        yield a[i:i + k].sum(), np.arange(k) * 1.0          # an array made per item


def pairs(n):
    for i in countdown(n):                                   # a generator iterating another
        for j in evens_upto(i, 100):
            yield i, j


def checked_doubles(a):
    for x in a:
        if x < 0:
            raise ValueError("negative item")
        yield x * 2


def consumer(n, a, stop):
    total = 0.0
    for v in countdown(n):
        if v == stop:
            break
        if v % 3 == 0:
            continue
        total += v
    else:
        total += 1000
    for e in evens_upto(n, stop):
        total += e * 10
    for s, arr in windows(a, 2):
        total += s + arr.sum()
    for i, j in pairs(3):
        total += i * 100 + j
    try:
        for x in checked_doubles(a):
            total += x
    except ValueError:
        total = -total
    return total


def test_generators_in_for_loops():
    cfunc = njit(consumer)
    for args in [(5, np.arange(4.0), 2), (6, np.array([1.0, -2.0, 3.0]), 0), (0, np.zeros(1), 9)]:
        assert cfunc(*args) == consumer(*args), args


def early_return(n):
    for v in countdown(n):
        if v == 2:
            return v * 100
    return -1


def test_return_from_inside_the_generator_loop():
    cfunc = njit(early_return)
    for n in (0, 1, 5):
        assert cfunc(n) == early_return(n)


def called_directly(n):
    return countdown(n)


def consumed_by_sum(n):
    return sum(countdown(n))


def in_comprehension(n):
    return [v for v in countdown(n)]


def in_enumerate(n):
    for i, v in enumerate(countdown(n)):
        return i
    return 0


def yields_in_try(n):
    try:
        yield n
    finally:
        pass


def iterates_yields_in_try(n):
    for v in yields_in_try(n):
        return v
    return 0


def test_uses_outside_a_for_and_yields_in_try_make_generator_objects():   # (test_generator_objects.py)
    for fn in (consumed_by_sum, in_comprehension, in_enumerate, iterates_yields_in_try):
        assert njit(fn)(3) == fn(3)
    assert list(njit(called_directly)(3)) == list(called_directly(3))


def yields_in_finally(n):
    try:
        n = 1 // n
    finally:
        yield n


def iterates_yields_in_finally(n):
    for v in yields_in_finally(n):
        return v
    return 0


def prange_yields(n):
    for i in prange(n):
        yield i


def iterates_prange_yields(n):
    for v in prange_yields(n):
        return v
    return 0


@pytest.mark.parametrize("fn,words", [(iterates_yields_in_finally, "inside a 'finally'"),
                                      (iterates_prange_yields, "prange")])
def test_yield_in_try_or_prange_is_an_error(fn, words):
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(parallel=True)(fn)(3)
    assert words in str(info.value)


def items_of(a):
    for i in range(a.shape[0]):
        yield a[i]


def over_a_made_array(n):
    out = 0.0
    for v in items_of(np.arange(n) * 2.0):     # the argument is made for the loop: it must outlive it
        scratch = np.full(n, -1.0)             # allocations reuse freed memory: a freed argument shows
        out += v + scratch[0]
    return out


def test_an_argument_made_for_the_loop_lives_as_long_as_the_loop():
    cfunc = njit(over_a_made_array)
    for n in (1, 8, 40):
        assert cfunc(n) == over_a_made_array(n)


def returns_inside_try(n, log):
    for i in range(n):
        yield i
    try:
        if n > 2:
            return
        log[1] = 5
    finally:
        log[0] += 1


def sums_returns_inside_try(n, log):
    s = 0
    for x in returns_inside_try(n, log):
        s += x
    return s


def test_return_inside_try_runs_the_finally():
    cfunc, cgen = njit(sums_returns_inside_try), njit(returns_inside_try)
    for n in (1, 4):
        logs = np.zeros(2), np.zeros(2)
        assert cfunc(n, logs[0]) == sums_returns_inside_try(n, logs[1])
        assert list(cgen(n, logs[0])) == list(returns_inside_try(n, logs[1]))   # (a generator object)
        np.testing.assert_array_equal(*logs)


def scaled(n, k=2):
    for i in range(n):
        yield i * k


def defaults_and_keywords(n):
    s = 0
    for x in scaled(n):                     # a default and a keyword: a generator object iterates
        s += x
    for x in scaled(n, k=5):
        s += x * 100
    return s


def test_generator_defaults_and_keywords():
    assert njit(defaults_and_keywords)(4) == defaults_and_keywords(4)
    assert list(njit(scaled)(3)) == list(scaled(3)) and list(njit(scaled)(n=2, k=7)) == list(scaled(n=2, k=7))
