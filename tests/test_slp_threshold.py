"""The SLP vectoriser's threshold (numjit/backend/jit.py): two scattered `grid[c % n] += ...`
updates keep scalar index arithmetic. With LLVM's default threshold the SLP vectoriser packs the
two index chains (modulo, sign fix-ups, negative-index wrap) into 2-lane vectors with AVX-512 mask
registers and lane extracts, which made this particle-in-cell deposit 1.4x slower than scalar code.
Arrays swapped in a loop (`u, un = un, u`) keep most shapes and strides in scalar registers (store
trees rated -3 to -6 packed them into 2- and 4-lane vector phis, and with those live the vectorised
inner loop of a Gray-Scott step reloaded its constants from memory).
Results are the same either way; these check the results and the code shape.
"""
import re

import numpy as np

from benchmarks.ported import pic_deposit as deposit
from numjit import njit
from numjit.backend import jit as backend


def test_scattered_modulo_indexes_stay_scalar():
    rng = np.random.default_rng(5)
    positions = rng.uniform(-20.0, 120.0, 3000)        # negative cells too: Python's modulo
    charges = rng.standard_normal(3000)
    f = njit(deposit)
    for n_cells, cell_size in ((100, 1.0), (7, 0.3)):
        np.testing.assert_allclose(f(positions, charges, n_cells, cell_size),
                                   deposit(positions, charges, n_cells, cell_size), rtol=1e-12, atol=1e-12)
    optimised = str(backend.optimize(backend.parse(f.inspect_llvm(f.signatures[0]))))
    assert "x i64>" not in optimised


def diffuse(u0, v0, rate, steps):
    u, v = u0.copy(), v0.copy()
    un, vn = u0.copy(), v0.copy()
    rows, cols = u.shape
    for _ in range(steps):
        for i in range(1, rows - 1):
            for j in range(1, cols - 1):
                lap_u = u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] - 4.0 * u[i, j]
                lap_v = v[i - 1, j] + v[i + 1, j] + v[i, j - 1] + v[i, j + 1] - 4.0 * v[i, j]
                un[i, j] = u[i, j] + rate * (lap_u - u[i, j] * v[i, j] + (1.0 - u[i, j]))
                vn[i, j] = v[i, j] + rate * (lap_v + u[i, j] * v[i, j] - v[i, j])
        u, un = un, u
        v, vn = vn, v
    return u, v


def test_swapped_arrays_keep_scalar_shapes():
    rng = np.random.default_rng(7)
    u0, v0 = rng.random((13, 21)), rng.random((13, 21))
    u0[3, 4], v0[5, 6] = np.inf, np.nan                  # non-finite values spread the same way
    f = njit(diffuse)
    for steps in (0, 1, 4):
        for got, expected in zip(f(u0, v0, 0.1, steps), diffuse(u0, v0, 0.1, steps)):
            np.testing.assert_array_equal(got, expected)
    optimised = str(backend.optimize(backend.parse(f.inspect_llvm(f.signatures[0]))))
    assert re.search(r"= phi <2 x i64>", optimised) is None          # 12 i64-vector phis at threshold 2
