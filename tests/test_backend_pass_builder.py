"""The optimiser's cost must not grow with the number of compilations in the process.

llvmlite's ModulePassManager.run adds its instrumentation callbacks to the PassBuilder on every
run and never removes them, so a PassBuilder kept across compilations (numjit kept one per
optimisation level) called one more dangling callback per pass for every earlier compilation:
each compilation was slower than the last (numjit/backend/jit.py: pass_builder).
"""
import time

import pytest

pytestmark = [pytest.mark.numjit_only, pytest.mark.slow]

_LOOP = """
define double @total(double* %a, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [0, %entry], [%i1, %loop]
  %s = phi double [0.0, %entry], [%s1, %loop]
  %p = getelementptr double, double* %a, i64 %i
  %v = load double, double* %p
  %s1 = fadd double %s, %v
  %i1 = add i64 %i, 1
  %c = icmp slt i64 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret double %s1
}
"""


def _median_optimise_seconds(jit, runs=25):
    times = []
    for _ in range(runs):
        mod = jit.parse(_LOOP)
        start = time.perf_counter()
        jit.optimize(mod, 3)
        times.append(time.perf_counter() - start)
    return sorted(times)[runs // 2]


def test_optimising_does_not_slow_down_with_every_compilation():
    from numjit.backend import jit
    before = _median_optimise_seconds(jit)
    empty = "define void @nothing() {\n  ret void\n}"
    for _ in range(1500):                  # as many optimiser runs as 1500 small compilations
        jit.optimize(jit.parse(empty), 3)
    after = _median_optimise_seconds(jit)
    assert after < 3 * before + 0.002, (before, after)     # with the reused builder: > 10x
