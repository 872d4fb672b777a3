"""Ufuncs as values in compiled code: np.sin / np.add / numjit.vectorize objects passed as
arguments (numba 0.68 refuses them: "Cannot determine Numba type of <class 'numpy.ufunc'>"),
in tuples, aliased in locals, chosen by a condition — compiled once per ufunc, results as NumPy's.
"""
import numpy as np
import pytest

from impl import njit, TypingError, impl_module

vectorize = impl_module.vectorize

pytestmark = pytest.mark.numjit_only


@vectorize(["float64(float64)"])
def shifted_square(x):
    return x * x + 1.0


@vectorize
def minus_one(x):
    return x - 1


def apply(f, x):
    return f(x)


def combine(f, x, y):
    return f(x, y)


def through_tuple(fs, x):
    total = fs[0](x) * fs[1](x)
    for i in range(2):
        total = total + fs[i](x)
    return total


def chosen(x, flag):
    g = np.sin if flag else np.cos
    h = np.exp
    return g(x) + h(x)


def into(f, a, c):
    return f(a, out=c)


def test_ufunc_arguments_like_numpy():
    compiled = njit(apply)
    a = np.linspace(-1.0, 2.0, 7)
    for f in (np.sin, np.cos, np.sin, np.sqrt, shifted_square, minus_one):
        for x in (0.75, a, a.reshape(7, 1)[::2]):
            with np.errstate(invalid="ignore"):
                np.testing.assert_array_equal(compiled(f, x), apply(f, x))
    with pytest.raises(TypingError, match="not callable"):
        compiled(a, 1.0)
    binary = njit(combine)
    for f in (np.add, np.maximum, np.arctan2, np.add):
        np.testing.assert_array_equal(binary(f, a, 0.5), combine(f, a, 0.5))
    assert njit(through_tuple)((np.sin, np.cos), 0.3) == through_tuple((np.sin, np.cos), 0.3)
    assert njit(chosen)(0.3, True) == chosen(0.3, True) and njit(chosen)(0.3, False) == chosen(0.3, False)
    c, want = np.zeros(7), np.zeros(7)
    np.testing.assert_array_equal(njit(into)(np.exp, a, c), into(np.exp, a, want))
    np.testing.assert_array_equal(c, want)


def reduce_with(f, a):
    return f.reduce(a), f.accumulate(a)


def test_ufunc_argument_methods():
    a = np.array([3.0, -1.0, 4.0, 1.5])
    for f in (np.add, np.maximum):
        got, want = njit(reduce_with)(f, a), reduce_with(f, a)
        assert got[0] == want[0]
        np.testing.assert_array_equal(got[1], want[1])


def give_back():
    return np.sin


def test_ufunc_value_errors():
    with pytest.raises(TypingError, match="cannot return"):
        njit(give_back)()
    with pytest.raises(TypingError, match="np.isnat"):          # NumPy has no float loop for isnat either
        njit(apply)(np.isnat, 1.5)
