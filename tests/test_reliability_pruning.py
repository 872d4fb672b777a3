"""Reliability: variables assigned only in code that never runs, and branches decided at
compile time; compiled vs. interpreted on the same inputs.

Found by random programs: a variable assigned only inside a branch that can never run
(`if False:`, the `else` of `if True:`, `elif 1:`), nested in another `if`, or assigned after a
`continue`/`break`/`return` in a loop inside an `if`, or a list comprehension in such a loop,
made the compiler fail on valid code.
"""
import re

import numpy as np

import pytest

from helpers import assert_same
from impl import COMPILE_ERRORS, njit


def check(pyfunc, *argsets):
    cfunc = njit(pyfunc)
    for args in argsets:
        assert_same(cfunc(*args), pyfunc(*args), msg=f"{pyfunc.__name__}{args!r}")
    return cfunc


# --------------------------------------------------------------------------
# assigned only in a never-running nested branch

def nested_dead_branches(x):
    s = 0
    if x > 0:
        if False:
            y = 1           # noqa: F841
        s += 1
    if x > 1:
        if True:
            s += 2
        else:
            z = 1           # noqa: F841
    if x > 2:
        if x > 10:
            s += 4
        elif 1:
            s += 8
        else:
            w = 2           # noqa: F841
    for j in range(3):      # the same inside a loop
        if j > 0:
            if 0:
                v = 1.5     # noqa: F841
            else:
                s += j
    return s


def dead_then_live(x, b=None):
    if x > 0:
        if b is not None:   # pruned when b is None: y$ from it is never typed
            y = x + b
        else:
            y = 2.5
    else:
        y = 1.0
    if x > 1:
        if b is not None:
            t = x * b       # noqa: F841
        for k in range(2):
            t = k           # noqa: F841
    return y


def test_nested_dead_branches():
    check(nested_dead_branches, (-1,), (1,), (2,), (3,), (11,))
    check(dead_then_live, (-1,), (1,), (3,))
    check(dead_then_live, (-1, 2), (1, 2), (3, 2))


# --------------------------------------------------------------------------
# unreachable code after continue/break/return in a loop inside an if; comprehensions there

def unreachable_in_loops(x):
    s = 0
    if x > 0:
        for k in range(3):
            s += k
            continue
            y = 1           # noqa: F841
        for k in range(3):
            s += 10
            break
            z = 2           # noqa: F841
        while s < 100:
            s += 7
            if s > 50:
                break
                q = 3       # noqa: F841
    return s


def returns_in_loop(x):
    if x > 0:
        for k in range(3):
            if k == x:
                return k * 100
                y = 1       # noqa: F841
    return x


def comprehension_in_loop(x):
    s = 0
    if x > 0:
        for k in range(4):
            z = [i * k for i in range(k)]
            for i2 in [j + 1 for j in z]:
                s += i2
    return s


def test_unreachable_code_in_loops():
    check(unreachable_in_loops, (-1,), (1,))
    check(returns_in_loop, (-1,), (1,), (5,))
    check(comprehension_in_loop, (-1,), (2,))


def read_only_dead_assignment(x):
    if x > 0:
        if False:
            y = 1
    return y                # noqa: F821


@pytest.mark.numjit_only
def test_read_of_dead_assignment_is_located():
    # Python raises UnboundLocalError on every call; numjit refuses it at compile time, at the read
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(read_only_dead_assignment)(1)
    message = str(info.value)
    assert "'y'" in message and "never runs" in message
    assert re.search(r"return y", message), message


# --------------------------------------------------------------------------
# tests on compile-time constants: ndim, len of a tuple, isinstance, literals and globals

DEBUG_FLAG = False
LIMIT = 3


def dimension_generic(a, t):
    if a.ndim == 2:
        last = a.shape[1]
    elif a.ndim >= 3 and a.ndim != 4:
        last = a.shape[2]
    else:
        last = a.shape[0]
    inner = a.shape[1] if a.ndim > 1 else -1
    if len(t) > 2:
        third = t[2]
    else:
        third = t[0]
    if DEBUG_FLAG:
        third = t[5]        # not typed: the global is False
    if not (LIMIT < 2 or -a.ndim > 0):
        third += 100
    return last, inner, third


def test_dimension_generic_code():
    f = njit(dimension_generic)
    for shape in ((5,), (2, 4), (2, 3, 7), (0,)):
        a = np.zeros(shape)
        for t in ((1, 2), (1, 2, 3)):
            assert_same(f(a, t), dimension_generic(a, t), msg=f"{shape} {t}")


def shape_out_of_range(a):
    return a.shape[1]


@pytest.mark.numjit_only
def test_shape_index_out_of_range_is_a_located_typing_error():
    from impl import TypingError
    with pytest.raises(TypingError) as info:
        njit(shape_out_of_range)(np.zeros(3))
    message = str(info.value)
    assert "out of range" in message and "1-d array" in message and "a.shape[1]" in message, message


def by_type(x):
    if isinstance(x, int):
        r = x * 2
    else:
        r = -1
    if isinstance(x, (float, complex)):
        return r, x + 1
    elif not isinstance(x, np.ndarray):
        return r, 0
    return r, 1


@pytest.mark.numjit_only      # numba does not type isinstance on every one of these argument types
def test_isinstance_prunes_the_dead_branch():
    f = njit(by_type)
    for x in (3, 2.5, True, 1 + 2j):
        assert_same(f(x), by_type(x), msg=repr(x))
        got, want = f(x), by_type(x)
        assert type(got[0]) is type(want[0]), (x, got, want)   # -1, not -1.0


_RAISE_HERE = True
_TAKE_FIRST = 1


def live_branch_raises(x0, x1):
    # the live branch of a pruned `if` always raises, so the code after it is dead and may read a
    # parameter reassigned only in the pruned branch (fuzz 30-1895: was "variable 'x0' is read
    # here but assigned only in code that never runs")
    if _TAKE_FIRST:
        if _RAISE_HERE:
            raise ValueError("fuzz")
        x1 = x1 + x0                # dead too: after the pruned if that raises
    else:
        x0 = x0 * 1.5
    y = x0
    return y + x1


def test_code_after_a_live_branch_that_raises_is_dead():
    for x in (0, 3):
        with pytest.raises(ValueError, match="fuzz"):
            live_branch_raises(x, 1)
        with pytest.raises(ValueError, match="fuzz"):
            njit(live_branch_raises)(x, 1)


# --------------------------------------------------------------------------
# `while False:` / `while 0:` never run their body (pruned as `if False:`), `while True:` its else

def dead_while_loops(x, a, b=None):
    s = x
    while False:
        s = "never"         # another type: would not unify with int64
        y = 1.5             # noqa: F841
    while 0:
        s += a.shape[2]     # typed only for 3-d arrays
    else:
        s += a.shape[0]
    for i in range(3):
        while a.ndim == 3:
            s += a.shape[2]
        else:
            if i == 1:
                continue
            s += i
    n = 0
    while b is None:        # decided True: no test; its else never runs
        n += 1
        if n > x:
            break
    else:
        n = "never"
    return s, n


def dead_while_returns(x):
    while not True:
        x = "never"
    else:
        return x * 2
    return "unreachable"    # dead: the live else returns


def test_while_false_is_pruned():
    a1, a2 = np.arange(4.0), np.ones((2, 3))
    check(dead_while_loops, (3, a1), (-1, a2), (0, a1[::2]))
    check(dead_while_returns, (3,), (-2,))
