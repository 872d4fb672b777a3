"""The benchmark runner's fresh-process compile probe (benchmarks/probe.py): it finds every case of
benchmarks/cases.py by name (the ported kernels, appended last, were once missing from the lookup,
so the report showed "failed" for their compile times), and a probe of a ported kernel returns
its timings.  No timing is checked, only that the numbers are there."""
from benchmarks import cases, probe


def test_probe_lookup_has_every_case():
    assert len(cases.BY_NAME) == len(cases.CASES)
    for case in cases.CASES:
        assert cases.BY_NAME[case.name] is case, case.name


def test_probe_of_a_ported_kernel_reports_compile_time():
    result = probe.first_call("numjit", "gray_scott", "python", timeout=120)   # size 32: quick to run
    assert "error" not in result, result
    assert result["first_s"] > 0 and result["second_s"] > 0 and result["compile_s"] >= 0
