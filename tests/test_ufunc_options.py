"""vectorize / guvectorize options: the error model, boundscheck, unknown options.

Kernels follow NumPy's error model by default, as numba compiles them: results
are compared with NumPy's own ufuncs (np.divide, np.floor_divide,
np.remainder) on the same inputs, division by zero included.
"""
import numpy as np
import pytest

from helpers import assert_array_same
from impl import impl_module

vectorize, guvectorize = impl_module.vectorize, impl_module.guvectorize
PARALLEL_THRESHOLD = 1 << 17   # numjit.ufunc.loops.DEFAULT_PARALLEL_THRESHOLD
TARGETS = ["cpu", "parallel"]


def divide(x, y):
    return x / y


def floor_divide(x, y):
    return x // y


def remainder(x, y):
    return x % y


def divide_rows(x, d, out):
    for i in range(x.shape[0]):
        out[i] = x[i] / d


def floor_divide_rows(x, d, out):
    for i in range(x.shape[0]):
        out[i] = x[i] // d


def pick(x, k, out):
    out[0] = x[k]


NUMPY = {divide: np.divide, floor_divide: np.floor_divide, remainder: np.remainder}


def with_zeros(dtype, n):
    """Dividends and divisors with zeros, negatives and (for floats) inf and nan."""
    x = (np.arange(n) - n // 2).astype(dtype)
    y = (np.arange(n) % 5 - 2).astype(dtype)         # -2, -1, 0, 1, 2, ...
    if np.dtype(dtype).kind == "f":
        x[:4] = [0.0, np.inf, -np.inf, np.nan]
    return x, y


def numpy_result(kernel, x, y):
    with np.errstate(all="ignore"):
        return NUMPY[kernel](x, y)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("kernel", [divide, floor_divide, remainder], ids=lambda k: k.__name__)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64, np.uint16])
def test_eager_vectorize_divides_by_zero_like_numpy(kernel, dtype, target):
    sig = np.dtype(dtype).name
    result = "float64" if kernel is divide and np.dtype(dtype).kind != "f" else sig
    u = vectorize([f"{result}({sig}, {sig})"], target=target)(kernel)
    for n in (7, 2 * PARALLEL_THRESHOLD):
        x, y = with_zeros(dtype, n)
        assert_array_same(u(x, y), numpy_result(kernel, x, y))


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("kernel", [divide, floor_divide, remainder], ids=lambda k: k.__name__)
def test_lazy_vectorize_divides_by_zero_like_numpy(kernel, target):
    u = vectorize(target=target)(kernel)
    for dtype in (np.float32, np.float64, np.int64):
        x, y = with_zeros(dtype, 2 * PARALLEL_THRESHOLD)
        assert_array_same(u(x, y), numpy_result(kernel, x, y))


def test_audit_reproducer_float32_division():
    @vectorize(["float32(float32, float32)"])
    def div(x, y):
        return x / y
    x, y = np.ones(3, np.float32), np.array([1, 0, 2], np.float32)
    assert_array_same(div(x, y), numpy_result(divide, x, y))


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
@pytest.mark.parametrize("kernel", [divide_rows, floor_divide_rows], ids=lambda k: k.__name__)
def test_guvectorize_divides_by_zero_like_numpy(kernel, lazy, target):
    numpy_op = np.divide if kernel is divide_rows else np.floor_divide
    if lazy:
        g = guvectorize("(n),()->(n)", target=target)(kernel)
    else:
        g = guvectorize(["void(float64[:], float64, float64[:])", "void(int64[:], int64, int64[:])"],
                        "(n),()->(n)", target=target)(kernel)
    for dtype in (np.float64, np.int64) if kernel is floor_divide_rows else (np.float64,):
        x = np.arange(4 * PARALLEL_THRESHOLD, dtype=dtype).reshape(-1, 64) - 100
        d = (np.arange(x.shape[0]) % 3 - 1).astype(dtype)         # -1, 0, 1, ...
        with np.errstate(all="ignore"):
            want = numpy_op(x, d[:, None])
        assert_array_same(g(x, d), want)


@pytest.mark.numjit_only
@pytest.mark.parametrize("target", TARGETS)
def test_error_model_python_raises(target):
    x, y = np.ones(3), np.array([1.0, 0.0, 2.0])
    eager = vectorize(["float64(float64, float64)"], target=target, error_model="python")(divide)
    lazy = vectorize(target=target, error_model="python")(floor_divide)
    gu = guvectorize(["void(float64[:], float64, float64[:])"], "(n),()->(n)", target=target,
                     error_model="python")(divide_rows)
    lazy_gu = guvectorize("(n),()->(n)", target=target, error_model="python")(floor_divide_rows)
    for call in (lambda: eager(x, y), lambda: lazy(np.arange(3), np.array([1, 0, 2])),
                 lambda: gu(x, 0.0), lambda: lazy_gu(np.arange(3), 0)):
        with pytest.raises(ZeroDivisionError):
            call()
    # and explicit "numpy" is the default
    numpy_model = vectorize(["float64(float64, float64)"], error_model="numpy")(divide)
    assert_array_same(numpy_model(x, y), numpy_result(divide, x, y))


# -- options ------------------------------------------------------------------------------

@pytest.mark.numjit_only
@pytest.mark.parametrize("decorate", [
    lambda **kw: vectorize(["float64(float64)"], **kw),
    lambda **kw: vectorize(**kw),
    lambda **kw: guvectorize(["void(float64[:], float64[:])"], "(n)->(n)", **kw),
    lambda **kw: guvectorize("(n)->(n)", **kw),
], ids=["vectorize", "lazy vectorize", "guvectorize", "lazy guvectorize"])
def test_unknown_options_are_rejected(decorate):
    with pytest.raises(TypeError, match="fastmat"):
        decorate(fastmat=True)
    with pytest.raises(ValueError, match="error_model"):
        decorate(error_model="c")
    decorate(nopython=True, fastmath=True, cache=False, nogil=True, boundscheck=False)


@pytest.mark.numjit_only
def test_writable_args_is_guvectorize_only():
    guvectorize("(n)->(n)", writable_args=(0,))
    with pytest.raises(TypeError, match="writable_args"):
        vectorize(["float64(float64)"], writable_args=(0,))


TABLE = np.array([10.0, 20.0, 30.0])


def lookup(i):
    return TABLE[i]


@pytest.mark.numjit_only
@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_boundscheck_is_honoured(lazy):
    if lazy:
        u = vectorize(boundscheck=True)(lookup)
        g = guvectorize("(n),()->()", boundscheck=True)(pick)
    else:
        u = vectorize(["float64(int64)"], boundscheck=True)(lookup)
        g = guvectorize(["void(float64[:], int64, float64[:])"], "(n),()->()",
                        boundscheck=True)(pick)
    idx = np.array([2, 0, 1])
    assert_array_same(u(idx), TABLE[idx])
    x = np.arange(12.0).reshape(4, 3)
    k = np.array([0, 2, 1, 0])
    assert_array_same(g(x, k), x[np.arange(4), k])
    with pytest.raises(IndexError):
        u(np.array([0, 3]))
    with pytest.raises(IndexError):
        g(x, np.array([0, 3, 1, 0]))
