"""Python dicts, compiled vs. interpreted: each case runs as plain Python and compiled on copies of
the same arguments and compares the results (dicts: items in order), the exceptions, and the
argument dicts afterwards (changes made in compiled code are visible to the caller).

Covers displays, `{}` typed by later stores, comprehensions, `dict()`, d[k], d[k] = v, del,
in, len, truth, iteration over keys/values/items, get/setdefault/pop/popitem/update/clear/
copy, ==, insertion order through deletions and growth (hypothesis over int, float, bool and
tuple keys), `hash()` against CPython, values that are arrays and lists, nested dicts, and
the errors (unhashable keys, values of two types, KeyError, changing a dict while iterating).
"""
import copy
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from impl import njit, TypingError

pytestmark = pytest.mark.numjit_only      # numba's typed dicts do not reflect into Python dicts


def same(got, want):
    """Equal values of the same Python types; dicts also in the same order."""
    if isinstance(want, np.generic):
        want = want.item()
    if isinstance(want, np.ndarray):
        assert isinstance(got, np.ndarray)
        np.testing.assert_array_equal(got, want)
        return
    assert type(got) is type(want), f"expected {type(want).__name__} {want!r}, got {type(got).__name__} {got!r}"
    if isinstance(want, dict):
        same(list(got.items()), list(want.items()))
    elif isinstance(want, (set, frozenset)):
        assert got == want, f"{got!r} != {want!r}"
    elif isinstance(want, (list, tuple)):
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
            with pytest.raises(type(exc)) as info:
                cfunc(*c_args)
            assert info.value.args == exc.args      # a KeyError carries the missing key
        else:
            same(cfunc(*c_args), want)
        same(list(c_args), list(py_args))
    return cfunc


# --------------------------------------------------------------------------------------------
# building and reading

def histogram(xs):
    counts = {}
    for x in xs:
        counts[x] = counts.get(x, 0) + 1
    return counts


def test_histogram():
    check(histogram, ([3, 1, 3, 3, 7, 1],), (list(range(100)) * 2,), ([1.5, -0.0, 0.0, 1.5],),
          ([(1, 2), (2, 1), (1, 2)],))


def methods(keys, values, probe):
    d = {}
    for k, v in zip(keys, values):
        d[k] = v
    out = [float(len(d)), float(probe in d), float(probe not in d), d.get(probe, -1.0)]
    out.append(d.setdefault(probe, 9.5))
    out.append(d.setdefault(keys[0], 8.5))
    out.append(d.pop(keys[-1], -2.0))
    out.append(d.pop(probe + 1000, -3.0))
    e = d.copy()
    e[probe + 2000] = 1.25
    k, v = e.popitem()
    out += [float(k), v, float(len(e)), float(bool(d)), float(d == e), float(d != e)]
    del d[keys[0]]
    d.update({probe + 3000: 0.5, probe: 7.0})
    f = dict(d)
    f.clear()
    out.append(float(len(f)))
    out.append(float(not f))
    return out, d, e


def test_methods_int_and_float_keys():
    check(methods, ([1, 2, 3, 4, 5, 6, 7, 8, 9], [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5], 3),
          ([5, 5, 6], [1.0, 2.0, 3.0], 100), ([-1, 2**40, 0], [1.0, 2.0, 3.0], 0))
    check(methods, ([1.5, 2.5, -0.5], [1.0, 2.0, 3.0], 2.5))


def lookups(d, probes):
    out = []
    for p in probes:
        out.append(d.get(p, -1))
        if p in d:
            out.append(d[p])
    return out


def test_lookup_with_other_key_types():
    """Ints, floats and bools that are equal find the same entry (hashes agree, as in CPython)."""
    check(lookups, ({1: 10, 2: 20, 0: 5}, [1.0, 2.5, True, False, 0.0]),
          ({1.0: 10, 2.5: 20}, [1, 2, 3]))


def iterate(d):
    keys, values, pairs = [], [], []
    for k in d:
        keys.append(k)
    for v in d.values():
        values.append(v)
    for k, v in d.items():
        pairs.append((k, v))
    del d[keys[0]]
    d[keys[0]] = values[0] * 2.0                 # back at the end: insertion order
    order = [k for k in d.keys()]
    total = sum([v for v in d.values()])
    return keys, values, pairs, order, total, len(d.keys()), len(d.items())


def test_iteration_and_order():
    check(iterate, ({3: 1.5, 1: 2.5, 2: 0.5},), ({2.5: 1.0, -1.0: 2.0},))


def comprehensions_and_growth(n):
    squares = {i: i * i for i in range(n)}
    odd = {k: v + 0.5 for k, v in squares.items() if k % 2}
    nested = {(i, j): i * j for i in range(3) for j in range(i)}
    literal = {1: 2.5, 2: 3.0, 3: -1.0, 2: 4.0}
    d = {}
    for i in range(n):
        d[i * 7919 % 1000] = i
        if i % 3 == 0:
            del d[i * 7919 % 1000]
    for i in range(0, 1000, 2):
        d.pop(i, 0)
    pairs = dict([(i % 4, i * 0.5) for i in range(n)])
    return squares, odd, nested, literal, len(literal), d, len(d), pairs, dict(pairs.items())


def test_displays_comprehensions_growth_and_deletion():
    check(comprehensions_and_growth, (0,), (5,), (40,), (3000,))


# --------------------------------------------------------------------------------------------
# hypothesis: random insert / delete / lookup sequences over several key types

def replay(ops, keys):
    d = {}
    seen = []
    for op, k in zip(ops, keys):
        if op == 0:
            d[k] = len(seen)
        elif op == 1:
            d.pop(k, -1)
        elif op == 2:
            seen.append(d.get(k, -1))
        else:
            if k in d:
                del d[k]
                d[k] = -len(seen)
    return d, seen


_KEYS = {
    "int": st.integers(-20, 20),
    "float": st.sampled_from([0.5, -1.5, 2.0, 1e300, -0.0, 3.0, 7.25]),
    "bool": st.booleans(),
    "tuple": st.tuples(st.integers(-3, 3), st.sampled_from([0.5, 1.0])),
}


@pytest.mark.parametrize("kind", list(_KEYS))
def test_replay_hypothesis(kind):
    cfunc = njit(replay)

    @settings(max_examples=20, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 3), _KEYS[kind]), min_size=1, max_size=300))
    def run(pairs):
        ops = [p[0] for p in pairs]
        keys = [p[1] for p in pairs]
        same(cfunc(ops, keys), replay(ops, keys))
    run()


def hash_of(x):
    return hash(x)


@settings(max_examples=25, deadline=None)
@given(st.one_of(st.integers(-2**63, 2**63 - 1), st.floats(allow_nan=False), st.booleans(),
                 st.tuples(st.integers(-2**63, 2**63 - 1), st.floats(allow_nan=False))))
def test_hash_is_cpython_hash(x):
    assert _hash(x) == hash(x)


_hash = njit(hash_of)


def test_hash_edges():
    for x in [-1, -2, 2**61 - 1, 2**61, -2**63, 2**63 - 1, 0.5, -0.1, 1e-300, float("inf"), float("-inf"),
              (), (1,), (True, (2, 3.5)), 1 + 2j]:
        if x == ():
            continue
        assert _hash(x) == hash(x), x
    assert _hash(np.uint64(2**64 - 1)) == hash(2**64 - 1)
    assert _hash(np.float32(0.1)) == hash(float(np.float32(0.1)))


# --------------------------------------------------------------------------------------------
# Python dicts passed in and returned; values that hold references

def reflect(d, k):
    d[k] = d.get(k, 0.0) + 1.0
    if 1 in d:
        del d[1]
    return len(d)


def test_reflection():
    check(reflect, ({1: 1.0, 2: 2.0}, 5), ({2: 2.0}, 2), ({7: 1.5}, 1))
    cfunc = _compiled[reflect]
    d = {1: 1.0, 2: 2.0}
    cfunc(d, 3)
    assert list(d.items()) == [(2, 2.0), (3, 1.0)]


def returned_argument(d):
    d[0] = 0
    return d


def test_returned_argument_is_the_same_dict():
    d = {5: 1}
    out = njit(returned_argument)(d)
    assert out is d and d == {5: 1, 0: 0}


def array_values(n):
    d = {}
    for i in range(n):
        d[i] = np.arange(i) * 1.0
    d[0] = np.ones(3)
    del d[1]
    lists = {}
    for i in range(n):
        lists.setdefault(i % 3, [0.0]).append(i * 1.0)
    inner = {1: {2: 3.0}}
    inner[1][4] = 5.0
    return d, lists, inner, d.pop(2).sum()


def test_values_holding_references():
    check(array_values, (5,))


def passes_arrays(d):
    total = 0.0
    for v in d.values():
        total += v.sum()
    d[99] = np.zeros(2)
    return total


def test_dict_of_arrays_argument():
    check(passes_arrays, ({1: np.arange(3.0), 2: np.ones(4)},))


# --------------------------------------------------------------------------------------------
# errors

def fails(d, how):
    if how == 0:
        return d[12345]
    if how == 1:
        del d[12345]
    elif how == 2:
        d.pop(12345)
    elif how == 3:
        d.clear()
        d.popitem()
    elif how == 4:
        for k in d:
            d[k + 100] = 1
    elif how == 5:
        for k, v in d.items():
            del d[k]
    elif how == 6:                          # the same size, other keys
        for v in d.values():
            del d[v - 1]
            d[v + 100] = v
    else:                                   # the same keys at the end: no error
        for k in d:
            d[k + 100] = 1
            del d[k + 100]
    return 0


def test_runtime_errors():
    """KeyError(key), and RuntimeError when a dict changes while iterated: messages compared."""
    check(fails, *[({1: 2}, how) for how in range(4)], *[({1: 2, 3: 4}, how) for how in range(4, 8)],
          ({1: 2}, 6))


def missing(d, k, how):
    if how == 0:
        return d[k]
    if how == 1:
        del d[k]
    else:
        d.pop(k)
    return d[k]


def test_key_error_carries_the_key():
    """KeyError(k) as CPython: str, int, tuple keys, and a key of another class than the dict's (3 in
    a dict of floats is KeyError(3), not 3.0; False in a dict of ints)."""
    for d, k in (({"a": 1}, "abc"), ({1: 2}, 3), ({(1, 2): 3}, (1, 3)), ({1.5: 1.0}, 3), ({1: 2}, False),
                 ({2.0 ** 53: 1}, 2 ** 53 + 1), ({(1.0, 2.0): 3}, (1, 5))):
        check(missing, *[(d, k, how) for how in range(3)], (d, next(iter(d)), 1))


def literal_str_keys(x):
    d = {}
    d["a"] = x
    d["b"] = x + 1
    t = {}
    t[("b", 2)] = x
    return d, t, d["a"], ("b", 2) in t


def test_literal_str_keys():
    check(literal_str_keys, (1,), (2.5,))


def list_key(x):
    d = {}
    d[[x]] = 1
    return d


def array_key(a):
    return {a: 1}


def two_value_types(x):
    d = {1: 1.0}
    d[2] = (x, x)
    return d


def get_without_default(d):
    return d.get(1)


def test_typing_errors():
    with pytest.raises(TypingError, match="unhashable") as info:
        njit(list_key)(1)
    assert "d[[x]] = 1" in str(info.value)
    with pytest.raises(TypingError, match="unhashable"):
        njit(array_key)(np.zeros(2))
    with pytest.raises(TypingError, match="cannot store"):
        njit(two_value_types)(1)
    for d in ({1: 2}, {3: 4}):             # without a default: the value or None (an optional)
        assert njit(get_without_default)(d) == get_without_default(d)
    with pytest.raises(TypeError, match="empty dict"):
        njit(get_without_default)({})


def str_keys(words, d, s):
    for w in words:
        d[w] = d.get(w, 0) + len(w)
        s.add(w + "!")
    del d[words[0]]
    t = {w: i for i, w in enumerate(words)}
    return sorted(d.items()), sorted(s), "zz" in d, words[1] in t, t.pop(words[2]), len(t), {"x": 1.5, "yé": 2.0}


def test_str_keys():
    f = njit(str_keys)
    words = ["a", "bé", "a", "\U0001F600", "xyz" * 10, "", "q"]
    d1, s1, d2, s2 = {"q": 7}, {"w!"}, {"q": 7}, {"w!"}
    assert f(words, d1, s1) == str_keys(words, d2, s2)
    assert d1 == d2 and s1 == s2
    lookup = njit(lambda d, k: d[k])
    assert lookup({"é": 2}, "é") == 2
    with pytest.raises(KeyError):
        lookup({"q": 1}, "zz")
