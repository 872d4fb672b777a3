"""NumPy's exception types and messages from compiled code: an axis out of range (AxisError
naming the axis and the dimension) and operands that do not broadcast (ValueError naming the
shapes), compared with NumPy run on the same inputs."""
import numpy as np
import pytest

from impl import njit


def same_error(fn, *args):
    with pytest.raises(Exception) as want:
        fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    with pytest.raises(type(want.value)) as got:
        njit(fn)(*args)
    assert type(got.value) is type(want.value)
    assert str(got.value) == str(want.value)


def axis_forms(M, axis, which):
    if which == 0:
        return np.sum(M, axis=axis).sum()
    if which == 1:
        return np.cumsum(M, axis=axis).sum()
    if which == 2:
        return np.moveaxis(M, 0, axis).sum()
    return np.swapaxes(M, axis, 0).sum()


@pytest.mark.parametrize("axis", [2, -3, 7])
def test_axis_out_of_range(axis):
    for which in range(4):
        same_error(axis_forms, np.ones((2, 3)), axis, which)


def add(a, b):
    return a + b


def fused(a, b):
    return np.sqrt(a * 2.0) - b


def assign(a, b):
    a[:] = b
    return a


def inplace(a, b):
    a += b
    return a


@pytest.mark.parametrize("shapes", [((5,), (3,)), ((2, 3), (4, 1, 5)), ((2, 5), (2, 3))])
def test_broadcast_mismatch(shapes):
    a, b = np.ones(shapes[0]), np.ones(shapes[1])
    for fn in (add, fused, assign, inplace):
        if fn in (assign, inplace) and b.ndim > a.ndim:
            continue                      # compiled code refuses that when it compiles
        same_error(fn, a, b)


def overlapping(a, n):
    a[::5] = a[1:n]
    return a


def test_overlapping_assignment():
    same_error(overlapping, np.arange(20.0), 3)
