"""print() in kernels (vprintf, as numba-cuda) and debug=True kernels whose exceptions reach the host."""
import re

import numpy as np
import pytest

import gpu_kernels as K
from numjit import boolean, config, cuda, float16, float32, float64, int64, uint8
from numjit.cuda.compiler import compile_kernel
from numjit.types import Array
from test_ptx import ptxas_ok


def ptx_strings(ptx):
    """The constant byte strings of a PTX module, decoded."""
    return [bytes(int(v) for v in body.split(",")).rstrip(b"\0").decode()
            for body in re.findall(r"\.b8 \S+\[\d+\] = \{([^}]*)\}", ptx)]


def test_print_becomes_vprintf_with_numba_cudas_formats(tmp_path):
    compiled = compile_kernel(K.print_kernel.py_func, (Array(float32, 1, "C"), uint8, boolean, float16), {}, (8, 0))
    assert compiled.ptx.count("call.uni (retval0), vprintf,") == 2 and ".extern .func" in compiled.ptx
    strings = ptx_strings(compiled.ptx)
    assert "item %lld of %llu : %f %s %f None 100%%\n" in strings     # ints 64-bit, floats as double, bools as text
    assert "%f, %lld;\n" in strings and {"True", "False"} <= set(strings)      # sep=/end=; -n is int64
    ptxas_ok(tmp_path, compiled.ptx, "print")


def test_print_in_the_simulator_is_pythons(monkeypatch, capsys):
    monkeypatch.setattr(config, "SIMULATE", True)
    K.print_kernel[1, 2](np.array([1.5, 2.0], np.float32), np.uint8(7), True, np.float16(0.5))
    lines = sorted(capsys.readouterr().out.splitlines())
    assert lines == sorted(["item 0 of 7 : 1.5 True 0.5 None 100%", "item 1 of 7 : 2.0 True 0.5 None 100%",
                            "1.5, -7;", "2.0, -7;"])


@cuda.jit(device=True)
def checked(v):
    if v < 0:
        raise ValueError("negative value")
    return v


@cuda.jit(debug=True, opt=False)
def debug_kernel(out, x):
    i = cuda.grid(1)
    if i < x.size:
        out[i] = checked(x[i]) * 2         # out shorter than x: an IndexError at out[i]


@cuda.jit(device=True)
def item(a, i):
    return a[i]                            # bounds-checked when a debug kernel calls it


@cuda.jit(debug=True)
def debug_item_kernel(out, x, shift):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = item(x, i + shift)


RAISE_LINE = checked.py_func.__code__.co_firstlineno + 3          # raise ValueError("negative value")
ITEM_LINE = item.py_func.__code__.co_firstlineno + 2               # return a[i]


def test_debug_kernel_ptx_records_exceptions(tmp_path):
    compiled = debug_kernel.compile((Array(float64, 1, "C"),) * 2).compiled
    assert compiled.debug and f".visible .global .align 4 .b8 {compiled.name}__errinfo__[28]" in compiled.ptx
    assert "atom.relaxed.sys.global.cas.b32" in compiled.ptx or "atom.global.cas.b32" in compiled.ptx
    raised = {(cls, message) for cls, message, _ in compiled.exceptions}
    assert {(ValueError, "negative value"), (IndexError, "index is out of bounds")} <= raised
    assert all(where[1] == __file__ for _, _, where in compiled.exceptions if where)
    assert {where for cls, _, where in compiled.exceptions if cls is ValueError} == {("checked", __file__, RAISE_LINE)}
    items = debug_item_kernel.compile((Array(float64, 1, "C"),) * 2 + (int64,)).compiled
    assert (IndexError, "index is out of bounds", ("item", __file__, ITEM_LINE)) in items.exceptions
    ptxas_ok(tmp_path, items.ptx, "items")
    ptxas_ok(tmp_path, compiled.ptx, "debug")
    plain = compile_kernel(debug_kernel.py_func, (Array(float64, 1, "C"),) * 2, {}, (8, 0))
    assert "__errinfo__" not in plain.ptx and not plain.exceptions


def test_debug_exceptions_in_the_simulator(monkeypatch):
    monkeypatch.setattr(config, "SIMULATE", True)
    kernel = cuda.jit(debug=True)(debug_kernel.py_func)
    x = np.array([1.0, 2.0, -3.0, 4.0])
    with pytest.raises(ValueError, match=r"^tid=\[2, 0, 0\] ctaid=\[0, 0, 0\]: negative value"):
        kernel[1, 4](np.zeros(4), x)
    with pytest.raises(IndexError, match=r"^tid=\[3, 0, 0\] ctaid=\[1, 0, 0\]: index"):
        kernel[2, 4](np.zeros(7), np.ones(8))
    out = np.zeros(4)
    kernel[1, 4](out, np.abs(x))                  # no exception: the results
    np.testing.assert_array_equal(out, 2 * np.abs(x))


def test_debug_exception_table_survives_the_cache(tmp_path, monkeypatch):
    from numjit.cuda import cache
    monkeypatch.setattr(config, "CACHE_DIR", str(tmp_path))
    types_ = (Array(float64, 1, "C"),) * 2
    first = cuda.jit(debug=True, cache=True)(debug_kernel.py_func).compile(types_).compiled
    hits = cache.STATS["hits"]
    again = cuda.jit(debug=True, cache=True)(debug_kernel.py_func).compile(types_).compiled
    assert cache.STATS["hits"] == hits + 1 and again.debug and again.exceptions == first.exceptions
    plain = cuda.jit(cache=True)(debug_kernel.py_func).compile(types_).compiled      # debug= is in the key
    assert cache.STATS["hits"] == hits + 1 and not plain.debug and "__errinfo__" not in plain.ptx
