"""print() in kernels (vprintf, as numba-cuda) and debug=True kernels whose exceptions reach the host."""
import os
import re
import subprocess

import numpy as np
import pytest

import gpu_kernels as K
from numjit import boolean, config, float16, float32, int64, uint8
from numjit.cuda.compiler import compile_kernel
from numjit.types import Array
from test_ptx import PTXAS


def ptx_strings(ptx):
    """The constant byte strings of a PTX module, decoded."""
    return [bytes(int(v) for v in body.split(",")).rstrip(b"\0").decode()
            for body in re.findall(r"\.b8 \S+\[\d+\] = \{([^}]*)\}", ptx)]


def ptxas_ok(tmp_path, ptx, name):
    if PTXAS is None:
        return
    path = tmp_path / f"{name}.ptx"
    path.write_text(ptx)
    run = subprocess.run([PTXAS, "-arch=sm_80", str(path), "-o", os.devnull], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


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
