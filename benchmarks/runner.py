"""The benchmark runner: numjit beside numba, NumPy and plain Python, in one run.

First it measures the machine's limits with the compiler under test (benchmarks/roofline.py: a
triad for memory bandwidth, an FMA kernel for peak flops); then for every kernel (benchmarks/cases.py),
after recording its work per call (benchmarks/work.py), it
  1. measures first-call latency (compile + run) of numjit and numba, each in a
     fresh process (benchmarks/probe.py; the best of three for the call-overhead kernels'
     small functions), which also keeps a crashing compiler from taking the run down;
  2. compiles in this process and checks every answer against the reference
     (NumPy, or plain Python) -- a wrong answer is recorded as WRONG, not timed;
  3. times numjit, numba, NumPy and plain Python interleaved: after a warm-up
     and calibration, round-robin over the repeats so all four share the
     machine's noise (a threaded kernel's samples each start after a 50 ms pause, so
     no other runtime's pool still spins on a core).  Plain Python runs on a smaller
     input where it would be slow, scaled up by the work ratio ("sampled").
A kernel where numjit came out over OUTLIER times numba's time is timed twice more (the issue's
"rerun outliers before believing them"): the run with the median ratio of the three stands, and
the three ratios are kept ("reruns", marked in the report).
Then it writes results/latest.json (with a machine description) and calls
benchmarks/report.py for results/latest.md and the charts.

    python -m benchmarks                      # everything (~5 min on 2 cores)
    python -m benchmarks --quick              # fewer repeats, smaller inputs
    python -m benchmarks --only conv,mandel   # kernels whose name contains a word
    python -m benchmarks --no-numba           # numjit vs NumPy and Python only
    python -m benchmarks --no-roofline        # skip the limits (a few seconds) and the roofline table
"""
import argparse
import dataclasses
import importlib
import json
import statistics
import sys
import time
import timeit
import traceback
import warnings
from pathlib import Path

from . import cases as case_table
from . import machine, probe, report, roofline, work

RESULTS = Path(__file__).resolve().parent / "results"
COLUMNS = ("numjit", "numba", "numpy", "python")

# per mode: timing rounds, minimum seconds in one timed sample, seconds one column may spend on a kernel
SETTINGS = {
    "full": dict(repeats=7, min_repeats=3, sample_s=0.02, budget_s=2.0, import_repeats=5),
    "quick": dict(repeats=3, min_repeats=2, sample_s=0.005, budget_s=0.6, import_repeats=3),
}
# Before each sample of a threaded kernel: time for the previous column's pool to stop spinning.
# numba's OpenMP workers spin for milliseconds after a parallel region (libgomp's default
# GOMP_SPINCOUNT); on a 2-core machine they hold the second core while the next column's
# threads want it, and numjit's prange_pairwise then ran at serial speed, 2.5 ms instead of
# 1.27 ms (1.25 ms with OMP_WAIT_POLICY=passive). Each runtime is timed as a user runs it: alone.
SETTLE_S = 0.05
# OpenBLAS's workers spin for about 2**28 cycles (~0.1 s here) after a call: NumPy's pool and
# SciPy's (numba's and numjit's BLAS) are two pools, so BLAS kernels' samples wait longer.
BLAS_SETTLE_S = 0.3
OUTLIER, RERUNS = 1.05, 2
SMALL_PROBES = 3


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repeats, smaller inputs")
    ap.add_argument("--only", metavar="NAME", help="only kernels whose name contains NAME (comma-separated)")
    ap.add_argument("--no-numba", action="store_true", help="leave numba out")
    ap.add_argument("--no-compile", action="store_true",
                    help="skip the fresh-process import and first-call measurements (faster, less safe)")
    ap.add_argument("--no-roofline", action="store_true",
                    help="skip measuring the machine's limits (triad, FMA) and the roofline table")
    ap.add_argument("--repeats", type=int, help="timing rounds per kernel (default 7, quick 3)")
    ap.add_argument("--probe-timeout", type=float, default=120.0, metavar="S",
                    help="seconds a fresh-process first call may take before it counts as hung (default 120)")
    ap.add_argument("--out", type=Path, default=RESULTS, help="results folder (default benchmarks/results)")
    ap.add_argument("--list", action="store_true", help="list the kernels and exit")
    # runs the "numjit" column with another module, e.g. numba, to validate the suite itself
    ap.add_argument("--impl", default="numjit", help=argparse.SUPPRESS)
    return ap.parse_args(argv)


class Progress:
    """One status line on stderr: rewritten in place on a terminal, one line per step otherwise."""

    def __init__(self, total):
        self.total = total
        self.start = time.perf_counter()
        self.tty = sys.stderr.isatty()
        self.last_line = -1e9

    def elapsed(self):
        return time.perf_counter() - self.start

    def show(self, index, name, what, final=False):
        line = f"[{index:2d}/{self.total}] {name:24s} {what:34s} {self.elapsed():6.1f} s elapsed"
        if self.tty:
            sys.stderr.write("\r" + line.ljust(100) + ("\n" if final else ""))
        elif final or self.elapsed() - self.last_line >= 2.0:   # a log file gets a line every 2 s at most
            sys.stderr.write(line + "\n")
            self.last_line = self.elapsed()
        sys.stderr.flush()


def error_text(exc):
    return probe.error_text(exc)


def load_module(name):
    """(module, None) or (None, error message)."""
    try:
        return importlib.import_module(name), None
    except Exception as exc:
        return None, f"cannot import {name}: {error_text(exc)}"


class Column:
    """One thing being timed for one kernel: a timer, its calibration and its samples."""

    def __init__(self, label, timer, scale=1.0, sampled=False):
        self.label, self.timer, self.scale, self.sampled = label, timer, scale, sampled
        self.number, self.quota, self.samples, self.error = 1, 0, [], None
        self.first_call_s = None   # compile + first run in this process (JIT columns)

    def calibrate(self, settings, repeats):
        """Warm up, then pick calls per sample (>= sample_s) and a number of samples within budget."""
        self.timer.timeit(1)
        number = 1
        while True:
            seconds = self.timer.timeit(number)
            if seconds >= settings["sample_s"] or number >= 10**6:
                break
            number *= 10 if seconds < settings["sample_s"] / 20 else 2
        self.number = number
        fits = int(settings["budget_s"] / max(seconds, 1e-9))
        self.quota = max(settings["min_repeats"], min(repeats, fits))

    def sample(self):
        self.samples.append(self.timer.timeit(self.number) / self.number * self.scale)

    def summary(self):
        if self.error:
            return self.error
        return dict(status="ok", median_s=statistics.median(self.samples), min_s=min(self.samples),
                    max_s=max(self.samples), repeats=len(self.samples), number=self.number,
                    sampled=self.sampled, scale=self.scale)


def make_timer(fn, args, case):
    """A timeit.Timer; a direct call when the case has no wrapper, so no lambda is timed with it."""
    if case is not None and case.call is not None:
        return timeit.Timer(lambda: case.invoke(fn, args))
    names = [f"a{i}" for i in range(len(args))]
    namespace = dict(zip(names, args), fn=fn)
    return timeit.Timer(f"fn({', '.join(names)})", globals=namespace)


def reference_answer(case, size, args):
    if case.reference == "numpy" and case.numpy is not None:
        return case.numpy(*case.numpy_args(size))
    return case.invoke(case.python_callable(), args)


def prepare_jit(label, module, case, args, reference, result, entry):
    """Compile, run once, check; returns a Column or records why not in entry['results']."""
    probe_result = entry["compile"].get(label, {})
    if probe_result.get("fatal"):
        result[label] = dict(status="error", error=probe_result["error"])
        return None
    try:
        start = time.perf_counter()
        fn = case.compile_with(module)
        got = case.invoke(fn, args)
        first_s = time.perf_counter() - start
    except Exception as exc:
        result[label] = dict(status="error", error=error_text(exc))
        return None
    try:
        wrong = case.check(got, reference)
    except Exception as exc:
        wrong = f"check failed: {error_text(exc)}"
    if wrong:
        result[label] = dict(status="wrong", error=wrong)
        return None
    column = Column(label, make_timer(fn, args, case))
    column.first_call_s = first_s
    return column


def first_call(module_name, case, mode, timeout):
    """The first-call probe; for the small functions of the call-overhead group (tens of ms, where
    one fresh process is noisy) the best of SMALL_PROBES, all kept in "tries"."""
    tries = SMALL_PROBES if case.group == "overhead" else 1
    results = [probe.first_call(module_name, case.name, mode, timeout) for _ in range(tries)]
    ok = [r for r in results if "compile_s" in r]
    if tries == 1 or not ok:
        return results[0]
    return dict(min(ok, key=lambda r: r["compile_s"]), tries=[r.get("compile_s") for r in results])


def run_case(index, case, mode, modules, opts, progress):
    settings = SETTINGS[mode]
    repeats = opts.repeats or settings["repeats"]
    if case.threaded:           # this VM at times loses its second core for a whole sample (both
        repeats *= 2            # runtimes' samples then run at serial speed): more samples per median
    size = case.sizes[mode]
    py_size, py_scale, py_sampled = case_table.scale_for_python(case, mode)
    entry = dict(name=case.name, group=case.group, description=case.description, size=size,
                 python_size=py_size, python_scale=py_scale, results={}, compile={})
    results = entry["results"]

    for label in ("numjit", "numba"):
        module, error = modules[label]
        if module is None:
            results[label] = dict(status="skipped" if error is None else "error", error=error or "not run")
        elif not opts.no_compile:
            progress.show(index, case.name, f"{label}: first call, fresh process")
            entry["compile"][label] = first_call(module.__name__, case, mode, opts.probe_timeout)

    progress.show(index, case.name, "checking answers")
    args = case.make(size)
    try:
        entry["work"] = work.declare(case.name, args)
    except Exception as exc:
        entry["work"] = dict(none=f"work count failed: {error_text(exc)}")
    try:
        reference = reference_answer(case, size, args)
    except Exception as exc:
        traceback.print_exc(limit=3, file=sys.stderr)
        for label in COLUMNS:
            results.setdefault(label, dict(status="error", error=f"reference failed: {error_text(exc)}"))
        return entry

    columns = []
    for label in ("numjit", "numba"):
        if label not in results:
            column = prepare_jit(label, modules[label][0], case, args, reference, results, entry)
            if column is not None:
                columns.append(column)
            for suffix, build in case.also.items():   # variants timed beside it (target="cpu")
                variant = dataclasses.replace(case, build=build, also={})
                column = prepare_jit(f"{label}_{suffix}", modules[label][0], variant, args, reference,
                                     results, entry)
                if column is not None:
                    columns.append(column)
    if case.numpy is not None:
        np_args = case.numpy_args(size)
        columns.append(Column("numpy", make_timer(case.numpy, np_args, None)))
    else:
        results["numpy"] = dict(status="n/a")
    py_args = args if py_size == size else case.make(py_size)
    py_fn = case.python_callable()
    python = Column("python", make_timer(py_fn, py_args, case), py_scale, py_sampled)
    if case.reference == "numpy" and case.numpy is not None:
        # validates the kernel itself: plain Python against NumPy on the Python-sized input
        try:
            wrong = case.check(case.invoke(py_fn, py_args), case.numpy(*case.numpy_args(py_size)))
        except Exception as exc:
            wrong = error_text(exc)
        if wrong:
            python.error = dict(status="wrong", error=f"kernel disagrees with numpy: {wrong}")
    columns.append(python)

    live = []
    for column in columns:
        if column.error:
            continue
        progress.show(index, case.name, f"{column.label}: warm-up")
        try:
            column.calibrate(settings, repeats)
            live.append(column)
        except Exception as exc:
            column.error = dict(status="error", error=error_text(exc))
    rounds = max((c.quota for c in live), default=0)
    for r in range(rounds):
        turn = [c for c in live if r < c.quota]
        shift = r % max(len(turn), 1)
        for column in turn[shift:] + turn[:shift]:       # rotate who goes first
            if column.error:
                continue
            progress.show(index, case.name, f"{column.label}: repeat {r + 1}/{column.quota}")
            if case.threaded:
                time.sleep(BLAS_SETTLE_S if case.blas else SETTLE_S)
            try:
                column.sample()
            except Exception as exc:
                column.error = dict(status="error", error=error_text(exc))
    for column in columns:
        if column.error or column.samples:
            results[column.label] = column.summary()
            if column.first_call_s is not None and not column.error:
                results[column.label]["first_call_inprocess_s"] = column.first_call_s
    progress.show(index, case.name, describe_line(results), final=True)
    return entry


def rerun_outliers(data, selected, mode, modules, opts, progress):
    """Time each kernel over OUTLIER x numba RERUNS more times; keep the run of median ratio."""
    again = argparse.Namespace(**{**vars(opts), "no_compile": True})
    for index, (case, first) in enumerate(zip(selected, data["kernels"]), 1):
        if (report.ratio(first, "numjit", "numba") or 0) <= OUTLIER:
            continue
        runs = [first] + [run_case(index, case, mode, modules, again, progress) for _ in range(RERUNS)]
        ratios = [report.ratio(k, "numjit", "numba") for k in runs]
        if None in ratios:
            continue
        chosen = runs[sorted(range(len(runs)), key=ratios.__getitem__)[len(runs) // 2]]
        chosen.update(compile=first["compile"], reruns=ratios)
        data["kernels"][index - 1] = chosen


def describe_line(results):
    parts = []
    for label in COLUMNS:
        r = results.get(label, {})
        if r.get("status") == "ok":
            parts.append(f"{label} {report.fmt_time(r['median_s'])}")
        elif r.get("status") in ("error", "wrong"):
            parts.append(f"{label} {r['status'].upper()}")
    return ", ".join(parts)


def write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1, default=str))
    tmp.replace(path)


def main(argv=None):
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    warnings.simplefilter("ignore")   # numba's deprecation notes would bury the progress line
    selected = case_table.find(opts.only)
    if opts.list:
        for case in case_table.CASES:
            print(f"{case.name:24s} {case.group:9s} {case.description}")
        return 0
    if not selected:
        print(f"no kernel matches {opts.only!r}; try --list", file=sys.stderr)
        return 2
    mode = "quick" if opts.quick else "full"
    settings = SETTINGS[mode]
    sys.path.append(str(Path(__file__).resolve().parents[1]))   # an uninstalled checkout finds numjit

    modules = {"numjit": load_module(opts.impl),
               "numba": (None, None) if opts.no_numba else load_module("numba")}
    data = dict(schema=1, mode=mode, numjit_impl=opts.impl, machine=machine.describe(),
                options=dict(quick=opts.quick, only=opts.only, no_numba=opts.no_numba,
                             no_compile=opts.no_compile, no_roofline=opts.no_roofline,
                             repeats=opts.repeats or settings["repeats"]),
                imports={}, kernels=[])
    for label, (module, error) in modules.items():
        if error:
            print(f"note: {error}", file=sys.stderr)
    if opts.impl == "numjit" and modules["numjit"][0] is not None and not data["machine"]["numjit"]:
        # an uninstalled checkout: no package metadata, but the module knows its version
        data["machine"]["numjit"] = getattr(modules["numjit"][0], "__version__", None)
    out = opts.out / "latest.json"
    progress = Progress(len(selected))

    if not opts.no_compile:
        for label, name in (("numjit", opts.impl), ("numba", None if opts.no_numba else "numba")):
            if name:
                progress.show(0, f"import {name}", "fresh processes")
                data["imports"][label] = dict(module=name, **probe.import_time(name, settings["import_repeats"]))
        data["imports"]["numpy"] = dict(module="numpy", **probe.import_time("numpy", settings["import_repeats"]))

    if not opts.no_roofline and modules["numjit"][0] is not None:
        progress.show(0, "machine limits", "triad and FMA kernels")
        try:
            data["limits"] = roofline.measure(modules["numjit"][0])
        except Exception as exc:
            data["limits"] = dict(error=error_text(exc))

    for index, case in enumerate(selected, 1):
        try:
            data["kernels"].append(run_case(index, case, mode, modules, opts, progress))
        except Exception as exc:   # a bug in the suite itself must not lose the other kernels
            traceback.print_exc(file=sys.stderr)
            data["kernels"].append(dict(name=case.name, group=case.group, description=case.description,
                                        results={c: dict(status="error", error=error_text(exc))
                                                 for c in COLUMNS}, compile={}))
        data["total_s"] = progress.elapsed()
        write_json(out, data)

    rerun_outliers(data, selected, mode, modules, opts, progress)
    write_json(out, data)
    print(f"wrote {out} in {progress.elapsed():.0f} s", file=sys.stderr)
    try:
        report.generate(out)
    except Exception:
        traceback.print_exc(file=sys.stderr)
        print("report generation failed; the JSON results are complete", file=sys.stderr)
        return 1
    wrong = [k["name"] for k in data["kernels"]
             if any(r.get("status") == "wrong" for r in k.get("results", {}).values())]
    if wrong:
        print(f"WRONG answers in: {', '.join(wrong)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
