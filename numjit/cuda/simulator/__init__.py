"""The CUDA simulator: kernels run as Python on threads, one per CUDA thread of a block.

Enabled by NUMJIT_ENABLE_CUDASIM=1 (or NUMBA_ENABLE_CUDASIM=1), or for a test by setting
`numjit.config.SIMULATE = True`. Blocks run one after another; the threads of a block run
concurrently, so `cuda.syncthreads()`, shared memory and warp functions behave as on the
GPU (kernel.py). Device arrays are NumPy arrays in disguise (memory.py); indexes out of
range raise IndexError.

    >>> from numjit.cuda.simulator.kernel import BlockBarrier
    >>> BlockBarrier(1).wait(True)
    [True]
"""
