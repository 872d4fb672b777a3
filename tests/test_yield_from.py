"""`yield from` in generator functions, compared with Python: delegating to ranges, arrays (their
items, and rows of 2-d arrays), lists, tuples, strings and other generators, consumed by a `for`
loop in place (with break), by a comprehension, as a generator object from Python and by next();
`yield from` inside loops and of a generator object made in the generator; the value of
`yield from` and a non-iterable are located errors.
"""
import numpy as np
import pytest

from impl import COMPILE_ERRORS, njit

pytestmark = pytest.mark.numjit_only      # (numba refuses `yield from`)


def tens(n):
    for i in range(n):
        yield i * 10


def chain(a, lst, tup, n):
    yield from range(n)
    yield from a
    yield from lst
    yield from tup
    yield from tens(n)                   # another generator
    for i in range(n):
        yield from range(i)              # inside a loop
    yield -1


def consume(a, lst, tup, n, stop):
    listed = [float(v) for v in chain(a, lst, tup, n)]
    s = 0.0
    for v in chain(a, lst, tup, n):      # in place, left by break
        if v > stop:
            break
        s += v
    g = chain(a, lst, tup, n)            # a generator object
    return listed, s, next(g), next(g)


def chars(s):
    yield from s
    yield from "!?"


def rows(m):
    yield from m


def after_first(n):
    g = tens(n)                          # a generator object made in a generator
    yield next(g, -1)
    yield from g


def other_kinds(s, m):
    return [c for c in chars(s)], [r.sum() for r in rows(m)], [v for v in after_first(len(s) + 1)]


compiled_consume = njit(consume)


@pytest.mark.parametrize("n", [0, 3])
def test_delegation_like_python(n):
    f = compiled_consume
    for a, lst, tup, stop in ((np.array([1.5, 2.5]), [7, 8], (4, 5), 5.0),
                              (np.zeros(0), [1], (2, 3), 100.0)):
        args = (a, lst, tup, n, stop)
        if n + len(a) + len(lst) + len(tup) < 2:
            continue
        assert f(*args) == consume(*args)


def test_strings_rows_and_python_consumer():
    m = np.arange(6.0).reshape(3, 2)
    got = njit(other_kinds)("ab", m)
    want = other_kinds("ab", m)
    assert got[0] == want[0] and np.allclose(got[1], want[1]) and got[2] == want[2]
    a, lst, tup = np.array([0.5]), [9], (1, 2)
    assert list(njit(chain)(a, lst, tup, 2)) == [float(v) for v in chain(a, lst, tup, 2)]


def keeps_value(n):
    total = yield from range(n)
    yield total


def delegates_to_int(n):
    yield from n


@pytest.mark.parametrize("fn, token, words", [
    (keeps_value, "yield from range(n)", ["value of 'yield from'"]),
    (delegates_to_int, "n", ["iterate", "int64"]),
])
def test_located_errors(fn, token, words):
    with pytest.raises(COMPILE_ERRORS) as info:
        list(njit(fn)(3))
    message = str(info.value)
    assert all(w in message for w in words) and "^" in message and token in message, message
