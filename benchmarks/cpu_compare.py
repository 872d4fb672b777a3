"""numjit beside numba on a loaded machine: CPU time of the calling thread, interleaved.

On a machine shared with other work, wall-clock samples swing by 2-5x with the load (a sample
runs slower whenever the process waits for a core), so two JIT columns timed a moment apart can
differ by more than the effect being measured. The CPU time of the calling thread
(`time.thread_time`) counts only the time the kernel ran; this tool compiles a case (from
benchmarks/cases.py) with both compilers in one process and alternates their calls, so both share
the same cache and frequency conditions. Single-threaded kernels only: the time of other threads
(prange, parallel ufuncs, BLAS) is not counted.

    python -m benchmarks.cpu_compare pic_deposit np_histogram
    pic_deposit        numjit 3.94 ms  numba 4.33 ms  ratio 0.91 (min)  0.91 (median)  [21 rounds]

From Python:

    >>> row = compare("prefix_sum", rounds=3, mode="quick")
    >>> sorted(row)
    ['name', 'numba_median_s', 'numba_min_s', 'numjit_median_s', 'numjit_min_s', 'rounds']
"""
import argparse
import importlib
import statistics
import sys
import time

from . import cases


def compare(name, rounds=21, mode="full", impl="numjit"):
    """Min and median thread time of case `name` under numjit (or `impl`) and numba."""
    case = next(c for c in cases.CASES if c.name == name)
    args = case.make(case.sizes[mode])
    fns = {label: case.compile_with(importlib.import_module(module))
           for label, module in (("numjit", impl), ("numba", "numba"))}
    samples = {label: [] for label in fns}
    for fn in fns.values():
        case.invoke(fn, args)                       # compiled and warm before the first sample
    for _ in range(rounds):
        for label, fn in fns.items():
            start = time.thread_time()
            case.invoke(fn, args)
            samples[label].append(time.thread_time() - start)
    row = dict(name=name, rounds=rounds)
    for label, times in samples.items():
        row[f"{label}_min_s"] = min(times)
        row[f"{label}_median_s"] = statistics.median(times)
    return row


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks.cpu_compare", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="+", metavar="NAME", help="case names (python -m benchmarks --list)")
    ap.add_argument("--rounds", type=int, default=21, help="alternating calls of each (default 21)")
    ap.add_argument("--quick", action="store_true", help="the cases' quick sizes")
    opts = ap.parse_args(argv)
    for name in opts.names:
        row = compare(name, opts.rounds, "quick" if opts.quick else "full")
        nj, nb = row["numjit_min_s"], row["numba_min_s"]
        print(f"{name:18s} numjit {nj * 1e3:.3g} ms  numba {nb * 1e3:.3g} ms  "
              f"ratio {nj / nb:.2f} (min)  {row['numjit_median_s'] / row['numba_median_s']:.2f} (median)"
              f"  [{row['rounds']} rounds]", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
