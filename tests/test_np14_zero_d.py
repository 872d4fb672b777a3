"""0-d arrays in arithmetic, ufuncs, reductions and indexing give NumPy scalars, as in NumPy
(`np.array(2.0) + 1` is np.float64(3.0), not a 0-d array); in-place operators, `out=`, `a[...]`,
np.where and operations with an n-d operand still give arrays. Each function runs compiled and
as plain NumPy on the same inputs; results are compared in kind (array or scalar), dtype (a
scalar's dtype through a 1-item array holding it: compiled scalars box as Python numbers) and
value.
"""
import numpy as np
import pytest

from helpers import assert_array_same
from impl import njit

pytestmark = pytest.mark.numjit_only      # numba gives 0-d arrays


def scalar_results(a, i, c, s):
    return (a + 1, 2.5 * a, np.sin(a), a * i, -i, abs(i), i + 1, i * np.int32(2), i // 2, a > 1,
            i == 3, np.maximum(a, i), np.sqrt(i), c * a, np.conj(c), a ** 2, i ** 2, a / i,
            np.add(a, s), np.multiply(i, i), np.isnan(a), np.logical_not(i > 0), a[()], i[()], a.sum(), np.sum(i),
            np.max(a * i), np.mean(i), np.prod(i + i), np.sum(a + 1), np.argmax(a), np.any(a - 2.0),
            np.float32(2) + i, s - a, np.hypot(a, a))


def one(x):
    return np.full(1, x)


def in_arrays(a, i, c, s):
    """Each scalar result in a 1-item array of its dtype."""
    r = scalar_results(a, i, c, s)
    return (one(r[0]), one(r[1]), one(r[2]), one(r[3]), one(r[4]), one(r[5]), one(r[6]),
            one(r[7]), one(r[8]), one(r[9]), one(r[10]), one(r[11]), one(r[12]), one(r[13]),
            one(r[14]), one(r[15]), one(r[16]), one(r[17]), one(r[18]), one(r[19]), one(r[20]),
            one(r[21]), one(r[22]), one(r[23]), one(r[24]), one(r[25]), one(r[26]), one(r[27]),
            one(r[28]), one(r[29]), one(r[30]), one(r[31]), one(r[32]), one(r[33]), one(r[34]))


def array_results(a, i, m):
    b = a.copy()
    b += 1.5
    j = i.copy()
    j *= 3
    o = np.empty(())
    r = np.add(a, i, out=o)
    return (b, j, o, r, a[...], np.where(a > 1, a, 0.0), a + m, np.sin(m) * i, np.asarray(a), a.copy())


def compare(got, want):
    assert len(got) == len(want)
    for k, (g, w) in enumerate(zip(got, want)):
        assert isinstance(g, np.ndarray) == isinstance(w, np.ndarray), (k, g, w)
        if not isinstance(w, np.ndarray):       # a Python number: the value (dtypes: in_arrays)
            g = np.asarray(g).astype(np.asarray(w).dtype)
        assert_array_same(g, w, rtol=1e-6 if np.asarray(w).dtype in (np.float32, np.complex64) else 1e-12, atol=1e-12)


@pytest.mark.parametrize("dtypes", [(np.float32, np.uint16, np.complex64)],
                         ids=str)
def test_zero_d_operations_give_scalars(dtypes):
    fa, fi, fc = dtypes
    cases = [(np.array(2.0, fa), np.array(3, fi), np.array(1 - 2j, fc), 0.5),
             (np.array(np.nan, fa), np.array(0, fi), np.array(np.inf, fc), np.float64(-1.0))]
    cs, ca = njit(scalar_results), njit(in_arrays)
    for args in cases:
        with np.errstate(all="ignore"):
            want = scalar_results(*args)
            want_dtypes = in_arrays(*args)
        assert not any(isinstance(w, np.ndarray) for w in want)
        compare(cs(*args), want)
        compare(ca(*args), want_dtypes)


def test_inplace_out_views_and_nd_operands_stay_arrays():
    m = np.arange(6.0).reshape(2, 3)[:, ::2]
    for a, i in [(np.array(2.0), np.array(4, np.int16)), (np.array(-0.0), np.array(-7, np.int16))]:
        want = array_results(a, i, m)
        assert all(isinstance(w, np.ndarray) for w in want)
        compare(njit(array_results)(a, i, m), want)
