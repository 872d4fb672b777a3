"""vectorize/guvectorize(target="cuda") on a real GPU, compared with NumPy (marked gpu)."""

import numpy as np
import pytest

from gpu_env import require_gpu

require_gpu()
pytestmark = pytest.mark.gpu

from numjit import cuda, vectorize, guvectorize  # noqa: E402
from gpu_kernels import add, clip, shift, sigmoid, CudaArrayInterface  # noqa: E402


def test_vectorize_host_device_scalars():
    uf = vectorize(["float32(float32, float32, float32)", "float64(float64, float64, float64)"], target="cuda")(clip)
    x = np.random.default_rng(1).standard_normal((300, 7)).astype(np.float32)
    np.testing.assert_array_equal(uf(x, np.float32(-0.5), np.float32(0.5)), np.clip(x, -0.5, 0.5))
    d = cuda.to_device(x)
    res = uf(d, np.float32(-0.5), np.float32(0.5))
    assert cuda.is_cuda_array(res)
    np.testing.assert_array_equal(res.copy_to_host(), np.clip(x, -0.5, 0.5))
    lazy = vectorize(target="cuda")(sigmoid)
    a, b = np.arange(1.0, 1001.0), np.linspace(-3, 3, 1000)
    np.testing.assert_allclose(lazy(a, b), 1.0 / (a + np.exp(-b)), rtol=1e-14)


def test_seed_add_and_reduce():
    y = np.random.default_rng(0).random(10 ** 5).astype(np.float32)
    add_cuda = vectorize("float32(float32, float32)", target="cuda")(add)
    np.testing.assert_array_equal(add_cuda(y, np.float32(1.0)), y + np.float32(1.0))
    ints = vectorize(["int64(int64, int64)"], target="cuda")(add)
    v = np.arange(12345, dtype=np.int64)
    assert ints.reduce(v) == v.sum()


def test_guvectorize():
    g = guvectorize(["void(float64[:], float64, float64[:])"], "(n),()->(n)", target="cuda")(shift)
    x = np.arange(60.0).reshape(5, 12)
    np.testing.assert_array_equal(g(x, 2.5), x + 2.5)
    d = cuda.to_device(x)
    np.testing.assert_array_equal(g(d, 1.0).copy_to_host(), x + 1.0)


def test_cupy_arrays_in_ufuncs():
    cp = pytest.importorskip("cupy")
    uf = vectorize(["float32(float32, float32)"], target="cuda")(add)
    a = cp.arange(1000, dtype=cp.float32)
    res = uf(a, a)
    np.testing.assert_array_equal(cp.asnumpy(cp.asarray(res)), 2 * np.arange(1000, dtype=np.float32))


def test_cuda_reduce():
    @cuda.reduce
    def total(a, b):
        return a + b
    x = np.arange(100000, dtype=np.float64)
    assert total(x) == x.sum()
    assert total(cuda.to_device(x), init=5.0) == x.sum() + 5.0


def test_objects_with_only_the_interface_in_ufuncs():
    """Objects exporting only __cuda_array_interface__ (as PyTorch tensors, whose dtype is not
    NumPy's): inputs, out=, reduce; torch's own tensors where installed."""
    uf = vectorize(["float32(float32, float32)"], target="cuda")(add)
    x = np.arange(1000, dtype=np.float32)
    d, out = cuda.to_device(x), cuda.device_array(1000, np.float32)
    uf(CudaArrayInterface(d), CudaArrayInterface(d), out=CudaArrayInterface(out))
    np.testing.assert_array_equal(out.copy_to_host(), 2 * x)
    assert uf.reduce(CudaArrayInterface(d)) == x.sum()
    try:
        import torch
    except ImportError:
        return
    t = torch.arange(1000, dtype=torch.float32, device="cuda")
    np.testing.assert_array_equal(uf(t, t).copy_to_host(), 2 * x)
