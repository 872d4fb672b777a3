"""A bool scalar is not an array index in compiled code (numba's rule): a[True] used to read a[1].
Bool arrays stay masks."""
import numpy as np
import pytest

from impl import njit, TypingError


def get_true(a):
    return a[True]


def get_flag(a, flag):
    return a[flag]


def set_in_tuple(a, i):
    a[i, False] = 1.0
    return a


def mask(a):
    return a[a > 1]


@pytest.mark.parametrize("fn, args", [(get_true, (np.arange(3),)), (get_flag, (np.arange(3), True)),
                                      (get_flag, (np.arange(3), np.bool_(False))),
                                      (set_in_tuple, (np.zeros((2, 2)), 0))])
def test_bool_scalar_index_is_a_typing_error(fn, args):
    with pytest.raises(TypingError, match="bool scalar") as info:
        njit(fn)(*args)
    assert "^" in str(info.value) and fn.__name__ in str(info.value)


@pytest.mark.parametrize("a", [np.arange(5), np.arange(6.0).reshape(2, 3), np.arange(0)])
def test_bool_array_mask_still_works(a):
    np.testing.assert_array_equal(njit(mask)(a), mask(a))
