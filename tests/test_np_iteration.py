"""np.ndindex, np.ndenumerate, a.flat and a.flags in compiled code against NumPy, over layouts
(C, F, strided, negative strides, 0-d, empty)."""
import numpy as np
import pytest

import numjit


def layouts():
    base = np.arange(24, dtype=np.float64).reshape(2, 3, 4) * 1.5
    return [base, np.asfortranarray(base), base[:, ::2, ::-1], base[::-1, 1:, :3].transpose(2, 0, 1),
            base[0], base[0, :, 1], np.zeros((0, 3)), np.array(7.0), np.arange(5, dtype=np.int8)]


def generators_of_args(*xs):                       # a generator function with *args (was unbound)
    for x in xs:
        yield x * 2


def walk(a):
    idx_sum = 0
    for idx in np.ndindex(a.shape):
        for k in range(len(idx)):
            idx_sum = (idx_sum * 3 + idx[k] + 1) % 1000003
    seen = []
    for idx, x in np.ndenumerate(a):
        seen.append((len(idx), float(x)))
    dims = 0
    for i, j in np.ndindex(2, 3):
        dims += i * 10 + j
    star = 0
    for v in generators_of_args(1, 2, 3):
        star += v
    return idx_sum, seen, dims, star


def walk_0d(a):
    n = 0
    for idx in np.ndindex(a.shape):
        n += 1 + len(idx)
    for idx, x in np.ndenumerate(a):
        n += len(idx) + int(x)
    for idx in np.ndindex():
        n += 10 + len(idx)
    return n


def test_ndindex_ndenumerate_match_numpy():
    compiled = numjit.njit(walk)
    for a in layouts():
        if a.ndim:
            assert compiled(a) == walk(a)
    a = np.array(7.0)
    assert numjit.njit(walk_0d)(a) == walk_0d(a)


def pixels(a, out):
    """pymatting's loops: `for y, x in pndindex((h, w))` in a parallel=True function."""
    h, w = a.shape[:2]
    for y, x in numjit.pndindex((h, w)):
        out[y, x] = a[y, x].sum() * (y + 1) - x
    total = 0.0
    for idx in numjit.pndindex(h, w):
        total += out[idx]
    return total


def test_pndindex_is_ndindex():
    compiled = numjit.njit(parallel=True)(pixels)
    for a in layouts()[:4]:
        got, expected = np.full(a.shape[:2], -1.0), np.full(a.shape[:2], -1.0)
        assert compiled(a, got) == pixels(a, expected)
        np.testing.assert_array_equal(got, expected)
    assert list(numjit.pndindex((2, 3))) == list(np.ndindex((2, 3)))


def test_ndenumerate_indexes_are_numpy_order():
    @numjit.njit
    def pairs(a):
        return [(i, x) for i, x in np.ndenumerate(a)]

    a = np.arange(6).reshape(2, 3).T
    assert pairs(a) == [(i, x) for i, x in np.ndenumerate(a)]


def flat_reads(a):
    s = 0.0
    for x in a.flat:
        s = s * 1.25 + x
    n = len(a.flat)
    first = a.flat[0] if n else a.dtype.type(0)
    last = a.flat[-1] if n else a.dtype.type(0)
    return s, n, first, last, a.flat[1:7:2], a.flat[::-1], a.flat[np.arange(n)[::-3]]


def flags_of(a):
    f = a.flags
    return f.c_contiguous, f.f_contiguous, f.contiguous, f.writeable


def test_flat_reads_match_numpy():
    compiled = numjit.njit(flat_reads)
    for a in layouts() + [np.arange(6).reshape(2, 3).astype(np.int16).T,
                          (np.arange(6) % 2 == 0).reshape(3, 2)[::-1]]:
        if a.ndim == 0:
            continue
        got, want = compiled(a), flat_reads(a)
        assert got[:4] == pytest.approx(want[:4])
        for g, w in zip(got[4:], want[4:]):
            assert g.dtype == w.dtype
            np.testing.assert_array_equal(g, w)


def flat_writes(a, vals):
    a.flat[2] = 100
    a.flat[-1] = -1
    a.flat[1:5] = vals                 # fewer values than places: NumPy repeats them
    a.flat[np.array([0, -3])] = 3.5
    a.flat[7:] = 9


def test_flat_writes_match_numpy():
    compiled = numjit.njit(flat_writes)
    for make in (lambda: np.arange(24.0).reshape(2, 3, 4), lambda: np.asfortranarray(np.arange(24.0).reshape(2, 3, 4)),
                 lambda: np.arange(48.0).reshape(2, 6, 4)[:, ::2, ::-1], lambda: np.arange(20, dtype=np.int32)[::-2]):
        got, want = make(), make()
        base_got = got.base
        compiled(got, np.array([7, 8, 6]))
        flat_writes(want, np.array([7, 8, 6]))
        np.testing.assert_array_equal(got, want)
        assert got.base is base_got


def test_flat_0d_and_errors():
    @numjit.njit
    def zero_d(a):
        t = 0.0
        for x in a.flat:
            t += x
        a.flat[0] = 5.0
        return t, len(a.flat), a.flat[-1]

    a = np.array(2.5)
    assert zero_d(a) == (2.5, 1, 5.0) and a[()] == 5.0

    @numjit.njit
    def out_of_bounds(a, i):
        return a.flat[i]

    for i in (24, -25):
        with pytest.raises(IndexError) as want:
            np.zeros((2, 3, 4)).flat[i]
        with pytest.raises(IndexError, match=f"^{want.value}$"):
            out_of_bounds(np.zeros((2, 3, 4)), i)

    @numjit.njit
    def write_readonly(a):
        a.flat[0] = 1.0

    ro = np.zeros(3)
    ro.setflags(write=False)
    with pytest.raises(numjit.errors.TypingError, match="read-only"):
        write_readonly(ro)


def test_flags_match_numpy():
    compiled = numjit.njit(flags_of)
    cases = layouts() + [np.zeros((3, 1))[:, :1], np.zeros((1, 5))[:, ::2], np.zeros((4, 0))[::2],
                         np.zeros((2, 2))[:, ::-1], np.zeros((3, 4)).T[:1]]
    ro = np.zeros((2, 2))
    ro.setflags(write=False)
    for a in cases + [ro]:
        f = a.flags
        assert compiled(a) == (f.c_contiguous, f.f_contiguous, f.c_contiguous, f.writeable), a.strides


def nditer_values(a):
    out = []
    for x in np.nditer(a):
        out.append(x[()] * 1.0)
    return out


def test_nditer_visits_in_numpy_order():
    compiled = numjit.njit(nditer_values)
    base = np.arange(24.0).reshape(2, 3, 4)
    for a in layouts() + [base[::-1].transpose(2, 0, 1), base[:, :1, :], np.arange(6, dtype=np.int8)[::-2]]:
        if a.size == 0:
            with pytest.raises(ValueError, match="^Iteration of zero-sized operands is not enabled$"):
                compiled(a)
            continue
        assert compiled(a) == nditer_values(a)


def test_nditer_items_are_read_only():
    @numjit.njit
    def write(a):
        for x in np.nditer(a):
            x[...] = 1.0

    with pytest.raises(numjit.errors.TypingError):
        write(np.zeros(3))


def over_temporaries(a):
    s = 0.0
    for x in np.nditer(a * 2.0):
        s += x[()]
    for y in (a + 1.0).flat:
        s += y
    for idx, z in np.ndenumerate(a - 1.0):
        s += z * len(idx)
    return s


def test_iterators_over_temporaries_release_them():
    a = np.arange(12.0).reshape(3, 4)[:, ::-1]
    assert numjit.njit(over_temporaries)(a) == over_temporaries(a)
