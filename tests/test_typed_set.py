"""numjit.typed.Set (numba's typed.Set, with a Python set's methods on top): random add / discard /
remove / pop sequences run in compiled code compared with an insertion-ordered reference (a dict,
whose popitem() takes the newest entry as the typed Set's pop() does) over int, float and str keys;
set algebra against Python sets; the Python-side API against a Python set; boxing (passed in
without a copy, returned as a typed.Set, passed between compiled functions, explicit
types.SetType signatures), pickling, and the errors.
"""
import pickle

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from impl import njit, types, TypingError

pytestmark = pytest.mark.numjit_only

typed = pytest.importorskip("numjit.typed")

ADD, DISCARD, REMOVE, POP = range(4)
KEYS = {
    "int": [0, -1, 7, 2**40, -2**63, 5, 13, 21, 34, 55, 89],
    "float": [0.0, -0.0, 1.5, -2.25, np.inf, -np.inf, 1e300, 3.0, 2.0**53, 0.1, 7.0],
    "str": ["", "a", "ab", "é", "日本", "\U0001f600", "a\U0001f600b", "A", "ba", "x" * 40, "é" * 3],
}


def apply_ops(s, ops, keys):
    """The ops (op, key index) applied to the set s; the popped keys, in order."""
    popped = keys[:0]
    for i in range(ops.shape[0]):
        op, k = ops[i, 0], keys[ops[i, 1]]
        if op == 0:
            s.add(k)
        elif op == 1:
            s.discard(k)
        elif op == 2:
            if k in s:
                s.remove(k)
        elif len(s) > 0:
            popped.append(s.pop())
    return popped


apply_ops_jit = njit(apply_ops)


def reference(ops, keys):
    """An insertion-ordered set (dict keys) given the same ops; its pops are popitem()s."""
    d, popped = {}, []
    for op, i in ops:
        k = keys[i]
        if op == ADD:
            d.setdefault(k, None)
        elif op in (DISCARD, REMOVE):
            d.pop(k, None)
        elif d:
            popped.append(d.popitem()[0])
    return list(d), popped


def same_keys(a, b):
    """Equal lists, telling 0.0 from -0.0 (the first one stored is the one kept, as in CPython)."""
    return [repr(x) for x in a] == [repr(x) for x in b]


@settings(max_examples=25, deadline=None)
@given(kind=st.sampled_from(sorted(KEYS)),
       ops=st.lists(st.tuples(st.sampled_from([ADD, ADD, ADD, DISCARD, REMOVE, POP]), st.integers(0, 10)),
                    max_size=60))
def test_random_ops_in_compiled_code(kind, ops):
    keys = KEYS[kind]
    s = typed.Set.empty({"int": types.int64, "float": types.float64, "str": types.unicode_type}[kind])
    popped = apply_ops_jit(s, np.array(ops, dtype=np.int64).reshape(-1, 2), keys)
    ref_items, ref_popped = reference(ops, keys)
    assert same_keys(list(s), ref_items) and same_keys(popped, ref_popped)
    assert len(s) == len(ref_items)
    assert [k in s for k in keys] == [k in ref_items for k in keys]


def grow_then_thin(s, n):
    for i in range(n):
        s.add(i)
    for i in range(0, n, 2):
        s.discard(i)
    return len(s)


def test_growth_and_long_deletion_runs():
    s, ref = typed.Set([-1]), {-1: None}
    assert njit(grow_then_thin)(s, 5000) == len(s)
    for i in range(5000):
        ref[i] = None
    for i in range(0, 5000, 2):
        del ref[i]
    assert list(s) == list(ref)


def algebra(a, b):
    c, d, e, f = a.copy(), a.copy(), a.copy(), a.copy()
    c |= b
    d.intersection_update(b)
    e -= b
    f.symmetric_difference_update(b)
    return ((a | b, a & b, a - b, a ^ b, a.union(b), a.intersection(b), a.difference(b),
             a.symmetric_difference(b), c, d, e, f),
            (a <= b, a < b, a >= b, a == b, a != b, a.issubset(b), a.issuperset(b), a.isdisjoint(b)))


algebra_jit = njit(algebra)


@pytest.mark.parametrize("kind", sorted(KEYS))
def test_algebra_like_python_sets(kind):
    keys = KEYS[kind]
    pairs = [(keys[:6], keys[3:9]), (keys[:3], keys[:5]), (keys[:4], keys[:4]), ([keys[0]], keys[5:])]
    for xs, ys in pairs:
        sets, truths = algebra_jit(typed.Set(xs), typed.Set(ys))
        expected_sets, expected_truths = algebra(set(xs), set(ys))
        assert all(type(s) is typed.Set for s in sets)
        assert [set(s) for s in sets] == list(expected_sets) and truths == expected_truths
        # the same operations from Python, through the typed object's own methods
        py_sets, py_truths = algebra(typed.Set(xs), typed.Set(ys))
        assert [set(s) for s in py_sets] == list(expected_sets) and py_truths == expected_truths


def test_python_side_like_a_set():
    ts, ps = typed.Set(), set()
    assert len(ts) == 0 and 1 not in ts and list(ts) == [] and ts == ps
    for c in (ts, ps):
        c.add(4)
        c.update([1, 9, 4], (16,))
        c.discard(9)
        c.discard(100)
        c.remove(1)
    assert ts == ps and set(ts) == ps and len(ts) == len(ps) and list(ts) == [4, 16]
    with pytest.raises(KeyError) as info:
        ts.remove(42)
    assert info.value.args == (42,)
    assert ts.pop() == 16 and list(ts) == [4]
    cp = ts.copy()
    cp.add(5)
    assert type(cp) is typed.Set and list(ts) == [4] and list(cp) == [4, 5]
    assert ts | {7} == {4, 7} and cp - ts == {5} and ts <= cp and not cp <= ts
    cp.difference_update([5])
    assert list(cp) == [4]
    ts.clear()
    assert len(ts) == 0
    with pytest.raises(KeyError, match="pop from an empty set"):
        ts.pop()
    assert repr(typed.Set([2.5, 1.0])) == "Set({2.5, 1.0})"
    with pytest.raises(TypeError):
        hash(ts)


def mutate(s, key):
    s.add(key)
    s.discard(key * 2)
    return len(s)


def add_suffixed(s, word):
    s.add(word + "!")


def collect_suffixed(words):
    out = typed.Set.empty(types.unicode_type)
    for w in words:
        add_suffixed(out, w)
    return out


def size(s):
    return len(s)


def build_in_compiled_code(n):
    inferred = typed.Set()
    for i in range(n):
        inferred.add(i % 4)
    explicit = typed.Set.empty(types.float64)
    explicit.add(0.5)
    return inferred, explicit


def test_boxing_and_passing_between_compiled_functions():
    s = typed.Set([2, 3])
    assert njit(mutate)(s, 1) == 2 and list(s) == [3, 1]      # 2 (= 1 * 2) discarded: seen by Python
    global add_suffixed
    add_suffixed = njit(add_suffixed)
    try:
        out = njit(collect_suffixed)(typed.Set(["a", "日本", "a"]))
    finally:
        add_suffixed = add_suffixed.py_func
    assert type(out) is typed.Set and list(out) == ["a!", "日本!"]
    inferred, explicit = njit(build_in_compiled_code)(10)
    assert type(inferred) is typed.Set and list(inferred) == [0, 1, 2, 3] and list(explicit) == [0.5]
    inferred.add(7)                                           # still a live typed object
    assert njit(mutate)(inferred, 7) == 5
    sized = njit(types.int64(types.SetType(types.int64)))(size)
    assert sized(inferred) == 5
    assert str(types.SetType(types.int64)) == "SetType[int64]"
    with pytest.raises(TypeError):
        sized(typed.Set([1.5]))                               # another key type: no such signature


def group_digits(n):
    groups = typed.Dict.empty(types.int64, types.SetType(types.int64))
    for i in range(n):
        if i % 3 not in groups:
            groups[i % 3] = typed.Set.empty(types.int64)
        groups[i % 3].add(i // 2)
    listed = typed.Dict.empty(types.int64, types.ListType(types.float64))
    listed[0] = typed.List.empty_list(types.float64)
    return groups, len(listed)


def add_to_each(sets, word):
    total = 0
    for s in sets:
        s.add(word)
        total += len(s)
    return total


def test_nested():
    groups, _ = njit(group_digits)(10)
    expected = {}
    for i in range(10):
        expected.setdefault(i % 3, set()).add(i // 2)
    assert type(groups[0]) is typed.Set and {k: set(v) for k, v in groups.items()} == expected
    sets = typed.List([typed.Set(["a"]), typed.Set(["b", "c"])])
    assert njit(add_to_each)(sets, "c") == 2 + 2 and [list(s) for s in sets] == [["a", "c"], ["b", "c"]]


def test_pickle_round_trip():
    for items in ([3, 1, 2], ["b", "é", ""], [0.5]):
        back = pickle.loads(pickle.dumps(typed.Set(items)))
        assert type(back) is typed.Set and list(back) == items
    assert len(pickle.loads(pickle.dumps(typed.Set()))) == 0


def store_wrong(s):
    s.add("text")


def store_array(s):
    s.add(np.zeros(2))


def pop_empty(s):
    return s.pop()


def test_errors():
    with pytest.raises(TypingError, match="cannot use a"):
        njit(store_wrong)(typed.Set([1]))
    with pytest.raises(TypingError, match="unhashable"):
        njit(store_array)(typed.Set([1]))
    with pytest.raises(KeyError, match="pop from an empty set"):
        njit(pop_empty)(typed.Set.empty(types.int64))
    with pytest.raises(TypingError, match="takes a type"):
        njit(lambda: typed.Set.empty(3))()
