"""The CUDA simulator runs the GPU tests' kernels on threads, compared with NumPy (no GPU needed)."""
import numpy as np
import pytest

from kernel_checks import CHECKS
from numjit import config, cuda


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
