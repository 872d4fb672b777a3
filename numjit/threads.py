"""numba's threading API: how many threads parallel code uses, and which thread is running.

    >>> import numjit
    >>> n = numjit.get_num_threads()
    >>> numjit.set_num_threads(1); numjit.get_num_threads()
    1
    >>> numjit.set_num_threads(n)

The count starts at NUMJIT_NUM_THREADS, else NUMBA_NUM_THREADS, else the CPUs this process may use
(numjit.config). `get_num_threads` and `set_num_threads` also work inside compiled code
(numjit/intrinsics/threads.py); as in numba the setting belongs to the calling thread (another
thread keeps its own), and the helpers running a parallel region use the count of the thread
that started it. `set_parallel_chunksize(n)` (per thread too; in compiled code as well) makes the
prange loops that thread starts hand out chunks of n iterations (0: the pool's choice); inside a
region it reads 0, as numba's, and `with parallel_chunksize(n):` sets it for a block of Python.
numjit has one thread pool of its own (numjit/runtime/threadpool.py), with no TBB or OpenMP:
once a parallel region or one of these settings has started it (numba launches its threads for
them too), `threading_layer()` names it "workqueue", numba's name for its built-in layer; before
that it raises ValueError, as numba does. THREADING_LAYER="tbb"
or "omp" is recorded but cannot be honoured: the same pool runs.
"""
import numpy as np

from .runtime import threadpool


def get_num_threads():
    """Threads a parallel region may use now, the caller included."""
    return threadpool.num_threads()


def set_num_threads(n):
    """Parallel regions the calling thread starts use `n` threads from now on (1..256; ValueError
    otherwise); other threads keep their own count."""
    if isinstance(n, bool) or not isinstance(n, int) and not hasattr(n, "__index__"):
        raise TypeError(f"the number of threads must be an integer, not {type(n).__name__}")
    threadpool.set_num_threads(n.__index__())


def get_thread_id():
    """The calling thread's index in the pool, 0 <= id < get_num_threads(): in compiled code 1 + k
    in the pool's helper k, and 0 in the thread that started the parallel region; Python code
    never runs in a helper, so from Python it is 0."""
    return 0


def threading_layer():
    """The threading layer in use: numjit's own pool, reported as numba's built-in "workqueue"
    (ValueError before any parallel region has started it, as numba)."""
    if not threadpool.started():
        raise ValueError("Threading layer is not initialized.")
    return "workqueue"


def set_parallel_chunksize(n):
    """Chunks of `n` iterations for the prange loops the calling thread starts from now on (0: the
    pool chooses); returns the previous value."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError("The parallel chunksize must be an integer")
    if n < 0:
        raise ValueError("chunksize must be greater than or equal to zero")
    return threadpool.set_chunksize(int(n))


def get_parallel_chunksize():
    """The calling thread's prange chunk size (0: the pool chooses)."""
    return threadpool.get_chunksize()


class parallel_chunksize:
    """`with parallel_chunksize(n):` — the chunk size for a block of Python code, restored after."""

    def __init__(self, n):
        if isinstance(n, bool) or not isinstance(n, int):
            raise ValueError("parallel_chunksize takes only a single integer argument.")
        self.chunksize = n

    def __enter__(self):
        self.previous = set_parallel_chunksize(self.chunksize)

    def __exit__(self, *exc):
        set_parallel_chunksize(self.previous)

    swap = staticmethod(set_parallel_chunksize)     # the `with` block in compiled code (frontend/withblocks.py)
