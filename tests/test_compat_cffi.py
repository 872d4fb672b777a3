"""cffi functions called from compiled code, as numba's documentation shows: functions of an
`ffi.dlopen` library (ABI mode) and of an out-of-line API-mode module (`register_module`), with
`ffi.from_buffer(array)` for pointer arguments; results compared with the same calls from Python."""
import importlib
import math
import sys

import numpy as np
import pytest

from impl import IMPL, njit, TypingError

cffi = pytest.importorskip("cffi")
cffi_utils = importlib.import_module(f"{IMPL}.core.typing.cffi_utils")

ffi = cffi.FFI()
ffi.cdef("double ldexp(double, int); long long llabs(long long); float fabsf(float);"
         "void *memset(void *, int, size_t); int printf(const char *, ...);")
libc = ffi.dlopen(None)


def abi_calls(a, out, k):
    total = 0.0
    for i in range(a.shape[0]):
        total += libc.ldexp(a[i], k) + libc.llabs(-i) + libc.fabsf(np.float32(-a[i]))
    libc.memset(ffi.from_buffer(out), 0, out.size)     # a uint8 array, pointer from from_buffer
    return total


def test_abi_mode_functions():
    compiled = njit(abi_calls)
    for a in (np.array([0.5, -1.25, 3.0]), np.linspace(-2, 2, 9)):
        out_c, out_p = np.arange(1, 6, dtype=np.uint8), np.arange(1, 6, dtype=np.uint8)
        assert compiled(a, out_c, 3) == abi_calls(a, out_p, 3)
        assert (out_c == 0).all() and (out_p == 0).all()
    assert cffi_utils.is_cffi_func(libc.ldexp) and not cffi_utils.is_cffi_func(math.ldexp)


def test_bad_cffi_calls_are_typing_errors():
    @njit
    def variadic():
        return libc.printf(b"x")

    @njit
    def wrong_pointer(a):
        return libc.memset(a, 0, 3)                    # an array, not a pointer

    @njit
    def strided(a):
        return ffi.from_buffer(a[::2])
    with pytest.raises(TypingError, match="variadic"):
        variadic()
    with pytest.raises(TypingError, match="cannot be called with"):
        wrong_pointer(np.zeros(3, np.uint8))
    with pytest.raises(TypingError, match="contiguous"):
        strided(np.zeros(6))


def test_out_of_line_module(tmp_path):
    builder = cffi.FFI()
    builder.cdef("double weighted(double *values, double *weights, int n); int twice(int);")
    builder.set_source("_numjit_cffi_probe", """
        static double weighted(double *values, double *weights, int n) {
            double s = 0; for (int i = 0; i < n; i++) s += values[i] * weights[i]; return s;
        }
        static int twice(int x) { return 2 * x; }
    """)
    try:
        builder.compile(tmpdir=str(tmp_path), verbose=False)
    except Exception as exc:                            # no C compiler or Python headers here
        pytest.skip(f"cannot build a cffi module: {exc}")
    sys.path.insert(0, str(tmp_path))
    try:
        module = importlib.import_module("_numjit_cffi_probe")
    finally:
        sys.path.remove(str(tmp_path))
    cffi_utils.register_module(module)
    lib, mod_ffi = module.lib, module.ffi

    @njit
    def use(v, w):
        return lib.weighted(mod_ffi.from_buffer(v), mod_ffi.from_buffer(w), v.size) + lib.twice(v.size)

    v, w = np.array([1.0, 2.0, 3.5]), np.array([0.5, -1.0, 2.0])
    expected = lib.weighted(module.ffi.from_buffer("double[]", v), module.ffi.from_buffer("double[]", w), 3) + 6
    assert use(v, w) == expected == float(v @ w) + 6
