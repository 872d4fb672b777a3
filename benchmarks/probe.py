"""Measurements that need a fresh process: import time, and first-call (compile) latency.

In a fresh process no in-memory cache hides compilation.  The probe also
shields the runner: if compiling a kernel kills the process (an LLVM fatal
error, a segfault) or hangs, only the probe dies, and the runner records
"crashed" / "timed out" instead of going down with it.

    python -m benchmarks.probe first-call numba prefix_sum quick
    PROBE {"import_s": 0.41, "first_s": 0.12, "second_s": 0.0003}

From Python:

    >>> first_call("numba", "prefix_sum", "quick")["first_s"] > 0
    True
    >>> import_time("numba", repeats=2)["best_s"] > 0
    True
"""
import atexit
import compileall
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK = "PROBE "


def error_text(exc):
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first_line}"[:200]


_cache_dir = None


def _environment():
    global _cache_dir
    if _cache_dir is None:
        # a private cache directory for this run: nothing compiled before the run may be reused
        _cache_dir = tempfile.mkdtemp(prefix="numjit-bench-cache-")
        atexit.register(shutil.rmtree, _cache_dir, True)
        # numba's modules were byte-compiled when pip installed it; give numjit's the same
        compileall.compile_dir(str(ROOT / "numjit"), quiet=1)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(ROOT), env.get("PYTHONPATH", "")] if p)
    env["NUMJIT_CACHE_DIR"] = _cache_dir
    env["NUMBA_CACHE_DIR"] = _cache_dir
    return env


def _run(cmd, timeout):
    """Run cmd; return the dict it printed after MARK, or {"error": ...}."""
    try:
        done = subprocess.run(cmd, cwd=ROOT, env=_environment(), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s", "fatal": True}
    if done.returncode < 0:
        try:
            name = signal.Signals(-done.returncode).name
        except ValueError:
            name = f"signal {-done.returncode}"
        return {"error": f"crashed ({name})", "fatal": True}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": f"exit status {done.returncode}: {tail}"[:200], "fatal": True}


def import_time(module, repeats=5, timeout=120):
    """Best-of-`repeats` time of `import module`, each in a fresh interpreter."""
    code = ("import time, json; t = time.perf_counter(); import {m}; "
            "print({mark!r} + json.dumps({{'import_s': time.perf_counter() - t}}))").format(m=module, mark=MARK)
    times = []
    for _ in range(repeats):
        result = _run([sys.executable, "-c", code], timeout)
        if "error" in result:
            return {"error": result["error"]}
        times.append(result["import_s"])
    return {"best_s": min(times), "all_s": times}


def first_call(module, case_name, mode, timeout=300):
    """Compile + first call of one case in a fresh process: import_s, first_s, second_s, compile_s."""
    result = _run([sys.executable, "-m", "benchmarks.probe", "first-call", module, case_name, mode], timeout)
    if "first_s" in result and "second_s" in result:
        result["compile_s"] = max(result["first_s"] - result["second_s"], 0.0)
    return result


def _child_first_call(module_name, case_name, mode):
    import importlib

    warnings.simplefilter("ignore")
    from .cases import BY_NAME

    case = BY_NAME[case_name]
    args = case.make(case.sizes[mode])
    start = time.perf_counter()
    module = importlib.import_module(module_name)
    import_s = time.perf_counter() - start
    start = time.perf_counter()
    fn = case.compile_with(module)           # eager signatures compile here
    case.invoke(fn, args)                    # lazy ones compile here
    first_s = time.perf_counter() - start
    start = time.perf_counter()
    case.invoke(fn, args)
    second_s = time.perf_counter() - start
    return dict(import_s=import_s, first_s=first_s, second_s=second_s)


def main(argv):
    if len(argv) != 4 or argv[0] != "first-call":
        print(__doc__, file=sys.stderr)
        return 2
    try:
        result = _child_first_call(*argv[1:])
    except Exception as exc:
        traceback.print_exc(limit=4, file=sys.stderr)
        result = {"error": error_text(exc)}
    sys.stdout.flush()
    print(MARK + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
