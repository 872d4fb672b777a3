"""cache=True: a second process loads what the first compiled, and anything the code depends on
(a global constant, a callee, the argument types) changing makes it compile again.

Each test writes a small module into a temporary folder and runs it in fresh interpreters:
compiled (cache hits and misses counted by numjit.cache.STATS) and as plain Python
(NUMJIT_DISABLE_JIT=1), whose answers the compiled ones must equal.
"""
import io
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from impl import IS_NUMBA, njit

pytestmark = [pytest.mark.numjit_only, pytest.mark.slow]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MODULE = '''
import numpy as np
from numjit import njit

SCALE = 2.0

@njit(cache=True)
def helper(x):
    return x * SCALE

@njit(cache=True)
def weighted(a):
    s = 0.0
    for v in a:
        s += helper(v)
    return s, np.ones(3) * s

@njit(cache=True, nogil=True)
def evens(n):
    if n < 0:
        raise ValueError("negative n")
    return [i * 2 for i in range(n) if i % 2 == 0]

@njit(cache=True)
def total(a):
    return a.sum()
'''

RUN = '''
import json, sys
import numpy as np
import mod
out = {}
out["weighted"] = [float(v) if np.ndim(v) == 0 else np.asarray(v).tolist() for v in mod.weighted(np.arange(5.0))]
out["evens"] = mod.evens(7)
try:
    mod.evens(-1)
except ValueError as exc:
    out["raised"] = str(exc)
out["total_f"] = float(mod.total(np.arange(6.0).reshape(2, 3)))
out["total_i"] = int(mod.total(np.arange(6)[::2]))
if "numjit" in sys.modules and not __import__("numjit").config.DISABLE_JIT:
    from numjit import cache
    from numjit.runtime import allocation_stats
    out["stats"] = dict(cache.STATS)
    import gc; gc.collect()
    a, f = allocation_stats()
    out["leaked"] = a - f
print("RESULT " + json.dumps(out))
'''


def run(folder, extra_env=None):
    env = dict(os.environ)
    env.pop("NUMJIT_CACHE_DIR", None)          # the default: __numjit_cache__ beside the module
    env["PYTHONPATH"] = os.pathsep.join([str(folder), ROOT])
    env.update(extra_env or {})
    done = subprocess.run([sys.executable, "run.py"], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def python_result(folder):
    return run(folder, {"NUMJIT_DISABLE_JIT": "1"})


@pytest.fixture
def project(tmp_path):
    (tmp_path / "mod.py").write_text(textwrap.dedent(MODULE))
    (tmp_path / "run.py").write_text(textwrap.dedent(RUN))
    return tmp_path


@pytest.fixture(scope="module")
def want(tmp_path_factory):
    """The unchanged module's answers as plain Python (one interpreter for the whole file)."""
    folder = tmp_path_factory.mktemp("plain")
    (folder / "mod.py").write_text(textwrap.dedent(MODULE))
    (folder / "run.py").write_text(textwrap.dedent(RUN))
    return python_result(folder)


def cached_files(folder):
    return sorted(p.name for p in (folder / "__numjit_cache__").iterdir())


def without_stats(result):
    return {k: v for k, v in result.items() if k not in ("stats", "leaked")}


def test_second_process_loads_what_the_first_compiled(project, want):
    first = run(project)
    assert without_stats(first) == want
    assert first["stats"] == {"hits": 0, "misses": 4, "stores": 4}    # helper is inlined; total twice
    assert first["leaked"] == 0
    files = cached_files(project)
    assert len(files) == 8 and {f.rsplit(".", 1)[1] for f in files} == {"o", "json"}
    second = run(project)
    assert without_stats(second) == want
    assert second["stats"] == {"hits": 4, "misses": 0, "stores": 0}
    assert second["leaked"] == 0
    assert cached_files(project) == files


def test_changing_what_a_function_reads_recompiles_it(project):
    run(project)
    for old, new in (("SCALE = 2.0", "SCALE = -3.5"),                  # a global constant the callee reads
                     ("return x * SCALE", "return x * SCALE + 1.0")):  # the callee's code
        source = (project / "mod.py").read_text()
        (project / "mod.py").write_text(source.replace(old, new))
        want = python_result(project)
        got = run(project)
        assert without_stats(got) == want, old
        # weighted calls helper (compiled into weighted): it recompiles; the others load
        assert got["stats"] == {"hits": 3, "misses": 1, "stores": 1}, old
        assert len(cached_files(project)) == 8, old     # older records of a slot are removed


def test_a_damaged_cache_is_ignored_and_rebuilt(project, want):
    """Each damage in turn to weighted's record or object; the one before it was rebuilt."""
    run(project)
    folder = project / "__numjit_cache__"
    for damage in ("garbage object", "truncated object", "garbage record", "empty record", "wrong key"):
        objects = sorted(folder.glob("weighted.*.o"))
        records = sorted(folder.glob("weighted.*.json"))
        assert len(objects) == len(records) == 1, damage
        if damage == "garbage object":
            objects[0].write_bytes(b"\x7fELF" + os.urandom(500))
        elif damage == "truncated object":
            objects[0].write_bytes(objects[0].read_bytes()[:100])
        elif damage == "garbage record":
            records[0].write_text("{not json")
        elif damage == "empty record":
            records[0].write_text("")
        else:
            data = json.loads(records[0].read_text())
            data["key"] = "0" * 64
            records[0].write_text(json.dumps(data))
        got = run(project)
        assert without_stats(got) == want, damage
        assert got["stats"] == {"hits": 3, "misses": 1, "stores": 1}, damage
        again = run(project)                              # and the rewritten record loads
        assert again["stats"] == {"hits": 4, "misses": 0, "stores": 0}, damage


def test_new_argument_types_are_cached_separately(project):
    run(project)
    (project / "run.py").write_text(textwrap.dedent(RUN).replace(
        'out["total_i"] = int(mod.total(np.arange(6)[::2]))',
        'out["total_i"] = int(mod.total(np.arange(6, dtype=np.int32)))'))
    want = python_result(project)
    got = run(project)
    assert without_stats(got) == want
    assert got["stats"] == {"hits": 3, "misses": 1, "stores": 1}


def test_processes_filling_one_cache_at_once(project, want):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(project), ROOT]))
    env.pop("NUMJIT_CACHE_DIR", None)
    procs = [subprocess.Popen([sys.executable, "run.py"], cwd=project, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for proc in procs:                       # each compiles and writes the same records at once
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err[-3000:]
        line = next(x for x in out.splitlines() if x.startswith("RESULT "))
        assert without_stats(json.loads(line[len("RESULT "):])) == want
    assert len(cached_files(project)) == 8   # no temporary files left behind
    got = run(project)
    assert without_stats(got) == want and got["stats"]["hits"] == 4


def test_cache_dir_from_the_environment(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("cache")
    run(project, {"NUMJIT_CACHE_DIR": str(elsewhere)})
    assert not (project / "__numjit_cache__").exists()
    assert len([p for p in elsewhere.iterdir() if p.name != "runtime"]) == 8
    assert (elsewhere / "runtime").is_dir()     # runtime modules' object code (test_runtime_cache.py)
    got = run(project, {"NUMJIT_CACHE_DIR": str(elsewhere)})
    assert got["stats"]["hits"] == 4


def cached_square(x):
    return x * x


@pytest.mark.skipif(IS_NUMBA, reason="numjit's cache")
def test_two_dispatchers_of_one_function_in_one_process(tmp_path, monkeypatch):
    from numjit import cache, config
    monkeypatch.setattr(config, "CACHE_DIR", str(tmp_path))
    first, second = njit(cache=True)(cached_square), njit(cache=True)(cached_square)
    assert first(3.0) == 9.0
    hits = cache.STATS["hits"]
    assert second(3.0) == 9.0                # the same record: loaded once, shared
    assert cache.STATS["hits"] == hits + 1
    shown = io.StringIO()
    second.inspect_types(file=shown)
    assert "loaded from the disk cache" in shown.getvalue()
    assert first(np.float32(2.0)) == 4.0 and second(5) == 25


def test_fingerprints_notice_what_compiled_code_bakes_in():
    from numjit.cache.fingerprint import Uncacheable, value_fingerprint
    seen = set()
    assert value_fingerprint(np.arange(3), seen) != value_fingerprint(np.arange(1, 4), seen)
    assert value_fingerprint((1, 2.0), seen) != value_fingerprint((1, 2), seen)
    assert value_fingerprint(np.float32(1), seen) != value_fingerprint(np.float64(1), seen)
    with pytest.raises(Uncacheable):
        value_fingerprint(object(), seen)


JITCLASS_MODULE = '''
import numpy as np
from numjit import njit, float64, int64
from numjit.experimental import jitclass

@jitclass([("total", float64), ("count", int64)])
class Acc:
    def __init__(self, start):
        self.total = start
        self.count = 0

    def add(self, v):
        self.total += v
        self.count += 1

@njit(cache=True)
def feed(acc, values):
    for v in values:
        acc.add(v)
    return acc.total, acc.count

@njit(cache=True)
def fresh(x):
    a = Acc(x)
    a.add(1.5)
    return a.total
'''

JITCLASS_RUN = '''
import json, sys
import numpy as np
import mod
out = {"feed": list(mod.feed(mod.Acc(1.0), np.arange(4.0))), "fresh": mod.fresh(2.0)}
if not __import__("numjit").config.DISABLE_JIT:
    from numjit import cache
    out["stats"] = dict(cache.STATS)
print("RESULT " + json.dumps(out))
'''


def test_functions_taking_or_making_jitclass_instances_are_cached(tmp_path):
    (tmp_path / "mod.py").write_text(textwrap.dedent(JITCLASS_MODULE))
    (tmp_path / "run.py").write_text(textwrap.dedent(JITCLASS_RUN))
    first = run(tmp_path)
    assert without_stats(first) == python_result(tmp_path)
    assert first["stats"] == {"hits": 0, "misses": 2, "stores": 2}
    assert run(tmp_path)["stats"] == {"hits": 2, "misses": 0, "stores": 0}
    source = (tmp_path / "mod.py").read_text()          # a method's code changes: both recompile
    (tmp_path / "mod.py").write_text(source.replace("self.total += v", "self.total += 2 * v"))
    edited = run(tmp_path)
    assert without_stats(edited) == python_result(tmp_path) != without_stats(first)
    assert edited["stats"] == {"hits": 0, "misses": 2, "stores": 2}


def test_generator_functions_warn_that_they_are_not_cached(tmp_path, monkeypatch):
    from numjit import config
    from impl import NumjitWarning
    monkeypatch.setattr(config, "CACHE_DIR", str(tmp_path))

    def squares(n):
        for i in range(n):
            yield i * i

    def total(n):
        return sum(squares(n)) + sum(njit_squares(n))
    njit_squares = njit(cache=True)(squares)
    with pytest.warns(NumjitWarning, match="squares: cache=True ignored: generator functions are not stored"):
        assert list(njit_squares(4)) == list(squares(4))
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")              # a caller iterating it compiles it inline: cached
        assert njit(cache=True)(total)(5) == 2 * sum(squares(5))
    assert not list(tmp_path.glob("*squares*")) and list(tmp_path.glob("*total*.o"))


OBJMODE_MODULE = '''
import numpy as np
from numjit import njit, objmode

@njit(cache=True)
def seed(s):
    if s is None:                       # numba-stats' _seed, inlined into each cached caller
        with objmode(s="optional(uint64)"):
            s = np.uint64(7)
    np.random.seed(s)

@njit("float64[:](float64, uint64, optional(uint64))", cache=True)
def rvs(scale, size, state):
    seed(state)
    return np.random.normal(0.0, scale, size)

@njit(cache=True)
def rounded(x):
    with objmode(y="float64", order="int64[:]"):
        y = float(np.format_float_positional(x, precision=2))
        order = np.argsort([3, 1, 2])
    return y * 2, order
'''

OBJMODE_RUN = '''
import json, sys, warnings
warnings.simplefilter("error")          # cached without a warning (numba-stats runs with -W error)
import numpy as np
import mod
y, order = mod.rounded(1.23456)
out = {"rvs": mod.rvs(2.0, 3, 5).tolist(), "unseeded": mod.rvs(1.0, 2, None).tolist(),
       "rounded": [y, order.tolist()]}
if not __import__("numjit").config.DISABLE_JIT:
    from numjit import cache
    out["stats"] = dict(cache.STATS)
print("RESULT " + json.dumps(out))
'''


def test_objmode_blocks_are_cached(tmp_path):
    (tmp_path / "mod.py").write_text(OBJMODE_MODULE)
    (tmp_path / "run.py").write_text(OBJMODE_RUN)
    namespace = {}
    exec(OBJMODE_MODULE.replace("@njit", "# @njit"), namespace)       # the uncompiled module
    want = {"rvs": namespace["rvs"](2.0, 3, 5).tolist(), "unseeded": namespace["rvs"](1.0, 2, None).tolist()}
    y, order = namespace["rounded"](1.23456)
    want["rounded"] = [y, order.tolist()]
    first, second = run(tmp_path), run(tmp_path)
    assert without_stats(first) == without_stats(second) == want
    assert first["stats"] == {"hits": 0, "misses": 2, "stores": 2}
    assert second["stats"] == {"hits": 2, "misses": 0, "stores": 0}
