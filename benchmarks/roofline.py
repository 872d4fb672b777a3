"""The roofline: this machine's limits, measured once per benchmark run with the compiler under test,
and each kernel's speed as a fraction of the limit that applies to it.

Limits (``measure``): a STREAM-like triad ``a[i] = b[i] + s * c[i]`` (24 bytes per element, write-
allocate traffic not counted, as STREAM counts) at three working-set sizes -- in the L2 cache, in the
L3 cache, in main memory -- and an FMA micro-kernel (``x = x * a + b`` on 128 lanes kept in registers,
``fastmath={"contract"}`` so it compiles to fused multiply-adds, 2 flops each) in float64 and float32;
each on one core and on all cores (prange over one row per thread).  NumPy's triad (``multiply`` then
``add``, 40 bytes per element) is measured beside it as a sanity check.

A kernel's work (benchmarks/work.py) gives the bytes it must move, the flops it does, its working set
and its threads.  Its roofline time is ``max(flops / peak, bytes / bandwidth)`` (the peak of its dtype,
the triad of the cache level its working set fits in, one core or all); the fraction shown is that time
over the measured time, and the rate is flops or bytes per second, whichever bound is the larger:

    >>> limits = {"cores": 2, "triad_gbs": {"L2": [100.0, 200.0], "L3": [50.0, 90.0], "memory": [20.0, 30.0]},
    ...           "fma_gflops": {"float64": [50.0, 100.0], "float32": [100.0, 200.0]},
    ...           "cache_bytes": {"L2": 2**20, "L3": 2**25}}
    >>> work = dict(bytes=8e8, flops=1e9, footprint=8e8, dtype="float64", threads=1)
    >>> roof(work, limits)                  # 0.04 s to move 800 MB at 20 GB/s > 0.02 s for 1 GFLOP
    ('memory', 'memory', 0.04)
    >>> rate_and_fraction(work, limits, 0.08)   # 10 GB/s, half the memory triad
    ('10 GB/s', 0.5)
"""
import time

import numpy as np

from . import cases

prange = range   # rebound to the compiler's prange for the all-cores builds (cases.with_prange)
LANES = 128      # lanes of the FMA kernel: enough independent chains to hide the FMA latency (two
                 # 512-bit FMA units of 4 cycles latency need 8 vectors: 128 float32 lanes)
TARGET_S = 0.001  # seconds one timed call should take at least (short: a busy machine preempts longer ones)
REPEATS = 9       # the best of this many timed calls is kept (STREAM reports the best too)


# -- the limit kernels (plain functions, compiled by the compiler under test) ------------------

def triad(a, b, c, s, reps):
    """a[t, i] = b[t, i] + (s + r) * c[t, i], `reps` times over row t (one row per thread); the
    scalar changes between repeats so no repeat is redundant."""
    for t in prange(a.shape[0]):
        for r in range(reps):
            q = s + r
            for i in range(a.shape[1]):
                a[t, i] = b[t, i] + q * c[t, i]


def fma(x, a, b, n_iter):
    """x[t, k] = x[t, k] * a + b, n_iter times, on the LANES lanes of row t: the lanes stay in
    registers (a constant trip count), so the loop runs at the machine's multiply-add rate."""
    for t in prange(x.shape[0]):
        for _ in range(n_iter):
            for k in range(128):       # LANES, as a constant
                x[t, k] = x[t, k] * a + b


def fma_reference(x, a, b, n_iter):
    """What fma computes, in NumPy (unfused: each step rounded twice, so close but not equal)."""
    x = x.astype(np.float64)
    for _ in range(n_iter):
        x = x * float(a) + float(b)
    return x


# -- measuring -----------------------------------------------------------------------------------

def cache_sizes():
    """{"L2": bytes per core, "L3": bytes} from sysfs; common sizes where it is not readable."""
    sizes = {"L2": 2**20, "L3": 2**25}
    for index in range(8):
        folder = f"/sys/devices/system/cpu/cpu0/cache/index{index}"
        try:
            level = int(open(f"{folder}/level").read())
            kind = open(f"{folder}/type").read().strip()
            size = open(f"{folder}/size").read().strip()
        except (OSError, ValueError):
            continue
        if level in (2, 3) and kind != "Instruction" and size.endswith("K"):
            sizes[f"L{level}"] = int(size[:-1]) * 1024
    return sizes


def best_seconds(call, scale=None):
    """Best time of REPEATS calls of call(scale), and the scale.  Without a scale (a repeat count) it
    grows until a call takes TARGET_S; the all-cores kernels are given the one-core scale instead
    (the same work per thread), so a helper thread's late start cannot shrink their work."""
    if scale is None:
        scale = 1
        while True:
            start = time.perf_counter()
            call(scale)
            seconds = time.perf_counter() - start
            if seconds >= TARGET_S or scale >= 2**30:
                break
            scale *= max(2, min(64, int(TARGET_S / max(seconds, 1e-7))))
    else:
        call(scale)   # warm-up
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call(scale)
        times.append(time.perf_counter() - start)
    return min(times), scale


def row_length(total_bytes, rows):
    """Elements per row of the triad's three arrays when they total total_bytes over `rows` rows."""
    return max(1024, int(total_bytes // (3 * 8 * rows)))


def triad_buffers(n):
    return np.zeros(n), np.arange(n, dtype=np.float64), np.full(n, 0.5)


def triad_rate(fn, rows, n, buffers, reps=None):
    """(GB/s, repeats) of the compiled triad on `rows` rows of n elements (views of the flat
    `buffers`); the answer is checked."""
    a, b, c = (buffer[:rows * n].reshape(rows, n) for buffer in buffers)
    seconds, reps = best_seconds(lambda reps: fn(a, b, c, 3.0, reps), reps)
    if not np.array_equal(a, b + (3.0 + reps - 1) * c):
        raise AssertionError("the compiled triad computed a wrong answer")
    return 24.0 * rows * n * reps / seconds / 1e9, reps


def fma_rate(fn, rows, dtype, n_iter=None):
    """(GFLOP/s, iterations) of the compiled FMA kernel on `rows` rows; the answer is checked."""
    x0 = np.tile(np.linspace(0.5, 1.5, LANES), (rows, 1)).astype(dtype)
    x, a, b = x0.copy(), dtype(0.75), dtype(0.25)
    fn(x, a, b, 3)
    if not np.allclose(x, fma_reference(x0, a, b, 3), rtol=1e-5):
        raise AssertionError("the compiled FMA kernel computed a wrong answer")
    seconds, n_iter = best_seconds(lambda n_iter: fn(x, a, b, n_iter), n_iter)
    return 2.0 * x.size * n_iter / seconds / 1e9, n_iter


def numpy_triad_rate(buffers):
    a, b, c = buffers

    def run(reps):
        for _ in range(reps):
            np.multiply(c, 3.0, out=a)
            np.add(a, b, out=a)
    seconds, reps = best_seconds(run)
    return 40.0 * a.size * reps / seconds / 1e9


def measure(module):
    """The machine's limits, measured with `module` (numjit, or numba standing in): a dict for
    results/latest.json.  Each rate is [one core, all cores]."""
    start = time.perf_counter()
    cores = module.get_num_threads() if hasattr(module, "get_num_threads") else 1
    serial = {"triad": module.njit(triad), "fma": module.njit(fastmath={"contract"})(fma)}
    parallel = {"triad": cases.with_prange(parallel=True)(module, triad),
                "fma": cases.with_prange(parallel=True, fastmath={"contract"})(module, fma)}
    caches = cache_sizes()
    # working sets: half the cache of the level (per core for L2), and 6x the L3 for main memory
    footprints = {"L2": lambda k: caches["L2"] // 2 * k, "L3": lambda k: caches["L3"] // 2,
                  "memory": lambda k: max(6 * caches["L3"], 96 * 2**20)}
    limits = dict(cores=cores, cache_bytes=caches, triad_gbs={}, fma_gflops={},
                  triad_bytes={level: size(1) for level, size in footprints.items()})
    for level, size in footprints.items():
        n_one, n_all = row_length(size(1), 1), row_length(size(cores), cores)
        buffers = triad_buffers(max(n_one, cores * n_all))
        one, reps = triad_rate(serial["triad"], 1, n_one, buffers)
        every, _ = triad_rate(parallel["triad"], cores, n_all, buffers, max(1, reps * n_one // n_all))
        limits["triad_gbs"][level] = [one, every]
        if level == "memory":
            limits["numpy_triad_gbs"] = numpy_triad_rate(buffers)
    for dtype in (np.float64, np.float32):
        one, n_iter = fma_rate(serial["fma"], 1, dtype)
        limits["fma_gflops"][dtype.__name__] = [one, fma_rate(parallel["fma"], cores, dtype, n_iter)[0]]
    limits["seconds"] = time.perf_counter() - start
    return limits


# -- a kernel against the limits -----------------------------------------------------------------

def _scaled(pair, threads, cores):
    """The limit for `threads` threads: one core's, all cores', or k times one core's (capped)."""
    one, every = pair
    if threads is None or threads >= cores:
        return every
    return min(every, one * threads)


def cache_level(work, limits):
    """The cache level the kernel's working set fits in: L2 (per core used), L3, or memory."""
    cores = limits["cores"]
    used = cores if work.get("threads") is None else min(work["threads"], cores)
    if work["footprint"] <= limits["cache_bytes"]["L2"] * used * 3 // 4:
        return "L2"
    if work["footprint"] <= limits["cache_bytes"]["L3"] * 3 // 4:
        return "L3"
    return "memory"


def roof(work, limits):
    """(bound, cache level, seconds): which limit binds and the least time the kernel could take."""
    cores = limits["cores"]
    level = cache_level(work, limits)
    bandwidth = _scaled(limits["triad_gbs"][level], work.get("threads"), cores) * 1e9
    peak = _scaled(limits["fma_gflops"][work.get("dtype", "float64")], work.get("threads"), cores) * 1e9
    memory_s, compute_s = work["bytes"] / bandwidth, work["flops"] / peak
    if compute_s > memory_s:
        return "compute", level, compute_s
    return "memory", level, memory_s


def fmt_rate(value, unit):
    return f"{value:.3g} {unit}" if value < 1000 else f"{value:,.0f} {unit}"


def fraction_of_limit(kernel, limits, label):
    """A kernel entry's fraction of its roofline for column `label`, None where there is none."""
    work, result = kernel.get("work") or {}, kernel.get("results", {}).get(label, {})
    if not limits or "error" in limits or "none" in work or not work or result.get("status") != "ok":
        return None
    return rate_and_fraction(work, limits, result["median_s"])[1] if result["median_s"] > 0 else None


def rate_and_fraction(work, limits, seconds):
    """('12.3 GB/s' or '4.5 GFLOP/s', fraction of the roofline time) for a measured time."""
    bound, _, least_s = roof(work, limits)
    if bound == "compute":
        return fmt_rate(work["flops"] / seconds / 1e9, "GFLOP/s"), least_s / seconds
    return fmt_rate(work["bytes"] / seconds / 1e9, "GB/s"), least_s / seconds


# -- the report's roofline table ---------------------------------------------------------------

def fmt_amount(value, unit):
    """1.92e6, 'B' -> '1.92 MB'."""
    for prefix, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if value >= scale:
            return f"{value / scale:.3g} {prefix}{unit}"
    return f"{value:.0f} {unit}"


def fmt_fraction(fraction):
    return f"{100 * fraction:.0f}%" if fraction >= 0.01 else f"{100 * fraction:.2g}%"


def threads_text(work, limits):
    threads = work.get("threads")
    if threads is None or threads >= limits["cores"]:
        return f"all {limits['cores']} cores"
    return "1 core" if threads == 1 else f"{threads} threads"


def limit_text(work, limits):
    bound, level, _ = roof(work, limits)
    what = f"FMA {work.get('dtype', 'float64')}" if bound == "compute" else f"{level} triad"
    return f"{what}, {threads_text(work, limits)}"


def limits_lines(limits):
    """The measured limits as a small table (one core, all cores)."""
    if "error" in limits:
        return [f"The machine's limits could not be measured: {limits['error']}", ""]
    lines = [f"This machine's limits, measured at the start of the run with the compiler under test in "
             f"{limits['seconds']:.1f} s (best of {REPEATS}): a triad `a[i] = b[i] + s * c[i]` (24 B per "
             f"element) on data in each cache level, and an FMA micro-kernel.", "",
             f"| limit | one core | all {limits['cores']} cores |", "|---|---|---|"]
    for level, (one, every) in limits["triad_gbs"].items():
        size = fmt_amount(limits["triad_bytes"][level], "B")
        lines.append(f"| triad, {level} ({size}) | {fmt_rate(one, 'GB/s')} | {fmt_rate(every, 'GB/s')} |")
    for dtype, (one, every) in limits["fma_gflops"].items():
        lines.append(f"| FMA {dtype} | {fmt_rate(one, 'GFLOP/s')} | {fmt_rate(every, 'GFLOP/s')} |")
    lines.append(f"| NumPy's triad in memory (multiply, then add: 40 B per element) "
                 f"| {fmt_rate(limits['numpy_triad_gbs'], 'GB/s')} | – |")
    if limits["numpy_triad_gbs"] > 1.25 * limits["triad_gbs"]["memory"][0]:
        lines += ["", "**NumPy's triad beat the compiled one by more than 25%: the memory limits are understated.**"]
    return lines + [""]


def work_text(work):
    """'22.1 MFLOP, 1.92 MB', or only the part that is not zero."""
    parts = [fmt_amount(work["flops"], "FLOP") if work["flops"] else "",
             fmt_amount(work["bytes"], "B") if work["bytes"] else ""]
    return ", ".join(part for part in parts if part) or "–"


def markdown_lines(data):
    """The report's roofline section: the limits, then one row per kernel with a work count."""
    limits = data.get("limits")
    if not limits:
        return []
    lines = ["## Roofline: each kernel against this machine's limits", ""] + limits_lines(limits)
    if "error" in limits:
        return lines
    rows, without = [], []
    for kernel in data.get("kernels", []):
        work = kernel.get("work")
        if not work or "none" in work:
            without.append(f"`{kernel['name']}` ({(work or {}).get('none', 'no work count')})")
            continue
        row = [f"`{kernel['name']}`", work_text(work), limit_text(work, limits)]
        for label in ("numjit", "numba"):
            fraction = fraction_of_limit(kernel, limits, label)
            if fraction is None:
                row += ["–", "–"]
            else:
                seconds = kernel["results"][label]["median_s"]
                row += [rate_and_fraction(work, limits, seconds)[0], fmt_fraction(fraction)]
        rows.append("| " + " | ".join(row) + " |")
    if rows:
        lines += ["| kernel | work per call | limit | numjit | numjit of limit | numba | numba of limit |",
                  "|---|---|---|---|---|---|---|", *rows, ""]
    lines += ["Work per call is counted from the inputs (benchmarks/work.py says what counts). The limit is "
              "the larger of flops ÷ FMA peak and bytes ÷ triad bandwidth of the cache level the kernel's "
              "data fit in, for the cores it uses; a kernel's rate is flops or bytes per second of its "
              "median time, and \"of limit\" is the least time the limit allows over that median (above 100%: "
              "the kernel beat a limit measured in a noisy moment, or its data stayed in a faster cache)."]
    if without:
        lines += ["", "No work count: " + "; ".join(without) + "."]
    return lines + [""]
