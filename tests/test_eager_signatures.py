"""Explicit (eager) signatures: which values they accept and how they are converted.

A dispatcher compiled for explicit signatures never compiles again: like
numba, a call converts its arguments to the best-matching declared signature
(NumPy scalars, Python numbers, narrowing included) and the result has the
declared return type. Each case compares against the Python function run on
the same values converted to the declared types.
"""
import numpy as np
import pytest

from helpers import assert_same
from impl import IS_NUMBA, jit, njit


def add(a, b):
    return a + b


def twice(x):
    return x * 2


def negate(x):
    return not x


def _expected(fn, params, ret, args):
    """fn on args converted to the parameter dtypes, its result converted to the return dtype."""
    converted = [np.asarray(a).astype(p)[()] for a, p in zip(args, params)]
    return np.asarray(fn(*converted)).astype(ret)[()].item()


CASES = [
    ("float32(float32)", twice, ("f4",), "f4", (1.5,)),
    ("float32(float32)", twice, ("f4",), "f4", (np.float32(2.5),)),
    ("float32(float32)", twice, ("f4",), "f4", (3,)),
    ("float32(float32)", twice, ("f4",), "f4", (np.float64(0.1),)),
    ("int32(int32, int32)", add, ("i4", "i4"), "i4", (2, 3)),
    ("int32(int32, int32)", add, ("i4", "i4"), "i4", (np.int32(3), np.int64(-9))),
    ("int32(int32, int32)", add, ("i4", "i4"), "i4", (np.int8(5), True)),
    ("float64(float64)", twice, ("f8",), "f8", (3,)),
    ("float64(float64)", twice, ("f8",), "f8", (np.int32(3),)),
    ("float64(float64)", twice, ("f8",), "f8", (np.float32(2.5),)),
    ("float64(float64)", twice, ("f8",), "f8", (np.True_,)),
    ("int64(int64)", twice, ("i8",), "i8", (np.uint8(200),)),
    ("int64(int64)", twice, ("i8",), "i8", (2.75,)),
    ("boolean(boolean)", negate, ("?",), "?", (np.True_,)),
    ("boolean(boolean)", negate, ("?",), "?", (0,)),
    ("complex128(complex128)", twice, ("c16",), "c16", (1.5,)),
    ("complex64(complex64)", twice, ("c8",), "c8", (np.float32(2.0),)),
]


@pytest.mark.parametrize("sig,fn,params,ret,args", CASES,
                         ids=[f"{c[0]}-{'-'.join(type(a).__name__ for a in c[4])}" for c in CASES])
def test_explicit_signature_converts_arguments(sig, fn, params, ret, args):
    cfunc = jit(sig, nopython=True)(fn)
    got = cfunc(*args)
    want = _expected(cfunc.py_func, params, ret, args)
    assert_same(got, want, kind=type(want))
    assert len(cfunc.signatures) == 1                    # converted, never recompiled


def test_best_matching_signature_is_chosen():
    cfunc = njit(["int64(int64)", "float64(float64)"])(twice)
    assert_same(cfunc(np.int32(4)), cfunc.py_func(4), kind=int)           # int32 → int64 promotes
    assert_same(cfunc(np.float32(1.5)), cfunc.py_func(1.5), kind=float)   # float32 → float64 promotes
    assert_same(cfunc(np.uint8(3)), cfunc.py_func(3), kind=int)
    assert len(cfunc.signatures) == 2


def test_array_signature_takes_other_layouts():
    cfunc = njit("float64(float64[:])")(lambda a: a.sum())
    a = np.arange(12.0).reshape(3, 4)[:, 1]
    assert_same(cfunc(a), cfunc.py_func(a))


@pytest.mark.parametrize("bad,given", [(1j, "complex128"), (np.complex64(1), "complex64"),
                                       (np.arange(3.0), "float64[::1]")])
def test_explicit_signature_refuses_what_cannot_convert(bad, given):
    cfunc = jit("float64(float64)", nopython=True)(twice)
    with pytest.raises(TypeError) as info:
        cfunc(bad)
    if not IS_NUMBA:          # numba names only the given types
        message = str(info.value)
        assert "twice" in message and "float64" in message and given in message, message


# --------------------------------------------------------------------------
# compiled code calling a dispatcher with explicit signatures goes through them

@jit("float64(float64)", nopython=True)
def doubled(x):
    return x * 2


@jit("int32(float64)", nopython=True)
def truncated_double(x):
    return x * 2


@njit(["int64(int64)", "float32(float32)"])
def incremented(x):
    return x + 1


@njit
def calls_doubled(x):
    return doubled(x)


@njit
def calls_truncated(x):
    return truncated_double(x) + 1


@njit
def calls_incremented(x, y):
    return incremented(x), incremented(y)


@pytest.mark.parametrize("x", [3, 2.5, np.int32(4), True], ids=["int", "float", "int32", "bool"])
def test_call_from_compiled_code_converts_to_the_declared_signature(x):
    # the Python function calls the dispatcher from Python, which converts: the same rules
    assert_same(calls_doubled(x), calls_doubled.py_func(x), kind=float)


def test_call_from_compiled_code_returns_the_declared_type():
    for x in (3.7, -2.2, 5):
        assert_same(calls_truncated(x), calls_truncated.py_func(x), kind=int)


def test_call_from_compiled_code_picks_the_best_declared_signature():
    args = (np.int32(1), np.float32(1.5))
    assert_same(calls_incremented(*args), calls_incremented.py_func(*args))
    assert isinstance(calls_incremented(*args)[0], int)


def test_call_from_compiled_code_that_cannot_convert_is_a_typing_error():
    from impl import TypingError

    @njit
    def calls_with_complex(x):
        return doubled(x)
    with pytest.raises(TypingError) as info:
        calls_with_complex(1j)
    if not IS_NUMBA:
        assert "float64" in str(info.value) and "complex128" in str(info.value)


# --------------------------------------------------------------------------
# nopython=False with explicit signatures falls back to Python at decoration

def round_trips_through_hex(x):
    return float.fromhex(float(x).hex()) + 1


@pytest.mark.numjit_only
def test_eager_object_mode_fallback_warns_and_runs_python():
    from impl import NumjitWarning
    with pytest.warns(NumjitWarning, match="hex") as caught:
        cfunc = jit("float64(float64)", nopython=False)(round_trips_through_hex)
    assert len(caught) == 1 and caught[0].filename == __file__
    for x in (1.5, 3):
        assert_same(cfunc(x), round_trips_through_hex(x))


def test_eager_nopython_compile_error_still_raises_at_decoration():
    from impl import COMPILE_ERRORS
    with pytest.raises(COMPILE_ERRORS):
        jit("float64(float64)", nopython=True)(round_trips_through_hex)


def scaled_sum(a, s):
    return a.sum() * s


@pytest.mark.parametrize("sig", ["(float32[:], float64)", "float64(float32[:], float64)"])
def test_any_layout_signature_takes_every_layout(sig):
    """A declared `float32[:]` (any layout) accepts C, F-strided and reversed arrays, with or
    without a declared return type (without one, the result type is inferred)."""
    f = njit(sig)(scaled_sum)
    base = np.arange(12, dtype=np.float32)
    for a in (base, base[::3], base[::-1], np.empty(0, np.float32)):
        assert f(a, 2.5) == scaled_sum(a.astype(np.float32), 2.5)
