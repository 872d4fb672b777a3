"""Quick timings of the ufunc runtime (numjit.ufunc.loops / ufuncobj / the thread pool).

    python benchmarks/ufunc_runtime_timing.py [--samples 51] [--wait-quiet 60]

Kernels are written by hand in LLVM IR (no compiler front end involved):
a float32 add and a float32 clip, each wrapped as a cpu and a parallel ufunc.
Printed: median microseconds per call over alternating batches, and ratios
(numjit / reference).  Not a test; the machine's load average is printed
because timings on a shared 2-core VM move by tens of percent.
"""
import argparse
import os
import statistics
import sys
import time
import timeit

import numpy as np
from llvmlite import ir

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from numjit.backend import jit  # noqa: E402
from numjit.runtime import threadpool  # noqa: E402
from numjit.ufunc import loops, ufuncobj  # noqa: E402

PTR, I32, F32 = ir.PointerType(), ir.IntType(32), ir.FloatType()


def kernel(module, name, nargs, body):
    fn = ir.Function(module, ir.FunctionType(I32, [PTR, PTR] + [F32] * nargs), name)
    fn.linkage = "internal"
    b = ir.IRBuilder(fn.append_basic_block())
    b.store(body(b, *fn.args[2:]), fn.args[0])
    b.ret(I32(0))
    return fn


def clip_body(b, x, lo, hi):   # np.clip semantics: NaN anywhere propagates
    def pick(cmp, a, c):
        keep = b.or_(b.fcmp_ordered(cmp, a, c), b.fcmp_unordered("uno", a, a))
        return b.select(keep, a, c)
    return pick("<=", pick(">=", x, lo), hi)


def build():
    m = ir.Module("ufunc_runtime_timing")
    add = kernel(m, "add", 2, lambda b, x, y: b.fadd(x, y))
    clip = kernel(m, "clip", 3, clip_body)
    for name, k, nin in (("add", add, 2), ("clip", clip, 3)):
        loops.emit_ufunc_loop(m, k, ["f4"] * nin, ["f4"], f"{name}.cpu")
        loops.emit_ufunc_loop(m, k, ["f4"] * nin, ["f4"], f"{name}.par", parallel=True)
    lib = jit.compile_ir(m)
    f4 = np.dtype(np.float32).num

    def ufunc(name, nin):
        return ufuncobj.make_ufunc(name, "", [((f4,) * (nin + 1), lib.address(name))], nin, 1)
    return {key: ufunc(key, nin) for key, nin in
            (("add.cpu", 2), ("add.par", 2), ("clip.cpu", 3), ("clip.par", 3))}


def _number(fn, min_time=2e-4):
    number = 1
    while timeit.timeit(fn, number=number) < min_time and number < 1 << 20:
        number *= 2
    return number


def paired_us(fa, fb, samples):
    """Median microseconds per call of fa and of fb over `samples` short batches
    taken in alternation (A, B, A, B, ...): on a shared machine, load changes
    and preemptions then hit both alike, and the median ignores the outliers."""
    na, nb = _number(fa), _number(fb)
    ta, tb = [], []
    for _ in range(samples):
        ta.append(timeit.timeit(fa, number=na) / na)
        tb.append(timeit.timeit(fb, number=nb) / nb)
    return statistics.median(ta) * 1e6, statistics.median(tb) * 1e6


def _others_running():
    """Runnable tasks on the machine besides this one (Linux), else 0."""
    try:
        with open("/proc/stat") as f:
            for line in f:
                if line.startswith("procs_running"):
                    return int(line.split()[1]) - 1
    except OSError:
        pass
    return 0


WAIT_QUIET = 0.0


def _wait_quiet():
    """Wait (up to WAIT_QUIET seconds) until nothing else runs for ~0.3 s."""
    deadline = time.time() + WAIT_QUIET
    while time.time() < deadline:
        if all(_others_running() <= 0 and not time.sleep(0.1) for _ in range(3)):
            return


def row(label, ours, ref, ref_label, samples):
    _wait_quiet()
    t_ours, t_ref = paired_us(ours, ref, samples)
    print(f"  {label:<34} {t_ours:10.2f} us   {ref_label:<22} {t_ref:10.2f} us   "
          f"ratio {t_ours / t_ref:5.2f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=51, help="alternating batches per row")
    parser.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                        help="before each row, wait up to this long for no other runnable task")
    args = parser.parse_args()
    global WAIT_QUIET
    WAIT_QUIET = args.wait_quiet
    u = build()
    r = args.samples
    print(f"numpy {np.__version__}, {threadpool.num_threads()} threads, "
          f"load average {os.getloadavg()[0]:.2f}, cpus {os.cpu_count()}")

    y = np.random.default_rng(0).random(100_000, dtype=np.float32)
    out = np.empty_like(y)
    print("float32 add, n = 1e5 (cpu target)")
    add = u["add.cpu"]
    row("numjit add(y, 1)", lambda: add(y, 1), lambda: y + 1, "numpy y + 1", r)
    row("numjit add(y, y)", lambda: add(y, y), lambda: np.add(y, y), "numpy np.add(y, y)", r)
    row("numjit add(y, y, out=)", lambda: add(y, y, out=out), lambda: np.add(y, y, out=out),
        "np.add(y, y, out=)", r)

    print("float32 clip to [0.25, 0.75], cpu target")
    lo, hi = np.float32(0.25), np.float32(0.75)
    clip = u["clip.cpu"]
    for n in (100_000, 10_000_000):
        z = np.random.default_rng(1).random(n, dtype=np.float32)
        row(f"numjit clip(z, lo, hi), n={n:.0e}", lambda: clip(z, lo, hi),
            lambda: np.clip(z, lo, hi), "np.clip", r)

    print("parallel vs cpu target (ratio = parallel / cpu)")
    for name, nin in (("add", 2), ("clip", 3)):
        for n in (100, 100_000, 1_000_000, 10_000_000):
            z = np.random.default_rng(2).random(n, dtype=np.float32)
            o = np.empty_like(z)
            ops = (z, z) if nin == 2 else (z, lo, hi)
            par, cpu = u[f"{name}.par"], u[f"{name}.cpu"]
            row(f"{name} n={n:.0e}", lambda: par(*ops), lambda: cpu(*ops), "cpu", r)
            row(f"{name} n={n:.0e} out=", lambda: par(*ops, out=o), lambda: cpu(*ops, out=o),
                "cpu out=", r)


if __name__ == "__main__":
    main()
