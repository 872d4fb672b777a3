"""More Python lists, compiled vs. interpreted (same harness as test_lists.py): unpacking a list
(`a, b = lst`, ValueError when the lengths differ) and tuple items in for loops, `del lst[i]`
and `del lst[a:b]`, `lst.sort(key=...)` / `sorted(..., key=..., reverse=True)` with plain and
jitted key functions, ordering of tuples, and `print` of lists and arrays — plus the errors
for what is not supported (lambdas, `del name`).
"""
import numpy as np
import pytest

from impl import njit, jit, TypingError
from test_lists import check

pytestmark = pytest.mark.numjit_only      # numba's reflected lists differ (and cannot compile most of this)


# --------------------------------------------------------------------------
# unpacking

def unpack_two(lst):
    a, b = lst
    return a - b


def unpack_three_nested(lst, pairs):
    a, (b, c), d = lst[0], pairs[0], lst[1]
    return a + b * c + d


def unpack_in_loop(pairs):
    total = 0.0
    for i, (a, b) in enumerate(pairs):
        total += i * a - b
    return total


def unpack_tuple_items(pairs):
    out = []
    for a, b in pairs:
        out.append(a * b)
    return out


def test_unpack_list():
    check(unpack_two, ([5, 2],), ([1.5, 0.25],), ([True, False],))
    check(unpack_two, ([1, 2, 3],), ([1],))                 # ValueError, as in Python
    check(unpack_three_nested, ([1.0, 4.0], [(2.0, 3.0)]))
    check(unpack_in_loop, ([(1.0, 2.0), (3.0, 4.5)],))
    check(unpack_tuple_items, ([(1, 2), (3, 4), (5, 6)],))


def unpack_array(a):
    x, y, z = a
    return x + y * z


def test_unpack_array_checks_length():
    assert njit(unpack_array)(np.array([1.0, 2.0, 3.0])) == 7.0
    for bad in (np.zeros(2), np.zeros(4)):
        with pytest.raises(ValueError, match="values to unpack"):
            njit(unpack_array)(bad)


def test_unpack_error_messages():
    with pytest.raises(ValueError, match=r"too many values to unpack \(expected 2\)"):
        njit(unpack_two)([1, 2, 3])
    with pytest.raises(ValueError, match=r"not enough values to unpack \(expected 2"):
        njit(unpack_two)([1])


# --------------------------------------------------------------------------
# del

def del_items(lst, i, j):
    del lst[i]
    del lst[j]
    return len(lst)


def del_slice(lst, a, b):
    del lst[a:b]
    del lst[:1]
    return lst


def del_arrays(lst):
    del lst[0]
    return len(lst)


def test_del_item():
    check(del_items, ([1, 2, 3, 4, 5], 1, -1), ([1.5, 2.5, 3.5], 0, 0), ([True, False, True], 2, -2))
    check(del_items, ([1, 2], 0, 5), ([1, 2, 3], -4, 0))    # IndexError, as in Python


def test_del_slice():
    check(del_slice, ([1, 2, 3, 4, 5, 6], 1, 3), ([1.0, 2.0, 3.0], 5, 9), ([1, 2, 3, 4], -3, -1),
          ([1, 2, 3, 4], 3, 1))


def test_del_array_items_releases_them():
    lst = [np.arange(3.0), np.arange(2.0), np.ones(4)]
    assert njit(del_arrays)(lst) == 2 and len(lst) == 2


def del_name(x):
    y = x
    del y
    return x


def del_step_slice(lst):
    del lst[::2]
    return lst


def test_del_of_a_name_and_unsupported_del():
    assert njit(del_name)(1) == del_name(1)
    with pytest.raises(TypingError, match="del"):
        njit(del_step_slice)([1, 2, 3])


# --------------------------------------------------------------------------
# sort keys, reverse, tuples

def negated(x):
    return -x


def by_thirds(x):
    return x // 3


@jit(nopython=True)
def distance_from_2(x):
    return abs(x - 2.5)


def pair_key(x):
    return (x % 2, -x)


def sorted_neg(lst):
    return sorted(lst, key=negated)


def sorted_thirds_reversed(lst):
    return sorted(lst, key=by_thirds, reverse=True)


def sort_jitted_key(lst):
    lst.sort(key=distance_from_2)
    return lst


def sort_thirds_reversed(lst):
    lst.sort(key=by_thirds, reverse=True)
    return lst


def sort_tuple_key(lst):
    lst.sort(key=pair_key)
    return lst


def sorted_array_key(a):
    return sorted(a, key=negated)


def sorted_reversed(lst):
    return sorted(lst, reverse=True)


def sorted_plain(lst):
    return sorted(lst)


KEY_CASES = ([3, 1, 2],), ([7],), ([5, 4, 7, 1, 9, 0, 3, 3, 6, 8, 2, 4, 4] * 3,), \
    ([int(x) for x in np.random.default_rng(0).integers(0, 40, 200)],)


@pytest.mark.parametrize("func", [sorted_neg, sorted_thirds_reversed, sort_jitted_key, sort_thirds_reversed,
                                  sort_tuple_key, sorted_reversed], ids=lambda f: f.__name__)
def test_sort_with_key_is_stable(func):
    check(func, *KEY_CASES)
    check(func, ([2.5, -1.0, 2.0, 7.25, 2.5],))


def test_sorted_array_with_key():
    a = np.array([3.0, -1.0, 2.0])
    assert njit(sorted_array_key)(a) == sorted_array_key(a)


def test_sort_list_of_tuples():
    check(sorted_plain, ([(1, 2.0), (0, 5.0), (1, 1.0), (0, 5.0)],), ([(2, 1), (1, 2), (1, 1)],))


def tuple_order(a, b):
    return a < b, a <= b, a > b, a >= b, a == b


@pytest.mark.parametrize("a,b", [((1, 2.0), (1, 3.0)), ((2, 0.0), (1, 9.0)), ((1, 2), (1, 2, 0)),
                                 ((1, float("nan")), (1, 2.0)), ((True, 3), (1, 3))], ids=str)
def test_tuple_ordering(a, b):
    assert njit(tuple_order)(a, b) == tuple_order(a, b)
    assert njit(tuple_order)(b, a) == tuple_order(b, a)


def sorted_lambda(lst):
    return sorted(lst, key=lambda x: -x)


def array_key(x):
    return np.ones(2) * x


def sorted_array_valued_key(lst):
    return sorted(lst, key=array_key)


def test_sort_key_errors():
    assert njit(sorted_lambda)([1, 3, 2]) == sorted_lambda([1, 3, 2])      # lambdas compile (test_closures.py)
    with pytest.raises(TypingError, match="cannot be ordered"):
        njit(sorted_array_valued_key)([1, 2])


# --------------------------------------------------------------------------
# print

def print_lists(lst, a):
    print(lst)
    built = [x * 2 for x in lst]
    print("doubled", built, a, (1, 2.5))
    print([a, a[1:]])


def test_print_lists_and_arrays(capfd):
    njit(print_lists)([1, 2, 3], np.arange(3.0))
    out = capfd.readouterr().out.splitlines()
    assert out[:2] == ["[1, 2, 3]", "doubled [2, 4, 6] [0. 1. 2.] (1, 2.5)"]
    assert out[2] == str([np.arange(3.0), np.arange(3.0)[1:]])
