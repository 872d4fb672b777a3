"""Optional values inside lists and dicts (an item or value that is None or a T), compared with
Python: displays and comprehensions mixing None and values, append/setitem/pop, iteration with
`is None` tests, dict stores of `None if c else v`, get/items/values, arrays and strings as the T
(reference-counted: the leak check of conftest.py covers them), results returned to Python.
A list display of values later given None (`xs = [1, 2]; xs.append(None)`) is a list of optionals,
as in numba; storing an optional into another container of values (an alias of the display, a
dict) is a located error.
"""
import numpy as np
import pytest

from impl import COMPILE_ERRORS, njit

pytestmark = pytest.mark.numjit_only


def in_lists(n, c):
    ints = [None, 1]
    ints.append(None if c else 3)
    ints[0] = n
    floats = [None if i % 3 == 0 else i * 0.5 for i in range(n)]
    total = 0.0
    for x in floats:
        if x is not None:
            total += x
    arrays = [np.arange(3.0) if i % 2 else None for i in range(n)]
    arrays.append(None)
    arrays[0] = np.ones(2)
    last = arrays.pop()
    pairs = [(i, None if i % 2 else "s" * i) for i in range(n)]
    return ints, floats, total, arrays, last is None, pairs, len(arrays), ints + ints[::-1] * 2, ints.copy()


def in_dicts(n, c):
    d = {}
    for i in range(n):
        d[i] = None if (i % 2) == c else i * 10
    shown = {1: None, 2: 5}
    texts = {"a": None if c else "x", "b": "y"}
    found = [d.get(k) for k in range(n + 1)]
    values = [v for v in d.values()]
    count = 0
    for k, v in d.items():
        if v is None:
            count += k
    return d, shown, texts, found, values, count


def test_optionals_in_lists_and_dicts_match_python():
    clists, cdicts = njit(in_lists), njit(in_dicts)
    for n, c in [(0, True), (1, False), (5, True), (6, False)]:
        if n:
            got, want = clists(n, c), in_lists(n, c)
            assert got[:3] == want[:3] and got[4:] == want[4:]
            assert len(got[3]) == len(want[3])
            for a, b in zip(got[3], want[3]):
                assert (a is None and b is None) or np.array_equal(a, b)
        assert cdicts(n, c) == in_dicts(n, c)


def none_first(n):
    items = []
    items.append(None)                      # None before any value: the list holds optionals
    for i in range(n):
        items.append(None if i % 2 else i * 1.5)
    d = {}
    d["a"] = None
    d["b"] = None
    d["c"] = "x" * n
    return items, d, d.get("b"), d["c"], len(d), "a" in d


def test_none_first_then_values():
    cfunc = njit(none_first)
    for n in (0, 3):
        assert cfunc(n) == none_first(n)


def only_none(n):
    items = []
    items.append(None)
    return items


def none_arithmetic(c):
    items = [None if c else 2, 5]
    return items[0] + 1


def test_a_none_item_used_as_a_value_is_a_type_error():
    cfunc = njit(none_arithmetic)
    assert cfunc(False) == none_arithmetic(False)
    with pytest.raises(TypeError):
        cfunc(True)


def widened_by_none(n, c):
    items = [1, 2]
    items.append(None if c else 3)
    arrays = [np.ones(2), np.arange(3.0)]
    for i in range(n):
        if i % 2:
            arrays.append(None)
        else:
            arrays.insert(0, np.full(2, i * 1.0))
    total = 0.0
    for a in arrays:
        if a is not None:
            total += a.sum()
    return items, total, len(arrays), [a is None for a in arrays]


def test_a_display_given_none_later_holds_optionals():
    cfunc = njit(widened_by_none)
    for n, c in ((0, True), (5, False), (4, True)):
        assert cfunc(n, c) == widened_by_none(n, c)


def appends_optional_to_int_list(c):
    items = [1, 2]
    alias = items                           # the display has two names: it is not retyped
    alias.append(None if c else 3)
    return items


def stores_optional_in_int_dict(c):
    d = {1: 2}
    d[3] = None if c else 4
    return d


@pytest.mark.parametrize("fn,words", [(appends_optional_to_int_list, "holds None"),
                                      (stores_optional_in_int_dict, "holds None"),
                                      (only_none, "only ever holds None")])
def test_optional_into_a_container_of_values_is_a_located_error(fn, words):
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(fn)(True)
    assert words in str(info.value) and "test_optional_containers.py" in str(info.value)
