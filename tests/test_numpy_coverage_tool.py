"""tools/numpy_coverage: the coverage table must come from a process that stays sound.

The table once showed "crash" rows (an LLVM assertion "cached instruction ordering is
incorrect", or a segfault in NumPy's own ``np.random.standard_cauchy()``) after many entries in
one worker. The cause was NumPy, not numjit: the tool tried ``np.random.set_bit_generator(A)``,
which NumPy rejects only after storing ``A`` as the global RandomState's bit generator, which
frees the MT19937 whose state its C struct still uses; every later legacy ``np.random`` call then
wrote freed memory, LLVM's included once it reused it. The tool no longer calls the functions
that replace NumPy's global random state.
"""
import os
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.numjit_only, pytest.mark.slow]

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_MALLOC_DEBUG = "/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so"   # glibc's checking malloc


def test_global_random_state_is_never_replaced():
    from tools.numpy_coverage import _entries
    names = {name for prefix, name in _entries() if prefix == "np.random"}
    assert not names & {"seed", "set_state", "set_bit_generator"}
    assert {"shuffle", "standard_cauchy", "standard_exponential"} <= names


def test_random_entries_after_set_bit_generator_do_not_crash(tmp_path):
    # the sequence that crashed (deterministically under glibc's checking malloc: MALLOC_PERTURB_
    # fills freed memory, so the freed MT19937 state is garbage at once)
    env = dict(os.environ, PYTHONFAULTHANDLER="1", MALLOC_CHECK_="3", MALLOC_PERTURB_="165")
    if os.path.exists(_MALLOC_DEBUG):
        env["LD_PRELOAD"] = _MALLOC_DEBUG
    out = tmp_path / "cov.md"
    only = "random.set_bit_generator,random.shuffle,random.standard_cauchy,random.standard_exponential"
    proc = subprocess.run([sys.executable, "-m", "tools.numpy_coverage", "--no-numba", "--only", only,
                           "--out", str(out)], cwd=_ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    table = out.read_text()
    assert "crash" not in table and "Fatal Python error" not in proc.stderr, proc.stderr[-3000:]
    for name in ("shuffle", "standard_cauchy", "standard_exponential"):
        assert f"| `{name}` | yes |" in table, table


def test_uninitialised_results_compare_by_shape_and_dtype():
    import numpy as np
    from tools.numpy_coverage import _comparison, _same
    want = np.full((2, 3), np.nan)                       # what uninitialised memory may hold
    for name in ("empty", "empty_like"):
        compare = _comparison("np", name)
        assert _same(np.ones((2, 3)), want, compare)
        assert not _same(np.ones((3, 2)), want, compare)
        assert not _same(np.ones((2, 3), np.float32), want, compare)
    assert not _same(np.ones((2, 3)), want, _comparison("np", "zeros_like"))


def test_call_forms_fit_the_names_the_candidates_do_not(tmp_path, monkeypatch):
    # np.logspace(A, A) and np.vstack(A) were the only calls tried once: both showed "-" for
    # numjit and numba alike; a class such as np.iinfo was not tried at all
    import importlib
    import numjit
    from tools import numpy_coverage as cov
    entries = [("np", "logspace"), ("np", "vstack"), ("np", "iinfo"), ("np", "array_split")]
    assert set(entries) <= set(cov._entries([n for _, n in entries]))
    (tmp_path / "cov_forms_wrappers.py").write_text(cov._source(entries))
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("cov_forms_wrappers")
    got = {name: cov._try(numjit, module, prefix, name, cov._inputs()) for prefix, name in entries}
    assert got == {"logspace": (True, "np.logspace(0.0, 2.0, 5)"), "vstack": (True, "np.vstack((A, A))"),
                   "iinfo": (True, "np.iinfo(np.int32).max"), "array_split": (True, "np.array_split(A, 2)")}
