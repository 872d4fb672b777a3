"""Kernels on a real GPU, compared with NumPy (marked gpu; skipped without a driver and device)."""

import math

import numpy as np
import pytest

from gpu_env import require_gpu

require_gpu()
pytestmark = pytest.mark.gpu

from numjit import cuda  # noqa: E402
import gpu_kernels as K  # noqa: E402
from kernel_checks import CHECKS, check_declared_signatures_and_array_interface, \
    check_declared_scalar_conversions  # noqa: E402


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__[6:])
def test_kernels_against_numpy(check):
    check(small=False)


def test_integer_division_by_zero_is_numpy_like():
    out = np.full(2, -7, np.int64)
    K.divide_kernel[1, 1](out, 7, 0)
    with np.errstate(divide="ignore"):
        np.testing.assert_array_equal(out, [np.int64(7) // np.int64(0), np.int64(7) % np.int64(0)])


def test_launch_errors():
    with pytest.raises(ValueError):
        K.add_kernel[0, 32]
    with pytest.raises(ValueError):
        K.add_kernel[1, 2048]
    with pytest.raises(cuda.CudaDriverError) as info:
        K.add_kernel[(1, 1, 1 << 20), (1024, 1, 1)](np.zeros(1), np.zeros(1), np.zeros(1))
    assert info.value.name.startswith("CUDA_ERROR")


def test_half_precision():
    a = np.linspace(-3, 3, 100).astype(np.float16)
    b = np.linspace(0.25, 4, 100).astype(np.float16)
    a[-1] = np.nan
    s = np.float16(0.375)
    out, flags = np.zeros((100, 22), np.float16), np.zeros((100, 7), np.bool_)
    K.half_kernel[4, 32](out, flags, a, b, s)
    ref, ref_flags = K.half_reference(a, b, s)
    exact = [c for c in range(22) if c not in (12, 13, 14, 15, 16)]     # libdevice float32 exp/log/sin/cos
    np.testing.assert_array_equal(out[:, exact], ref[:, exact])
    np.testing.assert_allclose(out[:, 12:17].astype(np.float32), ref[:, 12:17].astype(np.float32),
                               rtol=2e-3, atol=2e-3)
    np.testing.assert_array_equal(flags, ref_flags)


def test_print_from_a_kernel(capfd):
    K.print_kernel[1, 2](np.array([1.5, 2.0], np.float32), np.uint8(7), True, np.float16(0.5))
    cuda.synchronize()                        # the driver flushes vprintf's buffer here
    lines = sorted(capfd.readouterr().out.splitlines())
    assert lines == sorted(["item 0 of 7 : 1.500000 True 0.500000 None 100%",
                            "item 1 of 7 : 2.000000 True 0.500000 None 100%", "1.500000, -7;", "2.000000, -7;"])


def test_debug_kernel_exceptions():
    from test_print_debug import debug_kernel, debug_item_kernel, RAISE_LINE, ITEM_LINE
    with pytest.raises(ValueError, match=rf"In function 'checked', file .*, line {RAISE_LINE}, "
                                         r"tid=\[2, 0, 0\] ctaid=\[0, 0, 0\]: negative value"):
        debug_kernel[1, 4](cuda.device_array(4), cuda.to_device(np.array([1.0, 2.0, -3.0, 4.0])))
    with pytest.raises(IndexError, match=r"ctaid=\[1, 0, 0\]: index is out of bounds"):
        debug_kernel[2, 4](cuda.device_array(7), cuda.to_device(np.ones(8)))
    with pytest.raises(IndexError, match=rf"In function 'item', file .*, line {ITEM_LINE}, tid=\[3, 0, 0\]"):
        debug_item_kernel[1, 4](cuda.device_array(4), cuda.to_device(np.ones(4)), 1)     # thread 3 alone
    out = cuda.device_array(4)
    debug_kernel[1, 4](out, cuda.to_device(np.ones(4)))
    np.testing.assert_array_equal(out.copy_to_host(), np.full(4, 2.0))


def test_cache_stores_the_drivers_cubin(tmp_path, monkeypatch):
    from numjit import config
    from numjit.cuda import cache
    monkeypatch.setattr(config, "CACHE_DIR", str(tmp_path))
    for run in range(2):                       # the second kernel object loads PTX and cubin from disk
        stats = dict(cache.STATS)
        x = cuda.to_device(np.arange(100, dtype=np.float32))
        cuda.jit(cache=True)(K.scale_in_place)[4, 32](x, np.float32(2))
        np.testing.assert_array_equal(x.copy_to_host(), 2 * np.arange(100, dtype=np.float32))
        if run:
            assert cache.STATS["hits"] == stats["hits"] + 1 and cache.STATS["cubin_hits"] == stats["cubin_hits"] + 1
    assert len(list(tmp_path.glob("*.cubin"))) == 1


def test_native_launch_path():
    """From the third launch of a specialisation, launches go through compiled code calling the
    driver's cuLaunchKernel directly (numjit/cuda/packer.py)."""
    a = cuda.to_device(np.arange(1000, dtype=np.float32))
    out = cuda.device_array(1000, np.float32)
    launcher = K.add_kernel[8, 128]
    for k in range(5):
        out.copy_to_device(np.zeros(1000, np.float32))
        launcher(out, a, a)
        np.testing.assert_array_equal(out.copy_to_host(), 2 * np.arange(1000, dtype=np.float32))
    assert launcher._fast
    x, y = cuda.to_device(np.arange(10, dtype=np.float32)), cuda.device_array(10, np.float32)
    for k in range(4):                        # a float64 scalar, then a declared float32 given Python floats
        K.device_call_kernel[1, 32](y, x, float(k))
        np.testing.assert_array_equal(y.copy_to_host(), np.arange(10) * k + 1)
    z = cuda.to_device(np.ones(10, np.float32))
    for k in range(4):
        K.saxpy_declared[1, 32](z, x, 0.5)
    np.testing.assert_array_equal(z.copy_to_host(), 1 + 4 * 0.5 * np.arange(10, dtype=np.float32))
    assert K.device_call_kernel[1, 32]._fast and K.saxpy_declared[1, 32]._fast


def test_math_on_halves_returns_halves():
    a = np.linspace(0.1, 6, 100).astype(np.float16)
    out = np.zeros((a.size, len(K.HALF_MATH)), np.float32)
    K.half_math_kernel[4, 32](out, a)
    np.testing.assert_allclose(out, K.half_math_reference(a), rtol=2e-3)     # libdevice's float32 sin/log/exp
    exact = [K.HALF_MATH.index(f) for f in (math.ceil, math.floor, math.sqrt, math.fabs, math.trunc)]
    np.testing.assert_array_equal(out[:, exact], K.half_math_reference(a)[:, exact])
    assert np.array_equal(out[:, :-1], out[:, :-1].astype(np.float16).astype(np.float32))   # half values


def test_native_launch_of_several_signatures_and_cuda_array_interface_objects():
    assert len(check_declared_signatures_and_array_interface(small=False)._fast) == 3
    try:
        import cupy
    except ImportError:
        return
    a = cupy.arange(100, dtype=cupy.float32)
    b = cupy.empty_like(a)
    for k in range(3):                        # CuPy arrays natively (the numjit context is the runtime's primary one)
        K.scale_declared[1, 128](b, a, np.float32(2))
    np.testing.assert_array_equal(cupy.asnumpy(b), 2 * np.arange(100, dtype=np.float32))


def test_declared_scalar_conversions_on_both_launch_paths():
    assert len(check_declared_scalar_conversions()._fast) == 1
