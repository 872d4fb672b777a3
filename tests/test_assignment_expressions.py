"""Assignment expressions (`x := v`) compared with Python on the same inputs: in if/elif/while
tests, a for's iterable, nested in expressions (reads before and after the store in one
statement), short-circuited (`and`/`or`, conditional expressions, comparison chains: the target
keeps its old value or stays unbound, UnboundLocalError as in Python), in comprehensions and
generator expressions (the target binds in the function), in loops, lambdas and generators;
a `:=` where numjit does not version it is a located error.
"""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from impl import COMPILE_ERRORS, impl_module, njit

prange = impl_module.prange

pytestmark = pytest.mark.numjit_only      # (numba's walrus support differs by construct)


def branches_and_loops(n, a):
    halvings = []
    m = n
    while (m := m // 2) > 0:                     # the test reads and stores the loop's variable
        halvings.append(m)
    if (top := a.max() if a.size else -1.0) > 2.0:
        kind = 1
    elif (low := a.min() if a.size else 1.0) < 0.0:
        kind = 2
    else:
        kind = 3
    total = 0
    for i in range(k := n % 5 + 1):              # stored before the loop, read in it
        total += k * i
    evens = 0
    for v in a:
        if (d := v * 2.0) > 1.0:
            evens += 1
    return halvings, m, top, kind, total, k, evens, d if a.size else 0.0, low if kind != 1 else 0.0


def nested(x):
    s = (p := x + 1) * (q := p * 2) + p          # later operands read the stored values
    y = x
    z = y + (y := 10) + y                        # the read before the store sees the old value
    w = 5
    w += (w := 2)                                # `+=` reads w before the `:=` stores 2
    c = 0 < (lo := x) < (hi := 10)              # the chain stops early: hi is then unbound
    return s, p, q, z, y, w, c, lo


def short_circuit(flag, v):
    x = -1
    if flag or (x := v) > 0:                     # skipped when flag: x keeps its old value
        pass
    r = (u := v * 3) if flag else 0              # u unbound when not flag
    out = x, r
    if flag:
        out = x, r + u
    return out


def unbound_after_skip(flag, v):
    if flag and (x := v) > 0:
        return x
    return x                                     # UnboundLocalError when flag is False


def comprehensions(a):
    big = [y for v in a if (y := v * 2) > 3]      # y binds in the function, as in Python
    firsts = {int(k): (last := k + 0.5) for k in a}
    found = any((w := v) > 2 for v in a)
    total = sum(t for v in a if (t := v - 1) > 0)
    return big, y, firsts, last, found, w, total


def empty_comprehension(a):
    ys = [y for v in a if (y := v) > 100]
    return ys, y                                 # a empty: never stored, UnboundLocalError


def helpers(v, s):
    square = lambda u: (t := u + 1) * t          # the lambda's own variable
    n = len(word := s + "!")
    if isinstance(k := v, int):                  # (run, as above)
        n += k
    return square(v), word, n


def counter(n):
    i = 0
    while (i := i + 1) <= n:
        yield (sq := i * i) + sq


def through_generator(n):
    return [v for v in counter(n)]


def arrays(a):
    if (m := a).ndim == 2:                       # run (not decided by the type): the store happens
        return m.sum(), 0.0, m.size
    if (b := a[a > 0]).size > 0:
        return b.sum(), (c := b * 2).sum(), c.shape[0]
    return 0.0, 0.0, 0


compiled_branches_and_loops = njit(branches_and_loops)


@pytest.mark.parametrize("n", [0, 1, 100])
def test_tests_and_loops(n):
    f = compiled_branches_and_loops
    for a in (np.array([0.2, 3.5, -1.0]), np.array([-1.0, 0.4]), np.array([0.1, 0.3]), np.zeros(0)):
        assert f(n, a) == branches_and_loops(n, a)


compiled_nested, compiled_short_circuit = njit(nested), njit(short_circuit)


@given(st.integers(-50, 50))
@settings(max_examples=15, deadline=None)
def test_nested_and_short_circuit(x):
    assert compiled_nested(x) == nested(x)
    for flag in (True, False):
        assert compiled_short_circuit(flag, x) == short_circuit(flag, x)


def test_unbound_like_python():
    f = njit(unbound_after_skip)
    assert f(True, 3) == unbound_after_skip(True, 3)
    assert f(True, -3) == unbound_after_skip(True, -3)
    with pytest.raises(UnboundLocalError):
        unbound_after_skip(False, 3)
    with pytest.raises(UnboundLocalError):
        f(False, 3)
    g = njit(empty_comprehension)
    assert g(np.arange(5)) == empty_comprehension(np.arange(5))      # (y stored by each test)
    for h in (empty_comprehension, g):
        with pytest.raises(UnboundLocalError):
            h(np.arange(0))


def test_comprehensions_bind_in_the_function():
    f = njit(comprehensions)
    for a in (np.arange(5), np.array([3, 1, 4, 1, 5]), np.array([-2, 7])):
        assert f(a) == comprehensions(a)


def test_lambdas_strings_generators_arrays():
    assert njit(helpers)(3, "ab") == helpers(3, "ab")
    assert njit(through_generator)(5) == through_generator(5)
    g = njit(arrays)
    for a in (np.array([-1.0, 2.0, 3.5]), np.array([[1.0, -2.0], [3.0, 4.0]]), np.zeros(0)):
        assert g(a) == arrays(a)


def test_prange_body():
    def f(a):
        s = 0.0
        for i in prange(a.shape[0]):
            s += (v := a[i] * 2.0) + v
        return s
    a = np.arange(100.0)
    assert njit(parallel=True)(f)(a) == f(a)


def walrus_in_except_clause(x):
    try:
        return x
    except (E := ValueError):                    # noqa: F841
        return 0


def test_unversioned_place_is_a_located_error():
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(walrus_in_except_clause)(1)
    message = str(info.value)
    assert ":=" in message and "E := ValueError" in message and "^" in message
