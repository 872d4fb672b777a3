"""np.clip with one or no bound, NumPy 2's min=/max=, and the a.clip() method, against NumPy."""
import numpy as np
import pytest

import numjit


def clips(a, b):
    return (np.clip(a, None, None), a.clip(), np.clip(a, None, 3), np.clip(a, 2, None), a.clip(1, 4),
            a.clip(max=2), a.clip(min=3), np.clip(a, min=1, max=3), a.clip(b, 5), np.clip(a, 1.5, 3.5),
            (a + 1).clip(2, 4))


@pytest.mark.parametrize("a", [np.arange(8), np.arange(8.0)[::-1], np.array([np.nan, 1.0, -np.inf, 5.0]),
                               np.arange(6, dtype=np.int8).reshape(2, 3), np.asfortranarray(np.arange(6.0).reshape(2, 3)),
                               np.zeros(0, np.float32)])
def test_clip_forms_like_numpy(a):
    b = np.ones(a.shape[-1])
    for got, want in zip(numjit.njit(clips)(a, b), clips(a, b)):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


def test_clip_both_forms_of_a_bound_is_an_error():
    @numjit.njit
    def both(a):
        return np.clip(a, 1, 2, min=1)

    with pytest.raises(numjit.errors.TypingError, match="forbidden"):
        both(np.arange(3))
