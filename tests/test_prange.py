"""prange in parallel=True functions: the body on the thread pool, reductions combined,
exceptions raised, results equal to the same loop run as plain Python (where prange is range).
"""
import math
import threading

import numpy as np
import pytest

from helpers import LAYOUTS, assert_array_same, assert_same, make_array
from impl import COMPILE_ERRORS, IS_NUMBA, impl_module, njit

prange = impl_module.prange
POOL_SIZES = [0, 1, 2, 7, 1000, 100_003]       # empty, serial sizes, and enough for every thread


def parallel(fn):
    return njit(parallel=True)(fn)


def elementwise(a, out):
    for i in prange(a.shape[0]):
        x = a[i]
        t = math.sin(x) * math.exp(-x * x) + math.sqrt(abs(x) + 1.0)
        out[i] = t
    return out


def total(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


def int_reductions(a):
    s = 0
    p = 1
    d = 100
    for i in prange(a.shape[0]):
        s += a[i]
        p *= 1 - 2 * (a[i] % 2)
        d -= a[i]
    return s, p, d


def extremes(a):
    lo = np.inf
    hi = -np.inf
    for i in prange(a.shape[0]):
        lo = min(lo, a[i])
        hi = max(a[i], hi)
    return lo, hi


def rows(a, out):
    n, m = a.shape
    for i in prange(n):
        acc = 0.0
        for j in range(m):
            if a[i, j] > 0:
                acc += a[i, j]
            else:
                continue
        out[i] = acc
    return out


def stepped(n, start, step):
    out = np.zeros(max(n, 1), np.int64)
    count = 0
    for i in prange(start, n, step):
        out[abs(i) % out.shape[0]] = i
        count += 1
    return out, count


def with_allocation(a):
    s = 0.0
    for i in prange(a.shape[0]):
        tmp = np.empty(3)
        tmp[:] = a[i]
        s += tmp.sum()
    return s


def captured_scalars(a, scale, shift):
    out = np.empty_like(a)
    offset = shift * 2
    for i in prange(a.shape[0]):
        out[i] = a[i] * scale + offset
    return out


def checked_index(a, idx):
    s = 0.0
    for i in prange(idx.shape[0]):
        s += a[idx[i]]
    return s


def divides(a):
    s = 0
    for i in prange(a.shape[0]):
        s += 100 // a[i]
    return s


@pytest.mark.parametrize("n", POOL_SIZES)
def test_elementwise_loop_matches_python(n):
    a = np.linspace(-3, 3, n)
    got = parallel(elementwise)(a, np.empty_like(a))
    assert_array_same(got, elementwise(a, np.empty_like(a)), rtol=1e-14)   # vector sin/exp: 1 ulp


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layouts(layout):
    a = make_array((40, 30), np.float64, layout)
    got = parallel(rows)(a, np.empty(40))
    assert_array_same(got, rows(a, np.empty(40)))
    flat = make_array((4000,), np.float64, "strided" if layout != "C" else "C")
    assert_array_same(parallel(elementwise)(flat, np.empty(4000)), elementwise(flat, np.empty(4000)),
                      rtol=1e-14)


@pytest.mark.parametrize("n", POOL_SIZES)
def test_sum_reduction(n):
    a = np.random.default_rng(n).standard_normal(n)
    assert_same(parallel(total)(a), total(a), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("n", POOL_SIZES)
def test_integer_reductions_are_exact(n):
    a = np.arange(n, dtype=np.int64) % 7
    assert parallel(int_reductions)(a) == int_reductions(a)


@pytest.mark.parametrize("n", POOL_SIZES)
def test_min_max_reductions(n):
    a = np.random.default_rng(1).standard_normal(n)
    assert parallel(extremes)(a) == extremes(a)


@pytest.mark.numjit_only      # numba: "Only constant step size is supported for prange"
@pytest.mark.parametrize("n,start,step", [(100, 0, 3), (100, 5, 1), (-50, 50, -1), (-10, 90, -7),
                                          (10, 10, 1), (100_000, 3, 2), (-100_000, 0, -5)])
def test_range_arguments(n, start, step):
    got = parallel(stepped)(n, start, step)
    want = stepped(n, start, step)
    assert got[1] == want[1]
    if step > 0:          # every slot written once: the same array whichever thread wrote it
        assert_array_same(got[0], want[0])


def test_arrays_made_in_the_body_are_freed():
    a = np.arange(50_000.0)
    assert_same(parallel(with_allocation)(a), with_allocation(a), rtol=1e-12)


def test_captured_scalars_and_locals():
    a = np.arange(20_000.0)
    assert_array_same(parallel(captured_scalars)(a, 1.5, -2.0), captured_scalars(a, 1.5, -2.0))


@pytest.mark.numjit_only      # numba's parallel regions do not raise (the checks are dropped)
def test_exception_in_the_body_is_raised():
    f = njit(parallel=True, boundscheck=True)(checked_index)
    a = np.arange(10.0)
    idx = np.zeros(100_000, np.int64)
    assert f(a, idx) == 0.0
    idx[77_777] = 10
    with pytest.raises(IndexError):
        f(a, idx)
    idx[77_777] = 3
    assert f(a, idx) == 3.0                    # usable again after the error


@pytest.mark.numjit_only
def test_zero_division_in_the_body():
    f = parallel(divides)
    a = np.ones(50_000, np.int64)
    assert f(a) == divides(a)
    a[49_999] = 0
    with pytest.raises(ZeroDivisionError):
        f(a)


def test_called_from_several_threads_at_once():
    f = parallel(total)
    arrays = [np.random.default_rng(i).standard_normal(200_000) for i in range(4)]
    results = [None] * 4

    def work(i):
        for _ in range(5):
            results[i] = f(arrays[i])
    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for a, got in zip(arrays, results):
        assert_same(got, a.sum(), rtol=1e-9, atol=1e-9)


def test_nogil_and_parallel():
    f = njit(parallel=True, nogil=True)(elementwise)
    a = np.linspace(0, 1, 100_000)
    assert_array_same(f(a, np.empty_like(a)), elementwise(a, np.empty_like(a)), rtol=1e-14)


def without_parallel(a):
    s = 0.0
    for i in prange(a.shape[0]):
        if a[i] < 0:
            break
        s += a[i]
    return s


def test_prange_without_parallel_is_range():
    a = np.array([1.0, 2.0, -1.0, 5.0])
    assert njit(without_parallel)(a) == without_parallel(a) == 3.0


def racy_write(a):
    last = 0.0
    for i in prange(a.shape[0]):
        last = a[i]
    return last


def read_of_reduction(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
        a[i] = s
    return s


def returns_inside(a):
    for i in prange(a.shape[0]):
        if a[i] > 0:
            return i
    return -1


def appends_to_shared_list(a):
    out = [0.0]
    for i in prange(a.shape[0]):
        out.append(a[i])
    return out


@pytest.mark.skipif(IS_NUMBA, reason="numba compiles some of these with other semantics")
@pytest.mark.parametrize("fn,words", [
    (appends_to_shared_list, "'out.append()' changes a list shared by the iterations"),
    (racy_write, "'last' is assigned in a prange loop and outside it"),
    (read_of_reduction, "reduction variable 's' cannot be read"),
    (returns_inside, "return inside a prange loop"),
])
def test_unsupported_bodies_are_compile_errors(fn, words):
    with pytest.raises(COMPILE_ERRORS) as info:
        parallel(fn)(np.ones(10))
    text = str(info.value)
    assert words in text and "test_prange.py" in text


# -- parallel=True array expressions: the fused loop on the pool ------------------------------

def expression(a, b):
    return np.exp(-a) / (1.0 + b) - np.sqrt(np.abs(a)) * 2


def broadcast_rows(m, row):
    return m * row + np.sin(m)


def comparison(a, limit):
    return (a > limit) & (a < 2 * limit)


@pytest.mark.parametrize("n", [0, 1, 1000, 300_001])
def test_parallel_expression_1d(n):
    a = np.linspace(-2, 5, n)
    b = np.linspace(0, 1, n)
    # exp is vectorised (libmvec, within a few ulp of NumPy's); the subtraction cancels near 0
    assert_array_same(parallel(expression)(a, b), expression(a, b), rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("rows", [3, 700])
def test_parallel_expression_2d_broadcast(layout, rows):
    m = make_array((rows, 400), np.float64, layout)
    row = np.linspace(-1, 1, 400)
    assert_array_same(parallel(broadcast_rows)(m, row), broadcast_rows(m, row), rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float32])
def test_parallel_expression_dtypes(dtype):
    a = (np.arange(200_000) % 97).astype(dtype)
    assert_array_same(parallel(comparison)(a, dtype(30)), comparison(a, dtype(30)))


def rows_of_expressions(m):
    out = np.empty(m.shape[0])
    for i in prange(m.shape[0]):
        out[i] = np.sum(np.exp(m[i]) * 2.0 - m[i])
        r = m[i] * 0.5 + 1.0                     # materialised inside the parallel body
        out[i] += r[0]
    return out


def test_array_expressions_inside_a_prange_body():
    m = np.linspace(-1, 1, 300 * 500).reshape(300, 500)
    assert_array_same(parallel(rows_of_expressions)(m), rows_of_expressions(m), rtol=1e-12)


def reductions_of_expressions(a, b):
    return np.sum(a * b + 1.0), (a > 0.5).any(), (a >= 0).all(), np.mean(a - b), np.prod(b[:40] + 0.5)


def int_sum_of_expression(m):
    return (m * 3 - 1).sum()


def empty_reductions(a):
    return np.sum(a * 2.0), (a > 0).any(), (a > 0).all()


@pytest.mark.parametrize("n", [1, 1000, 300_001])
def test_parallel_reductions_of_expressions(n):
    a = np.linspace(0, 1, n)
    b = np.linspace(1, 2, n)
    for got, want in zip(parallel(reductions_of_expressions)(a, b), reductions_of_expressions(a, b)):
        assert_same(got, want, rtol=1e-9)
    assert parallel(empty_reductions)(a[:0]) == empty_reductions(a[:0])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_parallel_integer_reduction_is_exact(layout):
    m = make_array((600, 300), np.int64, layout)
    assert parallel(int_sum_of_expression)(m) == int_sum_of_expression(m)


@njit
def nested_depth(n):
    if n == 0:
        return 0
    return 1 + nested_depth(n - 1)


def recursion_in_prange(n, depth):
    out = np.zeros(n)
    for i in prange(n):
        out[i] = nested_depth(depth)
    return out


def test_recursion_inside_prange_body():
    """Each pool thread measures its own stack: deep calls work, runaway ones raise."""
    assert np.array_equal(parallel(recursion_in_prange)(8, 5000), np.full(8, 5000.0))
    with pytest.raises(RecursionError):
        parallel(recursion_in_prange)(8, 10**7)
