"""Generator objects: a compiled generator function called from Python (or outside a `for` in
compiled code) returns a lazy generator whose `next` resumes compiled code. Compared item by
item with the same generator run by Python: infinite generators consumed partially, arrays of
several layouts, exceptions raised midway, StopIteration after the end, abandoned generators
(the leak check of conftest.py covers every test), and generator objects used in compiled code.
"""
import itertools

import numpy as np
import pytest

from impl import COMPILE_ERRORS, njit

pytestmark = pytest.mark.numjit_only


def outcomes(gen, n):
    """The first n results of next(gen): ("value", v) or (exception class, its args)."""
    out = []
    for _ in range(n):
        try:
            out.append(("value", next(gen)))
        except Exception as exc:                 # StopIteration included: the end, again and again
            out.append((type(exc), exc.args))
    return out


def same(a, b):
    assert len(a) == len(b), (a, b)
    for x, y in zip(a, b):
        assert x[0] == y[0], (a, b)
        if isinstance(x[1], np.ndarray):
            np.testing.assert_array_equal(x[1], y[1])
            assert x[1].dtype == y[1].dtype
        else:
            np.testing.assert_equal(x[1], y[1])          # (NaN equals NaN here)


def counting(start, step):
    i = start
    while True:
        yield i * i + step
        i += step


def scaled_rows(a, factor):
    for i in range(a.shape[0]):
        yield a[i] * factor              # an array made at each item


def checked(a, limit):
    total = 0.0
    for x in a:
        if x > limit:
            raise ValueError("item over the limit", x)
        total += x
        yield total
    return                               # (the end: StopIteration)


def mixed(n, t, s):
    for i in range(n):
        if i == 3:
            return
        yield (i, t[1], s * i)
    yield (-1, 0.0, "")


def bare(n):
    for _ in range(n):
        yield


def test_infinite_generator_consumed_partially():
    cgen = njit(counting)
    g = cgen(3, 2)
    assert iter(g) is g and "counting" in repr(g) and g.__next__() == 3 * 3 + 2
    py = counting(3, 2)
    next(py)
    assert list(itertools.islice(g, 5)) == list(itertools.islice(py, 5))
    same(outcomes(g, 3), outcomes(py, 3))           # it goes on where islice stopped
    for start in (-4, 0):                             # abandoned without a single next
        cgen(start, 1)
    assert [x for x, _ in zip(cgen(0, -1), range(4))] == [x for x, _ in zip(counting(0, -1), range(4))]


def test_generators_over_arrays_of_every_layout():
    crows, cchecked = njit(scaled_rows), njit(checked)
    base = np.arange(24.0).reshape(4, 6)
    for a in (base, np.asfortranarray(base), base[::2, ::3], base[:0], base.astype(np.int32)):
        same(outcomes(crows(a, 2), 6), outcomes(scaled_rows(a, 2), 6))
    rows = crows(np.arange(12).reshape(3, 4) + 1, 3)  # the argument dies after the call: adopted
    first = next(rows)
    del rows                                          # abandoned holding an array it made
    np.testing.assert_array_equal(first, (np.arange(4) + 1) * 3)
    for a in (np.array([1.0, 2.5, 4.0]), np.array([1.0, np.nan, np.inf]), np.arange(10.0)[::-3], np.zeros(0)):
        same(outcomes(cchecked(a, 100.0), 5), outcomes(checked(a, 100.0), 5))


def test_an_exception_inside_ends_the_generator():
    cchecked = njit(checked)
    for a, limit in [(np.array([1.0, 2.0, 30.0, 4.0]), 10.0), (np.array([50.0]), 10.0)]:
        same(outcomes(cchecked(a, limit), 5), outcomes(checked(a, limit), 5))
    with pytest.raises(ValueError) as info:
        list(cchecked(np.array([0.5, 11.0]), 10.0))
    assert "test_generator_objects.py" in "".join(str(tb) for tb in info.traceback)


def test_tuples_strings_none_and_early_return():
    cmixed, cbare = njit(mixed), njit(bare)
    for n in (0, 2, 6):
        same(outcomes(cmixed(n, (1, 2.5), "ab"), 6), outcomes(mixed(n, (1, 2.5), "ab"), 6))
        assert list(cbare(n)) == list(bare(n))
    assert next(cmixed(2, (0, 1.0), "x"), "default") == (0, 1.0, "")
    assert next(cbare(0), "default") == "default"


def fill(a):
    for i in range(a.shape[0]):
        a[i] = i + 1
        yield a[:i + 1].sum()


def held(d, lst, t, opt):
    for k in range(3):
        yield d[k] + lst[k] + t[0][k] + (opt[k] if opt is not None else 0.5)


def test_arguments_outlive_the_call():
    cheld = njit(held)
    for opt in (np.arange(3.0) + 100, None):
        args = lambda: ({0: 1.0, 1: 2.0, 2: 3.0}, [1.0, 2.0, 3.0], (np.arange(3.0) * 10,),   # noqa: E731
                        None if opt is None else opt.copy())
        g = cheld(*args())                          # every argument made for the call dies after it
        scratch = [np.full(3, -1.0) for _ in range(50)]     # (memory reused by these would show)
        assert list(g) == list(held(*args())) and len(scratch) == 50


def test_generators_are_lazy():
    a = np.zeros(4)
    g = njit(fill)(a)
    assert not a.any()                      # nothing ran yet
    assert next(g) == 1.0 and a.tolist() == [1.0, 0.0, 0.0, 0.0]
    assert list(g) == [3.0, 6.0, 10.0] and a.tolist() == [1.0, 2.0, 3.0, 4.0]


# -- generator objects in compiled code ---------------------------------------------------------

def evens(n):
    for i in range(n):
        if i % 2 == 0:
            yield i


def plus(n, k):
    for x in evens(n):                      # a generator iterating another (in place)
        yield x + k


def raising(n):
    for i in range(n):
        if i == 2:
            raise KeyError(i)
        yield i


def made(n):
    return plus(n, 100)


def uses_objects(n):
    g = evens(n)
    first = next(g)
    total = 0
    for x in g:                             # the rest of it
        if x > 4:
            break
        total += x
    rest = [x for x in g]                   # after the break: what is left
    pairs = 0
    for i, (a, b) in enumerate(zip(evens(n), plus(n, 1))):
        pairs += i * a + b
    caught = 0
    try:
        for x in raising(n):
            caught += x
    except KeyError:
        caught = -caught - 1
    return first, total, rest, pairs, caught, list(plus(n, 2)), sum(evens(n))


def next_times_ten(it):
    return next(it) * 10


def test_generator_objects_in_compiled_code():
    cmade, cuses = njit(made), njit(uses_objects)
    for n in (0, 3, 11):
        assert list(cmade(n)) == list(made(n))
        if n:
            assert cuses(n) == uses_objects(n)
    with pytest.raises(StopIteration):
        cuses(0)                            # next() of an empty generator
    g = cmade(5)
    assert next(g) == 100 and njit(next_times_ten)(g) == 1020 and list(g) == [104]


def guarded(a, log):
    for i in range(a.shape[0]):
        try:
            if a[i] < 0:
                raise ValueError("negative")
            yield a[i] * 2
        except ValueError as e:
            log[0] += len(e.args)
            yield -1.0                      # (suspended while handling: dropped here, it is freed)
            log[0] += 10
        else:
            log[1] += 1
        finally:
            log[2] += 1                     # also when the generator is dropped while suspended
    log[3] = 7


def sums_guarded(a, log, stop):
    s = 0.0
    for x in guarded(a, log):               # (a generator object: its yields are inside try)
        if x == stop:
            break
        s += x
    return s


def test_yields_inside_try_finally():
    cguarded, csums = njit(guarded), njit(sums_guarded)
    a = np.array([1.0, -2.0, 3.0, 4.0])
    for stop in (100.0, 6.0, 2.0, -1.0):
        logs = np.zeros(4), np.zeros(4)
        assert csums(a, logs[0], stop) == sums_guarded(a, logs[1], stop)
        np.testing.assert_array_equal(*logs)
    logs = np.zeros(4), np.zeros(4)
    gens = cguarded(a, logs[0]), guarded(a, logs[1])
    assert [next(g) for g in gens] == [2.0, 2.0]
    del gens                                # dropped inside the try: the finally runs
    np.testing.assert_array_equal(*logs)
    logs = np.zeros(4), np.zeros(4)
    gens = cguarded(a, logs[0]), guarded(a, logs[1])
    assert [[next(g), next(g)] for g in gens] == [[2.0, -1.0]] * 2
    del gens                                # dropped inside the except clause
    np.testing.assert_array_equal(*logs)


def yields_in_finally(n):
    try:
        n = 1 // n
    finally:
        yield n


def test_yield_inside_finally_is_a_located_error():
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(yields_in_finally)(3)
    assert "inside a 'finally'" in str(info.value) and "test_generator_objects.py" in str(info.value)


def test_jitclass_generator_methods_are_lazy_from_python():
    from numjit.experimental import jitclass
    from numjit import int64

    @jitclass([("n", int64)])
    class Counter:
        def __init__(self, n):
            self.n = n

        def __iter__(self):
            i = 0
            while True:                      # endless: only a lazy iterator can hand it to Python
                yield i * self.n
                i += 1

        def below(self, limit):
            for i in range(limit):
                yield i + self.n

    c = Counter(3)
    assert list(itertools.islice(c, 4)) == [0, 3, 6, 9]
    assert list(c.below(3)) == [3, 4, 5] and "generator" in repr(c.below(1))
