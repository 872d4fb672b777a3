"""vectorize loops whose layout versions compile on first use (numjit/ufunc/lazyloops.py): every
layout still computes NumPy's result, each version compiles once (also when threads miss at
once, and for target="parallel"), errors raised inside a lazy version reach the caller, and a
version that fails to compile falls back to one that fits."""
import threading

import numpy as np
import pytest

import numjit
from numjit.ufunc import lazyloops
from numjit.ufunc.ufuncobj import get_owner


def lazy_of(ufunc):
    return get_owner(ufunc).extra[0]


def fma_like(x, y, z):
    return x * y - z


def reference(x, y, z):
    return np.asarray(x) * np.asarray(y) - np.asarray(z)


def layouts(dtype):
    """(x, y, z) triples covering each loop version: contiguous, broadcast scalars in every
    position and mix, 0-d, F order, strided, negative strides, non-contiguous 2-d."""
    rng = np.random.default_rng(5)
    a = (rng.random(37) * 100 - 50).astype(dtype)
    b = (rng.random(37) * 100 - 50).astype(dtype)
    c = (rng.random(37) * 100 - 50).astype(dtype)
    m = (rng.random((6, 9)) * 100 - 50).astype(dtype)
    s = dtype(3)
    return [
        (a, b, c),                               # contiguous (compiled with the loop)
        (s, b, c), (a, s, c), (a, b, s),         # one broadcast scalar
        (a, s, dtype(-2)),                       # all but the first (clip's layout)
        (s, dtype(2), c),                        # a mix without its own version
        (np.array(s), np.array(b[0]), np.array(c[1])),   # 0-d
        (np.asfortranarray(m), m.T.copy().T, np.asfortranarray(m * 2)),
        (a[::2], b[::2], c[::2]),                # element strides
        (a[::-1], b, c[::-1]),                   # negative strides
        (m[:, ::3], m[:, 1::3], m[:, 2::3]),     # non-contiguous 2-d
        (a[::3], s, c[::3]),                     # strided beside a scalar
    ]


def test_every_layout_matches_numpy_and_compiles_once():
    uf = numjit.vectorize(["float64(float64, float64, float64)",
                           "int32(int32, int32, int32)"])(fma_like)
    lazy = lazy_of(uf)
    assert lazy.compiled == 0
    for dtype in (np.float64, np.int32):
        for args in layouts(dtype):
            got = uf(*args)
            np.testing.assert_array_equal(got, reference(*args))
            assert np.asarray(got).dtype == dtype
    after_first_pass = lazy.compiled
    assert 0 < after_first_pass <= 2 * 6        # at most the lazy versions of both loops
    for dtype in (np.float64, np.int32):         # every version is compiled already
        for args in layouts(dtype):
            np.testing.assert_array_equal(uf(*args), reference(*args))
    assert lazy.compiled == after_first_pass
    assert lazy.failures == []
    a = np.arange(10.0)
    out = np.zeros(20)
    uf(a, 2.0, 1.0, out=out[::2])                # strided out=
    np.testing.assert_array_equal(out[::2], a * 2.0 - 1.0)
    np.testing.assert_array_equal(out[1::2], 0.0)
    empty = np.zeros(0)
    assert uf(empty, 1.0, empty).shape == (0,)


def test_reduce_accumulate_and_errors_in_lazy_versions():
    @numjit.vectorize(["float64(float64, float64)"], identity=0, error_model="python")
    def divide_add(x, y):
        return x + 1.0 / y

    lazy = lazy_of(divide_add)
    python = np.frompyfunc(get_owner(divide_add).extra[1], 2, 1)
    m = np.arange(1.0, 13.0).reshape(3, 4)
    for axis in (0, 1, -1):                      # the reduce version (out aliases in0, step 0);
        np.testing.assert_array_equal(           # a numeric reduction starts at the identity
            divide_add.reduce(m, axis=axis), python.reduce(m, axis=axis, initial=0.0).astype(float))
    np.testing.assert_array_equal(divide_add.accumulate(m[0]), python.accumulate(m[0]).astype(float))
    np.testing.assert_array_equal(divide_add(m[0], 2.0), m[0] + 0.5)
    compiled = lazy.compiled
    with pytest.raises(ZeroDivisionError):       # raised inside a lazily compiled version
        divide_add(m[0], 0.0)
    with pytest.raises(ZeroDivisionError):
        divide_add(m[0][::-1], np.zeros(4)[::-1])
    assert lazy.compiled >= compiled


def test_threads_missing_at_once_compile_once():
    uf = numjit.vectorize(["float64(float64, float64, float64)"])(fma_like)
    lazy = lazy_of(uf)
    x = np.linspace(-1.0, 1.0, 20000)
    barrier = threading.Barrier(6)
    results = [None] * 6

    def work(k):
        barrier.wait()
        results[k] = uf(x, float(k), x)          # NumPy runs the loop without the GIL

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(6):
        np.testing.assert_array_equal(results[k], x * float(k) - x)
    assert lazy.compiled == 1


def test_parallel_target_resolves_before_splitting():
    uf = numjit.vectorize(["float32(float32, float32, float32)"], target="parallel")(fma_like)
    lazy = lazy_of(uf)
    n = 300_000                                  # above the parallel threshold
    x = np.linspace(-3, 3, n, dtype=np.float32)
    z = np.linspace(1, 2, n, dtype=np.float32)
    barrier = threading.Barrier(3)
    results = [None] * 3

    def work(k):                                 # three first calls at once: each part compiles once
        barrier.wait()
        results[k] = uf(x, np.float32(k), z)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(3):
        np.testing.assert_array_equal(results[k], x * np.float32(k) - z)
    assert lazy.compiled == 2                    # the one-scalar version and the parallel driver
    expected = x * np.float32(2.5) - z
    out = np.empty(2 * n, np.float32)
    uf(x, np.float32(2.5), z, out=out[::2])      # strided output: the element-stride version
    np.testing.assert_array_equal(out[::2], expected)
    assert lazy.compiled == 3
    np.testing.assert_array_equal(uf(x[::-1], np.float32(2), x), x[::-1] * np.float32(2) - x)
    before = x.copy()
    uf(x[:-1], np.float32(1), np.float32(0), out=x[1:])    # overlapping operands: NumPy's result
    np.testing.assert_array_equal(x[1:], before[:-1])
    np.testing.assert_array_equal(x[0], before[0])
    assert lazy.compiled == 3 and lazy.failures == []


def test_lazy_vectorize_without_signatures_uses_lazy_versions():
    @numjit.vectorize
    def scale(x, y):
        return 2 * x + y

    a = np.arange(6, dtype=np.int64)
    np.testing.assert_array_equal(scale(a, 1), 2 * a + 1)
    np.testing.assert_array_equal(scale(3, a[::-2]), 6 + a[::-2])
    np.testing.assert_array_equal(scale(a.astype(np.float32), np.float32(0.5)),
                                  2 * a.astype(np.float32) + np.float32(0.5))


def test_a_version_that_fails_to_compile_falls_back(monkeypatch):
    uf = numjit.vectorize(["float64(float64, float64, float64)"])(fma_like)
    parallel = numjit.vectorize(["float64(float64, float64, float64)"], target="parallel")(fma_like)

    def broken(*args, **kwargs):
        raise RuntimeError("no compiler today")

    monkeypatch.setattr(lazyloops.backend, "compile_ir", broken)
    for args in layouts(np.float64):
        np.testing.assert_array_equal(uf(*args), reference(*args))
    big = np.linspace(0, 1, 300_000)             # the parallel driver fails too: runs serially
    np.testing.assert_array_equal(parallel(big, big, big), big * big - big)
    np.testing.assert_array_equal(parallel(big, 2.0, big), big * 2.0 - big)
    for lazy in (lazy_of(uf), lazy_of(parallel)):
        assert lazy.compiled == 0
        assert len(lazy.failures) == 1 and "no compiler today" in str(lazy.failures[0])
