"""numjit and numba in one process: both register names in LLVM's process-wide symbol table, so
numjit's names must never be numba's (numba binds PyExc_<name> to the class object's address,
CPython's PyExc_<name> is a variable holding it: sharing the name crashed whichever came second)."""
import subprocess
import sys

import pytest

# (in this process `import numba` may be numjit itself: tests can run under numjit.install_as_numba)
if subprocess.run([sys.executable, "-c", "import numba, os; assert 'numjit' not in os.path.dirname(numba.__file__)"],
                  capture_output=True).returncode != 0:
    pytest.skip("the real numba is not installed (the bench extra)", allow_module_level=True)

SCRIPT = r"""
import collections
import numba
import numjit

def count(n):
    i = 0
    while i < n:
        yield i
        i += 1

def divide(a, b):
    return a // b

def first(n):
    try:
        return next(iter(range(n)))
    except StopIteration:
        return -1

order = sys.argv[1]
if order == "numba-first":
    assert list(numba.njit(count)(3)) == [0, 1, 2]        # numba registers its PyExc_ names
try:
    numjit.njit(divide)(1, 0)
except ZeroDivisionError as e:
    assert str(e) == "integer division or modulo by zero", e
else:
    raise AssertionError("no ZeroDivisionError")
assert numjit.njit(first)(0) == -1 and numjit.njit(first)(4) == 0
assert collections.deque(numba.njit(count)(5), 1)[0] == 4   # exhausting raises StopIteration in numba
try:
    numba.njit(divide)(1, 0)
except ZeroDivisionError:
    pass
print("ok")
"""


@pytest.mark.parametrize("order", ["numjit-first", "numba-first"])
def test_numba_and_numjit_share_a_process(order, tmp_path):
    script = tmp_path / "both.py"                 # (numjit reads a function's source from its file)
    script.write_text("import sys\n" + SCRIPT)
    out = subprocess.run([sys.executable, str(script), order], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "ok", (out.returncode, out.stdout, out.stderr[-2000:])
