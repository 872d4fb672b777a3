"""Heterogeneous dict and list displays (numba's LiteralStrKeyDict and LiteralList) and
`.initial_value` of list and dict types in an overload's typer; each compiled result is compared
with the same code run as plain Python."""
import numpy as np
import pytest

from numjit import njit, literal_unroll, literally, types, typeof
from numjit.errors import TypingError
from numjit.extending import overload


def describe(x):
    return x


@overload(describe)
def _describe(x):
    """What the typer sees, as numba spells it, returned as a constant."""
    if isinstance(x, (types.LiteralStrKeyDict, types.LiteralList)):
        assert isinstance(x, types.Literal)                # numba's literal containers are literals
        seen = x.literal_value
        words = tuple(f"{k.literal_value}={v}" for k, v in seen.items()) if isinstance(seen, dict) \
            else tuple(str(v) for v in seen)
        return lambda x: words
    if x.initial_value is None:
        return lambda x: literally(x)
    seen_value = str(x.initial_value)
    return lambda x: (x, seen_value)


def test_literal_str_key_dict_in_compiled_code():
    def use(a, n):
        d = {"n": n, "name": "cat", "data": a, "pair": (n, 2.5)}
        total = 0.0
        for v in literal_unroll(d.values()):
            if isinstance(v, str):
                total += len(v)
            elif isinstance(v, tuple):
                total += v[1]
            else:
                total += np.sum(v) if not isinstance(v, int) else v
        keys = ""
        for k in literal_unroll(d.keys()):
            keys += k
        for k, v in literal_unroll(d.items()):
            keys += k[0]
        return (d["n"] * d["data"], d["name"] + "!", len(d), "name" in d, "dog" in d, n in d,
                d["pair"][0], total, keys)

    f = njit(use)
    for a, n in ((np.arange(3.0), 2), (np.ones((2, 2), order="F")[:, 0], -1), (np.zeros(0), 0)):
        got, want = f(a, n), use(a, n)
        np.testing.assert_array_equal(got[0], want[0])
        assert got[1:] == want[1:]


def test_literal_containers_as_an_overloads_literal_value():
    def call(a):
        return (describe({"a": 1, "b": "dog", "c": a, "d": 2.5}),
                describe(["a", 10, 1j, ["another", "list"], a]))

    a = np.ones(3)
    got, array = njit(call)(a), str(typeof(a))
    assert got[0] == ("a=Literal[int](1)", "b=Literal[str](dog)", f"c={array}", "d=float64")
    assert got[1] == ("Literal[str](a)", "Literal[int](10)", "complex128",
                      "list(unicode_type)<iv=['another', 'list']>", array)


def test_literal_list_returns_a_python_list_and_unrolls():
    def use(n, a):
        xs = [n, "s", (1, 2.5), a]
        total = 0.0
        for v in literal_unroll(xs):
            if isinstance(v, tuple):
                total += v[1]
            elif isinstance(v, int):
                total += v
            elif not isinstance(v, str):
                total += np.sum(v)
        return xs, xs[-2], xs[1], len(xs), total

    f = njit(use)
    for n in (3, -7):
        got, want = f(n, np.arange(4)), use(n, np.arange(4))
        assert type(got[0]) is list and got[0][:3] == want[0][:3]
        np.testing.assert_array_equal(got[0][3], want[0][3])
        assert got[1:] == want[1:]


def test_initial_value_of_list_and_dict_displays():
    def lists(n):
        xs = [1, 2, 3]
        xs[2] = n                      # changes after the display do not change the initial value
        xs.append(n * 2)
        return describe(xs)

    def dicts(n):
        d = {"a": 1.5, "b": 2.0}
        d["c"] = n
        return describe(d)

    def constant_argument():
        return describe([[1.5], [2.0, 3.0]])

    got = njit(lists)(20)
    assert got == (lists(20), "[1, 2, 3]")       # (describe(x) is x in Python)
    got = njit(dicts)(7.0)
    assert dict(got[0]) == dicts(7.0) and got[1] == "{'a': 1.5, 'b': 2.0}"
    assert njit(constant_argument)() == (constant_argument(), "[[1.5], [2.0, 3.0]]")


def test_literal_container_errors_are_located():
    def by_variable(k):
        d = {"a": 1, "b": "x"}
        return d[k]

    def missing():
        d = {"a": 1, "b": "x"}
        return d["c"]

    def computed(n):
        xs = [n] * 3
        return describe(xs)

    with pytest.raises(TypingError, match="must be indexed with a constant string key") as info:
        njit(by_variable)("a")
    assert "d[k]" in str(info.value)
    with pytest.raises(TypingError, match="'c' is not a key of the literal dict"):
        njit(missing)()
    with pytest.raises(TypingError, match="literal dispatch needs the value of 'xs'"):
        njit(computed)(2)


def test_literal_containers_take_no_tuple_operations():
    """They hold their items as a tuple does, but are a dict and a list: what a tuple would do
    and they would not (or do otherwise) is a TypingError, never a tuple result."""
    def concat():
        return [1, "a"] + [2, "b"]

    def repeat():
        return [1, "a"] * 2

    def sliced():
        return [1, "a"][0:1]

    def hashed():
        return hash({"a": 1, "b": "x"})

    def compared():
        return {"a": 1, "b": "x"} == {"b": "x", "a": 1}

    for fn in (concat, repeat, sliced, hashed, compared):
        with pytest.raises(TypingError):
            njit(fn)()

    def lists_compare(n):
        return [n, "a"] == [1, "a"], [n, "a"] < [1, "b"], n in [2, "a"]

    for n in (1, 2):
        assert njit(lists_compare)(n) == lists_compare(n)


def test_literal_containers_assigned_on_two_branches_unify():
    def merged(flag):
        if flag:
            d = {"a": 1, "b": "x", "c": (1, 2.5)}
            xs = [1, "s"]
        else:
            d = {"a": 2, "b": "yy", "c": (3, 4.5)}
            xs = [2.5, "t"]
        return d["a"], d["b"], d["c"], xs, d          # returned, a literal dict is a dict

    f = njit(merged)
    for flag in (True, False):
        assert f(flag) == merged(flag)
