"""Arrays in GPU memory, and the host memory the GPU reads directly (pinned, mapped).

DeviceNDArray is numba's device array: shape/strides/dtype, `copy_to_host`, slicing into
views, and `__cuda_array_interface__`; any object that has that interface (CuPy arrays,
PyTorch tensors) is read as a device array without a copy (`as_cuda_array`).

    >>> import numpy as np
    >>> view_geometry((4, 3), (24, 8), np.dtype(np.float64), (slice(1, 3), 2))
    (40, (2,), (24,))
"""
import struct

import numpy as np

from ..types import Array, from_dtype, float16
from . import driver

_FAKE_BASE = 1 << 44         # address of the stand-in array that computes views (never read)


def layout_of(shape, strides, itemsize):
    c = f = True
    expected = itemsize
    for dim, stride in zip(reversed(shape), reversed(strides)):
        if dim != 1 and stride != expected:
            c = False
        expected *= dim
    expected = itemsize
    for dim, stride in zip(shape, strides):
        if dim != 1 and stride != expected:
            f = False
        expected *= dim
    return "C" if c else ("F" if f else "A")


def c_strides(shape, itemsize):
    strides, acc = [], itemsize
    for dim in reversed(shape):
        strides.append(acc)
        acc *= max(dim, 1)
    return tuple(reversed(strides))


def element_type(dtype):
    """The numjit type of GPU array elements of `dtype`: the CPU's, and float16 (a GPU type only)."""
    return float16 if dtype == np.float16 else from_dtype(dtype)


_ARRAY_TYPES = {}


def array_type(dtype, ndim, layout):
    """The one Array type object for these properties: launches compare argument types by identity."""
    key = (dtype, ndim, layout)
    ty = _ARRAY_TYPES.get(key)
    if ty is None:
        ty = _ARRAY_TYPES[key] = Array(element_type(dtype), ndim, layout)
    return ty


class _Interface:
    def __init__(self, shape, strides, dtype, address):
        self.__array_interface__ = {"shape": tuple(shape), "strides": tuple(strides), "typestr": dtype.str,
                                    "descr": dtype.descr, "data": (address, False), "version": 3}


def view_geometry(shape, strides, dtype, index):
    """(byte offset, shape, strides) of `array[index]` for basic indexing, computed by NumPy on a
    stand-in array that is never read."""
    fake = np.asarray(_Interface(shape, strides, dtype, _FAKE_BASE))
    index = index if isinstance(index, tuple) else (index,)
    if not any(i is Ellipsis for i in index):
        index = index + (Ellipsis,)               # a full integer index gives a 0-d view, not a read
    if any(isinstance(i, (list, np.ndarray)) for i in index):
        raise IndexError("device arrays support basic indexing (integers and slices) only")
    view = fake[index]
    return view.__array_interface__["data"][0] - _FAKE_BASE, view.shape, view.strides


class _DeviceMemory:
    """One cuMemAlloc'd block, freed when the last array using it goes."""

    def __init__(self, nbytes):
        self.ptr = 0                               # (if the allocation fails, __del__ has nothing to free)
        self.context = driver.current_context()
        self.nbytes = nbytes
        self.cu = driver.bindings()
        self.ptr = int(driver.check(self.cu.cuMemAlloc(nbytes), "cuMemAlloc")) if nbytes else 0

    def __del__(self):
        if self.ptr:
            try:
                self.cu.cuMemFree(self.ptr)
            except Exception:          # interpreter shutdown: the context is gone already
                pass


def _stream_handle(stream):
    return 0 if stream is None or stream == 0 else int(stream.handle if hasattr(stream, "handle") else stream)


class DeviceNDArray:
    """An array in GPU memory."""
    __array_priority__ = 100

    def __init__(self, shape, strides, dtype, ptr, owner, stream=0):
        self.shape = tuple(int(s) for s in shape)
        self.dtype = np.dtype(dtype)
        self.strides = tuple(int(s) for s in strides)
        self.ndim = len(self.shape)
        self.size = int(np.prod(self.shape, dtype=np.int64))
        self.nbytes = self.size * self.dtype.itemsize
        self.ptr = ptr
        self._owner = owner
        self.stream = stream
        self._numjit_type = array_type(self.dtype, self.ndim, layout_of(self.shape, self.strides, self.dtype.itemsize))
        self._kernel_fields = (ptr,) + self.shape + self.strides       # the kernel parameters it becomes
        self._kernel_record = struct.pack(f"@QQ{2 * self.ndim}q", id(self._numjit_type), *self._kernel_fields)

    @property
    def __cuda_array_interface__(self):
        c = layout_of(self.shape, self.strides, self.dtype.itemsize) == "C"
        return {"shape": self.shape, "strides": None if c else self.strides, "typestr": self.dtype.str,
                "data": (self.ptr, False), "version": 3, "stream": None}

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def __repr__(self):
        return f"<DeviceNDArray shape={self.shape} dtype={self.dtype}>"

    def is_c_contiguous(self):
        return self._numjit_type.layout == "C" or self.size <= 1

    def is_f_contiguous(self):
        return self._numjit_type.layout == "F" or self.size <= 1 or self.ndim <= 1 and self.is_c_contiguous()

    def _contiguous(self, what):
        if not (self.is_c_contiguous() or self.is_f_contiguous()):
            raise ValueError(f"{what} needs a contiguous device array (this view has strides {self.strides})")

    def copy_to_host(self, ary=None, stream=0):
        """The array's contents in host memory: into `ary` when given (same shape and dtype), else new."""
        self._contiguous("copy_to_host")
        if ary is None:
            order = "F" if self.ndim > 1 and not self.is_c_contiguous() else "C"
            ary = np.empty(self.shape, self.dtype, order=order)
        elif ary.shape != self.shape or ary.dtype != self.dtype or not ary.flags.writeable:
            raise ValueError(f"copy_to_host: the host array must be a writeable {self.shape} {self.dtype} "
                             f"array, not {ary.shape} {ary.dtype}")
        target = ary if _same_layout(ary, self) else np.empty_like(ary, order="C" if self.is_c_contiguous() else "F")
        if self.nbytes:
            _copy(driver.bindings(), "DtoH", target.ctypes.data, self.ptr, self.nbytes, stream or self.stream)
        if target is not ary:
            ary[...] = target
        return ary

    def copy_to_device(self, ary, stream=0):
        """Copy host array (or another device array) `ary` into this one."""
        self._contiguous("copy_to_device")
        if hasattr(ary, "__cuda_array_interface__"):
            src = as_cuda_array(ary)
            if src.shape != self.shape or src.dtype != self.dtype:
                raise ValueError(f"copy_to_device: shapes/dtypes differ ({src.shape} {src.dtype} → "
                                 f"{self.shape} {self.dtype})")
            if self.nbytes:
                _copy(driver.bindings(), "DtoD", self.ptr, src.ptr, self.nbytes, stream or self.stream)
            return
        host = np.broadcast_to(np.asarray(ary).astype(self.dtype, copy=False), self.shape)
        host = np.ascontiguousarray(host) if self.is_c_contiguous() else np.asfortranarray(host)
        if self.nbytes:
            _copy(driver.bindings(), "HtoD", self.ptr, host.ctypes.data, self.nbytes, stream or self.stream)

    def __getitem__(self, index):
        offset, shape, strides = view_geometry(self.shape, self.strides, self.dtype, index)
        view = DeviceNDArray(shape, strides, self.dtype, self.ptr + offset, self._owner, self.stream)
        if not shape and not (isinstance(index, tuple) and Ellipsis in index):
            return view.copy_to_host()[()]           # an element: read it (as numba does)
        return view

    def __setitem__(self, index, value):
        self[index if isinstance(index, tuple) and Ellipsis in index else
             (index if isinstance(index, tuple) else (index,)) + (Ellipsis,)].copy_to_device(value)

    def reshape(self, *shape, order="C"):
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], tuple) else shape
        size = int(np.prod(shape))
        if -1 in shape:
            known = int(np.prod([s for s in shape if s != -1]))
            shape = tuple(self.size // known if s == -1 else s for s in shape)
            size = self.size
        if size != self.size or not self.is_c_contiguous():
            raise ValueError(f"cannot reshape a device array of shape {self.shape} into {shape}")
        strides = c_strides(shape, self.dtype.itemsize)
        return DeviceNDArray(shape, strides, self.dtype, self.ptr, self._owner, self.stream)

    def ravel(self, order="C"):
        return self.reshape(self.size)

    def split(self, section, stream=0):
        return [self[i:i + section] for i in range(0, self.shape[0], section)]

    def get_ipc_handle(self):
        raise NotImplementedError("IPC handles are not supported")

    @property
    def T(self):
        return DeviceNDArray(self.shape[::-1], self.strides[::-1], self.dtype, self.ptr, self._owner, self.stream)

    def copy_to_host_async(self, stream):
        return self.copy_to_host(stream=stream)


def _same_layout(host, dev):
    return host.flags.c_contiguous if dev.is_c_contiguous() else host.flags.f_contiguous


def _copy(cu, kind, dst, src, nbytes, stream):
    handle = _stream_handle(stream)
    if handle:
        driver.check(getattr(cu, f"cuMemcpy{kind}Async")(dst, src, nbytes, handle), f"cuMemcpy{kind}Async")
    else:
        driver.check(getattr(cu, f"cuMemcpy{kind}")(dst, src, nbytes), f"cuMemcpy{kind}")


# -- creation ---------------------------------------------------------------------------------------
def device_array(shape, dtype=np.float64, strides=None, order="C", stream=0):
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    dtype = np.dtype(dtype)
    if strides is None:
        strides = c_strides(shape, dtype.itemsize) if order == "C" else \
            tuple(reversed(c_strides(tuple(reversed(shape)), dtype.itemsize)))
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    memory = _DeviceMemory(nbytes)
    return DeviceNDArray(shape, strides, dtype, memory.ptr, memory, stream)


def device_array_like(ary, stream=0):
    flags = getattr(ary, "flags", None)          # a host array's; device arrays are made C-contiguous
    order = "F" if flags is not None and flags.f_contiguous and not flags.c_contiguous else "C"
    return device_array(ary.shape, ary.dtype, order=order, stream=stream)


def to_device(obj, stream=0, copy=True, to=None):
    """A device copy of host array `obj` (into `to` when given)."""
    if to is not None:
        to.copy_to_device(obj, stream=stream)
        return to
    if is_cuda_array(obj):
        return as_cuda_array(obj)
    host = np.asarray(obj)
    if not (host.flags.c_contiguous or host.flags.f_contiguous):
        host = np.ascontiguousarray(host)
    dev = device_array_like(host, stream=stream)
    if copy:
        dev.copy_to_device(host, stream=stream)
    return dev


def is_cuda_array(obj):
    return hasattr(obj, "__cuda_array_interface__")


def as_cuda_array(obj, sync=True):
    """A DeviceNDArray viewing the memory of any object with `__cuda_array_interface__` (no copy)."""
    if isinstance(obj, DeviceNDArray):
        return obj
    cai = obj.__cuda_array_interface__
    dtype = np.dtype(cai["typestr"]) if "descr" not in cai or len(cai.get("descr", ())) <= 1 else np.dtype(cai["descr"])
    shape = tuple(cai["shape"])
    strides = cai.get("strides") or c_strides(shape, dtype.itemsize)
    return DeviceNDArray(shape, strides, dtype, int(cai["data"][0] or 0), obj)


_CAI_LAYOUTS = {}        # (typestr, shape, strides) -> (numjit type, shape + strides)


def cai_layout(obj):
    """(numjit type, shape + strides, data pointer) of an object with `__cuda_array_interface__`;
    a layout seen before is looked up, not rebuilt (a kernel launch reads it for every argument)."""
    cai = obj.__cuda_array_interface__
    key = (cai["typestr"], cai["shape"], cai.get("strides")) if len(cai.get("descr", ())) <= 1 else None
    try:
        known = _CAI_LAYOUTS.get(key)
    except TypeError:        # shape or strides given as lists
        key = known = None
    if known is None:
        view = as_cuda_array(obj)
        known = (view._numjit_type, view.shape + view.strides)
        if key is not None:
            if len(_CAI_LAYOUTS) > 256:
                _CAI_LAYOUTS.clear()
            _CAI_LAYOUTS[key] = known
    return known[0], known[1], int(cai["data"][0] or 0)


def cai_record(obj):
    """The `_kernel_record` of an object with `__cuda_array_interface__` (CuPy, PyTorch): what the
    native launcher (numjit/cuda/packer.py) reads from a DeviceNDArray."""
    ty, dims, ptr = cai_layout(obj)
    return struct.pack(f"@QQ{len(dims)}q", id(ty), ptr, *dims)


# -- host memory the GPU can use directly -------------------------------------------------------------
class _HostMemory:
    """cuMemHostAlloc'd memory exposed to NumPy; freed with the last array that uses it."""

    def __init__(self, shape, dtype, flags):
        self.ptr = 0
        self.dtype = np.dtype(dtype)
        nbytes = max(int(np.prod(shape, dtype=np.int64)) * self.dtype.itemsize, 1)
        driver.current_context()
        self.cu = driver.bindings()
        self.ptr = int(driver.check(self.cu.cuMemHostAlloc(nbytes, flags), "cuMemHostAlloc"))
        self.__array_interface__ = {"shape": tuple(shape), "typestr": self.dtype.str, "descr": self.dtype.descr,
                                    "data": (self.ptr, False), "version": 3, "strides": None}

    def __del__(self):
        if self.ptr:
            try:
                self.cu.cuMemFreeHost(self.ptr)
            except Exception:          # interpreter shutdown
                pass


class MappedNDArray(np.ndarray):
    """Host memory mapped into the GPU's address space: a NumPy array kernels take without copies."""

    @property
    def __cuda_array_interface__(self):
        return {"shape": self.shape, "strides": self.strides, "typestr": self.dtype.str,
                "data": (self.ctypes.data, False), "version": 3, "stream": None}


_PORTABLE, _DEVICEMAP = 0x01, 0x02


def _host_array(shape, dtype, order, flags):
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    memory = _HostMemory(shape, dtype, flags)
    arr = np.asarray(memory)
    if order == "F":
        arr = np.asarray(memory).ravel()[:int(np.prod(shape))].reshape(shape[::-1]).T
    return arr


def pinned_array(shape, dtype=np.float64, strides=None, order="C"):
    return _host_array(shape, dtype, order, _PORTABLE)


def mapped_array(shape, dtype=np.float64, strides=None, order="C", stream=0, portable=False, wc=False):
    return _host_array(shape, dtype, order, _DEVICEMAP | _PORTABLE).view(MappedNDArray)


def pinned(*arrays):
    """numba's `with cuda.pinned(a):` (page-locks nothing here: copies work on pageable memory)."""
    import contextlib
    return contextlib.nullcontext()


__all__ = ["DeviceNDArray", "device_array", "device_array_like", "to_device", "is_cuda_array", "as_cuda_array",
           "pinned_array", "mapped_array", "MappedNDArray"]
