"""numjit's benchmark suite: numjit beside numba, NumPy and plain Python, in one run.

    python -m benchmarks --quick          # or: make bench
    python -m benchmarks --only mandelbrot

Kernels live in kernels.py (plain numba-style functions), their inputs and
checks in cases.py, the timing loop in runner.py, fresh-process measurements
in probe.py, the machine's limits and each kernel's work for the roofline in roofline.py and
work.py, and the Markdown/PNG report in report.py.  Results go to
benchmarks/results/ (latest.json, latest.md, ratios.png, compile.png).
The benchmarks are never part of the tests.
"""
