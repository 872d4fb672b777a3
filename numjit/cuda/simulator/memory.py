"""Device memory in the simulator: NumPy arrays behind numba's device-array methods, and
stand-ins for streams, events, the device and its context.

The simulator's device memory is host memory, so its arrays export `__cuda_array_interface__`
with host pointers, and objects exporting that interface (as CuPy arrays and PyTorch tensors
do) are read as views without copies — where the pointer is memory the simulator can read: a
simulated device array's (re-exported by another object), or an object's that also exports
the same pointer through `__array_interface__`. A real GPU's pointer raises TypeError.

    >>> import numpy as np
    >>> d = to_device(np.arange(4.0))
    >>> d[1:3].copy_to_host()
    array([1., 2.])
    >>> class Exported:                      # only the interface, as a PyTorch tensor has
    ...     def __init__(self, array):
    ...         self.__cuda_array_interface__ = array.__cuda_array_interface__
    >>> as_cuda_array(Exported(d[1:]))[0] = 9.0
    >>> d.copy_to_host()
    array([0., 9., 2., 3.])
"""
import contextlib
import weakref

import numpy as np

_MEMORY = weakref.WeakValueDictionary()      # id -> the NumPy array owning the memory of simulated device arrays


def _owner(ary):
    while isinstance(ary.base, np.ndarray):
        ary = ary.base
    return ary


def _simulator_memory(start, end):
    """Do bytes [start, end) lie in the memory of one simulated device array?"""
    for owner in list(_MEMORY.values()):
        base = owner.__array_interface__["data"][0]
        if base <= start and end <= base + owner.nbytes:
            return True
    return False


class _Interface:
    """A NumPy view's source: the `__array_interface__` for a `__cuda_array_interface__`."""

    def __init__(self, interface, owner):
        self.__array_interface__ = interface
        self.owner = owner


def host_view(obj):
    """A NumPy array over the memory of an object with `__cuda_array_interface__` (no copy)."""
    cai = obj.__cuda_array_interface__
    dtype = np.dtype(cai["typestr"])
    shape = tuple(int(n) for n in cai["shape"])
    strides = cai.get("strides")
    strides = tuple(int(s) for s in strides) if strides is not None else \
        tuple(int(np.prod(shape[k + 1:], dtype=np.int64)) * dtype.itemsize for k in range(len(shape)))
    ptr, readonly = cai["data"]
    if cai.get("mask") is not None:
        raise TypeError("the CUDA simulator cannot take a masked __cuda_array_interface__")
    if 0 in shape:
        return np.empty(shape, dtype)
    low = ptr + sum(min(0, (n - 1) * s) for n, s in zip(shape, strides))
    high = ptr + sum(max(0, (n - 1) * s) for n, s in zip(shape, strides)) + dtype.itemsize
    exported = getattr(obj, "__array_interface__", None)
    exported = exported.get("data", (None,))[0] if isinstance(exported, dict) else None
    if not _simulator_memory(low, high) and exported != ptr:
        raise TypeError(f"the CUDA simulator cannot read the memory of this {type(obj).__name__} "
                        "(its __cuda_array_interface__ points into GPU memory, not a simulated device array)")
    return np.asarray(_Interface({"shape": shape, "strides": strides, "typestr": dtype.str, "data": (ptr, readonly),
                                  "version": 3}, obj))


def _host(obj):
    """The NumPy array a simulated device array, an interface object or a host value reads as."""
    if isinstance(obj, FakeDeviceArray):
        return obj._ary
    if not isinstance(obj, np.ndarray) and hasattr(obj, "__cuda_array_interface__"):
        return host_view(obj)
    return np.asarray(obj)


class FakeDeviceArray:
    """A 'device' array of the simulator: a NumPy array (its `_ary`)."""
    __array_priority__ = 100

    def __init__(self, ary, stream=0):
        self._ary = ary
        self.stream = stream
        owner = _owner(ary)
        _MEMORY[id(owner)] = owner

    shape = property(lambda self: self._ary.shape)
    strides = property(lambda self: self._ary.strides)
    dtype = property(lambda self: self._ary.dtype)
    size = property(lambda self: self._ary.size)
    ndim = property(lambda self: self._ary.ndim)
    nbytes = property(lambda self: self._ary.nbytes)
    T = property(lambda self: FakeDeviceArray(self._ary.T))

    def __len__(self):
        return len(self._ary)

    @property
    def __cuda_array_interface__(self):
        return {"shape": self.shape, "strides": self.strides, "typestr": self.dtype.str,
                "data": (self._ary.__array_interface__["data"][0], False), "version": 3, "stream": None}

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
        self._ary[...] = _host(ary)

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
        return host_view(value)
    return value


def to_device(obj, stream=0, copy=True, to=None):
    if to is not None:
        to.copy_to_device(obj)
        return to
    if isinstance(obj, FakeDeviceArray):
        return obj
    if is_cuda_array(obj):
        return as_cuda_array(obj)
    return FakeDeviceArray(np.array(obj, copy=True) if copy else np.empty_like(obj), stream)


def device_array(shape, dtype=np.float64, strides=None, order="C", stream=0):
    return FakeDeviceArray(np.zeros(shape, dtype, order=order), stream)


def device_array_like(ary, stream=0):
    return FakeDeviceArray(np.zeros_like(_host(ary)), stream)


def pinned_array(shape, dtype=np.float64, strides=None, order="C"):
    return np.zeros(shape, dtype, order=order)


mapped_array = pinned_array


def is_cuda_array(obj):
    return isinstance(obj, FakeDeviceArray) or hasattr(obj, "__cuda_array_interface__")


def as_cuda_array(obj, sync=True):
    """A simulated device array viewing the memory of an object with `__cuda_array_interface__`."""
    if isinstance(obj, FakeDeviceArray):
        return obj
    if not is_cuda_array(obj):
        raise TypeError(f"as_cuda_array: a {type(obj).__name__} has no __cuda_array_interface__")
    return FakeDeviceArray(host_view(obj))


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
