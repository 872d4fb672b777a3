"""The work each benchmark kernel does per call, for the roofline (benchmarks/roofline.py).

``WORK`` maps every case of benchmarks/cases.py to a function of the case's arguments (what
``case.make(size)`` returns) giving a dict: ``bytes`` moved, ``flops``, ``footprint`` (the bytes of
all the arrays it touches, which picks the cache level), ``dtype`` of the flops and ``threads`` (1,
k, or None for all cores), or to ``NO_WORK`` and a reason where neither bytes nor flops measure it.

What is counted (the honest minimum an implementation of the source must do):
- flops: each floating-point +, -, *, /, sqrt, abs and each math function call (exp, log, floor)
  counts one; a comparison counts one only where it computes a min or max (clip, max pool,
  Floyd-Warshall, nearest centroid); loop-invariant subexpressions and integer index arithmetic
  are not counted; ``x ** 6`` counts the three multiplications it takes.
- bytes: each pass over an array reads every element it reads once and writes every element it
  writes once (a kernel's own copies and sweeps count; neighbours re-read from cache and small
  tables that stay in cache do not; write-allocate traffic is not counted, as STREAM does not);
  arrays the timed call allocates with np.zeros count as written once more.

    >>> import numpy as np
    >>> declare("prefix_sum", (np.zeros(1000),))["bytes"]     # read 8 kB, write 8 kB
    16000
    >>> declare("call_no_args", ())
    {'none': 'a single call: measures the call overhead'}
"""
import numpy as np

from . import cases

NO_WORK = object()
F32 = "float32"


def work(bytes, flops=0, footprint=None, dtype="float64", threads=1):
    """A work declaration; the footprint defaults to the bytes moved (one pass over each array)."""
    return dict(bytes=int(bytes), flops=int(flops), footprint=int(bytes if footprint is None else footprint),
                dtype=dtype, threads=threads)


def parallel(declaration, threads=None):
    return dict(declaration, threads=threads)


def elementwise(flops_per_element, dtype=F32, threads=1):
    """y = f(y, scalars...): reads and writes one element, flops_per_element flops each."""
    def count(y, *scalars):
        return work(2 * y.nbytes, flops_per_element * y.size, dtype=dtype, threads=threads)
    return count


def nogil(threads):
    def count(a, b):   # result = 1 / (a + exp(-b)): read a, b, write result; neg, exp, add, div
        return work(3 * a.nbytes, 4 * a.size, dtype=F32, threads=threads)
    return count


def conv(x, w, shape):
    """rs[i, q, j, p] += x[...] * w[...] over c*fh*fw terms: a multiply and an add each; x and w read
    once, rs zero-filled by the call then read and written once."""
    n, n_filters, out_h, out_w = shape[0], shape[4], shape[-2], shape[-1]
    out = 4 * n * n_filters * out_h * out_w
    terms = n * n_filters * out_h * out_w * w[0].size
    return work(x.nbytes + w.nbytes + 3 * out, 2 * terms, x.nbytes + w.nbytes + out, dtype=F32)


def pool(x, shape):
    """rs[..] += the max of a ph x pw window: ph*pw - 1 comparisons and an add per output; x read, rs
    zero-filled, then read and written."""
    n, n_channels, ph, pw, out_h, out_w = shape
    outputs = n * n_channels * out_h * out_w
    return work(x.nbytes + 12 * outputs, ph * pw * outputs, x.nbytes + 4 * outputs, dtype=F32)


def mandelbrot(xmin, xmax, ymin, ymax, width, height, max_iter, threads=1):
    """8 flops per iteration (x*x, y*y and their sum for the test; the difference plus cx; 2*x*y
    plus cy), cx per pixel (2) and the failing test (3) of each pixel that escapes before max_iter;
    the iterations are NumPy's escape counts."""
    counts = cases.numpy_mandelbrot(xmin, xmax, ymin, ymax, width, height, max_iter)
    escaped = int(np.count_nonzero(counts < max_iter))
    return work(4 * width * height, 8 * int(counts.sum()) + 2 * counts.size + 3 * escaped, threads=threads)


def nbody(pos, vel, mass, dt, eps):
    """18 flops per pair (3 differences; r2: 3 mul, 3 add; mass / (r2 * sqrt(r2)): 3; 3 mul-adds),
    12 per body for the update; pos and vel read and written, mass read, acc zero-filled, written, read."""
    n = len(mass)
    return work(2 * pos.nbytes + 2 * vel.nbytes + mass.nbytes + 3 * pos.nbytes, 18 * n * n + 12 * n,
                3 * pos.nbytes + mass.nbytes)


def laplace(u0, sweeps):
    """Two copies of the grid, then per sweep: 4 flops per interior point, u read, v written."""
    rows, cols = u0.shape
    interior = (rows - 2) * (cols - 2)
    return work(4 * u0.nbytes + sweeps * (u0.nbytes + 8 * interior), 4 * sweeps * interior, 2 * u0.nbytes)


def black_scholes(S, K, T, r, sigma):
    """57 flops per option: sqrt(T) 1, d1 6, d2 1, each of the two normal CDFs 19 (abs, mul, add, div;
    -0.5*d*d, exp, 3 products; the polynomial's 4 mul + 4 add; the 1 - cnd), discount 2, call 4,
    put 5; reads S, K, T, writes call and put."""
    return work(5 * S.nbytes, 57 * S.size)


def pairwise(X, threads=1):
    """Per pair of rows: d differences, squares and adds, one sqrt; X read, D written."""
    n, d = X.shape
    return work(X.nbytes + 8 * n * n, (3 * d + 1) * n * n, threads=threads)


def lennard_jones(pos):
    """Per pair (n(n-1)/2): 3 differences, r2 (3 mul, 2 add), sqrt, 1/r, (.)**6 (3 mul), sr6*sr6 - sr6
    (2), 4.0 * (1), the sum (1): 17 flops; pos read once."""
    n = pos.shape[0]
    return work(pos.nbytes, 17 * (n * (n - 1) // 2))


def grid_fill(x, y):
    """z (n x m x 3) written once, x and y read; x[i] * y[j] one multiply per point (the temporary
    x.reshape(-1, 1) * y an implementation can avoid is not counted)."""
    points = x.size * y.size
    return work(24 * points + x.nbytes + y.nbytes, points)


def histogram(data, lo=-3.0, hi=3.0, n_bins=64):
    """(x - lo) * scale for each value inside [lo, hi]; the data read once, the counts written."""
    inside = int(np.count_nonzero((data >= lo) & (data <= hi)))
    return work(data.nbytes + 8 * n_bins, 2 * inside)


def solve(a, b):
    """LAPACK gesv: 2/3 n^3 for the LU factors, 2 n^2 per right-hand side; a copied (read, written),
    b read, x written. BLAS may run on every core."""
    n = a.shape[0]
    return work(2 * a.nbytes + 2 * b.nbytes, 2 * n**3 // 3 + 2 * n * n, threads=None)


def matmul(a, b):
    """2 m n k flops; a and b read, the product written; BLAS may run on every core."""
    (m, k), n = a.shape, b.shape[1]
    return work(a.nbytes + b.nbytes + 8 * m * n, 2 * m * n * k, threads=None)


def fused_expression(a, b):
    """np.exp(-a) / (1 + b) - np.sqrt(a) * 2: 7 flops per element; a, b read, the result written."""
    return work(3 * a.nbytes, 7 * a.size, threads=None)


def loglik(x, mu, sigma):
    """z = (x - mu) / sigma (2), -0.5*z*z (2), two subtractions and the sum (3); x read once."""
    return work(x.nbytes, 7 * x.size, threads=None)


def gray_scott(u0, v0, du, dv, feed, kill, dt, steps):
    """Four copies of the grid, then per step: 25 flops per interior point (u*v*v 2, each Laplacian 5,
    the u update 7, the v update 6), u and v read, un and vn written."""
    rows, cols = u0.shape
    interior = (rows - 2) * (cols - 2)
    return work(8 * u0.nbytes + steps * (2 * u0.nbytes + 16 * interior), 25 * steps * interior, 4 * u0.nbytes)


def kmeans(points, centroids):
    """Per point and centroid: d differences, squares, adds and one comparison for the nearest; d adds
    per point for the sums, one division per coordinate of a centroid; points read, labels written."""
    (n, d), k = points.shape, centroids.shape[0]
    return work(points.nbytes + 8 * n + 2 * centroids.nbytes, (3 * d + 1) * n * k + d * n + d * k)


def convolve(x, w):
    """out[i] += x[i + j] * w[m - 1 - j]: a multiply and an add per term; x read, out zero-filled then
    read and written once (the sum stays in a register over j)."""
    outputs = x.size - w.size + 1
    return work(x.nbytes + w.nbytes + 24 * outputs, 2 * outputs * w.size, x.nbytes + w.nbytes + 8 * outputs)


def floyd_warshall(dist0):
    """n^3 (add, min): 2 flops each; the copy, then each of the n passes reads and writes the matrix."""
    n = dist0.shape[0]
    return work(2 * dist0.nbytes + n * 2 * dist0.nbytes, 2 * n**3, 2 * dist0.nbytes)


def pic(positions, charges, n_cells, cell_size):
    """Per particle: x / cell_size, floor, x - cell, two weights (1 - frac, two products) and two adds:
    8 flops; positions and charges read, the grid zero-filled (its scattered updates stay in cache)."""
    return work(positions.nbytes + charges.nbytes + 8 * n_cells, 8 * positions.size)


def expression_chain(a, b, c):
    """t = a*b + c (2), u = sqrt(|t|) - a / (1 + b*b) (6), exp(-u*u)*c + t (5): 13 flops per element;
    a, b, c read and the result written (the temporaries a fused loop avoids are not counted)."""
    return work(4 * a.nbytes, 13 * a.size)


def text_bytes(factor):
    """str methods: the text's characters (one byte each for these Latin-1 texts), `factor` passes."""
    return lambda text: work(factor * len(text), 0)


WORK = {
    "call_no_args": (NO_WORK, "a single call: measures the call overhead"),
    "call_one_float": (NO_WORK, "a single call: measures the call overhead"),
    "call_small_array": (NO_WORK, "a single call: measures the call overhead"),
    "call_float_list": (NO_WORK, "a single call: measures the call overhead"),
    "call_jitclass_method": (NO_WORK, "a single call: measures the call overhead"),
    "generator_from_python": (NO_WORK, "integer items handed to Python one at a time"),
    "typed_list_python": (NO_WORK, "each operation is a call from Python: call overhead"),
    "typed_dict_python": (NO_WORK, "each operation is a call from Python: call overhead"),
    # one method call per element: reads the value, adds it
    "jitclass_method_loop": lambda values: work(values.nbytes, values.size),
    # one dependent multiply-add per call
    "calls_direct": lambda n, up: work(0, 2 * n, footprint=0),
    "calls_first_class": lambda n, up: work(0, 2 * n, footprint=0),
    # per element: a list slot and a 24-byte float read, a new float and a slot written; one add
    "seed_list_add": lambda x, c: work(64 * len(x), len(x)),
    "seed_vec_add": elementwise(1),
    "seed_vec_add_parallel": elementwise(1, threads=None),
    "seed_vec_clip": elementwise(2),
    "seed_vec_clip_parallel": elementwise(2, threads=None),
    "seed_nogil_1thread": nogil(1),
    "seed_nogil_2threads": nogil(2),
    "seed_conv_arrays": conv,
    "seed_conv_loops": conv,
    "seed_pool_arrays": pool,
    "seed_pool_loops": pool,
    "mandelbrot": mandelbrot,
    "nbody_step": nbody,
    "laplace_jacobi": laplace,
    "black_scholes": black_scholes,
    "pairwise_distances": pairwise,
    "prefix_sum": lambda a: work(2 * a.nbytes, a.size),
    "lennard_jones": lennard_jones,
    "grid_fill": grid_fill,
    "histogram": histogram,
    "linalg_solve": solve,
    "matmul": matmul,
    "prange_mandelbrot": lambda *args: parallel(mandelbrot(*args)),
    "prange_pairwise": lambda X: parallel(pairwise(X)),
    "parallel_expression": fused_expression,
    "prange_loglik": loglik,
    # keys read once (the 1e4-entry table stays in cache)
    "dict_histogram": lambda keys: work(keys.nbytes, 0),
    "dict_histogram_str": text_bytes(1),
    # compulsory traffic only: a sort reads and writes every element (its passes are not counted)
    "np_sort": lambda a: work(2 * a.nbytes, 0),
    "np_unique": lambda a: work(2 * a.nbytes, 0),
    "np_histogram": histogram,
    # `repeats` arrays of n float64 written
    "np_random_normal": lambda n, repeats: work(8 * n * repeats, 0, footprint=16 * n),
    "str_split": text_bytes(1),
    "str_join": text_bytes(2),
    "str_find": text_bytes(1),
    "str_replace": text_bytes(2),
    "word_count": text_bytes(1),
    "gray_scott": gray_scott,
    "kmeans_step": kmeans,
    "convolve_1d": convolve,
    "floyd_warshall": floyd_warshall,
    "pic_deposit": pic,
    "expression_chain": expression_chain,
}

# target='parallel' ufuncs on every core: add is one flop per element, clip two comparisons
WORK.update({f"ufunc_{kind}_1e{exponent}": elementwise(flops, threads=None)
             for kind, flops in (("add", 1), ("clip", 2)) for exponent in (2, 5, 7)})


def declare(name, args):
    """The work dict of case `name` on `args`, or {'none': reason} where it has no work count."""
    entry = WORK[name]
    if isinstance(entry, tuple) and entry[0] is NO_WORK:
        return {"none": entry[1]}
    return entry(*args)
