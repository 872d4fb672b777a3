"""LLVM pass timings of a compilation (numba's `NUMBA_LLVM_PASS_TIMINGS=1`, read back with
`dispatcher.get_metadata(sig)['llvm_pass_timings']`).

When `config.LLVM_PASS_TIMINGS` is set while a function compiles, backend/jit.py runs its pass
pipeline under LLVM's pass timers (llvmlite's `PassBuilder.start_pass_timing`) and times the
object code's finalisation; each stage is a record of a `PassTimings`:

    >>> timings = PassTimings("foo")
    >>> timings.record("Finalize object", 0.25, "")
    >>> timings.get_total_time()
    0.25
    >>> print(timings)
    Printing pass timings for foo
    Total time: 0.2500 s
    == #0 Finalize object: 0.2500 s
"""
import time
from collections import namedtuple

Record = namedtuple("Record", "name seconds report")     # report: LLVM's text for a pipeline run


class PassTimings:
    """The timed stages of one compiled library, in the order they ran."""

    def __init__(self, name):
        self.name = name
        self.records = []

    def record(self, name, seconds, report):
        self.records.append(Record(name, seconds, report))

    def get_total_time(self):
        return sum(r.seconds for r in self.records)

    def list_records(self):
        return list(self.records)

    def __str__(self):
        lines = [f"Printing pass timings for {self.name}", f"Total time: {self.get_total_time():.4f} s"]
        for i, r in enumerate(self.records):
            lines.append(f"== #{i} {r.name}: {r.seconds:.4f} s")
            lines += [r.report.rstrip()] if r.report.strip() else []
        return "\n".join(lines)

    __repr__ = __str__


def run_timed(timings, pb, name, run):
    """`run()` (a pipeline run of the PassBuilder `pb`, or None: not a pipeline) recorded in
    `timings` as `name`, with LLVM's per-pass report when `pb` is given."""
    if pb is not None:
        pb.start_pass_timing()
    start = time.perf_counter()
    try:
        run()
    finally:
        seconds = time.perf_counter() - start
        report = pb.finish_pass_timing() if pb is not None else ""
        timings.record(name, seconds, report)
