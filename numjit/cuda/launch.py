"""Kernel launches: each specialisation packs its arguments with generated code into one
parameter buffer and calls cuLaunchKernel.

The buffer holds every flattened parameter at its natively aligned offset (the struct
module's '@' layout); an array of pointers to those offsets is the `kernelParams` the driver
reads. Both are made once per specialisation, so a launch is: type the arguments, one
`pack_into`, one driver call.

    >>> source = packer_source((Array(float32, 1, "C"), float32))
    >>> print(source.splitlines()[1])
        pack_into(buf, 0, *(a0._kernel_fields if type(a0) is DNA else fields(a0)), a1)
"""
import ctypes
import struct
import threading

import numpy as np

from ..types import Array, Tuple, Complex, float32   # float32: used by the module doctest
from . import driver, debug, cache
from .devicearray import DeviceNDArray, as_cuda_array, to_device
from .dispatcher import kernel_argtype


def fields(value):
    """Kernel parameters of an array argument that is not a DeviceNDArray (CuPy, PyTorch, ...)."""
    return as_cuda_array(value)._kernel_fields


def flatten(value, ty):
    if isinstance(ty, Array):
        return list(fields(value)) if type(value) is not DeviceNDArray else list(value._kernel_fields)
    if isinstance(ty, Complex):
        return [value.real, value.imag]
    if isinstance(ty, Tuple):
        return [x for item, t in zip(value, ty.items) for x in flatten(item, t)]
    return [value]


def packer_source(argtypes):
    """Python source of `pack(buf, a0, a1, ...)` for these argument types."""
    parts = []
    for i, ty in enumerate(argtypes):
        if isinstance(ty, Array):
            parts.append(f"*(a{i}._kernel_fields if type(a{i}) is DNA else fields(a{i}))")
        elif isinstance(ty, Complex):
            parts.append(f"a{i}.real, a{i}.imag")
        elif isinstance(ty, Tuple):
            parts.append(f"*flatten(a{i}, T{i})")
        else:
            parts.append(f"a{i}")
    names = ", ".join(f"a{i}" for i in range(len(argtypes)))
    return (f"def pack(buf, {names}):\n"
            f"    pack_into(buf, 0, {', '.join(parts)})\n")


class Specialization:
    """One compiled kernel: PTX, parameter buffer, packer; loaded into the context on first launch."""

    def __init__(self, compiled, py_func, cache=False):
        self.compiled = compiled
        self.py_func = py_func
        self.cache = cache             # cuda.jit(cache=True): the driver's cubin is kept on disk too
        self.argtypes = compiled.argtypes
        layout = struct.Struct("@" + compiled.params)
        self.size = max(layout.size, 1)
        self.buffer = ctypes.create_string_buffer(self.size)
        offsets, fmt = [], "@"
        for code in compiled.params:
            aligned = struct.calcsize(fmt + code) - struct.calcsize(code)   # where `code` starts
            offsets.append(aligned)
            fmt += code
        base = ctypes.addressof(self.buffer)
        self.pointers = (ctypes.c_void_p * max(len(offsets), 1))(*[base + o for o in offsets])
        self.params_address = ctypes.addressof(self.pointers)
        namespace = {"pack_into": layout.pack_into, "DNA": DeviceNDArray, "fields": fields, "flatten": flatten}
        namespace.update({f"T{i}": t for i, t in enumerate(self.argtypes)})
        exec(packer_source(self.argtypes), namespace)
        self.pack = namespace["pack"]
        self.host_arrays = [i for i, t in enumerate(self.argtypes) if isinstance(t, Array)]
        self.functions = {}            # context -> CUfunction
        self.records = {}              # context -> address of a debug kernel's exception record
        self.lock = threading.Lock()   # the driver copies the parameters during cuLaunchKernel

    def function(self):
        ctx = driver.current_context()
        fn = self.functions.get(ctx)
        if fn is None:
            fn = self.functions[ctx] = self._load(ctx) if self.cache else \
                ctx.load_module(self.compiled.ptx, self.compiled.name)
        return fn

    def _load(self, ctx):
        """The function from the cached cubin; else link the PTX to a cubin, load and store it. A
        cubin the driver refuses (corrupt, another driver's) is replaced; when linking itself fails
        the driver loads the PTX as without cache=True."""
        compiled, cc = self.compiled, ctx.device.compute_capability
        version = driver.driver_version()
        cubin = cache.load_cubin(self.py_func, compiled, cc, version)
        if cubin is not None:
            try:
                return ctx.load_module(cubin, compiled.name)
            except driver.CudaDriverError:
                pass
        try:
            cubin = ctx.link_cubin(compiled.ptx)
        except driver.CudaDriverError:
            return ctx.load_module(compiled.ptx, compiled.name)
        fn = ctx.load_module(cubin, compiled.name)
        cache.save_cubin(self.py_func, compiled, cc, version, cubin)
        return fn

    def record_address(self):
        """Where a debug kernel records its exception (numjit/cuda/debug.py); None without debug."""
        if not self.compiled.debug:
            return None
        ctx = driver.current_context()
        address = self.records.get(ctx)
        if address is None:
            self.function()
            address = self.records[ctx] = ctx.global_address(self.compiled.name, debug.record_name(self.compiled.name))
        return address


class Launcher:
    """`kernel[griddim, blockdim, stream, sharedmem]`: call it with the kernel's arguments."""

    def __init__(self, kernel, griddim, blockdim, stream, sharedmem):
        self.kernel = kernel
        self.griddim, self.blockdim, self.sharedmem = griddim, blockdim, sharedmem
        self.stream = stream
        self.stream_handle = 0 if not stream else int(getattr(stream, "handle", stream))
        self._launch = driver.bindings().cuLaunchKernel
        self._check = driver.check
        self._dims = griddim + blockdim + (sharedmem, self.stream_handle)      # cuLaunchKernel's arguments
        self._last = (None,)               # argtypes, specialisation, function, pack, buffer, address, lock, record

    def __call__(self, *args, DNA=DeviceNDArray, ndarray=np.ndarray):
        argtypes, host = [], False
        for a in args:
            if type(a) is DNA:
                argtypes.append(a._numjit_type)
            else:
                argtypes.append(kernel_argtype(a))
                host = host or type(a) is ndarray
        argtypes = tuple(argtypes)
        last = self._last
        if last[0] != argtypes:          # fast when equal: device arrays' types are shared objects
            spec = self.kernel.specialization_for(argtypes)
            last = self._last = (argtypes, spec, spec.function(), spec.pack, spec.buffer, spec.params_address,
                                 spec.lock, spec.record_address())
        copies = None
        if host:                          # host arrays: in and back out, as numba does
            copies = [(i, a, to_device(a, stream=self.stream)) for i, a in enumerate(args) if type(a) is ndarray]
            args = list(args)
            for i, _, dev in copies:
                args[i] = dev
        fn, record = last[2], last[7]
        if record is not None:            # debug=True: the exception record starts empty
            debug.clear(driver.bindings(), record)
        with last[6]:                     # one parameter buffer per specialisation: one launch at a time
            try:
                last[3](last[4], *args)
            except struct.error as exc:
                raise TypeError(f"{self.kernel.__name__}(): an argument does not fit its parameter type "
                                f"({', '.join(map(str, argtypes))}): {exc}") from None
            result = self._launch(fn, *self._dims, last[5], 0)
        if result[0]:
            if getattr(result[0], "name", "") == "CUDA_ERROR_INVALID_CONTEXT":    # a thread new to CUDA
                driver.current_context().push()
                result = self._launch(fn, *self._dims, last[5], 0)
            self._check(result, f"cuLaunchKernel({self.kernel.__name__})")
        if record is not None:
            debug.raise_recorded(driver.bindings(), record, last[1].compiled)
        if copies:
            for _, host, dev in copies:
                dev.copy_to_host(host, stream=self.stream)
            if self.stream_handle:
                driver.check(driver.bindings().cuStreamSynchronize(self.stream_handle), "cuStreamSynchronize")
