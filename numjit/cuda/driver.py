"""The CUDA driver, through NVIDIA's cuda-bindings package (`pip install numjit[cuda]`).

Imported on first use only: numjit and its PTX generation work without it. Every driver
call goes through `check`, which turns a failure into CudaDriverError carrying the
CUDA error name (CUDA_ERROR_INVALID_VALUE, ...).

    >>> CudaDriverError("CUDA_ERROR_OUT_OF_MEMORY", "cuMemAlloc").name
    'CUDA_ERROR_OUT_OF_MEMORY'
"""
import ctypes
import sys
import threading

from ..errors import NumjitError


class CudaDriverError(NumjitError):
    """A CUDA driver call failed; `name` is the CUDA error name."""

    def __init__(self, name, call, detail=""):
        self.name = name
        super().__init__(f"{call} failed: {name}{': ' + detail if detail else ''}")


class CudaSupportError(NumjitError):
    """No usable CUDA driver or device (cuda-bindings missing, no driver, no GPU)."""


_lock = threading.RLock()
_state = {"cu": None, "error": None, "devices": {}, "current": None}


def bindings():
    """The cuda.bindings.driver module; CudaSupportError saying what to install when it is missing."""
    cu = _state["cu"]
    if cu is None:
        try:
            from cuda.bindings import driver as cu
        except ImportError:
            try:
                from cuda import cuda as cu       # cuda-python < 12.6 spelled it so
            except ImportError:
                raise CudaSupportError("numjit's CUDA target needs NVIDIA's cuda-bindings package to run "
                                       "kernels: pip install 'numjit[cuda]' (or cuda-bindings)") from None
        _state["cu"] = cu
    return cu


def check(result, call):
    """Unpack a cuda-bindings result tuple (CUresult, values...); raise CudaDriverError on failure."""
    err = result[0]
    if int(err) != 0:
        cu = _state["cu"]
        name = getattr(err, "name", None)
        if name is None and cu is not None:
            try:
                name = cu.cuGetErrorName(err)[1].decode()
            except Exception:              # an unknown code: its number is all there is
                name = f"CUresult {int(err)}"
        raise CudaDriverError(name or f"CUresult {int(err)}", call)
    if len(result) == 1:
        return None
    return result[1] if len(result) == 2 else result[1:]


def init():
    """cuInit once; CudaSupportError if there is no driver or no device."""
    with _lock:
        if _state["error"] is not None:
            raise _state["error"]
        cu = bindings()
        if _state.get("initialised"):
            return cu
        try:
            check(cu.cuInit(0), "cuInit")
            count = check(cu.cuDeviceGetCount(), "cuDeviceGetCount")
        except CudaDriverError as exc:
            _state["error"] = CudaSupportError(f"the CUDA driver is not usable: {exc}")
            raise _state["error"] from None
        except Exception as exc:          # the driver library itself is missing
            _state["error"] = CudaSupportError(f"the CUDA driver library was not found: {exc}")
            raise _state["error"] from None
        if count == 0:
            _state["error"] = CudaSupportError("no CUDA device found")
            raise _state["error"]
        _state["initialised"] = True
        _state["count"] = count
        return cu


def device_count():
    init()
    return _state["count"]


class Device:
    """A GPU: id, name, compute_capability, and its attributes by numba's names (MAX_THREADS_PER_BLOCK)."""

    def __init__(self, ordinal):
        cu = init()
        self.id = ordinal
        self.handle = check(cu.cuDeviceGet(ordinal), "cuDeviceGet")
        raw = check(cu.cuDeviceGetName(256, self.handle), "cuDeviceGetName")
        self.name = raw.split(b"\0", 1)[0].decode()
        self.compute_capability = (self.attribute("COMPUTE_CAPABILITY_MAJOR"),
                                   self.attribute("COMPUTE_CAPABILITY_MINOR"))
        self.primary_context = None

    def attribute(self, name):
        cu = bindings()
        attr = getattr(cu.CUdevice_attribute, f"CU_DEVICE_ATTRIBUTE_{name}")
        return check(cu.cuDeviceGetAttribute(attr, self.handle), f"cuDeviceGetAttribute({name})")

    def __getattr__(self, name):
        if name.isupper():
            try:
                return self.attribute(name)
            except AttributeError:
                pass
        raise AttributeError(f"CUDA device has no attribute {name!r}")

    @property
    def uuid(self):
        cu = bindings()
        return bytes(check(cu.cuDeviceGetUuid(self.handle), "cuDeviceGetUuid").bytes)

    def __repr__(self):
        return f"<CUDA device {self.id} '{self.name}'>"


class Context:
    """The primary context of a device, made current on the threads that use it."""

    def __init__(self, device):
        cu = init()
        self.device = device
        self.handle = check(cu.cuDevicePrimaryCtxRetain(device.handle), "cuDevicePrimaryCtxRetain")
        self.modules = {}

    def push(self):
        check(bindings().cuCtxSetCurrent(self.handle), "cuCtxSetCurrent")

    def synchronize(self):
        check(bindings().cuCtxSynchronize(), "cuCtxSynchronize")

    def get_memory_info(self):
        free, total = check(bindings().cuMemGetInfo(), "cuMemGetInfo")
        return free, total

    def load_module(self, image, entry):
        """The function `entry` of a module image: PTX text (the driver JIT-compiles it) or a cubin."""
        cu = bindings()
        data = image.encode() if isinstance(image, str) else image
        buffer = ctypes.create_string_buffer(data, len(data) + 1)     # NUL-terminated, at a known address
        module = check(cu.cuModuleLoadData(ctypes.addressof(buffer)), "cuModuleLoadData")
        function = check(cu.cuModuleGetFunction(module, entry.encode()), f"cuModuleGetFunction({entry})")
        self.modules[entry] = module
        return function

    def link_cubin(self, ptx):
        """The cubin the driver's JIT makes of `ptx` for this context's device (cuLink*)."""
        cu = bindings()
        state = check(cu.cuLinkCreate(0, [], []), "cuLinkCreate")
        try:
            data = ctypes.create_string_buffer(ptx.encode())
            check(cu.cuLinkAddData(state, cu.CUjitInputType.CU_JIT_INPUT_PTX, ctypes.addressof(data),
                                   ctypes.sizeof(data), b"numjit.ptx", 0, [], []), "cuLinkAddData")
            address, size = check(cu.cuLinkComplete(state), "cuLinkComplete")
            return ctypes.string_at(int(address), int(size))          # copied before the state goes
        finally:
            cu.cuLinkDestroy(state)

    def global_address(self, entry, name):
        """Device address of global variable `name` in the module loaded for kernel `entry`."""
        address, _size = check(bindings().cuModuleGetGlobal(self.modules.get(entry), name.encode()),
                               f"cuModuleGetGlobal({name})")
        return int(address)

    def __repr__(self):
        return f"<CUDA context on {self.device!r}>"


_tls = threading.local()


def get_device(ordinal=0):
    with _lock:
        dev = _state["devices"].get(ordinal)
        if dev is None:
            dev = _state["devices"][ordinal] = Device(ordinal)
        return dev


def select_device(ordinal):
    """Make device `ordinal` (its primary context) current on this thread."""
    with _lock:
        dev = get_device(ordinal)
        if dev.primary_context is None:
            dev.primary_context = Context(dev)
    dev.primary_context.push()
    _tls.context = dev.primary_context
    return dev


def current_context():
    """This thread's context; the first device's primary context unless select_device chose another."""
    ctx = getattr(_tls, "context", None)
    if ctx is None:
        select_device(_state["current"] or 0)
        ctx = _tls.context
    return ctx


def error_code(code):
    """CUresult `code` as the bindings' enum (its name), or the int when the enum lacks it."""
    try:
        return bindings().CUresult(code)
    except ValueError:
        return code


def native_launch_address():
    """The address of the driver's C function cuLaunchKernel, which the native launcher calls."""
    address = _state.get("launch_address")
    if address is None:
        init()
        library = ctypes.CDLL("nvcuda.dll" if sys.platform == "win32" else "libcuda.so.1")
        address = _state["launch_address"] = ctypes.cast(library.cuLaunchKernel, ctypes.c_void_p).value
    return address


def function_address(function):
    """The CUfunction handle as an address (cuda-bindings' handles convert with int())."""
    return int(function)


def driver_version():
    """The CUDA driver's version (12040 for 12.4)."""
    init()
    return check(bindings().cuDriverGetVersion(), "cuDriverGetVersion")


def available():
    try:
        init()
        return True
    except CudaSupportError:
        return False
