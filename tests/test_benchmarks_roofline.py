"""The benchmark report's roofline (benchmarks/roofline.py, benchmarks/work.py): every case declares its
work, the declared flops match what the kernels execute, the limit kernels compute what NumPy does,
and the report's roofline table has the right arithmetic.  No timings."""
import importlib.util
import json
import math
import types

import impl
import numpy as np
import pytest

from benchmarks import cases, kernels, ported, report, roofline, work

LIMITS = {"cores": 4, "cache_bytes": {"L2": 2**20, "L3": 2**25},
          "triad_gbs": {"L2": [100.0, 400.0], "L3": [50.0, 150.0], "memory": [20.0, 40.0]},
          "triad_bytes": {"L2": 2**19, "L3": 2**24, "memory": 6 * 2**25},
          "fma_gflops": {"float64": [50.0, 200.0], "float32": [100.0, 400.0]},
          "numpy_triad_gbs": 19.0, "seconds": 1.5}


def test_every_case_declares_its_work():
    names = [case.name for case in cases.CASES]
    assert sorted(work.WORK) == sorted(names), "a benchmark case without a work count in benchmarks/work.py"
    for case in cases.CASES:
        size = min(case.sizes["quick"], case.sizes["python"])
        declared = work.declare(case.name, case.make(size))
        if "none" in declared:
            assert set(declared) == {"none"} and declared["none"], case.name
            continue
        assert set(declared) == {"bytes", "flops", "footprint", "dtype", "threads"}, case.name
        assert declared["bytes"] + declared["flops"] > 0, case.name
        assert min(declared["bytes"], declared["flops"], declared["footprint"]) >= 0, case.name
        assert declared["dtype"] in LIMITS["fma_gflops"], case.name
        assert declared["threads"] is None or declared["threads"] >= 1, case.name
        assert roofline.rate_and_fraction(declared, LIMITS, 1.0)[1] > 0, case.name


class Counted(np.float64):
    """A float that counts the arithmetic done on it (and on results made from it)."""
    ops = 0

    def _count(op):
        def method(self, other):
            Counted.ops += 1
            result = op(np.float64(self), np.float64(other))
            return Counted(result) if isinstance(result, np.float64) else result
        return method

    __add__ = __radd__ = _count(lambda a, b: a + b)
    __mul__ = __rmul__ = _count(lambda a, b: a * b)
    __sub__ = _count(lambda a, b: a - b)
    __rsub__ = _count(lambda a, b: b - a)
    __truediv__ = _count(lambda a, b: a / b)
    __rtruediv__ = _count(lambda a, b: b / a)
    __lt__ = _count(lambda a, b: bool(a < b))

    def __pow__(self, exponent):
        """x ** 0.5 is a square root; x ** k for an integer k the multiplications of binary powering."""
        k = int(exponent)
        Counted.ops += 1 if exponent == 0.5 else k.bit_length() + bin(k).count("1") - 2
        return Counted(np.float64(self) ** exponent)


def counting_math():
    def sqrt(x):
        Counted.ops += 1
        return Counted(math.sqrt(x))
    return types.SimpleNamespace(sqrt=sqrt)


def counted(array):
    out = np.empty(array.shape, dtype=object)
    out.flat[:] = [Counted(v) for v in array.flat]
    return out


@pytest.mark.parametrize("name, kernel, make", [
    ("prefix_sum", kernels.prefix_sum, lambda: (np.arange(1.0, 40.0),)),
    ("pairwise_distances", kernels.pairwise_distances, lambda: (np.arange(21.0).reshape(7, 3) ** 0.5,)),
    ("laplace_jacobi", kernels.laplace_jacobi, lambda: (cases.laplace_inputs(9)[0], 3)),
    ("convolve_1d", ported.convolve_1d, lambda: (np.arange(30.0), np.arange(1.0, 6.0))),
    ("floyd_warshall", ported.floyd_warshall, lambda: ported.floyd_warshall_inputs(7)),
    ("nbody_step", kernels.nbody_step, lambda: cases.nbody_inputs(6)),
    ("lennard_jones", kernels.lennard_jones, lambda: cases.lj_inputs(7)),
    ("gray_scott", ported.gray_scott, lambda: ported.gray_scott_inputs(8)[:-1] + (2,)),
])
def test_declared_flops_are_what_the_kernel_executes(name, kernel, make):
    args = make()
    declared = work.declare(name, args)
    run = types.FunctionType(kernel.__code__, dict(kernel.__globals__, math=counting_math()), kernel.__name__)
    Counted.ops = 0
    run(*[counted(a) if isinstance(a, np.ndarray) else a for a in args])
    assert Counted.ops == declared["flops"]


def test_mandelbrot_flops_follow_the_escape_counts():
    args = (-2.0, 1.0, -1.125, 1.125, 16, 12, 30)
    counts = kernels.mandelbrot(*args)
    declared = work.declare("mandelbrot", args)
    # per pixel: cx, then `count` iterations of the test and the update, and one more test if it escaped
    flops = sum(2 + 8 * int(n) + (3 if n < 30 else 0) for n in counts.flat)
    assert 0 < (counts == 30).sum() < counts.size
    assert declared["flops"] == flops
    assert work.declare("prange_mandelbrot", args) == dict(declared, threads=None)


def test_the_limit_kernels_compute_what_numpy_does():
    g = np.random.default_rng(3)
    a, b, c = np.zeros((2, 37)), g.random((2, 37)), g.random((2, 37))
    for fn in (impl.njit(roofline.triad), cases.with_prange(parallel=True)(impl.impl_module, roofline.triad)):
        a[:] = 0.0
        fn(a, b, c, 2.5, 3)
        np.testing.assert_array_equal(a, b + (2.5 + 2) * c)
    for dtype in (np.float64, np.float32):
        x0 = g.random((3, roofline.LANES)).astype(dtype)
        x = x0.copy()
        fma = cases.with_prange(parallel=True, fastmath={"contract"})(impl.impl_module, roofline.fma)
        fma(x, dtype(0.5), dtype(0.25), 4)
        np.testing.assert_allclose(x, roofline.fma_reference(x0, dtype(0.5), dtype(0.25), 4), rtol=1e-6)


def test_roof_picks_the_binding_limit_for_the_cores_used():
    # 1 GFLOP float64 on one core: 0.02 s at 50 GFLOP/s; 100 MB from memory: 0.005 s at 20 GB/s
    compute = dict(bytes=10**8, flops=10**9, footprint=10**9, dtype="float64", threads=1)
    assert roofline.roof(compute, LIMITS) == ("compute", "memory", pytest.approx(0.02))
    assert roofline.rate_and_fraction(compute, LIMITS, 0.08) == ("12.5 GFLOP/s", pytest.approx(0.25))
    # the same on 2 of 4 cores: twice one core's peak (100 GFLOP/s), all cores: 200 GFLOP/s
    assert roofline.roof(dict(compute, threads=2), LIMITS)[2] == pytest.approx(0.01)
    assert roofline.roof(dict(compute, threads=None), LIMITS)[2] == pytest.approx(0.005)
    assert roofline.roof(dict(compute, dtype="float32"), LIMITS)[2] == pytest.approx(0.01)
    # 600 kB streamed from L2 (fits 3/4 of 1 MiB): 6 us at 100 GB/s > 1 kFLOP
    small = dict(bytes=600_000, flops=1000, footprint=600_000, dtype="float64", threads=1)
    assert roofline.roof(small, LIMITS) == ("memory", "L2", pytest.approx(6e-6))
    assert roofline.cache_level(dict(small, footprint=2 * 2**20), LIMITS) == "L3"
    assert roofline.cache_level(dict(small, footprint=2 * 2**20, threads=None), LIMITS) == "L2"
    assert roofline.cache_level(dict(small, footprint=2**25), LIMITS) == "memory"
    assert roofline.rate_and_fraction(small, LIMITS, 12e-6) == ("50 GB/s", pytest.approx(0.5))
    assert roofline.work_text(dict(bytes=3_200_000, flops=0)) == "3.2 MB"
    assert roofline.work_text(dict(bytes=0, flops=2 * 10**7)) == "20 MFLOP"


def fake_results():
    def ok(median):
        return dict(status="ok", median_s=median, min_s=median, max_s=median, repeats=3, number=1,
                    sampled=False, scale=1.0)
    return dict(schema=1, mode="quick", machine={}, imports={}, total_s=3.0, limits=LIMITS, kernels=[
        dict(name="streamer", group="classic", description="d", size=10, results=dict(
            numjit=ok(0.01), numba=ok(0.02), numpy=ok(0.03), python=ok(1.0)),
            work=dict(bytes=2 * 10**8, flops=10**6, footprint=2 * 10**8, dtype="float64", threads=1)),
        dict(name="cruncher", group="parallel", description="d", size=10, results=dict(
            numjit=ok(0.5), numba=dict(status="wrong", error="x"), numpy=dict(status="n/a"), python=ok(9.0)),
            work=dict(bytes=10**3, flops=5 * 10**10, footprint=10**3, dtype="float32", threads=None)),
        dict(name="caller", group="overhead", description="d", size=1, results=dict(numjit=ok(1e-7)),
             work=dict(none="a single call")),
    ])


def test_report_shows_the_roofline_columns(tmp_path):
    text = report.markdown(fake_results())
    section = text[text.index("## Roofline"):]
    # 200 MB in memory at 20 GB/s: 10 ms, so numjit's 10 ms is 100% of the limit and 20 GB/s
    assert "| `streamer` | 1 MFLOP, 200 MB | memory triad, 1 core | 20 GB/s | 100% | 10 GB/s | 50% |" in section
    # 50 GFLOP float32 on all 4 cores at 400 GFLOP/s: 0.125 s; numjit took 0.5 s (100 GFLOP/s, 25%)
    assert "| `cruncher` | 50 GFLOP, 1 kB | FMA float32, all 4 cores | 100 GFLOP/s | 25% | – | – |" in section
    assert "`caller` (a single call)" in section
    assert "| triad, L2 (524 kB) | 100 GB/s | 400 GB/s |" in section
    assert "| FMA float32 | 100 GFLOP/s | 400 GFLOP/s |" in section and "| 19 GB/s | – |" in section
    assert "understated" not in section

    slow_triad = fake_results()
    slow_triad["limits"] = dict(LIMITS, numpy_triad_gbs=30.0)
    assert "understated" in report.markdown(slow_triad)
    failed = dict(fake_results(), limits=dict(error="boom"))
    assert "could not be measured: boom" in report.markdown(failed)
    assert "## Roofline" not in report.markdown(dict(fake_results(), limits=None))

    kernels = {k["name"]: k for k in fake_results()["kernels"]}
    assert roofline.fraction_of_limit(kernels["streamer"], LIMITS, "numba") == pytest.approx(0.5)
    assert roofline.fraction_of_limit(kernels["cruncher"], LIMITS, "numba") is None        # wrong answer
    assert roofline.fraction_of_limit(kernels["caller"], LIMITS, "numjit") is None         # no work count
    assert roofline.fraction_of_limit(kernels["streamer"], dict(error="boom"), "numjit") is None
    assert roofline.fraction_of_limit(kernels["streamer"], None, "numjit") is None

    path = tmp_path / "latest.json"
    path.write_text(json.dumps(fake_results()))
    if importlib.util.find_spec("matplotlib"):
        assert tmp_path / "roofline.png" in report.charts(fake_results(), tmp_path)
    md_path = tmp_path / "latest.md"
    md_path.write_text(report.markdown(fake_results()))
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{report.README_START}\nold\n{report.README_END}\nrest\n")
    report.update_readme(md_path, readme)
    updated = readme.read_text()
    assert "### Roofline" in updated and "| `streamer` |" in updated and "old" not in updated
    assert updated.startswith("intro\n") and updated.endswith(f"{report.README_END}\nrest\n")
