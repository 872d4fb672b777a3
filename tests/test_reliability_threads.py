"""Reliability under threads: 8 Python threads compiling the same function and different
functions at once, calling a lazy vectorize/guvectorize for the first time, and loading from the
disk cache, all get the results plain Python gives (one compilation at a time: pipeline.COMPILER_LOCK).
"""
import math
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from impl import IS_NUMBA, impl_module, njit

THREADS = 8


def poly(x, n):
    s = 0.0
    for i in range(n):
        s += math.sin(x * i) * i
    return s


def array_sum(a):
    return (a * 2 + 1).sum()


def scaled(a, s, out):
    for i in range(a.shape[0]):
        out[i] = a[i] * s


def multiply_add(x, y):
    return x * y + 1.0


def run_together(work):
    barrier = threading.Barrier(THREADS)

    def start(i):
        barrier.wait()                      # every thread reaches the first call at the same time
        return work(i)
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(start, range(THREADS)))


@pytest.mark.slow
def test_compiling_and_first_calls_from_threads(tmp_path, monkeypatch):
    if not IS_NUMBA:
        from numjit import config
        monkeypatch.setattr(config, "CACHE_DIR", str(tmp_path))
    njit(cache=True)(poly)(0.5, 3)          # fills the disk cache the threads load from
    same = njit(poly)
    different = [njit(poly), njit(array_sum)]
    cached = [njit(cache=True)(poly) for _ in range(THREADS)]
    shared_cached = njit(cache=True)(poly)
    ufunc = impl_module.vectorize(multiply_add)
    gufunc = impl_module.guvectorize("(n),()->(n)")(scaled)
    arrays = [np.arange(5.0), np.arange(5)]

    def work(i):
        out = np.zeros(4)
        gufunc(np.arange(4.0), 3.0, out)
        return (same(0.5, 10), different[0](0.25 * i, 7), different[1](arrays[i % 2]),
                float(ufunc(np.arange(3.0), 2.0 if i % 2 else 2).sum()), cached[i](0.5, 3), shared_cached(0.5, 3),
                float(out.sum()))

    results = run_together(work)
    for i, got in enumerate(results):
        scaled(np.arange(4.0), 3.0, want_out := np.zeros(4))
        want = (poly(0.5, 10), poly(0.25 * i, 7), array_sum(arrays[i % 2]),
                float(multiply_add(np.arange(3.0), 2.0).sum()), poly(0.5, 3), poly(0.5, 3),
                float(want_out.sum()))
        assert got == want, (i, got, want)
