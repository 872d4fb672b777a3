"""Kernels shared by the GPU tests and the simulator tests (plain numba-style CUDA Python)."""
import cmath
import math

import numpy as np

from numjit import cuda, float32, float64, int32
from numjit.cuda import fp16


@cuda.jit
def add_kernel(out, a, b):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a[i] + b[i]


@cuda.jit
def math_kernel(out, x):
    i = cuda.grid(1)
    if i < x.size:
        v = x[i]
        out[i, 0] = math.exp(v)
        out[i, 1] = math.sin(v) + math.cos(v)
        out[i, 2] = math.sqrt(abs(v)) + math.log1p(abs(v))
        out[i, 3] = math.tanh(v) + math.atan2(v, 2.0) + v ** 2.5 if v > 0 else math.erf(v)


@cuda.jit
def grid2d_kernel(out):
    x, y = cuda.grid(2)
    w, h = cuda.gridsize(2)
    if x < out.shape[0] and y < out.shape[1]:
        out[x, y] = x * 1000 + y + 0 * (w + h)


@cuda.jit
def registers_kernel(out):
    i = cuda.grid(1)
    if i < out.shape[0]:
        out[i, 0] = cuda.threadIdx.x
        out[i, 1] = cuda.blockIdx.x
        out[i, 2] = cuda.blockDim.x
        out[i, 3] = cuda.gridDim.x
        out[i, 4] = cuda.laneid
        out[i, 5] = cuda.warpsize


@cuda.jit
def shared_reverse(out, x):
    tile = cuda.shared.array(64, float32)
    t = cuda.threadIdx.x
    base = cuda.blockIdx.x * cuda.blockDim.x
    tile[t] = x[base + t]
    cuda.syncthreads()
    out[base + t] = tile[cuda.blockDim.x - 1 - t]


@cuda.jit
def dynamic_shared_sum(out, x):
    buf = cuda.shared.array(0, float64)
    t = cuda.threadIdx.x
    buf[t] = x[t]
    cuda.syncthreads()
    if t == 0:
        s = 0.0
        for k in range(cuda.blockDim.x):
            s += buf[k]
        out[0] = s


@cuda.jit
def local_and_const(out, x):
    scratch = cuda.local.array(4, int32)
    i = cuda.grid(1)
    if i < out.size:
        for k in range(4):
            scratch[k] = k * i
        out[i] = scratch[3] + x[i]


@cuda.jit
def atomics_kernel(counters, fsum, imax, fmin):
    i = cuda.grid(1)
    cuda.atomic.add(counters, 0, 1)
    cuda.atomic.sub(counters, 1, 2)
    cuda.atomic.max(imax, 0, i)
    cuda.atomic.min(fmin, 0, float(i) - 5.0)
    cuda.atomic.add(fsum, 0, 0.5)
    cuda.atomic.or_(counters, 2, 1 << (i % 8))
    cuda.atomic.and_(counters, 3, ~(1 << (i % 4)))
    cuda.atomic.xor(counters, 4, 1)
    cuda.atomic.exch(counters, 5, 7)
    cuda.atomic.cas(counters, 6, 0, 42)
    cuda.atomic.inc(counters, 7, 10)
    cuda.atomic.dec(counters, 8, 10)


@cuda.jit
def warp_kernel(out, x):
    i = cuda.grid(1)
    v = x[i]
    out[i, 0] = cuda.shfl_sync(0xFFFFFFFF, v, 0)
    out[i, 1] = cuda.shfl_down_sync(0xFFFFFFFF, v, 1)
    out[i, 2] = cuda.shfl_xor_sync(0xFFFFFFFF, v, 1)
    out[i, 3] = cuda.ballot_sync(0xFFFFFFFF, v > 10)
    out[i, 4] = cuda.all_sync(0xFFFFFFFF, v >= 0)
    out[i, 5] = cuda.any_sync(0xFFFFFFFF, v > 30)
    out[i, 6] = cuda.syncthreads_count(v % 2 == 0)
    out[i, 7] = cuda.syncthreads_or(v == 3)
    cuda.syncwarp()
    cuda.threadfence_block()
    out[i, 8] = cuda.activemask()
    out[i, 9] = cuda.selp(v > 5, cuda.lanemask_lt(), -1)


@cuda.jit
def bits_kernel(out, x):
    i = cuda.grid(1)
    if i < x.size:
        v = x[i]
        out[i, 0] = cuda.popc(v)
        out[i, 1] = cuda.brev(v)
        out[i, 2] = cuda.clz(v)
        out[i, 3] = cuda.ffs(v)


@cuda.jit(device=True)
def scaled(x, k):
    return x * k + 1.0


@cuda.jit
def device_call_kernel(out, x, k):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = scaled(x[i], k)


@cuda.jit
def divide_kernel(out, a, b):
    out[0] = a // b             # numba-cuda's error model: no exception, 0 for integer division by 0
    out[1] = a % b


@cuda.jit("void(float32[::1], float32[::1], float32)")
def saxpy_declared(out, x, a):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = cuda.fma(a, x[i], out[i])


@cuda.jit(["void(float32[:], float32[:], float32)", "void(float64[:], float64[:], float64)"])
def scale_declared(out, x, k):
    """Two declared signatures: launches dispatch by the arguments' classes."""
    i = cuda.grid(1)
    if i < out.size:
        out[i] = x[i] * k


@cuda.jit("void(float64[::1], boolean, int16, uint32, float32, float64, complex64, complex128)")
def declared_scalars(out, flag, small, unsigned, single, double, z64, z128):
    """One declared signature: the scalars as it converts them (numba's casts), written out."""
    out[0], out[1], out[2], out[3], out[4] = flag, small, unsigned, single, double
    out[5], out[6], out[7], out[8] = z64.real, z64.imag, z128.real, z128.imag


SCALAR_TYPES = (np.bool_, np.int16, np.uint32, np.float32, np.float64, np.complex64, np.complex128)


class CudaArrayInterface:
    """The `__cuda_array_interface__` of a device array and nothing else (as CuPy and PyTorch expose)."""

    def __init__(self, device_array):
        self.base = device_array
        pointer = device_array.__cuda_array_interface__["data"][0]
        self.__cuda_array_interface__ = {"shape": device_array.shape, "strides": device_array.strides,
                                         "typestr": device_array.dtype.str, "data": (pointer, False), "version": 3}


@cuda.jit
def half_kernel(out, flags, a, b, s):
    """Every cuda.fp16 function, half operators and conversions (out: float16 (n, 22), flags: bool (n, 7))."""
    i = cuda.grid(1)
    if i < a.size:
        x, y = a[i], b[i]
        out[i, 0] = fp16.hadd(x, y)
        out[i, 1] = fp16.hsub(x, y)
        out[i, 2] = fp16.hmul(x, y)
        out[i, 3] = fp16.hdiv(x, y)
        out[i, 4] = fp16.hfma(x, y, s)
        out[i, 5] = fp16.hneg(x)
        out[i, 6] = fp16.habs(x)
        out[i, 7] = fp16.hmax(x, y)
        out[i, 8] = fp16.hmin(x, y)
        out[i, 9] = fp16.hsqrt(y)
        out[i, 10] = fp16.hrsqrt(y)
        out[i, 11] = fp16.hrcp(y)
        out[i, 12] = fp16.hexp(x) + fp16.hexp2(x) * 0
        out[i, 13] = fp16.hlog(y)
        out[i, 14] = fp16.hlog2(y) + fp16.hlog10(y)
        out[i, 15] = fp16.hsin(x)
        out[i, 16] = fp16.hcos(x)
        out[i, 17] = fp16.hfloor(x) + fp16.hceil(y)
        out[i, 18] = fp16.htrunc(x) - fp16.hrint(y)
        out[i, 19] = x + y if x < y else x - y                # operators on float16 values
        out[i, 20] = np.float16(np.float32(x) * 3.0)          # conversions both ways
        out[i, 21] = np.float16(i) - s
        flags[i, 0] = fp16.heq(x, y)
        flags[i, 1] = fp16.hne(x, y)
        flags[i, 2] = fp16.hlt(x, y)
        flags[i, 3] = fp16.hle(x, y)
        flags[i, 4] = fp16.hgt(x, y)
        flags[i, 5] = fp16.hge(x, y)
        flags[i, 6] = x >= y


# numba-cuda's math functions with a float16 result (compute in float32, round), and one without
HALF_MATH = (math.sin, math.cos, math.ceil, math.floor, math.sqrt, math.log, math.log2, math.log10, math.exp,
             math.fabs, math.trunc, math.tan)


@cuda.jit
def half_math_kernel(out, a):
    """out: float32 (n, 12): each value as the function returns it (half-rounded or float32)."""
    i = cuda.grid(1)
    if i < a.size:
        h = a[i]
        out[i, 0], out[i, 1], out[i, 2], out[i, 3] = math.sin(h), math.cos(h), math.ceil(h), math.floor(h)
        out[i, 4], out[i, 5], out[i, 6], out[i, 7] = math.sqrt(h), math.log(h), math.log2(h), math.log10(h)
        out[i, 8], out[i, 9], out[i, 10], out[i, 11] = math.exp(h), math.fabs(h), math.trunc(h), math.tan(h)


@cuda.jit
def print_kernel(x, n, flag, h):
    i = cuda.grid(1)
    if i < x.size:
        print("item", i, "of", n, ":", x[i], flag, h, None, "100%")
        print(x[i], -int(n), sep=", ", end=";\n")


def scale_in_place(x, k):
    """Compiled by the cache=True tests themselves."""
    i = cuda.grid(1)
    if i < x.size:
        x[i] *= k

# -- scalar and gufunc kernels of vectorize/guvectorize(target="cuda") ---------------------------

def clip(x, lo, hi):
    return lo if x < lo else (hi if x > hi else x)


def add(a, b):
    return a + b


def sigmoid(a, b):
    return 1.0 / (a + math.exp(-b))


def shift(x, c, out):
    for i in range(x.shape[0]):
        out[i] = x[i] + c


@cuda.jit
def complex_math_kernel(out, z):
    """cmath's functions (formulas over libdevice on the GPU) and complex arithmetic."""
    i = cuda.grid(1)
    if i < z.size:
        w = z[i]
        out[i, 0], out[i, 1], out[i, 2] = cmath.exp(w), cmath.log(w), cmath.sqrt(w)
        out[i, 3], out[i, 4], out[i, 5] = cmath.sin(w), cmath.cos(w), cmath.tan(w)
        out[i, 6], out[i, 7], out[i, 8] = cmath.sinh(w), cmath.cosh(w), cmath.tanh(w)
        out[i, 9], out[i, 10], out[i, 11] = cmath.asin(w), cmath.acos(w), cmath.atan(w)
        out[i, 12], out[i, 13], out[i, 14] = cmath.asinh(w), cmath.acosh(w), cmath.atanh(w)
        out[i, 15] = w * w.conjugate() / (w + 2) - abs(w) + cmath.phase(w) * 1j + cmath.log10(w) + w ** 2


# -- NumPy references -------------------------------------------------------------------------
CMATH_NUMPY = (np.exp, np.log, np.sqrt, np.sin, np.cos, np.tan, np.sinh, np.cosh, np.tanh, np.arcsin, np.arccos,
               np.arctan, np.arcsinh, np.arccosh, np.arctanh)


def complex_math_reference(z):
    z = z.astype(np.complex128)
    last = z * z.conj() / (z + 2) - abs(z) + np.angle(z) * 1j + np.log(z) / np.log(10.0) + z * z
    return np.stack([f(z) for f in CMATH_NUMPY] + [last], axis=1)


def math_reference(x):
    out = np.empty((x.size, 4), x.dtype)
    for i, v in enumerate(x.tolist()):
        out[i, 0] = math.exp(v)
        out[i, 1] = math.sin(v) + math.cos(v)
        out[i, 2] = math.sqrt(abs(v)) + math.log1p(abs(v))
        out[i, 3] = math.tanh(v) + math.atan2(v, 2.0) + v ** 2.5 if v > 0 else math.erf(v)
    return out


def bits_reference(x):
    out = np.empty((x.size, 4), np.uint32)
    for i, v in enumerate(x.tolist()):
        out[i] = (bin(v).count("1"), int(format(v, "032b")[::-1], 2), 32 - v.bit_length(),
                  (v & -v).bit_length())
    return out


def half_math_reference(a):
    """half_math_kernel: float32 math on the half values, rounded to half except for tan (float32)."""
    with np.errstate(all="ignore"):
        cols = [np.vectorize(f, otypes=[np.float32])(a.astype(np.float32)) for f in HALF_MATH]
    return np.stack([c.astype(np.float16).astype(np.float32) if f is not math.tan else c
                     for f, c in zip(HALF_MATH, cols)], axis=1)


def half_reference(a, b, s):
    """half_kernel in NumPy float16 arithmetic (NumPy computes each operation in float32 and rounds)."""
    h, f = np.float16, np.float32
    with np.errstate(all="ignore"):
        ref = np.stack([a + b, a - b, a * b, a / b, (a.astype(np.float64) * b + s).astype(h), -a, np.abs(a),
                        np.fmax(a, b), np.fmin(a, b), np.sqrt(b), (1 / np.sqrt(b.astype(f))).astype(h),
                        (1 / b.astype(f)).astype(h), np.exp(a), np.log(b), np.log2(b) + np.log10(b), np.sin(a),
                        np.cos(a), np.floor(a) + np.ceil(b), np.trunc(a) - np.rint(b), np.where(a < b, a + b, a - b),
                        (a.astype(f) * f(3.0)).astype(h), np.arange(a.size).astype(h) - s], axis=1)
    nan = np.isnan(a) | np.isnan(b)
    flags = np.stack([a == b, (a != b) & ~nan, a < b, a <= b, a > b, a >= b, a >= b], axis=1)
    return ref.astype(h), flags
