"""`cuda.jit`: kernels compiled per argument types on first launch (or from declared signatures),
launched as `kernel[griddim, blockdim](args)` / `kernel[griddim, blockdim, stream, sharedmem](args)`,
and device functions (`cuda.jit(device=True)`) called from kernels.

Launching: `kernel[...]` returns a cached launcher per configuration; its call types the
arguments (a device array carries its type), finds the specialisation, packs the arguments and
calls cuLaunchKernel — from the third launch on through compiled code (numjit/cuda/launch.py,
packer.py). Host NumPy arrays are copied to the device and back, as numba does.

    >>> from numjit import cuda
    >>> @cuda.jit(device=True)
    ... def square(x):
    ...     return x * x
    >>> square.py_func(3)
    9
"""
import numpy as np

from .. import config
from ..errors import NumjitError, hide_frames
from ..options import normalize_flags
from ..types import parse_signature, Signature, float16
from ..types.typeof import typeof
from ..typing import registry
from ..dispatch.conversions import best_signature
from . import target, cache
from .compiler import compile_kernel, param_layout, DEVICE_FUNCTIONS
from .stubs import simulating, simulated


def normalize_dim(dim, what):
    """(x, y, z) of a launch dimension given as an int or a tuple of 1 to 3 ints."""
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim) if isinstance(dim, (tuple, list)) else None
    if dims is None or not 1 <= len(dims) <= 3 or not all(isinstance(d, (int, np.integer)) for d in dims):
        raise ValueError(f"the {what} of a kernel launch must be an int or a tuple of 1 to 3 ints, not {dim!r}")
    if any(d < 1 for d in dims):
        raise ValueError(f"the {what} of a kernel launch must be positive, not {dim!r}")
    return tuple(int(d) for d in dims) + (1,) * (3 - len(dims))


def parse_config(config_):
    if not isinstance(config_, tuple) or not 2 <= len(config_) <= 4:
        raise ValueError("launch a kernel as kernel[griddim, blockdim] or kernel[griddim, blockdim, stream, "
                         f"sharedmem], not kernel[{config_!r}]")
    griddim, blockdim = normalize_dim(config_[0], "grid size"), normalize_dim(config_[1], "block size")
    if blockdim[0] * blockdim[1] * blockdim[2] > 1024:
        raise ValueError(f"a block has at most 1024 threads, not {blockdim[0] * blockdim[1] * blockdim[2]} ({config_[1]!r})")
    stream = config_[2] if len(config_) > 2 else 0
    sharedmem = int(config_[3]) if len(config_) > 3 else 0
    if sharedmem < 0:
        raise ValueError(f"dynamic shared memory must be >= 0 bytes, not {sharedmem}")
    return griddim, blockdim, stream, sharedmem


def named_after(obj, pyfunc):
    """A kernel or device function takes its Python function's names and docstring."""
    obj.py_func = obj.__wrapped__ = pyfunc
    obj.__name__, obj.__qualname__, obj.__doc__ = pyfunc.__name__, pyfunc.__qualname__, pyfunc.__doc__


class Kernel:
    """A `@cuda.jit` kernel: its specialisations by argument types, each with PTX and, once
    launched, a loaded function."""

    def __init__(self, pyfunc, signatures, options):
        named_after(self, pyfunc)
        self.options = options
        self.debug = bool(options.get("debug"))    # exceptions reported to the host; indexes checked
        self.opt = options.get("opt", True) is not False     # opt=False: no LLVM optimisation
        self.flags = normalize_flags({"error_model": "numpy", "boundscheck": self.debug or None,
                                      **{k: v for k, v in options.items()             # numba-cuda's defaults
                                         if k in ("fastmath", "boundscheck", "error_model")}})
        self.specializations = {}          # argtypes -> launch.Specialization
        self._converted = {}               # argument types -> the declared signature's specialisation
        self.declared = []
        self._launchers, self._sim_launchers = {}, {}
        self._cc = options.get("cc")
        for sig in signatures or ():
            argtypes = sig.args if isinstance(sig, Signature) else tuple(sig)
            self.declared.append(argtypes)
            self.compile(argtypes)

    # -- compilation ----------------------------------------------------------------------------
    def compute_capability(self):
        if self._cc is None:
            from . import driver
            try:
                self._cc = driver.current_context().device.compute_capability
            except NumjitError:             # no driver or device: PTX for the default target
                self._cc = target.DEFAULT_CC
        return self._cc

    def compile(self, argtypes):
        """The specialisation for `argtypes` (compiled to PTX now; loaded on its first launch)."""
        argtypes = tuple(argtypes)
        spec = self.specializations.get(argtypes)
        if spec is None:
            from .launch import Specialization
            for i, ty in enumerate(argtypes):
                try:
                    param_layout(ty)
                except TypeError as exc:
                    raise TypeError(f"{self.__name__}(): argument {i + 1}: {exc}") from None
            cc = self.compute_capability()
            compiled = cache.load(self.py_func, argtypes, self.flags, cc, self.debug, self.opt) \
                if self.options.get("cache") else None
            if compiled is None:
                try:
                    compiled = compile_kernel(self.py_func, argtypes, self.flags, cc, debug=self.debug, opt=self.opt)
                except NumjitError as exc:
                    raise hide_frames(exc) from None
                if self.options.get("cache"):
                    cache.save(self.py_func, compiled, self.flags)
            spec = self.specializations[argtypes] = Specialization(compiled, self.py_func, bool(self.options.get("cache")))
        return spec

    def specialization_for(self, argtypes):
        spec = self.specializations.get(argtypes) or self._converted.get(argtypes)
        if spec is not None:
            return spec
        if self.declared:
            chosen = best_signature(self.declared, argtypes)
            if chosen is None:
                raise TypeError(f"{self.__name__}() is compiled for "
                                f"{' or '.join(str(tuple(map(str, d))) for d in self.declared)}; it cannot take "
                                f"({', '.join(map(str, argtypes))})")
            spec = self._converted[argtypes] = self.specializations[tuple(chosen)]   # arguments convert
            return spec
        return self.compile(argtypes)

    @property
    def signatures(self):
        return list(self.specializations)

    @property
    def overloads(self):
        """{argument types: CompiledKernel} (numba's name)."""
        return {k: s.compiled for k, s in self.specializations.items()}

    def specialize(self, *args):
        """Compile for the types of these arguments now; returns the kernel."""
        self.compile(tuple(kernel_argtype(a) for a in args))
        return self

    def inspect_asm(self, signature=None):
        """PTX of one specialisation (by argument types), or {argtypes: PTX} of all."""
        if signature is not None:
            return self.compile(signature.args if isinstance(signature, Signature) else tuple(signature)).compiled.ptx
        return {k: s.compiled.ptx for k, s in self.specializations.items()}

    def inspect_types(self):
        return {k: s.compiled.argtypes for k, s in self.specializations.items()}

    # -- launching --------------------------------------------------------------------------------
    def __getitem__(self, launch_config):
        cache = self._sim_launchers if config.SIMULATE or config.DISABLE_JIT else self._launchers
        try:
            return cache[launch_config]
        except (KeyError, TypeError):
            return self._new_launcher(launch_config, cache)

    def _new_launcher(self, launch_config, cache):
        griddim, blockdim, stream, sharedmem = parse_config(launch_config)
        if simulated():
            from .simulator.kernel import SimulatedLaunch
            launcher = SimulatedLaunch(self, griddim, blockdim, stream, sharedmem)
        else:
            from .launch import Launcher
            launcher = Launcher(self, griddim, blockdim, stream, sharedmem)
        if len(cache) > 512:                # many grid sizes (ufuncs on many lengths): start over
            cache.clear()
        try:
            cache[launch_config] = launcher
        except TypeError:                   # an unhashable stream object: not cached
            pass
        return launcher

    def configure(self, griddim, blockdim, stream=0, sharedmem=0):
        return self[griddim, blockdim, stream, sharedmem]

    def forall(self, ntasks, tpb=128, stream=0, sharedmem=0):
        """A launcher covering `ntasks` threads in blocks of `tpb`."""
        return self[(max(ntasks, 1) + tpb - 1) // tpb, tpb, stream, sharedmem]

    def __call__(self, *args):
        raise ValueError(f"a kernel is launched with a configuration: {self.__name__}[griddim, blockdim](...)")

    def __repr__(self):
        return f"<numjit CUDA kernel {self.__qualname__}>"


class DeviceFunction:
    """`cuda.jit(device=True)`: compiled into the kernels that call it."""

    def __init__(self, pyfunc, signatures, options):
        named_after(self, pyfunc)
        self.flags = normalize_flags({k: v for k, v in options.items() if k in ("fastmath", "boundscheck")})
        DEVICE_FUNCTIONS[pyfunc] = self.flags      # kernels compile it with their flags, then these
        registry.overload(self)(self._typer)       # kernels calling it compile its Python body

    def _typer(self, *args):
        return self.py_func

    def __call__(self, *args, **kwargs):
        if simulating() or config.DISABLE_JIT:
            return self.py_func(*args, **kwargs)
        raise NumjitError(f"the device function {self.__name__}() can only be called from CUDA kernels")

    def inspect_asm(self, argtypes):
        return compile_kernel(self.py_func, tuple(argtypes), self.flags, target.DEFAULT_CC, device=True).ptx

    def __repr__(self):
        return f"<numjit CUDA device function {self.__qualname__}>"


_OPTIONS = {"device", "inline", "fastmath", "debug", "lineinfo", "opt", "cache", "max_registers",
            "boundscheck", "link", "extensions", "forceinline", "launch_bounds", "cc", "error_model"}


def jit(func_or_sig=None, device=False, **options):
    """numba.cuda.jit: `@cuda.jit`, `@cuda.jit("void(float32[:])")`, `@cuda.jit(device=True)`.
    Options acting on the code: debug= (exceptions reach the host, indexes checked — in the device
    functions a kernel calls too), opt=False (no LLVM optimisation), fastmath=, boundscheck=,
    error_model= (numba-cuda's default "numpy"), cache=, cc=; the others are accepted and ignored."""
    unknown = set(options) - _OPTIONS
    if unknown:
        raise TypeError(f"cuda.jit() got unexpected options {sorted(unknown)}")
    if options.get("link"):
        raise NumjitError("cuda.jit(link=...) (linking CUDA C or PTX files) is not supported")
    if callable(func_or_sig) and not isinstance(func_or_sig, (str, list, tuple)):
        return _make(func_or_sig, None, device, options)
    sigs = func_or_sig
    if sigs is not None and not isinstance(sigs, list):
        sigs = [sigs]
    try:
        parsed = None if sigs is None else [parse_signature(s) if isinstance(s, str) else s for s in sigs]
    except NumjitError as exc:
        raise hide_frames(exc) from None
    return lambda func: _make(func, parsed, device, options)


def _make(func, sigs, device, options):
    if device:
        return DeviceFunction(func, sigs, options)
    if simulated():
        sigs = None                          # the simulator runs Python: nothing to compile
    return Kernel(func, sigs, options)


_SCALAR_CLASSES = {}        # float, bool, complex and NumPy scalar classes -> numjit type (one per class)


def kernel_argtype(value):
    """numjit type of a kernel argument: device arrays and `__cuda_array_interface__` objects as
    arrays in GPU memory, host arrays (copied), scalars and tuples."""
    ty = getattr(value, "_numjit_type", None) or _SCALAR_CLASSES.get(type(value))
    if ty is not None:
        return ty
    if isinstance(value, (np.generic, float, bool, complex)) and typeof(value) is not None:
        ty = _SCALAR_CLASSES[type(value)] = typeof(value)
        return ty
    if not isinstance(value, np.ndarray) and hasattr(value, "__cuda_array_interface__"):
        from .devicearray import cai_layout
        return cai_layout(value)[0]
    if getattr(value, "dtype", None) == np.float16 and isinstance(value, (np.generic, np.ndarray)):
        return _half_type(value)
    ty = typeof(value)
    if ty is None:
        raise TypeError(f"a CUDA kernel cannot take a value of type {type(value).__name__}")
    return ty


def _half_type(value):
    """float16 scalars and arrays: a GPU type only (typeof, the CPU target's, has none)."""
    if isinstance(value, np.generic):
        return float16
    return typeof(value.view(np.uint16)).copy(dtype=float16)        # the same memory: layout, flags
