"""numjit's host side of CUDA — driver calls, device memory, copies, slicing, argument packing,
launches, streams, CUDA ufuncs — end to end on the CPU: a fake driver (fake_driver.py) keeps
"device" memory in host memory and runs each launched kernel, decoded from its packed
parameters, in the simulator. What it cannot check (PTX on a real GPU, cuda-bindings' own
conventions) the gpu-marked tests do."""
import threading

import numpy as np
import pytest

import fake_driver
import gpu_kernels as K
from kernel_checks import check_declared_signatures_and_array_interface, check_declared_scalar_conversions
from numjit import config, cuda, vectorize, guvectorize
from numjit.cuda import driver, launch
from numjit.cuda.dispatcher import Kernel
from numjit.types import Array, float32

LOAD_FUNCTION = launch.Specialization.function          # the fixture replaces it; the cache test needs it


@pytest.fixture(autouse=True)
def fake_gpu(monkeypatch):
    monkeypatch.setattr(config, "SIMULATE", False)
    monkeypatch.setattr(driver, "_state", {"cu": fake_driver, "error": None, "devices": {}, "current": None})
    monkeypatch.setattr(driver, "_tls", threading.local())
    monkeypatch.setattr(launch.Specialization, "function", lambda self: self)   # the fake runs the spec
    monkeypatch.setattr(driver, "function_address", id)                         # ... from native code too
    monkeypatch.setattr(driver, "native_launch_address", lambda: fake_driver.NATIVE_LAUNCH_ADDRESS)
    yield fake_driver
    for value in vars(K).values():              # launchers bound to the fake must not outlive it
        if isinstance(value, Kernel):
            value._launchers.clear()


def test_device_queries_and_memory():
    assert cuda.is_available()
    dev = cuda.get_current_device()
    assert (dev.name, dev.compute_capability, dev.MAX_THREADS_PER_BLOCK) == ("Fake CPU device", (8, 0), 1024)
    assert cuda.current_context().get_memory_info() == (1 << 30, 2 << 30)
    a = np.arange(24.0).reshape(4, 6)
    d = cuda.to_device(a)
    assert (d.shape, d.strides, d.dtype) == (a.shape, a.strides, a.dtype)
    np.testing.assert_array_equal(d.copy_to_host(), a)
    np.testing.assert_array_equal(d[1:3].copy_to_host(), a[1:3])
    with pytest.raises(ValueError, match="contiguous"):
        d[:, ::2].copy_to_host()
    assert d[2, 3] == a[2, 3]
    d[0] = -1.0
    expected = a.copy()
    expected[0] = -1.0
    np.testing.assert_array_equal(d.copy_to_host(), expected)
    f = cuda.to_device(np.asfortranarray(a))
    np.testing.assert_array_equal(f.copy_to_host(), a)
    np.testing.assert_array_equal(d.reshape(6, 4).copy_to_host(), expected.reshape(6, 4))
    host = np.empty_like(a)
    assert d.copy_to_host(host) is host
    assert cuda.as_cuda_array(d) is d and cuda.is_cuda_array(d)


def test_kernels_through_packed_parameters():
    x = np.arange(40, dtype=np.float32)
    out = np.zeros_like(x)
    K.add_kernel[2, 32](out, x, x)                       # host arrays: copied in, result copied back
    np.testing.assert_array_equal(out, 2 * x)
    d = cuda.to_device(np.arange(64, dtype=np.float32))
    res = cuda.device_array(32, np.float32)
    K.add_kernel[1, 32](res, d[::2], d[1::2])            # strided views: shape and strides as parameters
    np.testing.assert_array_equal(res.copy_to_host(), np.arange(0, 64, 2) + np.arange(1, 64, 2))
    K.add_kernel[1, 32](res, d[::-2], d[:32])            # a reversed view: negative stride
    np.testing.assert_array_equal(res.copy_to_host(), np.arange(64)[::-2] + np.arange(32))
    grid = np.zeros((9, 5), np.int64)
    K.grid2d_kernel[(2, 2), (8, 4)](grid)
    ii, jj = np.indices(grid.shape)
    np.testing.assert_array_equal(grid, ii * 1000 + jj)
    total = np.zeros(1)
    K.dynamic_shared_sum[1, 10, 0, 80](total, np.arange(10.0))
    assert total[0] == 45.0
    outf = np.zeros(10, np.float32)
    K.device_call_kernel[1, 16](outf, np.arange(10, dtype=np.float32), 3.0)     # a float64 scalar parameter
    np.testing.assert_array_equal(outf, np.arange(10) * 3 + 1)
    y = np.ones(10, np.float32)
    K.saxpy_declared[1, 16](y, np.arange(10, dtype=np.float32), 2.0)           # declared float32 parameter
    np.testing.assert_array_equal(y, 2 * np.arange(10) + 1)
    name, griddim, blockdim, shared, stream = fake_driver.launches[-1]
    assert (griddim, blockdim, shared, stream) == ((1, 1, 1), (16, 1, 1), 0, 0)


def test_streams_events_pinned_and_mapped_memory():
    s = cuda.stream()
    start, end = cuda.event(), cuda.event()
    start.record(s)
    p = cuda.pinned_array(20, np.float32)
    p[:] = np.arange(20)
    d = cuda.to_device(p, stream=s)
    out = cuda.device_array_like(d, stream=s)
    K.add_kernel[1, 32, s](out, d, d)
    end.record(s)
    s.synchronize()
    assert fake_driver.launches[-1][4] == 77 and cuda.event_elapsed_time(start, end) == 0.5
    np.testing.assert_array_equal(out.copy_to_host(stream=s), 2 * np.arange(20, dtype=np.float32))
    m = cuda.mapped_array(8, np.float32)
    m[:] = 1.5
    K.add_kernel[1, 8](m, m, m)                          # mapped memory goes in without copies
    np.testing.assert_array_equal(m, np.full(8, 3.0, np.float32))


def test_driver_errors_carry_the_cuda_name():
    d = cuda.to_device(np.zeros(4, np.float32))
    with pytest.raises(cuda.CudaDriverError) as info:
        K.add_kernel[(1, 1, 1 << 20), 4](d, d, d)
    assert info.value.name == "CUDA_ERROR_INVALID_VALUE" and "cuLaunchKernel" in str(info.value)
    with pytest.raises(cuda.CudaDriverError, match="CUDA_ERROR_OUT_OF_MEMORY"):
        cuda.device_array(1 << 40, np.uint8)
    with pytest.raises(TypeError, match="argument 2"):
        K.add_kernel[1, 4](d, [1.0, 2.0], d)


def test_cuda_ufuncs_on_host_and_device_arrays():
    def clip(x, lo, hi):
        return lo if x < lo else (hi if x > hi else x)
    uf = vectorize(["float32(float32, float32, float32)"], target="cuda")(clip)
    x = np.linspace(-1, 2, 30, dtype=np.float32).reshape(5, 6)
    np.testing.assert_array_equal(uf(x, np.float32(0), np.float32(1)), np.clip(x, 0, 1))
    res = uf(cuda.to_device(x), np.float32(0), np.float32(1))
    assert isinstance(res, cuda.DeviceNDArray)
    np.testing.assert_array_equal(res.copy_to_host(), np.clip(x, 0, 1))

    def add(a, b):
        return a + b
    adder = vectorize(["int64(int64, int64)"], target="cuda")(add)
    assert adder.reduce(np.arange(101)) == 5050
    d = cuda.to_device(np.arange(101))                  # objects with only __cuda_array_interface__ too
    assert adder.reduce(K.CudaArrayInterface(d)) == 5050
    out = cuda.device_array((5, 6), np.float32)
    uf(K.CudaArrayInterface(cuda.to_device(x)), np.float32(0), np.float32(1), out=K.CudaArrayInterface(out))
    np.testing.assert_array_equal(out.copy_to_host(), np.clip(x, 0, 1))

    def shift(v, c, out):
        for i in range(v.shape[0]):
            out[i] = v[i] + c
    g = guvectorize(["void(float64[:], float64, float64[:])"], "(n),()->(n)", target="cuda")(shift)
    m = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(g(m, 0.5), m + 0.5)
    np.testing.assert_array_equal(g(cuda.to_device(m), 1.0).copy_to_host(), m + 1.0)
    np.testing.assert_array_equal(g(K.CudaArrayInterface(cuda.to_device(m)), 2.0).copy_to_host(), m + 2.0)


def test_launches_from_many_threads():
    from concurrent.futures import ThreadPoolExecutor
    arrays = [cuda.to_device(np.full(8, k, np.float32)) for k in range(6)]
    outs = [cuda.device_array(8, np.float32) for _ in arrays]
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda k: K.add_kernel[1, 8](outs[k], arrays[k], arrays[k]), range(6)))
    for k, out in enumerate(outs):
        np.testing.assert_array_equal(out.copy_to_host(), np.full(8, 2 * k, np.float32))


@cuda.jit
def mixed_arguments(out, pair, z, flag, small):
    out[0] = pair[0] + pair[1]
    out[1] = z.real * 10 + z.imag
    out[2] = 1.0 if flag else -1.0
    out[3] = small


def test_tuple_complex_bool_and_small_int_parameters():
    out = np.zeros(4)
    mixed_arguments[1, 1](out, (3, 0.5), 2 + 7j, True, np.int8(-5))
    assert fake_driver.launches[-1][0].startswith("numjit_mixed_arguments")
    spec = next(iter(mixed_arguments.specializations.values()))
    assert spec.compiled.params == "Pqq" + "qd" + "dd" + "?" + "b"      # array, (int, float), complex, bool, int8
    np.testing.assert_array_equal(out, [3.5, 27.0, 1.0, -5.0])


def test_half_arrays_and_a_half_scalar_parameter():
    a = np.linspace(-2, 2, 20).astype(np.float16)
    b = np.linspace(0.5, 3, 20).astype(np.float16)
    s = np.float16(0.375)
    out, flags = np.zeros((20, 22), np.float16), np.zeros((20, 7), np.bool_)
    K.half_kernel[1, 32](out, flags, cuda.to_device(a), b, s)
    spec = next(iter(K.half_kernel.specializations.values()))
    assert spec.compiled.params.endswith("e")            # packed as a 2-byte half
    ref, ref_flags = K.half_reference(a, b, s)
    np.testing.assert_array_equal(out, ref)
    np.testing.assert_array_equal(flags, ref_flags)


def test_debug_kernel_exception_reaches_the_host():
    """The launcher clears the kernel's exception record, launches, reads the record back and
    raises what it names with the compiled raise's location (the fake writes the record as the
    kernel entry does)."""
    from test_print_debug import debug_kernel, debug_item_kernel, RAISE_LINE, ITEM_LINE
    x = cuda.to_device(np.array([1.0, 2.0, -3.0, 4.0]))
    with pytest.raises(ValueError) as info:
        debug_kernel[1, 4](cuda.device_array(4), x)
    assert str(info.value).startswith(f"In function 'checked', file ") and "tid=[2, 0, 0] ctaid=[0, 0, 0]: negative " \
        "value" in str(info.value) and f"test_print_debug.py, line {RAISE_LINE}," in str(info.value)
    with pytest.raises(IndexError, match=rf"In function 'item', file .*, line {ITEM_LINE}, tid=\[3, 0, 0\]"):
        debug_item_kernel[1, 4](cuda.device_array(4), x, 1)   # thread 3 alone: the device function checks
    with pytest.raises(IndexError, match=r"tid=\[3, 0, 0\] ctaid=\[1, 0, 0\]: index is out of bounds"):
        debug_kernel[2, 4](cuda.device_array(7), cuda.to_device(np.ones(8)))
    out = cuda.device_array(4)
    debug_kernel[1, 4](out, cuda.to_device(np.ones(4)))        # the record was cleared: no stale exception
    np.testing.assert_array_equal(out.copy_to_host(), np.full(4, 2.0))
    debug_kernel._launchers.clear()


def test_cache_keeps_ptx_and_the_drivers_cubin(tmp_path, monkeypatch):
    from numjit.cuda import cache
    monkeypatch.setattr(config, "CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(launch.Specialization, "function", LOAD_FUNCTION)
    types_ = (Array(float32, 1, "C"), float32)
    fake_driver.loaded.clear()
    fake_driver.links.clear()
    first = cuda.jit(cache=True)(K.scale_in_place).compile(types_)
    first.function()                                       # linked by the driver, loaded as a cubin, stored
    assert fake_driver.loaded == ["cubin"] and fake_driver.links == [first.compiled.ptx]
    [cubin] = tmp_path.glob("*.cubin")
    [ptx] = tmp_path.glob("*.cuda.*.json")
    assert cubin.read_bytes() == fake_driver.CUBIN + first.compiled.ptx.encode()

    def fresh():                                         # a new process: a new kernel object
        stats = dict(cache.STATS)
        spec = cuda.jit(cache=True)(K.scale_in_place).compile(types_)
        spec.function()
        return spec, {k: cache.STATS[k] - stats[k] for k in stats}
    spec, delta = fresh()                                # both from disk: no compilation, no link
    assert delta == {"hits": 1, "stores": 0, "cubin_hits": 1, "cubin_stores": 0}
    assert spec.compiled.ptx == first.compiled.ptx and len(fake_driver.links) == 1
    cubin.write_bytes(b"garbage")                        # refused by the driver: linked again, rewritten
    spec, delta = fresh()
    assert delta["cubin_stores"] == 1 and len(fake_driver.links) == 2 and fake_driver.loaded[-1] == "cubin"
    assert cubin.read_bytes().startswith(fake_driver.CUBIN)
    monkeypatch.setattr(fake_driver, "cuDriverGetVersion", lambda: (fake_driver.OK, 12050))
    spec, delta = fresh()                                # another driver: its own cubin
    assert delta["cubin_hits"] == 0 and delta["cubin_stores"] == 1 and len(list(tmp_path.glob("*.cubin"))) == 2
    for corrupt in ("{not json", '{"key": 1}', ""):       # a corrupt PTX record is ignored and rewritten
        ptx.write_text(corrupt)
        spec, delta = fresh()
        assert delta["hits"] == 0 and delta["stores"] == 1          # (the entry's name has a fresh number)
        assert spec.compiled.ptx.replace(spec.compiled.name, first.compiled.name) == first.compiled.ptx
    assert not list(tmp_path.glob("*.tmp*"))             # atomic writes leave no partial files


def test_repeated_launches_take_the_native_path():
    x = cuda.to_device(np.arange(40, dtype=np.float32))
    out = cuda.device_array(40, np.float32)
    launcher = K.add_kernel[2, 32]
    for _ in range(4):                   # the second Python-path launch builds the native launcher
        out.copy_to_device(np.zeros(40, np.float32))
        before = len(fake_driver.native_launches)
        launcher(out, x, x)
        np.testing.assert_array_equal(out.copy_to_host(), 2 * np.arange(40, dtype=np.float32))
    assert len(fake_driver.native_launches) == before + 1 and launcher._fast
    xd, outd = cuda.to_device(np.arange(40.0)), cuda.device_array(40)
    launcher(outd, xd, xd)               # another specialisation: the Python path chooses it
    np.testing.assert_array_equal(outd.copy_to_host(), 2 * np.arange(40.0))
    host = np.zeros(40, np.float32)
    launcher(host, x, x)                 # a host array: refused natively, copied by the Python path
    np.testing.assert_array_equal(host, 2 * np.arange(40, dtype=np.float32))
    y = cuda.to_device(np.ones(10, np.float32))
    for k in range(4):                   # scalars through the native path: float64 (a Python float)
        K.device_call_kernel[1, 16](y, cuda.to_device(np.arange(10, dtype=np.float32)), float(k))
        np.testing.assert_array_equal(y.copy_to_host(), np.arange(10) * k + 1)
    assert K.device_call_kernel[1, 16]._fast
    y = cuda.to_device(np.ones(10, np.float32))
    before = len(fake_driver.native_launches)
    for k in range(3):                   # a declared float32 parameter given a Python float: converted natively
        K.saxpy_declared[1, 16](y, cuda.to_device(np.arange(10, dtype=np.float32)), 2.0)
    np.testing.assert_array_equal(y.copy_to_host(), 1 + 3 * 2 * np.arange(10, dtype=np.float32))
    assert len(fake_driver.native_launches) >= before + 1 and K.saxpy_declared[1, 16]._fast
    K.saxpy_declared._launchers.clear()
    fake_driver.failures.append(fake_driver.CUresult.CUDA_ERROR_LAUNCH_FAILED)
    before = len(fake_driver.native_launches)
    with pytest.raises(cuda.CudaDriverError, match="CUDA_ERROR_LAUNCH_FAILED") as info:
        K.device_call_kernel[1, 16](y, y, 1.0)
    assert info.value.name == "CUDA_ERROR_LAUNCH_FAILED" and len(fake_driver.native_launches) == before + 1
    K.device_call_kernel._launchers.clear()


def test_native_path_dispatches_by_argument_classes_and_takes_cuda_array_interface_objects():
    launcher = check_declared_signatures_and_array_interface(small=True)
    before = len(fake_driver.native_launches)
    check_declared_signatures_and_array_interface(small=True, rounds=1)   # every call goes native
    assert len(fake_driver.native_launches) == before + 3 and len(launcher._fast) == 3
    x64, out32 = cuda.to_device(np.arange(40.0)), cuda.device_array(40, np.float32)
    with pytest.raises(TypeError, match="cannot take"):
        launcher(out32, x64, np.float32(1))


def test_declared_scalars_convert_on_both_paths():
    before = len(fake_driver.native_launches)
    launcher = check_declared_scalar_conversions()
    assert len(launcher._fast) == 1 and len(fake_driver.native_launches) - before >= 8   # one function: all rows
    K.declared_scalars._launchers.clear()


def test_native_path_looks_functions_up_per_context(monkeypatch):
    """Each context loads its own module: a launcher used from another context must not launch the
    function of the first (it takes the Python path, which looks the function up there)."""
    looked_up = []
    monkeypatch.setattr(launch.Specialization, "function",
                        lambda self: looked_up.append(driver.current_context()) or self)
    x = cuda.to_device(np.arange(40, dtype=np.float32))
    out = cuda.device_array(40, np.float32)
    launcher = K.add_kernel[2, 32]
    first = driver.current_context()
    for device in (0, 1, 0):
        cuda.select_device(device)
        for _ in range(3):
            launcher(out, x, x)
        assert looked_up[-1] is driver.current_context() and launcher._fast_context is driver.current_context()
    assert driver.current_context() is first and len(set(map(id, looked_up))) == 2 and len(looked_up) == 3
    np.testing.assert_array_equal(out.copy_to_host(), 2 * np.arange(40, dtype=np.float32))


def test_half_cuda_ufunc():
    from numjit.cuda import fp16

    def fused(a, b):
        return fp16.hfma(a, b, a)
    uf = vectorize(["float16(float16, float16)"], target="cuda")(fused)
    a = np.linspace(-2, 2, 50).astype(np.float16)
    b = np.float16(0.3)
    expected = (a.astype(np.float64) * np.float64(b) + a).astype(np.float16)
    np.testing.assert_array_equal(uf(a, b), expected)
    np.testing.assert_array_equal(uf(cuda.to_device(a), b).copy_to_host(), expected)
