"""Python sets, compiled vs. interpreted (the harness of test_dicts.py): displays, set(), set
comprehensions, add/discard/remove/pop/update/clear/copy, the binary methods and operators
(| & - ^ <= >= < > == != and their in-place forms), in/len/iteration, sets passed in
(changes reflected) and returned, hypothesis over add/discard sequences, and the errors.
"""
import pytest
from hypothesis import given, settings, strategies as st

from impl import njit, TypingError
from test_dicts import check, same

pytestmark = pytest.mark.numjit_only


def set_ops(xs, ys):
    built = set()
    for x in xs:
        built.add(x)
    a, b = set(xs), {y for y in ys if y == y}
    made = (built, b, {1, 2, 2, 3}, len(a), 3 in a, 3 not in a)
    out = [a | b, a & b, a - b, a ^ b, a.union(b), a.intersection(b), a.difference(b),
           a.symmetric_difference(b)]
    flags = [a <= b, a >= b, a < b, a > b, a == b, a != b, a.issubset(b), a.issuperset(b),
             a.isdisjoint(b), a | b >= a, a & b <= b]
    c = a.copy()
    c |= b
    d = a.copy()
    d &= b
    e = a.copy()
    e -= b
    f = a.copy()
    f ^= b
    g = a.copy()
    g.update(ys)
    g.discard(xs[0])
    g.discard(12345)
    total = 0
    for x in g:
        total += x
    return made, out, flags, (c, d, e, f, g, total)


def test_set_operations():
    check(set_ops, ([1, 2, 3, 4], [3, 4, 5]), ([1, 2], [1, 2]), ([5], [1, 2, 5, 7]), ([0, -1, 2], [9]))
    check(set_ops, ([0.5, 1.0, -2.0], [1.0, 3.5]))


def mutate(s, x):
    s.add(x)
    s.discard(1)
    return len(s)


def test_reflection_and_return():
    check(mutate, ({1, 2, 3}, 7), ({2}, 2), ({1}, 1))
    s = {4, 5}
    assert njit(mutate)(s, 6) == 3 and s == {4, 5, 6}


def pop_all(s):
    out = []
    while s:
        out.append(s.pop())
    return sorted(out)


def fails(s, how):
    if how == 0:
        s.remove(99)
    elif how == 1:
        s.clear()
        s.pop()
    else:
        for x in s:
            s.add(x + 100)


def test_pop_and_errors():
    check(pop_all, ({3, 1, 2},), ({(1, 2), (0, 5), (1, 0)},))
    cfunc = njit(fails)
    for how in (0, 1):
        with pytest.raises(KeyError) as info:
            cfunc({1}, how)
        with pytest.raises(KeyError) as want:
            fails({1}, how)
        assert info.value.args == want.value.args        # KeyError(99), as CPython
    with pytest.raises(RuntimeError, match="Set changed size during iteration"):
        cfunc({1, 2}, 2)


def replay(ops, keys):
    s = set()
    seen = []
    for op, k in zip(ops, keys):
        if op == 0:
            s.add(k)
        elif op == 1:
            s.discard(k)
        else:
            seen.append(k in s)
    return s, seen


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(-30, 30)), min_size=1, max_size=300))
def test_replay_hypothesis(pairs):
    ops = [p[0] for p in pairs]
    keys = [p[1] for p in pairs]
    same(_replay(ops, keys), replay(ops, keys))


_replay = njit(replay)


def list_item(x):
    s = {1}
    s.add([x])


def mixed(x):
    return {1, (x, x)}


def test_typing_errors():
    with pytest.raises(TypingError, match="unhashable type"):
        njit(list_item)(1)
    with pytest.raises(TypingError, match="mixes"):
        njit(mixed)(1)
