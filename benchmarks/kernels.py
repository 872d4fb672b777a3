"""Benchmark kernels, each written once in numba style as a plain Python function.

Nothing here is decorated: the runner compiles each function with
``numjit.njit`` and with ``numba.njit`` (or ``vectorize`` for the scalar
ufunc kernels), and also runs it undecorated as the plain-Python baseline.
Every kernel sticks to what both compilers take: loops over ``range``,
scalar ``math`` calls, array indexing, ``np.zeros``/``np.empty``.

    >>> import numpy as np
    >>> prefix_sum(np.array([1.0, 2.0, 3.0]))
    array([1., 3., 6.])
    >>> histogram(np.array([0.1, 0.5, 0.55, 2.0]), 0.0, 1.0, 2)
    array([1, 2])
"""
import math

import numpy as np

# `for i in prange(n)` marks a loop that may run in parallel: here it is range (plain Python, and
# every serial compilation); benchmarks/cases.py rebinds it to numjit's or numba's own for the
# parallel=True cases
prange = range


# -- call overhead: the cost of crossing from Python into compiled code ---------

def no_args():
    return 0


def one_float(x):
    return x + 1.0


def small_array(a):
    return a[0] + a[1] + a[2]


def float_list(values):
    return values[0] + values[1] + values[2]


# -- calls inside compiled code: direct calls vs a variable bound to one of two functions ----------
# (the helpers are njit-ed by the compiler under test: benchmarks/cases.py, with_jitted_helpers)

def affine_up(x):
    return x * 1.0000001 + 0.5


def affine_down(x):
    return x * 0.9999999 - 0.25


def direct_calls(n, up):
    s = 0.0
    for i in range(n):
        s = affine_up(s) if up else affine_down(s)
    return s


def squares_upto(n):
    """A generator consumed from Python: each item one resumption of compiled code."""
    i = 0
    while i < n:
        yield i * i
        i += 1


def first_class_calls(n, up):
    f = affine_up if up else affine_down       # numba: first-class function type; numjit: a choice
    s = 0.0
    for i in range(n):
        s = f(s)
    return s


# -- the seed article's kernels ---------------------------------------------------

def list_add(x, c):
    rs = [0.] * len(x)
    for i, xx in enumerate(x):
        rs[i] = xx + c
    return rs


def vec_add(y, c):
    return y + c


def vec_clip(y, a, b):
    if y < a:
        return a
    if y > b:
        return b
    return y


def sigmoid_like(result, a, b):
    for i in range(len(result)):
        result[i] = 1 / (a[i] + math.exp(-b[i]))


def conv_arrays(x, w, rs, n, n_channels, height, width, n_filters, filter_height, filter_width, out_h, out_w):
    for i in range(n):
        for j in range(out_h):
            for p in range(out_w):
                window = x[i, ..., j:j + filter_height, p:p + filter_width]
                for q in range(n_filters):
                    rs[i, q, j, p] += np.sum(w[q] * window)


def conv_loops(x, w, rs, n, n_channels, height, width, n_filters, filter_height, filter_width, out_h, out_w):
    for i in range(n):
        for j in range(out_h):
            for p in range(out_w):
                for q in range(n_filters):
                    for r in range(n_channels):
                        for s in range(filter_height):
                            for t in range(filter_width):
                                rs[i, q, j, p] += x[i, r, j + s, p + t] * w[q, r, s, t]


def max_pool_arrays(x, rs, *args):
    n, n_channels, pool_height, pool_width, out_h, out_w = args
    for i in range(n):
        for j in range(n_channels):
            for p in range(out_h):
                for q in range(out_w):
                    window = x[i, j, p:p + pool_height, q:q + pool_width]
                    rs[i, j, p, q] += np.max(window)


def max_pool_loops(x, rs, *args):
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


# -- classic numeric kernels -------------------------------------------------------

def mandelbrot(xmin, xmax, ymin, ymax, width, height, max_iter):
    """Escape-time iteration counts on a height x width grid (real arithmetic, no complex)."""
    counts = np.zeros((height, width), dtype=np.int32)
    dx = (xmax - xmin) / width
    dy = (ymax - ymin) / height
    for i in prange(height):
        cy = ymin + i * dy
        for j in range(width):
            cx = xmin + j * dx
            x = 0.0
            y = 0.0
            n = 0
            while n < max_iter and x * x + y * y <= 4.0:
                x, y = x * x - y * y + cx, 2.0 * x * y + cy
                n += 1
            counts[i, j] = n
    return counts


def nbody_step(pos, vel, mass, dt, eps):
    """One leapfrog-style step of direct O(n^2) gravity; updates pos and vel in place."""
    n = pos.shape[0]
    acc = np.zeros_like(pos)
    for i in range(n):
        ax = 0.0
        ay = 0.0
        az = 0.0
        for j in range(n):
            dx = pos[j, 0] - pos[i, 0]
            dy = pos[j, 1] - pos[i, 1]
            dz = pos[j, 2] - pos[i, 2]
            r2 = dx * dx + dy * dy + dz * dz + eps * eps
            s = mass[j] / (r2 * math.sqrt(r2))
            ax += dx * s
            ay += dy * s
            az += dz * s
        acc[i, 0] = ax
        acc[i, 1] = ay
        acc[i, 2] = az
    for i in range(n):
        for k in range(3):
            vel[i, k] += dt * acc[i, k]
            pos[i, k] += dt * vel[i, k]


def laplace_jacobi(u0, n_sweeps):
    """n_sweeps Jacobi sweeps of the 2-D Laplace equation; the border stays fixed."""
    u = u0.copy()
    v = u0.copy()
    rows, cols = u.shape
    for _ in range(n_sweeps):
        for i in range(1, rows - 1):
            for j in range(1, cols - 1):
                v[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
        u, v = v, u
    return u


def black_scholes(S, K, T, r, sigma, call, put):
    """European call and put prices; the normal CDF is Abramowitz & Stegun 26.2.17."""
    for i in range(S.shape[0]):
        sqrt_t = math.sqrt(T[i])
        d1 = (math.log(S[i] / K[i]) + (r + 0.5 * sigma * sigma) * T[i]) / (sigma * sqrt_t)
        d2 = d1 - sigma * sqrt_t
        k1 = 1.0 / (1.0 + 0.2316419 * abs(d1))
        cnd1 = 0.3989422804014327 * math.exp(-0.5 * d1 * d1) * k1 * (
            0.319381530 + k1 * (-0.356563782 + k1 * (1.781477937 + k1 * (-1.821255978 + k1 * 1.330274429))))
        if d1 > 0:
            cnd1 = 1.0 - cnd1
        k2 = 1.0 / (1.0 + 0.2316419 * abs(d2))
        cnd2 = 0.3989422804014327 * math.exp(-0.5 * d2 * d2) * k2 * (
            0.319381530 + k2 * (-0.356563782 + k2 * (1.781477937 + k2 * (-1.821255978 + k2 * 1.330274429))))
        if d2 > 0:
            cnd2 = 1.0 - cnd2
        discount = math.exp(-r * T[i])
        call[i] = S[i] * cnd1 - K[i] * discount * cnd2
        put[i] = K[i] * discount * (1.0 - cnd2) - S[i] * (1.0 - cnd1)


def pairwise_distances(X):
    """Euclidean distance between every pair of rows of X."""
    n, d = X.shape
    D = np.empty((n, n))
    for i in prange(n):
        for j in range(n):
            s = 0.0
            for k in range(d):
                t = X[i, k] - X[j, k]
                s += t * t
            D[i, j] = math.sqrt(s)
    return D


def prefix_sum(a):
    out = np.empty_like(a)
    total = 0.0
    for i in range(a.shape[0]):
        total += a[i]
        out[i] = total
    return out


def histogram(data, lo, hi, n_bins):
    """Counts in n_bins equal bins over [lo, hi]; hi itself goes to the last bin, like np.histogram."""
    counts = np.zeros(n_bins, dtype=np.int64)
    scale = n_bins / (hi - lo)
    for i in range(data.shape[0]):
        x = data[i]
        if x >= lo and x <= hi:
            b = int((x - lo) * scale)
            if b >= n_bins:
                b = n_bins - 1
            counts[b] += 1
    return counts


def lj_pair(r2):
    """Lennard-Jones energy of one pair at squared distance r2 (sigma = epsilon = 1)."""
    r = r2 ** 0.5
    sr6 = (1. / r) ** 6
    return 4.0 * (sr6 * sr6 - sr6)


def lennard_jones(pos):
    """Total Lennard-Jones energy of n particles, written with scalar powers as ported code is."""
    n = pos.shape[0]
    energy = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            dx = pos[i, 0] - pos[j, 0]
            dy = pos[i, 1] - pos[j, 1]
            dz = pos[i, 2] - pos[j, 2]
            energy += lj_pair(dx * dx + dy * dy + dz * dz)
    return energy


def grid_fill(x, y):
    """A 3-d grid filled through broadcasting views: z[i, j] = (x[i], y[j], x[i] * y[j])."""
    z = np.empty((x.shape[0], y.shape[0], 3))
    z[:, :, 0] = x.reshape(-1, 1)
    z[:, :, 1] = y
    z[:, :, 2] = x.reshape(-1, 1) * y
    return z


# -- prange: the reduction below, mandelbrot and pairwise_distances (their outer loops) ---------



def log_likelihood_prange(x, mu, sigma):
    """A reduction: the Gaussian log-likelihood of the samples."""
    total = 0.0
    for i in prange(x.shape[0]):
        z = (x[i] - mu) / sigma
        total += -0.5 * z * z - math.log(sigma) - 0.9189385332046727
    return total


def fused_expression(a, b):
    """An array expression numba and numjit fuse into one loop (parallel=True splits it)."""
    return np.exp(-a) / (1.0 + b) - np.sqrt(a) * 2.0


# -- containers: dicts in compiled code, typed containers used from Python -----------------------

class Dict:
    """Plain Python's stand-in for typed.Dict (benchmarks/cases.py rebinds it to the compiler's)."""
    @staticmethod
    def empty(key_type, value_type):
        return {}


int64 = int
unicode_type = str


def dict_histogram(keys):
    """How often each integer key occurs, counted in a dict; returns (distinct keys, sum of key * count)."""
    counts = Dict.empty(key_type=int64, value_type=int64)      # numba cannot type a bare `{}` here
    for i in range(len(keys)):
        k = keys[i]
        counts[k] = counts.get(k, 0) + 1
    total = 0
    for k, v in counts.items():
        total += k * v
    return len(counts), total


def dict_histogram_str(text):
    """How often each word of a text occurs, counted in a dict of str keys; returns
    (distinct words, sum of len(word) * count)."""
    counts = Dict.empty(key_type=unicode_type, value_type=int64)
    for word in text.split(" "):
        counts[word] = counts.get(word, 0) + 1
    total = 0
    for k, v in counts.items():
        total += len(k) * v
    return len(counts), total


def typed_list_from_python(typed, n):
    """append n ints to a typed.List from Python, read each back by index, then iterate."""
    lst = typed.List()
    for i in range(n):
        lst.append(i)
    total = 0
    for i in range(n):
        total += lst[i]
    for x in lst:
        total += x
    return total


def typed_dict_from_python(typed, n):
    """n setitems on a typed.Dict from Python, n getitems, then iterate over the keys."""
    d = typed.Dict()
    for i in range(n):
        d[i] = i * 2
    total = 0
    for i in range(n):
        total += d[i]
    for k in d:
        total += k
    return total


# -- jitclass: method calls on an instance (benchmarks/cases.py makes the jitclass) -------------

class Accumulator:
    """A running sum and count; the runner decorates it with each compiler's jitclass."""

    def __init__(self, start):
        self.total = start
        self.count = 0

    def add(self, v):
        self.total += v
        self.count += 1
        return self.total

    def shifted(self, v):
        return self.total + v


def accumulate(acc, values):
    """One method call per element, from compiled code."""
    for i in range(values.shape[0]):
        acc.add(values[i])
    return acc.total
# -- NumPy library calls inside compiled code (numjit/lib/) ---------------------------------------

def np_sort(a):
    return np.sort(a)


def np_unique(a):
    return np.unique(a)


def np_histogram(a):
    return np.histogram(a, 64, (-3.0, 3.0))[0]


def random_normal_loop(n, repeats):
    """np.random.normal(size=n) drawn `repeats` times after np.random.seed(0); the last draw."""
    np.random.seed(0)
    out = np.random.normal(0.0, 1.0, n)
    for _ in range(repeats - 1):
        out = np.random.normal(0.0, 1.0, n)
    return out
# -- linear algebra: LAPACK/BLAS calls from compiled code -----------------------------------------

def linalg_solve(a, b):
    return np.linalg.solve(a, b)


def matmul(a, b):
    return a @ b
# -- strings: str methods on about 1 MB of text --------------------------------------------------

def text_split(text):
    """Split on a separator; the number of pieces (returning them would time boxing 170k strs)."""
    return len(text.split(" "))


def text_join(text):
    """Split into words and join them with another separator."""
    return len(",".join(text.split()))


def text_find(text):
    """Positions of every occurrence of a word, by repeated find."""
    count = 0
    pos = text.find("theta")
    while pos >= 0:
        count += 1
        pos = text.find("theta", pos + 1)
    return count


def text_replace(text):
    return len(text.replace("eta", "ETA"))


def word_count(text):
    """A word-count loop: lines, words, a test and a length per word."""
    words = 0
    letters = 0
    for line in text.splitlines():
        for word in line.split():
            if word.startswith("e") or word == "zeta":
                words += 1
                letters += len(word)
    return words, letters
