"""The seed article's examples, self-contained (a fallback for examples/seed_tour.py).

The project's acceptance script lives in ../shared/acceptance/seed_examples.py,
which a fresh clone may not have.  This module runs the same kernels (the
article's list loop, vectorize lazy / with signatures / parallel, the nogil
thread split, both convolutions and both max-pools) with the same interface:
``Examples(jit_module, quick)`` has one method per article section, each
appending rows ``dict(name, ok, compile_s, time_s, ref_time_s, note)`` to
``.rows``.

    >>> import numba                                    # or numjit
    >>> ex = Examples(numba, quick=True)
    >>> ex.list_add()
    >>> ex.rows[0]["name"], ex.rows[0]["ok"]
    ('jit list add (1e5)', True)
"""
import math
import time
import timeit
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

LIST_SIZE = 10**5          # the article's y = np.random.random(10**5)
NOGIL_LENGTH = 10**6       # the article's nogil example
IMAGES = (64, 3, 28, 28)   # 64 MNIST-like images, 3 channels
FILTERS = (16, 3, 5, 5)    # 16 filters of 5 x 5
POOL = (2, 2)


def steady_time(fn, quick):
    """Best per-call time over several timeit rounds (the article's %timeit)."""
    timer = timeit.Timer(fn)
    calls, _ = timer.autorange()
    if quick:
        calls = max(1, calls // 4)
    rounds = timer.repeat(3 if quick else 5, calls)
    return min(rounds) / calls


def timed_first_call(fn):
    """(result, seconds) of one call: for a JIT the first call includes compiling."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


# -- the article's kernels, as plain Python; each section decorates them ----------

def add_loop(x, c):
    rs = [0.] * len(x)
    for i, xx in enumerate(x):
        rs[i] = xx + c
    return rs


def add_scalar(yy, c):
    return yy + c


def clip_scalar(y, a, b):
    if y < a:
        return a
    if y > b:
        return b
    return y


def sigmoid_like_kernel(result, a, b):
    for i in range(len(result)):
        result[i] = 1 / (a[i] + math.exp(-b[i]))


def conv_kernel_arrays(x, w, rs, n, n_channels, height, width, n_filters, filter_height, filter_width,
                       out_h, out_w):
    for i in range(n):
        for j in range(out_h):
            for p in range(out_w):
                window = x[i, ..., j:j + filter_height, p:p + filter_width]
                for q in range(n_filters):
                    rs[i, q, j, p] += np.sum(w[q] * window)


def conv_kernel_loops(x, w, rs, n, n_channels, height, width, n_filters, filter_height, filter_width,
                      out_h, out_w):
    for i in range(n):
        for j in range(out_h):
            for p in range(out_w):
                for q in range(n_filters):
                    for r in range(n_channels):
                        for s in range(filter_height):
                            for t in range(filter_width):
                                rs[i, q, j, p] += x[i, r, j + s, p + t] * w[q, r, s, t]


def max_pool_kernel_arrays(x, rs, *args):
    n, n_channels, pool_height, pool_width, out_h, out_w = args
    for i in range(n):
        for j in range(n_channels):
            for p in range(out_h):
                for q in range(out_w):
                    window = x[i, j, p:p + pool_height, q:q + pool_width]
                    rs[i, j, p, q] += np.max(window)


def max_pool_kernel_loops(x, rs, *args):
    n, n_channels, pool_height, pool_width, out_h, out_w = args
    for i in range(n):
        for j in range(n_channels):
            for p in range(out_h):
                for q in range(out_w):
                    _max = x[i, j, p, q]
                    for r in range(pool_height):
                        for s in range(pool_width):
                            _tmp = x[i, j, p + r, q + s]
                            if _tmp > _max:
                                _max = _tmp
                    rs[i, j, p, q] += _max


# -- the wrappers the article puts around its kernels ------------------------------

def conv(x, w, kernel, args):
    n, n_filters, out_h, out_w = args[0], args[4], args[-2], args[-1]
    rs = np.zeros((n, n_filters, out_h, out_w), dtype=np.float32)
    kernel(x, w, rs, *args)
    return rs


def max_pool(x, kernel, args):
    n, n_channels, out_h, out_w = args[0], args[1], args[-2], args[-1]
    rs = np.zeros((n, n_channels, out_h, out_w), dtype=np.float32)
    kernel(x, rs, *args)
    return rs


def conv_args(x, w):
    n, n_channels, height, width = x.shape
    n_filters, _, filter_height, filter_width = w.shape
    return (n, n_channels, height, width, n_filters, filter_height, filter_width,
            height - filter_height + 1, width - filter_width + 1)


def pool_args(x):
    n, n_channels, height, width = x.shape
    pool_height, pool_width = POOL
    return (n, n_channels, pool_height, pool_width, height - pool_height + 1, width - pool_width + 1)


def one_thread(kernel):
    def run(length, *arrays):
        result = np.empty(length, dtype=np.float32)
        kernel(result, *arrays)
        return result
    return run


def split_over_threads(kernel, n_threads):
    """The article's ThreadPoolExecutor split: each thread gets one contiguous chunk."""
    def run(length, *arrays):
        result = np.empty(length, dtype=np.float32)
        step = -(-length // n_threads)
        per_thread = [[arr[k * step:(k + 1) * step] for arr in (result,) + arrays]
                      for k in range(n_threads)]
        with ThreadPoolExecutor(max_workers=n_threads) as pool:
            list(pool.map(lambda chunk: kernel(*chunk), per_thread))
        return result
    return run


def make_data():
    """The article's inputs, from fixed seeds."""
    y = np.random.default_rng(0).random(LIST_SIZE).astype(np.float32)
    rng = np.random.default_rng(1)
    a = rng.random(NOGIL_LENGTH).astype(np.float32)
    b = rng.random(NOGIL_LENGTH).astype(np.float32)
    rng = np.random.default_rng(2)
    x = rng.standard_normal(IMAGES).astype(np.float32)
    w = rng.standard_normal(FILTERS).astype(np.float32)
    return dict(y=y, x_list=y.tolist(), a=a, b=b, images=x, filters=w)


def numpy_conv(x, w):
    windows = sliding_window_view(x, w.shape[2:], axis=(2, 3))
    return np.einsum("ncjpst,qcst->nqjp", windows, w, optimize=True)


def numpy_max_pool(x):
    return sliding_window_view(x, POOL, axis=(2, 3)).max(axis=(4, 5))


class Examples:
    """One method per section of the article; results accumulate in ``self.rows``."""

    def __init__(self, nb, quick):
        self.nb = nb
        self.quick = quick
        self.rows = []
        self.data = make_data()
        self.y = self.data["y"]
        self.x = self.data["x_list"]

    def record(self, name, ok, compile_s=None, t=None, ref_t=None, note=""):
        self.rows.append(dict(name=name, ok=ok, compile_s=compile_s, time_s=t, ref_time_s=ref_t, note=note))

    def _time(self, fn):
        return steady_time(fn, self.quick)

    def list_add(self):
        jitted = self.nb.jit(nopython=True)(add_loop)
        x = self.x
        out, first = timed_first_call(lambda: jitted(x, 1))
        ok = isinstance(out, list) and np.allclose(out, add_loop(x, 1))
        self.record("jit list add (1e5)", ok, first, self._time(lambda: jitted(x, 1)),
                    self._time(lambda: add_loop(x, 1)), "ref: pure Python loop")

    def vectorize_lazy(self):
        ufunc = self.nb.vectorize(nopython=True)(add_scalar)
        y = self.y
        out, first_int = timed_first_call(lambda: ufunc(y, 1))
        ok = np.allclose(out, y + 1)
        out, first_float = timed_first_call(lambda: ufunc(y, 1.))
        ok = ok and np.allclose(out, y + 1.)
        self.record("vectorize lazy, int c", ok, first_int, self._time(lambda: ufunc(y, 1)),
                    self._time(lambda: y + 1), "ref: numpy y + 1")
        self.record("vectorize lazy, float c", ok, first_float, self._time(lambda: ufunc(y, 1.)),
                    self._time(lambda: y + 1.), "ref: numpy y + 1.")

    def vectorize_signatures(self):
        nb, y = self.nb, self.y
        as_int = nb.vectorize("float32(float32, int32)", nopython=True)(add_scalar)
        as_float = nb.vectorize("float32(float32, float32)", nopython=True)(add_scalar)
        either = nb.vectorize(["float32(float32, int32)", "float32(float32, float32)"],
                              nopython=True)(add_scalar)
        one_i, one_f = np.int32(1), np.float32(1.)
        checks = [np.allclose(as_int(y, one_i), y + 1), np.allclose(as_float(y, one_f), y + 1),
                  np.allclose(either(y, one_i), y + 1), np.allclose(either(y, one_f), y + 1),
                  as_float(y, one_f).dtype == np.float32]
        self.record("vectorize with signatures", all(checks), None, self._time(lambda: either(y, one_f)),
                    self._time(lambda: y + one_f), "ref: numpy y + 1.")

    def vectorize_parallel(self):
        nb, y = self.nb, self.y
        par_add = nb.vectorize("float32(float32, float32)", target="parallel", nopython=True)(add_scalar)
        self.record("vectorize parallel add", np.allclose(par_add(y, 1.), y + 1), None,
                    self._time(lambda: par_add(y, 1.)), self._time(lambda: y + 1.), "ref: numpy y + 1.")
        sig = "float32(float32, float32, float32)"
        par_clip = nb.vectorize(sig, target="parallel", nopython=True)(clip_scalar)
        cpu_clip = nb.vectorize(sig, nopython=True)(clip_scalar)
        expected = np.clip(y, 0.1, 0.9)
        ok = np.allclose(cpu_clip(y, 0.1, 0.9), expected) and np.allclose(par_clip(y, 0.1, 0.9), expected)
        numpy_t = self._time(lambda: np.clip(y, 0.1, 0.9))
        self.record("vectorize clip", ok, None, self._time(lambda: cpu_clip(y, 0.1, 0.9)), numpy_t,
                    "ref: np.clip")
        self.record("vectorize parallel clip", ok, None, self._time(lambda: par_clip(y, 0.1, 0.9)), numpy_t,
                    "ref: np.clip")

    def nogil_threads(self):
        nb, a, b = self.nb, self.data["a"], self.data["b"]
        holding = nb.jit(nopython=True, nogil=False)(sigmoid_like_kernel)
        releasing = nb.jit(nopython=True, nogil=True)(sigmoid_like_kernel)
        expected = 1 / (a + np.exp(-b))
        numpy_t = self._time(lambda: 1 / (a + np.exp(-b)))
        variants = [("jit gil, 1 thread", one_thread(holding)),
                    ("jit gil, 2 threads", split_over_threads(holding, 2)),
                    ("jit nogil, 1 thread", one_thread(releasing)),
                    ("jit nogil, 2 threads", split_over_threads(releasing, 2))]
        for name, run in variants:
            out, first = timed_first_call(lambda: run(NOGIL_LENGTH, a, b))
            self.record(name, np.allclose(out, expected), first, self._time(lambda: run(NOGIL_LENGTH, a, b)),
                        numpy_t, "ref: numpy 1/(a+exp(-b))")

    def conv_pool(self):
        nb, x, w = self.nb, self.data["images"], self.data["filters"]
        args = conv_args(x, w)
        expected = numpy_conv(x, w)
        numpy_t = self._time(lambda: numpy_conv(x, w))
        for name, kernel in [("conv, array expressions", conv_kernel_arrays),
                             ("conv, C-like loops", conv_kernel_loops)]:
            jitted = nb.jit(nopython=True)(kernel)
            out, first = timed_first_call(lambda: conv(x, w, jitted, args))
            ok = np.allclose(out, expected, rtol=1e-3, atol=1e-3)
            self.record(name, ok, first, self._time(lambda: conv(x, w, jitted, args)), numpy_t,
                        "ref: numpy einsum")
        args = pool_args(x)
        expected = numpy_max_pool(x)
        numpy_t = self._time(lambda: numpy_max_pool(x))
        for name, kernel in [("max pool, np.max of window", max_pool_kernel_arrays),
                             ("max pool, C-like loops", max_pool_kernel_loops)]:
            jitted = nb.jit(nopython=True)(kernel)
            out, first = timed_first_call(lambda: max_pool(x, jitted, args))
            self.record(name, np.allclose(out, expected), first, self._time(lambda: max_pool(x, jitted, args)),
                        numpy_t, "ref: numpy sliding_window_view max")

    def vectorize_cuda(self):
        cuda = getattr(self.nb, "cuda", None)
        try:
            available = cuda is not None and cuda.is_available()
        except Exception:
            available = False
        if not available:
            self.record("vectorize cuda add", None, note="skipped: no CUDA GPU")
            return
        y, one = self.y, np.float32(1.)
        gpu_add = self.nb.vectorize("float32(float32, float32)", target="cuda")(add_scalar)
        out, first = timed_first_call(lambda: gpu_add(y, one))
        self.record("vectorize cuda add", np.allclose(out, y + 1), first, self._time(lambda: gpu_add(y, one)),
                    self._time(lambda: y + one), "ref: numpy y + 1.")
