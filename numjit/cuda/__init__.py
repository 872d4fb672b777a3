"""numjit.cuda: CUDA kernels written in Python, with numba.cuda's names.

    >>> from numjit import cuda
    >>> @cuda.jit
    ... def double(x):
    ...     i = cuda.grid(1)
    ...     if i < x.size:
    ...         x[i] *= 2
    >>> callable(double[1, 32])
    True
"""
from .stubs import (threadIdx, blockIdx, blockDim, gridDim, grid, gridsize, syncthreads, syncthreads_count,
                    syncthreads_and, syncthreads_or, syncwarp, shfl_sync, shfl_up_sync, shfl_down_sync,
                    shfl_xor_sync, all_sync, any_sync, ballot_sync, threadfence, fma, popc, brev, clz, ffs,
                    shared, local, const, atomic, WARPSIZE as warpsize)


def __getattr__(name):
    if name == "laneid":            # the calling thread's lane: a register in kernels, the simulator's value
        from .stubs import laneid_register, simulating, current_thread_state
        return current_thread_state().laneid if simulating() else laneid_register
    raise AttributeError(f"module 'numjit.cuda' has no attribute {name!r}")
