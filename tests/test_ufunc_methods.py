"""Ufunc methods in compiled code (np.add.reduce, np.maximum.accumulate, np.multiply.outer,
np.add.at, np.add.reduceat), compiled vs. NumPy on the same inputs: axes (tuples too), keywords
(dtype, out, keepdims, initial, where), NumPy's result dtypes (int32 sums widen to int64, divide
of ints is float64), empty reductions, layouts, n-d `at` with tuples of index arrays, the methods
of numjit's own vectorize objects; NumPy's errors."""
import numpy as np
import pytest

from impl import impl_module, njit, TypingError

vectorize = impl_module.vectorize

pytestmark = pytest.mark.numjit_only          # numba 0.68 compiles none of these methods


def methods(a):
    return (np.add.reduce(a), np.add.reduce(a, axis=1), np.maximum.reduce(a, axis=None),
            np.multiply.accumulate(a), np.maximum.accumulate(a, axis=-1), np.subtract.outer(a[0], a[:, 0]),
            np.divide.reduce(a[0]), np.logical_or.reduce(a, axis=0), np.add.reduce(a[:0]),
            np.minimum.accumulate(a[:, :0], axis=1), np.hypot.outer(2.0, a[1]))


def test_reduce_accumulate_outer_like_numpy():
    compiled = njit(methods)
    base = np.array([[3, -1, 4, 1], [5, 9, -2, 6], [5, 3, 5, 0]])
    for a in (base.astype(np.int32), np.asfortranarray(base * 0.5), (base * 1.5)[::-1, ::2]):
        with np.errstate(divide="ignore"):
            want = methods(a)
        for g, w in zip(compiled(a), want):
            assert np.shape(g) == np.shape(w) and (np.ndim(w) == 0 or g.dtype == w.dtype), (g, w)  # scalars: Python's
            np.testing.assert_array_equal(g, w)


def apply_at(a, idx, b):
    np.add.at(a, idx, b)
    np.negative.at(a, idx[:1])
    np.maximum.at(a, idx, 3)
    np.multiply.at(a, 1, b[0])
    return a


def test_at_like_numpy():
    compiled = njit(apply_at)
    idx, b = np.array([0, 1, 1, -1, 1]), np.array([1.0, 2.0, 3.0, 4.0, -8.0])
    for a in (np.zeros(5), np.arange(10.0)[::-2]):
        got, want = a.copy(), a.copy()
        np.testing.assert_array_equal(compiled(got, idx, b), apply_at(want, idx, b))
        np.testing.assert_array_equal(got, want)


def reduce_empty(a):
    return np.maximum.reduce(a)


def reduce_all(a):
    return np.subtract.reduce(a, axis=None)


def add_at(a, idx):
    np.add.at(a, idx, 1.0)


def test_method_errors():
    with pytest.raises(ValueError, match="zero-size array to reduction operation maximum which has no identity"):
        njit(reduce_empty)(np.zeros(0))
    with pytest.raises(TypingError, match="not reorderable"):
        njit(reduce_all)(np.ones((2, 2)))
    assert njit(reduce_all)(np.arange(4.0)) == reduce_all(np.arange(4.0))
    with pytest.raises(IndexError):
        njit(add_at)(np.zeros(3), np.array([0, 3]))
    with pytest.raises(TypingError, match="indices must be integers"):
        njit(add_at)(np.zeros((2, 2)), np.array([0.5]))


def reduce_keywords(a, w, o):
    return (np.add.reduce(a, axis=0, keepdims=True), np.add.reduce(a, axis=(0, 2)),
            np.maximum.reduce(a, axis=-1, initial=2), np.add.reduce(a, axis=1, where=w),
            np.minimum.reduce(a, axis=None, keepdims=True, initial=100, where=w),
            np.multiply.reduce(a, axis=(1,), dtype=np.complex128), np.add.reduce(a, axis=(2, 0), out=o),
            np.add.accumulate(a, axis=1, dtype=np.complex128), np.add.reduce(a, axis=None),
            np.logical_or.reduce(a, axis=(1,)), np.maximum.reduce(a[:, :0], axis=1, initial=-1),
            np.add.reduce(a[:, :, :0], axis=(1, 2), keepdims=True), np.add.accumulate(a, 2, None, a.copy()),
            np.subtract.reduce(a, axis=(), initial=5, where=w))


def test_reduce_keywords_like_numpy():
    compiled = njit(reduce_keywords)
    base = np.arange(24).reshape(2, 3, 4) - 7
    w = np.array([True, False, True, True])
    flt = (base * 0.5).astype(np.float32)
    flt[1, 1, 1] = np.nan
    for a in (np.asfortranarray(flt), (base - 2.5j)[:, ::-1]):
        got, want = compiled(a, w, np.empty(3, a.dtype)), reduce_keywords(a, w, np.empty(3, a.dtype))
        for g, e in zip(got, want):
            assert np.shape(g) == np.shape(e) and (np.ndim(e) == 0 or g.dtype == e.dtype), (g, e)
            np.testing.assert_array_equal(g, e)


def reduceat(a, ix, o):
    return (np.add.reduceat(a, ix), np.maximum.reduceat(a, ix, axis=1), np.multiply.reduceat(a, ix, -1, np.float32),
            np.add.reduceat(a, ix[:0], axis=1), np.minimum.reduceat(a, ix, 1, None, o))


def test_reduceat_like_numpy():
    compiled = njit(reduceat)
    ix = np.array([0, 3, 1, 3])                        # 3 > 1: that slot is a[3]; repeated 3: a[3]
    for a in (np.arange(20, dtype=np.int32).reshape(4, 5), np.arange(40.0).reshape(4, 10)[::-1, ::2]):
        got, want = compiled(a, ix, np.empty((4, 4), a.dtype)), reduceat(a, ix, np.empty((4, 4), a.dtype))
        for g, e in zip(got, want):
            assert g.shape == e.shape and g.dtype == e.dtype, (g, e)
            np.testing.assert_array_equal(g, e)
    for bad in (np.array([0, 5]), np.array([-1])):
        with pytest.raises(IndexError, match="out-of-bounds in add.reduceat"):
            compiled(a, bad, np.empty((4, 2)))


def at_nd(a, i, j, b2):
    np.add.at(a, (i, j), 1)
    np.subtract.at(a, (i, 1), 2)
    np.add.at(a, i, b2)                                # whole rows, b broadcast per point
    np.negative.at(a, (j, j))
    np.maximum.at(a, (-1, j), np.arange(4))
    np.multiply.at(a[0], j, 3)
    return a


def test_at_nd_like_numpy():
    compiled = njit(at_nd)
    i, j = np.array([0, 1, 1, 2]), np.array([2, 2, 2, 0])   # repeated points accumulate (unbuffered)
    b2 = np.arange(12.0).reshape(4, 3)
    for a in (np.zeros((3, 3), np.int32), np.arange(18.0).reshape(3, 6)[:, ::2]):
        got, want = a.copy(), a.copy()
        compiled(got, i, j, b2)
        at_nd(want, i, j, b2)
        np.testing.assert_array_equal(got, want)
    with pytest.raises(IndexError):
        compiled(np.zeros((3, 3)), i, j + 1, b2)


@vectorize(["float64(float64, float64)", "int64(int64, int64)"], identity=0)
def vadd(x, y):
    return x + y


@vectorize
def vmax(x, y):
    return x if x > y else y


@vectorize(["float64(float64)"])
def vneg(x):
    return -x


def vectorize_methods(a, i):
    c = a.copy()
    vadd.at(c, i, 1.0)
    vneg.at(c, i[:1])
    vmax.at(c, (i,), 2.0)
    return (vadd.reduce(a, axis=0), vadd.reduce(a, axis=None), vadd.accumulate(a, axis=1),
            vmax.reduce(a, axis=1, keepdims=True), vadd.reduceat(a, i, axis=1), vadd.outer(a[0], a[1]), c,
            vmax.reduce(a, axis=-1, initial=3.0))


def test_vectorize_methods_like_numpy():
    a, i = np.arange(12.0).reshape(3, 4) - 5, np.array([0, 2, 2, 1])
    for g, e in zip(njit(vectorize_methods)(a, i), vectorize_methods(a, i)):
        assert np.shape(g) == np.shape(e) and (np.ndim(e) == 0 or g.dtype == e.dtype), (g, e)
        np.testing.assert_array_equal(g, e)


def reduce_axes(a, axes):
    return np.add.reduce(a, axis=axes)


def reduce_where(a):
    return np.maximum.reduce(a, where=a > 0)


def test_reduce_keyword_errors():
    with pytest.raises(np.exceptions.AxisError):
        njit(reduce_axes)(np.ones((2, 2)), (0, 2))
    with pytest.raises(ValueError, match="duplicate value in 'axis'"):
        njit(reduce_axes)(np.ones((2, 2)), (1, -1))
    with pytest.raises(ValueError, match="to use a where mask one has to specify 'initial'"):
        njit(reduce_where)(np.ones(3))
