"""A function with explicit signatures and inline="always" called from compiled code takes the
caller's argument types, as in numba (which inlines its Python code before typing): a read-only
global array reaches an "i1[::1]" parameter. Without inline="always" the declared signatures
decide, and arguments that do not convert are a located TypingError."""
import numpy as np
import pytest

import numjit
from numjit.errors import TypingError


def int8_dot(x, y, scale):
    acc = np.int32(0)
    for i in range(x.shape[0]):
        acc += np.int32(np.int16(x[i]) * np.int16(y[i]))
    return np.float32(acc) * scale


inlined = numjit.njit("f4(i1[::1], i1[::1], f4)", inline="always")(int8_dot)
declared = numjit.njit("f4(i1[::1], i1[::1], f4)")(int8_dot)

TABLE = np.array([[1, -2, 3, 127], [-128, 5, 0, 7], [0, 0, 0, 0]], dtype=np.int8)


def make_caller(callee):
    @numjit.njit
    def caller(q, scale):
        out = np.empty(TABLE.shape[0], np.float32)
        for r in range(TABLE.shape[0]):
            out[r] = callee(q, TABLE[r], scale)      # TABLE[r]: a read-only int8[::1]
        return out
    return caller


def test_inline_always_takes_the_callers_types():
    rng = np.random.default_rng(0)
    caller = make_caller(inlined)
    for q in (rng.integers(-128, 128, 4).astype(np.int8), np.zeros(4, np.int8)):
        expected = np.array([int8_dot(q, row, np.float32(0.5)) for row in TABLE], np.float32)
        np.testing.assert_array_equal(caller(q, np.float32(0.5)), expected)
    assert inlined(TABLE[0], TABLE[1], np.float32(2.0)) == int8_dot(TABLE[0], TABLE[1], np.float32(2.0))


def test_declared_signatures_still_decide_without_inline():
    with pytest.raises(TypingError, match="is compiled for .*cannot take"):
        make_caller(declared)(np.zeros(4, np.int8), np.float32(1.0))
