"""numba's per-thread settings: set_num_threads and set_parallel_chunksize belong to the calling
thread (from Python and inside compiled code); a parallel region's helpers run with the count of
the thread that started it and a zero chunk size; a chunk size makes prange hand out chunks of
exactly that many iterations."""
import threading

import numpy as np
import pytest

import numjit
from numjit import njit, prange


@njit
def _threads_now():
    return numjit.get_num_threads()


@njit
def _set_then_read(n):
    numjit.set_num_threads(n)
    return numjit.get_num_threads()


@njit(parallel=True)
def _region(n, spin):
    """Per iteration: the thread running it, the count and chunk size it sees."""
    ids = np.empty(n, np.int64)
    counts = np.empty(n, np.int64)
    chunks = np.empty(n, np.int64)
    for i in prange(n):
        acc = 0.0
        for k in range(spin):
            acc += np.sqrt(k + i)
        ids[i] = numjit.get_thread_id() + (acc < 0)
        counts[i] = numjit.get_num_threads()
        chunks[i] = numjit.get_parallel_chunksize()
    return ids, counts, chunks


@njit
def _chunksize_in_compiled_code(n):
    previous = numjit.set_parallel_chunksize(n)
    now = numjit.get_parallel_chunksize()
    return previous, now, numjit.set_parallel_chunksize(previous)


def test_thread_count_is_per_thread():
    saved = numjit.get_num_threads()
    try:
        numjit.set_num_threads(2)
        seen = {}

        def other():
            seen["start"] = (numjit.get_num_threads(), _threads_now())
            numjit.set_num_threads(1)
            seen["python"] = numjit.get_num_threads()
            seen["compiled"] = _set_then_read(3)
            seen["after"] = numjit.get_num_threads()
        t = threading.Thread(target=other)
        t.start()
        t.join()
        default = numjit.config.NUM_THREADS or min(numjit.config.NUMBA_DEFAULT_NUM_THREADS, 256)
        assert seen == {"start": (default, default), "python": 1, "compiled": 3, "after": 3}
        assert numjit.get_num_threads() == _threads_now() == 2          # this thread's setting kept
        ids, counts, chunks = _region(200, 50)
        assert (counts == 2).all() and (chunks == 0).all()              # helpers run with the caller's count
        assert _set_then_read(1) == 1 and numjit.get_num_threads() == 1
        ids, counts, _ = _region(200, 50)
        assert (ids == 0).all() and (counts == 1).all()                 # one thread: the caller alone
        with pytest.raises(ValueError):
            _set_then_read(0)
        with pytest.raises(ValueError):
            numjit.set_num_threads(1000)
    finally:
        numjit.set_num_threads(saved)


def test_parallel_chunksize():
    saved_threads = numjit.get_num_threads()
    try:
        numjit.set_num_threads(2)
        assert numjit.get_parallel_chunksize() == 0
        assert numjit.set_parallel_chunksize(5) == 0 and numjit.get_parallel_chunksize() == 5
        n = 5 * 84                      # the pool's own chunks here would be 14 iterations
        for _ in range(3):
            ids, _, chunks = _region(n, 2000)
            assert (chunks == 0).all()                                  # 0 inside the region, as numba
            assert numjit.get_parallel_chunksize() == 5                 # and restored after it
            assert (ids.reshape(-1, 5) == ids.reshape(-1, 5)[:, :1]).all()  # each chunk of 5 on one thread
        numjit.set_parallel_chunksize(n)
        ids, _, _ = _region(n, 2000)
        assert len(set(ids.tolist())) == 1                              # one chunk: one thread
        with numjit.parallel_chunksize(3):
            assert numjit.get_parallel_chunksize() == 3
        assert numjit.set_parallel_chunksize(0) == n
        assert _chunksize_in_compiled_code(5) == (0, 5, 5) and numjit.get_parallel_chunksize() == 0
        seen = []
        numjit.set_parallel_chunksize(4)
        t = threading.Thread(target=lambda: seen.append(numjit.get_parallel_chunksize()))
        t.start()
        t.join()
        assert seen == [0] and numjit.set_parallel_chunksize(0) == 4    # per thread
        with pytest.raises(ValueError):
            numjit.set_parallel_chunksize(-1)
        with pytest.raises(TypeError):
            numjit.set_parallel_chunksize(2.5)
        with pytest.raises(ValueError):
            _chunksize_in_compiled_code(-3)
    finally:
        numjit.set_parallel_chunksize(0)
        numjit.set_num_threads(saved_threads)
