"""Turn benchmarks/results/latest.json into latest.md (tables) and PNG charts.

    python -m benchmarks.report                        # the latest results
    python -m benchmarks.report path/to/results.json   # another run; outputs go beside it
    python -m benchmarks.report --readme               # also copy the tables into README.md

Writes, beside the JSON: latest.md (one table per group of kernels: median
[min-max] per column, the numjit/numba and numjit/numpy ratios, compile
latencies; then the roofline table of benchmarks/roofline.py), ratios.png,
compile.png and roofline.png (skipped, with a note, when matplotlib is not installed).  A cell reads e.g.

    | mandelbrot | 8.1 ms [8.0–8.3] | 8.4 ms [8.2–9.0] | 151 ms [149–160] | ~1.2 s [1.1–1.3] | 0.96× | 0.054× | ...
"""
import json
import sys
from pathlib import Path

from . import roofline

RESULTS = Path(__file__).resolve().parent / "results"
README = RESULTS.parents[1] / "README.md"
README_START, README_END = "<!-- benchmark tables: start -->", "<!-- benchmark tables: end -->"
GROUPS = [("overhead", "Call overhead"), ("seed", "The seed article's kernels"), ("classic", "Classic kernels"),
          ("ported", "Ported code: a stencil, clustering, convolution, dynamic programming, a particle "
                     "deposit, array expressions"),
          ("containers", "Dicts in compiled code; typed containers used from Python"),
          ("parallel", "Parallel: target='parallel' ufuncs and prange loops (parallel=True) vs serial"),
          ("numpy", "NumPy functions in compiled code"),
          ("strings", "Strings: str methods on 1 MB of text")]


def fmt_time(seconds):
    if seconds is None:
        return "–"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def fmt_range(lo, hi, unit_of):
    """'[1.20–1.31]' in the unit of `unit_of` ('ms'), or with units on both ends when they differ."""
    text_lo, text_hi = fmt_time(lo), fmt_time(hi)
    unit_lo, unit_hi = text_lo.split(" ")[1], text_hi.split(" ")[1]
    if unit_lo == unit_hi == unit_of:
        return f"[{text_lo.split(' ')[0]}–{text_hi.split(' ')[0]}]"
    return f"[{text_lo}–{text_hi}]"


def escape(text, limit=80):
    text = str(text).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def cell(result):
    status = (result or {}).get("status")
    if status == "ok":
        mark = "~" if result.get("sampled") else ""
        median = fmt_time(result["median_s"])
        return f"{mark}{median} {fmt_range(result['min_s'], result['max_s'], median.split(' ')[1])}"
    if status == "wrong":
        return f"**WRONG**: {escape(result.get('error', ''))}"
    if status == "error":
        return f"error: {escape(result.get('error', ''))}"
    if status == "skipped":
        return "skipped"
    return "–"


def ratio(kernel, a, b):
    ra, rb = kernel["results"].get(a, {}), kernel["results"].get(b, {})
    if ra.get("status") == "ok" and rb.get("status") == "ok" and rb["median_s"] > 0:
        return ra["median_s"] / rb["median_s"]
    return None


def fmt_ratio(value):
    if value is None:
        return "–"
    if value >= 10:
        return f"{value:.0f}×"
    return f"{value:.2f}×" if value >= 0.1 else f"{value:.2g}×"


def compile_cell(kernel, label):
    probe = kernel.get("compile", {}).get(label)
    if not probe:
        return "–"
    if "error" in probe:
        return "failed"   # the reason is in the timing column
    return fmt_time(probe.get("compile_s"))


def machine_lines(data):
    m = data.get("machine", {})
    lines = [f"- machine: {m.get('cpu')}, {m.get('usable_cores')} cores, {m.get('memory_gib')} GiB, "
             f"{m.get('platform')}",
             f"- software: Python {m.get('python')}, numpy {m.get('numpy')}, llvmlite {m.get('llvmlite')}, "
             f"numba {m.get('numba')}, numjit {m.get('numjit')} (commit {m.get('git_commit') or 'none'})",
             f"- run: {m.get('date')}, mode {data.get('mode')}, {data.get('total_s', 0):.0f} s"]
    if data.get("numjit_impl", "numjit") != "numjit":
        lines.append(f"- **the numjit column was run with `{data['numjit_impl']}` standing in for numjit** "
                     "(a check of the suite itself, not numjit's numbers)")
    return lines


def import_table(data):
    imports = data.get("imports") or {}
    if not imports:
        return []
    lines = ["| module | import time (best, fresh process) |", "|---|---|"]
    for label, entry in imports.items():
        value = f"error: {escape(entry['error'])}" if "error" in entry else fmt_time(entry["best_s"])
        module = entry.get("module", label)
        name = module if module == label else f"{label} column ({module})"
        lines.append(f"| {name} | {value} |")
    return lines + [""]


def kernel_table(kernels):
    lines = ["| kernel | numjit | numba | numpy | python | numjit/numba | numjit/numpy "
             "| compile numjit | compile numba |",
             "|---|---|---|---|---|---|---|---|---|"]
    for k in kernels:
        res = k.get("results", {})
        lines.append("| " + " | ".join([
            f"`{k['name']}`", cell(res.get("numjit")), cell(res.get("numba")), cell(res.get("numpy")),
            cell(res.get("python")), fmt_ratio(ratio(k, "numjit", "numba")) + (" ‡" if k.get("reruns") else ""),
            fmt_ratio(ratio(k, "numjit", "numpy")), compile_cell(k, "numjit"), compile_cell(k, "numba")]) + " |")
    return lines


def parallel_table(kernels):
    """target='parallel' or parallel=True (the numjit / numba columns) ÷ target='cpu' or the same
    function compiled serially (numjit_cpu / numba_cpu), timed interleaved in the same case."""
    lines = ["| kernel | numjit serial | numjit parallel | numjit parallel/serial | numba serial "
             "| numba parallel | numba parallel/serial |", "|---|---|---|---|---|---|---|"]
    for k in kernels:
        res = k.get("results", {})
        if "numjit_cpu" not in res and "numba_cpu" not in res:
            continue
        row = [f"`{k['name']}`"]
        for label in ("numjit", "numba"):
            row += [cell(res.get(f"{label}_cpu")), cell(res.get(label)),
                    fmt_ratio(ratio(k, label, f"{label}_cpu"))]
        lines.append("| " + " | ".join(row) + " |")
    return lines if len(lines) > 2 else []


def size_note(kernel):
    """Where the run's sizes differ from the description's (quick mode, sampled plain Python)."""
    notes = []
    if kernel.get("size", 1) != 1:
        notes.append(f"size parameter {kernel['size']:,}")
    if kernel.get("python_scale", 1.0) != 1.0:
        notes.append(f"plain Python at {kernel['python_size']:,}, time scaled ×{kernel['python_scale']:.3g}")
    return f" ({'; '.join(notes)})" if notes else ""


def rerun_note(kernel):
    runs = kernel.get("reruns")
    return f" (‡ numjit/numba in three runs: {', '.join(fmt_ratio(r) for r in runs)})" if runs else ""


def markdown(data):
    lines = ["# numjit benchmarks", ""] + machine_lines(data) + [""]
    lines += import_table(data)
    kernels = data.get("kernels", [])
    for group, title in GROUPS + [(None, "Other")]:
        chosen = [k for k in kernels if k.get("group") == group
                  or (group is None and k.get("group") not in dict(GROUPS))]
        if not chosen:
            continue
        lines += [f"## {title}", "", *kernel_table(chosen), ""]
        if group == "parallel" and parallel_table(chosen):
            lines += [*parallel_table(chosen), ""]
        for k in chosen:
            lines.append(f"- `{k['name']}`: {k.get('description', '')}{size_note(k)}{rerun_note(k)}")
        lines.append("")
    lines += roofline.markdown_lines(data)
    lines += ["Times are per call: median [min–max] over the repeats, interleaved round-robin in one process "
              "(a threaded kernel's samples each start 50 ms after the previous one, when no other runtime's "
              "pool still spins on a core).",
              "Ratios are medians, numjit ÷ other: below 1× numjit is faster.",
              "‡ marks a kernel first measured over 1.05× numba's time and timed twice more: the run with "
              "the median numjit/numba ratio of the three is shown, all three ratios beside its description.",
              "~ marks plain Python timed on a smaller input and scaled up by the work ratio (sampled).",
              "compile = first call in a fresh process (decorate + compile + run) minus the second call "
              "(call overhead: the best of three fresh processes).",
              "WRONG = the answer disagreed with the reference (NumPy or plain Python); such a column is not timed.",
              ""]
    return "\n".join(lines)


def _bar_chart(plt, rows, series, xlabel, title):
    """Grouped horizontal bars, one group per kernel, log x axis; series = [(label, kernel -> value)]."""
    height = 0.8 / len(series)
    fig, ax = plt.subplots(figsize=(9, 0.2 * len(series) * len(rows) + 1.8))
    for i, (label, value_of) in enumerate(series):
        values = [value_of(k) or float("nan") for k in rows]
        ax.barh([y + i * height for y in range(len(rows))], values, height=height, label=label)
    ax.set_yticks([y + height * (len(series) - 1) / 2 for y in range(len(rows))])
    ax.set_yticklabels([k["name"] for k in rows])
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(loc="best")
    return fig, ax


def charts(data, folder):
    """ratios.png, compile.png and roofline.png; returns the paths written."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: skipping charts (pip install -e '.[bench]')", file=sys.stderr)
        return []
    kernels = data.get("kernels", [])
    stand_in = data.get("numjit_impl", "numjit")
    suffix = f" ({stand_in} standing in for numjit)" if stand_in != "numjit" else ""

    def compile_s(label):
        return lambda k: (k.get("compile", {}).get(label) or {}).get("compile_s")

    plans = [
        ("ratios.png", [("numjit / numba", lambda k: ratio(k, "numjit", "numba")),
                        ("numjit / numpy", lambda k: ratio(k, "numjit", "numpy"))],
         "time ratio (log scale); left of 1 = numjit faster", "numjit time relative to numba and NumPy" + suffix,
         True),
        ("compile.png", [("numjit", compile_s("numjit")), ("numba", compile_s("numba"))],
         "first-call compile latency, seconds (log scale)", "Compile latency, fresh process" + suffix, False),
        ("roofline.png", [(label, lambda k, label=label: roofline.fraction_of_limit(k, data.get("limits"), label))
                          for label in ("numjit", "numba")],
         "fraction of the machine's limit (log scale); 1 = the roofline", "Speed against the roofline" + suffix,
         True),
    ]
    written = []
    for filename, series, xlabel, title, unit_line in plans:
        target = folder / filename
        rows = [k for k in kernels if any(value_of(k) for _, value_of in series)]
        if not rows:
            print(f"nothing to chart yet: no {filename}", file=sys.stderr)
            target.unlink(missing_ok=True)
            continue
        fig, ax = _bar_chart(plt, rows, series, xlabel, title)
        if unit_line:
            ax.axvline(1.0, color="black", linewidth=0.8)
        fig.tight_layout()
        fig.savefig(target, dpi=110)
        plt.close(fig)
        written.append(target)
    return written


def generate(json_path=RESULTS / "latest.json"):
    json_path = Path(json_path)
    data = json.loads(json_path.read_text())
    md_path = json_path.with_name("latest.md")
    md_path.write_text(markdown(data))
    written = [md_path] + charts(data, json_path.parent)
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return written


def update_readme(md_path=RESULTS / "latest.md", readme=README):
    """Replace the README's text between the benchmark markers by latest.md's tables."""
    text = readme.read_text()
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    tables = Path(md_path).read_text().split("\n", 1)[1].strip()      # without its "# " title
    tables = "\n".join("#" + line if line.startswith("## ") else line for line in tables.splitlines())
    readme.write_text(text[:start] + "\n" + tables + "\n" + text[end:])
    print(f"wrote {readme}", file=sys.stderr)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    paths = [a for a in argv if a != "--readme"]
    written = generate(paths[0] if paths else RESULTS / "latest.json")
    if "--readme" in argv:
        update_readme(written[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
