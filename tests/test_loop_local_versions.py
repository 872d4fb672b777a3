"""A variable that each loop iteration assigns before reading it, and that nothing after the loop
reads, gets one version per assignment (as numba's SSA does), so it may hold an array in one
assignment and a typed list in the next; a variable whose value crosses iterations (or leaves the
loop) keeps one type, and mixing types there is a located TypingError."""
import numpy as np
import pytest

import numjit
from numjit import typed, types
from numjit.errors import TypingError


def array_then_list(a, n):
    total = 0.0
    count = 0
    for i in range(n):
        x = a * i                      # an array...
        total += x.sum()
        if i % 2 == 0:
            continue
        x = typed.List.empty_list(types.float64)   # ...then a typed list, in the same iteration
        for v in a:
            x.append(v + i)
        total += x[len(x) - 1]
        j = 0
        while j < 2:                   # nested: `y` is an int, then a tuple, in each iteration
            y = j * 2
            total += y
            y = (j, 1.5)
            total += y[1]
            j += 1
        count += len(x)
    k = 0
    while k < n:
        x = np.ones(k + 1)             # a while loop too, and `x` reused after the first loop
        total += x.sum()
        x = k * 0.5
        total += x
        k += 1
    return total, count


def carried(a, n):
    x = a[:1].copy()                   # read at the top of each iteration: one version, one type
    for i in range(n):
        x = x + a[i % a.size]
    return x


@pytest.mark.parametrize("a", [np.arange(5.0), np.linspace(-1, 1, 7)[::2], np.array([np.nan, np.inf, 0.5]),
                               np.empty(0)])
def test_loop_local_versions_match_python(a):
    f = numjit.njit(array_then_list)
    for n in (0, 1, 4):
        if a.size == 0 and n > 1:
            continue                   # x[len(x) - 1] of an empty list: IndexError in both
        assert np.allclose(f(a, n), array_then_list(a, n), equal_nan=True)
    g = numjit.njit(carried)
    if a.size:
        np.testing.assert_allclose(g(a, 3), carried(a, 3))


def read_after_loop(n):
    for i in range(n):
        x = np.zeros(2)
        x = typed.List.empty_list(types.float64)
    return x


def read_before_assignment(n):
    x = np.zeros(2)
    for i in range(n):
        s = len(x)
        x = typed.List.empty_list(types.float64)
    return s


def read_after_outer_loop(n):
    for j in range(n):
        for i in range(n):
            x = np.zeros(2)
            x = typed.List.empty_list(types.float64)
        break                          # leaves the outer loop, where `x` is read
    return x


@pytest.mark.parametrize("fn", [read_after_loop, read_before_assignment, read_after_outer_loop])
def test_value_crossing_iterations_keeps_one_type(fn):
    with pytest.raises(TypingError, match="cannot unify the types of variable 'x'"):
        numjit.njit(fn)(3)
