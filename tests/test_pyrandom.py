"""Python's `random` module in compiled code: after the same `random.seed(s)`, every function gives
CPython's numbers, number for number (the plain function run by the interpreter is the reference)."""
import random
import threading

import numpy as np
import pytest

import numjit
from numjit.errors import TypingError

SEEDS = (0, 1, 42, -7, 2**32, 2**40 + 3, 2**63 - 1, -2**63)


def integers(s):
    random.seed(s)
    out = [random.getrandbits(1), random.getrandbits(5), random.getrandbits(32), random.getrandbits(33),
           random.getrandbits(63), random.getrandbits(0), random.randrange(1000), random.randrange(1),
           random.randint(-5, 5), random.randint(7, 7), random.randrange(3, 100, 7),
           random.randrange(50, -10, -3), random.randrange(-2**61, 2**61), random.randrange(10, 11)]
    for _ in range(50):
        out.append(random.randrange(2**20 + 1))
    return out


def reals(s):
    random.seed(s)
    out = [random.random(), random.uniform(2, 5), random.uniform(-1.5, 3), random.triangular(),
           random.triangular(1.0, 3.0, 2.5), random.triangular(0.0, 1.0, None), random.triangular(2.0, 2.0, 2.0),
           random.normalvariate(), random.normalvariate(1.0, 2.0), random.lognormvariate(0.0, 0.5),
           random.expovariate(1.5), random.vonmisesvariate(0.5, 4.0), random.vonmisesvariate(1.0, 0.0),
           random.paretovariate(2.5), random.weibullvariate(1.0, 1.5)]
    for alpha in (0.3, 1.0, 2.5, 50.0):
        out.append(random.gammavariate(alpha, 2.0))
    for a, b in ((0.5, 0.5), (2.0, 3.0), (1.0, 1.0)):
        out.append(random.betavariate(a, b))
    for _ in range(5):                 # gauss keeps its second value
        out.append(random.gauss())
        out.append(random.gauss(3.0, 0.5))
    random.seed(s + 1)                 # seeding drops it
    out.append(random.gauss())
    random.seed(s + 1)
    out.append(random.gauss())
    out.append(random.gauss(mu=1.0, sigma=2.0))
    out.append(random.random())
    return out


def sequences(s, items, arr):
    random.seed(s)
    picks = [random.choice(items) for _ in range(20)]
    random.shuffle(items)
    random.shuffle(arr)
    return picks, items, arr, random.choice(arr), random.choice("abcdef")


@pytest.mark.parametrize("fn", [integers, reals])
def test_streams_equal_cpython(fn):
    compiled = numjit.njit(fn)
    for s in SEEDS:
        assert compiled(s) == fn(s), s


def test_sequences_equal_cpython():
    compiled = numjit.njit(sequences)
    for s in (0, 5, 123):
        for n in (1, 2, 17):
            got = compiled(s, list(range(n)), np.arange(n, dtype=np.float32))
            want = sequences(s, list(range(n)), np.arange(n, dtype=np.float32))
            assert got[0] == want[0] and got[1] == want[1] and got[3] == want[3] and got[4] == want[4]
            np.testing.assert_array_equal(got[2], want[2])
    view = np.arange(10.0)[::-2]                         # a strided view is shuffled in place
    want = view.copy()
    compiled(9, [1], view)
    sequences(9, [1], want)
    np.testing.assert_array_equal(view, want)


def errors(which):
    if which == 0:
        return random.randrange(0)
    if which == 1:
        return random.randrange(5, 5)
    if which == 2:
        return random.randrange(0, 10, 0)
    if which == 3:
        return random.randrange(0, 10, -1)
    if which == 4:
        return random.getrandbits(-1)
    if which == 5:
        return int(random.gammavariate(0.0, 1.0))
    return random.choice([1.5, 2.5][:which - 6])


def test_errors_as_cpython():
    compiled = numjit.njit(errors)
    for which in range(7):
        with pytest.raises(Exception) as want:
            errors(which)
        with pytest.raises(type(want.value), match=f"^{want.value}$".replace("(", r"\(").replace(")", r"\)")):
            compiled(which)
    assert compiled(7) == 1.5


def test_unseeded_and_entropy():
    @numjit.njit
    def draws(reseed):
        if reseed:
            random.seed()
        return random.random(), random.random()

    a = draws(True)
    b = draws(True)
    assert a != b and all(0.0 <= x < 1.0 for x in a + b)

    def thread_first():               # a fresh thread starts from entropy, not from another's seed
        results.append(draws(False))
    results = []
    for _ in range(2):
        t = threading.Thread(target=thread_first)
        t.start()
        t.join()
    assert results[0] != results[1]


def test_python_state_and_numpy_stream_are_separate():
    @numjit.njit
    def both(s):
        random.seed(s)
        np.random.seed(s)
        a = random.random()
        b = np.random.random()
        return a, b, random.random(), np.random.random()

    random.seed(3)
    before = random.getstate()
    got = both(3)
    assert random.getstate() == before             # the interpreter's state is untouched
    random.seed(3)
    rs = np.random.RandomState(3)
    assert got == (random.random(), rs.random_sample(), random.random(), rs.random_sample())


def test_bad_arguments_are_located_errors():
    @numjit.njit
    def shuffle2d(a):
        random.shuffle(a)

    with pytest.raises(TypingError, match="1-d array"):
        shuffle2d(np.zeros((2, 2)))

    @numjit.njit
    def bad_seed():
        random.seed("abc")

    with pytest.raises(TypingError):
        bad_seed()
