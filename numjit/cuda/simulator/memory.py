"""Device memory in the simulator: NumPy arrays behind numba's device-array methods, and
stand-ins for streams, events, the device and its context.

    >>> import numpy as np
    >>> d = to_device(np.arange(4.0))
    >>> d[1:3].copy_to_host()
    array([1., 2.])
"""
import contextlib

import numpy as np


class FakeDeviceArray:
    """A 'device' array of the simulator: a NumPy array (its `_ary`)."""
    __array_priority__ = 100

    def __init__(self, ary, stream=0):
        self._ary = ary
        self.stream = stream

    shape = property(lambda self: self._ary.shape)
    strides = property(lambda self: self._ary.strides)
    dtype = property(lambda self: self._ary.dtype)
    size = property(lambda self: self._ary.size)
    ndim = property(lambda self: self._ary.ndim)
    nbytes = property(lambda self: self._ary.nbytes)
    T = property(lambda self: FakeDeviceArray(self._ary.T))

    def __len__(self):
        return len(self._ary)

    def __array__(self, dtype=None, copy=None):
        return self._ary if dtype is None else self._ary.astype(dtype)

    def __repr__(self):
        return f"<simulated DeviceNDArray shape={self.shape} dtype={self.dtype}>"

    def copy_to_host(self, ary=None, stream=0):
        if ary is None:
            return self._ary.copy()
        if ary.shape != self.shape or ary.dtype != self.dtype:
            raise ValueError(f"copy_to_host: the host array must be a {self.shape} {self.dtype} array")
        ary[...] = self._ary
        return ary

    def copy_to_device(self, ary, stream=0):
        self._ary[...] = np.asarray(ary)

    def __getitem__(self, index):
        item = self._ary[index]
        return FakeDeviceArray(item) if isinstance(item, np.ndarray) else item

    def __setitem__(self, index, value):
        self._ary[index] = value

    def reshape(self, *shape, order="C"):
        return FakeDeviceArray(self._ary.reshape(*shape, order=order))

    def ravel(self, order="C"):
        return FakeDeviceArray(self._ary.ravel(order))

    def is_c_contiguous(self):
        return self._ary.flags.c_contiguous

    def is_f_contiguous(self):
        return self._ary.flags.f_contiguous

    def split(self, section, stream=0):
        return [self[i:i + section] for i in range(0, self.shape[0], section)]


def kernel_argument(value):
    """What a simulated kernel receives for an argument: arrays as NumPy arrays."""
    if isinstance(value, FakeDeviceArray):
        return value._ary
    if not isinstance(value, np.ndarray) and hasattr(value, "__cuda_array_interface__"):
        raise TypeError("the CUDA simulator cannot read GPU memory (an object with __cuda_array_interface__)")
    return value


def to_device(obj, stream=0, copy=True, to=None):
    if to is not None:
        to.copy_to_device(obj)
        return to
    if isinstance(obj, FakeDeviceArray):
        return obj
    return FakeDeviceArray(np.array(obj, copy=True) if copy else np.empty_like(obj), stream)


def device_array(shape, dtype=np.float64, strides=None, order="C", stream=0):
    return FakeDeviceArray(np.zeros(shape, dtype, order=order), stream)


def device_array_like(ary, stream=0):
    return FakeDeviceArray(np.zeros_like(np.asarray(ary)), stream)


def pinned_array(shape, dtype=np.float64, strides=None, order="C"):
    return np.zeros(shape, dtype, order=order)


mapped_array = pinned_array


def is_cuda_array(obj):
    return isinstance(obj, FakeDeviceArray) or hasattr(obj, "__cuda_array_interface__")


def as_cuda_array(obj):
    if isinstance(obj, FakeDeviceArray):
        return obj
    raise TypeError("the CUDA simulator cannot read GPU memory (as_cuda_array)")


class FakeStream:
    handle = 0

    def synchronize(self):
        pass

    @contextlib.contextmanager
    def auto_synchronize(self):
        yield self

    def __int__(self):
        return 0


class FakeEvent:
    def record(self, stream=0):
        import time
        self.time = time.perf_counter()

    def synchronize(self):
        pass

    def wait(self, stream=0):
        pass

    def elapsed_time(self, end):
        return (end.time - self.time) * 1000.0


class FakeDevice:
    id = 0
    name = "SIMULATOR"
    compute_capability = (5, 2)
    MAX_THREADS_PER_BLOCK = 1024
    WARP_SIZE = 32
    MULTIPROCESSOR_COUNT = 1


class FakeContext:
    device = FakeDevice()

    def get_memory_info(self):
        return (1 << 30, 1 << 30)

    def synchronize(self):
        pass


FAKE_DEVICE = FakeContext.device
FAKE_CONTEXT = FakeContext()
