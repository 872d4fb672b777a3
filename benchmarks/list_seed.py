"""The seed article's list example, numjit vs plain Python vs numba, in one run.

    python benchmarks/list_seed.py [--n 100000] [--repeats 7]

Times `add1(x, 1)` on a Python list of n floats (best of several repeats, like
%timeit) and each compiler's first call (compile + run); checks the answers agree.
"""
import argparse
import os
import sys
import time
import timeit
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def add1(x, c):
    rs = [0.] * len(x)
    for i, xx in enumerate(x):
        rs[i] = xx + c
    return rs


def best(fn, repeats):
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return min(timer.repeat(repeats, number)) / number


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10**5)
    ap.add_argument("--repeats", type=int, default=7)
    opts = ap.parse_args()
    x = np.random.default_rng(0).random(opts.n).astype(np.float32).tolist()
    want = add1(x, 1)
    rows = [("plain Python", None, best(lambda: add1(x, 1), opts.repeats))]
    import numjit
    compilers = [("numjit", numjit.njit)]
    try:
        import numba
        compilers.append(("numba", numba.njit))
    except ImportError:
        print("numba is not installed: skipped", file=sys.stderr)
    for name, njit in compilers:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")          # numba's reflected-list deprecation notes
            f = njit(add1)
            t0 = time.perf_counter()
            got = f(x, 1)
            first = time.perf_counter() - t0
            assert got == want, f"{name} gives a different answer"
            rows.append((name, first, best(lambda: f(x, 1), opts.repeats)))
    python_time = rows[0][2]
    print(f"seed list example: add1(x, 1), x a list of {opts.n} floats (best of {opts.repeats})")
    print(f"{'':14s} {'run':>10s} {'vs Python':>10s} {'first call':>11s}")
    for name, first, t in rows:
        first_text = f"{first:10.3f}s" if first is not None else ""
        print(f"{name:14s} {t * 1e3:8.3f}ms {python_time / t:9.2f}x {first_text:>11s}")


if __name__ == "__main__":
    main()
