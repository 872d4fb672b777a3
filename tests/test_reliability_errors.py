"""Reliability of errors: functions that always raise, runtime tracebacks, messages for
unsupported arguments and functions; compiled vs. interpreted.
"""
import pytest

from impl import njit


def raise_always(x):
    raise ValueError("boom")


def raise_both_branches(x):
    for i in range(3):
        x += i
    if x > 0:
        raise ValueError("positive")
    else:
        raise IndexError("negative")


def raise_in_while_true(x):
    while True:
        raise ZeroDivisionError("z")


def calls_raiser(x):
    if x > 5:
        compiled_raise_always(x)
    return x + 1


compiled_raise_always = njit(raise_always)


def python_error(fn, *args):
    with pytest.raises(Exception) as info:
        fn(*args)
    return type(info.value), str(info.value)


def test_every_path_raises():
    for fn in (raise_always, raise_both_branches, raise_in_while_true):
        cfunc = njit(fn)
        for x in (-5, 1):
            assert python_error(cfunc, x) == python_error(fn, x)
    cfunc = njit(calls_raiser)
    assert cfunc(1) == calls_raiser(1)
    assert python_error(cfunc, 10) == python_error(calls_raiser, 10)
