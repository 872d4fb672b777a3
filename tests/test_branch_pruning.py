"""`is None` tests decided by the types (numba's dead-branch pruning), `is` between values, and
recursion whose base case sits in a conditional expression; compiled vs. interpreted.

A `None` default argument is typed `none`: the branch that would use it as a number must not be
typed, and code after an `if b is None: return ...` is dead when b is None.
"""
import numpy as np
import pytest

from helpers import assert_same
from impl import COMPILE_ERRORS, impl_module, njit

prange = impl_module.prange


def check(pyfunc, *argsets):
    cfunc = njit(pyfunc)
    for args in argsets:
        assert_same(cfunc(*args), pyfunc(*args), msg=f"{pyfunc.__name__}{args!r}")
    return cfunc


# --------------------------------------------------------------------------
# None defaults and `is None` / `is not None`

def add_optional(a, b=None):
    if b is None:
        return a
    return a + b


def add_optional_else(a, b=None):
    if b is not None:
        r = a + b
    else:
        r = a * 10
    return r


def add_optional_ifexp(a, b=None):
    return a if b is None else a + b


def add_optional_not(a, b=None):
    if not (b is None):
        return a + b
    return -a


def none_first(a, b=None):
    if None is b:
        return a
    return a - b


def optional_and(a, b=None):
    if b is not None and b > 0:
        return a + b
    return a


def optional_or(a, b=None):
    if b is None or b < 0:
        return a
    return a * b


def rebind_default(a, b=None):
    if b is None:
        b = 7
    return a + b


def two_optionals(a, lo=None, hi=None):
    if lo is not None:
        a = max(a, lo)
    if hi is not None:
        a = min(a, hi)
    return a


def none_in_loop(n, step=None):
    s = 0
    for i in range(n):
        if step is None:
            continue
        s += i * step
    return s


def none_break(n, limit=None):
    s = 0
    for i in range(n):
        if limit is None:
            break
        s += limit
    return s


@pytest.mark.parametrize("pyfunc", [add_optional, add_optional_else, add_optional_ifexp,
                                    add_optional_not, none_first, optional_and, optional_or,
                                    rebind_default])
def test_none_default(pyfunc):
    check(pyfunc, (3,), (3, 4), (3, -4), (2.5,), (2.5, 0.5))


def test_none_default_keyword():
    cfunc = njit(add_optional)
    assert cfunc(3, b=4) == 7 and cfunc(3, b=None) == 3 and cfunc(3, None) == 3


def test_none_default_from_caller():
    inner = njit(add_optional)

    def outer(x):
        return inner(x) + inner(x, 10) + inner(x, b=None)
    check(outer, (5,), (-1,))


def test_two_optionals():
    check(two_optionals, (5,), (5, 7), (5, None, 3), (5, 1, 3), (5.5, 6.0, 9.0))


def test_none_in_loops():
    check(none_in_loop, (5,), (5, 2), (0, 3))
    check(none_break, (5,), (5, 2), (0, 3))


def test_none_argument_variable_typing():
    def f(x, y):
        z = y
        if z is None:
            return x
        return x + z
    check(f, (1, None), (1, 2), (1.5, 2))


def test_is_none_on_values():
    def f(a):
        return a is None, a is not None, None is None, None is not None
    check(f, (1,), (2.5,), (None,), (True,))


def test_is_between_bools():
    def f(a, b):
        return a is b, a is not b, a is True, a is not False
    check(f, (True, True), (True, False), (False, False), (False, True))


def test_pruned_branch_still_checked_when_live():
    def f(a, b=None):
        if b is None:
            return a
        return a + b
    cfunc = njit(f)
    with pytest.raises(COMPILE_ERRORS):
        cfunc(1, (1, 2))          # the live branch: int + tuple does not type


def test_runtime_condition_not_pruned():
    def f(a, b):
        if a > 0:
            return a + b
        return b
    check(f, (1, 2), (-1, 2))


# --------------------------------------------------------------------------
# recursion with the base case in a conditional expression

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


def fact_else_first(n):
    return n * fact_else_first(n - 1) if n > 1 else 1


# numba calls only jitted functions, so there the recursive callee must be decorated itself;
# numjit compiles plain-Python callees too
@pytest.mark.numjit_only
def test_recursive_ifexp():
    check(fib, (0,), (1,), (10,), (15,))
    check(fact, (0,), (1,), (10,))
    check(fact_else_first, (0,), (1,), (12,))


@pytest.mark.numjit_only
def test_recursive_ifexp_float_promotes():
    def halve(x, n):
        return x if n == 0 else halve(x, n - 1) / 2
    check(halve, (8, 3), (8.0, 0), (3, 2))


# --------------------------------------------------------------------------
# optional array arguments, in loops and prange bodies

def weighted_sum(a, w=None):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] if w is None else a[i] * w[i]
    return s


def scaled_copy(a, scale=None):
    out = np.empty_like(a)
    for i in prange(a.shape[0]):
        if scale is None:
            out[i] = a[i]
        else:
            t = a[i] * scale
            out[i] = t
    return out


def test_optional_array_argument():
    a = np.arange(5.0)
    check(weighted_sum, (a,), (a, np.full(5, 2.0)), (a, None))


def test_pruned_branch_in_prange():
    a = np.arange(6.0)
    cfunc = njit(parallel=True)(scaled_copy)
    for args in ((a,), (a, 2.0), (a, 3)):
        np.testing.assert_array_equal(cfunc(*args), scaled_copy(*args))
