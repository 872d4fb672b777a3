"""Shared test set-up: the implementation switch, markers, and the leak check.

* ``NUMJIT_TEST_IMPL=numba`` runs the suite against numba (see impl.py);
  tests marked ``numjit_only`` are then skipped.
* ``slow`` marks tests that take seconds (threads, subprocesses).
* Every test checks that compiled code leaked nothing: when
  ``numjit.runtime.allocation_stats`` exists, the number of allocations made
  during the test must equal the number of frees.
* The cyclic garbage collector runs rarely (see GC_THRESHOLDS) and skips the
  heap that collection built (frozen once collected): compiling makes big
  short-lived object graphs that CPython's default thresholds promote to the
  old generation, whose full collections then scan the whole heap (~14 % of a
  test process's CPU time, measured; ~5 % with these settings).
"""
import gc
import os
import sys

import pytest

_TESTS = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(_TESTS)
for _p in (_TESTS, _ROOT):  # `import impl` and `import numjit` work without installing
    if _p not in sys.path:
        sys.path.insert(0, _p)

import impl  # noqa: E402

GC_THRESHOLDS = (20000, 20, 20)     # CPython's default: (700, 10, 10)
gc.set_threshold(*GC_THRESHOLDS)    # (before collection, which imports all of numjit and the tests)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "numjit_only: numjit-specific behaviour (message format, Python semantics where "
        "numba deviates); skipped when NUMJIT_TEST_IMPL=numba")
    config.addinivalue_line("markers", "slow: takes seconds (threads, subprocesses)")


def pytest_report_header(config):
    return f"compiler under test: {impl.IMPL} ({impl.impl_module.__file__})"


def pytest_collection_finish(session):
    """What collection built (modules, test items) lives to the end: freeze it, so that the
    collections during the tests scan only what the tests make (gc.get_objects() leaves it out)."""
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(config, items):
    if not impl.IS_NUMBA:
        return
    skip = pytest.mark.skip(reason="numjit-specific behaviour; numba differs")
    for item in items:
        if "numjit_only" in item.keywords:
            item.add_marker(skip)


def _stats_function():
    if impl.IS_NUMBA:
        return None
    try:
        import numjit.runtime as runtime
    except ImportError:
        return None
    return getattr(runtime, "allocation_stats", None)


def _read_stats(stats):
    value = stats() if callable(stats) else stats
    if isinstance(value, dict):
        return int(value["allocs"]), int(value["frees"])
    if hasattr(value, "allocs"):
        return int(value.allocs), int(value.frees)
    allocs, frees = value[:2]
    return int(allocs), int(frees)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.numjit_call_failed = report.failed


@pytest.fixture(autouse=True)
def no_leaks(request):
    """Allocations made by compiled code while the test ran must all be freed by its end.

    gc.collect() costs ~20 ms, so it runs only when the counters moved and
    disagree (arrays kept alive by reference cycles until then).  That keeps
    the invariant "no compiled-code garbage is pending between tests", so a
    test never sees frees of an earlier test's arrays.
    """
    stats = _stats_function()
    if stats is None:
        yield
        return
    allocs0, frees0 = _read_stats(stats)
    yield
    allocs1, frees1 = _read_stats(stats)
    if allocs1 - allocs0 != frees1 - frees0:
        gc.collect()  # arrays held by cycles (tracebacks, closures) until now
        allocs1, frees1 = _read_stats(stats)
    if getattr(request.node, "numjit_call_failed", False):
        return  # a failed test's traceback keeps its arrays alive: don't report twice
    allocated, freed = allocs1 - allocs0, frees1 - frees0
    assert allocated == freed, (
        f"compiled code leaked: {allocated} allocations but {freed} frees during the test")
