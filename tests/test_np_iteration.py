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


def test_ndenumerate_indexes_are_numpy_order():
    @numjit.njit
    def pairs(a):
        return [(i, x) for i, x in np.ndenumerate(a)]

    a = np.arange(6).reshape(2, 3).T
    assert pairs(a) == [(i, x) for i, x in np.ndenumerate(a)]
