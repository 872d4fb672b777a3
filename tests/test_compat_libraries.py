"""Patterns met in third-party libraries written for numba (benchmarks/compat.py runs their own
test suites), each reduced to a small differential test against plain Python/NumPy.
"""
import importlib
import importlib.util
import sys
import warnings

import numpy as np
import pytest

from impl import impl_module, TypingError

prange = impl_module.prange
guvectorize = impl_module.guvectorize


def _scaled_sum(x, scale, out):
    # resampy's kernel: a Python float operand beside a complex array is an index step here
    step = int(scale * 2)
    acc = x[0] * 0
    for i in range(0, x.shape[0], step):
        acc += x[i] * scale
    out[0] = acc


def test_lazy_guvectorize_keeps_a_python_float_beside_complex_arrays():
    g = guvectorize("(n),()->(n)")(_scaled_sum)
    rng = np.random.default_rng(0)
    for dtype in (np.complex64, np.complex128):
        x = (rng.standard_normal((3, 7)) + 1j * rng.standard_normal((3, 7))).astype(dtype)
        want = np.zeros_like(x)
        for row, w in zip(x, want):
            _scaled_sum(row, 1.5, w)
        got = np.zeros_like(x)
        g(x, 1.5, got)                      # the output given, as resampy does
        np.testing.assert_allclose(got[:, 0], want[:, 0], rtol=1e-5)


def test_dispatcher_identity_pinned_and_serialize():
    # numpy-groupies pins each dispatcher's uuid and pickles closures with numba.core.serialize
    serialize = importlib.import_module(f"{impl_module.__name__}.core.serialize")
    assert serialize.loads(serialize.dumps((1, "a", np.float32(2.5)))) == (1, "a", np.float32(2.5))
    drawn = impl_module.njit(lambda x: x + 1)
    pinned = impl_module.njit(lambda x: x * 2)
    first = str(drawn._uuid)
    assert first == str(drawn._uuid) and len(first) == 36          # drawn once, uuid4 text
    pinned._set_uuid("0123456789abcdef")
    assert pinned._uuid == "0123456789abcdef" and pinned(3) == 6


def _wings(x, t_out, scale, y):
    # resampy's loop: temporaries set before a prange loop, then first assigned in each iteration
    n = 0
    eta = 0.0
    weight = 0.0
    for t in prange(t_out.shape[0]):
        n = int(t_out[t])
        eta = scale * (t_out[t] - n)
        for i in range(min(n + 1, 3)):
            weight = eta * (i + 1)
            y[t] += weight * x[n - i]
        if n > 2:
            eta = 1.0
        y[t] += eta


def test_prange_temporaries_assigned_before_the_loop_are_private():
    parallel = impl_module.njit(parallel=True)(_wings)
    x = np.arange(10.0) ** 2
    t_out = np.linspace(0.0, 8.5, 2000)
    want, got = np.zeros(t_out.size), np.zeros(t_out.size)
    _wings(x, t_out, 0.5, want)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                  # no fallback to the sequential loop
        parallel(x, t_out, 0.5, got)
    np.testing.assert_allclose(got, want, rtol=1e-12)


def _probvec(r, out):
    # quantecon's kernel: layout '(n), (k)' has no '->': both operands are inputs, updated in place
    n = r.shape[0]
    r.sort()
    out[0] = r[0]
    for i in range(1, n):
        out[i] = r[i] - r[i - 1]
    out[n] = 1 - r[n - 1]


def test_guvectorize_layout_without_outputs_updates_its_inputs():
    rng = np.random.default_rng(1)
    for target in ("cpu", "parallel"):
        g = guvectorize(["(f8[:], f8[:])"], "(n), (k)", nopython=True, target=target)(_probvec)
        assert (g.nin, g.nout) == (2, 0)
        r, x = rng.random((5, 3)), np.zeros((5, 4))
        want_r, want = r.copy(), np.zeros((5, 4))
        for a, b in zip(want_r, want):
            _probvec(a, b)
        g(r, x)
        np.testing.assert_array_equal(r, want_r)
        np.testing.assert_allclose(x, want, rtol=1e-15)


def test_array_fill_method():
    # pynndescent seeds its generator state with rng_state.fill(seed + 0xFFFF), eagerly compiled
    seed = impl_module.njit("void(i8[:], i8)")(lambda state, s: state.fill(s + 0xFFFF))

    @impl_module.njit
    def fill_all(a, b, c, v):
        a.fill(v)
        b.fill(v)
        c.fill(True)

    state = np.zeros(3, np.int64)
    seed(state, 7)
    np.testing.assert_array_equal(state, np.full(3, 7 + 0xFFFF))
    a, b, c = np.zeros((4, 6))[:, ::2], np.zeros(5, np.int32), np.zeros((2, 0))
    want = [x.copy() for x in (a, b, c)]
    want[0].fill(-2.5), want[1].fill(-2.5), want[2].fill(True)
    fill_all(a, b, c, -2.5)
    for got, expected in zip((a, b, c), want):
        np.testing.assert_array_equal(got, expected)


def test_eager_self_recursion_before_the_name_is_bound(tmp_path):
    # pynndescent's tree builders: @njit(signature) compiles at decoration, and the body calls the
    # function by its module-level name, which is bound only when the decorator returns
    path = tmp_path / "eager_recursion.py"
    path.write_text(f"from {impl_module.__name__} import njit\n\n"
                    "@njit('void(int64[::1], int64)')\n"
                    "def countdown(out, n):\n"
                    "    if n <= 0:\n"
                    "        return\n"
                    "    out[n - 1] = n * n\n"
                    "    countdown(out, n - 1)\n")
    spec = importlib.util.spec_from_file_location("eager_recursion", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["eager_recursion"] = module            # as an imported module is
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["eager_recursion"]
    got = np.zeros(6, np.int64)
    module.countdown(got, 6)
    np.testing.assert_array_equal(got, np.arange(1, 7) ** 2)


def test_object_dtype_argument_passed_along_unused():
    # numpy-groupies hands its drivers the output dtype, np.dtype(object) for its `array` function
    @impl_module.njit
    def driver(a, out_dtype):
        return a.sum() * 2

    a = np.arange(5.0)
    assert driver(a, np.dtype(object)) == a.sum() * 2
    assert driver(a, np.dtype(np.float32)) == a.sum() * 2


def test_integer_and_float_limits_in_compiled_code():
    # quantecon's comb_jit: INTP_MAX = np.iinfo(np.intp).max
    @impl_module.njit
    def limits(i, f):
        return (np.iinfo(np.intp).max, np.iinfo(i).min, np.iinfo(np.uint8).max,
                np.finfo(f).max, np.finfo(np.float64).eps)

    got = limits(np.int16(3), 2.0)
    assert got == (np.iinfo(np.intp).max, np.iinfo(np.int16).min, 255, np.finfo(np.float64).max,
                   np.finfo(np.float64).eps)


def test_lapack_helper_solve_through_array_ctypes():
    # quantecon's _numba_linalg_solve: numba.np.linalg._LAPACK().numba_xgesv(dtype) called with
    # a.ctypes pointers inside an overload's implementation
    linalg = importlib.import_module(f"{impl_module.__name__}.np.linalg")
    types = impl_module.types
    blas_kind = {types.float32: "s", types.float64: "d", types.complex64: "c", types.complex128: "z"}

    def solve(a, b):
        pass

    @importlib.import_module(f"{impl_module.__name__}.extending").overload(solve)
    def solve_ol(a, b):
        xgesv = linalg._LAPACK().numba_xgesv(a.dtype)
        kind = ord(blas_kind[a.dtype])

        def impl(a, b):
            n = a.shape[-1]
            nrhs = 1 if b.ndim == 1 else b.shape[-1]
            ipiv = np.empty(n, dtype=np.int32)
            return xgesv(kind, n, nrhs, a.ctypes, n, ipiv.ctypes, b.ctypes, n)
        return impl

    @impl_module.njit
    def run(a, b):
        return solve(a, b)

    rng = np.random.default_rng(2)
    for dtype in (np.float64, np.complex128, np.float32):
        a0 = (rng.standard_normal((4, 4)) + 4 * np.eye(4)).astype(dtype)
        b0 = rng.standard_normal((4, 2)).astype(dtype)
        a, b = np.asfortranarray(a0), np.asfortranarray(b0)
        assert run(a, b) == 0
        np.testing.assert_allclose(b, np.linalg.solve(a0, b0), rtol=1e-4 if dtype == np.float32 else 1e-10)


def _row_overlaps(ia, ib, extra, floats):
    # stumpy's top-k merge: set(IB[i]).intersection(set(IA[i])) over the rows of index arrays
    counts = []
    for i in range(ia.shape[0]):
        common = set(ib[i]).intersection(set(ia[i]))
        counts.append(len(common))
    s = set(extra)
    s.update(ia[0])
    return counts, sorted(s), sorted(set(extra[::2]) | set(ib[:, 0])), sorted(set(floats))


def test_set_of_a_1d_array():
    rng = np.random.default_rng(3)
    overlaps = impl_module.njit(_row_overlaps)
    # one compilation: rows of an F-order array and of a strided view, C vectors of ints and floats
    for extra, floats in ((np.array([9, 1, 9, 4]), np.array([0.5, -np.inf, 2.0, np.inf, 0.5])),
                          (np.array([], dtype=np.int64), np.array([]))):
        a = np.asfortranarray(rng.integers(0, 6, (4, 5)))
        b = rng.integers(0, 6, (4, 9))[:, ::2]
        got = overlaps(a, b, extra, floats)
        assert got == _row_overlaps(a, b, extra, floats)
        assert all(type(x) is float for x in got[3])
    intersect = impl_module.njit(lambda s, a: s.intersection(a))     # as numba: binary methods take sets
    with pytest.raises(TypingError, match="intersection"):
        intersect({1, 2}, np.arange(3))


def _with_kwds(args):
    @impl_module.njit
    def distance(x, y, *kwds):
        return np.sqrt((((x - y) / kwds[0]) ** 2).sum()) * kwds[1]

    @impl_module.njit
    def search(x, y):
        return distance(x, y, *args), args[0][-1]
    return search


def test_closure_tuple_holding_an_array_passed_as_star_args():
    # pynndescent's metric_kwds: a closure tuple (sigma array, scale) spread into a distance call
    rng = np.random.default_rng(4)
    x, y = rng.standard_normal(5), rng.standard_normal(5)
    for sigma in (rng.uniform(0.5, 2.0, 5), np.arange(1.0, 11.0)[::2]):
        got = _with_kwds((sigma, 3))(x, y)
        want = (np.sqrt((((x - y) / sigma) ** 2).sum()) * 3, sigma[-1])
        np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.numjit_only
def test_numba_errors_module_holds_numbas_error_names():
    # stumpy's tests: `from numba.errors import NumbaPerformanceWarning` (numba.core.errors' old home)
    from numjit.run import NumbaAliasFinder
    spec = NumbaAliasFinder().find_spec("numba.errors")
    errors = spec.loader.create_module(spec)
    assert errors is importlib.import_module("numjit.core.errors")
    assert issubclass(errors.NumbaPerformanceWarning, Warning) and errors.TypingError


def _membership(a, b, x):
    # stumpy's prescrump: `nn_i not in I[thread_idx, i]` over a row of an index array
    return x in a, x not in b, 2.5 in b


def test_in_and_not_in_an_array():
    member = impl_module.njit(_membership)
    a = np.arange(12).reshape(3, 4).T[:, ::-1]                 # F-order strided view, ints
    for b in (np.array([0.5, 2.5, np.nan, -np.inf]), np.array([7.0, np.nan, 1.0])[::2], np.array([])):
        for x in (3, -1, 11, 0):
            want = (bool((a == x).any()), not (b == x).any(), bool((b == 2.5).any()))
            assert member(a, b, x) == want
    with_nan = impl_module.njit(lambda a, x: x in a)
    assert with_nan(np.array([np.nan, 1.0]), np.nan) is False                # NaN equals nothing


def _merge_ρ(ρA, ρB):
    # stumpy's _merge_topk_ρI: a Python identifier outside ASCII names the compiled entry point
    return np.maximum(ρA, ρB).sum()


def test_function_named_outside_ascii():
    merge = impl_module.njit(_merge_ρ)
    double_λ = impl_module.vectorize(["float64(float64)"])(lambda x: 2 * x)
    a, b = np.array([1.0, np.nan, -np.inf]), np.array([[0.5, 2.0, 3.0]]).T[::-1, 0]
    np.testing.assert_equal(merge(a, b), _merge_ρ(a, b))
    np.testing.assert_equal(double_λ(b), 2 * b)


def _add_sub(x, y):
    z = x + y
    return z - y


def test_targetoptions_fastmath_changed_then_recompiled():
    # stumpy's fastmath._set: f.targetoptions["fastmath"] = flags; then f.recompile()
    add_sub = impl_module.njit(fastmath={"reassoc", "nsz"})(_add_sub)
    assert add_sub.targetoptions["fastmath"] == {"reassoc", "nsz"}
    assert add_sub(0.0, np.inf) == 0.0                # (0 + inf) - inf reassociated to 0
    add_sub.targetoptions["fastmath"] = False
    assert add_sub(0.0, np.inf) == 0.0                # compiled code kept until recompile()
    add_sub.recompile()
    assert np.isnan(add_sub(0.0, np.inf)) and np.isnan(_add_sub(0.0, np.inf))
    assert add_sub.targetoptions["fastmath"] is False


def _put_pairs(x, y, z):
    # pyts' ROCKET: X_new[i, 2 * j:2 * j + 2] = kernel(...) where the kernel returns a tuple
    for i in range(x.shape[0]):
        for j in range(x.shape[1] // 2):
            x[i, 2 * j:2 * j + 2] = (i * 1.5, j)
    y[::2] = (True, 3)
    z[:, 1] = (1 + 2j, -np.inf)
    return x, y, z


def test_slice_assigned_a_tuple_of_numbers():
    put = impl_module.njit(_put_pairs)
    args = (np.zeros((3, 4)), np.zeros(4, np.int32), np.zeros((2, 2), np.complex128))
    got = put(*[a.copy() for a in args])
    for g, w in zip(got, _put_pairs(*[a.copy() for a in args])):
        np.testing.assert_array_equal(g, w)
    with pytest.raises(ValueError):
        put(np.zeros((2, 4)), np.zeros(5, np.int32), args[2])     # 3 slots for 2 values, as NumPy


def test_typed_containers_subscripted_in_annotations():
    # pyts annotates jitted functions with numba.typed.List[npt.NDArray[np.float64]]
    typed = importlib.import_module(f"{impl_module.__name__}.typed")

    @impl_module.njit
    def evens(n: int) -> typed.List[np.int64]:
        out = typed.List()
        for i in range(0, n, 2):
            out.append(i)
        return out

    assert list(evens(7)) == list(range(0, 7, 2)) and list(evens(0)) == []
    assert typed.Dict[int, float] is not None and typed.List[np.float64] is not None
