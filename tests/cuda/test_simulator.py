"""The CUDA simulator runs the GPU tests' kernels on threads, compared with NumPy (no GPU needed)."""
import numpy as np
import pytest

import gpu_kernels as K
from kernel_checks import CHECKS, check_declared_signatures_and_array_interface
from numjit import config, cuda, vectorize


@pytest.fixture(autouse=True)
def simulator(monkeypatch):
    monkeypatch.setattr(config, "SIMULATE", True)


def test_mode_queries():
    assert cuda.simulator_enabled and cuda.is_available()
    assert cuda.get_current_device().name == "SIMULATOR"


def test_strided_views_of_simulated_device_arrays():
    d = cuda.to_device(np.arange(10.0))
    np.testing.assert_array_equal(d[::2].copy_to_host(), np.arange(10.0)[::2])


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__[6:])
def test_kernels_against_numpy(check):
    check(small=True)


@cuda.jit
def early_exit_then_sync(out, n):
    i = cuda.threadIdx.x
    if i >= n:
        return
    cuda.syncthreads()
    out[i] = n


@cuda.jit
def out_of_range(out):
    out[cuda.grid(1)] = 1.0


def test_exited_threads_do_not_block_barriers_and_bad_indexes_raise():
    out = np.zeros(8)
    early_exit_then_sync[1, 8](out, 5)
    np.testing.assert_array_equal(out, [5, 5, 5, 5, 5, 0, 0, 0])
    with pytest.raises(IndexError) as info:
        out_of_range[1, 12](np.zeros(10))
    assert "CUDA simulator" in "".join(getattr(info.value, "__notes__", []))


@pytest.mark.parametrize("variable", ["NUMJIT_ENABLE_CUDASIM", "NUMBA_ENABLE_CUDASIM"])
def test_environment_variables_turn_the_simulator_on(variable):
    import os
    import subprocess
    import sys
    env = dict(os.environ, **{variable: "1"})
    code = "from numjit import cuda; print(cuda.simulator_enabled, cuda.is_available())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["True", "True"], out.stderr


@cuda.jit
def scale_2d(x, k):
    i, j = cuda.grid(2)
    if i < x.shape[0] and j < x.shape[1]:
        x[i, j] *= k


class HostExport:
    """A host array exporting its pointer through both interfaces (so the simulator may read it)."""

    def __init__(self, array):
        self.array = array
        self.__array_interface__ = array.__array_interface__
        self.__cuda_array_interface__ = dict(array.__array_interface__, stream=None)


def test_cuda_array_interface_objects_are_views_in_the_simulator():
    check_declared_signatures_and_array_interface(small=True, rounds=2)
    d = cuda.to_device(np.arange(12.0).reshape(3, 4))
    view = K.CudaArrayInterface(d[:, 1::2])                  # a strided view, re-exported (as torch does)
    scale_2d[1, (4, 4)](view, 10.0)
    expected = np.arange(12.0).reshape(3, 4)
    expected[:, 1::2] *= 10
    np.testing.assert_array_equal(d.copy_to_host(), expected)
    shared = cuda.as_cuda_array(view)
    assert cuda.is_cuda_array(view) and shared.shape == (3, 2) and cuda.to_device(view).shape == (3, 2)
    assert cuda.device_array_like(view).shape == (3, 2)
    shared[0, 0] = -1.0                                        # no copy: the same memory
    assert d[0, 1] == -1.0
    host = np.arange(5, dtype=np.float32)
    out = np.zeros(5, np.float32)
    K.add_kernel[1, 8](HostExport(out), HostExport(host), host)
    np.testing.assert_array_equal(out, 2 * host)

    def clip(x, lo, hi):
        return lo if x < lo else (hi if x > hi else x)
    uf = vectorize(["float32(float32, float32, float32)"], target="cuda")(clip)
    x = np.linspace(-1, 2, 7).astype(np.float32)
    dx, dout = cuda.to_device(x), cuda.device_array(7, np.float32)
    uf(K.CudaArrayInterface(dx), np.float32(0), np.float32(1), out=K.CudaArrayInterface(dout))
    np.testing.assert_array_equal(dout.copy_to_host(), np.clip(x, 0, 1))
    np.testing.assert_array_equal(uf(K.CudaArrayInterface(dx), 0.0, 1.0).copy_to_host(), np.clip(x, 0, 1))

    @cuda.reduce
    def add(a, b):
        return a + b
    assert add(K.CudaArrayInterface(dx)) == np.float32(x.sum(dtype=np.float32))
    gpu_pointer = {"shape": (4,), "strides": None, "typestr": "<f8", "data": (0x7F0000001000, False), "version": 3}
    on_gpu = type("GpuArray", (), {"__cuda_array_interface__": gpu_pointer})()    # never read: it would crash
    with pytest.raises(TypeError, match="cannot read the memory of this GpuArray"):
        scale_2d[1, (4, 4)](on_gpu, 2.0)
    with pytest.raises(TypeError, match="cannot read the memory"):
        cuda.as_cuda_array(on_gpu)
