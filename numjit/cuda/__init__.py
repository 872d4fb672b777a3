"""numjit.cuda: CUDA kernels written in Python, with numba.cuda's names.

Kernels compile to PTX through LLVM's NVPTX backend (numjit/cuda/compiler.py) and run
through the driver (NVIDIA's cuda-bindings, imported on first use); with
NUMJIT_ENABLE_CUDASIM=1 (or NUMBA_ENABLE_CUDASIM=1) they run in the simulator instead.

    >>> from numjit import cuda
    >>> @cuda.jit
    ... def double(x):
    ...     i = cuda.grid(1)
    ...     if i < x.size:
    ...         x[i] *= 2
    >>> double.__name__
    'double'
"""
from .stubs import (threadIdx, blockIdx, blockDim, gridDim, grid, gridsize, syncthreads, syncthreads_count,
                    syncthreads_and, syncthreads_or, syncwarp, shfl_sync, shfl_up_sync, shfl_down_sync,
                    shfl_xor_sync, all_sync, any_sync, ballot_sync, threadfence, threadfence_block,
                    threadfence_system, activemask, lanemask_lt, selp, fma, popc, brev, clz, ffs,
                    shared, local, const, atomic, WARPSIZE as warpsize, simulated)  # noqa: F401 (the API)
from .dispatcher import jit
from . import fp16  # noqa: F401 (cuda.fp16.hadd, ...)
from .driver import CudaDriverError, CudaSupportError


def _memory():
    """The module that makes arrays: the simulator's or the device's."""
    if simulated():
        from .simulator import memory
        return memory
    from . import devicearray
    return devicearray


def reduce(func):
    """numba.cuda.reduce: `@cuda.reduce def add(a, b): return a + b`, then `add(array)`."""
    from .ufunc import Reduce
    return Reduce(func)


Reduce = reduce


def to_device(obj, stream=0, copy=True, to=None):
    return _memory().to_device(obj, stream=stream, copy=copy, to=to)


def device_array(shape, dtype=float, strides=None, order="C", stream=0):
    return _memory().device_array(shape, dtype, strides=strides, order=order, stream=stream)


def device_array_like(ary, stream=0):
    return _memory().device_array_like(ary, stream=stream)


def pinned_array(shape, dtype=float, strides=None, order="C"):
    return _memory().pinned_array(shape, dtype, strides=strides, order=order)


def mapped_array(shape, dtype=float, strides=None, order="C", stream=0, portable=False, wc=False):
    return _memory().mapped_array(shape, dtype, strides=strides, order=order)


def as_cuda_array(obj, sync=True):
    return _memory().as_cuda_array(obj)


def is_cuda_array(obj):
    return _memory().is_cuda_array(obj)


def pinned(*arrays):
    import contextlib
    return contextlib.nullcontext()


def stream():
    if simulated():
        from .simulator.memory import FakeStream
        return FakeStream()
    from .streams import Stream
    return Stream()


def default_stream():
    if simulated():
        from .simulator.memory import FakeStream
        return FakeStream()
    from .streams import Stream
    return Stream(0)


legacy_default_stream = per_thread_default_stream = default_stream


def event(timing=True):
    if simulated():
        from .simulator.memory import FakeEvent
        return FakeEvent()
    from .streams import Event
    return Event(timing)


def event_elapsed_time(start, end):
    return start.elapsed_time(end)


def synchronize():
    if not simulated():
        from . import driver
        driver.current_context().synchronize()


def is_available():
    """True when kernels can run: the simulator is on, or a driver and a GPU are there."""
    if simulated():
        return True
    from . import driver
    return driver.available()


def detect():
    """Print the CUDA devices found; True when there is at least one."""
    if simulated():
        print("Found 1 CUDA devices\nid 0    SIMULATOR                              [SUPPORTED]")
        return True
    from . import driver
    if not driver.available():
        print("CUDA driver or device not available")
        return False
    print(f"Found {driver.device_count()} CUDA devices")
    for i in range(driver.device_count()):
        dev = driver.get_device(i)
        cc = ".".join(map(str, dev.compute_capability))
        print(f"id {i}    {dev.name:<40} [SUPPORTED]\n                      Compute Capability: {cc}")
    return True


def select_device(device_id):
    if simulated():
        from .simulator.memory import FAKE_DEVICE
        return FAKE_DEVICE
    from . import driver
    return driver.select_device(device_id)


def get_current_device():
    if simulated():
        from .simulator.memory import FAKE_DEVICE
        return FAKE_DEVICE
    from . import driver
    return driver.current_context().device


def current_context(devnum=None):
    if simulated():
        from .simulator.memory import FAKE_CONTEXT
        return FAKE_CONTEXT
    from . import driver
    if devnum is not None:
        driver.select_device(devnum)
    return driver.current_context()


def close():
    """numba's cuda.close(): forget this thread's context (device memory freed with its arrays)."""
    from . import driver
    driver._tls.context = None


def __getattr__(name):
    if name == "laneid":            # the calling thread's lane: a register in kernels, the simulator's value
        from .stubs import laneid_register, simulating, current_thread_state
        return current_thread_state().laneid if simulating() else laneid_register
    if name == "simulator_enabled":
        return simulated()
    if name == "DeviceNDArray":
        from .devicearray import DeviceNDArray
        return DeviceNDArray
    raise AttributeError(f"module 'numjit.cuda' has no attribute {name!r}")
