"""Keyword-only parameters (`def f(x, *, factor=1, axis=-1)`, as librosa's util.shear writes its
kernel): bound like Python's from Python and from compiled code (keywords in any order, defaults),
compared with the uncompiled function on the same arguments. numjit only: numba 0.6x ignores
keyword-only defaults ("not enough arguments") and fails typing such calls in compiled code.
Like numba, a call that passes every parameter positionally is accepted."""
import numpy as np
import pytest

from impl import njit, TypingError


def shear(X, *, factor=1, axis=-1):
    if axis == 0:
        X = X.T
    out = np.empty_like(X)
    for i in range(X.shape[1]):
        out[:, i] = np.roll(X[:, i], factor * i)
    if axis == 0:
        out = out.T
    return out


def scaled(x, *, by, shift=0.5):
    return x * by + shift


compiled_shear = njit(shear)
compiled_scaled = njit(scaled)


@njit
def calls_inside(X, x):
    return compiled_shear(X), compiled_shear(X, axis=0, factor=-1), compiled_scaled(x, by=3), \
        compiled_scaled(x, shift=x, by=2.0)


def calls_by_hand(X, x):
    return shear(X), shear(X, axis=0, factor=-1), scaled(x, by=3), scaled(x, shift=x, by=2.0)


@pytest.mark.numjit_only
def test_keyword_only_parameters_from_python_and_compiled_code():
    X = np.arange(20.0).reshape(4, 5)
    for A in (X, np.asfortranarray(X), X[:, ::2], np.empty((0, 3))):
        for kws in ({}, {"factor": 2}, {"axis": 0}, {"axis": 0, "factor": -3}, {"factor": 1, "axis": -1}):
            np.testing.assert_array_equal(compiled_shear(A, **kws), shear(A, **kws))
    assert compiled_scaled(2, by=4) == scaled(2, by=4)
    assert compiled_scaled(x=1.5, shift=-1.0, by=2) == scaled(x=1.5, shift=-1.0, by=2)
    for got, expected in zip(calls_inside(X, 1.25), calls_by_hand(X, 1.25)):
        np.testing.assert_array_equal(got, expected)


@pytest.mark.numjit_only
def test_keyword_only_parameters_refuse_what_python_refuses():
    with pytest.raises(TypeError, match="by"):
        compiled_scaled(1.0)
    with pytest.raises(TypeError, match="positional"):
        compiled_shear(np.ones((2, 2)), 2)
    with pytest.raises(TypeError, match="unexpected keyword"):
        compiled_scaled(1.0, by=2, scale=3)
    with pytest.raises(TypingError, match="missing argument 'by'"):
        njit(lambda x: compiled_scaled(x))(1.0)
