"""NumPy arrays as arguments, compiled vs. interpreted.

Every numeric dtype and bool, 1-D to 3-D, in every layout (C, Fortran,
strided `a[::2]`, negative strides `a[::-1]`, transposed): integer indexing
(negative indexes wrap), item assignment visible to the caller, `.shape`,
`.ndim`, `.size`, `.strides`, `.dtype`, `len`, iteration over the first
axis, loops compared with NumPy/Python, empty arrays, `boundscheck=True`,
and read-only arrays.
"""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from helpers import ARRAY_DTYPES, LAYOUTS, assert_same, make_array, python_kind, run_compiled, sequential_sum, type_id
from impl import ENV_BOUNDSCHECK, IMPL, COMPILE_ERRORS, TypingError, jit, njit

SHAPES = {1: (7,), 2: (3, 4), 3: (2, 3, 4)}
EMPTY_SHAPES = [(0,), (0, 3), (3, 0), (2, 0, 4)]


def root(a):
    """The array that owns `a`'s memory."""
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


def twins(shape, dtype, layout, seed=0):
    """Two identical, independent arrays: one for Python, one for compiled code."""
    return make_array(shape, dtype, layout, seed), make_array(shape, dtype, layout, seed)


# --------------------------------------------------------------------------
# reading: indexing, negative indexes, attributes, loops

def read1(a):
    s = 0
    for i in range(a.shape[0]):
        s += a[i]
    return s, a[0], a[-1], a[-len(a)], a[2], len(a), a.shape, a.ndim, a.size, a.strides


def read2(a):
    s = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j]
    return (s, a[0, 0], a[-1, -1], a[1, -2], a[-1][0], a[0][-1], len(a), a.shape, a.ndim,
            a.size, a.strides)


def read3(a):
    s = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                s += a[i, j, k]
    return (s, a[0, 0, 0], a[-1, -1, -1], a[1, -2, 3], a[-1][1][-1], len(a), a.shape, a.ndim,
            a.size, a.strides)


READ = {1: read1, 2: read2, 3: read3}
JIT_READ = {n: njit(f) for n, f in READ.items()}


def python_reference_read(a):
    """What read{1,2,3} return, computed with NumPy and Python numbers.

    The loop accumulates in Python arithmetic from an int 0 (numba's rules:
    int64 + float32 -> float64, in C index order), which is Python's sum of
    the elements converted to Python numbers.
    """
    total = sequential_sum(a.ravel(order="C").tolist())
    common = (len(a), a.shape, a.ndim, a.size, a.strides)
    if a.ndim == 1:
        picks = (a[0], a[-1], a[-len(a)], a[2])
    elif a.ndim == 2:
        picks = (a[0, 0], a[-1, -1], a[1, -2], a[-1][0], a[0][-1])
    else:
        picks = (a[0, 0, 0], a[-1, -1, -1], a[1, -2, 3], a[-1][1][-1])
    return (total,) + tuple(p.item() for p in picks) + common


# Every dtype in every layout for 1-D and 2-D (where C, F and strided all
# differ); 3-D for a representative subset, to keep compilations in check.
DTYPES_3D = [np.bool_, np.uint8, np.int32, np.float32, np.float64, np.complex128]
READ_CASES = [(d, n, lay) for n in (1, 2) for d in ARRAY_DTYPES for lay in LAYOUTS] + \
             [(d, 3, lay) for d in DTYPES_3D for lay in LAYOUTS]


@pytest.mark.parametrize("dtype,ndim,layout", READ_CASES,
                         ids=[f"{type_id(d)}-{n}d-{lay}" for d, n, lay in READ_CASES])
def test_read_index_attributes(dtype, ndim, layout):
    a = make_array(SHAPES[ndim], dtype, layout)
    before = a.copy()
    got = JIT_READ[ndim](a)
    want = python_reference_read(a)
    assert_same(got, want, msg=f"{np.dtype(dtype)} {ndim}-D {layout}")
    assert_same(got[1], want[1], kind=python_kind(dtype))
    np.testing.assert_array_equal(a, before)  # reading changed nothing


# --------------------------------------------------------------------------
# writing: item assignment is visible to the caller (and to the base array)

def write1(a, b):
    for i in range(a.shape[0]):
        a[i] = b[i]
    a[-1] = b[0]
    a[1] += b[-2]


def write2(a, b):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = b[i, j]
    a[-1, -1] = b[0, 0]
    a[0, -1] += b[-1, 0]


def write3(a, b):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                a[i, j, k] = b[i, j, k]
    a[-1, -1, -1] = b[0, 0, 0]
    a[0, -1, 1] += b[-1, 0, -2]


WRITE = {1: write1, 2: write2, 3: write3}
JIT_WRITE = {n: njit(f) for n, f in WRITE.items()}


@pytest.mark.parametrize("dtype,ndim,layout", READ_CASES,
                         ids=[f"{type_id(d)}-{n}d-{lay}" for d, n, lay in READ_CASES])
def test_write_visible_to_caller(dtype, ndim, layout):
    a_py, a_jit = twins(SHAPES[ndim], dtype, layout, seed=1)
    b = make_array(SHAPES[ndim], dtype, "C", seed=2)
    with np.errstate(all="ignore"):
        WRITE[ndim](a_py, b)
    JIT_WRITE[ndim](a_jit, b)
    np.testing.assert_array_equal(a_jit, a_py)
    np.testing.assert_array_equal(root(a_jit), root(a_py))  # nothing outside the view changed


def assign_scalar(a, i, v):
    a[i] = v


@pytest.mark.parametrize("dtype,value", [
    (np.int64, 2.75), (np.int32, -2.75), (np.uint8, 7.9), (np.float32, 0.1), (np.float64, 3),
    (np.complex128, 1.5), (np.complex64, 2), (np.bool_, 1), (np.bool_, 0), (np.int8, True),
    (np.float64, True),
])
def test_assignment_casts_value(dtype, value):
    """Storing a value of another type casts it as NumPy's item assignment does."""
    a_py = np.zeros(4, dtype)
    a_jit = np.zeros(4, dtype)
    assign_scalar(a_py, 2, value)
    njit(assign_scalar)(a_jit, 2, value)
    np.testing.assert_array_equal(a_jit, a_py)


def fill_pattern(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = i * 10 + j


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fill_pattern_2d(layout):
    a_py, a_jit = twins((4, 5), np.float64, layout)
    fill_pattern(a_py)
    njit(fill_pattern)(a_jit)
    np.testing.assert_array_equal(a_jit, a_py)
    np.testing.assert_array_equal(root(a_jit), root(a_py))


def swap_rows_elementwise(a, i, j):
    for k in range(a.shape[1]):
        a[i, k], a[j, k] = a[j, k], a[i, k]


def test_swap_elements_in_place():
    for layout in LAYOUTS:
        a_py, a_jit = twins((4, 3), np.int64, layout)
        swap_rows_elementwise(a_py, 0, -1)
        njit(swap_rows_elementwise)(a_jit, 0, -1)
        np.testing.assert_array_equal(a_jit, a_py)


# --------------------------------------------------------------------------
# iteration over the first axis

def iter_sum_2d(a):
    s = 0
    for row in a:
        for x in row:
            s += x
    return s


def iter_sum_3d(a):
    s = 0
    n = 0
    for plane in a:
        for row in plane:
            for x in row:
                s += x
                n += 1
    return s, n


def iter_rows_write(a):
    k = 0
    for row in a:
        for j in range(row.shape[0]):
            row[j] = k
            k += 1


ITER_CASES = [(d, lay) for d in [np.float64, np.float32, np.int32, np.uint16, np.complex128,
                                 np.bool_] for lay in LAYOUTS]


@pytest.mark.parametrize("dtype,layout", ITER_CASES,
                         ids=[f"{type_id(d)}-{lay}" for d, lay in ITER_CASES])
def test_iterate_first_axis(dtype, layout):
    a2 = make_array((3, 5), dtype, layout)
    assert_same(njit(iter_sum_2d)(a2), sequential_sum(a2.ravel().tolist()))
    a3 = make_array((2, 3, 4), dtype, layout)
    assert_same(njit(iter_sum_3d)(a3), (sequential_sum(a3.ravel().tolist()), a3.size))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_iterate_rows_are_views(layout):
    """Rows obtained by iteration are views: writing through them changes the array."""
    a_py, a_jit = twins((3, 4), np.int64, layout)
    iter_rows_write(a_py)
    njit(iter_rows_write)(a_jit)
    np.testing.assert_array_equal(a_jit, a_py)


# --------------------------------------------------------------------------
# sums and dot products compared with NumPy

def dot_loop(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


def row_sums(a, out):
    for i in range(a.shape[0]):
        s = 0.0
        for j in range(a.shape[1]):
            s += a[i, j]
        out[i] = s


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int16])
def test_loops_match_numpy(layout, dtype):
    a = make_array((50,), dtype, layout, seed=3)
    b = make_array((50,), dtype, layout, seed=4)
    # products in the array dtype (float32 * float32 is float32), sum in float64
    want = float(np.sum((a * b).astype(np.float64)))
    assert_same(njit(dot_loop)(a, b), want, rtol=1e-12)
    m = make_array((6, 9), dtype, layout, seed=5)
    out = np.zeros(6)
    njit(row_sums)(m, out)
    np.testing.assert_allclose(out, m.astype(np.float64).sum(axis=1), rtol=1e-12)


def total_3d(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                s += a[i, j, k]
    return s


@pytest.mark.parametrize("layout", LAYOUTS)
def test_sum_3d_matches_numpy(layout):
    a = make_array((5, 6, 7), np.float64, layout, seed=6)
    assert_same(njit(total_3d)(a), float(np.sum(a)), rtol=1e-12)


# --------------------------------------------------------------------------
# returning and passing arrays

def identity(a):
    return a


def first_row(a):
    return a[0]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_return_argument_array(layout):
    a = make_array((3, 4), np.float64, layout)
    r = njit(identity)(a)
    assert isinstance(r, np.ndarray)
    assert r.shape == a.shape and r.dtype == a.dtype and r.strides == a.strides
    assert np.shares_memory(r, a)
    np.testing.assert_array_equal(r, a)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_return_row_view(layout):
    a = make_array((3, 4), np.int32, layout)
    r = njit(first_row)(a)
    np.testing.assert_array_equal(r, a[0])
    assert np.shares_memory(r, a)
    r[1] = 99
    assert a[0, 1] == 99


# --------------------------------------------------------------------------
# dtype

def same_dtype(a, b):
    return a.dtype == b.dtype


def get_dtype(a):
    return a.dtype


def is_float64(a):
    return a.dtype == np.float64


def test_dtype_comparison_between_arrays():
    cfunc = njit(same_dtype)
    f64, f32, i64 = np.zeros(2), np.zeros(2, np.float32), np.zeros(2, np.int64)
    for a, b in [(f64, f64), (f64, f32), (i64, f64), (f32, f32.reshape(1, 2)), (i64, i64[::-1])]:
        assert cfunc(a, b) == same_dtype(a, b)


@pytest.mark.parametrize("dtype", ARRAY_DTYPES, ids=type_id)
def test_return_dtype(dtype):
    a = np.zeros(3, dtype)
    assert njit(get_dtype)(a) == a.dtype


@pytest.mark.numjit_only
def test_dtype_compared_with_numpy_type():
    # numba has no `a.dtype == np.float64` (TypingError: eq(dtype(float64), class(float64)))
    cfunc = njit(is_float64)
    for dtype in (np.float64, np.float32, np.int64):
        a = np.zeros(2, dtype)
        assert cfunc(a) == is_float64(a)


# --------------------------------------------------------------------------
# empty arrays

def empty_probe_1d(a):
    n = 0
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
        n += 1
    for x in a:
        n += 1
    return n, s, len(a), a.shape, a.size, a.ndim


def empty_probe_2d(a):
    n = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            n += 1
    for row in a:
        n += 100
    return n, len(a), a.shape, a.size, a.ndim


def empty_probe_3d(a):
    n = 0
    for plane in a:
        for row in plane:
            n += 1
    return n, len(a), a.shape, a.size, a.ndim


EMPTY_FUNCS = {1: empty_probe_1d, 2: empty_probe_2d, 3: empty_probe_3d}


@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=str)
@pytest.mark.parametrize("dtype", [np.float64, np.int32, np.bool_])
@pytest.mark.parametrize("layout", ["C", "F"])
def test_empty_arrays(shape, dtype, layout):
    a = np.zeros(shape, dtype, order=layout)
    fn = EMPTY_FUNCS[len(shape)]
    assert_same(njit(fn)(a), fn(a))


# --------------------------------------------------------------------------
# bounds checking

def get1(a, i):
    return a[i]


def get2(a, i, j):
    return a[i, j]


def set1(a, i, v):
    a[i] = v


checked_get1 = jit(nopython=True, boundscheck=True)(get1)
checked_get2 = jit(nopython=True, boundscheck=True)(get2)
checked_set1 = jit(nopython=True, boundscheck=True)(set1)


@pytest.mark.parametrize("layout", ["C", "strided", "negstride"])
def test_boundscheck_in_range(layout):
    a = make_array((6,), np.float64, layout)
    for i in range(-6, 6):
        assert checked_get1(a, i) == a[i]
    m = make_array((3, 4), np.int64, layout)
    for i, j in [(0, 0), (-1, -1), (2, 3), (-3, -4)]:
        assert checked_get2(m, i, j) == m[i, j]


@pytest.mark.parametrize("i", [6, 7, 100, -7, -100])
def test_boundscheck_raises_index_error_1d(i):
    a = np.arange(6.0)
    with pytest.raises(IndexError):
        a[i]
    with pytest.raises(IndexError):
        checked_get1(a, i)
    with pytest.raises(IndexError):
        checked_set1(a, i, 1.0)
    np.testing.assert_array_equal(a, np.arange(6.0))


@pytest.mark.parametrize("i,j", [(3, 0), (0, 4), (-4, 0), (0, -5), (10, 10)])
def test_boundscheck_raises_index_error_2d(i, j):
    m = np.arange(12).reshape(3, 4)
    with pytest.raises(IndexError):
        m[i, j]
    with pytest.raises(IndexError):
        checked_get2(m, i, j)
    with pytest.raises(IndexError):
        checked_get2(np.asfortranarray(m), i, j)


def test_boundscheck_empty_array():
    with pytest.raises(IndexError):
        checked_get1(np.zeros(0), 0)


@pytest.mark.slow
def test_boundscheck_environment_variable(tmp_path):
    """The environment variable turns bounds checking on for every function."""
    script = tmp_path / "bc.py"
    script.write_text(textwrap.dedent("""
        import numpy as np
        from impl import njit

        @njit
        def get(a, i):
            return a[i]

        try:
            get(np.arange(3.0), 5)
        except IndexError:
            print("IndexError")
        else:
            print("no error")
    """))
    tests_dir = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, NUMJIT_TEST_IMPL=IMPL, **{ENV_BOUNDSCHECK: "1"})
    env["PYTHONPATH"] = os.pathsep.join([tests_dir, os.path.dirname(tests_dir),
                                         env.get("PYTHONPATH", "")])
    out = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "IndexError"


# --------------------------------------------------------------------------
# read-only arrays

def write_first(a):
    a[0] = 1


def write_if(a, flag):
    if flag:
        a[0] = 1
    return a[-1]


def read_first(a):
    return a[0] * 2


def readonly(a):
    a.setflags(write=False)
    return a


@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_readonly_array_can_be_read(layout):
    a = readonly(make_array((4, 3), np.float64, layout))
    assert_same(njit(read_first)(a[:, 0]), read_first(a[:, 0]))
    assert_same(njit(read2)(a), python_reference_read(a))


def test_write_to_readonly_array_is_compile_error():
    a = readonly(np.zeros(4))
    with pytest.raises(ValueError):  # NumPy: "assignment destination is read-only"
        write_first(a)
    cfunc = njit(write_first)
    with pytest.raises(TypingError):
        cfunc(a)
    assert (a == 0).all()
    w = np.zeros(4)
    cfunc(w)  # the same function compiles for a writable array
    assert w[0] == 1


def test_write_to_readonly_array_on_untaken_branch_is_compile_error():
    """The check is about types, not about the path taken at run time."""
    a = readonly(np.arange(3.0))
    with pytest.raises(COMPILE_ERRORS):
        njit(write_if)(a, False)


def test_write_to_readonly_2d_view():
    a = readonly(np.zeros((3, 3)))
    with pytest.raises(COMPILE_ERRORS):
        njit(write2)(a, np.ones((3, 3)))
    assert (a == 0).all()


# --------------------------------------------------------------------------
# `...` standing for zero axes: x[..., k] on a 1-D x is an element

def ellipsis_reads(x, k):
    return x[..., k], x[..., -1], x[k, ...], x[..., 1:3][..., 0]


def ellipsis_reads_2d(a, i, j):
    return a[i, ..., j], a[..., i, j], a[i, j, ...], a[..., j][i]


def ellipsis_write(x, k, v):
    x[..., k] = v
    x[-1, ...] = v + 1
    return x


@pytest.mark.parametrize("layout", ["C", "strided", "negstride"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64, np.bool_], ids=type_id)
def test_ellipsis_expanding_to_zero_axes(dtype, layout):
    x = make_array((5,), dtype, layout)
    got, want = njit(ellipsis_reads)(x, 2), ellipsis_reads(x, 2)
    assert_same(tuple(map(_py, got)), tuple(map(_py, want)))
    a = make_array((3, 4), dtype, layout if layout != "strided" else "F")
    got, want = njit(ellipsis_reads_2d)(a, 1, -1), ellipsis_reads_2d(a, 1, -1)
    assert_same(tuple(map(_py, got)), tuple(map(_py, want)))
    want_x, got_x = twins((5,), dtype, layout)
    value = dtype(1).item()
    njit(ellipsis_write)(got_x, 1, value)
    np.testing.assert_array_equal(got_x, ellipsis_write(want_x, 1, value))


def _py(v):
    return v.item() if isinstance(v, np.generic) else v


def test_ellipsis_index_out_of_range_raises_index_error():
    with pytest.raises(IndexError):
        njit(ellipsis_reads, boundscheck=True)(np.zeros(3), 3)


def index_expression(a, i):
    return (a * 2 + 1)[i], (a - a[::-1])[1:-1].sum(), (np.sqrt(np.abs(a)) > 1)[i]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_indexing_an_array_expression(layout):
    a = make_array((7,), np.float64, layout)
    cfunc = njit(index_expression)
    for i in (0, 3, -1):
        got, want = cfunc(a, i), index_expression(a, i)
        assert got[0] == want[0] and got[2] == want[2]
        assert_same(got[1], want[1], rtol=1e-12)


def compare_with_int(a, k):
    return a >= k, a == k, a < k, k > a


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.uint32, np.int32, np.uint64, np.int64], ids=str)
def test_integer_arrays_compare_with_python_ints_by_value(dtype):
    a = np.array([0, 3, 7, 100], dtype)
    for k in (-2, -129, 0, 3, 255, 300):              # some outside the dtype's range
        got, want = run_compiled(compare_with_int, a, k), compare_with_int(a, k)
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)


def transcendental(a):
    return np.sqrt(a), np.exp(a), np.sin(a) * 2, np.arctan2(a, a)


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.bool_, np.int16], ids=str)
def test_small_int_arrays_in_float_functions_give_float32(dtype):
    """NumPy computes these in float16, which numjit lacks: float32 instead, as numba."""
    a = np.arange(5).astype(dtype)
    for got, want in zip(run_compiled(transcendental, a), transcendental(a)):
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, want.astype(np.float32), rtol=2e-3)
