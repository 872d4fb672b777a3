"""The kernels of gpu_kernels.py launched and compared with NumPy, one check a feature — the same
checks for the simulator (test_simulator.py, small launches: its threads are Python threads) and
for a real GPU (test_gpu_kernels.py, larger ones)."""
import numpy as np

import gpu_kernels as K
from numjit import cuda
from reference import atomics_reference, warp_reference


def check_add_host_and_device_arrays(small):
    n = 40 if small else 1000
    a, b = np.arange(n, dtype=np.float32), np.linspace(0, 1, n, dtype=np.float32)
    out = np.zeros_like(a)
    K.add_kernel[(n + 31) // 32, 32](out, a, b)                # host arrays: copied in and back
    np.testing.assert_array_equal(out, a + b)
    da, db, dout = cuda.to_device(a), cuda.to_device(b), cuda.device_array_like(a)
    K.add_kernel[((n + 31) // 32,), (32,)](dout, da, db)
    np.testing.assert_array_equal(dout.copy_to_host(), a + b)
    np.testing.assert_array_equal(dout[10:20].copy_to_host(), (a + b)[10:20])
    host = np.empty_like(a)
    assert dout.copy_to_host(host) is host
    np.testing.assert_array_equal(host, a + b)


def check_math_float64_and_float32(small):
    x = np.linspace(-3, 3, 40 if small else 101)
    blocks = (x.size + 31) // 32
    out = np.zeros((x.size, 4))
    K.math_kernel[blocks, 32](out, x)
    np.testing.assert_allclose(out, K.math_reference(x), rtol=1e-12, atol=1e-14)
    x32 = x.astype(np.float32)
    out32 = np.zeros((x.size, 4), np.float32)
    K.math_kernel[blocks, 32](out32, x32)
    np.testing.assert_allclose(out32, K.math_reference(x32), rtol=2e-5, atol=2e-6)


def check_grid2d_and_registers(small):
    (shape, grid, block), (blocks, threads) = (((9, 5), (2, 2), (8, 4)), (2, 20)) if small else \
        (((37, 19), (3, 3), (16, 8)), (3, 32))
    out = np.zeros(shape, np.int64)
    K.grid2d_kernel[grid, block](out)
    ii, jj = np.indices(out.shape)
    np.testing.assert_array_equal(out, ii * 1000 + jj)
    n = blocks * threads
    regs = np.zeros((n, 6), np.int32)
    K.registers_kernel[blocks, threads](regs)
    i = np.arange(n)
    np.testing.assert_array_equal(regs, np.stack([i % threads, i // threads, np.full(n, threads),
                                                  np.full(n, blocks), i % threads % 32, np.full(n, 32)], axis=1))


def check_shared_memory_static_and_dynamic(small):
    x = np.arange(128, dtype=np.float32)
    out = np.zeros_like(x)
    K.shared_reverse[2, 64](out, x)
    np.testing.assert_array_equal(out, np.concatenate([x[:64][::-1], x[64:][::-1]]))
    y = np.arange(10 if small else 50, dtype=np.float64)
    total = np.zeros(1)
    K.dynamic_shared_sum[1, y.size, 0, y.size * 8](total, y)
    assert total[0] == y.sum()


def check_local_arrays_device_functions_and_declared_signatures(small):
    x = np.arange(20 if small else 40, dtype=np.int32)
    out = np.zeros_like(x)
    K.local_and_const[(x.size + 31) // 32, 32](out, x)
    np.testing.assert_array_equal(out, 4 * x)
    xf = np.arange(10, dtype=np.float32)
    outf = np.zeros_like(xf)
    K.device_call_kernel[1, 16](outf, xf, 3.0)
    np.testing.assert_array_equal(outf, xf * 3 + 1)
    y = np.ones(10, np.float32)
    K.saxpy_declared[1, 32](y, xf, np.float32(2.0))
    np.testing.assert_array_equal(y, 2 * xf + 1)


def check_atomics(small):
    blocks, threads = (2, 16) if small else (2, 32)
    counters = np.zeros(9, np.int64)
    counters[3] = -1
    fsum, imax, fmin = np.zeros(1, np.float32), np.zeros(1, np.int64), np.full(1, np.inf)
    K.atomics_kernel[blocks, threads](counters, fsum, imax, fmin)
    ref_counters, ref_sum, ref_max, ref_min = atomics_reference(blocks * threads)
    np.testing.assert_array_equal(counters[:7], ref_counters[:7])
    assert 0 <= counters[7] <= 10 and 0 <= counters[8] <= 10     # inc/dec wrap: the order of the threads
    assert (fsum[0], imax[0], fmin[0]) == (ref_sum, ref_max, ref_min)


def check_warp_functions_and_bits(small):
    x = np.arange(32, dtype=np.int32)
    out = np.zeros((32, 10), np.int64)
    K.warp_kernel[1, 32](out, x)
    np.testing.assert_array_equal(out, warp_reference(x))
    bits = np.array([0, 1, 2, 3, 0x80000000, 0xFFFFFFFF, 12345678, 1 << 20], np.uint32)
    res = np.zeros((bits.size, 4), np.uint32)
    K.bits_kernel[1, 8 if small else 32](res, bits)
    np.testing.assert_array_equal(res, K.bits_reference(bits))


def check_complex_math(small):
    """complex128 and complex64 (computed in double, rounded once, as on the CPU) against NumPy."""
    rng = np.random.default_rng(3)
    z = rng.normal(0, 1.5, (40 if small else 1000, 2)) @ np.array([1, 1j])
    z[:4] = [0.5, -2.0 + 1e-9j, 2j, 30.0 - 30.0j]
    blocks = (z.size + 31) // 32
    for dtype, rtol in ((np.complex128, 1e-11), (np.complex64, 2e-6)):
        out = np.zeros((z.size, 16), dtype)
        K.complex_math_kernel[blocks, 32](out, z.astype(dtype))
        ref = K.complex_math_reference(z.astype(dtype))
        np.testing.assert_allclose(out, ref.astype(dtype), rtol=rtol, atol=rtol)


CHECKS = [check_add_host_and_device_arrays, check_math_float64_and_float32, check_grid2d_and_registers,
          check_shared_memory_static_and_dynamic, check_local_arrays_device_functions_and_declared_signatures,
          check_atomics, check_warp_functions_and_bits, check_complex_math]


def check_declared_signatures_and_array_interface(small, rounds=4):
    """scale_declared's two signatures alternately, one output given as an object exposing only
    `__cuda_array_interface__` (as CuPy's and PyTorch's), the float32 one given a Python float
    too; returns the launcher (three native launch functions once warm)."""
    n = 40 if small else 100
    x32, x64 = cuda.to_device(np.arange(n, dtype=np.float32)), cuda.to_device(np.arange(n, dtype=np.float64))
    out32, out64 = cuda.device_array(n, np.float32), cuda.device_array(n)
    launcher = K.scale_declared[(n + 31) // 32, 32]
    for k in range(rounds):
        launcher(out32, x32, np.float32(k))
        launcher(K.CudaArrayInterface(out64), x64, float(k))
        np.testing.assert_array_equal(out32.copy_to_host(), np.arange(n, dtype=np.float32) * k)
        np.testing.assert_array_equal(out64.copy_to_host(), np.arange(n, dtype=np.float64) * k)
        launcher(out32, x32, k + 0.5)            # a Python float for the float32 signature: converted
        np.testing.assert_array_equal(out32.copy_to_host(), np.arange(n, dtype=np.float32) * np.float32(k + 0.5))
    return launcher



def check_declared_scalar_conversions(launches=3):
    """Scalars of every class given to declared_scalars's one signature arrive as NumPy's casts of
    them (numba's conversions: bool to numbers, float to int truncating, int to float, real to
    complex, complex to complex, numbers to bool), on the Python path and then the native one.
    Not in CHECKS: the simulator runs Python, so it does not convert."""
    rows = [(1, True, np.bool_(True), -2.9, np.int16(-7), np.bool_(False), 2),
            (np.float64(0.0), np.float32(-128.9), 4294967295.5, np.uint64(2 ** 40 + 1), -3, 1e300, np.float32(1.5)),
            (float("nan"), np.int64(127), np.uint8(255), 2 ** 53 + 1, np.float32(0.1), 1 + 2j,
             np.complex64(0.5 - 0.25j)),
            (np.bool_(False), 3.99, np.int8(9), True, np.int64(-6), np.complex128(3 - 4j), np.int8(-1))]
    out = cuda.device_array(9)
    launcher = K.declared_scalars[1, 1]
    for args in rows:
        with np.errstate(all="ignore"):
            cast = [np.asarray(a).astype(t)[()] for a, t in zip(args, K.SCALAR_TYPES)]
        expected = np.array(cast[:5] + [cast[5].real, cast[5].imag, cast[6].real, cast[6].imag], np.float64)
        for _ in range(launches):
            launcher(out, *args)
            np.testing.assert_array_equal(out.copy_to_host(), expected, err_msg=str(args))
    return launcher
