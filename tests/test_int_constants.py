"""Integer constants and compile-time integer arithmetic, compiled vs. interpreted.

A constant (literal, folded `2**70`-style arithmetic on literals, or a global) is
int64, or uint64 in [2**63, 2**64) as in numba; anything outside 64 bits is a
TypingError pointing at the constant, never a silently wrapped value.
"""
import numpy as np
import pytest

from helpers import assert_same
from impl import njit, TypingError

GLOBAL_BIG = 2**70
GLOBAL_UINT = 2**64 - 1
GLOBAL_TUPLE = (1, 2**80)


def big_pow():
    return 2**70


def add_big(a):
    return a + 10**20


def global_big():
    return GLOBAL_BIG + 1


def global_tuple():
    return GLOBAL_TUPLE[0]


def negative_big():
    return -(2**64)


@pytest.mark.parametrize("fn, args", [(big_pow, ()), (add_big, (1,)), (global_big, ()),
                                      (global_tuple, ()), (negative_big, ())])
def test_out_of_range_constant_is_a_typing_error(fn, args):
    with pytest.raises(TypingError) as info:
        njit(fn)(*args)
    message = str(info.value)
    assert "does not fit in 64 bits" in message
    assert "^" in message and fn.__name__ in message          # the user's line, with a caret


def in_range_constants():
    return (2**62, 2**63 - 1, -(2**63), 2**63, 2**64 - 1, 10**18, 3 * 2**62, 1 << 63,
            -2**63 + 1, (2**64 - 1) // 3, 7 % 3, 255 & 0x0F, 1 ^ 2)


def global_uint():
    return GLOBAL_UINT


def test_constants_in_range_match_python():
    assert_same(njit(in_range_constants)(), in_range_constants())
    assert njit(global_uint)() == global_uint()


def negative_power():
    return 2 ** -1


def int_power_at_run_time(n):
    return 2**n + 3**2


@pytest.mark.parametrize("n", [0, 1, 10, 62])
def test_folding_leaves_run_time_arithmetic_alone(n):
    assert_same(njit(negative_power)(), negative_power())
    assert_same(njit(int_power_at_run_time)(n), int_power_at_run_time(n))


def uint_constant_plus(a):
    return 2**63 + a


@pytest.mark.parametrize("a", [0, 1, 2**62])
def test_uint64_constant_arithmetic(a):
    got = njit(uint_constant_plus)(np.uint64(a))
    assert int(got) == uint_constant_plus(a)
