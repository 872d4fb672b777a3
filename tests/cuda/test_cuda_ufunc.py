"""vectorize/guvectorize(target="cuda"): kernels validated as PTX, run in the simulator against NumPy."""

import numpy as np
import pytest

from numjit import config, cuda, vectorize, guvectorize, float32, float64
from numjit.types import Array
from gpu_kernels import add, clip, shift, sigmoid


def total(x, out):
    s = 0.0
    for v in x:
        s += v
    out[0] = s


@pytest.fixture
def simulator(monkeypatch):
    monkeypatch.setattr(config, "SIMULATE", True)


def test_ufunc_kernels_compile_to_ptx():
    uf = vectorize(["float32(float32, float32, float32)", "float64(float64, float64, float64)"], target="cuda")(clip)
    sig = uf.signatures[0]
    kernel = uf._kernel(sig, frozenset({1, 2}))             # scalars lo, hi are parameters
    spec = kernel.compile((Array(float32, 1, "C"), Array(float32, 1, "C"), float32, float32))
    assert spec.compiled.params == "PqqPqqff" and ".entry" in spec.compiled.ptx
    g = guvectorize(["void(float64[:], float64, float64[:])"], "(n),()->(n)", target="cuda")(shift)
    gspec = g._kernel(g.signatures[0]).compile((Array(float64, 2, "C"), Array(float64, 1, "C"), Array(float64, 2, "C")))
    assert ".entry" in gspec.compiled.ptx


def test_vectorize_in_the_simulator(simulator):
    uf = vectorize(["float32(float32, float32, float32)"], target="cuda")(clip)
    x = np.linspace(-1, 2, 30, dtype=np.float32).reshape(5, 6)
    np.testing.assert_array_equal(uf(x, np.float32(0.0), np.float32(1.0)), np.clip(x, 0, 1))
    d = cuda.to_device(x)
    res = uf(d, np.float32(0.0), np.float32(1.0))
    assert cuda.is_cuda_array(res)
    np.testing.assert_array_equal(res.copy_to_host(), np.clip(x, 0, 1))
    lazy = vectorize(target="cuda")(sigmoid)
    a, b = np.arange(1.0, 5.0), np.array([0.5, -1.0, 2.0, 0.0])
    np.testing.assert_allclose(lazy(a, b), 1.0 / (a + np.exp(-b)), rtol=1e-15)
    adder = vectorize(["int64(int64, int64)", "float64(float64, float64)"], target="cuda", identity=0)(add)
    v = np.arange(11)
    assert adder.reduce(v) == v.sum()
    assert adder.reduce(np.arange(0)) == 0


def test_guvectorize_in_the_simulator(simulator):
    g = guvectorize(["void(float64[:], float64, float64[:])", "void(int64[:], int64, int64[:])"], "(n),()->(n)",
                    target="cuda")(shift)
    x = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(g(x, 2.5), x + 2.5)
    np.testing.assert_array_equal(g(np.arange(4), 3), np.arange(4) + 3)
    t = guvectorize(["void(float64[:], float64[:])"], "(n)->()", target="cuda")(total)
    np.testing.assert_array_equal(t(x), x.sum(axis=1))


def test_seed_cuda_example_in_the_simulator(simulator):
    y = np.random.default_rng(0).random(1000).astype(np.float32)
    add_cuda = vectorize("float32(float32, float32)", target="cuda")(add)
    np.testing.assert_array_equal(add_cuda(y, np.float32(1.0)), y + np.float32(1.0))


def test_cuda_reduce_in_the_simulator(simulator):
    @cuda.reduce
    def maximum(a, b):
        return a if a > b else b
    x = np.random.default_rng(3).standard_normal(37)
    assert maximum(x) == x.max()
    assert maximum(x, size=5, init=-100.0) == x[:5].max()
    assert maximum(np.zeros(0), init=7.0) == 7.0
