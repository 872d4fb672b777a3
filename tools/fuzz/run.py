"""Run a program as plain Python and compiled by numjit, compare, and classify the outcome.

`check_text(text)` does it in this process (the worker's job); `Worker` runs `check_text` in a
subprocess that imports numjit once and serves many programs, so a segfault or a hang is
caught (outcome `crash` / `timeout`) and the worker is restarted.

    >>> from tools.fuzz.generate import HEADER
    >>> text = HEADER + "def f(x):\\n    return x // 2\\n\\ndef args():\\n    return (7,)\\n"
    >>> check_text(text)["outcome"]
    'ok'

Outcomes, worst first (`FAILURES` must stay at zero; the others are reported):

    crash, timeout        the worker process died / ran past the time limit
    internal              numjit's InternalError, or any non-numjit exception while compiling
    wrong                 both ran, results (or mutated inputs) differ
    exception             the two raised different exception types (or only one raised)
    unsupported, typing   UnsupportedError / other TypingError, message recorded
    leak                  compiled code allocated more buffers than it freed
    invalid               plain Python itself rejected the program (a generator bug)
    ok
"""
import gc
import json
import linecache
import math
import os
import select
import subprocess
import sys
import tempfile
import warnings

import numpy as np

FAILURES = ("crash", "timeout", "internal", "wrong")
OUTCOMES = ("ok", "crash", "timeout", "internal", "wrong", "exception", "unsupported", "typing",
            "leak", "invalid")
# exceptions a well-defined program may raise on purpose (raise, //0, int8 range, a missing key, ...)
EXPECTED_EXCEPTIONS = (ValueError, IndexError, RuntimeError, ZeroDivisionError, OverflowError,
                       AssertionError, KeyError)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_counter = [0]


def _load(text):
    """Execute `text` under a fresh fake filename that linecache knows (numjit reads source)."""
    _counter[0] += 1
    filename = f"/numjit-fuzz/program_{os.getpid()}_{_counter[0]}.py"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    ns = {"__name__": "fuzzprogram"}
    exec(compile(text, filename, "exec"), ns)
    return ns, filename


def _run(fn, args):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return ("value", fn(*args))
        except Exception as exc:
            return ("raise", exc)


# A float read from float32 data (`float(a32.sum())`) keeps float32's precision: NumPy sums
# float32 pairwise (8 accumulators), numjit in the order its vectorised loop takes; both
# accumulate in float32, so they may differ in the last float32 bits. Programs with float32
# compare every float with float32's tolerance.
FLOAT32_RTOL, FLOAT64_RTOL = 1e-5, 1e-9


def same(a, b, rtol=FLOAT64_RTOL):
    """Python's value `a` and numjit's `b` agree: same kind of number (bool / int / float /
    complex), floats within tolerance (`rtol` for Python floats; float32 values always use
    FLOAT32_RTOL) and NaN-aware, arrays of the same dtype and shape."""
    if isinstance(a, np.ndarray):
        if not isinstance(b, np.ndarray) or a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.dtype.kind in "fc":
            tol = FLOAT32_RTOL if a.dtype in (np.float32, np.complex64) else rtol
            return bool(np.allclose(a, b, rtol=tol, atol=1e-12, equal_nan=True))
        return bool(np.array_equal(a, b))
    if isinstance(a, (tuple, list)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(same(x, y, rtol) for x, y in zip(a, b)))
    if a is None:
        return b is None
    kind_a, kind_b = _number_kind(a), _number_kind(b)
    if kind_a is None or kind_a != kind_b:
        return False
    if kind_a in ("bool", "int"):
        return int(a) == int(b)
    if kind_a == "float":
        return _close(float(a), float(b), FLOAT32_RTOL if isinstance(a, np.float32) else rtol)
    return (_close(a.real, b.real, rtol) and _close(a.imag, b.imag, rtol))


def _number_kind(x):
    for kind, types in (("bool", (bool, np.bool_)), ("int", (int, np.integer)),
                        ("float", (float, np.floating)), ("complex", (complex, np.complexfloating))):
        if isinstance(x, types):
            return kind
    return None


def _close(x, y, rtol):
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= rtol * max(abs(x), abs(y)) + 1e-12


def _first_line(exc):
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def check_text(text):
    """Classify program `text` (defines `f` and `args`); a dict with outcome, message, detail."""
    import numjit
    from numjit.errors import InternalError, NumjitError, UnsupportedError, TypingError
    from numjit.runtime import allocation_stats

    ns_py, filename = _load(text)
    args_py = ns_py["args"]()
    kind_py, value_py = _run(ns_py["f"], args_py)
    if kind_py == "raise" and not isinstance(value_py, EXPECTED_EXCEPTIONS):
        return {"outcome": "invalid", "message": _first_line(value_py)}

    ns_c, filename = _load(text)
    for name, fn in list(ns_c.items()):
        if isinstance(fn, type) and fn.__module__ == "fuzzprogram":
            ns_c[name] = numjit.jitclass(fn)          # fields from its annotations
        elif getattr(getattr(fn, "__code__", None), "co_filename", None) == filename and name != "args":
            ns_c[name] = numjit.njit(fn)
    args_c = ns_c["args"]()
    argtypes = tuple(numjit.typeof(a) for a in args_c)
    if None in argtypes:
        return {"outcome": "invalid", "message": f"untypeable input {argtypes}"}
    gc.collect()        # arrays of earlier programs held in reference cycles (tracebacks) are
    before = allocation_stats()     # freed now, not counted as this program's frees
    try:
        ns_c["f"].compile(argtypes)
        kind_c, value_c = _run(ns_c["f"], args_c)
        if kind_c == "raise" and isinstance(value_c, NumjitError):
            raise value_c
    except InternalError as exc:
        return {"outcome": "internal", "message": _first_line(exc), "detail": str(exc)}
    except UnsupportedError as exc:
        return {"outcome": "unsupported", "message": _first_line(exc), "detail": str(exc)}
    except TypingError as exc:
        return {"outcome": "typing", "message": _first_line(exc), "detail": str(exc)}
    except Exception as exc:           # a raw exception out of the compiler is a bug too
        return {"outcome": "internal", "message": _first_line(exc), "detail": repr(exc)}

    if kind_py != kind_c or (kind_py == "raise" and type(value_py) is not type(value_c)):
        show = {"value": repr, "raise": _first_line}
        return {"outcome": "exception", "message": f"python {kind_py}, numjit {kind_c}",
                "detail": f"python: {show[kind_py](value_py)}\nnumjit: {show[kind_c](value_c)}"}
    rtol = FLOAT32_RTOL if "float32" in text else FLOAT64_RTOL
    if kind_py == "value" and not same(value_py, value_c, rtol):
        return {"outcome": "wrong", "message": "result differs",
                "detail": f"python: {value_py!r}\nnumjit: {value_c!r}"}
    for i, (a, b) in enumerate(zip(args_py, args_c)):
        if isinstance(a, (np.ndarray, list)) and not same(a, b, rtol):
            return {"outcome": "wrong", "message": f"argument {i} differs after the call",
                    "detail": f"python: {a!r}\nnumjit: {b!r}"}
    del value_c, args_c
    allocs, frees = (x - y for x, y in zip(allocation_stats(), before))
    if allocs != frees:
        return {"outcome": "leak", "message": f"{allocs} allocations, {frees} frees"}
    return {"outcome": "ok", "message": ""}


def serve():
    """The worker's loop: one JSON request (`{"text": ...}`) per line in, one result out.
    Anything the programs print goes to stderr; results go to the original stdout."""
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    import numjit  # noqa: F401  (imported once, before the first program)
    for line in sys.stdin:
        request = json.loads(line)
        gc.collect()        # the earlier programs' garbage goes now; what survives (numjit's caches)
        gc.freeze()         # is frozen, so check_text's collection scans this program's objects only
        try:
            result = check_text(request["text"])
        except Exception as exc:      # the harness itself failed on this program
            result = {"outcome": "invalid", "message": _first_line(exc)}
        out.write(json.dumps(result) + "\n")
        out.flush()


class Worker:
    """A subprocess running `serve()`; restarted after a crash, a timeout or `recycle` programs
    (compiled code accumulates in it)."""

    def __init__(self, timeout=60.0, recycle=300):
        self.timeout, self.recycle = timeout, recycle
        self.proc, self.served = None, 0
        self.stderr = tempfile.TemporaryFile()        # the worker's; its tail explains a crash

    def _start(self):
        env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.stderr.seek(0)
        self.stderr.truncate()
        self.proc = subprocess.Popen([sys.executable, "-m", "tools.fuzz.run"], cwd=ROOT, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, text=True)
        self.served = 0

    def _stderr_tail(self):
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")[-2000:]

    def stop(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def check(self, text):
        if self.proc is None or self.served >= self.recycle:
            self.stop()
            self._start()
        self.served += 1
        try:
            self.proc.stdin.write(json.dumps({"text": text}) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass
        ready, _, _ = select.select([self.proc.stdout], [], [], self.timeout)
        if not ready:
            self.stop()
            return {"outcome": "timeout", "message": f"no answer in {self.timeout:.0f} s"}
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            self.proc = None
            return {"outcome": "crash", "message": f"worker exited with status {code}",
                    "detail": f"after {self.served - 1} earlier programs in this worker\n" + self._stderr_tail()}
        return json.loads(line)


def reproducer(text, result):
    """A self-contained file: the program, what went wrong, and a main block that runs both."""
    head = [f"# numjit fuzz reproducer: {result['outcome']}: {result.get('message', '')}"]
    head += [f"# {line}" for line in result.get("detail", "").splitlines()[:30]]
    main = ('\n\nif __name__ == "__main__":\n'
            "    import numjit\n"
            "    print('python:', f(*args()))\n"
            "    for _name, _fn in list(globals().items()):\n"
            "        if isinstance(_fn, type) and _fn.__module__ == '__main__':\n"
            "            globals()[_name] = numjit.jitclass(_fn)\n"
            "        elif getattr(_fn, '__module__', None) == '__main__' and _name != 'args' \\\n"
            "                and hasattr(_fn, '__code__'):\n"
            "            globals()[_name] = numjit.njit(_fn)\n"
            "    print('numjit:', f(*args()))\n")
    return "\n".join(head) + "\n" + text.rstrip() + "\n" + main


if __name__ == "__main__":
    serve()
