"""`dispatcher.get_metadata(sig)['llvm_pass_timings']` under config.LLVM_PASS_TIMINGS (numba's
NUMBA_LLVM_PASS_TIMINGS doc example; backend/passtimings.py)."""
import pytest

from numjit import config, njit


def _triangle(n):
    c = 0
    for i in range(n):
        for j in range(i):
            c += j
    return c


def test_llvm_pass_timings_in_the_metadata(monkeypatch):
    monkeypatch.setattr(config, "LLVM_PASS_TIMINGS", True)
    timed = njit(_triangle)
    assert timed(10) == _triangle(10)
    sig = timed.signatures[0]
    timings = timed.get_metadata(sig)["llvm_pass_timings"]
    names = [r.name for r in timings.list_records()]
    assert names[0].startswith("Module passes") and names[-1] == "Finalize object"
    assert timings.get_total_time() == sum(r.seconds for r in timings.list_records()) > 0
    text = str(timings)
    assert "Finalize object" in text and "Pass execution timing report" in text   # LLVM's report
    assert list(timed.get_metadata()) == [sig]

    monkeypatch.setattr(config, "LLVM_PASS_TIMINGS", False)
    plain = njit(_triangle)
    assert plain(7) == _triangle(7)
    assert "llvm_pass_timings" not in plain.get_metadata(plain.signatures[0])
    with pytest.raises(KeyError, match="no compiled signature"):
        plain.get_metadata(("float64",))
