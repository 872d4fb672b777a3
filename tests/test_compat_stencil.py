"""@stencil as numba's documentation shows it (relative indexes, neighborhood=, cval=,
standard_indexing=, out=, called from compiled code), compared with the same computation in NumPy."""
import importlib

import numpy as np
import pytest

from impl import IMPL, njit

nb = importlib.import_module(IMPL)


@nb.stencil
def cross(a):
    return 0.25 * (a[0, 1] + a[1, 0] + a[0, -1] + a[-1, 0])


def cross_numpy(a, cval=0.0):
    out = np.full(a.shape, cval, dtype=np.float64)
    out[1:-1, 1:-1] = 0.25 * (a[1:-1, 2:] + a[2:, 1:-1] + a[1:-1, :-2] + a[:-2, 1:-1])
    return out


@nb.stencil(neighborhood=((-3, 0),))
def trailing_mean(a):
    total = 0.0
    for i in range(-3, 1):
        total += a[i]
    return total / 4


@nb.stencil(standard_indexing=("w",), cval=-1.0)
def weighted(a, w):
    return a[-1] * w[0] + a[0] * w[1] + a[1] * w[2]


def test_stencils_from_python():
    for a in (np.arange(20.0).reshape(4, 5), np.arange(12, dtype=np.int32).reshape(3, 4) ** 2,
              np.random.default_rng(1).random((6, 3))):
        np.testing.assert_allclose(cross(a), cross_numpy(a), rtol=1e-15)
    x = np.random.default_rng(2).random(10)
    expected = np.zeros(10)
    expected[3:] = (x[:-3] + x[1:-2] + x[2:-1] + x[3:]) / 4
    np.testing.assert_allclose(trailing_mean(x), expected, rtol=1e-15)
    w = np.array([0.5, 2.0, -1.0])
    expected = np.full(10, -1.0)
    expected[1:-1] = x[:-2] * w[0] + x[1:-1] * w[1] + x[2:] * w[2]
    np.testing.assert_allclose(weighted(x, w), expected, rtol=1e-15)


def test_out_argument_keeps_the_border():
    a = np.arange(16.0).reshape(4, 4)
    out = np.full((4, 4), 7.0)
    result = cross(a, out=out)
    expected = cross_numpy(a, cval=7.0)
    np.testing.assert_allclose(out, expected)
    assert result is out or np.shares_memory(result, out)


def test_stencils_called_from_compiled_code():
    @njit
    def smooth_twice(a, w):
        return cross(cross(a)), weighted(a[0], w)

    a = np.arange(30.0).reshape(5, 6) % 7
    w = np.array([1.0, 0.0, 1.0])
    got = smooth_twice(a, w)
    np.testing.assert_allclose(got[0], cross_numpy(cross_numpy(a)), rtol=1e-15)
    np.testing.assert_allclose(got[1], weighted(a[0], w))


@nb.stencil
def crossings(x, threshold, zero_pos):
    """librosa's zero-crossing stencil: two of its arguments are numbers, passed as they are."""
    x0 = x[0]
    if -threshold <= x0 <= threshold:
        x0 = 0
    x1 = x[-1]
    if -threshold <= x1 <= threshold:
        x1 = 0
    if zero_pos:
        return np.signbit(x0) != np.signbit(x1)
    return np.sign(x0) != np.sign(x1)


def crossings_numpy(x, threshold, zero_pos):
    y = np.where(np.abs(x) <= threshold, 0, x)
    sign = np.signbit if zero_pos else np.sign
    return np.r_[False, sign(y[1:]) != sign(y[:-1])]


def test_number_arguments_are_passed_as_they_are():
    @nb.guvectorize(["void(float32[:], float32, bool_, bool_[:])", "void(float64[:], float64, bool_, bool_[:])"],
                    "(n),(),()->(n)", nopython=True)
    def along_rows(x, threshold, zero_pos, y):
        y[:] = crossings(x, threshold, zero_pos)

    @njit
    def both(x, threshold):
        return crossings(x, threshold, True), crossings(x, threshold, False)

    x = np.array([0.5, -1.0, 0.0, 2.0, 1e-12, -3.0, np.nan, 1.0, -0.0])
    for threshold in (0.0, 1e-10, 0.75):
        for zero_pos in (True, False):
            expected = crossings_numpy(x, threshold, zero_pos)
            np.testing.assert_array_equal(crossings(x, threshold, zero_pos), expected)
            rows = np.stack([x, -x, x[::-1]]).astype(np.float32)
            np.testing.assert_array_equal(along_rows(rows[:, ::2], np.float32(threshold), zero_pos),
                                          [crossings_numpy(r, threshold, zero_pos) for r in rows[:, ::2]])
        np.testing.assert_array_equal(both(x, threshold), [crossings_numpy(x, threshold, z) for z in (True, False)])


@pytest.mark.numjit_only
def test_a_variable_index_needs_a_neighborhood():
    from numjit.errors import TypingError

    @nb.stencil
    def moving(a):
        total = 0.0
        for i in range(-2, 1):
            total += a[i]
        return total

    with pytest.raises(TypingError, match="give neighborhood"):
        moving(np.arange(5.0))


@nb.stencil(neighborhood=((-1, 1), (0, 0)))
def _worker_of(a):
    acc = 0.0
    for k in range(2000):
        acc += np.sqrt(a[0, 0] + k)
    return nb.get_thread_id() + 0.0 * acc + 0.0 * a[-1, 0] + 0.0 * a[1, 0]


def _split_over_threads(run, a, attempts=20):
    """Whether some point of `run(a)` ran on a helper thread (a loaded machine may leave the
    helper idle in one call, not in twenty)."""
    return any(run(a)[1:-1].max() > 0 for _ in range(attempts))


@pytest.mark.numjit_only
def test_stencil_parallel_in_a_parallel_function_or_when_asked():
    saved = nb.get_num_threads()
    nb.set_num_threads(2)
    try:
        a = np.random.default_rng(3).random((64, 3))
        serial = njit(lambda a: _worker_of(a))
        parallel = njit(parallel=True)(lambda a: (_worker_of(a), cross(a)))
        assert (serial(a) == 0).all()                       # an ordinary caller: one thread
        assert _split_over_threads(lambda a: parallel(a)[0], a)
        np.testing.assert_allclose(parallel(a)[1], cross_numpy(a), rtol=1e-15)
        asked = nb.stencil(neighborhood=((-1, 1), (0, 0)), parallel=True)(_worker_of.__wrapped__)
        assert _split_over_threads(asked, a)                # from Python, made with parallel=True
        smooth = nb.stencil(parallel=True)(cross.__wrapped__)
        for b in (a, np.arange(12.0).reshape(3, 4)[:, ::2]):
            np.testing.assert_allclose(smooth(b), cross_numpy(b), rtol=1e-15)
        out = np.full(a.shape, 7.0)
        smooth(a, out=out)
        np.testing.assert_allclose(out, cross_numpy(a, cval=7.0), rtol=1e-15)
    finally:
        nb.set_num_threads(saved)
