"""A short fixed-seed run of numjit's differential fuzzer (tools/fuzz; `make fuzz` runs long ones).

Random well-defined programs (scalars of every type, control flow with pruned branches, loops,
tuples, lists and comprehensions, arrays of several dtypes and layouts, views, array
expressions, reductions, math) run as plain Python and compiled; none may crash the worker,
time out, raise an InternalError or give a different answer.
"""
import doctest

import pytest

import impl

pytestmark = [pytest.mark.numjit_only, pytest.mark.slow]

SMOKE_SEED = "smoke"
SMOKE_COUNT = 80           # (session 8 added slower-compiling constructs: 80 programs take what 120 took)


def test_fuzz_tools_doctests():
    from tools.fuzz import generate, extras, features, reduce, run, statements  # generate first: it loads the tables
    for module in (generate, statements, features, extras, reduce, run):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_fuzz_smoke():
    from tools.fuzz.__main__ import fuzz
    from tools.fuzz.run import FAILURES
    summary = fuzz(SMOKE_COUNT, SMOKE_SEED, out=None, timeout=120.0, do_reduce=False, log=None)
    failures = {k: summary["counts"][k] for k in FAILURES}
    bad = {m: n for m, n in summary["messages"].items() if m.split(":")[0] in FAILURES}
    assert not any(failures.values()), (failures, bad)
    assert summary["counts"]["ok"] >= SMOKE_COUNT * 0.8, summary["counts"]
