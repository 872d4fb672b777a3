"""Control flow, compiled vs. interpreted.

if/elif/else, while (break/continue/else), for over range (1-3 arguments,
negative steps, zero trips), enumerate, zip, reversed, arrays and tuples;
nested loops, early return, tuples, unpacking and swaps, recursion, calls to
jitted and to plain functions, globals and closures as compile-time
constants.  Every case runs the same function as Python and compiled.
"""
import threading

import numpy as np
import pytest

from helpers import LAYOUTS, assert_same, make_array
from impl import COMPILE_ERRORS, njit


def check(pyfunc, *argsets, rtol=0.0):
    """Compile `pyfunc` once and compare it with Python on each argument tuple."""
    cfunc = njit(pyfunc)
    for args in argsets:
        want = pyfunc(*args)
        got = cfunc(*args)
        if isinstance(want, np.ndarray):
            np.testing.assert_allclose(got, want, rtol=rtol)
        else:
            assert_same(got, want, rtol=rtol, msg=f"{pyfunc.__name__}{args!r}")
    return cfunc


# --------------------------------------------------------------------------
# if / elif / else

def sign(x):
    if x > 0:
        return 1
    elif x < 0:
        return -1
    else:
        return 0


def classify(x):
    if x < -10:
        r = 0
    elif x < 0:
        r = 1
    elif x == 0:
        r = 2
    elif x < 10:
        r = 3
    else:
        r = 4
    return r


def nested_if(a, b):
    if a > 0:
        if b > 0:
            return a + b
        else:
            if b == 0:
                return a
            return a - b
    elif b > 0:
        return b * 2
    return 0


def if_without_else(x):
    y = x
    if x < 0:
        y = -x
    return y


def if_truthiness(x):
    if x:
        return 1
    return 0


@pytest.mark.parametrize("fn", [sign, classify, if_without_else], ids=lambda f: f.__name__)
def test_if_elif_else(fn):
    check(fn, *[(x,) for x in (-20, -10, -3, 0, 5, 10, 99)])
    check(fn, *[(x,) for x in (-20.5, -0.5, 0.0, -0.0, 9.5, 10.0, np.inf)])


def test_nested_if():
    check(nested_if, *[(a, b) for a in (-2, 0, 3) for b in (-1, 0, 4)])


def test_if_truthiness():
    check(if_truthiness, (0,), (7,), (-1,), (0.0,), (0.5,), (True,), (False,), (0j,), (1j,),
          (np.int8(0),), (np.float32(0.25),))


# --------------------------------------------------------------------------
# while

def collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def while_break_continue(n):
    i = 0
    total = 0
    while True:
        i += 1
        if i > n:
            break
        if i % 3 == 0:
            continue
        total += i
    return total, i


def while_else_smallest_divisor(n):
    d = 2
    while d * d <= n:
        if n % d == 0:
            break
        d += 1
    else:
        d = n
    return d


def while_zero_trip(n):
    count = 0
    while n < 0:
        count += 1
        n += 1
    return count


def while_float_condition(x):
    steps = 0
    while x > 1.0:
        x /= 2.0
        steps += 1
    return steps, x


def test_while():
    check(collatz_steps, (1,), (6,), (27,), (97,))


def test_while_break_continue():
    check(while_break_continue, (0,), (1,), (7,), (30,))


def test_while_else():
    check(while_else_smallest_divisor, (2,), (9,), (13,), (91,), (97,), (1,))


def test_while_zero_trip():
    check(while_zero_trip, (5,), (0,), (-4,))


def test_while_float():
    check(while_float_condition, (0.5,), (1.0,), (1000.0,), (3.75,))


# --------------------------------------------------------------------------
# for over range

def range1(n):
    s = 0
    count = 0
    for i in range(n):
        s += i * i
        count += 1
    return s, count


def range2(a, b):
    s = 0
    count = 0
    for i in range(a, b):
        s = s * 3 + i
        count += 1
    return s, count


def range3(a, b, c):
    s = 0
    count = 0
    for i in range(a, b, c):
        s = s * 3 + i
        count += 1
    return s, count


def range_last(a, b, c):
    last = -999
    for i in range(a, b, c):
        last = i
    return last


def range_len(a, b, c):
    return len(range(a, b, c))


def range_step_zero(n):
    s = 0
    for i in range(0, 10, n):
        s += i
    return s


@pytest.mark.parametrize("n", [0, 1, 5, 17, -3])
def test_range_one_arg(n):
    check(range1, (n,))


@pytest.mark.parametrize("a,b", [(0, 5), (3, 9), (-4, 3), (5, 5), (7, 2), (-10, -3)])
def test_range_two_args(a, b):
    check(range2, (a, b))


RANGE3 = [(0, 10, 1), (0, 10, 3), (1, 11, 5), (10, 0, -1), (10, 0, -3), (-5, 5, 2),
          (5, -5, -2), (0, 0, 1), (5, 0, 1), (0, 5, -1), (3, 4, 100), (-1, -20, -7),
          (0, 2**40, 2**38)]


@pytest.mark.parametrize("a,b,c", RANGE3)
def test_range_three_args(a, b, c):
    check(range3, (a, b, c))
    check(range_last, (a, b, c))


def test_range_len():
    check(range_len, *RANGE3)


def test_range_step_zero_raises_value_error():
    cfunc = njit(range_step_zero)
    with pytest.raises(ValueError):
        range_step_zero(0)
    with pytest.raises(ValueError):
        cfunc(0)
    assert cfunc(3) == range_step_zero(3)


def range_with_int8(n):
    s = 0
    for i in range(n):
        s += i
    return s


def test_range_of_small_int_types():
    check(range_with_int8, (np.int8(100),), (np.int16(300),), (np.uint8(255),), (np.uint64(10),))


# --------------------------------------------------------------------------
# enumerate, zip, reversed

def enumerate_array(a):
    s = 0.0
    for i, x in enumerate(a):
        s += i * x
    return s


def enumerate_start(a):
    s = 0
    for i, x in enumerate(a, 10):
        s += i * x
    return s


def enumerate_range(n):
    s = 0
    for i, j in enumerate(range(3, n)):
        s += i * j
    return s


def zip_arrays(a, b):
    s = 0.0
    n = 0
    for x, y in zip(a, b):
        s += x * y
        n += 1
    return s, n


def zip_three(a, b, n):
    s = 0.0
    for i, x, y in zip(range(n), a, b):
        s += i * (x - y)
    return s


def reversed_range(n):
    s = 0
    for i in reversed(range(n)):
        s = s * 10 + i
    return s


def reversed_range3(a, b, c):
    s = 0
    count = 0
    for i in reversed(range(a, b, c)):
        s = s * 3 + i
        count += 1
    return s, count


def test_enumerate_array():
    check(enumerate_array, (np.arange(10.0),), (np.empty(0),), (np.arange(7, dtype=np.int32),))


def test_enumerate_start():
    check(enumerate_start, (np.arange(5),), (np.arange(0),))


def test_enumerate_range():
    check(enumerate_range, (10,), (3,), (0,))


def test_zip_shortest():
    a = np.arange(6.0)
    b = np.linspace(0, 1, 4)
    check(zip_arrays, (a, b), (b, a), (a, a), (a[:0], a))


def test_zip_three():
    a = np.arange(8.0)
    b = np.arange(5.0) * 2.5
    check(zip_three, (a, b, 10), (a, b, 3), (a, b, 0))


# numba has no reversed(): "Untyped global name 'reversed'" (issue 2 asks for it).
@pytest.mark.numjit_only
def test_reversed_range():
    check(reversed_range, (0,), (1,), (6,))


@pytest.mark.numjit_only
@pytest.mark.parametrize("a,b,c", [(0, 10, 3), (10, 0, -3), (5, 5, 1), (-3, 8, 2)])
def test_reversed_range3(a, b, c):
    check(reversed_range3, (a, b, c))


# --------------------------------------------------------------------------
# iterating over arrays (first axis) and tuples

def iter_1d(a):
    s = 0
    for x in a:
        s += x
    return s


def iter_2d_rows(a):
    total = 0.0
    weighted = 0.0
    k = 0
    for row in a:
        for x in row:
            total += x
            weighted += k * x
            k += 1
    return total, weighted


def iter_tuple(t):
    s = 0
    for x in t:
        s = s * 10 + x
    return s


def iter_literal_tuple(x):
    s = 0.0
    for w in (0.5, 1.5, 2.0):
        s += w * x
    return s


@pytest.mark.parametrize("layout", LAYOUTS)
def test_iter_array_1d(layout):
    for dtype in (np.int64, np.float64, np.int32):
        a = make_array((9,), dtype, layout)
        check(iter_1d, (a,))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_iter_array_2d_first_axis(layout):
    a = make_array((4, 5), np.float64, layout)
    check(iter_2d_rows, (a,), (a[:0],))


def test_iter_tuple():
    check(iter_tuple, ((1, 2, 3),), ((4,),), ((7, 0, 0, 1),))


def test_iter_literal_tuple():
    check(iter_literal_tuple, (2.0,), (-1,))


# --------------------------------------------------------------------------
# loop else, nested loops, early return

def for_else(a, target):
    for i in range(len(a)):
        if a[i] == target:
            found = i
            break
    else:
        found = -1
    return found


def nested_loops(n, m):
    count = 0
    s = 0
    for i in range(n):
        for j in range(i, m):
            if (i + j) % 4 == 3:
                continue
            if j > 2 * i + 3:
                break
            count += 1
            s += i * j
    return count, s


def nested_while_for(n):
    total = 0
    i = 0
    while i < n:
        for j in range(i):
            if j == 5:
                break
            total += j
        else:
            total += 100
        i += 1
    return total


def early_return(a, target):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            if a[i, j] == target:
                return i, j
    return -1, -1


def early_return_in_while(n):
    i = 0
    while True:
        if i * i > n:
            return i
        i += 1


def test_for_else():
    a = np.array([3, 1, 4, 1, 5, 9, 2, 6])
    check(for_else, (a, 1), (a, 6), (a, 7), (a[:0], 1))


def test_nested_loops():
    check(nested_loops, (0, 0), (5, 9), (10, 4), (12, 30))


def test_nested_while_for():
    check(nested_while_for, (0,), (3,), (10,))


def test_early_return():
    a = np.arange(12).reshape(3, 4) % 7
    check(early_return, (a, 5), (a, 0), (a, 9), (np.asfortranarray(a), 3))


def test_early_return_in_while():
    check(early_return_in_while, (0,), (15,), (16,), (1000,))


# --------------------------------------------------------------------------
# tuples: return, unpack, swap

def return_tuple(a, b):
    return a + b, a - b, a * b


def return_nested_tuple(a, b):
    return (a, (b, a + b)), b


def return_mixed_tuple(a, b):
    return a, b, a / b, a > b


def swap(a, b):
    a, b = b, a
    return a, b


def rotate3(a, b, c):
    a, b, c = c, a, b
    return a, b, c


def unpack_arg(t):
    x, y, z = t
    return z, y, x


def unpack_nested(t):
    (a, b), c = t
    return a * c + b


def fib_iter(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def unpack_from_call(a, b):
    s, d, p = return_tuple_jit(a, b)
    return s * d - p


return_tuple_jit = njit(return_tuple)


def tuple_index(t, i):
    return t[i] + t[-1]


def tuple_len(t):
    return len(t)


def test_return_tuple():
    check(return_tuple, (3, 4), (2.5, -1.0), (1 + 1j, 2j))
    check(return_nested_tuple, (1, 2), (1.5, 2.5))
    check(return_mixed_tuple, (3, 4), (5.0, 2))


def test_swaps_and_unpacking():
    check(swap, (1, 2), (1.5, 2), (np.float32(1), 2j))
    check(rotate3, (1, 2, 3), (1.0, 2, 3))
    check(unpack_arg, ((1, 2, 3),), ((1.5, 2.5, 3.5),), ((1, 2.5, True),))
    check(unpack_nested, (((1, 2), 3),), (((1.5, 2), 3),))


def test_fib_iterative_swap():
    check(fib_iter, (0,), (1,), (10,), (90,))


def test_unpack_from_jitted_call():
    check(unpack_from_call, (3, 4), (2.5, 0.5))


def test_tuple_index_and_len():
    check(tuple_index, ((1, 2, 3), 0), ((1, 2, 3), 2), ((1, 2, 3), -2))
    check(tuple_len, ((1, 2, 3),), ((1.0,),), ((1, 2.0, 3j),))


# --------------------------------------------------------------------------
# recursion

@njit
def fib_rec(n):
    if n < 2:
        return n
    return fib_rec(n - 1) + fib_rec(n - 2)


def fib_py(n):
    return n if n < 2 else fib_py(n - 1) + fib_py(n - 2)


@njit
def power_rec(x, n):
    if n == 0:
        return 1.0
    half = power_rec(x, n // 2)
    if n % 2 == 0:
        return half * half
    return half * half * x


@njit
def gcd_rec(a, b):
    if b == 0:
        return a
    return gcd_rec(b, a % b)


def test_recursion_fib():
    for n in (0, 1, 2, 10, 20):
        assert_same(fib_rec(n), fib_py(n), kind=int)


def test_recursion_power():
    for x, n in [(2.0, 10), (1.5, 7), (-3.0, 5), (0.5, 0)]:
        assert_same(power_rec(x, n), power_rec.py_func(x, n), rtol=1e-15, kind=float)


def test_recursion_gcd():
    for a, b in [(12, 18), (17, 5), (100, 0), (0, 7), (2**40, 2**20 * 3)]:
        assert gcd_rec(a, b) == gcd_rec.py_func(a, b)


@njit
def count_down(n):
    if n == 0:
        return 0
    return 1 + count_down(n - 1)


@njit
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


@njit
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


def test_recursion_deep_but_within_the_stack():
    assert count_down(20_000) == 20_000
    assert is_even(20_001) is False


@pytest.mark.numjit_only  # numba's compiled code overflows the stack and the process dies
def test_runaway_recursion_raises_recursion_error():
    for func, n in ((count_down, 10**7), (is_even, 10**7)):
        with pytest.raises(RecursionError):
            func(n)
    assert count_down(100) == 100               # usable afterwards
    result = []
    thread = threading.Thread(target=lambda: result.append(pytest.raises(RecursionError, count_down, 10**7)))
    thread.start()
    thread.join()
    assert len(result) == 1                     # raised in another thread too


# --------------------------------------------------------------------------
# calls to other functions

@njit
def square(x):
    return x * x


@njit
def hypot2(a, b):
    return square(a) + square(b)


@njit
def apply_twice(x):
    return square(square(x))


@njit
def with_default(x, k=3):
    return x * k


@njit
def call_with_default(x):
    return with_default(x) + with_default(x, 2) + with_default(x, k=5)


def plain_helper(x, y):
    """A plain (undecorated) module-level function."""
    return 2 * x + y


def calls_plain_helper(a, b):
    return plain_helper(a, b) + plain_helper(b, a)


def test_call_jitted_functions():
    for a, b in [(3, 4), (1.5, -2.0), (np.float32(2), np.int8(3))]:
        assert_same(hypot2(a, b), hypot2.py_func(a, b), rtol=1e-6)
    assert apply_twice(3) == 81
    assert_same(apply_twice(1.1), apply_twice.py_func(1.1))


def test_call_with_defaults_and_keywords():
    for x in (2, 2.5):
        assert_same(call_with_default(x), call_with_default.py_func(x))
    assert with_default(4) == with_default.py_func(4)
    assert with_default(4, k=2) == with_default.py_func(4, k=2)
    assert with_default(x=4, k=2.5) == with_default.py_func(x=4, k=2.5)


@pytest.mark.numjit_only
def test_call_plain_python_function_compiles_it():
    # numba raises TypingError ("Untyped global name 'plain_helper'"): plain
    # functions must be decorated.  numjit compiles them implicitly (issue 2).
    check(calls_plain_helper, (3, 4), (1.5, 2.0))


# --------------------------------------------------------------------------
# globals and closures are compile-time constants

SCALE = 3
OFFSET = 0.5
WEIGHTS = (1, 2, 3)
FROZEN = 10


def uses_globals(x):
    return x * SCALE + OFFSET + WEIGHTS[1]


def uses_frozen_global(x):
    return x + FROZEN


def make_adder(k):
    def adder(x):
        return x + k
    return adder


def make_poly(a, b, c):
    def poly(x):
        return (a * x + b) * x + c
    return poly


def test_module_globals():
    check(uses_globals, (2,), (1.5,))


def test_global_is_frozen_at_compile_time():
    global FROZEN
    cfunc = njit(uses_frozen_global)
    old = FROZEN
    assert cfunc(1) == uses_frozen_global(1) == 11
    try:
        FROZEN = 1000
        assert cfunc(1) == 1 + old  # still the value seen at compile time
    finally:
        FROZEN = old


TABLE_F8 = np.array([1.5, -2.5, np.nan, np.inf])
TABLE_I4 = np.arange(24, dtype=np.int32).reshape(4, 6)[:, ::-2]     # not contiguous: frozen as a copy
TABLE_B = np.array([True, False, True, True])
EMPTY_TABLE = np.zeros((0, 3))


def reads_global_arrays(i):
    s = TABLE_I4[i, 1] + TABLE_I4.sum() + EMPTY_TABLE.shape[0]
    if TABLE_B[i]:
        s += 1
    return s + TABLE_F8[i] + (TABLE_F8[::-1] * 2)[i]


def returns_global_array():
    return TABLE_I4


def writes_global_array(i):
    TABLE_F8[i] = 0.0


def make_table_reader(table):
    def reader(i):
        return table[i] * 2
    return reader


@pytest.mark.parametrize("i", [0, 1, 3, -1, -4])
def test_global_arrays_are_constants(i):
    check(reads_global_arrays, (i,))


@pytest.mark.numjit_only      # numba hands back a writeable array
def test_global_array_returned_is_read_only():
    got = njit(returns_global_array)()
    np.testing.assert_array_equal(got, TABLE_I4)
    assert not got.flags.writeable


def test_writing_a_global_array_is_a_compile_error():
    with pytest.raises(COMPILE_ERRORS):
        njit(writes_global_array)(0)


def test_closure_array_constant():
    reader = make_table_reader(np.array([3, 1, 4, 1, 5], dtype=np.int64))
    check(reader, (0,), (4,), (-2,))


@pytest.mark.parametrize("k", [1, -7, 2.5])
def test_closure_constants(k):
    adder = make_adder(k)
    check(adder, (1,), (2.25,))


def test_closure_several_constants():
    poly = make_poly(1.5, -2, 3)
    check(poly, (0.0,), (2,), (-1.5,))


def test_closures_from_same_factory_are_independent():
    f1 = njit(make_adder(1))
    f2 = njit(make_adder(100))
    assert f1(5) == 6
    assert f2(5) == 105
    assert f1(5) == 6


# --------------------------------------------------------------------------
# variables whose type changes across branches unify

def unify_int_float(c):
    if c:
        x = 1
    else:
        x = 2.5
    return x


def accumulate_float_from_int(n):
    s = 0
    for i in range(n):
        s += i * 0.5
    return s


def test_type_unification():
    check(unify_int_float, (True,), (False,))
    check(accumulate_float_from_int, (0,), (5,))


def undefined_on_path(c):
    if c:
        y = 1
    return y  # noqa: F821 - defined only on one path


# numba returns a made-up value for cfunc(False) where Python raises
# UnboundLocalError: silently wrong code, which numjit must not produce.
@pytest.mark.numjit_only
def test_variable_defined_on_one_path():
    """Python raises UnboundLocalError/NameError; a compiler may reject it at compile time."""
    cfunc = njit(undefined_on_path)
    assert cfunc(True) == 1
    with pytest.raises((NameError, UnboundLocalError) + COMPILE_ERRORS):
        cfunc(False)
