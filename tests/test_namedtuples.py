"""namedtuples (collections.namedtuple, typing.NamedTuple) in and out of compiled code, made in it,
read by attribute, index and unpacking; `tuple * constant` and `tuple(...)`; compared with Python.
"""
from collections import namedtuple
from typing import NamedTuple

import numpy as np
import pytest

from impl import COMPILE_ERRORS, njit

# numba compiles few of these forms (typed except clauses, finally, closures over arrays, ...)
pytestmark = pytest.mark.numjit_only

Point = namedtuple("Point", "x y")
Pair = namedtuple("Pair", ["first", "second"], defaults=[0])


class Box(NamedTuple):
    lo: float
    hi: float = 10.0
    n: int = 3


class Samples(NamedTuple):
    values: np.ndarray
    weight: float


def plain(value):
    """Comparable form: namedtuples keep their class, arrays become lists."""
    if isinstance(value, np.ndarray):
        return ("array", value.tolist())
    if isinstance(value, tuple):
        return (type(value).__name__, [plain(v) for v in value])
    return value


def same(pyfunc, *argsets):
    cfunc = njit(pyfunc)
    for args in argsets:
        assert plain(cfunc(*args)) == plain(pyfunc(*args)), f"{pyfunc.__name__}{args}"


def scale(s, k):
    return Samples(s.values * k, s.weight * k)


def fields_and_making(p, b, s):
    x, y = p
    q = Point(y=x, x=p.y)
    c = Box(p.x)
    d = Box(1.0, n=5)
    pair = Pair(p)
    t = scale(s, 2.0)                                   # through a compiled callee, arrays inside
    return (q, c, d, b.hi - b.lo, b[2], b[-1], pair, pair.second, t, t.values.sum() + s.weight,
            tuple(p), len(b), p == (x, y), Point(Point(1, 2), Box(0.5)).x.y)


def test_fields_and_making():
    s = Samples(np.arange(3.0), 0.5)
    same(fields_and_making, (Point(1.5, 2), Box(0.5), s), (Point(-1.0, 7), Box(2.0, 3.0, 9), s))


def repeat_and_convert(p):
    z = (0,) * 3 + 2 * (p.x,)
    return z, (p,) * 2, p * 2, (1, 2) * 0, tuple(), tuple((p.x, p.y)), tuple(i * i for i in range(4))


def test_tuple_repeat_and_tuple_of_constant_length():
    same(repeat_and_convert, (Point(1.5, 2),))


def nt_in_loop(n):
    best = Point(0, 0.0)
    for i in range(n):
        cand = Point(i, i * 0.5)
        if cand.y > best.y:
            best = cand
    return best


def test_namedtuple_variables_in_loops():
    same(nt_in_loop, (0,), (5,))


def unknown_field(p):
    return p.z


def repeat_by_variable(p, n):
    return (p.x,) * n


def missing_field(x):
    return Point(x)


@pytest.mark.parametrize("fn,args,words", [(unknown_field, (Point(1, 2),), "no attribute 'z'"),
                                           (repeat_by_variable, (Point(1, 2), 3), "constant count"),
                                           (missing_field, (1,), "missing the field 'y'")])
def test_bad_uses_are_located_errors(fn, args, words):
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(fn)(*args)
    assert words in str(info.value) and "test_namedtuples.py" in str(info.value)
