"""CUDA benchmarks, run on a GPU machine: numjit beside numba-cuda and CuPy in one run.

    python -m benchmarks.cuda_bench               (prints a table; needs a GPU)
    python -m benchmarks.cuda_bench --host-only   (numjit's launch path with a no-op driver; no GPU)

Launch overhead is host time per launch (a loop of launches, then one synchronize), for a
kernel with no arguments and one with three device arrays. add/clip: the seed's ufunc
kernels at 1e5 and 1e7 float32 elements with host arrays (copies included) and device
arrays. First launch: compile + load + launch of a new kernel. Kernels: a shared-memory tiled
2048x2048 float32 matrix multiply and a sum of 1e8 float32 (block tree + atomics), the
same source compiled by each JIT, timed with synchronize.
"""
import time
import traceback

import numpy as np

ROWS = []


def row(what, impl, seconds, note=""):
    ROWS.append((what, impl, seconds, note))
    print(f"{what:<38} {impl:<12} {seconds * 1e6:12.2f} us  {note}", flush=True)


def check(what, impl, got, expected, rtol=1e-6):
    """Print a wrong answer as a row instead of stopping the run."""
    if not np.allclose(got, expected, rtol=rtol):
        print(f"{what:<38} {impl:<12} WRONG ANSWER", flush=True)


def per_call(fn, sync, n=2000):
    fn()
    sync()
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        sync()
        best = min(best, (time.perf_counter() - t0) / n)
    return best


TILE = 16


def make_kernels(cuda, float32):
    """The matmul and reduction kernels, written once for numjit.cuda and numba.cuda."""
    @cuda.jit
    def matmul(a, b, c):
        sa = cuda.shared.array((TILE, TILE), float32)
        sb = cuda.shared.array((TILE, TILE), float32)
        x, y = cuda.grid(2)
        tx, ty = cuda.threadIdx.x, cuda.threadIdx.y
        acc = float32(0.0)
        for t in range(a.shape[1] // TILE):
            sa[ty, tx] = a[y, t * TILE + tx]
            sb[ty, tx] = b[t * TILE + ty, x]
            cuda.syncthreads()
            for k in range(TILE):
                acc += sa[ty, k] * sb[k, tx]
            cuda.syncthreads()
        c[y, x] = acc

    @cuda.jit
    def total(x, out):
        buf = cuda.shared.array(256, float32)
        t = cuda.threadIdx.x
        i = cuda.grid(1)
        stride = cuda.gridsize(1)
        acc = float32(0.0)
        while i < x.size:
            acc += x[i]
            i += stride
        buf[t] = acc
        cuda.syncthreads()
        step = 128
        while step > 0:
            if t < step:
                buf[t] += buf[t + step]
            cuda.syncthreads()
            step //= 2
        if t == 0:
            cuda.atomic.add(out, 0, buf[0])
    return matmul, total


def kernel_section(impl, cuda, float32):
    matmul, total = make_kernels(cuda, float32)
    n = 2048
    rng = np.random.default_rng(0)
    a, b = rng.random((n, n), dtype=np.float32), rng.random((n, n), dtype=np.float32)
    da, db, dc = cuda.to_device(a), cuda.to_device(b), cuda.device_array((n, n), np.float32)
    t0 = time.perf_counter()
    matmul[(n // TILE, n // TILE), (TILE, TILE)](da, db, dc)
    cuda.synchronize()
    row("first launch (compile+load), matmul", impl, time.perf_counter() - t0)
    row("matmul 2048x2048 float32 (tiled)", impl,
        per_call(lambda: matmul[(n // TILE, n // TILE), (TILE, TILE)](da, db, dc), cuda.synchronize, 5))
    check("matmul", impl, dc.copy_to_host()[:64], a[:64] @ b, rtol=2e-4)
    x = cuda.to_device(np.ones(10 ** 8, np.float32))
    out = cuda.to_device(np.zeros(1, np.float32))
    total[1024, 256](x, out)
    cuda.synchronize()
    check("sum of 1e8", impl, out.copy_to_host()[0], 1e8, rtol=1e-3)
    row("sum of 1e8 float32", impl, per_call(lambda: total[1024, 256](x, out), cuda.synchronize, 5))


def numjit_section():
    import numjit
    from numjit import cuda

    t0 = time.perf_counter()

    @cuda.jit
    def empty():
        pass

    empty[1, 1]()
    cuda.synchronize()
    row("first launch (compile+load), 0 args", "numjit", time.perf_counter() - t0)

    @cuda.jit
    def add3(out, a, b):
        i = cuda.grid(1)
        if i < out.size:
            out[i] = a[i] + b[i]

    t0 = time.perf_counter()
    x = cuda.to_device(np.ones(1024, np.float32))
    add3[4, 256](x, x, x)
    cuda.synchronize()
    row("first launch (compile+load), 3 arrays", "numjit", time.perf_counter() - t0)
    row("launch overhead, 0 args", "numjit", per_call(lambda: empty[1, 1](), cuda.synchronize))
    row("launch overhead, 3 arrays", "numjit", per_call(lambda: add3[4, 256](x, x, x), cuda.synchronize))

    @cuda.jit
    def clip(out, a, lo, hi):
        i = cuda.grid(1)
        if i < out.size:
            v = a[i]
            out[i] = lo if v < lo else (hi if v > hi else v)

    for n in (10 ** 5, 10 ** 7):
        a = np.random.default_rng(0).random(n, dtype=np.float32)
        out = np.empty_like(a)
        blocks = (n + 255) // 256
        row(f"add {n:.0e} host arrays", "numjit", per_call(lambda: add3[blocks, 256](out, a, a), cuda.synchronize, 20))
        da, dout = cuda.to_device(a), cuda.device_array_like(a)
        row(f"add {n:.0e} device arrays", "numjit", per_call(lambda: add3[blocks, 256](dout, da, da), cuda.synchronize, 200))
        row(f"clip {n:.0e} device arrays", "numjit",
            per_call(lambda: clip[blocks, 256](dout, da, np.float32(0.2), np.float32(0.8)), cuda.synchronize, 200))
        check(f"clip {n:.0e}", "numjit", dout.copy_to_host(), np.clip(a, 0.2, 0.8))
    vectorize_section()
    kernel_section("numjit", cuda, numjit.float32)


def vectorize_section():
    import numjit
    try:
        add = numjit.vectorize(["float32(float32, float32)"], target="cuda")(lambda a, b: a + b)
    except Exception as exc:
        print("vectorize(target='cuda') not available:", type(exc).__name__, str(exc)[:200])
        return
    from numjit import cuda
    for n in (10 ** 5, 10 ** 7):
        a = np.random.default_rng(0).random(n, dtype=np.float32)
        row(f"vectorize add {n:.0e} host arrays", "numjit", per_call(lambda: add(a, a), cuda.synchronize, 20))
        da = cuda.to_device(a)
        row(f"vectorize add {n:.0e} device arrays", "numjit", per_call(lambda: add(da, da), cuda.synchronize, 200))


def numba_section():
    from numba import cuda
    t0 = time.perf_counter()

    @cuda.jit
    def empty():
        pass

    empty[1, 1]()
    cuda.synchronize()
    row("first launch (compile+load), 0 args", "numba-cuda", time.perf_counter() - t0)

    @cuda.jit
    def add3(out, a, b):
        i = cuda.grid(1)
        if i < out.size:
            out[i] = a[i] + b[i]

    t0 = time.perf_counter()
    x = cuda.to_device(np.ones(1024, np.float32))
    add3[4, 256](x, x, x)
    cuda.synchronize()
    row("first launch (compile+load), 3 arrays", "numba-cuda", time.perf_counter() - t0)
    row("launch overhead, 0 args", "numba-cuda", per_call(lambda: empty[1, 1](), cuda.synchronize))
    row("launch overhead, 3 arrays", "numba-cuda", per_call(lambda: add3[4, 256](x, x, x), cuda.synchronize))
    for n in (10 ** 5, 10 ** 7):
        a = np.random.default_rng(0).random(n, dtype=np.float32)
        out = np.empty_like(a)
        blocks = (n + 255) // 256
        row(f"add {n:.0e} host arrays", "numba-cuda", per_call(lambda: add3[blocks, 256](out, a, a), cuda.synchronize, 20))
        da, dout = cuda.to_device(a), cuda.device_array_like(a)
        row(f"add {n:.0e} device arrays", "numba-cuda", per_call(lambda: add3[blocks, 256](dout, da, da), cuda.synchronize, 200))
    import numba
    add_v = numba.vectorize(["float32(float32, float32)"], target="cuda")(lambda a, b: a + b)
    for n in (10 ** 5, 10 ** 7):
        a = np.random.default_rng(0).random(n, dtype=np.float32)
        row(f"vectorize add {n:.0e} host arrays", "numba-cuda", per_call(lambda: add_v(a, a), cuda.synchronize, 20))
        da = cuda.to_device(a)
        row(f"vectorize add {n:.0e} device arrays", "numba-cuda", per_call(lambda: add_v(da, da), cuda.synchronize, 200))
    kernel_section("numba-cuda", cuda, numba.float32)


def cupy_section():
    import cupy as cp
    empty = cp.RawKernel(r'extern "C" __global__ void empty() {}', "empty")
    add3 = cp.RawKernel(r'''extern "C" __global__ void add3(float* o, const float* a, const float* b, int n) {
        int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) o[i] = a[i] + b[i]; }''', "add3")
    x = cp.ones(1024, cp.float32)
    sync = cp.cuda.Device().synchronize
    row("launch overhead, 0 args", "cupy", per_call(lambda: empty((1,), (1,), ()), sync))
    row("launch overhead, 3 arrays", "cupy", per_call(lambda: add3((4,), (256,), (x, x, x, np.int32(1024))), sync))
    for n in (10 ** 5, 10 ** 7):
        a = cp.random.random(n, dtype=cp.float32)
        row(f"add {n:.0e} device arrays", "cupy", per_call(lambda: cp.add(a, a), sync, 200))
        row(f"clip {n:.0e} device arrays", "cupy", per_call(lambda: cp.clip(a, 0.2, 0.8), sync, 200))


def host_only_section():
    """Host time of numjit's launch path with a driver whose cuLaunchKernel returns at once
    (tests/cuda/fake_driver.py): what numjit adds per launch, measurable without a GPU."""
    import sys
    import threading
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "cuda"))
    import fake_driver
    from numjit.cuda import driver, launch
    from numjit import cuda
    fake_driver.cuLaunchKernel = lambda *args: (fake_driver.OK,)
    driver._state.update(cu=fake_driver, error=None, devices={}, launch_address=_noop_launch_address())
    driver._tls = threading.local()
    driver.function_address = id
    launch.Specialization.function = lambda self: self

    @cuda.jit
    def empty():
        pass

    @cuda.jit
    def add3(out, a, b):
        i = cuda.grid(1)
        if i < out.size:
            out[i] = a[i] + b[i]

    @cuda.jit
    def clip(out, a, lo, hi):
        i = cuda.grid(1)
        if i < out.size:
            out[i] = min(max(a[i], lo), hi)

    class Interface:                           # only __cuda_array_interface__, as CuPy arrays and torch tensors
        def __init__(self, array):
            self.__cuda_array_interface__ = array.__cuda_array_interface__

    x = cuda.to_device(np.ones(1024, np.float32))
    xi = Interface(x)
    lo, hi = np.float32(0.2), np.float32(0.8)
    native = launch.Specialization.native_launcher
    for path in ("native", "python"):          # compiled launch functions, then the Python path alone
        launch.Specialization.native_launcher = native if path == "native" else \
            (lambda self, argtypes, converts=False: None)
        for kernel in (empty, add3, clip):
            kernel._launchers.clear()
        impl = f"numjit {path}"
        row("host launch path, 0 args (no-op driver)", impl, per_call(lambda: empty[1, 1](), cuda.synchronize, 20000))
        row("host launch path, 3 arrays (no-op driver)", impl,
            per_call(lambda: add3[4, 256](x, x, x), cuda.synchronize, 20000))
        row("host launch path, 2 arrays + 2 scalars", impl,
            per_call(lambda: clip[4, 256](x, x, lo, hi), cuda.synchronize, 20000))
        row("host launch path, 3 __cuda_array_interface__ objects", impl,
            per_call(lambda: add3[4, 256](xi, xi, xi), cuda.synchronize, 20000))
    launch.Specialization.native_launcher = native


def _noop_launch_address():
    """A compiled cuLaunchKernel stand-in that returns CUDA_SUCCESS at once."""
    from llvmlite import ir
    from numjit.backend import jit
    i32, ptr = ir.IntType(32), ir.PointerType()
    module = ir.Module("noop_launch")
    fn = ir.Function(module, ir.FunctionType(i32, [ptr] + [i32] * 7 + [ptr, ptr, ptr]), "numjit_bench_noop_launch")
    ir.IRBuilder(fn.append_basic_block()).ret(ir.Constant(i32, 0))
    return jit.compile_ir(module).address("numjit_bench_noop_launch")


def main():
    import sys
    if "--host-only" in sys.argv:
        host_only_section()
        return
    for name, section in (("numjit", numjit_section), ("numba-cuda", numba_section), ("cupy", cupy_section)):
        try:
            section()
        except Exception:
            print(f"--- {name} section failed ---")
            traceback.print_exc()


if __name__ == "__main__":
    main()
