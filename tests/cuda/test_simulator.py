"""The CUDA simulator runs the GPU tests' kernels on threads, compared with NumPy (no GPU needed)."""
import numpy as np
import pytest

import gpu_kernels as K
from numjit import config, cuda
from reference import atomics_reference, warp_reference


@pytest.fixture(autouse=True)
def simulator(monkeypatch):
    monkeypatch.setattr(config, "SIMULATE", True)


def test_mode_queries():
    assert cuda.simulator_enabled and cuda.is_available()
    assert cuda.get_current_device().name == "SIMULATOR"


def test_add_with_host_and_simulated_device_arrays():
    a, b = np.arange(40, dtype=np.float32), np.linspace(0, 1, 40, dtype=np.float32)
    out = np.zeros_like(a)
    K.add_kernel[2, 32](out, a, b)
    np.testing.assert_array_equal(out, a + b)
    da, dout = cuda.to_device(a), cuda.device_array_like(a)
    K.add_kernel[2, 32](dout, da, cuda.to_device(b))
    np.testing.assert_array_equal(dout.copy_to_host(), a + b)
    np.testing.assert_array_equal(dout[::2].copy_to_host(), (a + b)[::2])


def test_math_and_grids():
    x = np.linspace(-3, 3, 40)
    out = np.zeros((x.size, 4))
    K.math_kernel[2, 32](out, x)
    np.testing.assert_allclose(out, K.math_reference(x), rtol=1e-12)
    grid = np.zeros((9, 5), np.int64)
    K.grid2d_kernel[(2, 2), (8, 4)](grid)
    ii, jj = np.indices(grid.shape)
    np.testing.assert_array_equal(grid, ii * 1000 + jj)
    regs = np.zeros((40, 6), np.int32)
    K.registers_kernel[2, 20](regs)
    i = np.arange(40)
    np.testing.assert_array_equal(regs, np.stack([i % 20, i // 20, np.full(40, 20), np.full(40, 2), i % 20,
                                                  np.full(40, 32)], axis=1))


def test_shared_memory_and_barriers():
    x = np.arange(128, dtype=np.float32)
    out = np.zeros_like(x)
    K.shared_reverse[2, 64](out, x)
    np.testing.assert_array_equal(out, np.concatenate([x[:64][::-1], x[64:][::-1]]))
    y = np.arange(10, dtype=np.float64)
    total = np.zeros(1)
    K.dynamic_shared_sum[1, 10, 0, 10 * 8](total, y)
    assert total[0] == y.sum()


def test_local_arrays_and_device_functions():
    x = np.arange(20, dtype=np.int32)
    out = np.zeros_like(x)
    K.local_and_const[1, 32](out, x)
    np.testing.assert_array_equal(out, 4 * x)
    xf = np.arange(10, dtype=np.float32)
    outf = np.zeros_like(xf)
    K.device_call_kernel[1, 16](outf, xf, 3.0)
    np.testing.assert_array_equal(outf, xf * 3 + 1)


def test_atomics_match_sequential_semantics():
    counters = np.zeros(9, np.int64)
    counters[3] = -1
    fsum, imax, fmin = np.zeros(1, np.float32), np.zeros(1, np.int64), np.full(1, np.inf)
    K.atomics_kernel[2, 16](counters, fsum, imax, fmin)
    ref_counters, ref_sum, ref_max, ref_min = atomics_reference(32)
    np.testing.assert_array_equal(counters[:7], ref_counters[:7])
    assert (fsum[0], imax[0], fmin[0]) == (ref_sum, ref_max, ref_min)


def test_warp_functions_and_bits():
    x = np.arange(32, dtype=np.int32)
    out = np.zeros((32, 10), np.int64)
    K.warp_kernel[1, 32](out, x)
    np.testing.assert_array_equal(out, warp_reference(x))
    bits = np.array([0, 1, 2, 3, 0x80000000, 0xFFFFFFFF, 12345678, 1 << 20], np.uint32)
    res = np.zeros((bits.size, 4), np.uint32)
    K.bits_kernel[1, 8](res, bits)
    np.testing.assert_array_equal(res, K.bits_reference(bits))


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
