"""Gaps of issue 13 closed in session 6, compiled vs. NumPy on the same inputs: np.flip(m, axis)
returning a view (an int or a tuple of axes, C/F/strided/empty inputs, writes reaching the base);
slice objects (`slice(...)` inside compiled code) as np.delete / np.insert's obj; np.frombuffer of a
bytearray and a memoryview passed in (numba's buffer arguments: uint8 arrays sharing the memory);
np.histogram's "Too many bins" error where rounding makes two edges equal."""
import numpy as np
import pytest

from impl import njit
from test_np_manip import same


def flips(m, t):
    v = np.flip(m, 0)
    w = np.flip(t, (0, 2))
    v[0, 0] = 99.0                    # through the view into m
    w[0, 0, 0] = -5.0                 # into t
    return (v.copy(), w.copy(), np.flip(t, -1), m.copy(), t.copy(), np.flip(m[:, ::2], 1), np.flip(m[:0], 0),
            np.flip(np.asfortranarray(m), (1, 0)), np.flip(m[::-1], axis=1), np.flip(t, (2,)))


def test_flip_axis_is_a_view():
    f = njit(flips)
    m, t = np.arange(12.0).reshape(3, 4), np.arange(24.0).reshape(2, 3, 4)
    same(f(m.copy(), t.copy()), flips(m.copy(), t.copy()))
    same(f(np.asfortranarray(m), t[:, ::-1]), flips(np.asfortranarray(m), t[:, ::-1]))


def flip_bad(m, which):
    if which == 0:
        return np.flip(m, 2)
    if which == 1:
        return np.flip(m, -3)
    return np.flip(m, (1, -1))


def test_flip_axis_errors_as_numpy():
    f = njit(flip_bad)
    m = np.zeros((2, 3))
    for which in range(3):
        with pytest.raises((ValueError, np.exceptions.AxisError)) as want:
            flip_bad(m, which)
        with pytest.raises(type(want.value)) as got:
            f(m, which)
        assert str(got.value) == str(want.value)


def slices(a, m, k):
    return (np.delete(a, slice(1, 3)), np.delete(m, slice(0, 2), axis=1), np.insert(a, slice(1, 3), 9.0),
            np.delete(a, slice(None, None, -2)), np.insert(m, slice(0, 3, 2), -1.0, axis=0), np.delete(m, slice(1, 1)),
            np.insert(a, slice(2, 3), np.array([7.0])), np.delete(a, slice(10, 20)), np.delete(m, slice(-1, None), 0),
            np.insert(m, slice(None), 5.0), np.delete(a, slice(k)), np.insert(a, slice(k, None, k), -2.0),
            np.delete(m.T, slice(None, None, k), axis=-1), a[slice(1, None, 2)])


def test_slice_objects_in_delete_and_insert():
    f = njit(slices)
    a, m = np.arange(5.0), np.arange(12.0).reshape(3, 4)
    for k in (1, 2, 3):
        same(f(a, m, k), slices(a, m, k))
    same(f(a[:0], m[:, :0], 2), slices(a[:0], m[:, :0], 2))


def buffers(b, m, r):
    x = np.frombuffer(b, dtype=np.uint8)
    y = np.frombuffer(m, dtype=np.int16)
    z = np.frombuffer(r, dtype=np.uint8, count=2, offset=1)
    w = np.frombuffer(b, np.int32)
    return x.copy(), y.copy(), z.copy(), w.copy(), len(b), b[1], np.frombuffer(m[2:], np.uint8, offset=1).copy()


def write_buffer(b):
    np.frombuffer(b, dtype=np.uint8)[0] = 65
    b[1] = 66


def float_items(b):
    return np.frombuffer(b)


def test_frombuffer_of_bytearray_and_memoryview():
    f = njit(buffers)
    ba, mv, ro = bytearray(b"abcdefgh"), memoryview(b"abcdefgh"), memoryview(bytearray(b"xyz"))
    same(f(ba, mv, ro), buffers(ba, mv, ro))
    mine, theirs = bytearray(b"abcd"), bytearray(b"abcd")
    njit(write_buffer)(mine)
    write_buffer(theirs)
    assert mine == theirs
    with pytest.raises(ValueError, match="buffer size must be a multiple of element size"):
        njit(float_items)(bytearray(b"abcde"))


def histogram_bins(a, n, lo, hi):
    if lo < hi:
        return np.histogram(a, n, range=(lo, hi))
    return np.histogram(a, n)


@pytest.mark.parametrize("data, n, lo, hi", [
    (np.array([1.0, 1.0 + 1e-7], np.float32), 100, 0.0, 0.0),
    (np.array([1.0, 2.0], np.float32), 10, 1.0, 1.0000001),
    (np.array([1.0, 1.0 + 2e-16]), 100, 0.0, 0.0),
])
def test_histogram_too_many_bins(data, n, lo, hi):
    f = njit(histogram_bins)
    with pytest.raises(ValueError) as want:
        histogram_bins(data, n, lo, hi)
    with pytest.raises(ValueError) as got:
        f(data, n, lo, hi)
    assert str(got.value) == str(want.value)
    same(f(data, 1, lo, hi), histogram_bins(data, 1, lo, hi))


SPECIALS = [0.0, -0.0, 1.0, -1.5, 3.0, 1e300, -1e-300, 1e-310, 1e-200, 1e38, 1e-40, np.inf, -np.inf, np.nan]


def complex_grid(dtype):
    re, im = np.meshgrid(SPECIALS, SPECIALS)
    grid = np.empty(re.size, dtype)
    with np.errstate(over="ignore"):                        # 1e300 is inf in complex64
        grid.real, grid.imag = re.ravel(), im.ravel()
    return np.repeat(grid, grid.size), np.tile(grid, grid.size)


def divisions(a, b, c):
    out = a.copy()
    out /= b[::-1]
    loop = np.empty_like(a)
    for i in range(a.size):                 # scalars: complex128 is Python's complex, complex64 NumPy's
        loop[i] = a[i] / c[i]
    return a / b, np.true_divide(a, b), np.divide(a[::2], b[1::2]), out, a / (b[0] + b[1]), loop


def expected(a, b, c):
    with np.errstate(all="ignore"):
        *arrays, loop = divisions(a, b, c)
        if a.dtype == np.complex128:
            loop = np.array([complex(x) / complex(y) for x, y in zip(a, c)])
    return (*arrays, loop)


def bits_equal(got, want):
    g = got.view(np.float32 if got.dtype == np.complex64 else np.float64)
    w = want.view(g.dtype)
    return bool(np.all((g == w) | (np.isnan(g) & np.isnan(w))))


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_complex_array_division_bit_identical_to_numpy(dtype):
    f = njit(divisions)
    a, b = complex_grid(dtype)
    c = np.where(b == 0, dtype(1 + 1j), b)                 # no zero divisor for the scalar loop
    for k, (g, w) in enumerate(zip(f(a, b, c), expected(a, b, c))):
        assert g.dtype == w.dtype and g.shape == w.shape, k
        assert bits_equal(g, w), k


def clips(a, m, i):
    return (np.clip(a, None, 1.0), np.clip(a, 0.4, None), np.clip(a, min=0.4, max=1.0), a.clip(0.5, 2.0),
            a.clip(max=1.0), a.clip(min=1.0), (a + 1).clip(1.5, 2.0), m.clip(0.3, 0.6), np.clip(i, 2, None), i.clip(max=np.int64(2)),
            np.clip(a, 0.5, 2.0), np.clip(a, None, None), np.clip(m, max=np.array([0.5, 0.6, 0.7])),
            np.clip(m.T, a_min=np.float32(0.2), a_max=None))


def test_clip_none_bounds_keywords_and_method():
    f = njit(clips)
    a, m, i = np.array([0.5, 1.5, np.nan, 3.5, 0.25]), np.arange(9.0).reshape(3, 3) / 10, np.array([3, 1, 2, 3, 0])
    same(f(a, m, i), clips(a, m, i))


def atleast_of_numbers(x, i, b, c):
    return np.atleast_1d(x), np.atleast_2d(i), np.atleast_3d(b), np.atleast_1d(c), np.atleast_3d(np.float32(x))


def test_atleast_of_numbers():
    same(njit(atleast_of_numbers)(1.5, 3, True, 1 + 2j), atleast_of_numbers(1.5, 3, True, 1 + 2j))


def concatenations(m, a, i):
    return (np.concatenate((m, m), axis=None), np.concatenate((m.T, a, i), axis=None), np.concatenate((a,), axis=None),
            np.concatenate((m, m)), np.concatenate((m[:0], a[:0]), axis=None),
            np.concatenate((a[0:1].reshape(()), m[:, ::-2]), axis=None))


def test_concatenate_axis_none():
    m, a, i = np.arange(6.0).reshape(2, 3), np.array([7.0, 8.0]), np.array([1, 2], np.int32)
    same(njit(concatenations)(m, a, i), concatenations(m, a, i))


def list_joins(m, a):
    rows, vectors = [m, m * 2.0], [a, a + 1.0, a * 3.0]
    scalars = [a[0:1].reshape(()), a[1:2].reshape(())]
    return (np.concatenate(rows), np.concatenate(rows, axis=1), np.concatenate(rows, axis=None), np.stack(vectors),
            np.stack(vectors, axis=-1), np.vstack(rows), np.hstack(vectors), np.vstack(vectors), np.dstack(rows),
            np.column_stack(vectors), np.stack(scalars), np.concatenate([m.T[:, ::-1]]))


def empty_join(m, which):
    rows = [m]
    rows.pop()
    if which == 0:
        return np.concatenate(rows).sum()
    return np.stack(rows).sum()


def test_lists_of_arrays_in_concatenate_stack_and_stackers():
    m, a = np.arange(6.0).reshape(2, 3), np.array([7.0, 8.0, 9.0])
    same(njit(list_joins)(m, a), list_joins(m, a))
    f = njit(empty_join)
    for which in (0, 1):
        with pytest.raises(ValueError) as want:
            empty_join(m, which)
        with pytest.raises(ValueError) as got:
            f(m, which)
        assert str(got.value) == str(want.value)
