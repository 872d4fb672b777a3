"""CUDA benchmarks, run on a GPU machine: numjit beside numba-cuda and CuPy in one run.

    python -m benchmarks.cuda_bench               (the table, then the issue's goals; needs a GPU)
    python -m benchmarks.cuda_bench --quick       (fewer repetitions: about a third of the time)
    python -m benchmarks.cuda_bench --json F      (the rows as JSON too)
    python -m benchmarks.cuda_bench --host-only   (numjit's launch path with a no-op driver; no GPU)
    python -m benchmarks.cuda_bench --dry-run     (every section at toy sizes in the simulators:
                                                   checks the script itself, times nothing real)

Launch overhead is host time per launch (a loop of launches, then one synchronize), for a
kernel with no arguments and one with three device arrays. add/clip: the seed's ufuncs
(vectorize(target="cuda")) and the same as kernels, at 1e5 and 1e7 float32 elements with host
arrays (copies included) and device arrays. First launch: compile + load + launch of a new
kernel or ufunc. Kernels: a shared-memory tiled 2048x2048 float32 matrix multiply and a sum of
1e8 float32 (block tree + atomics). numjit and numba-cuda run the same source; CuPy runs its
own add/clip/matmul/sum (and NVRTC-compiled launch kernels) as the library reference.
"""
import json
import linecache
import os
import sys
import time
import traceback

import numpy as np

ROWS = []
CONFIG = {"launches": 2000, "small": 200, "large": 20, "kernel": 5, "host": 20000, "rounds": 3,
          "ufunc": (10 ** 5, 10 ** 7), "matmul": 2048, "sum": 10 ** 8}
QUICK = {"launches": 500, "small": 50, "large": 5, "kernel": 3, "rounds": 2}
DRY_RUN = {"launches": 3, "small": 2, "large": 2, "kernel": 1, "rounds": 1, "ufunc": (1000,), "matmul": 32,
           "sum": 512}


def row(what, impl, seconds, note=""):
    ROWS.append((what, impl, seconds, note))
    print(f"{what:<40} {impl:<12} {seconds * 1e6:14.2f} us  {note}", flush=True)


def check(what, impl, got, expected, rtol=1e-6):
    """Print a wrong answer as a row instead of stopping the run."""
    if not np.allclose(got, expected, rtol=rtol):
        print(f"{what:<40} {impl:<12} WRONG ANSWER", flush=True)


def per_call(fn, sync, kind):
    """Best time per call over CONFIG['rounds'] rounds of CONFIG[kind] calls, then one sync."""
    fn()
    sync()
    n, best = CONFIG[kind], float("inf")
    for _ in range(CONFIG["rounds"]):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        sync()
        best = min(best, (time.perf_counter() - t0) / n)
    return best


def first(fn, sync):
    t0 = time.perf_counter()
    fn()
    sync()
    return time.perf_counter() - t0


TILE = 16


KERNELS = f'''
TILE = {TILE}


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
        v = a[i]
        out[i] = lo if v < lo else (hi if v > hi else v)


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
'''


def make_kernels(impl, cuda, float32):
    """The benchmark kernels, one source for numjit.cuda and numba.cuda: compiled as a module
    whose global `cuda` is the JIT's (numba's simulator swaps module globals, not closures)."""
    filename = f"<cuda_bench kernels for {impl}>"
    linecache.cache[filename] = (len(KERNELS), None, KERNELS.splitlines(keepends=True), filename)
    namespace = {"cuda": cuda, "float32": float32, "__name__": f"cuda_bench_{impl.replace('-', '_')}"}
    exec(compile(KERNELS, filename, "exec"), namespace)
    return [namespace[name] for name in ("empty", "add3", "clip", "matmul", "total")]


def seed_add(a, b):
    return a + b


def seed_clip(x, lo, hi):
    return lo if x < lo else (hi if x > hi else x)


def jit_section(impl, cuda, vectorize, float32):
    """numjit.cuda or numba.cuda: the same kernels and ufuncs, the same measurements (each part
    on its own: one that fails is reported and the others still run)."""
    sync = cuda.synchronize
    empty, add3, clip, matmul, total = make_kernels(impl, cuda, float32)
    lo, hi = np.float32(0.2), np.float32(0.8)
    inputs = [np.random.default_rng(0).random(n, dtype=np.float32) for n in CONFIG["ufunc"]]

    def launches():
        row("first launch (compile+load), 0 args", impl, first(lambda: empty[1, 1](), sync))
        x = cuda.to_device(np.ones(1024, np.float32))
        row("first launch (compile+load), 3 arrays", impl, first(lambda: add3[4, 256](x, x, x), sync))
        row("launch overhead, 0 args", impl, per_call(lambda: empty[1, 1](), sync, "launches"))
        row("launch overhead, 3 arrays", impl, per_call(lambda: add3[4, 256](x, x, x), sync, "launches"))

    def kernels():
        for a in inputs:
            n, out = a.size, np.empty_like(a)
            blocks = (n + 255) // 256
            da, dout = cuda.to_device(a), cuda.device_array_like(a)
            for what, kernel, args, expected in (("add", add3, (a, a), a + a),
                                                 ("clip", clip, (a, lo, hi), np.clip(a, lo, hi))):
                dargs = (da,) + args[1:]
                row(f"{what} kernel {n:.0e} host arrays", impl,
                    per_call(lambda: kernel[blocks, 256](out, *args), sync, "large"))
                check(f"{what} kernel {n:.0e}", impl, out, expected)
                row(f"{what} kernel {n:.0e} device arrays", impl,
                    per_call(lambda: kernel[blocks, 256](dout, *dargs), sync, "small"))
                check(f"{what} kernel {n:.0e} device", impl, dout.copy_to_host(), expected)

    def ufuncs():
        add_v = vectorize(["float32(float32, float32)"], target="cuda")(seed_add)
        clip_v = vectorize(["float32(float32, float32, float32)"], target="cuda")(seed_clip)
        probe = np.ones(16, np.float32)
        row("first call (compile+load), add ufunc", impl, first(lambda: add_v(probe, probe), sync))
        row("first call (compile+load), clip ufunc", impl, first(lambda: clip_v(probe, lo, hi), sync))
        for a in inputs:
            n, da = a.size, cuda.to_device(a)
            for what, ufunc, args, expected in (("add", add_v, (a, a), a + a),
                                                ("clip", clip_v, (a, lo, hi), np.clip(a, lo, hi))):
                dargs = (da,) + args[1:]
                row(f"{what} ufunc {n:.0e} host arrays", impl, per_call(lambda: ufunc(*args), sync, "large"))
                check(f"{what} ufunc {n:.0e}", impl, ufunc(*args), expected)
                row(f"{what} ufunc {n:.0e} device arrays", impl, per_call(lambda: ufunc(*dargs), sync, "small"))
                check(f"{what} ufunc {n:.0e} device", impl, ufunc(*dargs).copy_to_host(), expected)

    def matrix_multiply():
        n = CONFIG["matmul"]
        rng = np.random.default_rng(0)
        a, b = rng.random((n, n), dtype=np.float32), rng.random((n, n), dtype=np.float32)
        da, db, dc = cuda.to_device(a), cuda.to_device(b), cuda.device_array((n, n), np.float32)
        grid = (n // TILE, n // TILE)
        row("first launch (compile+load), matmul", impl, first(lambda: matmul[grid, (TILE, TILE)](da, db, dc), sync))
        row(f"matmul {n}x{n} float32 (tiled)", impl,
            per_call(lambda: matmul[grid, (TILE, TILE)](da, db, dc), sync, "kernel"))
        check("matmul", impl, dc.copy_to_host()[:64], a[:64] @ b, rtol=2e-4)

    def reduction():
        n = CONFIG["sum"]
        x = cuda.to_device(np.ones(n, np.float32))
        out = cuda.to_device(np.zeros(1, np.float32))
        blocks = min(1024, (n + 255) // 256)
        total[blocks, 256](x, out)
        sync()
        check(f"sum of {n:.0e}", impl, out.copy_to_host()[0], n, rtol=1e-3)
        row(f"sum of {n:.0e} float32", impl, per_call(lambda: total[blocks, 256](x, out), sync, "kernel"))

    for part in (launches, kernels, ufuncs, matrix_multiply, reduction):
        guarded(f"{impl} {part.__name__}", part)


def guarded(name, part):
    try:
        part()
    except Exception:
        print(f"--- {name} failed ---")
        traceback.print_exc()


def numjit_section():
    import numjit
    from numjit import cuda
    jit_section("numjit", cuda, numjit.vectorize, numjit.float32)


def numba_section():
    import numba
    from numba import cuda
    jit_section("numba-cuda", cuda, numba.vectorize, numba.float32)


def cupy_section():
    import cupy as cp
    sync = cp.cuda.Device().synchronize
    empty = cp.RawKernel(r'extern "C" __global__ void empty() {}', "empty")
    add3 = cp.RawKernel(r'''extern "C" __global__ void add3(float* o, const float* a, const float* b, int n) {
        int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) o[i] = a[i] + b[i]; }''', "add3")
    row("first launch (compile+load), 0 args", "cupy", first(lambda: empty((1,), (1,), ()), sync))
    x = cp.ones(1024, cp.float32)
    args = (x, x, x, np.int32(1024))
    row("first launch (compile+load), 3 arrays", "cupy", first(lambda: add3((4,), (256,), args), sync))
    row("launch overhead, 0 args", "cupy", per_call(lambda: empty((1,), (1,), ()), sync, "launches"))
    row("launch overhead, 3 arrays", "cupy", per_call(lambda: add3((4,), (256,), args), sync, "launches"))
    for n in CONFIG["ufunc"]:
        host = np.random.default_rng(0).random(n, dtype=np.float32)
        a = cp.asarray(host)
        for what, op, expected in (("add", lambda v: cp.add(v, v), host + host),
                                   ("clip", lambda v: cp.clip(v, 0.2, 0.8), np.clip(host, 0.2, 0.8))):
            row(f"{what} ufunc {n:.0e} host arrays", "cupy",
                per_call(lambda: cp.asnumpy(op(cp.asarray(host))), sync, "large"))
            row(f"{what} ufunc {n:.0e} device arrays", "cupy", per_call(lambda: op(a), sync, "small"))
            check(f"{what} ufunc {n:.0e}", "cupy", cp.asnumpy(op(a)), expected)
    n = CONFIG["matmul"]
    a = cp.random.random((n, n), dtype=cp.float32)
    row(f"matmul {n}x{n} float32 (cuBLAS)", "cupy", per_call(lambda: a @ a, sync, "kernel"))
    x = cp.ones(CONFIG["sum"], cp.float32)
    row(f"sum of {CONFIG['sum']:.0e} float32", "cupy", per_call(lambda: x.sum(), sync, "kernel"))


GOALS = [("launch overhead", 1 / 3, "launch overhead <= numba-cuda's / 3"),
         ("first ", 1 / 2, "compile (first launch or call) <= numba-cuda's / 2"),
         ("", 1.1, "run time within 10 % of numba-cuda's")]


def goals():
    """The issue's goals, numjit against numba-cuda, row by row."""
    times = {(what, impl): t for what, impl, t, _ in ROWS}
    lines = []
    for what, impl, t, _ in ROWS:
        other = times.get((what, "numba-cuda"))
        if impl != "numjit" or other is None:
            continue
        limit, goal = next((lim, text) for prefix, lim, text in GOALS if what.startswith(prefix))
        verdict = "met" if t <= limit * other else "MISSED"
        lines.append(f"{what:<40} numjit/numba-cuda {t / other:6.2f}  {verdict:<6} ({goal})")
    if lines:
        print("\nGoals (issue 14):")
        print("\n".join(lines))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--host-only" in argv:
        host_only_section()
        return
    if "--quick" in argv:
        CONFIG.update(QUICK)
    if "--dry-run" in argv:
        CONFIG.update(DRY_RUN)
        os.environ["NUMJIT_ENABLE_CUDASIM"] = os.environ["NUMBA_ENABLE_CUDASIM"] = "1"
        print("DRY RUN in the simulators at toy sizes: the script is checked, the times mean nothing")
    print(f"settings: {CONFIG}", flush=True)
    for name, section in (("numjit", numjit_section), ("numba-cuda", numba_section), ("cupy", cupy_section)):
        guarded(f"{name} section", section)
    goals()
    if "--json" in argv:
        with open(argv[argv.index("--json") + 1], "w") as f:
            json.dump([{"what": w, "impl": i, "seconds": t, "note": n} for w, i, t, n in ROWS], f, indent=1)


def host_only_section():
    """Host time of numjit's launch path with a driver whose cuLaunchKernel returns at once
    (tests/cuda/fake_driver.py): what numjit adds per launch, measurable without a GPU."""
    import threading
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "cuda"))
    import fake_driver
    from numjit.cuda import driver, launch
    from numjit import cuda, float32
    fake_driver.cuLaunchKernel = lambda *args: (fake_driver.OK,)
    driver._state.update(cu=fake_driver, error=None, devices={}, launch_address=_noop_launch_address())
    driver._tls = threading.local()
    driver.function_address = id
    launch.Specialization.function = lambda self: self

    empty, add3, clip = make_kernels("numjit", cuda, float32)[:3]       # the GPU sections' kernels
    clip_declared = cuda.jit("void(float32[:], float32[:], float32, float32)")(clip.py_func)

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
        for kernel in (empty, add3, clip, clip_declared):
            kernel._launchers.clear()
        impl = f"numjit {path}"
        row("host launch path, 0 args (no-op driver)", impl, per_call(lambda: empty[1, 1](), cuda.synchronize, "host"))
        row("host launch path, 3 arrays (no-op driver)", impl,
            per_call(lambda: add3[4, 256](x, x, x), cuda.synchronize, "host"))
        row("host launch path, 2 arrays + 2 scalars", impl,
            per_call(lambda: clip[4, 256](x, x, lo, hi), cuda.synchronize, "host"))
        row("host launch path, 3 __cuda_array_interface__ objects", impl,
            per_call(lambda: add3[4, 256](xi, xi, xi), cuda.synchronize, "host"))
        row("host launch path, declared float32 given 0 and True", impl,
            per_call(lambda: clip_declared[4, 256](x, x, 0, True), cuda.synchronize, "host"))
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


if __name__ == "__main__":
    main()
