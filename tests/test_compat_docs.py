"""Examples of numba's user guide (5-minute guide, high-level extending guide, jit_module,
intrinsics), written again here and compared with plain Python / NumPy on the same inputs."""
import importlib
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from impl import IMPL, IS_NUMBA, njit, jit, types

nb = importlib.import_module(IMPL)
extending = importlib.import_module(f"{IMPL}.extending")


def go_fast_py(a):                     # the 5-minute guide's first function
    trace = 0.0
    for i in range(a.shape[0]):
        trace += np.tanh(a[i, i])
    return a + trace


def test_five_minute_guide():
    go_fast = jit(nopython=True)(go_fast_py)
    for x in (np.arange(100.0).reshape(10, 10), np.arange(12, dtype=np.int32).reshape(3, 4),
              np.asfortranarray(np.linspace(-2, 2, 9).reshape(3, 3)), np.zeros((0, 0))):
        np.testing.assert_allclose(go_fast(x), go_fast_py(x), rtol=1e-14)
    assert len(go_fast.signatures) == 3               # the empty array shares float64[:, ::1]


def norm_py(a, ord=None):
    return np.linalg.norm(a, ord)


def my_norm(a, ord=None):             # the extending guide's overload of a norm
    return norm_py(a, ord)


@extending.overload(my_norm)
def _my_norm(a, ord=None):
    if isinstance(ord, types.Optional):
        ord = ord.type
    if ord not in (None, types.none) and not isinstance(ord, (types.Integer, types.Float)):
        raise TypeError(f"ord must be a number, not {ord}")     # numba: a TypingError at the call
    if isinstance(a, types.Array) and a.ndim == 1:
        if ord in (None, types.none):
            def l2(a, ord=None):
                return np.sqrt(np.sum(a * a))
            return l2

        def lp(a, ord=None):
            if ord == np.inf:
                return np.max(np.abs(a))
            return np.sum(np.abs(a) ** ord) ** (1.0 / ord)
        return lp


def test_extending_guide_overload_with_optional_argument():
    @njit
    def norms(a):
        return my_norm(a), my_norm(a, 1), my_norm(a, 3.0), my_norm(a, np.inf)

    for a in (np.array([3.0, -4.0]), np.linspace(-1, 1, 7), np.array([2.5])):
        got = norms(a)
        expected = (norm_py(a), norm_py(a, 1), norm_py(a, 3), norm_py(a, np.inf))
        np.testing.assert_allclose(got, expected, rtol=1e-13)


def test_extending_guide_intrinsic_cast_to_pointer():
    from llvmlite import ir

    @extending.intrinsic
    def cast_int_to_byte_ptr(typingctx, src):
        if isinstance(src, types.Integer):
            sig = types.voidptr(src)

            def codegen(context, builder, signature, args):
                return builder.inttoptr(args[0], ir.IntType(8).as_pointer())
            return sig, codegen

    @extending.intrinsic
    def read_byte(typingctx, pointer, offset):
        if pointer == types.voidptr and isinstance(offset, types.Integer):
            def codegen(context, builder, signature, args):
                address = builder.gep(args[0], [args[1]])
                return builder.zext(builder.load(address), ir.IntType(64))
            return types.int64(types.voidptr, types.intp), codegen

    @njit
    def byte_at(address, i):
        return read_byte(cast_int_to_byte_ptr(address), i)

    data = np.frombuffer(b"numjit!", dtype=np.uint8)
    assert [byte_at(data.ctypes.data, i) for i in range(data.size)] == list(data)


def test_jit_module_compiles_every_function_of_a_module(tmp_path, monkeypatch):
    (tmp_path / "jm_example.py").write_text(textwrap.dedent(f'''
        import numpy as np
        import {IMPL}

        def inc(x):
            return x + 1

        def scaled_sum(a, k):
            return inc(np.sum(a)) * k

        LIMIT = 3

        {IMPL}.jit_module(nopython=True)
    '''))
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("jm_example")
    try:
        assert type(module.scaled_sum).__name__ != "function" and module.LIMIT == 3
        a = np.arange(5.0)
        assert module.scaled_sum(a, 2.0) == (a.sum() + 1) * 2.0 and module.inc(1) == 2
        assert hasattr(module.inc, "py_func")
    finally:
        sys.modules.pop("jm_example", None)


@pytest.mark.skipif(IS_NUMBA, reason="checks numjit's reading of NUMBA_* variables")
def test_numba_environment_variables_are_honoured(tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    code = ("import numjit; f = numjit.njit(lambda x: x); "
            "print(type(f).__name__, numjit.config.BOUNDSCHECK, numjit.config.NUMBA_NUM_THREADS, "
            "numjit.config.CACHE_DIR, numjit.get_num_threads())")
    env = dict(os.environ, PYTHONPATH=root, NUMBA_DISABLE_JIT="1", NUMBA_BOUNDSCHECK="1",
               NUMBA_NUM_THREADS="2", NUMJIT_NUM_THREADS="1", NUMBA_CACHE_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["function", "True", "1", str(tmp_path), "1"]   # NUMJIT_ wins
