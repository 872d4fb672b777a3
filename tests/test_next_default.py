"""iter() and next(it, default) compared with Python: iterators over lists, 1-d and 2-d arrays
(rows), ranges, tuples of one item type, strings and generator objects, and zip/enumerate values,
advanced by next (with and without a default), by `for` loops and comprehensions over the same
iterator, consumed by list(), dict() and sorted(); iterators over dicts and their views (keys,
values, items; RuntimeError when the dict changes size); `next(it, None)` gives an optional tested with
`is None`; a default no type shares with the items is a located error.
"""
import numpy as np
import pytest

from impl import COMPILE_ERRORS, njit

pytestmark = pytest.mark.numjit_only      # (numba has no next(it, default))


def drain(lst, a, m, t, s, n):
    out = []
    seq = iter(lst)
    out.append(next(seq, -1))                # (an int default: the result unifies to float)
    while (v := next(seq, None)) is not None:
        out.append(v)
    out.append(next(seq, -2.0))
    arr = iter(a)
    while (v := next(arr, None)) is not None:
        out.append(v)
    out.append(next(arr, -3))
    rows = iter(m)
    sums = []
    while (r := next(rows, None)) is not None:
        sums.append(r.sum())
    tup = iter(t)
    head = next(tup, 0)
    tail = [x for x in tup]                  # the rest of the same iterator
    chars = iter(s)
    c0 = next(chars, "")
    rest = ""
    for c in chars:
        rest += c
    r = iter(range(n))
    return out, sums, head, tail, next(tup, -9), c0, rest, next(chars, "?"), next(r, -1), [k for k in r], next(r, -1)


def squares(n):
    for i in range(n):
        yield i * i


def from_generator(n):
    g = squares(n)
    first = next(g, -1)
    seen = []
    while (v := next(g, None)) is not None:
        seen.append(v)
    return first, seen, next(g, -1)


compiled_drain, compiled_from_generator = njit(drain), njit(from_generator)


@pytest.mark.parametrize("k", [0, 1, 4])
def test_next_with_default_like_python(k):
    f = compiled_drain
    lst, a = [float(i) for i in range(k + 1)], np.arange(k) * 0.5
    m, t, s = np.arange(2.0 * k).reshape(k, 2), (3, 4, 5), "héllo"[:k]
    want, got = drain(lst, a, m, t, s, k), f(lst, a, m, t, s, k)
    assert got == want
    assert compiled_from_generator(k) == from_generator(k)


def zips(a, lst, s, n):
    z = zip(a, lst)
    first = next(z, (-1, 0.0))
    rest = [x * y for x, y in z]                 # the rest of the same zip
    after = next(z, (-1, -1.0))
    shared = iter(lst)
    pairs = zip(shared, s)                       # stops at s's end, taking one more item of lst
    count = 0
    for p in pairs:
        count += 1
    e = enumerate(s, n)
    k0, c0 = next(e, (-1, ""))
    tail = list(e)
    numbered = [(i, x + y) for i, (x, y) in enumerate(zip(a, lst))]
    triples = list(zip(a, lst, s))
    table = dict(zip(s, lst))
    del table[s[0]]
    keys, entries = iter(table), iter(table.items())
    first_key = next(keys, "")
    return (first, rest, after, count, next(shared, -9.0), k0, c0, tail, numbered, triples,
            sorted(zip(lst, a)), first_key, list(keys), next(keys, "?"), next(entries, ("", 0.0)), list(entries),
            next(iter(table.values()), 0.0), next(enumerate(a), (0, 0)))


compiled_zips = njit(zips)


@pytest.mark.parametrize("n", [0, 2, 5])
def test_zip_and_enumerate_values(n):
    a, lst, s = np.arange(n) * 2, [float(i) - 1.5 for i in range(n + 1)], "héllo"[:3]
    assert compiled_zips(a, lst, s, n) == zips(a, lst, s, n)


def grows_while_iterated(d):
    it = iter(d)
    next(it)
    d[len(d) + 100] = 0
    return next(it, -1)


def test_dict_changed_size_during_iteration():
    for f in (grows_while_iterated, njit(grows_while_iterated)):
        with pytest.raises(RuntimeError, match="dictionary changed size during iteration"):
            f({1: 2, 3: 4})


def bad_default(s):
    return next(iter(s), 5)


def test_default_of_another_type_is_a_located_error():
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(bad_default)("ab")
    message = str(info.value)
    assert "next()" in message and "next(iter(s), 5)" in message and "^" in message
