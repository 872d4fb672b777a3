"""numba's module surface on numjit: the names library code imports, signature spellings, dtype
conversions, error classes, the thread functions (also inside compiled code) and the dispatcher's
introspection. Names are reached through `IMPL` so NUMJIT_TEST_IMPL=numba checks them on numba.
"""
import importlib
import io

import numpy as np
import pytest

from impl import IMPL, IS_NUMBA, njit, jit, types, TypingError, NumjitError, NumjitWarning

nb = importlib.import_module(IMPL)


def module(name):
    return importlib.import_module(f"{IMPL}.{name}")


def test_the_names_libraries_import():
    core_types = module("core.types")
    for name in ("Type", "Array", "UniTuple", "Tuple", "NamedTuple", "Optional", "Omitted", "Literal",
                 "IntegerLiteral", "StringLiteral", "BooleanLiteral", "FunctionType", "CPointer", "voidptr",
                 "intc", "uintc", "intp", "uintp", "size_t", "NPDatetime", "NPTimedelta", "unicode_type",
                 "ListType", "DictType", "List", "Integer", "Float", "Complex", "Boolean", "Number",
                 "NoneType", "none", "void", "integer_domain", "real_domain", "complex_domain",
                 "number_domain", "optional", "literal", "unliteral", "float64", "int32", "boolean"):
        assert hasattr(core_types, name), name
    assert core_types.WrapperAddressProtocol.__name__ == "WrapperAddressProtocol"
    errors = module("core.errors")
    for name in ("TypingError", "NumbaError", "UnsupportedError", "LoweringError", "NumbaWarning",
                 "NumbaDeprecationWarning", "NumbaPendingDeprecationWarning", "NumbaPerformanceWarning",
                 "NumbaParallelSafetyWarning", "NumbaTypeSafetyWarning", "NumbaValueError",
                 "NumbaTypeError", "NumbaNotImplementedError", "RequireLiteralValue", "InternalError"):
        assert hasattr(errors, name), name
    assert errors.TypingError is TypingError and errors.NumbaError is NumjitError
    assert errors.NumbaWarning is NumjitWarning and issubclass(errors.NumbaPerformanceWarning, NumjitWarning)
    assert issubclass(errors.NumbaValueError, TypingError)
    assert module("core.config").DISABLE_JIT in (False, 0)
    for name in ("NUMBA_NUM_THREADS", "NUMBA_DEFAULT_NUM_THREADS", "THREADING_LAYER", "BOUNDSCHECK",
                 "CACHE_DIR", "DEBUG", "DISABLE_JIT"):
        assert hasattr(nb.config, name), name
    assert nb.config.NUMBA_NUM_THREADS >= 1 and nb.config.THREADING_LAYER == "default"
    for name in ("overload", "overload_method", "overload_attribute", "register_jitable", "intrinsic",
                 "typeof_impl", "as_numba_type", "get_cython_function_address", "models", "lower_builtin",
                 "box", "unbox", "register_model", "make_attribute_wrapper"):
        assert hasattr(module("extending"), name), name
    for name in ("from_dtype", "optional", "literally", "literal_unroll", "jit_module", "prange",
                 "get_num_threads", "set_num_threads", "get_thread_id", "threading_layer",
                 "set_parallel_chunksize", "get_parallel_chunksize", "intc", "float32", "typeof"):
        assert hasattr(nb, name), name
    assert module("np.ufunc.gufunc").GUFunc and module("np.ufunc.dufunc").DUFunc
    assert module("misc.special").literal_unroll and module("core.typing").signature
    low_level = {"core.datamodel": ("register_default", "default_manager"),
                 "core.datamodel.models": ("StructModel", "OpaqueModel", "PrimitiveModel"),
                 "core.datamodel.registry": ("register_default",),
                 "core.pythonapi": ("box", "unbox", "NativeValue", "PythonAPI"),
                 "core.imputils": ("lower_builtin", "lower_getattr", "lower_getattr_generic", "impl_ret_borrowed",
                                   "impl_ret_new_ref", "impl_ret_untracked"),
                 "core.typing.templates": ("AbstractTemplate", "ConcreteTemplate", "AttributeTemplate", "signature",
                                           "infer_global", "infer_getattr", "infer"),
                 "core.typing.typeof": ("typeof_impl", "typeof", "Purpose"),
                 "core.cgutils": ("create_struct_proxy", "early_exit_if_null", "is_null", "alloca_once_value")}
    for name, names in low_level.items():
        for attr in names:
            assert hasattr(module(name), attr), f"{name}.{attr}"
    assert isinstance(types.Any, types.Type) and types.VarArg(types.Any).dtype is types.Any


@pytest.mark.numjit_only
def test_numba_modules_are_numjits_own_objects():
    import numjit
    assert module("core.types") is numjit.types and module("core.config") is numjit.config
    assert numjit.core.types.float64 is numjit.float64
    assert module("core.errors").TypingError is numjit.errors.TypingError
    assert module("core.extending") is numjit.extending


def test_types_spelled_as_numba():
    t = types
    assert t.UniTuple(t.float64, 2) == t.Tuple((t.float64, t.float64))
    assert isinstance(t.Tuple((t.int8, t.int8)), t.UniTuple)
    assert not isinstance(t.Tuple((t.int8, t.float64)), t.UniTuple)
    assert t.UniTuple(t.int64, 3).count == 3 and t.UniTuple(t.int64, 3).dtype == t.int64
    assert t.intc == t.int32 and t.uintc == t.uint32 and t.intp == t.int64 and t.size_t == t.uint64
    arr = t.Array(t.float64, 1, "A", readonly=True)
    assert arr.ndim == 1 and arr.layout == "A" and not arr.mutable and arr.dtype == t.float64
    assert t.Array(t.float32, 2, "C") == t.float32[:, ::1]
    assert t.int16 in t.integer_domain and t.float32 in t.real_domain and t.complex64 in t.number_domain
    assert isinstance(t.CPointer(t.float64), t.Type) and t.CPointer(t.int8) != t.CPointer(t.int16)
    assert isinstance(t.literal(3), t.IntegerLiteral) and t.literal(3).literal_value == 3
    assert isinstance(t.literal("a"), t.StringLiteral) and not isinstance(t.literal("a"), t.IntegerLiteral)
    assert t.unliteral(t.literal(3)) == t.int64 and t.unliteral(t.float32) == t.float32


def test_signature_strings_with_numba_spellings():
    @njit("UniTuple(float64, 2)(float64)")
    def pair(x):
        return x, 2 * x

    @jit("i4(i8[:])", nopython=True)
    def first(a):
        return a[0]

    @njit(types.float64(types.Array(types.float64, 1, "A", readonly=True)))
    def total(a):
        return a.sum()

    assert pair(1.5) == (1.5, 3.0)
    ints = np.array([2**33 + 7, 3], dtype=np.int64)
    assert first(ints) == np.int64(ints[0]).astype(np.int32)                # wraps to int32 as declared
    ro = np.arange(5.0)
    ro.flags.writeable = False
    assert total(ro) == ro.sum() and total(np.arange(3.0)[::2]) == 2.0


def test_numpy_support_from_dtype_as_dtype():
    ns = module("np.numpy_support")
    for dt in ("i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8", "c8", "c16", "?"):
        ty = ns.from_dtype(np.dtype(dt))
        assert ns.as_dtype(ty) == np.dtype(dt)
        assert nb.from_dtype(np.dtype(dt)) == ty
    assert ns.from_dtype(np.float32) == types.float32
    if not IS_NUMBA:                                      # numba types these as pyobject / char sequences
        with pytest.raises(module("core.errors").NumbaNotImplementedError):
            ns.from_dtype(np.dtype("U3"))


def test_lazy_ufuncs_are_instances_of_numbas_classes():
    @nb.vectorize
    def twice(x):
        return 2 * x

    @nb.guvectorize("(n)->()")
    def total(a, out):
        out[0] = a.sum()

    assert isinstance(twice, module("np.ufunc.dufunc").DUFunc)
    assert isinstance(total, module("np.ufunc.gufunc").GUFunc)
    assert list(twice(np.arange(3))) == [0, 2, 4]


def test_literally_and_literal_unroll():
    @njit
    def f(x, n):
        s = 0.0
        for v in nb.literal_unroll((1.0, 2.0, 3.5)):
            s += v
        return s + nb.literally(n) + x

    assert f(1.0, 2) == 1.0 + 2 + 6.5


def test_thread_functions_from_python_and_compiled_code():
    before = nb.get_num_threads()
    assert 1 <= before <= nb.config.NUMBA_NUM_THREADS or not IS_NUMBA
    assert nb.get_thread_id() == 0

    @njit(parallel=True)
    def threads_seen(n, k):
        out = np.zeros(n)
        ids = np.zeros(n, np.int64)
        for i in nb.prange(n):
            out[i] = nb.get_num_threads()
            ids[i] = nb.get_thread_id()
        nb.set_num_threads(k)
        return out, ids, nb.get_num_threads()

    try:
        seen, ids, after = threads_seen(100_000, 1)
        assert after == 1 and (seen == before).all()
        assert nb.threading_layer() in ("workqueue", "omp", "tbb")     # started by the region
        assert ids.min() >= 0 and ids.max() < before         # an index of the pool's threads
        assert (threads_seen(1000, 1)[1] == 0).all()          # one thread: the caller's id, 0
        assert nb.get_num_threads() == 1 or IS_NUMBA          # numjit: process-wide, numba: per thread
    finally:
        nb.set_num_threads(before)
    with pytest.raises(ValueError):
        nb.set_num_threads(0)
    previous = nb.set_parallel_chunksize(4)
    assert nb.get_parallel_chunksize() == 4
    nb.set_parallel_chunksize(previous)


def test_threading_layer_before_any_parallel_region_is_not_initialized():
    from helpers import run_python_code
    done = run_python_code(f"import {IMPL}\ntry:\n    print({IMPL}.threading_layer())\n"
                           "except ValueError as exc:\n    print('ValueError', exc)")
    assert done.stdout.strip() == "ValueError Threading layer is not initialized.", done.stderr


def _counts(x):
    y = x + OFFSET
    return y


OFFSET = 1


def test_dispatcher_introspection_and_recompile():
    global OFFSET
    f = njit(_counts)
    assert f(1) == 2 and f(1.5) == 2.5
    assert [(tuple(s.args), s.return_type) for s in f.nopython_signatures] == [
        ((types.int64,), types.int64), ((types.float64,), types.float64)]
    shown = io.StringIO()
    f.inspect_types(file=shown)
    text = shown.getvalue()
    assert "_counts" in text and "y = x + OFFSET" in text and "int64" in text and "float64" in text
    stats = f.stats
    assert not stats.cache_hits                            # numba counts each compilation as a miss
    assert stats.cache_misses == {(types.int64,): 1, (types.float64,): 1}
    OFFSET = 10
    try:
        assert f(1) == 2                                   # the old constant is compiled in
        f.recompile()
        assert f(1) == 11 and f(1.5) == 11.5 and len(f.signatures) == 2
    finally:
        OFFSET = 1
    f.disable_compile()
    with pytest.raises(TypeError):
        f(np.zeros(2))
    f.disable_compile(False)
    assert (f(np.zeros(2)) == 1.0).all()


def test_parallel_diagnostics_names_prange_loops():
    @njit(parallel=True)
    def scaled(a):
        out = np.empty_like(a)
        for i in nb.prange(a.shape[0]):
            out[i] = a[i] * 2.0
        return out

    a = np.arange(10.0)
    assert (scaled(a) == a * 2.0).all()
    shown = io.StringIO()
    if IS_NUMBA:
        import contextlib
        with contextlib.redirect_stdout(shown):
            scaled.parallel_diagnostics(level=1)
    else:
        scaled.parallel_diagnostics(level=1, file=shown)
    assert "Parallel Accelerator Optimizing" in shown.getvalue()
    assert "scaled" in shown.getvalue()


def test_builtin_dtypes_passed_as_arguments():
    @njit
    def zeros_of(n, dt):
        return np.zeros(n, dt)

    for dt in (np.dtype(np.float32), np.dtype("i8"), np.dtype(np.uint8), np.dtype(np.complex128)):
        got = zeros_of(3, dt)
        assert got.dtype == dt and (got == np.zeros(3, dt)).all()


def test_type_of_a_number_makes_numbers_of_that_type():
    @njit
    def one_over(x):
        one = type(x)(1)
        return one / x, one

    for x in (np.float32(3.0), 4, 2.5, np.int16(3), np.uint8(200)):
        expected = (type(x)(1) / x, type(x)(1))            # float32(1) / float32(3) rounds as float32
        assert one_over(x) == expected
