"""numba.experimental.structref on numjit: proxies built from Python and compiled code, fields read
and written on both sides, user constructors and methods, and located errors — each compared with
the same code run as plain Python on a plain object."""
import types as pytypes

import numpy as np
import pytest

from numjit import njit, prange, types, typeof
from numjit.errors import TypingError
from numjit.experimental import structref
from numjit.extending import overload, overload_method


@structref.register
class IndexType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(ty)) for name, ty in fields)


class Index(structref.StructRefProxy):
    @property
    def count(self):
        return _count(self)


structref.define_proxy(Index, IndexType, ["data", "weights", "count", "scale"])


@njit
def _count(ix):
    return ix.count


def _search(ix, queries):
    """Nearest row of ix.data to each query, scaled; counts the queries answered."""
    out = np.empty(queries.shape[0], np.int64)
    for q in range(queries.shape[0]):
        best, best_d = -1, np.inf
        for i in range(ix.data.shape[0]):
            d = ix.weights[i] * np.sum((ix.data[i] - queries[q]) ** 2) * ix.scale
            if d < best_d:
                best, best_d = i, d
        out[q] = best
    ix.count += queries.shape[0]
    return out


def _readonly(a):
    a = a.view()
    a.flags.writeable = False
    return a


def test_proxy_from_python_and_compiled_code():
    rng = np.random.default_rng(0)
    data, weights = rng.random((20, 3)), rng.random(20) + 0.5
    queries = np.asfortranarray(rng.random((7, 3)))
    ix = Index(_readonly(data), weights, 0, 2.0)
    assert isinstance(ix, Index) and typeof(ix) == ix._type == ix._numba_type_
    assert typeof(ix).field_dict["data"] == typeof(_readonly(data))
    plain = pytypes.SimpleNamespace(data=data, weights=weights, count=0, scale=2.0)
    compiled = njit(_search)
    for _ in range(2):                                  # state persists in the struct between calls
        np.testing.assert_array_equal(compiled(ix, queries), _search(plain, queries))
        assert ix.count == plain.count
    empty = np.empty((0, 3))
    np.testing.assert_array_equal(compiled(ix, empty), _search(plain, empty))
    weights[:] = 1.0                                    # the struct holds the caller's array, not a copy
    plain.weights = weights
    np.testing.assert_array_equal(compiled(ix, queries), _search(plain, queries))

    @njit
    def build_and_use(data, queries):
        ix = Index(data, np.ones(data.shape[0]), 5, 1.0)   # constructed in compiled code
        first = _search(ix, queries)
        return ix, first, ix.count

    made, first, count = build_and_use(data, queries)
    assert isinstance(made, Index) and count == 5 + queries.shape[0] == made.count
    np.testing.assert_array_equal(first, _search(pytypes.SimpleNamespace(data=data, weights=np.ones(20), count=5,
                                                                          scale=1.0), queries))

    @njit(parallel=True)
    def parallel_sum(ix):
        out = np.zeros(ix.data.shape[0])
        for i in prange(ix.data.shape[0]):
            out[i] = ix.data[i].sum() * ix.weights[i]
        return out
    np.testing.assert_allclose(parallel_sum(ix), data.sum(axis=1) * weights)

    entry = njit(lambda ix, k: ix.data.shape[0] + k)
    entry.compile((typeof(ix), types.int64))           # pynndescent compiles exactly the proxy's type
    assert entry(ix, 3) == 23
    assert entry(Index(data[:5].astype(np.float32), weights, 0, 2.0), 3) == 8   # another struct type
    assert len(entry.signatures) == 2
    fake = object.__new__(Index)                       # a proxy's type but no struct behind it
    fake._type = typeof(ix)
    with pytest.raises(TypeError):
        _count(fake)


@structref.register
class CounterType(types.StructRef):
    pass


class Counter(structref.StructRefProxy):
    def __new__(cls, start):
        return structref.StructRefProxy.__new__(cls, start)

    @property
    def value(self):
        return _value(self)


@njit
def _value(c):
    return c.value


@overload(Counter)
def _counter_ctor(start):                               # the user's own constructor, with structref.new
    struct_type = CounterType([("value", types.float64), ("history", types.float64[::1])])

    def impl(start):
        c = structref.new(struct_type)
        c.value = start                                 # an int stored in a float64 field
        c.history = np.zeros(4)
        return c
    return impl


@overload_method(CounterType, "bump")
def _bump(c, by):
    def impl(c, by):
        c.history[int(c.value) % 4] += by
        c.value += by
        return c.value
    return impl


structref.define_boxing(CounterType, Counter)


def test_user_constructor_methods_and_errors():
    c = Counter(3)
    assert isinstance(c, Counter) and c.value == 3.0

    @njit
    def run(c, steps):
        total = 0.0
        for s in steps:
            total += c.bump(s)
        return total, c.history.copy()

    steps = np.array([1.0, 2.5, -0.5])
    value, history, total = 3.0, np.zeros(4), 0.0
    for s in steps:
        history[int(value) % 4] += s
        value += s
        total += value
    got_total, got_history = run(c, steps)
    assert got_total == total and c.value == value
    np.testing.assert_array_equal(got_history, history)

    @njit
    def bad_field(c):
        return c.nothing
    with pytest.raises(TypingError, match="no field 'nothing'"):
        bad_field(c)

    @njit
    def bad_store(c):
        c.history = 1.0
    with pytest.raises(TypingError, match="cannot assign a value of type float64 to field 'history'"):
        bad_store(c)

    @structref.register
    class LonelyType(types.StructRef):
        pass
    lonely = LonelyType([("x", types.int64)])

    @njit
    def escape():
        s = structref.new(lonely)
        s.x = 1
        return s
    with pytest.raises(TypingError, match="no proxy class"):
        escape()

    @njit
    def not_a_type():
        return structref.new(3)
    with pytest.raises(TypingError, match="StructRef type instance"):
        not_a_type()
    with pytest.raises(TypeError):
        structref.register(int)


def _rank_py(x, method="average"):
    if method == "ordinal":
        return x + 1
    return x * 2


_rank = njit(_rank_py)


def _rank_caller(x):
    return _rank(x), _rank(x, "ordinal"), _rank(x, method="ordinal"), _rank(x, method="other")


def test_string_default_in_compiled_call():
    """A str default parameter (pynndescent's rankdata(a, method="average")) called from compiled code."""
    expected = (_rank_py(3), _rank_py(3, "ordinal"), _rank_py(3, method="ordinal"), _rank_py(3, method="other"))
    assert njit(_rank_caller)(3) == expected
