"""Lists of lists, session 10: list displays of ints stored into lists of float lists (append,
insert, extend, rows[i] = ..., rows += ..., rows + ...: the display is typed as the list's item, its
numbers converted, as `xs.append(7)` stores 7.0 in a float list),
ordering lists of lists (sort, sorted, min, max, <), and tuples holding lists passed in (reflected,
as list arguments). Compared with the uncompiled function on deep copies of the same inputs."""
import copy

import pytest

from numjit import njit
from numjit.errors import TypingError


def widen(rows, n):
    rows.append([7])
    rows.insert(0, [n, -1, 2])
    rows.append([])
    rows[1] = [3]
    rows.extend([[8], [9, 1]])
    rows += [[6]]
    more = rows + [[4, 5]]
    return len(rows), rows[0][0] / 2, rows[-1][0] + 0.5, more[-1], [1.5] + [2]


def widen_deeper(r3):
    r3.append([[1], [2, 3.5]])
    r3[0] = [[4]]
    return len(r3)


def test_int_displays_into_float_lists():
    rows, want_rows = [[1.5], [2.0, 3.0]], [[1.5], [2.0, 3.0]]
    assert njit(widen)(rows, 5) == widen(want_rows, 5)
    # the same numbers; compiled code stores them in float lists, so they come back as floats
    assert rows == want_rows and all(type(x) is float for r in rows for x in r)
    r3, want_r3 = [[[1.5]]], [[[1.5]]]
    assert njit(widen_deeper)(r3) == widen_deeper(want_r3) and r3 == want_r3


def append_variable(rows):
    x = [7]
    rows.append(x)
    return len(rows)


def test_list_variable_of_ints_stays_an_error():
    with pytest.raises(TypingError, match=r"cannot store list\(int64\) in a list\(list\(float64\)\)"):
        njit(append_variable)([[1.5]])


def ordering(rows, other):
    s = sorted(rows)
    r = sorted(rows, reverse=True)
    by_len = sorted(rows, key=len)
    rows.sort()
    return (s, r, by_len, rows, max(rows), min(rows), rows < other, rows[0] <= other[0], rows > other,
            s[0] is rows[0], rows[-1] is max(rows))


def test_sorting_lists_of_lists():
    compiled = njit(ordering)
    for rows, other in (([[3, 1], [1, 2], [1], [], [1, 2, 0], [1, 2]], [[0, 5]]),
                        ([[2.5], [1.0, float("nan")], [1.0], [-0.0, 3.0]], [[-1.0], [2.0]]),
                        ([[1.5]], [[1.5], []])):
        got_rows, want_rows = copy.deepcopy(rows), copy.deepcopy(rows)
        got, want = compiled(got_rows, other), ordering(want_rows, other)
        assert repr(got) == repr(want) and repr(got_rows) == repr(want_rows)


def list_key(rows):
    return sorted(rows, key=lambda r: r)


def complex_items(xs):
    return sorted(xs)


def test_sort_errors_are_located():
    with pytest.raises(TypingError, match="cannot be ordered as a sort key"):
        njit(list_key)([[1]])
    with pytest.raises(TypingError, match=r"no implementation of sorted\(\) for argument types \(list\(complex128\)\)"):
        njit(complex_items)([1j, 2j])


def tuple_of_lists(t):
    a, b, rows = t
    a.append(5)
    b[0] = 9.5
    rows[0].append(a[0])
    rows.append([len(b)])
    return a[1] + t[1][0], rows[0] is rows[2], t[0]


def test_tuples_holding_lists_pass_in_and_reflect():
    compiled = njit(tuple_of_lists)
    inner = [1]
    for t in (([1, 2], [3.0], [inner, [2], inner]), ([-4], [0.5, 1.0], [[7], []])):
        got_t, want_t = copy.deepcopy(t), copy.deepcopy(t)
        got, want = compiled(got_t), tuple_of_lists(want_t)
        assert got[:2] == want[:2] and got_t == want_t
        assert got[2] is got_t[0]            # the caller's own list comes back
    with pytest.raises(TypeError, match="a list of tuples holding lists"):
        compiled([([1], 2)])                 # (its inner lists would not be written back)
