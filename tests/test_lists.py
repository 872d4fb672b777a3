"""Python lists, compiled vs. interpreted: every case runs as plain Python and compiled, on
copies of the same arguments, and compares the results *and* the argument lists afterwards
(changes made in compiled code are visible in the caller's list, as in Python).

Covers list displays, `[x] * n`, len, indexing, slicing (and slice assignment), iteration
(enumerate, zip, reversed, changing the list while iterating), `in`, the list methods,
sorted/sum/min/max, comparisons, `+`, `+=`, `*=`, list comprehensions (numba cannot compile
them), lists of bools/ints/floats/tuples/arrays, nested functions passing lists, empty lists,
and the errors.  The conftest leak check asserts every list buffer is freed.
"""
import copy
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from impl import njit, TypingError
from helpers import assert_same

pytestmark = pytest.mark.numjit_only      # numba's reflected lists differ (and cannot compile most of this)


def same(got, want):
    """Equal values of the same Python types (recursively through lists and tuples).

    A NumPy scalar in Python's result stands for the Python number compiled code gives
    (`sorted(array)` holds np.float64 items in Python, floats in compiled code).
    """
    if isinstance(want, np.generic):
        want = want.item()
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray), f"expected an array, got {got!r}"
        np.testing.assert_array_equal(got, want)
        assert got.dtype == want.dtype
        return
    assert type(got) is type(want), f"expected {type(want).__name__} {want!r}, got {type(got).__name__} {got!r}"
    if isinstance(want, (list, tuple)):
        assert len(got) == len(want), f"{got!r} != {want!r}"
        for g, w in zip(got, want):
            same(g, w)
    elif isinstance(want, float) and math.isnan(want):
        assert math.isnan(got)
    else:
        assert got == want, f"{got!r} != {want!r}"


_compiled = {}


def check(pyfunc, *argsets):
    """Compile once; on each argument tuple compare results, exceptions and the arguments after."""
    cfunc = _compiled.get(pyfunc) or _compiled.setdefault(pyfunc, njit(pyfunc))
    for args in argsets:
        py_args, c_args = copy.deepcopy(args), copy.deepcopy(args)
        try:
            want = pyfunc(*py_args)
        except Exception as exc:
            with pytest.raises(type(exc)):
                cfunc(*c_args)
        else:
            same(cfunc(*c_args), want)
        same(list(c_args), list(py_args))            # reflection: the caller sees the changes
    return cfunc


FLOATS = [1.5, -2.0, 3.25, 0.0, 7.5]
INTS = [3, -1, 4, 1, -5, 9, 2, 6]
BOOLS = [True, False, True, True]


# --------------------------------------------------------------------------------------------
# the seed example

def add1(x, c):
    rs = [0.] * len(x)
    for i, xx in enumerate(x):
        rs[i] = xx + c
    return rs


def test_seed_list_example():
    x = np.random.default_rng(0).random(10**5).tolist()
    check(add1, (x, 1), (x, 2.5), ([1.0], 0))
    out = njit(add1)(x, 1)
    assert isinstance(out, list) and out == add1(x, 1)


# --------------------------------------------------------------------------------------------
# displays, repetition, len, indexing

def displays(a, b):
    return [a, b, a + b], [1.0, 2.5], [True, False], [[1, 2], [3]], [(a, 1), (b, 2)]


def repetitions(n):
    return [0.0] * n, n * [1], [1, 2] * n, [True] * -n, ([5] * n)[-1:] if n > 0 else [0]


def indexing(xs, i):
    return xs[i], xs[-1], xs[0], len(xs)


def assign_items(xs, i, v):
    xs[i] = v
    xs[-1] = v * 2
    return xs[i]


def test_displays_and_repetition():
    check(displays, (1, 2), (1.5, -2.0))
    check(repetitions, (0,), (3,), (-2,))


def test_mixed_numbers_make_one_item_type():
    def f(n):
        return [n, 2.5], [True, n]          # a list holds one type: any float makes floats
    same(njit(f)(1), ([1.0, 2.5], [1, 1]))


def test_indexing():
    check(indexing, (FLOATS, 2), (FLOATS, -5), (INTS, 7), (BOOLS, 1), (FLOATS, 5), (FLOATS, -6))
    check(assign_items, (FLOATS, 1, 9.0), (INTS, -2, 11), (INTS, 8, 1))

    def assign_bool(bs, i, v):
        bs[i] = v
        bs[-1] = not v
    check(assign_bool, (BOOLS, 0, False), (BOOLS, -3, True))


def test_augmented_item_assignment():
    def bump(xs):
        for i in range(len(xs)):
            xs[i] += i
        xs[0] *= 2
    check(bump, (FLOATS,), (INTS,))


# --------------------------------------------------------------------------------------------
# slicing

def slices(xs, a, b):
    return xs[a:b], xs[::-1], xs[::2], xs[b:a], xs[-3:], xs[:a], xs[a::-2], xs[100:]


def slice_assign(xs, a, b, ys):
    xs[a:b] = ys
    return len(xs)


def extended_slice_assign(xs, ys):
    xs[::2] = ys


def self_slice_assign(xs):
    xs[1:] = xs
    xs[:2] = xs[-2:]


def test_slicing():
    check(slices, (INTS, 1, 5), (FLOATS, -4, -1), (BOOLS, 0, 2), (INTS, 3, 3))


def test_slice_assignment():
    check(slice_assign, (INTS, 1, 3, [10, 20, 30, 40]), (INTS, 2, 6, [7]), (INTS, 5, 1, [0, 0]),
          (INTS, 0, 8, [1]), (FLOATS, -2, 100, [0.5, 0.25]))
    check(extended_slice_assign, (INTS, [0, 0, 0, 0]), (INTS, [1, 2]), (FLOATS, [9.0, 8.0, 7.0]))
    check(self_slice_assign, (INTS,), (FLOATS,))


# --------------------------------------------------------------------------------------------
# iteration

def iterate(xs):
    total = 0.0
    for x in xs:
        total += x
    pairs = []
    for i, x in enumerate(xs, 1):
        pairs.append(i * x)
    for a, b in zip(xs, reversed(xs)):
        pairs.append(a - b)
    for k, x in zip(range(2), xs):
        pairs.append(k + x)
    return total, pairs


def grow_while_iterating(xs):
    for x in xs:
        if x < 3:
            xs.append(x + 10)
    return len(xs)


def shrink_while_iterating(xs):
    seen = []
    for x in xs:
        seen.append(x)
        if len(xs) > 2:
            xs.pop()
    return seen


def reversed_shrinking(xs):
    seen = []
    for x in reversed(xs):
        seen.append(x)
        xs.pop(0)
    return seen


def drain(xs):
    out = []
    while xs:
        out.append(xs.pop())
    return out, not xs, bool(xs)


def test_iteration():
    check(iterate, (FLOATS,), (INTS,), ([2.0],))
    check(grow_while_iterating, ([1, 5, 2],), ([9],))
    check(shrink_while_iterating, (INTS,), ([1.0, 2.0],))
    check(reversed_shrinking, (INTS,), ([4],))
    check(drain, (INTS,), (BOOLS,))


# --------------------------------------------------------------------------------------------
# membership and methods

def membership(xs, v):
    return v in xs, v not in xs, xs.count(v)


def find(xs, v):
    return xs.index(v)


def find_between(xs, v, a, b):
    return xs.index(v, a, b)


def methods(xs, v):
    xs.append(v)
    xs.insert(1, v)
    xs.insert(-100, v)
    xs.insert(100, v)
    last = xs.pop()
    first = xs.pop(0)
    mid = xs.pop(-2)
    ys = xs.copy()
    ys.reverse()
    xs.extend(ys)
    xs.remove(v)
    return last, first, mid, ys


def clear(xs):
    ys = xs
    ys.clear()
    return len(xs)


def pop_empty(xs):
    xs.clear()
    return xs.pop()


def pop_out_of_range(xs, i):
    return xs.pop(i)


def remove_missing(xs):
    xs.remove(12345)


def test_membership():
    check(membership, (INTS, 4), (INTS, 7), (FLOATS, 3.25), (FLOATS, 3), (BOOLS, True))
    check(find, (INTS, 9), (INTS, 100), (FLOATS, 0.0))
    check(find_between, (INTS, 4, 1, 5), (INTS, 3, 1, -1), (INTS, 6, -3, 100))


def test_methods():
    check(methods, (INTS, 42), (FLOATS, 2.5), (BOOLS, False))
    check(clear, (INTS,), (FLOATS,))
    check(pop_empty, (INTS,))
    check(pop_out_of_range, (INTS, 8), (INTS, -9), (INTS, -8))
    check(remove_missing, (INTS,))


def extend_any(xs, arr, tup):
    xs.extend(arr)
    xs.extend(tup)
    xs += tup                   # (list += array would add elementwise in Python)
    xs.extend(xs)
    xs += xs
    return len(xs)


def test_extend_from_iterables():
    check(extend_any, ([1.5], np.array([2.0, 3.0]), (4.0, 5.0)), ([1, 2], np.array([7, 8]), (1, 2)),
          ([True], np.array([False]), (True,)))


# --------------------------------------------------------------------------------------------
# sorting, reductions, comparisons, concatenation

def sorting(xs):
    ys = sorted(xs)
    zs = sorted(xs, reverse=True)
    xs.sort()
    return ys, zs


def sort_reverse(xs):
    xs.sort(reverse=True)


def reductions(xs):
    return sum(xs), sum(xs, 10), min(xs), max(xs)


def empty_max(xs):
    xs.clear()
    return max(xs)


def comparisons(a, b):
    return a == b, a != b, a < b, a <= b, a > b, a >= b


def concatenation(a, b):
    c = a + b
    a += b
    b *= 2
    return c, len(a), len(b)


def test_sorting():
    rng = np.random.default_rng(1)
    big = rng.integers(-1000, 1000, 500).tolist()
    check(sorting, (INTS,), (FLOATS,), (BOOLS,), (big,), ([5],), ([3, 3, 1, 1, 2],))
    check(sort_reverse, (INTS,), (big,), ([-0.0, 0.0, -0.0],))


def test_sorted_of_arrays_and_tuples():
    def f(a, t):
        return sorted(a), sorted(t, reverse=True)
    check(f, (np.array([3.0, 1.0, 2.0]), (4, 9, 1)))


def test_reductions():
    check(reductions, (INTS,), (FLOATS,), (BOOLS,), ([7],))
    check(empty_max, (INTS,))


def test_comparisons_and_concatenation():
    check(comparisons, ([1, 2, 3], [1, 2, 3]), ([1, 2], [1, 2, 3]), ([1, 3], [1, 2, 3]),
          ([1.0, 2.0], [1, 2]), ([2, 1], [1.5]))
    check(concatenation, ([1, 2], [3]), ([1.5], [2.5, 3.5]))


def test_list_constructor():
    def f(a, t, xs):
        return list(a), list(t), list(xs), list(a[0:2])
    check(f, (np.array([1.0, 2.0, 3.0]), (1, 2), [True, False]))


def test_np_array_of_a_list():
    def f(xs):
        return np.array(xs), np.array([[1, 2], [3, 4]]), np.asarray([1.5, 2.5]), np.array(xs, np.float32)
    check(f, (INTS,), (FLOATS,))

    def ragged(n):
        return np.array([[1, 2], [3]])
    with pytest.raises(ValueError):
        njit(ragged)(1)


# --------------------------------------------------------------------------------------------
# list comprehensions

def comprehensions(xs, n):
    a = [x * x for x in xs]
    b = [i for i in range(n) if i % 2 == 0 if i > 1]
    c = [x + y for x in xs if x > 0 for y in range(n)]
    d = [[i * j for j in range(i)] for i in range(n)]
    d2 = [v for row in d for v in row if v % 2 == 0]
    e = [(i, x) for i, x in enumerate(xs)]
    f = [x > 1 for x in xs]
    g = [p + q for p, q in zip(xs, reversed(xs))]
    return a, b, c, d, d2, e, f, g


def comprehension_scope(xs):
    x = -1
    ys = [x for x in xs]
    return x, ys


def comprehension_of_arrays(a):
    rows = [a[i] * 2 for i in range(a.shape[0])]
    return rows, [r.sum() for r in rows]


def test_list_comprehensions():
    check(comprehensions, (INTS, 4), (FLOATS, 0), ([5], 3))
    check(comprehension_scope, (INTS,), (FLOATS,))
    check(comprehension_of_arrays, (np.arange(6.0).reshape(3, 2),))


def test_comprehension_over_comprehension():
    def f(n):
        return sum([v for v in [i * 2 for i in range(n)] if v > 2])
    check(f, (5,), (0,))


# --------------------------------------------------------------------------------------------
# empty lists: typed by what is appended; the errors when they cannot be

def built_by_append(n):
    out = []
    for i in range(n):
        out.append(i * 0.5)
    words = list()
    words.append(True)
    return out, words


def typed_through_branches(n):
    acc = []
    if n > 2:
        acc = [1.5]
    for i in range(n):
        acc = acc + [float(i)]
    return acc


def test_empty_lists():
    check(built_by_append, (0,), (4,))
    check(typed_through_branches, (0,), (1,), (4,))
    check(clear, ([1],))


def test_empty_list_without_type_is_a_typing_error():
    def f(n):
        x = []
        return len(x)
    with pytest.raises(TypingError, match="cannot infer the item type of the empty list 'x'"):
        njit(f)(1)


def test_empty_list_argument_is_a_type_error():
    with pytest.raises(TypeError, match="cannot type an empty list"):
        njit(indexing)([], 0)


@pytest.mark.parametrize("bad", [[None, None], [[1.0], 2.0], [1, "x"], [1 + 2j, 1.0], [np.zeros(2), np.zeros((2, 2))]])
def test_untypeable_lists(bad):
    with pytest.raises(TypeError):
        njit(indexing)(bad, 0)


def test_mixed_item_types_are_typing_errors():
    def store_float(xs):
        xs.append(1.5)

    def mixed_display(n):
        xs = [n, (1, 2)]          # a literal list (tests/test_literal_containers.py): no appends
        xs.append(n)
        return xs
    with pytest.raises(TypingError, match="cannot store float64 in a list.int64."):
        njit(store_float)([1, 2])
    with pytest.raises(TypingError, match=r"no implementation of method append\(\) of LiteralList"):
        njit(mixed_display)(1)


def test_error_points_at_the_line():
    def f(xs):
        xs[0] = 2.5
    with pytest.raises(TypingError) as info:
        njit(f)([1])
    assert "xs[0] = 2.5" in str(info.value)


# --------------------------------------------------------------------------------------------
# reflection: the caller's list sees what compiled code did

def test_reflection_visible_in_caller():
    def mutate(xs):
        xs[0] = 100.0
        xs.append(-1.0)
        del_last = xs.pop(1)
        return del_last
    xs = [1.0, 2.0, 3.0]
    out = njit(mutate)(xs)
    assert out == 2.0 and xs == [100.0, 3.0, -1.0]


def test_unchanged_list_keeps_its_objects():
    def read(xs):
        return xs[0] + xs[-1]

    def touch_one(xs):
        xs[1] = 0.5
    items = [float(i) + 0.5 for i in range(5)]
    xs = list(items)
    njit(read)(xs)
    assert all(a is b for a, b in zip(xs, items))
    njit(touch_one)(xs)
    assert xs[1] == 0.5
    assert all(xs[i] is items[i] for i in (0, 2, 3, 4))   # unchanged items keep their identity


def test_returning_the_argument_returns_the_same_list():
    def grow(xs):
        xs.append(len(xs))
        return xs
    xs = [1, 2]
    out = njit(grow)(xs)
    assert out is xs and xs == [1, 2, 2]


def test_reflection_when_an_exception_is_raised():
    def fail_after_append(xs):
        xs.append(4)
        return xs[10]
    xs = [1, 2, 3]
    with pytest.raises(IndexError):
        njit(fail_after_append)(xs)
    assert xs == [1, 2, 3, 4]


def test_same_function_int_then_float_lists():
    def first(xs):
        return xs[0]
    f = njit(first)
    same(f([1, 2]), 1)
    same(f([1.5, 2]), 1.5)
    same(f([1, 2]), 1)             # the float list signature does not swallow int lists
    same(f([True]), True)
    assert len(f.signatures) == 3


def test_numpy_scalars_and_mixed_numbers():
    f = njit(indexing)
    for xs, kind in (([np.float64(1.5), 2, True], float), ([np.int32(4), 5], int),
                     ([np.float32(0.5), 1.0], float), ([np.bool_(True), False], bool), ([True, 3], int)):
        before = list(xs)
        got = f(xs, 0)
        assert got == indexing(xs, 0) and all(type(v) is kind for v in got[:3])
        assert all(a is b for a, b in zip(xs, before))          # not changed: not rewritten


def test_ints_stored_in_a_float_list_become_floats():
    xs = [1.5, 2.5]
    njit(assign_items)(xs, 0, 3)
    same(xs, [3.0, 6.0])          # xs[-1] = v * 2 stores an int: the list's items are float64


def test_list_argument_after_a_failed_one_is_freed():
    def two(xs, ys):
        return xs[0] + ys[0]
    f = njit(two)
    assert f([1.0], [2.0]) == 3.0
    assert f([1.0], [2]) == 3.0    # xs unboxes as float list, ys fails: xs's copy is freed, then recompiled


# --------------------------------------------------------------------------------------------
# lists of bools, tuples, arrays; nested functions

def test_lists_of_tuples():
    def pairs(ps):
        out = [(b, a) for a, b in ps]
        out.append((0.5, 1))
        return out, ps[-1]
    check(pairs, ([(1, 2.5), (3, 4.0)],))


def test_lists_of_arrays():
    def arrays(arrs, n):
        out = []
        for i in range(n):
            out.append(np.ones(i) * i)
        total = 0.0
        for a in arrs:
            total += a.sum()
        arrs.append(out[-1])
        arrs[0] = arrs[0] * 2
        arrs[1][0] = -1.0          # in place: the caller's array changes too
        return out, total, len(arrs)
    args = ([np.arange(3.0), np.arange(4.0)], 3)
    check(arrays, args)
    arrs = [np.arange(3.0), np.arange(4.0)]
    second = arrs[1]
    njit(arrays)(arrs, 2)
    assert arrs[1] is second and second[0] == -1.0
    np.testing.assert_array_equal(arrs[0], [0.0, 2.0, 4.0])


def test_list_of_arrays_items_outlive_the_list():
    def pick(n):
        xs = [np.zeros(n), np.ones(n)]
        a = xs.pop()
        xs.clear()
        return a, xs
    check(pick, (3,))


def test_nested_lists_in_compiled_code():
    def grid(n):
        rows = [[0] * n for _ in range(n)]
        for i in range(n):
            rows[i][i] = 1
        rows.append([7])
        return rows, [len(r) for r in rows], rows == rows.copy()
    check(grid, (3,), (0,))


def fill_in(xs, v):
    xs.append(v)
    xs[0] = v


def make(n):
    return [float(i) for i in range(n)]


def test_nested_functions_passing_lists():
    jfill, jmake = njit(fill_in), njit(make)

    def caller(xs, n):
        jfill(xs, 9.5)
        ys = jmake(n)
        fill_in(ys, -1.0)
        return ys

    check(caller, ([1.0, 2.0], 3))


def test_bool_lists():
    def f(bs):
        flipped = [not b for b in bs]
        bs[0] = not bs[0]
        return flipped, sum(bs), True in bs, bs.count(False)
    check(f, (BOOLS,), ([False],))


# --------------------------------------------------------------------------------------------
# property-based: random lists through the main operations

@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(allow_nan=False, width=64), min_size=1, max_size=60),
       st.integers(-70, 70), st.integers(-70, 70))
def test_random_float_lists(xs, a, b):
    check(_random_ops, (xs, a, b))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-2**40, 2**40), min_size=1, max_size=60), st.integers(-70, 70), st.integers(-70, 70))
def test_random_int_lists(xs, a, b):
    check(_random_ops, (xs, a, b))


def _random_ops(xs, a, b):
    ys = sorted(xs)
    part = xs[a:b]
    xs[b:a] = part
    xs.insert(a, xs[0])
    return ys, part, max(xs), min(xs), len(xs), xs.count(xs[-1])


# --------------------------------------------------------------------------------------------
# more edges: exceptions inside comprehensions, nogil, typing an empty list late, layouts

def test_exception_inside_a_comprehension_frees_everything():
    def f(xs, n):
        return [[x] * 2 for x in [xs[i] for i in range(n)]]
    check(f, (INTS, 3), (INTS, 9), ([1.5], 2))


def test_nogil_reflects_after_the_call():
    def f(xs):
        xs.append(len(xs))
        xs[0] = -1
    xs = [5, 6]
    njit(nogil=True)(f)(xs)
    assert xs == [-1, 6, 2]


def test_list_typed_by_a_later_append():
    def f(n):
        x = []
        for i in range(n):
            if i > 1:
                x.append(x[0] + i)
            else:
                x.append(i)
        return x, [] == [], [] < [1]
    check(f, (0,), (4,))


def test_item_of_a_never_typed_list_is_a_typing_error():
    def f(n):
        [][0]
        return n

    def g(n):
        return [][0]
    with pytest.raises(TypingError, match="item type is never given"):
        njit(f)(1)
    with pytest.raises(TypingError):
        njit(g)(1)


def test_list_of_arrays_of_different_layouts():
    def f(arrs):
        return [a.sum() for a in arrs], len(arrs)
    a = np.arange(12.0).reshape(3, 4)
    check(f, ([a[0], a[:, 1], a[1, ::-1]],))


def sum_list(lst):
    return sum(lst)


def sum_list_from(lst, start):
    return sum(lst, start)


@pytest.mark.numjit_only     # numba sums left to right on every Python version
def test_sum_of_floats_is_pythons_own():
    """Python 3.12+ compensates rounding in sum() of floats; 3.11 and older add left to right."""
    rng = np.random.default_rng(7)
    values = [1e16, -1e16, 1.0, 0.1, -3.7e-5, 1e308, -1e308, 2.5, -0.0]
    plain, from_start = njit(sum_list), njit(sum_list_from)
    for _ in range(200):
        lst = [float(rng.choice(values) * rng.random()) for _ in range(rng.integers(1, 12))]
        assert_same(plain(lst), sum(lst), signed_zero=True)
        for start in (0, 7, 0.3, -1e16):
            assert_same(from_start(lst, start), sum(lst, start), signed_zero=True)
    assert plain([1e16, 1.0, -1e16]) == sum([1e16, 1.0, -1e16])      # 1.0 on 3.12+, 0.0 before
