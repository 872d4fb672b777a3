"""guvectorize: compiled generalized ufuncs compared with NumPy on the same inputs.

References are NumPy expressions with the gufunc's meaning (``x + c[..., None]``,
``A @ v``, ``x.sum(-1)``); inputs hold integer-valued floats where a sum is
involved, so every summation order gives the exact same result.
"""
import functools
import pickle

import numpy as np
import pytest

import ufunc_kernels as K
from helpers import LAYOUTS, assert_array_same, make_array, run_python_code
from impl import ENV_DISABLE_JIT, IS_NUMBA, TypingError, impl_module

guvectorize = impl_module.guvectorize
PARALLEL_THRESHOLD = 1 << 17   # numjit.ufunc.loops.DEFAULT_PARALLEL_THRESHOLD

SHIFT = (["void(float64[:], float64, float64[:])", "void(float32[:], float32, float32[:])",
          "void(int64[:], int64, int64[:])"], "(n),()->(n)")
MATVEC = (["void(float64[:,:], float64[:], float64[:])"], "(m,n),(n)->(m)")
TOTAL = (["void(float64[:], float64[:])", "void(int64[:], int64[:])"], "(n)->()")
QUOTIENTS = (["void(int64[:], int64, int64[:])"], "(n),()->(n)")


def compiled(make):
    return functools.cache(make)


@compiled
def shift():
    return guvectorize(*SHIFT)(K.shift)


@compiled
def matvec():
    return guvectorize(*MATVEC)(K.matvec)


@compiled
def matvec_parallel():
    return guvectorize(*MATVEC, target="parallel")(K.matvec)


@compiled
def total():
    return guvectorize(*TOTAL)(K.total)


@compiled
def total_parallel():
    return guvectorize(*TOTAL, target="parallel")(K.total)


@compiled
def quotients():
    return guvectorize(*QUOTIENTS, error_model="python")(K.int_quotients)


@compiled
def quotients_parallel():
    return guvectorize(*QUOTIENTS, target="parallel", error_model="python")(K.int_quotients)


def integer_valued(shape, layout="C", seed=0):
    """Float64 values that are small integers: sums are exact in any order."""
    a = make_array(shape, np.float64, layout, seed)
    np.round(a, out=a)                                         # in place: keeps the layout
    return a


run_python = run_python_code


# -- (n),()->(n) -------------------------------------------------------------------------

@pytest.mark.numjit_only
def test_is_a_gufunc():
    g = shift()
    assert isinstance(g, np.ufunc)
    assert (g.nin, g.nout, g.signature) == (2, 1, "(n),()->(n)")
    assert g.types == ["dd->d", "ff->f", "ll->l"]


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64], ids=lambda t: np.dtype(t).name)
def test_shift_allocates_its_output(dtype):
    x = np.arange(12).reshape(3, 4).astype(dtype)
    c = dtype(5)
    got = shift()(x, c)
    assert_array_same(got, x + c)


def test_shift_broadcasts_loop_dimensions():
    x = np.arange(10.0).reshape(2, 1, 5)
    c = np.array([0.5, -1.0, 100.0])
    assert_array_same(shift()(x, c), x + c[:, None])           # (2,1,5) and (3,) -> (2,3,5)
    assert_array_same(shift()(x[0, 0], c), x[0, 0] + c[:, None])
    assert_array_same(shift()(x, 2.0), x + 2.0)                # scalar core operand
    with pytest.raises(ValueError):
        shift()(np.ones((2, 5)), np.ones(3))                   # loop dims 2 and 3 do not broadcast


def test_shift_writes_given_outputs():
    x = np.arange(8.0).reshape(2, 4)
    out = np.full((2, 4), np.nan)
    assert shift()(x, 1.0, out) is out
    assert_array_same(out, x + 1.0)
    out2 = np.zeros((2, 4))
    assert shift()(x, 3.0, out=out2) is out2
    assert_array_same(out2, x + 3.0)
    big = np.zeros((4, 8))
    shift()(x, -1.0, out=big[::2, ::2])                      # a strided output view
    want = np.zeros((4, 8))
    want[::2, ::2] = x - 1.0
    assert_array_same(big, want)
    y = x.copy()
    shift()(y, 10.0, out=y)                                   # in place
    assert_array_same(y, x + 10.0)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_shift_layouts(layout):
    x = make_array((3, 5), np.float64, layout)
    assert_array_same(shift()(x, 0.25), x + 0.25)


# -- (m,n),(n)->(m) ----------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
def test_matvec_layouts(layout):
    a = integer_valued((3, 4), layout)
    v = integer_valued((4,), "negstride" if layout == "C" else "C", seed=5)
    assert_array_same(matvec()(a, v), a @ v)


def test_matvec_broadcasting_and_outputs():
    a = integer_valued((2, 3, 4, 5))
    v = integer_valued((5,), seed=1)
    assert_array_same(matvec()(a, v), a @ v)                  # stacked matrices, one vector
    vs = integer_valued((6, 1, 1, 5), seed=2)
    want = (a @ vs[..., None])[..., 0]                        # matmul's own broadcasting
    assert want.shape == (6, 2, 3, 4)
    assert_array_same(matvec()(a, vs), want)                  # loop dims (2,3) x (6,1,1)
    out = np.empty((2, 3, 4))
    assert matvec()(a, v, out=out) is out
    assert_array_same(out, a @ v)
    with pytest.raises(ValueError):
        matvec()(a, np.ones(4))                               # core dim n: 5 vs 4


def test_matvec_empty_dimensions():
    assert_array_same(matvec()(np.ones((0, 3, 4)), np.ones(4)), np.ones((0, 3, 4)) @ np.ones(4))
    assert_array_same(matvec()(np.ones((3, 0)), np.ones(0)), np.ones((3, 0)) @ np.ones(0))
    assert_array_same(matvec()(np.ones((2, 0, 4)), np.ones(4)), np.ones((2, 0, 4)) @ np.ones(4))


# -- (n)->() ------------------------------------------------------------------------------

def test_total_against_sum():
    x = integer_valued((3, 4, 5))
    assert_array_same(total()(x), x.sum(axis=-1))
    assert_array_same(total()(x[..., ::-2]), x[..., ::-2].sum(axis=-1))
    i = np.arange(24).reshape(4, 6)
    assert_array_same(total()(i), i.sum(axis=-1))
    out = np.empty((3, 4))
    assert total()(x, out=out) is out
    assert_array_same(out, x.sum(axis=-1))
    assert_array_same(total()(x, axis=0), x.sum(axis=0))    # the core dimension moved by axis=
    assert_array_same(total()(x, axes=[(1,), ()]), x.sum(axis=1))


def test_total_empty():
    assert_array_same(total()(np.empty((3, 0))), np.empty((3, 0)).sum(axis=-1))
    assert_array_same(total()(np.empty((0, 4))), np.empty((0, 4)).sum(axis=-1))
    assert_array_same(total()(np.empty(0)), np.array(np.empty(0).sum()))


# -- target="parallel" ---------------------------------------------------------------------

@pytest.mark.parametrize("rows", [10, PARALLEL_THRESHOLD // 64, 4 * PARALLEL_THRESHOLD // 64 + 3])
def test_parallel_matches_cpu(rows):
    x = integer_valued((rows, 64), seed=rows)
    for view in (x, x[::-1], x[:, ::2], np.asfortranarray(x)):
        want = view.sum(axis=-1)
        assert_array_same(total_parallel()(view), want)
        assert_array_same(total()(view), want)
    a = integer_valued((rows, 8, 16), seed=1)
    v = integer_valued((16,), seed=2)
    assert_array_same(matvec_parallel()(a, v), a @ v)
    out = np.empty((rows, 8))
    matvec_parallel()(a, v, out=out)
    assert_array_same(out, a @ v)


def test_parallel_with_a_broadcast_output_dimension():
    """A loop dimension that only inputs have: NumPy gives the output step 0 along it."""
    a = integer_valued((4 * PARALLEL_THRESHOLD // 64, 64), seed=3)
    got = total_parallel()(a[:, None, :] * np.ones((1, 2, 1)))
    assert_array_same(got, (a[:, None, :] * np.ones((1, 2, 1))).sum(axis=-1))


# -- exceptions ----------------------------------------------------------------------------

@pytest.mark.numjit_only
@pytest.mark.parametrize("parallel", [False, True], ids=["cpu", "parallel"])
def test_zero_division_propagates(parallel):
    g = quotients_parallel() if parallel else quotients()
    x = np.arange(4 * PARALLEL_THRESHOLD, dtype=np.int64).reshape(-1, 64)
    d = np.full(x.shape[0], 3, dtype=np.int64)
    assert_array_same(g(x, d), np.floor_divide(x, d[:, None]))
    for bad in (0, d.size // 2, d.size - 1):
        d[:] = 3
        d[bad] = 0
        with pytest.raises(ZeroDivisionError):
            g(x, d)
    assert_array_same(g(x, 7), np.floor_divide(x, 7))


# -- lazy guvectorize ----------------------------------------------------------------------

@pytest.mark.numjit_only
def test_lazy_guvectorize_compiles_per_dtype():
    g = guvectorize("(n),()->(n)")(K.shift)
    x = np.arange(5.0)
    assert_array_same(g(x, 2.0), x + 2.0)
    i32 = np.arange(5, dtype=np.int32)
    assert_array_same(g(i32, 2), i32 + 2)                       # a weak Python scalar: int32
    f32 = x.astype(np.float32)
    assert_array_same(g(f32, 0.5), f32 + 0.5)
    ufunc = g.ufunc
    g(x + 1, 3.0)                                               # known dtypes: nothing compiled
    assert g.ufunc is ufunc
    out = np.empty(5)
    assert g(i32, 2, out=out) is out                           # a given output picks its dtype
    assert_array_same(out, (i32 + 2).astype(np.float64))
    assert isinstance(g.ufunc, np.ufunc) and g.ufunc.signature == "(n),()->(n)"
    if not IS_NUMBA:
        assert g.types == ["dd->d", "ii->i", "ff->f", "ii->d"]


# -- errors ------------------------------------------------------------------------------

@pytest.mark.numjit_only
@pytest.mark.parametrize("layout", ["(n),()->", "(n)(m)->(n)", "n->n", "(n)->(n", "(n,)->()",
                                    "(n)->(n)->(n)"])
def test_malformed_layout_rejected(layout):
    with pytest.raises(ValueError) as info:
        guvectorize(["void(float64[:], float64[:])"], layout)
    if not IS_NUMBA:
        assert layout in str(info.value)


@pytest.mark.numjit_only
def test_signature_and_layout_disagree():
    with pytest.raises(TypeError, match="3 operands"):
        guvectorize(["void(float64[:], float64[:])"], "(n),()->(n)")


@pytest.mark.numjit_only
@pytest.mark.parametrize("signature, message", [
    ("void(float64[:], flot64[:])", "flot64"),                     # malformed
    ("void(float64[:], float64)", "output must be an array"),        # scalar output for ()
    ("void(float64[:,:], float64[:])", "type and shape signature mismatch for argument #1"),
    ("void(float64[:], float64[:,:])", "type and shape signature mismatch for argument #2"),
    ("void(float64, float64[:])", "scalar given for an operand with core dimensions"),
    ("float64(float64[:], float64[:])", "return nothing"),
])
def test_bad_signatures_rejected_by_guvectorize_itself(signature, message):
    with pytest.raises(TypeError, match=message):
        guvectorize([signature], "(n)->()")          # before any kernel is given


def scaled_total(x, c, out):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i]
    out[0] = s * c[0]


def test_scalar_core_operands_may_be_one_element_arrays():
    g = guvectorize(["void(float64[:], float64[:], float64[:])"], "(n),()->()")(scaled_total)
    x, c = np.arange(12.0).reshape(3, 4), np.array([1.0, 2.0, -0.5])
    assert_array_same(g(x, c), np.add.reduce(x, axis=1) * c)


def returns_the_sum(x, out):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i]
    out[0] = s
    return s


@pytest.mark.numjit_only
@pytest.mark.parametrize("lazy", [False, True], ids=["eager", "lazy"])
def test_kernel_returning_a_value_is_a_typing_error(lazy):
    with pytest.raises(TypingError) as info:
        if lazy:
            guvectorize("(n)->()")(returns_the_sum)(np.arange(3.0))
        else:
            guvectorize(["void(float64[:], float64[:])"], "(n)->()")(returns_the_sum)
    assert "guvectorize kernel returns nothing" in str(info.value)
    assert "return s" in str(info.value)                   # points at the return


@pytest.mark.numjit_only
def test_typing_error_names_the_signature():
    def kernel(x, out):
        out[0] = x.nonexistent

    with pytest.raises(TypingError) as info:
        guvectorize(["void(float64[:], float64[:])"], "(n)->()")(kernel)
    assert "float64[:]" in str(info.value) and "out[0] = x.nonexistent" in str(info.value)


@pytest.mark.numjit_only
def test_cuda_target_makes_a_gpu_gufunc():          # run in tests/cuda/test_cuda_ufunc.py
    gufunc = guvectorize(*SHIFT, target="cuda")(K.shift)
    assert (gufunc.nin, gufunc.nout, gufunc.layout) == (2, 1, "(n),()->(n)")


# -- pickling and NUMJIT_DISABLE_JIT -----------------------------------------------------

@pytest.mark.numjit_only
@pytest.mark.slow
def test_pickle_round_trip_in_a_fresh_process():
    K.pickle_lazy_shift(np.arange(3.0), 1.0)
    payload = pickle.dumps([K.pickle_shift, K.pickle_lazy_shift])
    code = f"""
import pickle, numpy as np
shift, lazy = pickle.loads({payload!r})
x = np.arange(6.0).reshape(2, 3)
print(repr((isinstance(shift, np.ufunc), shift.signature, shift(x, 1.5).tolist(),
            lazy(x, -2.0).tolist(), lazy(np.arange(3, dtype=np.int32), 1).tolist())))
"""
    out = run_python(code)
    assert out.returncode == 0, out.stderr
    is_ufunc, signature, shifted, lazy, lazy_int = eval(out.stdout.strip().splitlines()[-1])
    x = np.arange(6.0).reshape(2, 3)
    assert is_ufunc and signature == "(n),()->(n)"
    assert shifted == (x + 1.5).tolist()
    assert lazy == (x - 2.0).tolist()
    assert lazy_int == (np.arange(3, dtype=np.int32) + 1).tolist()


@pytest.mark.slow
@pytest.mark.numjit_only
def test_disable_jit_returns_np_vectorize():
    code = """
import numpy as np, numjit, ufunc_kernels as K
g = numjit.guvectorize(["void(float64[:,:], float64[:], float64[:])"], "(m,n),(n)->(m)")(K.matvec)
a = np.arange(12.0).reshape(3, 4)
print(repr((type(g).__name__, g(a, np.ones(4)).tolist())))
"""
    out = run_python(code, {ENV_DISABLE_JIT: "1"})
    assert out.returncode == 0, out.stderr
    kind, result = eval(out.stdout.strip().splitlines()[-1])
    assert kind == "vectorize"
    assert result == (np.arange(12.0).reshape(3, 4) @ np.ones(4)).tolist()


def test_signatures_as_a_tuple():
    sigs, layout = TOTAL
    g = guvectorize(tuple(sigs), layout)(K.total)
    x = np.arange(12.0).reshape(3, 4)
    assert_array_same(g(x), x.sum(axis=1))
    assert_array_same(g(x.astype(np.int64)), x.astype(np.int64).sum(axis=1))
