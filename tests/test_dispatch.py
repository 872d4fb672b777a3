"""The Dispatcher API: decorators, signatures, type objects, introspection,
pickling, fallback, exceptions, nogil threads and NUMJIT_DISABLE_JIT.
"""
import os
import pickle
import subprocess
import sys
import textwrap
import threading
import warnings

import numpy as np
import pytest

import plain_kernels
from helpers import assert_same
from impl import (
    ENV_DISABLE_JIT, IMPL, IS_NUMBA, NumjitWarning, boolean, complex64, complex128, float32, float64, int8,
    int16, int32, int64, jit, njit, typeof, types, uint8, uint16, uint32, uint64,
)

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))


def run_python(source, tmp_path, extra_env=None, timeout=120):
    """Run `source` in a fresh interpreter that can `import impl`; return the CompletedProcess."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(source))
    env = dict(os.environ, NUMJIT_TEST_IMPL=IMPL)
    env["PYTHONPATH"] = os.pathsep.join([TESTS_DIR, os.path.dirname(TESTS_DIR),
                                         env.get("PYTHONPATH", "")])
    env.update(extra_env or {})
    return subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=str(tmp_path))


# --------------------------------------------------------------------------
# decorator forms

def plain_add(a, b):
    """Add two numbers."""
    return a + b


@jit
def bare_jit(a, b):
    return a + b


@jit()
def called_jit(a, b):
    return a * b


@jit(nopython=True, nogil=True, cache=False, fastmath=False, boundscheck=False,
     error_model="python", inline="never")
def all_options(a, b):
    return a - b


@njit
def bare_njit(a, b):
    return a - b


@njit(nogil=True)
def called_njit(a, b):
    return a / b


@pytest.mark.parametrize("fn,pyop", [
    (bare_jit, lambda a, b: a + b), (called_jit, lambda a, b: a * b),
    (all_options, lambda a, b: a - b), (bare_njit, lambda a, b: a - b),
    (called_njit, lambda a, b: a / b),
], ids=["@jit", "@jit()", "@jit(options)", "@njit", "@njit()"])
def test_decorator_forms(fn, pyop):
    for a, b in [(3, 4), (2.5, -1.0), (np.float32(1.5), np.int8(2))]:
        assert_same(fn(a, b), pyop(a, b), rtol=1e-6)


def test_jit_called_with_function():
    cfunc = jit(plain_add)
    assert cfunc(2, 3) == 5
    cfunc2 = njit(plain_add)
    assert cfunc2(2.5, 3) == 5.5


# --------------------------------------------------------------------------
# eager compilation with signatures

def sum_array(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def scale(a, k):
    return a[0] * k


def twice(x):
    return x * 2


def test_eager_signature_string():
    cfunc = jit("float64(float64[:])")(sum_array)
    assert len(cfunc.signatures) == 1                   # compiled at decoration
    assert [tuple(s) for s in cfunc.signatures] == [(float64[:],)]
    for a in [np.arange(5.0), np.arange(10.0)[::3], np.arange(4.0)[::-1]]:
        assert_same(cfunc(a), sum_array(a))
    assert len(cfunc.signatures) == 1                   # C and strided arrays both fit `float64[:]`


def test_eager_signature_list():
    cfunc = jit(["float64(float64)", "int64(int64)"])(twice)
    assert sorted(str(s) for s in cfunc.signatures) == sorted(
        str(s) for s in [(float64,), (int64,)])
    assert_same(cfunc(3), 6, kind=int)
    assert_same(cfunc(2.5), 5.0, kind=float)


def third(x):
    return x / 3


def test_integers_choose_the_float64_signature_over_float32():
    cfunc = jit(["float32(float32)", "float64(float64)"])(third)       # numba-stats declares both
    for x in (2, np.int64(7), np.uint64(5), np.int32(2), np.float32(2), 2.0):
        got, expected = cfunc(x), third(x)            # float32 precision only for a float32 argument
        assert got == expected, (x, got, expected)


def test_eager_signature_objects():
    cfunc = jit(float64(float64[:], int64))(scale)
    assert [tuple(s) for s in cfunc.signatures] == [(float64[:], int64)]
    assert_same(cfunc(np.array([1.5, 2.0]), 3), 4.5)
    cfunc2 = njit([float32(float32[::1], int32), float64(float64[::1], int64)])(scale)
    assert len(cfunc2.signatures) == 2
    assert_same(cfunc2(np.array([1.5], np.float32), np.int32(2)), 3.0)


@pytest.mark.parametrize("bad", [np.arange(3), np.arange(3.0).reshape(1, 3), "text"],
                         ids=["int64-array", "2d-array", "str"])
def test_explicit_signature_mismatch_raises_type_error(bad):
    cfunc = jit("float64(float64[:])")(sum_array)
    with pytest.raises(TypeError):
        cfunc(bad)
    assert len(cfunc.signatures) == 1  # no new specialisation


def test_explicit_signature_mismatch_names_given_type():
    cfunc = jit("float64(float64[:])")(sum_array)
    with pytest.raises(TypeError) as info:
        cfunc(np.arange(3))
    assert "int64" in str(info.value)


@pytest.mark.numjit_only
def test_explicit_signature_mismatch_names_expected_type():
    # numba's message names only the given types ("No matching definition for
    # argument type(s) array(int64, 1d, C)"); issue 2 asks for the expected ones too.
    cfunc = jit("float64(float64[:])")(sum_array)
    with pytest.raises(TypeError) as info:
        cfunc(np.arange(3))
    message = str(info.value)
    assert "int64" in message and "float64" in message


# --------------------------------------------------------------------------
# type objects and typeof

def test_scalar_type_objects():
    for t, name in [(boolean, "bool"), (int8, "int8"), (int16, "int16"), (int32, "int32"),
                    (int64, "int64"), (uint8, "uint8"), (uint16, "uint16"), (uint32, "uint32"),
                    (uint64, "uint64"), (float32, "float32"), (float64, "float64"),
                    (complex64, "complex64"), (complex128, "complex128")]:
        assert str(t) == name
        assert getattr(types, name if name != "bool" else "boolean") == t


@pytest.mark.parametrize("value,expected", [
    (1, int64), (1.0, float64), (True, boolean), (1j, complex128),
    (np.int8(1), int8), (np.int16(1), int16), (np.int32(1), int32), (np.int64(1), int64),
    (np.uint8(1), uint8), (np.uint16(1), uint16), (np.uint32(1), uint32), (np.uint64(1), uint64),
    (np.float32(1), float32), (np.float64(1), float64), (np.complex64(1), complex64),
    (np.complex128(1), complex128), (np.bool_(True), boolean),
], ids=repr)
def test_typeof_scalars(value, expected):
    assert typeof(value) == expected


def test_typeof_arrays_and_slicing_syntax():
    c2 = np.zeros((2, 3))
    assert typeof(np.zeros(3)) == float64[::1]
    assert typeof(np.zeros(6)[::2]) == float64[:]
    assert typeof(c2) == float64[:, ::1]
    assert typeof(np.zeros((2, 3), np.float32)) == float32[:, ::1]
    assert typeof(np.zeros((2, 3), np.int64, order="F")) == int64[::1, :]
    assert typeof(c2.T) == float64[::1, :]
    assert typeof(c2[:, ::2]) == float64[:, :]
    assert typeof(np.zeros((2, 3, 4), np.uint8)) == uint8[:, :, ::1]
    assert typeof(np.zeros(3, np.bool_)) == boolean[::1]
    assert float64[:] != float64[::1]
    assert float64[:, ::1] != float32[:, ::1]


def test_types_module_array():
    assert types.Array(types.float64, 2, "C") == float64[:, ::1]
    assert types.Array(types.int64, 1, "A") == int64[:]
    assert types.Array(types.float32, 2, "F") == float32[::1, :]


def test_signature_by_calling_a_type():
    sig = float64(float64[:], int64)
    assert tuple(sig.args) == (float64[:], int64)
    assert sig.return_type == float64


# --------------------------------------------------------------------------
# specialisation

def spec_add(a, b):
    return a + b


def test_new_argument_types_compile_new_specialisations():
    cfunc = njit(spec_add)
    assert len(cfunc.signatures) == 0           # lazy: nothing compiled before the first call
    assert cfunc(1, 2) == 3
    assert len(cfunc.signatures) == 1
    assert cfunc(3, 4) == 7                     # same types: no new specialisation
    assert len(cfunc.signatures) == 1
    assert cfunc(1.5, 2) == 3.5
    assert cfunc(np.float32(1.5), np.float32(2)) == 3.5
    sigs = [tuple(s) for s in cfunc.signatures]
    assert (int64, int64) in sigs
    assert (float64, int64) in sigs
    assert (float32, float32) in sigs
    assert len(sigs) == len(set(sigs)) == 3


def test_many_specialisations_each_called_correctly():
    # every new signature joins the native dispatch table; earlier ones must keep working
    cfunc = njit(spec_add)
    values = [np.int8(3), np.int16(-4), np.int32(5), np.int64(-6), np.uint8(7), np.uint16(8),
              np.uint32(9), np.uint64(10), np.float32(1.5), np.float64(-2.25), True, 3, 2.5,
              np.complex64(1 + 2j), 1j]
    for _ in range(2):                          # second round: all already compiled
        for v in values:
            got = cfunc(v, v)                   # scalars come back as Python numbers, as in numba
            assert got == spec_add(v, v) and isinstance(got, (bool, int, float, complex)), (v, got)
    # numjit: np.int64(-6) and 3 (a NumPy and a Python scalar, strong and weak in array
    # expressions as in NumPy 2) get one specialisation each; numba shares one
    kinds = {(typeof(v), not IS_NUMBA and isinstance(v, np.generic)) for v in values}
    assert len(cfunc.signatures) == len(kinds)


def test_specialisations_compiled_from_threads_at_once():
    cfunc = njit(spec_add)
    values = [1, 2.5, np.float32(1.5), np.int32(4), 1j, True]
    errors = []

    def work(v):
        try:
            for _ in range(20):
                assert cfunc(v, v) == spec_add(v, v)
        except Exception as exc:       # noqa: BLE001  (reported below)
            errors.append(exc)
    threads = [threading.Thread(target=work, args=(v,)) for v in values]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(cfunc.signatures) == len(values)


def test_lambda_compiles():
    double = njit(lambda x: 2 * x)
    sub = njit(lambda x, y=3: x - y)
    assert double(21) == 42 and double(1.5) == 3.0
    assert sub(10) == 7 and sub(10, 4) == 6


SAME_LINE = [lambda a: a + 1, lambda a: a * 100]          # two lambdas, one line, same parameters


def make_same_line():
    return (lambda a: a - 1, lambda a: a * 3)            # nested: two lambdas on the def's line


@pytest.mark.parametrize("index", [0, 1])
def test_lambdas_on_one_line_compile_their_own_body(index):
    fn = SAME_LINE[index]
    cfunc = njit(fn)
    for x in (2.0, 7, -3.5):
        assert_same(cfunc(x), fn(x))
    nested = make_same_line()[index]
    assert_same(njit(nested)(5), nested(5))


def test_lambdas_on_one_line_vectorize_their_own_body():
    from impl import impl_module
    for fn in SAME_LINE:
        ufunc = impl_module.vectorize(["float64(float64)"])(fn)
        x = np.array([1.0, 2.5, -4.0])
        np.testing.assert_array_equal(ufunc(x), np.array([fn(v) for v in x]))


@pytest.mark.numjit_only
def test_lambdas_on_one_line_without_column_table_refuse_to_guess(monkeypatch):
    # Python 3.10 has no code.co_positions(): which lambda is which cannot be told from the line
    from numjit.errors import UnsupportedError
    from numjit.frontend import source
    monkeypatch.setattr(source, "_instruction_spans", lambda code, indent: [])
    monkeypatch.setattr(source.FunctionSource, "_cache", {})
    with pytest.raises(UnsupportedError, match="several functions on line"):
        njit(SAME_LINE[1])(2.0)


@(identity := lambda f: f)                                 # a lambda on a def's first line
def decorated(x):
    return x + 1


class Holder:
    try:
        def method(x):                                     # a def nested in a class's try block
            return x - 0.5
    finally:
        pass


def test_functions_found_beside_and_inside_other_statements():
    for fn in (identity, decorated, Holder.method):
        assert_same(njit(fn)(3), fn(3))


def test_overloads_match_signatures():
    cfunc = njit(spec_add)
    cfunc(1, 2)
    cfunc(1.0, 2.0)
    overloads = cfunc.overloads
    assert len(overloads) == 2
    assert {tuple(k) for k in overloads} == {tuple(s) for s in cfunc.signatures}


def test_array_layouts_specialise():
    cfunc = njit(sum_array)
    a = np.arange(8.0)
    assert cfunc(a) == sum_array(a)
    assert cfunc(a[::2]) == sum_array(a[::2])
    assert {tuple(s) for s in cfunc.signatures} == {(float64[::1],), (float64[:],)}


# --------------------------------------------------------------------------
# jitted functions passed as arguments from Python

@njit
def square_it(x):
    return x * x


@njit
def cube_it(x):
    return x * x * x


@njit
def apply_it(f, x):
    return f(x)


@pytest.mark.parametrize("fn,x", [(square_it, 3), (cube_it, 3), (square_it, 2.5), (cube_it, -1.5)])
def test_jitted_function_as_argument(fn, x):
    assert_same(apply_it(fn, x), apply_it.py_func(fn, x))
    assert_same(apply_it(f=fn, x=x), apply_it.py_func(fn, x))


def test_each_function_passed_compiles_its_own_specialisation():
    @njit
    def apply_twice(f, x):
        return f(f(x))
    assert apply_twice(square_it, 2) == apply_twice.py_func(square_it, 2)
    assert apply_twice(cube_it, 2) == apply_twice.py_func(cube_it, 2)
    assert apply_twice(square_it, 3) == apply_twice.py_func(square_it, 3)     # the first, again
    assert len(apply_twice.signatures) == 2


# --------------------------------------------------------------------------
# attributes, introspection

@njit
def documented(x, y=2):
    """Multiply x by y."""
    return x * y


def test_name_doc_wrapped_py_func():
    assert documented.__name__ == "documented"
    assert documented.__doc__ == "Multiply x by y."
    assert documented.py_func.__name__ == "documented"
    assert documented.__wrapped__ is documented.py_func
    assert documented.py_func(3) == 6
    assert documented.__module__ == __name__
    assert callable(documented)


def introspect_me(a, b):
    return a * b + 1


def test_inspect_types(capsys):
    cfunc = njit(introspect_me)
    cfunc(2, 3)
    returned = cfunc.inspect_types()
    text = returned if isinstance(returned, str) else capsys.readouterr().out
    assert "introspect_me" in text
    assert "int64" in text


def test_inspect_llvm_and_asm():
    cfunc = njit(introspect_me)
    cfunc(2, 3)
    cfunc(2.0, 3.0)
    llvm = cfunc.inspect_llvm()
    asm = cfunc.inspect_asm()
    assert isinstance(llvm, dict) and isinstance(asm, dict)
    assert len(llvm) == len(asm) == 2
    for text in llvm.values():
        assert isinstance(text, str) and "define" in text
    for text in asm.values():
        assert isinstance(text, str) and len(text) > 0
    sig = cfunc.signatures[0]
    assert isinstance(cfunc.inspect_llvm(sig), str)
    assert isinstance(cfunc.inspect_asm(sig), str)
    assert cfunc.inspect_llvm(sig) == llvm[sig]


@pytest.mark.numjit_only
def test_inspect_accepts_sig_keyword():
    cfunc = njit(introspect_me)
    cfunc(2, 3)
    sig = cfunc.signatures[0]
    assert cfunc.inspect_llvm(sig=sig) == cfunc.inspect_llvm(signature=sig) == cfunc.inspect_llvm()[sig]
    assert isinstance(cfunc.inspect_asm(sig=sig), str) and cfunc.inspect_asm(sig=sig)
    with pytest.raises(KeyError):
        cfunc.inspect_llvm(sig=(float64, float64))


@pytest.mark.parametrize("value", [2 ** 70, object(),
                                   pytest.param(range(3), marks=pytest.mark.numjit_only)],
                         ids=["int-2**70", "object", "range"])
def test_typeof_raises_value_error_for_untypeable_values(value):
    with pytest.raises(ValueError):
        typeof(value)


# --------------------------------------------------------------------------
# pickling

@njit
def picklable(x, y):
    return x * y + 1


def test_pickle_round_trip_before_and_after_compiling():
    fresh = pickle.loads(pickle.dumps(njit(introspect_me)))
    assert fresh(2, 5) == introspect_me(2, 5)
    picklable(2, 3)
    clone = pickle.loads(pickle.dumps(picklable))
    assert callable(clone)
    assert clone(2, 3) == picklable.py_func(2, 3)
    assert clone(2.5, 2) == picklable.py_func(2.5, 2)
    assert clone.py_func(1, 1) == 2


@pytest.mark.slow
def test_pickle_into_another_process(tmp_path):
    data = pickle.dumps(picklable)
    (tmp_path / "payload.pkl").write_bytes(data)
    out = run_python("""
        import pickle
        import impl  # the implementation under test
        f = pickle.load(open("payload.pkl", "rb"))
        print(f(3, 4), f(0.5, 4.0))
    """, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(picklable.py_func(3, 4)), str(picklable.py_func(0.5, 4.0))]


# --------------------------------------------------------------------------
# nopython=False falls back to Python with a warning

def needs_python(x):
    table = {"key": x, 1: [x, "text"]}   # a heterogeneous dict: not compilable
    return len(table) + x


@pytest.mark.numjit_only
def test_object_mode_fallback_warns_once_and_runs_python():
    # numba removed the object-mode fallback in 0.59: nopython=False only emits a
    # deprecation warning and the call still fails with TypingError.
    cfunc = jit(nopython=False)(needs_python)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert cfunc(3) == needs_python(3)
        assert cfunc(4) == needs_python(4)
    ours = [w for w in caught if issubclass(w.category, NumjitWarning)]
    assert len(ours) == 1, [str(w.message) for w in caught]
    assert str(ours[0].message)  # says why


# --------------------------------------------------------------------------
# exceptions raised in compiled code propagate

raiser = njit(plain_kernels.raiser)


@njit
def calls_raiser(x):
    return raiser(x) + 1


@njit
def raise_in_loop(a):
    s = 0.0
    for i in range(a.shape[0]):
        if a[i] < 0:
            raise ValueError("negative element")
        s += a[i]
    return s


@pytest.mark.parametrize("x", range(8))
def test_exceptions_propagate_with_type_and_message(x):
    try:
        raiser.py_func(x)
    except Exception as exc:  # noqa: BLE001
        expected_type, expected_message = type(exc), str(exc)
    with pytest.raises(expected_type) as info:
        raiser(x)
    assert type(info.value) is expected_type
    assert str(info.value) == expected_message
    with pytest.raises(expected_type) as info:
        calls_raiser(x)                     # through a compiled caller
    assert str(info.value) == expected_message


def test_assert_passes_and_fails():
    cfunc = njit(plain_kernels.assert_positive)
    assert cfunc(2.5) == 2.5
    with pytest.raises(AssertionError, match="x must be positive"):
        cfunc(-1)


def test_dispatcher_usable_after_exception():
    for _ in range(3):
        with pytest.raises(ValueError):
            raiser(0)
        assert raiser(9) == 90


def test_exception_inside_loop():
    assert raise_in_loop(np.arange(4.0)) == 6.0
    with pytest.raises(ValueError, match="negative element"):
        raise_in_loop(np.array([1.0, -1.0]))


def floor_divide(a, b):
    return a // b


def test_implicit_zero_division_propagates():
    cfunc = njit(floor_divide)
    with pytest.raises(ZeroDivisionError):
        cfunc(1, 0)
    assert cfunc(7, 2) == 3


# --------------------------------------------------------------------------
# nogil: two threads run compiled code at the same time

def handshake(flags, me, other, max_spins):
    """Raise my flag, then wait (bounded) for the other thread's flag."""
    flags[me] = 1
    spins = 0
    while flags[other] == 0 and spins < max_spins:
        flags[2 + me] += 1   # a store that may alias flags[other]: the load is redone each turn
        spins += 1
    return flags[other] != 0


handshake_nogil = jit(nopython=True, nogil=True)(handshake)
handshake_gil = jit(nopython=True, nogil=False)(handshake)


def _run_handshake(cfunc, max_spins):
    flags = np.zeros(4, np.int64)
    seen = [None, None]
    barrier = threading.Barrier(2)

    def work(me):
        barrier.wait()
        seen[me] = cfunc(flags, me, 1 - me, max_spins)

    pool = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return seen


@pytest.mark.slow
def test_nogil_threads_run_compiled_code_at_the_same_time():
    """Each thread waits inside compiled code for the other to arrive there.

    Only if both are inside the compiled body at once do both see the other's
    flag; with the GIL held the first one times out.  Independent of load.
    """
    handshake_nogil(np.array([0, 1, 0, 0]), 0, 1, 10)   # compile outside the threads
    assert _run_handshake(handshake_nogil, 2_000_000_000) == [True, True]


@pytest.mark.slow
def test_without_nogil_compiled_code_keeps_the_gil():
    handshake_gil(np.array([0, 1, 0, 0]), 0, 1, 10)
    seen = _run_handshake(handshake_gil, 100_000_000)
    assert sorted(seen) == [False, True]   # the first to enter timed out alone


# --------------------------------------------------------------------------
# disabling the JIT

@pytest.mark.slow
def test_disable_jit_returns_python_function(tmp_path):
    out = run_python("""
        from impl import jit, njit

        def f(x):
            return x * 2

        g = njit(f)
        h = jit(nopython=True)(f)

        @njit
        def k(x):
            return str(x) + "!"    # only plain Python can run this

        print(g is f, h is f, k(5))
    """, tmp_path, extra_env={ENV_DISABLE_JIT: "1"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "5!"]


def store_first(r, a):
    r[0] = a[0]
    return r[0] * 2.0


def test_an_empty_keyword_dict_is_no_keywords():
    # f(*args, **{}) (as concurrent.futures' map calls it) passes an empty dict: the native
    # dispatch must take it as no keywords, on every call (was a TypeError from the second on)
    from concurrent.futures import ThreadPoolExecutor
    f = njit(store_first)
    r, a = np.zeros(3), np.arange(1.0, 4.0)
    for _ in range(3):
        assert f(r, a, **{}) == store_first(r.copy(), a)
    rows = [np.zeros(2) for _ in range(3)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        got = list(pool.map(f, rows, [a[i:] for i in range(3)]))
    assert got == [store_first(np.zeros(2), a[i:]) for i in range(3)]
