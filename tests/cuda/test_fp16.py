"""float16 in kernels: cuda.fp16's functions, half arrays, scalars and conversions — PTX with f16
instructions validated by ptxas, and the simulator compared with NumPy's float16 arithmetic."""
import math

import numpy as np
import pytest

import gpu_kernels as K
from numjit import boolean, config, cuda, float16, njit
from numjit.cuda import fp16
from numjit.cuda.compiler import compile_kernel
from numjit.errors import NumjitError, TypingError
from numjit import types as numjit_types
from numjit.types import Array
from test_ptx import ptxas_ok


def half_inputs(n=40):
    a = np.linspace(-3, 3, n).astype(np.float16)
    b = np.linspace(0.25, 4, n).astype(np.float16)
    b[5] = a[5] = 1.5                                # equal operands for the comparisons
    a[-1] = np.nan
    return a, b, np.float16(0.375)


def test_half_kernel_ptx_uses_f16_instructions(tmp_path):
    argtypes = (Array(float16, 2, "C"), Array(boolean, 2, "C"), Array(float16, 1, "C"), Array(float16, 1, "C"),
                float16)
    compiled = compile_kernel(K.half_kernel.py_func, argtypes, {}, (8, 0))
    assert compiled.params.endswith("e")               # a half scalar parameter
    for needle in ("add.rn.f16", "sub.rn.f16", "mul.rn.f16", "fma.rn.f16", "neg.f16", "abs.f16", "max.f16",
                   "min.f16", "setp.eq.f16", "setp.ne.f16", "cvt.rmi.f16.f16", "cvt.rn.f16.f32", "cvt.f32.f16"):
        assert needle in compiled.ptx, needle
    ptxas_ok(tmp_path, compiled.ptx, "half", skip=True)


def test_half_kernel_in_the_simulator(monkeypatch):
    monkeypatch.setattr(config, "SIMULATE", True)
    a, b, s = half_inputs()
    out, flags = np.zeros((a.size, 22), np.float16), np.zeros((a.size, 7), np.bool_)
    K.half_kernel[2, 32](out, flags, a, b, s)
    ref, ref_flags = K.half_reference(a, b, s)
    np.testing.assert_array_equal(out, ref)
    np.testing.assert_array_equal(flags, ref_flags)


def test_fp16_functions_as_python_match_numpy():
    h = np.float16
    assert fp16.hdiv(h(1), h(3)) == h(1) / h(3) and fp16.hmax(h(np.nan), h(2)) == 2
    assert not fp16.hne(h(np.nan), h(1)) and fp16.hne(h(2), h(1))
    assert fp16.hfma(h(0.1), h(0.2), h(-0.02)) == h(np.float64(h(0.1)) * np.float64(h(0.2)) - np.float64(h(0.02)))


def test_half_errors():
    def wrong_arity(out):
        out[0] = fp16.hadd(out[0])
    with pytest.raises(TypingError, match="takes 2 numbers"):
        compile_kernel(wrong_arity, (Array(float16, 1, "C"),), {})

    def half_atomic(out):                       # numba-cuda's atomics take no float16 either
        cuda.atomic.add(out, 0, out[1])
    with pytest.raises(TypingError, match=r"cuda.atomic.add\(\) works on arrays of int32.*not float16"):
        compile_kernel(half_atomic, (Array(float16, 1, "C"),), {})

    @njit
    def on_the_cpu(x):
        return fp16.hadd(x, x)
    with pytest.raises(NumjitError, match="only be used in CUDA kernels"):
        on_the_cpu(1.0)


@cuda.jit
def half_memories(out, a):
    tile = cuda.shared.array(32, float16)
    scratch = cuda.local.array(2, np.float16)
    i = cuda.threadIdx.x
    tile[i] = a[i]
    scratch[0] = a[i] * float16(2)               # numba's float16(value): a cast (a np.float16 in Python)
    cuda.syncthreads()
    out[i] = tile[31 - i] + scratch[0]


def test_half_shared_and_local_arrays(tmp_path, monkeypatch):
    compiled = compile_kernel(half_memories.py_func, (Array(float16, 1, "C"),) * 2, {}, (8, 0))
    assert ".shared .align 16 .b8" in compiled.ptx and "st.shared.b16" in compiled.ptx
    ptxas_ok(tmp_path, compiled.ptx, "mem")
    monkeypatch.setattr(config, "SIMULATE", True)
    a = np.linspace(-4, 4, 32).astype(np.float16)
    out = np.zeros_like(a)
    half_memories[1, 32](out, a)
    np.testing.assert_array_equal(out, a[::-1] + a * np.float16(2))


def half_math(out, a):
    i = cuda.grid(1)
    h = a[i]
    out[i, 0] = math.sqrt(h) + abs(h) + min(h, a[0]) + max(h, 1) + round(h) + math.floor(h)
    out[i, 1] = h ** 2 + h ** 0.5 + h ** a[0] + math.pow(h, h)      # llvm.pow.f16 made LLVM abort
    out[i, 2] = np.exp(h) + np.sin(h) + np.log(h) + np.tanh(h) + np.arctan2(h, h) + math.exp(h)
    out[i, 3] = h // a[0] + h % a[0] + np.float32(h) + np.int32(h) + float(h) + int(h)
    out[i, 4] = math.copysign(h, -1.0) + math.hypot(h, h) + math.fmod(h, 2.0) + np.isnan(h) + math.isfinite(h)


def test_python_and_numpy_math_on_halves_compiles(tmp_path):
    """Every math route on float16 values ends in code NVPTX can select (float32 where PTX has no f16)."""
    compiled = compile_kernel(half_math, (Array(float16, 2, "C"), Array(float16, 1, "C")), {}, (8, 0))
    assert "cvt.rni.f16.f16" in compiled.ptx and "abs.f16" in compiled.ptx
    ptxas_ok(tmp_path, compiled.ptx, "math")


def test_math_functions_on_halves_return_what_numba_cuda_returns(tmp_path):
    """sin, cos, ceil, floor, sqrt, log, log2, log10, exp, fabs, trunc: float16 (computed in float32,
    rounded); the others float32."""
    from numjit.typing.registry import resolve
    for f in K.HALF_MATH:
        expected = numjit_types.float32 if f is math.tan else float16
        assert resolve(f, (float16,)).signature.return_type == expected, f
    compiled = compile_kernel(K.half_math_kernel.py_func, (Array(numjit_types.float32, 2, "C"),
                                                          Array(float16, 1, "C")), {}, (8, 0))
    assert compiled.ptx.count("cvt.rn.f16.f32") >= 8          # the float32 results rounded to half
    ptxas_ok(tmp_path, compiled.ptx, "halfmath")
