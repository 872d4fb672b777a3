"""numba's threading API: how many threads parallel code uses, and which thread is running.

    >>> import numjit
    >>> n = numjit.get_num_threads()
    >>> numjit.set_num_threads(1); numjit.get_num_threads()
    1
    >>> numjit.set_num_threads(n)

The count starts at NUMJIT_NUM_THREADS, else NUMBA_NUM_THREADS, else the CPUs this process may use
(numjit.config). `get_num_threads` and `set_num_threads` also work inside compiled code
(numjit/intrinsics/threads.py); unlike numba the setting is process-wide, not per thread.
numjit has one thread pool of its own (numjit/runtime/threadpool.py), with no TBB or OpenMP:
once a parallel region has started it, `threading_layer()` names it "workqueue", numba's name
for its built-in layer; before that it raises ValueError, as numba does. THREADING_LAYER="tbb"
or "omp" is recorded but cannot be honoured: the same pool runs.
"""
from .runtime import threadpool

_chunksize = 0


def get_num_threads():
    """Threads a parallel region may use now, the caller included."""
    return threadpool.num_threads()


def set_num_threads(n):
    """Use `n` threads in parallel regions from now on (1..256; ValueError otherwise)."""
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
    """Record a prange chunk size and return the previous one (numba's API). numjit's pool sizes
    chunks itself (up to 16 per thread); the value is kept for code that reads it back."""
    global _chunksize
    if not isinstance(n, int) or n < 0:
        raise ValueError(f"the chunk size must be a non-negative integer, not {n!r}")
    previous, _chunksize = _chunksize, n
    return previous


def get_parallel_chunksize():
    return _chunksize
