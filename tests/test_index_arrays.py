"""Several index arrays in one subscript, compiled vs. NumPy: broadcasting between them, NumPy's
axis placement (side by side: in place; apart: first), masks among them, ints/slices/None/`...`
between them, lists and tuples as indexes (and lists as values), np.ix_; reading, assignment and
`+=` (no accumulation over repeated positions); index dtypes int8..uint64 and bool; C/F/strided/
negative-stride arrays;
empty index arrays; NumPy's IndexError/ValueError messages. Each compiled function checks many
forms at once (compilation dominates the time).
"""
import re

import numpy as np
import pytest

from helpers import assert_array_same, make_array, run_compiled

pytestmark = pytest.mark.numjit_only  # numba: at most one index array per subscript, no lists of bools, no np.ix_
run = run_compiled
LAYOUTS = ["C", "F", "strided", "negstride"]


def assert_all_same(got, want):
    assert len(got) == len(want)
    for k, (g, w) in enumerate(zip(got, want)):
        assert np.shape(g) == np.shape(w), k
        assert_array_same(np.asarray(g), np.asarray(w))


def reads_2d(a, i, j):
    return a[i, j], a[i[:, None], j], a[-1, j], a[i, 1:], a[::-1, j], a[None, i, j]


def reads_layouts(a, i, j):
    return a[i, j], a[1:, j[:, None]]


def test_reads_2d():
    a = make_array((4, 5), np.float64, "C")
    i, j = np.array([0, 3, -1, 2, 0]), np.array([4, 0, 1, -5, 4])
    assert_all_same(run(reads_2d, a, i, j), reads_2d(a, i, j))
    e = np.zeros(0, np.int64)
    assert_all_same(run(reads_2d, a, e, e), reads_2d(a, e, e))
    for layout in ["F", "strided", "negstride"]:
        a = make_array((4, 5), np.float64, layout)
        assert_all_same(run(reads_layouts, a, i[:3], j[1:4]), reads_layouts(a, i[:3], j[1:4]))


def reads_3d(b, i, j, m):
    return (b[i, :, j], b[:, i, j], b[0, :, j], b[i, None, j], b[:, i, ..., j], b[i[:, None], j[:2], 1:],
            b[:, m], b[m[0, :3], i[:1]], b[m[0, :3], ::2, m[1]])


def test_reads_3d():
    b = make_array((3, 4, 5), np.int32, "negstride")
    i, j = np.array([2, 0, -1]), np.array([1, 3, -2])
    m = (np.arange(20).reshape(4, 5) % 3 == 0)
    want = reads_3d(b, i, j, m)
    assert_all_same(run(reads_3d, b, i, j, m), want)


def reads_dtypes(a, i, j, m):
    return a[i[:, None], j], a[m, j[:1]]


@pytest.mark.parametrize("idtype, jdtype", [(np.int8, np.uint64), (np.uint16, np.int32)], ids=str)
def test_index_dtypes(idtype, jdtype):
    a = make_array((5, 5), np.float32, "F")
    i, j = np.array([1, 4, 0], idtype), np.array([3, 3, 2], jdtype)
    m = np.array([True, False, True, True, False])
    assert_all_same(run(reads_dtypes, a, i, j, m), reads_dtypes(a, i, j, m))
    big = np.array([2, np.iinfo(jdtype).max], jdtype)    # NumPy: uint64's max is -1 (unsafe cast), int32's too big
    try:
        want = reads_dtypes(a, i[:2], big, m)
    except IndexError as e:
        with pytest.raises(IndexError, match=re.escape(str(e))):
            run(reads_dtypes, a, i[:2], big, m)
    else:
        assert_all_same(run(reads_dtypes, a, i[:2], big, m), want)


def lists_and_tuples(a, k):
    return (a[[0, 2]], a[:, [1, 3]], a[[0, -1], [1, 2]], a[[True, False, True, False]], a[(0, 2), :],
            a[:, (1, 3)], a[[k, 1], (k, 2)], a[[1, 2], k], a[:, [True, False, False, True, True]])


def test_lists_and_tuples_as_indexes():
    a = make_array((4, 5), np.int64, "C")
    assert_all_same(run(lists_and_tuples, a, 3), lists_and_tuples(a, 3))


def ix_forms(b, i, j, m):
    return np.ix_(i, j) + np.ix_(m, i, [0, 2]) + (b[np.ix_(i[:2], j, m[:5])], b[np.ix_([2, 0], [1], (0, 4))])


def test_ix():
    b = make_array((3, 4, 5), np.float64, "strided")
    i, j, m = np.array([2, -3]), np.array([0, 3, 1], np.uint8), np.array([True, False, True, True, False, True])
    assert_all_same(run(ix_forms, b, i, j, m), ix_forms(b, i, j, m))


def writes(a, i, j, v):
    a[i, j] = -1
    a[i[:, None], j[:2]] = v[:, None]
    a[i, j] += 1                            # repeated positions: once, as in NumPy
    a[1:, [0, 2]] = v[:2]
    a[(0, 3), (4, 4)] *= 2
    a[[True, False, True, False], [1, 2]] = v[2:]
    a[a[:, 0] > a[0, 0], j[:1]] += 1        # an expression mask among the index arrays
    a[[1, 2], j[:2]] = [0.5, 1.5]            # lists as values too
    a[0, 1:3] = [4.0, 5.0]
    return a


def test_writes():
    want, a = make_array((4, 5), np.float64, "F"), make_array((4, 5), np.float64, "F")
    i, j, v = np.array([0, 3, -1, 0]), np.array([4, 0, 1, 4]), np.array([2.5, -3.0, 7.0, 8.0])
    assert_array_same(run(writes, a, i, j, v), writes(want, i, j, v))


def writes_3d(b, i, j, v):
    b[i, :, j] = v[:, None]
    b[:, i, j] = v
    b[i, None, j] -= 3
    b[:, i[:, None], j[:2]] += v[:2]
    b[i[:1], ..., j] = b[0, 0, 1:4, None]             # the value shares memory with b: read first
    return b


def test_writes_3d_and_aliasing():
    want, b = make_array((3, 4, 5), np.int16, "C"), make_array((3, 4, 5), np.int16, "C")
    i, j, v = np.array([2, 0, 0]), np.array([1, 3, 1]), np.array([5, 6, 9], np.int16)
    assert_array_same(run(writes_3d, b, i, j, v), writes_3d(want, i, j, v))


def zero_d_indexes(a, b, i, j):
    b[:, i, j] = a[:, 0]
    b[i, :, j] += 1
    return a[i, j], b[i, :, j], b.copy()


def test_0d_index_arrays():
    a, b = make_array((3, 4), np.float64), make_array((3, 4, 5), np.float64)
    i, j = np.array(2), np.array(-1)
    want = zero_d_indexes(a, b.copy(), i, j)
    got = run(zero_d_indexes, a, b, i, j)
    assert isinstance(got[0], float) and got[0] == want[0]       # NumPy: a scalar, not a 0-d array
    assert_all_same(got, want)


def random_get_set(a, i, j, v):
    out = a[i, j]
    a[i, j] = v
    return out, a


def test_random_shapes_against_numpy():
    rng = np.random.default_rng(5)
    for _ in range(30):
        n0, n1 = rng.integers(1, 6, 2)
        si = tuple(rng.integers(0, 4, rng.integers(0, 3)))
        sj = tuple(1 if rng.random() < 0.3 else s for s in si) if si else tuple(rng.integers(1, 3, 1))
        i = rng.integers(-n0, n0, si)
        j = rng.integers(-n1, n1, sj)
        base = rng.random((n0, n1))
        want = random_get_set(base.copy(), i, j, 3.5)
        got = run(random_get_set, base.copy(), i, j, 3.5)
        assert_all_same(got, want)


def get_mask(b, m, i):
    return b[m, i]


def set_2(a, i, j, v):
    a[i, j] = v


def test_errors_as_numpy():
    a = np.zeros((3, 4))
    cases = [(random_get_set, (a, np.array([0, 1]), np.array([0, 1, 2]), 1.0)),
             (random_get_set, (a, np.array([[0], [1]]), np.zeros((3, 2), np.int64), 1.0)),
             (random_get_set, (a, np.array([0, 3]), np.array([0, 1]), 1.0)),
             (random_get_set, (a, np.array([0, 1]), np.array([0, -5]), 1.0)),
             (get_mask, (np.zeros((3, 4, 2)), np.ones((3, 3), bool), np.array([0]))),
             (set_2, (a, np.array([0, 1]), np.array([0, 1]), np.ones(3))),
             (set_2, (a, np.array([[0], [1]]), np.array([0, 1, 1]), np.ones((3, 3))))]
    for func, args in cases:
        with pytest.raises((IndexError, ValueError)) as want:
            func(*args)
        with pytest.raises(want.type) as got:
            run(func, *args)
        assert str(got.value) == str(want.value)
