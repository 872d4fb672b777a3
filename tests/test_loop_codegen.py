"""Loops and index arithmetic in the forms LLVM optimises, compiled vs. interpreted.

A `range` with step 1 or -1 counts its items directly, and the `+ - *` that
compute an array index assume no signed overflow (numba's rule), so that LLVM
drops the negative-index checks of `a[i - 1]` and vectorises stencils.  These
tests pin the semantics that must survive: ranges at the ends of int64, the
loop variable rebound in the body, negative indexes made by arithmetic still
wrap, and `boundscheck=True` still raises.
"""
import numpy as np
import pytest

from helpers import LAYOUTS, assert_same, make_array
from impl import jit, njit

INT64_MIN, INT64_MAX = -2**63, 2**63 - 1


def check(pyfunc, *argsets):
    cfunc = njit(pyfunc)
    for args in argsets:
        want = pyfunc(*args)
        got = cfunc(*args)
        if isinstance(want, np.ndarray):
            np.testing.assert_array_equal(got, want)
        else:
            assert_same(got, want, msg=f"{pyfunc.__name__}{args!r}")


# --------------------------------------------------------------------------
# ranges of step 1 and -1

def up_first_last_count(a, b):
    first, last, count = -1, -1, 0
    for i in range(a, b):
        if count == 0:
            first = i
        last = i
        count += 1
    return first, last, count


def down_first_last_count(a, b):
    first, last, count = -1, -1, 0
    for i in range(a, b, -1):
        if count == 0:
            first = i
        last = i
        count += 1
    return first, last, count


ENDS = [(0, 5), (5, 0), (3, 3), (-4, 3), (INT64_MAX - 3, INT64_MAX), (INT64_MIN, INT64_MIN + 3),
        (INT64_MIN + 3, INT64_MIN), (INT64_MAX, INT64_MAX - 3)]


@pytest.mark.parametrize("a,b", ENDS)
def test_unit_step_ranges_at_int64_ends(a, b):
    check(up_first_last_count, (a, b))
    check(down_first_last_count, (a, b))


def rebind_loop_variable(n):
    s = 0
    for i in range(n):
        i = i * 10 + 1          # the next item is still the range's
        s += i
    return s, i


def stop_evaluated_once(n):
    s = 0
    for i in range(n):
        n -= 1
        s += i
    return s, n


def break_continue_else(n, stop_at):
    s = 0
    for i in range(n, -1, -1):
        if i % 3 == 0:
            continue
        if i == stop_at:
            break
        s += i
    else:
        s = -s
    return s


def small_int_range(n):
    s = 0
    for i in range(n, 0, -1):
        s += i
    return s


def test_loop_variable_rebound_in_body():
    check(rebind_loop_variable, (1,), (7,))


def test_range_stop_evaluated_once():
    check(stop_evaluated_once, (0,), (6,))


def test_break_continue_else_counting_down():
    check(break_continue_else, (10, 4), (10, 100), (0, 0), (-3, 0))


def test_unit_step_ranges_of_small_ints():
    check(small_int_range, (np.int8(100),), (np.int16(300),), (np.int32(-5),), (np.uint8(200),))


# --------------------------------------------------------------------------
# index arithmetic

def neighbours(a, out):
    n = a.shape[0]
    for i in range(n):
        out[i] = a[i - 1] + 2 * a[i + 1 - n] + 3 * a[2 * i - n]     # negative indexes wrap
    return out


def neighbours_in_variables(a, out):
    n = a.shape[0]
    for i in range(n - 1, -1, -1):
        im = i - 1
        ip = i + 1 - n
        out[i] = a[im] - a[ip]
    return out


def stencil(u, v):
    rows, cols = u.shape
    for i in range(1, rows - 1):
        for j in range(1, cols - 1):
            v[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
    return v


@pytest.mark.parametrize("layout", LAYOUTS)
def test_index_arithmetic_wraps_negative_indexes(layout):
    a = make_array((9,), np.float64, layout)
    check(neighbours, (a, np.zeros(9)))
    check(neighbours_in_variables, (a, np.zeros(9)))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_stencil_matches_numpy(layout):
    u = make_array((7, 11), np.float64, layout)
    v = np.zeros((7, 11))
    got = njit(stencil)(u, v.copy())
    want = v.copy()
    want[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])
    np.testing.assert_allclose(got, want, rtol=1e-15)


def read_next(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i + 1]
    return s


def read_far_back(a, k):
    return a[k - a.shape[0] - 1]


def test_boundscheck_sees_index_arithmetic():
    a = np.arange(5.0)
    with pytest.raises(IndexError):
        jit(nopython=True, boundscheck=True)(read_next)(a)
    checked = jit(nopython=True, boundscheck=True)(read_far_back)
    with pytest.raises(IndexError):
        checked(a, 0)
    assert checked(a, 1) == read_far_back(a, 1)


@pytest.mark.numjit_only
def test_stencil_loop_is_vectorised():
    from numjit.pipeline import compile_function
    from numjit.types import float64
    result = compile_function(stencil, (float64[:, ::1], float64[:, ::1]), {}, keep_asm=True)
    assert "vector.body" in result.library.optimized_ir
