"""The benchmark cases: for each kernel, its inputs, how to compile and call it,
its NumPy equivalent, and how to check an answer.

A ``Case`` is plain data; the runner (benchmarks/runner.py) and the
fresh-process compile probe (benchmarks/probe.py) both look cases up here by
name, so they always agree on what is measured.

    >>> case = find("prefix_sum")[0]
    >>> args = case.make(8)
    >>> fn = case.python_callable()
    >>> case.check(case.invoke(fn, args), case.numpy(*args)) is None   # None = correct
    True
"""
import math
import types
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import kernels as K
from . import ported as P


# -- checks: (got, expected) -> None when right, else a short message --------------

def close(rtol=1e-6, atol=1e-9):
    def check(got, expected):
        if isinstance(expected, tuple):
            if not isinstance(got, (tuple, list)) or len(got) != len(expected):
                return f"expected a tuple of {len(expected)}, got {type(got).__name__}"
            pairs = list(zip(got, expected))
        else:
            pairs = [(got, expected)]
        for g, e in pairs:
            g, e = np.asarray(g), np.asarray(e)
            if g.shape != e.shape:
                return f"shape {g.shape}, expected {e.shape}"
            if not np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True):
                err = np.nanmax(np.abs(g.astype(np.float64) - e.astype(np.float64)))
                return f"max abs error {err:.3g}"
        return None
    return check


def returns_list(inner):
    def check(got, expected):
        if not isinstance(got, list):
            return f"returned {type(got).__name__}, expected list"
        return inner(got, expected)
    return check


def few_pixels_differ(fraction):
    """Escape counts may differ on a few boundary pixels if a compiler fuses multiply-adds."""
    def check(got, expected):
        got = np.asarray(got)
        if got.shape != expected.shape:
            return f"shape {got.shape}, expected {expected.shape}"
        differ = int(np.count_nonzero(got != expected))
        if differ > max(1, fraction * expected.size):
            return f"{differ} of {expected.size} pixels differ"
        return None
    return check


def counts_close(fraction):
    """Histogram counts may move between neighbouring bins for values on a bin edge."""
    def check(got, expected):
        got = np.asarray(got)
        if got.shape != expected.shape:
            return f"shape {got.shape}, expected {expected.shape}"
        moved = int(np.abs(got.astype(np.int64) - expected).sum())
        if moved > max(2, fraction * expected.sum()):
            return f"counts off by {moved} in total"
        return None
    return check


# -- how to compile --------------------------------------------------------------------

def njit(**options):
    return lambda module, kernel: module.njit(**options)(kernel) if options else module.njit(kernel)


def with_prange(**options):
    """njit(**options) of the kernel with its global `prange` bound to the compiler's own."""
    def build(module, kernel):
        rebound = types.FunctionType(kernel.__code__, dict(kernel.__globals__, prange=module.prange),
                                     kernel.__name__, kernel.__defaults__, kernel.__closure__)
        return module.njit(**options)(rebound)
    return build


def with_jitted_helpers(*names):
    """njit of the kernel with the kernels module's functions `names` njit-ed by the same compiler."""
    def build(module, kernel):
        helpers = {name: module.njit(getattr(K, name)) for name in names}
        rebound = types.FunctionType(kernel.__code__, dict(kernel.__globals__, **helpers),
                                     kernel.__name__, kernel.__defaults__, kernel.__closure__)
        return module.njit(rebound)
    return build


def with_typed_dict(module, kernel):
    """njit of the kernel with its globals `Dict` and `int64` bound to the compiler's typed.Dict and int64."""
    typed = __import__(f"{module.__name__}.typed", fromlist=["typed"])
    rebound = types.FunctionType(kernel.__code__, dict(kernel.__globals__, Dict=typed.Dict, int64=module.int64,
                                                       unicode_type=module.types.unicode_type),
                                 kernel.__name__, kernel.__defaults__, kernel.__closure__)
    return module.njit(rebound)


def jitclass_of(module):
    """The module's jitclass made from kernels.Accumulator (numba and numjit spell it the same)."""
    import importlib
    jitclass = importlib.import_module(module.__name__ + ".experimental").jitclass
    return jitclass(K.Accumulator, [("total", module.float64), ("count", module.int64)])


def with_accumulator(module, kernel):
    """kernel(acc, values) compiled, called on a fresh jitclass Accumulator."""
    cls, fn = jitclass_of(module), module.njit(kernel)
    return lambda values: fn(cls(0.0), values)


def accumulator_method(module, kernel):
    """The bound `shifted` method of a jitclass Accumulator, called from Python."""
    return jitclass_of(module)(0.0).shifted


def vectorize(signature, **options):
    return lambda module, kernel: module.vectorize(signature, **options)(kernel)


def elementwise_python(kernel):
    """Plain Python stand-in for a ufunc: the scalar function over a list of the elements."""
    def run(y, *scalars):
        scalars = [float(s) for s in scalars]
        return np.array([kernel(v, *scalars) for v in y.tolist()], dtype=np.float32)
    return run


# Kernels whose columns call OpenBLAS: NumPy's and SciPy's (numba's and numjit's BLAS) are two
# thread pools that spin after each call, so a column timed right after the other library's ran
# with the second core taken: numjit's matmul, always next after plain Python's `a @ b` in the
# round-robin, took 53 ms against numba's 36 (the same dgemm; 20 ms each alone). Their samples
# wait for the pools to settle (runner.BLAS_SETTLE_S).
BLAS_CASES = frozenset({"matmul", "linalg_solve", "seed_conv_arrays"})


@dataclass
class Case:
    name: str
    group: str                       # "overhead" | "seed" | "classic" | "ported" | "parallel" | ...
    description: str
    kernel: Callable                 # the plain function (benchmarks/kernels.py)
    make: Callable                   # size -> args
    sizes: dict                      # {"full": n, "quick": n, "python": n}
    build: Callable = field(default_factory=njit)   # (module, kernel) -> compiled callable
    call: Optional[Callable] = None  # (fn, args) -> result; None: fn(*args), timed as a direct call
    numpy: Optional[Callable] = None  # (*args) -> result
    numpy_make: Optional[Callable] = None  # size -> args for numpy, when they differ
    python: Optional[Callable] = None  # plain-Python callable; default: the kernel itself
    work: Callable = float           # size -> amount of work, to scale a sampled Python time
    check: Callable = field(default_factory=close)
    reference: str = "numpy"         # whose answer the others are checked against
    also: dict = field(default_factory=dict)   # {suffix: build}: more JIT columns, e.g. "numjit_cpu"

    def compile_with(self, module):
        return self.build(module, self.kernel)

    @property
    def threaded(self):
        """Runs thread pools (target='parallel', prange, OpenBLAS): timed with the other pools settled."""
        return self.group == "parallel" or self.name.endswith("_parallel") or self.blas

    @property
    def blas(self):
        return self.name in BLAS_CASES

    def python_callable(self):
        return self.python or self.kernel

    def invoke(self, fn, args):
        return self.call(fn, args) if self.call else fn(*args)

    def numpy_args(self, size):
        return (self.numpy_make or self.make)(size)


# -- inputs ------------------------------------------------------------------------

def rng(seed=0):
    return np.random.default_rng(seed)


def float32_vector(n):
    return rng(0).random(n).astype(np.float32)


def images(n):
    return rng(2).standard_normal((n, 3, 28, 28)).astype(np.float32)


def conv_inputs(n):
    x = images(n)
    w = rng(3).standard_normal((16, 3, 5, 5)).astype(np.float32)
    n, n_channels, height, width = x.shape
    n_filters, _, fh, fw = w.shape
    return x, w, (n, n_channels, height, width, n_filters, fh, fw, height - fh + 1, width - fw + 1)


def pool_inputs(n):
    x = images(n)
    n, n_channels, height, width = x.shape
    return x, (n, n_channels, 2, 2, height - 1, width - 1)


def run_conv(fn, args):
    x, w, shape = args
    n, n_filters, out_h, out_w = shape[0], shape[4], shape[-2], shape[-1]
    rs = np.zeros((n, n_filters, out_h, out_w), dtype=np.float32)
    fn(x, w, rs, *shape)
    return rs


def run_pool(fn, args):
    x, shape = args
    n, n_channels, out_h, out_w = shape[0], shape[1], shape[-2], shape[-1]
    rs = np.zeros((n, n_channels, out_h, out_w), dtype=np.float32)
    fn(x, rs, *shape)
    return rs


def numpy_conv(x, w, shape):
    windows = sliding_window_view(x, w.shape[2:], axis=(2, 3))
    return np.einsum("ncjpst,qcst->nqjp", windows, w, optimize=True)


def numpy_pool(x, shape):
    return sliding_window_view(x, (shape[2], shape[3]), axis=(2, 3)).max(axis=(4, 5))


def summed_in_python(fn, args):
    return sum(fn(*args))


def one_thread(fn, args):
    a, b = args
    result = np.empty(len(a), dtype=np.float32)
    fn(result, a, b)
    return result


_pool = None


def two_threads(fn, args):
    """The article's split of the nogil kernel over a ThreadPoolExecutor (kept alive between calls)."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=2)
    a, b = args
    result = np.empty(len(a), dtype=np.float32)
    half = (len(a) + 1) // 2
    chunks = [(result[k * half:(k + 1) * half], a[k * half:(k + 1) * half], b[k * half:(k + 1) * half])
              for k in range(2)]
    for done in [_pool.submit(fn, *chunk) for chunk in chunks]:
        done.result()
    return result


def nbody_inputs(n):
    g = rng(4)
    return g.standard_normal((n, 3)), g.standard_normal((n, 3)) * 0.1, g.random(n) + 0.5, 0.01, 0.01


def run_nbody(fn, args):
    pos, vel, mass, dt, eps = args
    pos, vel = pos.copy(), vel.copy()
    fn(pos, vel, mass, dt, eps)
    return pos, vel


def numpy_nbody(pos, vel, mass, dt, eps):
    d = pos[None, :, :] - pos[:, None, :]
    r2 = (d * d).sum(axis=2) + eps * eps
    acc = (d * (mass[None, :] / (r2 * np.sqrt(r2)))[:, :, None]).sum(axis=1)
    vel = vel + dt * acc
    return pos + dt * vel, vel


def laplace_inputs(n):
    u = np.zeros((n, n))
    u[0, :] = 1.0
    u[:, 0] = np.linspace(1.0, 0.0, n)
    return u, 20


def numpy_laplace(u0, n_sweeps):
    u, v = u0.copy(), u0.copy()
    for _ in range(n_sweeps):
        v[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])
        u, v = v, u
    return u


def black_scholes_inputs(n):
    g = rng(5)
    return g.uniform(5.0, 30.0, n), g.uniform(1.0, 100.0, n), g.uniform(0.25, 10.0, n), 0.02, 0.30


def run_black_scholes(fn, args):
    call, put = np.empty_like(args[0]), np.empty_like(args[0])
    fn(*args, call, put)
    return call, put


def numpy_black_scholes(S, K, T, r, sigma):
    sqrt_t = np.sqrt(T)
    d1 = (np.log(S / K) + (r + 0.5 * sigma * sigma) * T) / (sigma * sqrt_t)
    d2 = d1 - sigma * sqrt_t

    def cnd(d):
        k = 1.0 / (1.0 + 0.2316419 * np.abs(d))
        poly = k * (0.319381530 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429))))
        tail = 0.3989422804014327 * np.exp(-0.5 * d * d) * poly
        return np.where(d > 0, 1.0 - tail, tail)

    cnd1, cnd2 = cnd(d1), cnd(d2)
    discount = np.exp(-r * T)
    return S * cnd1 - K * discount * cnd2, K * discount * (1.0 - cnd2) - S * (1.0 - cnd1)


def numpy_mandelbrot(xmin, xmax, ymin, ymax, width, height, max_iter):
    cx = (xmin + np.arange(width) * ((xmax - xmin) / width))[None, :]
    cy = (ymin + np.arange(height) * ((ymax - ymin) / height))[:, None]
    x = np.zeros((height, width))
    y = np.zeros((height, width))
    counts = np.zeros((height, width), dtype=np.int32)
    for _ in range(max_iter):
        inside = x * x + y * y <= 4.0
        if not inside.any():
            break
        x, y = np.where(inside, x * x - y * y + cx, x), np.where(inside, 2.0 * x * y + cy, y)
        counts += inside
    return counts


def numpy_pairwise(X):
    d = X[:, None, :] - X[None, :, :]
    return np.sqrt((d * d).sum(axis=2))


def lj_inputs(n):
    return (rng(9).random((n, 3)) * 10.0 + np.arange(n)[:, None] * 0.01,)


def numpy_lennard_jones(pos):
    i, j = np.triu_indices(pos.shape[0], 1)
    r2 = ((pos[i] - pos[j]) ** 2).sum(axis=1)
    sr6 = 1.0 / r2 ** 3
    return 4.0 * (sr6 * sr6 - sr6).sum()


def numpy_grid_fill(x, y):
    return np.stack(np.broadcast_arrays(x[:, None], y[None, :], x[:, None] * y), axis=-1)


def squared(n):
    return float(n) * n


# -- the cases ------------------------------------------------------------------------

ONE = dict(full=1, quick=1, python=1)

CASES = [
    # call overhead: Python -> compiled -> Python for trivial bodies
    Case("call_no_args", "overhead", "f() returning 0", K.no_args, lambda n: (), ONE, reference="python"),
    Case("call_one_float", "overhead", "f(1.5) returning x + 1.0", K.one_float, lambda n: (1.5,), ONE,
         reference="python"),
    Case("call_small_array", "overhead", "f(a) summing a 3-element float64 array", K.small_array,
         lambda n: (np.array([1.0, 2.0, 3.0]),), ONE, reference="python"),
    Case("call_float_list", "overhead", "f(lst) summing a list of 3 floats", K.float_list,
         lambda n: ([1.0, 2.0, 3.0],), ONE, reference="python"),
    Case("call_jitclass_method", "overhead", "acc.shifted(1.5) on a jitclass instance, from Python",
         K.Accumulator.shifted, lambda n: (1.5,), ONE, build=accumulator_method,
         python=K.Accumulator(0.0).shifted, reference="python"),
    Case("jitclass_method_loop", "classic", "1e6 calls of a jitclass method from compiled code",
         K.accumulate, lambda n: (rng(12).random(n),), dict(full=10**6, quick=2 * 10**5, python=10**5),
         build=with_accumulator, python=lambda values: K.accumulate(K.Accumulator(0.0), values),
         reference="python", check=close(rtol=1e-9)),

    # calls inside compiled code: 1e7 calls of a small function, directly or through a variable
    Case("calls_direct", "overhead", "1e7 direct calls of a jitted function in a loop", K.direct_calls,
         lambda n: (n, True), dict(full=10**7, quick=10**6, python=10**5),
         build=with_jitted_helpers("affine_up", "affine_down"), reference="python", check=close(rtol=1e-6)),
    Case("calls_first_class", "overhead", "1e7 calls through f = g if c else h (first-class functions)",
         K.first_class_calls, lambda n: (n, True), dict(full=10**7, quick=10**6, python=10**5),
         build=with_jitted_helpers("affine_up", "affine_down"), reference="python", check=close(rtol=1e-6)),

    # a compiled generator consumed by Python: each item resumes compiled code
    Case("generator_from_python", "overhead", "sum() in Python over a compiled generator of 1e5 items",
         K.squares_upto, lambda n: (n,), dict(full=10**5, quick=10**5, python=10**5), call=summed_in_python,
         reference="python"),

    # the seed article
    Case("seed_list_add", "seed", "jit over a Python list of 1e5 floats, returns a list (numpy: y + 1)",
         K.list_add, lambda n: (float32_vector(n).tolist(), 1), dict(full=10**5, quick=10**5, python=10**5),
         numpy=lambda y, c: y + c, numpy_make=lambda n: (float32_vector(n), 1.0),
         check=returns_list(close()), reference="python"),
    Case("seed_vec_add", "seed", "vectorize float32(float32, float32), 1e5 (numpy: y + c)", K.vec_add,
         lambda n: (float32_vector(n), np.float32(1.0)), dict(full=10**5, quick=10**5, python=10**5),
         build=vectorize("float32(float32, float32)"), numpy=lambda y, c: y + c,
         python=elementwise_python(K.vec_add)),
    Case("seed_vec_add_parallel", "seed", "vectorize target='parallel', 1e5 (numpy: y + c)", K.vec_add,
         lambda n: (float32_vector(n), np.float32(1.0)), dict(full=10**5, quick=10**5, python=10**5),
         build=vectorize("float32(float32, float32)", target="parallel"), numpy=lambda y, c: y + c,
         python=elementwise_python(K.vec_add)),
    Case("seed_vec_clip", "seed", "vectorize clip, 1e5 float32 (numpy: np.clip)", K.vec_clip,
         lambda n: (float32_vector(n), 0.1, 0.9), dict(full=10**5, quick=10**5, python=10**5),
         build=vectorize("float32(float32, float32, float32)"), numpy=np.clip,
         python=elementwise_python(K.vec_clip)),
    Case("seed_vec_clip_parallel", "seed", "vectorize clip target='parallel', 1e5 (numpy: np.clip)",
         K.vec_clip, lambda n: (float32_vector(n), 0.1, 0.9), dict(full=10**5, quick=10**5, python=10**5),
         build=vectorize("float32(float32, float32, float32)", target="parallel"), numpy=np.clip,
         python=elementwise_python(K.vec_clip)),
    Case("seed_nogil_1thread", "seed", "nogil 1/(a+exp(-b)), 1e6 float32, one thread", K.sigmoid_like,
         lambda n: (float32_vector(n), rng(1).random(n).astype(np.float32)),
         dict(full=10**6, quick=10**6, python=2 * 10**4), build=njit(nogil=True), call=one_thread,
         numpy=lambda a, b: 1 / (a + np.exp(-b))),
    Case("seed_nogil_2threads", "seed", "nogil 1/(a+exp(-b)), 1e6 float32, split over 2 threads",
         K.sigmoid_like, lambda n: (float32_vector(n), rng(1).random(n).astype(np.float32)),
         dict(full=10**6, quick=10**6, python=2 * 10**4), build=njit(nogil=True), call=two_threads,
         numpy=lambda a, b: 1 / (a + np.exp(-b))),
    Case("seed_conv_arrays", "seed", "conv 64x3x28x28 * 16x3x5x5, window slices + np.sum (numpy: einsum)",
         K.conv_arrays, conv_inputs, dict(full=64, quick=16, python=2), call=run_conv, numpy=numpy_conv,
         check=close(rtol=1e-3, atol=1e-3)),
    Case("seed_conv_loops", "seed", "conv 64x3x28x28 * 16x3x5x5, seven plain loops (numpy: einsum)",
         K.conv_loops, conv_inputs, dict(full=64, quick=16, python=1), call=run_conv, numpy=numpy_conv,
         check=close(rtol=1e-3, atol=1e-3)),
    Case("seed_pool_arrays", "seed", "max pool 2x2 on 64x3x28x28, np.max of window slices",
         K.max_pool_arrays, pool_inputs, dict(full=64, quick=16, python=4), call=run_pool, numpy=numpy_pool),
    Case("seed_pool_loops", "seed", "max pool 2x2 on 64x3x28x28, plain loops",
         K.max_pool_loops, pool_inputs, dict(full=64, quick=16, python=4), call=run_pool, numpy=numpy_pool),

    # classic kernels
    Case("mandelbrot", "classic", "escape counts, 480x360 grid, max_iter 100", K.mandelbrot,
         lambda n: (-2.0, 1.0, -1.125, 1.125, n, n * 3 // 4, 100), dict(full=480, quick=240, python=60),
         numpy=numpy_mandelbrot, work=squared, check=few_pixels_differ(1e-3)),
    Case("nbody_step", "classic", "one O(n^2) gravity step, 1000 bodies", K.nbody_step, nbody_inputs,
         dict(full=1000, quick=400, python=100), call=run_nbody, numpy=numpy_nbody, work=squared,
         check=close(rtol=1e-7, atol=1e-9)),
    Case("laplace_jacobi", "classic", "20 Jacobi sweeps of the 2-D Laplace stencil, 500x500",
         K.laplace_jacobi, laplace_inputs, dict(full=500, quick=200, python=50), numpy=numpy_laplace,
         work=squared),
    Case("black_scholes", "classic", "European call and put, 2e5 options", K.black_scholes,
         black_scholes_inputs, dict(full=2 * 10**5, quick=5 * 10**4, python=10**4), call=run_black_scholes,
         numpy=numpy_black_scholes, check=close(rtol=1e-7, atol=1e-9)),
    Case("pairwise_distances", "classic", "all pairwise distances of 1000 points in 3-D",
         K.pairwise_distances, lambda n: (rng(6).random((n, 3)),), dict(full=1000, quick=400, python=100),
         numpy=numpy_pairwise, work=squared),
    Case("prefix_sum", "classic", "cumulative sum of 1e6 float64", K.prefix_sum,
         lambda n: (rng(7).random(n),), dict(full=10**6, quick=2 * 10**5, python=10**5), numpy=np.cumsum,
         check=close(rtol=1e-9)),
    Case("lennard_jones", "classic", "Lennard-Jones energy of 1000 particles, (1. / r) ** 6 in a helper",
         K.lennard_jones, lj_inputs, dict(full=1000, quick=400, python=100), numpy=numpy_lennard_jones,
         build=with_jitted_helpers("lj_pair"), work=squared, check=close(rtol=1e-9)),
    Case("grid_fill", "classic", "800x800x3 grid filled through broadcasting views",
         K.grid_fill, lambda n: (rng(10).random(n), rng(11).random(n)), dict(full=800, quick=400, python=800),
         numpy=numpy_grid_fill, work=squared),
    Case("histogram", "classic", "64-bin histogram of 1e6 normal samples over [-3, 3]", K.histogram,
         lambda n: (rng(8).standard_normal(n), -3.0, 3.0, 64), dict(full=10**6, quick=2 * 10**5, python=10**5),
         numpy=lambda data, lo, hi, bins: np.histogram(data, bins=bins, range=(lo, hi))[0],
         check=counts_close(1e-5)),
    Case("linalg_solve", "classic", "np.linalg.solve of a 500x500 float64 system (LAPACK gesv)", K.linalg_solve,
         lambda n: (rng(12).standard_normal((n, n)) + n * np.eye(n), rng(13).standard_normal(n)),
         dict(full=500, quick=200, python=500), numpy=np.linalg.solve, check=close(rtol=1e-8, atol=1e-10)),
    Case("matmul", "classic", "a @ b, 1000x1000 float64 (BLAS gemm)", K.matmul,
         lambda n: (rng(14).standard_normal((n, n)), rng(15).standard_normal((n, n))),
         dict(full=1000, quick=300, python=1000), numpy=np.matmul, check=close(rtol=1e-8, atol=1e-8)),
]



def parallel_cases():
    """The seed's add and clip ufuncs, target='parallel' with target='cpu' timed beside it (the
    ``numjit_cpu`` / ``numba_cpu`` columns), at 1e2, 1e5 and 1e7 float32 elements."""
    kernels = [("add", K.vec_add, "float32(float32, float32)", lambda n: (float32_vector(n), np.float32(1.0)),
                lambda y, c: y + c, "y + c"),
               ("clip", K.vec_clip, "float32(float32, float32, float32)",
                lambda n: (float32_vector(n), 0.1, 0.9), np.clip, "np.clip")]
    cases = []
    for name, kernel, signature, make, reference, reference_text in kernels:
        for exponent in (2, 5, 7):
            n = 10 ** exponent
            cases.append(Case(
                f"ufunc_{name}_1e{exponent}", "parallel",
                f"vectorize {name}, target='parallel' vs 'cpu', 1e{exponent} float32 (numpy: {reference_text})",
                kernel, make, dict(full=n, quick=n, python=min(n, 10**4)),
                build=vectorize(signature, target="parallel"), numpy=reference,
                python=elementwise_python(kernel), also=dict(cpu=vectorize(signature, target="cpu"))))
    return cases


CASES += parallel_cases()
CASES += [   # prange: parallel=True beside the same function compiled serially (the *_cpu columns)
    Case("prange_mandelbrot", "parallel", "mandelbrot, rows in prange, parallel=True vs serial",
         K.mandelbrot, lambda n: (-2.0, 1.0, -1.125, 1.125, n, n * 3 // 4, 100),
         dict(full=480, quick=240, python=60), build=with_prange(parallel=True), also=dict(cpu=with_prange()),
         numpy=numpy_mandelbrot, work=squared, check=few_pixels_differ(1e-3)),
    Case("prange_pairwise", "parallel", "pairwise distances of 1000 points, rows in prange, parallel=True vs serial",
         K.pairwise_distances, lambda n: (rng(6).random((n, 3)),), dict(full=1000, quick=400, python=100),
         build=with_prange(parallel=True), also=dict(cpu=with_prange()), numpy=numpy_pairwise, work=squared),
    Case("parallel_expression", "parallel", "np.exp(-a) / (1 + b) - np.sqrt(a) * 2 on 2000x2000, parallel=True vs serial",
         K.fused_expression, lambda n: (rng(10).random((n, n)), rng(11).random((n, n))),
         dict(full=2000, quick=1000, python=100), build=njit(parallel=True), also=dict(cpu=njit()),
         numpy=K.fused_expression, python=lambda a, b: [[math.exp(-x) / (1.0 + y) - math.sqrt(x) * 2.0
                                                         for x, y in zip(ra, rb)] for ra, rb in zip(a.tolist(), b.tolist())],
         work=squared),
    Case("prange_loglik", "parallel", "Gaussian log-likelihood of 1e7 samples, a prange reduction",
         K.log_likelihood_prange, lambda n: (rng(9).standard_normal(n), 0.1, 1.3),
         dict(full=10**7, quick=2 * 10**6, python=10**5), build=with_prange(parallel=True),
         also=dict(cpu=with_prange()), check=close(rtol=1e-9),
         numpy=lambda x, mu, s: float(np.sum(-0.5 * ((x - mu) / s) ** 2 - np.log(s) - 0.9189385332046727))),
]



def typed_from_python(kernel, builtin):
    """A typed-container kernel run from Python: the compiler's `typed` module, or Python's builtins."""
    def build(module, _kernel):
        typed = __import__(f"{module.__name__}.typed", fromlist=["typed"])
        return lambda n: kernel(typed, n)
    return dict(build=build, python=lambda n: kernel(builtin, n))


class _Builtins:
    """Python's own list and dict, spelled as typed.List / typed.Dict."""
    List, Dict = list, dict


def _dict_histogram_numpy(keys):
    values, counts = np.unique(keys, return_counts=True)
    return len(values), int(np.sum(values * counts))


CASES += [
    Case("dict_histogram", "containers", "typed.Dict histogram of 1e6 integer keys (1e4 distinct) in compiled code",
         K.dict_histogram, lambda n: (rng(12).integers(0, 10**4, n),), dict(full=10**6, quick=2 * 10**5, python=10**5),
         build=with_typed_dict, numpy=_dict_histogram_numpy, python=lambda keys: K.dict_histogram(keys.tolist()),
         check=lambda got, expected: None if tuple(got) == tuple(expected) else f"{got} != {expected}"),
    Case("dict_histogram_str", "containers", "typed.Dict histogram of 1e5 str keys (1e4 distinct) in compiled code",
         K.dict_histogram_str, lambda n: (" ".join(f"w{k}" for k in rng(13).integers(0, 10**4, n)),),
         dict(full=10**5, quick=10**5, python=10**5), build=with_typed_dict, reference="python",
         python=K.dict_histogram_str,
         check=lambda got, expected: None if tuple(got) == tuple(expected) else f"{got} != {expected}"),
    Case("typed_list_python", "containers", "typed.List from Python: 1e5 appends, getitems, iteration (python: list)",
         K.typed_list_from_python, lambda n: (n,), dict(full=10**5, quick=10**5, python=10**5), reference="python",
         check=lambda got, expected: None if got == expected else f"{got} != {expected}",
         **typed_from_python(K.typed_list_from_python, _Builtins)),
    Case("typed_dict_python", "containers", "typed.Dict from Python: 1e5 setitems, getitems, iteration (python: dict)",
         K.typed_dict_from_python, lambda n: (n,), dict(full=10**5, quick=10**5, python=10**5), reference="python",
         check=lambda got, expected: None if got == expected else f"{got} != {expected}",
         **typed_from_python(K.typed_dict_from_python, _Builtins)),
]


def numpy_random_normal_loop(n, repeats):
    np.random.seed(0)
    out = np.random.normal(0.0, 1.0, n)
    for _ in range(repeats - 1):
        out = np.random.normal(0.0, 1.0, n)
    return out


CASES += [   # NumPy functions inside compiled code (numjit/lib/), beside NumPy's own
    Case("np_sort", "numpy", "np.sort of 1e6 float64", K.np_sort, lambda n: (rng(12).random(n),),
         dict(full=10**6, quick=2 * 10**5, python=10**4), numpy=np.sort, check=close(rtol=0, atol=0)),
    Case("np_unique", "numpy", "np.unique of 1e6 ints in [0, 1000)", K.np_unique,
         lambda n: (rng(13).integers(0, 1000, n),), dict(full=10**6, quick=2 * 10**5, python=10**4),
         numpy=np.unique, check=close(rtol=0, atol=0)),
    Case("np_histogram", "numpy", "np.histogram, 64 bins over [-3, 3], 1e6 normal samples", K.np_histogram,
         lambda n: (rng(14).standard_normal(n),), dict(full=10**6, quick=2 * 10**5, python=10**4),
         numpy=K.np_histogram, check=close(rtol=0, atol=0)),
    Case("np_random_normal", "numpy", "np.random.normal(size=1e6) ten times after np.random.seed(0)",
         K.random_normal_loop, lambda n: (n, 10), dict(full=10**6, quick=2 * 10**5, python=10**4),
         numpy=numpy_random_normal_loop, check=close(rtol=0, atol=0)),
]


def text(n):
    """About n characters of words (a few non-ASCII), 60 to a line."""
    r = rng(12)
    words = np.array(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
                      "ämbar", "naïve"])
    picked = words[r.integers(0, len(words), n // 6)]
    lines = [" ".join(picked[i:i + 10]) for i in range(0, len(picked), 10)]
    return ("\n".join(lines))[:n],


def equal(got, expected):
    return None if got == expected else f"got {got!r}, expected {expected!r}"


MEGABYTE = dict(full=10**6, quick=10**6, python=10**6)
CASES += [
    Case("str_split", "strings", "text.split(' ') of 1 MB, number of pieces", K.text_split, text, MEGABYTE,
         check=equal, reference="python"),
    Case("str_join", "strings", "','.join(text.split()) of 1 MB", K.text_join, text, MEGABYTE, check=equal,
         reference="python"),
    Case("str_find", "strings", "every text.find('theta', pos) in 1 MB", K.text_find, text, MEGABYTE,
         check=equal, reference="python"),
    Case("str_replace", "strings", "text.replace('eta', 'ETA') of 1 MB", K.text_replace, text, MEGABYTE,
         check=equal, reference="python"),
    Case("word_count", "strings", "for line in splitlines(): for word in line.split(): test, count",
         K.word_count, text, MEGABYTE, check=equal, reference="python"),
]


def cubed(n):
    return float(n) ** 3


CASES += [   # code users port (benchmarks/ported.py)
    Case("gray_scott", "ported", "Gray-Scott reaction-diffusion, 20 explicit steps on 256x256",
         P.gray_scott, P.gray_scott_inputs, dict(full=256, quick=128, python=32), numpy=P.numpy_gray_scott,
         work=squared, check=close(rtol=1e-9, atol=1e-12)),
    Case("kmeans_step", "ported", "one k-means step: 1e5 points in 3-D, 16 centroids", P.kmeans_step,
         P.kmeans_inputs, dict(full=10**5, quick=2 * 10**4, python=2000), numpy=P.numpy_kmeans_step,
         check=close(rtol=1e-9)),
    Case("convolve_1d", "ported", "np.convolve(x, w, 'valid') as two loops, 1e6 float64 * 31 taps",
         P.convolve_1d, lambda n: (rng(23).random(n), rng(24).random(31)),
         dict(full=10**6, quick=2 * 10**5, python=10**4), numpy=lambda x, w: np.convolve(x, w, "valid"),
         check=close(rtol=1e-9)),
    Case("floyd_warshall", "ported", "Floyd-Warshall shortest paths, 300 vertices, 20% of edges",
         P.floyd_warshall, P.floyd_warshall_inputs, dict(full=300, quick=150, python=40),
         numpy=P.numpy_floyd_warshall, work=cubed),
    Case("pic_deposit", "ported", "particle-in-cell charge deposit, 1e6 particles on 1000 cells",
         P.pic_deposit, P.pic_inputs, dict(full=10**6, quick=2 * 10**5, python=10**4),
         numpy=P.numpy_pic_deposit, check=close(rtol=1e-9, atol=1e-9)),
    Case("expression_chain", "ported", "a string of array expressions with temporaries, 1e6 float64",
         P.expression_chain, lambda n: (rng(26).random(n), rng(27).random(n), rng(28).random(n)),
         dict(full=10**6, quick=2 * 10**5, python=10**6), numpy=P.expression_chain, check=close(rtol=1e-12)),
]

BY_NAME = {case.name: case for case in CASES}     # after every `CASES +=` (the compile probe looks up here)
assert len(BY_NAME) == len(CASES), "case names must be unique"


def find(only=None):
    """Cases whose name contains any of the comma-separated words in ``only`` (all when None)."""
    if not only:
        return list(CASES)
    words = [w.strip() for w in only.split(",") if w.strip()]
    return [case for case in CASES if any(w in case.name for w in words)]


def scale_for_python(case, mode):
    """(size for the plain-Python run, factor to scale its time to the full size, sampled?)."""
    size = case.sizes[mode]
    py_size = min(case.sizes["python"], size)
    factor = case.work(size) / case.work(py_size)
    return py_size, factor, not math.isclose(factor, 1.0)
