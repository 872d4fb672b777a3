"""Lazy vectorize / guvectorize: loop choice for duck arrays, reductions, dtype= and
signature= on the first call, and the ufunc attributes they expose.

Expected values come from NumPy's own ufuncs (np.add, np.add.reduce...) on the
same inputs, or from the real ufunc the lazy object has built.
"""
import numpy as np
import pytest

from helpers import assert_array_same
from impl import impl_module

vectorize, guvectorize = impl_module.vectorize, impl_module.guvectorize
pytestmark = pytest.mark.numjit_only

SMALL_INTS = [np.int8, np.int16, np.int32, np.uint8, np.uint16, np.uint32, np.bool_]
ALL_DTYPES = SMALL_INTS + [np.int64, np.uint64, np.float32, np.float64]


def add(x, y):
    return x + y


def shift(x, c, out):
    for i in range(x.shape[0]):
        out[i] = x[i] + c


class Duck:
    """A duck array (as xarray or Dask): __array_ufunc__ unwraps to NumPy; converting it with
    np.asarray is an error, as computing a Dask array would be a cost."""

    def __init__(self, data):
        self.data = np.asarray(data)

    @property
    def dtype(self):
        return self.data.dtype

    @property
    def shape(self):
        return self.data.shape

    def __array__(self, *args, **kwargs):
        raise AssertionError("the duck array was converted to find its dtype")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        inputs = [x.data if isinstance(x, Duck) else x for x in inputs]
        if "out" in kwargs:
            kwargs["out"] = tuple(x.data if isinstance(x, Duck) else x for x in kwargs["out"])
        return Duck(getattr(ufunc, method)(*inputs, **kwargs))


# -- duck arrays ----------------------------------------------------------------------------

def test_duck_array_uses_the_loop_for_its_dtype():
    ladd = vectorize(add)
    assert_array_same(ladd(1.0, 2.0), np.add(1.0, 2.0))       # compiles dd->d first
    data = np.array([2**60 + 1, 3])
    got = ladd(Duck(data), 0)
    assert isinstance(got, Duck)
    assert_array_same(got.data, np.add(data, 0))                # int64, exact
    got = ladd(Duck(data.astype(np.int32)), Duck(data.astype(np.int32)))
    assert_array_same(got.data, ladd(data.astype(np.int32), data.astype(np.int32)))


def test_lazy_gufunc_reads_a_duck_arrays_dtype_without_converting_it():
    g = guvectorize("(n),()->(n)")(shift)
    x = np.arange(6, dtype=np.int64).reshape(2, 3)
    assert_array_same(g(x.astype(np.float64), 0.5), x + 0.5)   # compiles a float64 loop first
    got = g(Duck(x), 2)
    assert isinstance(got, Duck)
    assert_array_same(got.data, x + 2)                           # the int64 loop, not float64
    assert_array_same(g(Duck(x), np.int64(3), Duck(np.empty_like(x))).data, x + 3)


# -- reduce / accumulate / reduceat ---------------------------------------------------------

@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
def test_lazy_reductions_match_numpy(dtype):
    u = vectorize(add)
    a = (np.arange(1, 13) % 7).astype(dtype)
    m = a.reshape(3, 4)
    assert_array_same(u.reduce(a), np.add.reduce(a))
    assert_array_same(u.accumulate(a), np.add.accumulate(a))
    assert_array_same(u.reduceat(a, [0, 5, 6]), np.add.reduceat(a, [0, 5, 6]))
    assert_array_same(u.reduce(m, axis=1), np.add.reduce(m, axis=1))
    assert_array_same(u.reduce(m, 0), np.add.reduce(m, 0))
    assert_array_same(u.accumulate(m, axis=0), np.add.accumulate(m, axis=0))


def test_lazy_reduction_after_other_loops_uses_numpys_dtype():
    u = vectorize(add)
    u(1.5, 2.5)                                           # a float64 loop comes first
    a = np.arange(-5, 5, dtype=np.int32)
    assert_array_same(u.reduce(a), np.add.reduce(a))       # int64, not float64
    assert_array_same(u.accumulate(a), np.add.accumulate(a))


@pytest.mark.parametrize("dtype", [np.float32, np.int16, np.float64])
def test_lazy_reduction_with_dtype(dtype):
    u = vectorize(add)
    a = np.arange(10, dtype=np.int32)
    assert_array_same(u.reduce(a, dtype=dtype), np.add.reduce(a, dtype=dtype))
    assert_array_same(u.reduce(a, 0, dtype), np.add.reduce(a, 0, dtype))
    assert_array_same(u.accumulate(a, dtype=dtype), np.add.accumulate(a, dtype=dtype))
    assert_array_same(u.reduceat(a, [0, 3], 0, dtype), np.add.reduceat(a, [0, 3], 0, dtype))


def test_lazy_reduction_into_out():
    u = vectorize(add)
    a = np.arange(12, dtype=np.int32).reshape(3, 4)
    got, want = np.empty(4, np.int64), np.empty(4, np.int64)
    u.reduce(a, axis=0, out=got)
    np.add.reduce(a, axis=0, out=want)
    assert_array_same(got, want)


# -- dtype= and signature= on the first call -----------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32])
def test_first_call_with_dtype(dtype):
    add3 = vectorize(add)
    assert_array_same(add3(np.arange(3), 2, dtype=dtype), np.add(np.arange(3), 2, dtype=dtype))
    assert_array_same(add3(np.arange(3), 2), np.add(np.arange(3), 2))
    assert_array_same(add3(np.arange(3), 2, dtype=dtype), np.add(np.arange(3), 2, dtype=dtype))


@pytest.mark.parametrize("signature", ["dd->d", "ff->f", "hh->h", "ll->l", (np.float64, np.float64, None),
                                       (None, None, np.int32), (None, None, np.float32)])
def test_first_call_with_signature(signature):
    u = vectorize(add)
    x = np.arange(4, dtype=np.int16)
    assert_array_same(u(x, x, signature=signature), np.add(x, x, signature=signature))


def test_first_call_with_signature_on_a_later_dtype():
    u = vectorize(add)
    x = np.arange(4, dtype=np.int64)
    assert_array_same(u(x, x), np.add(x, x))                # seen: int64 arguments
    assert_array_same(u(x, x, signature="dd->d"), np.add(x, x, signature="dd->d"))


# -- attributes --------------------------------------------------------------------------

@pytest.mark.parametrize("identity", [None, 0, 1, "reorderable", 7])
def test_lazy_ufunc_attributes_match_the_real_ufunc(identity):
    u = vectorize(identity=identity)(add)
    before = (u.nin, u.nout, u.nargs, u.ntypes, u.identity, u.signature)
    u(np.arange(3), 1)
    u(np.arange(3.0), 1.0)
    real = u.ufunc
    for name in ("nin", "nout", "nargs", "ntypes", "identity", "signature", "types"):
        assert getattr(u, name) == getattr(real, name), name
    assert before == (real.nin, real.nout, real.nargs, 0, real.identity, real.signature)


@pytest.mark.parametrize("layout", ["(n),()->(n)", "(m, n), (n) -> (m)"])
def test_lazy_gufunc_attributes_match_the_real_gufunc(layout):
    g = guvectorize(layout, identity=0)(matvec if "m" in layout else shift)
    before = (g.nin, g.nout, g.nargs, g.ntypes, g.identity, g.signature)
    args = [np.ones((2, 3)), np.ones(3)] if "m" in layout else [np.ones(3), 1.0]
    g(*args)
    real = g.ufunc
    for name in ("nin", "nout", "nargs", "ntypes", "identity", "signature", "types"):
        assert getattr(g, name) == getattr(real, name), name
    assert before == (real.nin, real.nout, real.nargs, 0, real.identity, real.signature)


def matvec(m, v, out):
    for i in range(m.shape[0]):
        out[i] = 0.0
        for j in range(v.shape[0]):
            out[i] += m[i, j] * v[j]


def blend(src, dst):
    return (src & dst) | (src ^ dst)


def test_loops_compiled_ahead_then_frozen():
    """datashader's composite operators: `_compile_for_argtys` (and `add`) compile loops before any
    call, `_frozen = True` stops new ones: calls then run the loop NumPy picks among those there are
    (casting the inputs), or fail as NumPy does when none can take them."""
    from impl import types
    u = vectorize(blend)
    u._compile_for_argtys((types.uint32, types.uint32))
    u.add("int64(int64, int64)")
    u._frozen = True
    loops = list(u.types)
    assert [t.split("->")[0] for t in loops] == ["II", "ll"]
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 2**16, 50).astype(np.uint16), rng.integers(0, 2**32, 50).astype(np.uint32)
    for x, y, loop in ((a, b, loops[0]), (a.astype(np.int8), a.astype(np.int32), loops[1]),
                       (b[::3], b[1::3], loops[0])):
        inputs, output = np.dtype(loop[0]), np.dtype(loop[-1])
        assert_array_same(u(x, y), blend(x.astype(inputs), y.astype(inputs)).astype(output))
    with pytest.raises(TypeError):
        u(np.ones(3), np.ones(3))            # float64: no loop takes it, and none is compiled
    assert u.types == loops
