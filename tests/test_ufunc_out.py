"""Output arrays of NumPy ufuncs in compiled code (`np.add(a, b, c)`, `out=c`, `out=(c,)`),
compiled vs. NumPy on the same inputs: broadcasting into out, out in other layouts, in place and
overlapping, casting to out's dtype ('same_kind'), scalars into arrays; errors as NumPy's.
"""
import numpy as np
import pytest

from impl import njit, TypingError, impl_module


def into(a, b, c, d, e, f):
    r1 = np.add(a, b, c)                          # positional out, b broadcast along c's rows
    r2 = np.multiply(a, 2, out=d)                  # d F-ordered or strided
    np.sin(e, out=e)                               # in place
    np.subtract(f[:-1], f[1:], out=(f[1:],))       # overlapping views, tuple form
    r3 = np.sqrt(b, out=b)
    return r1, r2, r3


def casts(i32, i64, f32, c64, bools):
    np.add(i64, i32, out=f32)                      # int64 loop, cast to float32 (same kind allows it)
    np.multiply(i64, 3, out=i32)                   # int64 -> int32 narrows, as NumPy's same_kind does
    np.sqrt(f32, out=c64)                          # float -> complex
    np.less(i64, 2, out=bools)
    return f32, i32, c64, bools


def scalars_into(x, c, z):
    np.sin(x, out=c)                               # a scalar broadcast over all of c
    np.add(x, 2.0, out=z)                          # a 0-d output
    return c, z


def _args(*arrays):
    return [a.copy() for a in arrays]


def test_out_arrays_like_numpy():
    compiled = njit(into)
    a = np.arange(6.0).reshape(2, 3)
    b = np.array([1.0, 4.0, 9.0])
    for d in (np.zeros((2, 3), order="F"), np.zeros((2, 6))[:, ::2]):
        inputs = (a, b, np.zeros((2, 3)), d, np.linspace(0, 1, 5), np.arange(7.0) ** 2)
        got_in, want_in = _args(*inputs), _args(*inputs)
        if d.base is not None:                     # keep the strided view a view of a fresh buffer
            got_in[3], want_in[3] = np.zeros((2, 6))[:, ::2], np.zeros((2, 6))[:, ::2]
        got, want = compiled(*got_in), into(*want_in)
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)
        for g, w in zip(got_in, want_in):
            np.testing.assert_array_equal(g, w)
        assert np.shares_memory(got[0], got_in[2]) and np.shares_memory(got[1], got_in[3])


def test_out_casting_and_scalars():
    compiled = njit(casts)
    inputs = (np.arange(4, dtype=np.int32), np.array([1, -2, 3, 2**40]), np.zeros(4, np.float32),
              np.zeros(4, np.complex64), np.zeros(4, bool))
    got_in, want_in = _args(*inputs), _args(*inputs)
    with np.errstate(invalid="ignore"):
        got, want = compiled(*got_in), casts(*want_in)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype
        np.testing.assert_array_equal(g, w)
    c, z = njit(scalars_into)(0.5, np.zeros(3), np.zeros(()))
    wc, wz = scalars_into(0.5, np.zeros(3), np.zeros(()))
    np.testing.assert_array_equal(c, wc)
    np.testing.assert_array_equal(z, wz)


def bad_kind(a, c):
    return np.true_divide(a, 2, out=c)


def bad_shape(a, c):
    return np.add(a, 1, out=c)


def bad_target(a):
    return np.add(a, 1, out=a.sum())


def test_out_errors():
    with pytest.raises(TypeError, match="same_kind"):
        bad_kind(np.arange(3), np.zeros(3, np.int64))
    with pytest.raises(TypingError, match="Cannot cast ufunc 'divide' output from dtype\\('float64'\\) to "
                                          "dtype\\('int64'\\) with casting rule 'same_kind'"):
        njit(bad_kind)(np.arange(3), np.zeros(3, np.int64))
    with pytest.raises(ValueError):
        bad_shape(np.arange(3.0), np.zeros(4))
    with pytest.raises(ValueError, match="broadcast"):
        njit(bad_shape)(np.arange(3.0), np.zeros(4))
    with pytest.raises(TypingError, match="does not fit"):
        njit(bad_shape)(np.ones((2, 3)), np.zeros(3))
    with pytest.raises(TypingError, match="out must be an array"):
        njit(bad_target)(np.arange(3.0))
    readonly = np.zeros(3)
    readonly.flags.writeable = False
    with pytest.raises(TypingError, match="read-only"):
        njit(bad_shape)(np.arange(3.0), readonly)


def in_place(a, n):
    for _ in range(n):
        np.multiply(a, 0.5, out=a)
        np.add(a, a, a)
    return a


@pytest.mark.numjit_only
def test_in_place_allocates_nothing():
    """out= the input itself is computed element by element with no temporary copy."""
    from impl import allocation_stats
    compiled = njit(in_place)
    a = np.arange(12.0).reshape(3, 4)[:, ::2]
    compiled(a.copy(), 1)
    before = allocation_stats()[0]
    got = compiled(a.copy(), 3)
    assert allocation_stats()[0] == before
    np.testing.assert_array_equal(got, in_place(a.copy(), 3))


@impl_module.vectorize(["float64(float64, float64)", "float32(float32, float32)"])
def scaled_sum(x, y):
    return 2.0 * x + y


@impl_module.vectorize
def cube(x):
    return x * x * x


def own_ufuncs_into(a, c, d):
    scaled_sum(a, 1.0, c)                     # positional out, as numba takes it
    cube(a, out=d[1:])                        # keyword out, a view of d
    return c, d


def test_numjit_ufuncs_take_out():
    a = np.linspace(-1.0, 1.0, 4)
    got = njit(own_ufuncs_into)(a, np.zeros((2, 4)), np.zeros(5))
    want = own_ufuncs_into(a, np.zeros((2, 4)), np.zeros(5))
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
    with pytest.raises(TypingError, match="Cannot cast ufunc 'scaled_sum' output"):
        njit(own_ufuncs_into)(a, np.zeros(4, np.int64), np.zeros(5))
