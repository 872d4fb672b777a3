"""The native launch path (numjit/cuda/packer.py): the bytes it hands cuLaunchKernel are the Python
packer's (struct, native alignment) for every kind of argument; anything it does not accept is
left to the Python path with the argument's index. No GPU needed: cuLaunchKernel is a callback."""
import ctypes
import struct

import numpy as np
import pytest

from numjit.cuda import packer
from numjit.cuda.compiler import param_layout
from numjit.cuda.devicearray import DeviceNDArray, c_strides
from numjit.cuda.dispatcher import kernel_argtype
from numjit.cuda.launch import flatten

LAUNCH = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, *[ctypes.c_uint] * 7, ctypes.c_void_p, ctypes.c_void_p,
                          ctypes.c_void_p)


def device_array(shape, dtype, strides=None, offset=0):
    dtype = np.dtype(dtype)
    strides = strides or c_strides(shape, dtype.itemsize)
    return DeviceNDArray(shape, strides, dtype, 0x7F0000001000 + offset, None)


ARGUMENTS = [
    device_array((10,), np.float32), device_array((4, 6), np.float64, (8, 32)), device_array((3, 4, 5), np.int8,
                                                                                              (40, -10, 2), 80),
    device_array((7,), np.float16), device_array((2, 2), np.complex128), device_array((0,), np.bool_),
    1.5, np.float64(-2.25), np.float32(3.5), np.float16(0.375), -(2 ** 62), np.int8(-7), np.uint8(250),
    np.int16(-300), np.uint16(60000), np.int32(-(2 ** 31)), np.uint32(2 ** 32 - 1), np.int64(2 ** 63 - 1),
    np.uint64(2 ** 64 - 1), True, False, np.bool_(True), np.bool_(False), 1 - 2j, np.complex128(3 + 4j),
    np.complex64(0.5 - 0.25j),
]


class Capture:
    """A cuLaunchKernel that records the launch and the bytes of each parameter, and returns `result`."""

    def __init__(self, codes, result=0):
        self.codes, self.result, self.calls = codes, result, []
        self.callback = LAUNCH(self.launch)
        self.record = (ctypes.c_uint64 * len(packer.LAUNCH_FIELDS))(
            ctypes.cast(self.callback, ctypes.c_void_p).value, 0xF00, 3, 2, 1, 128, 1, 1, 48, 0x5EED)

    def launch(self, function, gx, gy, gz, bx, by, bz, sharedmem, stream, params, extra):
        pointers = (ctypes.c_void_p * len(self.codes)).from_address(params)
        data = [ctypes.string_at(pointers[j], struct.calcsize(c)) for j, c in enumerate(self.codes)]
        self.calls.append(((function, gx, gy, gz, bx, by, bz, sharedmem, stream, extra), data))
        return self.result

    def __call__(self, native, *args):
        return native(ctypes.addressof(self.record), *args)


def python_bytes(args, argtypes, codes):
    values = [v for a, t in zip(args, argtypes) for v in flatten(a, t)]
    return [struct.pack("@" + c, v) for c, v in zip(codes, values)]


@pytest.fixture(scope="module")
def every_kind():
    argtypes = tuple(kernel_argtype(a) for a in ARGUMENTS)
    codes = "".join(param_layout(t) for t in argtypes)
    return packer.build("numjit_test_every_kind", argtypes, codes), argtypes, codes


def test_native_bytes_equal_the_python_packers(every_kind):
    native, argtypes, codes = every_kind
    capture = Capture(codes)
    assert capture(native, *ARGUMENTS) == 0
    [(launch, data)] = capture.calls
    assert launch == (0xF00, 3, 2, 1, 128, 1, 1, 48, 0x5EED, None)
    assert data == python_bytes(ARGUMENTS, argtypes, codes)
    rng = np.random.default_rng(0)
    for _ in range(20):                              # other values of the same classes
        args = [type(a)(rng.integers(-100, 100)) if isinstance(a, (int, np.integer)) and not isinstance(a, bool)
                and (not isinstance(a, np.unsignedinteger)) else
                type(a)(rng.integers(0, 200)) if isinstance(a, np.unsignedinteger) else
                type(a)(rng.normal()) if isinstance(a, (float, np.floating)) else
                type(a)(complex(rng.normal(), rng.normal())) if isinstance(a, (complex, np.complexfloating)) else
                type(a)(rng.integers(0, 2)) if isinstance(a, (bool, np.bool_)) else a for a in ARGUMENTS]
        assert capture(native, *args) == 0
        assert capture.calls[-1][1] == python_bytes(args, argtypes, codes)


def test_arguments_it_does_not_take_go_to_the_python_path(every_kind):
    native, argtypes, codes = every_kind
    capture = Capture(codes)
    wrong = {0: np.zeros(10, np.float32),               # a host array: copied by the Python path
             1: device_array((4, 6), np.float32),        # another type of array
             2: device_array((3, 4, 5), np.int8),        # another layout (C, not A)
             6: 1, 8: 3.5, 10: 2 ** 63, 11: np.int16(-7), 12: 250, 19: 1, 21: np.int8(1), 23: 1.0, 25: 0.5 + 0j}
    for i, value in wrong.items():
        args = list(ARGUMENTS)
        args[i] = value
        assert capture(native, *args) == -1 - i, (i, value)
    assert capture(native, *ARGUMENTS[:-1]) == -1 - len(ARGUMENTS)
    assert not capture.calls                          # nothing was launched


def test_driver_errors_come_back_as_the_cuda_result():
    argtypes = (kernel_argtype(ARGUMENTS[0]), kernel_argtype(1.5))
    native = packer.build("numjit_test_error", argtypes, "Pqqd")
    capture = Capture("Pqqd", result=719)
    assert capture(native, ARGUMENTS[0], 2.0) == 719 and len(capture.calls) == 1


def test_a_declared_signature_takes_what_converts_to_it():
    """The only declared signature of a kernel: arrays of any layout for a [:] parameter, Python
    ints in range, float32/float64 values either way, any integer for an integer in its range, an int
    for a float — the bytes of the Python path's conversions."""
    from numjit.types import Array, float32, float64, int32, uint16
    argtypes = (Array(float32, 2, "A"), float32, float64, int32, uint16)
    codes = "".join(param_layout(t) for t in argtypes)
    native = packer.build("numjit_test_declared", argtypes, codes, converts=True)
    capture = Capture(codes)
    c, f = device_array((3, 4), np.float32), device_array((3, 4), np.float32, (4, 12))
    strided = device_array((3, 2), np.float32, (16, 8))
    for args in [(c, 1.5, np.float32(0.1), -7, 65535), (f, np.float64(1e-3), 2.5, np.int32(9), np.uint16(3)),
                 (strided, float("nan"), float("-inf"), 2 ** 31 - 1, 0), (c, 3.4e38, 1e300, -(2 ** 31), 1),
                 (c, np.float32(2), 1, np.int64(-5), np.uint8(200))]:
        assert capture(native, *args) == 0, args
        assert capture.calls[-1][1] == python_bytes(args, argtypes, codes)
    for i, value in [(0, device_array((3, 4), np.float64)), (1, 1e39), (1, np.float16(1)), (2, 1j),
                     (3, 2 ** 31), (3, np.int64(2 ** 31)), (4, -1), (4, 65536), (4, np.int8(-1))]:
        args = [c, 1.5, 2.5, 7, 3]
        args[i] = value
        assert capture(native, *args) == -1 - i, (i, value)     # the Python path converts or raises


def test_cuda_array_interface_objects_and_a_declared_layout():
    """Objects with `__cuda_array_interface__` (CuPy, PyTorch) are taken natively with the bytes of
    the Python path; a launcher for C-contiguous arrays given to a declared [:] takes those only."""
    from gpu_kernels import CudaArrayInterface
    from numjit.types import Array, float32
    declared, call = (Array(float32, 2, "A"), float32), (Array(float32, 2, "C"), float32)
    codes = "".join(param_layout(t) for t in declared)
    native = packer.build("numjit_test_cai", declared, codes, accepted=call)
    capture = Capture(codes)
    c = device_array((3, 4), np.float32)
    for args in [(c, np.float32(2)), (CudaArrayInterface(c), np.float32(-1)),
                 (CudaArrayInterface(device_array((2, 5), np.float32, offset=64)), np.float32(0))]:
        assert capture(native, *args) == 0
        assert capture.calls[-1][1] == python_bytes(args, declared, codes)
    listed = CudaArrayInterface(device_array((3, 4), np.float32, offset=8))
    listed.__cuda_array_interface__.update(shape=[3, 4], strides=[16, 4])      # lists: not cached, still read
    assert capture(native, listed, np.float32(3)) == 0
    assert capture.calls[-1][1] == python_bytes((listed, np.float32(3)), declared, codes)
    for wrong in (device_array((3, 4), np.float32, (4, 12)), CudaArrayInterface(device_array((3, 4), np.float64)),
                  CudaArrayInterface(device_array((3, 4), np.float32, (4, 12))),       # the same, but F-ordered
                  np.zeros((3, 4), np.float32), object()):
        assert capture(native, wrong, np.float32(1)) == -1              # the Python path copies or raises
    assert len(capture.calls) == 4


def test_a_declared_signature_among_several_takes_the_calls_classes_converted():
    """With several declared signatures a launcher takes only the classes of the call that chose its
    signature (a Python float for float32, a Python int for int32, np.float32 for float64), converted
    as the Python path's struct does; other classes go to the Python path, which may choose another."""
    from numjit.types import Array, Integer, float32, float64, int8, int32, int64
    declared = (Array(float32, 1, "A"), float32, int32, float64)
    call = (Array(float32, 1, "C"), float64, int64, float32)
    codes = "".join(param_layout(t) for t in declared)
    native = packer.build("numjit_test_several", declared, codes, accepted=call)
    capture = Capture(codes)
    x = device_array((5,), np.float32)
    for args in [(x, 0.1, 7, np.float32(0.1)), (x, np.float64(-2.5e38), -(2 ** 31), np.float32(np.inf)),
                 (x, float("nan"), np.int64(2 ** 31 - 1), np.float32(-0.0))]:
        assert capture(native, *args) == 0, args
        assert capture.calls[-1][1] == python_bytes(args, declared, codes)
    for i, value in [(1, np.float32(1)), (1, 1e39), (2, np.int32(1)), (2, 2 ** 31), (2, 1.0), (3, 1.0),
                     (3, np.float64(1))]:
        args = [x, 0.5, 1, np.float32(2)]
        args[i] = value
        assert capture(native, *args) == -1 - i, (i, value)
    declared, call = (int64, int8), (Integer(64, False), Integer(16, True))    # NumPy integers to others
    native = packer.build("numjit_test_several_ints", declared, "qb", accepted=call)
    capture = Capture("qb")
    for args in [(np.uint64(2 ** 63 - 1), np.int16(-128)), (np.uint64(0), np.int16(127))]:
        assert capture(native, *args) == 0 and capture.calls[-1][1] == python_bytes(args, declared, "qb")
    for args, code in [((np.uint64(2 ** 63), np.int16(0)), -1), ((np.uint64(1), np.int16(128)), -2),
                       ((1, np.int16(0)), -1), ((np.uint64(1), np.int8(0)), -2)]:
        assert capture(native, *args) == code, args


def test_declared_scalars_convert_natively_as_the_python_path_converts():
    """numba's casts to a declared signature (bool to numbers, float to int truncating, int to float,
    real to complex, complex to complex, numbers to bool) give the bytes of the Python path's
    conversion (launch.conversions + dispatch.conversions.convert); what a cast would wrap, overflow
    or make of NaN is left to it, as are complex numbers for real parameters."""
    from numjit.dispatch.conversions import convert
    from numjit.cuda.launch import conversions
    from numjit.types import boolean, int8, uint32, int64, float32, float64, complex64, complex128
    declared = (boolean, int8, uint32, int64, float32, float64, complex64, complex128)
    codes = "".join(param_layout(t) for t in declared)
    native = packer.build("numjit_test_conversions", declared, codes, converts=True)
    capture = Capture(codes)

    def python_path(args):
        args = list(args)
        for i, ty in conversions(tuple(kernel_argtype(a) for a in args), declared):
            args[i] = convert(args[i], ty)
        return python_bytes(args, declared, codes)
    rows = [(1, True, np.bool_(True), -2.9, np.int16(-7), np.bool_(False), 2, np.float32(1.5)),
            (np.float64(0.0), np.float32(-128.9), 4294967295.5, np.uint64(2 ** 63 - 1), -3, 2 ** 53 + 1, 1e300, 7),
            (float("nan"), np.int64(127), np.uint8(255), np.float32(-9.2e18), np.uint64(2 ** 64 - 1),
             np.int64(2 ** 62 + 1), 1 + 2j, np.complex64(0.5 - 0.25j)),
            (np.int8(0), np.uint16(3), np.float64(0.99), True, np.float64(1e30), np.float32(3.25),
             np.complex128(1e300 + 1j), np.int8(-1))]
    for args in rows:
        assert capture(native, *args) == 0, args
        assert capture.calls[-1][1] == python_path(args), args
    base = list(rows[0])
    for i, value in [(0, 1j), (1, 128.0), (1, -129.0), (1, float("nan")), (2, -1.0), (2, 2.0 ** 32), (2, -1),
                     (3, 2.0 ** 63), (3, float("inf")), (3, np.uint64(2 ** 63)), (4, 1e39), (4, 1j), (5, 2 ** 70),
                     (6, np.float16(1)), (7, "1")]:
        args = list(base)
        args[i] = value
        assert capture(native, *args) == -1 - i, (i, value)
    assert len(capture.calls) == len(rows)
