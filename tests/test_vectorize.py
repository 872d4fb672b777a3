"""vectorize: compiled ufuncs compared with NumPy's own ufuncs on the same inputs.

Every kernel is compiled once (``compiled`` caches the decorated object), so
the cost of the file is a few dozen loop compilations.  Expected values always
come from NumPy (``np.add``, ``np.clip``, ``np.floor_divide``...) or from NumPy's
documented type-resolution rule applied to the loops we declared; nothing here
repeats what the compiler computed.
"""
import functools
import math
import os
import pickle
import sys
import warnings

import numpy as np
import pytest

import ufunc_kernels as K
from helpers import LAYOUTS, assert_array_same, make_array, run_python_code, sample_values
from impl import COMPILE_ERRORS, ENV_DISABLE_JIT, IS_NUMBA, TypingError, UnsupportedError, float32, float64, impl_module

vectorize = impl_module.vectorize
njit = impl_module.njit
PARALLEL_THRESHOLD = 1 << 17   # numjit.ufunc.loops.DEFAULT_PARALLEL_THRESHOLD
STREAM_ELEMENTS = (1 << 23) // 4 + 13   # past numjit.ufunc.paralleldriver.STREAM_BYTES in float32 outputs

ADD_SIGNATURES = ["int32(int32, int32)", "int64(int64, int64)", "float32(float32, float32)",
                  "float64(float64, float64)", "complex64(complex64, complex64)",
                  "complex128(complex128, complex128)", "boolean(boolean, boolean)"]
CLIP_SIGNATURES = ["float32(float32, float32, float32)", "float64(float64, float64, float64)",
                   "int64(int64, int64, int64)"]


def compiled(make):
    """Build the ufunc on first use, once per test session."""
    return functools.cache(make)


@compiled
def add():
    return vectorize(ADD_SIGNATURES, identity=0)(K.add)


@compiled
def add_no_identity():
    return vectorize(["float64(float64, float64)", "int64(int64, int64)"])(K.add)


@compiled
def clip():
    return vectorize(CLIP_SIGNATURES)(K.clip)


@compiled
def clip_parallel():
    return vectorize(CLIP_SIGNATURES, target="parallel")(K.clip)


@compiled
def sign_sqrt():
    return vectorize([float64(float64), float32(float32)])(K.sign_sqrt)


@compiled
def floordiv():
    return vectorize(["int64(int64, int64)"])(K.floordiv)


@compiled
def floordiv_raising():
    return vectorize(["int64(int64, int64)"], error_model="python")(K.floordiv)


@compiled
def floordiv_parallel_raising():
    return vectorize(["int64(int64, int64)"], target="parallel", error_model="python")(K.floordiv)


@compiled
def negate():
    return vectorize(["float64(float64)", "int64(int64)"])(K.negate)


def numpy_sign_sqrt(x):
    with np.errstate(invalid="ignore"):
        return np.where(x >= 0, np.sqrt(x), -np.sqrt(-x)).astype(x.dtype)


def no_warnings(fn, *args, **kwargs):
    """fn(*args, **kwargs), failing on any warning (NumPy's floating-point ones included)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return fn(*args, **kwargs)


run_python = run_python_code


# -- signatures -----------------------------------------------------------------------

@pytest.mark.numjit_only
def test_signature_strings_make_a_real_ufunc():
    u = add()
    assert isinstance(u, np.ufunc)
    assert (u.nin, u.nout, u.__name__) == (2, 1, "add")
    # the declared loops, in the declared order, in NumPy's type-character notation
    want = [np.dtype(a).char + np.dtype(b).char + "->" + np.dtype(r).char
            for a, b, r in [("i4", "i4", "i4"), ("i8", "i8", "i8"), ("f4", "f4", "f4"),
                            ("f8", "f8", "f8"), ("c8", "c8", "c8"), ("c16", "c16", "c16"),
                            ("?", "?", "?")]]
    assert u.types == want


@pytest.mark.numjit_only
@pytest.mark.parametrize("signatures", [
    "float64(float64)",
    float64(float64),
    ["float64(float64)", float32(float32)],
    [float64(float64), "float32(float32)"],
], ids=["string", "type-object", "list-string-first", "list-type-first"])
def test_signature_forms(signatures):
    u = vectorize(signatures)(K.negate)
    x = np.linspace(-2, 3, 7)
    assert u.types[0] == "d->d"
    assert_array_same(u(x), np.negative(x))
    if len(u.types) > 1:
        assert u.types[1] == "f->f"
        assert_array_same(u(x.astype(np.float32)), np.negative(x.astype(np.float32)))


def numpy_loop_choice(types, *dtypes):
    """NumPy 2's rule for a ufunc's loops: a loop matching the input dtypes exactly,
    else the first loop, in order, that every input casts to safely."""
    chars = "".join(np.dtype(d).char for d in dtypes)
    for t in types:
        if t.split("->")[0] == chars:
            return t
    for t in types:
        if all(np.can_cast(d, np.dtype(c), "safe") for d, c in zip(dtypes, t.split("->")[0])):
            return t
    return None


def test_list_order_is_the_loop_search_order():
    wide_first = vectorize(["float64(float64, float64)", "float32(float32, float32)"])(K.add)
    narrow_first = vectorize(["float32(float32, float32)", "float64(float64, float64)"])(K.add)
    assert wide_first.types == ["dd->d", "ff->f"]
    assert narrow_first.types == ["ff->f", "dd->d"]
    for u in (wide_first, narrow_first):
        for dtype in (np.float32, np.float64, np.int8, np.int16, np.uint8, np.bool_):
            x = sample_values(dtype, 5)
            loop = numpy_loop_choice(u.types, x.dtype, x.dtype)
            assert_array_same(u(x, x), np.add(x, x, dtype=np.dtype(loop[-1])))
    # the order decides where no loop matches exactly
    i8 = np.arange(3, dtype=np.int8)
    assert wide_first(i8, i8).dtype != narrow_first(i8, i8).dtype


def test_int8_inputs_take_the_first_loop_they_cast_to():
    a = np.arange(-5, 5, dtype=np.int8)
    for b in (a, a.astype(np.int64), a.astype(np.float32), a.astype(np.uint16)):
        loop = numpy_loop_choice(add().types, a.dtype, b.dtype)
        assert_array_same(add()(a, b), np.add(a, b, dtype=np.dtype(loop[-1])))


# -- dtypes, layouts, broadcasting, scalars ------------------------------------------------

@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float32, np.float64, np.complex64,
                                   np.complex128, np.bool_], ids=lambda t: np.dtype(t).name)
def test_dtypes_against_numpy_add(dtype):
    x, y = sample_values(dtype, 23, seed=1), sample_values(dtype, 23, seed=2)
    assert_array_same(add()(x, y), np.add(x, y))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layouts(layout):
    x = make_array((5, 7), np.float64, layout)
    y = make_array((5, 7), np.float64, "F" if layout == "C" else "C", seed=3)
    assert_array_same(add()(x, y), np.add(x, y))
    assert_array_same(sign_sqrt()(x), numpy_sign_sqrt(x))
    assert_array_same(clip()(x, -3.0, 4.0), np.clip(x, -3.0, 4.0))
    # the result follows the input's memory order, as NumPy's does (order='K')
    assert add()(x, x).strides == np.add(x, x).strides


def test_one_dimensional_negative_and_large_strides():
    x = np.linspace(-50, 50, 301)
    for view in (x[::-1], x[::7], x[-1::-5], x[3:200:3]):
        assert_array_same(clip()(view, -10.0, 10.0), np.clip(view, -10.0, 10.0))
        assert_array_same(add()(view, view[::-1]), np.add(view, view[::-1]))


def test_broadcasting_and_scalar_operands():
    col, row = np.arange(4.0).reshape(4, 1), np.linspace(-1, 1, 3)
    assert_array_same(add()(col, row), np.add(col, row))
    assert_array_same(add()(np.float64(2.5), row), np.add(np.float64(2.5), row))
    assert_array_same(add()(row, 2), np.add(row, 2))
    lo, hi = np.full((4, 1), -0.5), np.array([0.0, 0.5, 1.0])
    x = np.linspace(-2, 2, 12).reshape(4, 3)
    assert_array_same(clip()(x, lo, hi), np.clip(x, lo, hi))
    assert_array_same(clip()(x, -1.0, hi), np.clip(x, -1.0, hi))
    with pytest.raises(ValueError):
        add()(np.ones(3), np.ones(4))


def test_scalars_in_scalars_out():
    got = add()(2.0, 3.5)
    assert type(got) is np.float64 and got == np.add(2.0, 3.5)
    zero_d = add()(np.array(1.0), np.array(2.0))
    want = np.add(np.array(1.0), np.array(2.0))
    assert type(zero_d) is type(want) and zero_d == want
    # Python scalars are weak (NEP 50): float32 array + Python float stays float32
    x = np.ones(3, dtype=np.float32)
    assert add()(x, 1.5).dtype == np.add(x, 1.5).dtype == np.float32


@pytest.mark.parametrize("shape", [(0,), (0, 3), (3, 0)])
def test_empty_inputs(shape):
    x = np.empty(shape)
    got = add()(x, x)
    assert_array_same(got, np.add(x, x))
    assert_array_same(clip()(x, 0.0, 1.0), np.clip(x, 0.0, 1.0))


# -- call options -------------------------------------------------------------------------

def test_out_argument():
    x = np.linspace(-3, 3, 10)
    out = np.full(10, np.nan)
    result = add()(x, 1.0, out=out)
    assert result is out
    assert_array_same(out, np.add(x, 1.0))
    out2 = np.zeros(10)
    assert add()(x, 1.0, out=(out2,)) is out2
    assert_array_same(out2, out)
    # into a strided view of a larger array, leaving the rest alone
    big, want = np.zeros(20), np.zeros(20)
    add()(x, x, out=big[::2])
    np.add(x, x, out=want[::2])
    assert_array_same(big, want)
    # in place, in a different output dtype (cast like NumPy does)
    y, z = x.copy(), x.copy()
    add()(y, 1.0, out=y)
    np.add(z, 1.0, out=z)
    assert_array_same(y, z)
    o32, w32 = np.empty(10, np.float32), np.empty(10, np.float32)
    add()(x, x, out=o32)
    np.add(x, x, out=w32)
    assert_array_same(o32, w32)


def test_where():
    x = np.linspace(-3, 3, 9)
    mask = x > 0
    got, want = np.full(9, -7.0), np.full(9, -7.0)
    add()(x, 10.0, where=mask, out=got)
    np.add(x, 10.0, where=mask, out=want)
    assert_array_same(got, want)
    # broadcast mask
    m2 = np.array([[True], [False]])
    got, want = np.zeros((2, 9)), np.zeros((2, 9))
    clip()(x, -1.0, 1.0, where=m2, out=got)
    np.clip(x, -1.0, 1.0, where=m2, out=want)
    assert_array_same(got, want)


def test_dtype_selects_the_loop():
    a = np.arange(6, dtype=np.int64)
    assert_array_same(add()(a, a, dtype=np.float64), np.add(a, a, dtype=np.float64))
    assert_array_same(add()(a, 1, dtype=np.float32), np.add(a, 1, dtype=np.float32))
    assert_array_same(add()(a, a, signature="dd->d"), np.add(a, a, signature="dd->d"))


def test_casting():
    x = np.linspace(0, 5, 6)
    out = np.empty(6, dtype=np.int64)
    with pytest.raises(TypeError) as ours:           # numpy's UFuncTypeError
        add()(x, x, out=out)
    with pytest.raises(TypeError) as numpys:
        np.add(x, x, out=out)
    assert type(ours.value) is type(numpys.value)
    got, want = np.empty(6, np.int64), np.empty(6, np.int64)
    add()(x, x, out=got, casting="unsafe")
    np.add(x, x, out=want, casting="unsafe")
    assert_array_same(got, want)
    with pytest.raises(TypeError):
        add()(np.arange(3), np.arange(3), casting="no", dtype=np.float64)
    with pytest.raises(TypeError):
        np.add(np.arange(3), np.arange(3), casting="no", dtype=np.float64)


# -- methods --------------------------------------------------------------------------------

def test_reduce():
    # integer-valued floats: every summation order gives the same, exact result
    x = make_array((4, 5), np.int64, "F").astype(np.float64)
    for axis in (0, 1, -1, None, (0, 1)):
        assert_array_same(add().reduce(x, axis=axis), np.add.reduce(x, axis=axis))
    assert_array_same(add().reduce(x, axis=1, keepdims=True), np.add.reduce(x, axis=1, keepdims=True))
    assert_array_same(add().reduce(x, axis=0, initial=100.0), np.add.reduce(x, axis=0, initial=100.0))
    where = x > 0
    assert_array_same(add().reduce(x, axis=1, where=where), np.add.reduce(x, axis=1, where=where))
    i = np.arange(-7, 20, dtype=np.int64)
    assert_array_same(add().reduce(i), np.add.reduce(i))
    assert_array_same(add().reduce(i, dtype=np.float64), np.add.reduce(i, dtype=np.float64))
    assert_array_same(add().reduce(i[::-3]), np.add.reduce(i[::-3]))
    out, want = np.empty(5), np.empty(5)
    add().reduce(x, axis=0, out=out)
    np.add.reduce(x, axis=0, out=want)
    assert_array_same(out, want)


def test_reduce_order_follows_numpy():
    """floor division is not associative: the reduction order shows"""
    x = np.array([[1000, 7, 3], [-999, 5, 2], [64, -3, 2], [77, 4, -1]], dtype=np.int64)
    for axis in (0, 1, -1):
        assert_array_same(floordiv().reduce(x, axis=axis), np.floor_divide.reduce(x, axis=axis))
        assert_array_same(floordiv().accumulate(x, axis=axis),
                          np.floor_divide.accumulate(x, axis=axis))
    xf = np.asfortranarray(x)
    assert_array_same(floordiv().reduce(xf, axis=1), np.floor_divide.reduce(xf, axis=1))


def test_reduce_identity():
    assert add().identity == np.add.identity == 0
    empty = np.array([])
    assert_array_same(add().reduce(empty), np.add.reduce(empty))
    assert_array_same(add().reduce(np.empty((0, 3)), axis=0), np.add.reduce(np.empty((0, 3)), axis=0))
    # without an identity, as np.subtract: empty reductions and several axes fail
    assert add_no_identity().identity is None and np.subtract.identity is None
    with pytest.raises(ValueError):
        np.subtract.reduce(empty)
    with pytest.raises(ValueError):
        add_no_identity().reduce(empty)
    with pytest.raises(ValueError):
        np.subtract.reduce(np.ones((2, 3)), axis=None)
    with pytest.raises(ValueError):
        add_no_identity().reduce(np.ones((2, 3)), axis=None)


@pytest.mark.numjit_only
@pytest.mark.parametrize("identity", ["reorderable", 0, 1, -1, 2.5], ids=str)
def test_identity_values(identity):
    u = vectorize(["float64(float64, float64)"], identity=identity)(K.add)
    x = np.arange(6.0).reshape(2, 3)
    if identity == "reorderable":
        # no identity, like np.maximum: several axes at once are allowed, empty input is not
        assert u.identity is None
        assert_array_same(u.reduce(x, axis=None), np.add.reduce(x, axis=None))
        with pytest.raises(ValueError):
            u.reduce(np.array([]))
    else:
        # NumPy starts every reduction of a ufunc with an identity from that identity
        assert u.identity == identity
        assert_array_same(u.reduce(x, axis=None), np.add.reduce(x, axis=None, initial=identity))
        assert_array_same(u.reduce(x, axis=1), np.add.reduce(x, axis=1, initial=identity))
        assert_array_same(u.reduce(np.array([])), np.add.reduce(np.array([]), initial=identity))


def test_accumulate():
    x = make_array((3, 4), np.float64, "negstride")
    for axis in (0, 1):
        assert_array_same(add().accumulate(x, axis=axis), np.add.accumulate(x, axis=axis))
    i = np.arange(10, dtype=np.int32)
    # NumPy reduces small integers of a ufunc named "add" in int64, as for np.add
    assert_array_same(add().accumulate(i), np.add.accumulate(i))
    assert_array_same(add().accumulate(i, dtype=np.int32), np.add.accumulate(i, dtype=np.int32))
    out, want = np.empty(10), np.empty(10)
    add().accumulate(i, out=out, dtype=np.float64)
    np.add.accumulate(i, out=want, dtype=np.float64)
    assert_array_same(out, want)


def test_reduceat():
    x = np.arange(10.0) ** 2
    for idx in ([0, 4, 1, 5], [0, 3, 6, 9], [5]):
        assert_array_same(add().reduceat(x, idx), np.add.reduceat(x, idx))
    m = make_array((4, 6), np.float64, "strided")
    assert_array_same(add().reduceat(m, [0, 2, 5], axis=1), np.add.reduceat(m, [0, 2, 5], axis=1))


@pytest.mark.numjit_only
def test_outer():
    a, b = np.arange(3.0), np.linspace(-1, 1, 4)
    assert_array_same(add().outer(a, b), np.add.outer(a, b))
    m = np.arange(6, dtype=np.int64).reshape(2, 3)
    assert_array_same(add().outer(m, a), np.add.outer(m, a))
    with pytest.raises(ZeroDivisionError):
        floordiv_raising().outer(np.arange(3), np.arange(3))


def test_at():
    got, want = np.arange(8.0), np.arange(8.0)
    idx = np.array([0, 0, 3, 7, 3, 0])
    add().at(got, idx, 1.5)
    np.add.at(want, idx, 1.5)
    assert_array_same(got, want)
    got, want = np.arange(8.0), np.arange(8.0)
    add().at(got, idx, np.arange(6.0))
    np.add.at(want, idx, np.arange(6.0))
    assert_array_same(got, want)
    got, want = np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(2, 3)
    negate().at(got, (slice(None), [0, 2]))
    np.negative.at(want, (slice(None), [0, 2]))
    assert_array_same(got, want)


class Duck:
    """A duck array: NumPy hands any ufunc called on it to __array_ufunc__."""

    def __init__(self, data):
        self.data = np.asarray(data)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        unwrapped = [x.data if isinstance(x, Duck) else x for x in inputs]
        return Duck(getattr(ufunc, method)(*unwrapped, **kwargs)), ufunc, method


def test_array_ufunc_dispatch():
    x = np.linspace(-2, 2, 5)
    got, ufunc, method = add()(Duck(x), 1.0)
    assert ufunc is add() and method == "__call__"
    assert_array_same(got.data, np.add(x, 1.0))
    got, ufunc, method = add().reduce(Duck(x))
    assert method == "reduce"
    assert_array_same(got.data, np.add.reduce(x))
    got, _, method = np.add(Duck(x), 1.0)   # the same protocol as NumPy's own ufuncs
    assert method == "__call__"


@pytest.mark.numjit_only
def test_array_ufunc_dispatch_of_lazy_ufuncs():
    u = vectorize(K.add)
    x = np.linspace(-2, 2, 5)
    u(x, 1.0)
    got, ufunc, method = u(Duck(x), 1.0)
    assert ufunc is u.ufunc and method == "__call__"
    assert_array_same(got.data, np.add(x, 1.0))


class TypedDuck(Duck):
    """A duck array with a dtype, as Dask and xarray arrays have."""

    @property
    def dtype(self):
        return self.data.dtype


@pytest.mark.numjit_only
@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_lazy_ufunc_first_called_on_a_duck_array(dtype):
    u = vectorize(K.add)                     # no loop compiled yet: the duck's dtype picks one
    x = np.arange(5).astype(dtype)
    got, ufunc, method = u(TypedDuck(x), x)
    assert ufunc is u.ufunc and method == "__call__"
    assert_array_same(got.data, np.add(x, x))
    with pytest.raises(TypeError, match="no dtype"):
        vectorize(K.add)(Duck(x), x)


def test_signatures_as_a_tuple():
    u = vectorize(("float64(float64, float64)", "int64(int64, int64)"))(K.add)
    assert u.types == ["dd->d", "ll->l"]
    assert_array_same(u(np.arange(3), np.arange(3)), np.arange(3) * 2)


# -- values -----------------------------------------------------------------------------------

SPECIAL = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e308, -1e-310, 2.0, -3.0])


@pytest.mark.numjit_only
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_nan_and_inf_without_spurious_warnings(dtype):
    """NaN compares in the kernel must not make NumPy warn where np.clip does not."""
    with np.errstate(over="ignore"):
        x = SPECIAL.astype(dtype)
    big = np.tile(x, 50)     # long enough for the vectorised loop
    want = no_warnings(np.clip, big, dtype(-1), dtype(1))
    assert_array_same(no_warnings(clip(), big, dtype(-1), dtype(1)), want)
    assert_array_same(no_warnings(clip_parallel(), big, dtype(-1), dtype(1)), want)
    # NaN bounds: the kernel's own if-chain (NaN compares false), not np.clip's propagation
    y = dtype(0.5)
    assert_array_same(no_warnings(clip(), y, big, big),
                      np.where(y < big, big, np.where(y > big, big, y)))
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")       # inf - inf: NumPy warns, numjit kernels do not
        assert_array_same(add()(big, big[::-1]), np.add(big, big[::-1]))


def test_flags_raised_by_numpys_casts_still_warn():
    """Only the kernel's own flags are hidden: NumPy's cast of 1e300 to float32 still warns."""
    x = np.tile([1e300, 1.0], 5000)

    def caught(fn):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            result = fn(x, np.float32(1), dtype=np.float32)
        return result, sorted({(w.category, str(w.message).split(" in ")[0]) for w in seen})

    got, got_warnings = caught(add())
    want, want_warnings = caught(np.add)
    assert_array_same(got, want)
    assert got_warnings == want_warnings and want_warnings


def test_if_else_and_math_calls():
    x = np.concatenate([np.linspace(-100, 100, 1001), SPECIAL])
    assert_array_same(sign_sqrt()(x), numpy_sign_sqrt(x))
    with np.errstate(over="ignore"):
        x32 = x.astype(np.float32)
    np.testing.assert_allclose(sign_sqrt()(x32), numpy_sign_sqrt(x32), rtol=1e-6)
    assert sign_sqrt()(x32).dtype == np.float32


def test_bool_kernel():
    u = vectorize(["boolean(boolean, boolean)"])(K.both_not)
    x, y = np.array([True, True, False, False]), np.array([True, False, True, False])
    assert_array_same(u(x, y), np.logical_and(x, np.logical_not(y)))


def test_int_overflow_wraps_like_numpy():
    info = np.iinfo(np.int64)
    x = np.array([info.max, info.min, 5], dtype=np.int64)
    with np.errstate(over="ignore"):
        want = np.add(x, x)
    assert_array_same(add()(x, x), want)


# -- exceptions raised in kernels -------------------------------------------------------------

@pytest.mark.numjit_only
def test_zero_division_propagates():
    a, b = np.arange(10, dtype=np.int64), np.ones(10, dtype=np.int64)
    assert_array_same(floordiv_raising()(a, b + 1), np.floor_divide(a, b + 1))
    b[7] = 0
    with pytest.raises(ZeroDivisionError):
        floordiv_raising()(a, b)
    with pytest.raises(ZeroDivisionError):
        floordiv_raising().reduce(np.array([100, 3, 0, 2], dtype=np.int64))
    with pytest.raises(ZeroDivisionError):
        floordiv_raising().accumulate(np.array([100, 0, 2], dtype=np.int64))
    with pytest.raises(ZeroDivisionError):
        floordiv_raising().at(np.arange(5), [1, 2], 0)
    # the ufunc still works afterwards
    assert_array_same(floordiv_raising().reduce(np.array([100, 3, 2], dtype=np.int64)),
                      np.floor_divide.reduce(np.array([100, 3, 2], dtype=np.int64)))


@pytest.mark.numjit_only
def test_zero_division_message_is_pythons():
    with pytest.raises(ZeroDivisionError) as info:
        floordiv_raising()(np.array([1]), np.array([0]))
    with pytest.raises(ZeroDivisionError) as python:
        1 // 0
    assert str(info.value) == str(python.value)


# -- lazy (dynamic) ufuncs -------------------------------------------------------------------

@pytest.mark.numjit_only
def test_lazy_vectorize_compiles_per_dtype():
    u = vectorize(K.add)
    assert list(u.types) == []
    a = np.arange(5, dtype=np.int64)
    assert_array_same(u(a, a), np.add(a, a))
    assert list(u.types) == ["ll->l"]
    f = np.linspace(0, 1, 5, dtype=np.float32)
    assert_array_same(u(f, 2.0), np.add(f, 2.0))   # a weak Python scalar: the float32 loop
    assert list(u.types) == ["ll->l", "ff->f"]
    u(a + 1, a)                                    # a known dtype combination compiles nothing
    u(f, f)
    assert list(u.types) == ["ll->l", "ff->f"]
    d = f.astype(np.float64)
    assert_array_same(u(a, d), np.add(a, d))
    assert list(u.types)[-1] == "ld->d"
    assert u(np.int32(3), np.int32(4)) == np.add(np.int32(3), np.int32(4))
    assert list(u.types)[-1].startswith("ii->")   # numba's typing: int32 + int32 -> int64
    assert isinstance(u.ufunc, np.ufunc) and u.ufunc.types == list(u.types)
    # a loop compiled later is used for its dtypes, though an earlier one would also take them
    w = vectorize(K.add)
    w(d, d)
    i32 = np.arange(5, dtype=np.int32)
    assert w(i32, i32).dtype.kind == "i" and list(w.types)[-1].startswith("ii->")
    assert_array_same(w(i32, i32), np.add(i32, i32).astype(w(i32, i32).dtype))
    # lists are typed from their contents on every call
    assert_array_same(w([1, 2], [3, 4]), np.add([1, 2], [3, 4]))
    assert_array_same(w([1.5], [2.25]), np.add([1.5], [2.25]))
    # the numba typing rules give the result type of each new loop: float32 * int -> float64
    v = vectorize(K.mul_add)
    assert_array_same(v(f, f), (f * f + 1).astype(v(f, f).dtype))


@pytest.mark.numjit_only
def test_lazy_vectorize_methods():
    u = vectorize(K.add)
    x = np.arange(12.0).reshape(3, 4)
    assert_array_same(u.reduce(x, axis=1), np.add.reduce(x, axis=1))
    assert_array_same(u.accumulate(x, axis=0), np.add.accumulate(x, axis=0))
    assert_array_same(u.reduceat(x[0], [0, 2]), np.add.reduceat(x[0], [0, 2]))
    assert_array_same(u.outer(np.arange(3), np.arange(2)), np.add.outer(np.arange(3), np.arange(2)))
    got, want = np.zeros(4), np.zeros(4)
    u.at(got, [0, 0, 3], 2.0)
    np.add.at(want, [0, 0, 3], 2.0)
    assert_array_same(got, want)
    got, want = np.zeros(3), np.zeros(3)
    u(np.arange(3.0), 1.0, out=got, where=np.array([True, False, True]))
    np.add(np.arange(3.0), 1.0, out=want, where=np.array([True, False, True]))
    assert_array_same(got, want)


@pytest.mark.numjit_only
def test_lazy_vectorize_reports_typing_errors():
    u = vectorize(K.sign_sqrt)
    with pytest.raises(TypingError):
        u(np.array([1 + 2j]))                      # math.sqrt of a complex
    with pytest.raises(TypeError):
        u(np.array(["a"]))
    assert list(u.types) == []
    assert_array_same(u(np.array([4.0, -9.0])), numpy_sign_sqrt(np.array([4.0, -9.0])))


# -- target="parallel" -----------------------------------------------------------------------

PARALLEL_SIZES = [100, PARALLEL_THRESHOLD - 1, PARALLEL_THRESHOLD, PARALLEL_THRESHOLD * 8 + 13, STREAM_ELEMENTS]


@pytest.mark.parametrize("n", PARALLEL_SIZES)
def test_parallel_matches_cpu(n):
    x = np.random.default_rng(n).standard_normal(2 * n)
    x[::97] = np.nan
    for view in (x[:n], x[::2], x[::-2], x.astype(np.float32)[:n]):
        want = np.clip(view, -0.5, 0.5)
        assert_array_same(no_warnings(clip_parallel(), view, -0.5, 0.5), want)   # NaNs: no warning
        assert_array_same(no_warnings(clip(), view, -0.5, 0.5), want)
    lo = np.linspace(-1, 0, n)        # three arrays, scalar broadcast of the last
    assert_array_same(clip_parallel()(x[:n], lo, 0.25), np.clip(x[:n], lo, 0.25))


def test_parallel_out_in_place_and_overlapping():
    n = PARALLEL_THRESHOLD * 4
    x = np.random.default_rng(1).standard_normal(n + 1)
    for src, dst in ((slice(None), slice(None)), (slice(1, None), slice(None, -1)),
                     (slice(None, -1), slice(1, None))):
        got, want = x.copy(), x.copy()
        clip_parallel()(got[src], -0.5, 0.5, out=got[dst])
        np.clip(want[src], -0.5, 0.5, out=want[dst])
        assert_array_same(got, want)
    m = x[:n].reshape(512, -1)
    out, want = np.empty_like(m.T), np.empty_like(m.T)   # F-ordered output of a C input
    clip_parallel()(m.T, -1.0, 1.0, out=out)
    np.clip(m.T, -1.0, 1.0, out=want)
    assert_array_same(out, want)


@pytest.mark.parametrize("offset", [0, 1, 3, 8])
def test_parallel_streamed_outputs(offset):
    """Large outputs stream through a buffer: aligned or not (a byte offset), in place, given."""
    n = STREAM_ELEMENTS
    x = np.random.default_rng(offset).standard_normal(n).astype(np.float32)
    raw = np.empty(n * 4 + 8, np.uint8)
    out = raw[offset:offset + n * 4].view(np.float32)          # misaligned for offset 1, 3
    clip_parallel()(x, np.float32(-0.5), np.float32(0.5), out=out)
    assert_array_same(out, np.clip(x, np.float32(-0.5), np.float32(0.5)))
    inplace = x.copy()
    clip_parallel()(inplace, np.float32(-0.5), np.float32(0.5), out=inplace)
    assert_array_same(inplace, np.clip(x, np.float32(-0.5), np.float32(0.5)))
    twice = np.concatenate([x, x[:offset]])
    assert_array_same(clip_parallel()(twice, -1.0, 1.0), np.clip(twice, -1.0, 1.0))


def test_parallel_reduce_and_accumulate():
    x = np.arange(PARALLEL_THRESHOLD * 2, dtype=np.int64) % 7 + 1
    u = vectorize(["int64(int64, int64)"], target="parallel", identity=0)(K.add)
    assert_array_same(u.reduce(x), np.add.reduce(x))
    assert_array_same(u.accumulate(x), np.add.accumulate(x))
    m = x.reshape(64, -1)
    assert_array_same(u.reduce(m, axis=0), np.add.reduce(m, axis=0))


@pytest.mark.numjit_only
@pytest.mark.parametrize("n", [PARALLEL_THRESHOLD * 4, STREAM_ELEMENTS])
def test_parallel_exceptions_propagate(n):
    a, b = np.arange(n, dtype=np.int64), np.ones(n, dtype=np.int64)
    assert_array_same(floordiv_parallel_raising()(a, b), np.floor_divide(a, b))
    for bad in (0, n // 2, n - 1):
        b[:] = 1
        b[bad] = 0
        with pytest.raises(ZeroDivisionError):
            floordiv_parallel_raising()(a, b)
    b[:] = 1
    assert_array_same(floordiv_parallel_raising()(a, b), a)


# -- errors at decoration --------------------------------------------------------------------

@pytest.mark.numjit_only
@pytest.mark.parametrize("bad", ["float64(float64", "flaot64(float64)", "float64(float64))",
                                 "float64 -> float64", ""])
def test_malformed_signature_rejected_at_decoration(bad):
    with pytest.raises((TypeError, ValueError, SyntaxError)) as info:
        vectorize([bad])
    if not IS_NUMBA:
        assert repr(bad) in str(info.value) or bad in str(info.value)


@pytest.mark.numjit_only
def test_typing_error_names_the_signature_and_the_line():
    def kernel(x, y):
        z = x + 1
        return z.nonexistent + y          # the offending line

    with pytest.raises(TypingError) as info:
        vectorize(["float64(float64, float64)", "int32(int32, int32)"])(kernel)
    text = str(info.value)
    assert "float64(float64, float64)" in text
    assert "return z.nonexistent + y" in text
    assert __file__ in text or os.path.basename(__file__) in text


@pytest.mark.numjit_only
def test_second_signature_failing_is_named():
    def kernel(x):
        return x + math.floor(x)          # complex has no floor

    with pytest.raises(TypingError) as info:
        vectorize(["float64(float64)", "complex128(complex128)"])(kernel)
    assert "complex128(complex128)" in str(info.value)
    assert "math.floor(x)" in str(info.value)


@pytest.mark.numjit_only
def test_unsupported_call_is_a_compile_time_error():
    def kernel(x):
        return x + len(os.getcwd())

    with pytest.raises((TypingError, UnsupportedError)) as info:
        vectorize(["float64(float64)"])(kernel)
    assert "os.getcwd()" in str(info.value)


@pytest.mark.numjit_only
def test_kernel_returning_nothing_is_a_typing_error():
    def kernel(x):
        y = x + 1

    with pytest.raises(TypingError) as info:
        vectorize(["float64(float64)"])(kernel)
    assert "float64(float64)" in str(info.value)


@pytest.mark.numjit_only
def test_targets():
    assert vectorize(["float64(float64)"], target="cuda")(K.negate).nin == 1   # tests/cuda/test_cuda_ufunc.py
    with pytest.raises(ValueError, match="target"):
        vectorize(["float64(float64)"], target="gpu")(K.negate)


# -- pickling and NUMJIT_DISABLE_JIT -----------------------------------------------------------

@pytest.mark.numjit_only
@pytest.mark.slow
def test_pickle_round_trip_in_a_fresh_process():
    K.pickle_lazy(np.arange(3.0), 2.0)          # a loop compiled before pickling
    payload = pickle.dumps([K.pickle_add, K.pickle_lazy])
    code = f"""
import pickle, numpy as np
add, lazy = pickle.loads({payload!r})
x = np.linspace(-1, 1, 7)
print(repr((isinstance(add, np.ufunc), add(x, 2.0).tolist(), add(np.arange(3), 4).tolist(),
            lazy(x, 3.0).tolist(), add.types)))
"""
    out = run_python(code)
    assert out.returncode == 0, out.stderr
    is_ufunc, added, int_added, lazy, types = eval(out.stdout.strip().splitlines()[-1])
    x = np.linspace(-1, 1, 7)
    assert is_ufunc
    assert added == np.add(x, 2.0).tolist()
    assert int_added == np.add(np.arange(3), 4).tolist()
    assert lazy == (x * 3.0 + 1).tolist()
    assert types == K.pickle_add.types
    # in this process: the decorated module-level object itself, or one rebuilt from the function
    assert pickle.loads(pickle.dumps(K.decorated_negate)) is K.decorated_negate
    again = pickle.loads(pickle.dumps(K.pickle_add))
    assert again.types == K.pickle_add.types
    assert_array_same(again(x, 2.0), np.add(x, 2.0))
    assert pickle.loads(pickle.dumps(np.add)) is np.add     # NumPy's own ufuncs are unaffected


@pytest.mark.numjit_only
def test_local_ufuncs_do_not_pickle():
    def local(x):
        return x

    with pytest.raises(pickle.PicklingError, match="module level"):
        pickle.dumps(vectorize(["float64(float64)"])(local))


@pytest.mark.slow
@pytest.mark.numjit_only
def test_disable_jit_returns_np_vectorize():
    code = """
import numpy as np, numjit, ufunc_kernels as K
u = numjit.vectorize(["float64(float64, float64, float64)"])(K.clip)
lazy = numjit.vectorize(K.clip)
x = np.linspace(-2, 2, 9)
print(repr((type(u).__name__, type(lazy).__name__, u(x, -1.0, 1.0).tolist(), lazy(x, 0.0, 1.0).tolist())))
"""
    out = run_python(code, {ENV_DISABLE_JIT: "1"})
    assert out.returncode == 0, out.stderr
    kind, lazy_kind, clipped, lazy_clipped = eval(out.stdout.strip().splitlines()[-1])
    x = np.linspace(-2, 2, 9)
    assert kind == lazy_kind == "vectorize"
    assert clipped == np.clip(x, -1.0, 1.0).tolist()
    assert lazy_clipped == np.clip(x, 0.0, 1.0).tolist()


ACTIVE_UFUNC = None          # set by the test below before compiling its callers (globals freeze)


def calls_ufunc_on_scalars(a):
    s = 0.0
    for v in a:
        s += ACTIVE_UFUNC(v, 2.0 * v)
    return s


def calls_ufunc_on_arrays(a, b):
    return ACTIVE_UFUNC(a, b) * 2 + ACTIVE_UFUNC(a[::-1], 1.5)


def calls_ufunc_on_tuples(a):
    return ACTIVE_UFUNC((1, 2), a)


@pytest.mark.parametrize("lazy", [False, True])
@pytest.mark.parametrize("layout", ["C", "strided", "F"])
def test_numjit_ufunc_called_in_compiled_code(lazy, layout, monkeypatch):
    u = vectorize(K.add) if lazy else vectorize(["float64(float64, float64)", "int64(int64, int64)"])(K.add)
    monkeypatch.setattr(sys.modules[__name__], "ACTIVE_UFUNC", u)
    a = np.linspace(-1, 4, 9)
    assert njit(calls_ufunc_on_scalars)(a) == calls_ufunc_on_scalars(a)
    m = make_array((4, 5), np.float64, layout)
    assert_array_same(njit(calls_ufunc_on_arrays)(m, m.T.copy().T), calls_ufunc_on_arrays(m, m.T.copy().T))
    i = np.arange(6)
    assert_array_same(njit(calls_ufunc_on_arrays)(i, i), calls_ufunc_on_arrays(i, i))
    if not IS_NUMBA:
        with pytest.raises(COMPILE_ERRORS):
            njit(calls_ufunc_on_tuples)(a)
