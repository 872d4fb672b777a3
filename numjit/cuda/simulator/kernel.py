"""Running a kernel in the simulator: the block's threads, their barriers, and the cuda.*
primitives as Python (each `cuda.x(...)` called in a simulated kernel lands on the
`ThreadState` method of the same name, see numjit/cuda/stubs.py).

    >>> import numpy as np
    >>> from numjit.cuda import stubs
    >>> def kernel(out):
    ...     out[stubs.grid(1)] = stubs.threadIdx.x
    >>> out = np.zeros(4, np.int64)
    >>> run_kernel(kernel, (2, 1, 1), (2, 1, 1), 0, (out,))
    >>> out
    array([0, 1, 0, 1])
"""
import sys
import threading
from collections import namedtuple

import numpy as np

from .. import stubs
from ..stubs import WARPSIZE

Dim3 = namedtuple("Dim3", "x y z")


class BlockBarrier:
    """A barrier for the threads still running: a thread that returned no longer holds the
    others up (as on the GPU). `wait(value)` returns every waiting thread's value."""

    def __init__(self, count):
        self.cond = threading.Condition()
        self.live = count
        self.values = []
        self.generation = 0
        self.released = []
        self.broken = False

    def wait(self, value=None):
        with self.cond:
            gen = self.generation
            self.values.append(value)
            if len(self.values) >= self.live:
                self._release()
            else:
                while gen == self.generation and not self.broken:
                    self.cond.wait()
            if self.broken:
                raise threading.BrokenBarrierError
            return self.released

    def _release(self):
        self.released, self.values = self.values, []
        self.generation += 1
        self.cond.notify_all()

    def leave(self):
        with self.cond:
            self.live -= 1
            if self.values and len(self.values) >= self.live:
                self._release()

    def abort(self):
        with self.cond:
            self.broken = True
            self.cond.notify_all()


class Block:
    """What the threads of one block share: shared memory, the block barrier, the warps' barriers."""

    def __init__(self, index, nthreads, sharedmem):
        self.index = index
        self.barrier = BlockBarrier(nthreads)
        nwarps = (nthreads + WARPSIZE - 1) // WARPSIZE
        self.warps = [BlockBarrier(min(WARPSIZE, nthreads - w * WARPSIZE)) for w in range(nwarps)]
        self.shared = {}
        self.dynamic = np.zeros(sharedmem, np.uint8)
        self.lock = threading.Lock()

    def abort(self):
        self.barrier.abort()
        for w in self.warps:
            w.abort()


def _dtype(dtype):
    """The NumPy dtype of a numjit type (float32), a NumPy class (np.float16) or a dtype spelling."""
    own = getattr(dtype, "dtype", None)
    return own if isinstance(own, np.dtype) else np.dtype(dtype)


def _int_width(x):
    return np.dtype(type(x)).itemsize * 8 if isinstance(x, np.integer) else 64


class ThreadState:
    """One simulated CUDA thread: its registers, and the primitives as Python."""

    def __init__(self, tid, block, blockdim, griddim, atomic_lock):
        self.threadIdx = tid
        self.blockIdx = block.index
        self.blockDim = blockdim
        self.gridDim = griddim
        self.block = block
        self.atomic_lock = atomic_lock
        linear = tid.x + tid.y * blockdim.x + tid.z * blockdim.x * blockdim.y
        self.laneid = linear % WARPSIZE
        self.warp = block.warps[linear // WARPSIZE]

    # -- indexing -------------------------------------------------------------------------------
    def grid(self, ndim):
        axes = [b * d + t for b, d, t in zip(self.blockIdx, self.blockDim, self.threadIdx)][:ndim]
        return axes[0] if ndim == 1 else tuple(axes)

    def gridsize(self, ndim):
        axes = [d * g for d, g in zip(self.blockDim, self.gridDim)][:ndim]
        return axes[0] if ndim == 1 else tuple(axes)

    # -- memory ---------------------------------------------------------------------------------
    def shared_array(self, shape, dtype):
        caller = sys._getframe(2)
        key = (caller.f_code, caller.f_lasti)
        block = self.block
        with block.lock:
            arr = block.shared.get(key)
            if arr is None:
                dims = shape if isinstance(shape, tuple) else (shape,)
                dtype = _dtype(dtype)
                if dims == (0,):
                    usable = block.dynamic.size // dtype.itemsize * dtype.itemsize
                    arr = block.dynamic[:usable].view(dtype)
                else:
                    arr = np.zeros(dims, dtype)
                block.shared[key] = arr
        return arr

    def local_array(self, shape, dtype):
        return np.zeros(shape, _dtype(dtype))

    def const_array_like(self, ary):
        return ary

    # -- synchronisation ------------------------------------------------------------------------
    def syncthreads(self):
        self.block.barrier.wait()

    def syncthreads_count(self, pred):
        return sum(self.block.barrier.wait(bool(pred)))

    def syncthreads_and(self, pred):
        return int(all(self.block.barrier.wait(bool(pred))))

    def syncthreads_or(self, pred):
        return int(any(self.block.barrier.wait(bool(pred))))

    def syncwarp(self, mask=0xFFFFFFFF):
        self.warp.wait()

    def threadfence(self):
        pass

    def activemask(self):
        return sum(1 << lane for lane in self._exchange(None))

    def lanemask_lt(self):
        return (1 << self.laneid) - 1

    def selp(self, pred, a, b):
        return a if pred else b

    def _exchange(self, value):
        return dict(self.warp.wait((self.laneid, value)))

    def shfl_sync(self, mask, value, src_lane):
        return self._exchange(value).get(src_lane % WARPSIZE, value)

    def shfl_up_sync(self, mask, value, delta):
        src = self.laneid - delta
        values = self._exchange(value)
        return values.get(src, value) if src >= 0 else value

    def shfl_down_sync(self, mask, value, delta):
        values = self._exchange(value)
        return values.get(self.laneid + delta, value)

    def shfl_xor_sync(self, mask, value, lane_mask):
        return self._exchange(value).get(self.laneid ^ lane_mask, value)

    def all_sync(self, mask, pred):
        return all(p for lane, p in self._exchange(bool(pred)).items() if mask >> lane & 1)

    def any_sync(self, mask, pred):
        return any(p for lane, p in self._exchange(bool(pred)).items() if mask >> lane & 1)

    def ballot_sync(self, mask, pred):
        return sum(1 << lane for lane, p in self._exchange(bool(pred)).items() if p and mask >> lane & 1)

    # -- atomics: read, combine, write under one lock; the old value is returned ------------------
    def _atomic(self, ary, idx, combine):
        with self.atomic_lock:
            old = ary[idx]
            ary[idx] = combine(old)
            return old

    def atomic_add(self, ary, idx, val):
        return self._atomic(ary, idx, lambda old: old + val)

    def atomic_sub(self, ary, idx, val):
        return self._atomic(ary, idx, lambda old: old - val)

    def atomic_max(self, ary, idx, val):
        return self._atomic(ary, idx, lambda old: max(old, val))

    def atomic_min(self, ary, idx, val):
        return self._atomic(ary, idx, lambda old: min(old, val))

    def atomic_exch(self, ary, idx, val):
        return self._atomic(ary, idx, lambda old: val)

    def atomic_and(self, ary, idx, val):
        return self._atomic(ary, idx, lambda old: old & val)

    def atomic_or(self, ary, idx, val):
        return self._atomic(ary, idx, lambda old: old | val)

    def atomic_xor(self, ary, idx, val):
        return self._atomic(ary, idx, lambda old: old ^ val)

    def atomic_inc(self, ary, idx, val):
        return self._atomic(ary, idx, lambda old: 0 if old >= val else old + 1)

    def atomic_dec(self, ary, idx, val):
        return self._atomic(ary, idx, lambda old: val if old == 0 or old > val else old - 1)

    def atomic_cas(self, ary, idx, old, val):
        return self._atomic(ary, idx, lambda current: val if current == old else current)

    # -- arithmetic -----------------------------------------------------------------------------
    def fma(self, a, b, c):
        return a * b + c

    def popc(self, x):
        return type(x)(bin(int(x) & ((1 << _int_width(x)) - 1)).count("1"))

    def brev(self, x):
        width = _int_width(x)
        bits = format(int(x) & ((1 << width) - 1), f"0{width}b")
        return type(x)(int(bits[::-1], 2)) if isinstance(x, np.integer) else int(bits[::-1], 2)

    def clz(self, x):
        return type(x)(_int_width(x) - (int(x) & ((1 << _int_width(x)) - 1)).bit_length())

    def ffs(self, x):
        v = int(x) & ((1 << _int_width(x)) - 1)
        return type(x)((v & -v).bit_length())


def run_kernel(pyfunc, griddim, blockdim, sharedmem, args):
    """Run `pyfunc(*args)` on every thread of the grid, block after block."""
    griddim, blockdim = Dim3(*griddim), Dim3(*blockdim)
    nthreads = blockdim.x * blockdim.y * blockdim.z
    atomic_lock = threading.Lock()
    for bz in range(griddim.z):
        for by in range(griddim.y):
            for bx in range(griddim.x):
                block = Block(Dim3(bx, by, bz), nthreads, sharedmem)
                _run_block(pyfunc, block, blockdim, griddim, atomic_lock, args)


def _run_block(pyfunc, block, blockdim, griddim, atomic_lock, args):
    errors = []

    def body(state):
        stubs._tls.state = state
        try:
            pyfunc(*args)
        except threading.BrokenBarrierError:
            pass
        except BaseException as exc:       # reported by the launching thread, with the thread's position
            errors.append((state, exc))
            block.abort()
        finally:
            stubs._tls.state = None
            block.barrier.leave()
            state.warp.leave()

    threads = []
    for tz in range(blockdim.z):
        for ty in range(blockdim.y):
            for tx in range(blockdim.x):
                state = ThreadState(Dim3(tx, ty, tz), block, blockdim, griddim, atomic_lock)
                threads.append(threading.Thread(target=body, args=(state,), daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        from ..debug import thread_exception
        state, exc = errors[0]
        exc = thread_exception(exc, state.threadIdx, state.blockIdx)      # numba's 'tid=[..] ctaid=[..]: ...'
        exc.add_note(f"(in the CUDA simulator: thread {tuple(state.threadIdx)} of block {tuple(state.blockIdx)})")
        raise exc from None


class SimulatedLaunch:
    """`kernel[griddim, blockdim, stream, sharedmem]` in the simulator."""

    def __init__(self, kernel, griddim, blockdim, stream, sharedmem):
        self.kernel = kernel
        self.griddim, self.blockdim, self.sharedmem = griddim, blockdim, sharedmem

    def __call__(self, *args):
        from .memory import kernel_argument
        run_kernel(self.kernel.py_func, self.griddim, self.blockdim, self.sharedmem,
                   tuple(kernel_argument(a) for a in args))
