"""Runtime modules (exceptions, dispatch trampoline, memory, lists, dicts, strings, thread pool)
are compiled once and their object code kept in the cache directory (backend/jit.py
compile_runtime): a second process loads it instead of compiling, a damaged file is recompiled
and rewritten, and the loaded code behaves as the compiled one (the exception raised, its message).
"""
import json
import os
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.numjit_only, pytest.mark.slow]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SCRIPT = r'''
import json
import numjit.backend.jit as jit
compiled = []
original = jit.compile_ir
def counting(module, level=None, keep_asm=False):
    compiled.append(getattr(module, "name", "?"))
    return original(module, level, keep_asm)
jit.compile_ir = counting
from numjit import njit

@njit
def divide(a, b):
    return a // b

out = {"value": divide(7, 2)}
try:
    divide(1, 0)
except ZeroDivisionError as exc:
    out["raised"] = str(exc)
out["compiled"] = compiled
print("RESULT " + json.dumps(out))
'''


def run(cache_dir):
    script = cache_dir / "run.py"
    script.write_text(SCRIPT)
    env = dict(os.environ, NUMJIT_CACHE_DIR=str(cache_dir), PYTHONPATH=ROOT)
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def test_runtime_modules_are_loaded_from_disk_and_damage_is_rebuilt(tmp_path):
    def python(a, b):
        return a // b
    try:
        python(1, 0)
    except ZeroDivisionError as exc:
        message = str(exc)
    first = run(tmp_path)
    assert first["value"] == python(7, 2) and first["raised"] == message
    assert {"numjit.runtime.exceptions", "numjit_dispatch_trampoline"} <= set(first["compiled"])
    files = sorted((tmp_path / "runtime").glob("*.o"))
    assert len(files) == 2

    second = run(tmp_path)
    assert second["value"] == first["value"] and second["raised"] == message
    assert "numjit.runtime.exceptions" not in second["compiled"]
    assert "numjit_dispatch_trampoline" not in second["compiled"]

    damaged = next(f for f in files if "exceptions" in f.name)
    intact = damaged.read_bytes()
    damaged.write_bytes(intact[:len(intact) // 2])          # truncated: checksum fails
    third = run(tmp_path)
    assert third["raised"] == message and "numjit.runtime.exceptions" in third["compiled"]
    assert damaged.read_bytes() == intact                   # rewritten, same object code
