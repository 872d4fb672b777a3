"""Examples in the spirit of numba's documentation (user guide, reference, extending pages),
written again here and run against plain Python / NumPy on the same inputs: each one failed
before session 7's doc-example sweep."""
import numpy as np
import pytest

from numjit import njit

FIELDS = ("a1", "a2")                  # a global tuple of strings: its items stay literals
MIXED = (3, 2.5, "x", b"y")


def _global_tuple_of_strings(rec):
    local = ("a1", "a2")
    return (rec[FIELDS[1]] + rec[local[0]], len(FIELDS), FIELDS, FIELDS[-1], MIXED[:2], MIXED[-2],
            MIXED[3])


def test_global_tuple_of_strings_indexes_record_fields():
    arr = np.array([(1.5, 2.25), (-3.0, np.inf)], dtype=[("a1", "f8"), ("a2", "f8")])
    compiled = njit(_global_tuple_of_strings)
    for rec in arr:
        assert compiled(rec) == _global_tuple_of_strings(rec)
