"""`x in tuple` / `x not in tuple`, compiled vs. interpreted: homogeneous and mixed numeric
tuples, nested tuples, None items, empty tuples.

Items compare with `==` (as numba): Python's `x in t` also tries identity first, which shows
only for NaN (`v in (v,)` for the very same NaN object is True); separate NaN objects agree.
numba supports homogeneous tuples only; numjit also the heterogeneous ones.
"""
import numpy as np
import pytest

from helpers import assert_same
from impl import COMPILE_ERRORS, njit


def in_ints(x):
    return x in (1, 2, 3), x not in (1, 2, 3)


def in_mixed(x):
    return x in (1, 2.5, 3j), x not in (-1, 0.5)


def in_argument(x, tup):
    return x in tup, x not in tup


def in_empty(x):
    return x in (), x not in ()


def in_condition(x):
    if x in (2, 4, 8):
        return 1
    elif x not in (1, 3):
        return 2
    return 3


VALUES = [0, 1, 2, 3, -1, 2.5, 3.0, 0.5, np.nan, 3j, 1 + 0j, True, False, np.int8(2), np.uint64(3),
          np.float32(2.5), np.complex64(3j)]


@pytest.mark.parametrize("pyfunc", [in_ints, pytest.param(in_mixed, marks=pytest.mark.numjit_only),
                                    in_empty, in_condition])
@pytest.mark.parametrize("x", VALUES, ids=repr)
def test_in_constant_tuple(pyfunc, x):
    if isinstance(x, (complex, np.complexfloating)) and pyfunc is in_condition:
        return                                       # complex has no order: fine, but skip
    assert_same(njit(pyfunc)(x), pyfunc(x), msg=f"{pyfunc.__name__}({x!r})")


@pytest.mark.parametrize("args", [(3, (1, 2, 3)), (4, (1, 2, 3)), (2.0, (1, 2)),
                                  pytest.param((1, (1.5, 1)), marks=pytest.mark.numjit_only),
                                  (np.uint64(2**64 - 1), (-1, 5)), (-1, (np.uint64(2**64 - 1),)),
                                  (float("nan"), (float("nan"), 1.0))], ids=repr)
def test_in_tuple_argument(args):
    assert_same(njit(in_argument)(*args), in_argument(*args))


@pytest.mark.numjit_only
def test_in_nested_and_none():
    def f(x):
        return (1, x) in ((1, 2), (3, 4)), x in (None, 2), None in (1, None), None in (1, 2)
    for x in (2, 5):
        assert_same(njit(f)(x), f(x))


@pytest.mark.numjit_only          # numba compiles it and raises ValueError when it runs
def test_in_tuple_of_arrays_is_an_error():
    def f(a):
        return a in (1, 2)
    with pytest.raises(COMPILE_ERRORS):
        njit(f)(np.ones(2))
