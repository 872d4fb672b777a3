"""A stand-in for cuda.bindings.driver that runs on the CPU, for testing numjit's host side of
CUDA (memory, copies, argument packing, launches) without a GPU.

"Device" memory is host memory. A launch decodes the packed kernel parameters with the
specialisation's layout back into arrays over that memory and runs the kernel's Python
function in the simulator, so results can be compared with NumPy exactly as on a GPU.
Only the driver calls numjit makes are here, with cuda-bindings' conventions: every call
returns a tuple whose first item is a CUresult.
"""
import ctypes
import enum
import struct

import numpy as np

from numjit.cuda.compiler import param_layout
from numjit.cuda.simulator.kernel import run_kernel
from numjit.types import Array, Tuple, Complex


class CUresult(enum.IntEnum):
    CUDA_SUCCESS = 0
    CUDA_ERROR_INVALID_VALUE = 1
    CUDA_ERROR_OUT_OF_MEMORY = 2
    CUDA_ERROR_INVALID_IMAGE = 200
    CUDA_ERROR_LAUNCH_FAILED = 719


class CUdevice_attribute(enum.IntEnum):
    CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1
    CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75
    CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76


OK = CUresult.CUDA_SUCCESS
_ATTRIBUTES = {1: 1024, 75: 8, 76: 0}
memory = {}          # address -> ctypes buffer: every live allocation
launches = []
failures = []        # CUresults the next launches return


def cuInit(flags):
    return (OK,)


def cuDeviceGetCount():
    return (OK, 1)


def cuDeviceGet(ordinal):
    return (OK, ordinal)


def cuDeviceGetName(length, device):
    return (OK, b"Fake CPU device".ljust(length, b"\0"))


def cuDeviceGetAttribute(attribute, device):
    return (OK, _ATTRIBUTES[int(attribute)])


def cuDevicePrimaryCtxRetain(device):
    return (OK, 1000 + device)


def cuCtxSetCurrent(context):
    return (OK,)


def cuCtxSynchronize():
    return (OK,)


def cuMemGetInfo():
    return (OK, 1 << 30, 2 << 30)


CUBIN = b"FAKECUBIN\0"             # what the fake's "JIT" makes of PTX: this, then the PTX
loaded = []                        # 'ptx' or 'cubin': each module image loaded
links = []                         # the PTX of each cuLink* compilation


def cuModuleLoadData(image):
    assert isinstance(image, int)
    if ctypes.string_at(image, 2) == b"//":        # the PTX text
        loaded.append("ptx")
    elif ctypes.string_at(image, len(CUBIN)) == CUBIN and ctypes.string_at(image + len(CUBIN), 2) == b"//":
        loaded.append("cubin")
    else:
        return (CUresult.CUDA_ERROR_INVALID_IMAGE, None)
    return (OK, image)


def cuDriverGetVersion():
    return (OK, 12040)


class CUjitInputType(enum.IntEnum):
    CU_JIT_INPUT_PTX = 1


def cuLinkCreate(count, options, values):
    return (OK, [])


def cuLinkAddData(state, kind, data, size, name, count, options, values):
    assert kind == CUjitInputType.CU_JIT_INPUT_PTX and ctypes.string_at(data, 2) == b"//"
    state.append(ctypes.string_at(data, size).rstrip(b"\0"))
    return (OK,)


def cuLinkComplete(state):
    links.append(state[0].decode())
    image = ctypes.create_string_buffer(CUBIN + state[0])
    state.append(image)                            # alive until cuLinkDestroy
    return (OK, ctypes.addressof(image), len(CUBIN) + len(state[0]))


def cuLinkDestroy(state):
    state.clear()
    return (OK,)


def cuModuleGetFunction(module, name):
    return (OK, name)


def _alloc(nbytes):
    if nbytes > 1 << 34:
        return (CUresult.CUDA_ERROR_OUT_OF_MEMORY, 0)
    buf = ctypes.create_string_buffer(nbytes)
    memory[ctypes.addressof(buf)] = buf
    return (OK, ctypes.addressof(buf))


def cuMemAlloc(nbytes):
    return _alloc(nbytes)


def cuMemHostAlloc(nbytes, flags):
    return _alloc(nbytes)


def cuMemFree(address):
    memory.pop(int(address))
    return (OK,)


cuMemFreeHost = cuMemFree


def _memcpy(dst, src, nbytes, *stream):
    ctypes.memmove(int(dst), int(src), nbytes)
    return (OK,)


cuMemcpyHtoD = cuMemcpyDtoH = cuMemcpyDtoD = cuMemcpyHtoDAsync = cuMemcpyDtoHAsync = cuMemcpyDtoDAsync = _memcpy


def cuStreamCreate(flags):
    return (OK, 77)


def cuStreamSynchronize(stream):
    return (OK,)


def cuStreamDestroy(stream):
    return (OK,)


def cuEventCreate(flags):
    return (OK, object())


def cuEventRecord(event, stream):
    return (OK,)


def cuEventSynchronize(event):
    return (OK,)


def cuEventElapsedTime(start, end):
    return (OK, 0.5)


def _decode(values, ty):
    """The Python value of a kernel argument from its flattened parameters (consumed)."""
    if isinstance(ty, Array):
        ptr = values.pop(0)
        shape = tuple(values.pop(0) for _ in range(ty.ndim))
        strides = tuple(values.pop(0) for _ in range(ty.ndim))
        dtype = ty.dtype.dtype
        if not all(shape):
            return np.ndarray(shape, dtype, strides=strides)
        low = sum((n - 1) * s for n, s in zip(shape, strides) if s < 0)       # negative strides reach below
        high = sum((n - 1) * s for n, s in zip(shape, strides) if s > 0) + dtype.itemsize
        raw = (ctypes.c_char * (high - low)).from_address(ptr + low)
        return np.ndarray(shape, dtype, buffer=raw, offset=-low, strides=strides)
    if isinstance(ty, Complex):
        return complex(values.pop(0), values.pop(0))
    if isinstance(ty, Tuple):
        return tuple(_decode(values, t) for t in ty.items)
    return ty.dtype.type(values.pop(0))


def cuLaunchKernel(spec, gx, gy, gz, bx, by, bz, sharedmem, stream, params, extra):
    """`spec` is the Specialization itself (the tests make it its own CUfunction)."""
    if gz > 65535 or bx * by * bz > 1024:
        return (CUresult.CUDA_ERROR_INVALID_VALUE,)
    if failures:                           # an error a test asked for
        return (failures.pop(0),)
    fmt = spec.compiled.params
    pointers = (ctypes.c_void_p * max(len(fmt), 1)).from_address(params)
    values = [struct.unpack(code, ctypes.string_at(pointers[i], struct.calcsize(code)))[0]
              for i, code in enumerate(fmt)]
    assert "".join(param_layout(t) for t in spec.argtypes) == fmt
    args = [_decode(values, t) for t in spec.argtypes]
    launches.append((spec.compiled.name, (gx, gy, gz), (bx, by, bz), sharedmem, int(stream)))
    try:
        run_kernel(spec.py_func, (gx, gy, gz), (bx, by, bz), sharedmem, tuple(args))
    except Exception as exc:               # the GPU ends the thread; a debug kernel records the exception
        if spec.compiled.debug:
            _record(spec.compiled, *exc.cuda_origin)
    return (OK,)


def _record(compiled, exc, tid, ctaid):
    """What a debug kernel's entry writes (numjit/cuda/debug.py): the code of the compiled raise of
    this class (and message, when the simulator's matches), then the thread."""
    codes = [i + 1 for i, (cls, message, _) in enumerate(compiled.exceptions) if cls is type(exc)]
    exact = [i + 1 for i, (cls, message, _) in enumerate(compiled.exceptions)
             if cls is type(exc) and (message,) == exc.args]
    files, lines, tb = {where[1] for _, _, where in compiled.exceptions if where}, [], exc.__traceback__
    while tb is not None:                  # the innermost line of the kernel's own source that raised
        if tb.tb_frame.f_code.co_filename in files:
            lines.append(tb.tb_lineno)
        tb = tb.tb_next
    placed = [code for code in codes if lines and (compiled.exceptions[code - 1][2] or (0, 0, 0))[2] == lines[-1]]
    words = (ctypes.c_int32 * 7).from_address(globals_[f"{compiled.name}__errinfo__"])
    if words[0] == 0:
        words[:] = [(placed or exact or codes)[0], *tid, *ctaid]


globals_ = {}        # name -> address of a module global (one buffer per name)


def cuModuleGetGlobal(module, name):
    name = name.decode()
    if name not in globals_:
        globals_[name] = _alloc(64)[1]
    return (OK, globals_[name], 28)


# -- the C entry point the native launcher calls (numjit/cuda/packer.py) -----------------------------
LAUNCH_SIGNATURE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, *[ctypes.c_uint] * 7, ctypes.c_void_p,
                                    ctypes.c_void_p, ctypes.c_void_p)


@LAUNCH_SIGNATURE
def native_cuLaunchKernel(function, gx, gy, gz, bx, by, bz, sharedmem, stream, params, extra):
    """cuLaunchKernel as C code sees it: the function handle is the Specialization's address."""
    native_launches.append(function)
    spec = ctypes.cast(function, ctypes.py_object).value
    return int(cuLaunchKernel(spec, gx, gy, gz, bx, by, bz, sharedmem, stream or 0, params, extra)[0])


native_launches = []
failures = []        # CUresults the next launches return
NATIVE_LAUNCH_ADDRESS = ctypes.cast(native_cuLaunchKernel, ctypes.c_void_p).value
