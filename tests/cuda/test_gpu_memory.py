"""Device memory, streams, events and interop with CuPy and PyTorch on a real GPU (marked gpu)."""
import numpy as np
import pytest

from gpu_env import require_gpu

require_gpu()
pytestmark = pytest.mark.gpu

from numjit import cuda  # noqa: E402
import gpu_kernels as K  # noqa: E402


def test_device_queries():
    assert cuda.is_available()
    assert cuda.detect()
    dev = cuda.get_current_device()
    assert len(dev.compute_capability) == 2 and dev.name
    assert dev.MAX_THREADS_PER_BLOCK >= 1024
    free, total = cuda.current_context().get_memory_info()
    assert 0 < free <= total
    cuda.synchronize()


def test_copies_slices_and_views():
    a = np.arange(24, dtype=np.float64).reshape(4, 6)
    d = cuda.to_device(a)
    assert d.shape == a.shape and d.dtype == a.dtype and d.strides == a.strides
    np.testing.assert_array_equal(d.copy_to_host(), a)
    np.testing.assert_array_equal(d[1:3].copy_to_host(), a[1:3])
    np.testing.assert_array_equal(d[2].copy_to_host(), a[2])
    assert d[1, 2] == a[1, 2]
    d[0] = np.full(6, -1.0)
    b = a.copy()
    b[0] = -1
    np.testing.assert_array_equal(d.copy_to_host(), b)
    e = cuda.device_array((3, 5), dtype=np.int32)
    e.copy_to_device(np.ones((3, 5), np.int32))
    np.testing.assert_array_equal(e.copy_to_host(), np.ones((3, 5), np.int32))
    f = cuda.to_device(np.asfortranarray(a))
    np.testing.assert_array_equal(f.copy_to_host(), a)
    assert cuda.is_cuda_array(d) and not cuda.is_cuda_array(a)


def test_kernel_on_slices_of_device_arrays():
    a = np.arange(64, dtype=np.float32)
    d = cuda.to_device(a)
    out = cuda.device_array(32, np.float32)
    K.add_kernel[1, 32](out, d[::2], d[1::2])
    np.testing.assert_array_equal(out.copy_to_host(), a[::2] + a[1::2])


def test_streams_events_pinned_mapped():
    s = cuda.stream()
    start, end = cuda.event(), cuda.event()
    a = cuda.pinned_array(1000, np.float32)
    a[:] = np.arange(1000)
    start.record(s)
    d = cuda.to_device(a, stream=s)
    out = cuda.device_array_like(d, stream=s)
    K.add_kernel[8, 128, s](out, d, d)
    end.record(s)
    host = out.copy_to_host(stream=s)
    s.synchronize()
    end.synchronize()
    assert cuda.event_elapsed_time(start, end) >= 0
    np.testing.assert_array_equal(host, 2 * np.arange(1000, dtype=np.float32))
    m = cuda.mapped_array(100, np.float32)
    m[:] = 1.5
    K.add_kernel[1, 128](m, m, m)
    cuda.synchronize()
    np.testing.assert_array_equal(m, np.full(100, 3.0, np.float32))
    with cuda.default_stream().auto_synchronize():
        pass


def test_cupy_interop():
    cp = pytest.importorskip("cupy")
    a = cp.arange(100, dtype=cp.float32)
    out = cp.zeros(100, dtype=cp.float32)
    K.add_kernel[1, 128](out, a, a)              # CuPy arrays go in without copies
    cuda.synchronize()
    np.testing.assert_array_equal(cp.asnumpy(out), 2 * np.arange(100, dtype=np.float32))
    d = cuda.as_cuda_array(out)
    assert d.ptr == out.data.ptr and d.shape == (100,)
    back = cp.asarray(cuda.to_device(np.arange(5.0)))   # and numjit device arrays go into CuPy
    np.testing.assert_array_equal(cp.asnumpy(back), np.arange(5.0))


def test_torch_interop():
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("torch without CUDA")
    t = torch.arange(64, dtype=torch.float32, device="cuda")
    out = torch.zeros(64, dtype=torch.float32, device="cuda")
    K.add_kernel[1, 64](out, t, t)
    torch.cuda.synchronize()
    assert torch.equal(out.cpu(), 2 * torch.arange(64, dtype=torch.float32))
