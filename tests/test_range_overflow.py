"""range() with spans past int64 (stop - start > 2**63 - 1): the trip count, the items and
len(range) match Python; the count is computed on the unsigned span (intrinsics/ranges.py).
"""
import pytest
from hypothesis import given, settings, strategies as st

from impl import njit

INT64_MIN, INT64_MAX = -2**63, 2**63 - 1


def loop_items(a, b, c):
    out = []
    for i in range(a, b, c):
        out.append(i)
    return out


def loop_count_const():
    n = 0
    for i in range(0, 2**63 - 1, 2**62):
        n += 1
    return n


def loop_sum_const():
    s = 0
    for i in range(-2**62, 2**62, 2**62):
        s += i + 1
    return s


def len_const():
    return len(range(-2**63 + 1, 2**63 - 1, 2**62))


def range_object(a, b, c):
    r = range(a, b, c)
    out = [len(r)]
    for i in r:
        out.append(i)
    return out


def enumerate_range(a, b, c):
    out = []
    for k, i in enumerate(range(a, b, c)):
        out.append(k)
        out.append(i)
    return out


def positive_step_from_zero(b):
    out = []
    for i in range(0, b, 2**61):
        out.append(i)
    return out


def negative_step_to_minus_one(a):
    out = []
    for i in range(a, -1, -2**61):
        out.append(i)
    return out


@pytest.mark.parametrize("fn", [loop_count_const, loop_sum_const, len_const])
def test_constant_ranges(fn):
    assert njit(fn)() == fn()


EDGES = [
    (INT64_MIN + 1, INT64_MAX, 2**62), (INT64_MAX, INT64_MIN, -2**62), (INT64_MIN, INT64_MAX, INT64_MAX),
    (INT64_MAX, INT64_MIN, INT64_MIN), (INT64_MIN, INT64_MAX, 2**63 - 2), (-5, 5, 3), (5, -5, -3),
    (0, 0, 1), (3, 0, 2), (0, 3, -2), (INT64_MAX - 1, INT64_MAX, 1), (INT64_MIN, INT64_MIN + 3, 1),
    (INT64_MAX, INT64_MAX - 3, -1), (-2**62, 2**62, 2**62),
]


@pytest.mark.parametrize("a, b, c", EDGES)
@pytest.mark.parametrize("fn", [loop_items, range_object, enumerate_range])
def test_edge_ranges(fn, a, b, c):
    assert njit(fn)(a, b, c) == fn(a, b, c)


@pytest.mark.parametrize("fn, arg", [(positive_step_from_zero, INT64_MAX), (positive_step_from_zero, 5 * 2**60),
                                     (negative_step_to_minus_one, INT64_MAX), (negative_step_to_minus_one, 0)])
def test_constant_step_ranges(fn, arg):
    assert njit(fn)(arg) == fn(arg)


ints = st.integers(INT64_MIN, INT64_MAX)
compiled_items = njit(loop_items)
compiled_object = njit(range_object)


@settings(max_examples=200, deadline=None)
@given(ints, ints, st.integers(1, 40), st.booleans())
def test_any_range(a, b, parts, forward):
    """Steps about |b - a| / parts (either sign), so most ranges have a few items."""
    c = max(1, abs(b - a) // parts) * (1 if forward else -1)
    c = max(INT64_MIN, min(INT64_MAX, c))
    assert compiled_items(a, b, c) == loop_items(a, b, c)
    assert compiled_object(a, b, c) == range_object(a, b, c)
