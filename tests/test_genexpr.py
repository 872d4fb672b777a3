"""Generator expressions consumed by sum/any/all/min/max/list/sorted/tuple, and iter/next, compared
with Python on the same inputs (empty inputs, early exits, nested `for`s, `if` filters).
"""
import numpy as np
import pytest

from impl import COMPILE_ERRORS, njit

# numba compiles few of these forms (typed except clauses, finally, closures over arrays, ...)
pytestmark = pytest.mark.numjit_only


def outcome(fn, *args):
    try:
        value = fn(*args)
    except Exception as exc:
        return ("raised", type(exc), str(exc) if not isinstance(exc, StopIteration) else "")
    return ("ok", value.tolist() if isinstance(value, np.ndarray) else value)


def same(pyfunc, *argsets):
    cfunc = njit(pyfunc)
    for args in argsets:
        assert outcome(cfunc, *args) == outcome(pyfunc, *args), f"{pyfunc.__name__}{args}"


def consumers(a, xs, n):
    return (sum(x * x for x in a), sum(x for x in xs), sum((i * 0.5 for i in range(n)), 10.0),
            any(x > 2 for x in a), all(x >= 1 for x in a), any(x > 100 for x in xs),
            max((x % 3 for x in a if x > 0), default=-5), min((x for x in xs), default=-1),
            max((x for x in xs if x > 50), default=-1), list(x + 1 for x in xs), sorted(-x for x in xs),
            tuple(i * 2 for i in range(3)), tuple(x * 2.0 for x in (1, 2.5)),
            sum(i * j for i in range(n) for j in range(i) if (i + j) % 2),
            all(np.ones(2).sum() > 0 for _ in range(n)),          # an array made in each item
            any(a[i] > 1 for i in range(a.shape[0])), sum(v > 0.5 for v in np.linspace(0, 1, n)))


def test_consumers():
    same(consumers, (np.arange(5), [3, 1, 2], 4), (np.zeros(0, np.int64), [5], 3),
         (np.array([-3, 7, 2]), [0, 60, 99], 9))


def early_exit(a):
    """any/all stop at the first decisive item (a later item would raise IndexError)."""
    return any(a[i] > 0 for i in range(a.shape[0] + 5)), all(a[i] < 0 for i in range(a.shape[0] + 5))


def test_any_all_stop_early():
    cfunc = njit(boundscheck=True)(early_exit)
    for a in (np.array([1.0, -1.0]), np.array([-1.0, 1.0])):
        assert outcome(cfunc, a) == outcome(early_exit, a)


def empty_extremum(a):
    return max(x * 2 for x in a), min(x for x in a if x > 0)


def test_min_max_of_empty_raise():
    same(empty_extremum, (np.array([3.0, 1.0]),), (np.zeros(0),), (np.array([-1.0]),))


def nan_extremum(a):
    return max(x for x in a), min(x for x in a)


def test_min_max_keep_python_nan_order():
    cfunc = njit(nan_extremum)
    for a in (np.array([np.nan, 1.0, 2.0]), np.array([1.0, np.nan, 0.5])):
        assert repr([float(v) for v in cfunc(a)]) == repr([float(v) for v in nan_extremum(a)])


def iterators(a, xs, n):
    it = iter(a)
    first = next(it)
    items = iter(xs)
    r = iter(range(1, n, 3))
    r1, r2 = next(r, -1), next(r, -1)
    total = 0
    try:
        while True:
            total += next(items)
    except StopIteration:
        total -= 1000
    same_it = iter(it)                           # iter of an iterator is itself
    return first, next(same_it), next(it, -1.0), total, r1, r2, next(r, -7), next(iter(range(n, 0, -2)), 99)


def loops_over_iterators(a, xs, n):
    it = iter(a)
    first = next(it)
    s = 0.0
    for x in it:                                 # consumes the iterator; break keeps the rest
        if x > 3:
            break
        s += x
    li = iter(xs)
    t = 0
    for v in li:
        t += v
    ri = iter(range(2, n, 3))
    next(ri, 0)
    u = 0
    for r in ri:
        u += r
    rows = iter(np.arange(6.0).reshape(3, 2))
    next(rows)
    w = 0.0
    for row in rows:
        w += row.sum()
    return first, s, next(it, -1.0), t, next(li, -5), u, w


def test_for_loops_consume_iterators():
    same(loops_over_iterators, (np.array([1.0, 2.0, 3.0, 4.0, 5.0]), [1, 2, 3], 20),
         (np.array([9.0, 1.0]), [4], 0))


def test_iter_next():
    same(iterators, (np.array([1.5, 2.5, 3.5]), [1, 2, 3], 8), (np.array([1.5, 2.5]), [4], 0),
         (np.array([1.5]), [4], 0))


def generator_in_variable(a):
    g = (x for x in a)
    return sum(g)


def generator_passed(a):
    return consume(x for x in a)


def consume(g):
    return sum(g)


def tuple_of_unknown_length(a):
    return tuple(x for x in a)


@pytest.mark.parametrize("fn,words", [(generator_in_variable, "argument of a call"),
                                      (generator_passed, "cannot be passed"),
                                      (tuple_of_unknown_length, "length known")])
def test_bad_uses_are_located_errors(fn, words):
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(fn)(np.arange(3.0))
    assert words in str(info.value) and "test_genexpr.py" in str(info.value)
