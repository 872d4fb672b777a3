"""numjit.typed.List and numjit.typed.Dict (numba's API): used from Python (compared with a Python
list/dict given the same operations), passed into compiled code without a copy (changes seen
by the caller), built in compiled code and returned as typed objects, types.ListType/DictType
in explicit signatures, nesting (List of arrays, Dict of Lists), pickling, and the errors.
"""
import pickle

import numpy as np
import pytest

from impl import njit, types, TypingError

pytestmark = pytest.mark.numjit_only

typed = pytest.importorskip("numjit.typed")


def test_list_from_python_like_a_list():
    ops = [("append", 3.5), ("append", -1.0), ("set", 0, 2.0), ("append", 7), ("pop",), ("pop", 0)]
    tl, pl = typed.List.empty_list(types.float64), []
    for op in ops:
        for c in (tl, pl):
            if op[0] == "append":
                c.append(op[1])
            elif op[0] == "set":
                c[op[1]] = op[2]
            else:
                c.pop(*op[1:])
        assert list(tl) == pl and len(tl) == len(pl)
    assert tl[-1] == pl[-1] and (2.0 in tl) == (2.0 in pl)
    with pytest.raises(IndexError):
        tl[5]
    inferred = typed.List()
    inferred.extend([1, 2, 3])
    assert list(inferred) == [1, 2, 3] and typed.List([1.5, 2.5])[1] == 2.5
    assert list(typed.List(range(4))[1:3]) == [1, 2]
    for c in (tl, pl):
        c.insert(0, 9.5)
        c.sort()
        del c[0]
    assert list(tl) == pl and list(tl.copy()) == pl and type(tl.copy()) is typed.List
    tl.clear()
    assert len(tl) == 0


def test_dict_from_python_like_a_dict():
    td, pd = typed.Dict.empty(key_type=types.int64, value_type=types.float64), {}
    for c in (td, pd):
        for k in (5, 1, 9, 1, 3):
            c[k] = k * 0.5
        del c[9]
        c.setdefault(7, 1.0)
        c.pop(5)
    assert dict(td) == pd and list(td) == list(pd) and len(td) == len(pd)
    assert td.get(1) == pd.get(1) and td.get(42) is None and (3 in td) and (42 not in td)
    with pytest.raises(KeyError):
        td[42]
    inferred = typed.Dict()
    inferred[(1, 2)] = 3
    assert dict(inferred) == {(1, 2): 3}


def append_twice(lst, x):
    lst.append(x)
    lst.append(x * 2.0)
    return len(lst)


def add_keys(d, n):
    for i in range(n):
        d[i] = d.get(i, 0.0) + 1.0
    return len(d)


def test_passed_in_without_copy():
    tl = typed.List([1.0])
    assert njit(append_twice)(tl, 3.0) == 3 and list(tl) == [1.0, 3.0, 6.0]
    td = typed.Dict.empty(types.int64, types.float64)
    td[1] = 5.0
    assert njit(add_keys)(td, 3) == 3 and dict(td) == {1: 6.0, 0: 1.0, 2: 1.0}
    with pytest.raises(KeyError) as info:                # compiled code's KeyError carries the key
        njit(lambda d, k: d.pop(k))(td, 42)
    assert info.value.args == (42,) and len(td) == 3


def build_nested(n):
    groups = typed.Dict()
    for i in range(n):
        key = i % 3
        if key not in groups:
            groups[key] = typed.List.empty_list(types.int64)
        groups[key].append(i)
    arrays = typed.List()
    for i in range(n):
        arrays.append(np.arange(i) * 1.0)
    return groups, arrays


def test_built_in_compiled_code_and_nested():
    groups, arrays = njit(build_nested)(7)
    assert type(groups) is typed.Dict and type(arrays) is typed.List
    assert {k: list(v) for k, v in groups.items()} == {0: [0, 3, 6], 1: [1, 4], 2: [2, 5]}
    for i in range(7):
        np.testing.assert_array_equal(arrays[i], np.arange(i) * 1.0)
    groups[0].append(99)                       # the nested list is shared, not copied
    assert list(groups[0]) == [0, 3, 6, 99]


def total(xs):
    s = 0.0
    for x in xs:
        s += x
    return s


def sum_arrays(lst):
    s = 0.0
    for a in lst:
        s += a.sum()
    return s


def test_explicit_signatures_and_arrays_from_python():
    cfunc = njit(types.float64(types.ListType(types.float64)))(total)
    assert cfunc(typed.List([1.0, 2.5])) == 3.5
    arrays = typed.List()
    a = np.arange(3.0)
    arrays.append(a)
    arrays.append(np.ones(2))
    a[0] = 100.0                               # stored by reference (as numba does): the list keeps it alive
    assert arrays[0] is a
    del a
    assert njit(sum_arrays)(arrays) == 105.0
    sig = types.DictType(types.int64, types.ListType(types.float64))
    assert str(sig) == "DictType[int64,ListType[float64]]"


def store_and_bump(lst, d, arr, view_of):
    lst.append(arr)
    d[0] = view_of[::2]
    for x in lst:
        x[0] += 1.0
    d[0][1] = -1.0


def test_arrays_stored_by_reference():
    """An array stored in a typed container is the caller's array, not a copy (from Python and
    from compiled code, views too), and lives as long as the container holds it."""
    lst = typed.List.empty_list(types.float64[::1])
    d = typed.Dict.empty(types.int64, types.float64[:])
    a, b = np.zeros(3), np.arange(6.0)
    expected_a, expected_b = a.copy(), b.copy()
    njit(store_and_bump)(lst, d, a, b)
    store_and_bump([], {}, expected_a, expected_b)
    np.testing.assert_array_equal(a, expected_a)
    np.testing.assert_array_equal(b, expected_b)
    lst[0][2] = 9.0
    assert a[2] == 9.0 and lst[0] is a
    del a, b
    np.testing.assert_array_equal(lst[0], [1.0, 0.0, 9.0])
    np.testing.assert_array_equal(d[0], [0.0, -1.0, 4.0])


def test_list_from_python_lists():
    """typed.List(a Python list) keeps the native copy made when the list is passed in (no second
    copy); the Python list is not written to afterwards. Arrays are the caller's; inner lists copies."""
    cases = [[3, -1, 2**62], [0.5, float("inf")], ["a", "é", "\U0001f600", ""], [(1, 2.5), (3, -4.0)],
             [True, False]]
    for items in cases:
        before = list(items)
        tl = typed.List(items)
        assert list(tl) == items and type(tl) is typed.List
        tl.append(items[0])
        tl[0] = items[-1]
        assert items == before
    a = np.arange(3.0)
    arrays = typed.List([a, np.ones(2)])
    arrays[0][0] = 7.0
    assert a[0] == 7.0
    inner = [1, 2]
    nested = typed.List([inner, [3]])
    assert [list(x) for x in nested] == [[1, 2], [3]]
    nested[0].append(9)                        # (from Python, an inner list comes out as a new list)
    assert inner == [1, 2] and nested[0] == [1, 2]


def test_pickle_round_trip():
    tl = typed.List([1, 2, 3])
    td = typed.Dict.empty(types.int64, types.float64)
    td[4] = 0.5
    tl2, td2 = pickle.loads(pickle.dumps((tl, td)))
    assert type(tl2) is typed.List and list(tl2) == [1, 2, 3]
    assert type(td2) is typed.Dict and dict(td2) == {4: 0.5}


def wrong_item(lst):
    lst.append((1, 2))


def test_errors():
    with pytest.raises(TypingError, match="cannot store"):
        njit(wrong_item)(typed.List([1.0]))
    with pytest.raises(TypeError):
        njit(total)(typed.List())            # no item type yet
