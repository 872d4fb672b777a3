"""PTX generation for kernels using every cuda.* primitive, validated with ptxas where installed;
GPU-only constructs refused with located errors. Runs everywhere (no GPU needed)."""
import math
import os
import shutil
import subprocess

import numpy as np
import pytest

import gpu_kernels as K
from numjit import config, cuda, njit, typeof, float32, float64, int32, int64, uint32, complex64, complex128
from numjit.errors import TypingError, UnsupportedError
from numjit.types import Array
from numjit.cuda.compiler import compile_kernel

PTXAS = shutil.which("ptxas") or next((p for p in ("/usr/local/cuda/bin/ptxas",) if os.path.exists(p)), None)


def ptxas_ok(tmp_path, ptx, name, skip=False):
    """ptxas accepts `ptx` for sm_80 (where it is installed; else `skip` skips the test, saying so)."""
    if PTXAS is None:
        if skip:
            pytest.skip("ptxas is not installed: PTX generated but not validated")
        return
    path = tmp_path / f"{name}.ptx"
    path.write_text(ptx)
    run = subprocess.run([PTXAS, "-arch=sm_80", str(path), "-o", os.devnull], capture_output=True, text=True)
    assert run.returncode == 0, (name, run.stderr)


def arr(dtype, ndim, layout="C"):
    return Array(dtype, ndim, layout)


KERNELS = [
    (K.add_kernel, (arr(float32, 1),) * 3, ["ld.global", "st.global"]),
    (K.math_kernel, (arr(float64, 2), arr(float64, 1)), ["sqrt.rn.f64", "fma.rn.f64"]),
    (K.math_kernel, (arr(float32, 2), arr(float32, 1)), ["sqrt.rn.f32", "ex2.approx"]),
    (K.grid2d_kernel, (arr(int64, 2),), ["%ctaid.y", "%tid.y"]),
    (K.registers_kernel, (arr(int32, 2),), ["%tid.x", "%laneid", "%nctaid.x"]),
    (K.shared_reverse, (arr(float32, 1),) * 2, [".shared", "bar.sync"]),
    (K.dynamic_shared_sum, (arr(float64, 1),) * 2, [".extern .shared"]),
    (K.local_and_const, (arr(int32, 1),) * 2, []),
    (K.atomics_kernel, (arr(int64, 1), arr(float32, 1), arr(int64, 1), arr(float64, 1)),
     ["atom.global.add.u64", "atom.global.add.f32", "atom.global.max.s64", "atom.global.or.b64",
      "atom.global.exch.b64", "cas.b64"]),
    (K.warp_kernel, (arr(int64, 2), arr(int32, 1)),
     ["shfl.sync.idx.b32", "shfl.sync.down.b32", "shfl.sync.bfly.b32", "vote.sync.ballot.b32",
      "vote.sync.all.pred", "vote.sync.any.pred", "bar.red.popc.u32", "bar.red.or.pred", "bar.warp.sync",
      "activemask.b32", "%lanemask_lt", "membar.cta"]),
    (K.bits_kernel, (arr(uint32, 2), arr(uint32, 1)), ["popc.b32", "brev.b32", "clz.b32"]),
    (K.device_call_kernel, (arr(float32, 1), arr(float32, 1), float64), []),
    (K.complex_math_kernel, (arr(complex64, 2), arr(complex64, 1)),       # cmath: formulas in double, rounded
     ["cvt.f64.f32", "cvt.rn.f32.f64", "copysign.f64", "sqrt.rn.f64"]),
]


def test_kernels_compile_to_valid_ptx(tmp_path):
    for kernel, argtypes, needles in KERNELS:
        compiled = compile_kernel(kernel.py_func, argtypes, {}, (8, 0))
        assert f".visible .entry {compiled.name}(" in compiled.ptx
        for needle in needles:
            assert needle in compiled.ptx, (kernel.__name__, needle)
        ptxas_ok(tmp_path, compiled.ptx, kernel.__name__, skip=True)


def many_math(out, x, y):
    out[0] = x % y + x // y + math.fmod(x, y) + math.ldexp(x, 3) + x ** y + math.hypot(x, y)
    out[1] = math.gamma(x) + math.lgamma(x) + math.erfc(x) + math.atan2(x, y) + round(x) + round(x, 2)
    out[2] = 2.0 ** x + math.log2(x) + math.log10(x) + np.exp(x) + np.sin(x) + math.cosh(x) + math.asinh(x)
    out[3] = math.expm1(x) + math.nextafter(x, y) + math.remainder(x, y) + math.tan(x) + math.modf(x)[0]
    out[4] = math.frexp(x)[0] + np.power(x, y) + abs(complex(x, y) * complex(y, x)) + math.copysign(x, y)


def test_math_library_on_the_gpu(tmp_path):
    """Every math function LLVM's NVPTX backend cannot lower itself goes to libdevice: no LLVM
    abort, valid PTX, for float32 and float64."""
    for dt in (float32, float64):
        compiled = compile_kernel(many_math, (arr(dt, 1), dt, dt), {}, (8, 0))
        ptxas_ok(tmp_path, compiled.ptx, f"math_{dt}")


def test_declared_signature_compiles_eagerly_and_parameters_flatten():
    assert K.saxpy_declared.signatures == [(float32[::1], float32[::1], float32)]
    compiled = K.saxpy_declared.specializations[K.saxpy_declared.signatures[0]].compiled
    assert compiled.params == "PqqPqqf"         # each array: data pointer, shape, strides
    assert "fma.rn.f32" in compiled.ptx
    assert ".visible .func" in K.scaled.inspect_asm((float32, float64))     # a device function on its own


def _alloc_kernel(out):
    tmp = np.zeros(4)
    out[0] = tmp[0]


def _returns(out):
    return 1


def _raises(out, n):
    if n > 0:
        raise ValueError("bad n", n)


def _dynamic_grid(out, n):
    out[0] = cuda.grid(n)


def _bad_atomic(out):
    cuda.atomic.and_(out, 0, 1.0)


def _array_expression(out, a):
    out[:] = a + 1.0


def _list(out):
    xs = [1.0, 2.0]
    out[0] = xs[0]


def _print(out):
    print(out)


@pytest.mark.parametrize("func, argtypes, error, words", [
    (_alloc_kernel, (arr(float64, 1),), TypingError, "cannot allocate arrays"),
    (_returns, (arr(float64, 1),), TypingError, "returns nothing"),
    (_raises, (arr(float64, 1), int64), TypingError, "at most one constant message"),
    (_dynamic_grid, (arr(int64, 1), int64), TypingError, "constant"),
    (_bad_atomic, (arr(float64, 1),), TypingError, "integer arrays only"),
    (_array_expression, (arr(float64, 1), arr(float64, 1)), TypingError, "allocate"),
    (_list, (arr(float64, 1),), TypingError, "cannot use lists"),
    (_print, (arr(float64, 1),), TypingError, "print() in a CUDA kernel takes numbers"),
])
def test_gpu_errors_are_located(func, argtypes, error, words):
    with pytest.raises(error) as info:
        compile_kernel(func, argtypes, {})
    assert words in str(info.value)
    assert "test_ptx.py" in str(info.value)            # at the user's line


def test_primitives_outside_kernels():
    @njit
    def cpu(x):
        return cuda.threadIdx.x + x
    with pytest.raises(UnsupportedError, match="only be used in CUDA kernels"):
        cpu(1)
    with pytest.raises(RuntimeError, match="inside a kernel"):
        cuda.syncthreads()


def test_launch_configuration_and_argument_errors():
    for bad in [(0, 32), (1, 2048), (1,), ((1, 2, 3, 4), 1), (1.5, 32), (1, 32, 0, -1)]:
        with pytest.raises(ValueError):
            K.add_kernel[bad]
    with pytest.raises(TypeError, match="argument 2: a CUDA kernel cannot take"):
        K.add_kernel.compile((arr(float32, 1), typeof([1.0]), arr(float32, 1)))      # a list


def test_cache_stores_and_reuses_ptx(tmp_path, monkeypatch):
    from numjit.cuda import cache
    monkeypatch.setattr(config, "CACHE_DIR", str(tmp_path))

    def scale(x, k):
        i = cuda.grid(1)
        if i < x.size:
            x[i] *= k
    types_ = (arr(float32, 1), float32)
    first = cuda.jit(cache=True)(scale).compile(types_)
    assert list(tmp_path.glob("*.cuda.*.json"))
    hits = cache.STATS["hits"]
    again = cuda.jit(cache=True)(scale).compile(types_)
    assert cache.STATS["hits"] == hits + 1 and again.compiled.ptx == first.compiled.ptx


def test_cache_key_follows_device_functions():
    from numjit.cuda.cache import cache_key

    def make(factor):
        @cuda.jit(device=True)
        def scaled(x):
            return x * factor

        def kernel(out):
            out[0] = scaled(out[0])
        return kernel
    keys = {cache_key(make(f), (arr(float64, 1),), {}, (8, 0)) for f in (2.0, 3.0, 2.0)}
    assert len(keys) == 2                     # a changed device function is a new key; the same one is not


def test_opt_false_skips_llvm_optimisation(tmp_path, monkeypatch):
    """cuda.jit(opt=False): LLVM's O0 pipeline (locals stay in the stack frame) and O0 code
    generator, still valid PTX, and its own cache key."""
    from numjit.cuda import cache, target
    machines, original = [], target.target_machine
    monkeypatch.setattr(target, "target_machine", lambda cc, level=3: machines.append(level) or original(cc, level))
    types_ = (arr(float64, 1),) * 3
    plain = cuda.jit(K.add_kernel.py_func).compile(types_).compiled
    assert 0 not in machines
    unoptimised = cuda.jit(opt=False)(K.add_kernel.py_func).compile(types_).compiled
    assert 0 in machines
    assert plain.opt and not unoptimised.opt
    assert "__local_depot" in unoptimised.ptx and ".func" in unoptimised.ptx     # not inlined, not promoted
    assert "__local_depot" not in plain.ptx and ".func" not in plain.ptx
    assert cache.cache_key(K.add_kernel.py_func, types_, {}, (8, 0), opt=False) != \
        cache.cache_key(K.add_kernel.py_func, types_, {}, (8, 0))
    ptxas_ok(tmp_path, unoptimised.ptx, "o0")
