"""A tour of the seed article ("numba in detail"): every example, run with numjit.

Each example is compiled with the chosen JIT module, its answer checked against
NumPy, then timed; the table puts the compiled time beside NumPy's and plain
Python's (the article's slow versions, some timed on a sample of the input and
scaled, marked ``~``), with the first-call time (compile + run) alongside.

    python examples/seed_tour.py                 # numjit (what `make demo` runs)
    python examples/seed_tour.py --impl numba    # the same tour on numba
    python examples/seed_tour.py --quick --only conv

The examples come from the project's acceptance script
(../shared/acceptance/seed_examples.py) when it exists, else from the copy in
examples/seed_examples_local.py.  A feature the compiler lacks shows up as
``error`` in its row; the exit status is 0 only if every example that ran gave
the right answer.
"""
import argparse
import faulthandler
import importlib
import importlib.util
import json
import sys
import time
import traceback
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SHARED_EXAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "acceptance" / "seed_examples.py"
sys.path.insert(0, str(HERE))
sys.path.append(str(HERE.parent))  # an uninstalled checkout still finds numjit
import seed_examples_local as local  # noqa: E402  (beside this file)


def load_examples(prefer_local):
    """(Examples class, where it came from): the shared acceptance script, else the local copy."""
    if not prefer_local and SHARED_EXAMPLES.exists():
        try:
            spec = importlib.util.spec_from_file_location("seed_examples_shared", SHARED_EXAMPLES)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module.Examples, str(SHARED_EXAMPLES)
        except Exception as exc:
            print(f"note: cannot load {SHARED_EXAMPLES} ({exc}); using the local copy", file=sys.stderr)
    return local.Examples, "examples/seed_examples_local.py"


def example_steps(examples_class):
    """The public methods of Examples, in the order they are defined (= the article's order)."""
    return [name for name, value in vars(examples_class).items()
            if callable(value) and not name.startswith("_") and name != "record"]


def error_text(exc):
    first_line = str(exc).splitlines()[0] if str(exc) else ""
    return f"error: {type(exc).__name__}: {first_line}"[:160]


def best_of(fn, rounds):
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


class Baselines:
    """The article's plain-Python versions (and NumPy for the list example), timed once per kind.

    A row is matched to its baseline by its name; slow ones run on a slice of
    the input and are scaled up by the size ratio (``sampled``).
    """

    def __init__(self, quick):
        self.rounds = 1 if quick else 3
        self.quick = quick
        self.data = local.make_data()
        self.cache = {}

    @staticmethod
    def kind(row_name):
        name = row_name.lower()
        for words, kind in [(("list add",), "list_add"), (("clip",), "vec_clip"), (("vectorize",), "vec_add"),
                            (("gil",), "threads"), (("conv",), "conv"), (("pool",), "pool")]:
            if any(word in name for word in words):
                return kind
        return None

    def python(self, row_name):
        """(seconds, sampled) for the plain-Python version of this row, or None."""
        kind = self.kind(row_name)
        if kind is None:
            return None
        if kind not in self.cache:
            self.cache[kind] = getattr(self, "python_" + kind)()
        return self.cache[kind]

    def numpy_for_list(self):
        y = self.data["y"]
        return local.steady_time(lambda: y + 1, self.quick)

    def python_list_add(self):
        x = self.data["x_list"]
        return best_of(lambda: local.add_loop(x, 1), self.rounds), False

    def python_vec_add(self):
        x = self.data["x_list"]
        return best_of(lambda: [local.add_scalar(v, 1.) for v in x], self.rounds), False

    def python_vec_clip(self):
        x = self.data["x_list"]
        return best_of(lambda: [local.clip_scalar(v, 0.1, 0.9) for v in x], self.rounds), False

    def python_threads(self):
        n = 20_000
        a, b = self.data["a"][:n], self.data["b"][:n]
        result = np.empty(n, dtype=np.float32)
        seconds = best_of(lambda: local.sigmoid_like_kernel(result, a, b), self.rounds)
        return seconds * len(self.data["a"]) / n, True

    def python_conv(self):
        x, w = self.data["images"], self.data["filters"]
        sample = x[:2]
        args = local.conv_args(sample, w)
        seconds = best_of(lambda: local.conv(sample, w, local.conv_kernel_arrays, args), self.rounds)
        return seconds * len(x) / len(sample), True

    def python_pool(self):
        x = self.data["images"]
        sample = x[:4]
        args = local.pool_args(sample)
        seconds = best_of(lambda: local.max_pool(sample, local.max_pool_kernel_arrays, args), self.rounds)
        return seconds * len(x) / len(sample), True


class NoBaselines:
    """--no-python: every baseline is missing."""
    kind = staticmethod(Baselines.kind)

    def python(self, row_name):
        return None

    def numpy_for_list(self):
        return None


def fmt_time(seconds, sampled=False):
    if seconds is None:
        return "-"
    mark = "~" if sampled else ""
    if seconds < 1e-3:
        return f"{mark}{seconds * 1e6:.1f} us"
    if seconds < 1:
        return f"{mark}{seconds * 1e3:.2f} ms"
    return f"{mark}{seconds:.2f} s"


def fmt_speedup(reference, seconds):
    if reference is None or not seconds:
        return "-"
    return f"{reference / seconds:.2f}x"


def status(row):
    if row["ok"] is None:
        return "skip"
    if row["ok"]:
        return "yes"
    return "error" if str(row.get("note", "")).startswith("error:") else "NO"


def add_baselines(rows, baselines):
    """Fill numpy_s / python_s / python_sampled on each row."""
    for row in rows:
        note = str(row.get("note", "")).lower()
        row.setdefault("numpy_s", None)
        row.setdefault("python_s", None)
        row.setdefault("python_sampled", False)
        if row["ok"] is None or note.startswith("error:"):
            continue
        if "python" in note:
            row["python_s"] = row["ref_time_s"]
        elif "numpy" in note or "np." in note:
            row["numpy_s"] = row["ref_time_s"]
        try:
            if row["numpy_s"] is None and baselines.kind(row["name"]) == "list_add":
                row["numpy_s"] = baselines.numpy_for_list()
            if row["python_s"] is None:
                found = baselines.python(row["name"])
                if found is not None:
                    row["python_s"], row["python_sampled"] = found
        except Exception as exc:  # a baseline must never sink the tour
            print(f"note: plain-Python baseline for {row['name']!r} failed: {exc}", file=sys.stderr)


def print_table(rows, impl):
    headers = ["example", "ok", "first call", impl, "NumPy", "Python", "vs NumPy", "vs Python", "note"]
    table = []
    for r in rows:
        table.append([r["name"], status(r), fmt_time(r["compile_s"]), fmt_time(r["time_s"]),
                      fmt_time(r["numpy_s"]), fmt_time(r["python_s"], r["python_sampled"]),
                      fmt_speedup(r["numpy_s"], r["time_s"]), fmt_speedup(r["python_s"], r["time_s"]),
                      r.get("note", "")])
    widths = [max(len(str(line[i])) for line in table + [headers]) for i in range(len(headers) - 1)]
    for line in [headers] + table:
        cells = [str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
                 for i, (cell, width) in enumerate(zip(line, widths))]
        print("  ".join(cells) + "  " + str(line[-1]))
    print("first call = compile + run; 'vs' = how many times faster than NumPy / plain Python; "
          "~ = plain Python timed on a slice of the input and scaled up")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--impl", default="numjit", help="JIT module to use (default: numjit; numba works too)")
    ap.add_argument("--quick", action="store_true", help="fewer timing repeats")
    ap.add_argument("--only", help="run only the examples whose method name contains this")
    ap.add_argument("--local", action="store_true", help="use examples/seed_examples_local.py even if "
                                                         "the shared acceptance script exists")
    ap.add_argument("--no-python", action="store_true", help="skip the plain-Python baselines")
    ap.add_argument("--json", help="also write the rows to this file")
    opts = ap.parse_args(argv)
    faulthandler.enable()  # a crash inside compiled code still says which example

    examples_class, source = load_examples(opts.local)
    steps = [s for s in example_steps(examples_class) if not opts.only or opts.only in s]
    print(f"seed tour: {len(steps)} section{'' if len(steps) == 1 else 's'} from {source}")

    start = time.perf_counter()
    try:
        jit = importlib.import_module(opts.impl)
        import_note = f"{opts.impl} imported in {(time.perf_counter() - start) * 1e3:.0f} ms"
    except Exception as exc:
        jit, import_note = None, f"cannot import {opts.impl}: {error_text(exc)}"
        traceback.print_exc(limit=3, file=sys.stderr)

    rows = []
    if jit is not None:
        examples = examples_class(jit, opts.quick)
        for step in steps:
            print(f"  running {step} ...", file=sys.stderr, flush=True)
            try:
                getattr(examples, step)()
            except Exception as exc:
                examples.record(step, False, note=error_text(exc))
                traceback.print_exc(limit=3, file=sys.stderr)
        rows = examples.rows
    else:
        rows = [dict(name=step, ok=False, compile_s=None, time_s=None, ref_time_s=None,
                     note=f"error: {opts.impl} not importable") for step in steps]

    if not opts.no_python:
        print("  timing the plain-Python and NumPy baselines ...", file=sys.stderr, flush=True)
    add_baselines(rows, Baselines(opts.quick) if not opts.no_python else NoBaselines())

    print(import_note)
    print_table(rows, opts.impl)
    if opts.json:
        Path(opts.json).write_text(json.dumps(dict(impl=opts.impl, source=source, import_note=import_note,
                                                   rows=rows), indent=1, default=str))
    wrong = [r["name"] for r in rows if r["ok"] is False]
    ran = [r for r in rows if r["ok"] is not None]
    print(f"{len(ran) - len(wrong)} of {len(ran)} examples correct"
          + (f"; failed: {', '.join(wrong)}" if wrong else ""))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
