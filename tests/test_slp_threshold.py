"""The SLP vectoriser's threshold (numjit/backend/jit.py): two scattered `grid[c % n] += ...`
updates keep scalar index arithmetic. With LLVM's default threshold the SLP vectoriser packs the
two index chains (modulo, sign fix-ups, negative-index wrap) into 2-lane vectors with AVX-512 mask
registers and lane extracts, which made this particle-in-cell deposit 1.4x slower than scalar code.
Results are the same either way (integer arithmetic); this checks the result and the code shape.
"""
import math

import numpy as np

from numjit import njit
from numjit.backend import jit as backend


def deposit(positions, charges, n_cells, cell_size):
    grid = np.zeros(n_cells)
    for k in range(len(positions)):
        x = positions[k] / cell_size
        cell = int(math.floor(x))
        frac = x - cell
        grid[cell % n_cells] += charges[k] * (1.0 - frac)
        grid[(cell + 1) % n_cells] += charges[k] * frac
    return grid


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
