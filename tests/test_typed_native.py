"""The native methods of typed.List / typed.Dict / typed.Set (numjit/dispatch/methods.py): the
same sequence of operations on a typed container and on Python's list/dict/set, through the
native path (a compiled signature fits) and its Python fallback (first calls, other item types,
slices, keywords, wrong arguments), compared result by result: values, and the exception type and
message (IndexError/KeyError as CPython words them).
"""
import random
import sys

import pytest

from impl import types

pytestmark = pytest.mark.numjit_only

typed = pytest.importorskip("numjit.typed")


def outcome(call):
    try:
        return "ok", call()
    except (IndexError, KeyError) as exc:
        return type(exc), exc.args
    except TypeError:
        return TypeError, None                    # numjit words its type errors in numjit's types


def same(typed_container, python_container, op):
    got, expected = outcome(lambda: op(typed_container)), outcome(lambda: op(python_container))
    assert got == expected, (op.__doc__, got, expected)


def python_frames(op):
    """The Python functions `op` runs, beside itself (none: served by the native methods)."""
    names = []
    sys.setprofile(lambda frame, event, arg: names.append(frame.f_code.co_name) if event == "call" else None)
    try:
        op()
    finally:
        sys.setprofile(None)
    return [name for name in names if name != "<lambda>"]


def test_served_without_python_frames():
    tl, td, ts = typed.List([1, 2]), typed.Dict({"a": 1.5}), typed.Set([3])
    warm = [lambda: tl.append(3), lambda: tl[-1], lambda: tl.__setitem__(0, 4), lambda: len(tl),
            lambda: td.__setitem__("b", 2.5), lambda: td["a"], lambda: "b" in td, lambda: len(td),
            lambda: (td.__setitem__("b", 2.5), td.__delitem__("b")), lambda: td.get("a"), lambda: td.get("z"),
            lambda: (td.__setitem__("b", 2.5), td.pop("b")), lambda: (tl.append(5), tl.pop()),
            lambda: (tl.append(5), tl.pop(-1)), lambda: ts.add(4), lambda: 4 in ts, lambda: ts.discard(4), lambda: len(ts)]
    for op in warm:
        op()                                            # compiles the helper's signature if needed
        assert python_frames(op) == []
    assert python_frames(lambda: tl[1:]) != []          # a slice: the Python method
    assert list(tl) == [4, 2, 3, 3] and dict(td) == {"a": 1.5} and set(ts) == {3}


def _set(i, x):
    def op(c):
        c[i] = x
    return op


def _del(k):
    def op(c):
        del c[k]
    return op


def list_ops(rng, items):
    for _ in range(300):
        i = rng.randrange(-12, 12)
        append = lambda c, x=rng.choice(items): c.append(x)    # noqa: E731
        yield rng.choice([append, append, append, lambda c, i=i: c[i], _set(i, rng.choice(items)),
                          lambda c: len(c), lambda c, i=i: c[i:], lambda c, i=i: c.pop(i), lambda c: c.pop()])


@pytest.mark.parametrize("items", [[0, 5, -7, 2**40], [0.5, -2.0, float("inf")], ["a", "", "é𝔸", "bb"]],
                         ids=["int", "float", "str"])
def test_list_methods_like_a_list(items):
    rng = random.Random(len(items) + len(str(items)))
    for tl in (typed.List(), typed.List.empty_list(types.typeof(items[0]))):
        pl = []
        for op in list_ops(rng, items):
            same(tl, pl, op)
            assert len(tl) == len(pl) and list(tl) == pl
    assert type(typed.List.append).__name__ == "method_descriptor"


def test_list_wrong_arguments():
    tl, pl = typed.List([1, 2, 3]), [1, 2, 3]
    for op in (lambda c: c["a"], lambda c: c[1.5], _set("a", 1), lambda c: c.append(),
               lambda c: c.append(1, 2), lambda c: c.__len__(1), _set(-4, 1), lambda c: c.pop(1, 2),
               _set(3, 1), lambda c: c[-4], lambda c: c[True]):
        same(tl, pl, op)
    assert list(tl) == pl
    tl.append(item=4)                                   # keywords: served by the Python method
    assert list(tl) == pl + [4]
    with pytest.raises(TypeError):
        typed.List.append(typed.Dict(), 1)              # the descriptor checks self's class
    with pytest.raises(TypeError):
        tl.append("a")                                  # a str into a List of int64
    with pytest.raises(IndexError, match="list index out of range"):
        typed.List()[0]


@pytest.mark.parametrize("keys,values", [([3, -1, 2**40, 0, 7], [1.5, 2.0]), (["x", "", "日本", "x2"], [1, -2])],
                         ids=["int-float", "str-int"])
def test_dict_methods_like_a_dict(keys, values):
    rng = random.Random(len(keys))
    td, pd = typed.Dict(), {}
    for _ in range(400):
        k = rng.choice(keys)
        op = rng.choice([_set(k, rng.choice(values)), lambda c, k=k: c[k], _del(k), lambda c, k=k: k in c,
                         lambda c: len(c), lambda c, k=k: c.get(k), lambda c, k=k: c.pop(k, None),
                         lambda c, k=k: c.pop(k), lambda c, k=k: c.get(k, values[0])])
        same(td, pd, op)
        assert dict(td) == pd and list(td) == list(pd)
    for op in (lambda c: c[[1]], lambda c: [1] in c, lambda c: c.__getitem__(),
               lambda c: c.__contains__(1, 2)):
        same(td, pd, op)
    with pytest.raises(TypeError):
        td[keys[0]] = "not a number"
    key_error = outcome(lambda: td[keys[0] * 3])
    assert key_error == (KeyError, (keys[0] * 3,))


def test_set_methods_like_a_set():
    rng = random.Random(5)
    ts, ps = typed.Set(), set()
    for _ in range(300):
        k = rng.randrange(-8, 8)
        op = rng.choice([lambda c, k=k: c.add(k), lambda c, k=k: c.discard(k), lambda c, k=k: k in c,
                         lambda c: len(c), lambda c, k=k: c.remove(k)])
        same(ts, ps, op)
        assert set(ts) == ps
    for op in (lambda c: c.add(), lambda c: [1] in c, lambda c: c.discard(1, 2)):
        same(ts, ps, op)
    strings = typed.Set(["a", "b"])
    strings.add("é")
    assert "é" in strings and "c" not in strings and len(strings) == 3
    with pytest.raises(TypeError, match="cannot look up a int64 key"):
        3 in strings                                    # (Python's set says False)
