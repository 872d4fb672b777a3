"""`.real`, `.imag`, `.conjugate()` on numbers and arrays, np.conjugate; compiled vs. interpreted.

On arrays of complex numbers `.real` / `.imag` are views (writes go through to the array); on
real arrays `.real` is the array and `.imag` read-only zeros, as in NumPy.
"""
import numpy as np
import pytest

from helpers import ALL_SCALAR_TYPES, COMPLEX_TYPES, LAYOUTS, REAL_TYPES, assert_same, make_array, type_id
from impl import COMPILE_ERRORS, njit

# numba refuses the parts of bools (Python's True.real is 1) and gives np.conj(int32 array) * 2
# int64 items (NumPy: int32); numjit follows Python and NumPy
NUMBA_DIFFERS = pytest.mark.numjit_only


def _mark_numba_differs(types, differs):
    return [pytest.param(t, marks=NUMBA_DIFFERS) if t in differs else t for t in types]


ALL_SCALARS = _mark_numba_differs(ALL_SCALAR_TYPES, [np.bool_])
REALS = _mark_numba_differs(REAL_TYPES, [np.bool_])


def parts(x):
    return x.real, x.imag, x.conjugate()


def parts_of_element(a):
    return a[0].real, a[1].imag, a[2].conjugate()


def part_precision(x, y):
    """The parts keep the number's precision: complex64's parts are float32."""
    return x.real * y, x.imag * y, x.conjugate() * y


def part_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i].real * 2 - a[i].imag
    return s


@pytest.mark.parametrize("t", ALL_SCALARS, ids=type_id)
def test_scalar_parts(t):
    cfunc = njit(parts)
    for v in ([3, 0, 1] if np.dtype(t).kind in "biu" else [2.5, -0.0, np.inf, 1.5 - 2.25j, np.nan]):
        if np.dtype(t).kind != "c" and isinstance(v, complex):
            continue
        x = t(v)
        assert_same(cfunc(x), parts(x), msg=f"{t.__name__}({v})")


@pytest.mark.parametrize("v", _mark_numba_differs([True, False, 7, -7, 2.5, 1 + 2j, -0.5j], [True, False]))
def test_python_scalar_parts(v):
    assert_same(njit(parts)(v), parts(v))


@pytest.mark.parametrize("t", [np.float32, np.complex64], ids=type_id)
def test_parts_keep_precision(t):
    x, y = t(1 / 3) if t is np.float32 else t(1 / 3 + 1j / 7), np.float32(1 / 7)
    assert_same(njit(part_precision)(x, y), part_precision(x, y))


@pytest.mark.parametrize("t", ALL_SCALARS, ids=type_id)
def test_array_element_parts(t):
    a = make_array((3,), t)
    assert_same(njit(parts_of_element)(a), parts_of_element(a))
    if np.dtype(t).kind != "b":
        assert_same(njit(part_sum)(a), part_sum(a), rtol=1e-6)


# --------------------------------------------------------------------------
# arrays

def array_parts(a):
    return a.real, a.imag


def array_conjugates(a):
    return a.conjugate(), a.conj(), np.conjugate(a), np.conj(a) * 2


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("t", COMPLEX_TYPES, ids=type_id)
def test_complex_array_parts_are_views(t, layout):
    a = make_array((3, 4), t, layout)
    re, im = njit(array_parts)(a)
    assert re.dtype == a.real.dtype and im.dtype == a.imag.dtype
    np.testing.assert_array_equal(re, a.real)
    np.testing.assert_array_equal(im, a.imag)
    re[0, 0] = 100.0                 # views: writes reach the array
    im[2, 3] = -100.0
    assert a[0, 0].real == 100.0 and a[2, 3].imag == -100.0


@pytest.mark.parametrize("t", REALS, ids=type_id)
def test_real_array_parts(t):
    a = make_array((2, 3), t)
    re, im = njit(array_parts)(a)
    want_re, want_im = array_parts(a)
    assert re.dtype == want_re.dtype and im.dtype == want_im.dtype
    np.testing.assert_array_equal(re, want_re)
    np.testing.assert_array_equal(im, want_im)
    assert re is a
    assert not im.flags.writeable


@pytest.mark.parametrize("t", _mark_numba_differs(COMPLEX_TYPES + [np.float64, np.int32], [np.int32]), ids=type_id)
def test_array_conjugate(t):
    a = make_array((5,), t, "strided")
    got, want = njit(array_conjugates)(a), array_conjugates(a)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype
        np.testing.assert_array_equal(g, w)


def test_write_through_part_views():
    def f(a):
        a.real[0] = 5.0
        a.imag[1] = 7.0
        a.imag[2:] += 1.0
        return a
    a = make_array((4,), np.complex128)
    got, want = njit(f)(a.copy()), f(a.copy())
    np.testing.assert_array_equal(got, want)


def test_part_view_of_local_array_outlives_it():
    def f(n):
        z = np.zeros(n, dtype=np.complex64)
        for i in range(n):
            z[i] = complex(i, -i)
        return z.imag, z.real.sum()
    got, want = njit(f)(5), f(5)
    np.testing.assert_array_equal(got[0], want[0])
    assert got[0].dtype == np.float32
    assert_same(got[1], want[1])


def test_part_views_in_expressions():
    def f(a):
        return (a.real * a.imag).sum(), np.abs(a.imag).max()
    a = make_array((3, 3), np.complex128, "F")
    assert_same(njit(f)(a), f(a), rtol=1e-12)


def test_imag_of_real_array_is_read_only():
    def f(a):
        b = a.imag
        b[0] = 1.0
        return b
    with pytest.raises(COMPILE_ERRORS):
        njit(f)(np.ones(3))


def test_parts_of_other_types_are_errors():
    def f(t):
        return t.real
    with pytest.raises(COMPILE_ERRORS):
        njit(f)((1, 2))
