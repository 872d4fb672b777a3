"""Kernel launches, on two paths.

The native path (numjit/cuda/packer.py): once the same argument types have been launched
twice, a launcher calls the compiled launch function built for them, which checks each
argument's class, packs the parameters and calls the driver's cuLaunchKernel itself — no
Python per argument. A launcher keeps one such function per argument types it has seen (a
kernel with several declared signatures dispatches by the arguments' classes), all for the
functions loaded in one context: another context current on the thread goes through the
Python path, which looks the function up in that context. Whatever they do not take (host
arrays to copy, other types, integers out of range, a thread without a context, debug
kernels) comes back to the Python path.

The Python path types the arguments, picks (or compiles) the specialisation, copies host
arrays, and packs into the specialisation's parameter buffer: every flattened parameter at
its natively aligned offset (the struct module's '@' layout, which the native path follows
too), with an array of pointers to those offsets as the `kernelParams` the driver reads —
one generated `pack_into`, one driver call.

    >>> source = packer_source((Array(float32, 1, "C"), float32))
    >>> print(source.splitlines()[1])
        pack_into(buf, 0, *(a0._kernel_fields if type(a0) is DNA else fields(a0)), a1)
"""
import ctypes
import functools
import itertools
import struct
import threading

import numpy as np

from ..dispatch.conversions import convert
from ..types import Array, Tuple, Complex, Integer, Float, float32   # float32: used by the module doctest
from . import driver, debug, cache, packer
from .devicearray import DeviceNDArray, cai_layout, to_device
from .dispatcher import kernel_argtype


def fields(value):
    """Kernel parameters of an array argument that is not a DeviceNDArray (CuPy, PyTorch, ...)."""
    _, dims, ptr = cai_layout(value)
    return (ptr,) + dims


def flatten(value, ty):
    if isinstance(ty, Array):
        return list(fields(value)) if type(value) is not DeviceNDArray else list(value._kernel_fields)
    if isinstance(ty, Complex):
        return [value.real, value.imag]
    if isinstance(ty, Tuple):
        return [x for item, t in zip(value, ty.items) for x in flatten(item, t)]
    return [value]


def conversions(argtypes, params):
    """(index, parameter type) of each scalar argument the Python path converts to a declared
    signature's type before packing (numba's casts, dispatch/conversions.convert): all but an
    integer for an integer and a float for a float, which struct packs as they are (and raises
    where they do not fit)."""
    same_kind = (Integer, Float)
    return tuple((i, p) for i, (a, p) in enumerate(zip(argtypes, params))
                 if a != p and not isinstance(p, (Array, Tuple)) and
                 not any(isinstance(a, kind) and isinstance(p, kind) for kind in same_kind))


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


_native_names = itertools.count()
CUDA_ERROR_INVALID_CONTEXT = 201


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
        offsets, _ = packer.param_offsets(compiled.params)
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
        self.python_launches = {}      # call argument types -> Python-path launches (packer.py's at the second)
        self.natives = {}              # call argument types (None: any that converts) -> launch function or False

    def native_launcher(self, argtypes, converts=False):
        """The compiled launch function (packer.py) for calls with these argument types, built at
        their second launch; `converts` when this is the kernel's only specialisation, its one
        declared signature (one function takes every convertible call). None for debug kernels
        and where a scalar converts in a way the native path does not (float16, tuples)."""
        key = None if converts else argtypes
        native = self.natives.get(key)
        if native is None and not self.compiled.debug:
            launches = self.python_launches[key] = self.python_launches.get(key, 0) + 1
            if launches >= 2:
                takes = converts or all(isinstance(p, Array) or packer.converts_natively(a, p)
                                        for a, p in zip(argtypes, self.argtypes))
                native = self.natives[key] = takes and packer.build(
                    f"numjit_launch_{next(_native_names)}", self.argtypes, self.compiled.params, converts, key)
        return native or None

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
        except (driver.CudaDriverError, TypeError, ValueError):     # (the bindings' cuLink* of another version)
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
        # argtypes, specialisation, function, pack, buffer, params address, lock, debug record, context,
        # the scalars to convert to a declared signature
        self._last = (None,)
        self._fast = []                    # [(partial(launch function, record address), record, launch function)]
        self._fast_context = None          # ... whose functions belong to this context

    def __call__(self, *args):
        if self._fast and getattr(driver._tls, "context", None) is self._fast_context:
            for fast, _, _ in self._fast:  # one per argument types seen, in the order they were
                code = fast(*args)
                if not code:
                    return
                if code > 0:               # a driver error
                    if code != CUDA_ERROR_INVALID_CONTEXT:      # (a thread new to CUDA: the Python path pushes it)
                        self._check((driver.error_code(code),), f"cuLaunchKernel({self.kernel.__name__})")
                    self._fast = []
                    break
        self._call(args)

    def _call(self, args, DNA=DeviceNDArray, ndarray=np.ndarray):
        """The Python path: types the arguments, copies host arrays, packs, launches; then installs
        the native launcher for these argument types."""
        argtypes, host = [], False
        for a in args:
            if type(a) is DNA:
                argtypes.append(a._numjit_type)
            else:
                argtypes.append(kernel_argtype(a))
                host = host or type(a) is ndarray
        argtypes = tuple(argtypes)
        last, ctx = self._last, driver.current_context()
        if last[0] != argtypes or last[8] is not ctx:     # fast when equal: device arrays' types are shared objects
            spec = self.kernel.specialization_for(argtypes)
            last = self._last = (argtypes, spec, spec.function(), spec.pack, spec.buffer, spec.params_address,
                                 spec.lock, spec.record_address(), ctx, conversions(argtypes, spec.argtypes))
        copies = None
        if last[9]:                       # to a declared signature's scalar types
            args = list(args)
            for i, ty in last[9]:
                args[i] = convert(args[i], ty)
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
        else:
            self._install(argtypes, last[1], fn, ctx)

    def _install(self, argtypes, spec, fn, ctx):
        """Add the native launcher of these argument types (once built) to those tried first."""
        kernel = self.kernel
        native = spec.native_launcher(argtypes, len(kernel.declared) == len(kernel.specializations) == 1)
        if native is None:
            return
        if ctx is not self._fast_context:  # the functions of another context: start over
            self._fast, self._fast_context = [], ctx
        if all(entry[2] is not native for entry in self._fast) and len(self._fast) < 8:
            record = (ctypes.c_uint64 * len(packer.LAUNCH_FIELDS))(
                driver.native_launch_address(), driver.function_address(fn), *self._dims)
            self._fast.append((functools.partial(native, ctypes.addressof(record)), record, native))
