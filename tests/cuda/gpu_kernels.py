"""Kernels shared by the GPU tests and the simulator tests (plain numba-style CUDA Python)."""
import math

import numpy as np

from numjit import cuda, float32, float64, int32


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


# -- NumPy references -------------------------------------------------------------------------
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
