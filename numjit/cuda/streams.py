"""Streams and events (cuStreamCreate, cuEventRecord, ...), with numba's methods.

    >>> Stream(0)
    <CUDA stream 0>
"""
import contextlib

from . import driver


class Stream:
    """A CUDA stream; `Stream(0)` is the default (legacy) stream."""

    def __init__(self, handle=None):
        self.cu = None
        if handle is None:
            driver.current_context()
            self.cu = driver.bindings()            # the stream is destroyed through the same binding
            handle = driver.check(self.cu.cuStreamCreate(0), "cuStreamCreate")
        self.handle = int(handle)

    def __int__(self):
        return self.handle

    def synchronize(self):
        driver.check(driver.bindings().cuStreamSynchronize(self.handle), "cuStreamSynchronize")

    @contextlib.contextmanager
    def auto_synchronize(self):
        yield self
        self.synchronize()

    def __del__(self):
        if getattr(self, "cu", None) is not None:
            try:
                self.cu.cuStreamDestroy(self.handle)
            except Exception:          # interpreter shutdown
                pass

    def __repr__(self):
        return f"<CUDA stream {self.handle}>"


class Event:
    """A CUDA event: record it on a stream, wait for it, time between two."""

    def __init__(self, timing=True):
        driver.current_context()
        flags = 0 if timing else 2           # CU_EVENT_DISABLE_TIMING
        self.handle = driver.check(driver.bindings().cuEventCreate(flags), "cuEventCreate")

    def record(self, stream=0):
        driver.check(driver.bindings().cuEventRecord(self.handle, int(stream)), "cuEventRecord")

    def synchronize(self):
        driver.check(driver.bindings().cuEventSynchronize(self.handle), "cuEventSynchronize")

    def wait(self, stream=0):
        driver.check(driver.bindings().cuStreamWaitEvent(int(stream), self.handle, 0), "cuStreamWaitEvent")

    def query(self):
        return int(driver.bindings().cuEventQuery(self.handle)[0]) == 0

    def elapsed_time(self, end):
        """Milliseconds from this event to `end`."""
        return driver.check(driver.bindings().cuEventElapsedTime(self.handle, end.handle), "cuEventElapsedTime")


def event_elapsed_time(start, end):
    return start.elapsed_time(end)
